//! The front door every request passes before the engine answers it, in the order agentOS
//! applies the rules: log it; find the key (401); throttle the key (429, then 403 when
//! hammering); check the short name (403) and the call group (401); then inject the scripted
//! or random fault, if any. The documents at `/swagger/docs/<group>` are public, as agentOS's
//! are; a path no operation has is a 404, another method a 405 (both after the key and the
//! throttle, for paths under a served call group).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use crate::engine::{Matched, method_not_allowed};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::log::LoggedRequest;
use crate::state::{SimState, lock};
use crate::throttle::Admission;

/// Request bodies above this size are refused; the API takes small JSON documents.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Marks a response whose connection must be closed without sending it (see `server`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// The one handler: every request comes here, so unknown paths and 405s are logged too.
pub(crate) async fn gate(State(state): State<Arc<SimState>>, request: Request) -> Response {
    let arrived = Instant::now();
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, BODY_LIMIT).await;
    let api_key = api_key(&parts);
    let id = lock(&state.log).push(LoggedRequest {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        body: match &body {
            Ok(bytes) if !bytes.is_empty() => Some(String::from_utf8_lossy(bytes).into_owned()),
            _ => None,
        },
        api_key: api_key.clone(),
        at: arrived.saturating_duration_since(state.started),
        status: 0,
        fault: None,
    });
    let (response, fault) = match body {
        Ok(bytes) => admit(&state, parts, bytes, api_key).await,
        Err(_) => (
            ApiError::bad_request("The request body is too large or could not be read.")
                .into_response(),
            None,
        ),
    };
    let status = if response.extensions().get::<DropConnection>().is_some() {
        0
    } else {
        response.status().as_u16()
    };
    lock(&state.log).complete(id, status, fault);
    response
}

/// The decoded query pairs, in order.
pub(crate) fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The key from the `api_key` header, else from the `api_key` query parameter.
fn api_key(parts: &Parts) -> Option<String> {
    if let Some(value) = parts.headers.get("api_key") {
        return Some(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    query_pairs(parts)
        .into_iter()
        .find(|(k, _)| k == "api_key")
        .map(|(_, v)| v)
}

/// The call group of a path (`/v3/diary/...` -> `diary`: the first segment after a version)
/// and the segment after it (the short name), decoded.
fn group_and_short_name(path: &str) -> (Option<String>, Option<String>) {
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    let version = |s: &&str| {
        s.starts_with(['v', 'V']) && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit())
    };
    if segments.peek().is_some_and(version) {
        segments.next();
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let group = segments.next().map(decode);
    let short_name = segments.next().map(decode);
    (group, short_name)
}

async fn admit(
    state: &SimState,
    parts: Parts,
    bytes: Bytes,
    api_key: Option<String>,
) -> (Response, Option<Fault>) {
    let path = parts.uri.path().to_owned();
    if let Some(name) = path.strip_prefix("/swagger/docs/") {
        return (swagger_document(state, name), None);
    }
    let engine = &state.engine;
    let matched = engine.find(&parts.method, &path);
    // The call group and short name of the operation, or, for a path no operation has, of its
    // first segments: a request under a served group passes the key and the throttle first.
    let (group, short_name) = match &matched {
        Matched::Route(route, captures) => (Some(route.group.clone()), captures.short_name.clone()),
        _ => group_and_short_name(&path),
    };
    let served = group
        .as_deref()
        .is_some_and(|g| engine.groups().iter().any(|s| s.eq_ignore_ascii_case(g)));
    if !served {
        return (unmatched(&matched), None);
    }
    let group = group.unwrap_or_default();
    let Some(key) = api_key else {
        return reject(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Authorization has been denied: send the API key in the api_key header.",
        ));
    };
    let Some(grant) = state.keys.get(&key) else {
        return reject(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Authorization has been denied: the API key is not recognised.",
        ));
    };
    let admission = lock(&state.throttles)
        .entry(key.clone())
        .or_default()
        .admit(Instant::now(), &state.throttle);
    match admission {
        Admission::Admitted => {}
        Admission::TooMany { retry_after_secs } => {
            return (too_many_requests(state, retry_after_secs), None);
        }
        Admission::Blocked => {
            return reject(ApiError::new(
                StatusCode::FORBIDDEN,
                "Forbidden: this key is temporarily blocked for sending requests during a 429 cool-down.",
            ));
        }
    }
    let Matched::Route(route, captures) = matched else {
        return (unmatched(&matched), None);
    };
    // Exact comparison: short names are identifiers, not display text.
    let short_name = short_name.unwrap_or_default();
    if !grant.short_names.contains(&short_name) {
        return reject(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("Forbidden: this key may not access the data of '{short_name}'."),
        ));
    }
    if !grant.grants(&group) {
        return reject(ApiError::new(
            StatusCode::UNAUTHORIZED,
            format!(
                "Authorization has been denied: this key does not grant the {group} call group."
            ),
        ));
    }

    let fault = lock(&state.faults).decide(&parts.method, &path);
    match &fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = format!(
                "{}: injected by the simulator.",
                status.canonical_reason().unwrap_or("Error")
            );
            return (ApiError::new(status, message).into_response(), fault);
        }
        Some(Fault::RateLimited { retry_after_secs }) => {
            let retry_after_secs = lock(&state.throttles)
                .entry(key)
                .or_default()
                .cool_down(Instant::now(), *retry_after_secs);
            return (too_many_requests(state, retry_after_secs), fault);
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(*delay).await,
        _ => {}
    }
    let mut response = engine.answer(route, &captures, &query_pairs(&parts), &bytes);
    match &fault {
        Some(Fault::DropConnection) => {
            response.extensions_mut().insert(DropConnection);
        }
        Some(Fault::MalformedBody) => response = malformed(response).await,
        _ => {}
    }
    (response, fault)
}

