//! Request bodies and success responses: which media type is read (JSON preferred), the Rust
//! type of the body, and what a success decodes to.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Operation as OaOperation, ReferenceOr, RequestBody, Response as OaResponse,
    StatusCode,
};

use crate::ir::{Body, Response, ResponseKind, TypeRef, Warning};
use crate::lower::schema::{Hint, TypeLowerer, clean, is_binary};
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
    // We speak JSON (agentOS accepts it for every body). When a document offers no JSON type
    // (form or XML only), the schema is still used and the body is sent as JSON.
    let (media_type, media) = match pick_json(&body.content) {
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
    Ok(Some(Body {
        ty,
        required: body.required,
        media_type: media_type.clone(),
        description: clean(&body.description),
    }))
}

/// The success output: the first 2xx response with content decides the type; a body-less 2xx
/// next to it makes the output optional; no content at all gives `()`.
pub(crate) fn lower_response(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    op: &OaOperation,
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
        });
    };
    let also_empty = success.iter().any(|(_, r, _)| r.content.is_empty());
    let description = clean(&Some(response.description.clone()));
    let kind = match pick_json(&response.content) {
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
            let ty = match &media.schema {
                Some(ReferenceOr::Item(schema)) if is_binary(schema) => None,
                Some(schema) => Some(types.type_of(schema, &hint, &schema_pointer)?),
                None => Some(TypeRef::Json),
            };
            match ty {
                None => ResponseKind::Bytes,
                Some(ty) if also_empty => ResponseKind::OptionalJson(ty),
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
    })
}
