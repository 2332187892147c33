//! Secrets besides the key (a customer's password and session token, as agentOS's customer
//! login takes them in the query): sent, and never shown in an error's `Display` or `Debug`, a
//! support report, a `RequestContext` or a trace, even when the server echoes them back.
//! And the key in response headers: scrubbed from every value taken from one (a download's
//! content type included), a header whose name carries it dropped.

mod common;

use agentos_runtime::decode::{self, DecodeError};
use agentos_runtime::http::Method;
use agentos_runtime::path::PathWriter;
use agentos_runtime::query::QueryWriter;
use agentos_runtime::{ApiError, Endpoint, Post};
use common::*;

const PASSWORD: &str = "hunter2-Pa55word";
const TOKEN: &str = "session-token-9d8c7b6a";
const MEMORABLE: &str = "blue-horse-battery";

/// `POST /v3/customer/{shortName}/session/{token}/login?username=&password=`, written as the
/// generator writes an operation whose `token` and `password` are secret, with a body whose
/// `Memorable` field the document marks secret (`format: password`).
#[derive(Clone)]
struct Login {
    token: String,
    username: String,
    password: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct LoginBody<'a> {
    memorable: &'a str,
    note: &'a str,
}

impl Endpoint for Login {
    type Method = Post;
    type Output = serde_json::Value;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/v3/customer/{shortName}/session/{token}/login";
    const OPERATION: &'static str = "Login";
    const SECRET_FIELDS: &'static [&'static str] = &["Memorable"];

    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v3/customer/")
            .short_name()
            .literal("/session/")
            .secret(&self.token)
            .literal("/login");
    }

    fn write_query(&self, query: &mut QueryWriter<'_>) {
        query.pair("username", &self.username);
        query.secret_pair("password", &self.password);
    }

    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        serde_json::to_vec(&LoginBody {
            memorable: MEMORABLE,
            note: "a note",
        })
        .map(Some)
    }

    fn decode(body: &decode::Body<'_>) -> Result<Self::Output, DecodeError> {
        decode::json(body.bytes)
    }
}

fn login() -> Login {
    Login {
        token: TOKEN.to_owned(),
        username: "jo".to_owned(),
        password: PASSWORD.to_owned(),
    }
}

/// Fails when `text` holds any of the secrets (in any letter case) or the key.
fn assert_no_secret(what: &str, text: &str) {
    let lower = text.to_ascii_lowercase();
    for secret in [PASSWORD, TOKEN, MEMORABLE, CANARY] {
        assert!(
            !lower.contains(&secret.to_ascii_lowercase()),
            "{what} holds {secret:?}:\n{text}"
        );
    }
}

/// Every view of an error a user might print or log.
fn assert_error_clean<E: agentos_runtime::StatusError>(what: &str, err: &ApiError<E>) {
    assert_no_secret(&format!("{what} Display"), &err.to_string());
    assert_no_secret(&format!("{what} Debug"), &format!("{err:?}"));
    assert_no_secret(&format!("{what} Debug"), &format!("{err:#?}"));
    assert_no_secret(&format!("{what} context"), &format!("{:?}", err.context()));
    let report = err.support_report();
    assert_no_secret(&format!("{what} report"), &report.to_string());
    assert_no_secret(&format!("{what} report Debug"), &format!("{report:?}"));
}

/// The secrets as a hostile server echoes them: raw, upper case, JSON-escaped, percent-encoded
/// twice, as character references without `;`.
fn echoes(secret: &str) -> Vec<String> {
    vec![
        secret.to_owned(),
        secret.to_ascii_uppercase(),
        secret.bytes().map(|b| format!("\\u{b:04x}")).collect(),
        secret.bytes().map(|b| format!("%25{b:02X}")).collect(),
        secret.bytes().map(|b| format!("&#{b}")).collect(),
    ]
}

