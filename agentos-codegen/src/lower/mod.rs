//! Lowering: an `openapiv3::OpenAPI` document -> the [`crate::ir::Api`].
//!
//! This is where every decision about the generated code is made (names, types, the status
//! policy, paging, which media type a body uses); [`crate::emit`] only renders the result.
//! Lowering is pure and deterministic: the same document and options give the same IR.

mod bodies;
pub mod error_enums;
pub mod naming;
mod operations;
mod paging;
mod params;
mod path_key;
mod refs;
mod schema;
pub mod secrets;
pub mod status;
mod words;

use openapiv3::OpenAPI;

use crate::ir::Api;
use crate::text::one_line;
pub use bodies::BINARY_EXTENSION;
pub use params::RESERVED_HEADERS;
pub use secrets::{SECRET_EXTENSION, is_secret_name};
pub use status::{OperationFacts, STATUS_EXTENSION, StatusPolicy};

/// What lowering can be told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LowerOptions {
    /// Which error statuses each operation gets.
    pub policy: StatusPolicy,
}

/// A document the generator cannot turn into code, located by JSON pointer. `Display` is one
/// line, whatever the document's text in it holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", one_line(.pointer), one_line(.message))]
pub struct LowerError {
    /// Where in the document (`#/paths/~1v3~1diary~1{shortName}~1appointment/get`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl LowerError {
    pub(crate) fn new(pointer: &str, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    /// The JSON pointer of the offending construct.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }
}

/// Reads the boolean extension `name` (`x-agentos-binary`, `x-agentos-secret`) among
/// `extensions` of the object at `pointer`: `None` when absent, an error naming its pointer
/// (and the value, cut short) when it is not `true` or `false`.
pub(crate) fn flag_extension(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    name: &str,
    pointer: &str,
) -> Result<Option<bool>, LowerError> {
    match extensions.get(name) {
        None => Ok(None),
        Some(serde_json::Value::Bool(flag)) => Ok(Some(*flag)),
        Some(other) => Err(LowerError::new(
            &format!("{pointer}/{name}"),
            format!(
                "expected true or false, found {}",
                crate::load::describe(other)
            ),
        )),
    }
}

/// Lowers a document.
///
/// ```
/// # use agentos_codegen::lower::{lower, LowerOptions};
/// let doc: openapiv3::OpenAPI = serde_json::from_str(r#"{
///   "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
///   "paths": {"/v3/diary/{shortName}/appointmenttypes": {"get": {
///     "operationId": "DiaryController_GetAppointmentTypes",
///     "responses": {"204": {"description": "none"}}}}}
/// }"#).unwrap();
/// let api = lower(&doc, &LowerOptions::default()).unwrap();
/// let (group, op) = api.operations().next().unwrap();
/// assert_eq!((group.name.as_str(), op.fn_name.as_str()), ("diary", "get_appointment_types"));
/// ```
pub fn lower(doc: &OpenAPI, options: &LowerOptions) -> Result<Api, LowerError> {
    // Pointers into a component the loader made are told as the places the user wrote.
    let hoists = crate::load::hoists_of(doc);
    let told = |pointer: &str| crate::load::original_pointer(pointer, &hoists);
    let mut api = lower_located(doc, options).map_err(|error| LowerError {
        pointer: told(&error.pointer),
        message: error.message,
    })?;
    // Most documents need no hoist: their warnings are left as they are.
    if !hoists.is_empty() {
        for warning in &mut api.warnings {
            warning.pointer = told(&warning.pointer);
        }
    }
    Ok(api)
}

fn lower_located(doc: &OpenAPI, options: &LowerOptions) -> Result<Api, LowerError> {
    let empty = Default::default();
    let schemas = doc.components.as_ref().map_or(&empty, |c| &c.schemas);
    let mut types = schema::TypeLowerer::new(doc.components.as_ref(), schemas);
    types.lower_components()?;
    let (mut groups, mut warnings) = operations::lower_operations(doc, &mut types, options)?;
    let error_enums = error_enums::name_error_enums(&mut groups);
    let (models, type_warnings) = types.finish();
    secrets::list_secret_fields(&mut groups, &models);
    warnings.extend(type_warnings);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        groups,
        models,
        error_enums,
        warnings,
    };
    let shortened = naming::shortened_warnings(&api, &schemas.keys().map(String::as_str).collect());
    let warnings = &mut api.warnings;
    warnings.extend(shortened);
    warnings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    warnings.dedup();
    Ok(api)
}
