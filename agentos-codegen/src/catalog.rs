//! What a generated client holds, as data: per operation its Rust path, method, path, statuses,
//! paging, parameters and constructor (`agentos-codegen list --json` prints it). Tools and tests
//! drive a generated client from it without parsing doc comments; the e2e test crate's build
//! script generates its calls to every operation from it.

use crate::emit::constructor_signature;
use crate::ir::{Group, Operation, ParamLocation, ResponseKind, Spec, StatusReason};

/// The path of an operation's request type as a user writes it, from the module the generated
/// file is included in: `diary::GetAllocations`, or with several documents
/// `basic_tier::tier2::GetStaff` (the document's module, then the call group's), and
/// `diary::GetAllocations` for the diary document's `diary` group, which its module holds
/// itself ([`Spec::hoists`]).
pub fn rust_path(spec: &Spec, group: &Group, op: &Operation) -> String {
    sibling_path(spec, group, &op.type_name)
}

/// The path of a type of `group`'s module (a request type, a required-inputs struct).
fn sibling_path(spec: &Spec, group: &Group, name: &str) -> String {
    let mut parts = spec.group_path(group);
    parts.push(name);
    parts.join("::")
}

/// Every operation of `specs` as JSON, one object per operation (what `agentos-codegen list
/// --json` prints):
///
/// - `document` (where it came from), `module` (the document's module, or null), `group`,
///   `rust_path` (as [`rust_path`]), `type_name`, `error` (its error type), `operation` (what
///   logs and reports call it), `method`, `path`, `models` (the path of the models module the
///   types below name: `models`, or `diary::models` with several documents);
/// - `statuses`: `{code, variant}` for each variant of its error enum; `id_param`: the id
///   parameter by which the operation addresses a resource (its 404 is the status policy's
///   id rule), or null;
/// - `paging`: null, or `{item, form, offset, count, total}`: the item type, where the window
///   travels (`"query"`, or `"path"` for v4's `/{offset}/{count}`), the window's wire names,
///   and whether a page says the collection's size (`Count`);
/// - `params`: `{wire, rust, location, type, required, page_window, setter}` (the setter of an
///   optional parameter; the page window is set with `page(..)`);
/// - `body`: null, or `{type, required}`;
/// - `output`: the success type; `constructor`: the signature of `new`;
/// - `required_struct`: null when `new` takes the required inputs as positional arguments, or
///   `{rust_path, fields}` when it takes them as one struct (two or more share a type): the
///   struct's path (as `rust_path`) and its fields in order (the required parameters' `rust`
///   names but the page window's, then `body`);
/// - `warnings`: `{pointer, message}` for what the generator skipped or approximated in the
///   operation or its path's parameters (a header the client owns, a body sent as JSON that the
///   document offers only as a form, a `oneOf` typed as a JSON value...).
pub fn operations(specs: &[Spec]) -> serde_json::Value {
    let mut operations = Vec::new();
    for spec in specs {
        for (group, op) in spec.api.operations() {
            let params: Vec<serde_json::Value> = op
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    serde_json::json!({
                        "wire": p.wire,
                        "rust": p.field,
                        "location": match p.location {
                            ParamLocation::Path => "path",
                            ParamLocation::Query => "query",
                            ParamLocation::Header => "header",
                            ParamLocation::Cookie => "cookie",
                        },
                        "type": p.ty.display_name(),
                        "required": p.required,
                        "page_window": op.is_page_window(i),
                        "setter": (!p.required && !op.is_page_window(i)).then_some(&p.setter),
                    })
                })
                .collect();
            operations.push(serde_json::json!({
                "document": spec.origin,
                "module": spec.module,
                "group": group.name,
                "rust_path": rust_path(spec, group, op),
                "models": spec.module.as_ref().map_or_else(|| "models".to_owned(), |m| format!("{m}::models")),
                "type_name": op.type_name,
                "error": op.error_name,
                "operation": op.id,
                "method": op.method.as_str(),
                "path": op.path,
                "statuses": op.errors.statuses.iter().map(|s| serde_json::json!({
                    "code": s.code,
                    "variant": s.variant,
                })).collect::<Vec<_>>(),
                "id_param": op.errors.statuses.iter().flat_map(|s| &s.reasons).find_map(|r| match r {
                    StatusReason::Id(wire) => Some(wire),
                    _ => None,
                }),
                "paging": op.paging.as_ref().map(|p| serde_json::json!({
                    "item": p.item.display_name(),
                    "form": match p.location {
                        ParamLocation::Path => "path",
                        // Paging is only ever detected in the path or the query.
                        _ => "query",
                    },
                    "offset": op.params.get(p.offset).map(|p| &p.wire),
                    "count": op.params.get(p.count).map(|p| &p.wire),
                    "total": p.total_field.is_some(),
                })),
                "params": params,
                "body": op.body.as_ref().map(|b| serde_json::json!({
                    "type": b.ty.display_name(),
                    "required": b.required,
                })),
                "output": output_type(&op.response.kind),
                "constructor": constructor_signature(op),
                "required_struct": op.required_struct.as_ref().map(|name| serde_json::json!({
                    "rust_path": sibling_path(spec, group, name),
                    "fields": op.constructor_inputs().iter().map(|input| input.field()).collect::<Vec<_>>(),
                })),
                "warnings": warnings_of(spec, op),
            }));
        }
    }
    serde_json::Value::Array(operations)
}

/// The warnings about `op`: those at or under its pointer, and those about its path item's
/// parameters.
fn warnings_of(spec: &Spec, op: &Operation) -> Vec<serde_json::Value> {
    let own = format!("{}/", op.pointer);
    let path_params = op
        .pointer
        .rsplit_once('/')
        .map(|(item, _)| format!("{item}/parameters/"));
    spec.api
        .warnings
        .iter()
        .filter(|w| {
            w.pointer == op.pointer
                || w.pointer.starts_with(&own)
                || path_params
                    .as_deref()
                    .is_some_and(|p| w.pointer.starts_with(p))
        })
        .map(|w| serde_json::json!({ "pointer": w.pointer, "message": w.message }))
        .collect()
}

/// The success type of an operation, as `list --json` names it.
pub fn output_type(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Empty => "()".to_owned(),
        ResponseKind::Bytes => "Download".to_owned(),
        ResponseKind::Json(ty) => ty.display_name(),
        ResponseKind::OptionalJson(ty) => format!("Option<{}>", ty.display_name()),
    }
}
