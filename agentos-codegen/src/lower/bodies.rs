//! Request bodies and success responses: which media type is read (JSON preferred), the Rust
//! type of the body, and what a success decodes to.
//!
//! # Downloads
//! A success is a **download** (bytes with their content type) when its schema is a binary
//! string (`format: binary`), when it offers no JSON media type, or, for a `GET`, when its
//! schema is an untyped object (`$ref: Object` with no properties: what Swashbuckle writes for
//! a file result, as agentOS's photo, brochure and report downloads have it) and it is offered
//! in a form besides JSON too (agentOS's offer XML; an untyped object offered as JSON alone is
//! free-form JSON). A request that creates or changes something (`POST`, `PUT`, `PATCH`,
//! `DELETE`) answering an untyped object answers free-form JSON: Swashbuckle writes the same
//! `Object` for any untyped result (the maintenance document's `POST .../createmaintenancejob`
//! answers one), and only a read fetches a file. An operation's `x-agentos-binary` extension
//! (`true` or `false`, added to a document one does not own with an overlay) overrides the
//! rule, for any method.
//!
//! # Empty successes
//! A 2xx is never an error, so an empty body (a 204, an empty 200, `null`) must decode to
//! something: the output is `T` when `T` has an empty value (a model whose fields are all
//! optional, a list, a map, untyped JSON: the empty value is its `Default`), and `Option<T>`
//! when it has none (a string, a number, a boolean, a date, an enum, a model with a required
//! field), `None` for an empty body.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Operation as OaOperation, ReferenceOr, RequestBody, Response as OaResponse,
    StatusCode,
};

use crate::ir::{Body, Method, ModelKind, Response, ResponseKind, TypeRef, Warning};
use crate::lower::schema::{Hint, TypeLowerer, clean, is_binary, is_untyped_object};
use crate::lower::{LowerError, refs};

