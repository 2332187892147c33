//! Errors: `SimError` for starting a simulator, `ApiError` for the error answers it serves
//! (a status with the agentOS-style body `{"Message": "..."}`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why a simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The TCP port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A document could not be loaded (the generator's message, with its JSON pointer).
    #[error(transparent)]
    Spec(#[from] crate::engine::SpecError),
}

/// Why a test hook ([`Sim::change_record`](crate::Sim::change_record) and the others) could
/// not change the records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// No collection is of this model (by its Rust name or its name in the document).
    #[error("no collection holds records of the model `{0}`")]
    UnknownModel(String),
    /// The collection holds no record with this id (never did, or it was removed).
    #[error("no `{model}` record has the id `{id}`")]
    UnknownRecord {
        /// The model asked for.
        model: String,
        /// The id asked for.
        id: String,
    },
    /// The model's records have no id field (`OID`, `ID`, `Id`): they cannot be addressed.
    #[error("`{0}` records have no id field, so they cannot be addressed one by one")]
    NoId(String),
    /// The fields given are not a JSON object.
    #[error("the fields of a `{0}` record must be a JSON object")]
    NotAnObject(String),
    /// A field given is not one of the model's (names are matched exactly).
    #[error("`{model}` has no field `{field}`")]
    UnknownField {
        /// The model.
        model: String,
        /// The field given.
        field: String,
    },
    /// A field given holds a value not of its type.
    #[error("`{model}.{field}` must be {expected}")]
    InvalidField {
        /// The model.
        model: String,
        /// Where in the record (`TenureDetails.GroundRent`).
        field: String,
        /// What the field's type takes.
        expected: String,
    },
    /// No list holds records of the model under records of the parent's model (with that
    /// name), or several do and none was named.
    #[error("no single list of `{model}` under `{parent}`{}: lists found: {}", .list.as_ref().map(|l| format!(" named `{l}`")).unwrap_or_default(), .found.join(", "))]
    NoList {
        /// The model of the new record.
        model: String,
        /// The parent's model.
        parent: String,
        /// The list's name asked for.
        list: Option<String>,
        /// The lists of that model under that parent, by name.
        found: Vec<String>,
    },
}

/// An error answer of the simulated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "Message": self.message })),
        )
            .into_response()
    }
}
