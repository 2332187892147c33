//! Operations -> call groups of [`Operation`]s: finding them, grouping them by call group,
//! naming them, and putting each together from its parameters, body, response and statuses
//! (lowered in `params`, `bodies` and `status`).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation as OaOperation, PathItem, ReferenceOr};

use crate::ir::{Group, Method, Operation, Warning};
use crate::lower::naming::{
    RESERVED_MODULES, RESERVED_TYPES, Vocabulary, counts, dedupe, group_of, method_path_name,
    operation_name, pascal, pascal_suffix, snake, snake_suffix, unraw,
};
use crate::lower::path_key::PathKey;
use crate::lower::schema::{TypeLowerer, clean};
use crate::lower::{LowerError, LowerOptions, bodies, paging, params, status};

/// An operation found in the document, before naming.
pub(crate) struct Found<'a> {
    /// The path template (the key without its `?`/`#` suffix, see `lower::path_key`).
    pub(crate) path: &'a str,
    /// Query pairs the key's `?` suffix sends with every request.
    pub(crate) constant_query: Vec<(String, String)>,
    /// The key's `#` suffix (`X-Amz-Target=Service.Action`), for the header it may fix.
    pub(crate) fragment: Option<String>,
    pub(crate) method: Method,
    pub(crate) op: &'a OaOperation,
    pub(crate) item: &'a PathItem,
    pub(crate) pointer: String,
}

/// Lowers every operation, grouped by call group and named.
pub(crate) fn lower_operations(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    options: &LowerOptions,
) -> Result<(Vec<Group>, Vec<Warning>), LowerError> {
    let mut warnings = Vec::new();
    let vocabulary = Vocabulary::of(doc);
    let mut by_group: BTreeMap<String, Vec<Found<'_>>> = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        let path_pointer = format!("#/paths/{}", crate::load::pointer::escape(path));
        let ReferenceOr::Item(item) = item else {
            warnings.push(Warning {
                pointer: path_pointer,
                message: "path item `$ref` is not supported: skipped".into(),
            });
            continue;
        };
        // A key the client cannot send costs its own operations, never the document.
        let key = match PathKey::parse(path) {
            Ok(key) => key,
            Err(why) => {
                warnings.push(Warning {
                    pointer: path_pointer,
                    message: format!("{why}: the operations of this path are skipped"),
                });
                continue;
            }
        };
        let methods: [(&str, &Option<OaOperation>); 8] = [
            ("get", &item.get),
            ("put", &item.put),
            ("post", &item.post),
            ("delete", &item.delete),
            ("patch", &item.patch),
            ("head", &item.head),
            ("options", &item.options),
            ("trace", &item.trace),
        ];
        for (name, op) in methods {
            let Some(op) = op else { continue };
            let pointer = format!("{path_pointer}/{name}");
            let Some(method) = Method::parse(name) else {
                warnings.push(Warning {
                    pointer,
                    message: format!(
                        "{} operations are not supported by the runtime: skipped",
                        name.to_ascii_uppercase()
                    ),
                });
                continue;
            };
            by_group
                .entry(group_of(key.template))
                .or_default()
                .push(Found {
                    path: key.template,
                    constant_query: key.constant_query.clone(),
                    fragment: key.fragment.clone(),
                    method,
                    op,
                    item,
                    pointer,
                });
        }
    }

    let wires: Vec<String> = by_group.keys().cloned().collect();
    let module_bases: Vec<String> = wires.iter().map(|w| snake(w)).collect();
    let reserved: BTreeSet<String> = RESERVED_MODULES.iter().map(|m| (*m).to_owned()).collect();
    let module_names = dedupe(&module_bases, &reserved, snake_suffix);

    let mut groups = Vec::new();
    for ((wire, mut found), name) in by_group.into_iter().zip(module_names) {
        found.sort_by(|a, b| (a.path, a.method).cmp(&(b.path, b.method)));
        let names = name_operations(&found, &vocabulary);
        let mut operations = Vec::with_capacity(found.len());
        for (f, (fn_name, type_name)) in found.iter().zip(names) {
            let op = lower_operation(doc, types, options, f, fn_name, type_name, &mut warnings)?;
            operations.push(op);
        }
        name_required_structs(&mut operations);
        groups.push(Group {
            name,
            wire,
            operations,
        });
    }
    Ok((groups, warnings))
}