/// Media types in order of preference for JSON: `application/json`, `text/json`, then any
/// other JSON-like type (`application/problem+json`, `application/json; charset=utf-8`).
fn pick_json(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let essence = |m: &str| {
        m.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    content
        .iter()
        .find(|(m, _)| essence(m) == "application/json")
        .or_else(|| content.iter().find(|(m, _)| essence(m) == "text/json"))
        .or_else(|| content.iter().find(|(m, _)| essence(m).contains("json")))
}

/// Whether `media_type` is a URL-encoded form (`application/x-www-form-urlencoded`, any case,
/// any parameters).
fn is_form(media_type: &str) -> bool {
    media_type.split(';').next().is_some_and(|essence| {
        essence
            .trim()
            .eq_ignore_ascii_case(crate::ir::FORM_MEDIA_TYPE)
    })
}

pub(crate) fn lower_body(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    type_name: &str,
    op_pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Body>, LowerError> {
    let pointer = format!("{op_pointer}/requestBody");
    let body = refs::resolve(doc.components.as_ref(), body, &pointer)?.item;
    // We speak JSON (agentOS accepts it for every body). When a document offers no JSON type,
    // a form is sent as one (`ir::FORM_MEDIA_TYPE`); anything else (XML, multipart only) has
    // its schema used and the body sent as JSON, with a warning.
    let form = body
        .content
        .iter()
        .find(|(media_type, _)| is_form(media_type));
    let (media_type, media) = match pick_json(&body.content).or(form) {
        Some(found) => found,
        None => match body.content.first() {
            Some(found) => {
                warnings.push(Warning {
                    pointer: pointer.clone(),
                    message: format!(
                        "no JSON media type offered for the request body: the `{}` schema is used and the body is sent as JSON",
                        found.0
                    ),
                });
                found
            }
            None => {
                warnings.push(Warning {
                    pointer,
                    message: "request body without content: no body is sent".into(),
                });
                return Ok(None);
            }
        },
    };
    let media_pointer = format!(
        "{pointer}/content/{}/schema",
        crate::load::pointer::escape(media_type)
    );
    let hint = Hint::new(
        None,
        &format!("{type_name}Body"),
        format!("{type_name} body"),
    );
    let ty = match &media.schema {
        Some(schema) => types.type_of(schema, &hint, &media_pointer)?,
        None => TypeRef::Json,
    };
    let media_type = if is_form(media_type) && pick_json(&body.content).is_none() {
        crate::ir::FORM_MEDIA_TYPE.to_owned()
    } else {
        media_type.clone()
    };
    Ok(Some(Body {
        ty,
        required: body.required,
        media_type,
        description: clean(&body.description),
    }))
}

/// The success output: the first 2xx response with content decides the type; a body-less 2xx
/// next to it makes the output optional; no content at all gives `()`.
pub(crate) fn lower_response(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    op: &OaOperation,
    method: Method,
    type_name: &str,
    op_pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Response, LowerError> {
    let mut success: Vec<(Option<u16>, &OaResponse, String)> = Vec::new();
    for (code, response) in &op.responses.responses {
        let (status, is_success) = match code {
            StatusCode::Code(n) => (Some(*n), (200..300).contains(n)),
            StatusCode::Range(n) => (None, *n == 2),
        };
        if is_success {
            let pointer = format!("{op_pointer}/responses/{code}");
            success.push((
                status,
                refs::resolve(doc.components.as_ref(), response, &pointer)?.item,
                pointer,
            ));
        }
    }
    success.sort_by_key(|(status, ..)| status.unwrap_or(299));
    if success.is_empty()
        && let Some(default) = &op.responses.default
    {
        let pointer = format!("{op_pointer}/responses/default");
        success.push((
            None,
            refs::resolve(doc.components.as_ref(), default, &pointer)?.item,
            pointer,
        ));
    }
    let with_content = success.iter().find(|(_, r, _)| !r.content.is_empty());
    let Some((status, response, pointer)) = with_content else {
        let first = success.first();
        return Ok(Response {
            status: first.and_then(|(s, ..)| *s),
            kind: ResponseKind::Empty,
            description: first.and_then(|(_, r, _)| clean(&Some(r.description.clone()))),
            media_types: Vec::new(),
        });
    };
    let also_empty = success.iter().any(|(_, r, _)| r.content.is_empty());
    let description = clean(&Some(response.description.clone()));
    let media_types: Vec<String> = response.content.keys().cloned().collect();
    let binary_override = binary_extension(op, op_pointer)?;
    let kind = match pick_json(&response.content) {
        Some(_) if binary_override == Some(true) => ResponseKind::Bytes,
        Some((media_type, media)) => {
            let schema_pointer = format!(
                "{pointer}/content/{}/schema",
                crate::load::pointer::escape(media_type)
            );
            let hint = Hint::new(
                None,
                &format!("{type_name}Response"),
                format!("{type_name} response"),
            );
            // An untyped object is a file only where a read answers it and the response is
            // offered in some other form too (agentOS's downloads offer XML beside JSON): an
            // untyped object offered as JSON alone, or answering a write, is free-form JSON.
            let other_forms = response
                .content
                .keys()
                .any(|m| !m.to_ascii_lowercase().contains("json"));
            let untyped = method == Method::Get
                && other_forms
                && match &media.schema {
                    Some(schema) => refs::resolve(doc.components.as_ref(), schema, &schema_pointer)
                        .is_ok_and(|found| is_untyped_object(found.item)),
                    None => false,
                };
            let ty = match &media.schema {
                Some(ReferenceOr::Item(schema)) if is_binary(schema) => None,
                _ if untyped && binary_override != Some(false) => None,
                Some(schema) => Some(types.type_of(schema, &hint, &schema_pointer)?),
                None => Some(TypeRef::Json),
            };
            match ty {
                None => ResponseKind::Bytes,
                Some(ty) if also_empty || !has_empty_value(&ty, types) => {
                    ResponseKind::OptionalJson(ty)
                }
                Some(ty) => ResponseKind::Json(ty),
            }
        }
        None => {
            let media_types: Vec<&str> = response.content.keys().map(String::as_str).collect();
            let binary = response.content.iter().any(|(m, media)| {
                let m = m.to_ascii_lowercase();
                m.starts_with("application/octet-stream")
                    || m.starts_with("image/")
                    || m.starts_with("application/pdf")
                    || matches!(&media.schema, Some(ReferenceOr::Item(s)) if is_binary(s))
            });
            if !binary {
                warnings.push(Warning {
                    pointer: pointer.clone(),
                    message: format!(
                        "no JSON media type offered for the response ({}): returned as bytes",
                        media_types.join(", ")
                    ),
                });
            }
            ResponseKind::Bytes
        }
    };
    Ok(Response {
        status: *status,
        kind,
        description,
        media_types,
    })
}

/// Whether values of `ty` have an empty value a body-less success decodes to (see the module
/// docs): lists, maps, untyped JSON, and models whose fields are all optional.
fn has_empty_value(ty: &TypeRef, types: &TypeLowerer<'_>) -> bool {
    match ty {
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Model(name) => types.model(name).is_some_and(|m| match &m.kind {
            ModelKind::Struct(fields) => fields.iter().all(|f| !f.required),
            ModelKind::Enum(_) => false,
        }),
        _ => false,
    }
}

/// The name of the per-operation download override.
pub const BINARY_EXTENSION: &str = "x-agentos-binary";

/// Reads `x-agentos-binary`: `true` or `false`.
fn binary_extension(op: &OaOperation, op_pointer: &str) -> Result<Option<bool>, LowerError> {
    crate::lower::flag_extension(&op.extensions, BINARY_EXTENSION, op_pointer)
}