#[tokio::test]
async fn secret_parameters_are_sent_but_shown_nowhere() {
    for (i, (password, token)) in echoes(PASSWORD).into_iter().zip(echoes(TOKEN)).enumerate() {
        let body = format!(
            r#"{{"Message":"login {password} for session {token} refused","Detail":"{}"}}"#,
            echoes(MEMORABLE)[i]
        );
        let server = Server::start(move |_, _| {
            Reply::json(401, body.clone()).header("x-echo", format!("pw={password}"))
        })
        .await;
        let client = server.client().build().unwrap();
        let err = client.post(&login()).await.unwrap_err();
        assert_error_clean("401 echoing the secrets", &err);

        // Sent as given.
        let sent = &server.requests()[0];
        assert_eq!(
            sent.path,
            format!("/v3/customer/acme/session/{TOKEN}/login")
        );
        assert_eq!(sent.param("password").as_deref(), Some(PASSWORD));
        assert!(sent.body.contains(MEMORABLE));

        // Shown redacted, in place.
        let context = err.context();
        assert_eq!(
            context.url,
            format!(
                "{}/v3/customer/acme/session/<redacted>/login?username=jo&password=<redacted>",
                server.base_url
            )
        );
        let request_body = context.request_body.as_deref().unwrap();
        assert!(
            request_body.contains("\"Memorable\": \"[redacted]\""),
            "{request_body}"
        );
        assert!(request_body.contains("a note"));
        let ApiError::Status { error, .. } = &err else {
            panic!("expected a 401, got {err:?}");
        };
        let message = agentos_runtime::StatusError::body(error)
            .message
            .clone()
            .unwrap_or_default();
        assert_eq!(
            message, "login <redacted> for session <redacted> refused",
            "echo {i}"
        );
    }
}

#[tokio::test]
async fn secrets_are_shown_redacted_with_the_key_in_the_query_too() {
    let server = Server::start(|_, _| Reply::status(500)).await;
    let client = server
        .client()
        .key_placement(agentos_runtime::KeyPlacement::Query)
        .build()
        .unwrap();
    let err = client.post(&login()).await.unwrap_err();
    assert_error_clean("500", &err);
    assert!(
        err.context()
            .url
            .ends_with("/login?username=jo&password=<redacted>&api_key=REDACTED"),
        "{}",
        err.context().url
    );
}