/// Function and type names for the operations of one group (sorted by path, method).
///
/// The operationId gives the name (`DiaryController_GetAllocations` -> `get_allocations`);
/// without one, method and path do. When several operations would get the same name, all of
/// them use the method-and-path name instead, and any clash left gets a numeric suffix.
fn name_operations(found: &[Found<'_>], vocabulary: &Vocabulary) -> Vec<(String, String)> {
    let by_path: Vec<String> = found
        .iter()
        .map(|f| method_path_name(f.method.as_str(), f.path, vocabulary))
        .collect();
    let primary: Vec<String> = found
        .iter()
        .zip(&by_path)
        .map(|(f, fallback)| {
            operation_name(f.op.operation_id.as_deref()).unwrap_or_else(|| fallback.clone())
        })
        .collect();
    let count = counts(&primary);
    let chosen: Vec<String> = primary
        .iter()
        .zip(&by_path)
        .map(|(p, fallback)| {
            if count[p.as_str()] > 1 {
                fallback.clone()
            } else {
                p.clone()
            }
        })
        .collect();
    let fn_names = dedupe(&chosen, &BTreeSet::new(), snake_suffix);

    // Type names: the request struct and its error enum must both be free.
    let mut used: BTreeSet<String> = RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect();
    let mut out = Vec::with_capacity(fn_names.len());
    for fn_name in fn_names {
        let base = pascal(unraw(&fn_name));
        let mut type_name = base.clone();
        let mut n = 2;
        while used.contains(&type_name) || used.contains(&format!("{type_name}Error")) {
            type_name = pascal_suffix(&base, n);
            n += 1;
        }
        used.insert(type_name.clone());
        used.insert(format!("{type_name}Error"));
        out.push((fn_name, type_name));
    }
    out
}

/// Whether `new` takes its inputs as one struct: when two or more of them have the same Rust
/// type, a call with two swapped compiles, so they are named at the call instead.
///
/// The emitter takes a `String` as `impl Into<String>`, a list of strings as any iterator of
/// them, dates as anything converting to them, everything else as it is: one argument type
/// per `TypeRef` and a different one for each, so "the same argument type" is "the same
/// `TypeRef`". A required body is taken as it is, but a `String` body and a `String`
/// parameter accept the same value (and could be swapped), so they count as the same too.
pub(crate) fn takes_required_struct(op: &Operation) -> bool {
    let inputs = op.constructor_inputs();
    inputs
        .iter()
        .enumerate()
        .any(|(i, a)| inputs[..i].iter().any(|b| a.ty() == b.ty()))
}

/// Names the required-inputs struct of each operation of one call group that takes one
/// ([`takes_required_struct`]): `<Request>Required`, with a numeric suffix when another type
/// of the group (a request type, an error alias, another such struct) already has the name.
fn name_required_structs(operations: &mut [Operation]) {
    let mut used: BTreeSet<String> = RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect();
    for op in operations.iter() {
        used.insert(op.type_name.clone());
        used.insert(op.error_name.clone());
    }
    for op in operations.iter_mut() {
        if !takes_required_struct(op) {
            continue;
        }
        let base = format!("{}Required", unraw(&op.type_name));
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = pascal_suffix(&base, n);
            n += 1;
        }
        used.insert(name.clone());
        op.required_struct = Some(name);
    }
}

fn lower_operation(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    options: &LowerOptions,
    f: &Found<'_>,
    fn_name: String,
    type_name: String,
    warnings: &mut Vec<Warning>,
) -> Result<Operation, LowerError> {
    let op = f.op;
    // Body first, so a parameter called `body` can be renamed.
    let body = match &op.request_body {
        Some(body) => bodies::lower_body(doc, types, body, &type_name, &f.pointer, warnings)?,
        None => None,
    };
    let (params, segments, constant_headers) =
        params::lower_params(doc, types, f, &type_name, body.is_some(), warnings)?;
    let response =
        bodies::lower_response(doc, types, op, f.method, &type_name, &f.pointer, warnings)?;
    // Paging first: its window is no resource id for the status policy.
    let paging = paging::detect(&params, &response, types);
    let window: Vec<usize> = paging.iter().flat_map(|p| [p.offset, p.count]).collect();
    let errors = status::error_set(
        op,
        &params,
        &window,
        body.is_some(),
        &options.policy,
        &f.pointer,
    )?;
    let operation = Operation {
        operation_id: op.operation_id.clone(),
        // One spelling in the type, the logs and the reports: without an operationId, the
        // request type's name.
        id: op.operation_id.clone().unwrap_or_else(|| type_name.clone()),
        error_name: format!("{type_name}Error"),
        fn_name,
        type_name,
        method: f.method,
        path: f.path.to_owned(),
        segments,
        constant_query: f.constant_query.clone(),
        constant_headers,
        params,
        body,
        response,
        paging,
        // Named once the group's operations are all known (`name_required_structs`).
        required_struct: None,
        secret_fields: Vec::new(),
        errors,
        summary: clean(&op.summary),
        description: clean(&op.description),
        deprecated: op.deprecated,
        pointer: f.pointer.clone(),
    };
    Ok(operation)
}
