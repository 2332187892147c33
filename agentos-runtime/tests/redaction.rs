//! A canary key never appears whole: not in `Debug`/`Display` of the key, the client, errors
//! or support reports, nor in tracing output (even when the server echoes it back).

mod common;

use agentos_runtime::{ApiError, ApiKey, KeyPlacement};
use common::*;
use tracing_subscriber::fmt::format::FmtSpan;

/// Fails when `text` holds the canary (or its distinctive middle).
fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} holds the key:\n{text}");
    assert!(
        !text.contains("7f3a9c1e5b2d"),
        "{what} holds part of the key:\n{text}"
    );
}

/// Every view of an error a user might print or log.
fn assert_error_clean<E: agentos_runtime::StatusError>(what: &str, err: &ApiError<E>) {
    assert_clean(&format!("{what} Display"), &err.to_string());
    assert_clean(&format!("{what} Debug"), &format!("{err:?}"));
    assert_clean(&format!("{what} Debug"), &format!("{err:#?}"));
    let report = err.support_report();
    assert_clean(&format!("{what} report"), &report.to_string());
    assert_clean(&format!("{what} report Debug"), &format!("{report:?}"));
    assert_eq!(report.context.key_last5, CANARY_LAST5);
    assert!(report.to_string().contains(CANARY_LAST5));
}

#[test]
fn key_and_client_debug_and_display() {
    let key = ApiKey::new(CANARY);
    assert_clean("ApiKey Debug", &format!("{key:?}"));
    assert_clean("ApiKey Display", &format!("{key}"));
    assert!(format!("{key}").ends_with(CANARY_LAST5));
    for placement in [KeyPlacement::Header, KeyPlacement::Query] {
        let builder = client_for("http://127.0.0.1:9").key_placement(placement);
        assert_clean("ClientBuilder Debug", &format!("{builder:?}"));
        let client = builder.build().unwrap();
        assert_clean("Client Debug", &format!("{client:?}"));
        assert_clean("Client Debug", &format!("{client:#?}"));
    }
}