/// A 429 with `Retry-After`, worded as agentOS words it.
fn too_many_requests(state: &SimState, retry_after_secs: u64) -> Response {
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Too many requests: at most {} per {} s for this key. Retry after {retry_after_secs} s.",
            state.throttle.limit,
            state.throttle.window.as_secs_f64()
        ),
    )
    .into_response();
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
    response
}

/// The answer to a request no operation takes: 405 on a path some operation has, else 404.
fn unmatched(matched: &Matched<'_>) -> Response {
    match matched {
        Matched::WrongMethod(allowed) => method_not_allowed(allowed),
        Matched::NotSimulated(reason) => ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            format!("Not simulated: the document has this operation, but the generator skipped it ({reason})."),
        )
        .into_response(),
        _ => ApiError::not_found("No resource matches the request path.").into_response(),
    }
}

/// `GET /swagger/docs/<name>`: the document served under that name, as it was given.
fn swagger_document(state: &SimState, name: &str) -> Response {
    match state.engine.document(name) {
        Some(document) => {
            let json = document.text.trim_start().starts_with('{');
            let mut response = Response::new(Body::from(document.text.clone()));
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static(if json {
                    "application/json; charset=utf-8"
                } else {
                    "application/yaml; charset=utf-8"
                }),
            );
            response
        }
        None => ApiError::not_found(format!("No document is served as '{name}'.")).into_response(),
    }
}

fn reject(error: ApiError) -> (Response, Option<Fault>) {
    (error.into_response(), None)
}

/// A 200 whose body is the first half of the real one: JSON that ends too early, as a cut
/// connection or a broken proxy would deliver it.
async fn malformed(response: Response) -> Response {
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let mut text = body.slice(..body.len() / 2).to_vec();
    if text.is_empty() {
        text.extend_from_slice(b"{\"Count\": 1, \"Data\": [");
    }
    if serde_json::from_slice::<serde_json::Value>(&text).is_ok() {
        text.push(b'<');
    }
    let mut response = Response::new(Body::from(text));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_and_short_name_follow_the_version() {
        let both = |p| group_and_short_name(p);
        assert_eq!(
            both("/v3/diary/demo/appointment"),
            (Some("diary".to_owned()), Some("demo".to_owned()))
        );
        assert_eq!(both("/v3/diary/de%20mo/x").1.as_deref(), Some("de mo"));
        assert_eq!(both("/v3/diary"), (Some("diary".to_owned()), None));
        assert_eq!(both("/tools/x").0.as_deref(), Some("tools"));
    }

    #[tokio::test]
    async fn malformed_bodies_never_parse() {
        for body in ["{\"a\":1}", "\"APT1\"", "true", "", "12"] {
            let response = malformed(Response::new(Body::from(body))).await;
            assert_eq!(response.status(), 200);
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            assert!(
                serde_json::from_slice::<serde_json::Value>(&bytes).is_err(),
                "{body:?} gave {bytes:?}"
            );
        }
    }
}
