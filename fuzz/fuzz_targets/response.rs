//! Bytes a server might send -> everything the runtime does with a response body: decoding
//! into a generated-like model, error bodies, `Retry-After`, and the key's redaction. Nothing
//! may panic, and a key embedded in the body never survives redaction verbatim.
#![no_main]

use agentos_runtime::decode;
use agentos_runtime::redact::{scrub_json, scrub_text};
use agentos_runtime::{ErrorBody, retry::parse_retry_after};
use libfuzzer_sys::fuzz_target;

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
    start: Option<agentos_runtime::DateTime>,
    #[serde(rename = "Tags")]
    tags: Option<Vec<String>>,
}

const KEY: &str = "CANARY-7f3a9c1e5b2d-tail9";

fuzz_target!(|data: &[u8]| {
    let _ = decode::json::<Page>(data);
    let _ = decode::json_or_default::<Page>(data);
    let _ = decode::json_optional::<String>(data);
    let _ = decode::snippet(data);
    let _ = ErrorBody::from_bytes(data);
    let text = String::from_utf8_lossy(data);
    let _ = parse_retry_after(&text, Some("Sun, 06 Nov 1994 08:49:37 GMT"));
    let _ = parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", Some(&text));
    // The key put into the body (raw) never survives the scrubbing.
    let with_key = format!("{text}{KEY}{text}");
    let clean = scrub_text(&with_key, KEY, "…tail9");
    assert!(!clean.contains(KEY));
    if let Some(clean) = scrub_json(&with_key, KEY, "…tail9") {
        assert!(!clean.contains(KEY));
    }
});
