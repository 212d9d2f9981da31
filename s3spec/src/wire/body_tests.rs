use super::generated::{GOLDEN, mix};
use super::*;

/// The generator as first written, a word at a time: the streamed one must give the same
/// bytes, or every recorded ETag of a generated body would change.
fn sequential(size: usize, seed: u64) -> Vec<u8> {
    let mut state = seed ^ GOLDEN;
    let mut out = Vec::with_capacity(size + 8);
    while out.len() < size {
        state = state.wrapping_add(GOLDEN);
        out.extend_from_slice(&mix(state).to_le_bytes());
    }
    out.truncate(size);
    out
}

#[test]
fn generated_bytes_are_those_of_the_sequential_generator() {
    for (size, seed) in [(0, 0), (1, 0), (13, 5), (1000, 1), (CHUNK_LEN * 2 + 3, 7)] {
        assert_eq!(
            generate(size, seed),
            sequential(size, seed),
            "{size} {seed}"
        );
    }
    assert_ne!(generate(100, 1), generate(100, 2));
}

#[test]
fn any_piece_of_generated_content_can_be_made_alone() {
    let whole = generate(100, 9);
    for (offset, len) in [(0, 100), (3, 10), (8, 8), (13, 1), (95, 5)] {
        let mut piece = vec![0; len];
        fill_generated(9, offset as u64, &mut piece);
        assert_eq!(piece, whole[offset..offset + len], "{offset}+{len}");
    }
}

#[test]
fn a_streamed_body_reads_as_the_same_bytes_in_pieces() {
    let len = CHUNK_LEN * 3 + 17;
    let body = Body::generated(len as u64, 4);
    let chunks: Vec<Bytes> = body.chunks().map(Result::unwrap).collect();
    assert_eq!(chunks.len(), 4);
    assert!(chunks[..3].iter().all(|c| c.len() == CHUNK_LEN));
    assert_eq!(chunks.concat(), generate(len, 4));
    let summary = body.summary().unwrap();
    assert_eq!(summary, Summary::of(&generate(len, 4)));
    assert_eq!(summary.start.len(), BODY_START_LEN);
    assert_eq!(body.to_bytes("a test").unwrap(), generate(len, 4));
}

#[test]
fn generated_content_is_hashed_once_per_process() {
    // A length and seed no other test uses, so this test alone fills the entry.
    let (len, seed) = (CHUNK_LEN as u64 + 11, 0x5eed_0001);
    assert_eq!(generated::known_summary((len, seed)), None);
    let first = Body::generated(len, seed).summary().unwrap();
    assert_eq!(generated::known_summary((len, seed)), Some(first.clone()));
    // Another body of the same content takes the summary without reading it, and it is right.
    let again = Body::generated(len, seed).summary().unwrap();
    assert_eq!(again, Summary::of(&generate(len as usize, seed)));
    assert_eq!(generated::known_summary((len, seed + 1)), None);
}

#[test]
fn a_file_body_is_read_in_pieces_and_a_shrunk_file_is_an_error() {
    let path = std::env::temp_dir().join(format!("s3spec-body-stream-{}", std::process::id()));
    let content = generate(CHUNK_LEN + 5, 1);
    std::fs::write(&path, &content).unwrap();
    let body = Body::file(path.clone(), content.len() as u64);
    assert_eq!(body.to_bytes("a test").unwrap(), content);
    let longer = Body::file(path.clone(), content.len() as u64 + 1);
    let e = longer.summary().unwrap_err().to_string();
    assert!(e.contains("did the file shrink"), "{e}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn only_bodies_up_to_the_limit_are_held_whole() {
    let body = Body::generated(MAX_WHOLE + 1, 0);
    let e = body.to_bytes("a header value").unwrap_err().to_string();
    assert!(
        e.contains("cannot be held in memory for a header value"),
        "{e}"
    );
    // In-memory bodies are what they are.
    assert_eq!(Body::from(vec![1, 2]).to_bytes("x").unwrap().len(), 2);
}

#[test]
fn a_received_body_keeps_its_start_and_measures_all_of_it() {
    let short = ReceivedBody::from(Bytes::from_static(b"hello"));
    assert_eq!(short.whole().map(|b| &b[..]), Some(&b"hello"[..]));
    assert_eq!(short.len(), 5);
    let mut s = Summarizer::new(4);
    s.update(b"hel");
    s.update(b"lo world");
    let long = s.finish();
    assert_eq!(long.whole(), None);
    assert_eq!(long.kept(), b"hell");
    assert_eq!(long.len(), 11);
    assert_eq!(
        long.sha256_hex(),
        hex::encode(Sha256::digest(b"hello world"))
    );
    assert!(ReceivedBody::default().is_empty());
}