#[tokio::test]
async fn errors_reports_and_traces_never_hold_the_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // The server echoes the key it received in every answer, and retries and 429 pauses
    // produce warnings, so every code path that logs or reports runs with the key nearby.
    let server = Server::start(|r, i| {
        let key = r
            .api_key
            .clone()
            .or_else(|| r.param("api_key"))
            .unwrap_or_default();
        let body = format!(r#"{{"Message":"key {key} rejected"}}"#);
        match i % 4 {
            0 => Reply::json(429, body).header("retry-after", "0"),
            1 => Reply::json(503, body),
            2 => Reply::json(401, body),
            _ => Reply::ok(format!(r#"{{"Name": 1, "Echo": "{key}"}}"#)),
        }
    })
    .await;
    for placement in [KeyPlacement::Header, KeyPlacement::Query] {
        let client = server.client().key_placement(placement).build().unwrap();
        // 429 -> pause, 503 -> retry, 401: a status error whose body held the key.
        let err = client.get(&GetCompany).await.unwrap_err();
        assert!(matches!(
            err,
            ApiError::Status {
                error: AgentError::Unauthorized(_),
                ..
            }
        ));
        assert_eq!(err.context().attempts, 3);
        assert_error_clean("status error", &err);
        // A success body that does not decode and holds the key.
        let err = client.get(&GetCompany).await.unwrap_err();
        assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
        assert_error_clean("decode error", &err);
    }
    // Transport errors carry reqwest's error, whose URL would hold the key in query mode.
    let unreachable = client_for("http://127.0.0.1:9")
        .key_placement(KeyPlacement::Query)
        .build()
        .unwrap();
    let err = unreachable.get(&GetCompany).await.unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    assert_error_clean("transport error", &err);
    assert!(
        err.support_report()
            .context
            .url
            .ends_with("api_key=REDACTED")
    );

    let trace = captured.text();
    assert_clean("tracing output", &trace);
    // The spans did record what they should (so the check above is not vacuous).
    for field in [
        "agentos_request",
        "method=GET",
        "path=\"/v4/advertising/{shortName}/company/company\"",
        "operation=\"GetCompany\"",
        "attempt=3",
        "status=401",
        "throttle_wait_ms=",
        "429 too many requests",
        "retrying after backoff",
    ] {
        assert!(
            trace.contains(field),
            "tracing output lacks {field:?}:\n{trace}"
        );
    }
}

/// The canary spelt as a hostile server might: `\u` escapes, percent-encoding, character
/// references, and percent-encoding inside a JSON escape.
fn spellings() -> Vec<String> {
    let json_escaped: String = CANARY
        .chars()
        .map(|c| format!("\\u{:04X}", c as u32))
        .collect();
    let percent: String = CANARY.bytes().map(|b| format!("%{b:02x}")).collect();
    let references: String = CANARY.bytes().map(|b| format!("&#{b};")).collect();
    let nested: String = CANARY.bytes().map(|b| format!("\\u0025{b:02X}")).collect();
    let mixed = format!("\\u0043ANARY{}", &CANARY["CANARY".len()..]);
    vec![
        CANARY.to_owned(),
        json_escaped,
        percent,
        references,
        nested,
        mixed,
    ]
}

#[tokio::test]
async fn key_echoed_in_any_spelling_is_in_no_error_report_or_message() {
    for spelt in spellings() {
        // In `Message` (which the error decodes) and in another field.
        let body = format!(r#"{{"Message":"key {spelt} rejected","Detail":"{spelt}"}}"#);
        let server = Server::start(move |_, _| Reply::json(401, body.clone())).await;
        let client = server.client().build().unwrap();
        let err = client.get(&GetCompany).await.unwrap_err();
        let ApiError::Status {
            error: AgentError::Unauthorized(body),
            ..
        } = &err
        else {
            panic!("expected a 401, got {err:?}");
        };
        let message = body.message.as_deref().unwrap_or_default();
        assert_clean("ErrorBody::message", message);
        assert_clean("ErrorBody::text", &body.text);
        assert!(
            message.contains("…tail9 rejected"),
            "the message keeps its words and the last 5: {message}"
        );
        assert_error_clean("401 with an echoed key", &err);
    }
}

#[tokio::test]
async fn key_quoted_by_serde_in_a_decode_error_is_removed_from_message_path_and_snippet() {
    // A wrongly typed field holding the key: serde quotes the value in its message.
    for spelt in spellings() {
        let body = format!(r#"{{"Count":"{spelt}","Data":[]}}"#);
        let server = Server::start(move |_, _| Reply::ok(body.clone())).await;
        let client = server.client().build().unwrap();
        let err = client.get(&ListBranches::default()).await.unwrap_err();
        let ApiError::Decode { source, .. } = &err else {
            panic!("expected a decode error, got {err:?}");
        };
        assert_clean("DecodeError::message", &source.message);
        assert_clean("DecodeError::snippet", &source.snippet);
        assert_eq!(source.path, "Count");
        assert_error_clean("decode error quoting the key", &err);
    }
    // The key as a member name puts it in serde's path.
    let body = format!(r#"{{"{CANARY}":"x"}}"#);
    let server = Server::start(move |_, _| Reply::ok(body.clone())).await;
    let client = server.client().build().unwrap();
    let err = client.get(&GetCounts).await.unwrap_err();
    let ApiError::Decode { source, .. } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(source.path, format!("…{CANARY_LAST5}"));
    assert_error_clean("decode error with the key in its path", &err);
}

/// `GET /counts`: a map of counts, so a member name shows up in serde's path.
#[derive(Debug, Clone)]
struct GetCounts;

impl agentos_runtime::Endpoint for GetCounts {
    type Method = agentos_runtime::Get;
    type Output = std::collections::BTreeMap<String, i64>;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/counts";
    const OPERATION: &'static str = "GetCounts";
    fn write_path(&self, path: &mut agentos_runtime::path::PathWriter<'_>) {
        path.literal("/counts");
    }
    fn decode(
        body: &agentos_runtime::decode::Body<'_>,
    ) -> Result<Self::Output, agentos_runtime::decode::DecodeError> {
        agentos_runtime::decode::json(body.bytes)
    }
}
