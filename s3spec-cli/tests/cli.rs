//! The `s3spec` command as a user runs it: the binary, spawned, against the embedded server it
//! starts in its own process, and against an endpoint that does not answer.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = r#"suite: cli-good
cases:
  - name: a put object reads back
    source: { aws: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html" }
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: k.txt, Body: "hello" }
        expect: { status: 200 }
      - op: GetObject
        with: { Bucket: $bucket, Key: k.txt }
        expect: { status: 200, body: "hello" }
  - name: a missing key is NoSuchKey
    source: { aws: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html" }
    steps:
      - op: GetObject
        with: { Bucket: $bucket, Key: missing.txt }
        expect: { status: 404, error: NoSuchKey }
  - name: a case that needs a named identity is skipped
    source: { aws: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html" }
    steps:
      - op: GetObject
        as: auditor
        with: { Bucket: $bucket, Key: k.txt }
        expect: { status: 404 }
identities: [auditor]
"#;

const FAILING: &str = r#"suite: cli-failing
cases:
  - name: a wrong expectation fails
    steps:
      - op: GetObject
        with: { Bucket: $bucket, Key: missing.txt }
        expect: { status: 200 }
"#;

/// A fresh folder with the given suite files.
fn suites(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("s3spec-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).ok();
        std::fs::write(&path, text).ok();
    }
    dir
}

fn s3spec(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s3spec"));
    cmd.current_dir(dir).args(args).env("CI", "true");
    for (k, _) in std::env::vars() {
        if k.starts_with("S3SPEC_") {
            cmd.env_remove(k);
        }
    }
    match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("failed to run s3spec: {e}"),
    }
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn help_names_the_subcommands_and_exit_codes() {
    let o = s3spec(&std::env::temp_dir(), &["--help"]);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(0));
    for word in [
        "run",
        "validate",
        "list",
        "Exit codes",
        "3 the target could not be reached",
    ] {
        assert!(out.contains(word), "{word} missing from:\n{out}");
    }
    let o = s3spec(&std::env::temp_dir(), &["--version"]);
    assert!(text(&o).0.starts_with("s3spec "), "{:?}", text(&o));
}

#[test]
fn run_json_reports_every_case_and_exits_zero() {
    let dir = suites("json", &[("suites/good.yaml", GOOD)]);
    let o = s3spec(&dir, &["run", "--format", "json", "-j", "2"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(
        err.starts_with("s3spec: target embedded at http://127.0.0.1:"),
        "{err}"
    );
    let doc: serde_json::Value = match serde_json::from_str(&out) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}):\n{out}"),
    };
    assert_eq!(doc["format"], 1);
    assert_eq!(doc["target"]["name"], "embedded");
    assert_eq!(doc["summary"]["cases"], 3);
    assert_eq!(doc["summary"]["passed"], 2);
    assert_eq!(doc["summary"]["skipped"], 1);
    let cases = doc["cases"].as_array().cloned().unwrap_or_default();
    let statuses: Vec<(&str, &str)> = cases
        .iter()
        .map(|c| {
            (
                c["case"].as_str().unwrap_or(""),
                c["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("a put object reads back", "passed"),
            ("a missing key is NoSuchKey", "passed"),
            ("a case that needs a named identity is skipped", "skipped"),
        ]
    );
    assert_eq!(cases[0]["test"], "cli_good::a_put_object_reads_back");
    assert_eq!(cases[0]["file"], "suites/good.yaml");
    assert_eq!(cases[0]["line"], 3);
    assert_eq!(cases[0]["requests"], 3);
    assert!(
        cases[2]["detail"]
            .as_str()
            .unwrap_or("")
            .contains("S3SPEC_IDENTITY_AUDITOR")
    );
}

#[test]
fn a_failing_case_exits_one_and_junit_records_it() {
    let dir = suites(
        "junit",
        &[("suites/good.yaml", GOOD), ("suites/failing.yaml", FAILING)],
    );
    let o = s3spec(&dir, &["run", "--format", "junit", "-o", "junit.xml"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    let xml = std::fs::read_to_string(dir.join("junit.xml")).unwrap_or_default();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut testcases, mut failures, mut skipped) = (0, 0, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                match e.name().as_ref() {
                    b"testcase" => testcases += 1,
                    b"failure" => failures += 1,
                    b"skipped" => skipped += 1,
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("junit.xml is not well-formed: {e}\n{xml}"),
        }
    }
    assert_eq!((testcases, failures, skipped), (4, 1, 1), "{xml}");
    assert!(xml.contains("expected status 200, got 404"), "{xml}");
    assert!(
        xml.contains(
            r#"<testsuites name="s3spec embedded" tests="4" failures="1" errors="0" skipped="1""#
        ),
        "{xml}"
    );
}

#[test]
fn table_names_the_failure_and_its_yaml_line() {
    let dir = suites("table", &[("suites/failing.yaml", FAILING)]);
    let o = s3spec(&dir, &["run"]);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out.contains("failed            cli-failing · a wrong expectation fails"),
        "{out}"
    );
    assert!(out.contains("suites/failing.yaml:7:"), "{out}");
    assert!(
        out.contains("1 cases on embedded: 0 passed, 1 failed"),
        "{out}"
    );
}

#[test]
fn a_broken_suite_exits_two_with_its_location_and_a_suggestion() {
    let broken = "suite: broken\ncases:\n  - name: x\n    steps:\n      - op: GetObjekt\n        with: { Bucket: $bucket, Key: k }\n";
    let dir = suites("broken", &[("suites/broken.yaml", broken)]);
    for args in [&["validate"][..], &["run"][..]] {
        let o = s3spec(&dir, args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {out}\n{err}");
        assert!(err.contains("suites/broken.yaml:5:"), "{err}");
        assert!(err.contains("GetObject"), "no suggestion in: {err}");
    }
}

#[test]
fn strict_validation_wants_a_source() {
    let dir = suites("strict", &[("suites/failing.yaml", FAILING)]);
    let o = s3spec(&dir, &["validate"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert!(text(&o).0.contains("1 suite file, 1 case: no errors"));
    let o = s3spec(&dir, &["validate", "--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("names no source"), "{:?}", text(&o));
}

#[test]
fn an_unreachable_endpoint_exits_three_with_one_line() {
    let dir = suites("unreachable", &[("suites/good.yaml", GOOD)]);
    // A port that was free a moment ago: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s3spec"));
    cmd.current_dir(&dir)
        .args(["run", "--endpoint", &endpoint, "--target", "nothing"])
        .env("S3SPEC_ACCESS_KEY", "AKIDEXAMPLE")
        .env("S3SPEC_SECRET_KEY", "a-secret-that-must-not-show")
        .env("CI", "true");
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("failed to run s3spec: {e}"));
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(3), "{out}\n{err}");
    assert!(!err.contains("a-secret-that-must-not-show") && !out.contains("a-secret"));
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 2, "a header and one failure line:\n{err}");
    assert!(lines[1].contains(&endpoint), "{err}");
}

#[test]
fn filters_dry_runs_and_lists() {
    let dir = suites(
        "list",
        &[("suites/good.yaml", GOOD), ("suites/failing.yaml", FAILING)],
    );
    let o = s3spec(&dir, &["run", "--dry-run", "--filter", "missing_key"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o).0,
        "cli_good::a_missing_key_is_no_such_key\n1 case would run\n"
    );
    let o = s3spec(&dir, &["run", "--filter", "no-such-case"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("no case matches --filter \"no-such-case\"")
    );
    let o = s3spec(&dir, &["list", "cases"]);
    assert_eq!(
        text(&o).0,
        "cli_failing::a_wrong_expectation_fails\ncli_good::a_put_object_reads_back\ncli_good::a_missing_key_is_no_such_key\ncli_good::a_case_that_needs_a_named_identity_is_skipped\n"
    );
    let o = s3spec(&dir, &["list", "operations"]);
    assert!(text(&o).0.lines().any(|l| l.starts_with("PutObject ")));
    let o = s3spec(&dir, &["list", "identities"]);
    assert!(
        text(&o)
            .0
            .contains("auditor      S3SPEC_IDENTITY_AUDITOR (not set)"),
        "{:?}",
        text(&o)
    );
    let o = s3spec(&dir, &["run", "--target", "minio"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("is not configured and has no endpoint"));
}

#[test]
fn a_matrix_is_made_from_json_reports() {
    let dir = suites(
        "matrix",
        &[("suites/good.yaml", GOOD), ("suites/failing.yaml", FAILING)],
    );
    let o = s3spec(&dir, &["run", "--format", "json", "-o", "embedded.json"]);
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    let o = s3spec(&dir, &["matrix", "embedded.json", "--format", "markdown"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.contains(
            "| embedded | s3s 0.14.1 + s3s-fs 0.14.1 with unversioned version listing, in process |"
        ),
        "{out}"
    );
    assert!(
        out.contains("| cli-failing | a wrong expectation fails | ❌ fail[^1] |"),
        "{out}"
    );
    assert!(
        out.contains("| cli-good | a put object reads back | ✅ |"),
        "{out}"
    );
    let o = s3spec(
        &dir,
        &[
            "matrix",
            "embedded.json",
            "--format",
            "html",
            "-o",
            "m.html",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let page = std::fs::read_to_string(dir.join("m.html")).unwrap_or_default();
    assert!(page.contains("\"test\":\"cli_good::a_put_object_reads_back\""));
    std::fs::write(dir.join("bad.json"), "{\"format\": 7}").ok();
    let o = s3spec(&dir, &["matrix", "bad.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("bad.json is not an s3spec JSON report: format 7")
    );
}

#[test]
fn configured_targets_and_configuration_mistakes() {
    let dir = suites("config", &[("suites/good.yaml", GOOD)]);
    std::fs::write(
        dir.join("s3spec.toml"),
        "[targets.garage]\nendpoint = \"http://127.0.0.1:3900\"\naccess_key = \"GK1\"\nsecret_key_env = \"S3SPEC_TEST_UNSET_SECRET\"\n",
    )
    .ok();
    let o = s3spec(&dir, &["list", "targets"]);
    assert!(
        text(&o)
            .0
            .contains("garage      http://127.0.0.1:3900 (configuration file)"),
        "{:?}",
        text(&o)
    );
    let o = s3spec(&dir, &["run", "--target", "garage"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("takes its secret_key from $S3SPEC_TEST_UNSET_SECRET, which is not set")
    );
    let o = s3spec(&dir, &["run", "--target", "garag"]);
    assert!(
        text(&o).1.contains("did you mean `garage`?"),
        "{:?}",
        text(&o)
    );
    std::fs::write(
        dir.join("s3spec.toml"),
        "[targets.garage]\nendpont = \"x\"\n",
    )
    .ok();
    let o = s3spec(&dir, &["list", "targets"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("s3spec.toml:2:1"), "{:?}", text(&o));
}

#[test]
fn verbose_shows_every_exchange_with_signatures_redacted() {
    let dir = suites("verbose", &[("suites/good.yaml", GOOD)]);
    let o = s3spec(
        &dir,
        &[
            "run",
            "-v",
            "--filter",
            "reads_back",
            "--format",
            "json",
            "-o",
            "r.json",
        ],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("── cli-good · a put object reads back (passed)"),
        "{err}"
    );
    assert!(err.contains("step 2 (GetObject)\n> GET /s3spec-"), "{err}");
    assert!(err.contains("< body \"hello\""), "{err}");
    assert!(
        err.contains("authorization: AWS4-HMAC-SHA256 Credential=<redacted>"),
        "{err}"
    );
    for (i, _) in err.match_indices("Signature=") {
        assert!(
            err[i..].starts_with("Signature=<redacted>"),
            "{}",
            &err[i..]
        );
    }
    let report = std::fs::read_to_string(dir.join("r.json")).unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_str(&report).unwrap_or_default();
    let steps = &doc["cases"][0]["steps"];
    assert_eq!(steps[1]["operation"], "GetObject");
    assert_eq!(steps[1]["status"], 200);
    assert_eq!(steps[1]["passed"], true);
    assert!(
        steps[1]["request"]
            .as_str()
            .unwrap_or("")
            .starts_with("GET /s3spec-")
    );
    assert!(
        steps[1]["transcript"]
            .as_str()
            .unwrap_or("")
            .contains("< body \"hello\"")
    );
}

#[test]
fn areas_select_folders_of_suites() {
    let dir = suites(
        "areas",
        &[
            ("suites/auth/good.yaml", GOOD),
            ("suites/failing.yaml", FAILING),
        ],
    );
    std::fs::create_dir_all(dir.join("snapshots")).ok();
    let o = s3spec(&dir, &["run", "--dry-run", "--filter", "area=auth"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.starts_with("auth::cli_good::") && out.ends_with("3 cases would run\n"),
        "{out}"
    );
    let o = s3spec(
        &dir,
        &[
            "run",
            "suites/auth",
            "--dry-run",
            "--filter",
            "suite=cli-good",
        ],
    );
    assert!(
        text(&o).0.ends_with("3 cases would run\n"),
        "{:?}",
        text(&o)
    );
    let o = s3spec(&dir, &["run", "--dry-run", "--filter", "area=cli-failing"]);
    assert_eq!(
        text(&o).0,
        "cli_failing::a_wrong_expectation_fails\n1 case would run\n"
    );
}

#[test]
fn yaml_is_the_json_document() {
    use saphyr::LoadableYamlNode;
    let dir = suites("yaml", &[("suites/good.yaml", GOOD)]);
    let o = s3spec(&dir, &["run", "--format", "yaml", "-o", "r.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let yaml = std::fs::read_to_string(dir.join("r.yaml")).unwrap_or_default();
    let docs = match saphyr::Yaml::load_from_str(&yaml) {
        Ok(d) => d,
        Err(e) => panic!("not YAML ({e}):\n{yaml}"),
    };
    let doc = &docs[0];
    assert_eq!(doc["format"].as_integer(), Some(1));
    assert_eq!(doc["summary"]["passed"].as_integer(), Some(2));
    assert_eq!(
        doc["cases"][1]["case"].as_str(),
        Some("a missing key is NoSuchKey")
    );
    assert_eq!(
        doc["cases"][1]["steps"][0]["error_code"].as_str(),
        Some("NoSuchKey")
    );
}

#[test]
fn bench_reports_rates_and_percentiles_and_refuses_strange_endpoints() {
    let dir = suites("bench", &[]);
    std::fs::create_dir_all(&dir).ok();
    let o = s3spec(
        &dir,
        &[
            "bench",
            "--count",
            "60",
            "-c",
            "4",
            "--mix",
            "put:1,get:2,head:1,list:1",
            "--json",
        ],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(doc["operations"], 60, "{out}");
    let ops = doc["by_operation"].as_array().cloned().unwrap_or_default();
    assert_eq!(ops.len(), 4);
    for op in &ops {
        assert_eq!(op["errors"], 0, "{op}");
        assert!(op["p50_us"].as_u64() <= op["p99_us"].as_u64(), "{op}");
    }
    let o = s3spec(&dir, &["bench", "--endpoint", "http://192.0.2.1:9000"]);
    assert_eq!(o.status.code(), Some(2));
    let o = s3spec(&dir, &["bench", "--duration", "11m"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("at most 600s"));
}
