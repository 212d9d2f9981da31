//! A bounded fuzz run of the suite loader on stable Rust: each seed (every suite under
//! `suites/` and the hand-made seeds in `fuzz/seeds/`: alias bombs, deep nesting, huge numbers,
//! long names, keys in the wrong place) is mutated many times, and every mutant is loaded. No
//! mutant may panic, take long, or produce unbounded error output.
//!
//! `S3SPEC_FUZZ_ITERATIONS` (default 1000) sets the mutants per run; `S3SPEC_FUZZ_SEED` the
//! generator's seed (default: fixed, so a failure reproduces).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The slowest a mutant may load (an unoptimised build on a busy machine).
const SLOWEST: Duration = Duration::from_secs(5);
/// The most error text one mutant may produce.
const MOST_OUTPUT: usize = 1 << 20;

const TOKENS: &[&str] = &[
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "\n",
    "\n  ",
    "    ",
    "'",
    "\"",
    "#",
    "---\n",
    "...\n",
    "~",
    "null",
    "1e999",
    "-99999999999999999999",
    "0x7fffffffffffffff",
    "\t",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "op: ",
    "with: ",
    "expect: ",
    "cases:",
    "steps:",
    "status: ",
    "error: ",
    "fields: ",
    "save: ",
    "send: ",
    "raw: ",
    "post: ",
    "as: ",
    "$bucket",
    "${",
    "${bucket",
    "$$",
    "size: 99999GiB",
    "file:///proc/self/environ",
    "file://../../../../etc/passwd",
    "? ",
    "|\n",
    ">-\n",
    "<<: ",
    "%YAML 1.1\n",
];

/// splitmix64: small, fast and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }
}

fn seeds() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("../suites"), &mut files);
    collect(&root.join("fuzz/seeds"), &mut files);
    files
        .into_iter()
        .filter_map(|f| {
            let text = std::fs::read(&f).ok()?;
            Some((
                f.display().to_string(),
                String::from_utf8_lossy(&text).into_owned(),
            ))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// One random change to `text`, at a character boundary.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let end = (at + rng.below(40)).min(chars.len());
    let head: String = chars[..at].iter().collect();
    let tail: String = chars[at..].iter().collect();
    let span: String = chars[at..end].iter().collect();
    let after: String = chars[end..].iter().collect();
    match rng.below(8) {
        0 => format!("{head}{}{tail}", TOKENS[rng.below(TOKENS.len())]),
        1 => format!("{head}{after}"),
        2 => format!("{head}{span}{span}{after}"),
        3 => format!("{head}{}{tail}", "- ".repeat(rng.below(3000))),
        4 => format!("{head}{}{tail}", "[".repeat(rng.below(3000))),
        5 => {
            let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('\u{fffd}');
            format!("{head}{c}{after}")
        }
        6 => format!("{head}{}{tail}", "x".repeat(rng.below(200_000))),
        _ => {
            // A line moved elsewhere.
            let lines: Vec<&str> = text.lines().collect();
            if lines.len() < 2 {
                return format!("{head}{tail}");
            }
            let (from, to) = (rng.below(lines.len()), rng.below(lines.len()));
            let mut moved = lines.clone();
            let line = moved.remove(from);
            moved.insert(to.min(moved.len()), line);
            moved.join("\n")
        }
    }
}

#[test]
fn mutated_suites_never_panic_hang_or_flood() {
    let iterations: usize = std::env::var("S3SPEC_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let seed: u64 = std::env::var("S3SPEC_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5335_5EC0);
    let seeds = seeds();
    assert!(
        seeds.len() > 10,
        "the corpus is missing: {} seeds",
        seeds.len()
    );
    let mut rng = Rng(seed);
    let started = Instant::now();
    let (mut rejected, mut slowest) = (0usize, Duration::ZERO);
    for i in 0..iterations {
        let (name, text) = &seeds[rng.below(seeds.len())];
        let mut mutant = text.clone();
        for _ in 0..=rng.below(4) {
            mutant = mutate(&mutant, &mut rng);
        }
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            s3spec_suite::load_str("fuzz.yaml", &mutant, "fuzz")
        }));
        let took = t.elapsed();
        slowest = slowest.max(took);
        let Ok(result) = result else {
            let file = std::env::temp_dir().join(format!("s3spec-fuzz-panic-{i}.yaml"));
            let _ = std::fs::write(&file, &mutant);
            panic!(
                "mutant {i} of {name} panicked the loader; saved as {}",
                file.display()
            );
        };
        if let Err(diags) = result {
            rejected += 1;
            let output: usize = diags.iter().map(|d| d.to_string().len()).sum();
            assert!(
                output <= MOST_OUTPUT,
                "mutant {i} of {name}: {output} bytes of errors"
            );
        }
        assert!(took <= SLOWEST, "mutant {i} of {name} took {took:?}");
    }
    eprintln!(
        "fuzz: {iterations} mutants of {} seeds in {:.1?} ({rejected} rejected), slowest {slowest:?}",
        seeds.len(),
        started.elapsed()
    );
}

#[test]
fn the_hand_made_seeds_are_rejected_with_reasons() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    assert!(files.len() >= 6);
    // `accepted-*` seeds are valid suites with odd content.
    let rejected = files.iter().filter(|f| {
        !f.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("accepted-"))
    });
    for f in rejected {
        let display = f.display().to_string();
        let Err(diags) = s3spec_suite::load_file(f, &display) else {
            panic!("{display} was accepted");
        };
        assert!(
            !diags.is_empty() && diags.len() <= s3spec_suite::MAX_ERRORS_PER_FILE + 1,
            "{display}: {} errors",
            diags.len()
        );
    }
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let file = std::env::temp_dir().join(format!("s3spec-fuzz-utf8-{}.yaml", std::process::id()));
    std::fs::write(&file, b"cases:\n  - name: \xff\xfe\n").ok();
    let result = s3spec_suite::load_file(&file, "bad.yaml");
    let _ = std::fs::remove_file(&file);
    let Err(diags) = result else {
        panic!("invalid UTF-8 was accepted");
    };
    assert!(diags[0].to_string().contains("bad.yaml"), "{}", diags[0]);
}
