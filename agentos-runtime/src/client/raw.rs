//! Raw calls: the way to call an operation a document lacks, with the client's key, throttle,
//! retries, limits and error types, but no generated request type.
//!
//! ```no_run
//! # async fn run(client: agentos_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use agentos_runtime::Method;
//!
//! let answer = client
//!     .raw(Method::GET, "/v3/diary/{shortName}/appointment/{appointmentID}")
//!     .param("appointmentID", "APT0001")
//!     .query("includeNotes", true)
//!     .send()
//!     .await?;
//! let appointment: serde_json::Value = answer.output.json()?;
//! println!("{} {:?}", answer.status, answer.headers.get("etag"));
//! # Ok(())
//! # }
//! ```
//!
//! The template is written as the documents write paths: `{shortName}` is the client's short
//! name, every other `{name}` a parameter given with [`RawRequest::param`], percent-encoded as
//! one segment (missing ones, and the dot segments and queries the generator refuses in a
//! template, are errors before anything is sent). The method decides retries as for generated
//! requests: a `POST` or `PATCH` is never resent once it may have reached the server. Every
//! status outside 2xx is an [`ApiError::Status`] of [`AnyStatus`]. A secret value (a password,
//! a session token) goes in with [`RawRequest::secret_param`] or [`RawRequest::secret_query`]:
//! sent, and shown as `<redacted>` (see [`crate::secret`]).

use std::borrow::Cow;
use std::fmt::Display;

use http::{Method, StatusCode};

use super::exec::Secrecy;
use super::{Client, Mode, WithMeta};
use crate::decode::Download;
use crate::error::{ApiError, ErrorBody, StatusError};
use crate::path::PathWriter;
use crate::query::QueryWriter;
use crate::secret::{REDACTED, Shown};

/// The operation name raw calls carry in errors, reports and traces.
pub const RAW_OPERATION: &str = "raw";

/// Any error status of a raw call (a raw call knows no operation's set of statuses).
#[derive(Debug, Clone, PartialEq)]
pub struct AnyStatus {
    status: StatusCode,
    body: ErrorBody,
}

impl StatusError for AnyStatus {
    fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
        Ok(Self { status, body })
    }

    fn status(&self) -> StatusCode {
        self.status
    }

    fn body(&self) -> &ErrorBody {
        &self.body
    }
}

/// A raw call being put together: [`Client::raw`]. Its `Debug` shows no secret value.
#[must_use = "a raw call is only sent by `.send().await`"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    template: String,
    params: Vec<Value>,
    query: Vec<Value>,
    body: Result<Option<Vec<u8>>, String>,
}

/// A parameter of a raw call: its name, its value, and whether the value is secret.
struct Value {
    name: String,
    value: String,
    secret: bool,
}

impl Value {
    fn new(name: &str, value: &dyn Display, secret: bool) -> Self {
        Self {
            name: name.to_owned(),
            value: value.to_string(),
            secret,
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret { REDACTED } else { &self.value };
        write!(f, "{}={value:?}", self.name)
    }
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("params", &self.params)
            .field("query", &self.query)
            .field(
                "body",
                &self.body.as_ref().map(|b| b.as_ref().map(Vec::len)),
            )
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A call of `method` on `path_template` (`/v3/diary/{shortName}/appointment/{id}`), for
    /// what a document lacks; see [`RawRequest`].
    pub fn raw(&self, method: Method, path_template: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            template: path_template.into(),
            params: Vec::new(),
            query: Vec::new(),
            body: Ok(None),
        }
    }
}

impl RawRequest<'_> {
    /// The value of the path parameter `{name}`.
    pub fn param(mut self, name: &str, value: impl Display) -> Self {
        self.params.push(Value::new(name, &value, false));
        self
    }

    /// The value of the path parameter `{name}`, a secret: sent, shown as `<redacted>`.
    pub fn secret_param(mut self, name: &str, value: impl Display) -> Self {
        self.params.push(Value::new(name, &value, true));
        self
    }

    /// A query parameter (percent-encoded; repeat the call for a list).
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.query.push(Value::new(name, &value, false));
        self
    }

    /// A query parameter whose value is a secret: sent, shown as `name=<redacted>`.
    pub fn secret_query(mut self, name: &str, value: impl Display) -> Self {
        self.query.push(Value::new(name, &value, true));
        self
    }

    /// A JSON body (sent with `Content-Type: application/json`).
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        self.body = serde_json::to_vec(body)
            .map(Some)
            .map_err(|e| format!("the request body could not be serialised: {e}"));
        self
    }

    /// Sends the call and answers the body as a [`Download`] (bytes and content type; read
    /// JSON with [`Download::json`]) with the status and headers.
    pub async fn send(self) -> Result<WithMeta<Download>, ApiError<AnyStatus>> {
        let client = self.client;
        let mut path = String::with_capacity(client.base_url().len() + self.template.len() + 32);
        let (path_ok, path_shown) = write_path(&self.template, &self.params, client, &mut path);
        let mut query = String::new();
        let mut writer = QueryWriter::new(&mut query);
        for Value {
            name,
            value,
            secret,
        } in &self.query
        {
            match secret {
                true => writer.secret_pair(name, value),
                false => writer.pair(name, value),
            };
        }
        let secrecy = Secrecy {
            path: path_shown,
            query: writer.into_shown(),
            headers: Vec::new(),
            fields: &[],
        };
        let meta = (
            Cow::Borrowed(RAW_OPERATION),
            Cow::Owned(self.template),
            self.method,
        );
        let prepared = client
            .build_request(meta, path, path_ok, query, self.body, secrecy)
            .map_err(|(message, context)| ApiError::Request { message, context })?;
        let exchange = client.execute(&prepared, Mode::Single).await;
        client.finish_with_meta(&prepared, exchange, crate::decode::download)
    }
}

/// Writes `template` with the short name and `params`, through the same [`PathWriter`] as
/// generated requests (so the same refusals apply); what may be shown of it.
fn write_path(
    template: &str,
    params: &[Value],
    client: &Client,
    out: &mut String,
) -> (Result<(), String>, Shown) {
    let mut writer = PathWriter::new(out, client.short_name());
    let mut rest = template;
    let mut missing = Vec::new();
    while let Some(open) = rest.find('{') {
        writer.literal(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            let (_, shown) = writer.finish_shown();
            return (
                Err(format!("unclosed `{{` in the path template `{template}`")),
                shown,
            );
        };
        let name = &rest[open + 1..close];
        if name == "shortName" {
            writer.short_name();
        } else {
            match params.iter().find(|p| p.name == name) {
                Some(Value {
                    value,
                    secret: true,
                    ..
                }) => {
                    writer.secret(value);
                }
                Some(Value { value, .. }) => {
                    writer.param(value);
                }
                None => missing.push(name.to_owned()),
            }
        }
        rest = &rest[close + 1..];
    }
    writer.literal(rest);
    let (written, shown) = writer.finish_shown();
    if let Err(error) = written {
        return (Err(error.to_string()), shown);
    }
    let result = if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "no value for the path parameter(s) {} of `{template}`: give them with `.param(name, value)`",
            missing
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    };
    (result, shown)
}
