//! A client generated from every document agentOS publishes, the way a user's crate would do
//! it: `build.rs` gives all of them to one `agentos_codegen::Generator` (each in a module named
//! after its form and file: `openapi3_diary`, `swagger2_basic_tier`), and the crate includes
//! the result:
//!
//! ```
//! # #[cfg(any())] mod skipped {
//! use agentos_published::agentos::openapi3_diary::diary::GetAllocations;
//! # }
//! ```
//!
//! [`calls`] holds one [`Call`] per operation, generated from the same generator's catalog
//! (what `agentos-codegen list --json` prints): it builds the operation's request from an
//! example's arguments (`agentos_sim::Sim::examples`), sends it through the generated types
//! and says what came back ([`Outcome`]). The tests call every operation of every document
//! with it.

use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use agentos_runtime::{ApiError, Client, StatusError};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The client generated from the published documents.
#[allow(deprecated)]
pub mod agentos {
    include!(concat!(env!("OUT_DIR"), "/agentos.rs"));
}

include!(concat!(env!("OUT_DIR"), "/calls.rs"));

/// The arguments of one call: the parameters by wire name and the body, as an example request
/// (or a test) gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    params: Vec<(String, String)>,
    body: Option<Value>,
}

impl Args {
    /// Arguments from parameters (wire name, text) and a JSON body.
    pub fn new(params: Vec<(String, String)>, body: Option<Value>) -> Self {
        Args { params, body }
    }

    /// The same arguments with parameter `wire` set to `value`.
    pub fn with(mut self, wire: &str, value: &str) -> Self {
        match self.params.iter_mut().find(|(w, _)| w == wire) {
            Some((_, text)) => *text = value.to_owned(),
            None => self.params.push((wire.to_owned(), value.to_owned())),
        }
        self
    }

    /// The text of parameter `wire`.
    pub fn text(&self, wire: &str) -> Result<String, String> {
        self.params
            .iter()
            .find(|(w, _)| w == wire)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| format!("no argument for `{wire}`"))
    }

    /// A text read as `T` (a number, a boolean, a date).
    pub fn parse<T: FromStr>(text: &str) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        text.parse().map_err(|e| format!("`{text}`: {e}"))
    }

    /// A text read as a model (a string enum) through its serde form.
    pub fn model<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_value(Value::String(text.to_owned())).map_err(|e| format!("`{text}`: {e}"))
    }

    /// The body read as `T`.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        let body = self.body.clone().ok_or("no body")?;
        serde_json::from_value(body).map_err(|e| format!("the body: {e}"))
    }
}

/// What one call came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A success, decoded into the operation's output.
    Success,
    /// A status of the operation's error enum: its code, and whether it is the `NotFound`
    /// variant.
    Variant {
        /// The status.
        status: u16,
        /// Whether the variant is the enum's `NotFound`.
        not_found: bool,
    },
    /// A status outside the error enum (`ApiError::UnexpectedStatus`).
    Unexpected(u16),
    /// Any other error, as text.
    Failed(String),
    /// The arguments could not make the request.
    BadArguments(String),
}

/// Classifies a call's result; `not_found` says whether an error is the `NotFound` variant.
pub fn classify<T, E: StatusError>(
    result: Result<T, ApiError<E>>,
    not_found: impl Fn(&E) -> bool,
) -> Outcome {
    match result {
        Ok(_) => Outcome::Success,
        Err(ApiError::Status { error, .. }) => Outcome::Variant {
            status: error.status().as_u16(),
            not_found: not_found(&error),
        },
        Err(ApiError::UnexpectedStatus { status, .. }) => Outcome::Unexpected(status.as_u16()),
        Err(other) => Outcome::Failed(other.to_string()),
    }
}

/// The future of one call.
pub type Sending = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// One operation of the generated client, callable with [`Args`].
#[derive(Clone, Copy)]
pub struct Call {
    /// The document's module (`openapi3_diary`).
    pub module: &'static str,
    /// The method (`GET`).
    pub method: &'static str,
    /// The path template, as the document spells it.
    pub path: &'static str,
    /// The request type, from [`agentos`] (`openapi3_diary::diary::GetAllocations`).
    pub rust_path: &'static str,
    /// The statuses of its error enum.
    pub statuses: &'static [u16],
    /// The id parameter it addresses a resource by, if any.
    pub id_param: Option<&'static str>,
    /// Builds the request from the arguments and sends it with the client.
    pub send: fn(Client, Args) -> Sending,
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.rust_path)
    }
}
