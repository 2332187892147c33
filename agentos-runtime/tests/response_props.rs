//! Property tests of what the runtime does with a body a server sent (the properties the
//! `response` fuzz target checks, `fuzz/fuzz_targets/response.rs`): nothing panics, and the
//! key, put into any text in any of the spellings a server might use, never survives
//! redaction.

use agentos_runtime::decode;
use agentos_runtime::redact::{scrub_json, scrub_text};
use agentos_runtime::retry::parse_retry_after;
use agentos_runtime::{DateTime, ErrorBody};
use proptest::prelude::*;

#[derive(Debug, Default, serde::Deserialize)]
#[allow(dead_code)]
struct Page {
    #[serde(rename = "Count")]
    count: Option<i64>,
    #[serde(rename = "Data")]
    data: Option<Vec<Item>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[allow(dead_code)]
struct Item {
    #[serde(rename = "OID")]
    oid: Option<String>,
    #[serde(rename = "StartDate")]
    start: Option<DateTime>,
}

/// A key of printable ASCII, as the client accepts them.
fn key() -> impl Strategy<Value = String> {
    "[!-~]{6,40}"
}

/// One character spelt as a server might: raw, JSON `\u`, percent-encoded, a character
/// reference, or a percent-encoding whose `%` is JSON-escaped.
fn spell(c: u8, how: u8) -> String {
    match how % 5 {
        0 => (c as char).to_string(),
        1 => format!("\\u{:04x}", c),
        2 => format!("%{:02X}", c),
        3 => format!("&#{c};"),
        _ => format!("\\u0025{:02x}", c),
    }
}

/// 256 cases per property (well under a second); `PROPTEST_CASES=N` runs more.
fn config() -> ProptestConfig {
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => ProptestConfig::default().cases,
        Err(_) => 256,
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_body_is_handled_without_a_panic(body in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode::json::<Page>(&body);
        let _ = decode::json_or_default::<Page>(&body);
        let _ = decode::json_optional::<String>(&body);
        prop_assert!(decode::snippet(&body).chars().count() <= decode::SNIPPET_CHARS);
        let _ = ErrorBody::from_bytes(&body);
        let text = String::from_utf8_lossy(&body);
        // The input as the `Retry-After` (with a readable `Date`) and as the `Date`.
        let _ = parse_retry_after(&text, Some("Sun, 06 Nov 1994 08:49:37 GMT"));
        let _ = parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", Some(&text));
    }

    #[test]
    fn the_key_in_any_spelling_never_survives_redaction(
        key in key(),
        before in "[ -~]{0,40}",
        after in "[ -~]{0,40}",
        spellings in prop::collection::vec(any::<u8>(), 40),
    ) {
        let spelt: String = key
            .bytes()
            .zip(spellings.iter().cycle())
            .map(|(c, how)| spell(c, *how))
            .collect();
        let text = format!("{before}{spelt}{after}");
        let clean = scrub_text(&text, &key, "[key]");
        prop_assert!(!clean.contains(&key), "{text:?} -> {clean:?}");
        prop_assert!(clean.contains("[key]"), "{text:?} -> {clean:?}");
        // Inside a JSON string too, where the whole body is decoded first.
        let json = format!("{{\"Message\":{}}}", serde_json::to_string(&text).unwrap());
        let clean = scrub_json(&json, &key, "[key]").unwrap_or(json.clone());
        prop_assert!(!clean.contains(&key), "{json:?} -> {clean:?}");
    }
}
