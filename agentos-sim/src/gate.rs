//! The front door every request passes before its handler, in the order agentOS applies the
//! rules: log it; find the key (401); throttle the key (429, then 403 when hammering); check the
//! short name (403) and the tier (401); then inject the scripted or random fault, if any.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use crate::api::extract::Query;
use crate::config::Tier;
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

/// The middleware: wraps the whole router, so unknown paths and 405s are logged too.
pub(crate) async fn gate(
    State(state): State<Arc<SimState>>,
    request: Request,
    next: Next,
) -> Response {
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
        Ok(bytes) => admit(&state, parts, bytes, api_key, next).await,
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

/// The key from the `api_key` header, else from the `api_key` query parameter.
fn api_key(parts: &Parts) -> Option<String> {
    if let Some(value) = parts.headers.get("api_key") {
        return Some(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    Query::parse(parts.uri.query().unwrap_or(""))
        .optional("api_key")
        .map(str::to_owned)
}

/// The short name segment of an API path (`/v3/diary/{shortName}/...`), percent-decoded.
fn short_name(path: &str) -> Option<String> {
    let raw = path.split('/').nth(3).filter(|s| !s.is_empty())?;
    Some(
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

async fn admit(
    state: &SimState,
    parts: Parts,
    bytes: Bytes,
    api_key: Option<String>,
    next: Next,
) -> (Response, Option<Fault>) {
    let path = parts.uri.path().to_owned();
    let (Some(tier), Some(short_name)) = (Tier::of_path(&path), short_name(&path)) else {
        // Not an API path: the router answers (404).
        return (
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await,
            None,
        );
    };
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
            return (response, None);
        }
        Admission::Blocked => {
            return reject(ApiError::new(
                StatusCode::FORBIDDEN,
                "Forbidden: this key is temporarily blocked for sending requests during a 429 cool-down.",
            ));
        }
    }
    // Exact comparison: short names are identifiers, not display text.
    if !grant.short_names.contains(&short_name) {
        return reject(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("Forbidden: this key may not access the data of '{short_name}'."),
        ));
    }
    if !grant.tiers.contains(&tier) {
        return reject(ApiError::new(
            StatusCode::UNAUTHORIZED,
            format!(
                "Authorization has been denied: this key does not grant the {} call group.",
                tier.name()
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
        Some(Fault::Delay(delay)) => tokio::time::sleep(*delay).await,
        _ => {}
    }
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    match &fault {
        Some(Fault::DropConnection) => {
            response.extensions_mut().insert(DropConnection);
        }
        Some(Fault::MalformedBody) => response = malformed(response).await,
        _ => {}
    }
    (response, fault)
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
    fn short_name_is_the_fourth_segment_decoded() {
        assert_eq!(
            short_name("/v3/diary/demo/appointment").as_deref(),
            Some("demo")
        );
        assert_eq!(short_name("/v3/diary/de%20mo/x").as_deref(), Some("de mo"));
        assert_eq!(short_name("/v3/diary/"), None);
        assert_eq!(short_name("/v3/diary"), None);
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