#[tokio::test]
async fn a_token_in_a_success_that_does_not_decode_is_blanked_in_the_error() {
    // An answer that issues a token (and echoes the password in a secret-named field), in a
    // body that does not decode to the output type: the error's snippet and report show the
    // secret fields blanked.
    let body = format!(r#"{{"Token":"{TOKEN}","Count":"not a number","Secret":"{PASSWORD}"}}"#);
    let server = Server::start(move |_, _| Reply::ok(body.clone())).await;
    let client = server.client().build().unwrap();
    let err = client.get(&ListBranches::default()).await.unwrap_err();
    let ApiError::Decode { source, context } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_no_secret("snippet", &source.snippet);
    assert!(
        source.snippet.contains(r#""Token":"[redacted]""#),
        "{}",
        source.snippet
    );
    assert_no_secret(
        "response body",
        context.response_body.as_deref().unwrap_or_default(),
    );
    assert_error_clean("decode error", &err);
}

#[tokio::test]
async fn a_secret_in_a_raw_call_is_shown_redacted() {
    let server =
        Server::start(move |_, _| Reply::json(400, format!(r#"{{"Message":"bad {PASSWORD}"}}"#)))
            .await;
    let client = server.client().build().unwrap();
    let raw = client
        .raw(Method::POST, "/v3/customer/{shortName}/session/{token}")
        .secret_param("token", TOKEN)
        .query("username", "jo")
        .secret_query("password", PASSWORD);
    assert_no_secret("RawRequest Debug", &format!("{raw:?}"));
    let err = raw.send().await.unwrap_err();
    assert_error_clean("raw 400", &err);
    assert!(
        err.context()
            .url
            .ends_with("/v3/customer/acme/session/<redacted>?username=jo&password=<redacted>")
    );
    let sent = &server.requests()[0];
    assert_eq!(sent.param("password").as_deref(), Some(PASSWORD));
}

#[tokio::test]
async fn a_request_body_is_scrubbed_whole_then_cut() {
    // A note holding the key, placed so that the report's cut falls inside it.
    #[derive(Clone)]
    struct Notes(String);
    impl Endpoint for Notes {
        type Method = Post;
        type Output = ();
        type Error = AgentError;
        const PATH_TEMPLATE: &'static str = "/notes";
        const OPERATION: &'static str = "Notes";
        fn write_path(&self, path: &mut PathWriter<'_>) {
            path.literal("/notes");
        }
        fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
            serde_json::to_vec(&serde_json::json!({ "Note": self.0 })).map(Some)
        }
        fn decode(body: &decode::Body<'_>) -> Result<(), DecodeError> {
            decode::empty(body.bytes)
        }
    }
    // `{\n  "Note": "` is 13 characters; the key then starts 10 before the cut.
    let lead = agentos_runtime::report::REPORT_BODY_CHARS - 13 - 10;
    let note = format!("{}{CANARY}{}", "x".repeat(lead), "y".repeat(100));
    let server = Server::start(|_, _| Reply::status(400)).await;
    let client = server.client().build().unwrap();
    let err = client.post(&Notes(note)).await.unwrap_err();
    let body = err.context().request_body.clone().unwrap();
    assert!(body.contains("bytes in all"), "the body was cut");
    assert!(
        !body.contains("CANARY-7f3"),
        "a part of the key was left: {}",
        &body[body.len() - 60..]
    );
    assert!(body.contains("…tail9"), "{}", &body[body.len() - 60..]);
}

#[tokio::test]
async fn the_key_in_a_content_type_or_header_name_is_not_kept() {
    let leaked_name: &'static str =
        Box::leak(format!("x-{}", CANARY.to_ascii_lowercase()).into_boxed_str());
    let server = Server::start(move |_, _| {
        let mut reply = Reply::ok("bytes");
        reply.headers.clear();
        reply
            .header("content-type", format!("image/jpeg; note={CANARY}"))
            .header(leaked_name, "1")
            .header("x-kept", "yes")
    })
    .await;
    let client = server.client().build().unwrap();
    let answer = client
        .raw(Method::GET, "/download/{id}")
        .param("id", "PH1")
        .send()
        .await
        .unwrap();
    let content_type = answer.output.content_type.clone().unwrap_or_default();
    assert_eq!(content_type, "image/jpeg; note=…tail9");
    assert!(
        answer.headers.get(leaked_name).is_none(),
        "{:?}",
        answer.headers
    );
    assert_eq!(answer.headers.get("x-kept").unwrap(), "yes");
    assert_eq!(
        answer.headers.get("content-type").unwrap(),
        "image/jpeg; note=…tail9"
    );
    assert_no_secret("headers", &format!("{:?}", answer.headers));

    // A generated download (through `client.get`) likewise.
    let download = client.get(&Download).await.unwrap();
    assert_eq!(
        download.content_type.as_deref(),
        Some("image/jpeg; note=…tail9")
    );
}

/// `GET /download/PH1`: a download, as the generator writes one.
struct Download;

impl Endpoint for Download {
    type Method = agentos_runtime::Get;
    type Output = agentos_runtime::Download;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/download/PH1";
    const OPERATION: &'static str = "Download";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/download/PH1");
    }
    fn decode(body: &decode::Body<'_>) -> Result<Self::Output, DecodeError> {
        decode::download(body)
    }
}

#[tokio::test]
async fn traces_show_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The global default (the only test of this binary that sets one): a thread-local one
    // loses events to tracing's global interest cache when other tests run beside it.
    tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    tracing::callsite::rebuild_interest_cache();
    let server = Server::start(|_, n| match n {
        0 => Reply::status(503),
        _ => Reply::json(401, format!(r#"{{"Message":"{PASSWORD}"}}"#)),
    })
    .await;
    let client = server.client().build().unwrap();
    let _ = client.post(&login()).await;
    let text = captured.text();
    assert!(!text.is_empty());
    assert_no_secret("traces", &text);
}

#[tokio::test]
async fn a_body_field_secret_by_its_name_is_scrubbed_from_the_servers_echo() {
    // No `SECRET_FIELDS` (a raw call declares none): the name `Password` says it.
    let server = Server::start(move |_, _| {
        Reply::json(400, format!(r#"{{"Message":"{PASSWORD} is too weak"}}"#))
    })
    .await;
    let client = server.client().build().unwrap();
    let err = client
        .raw(Method::POST, "/v3/customer/{shortName}/register")
        .json(&serde_json::json!({"Login": "jo", "Password": PASSWORD}))
        .send()
        .await
        .unwrap_err();
    assert_error_clean("400 echoing a body password", &err);
    let ApiError::Status { error, .. } = &err else {
        panic!("expected a 400, got {err:?}");
    };
    let body = agentos_runtime::StatusError::body(error);
    assert_eq!(body.message.as_deref(), Some("<redacted> is too weak"));
    assert!(server.requests()[0].body.contains(PASSWORD), "still sent");
}
