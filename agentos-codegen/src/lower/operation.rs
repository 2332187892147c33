//! Operations -> call groups of [`Operation`]s: names, parameters, bodies, responses, statuses.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathItem,
    QueryStyle, ReferenceOr, RequestBody, Response as OaResponse, Schema, StatusCode,
};

use crate::ir::{
    Body, Group, Method, Operation, Param, ParamLocation, Response, ResponseKind, Segment, TypeRef,
    Warning,
};
use crate::lower::naming::{
    RESERVED_TYPES, counts, dedupe, group_of, is_short_name, method_path_name, operation_name,
    pascal, pascal_suffix, setter_name, snake, snake_suffix, unraw,
};
use crate::lower::schema::{Hint, TypeLowerer, clean, is_binary};
use crate::lower::status::{OperationFacts, STATUS_EXTENSION, StatusPolicy};
use crate::lower::{LowerError, LowerOptions, paging, refs};

/// An operation found in the document, before naming.
struct Found<'a> {
    path: &'a str,
    method: Method,
    op: &'a OaOperation,
    item: &'a PathItem,
    pointer: String,
}

/// Lowers every operation, grouped by call group and named.
pub(crate) fn lower_operations(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    options: &LowerOptions,
) -> Result<(Vec<Group>, Vec<Warning>), LowerError> {
    let mut warnings = Vec::new();
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
            by_group.entry(group_of(path)).or_default().push(Found {
                path,
                method,
                op,
                item,
                pointer,
            });
        }
    }

    let wires: Vec<String> = by_group.keys().cloned().collect();
    let module_bases: Vec<String> = wires.iter().map(|w| snake(w)).collect();
    let reserved: BTreeSet<String> = crate::emit::RESERVED_MODULES
        .iter()
        .map(|m| (*m).to_owned())
        .collect();
    let module_names = dedupe(&module_bases, &reserved, snake_suffix);

    let mut groups = Vec::new();
    for ((wire, mut found), name) in by_group.into_iter().zip(module_names) {
        found.sort_by(|a, b| (a.path, a.method).cmp(&(b.path, b.method)));
        let names = name_operations(&found);
        let mut operations = Vec::with_capacity(found.len());
        for (f, (fn_name, type_name)) in found.iter().zip(names) {
            let op = lower_operation(doc, types, options, f, fn_name, type_name, &mut warnings)?;
            operations.push(op);
        }
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
fn name_operations(found: &[Found<'_>]) -> Vec<(String, String)> {
    let by_path: Vec<String> = found
        .iter()
        .map(|f| method_path_name(f.method.as_str(), f.path))
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

/// A parameter after `$ref` resolution, before typing.
struct RawParam<'a> {
    data: &'a openapiv3::ParameterData,
    location: ParamLocation,
    explode: bool,
    pointer: String,
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
    let raw = collect_params(doc, f, warnings)?;

    // Body first, so a parameter called `body` can be renamed.
    let body = match &op.request_body {
        Some(body) => lower_body(doc, types, body, &type_name, &f.pointer, warnings)?,
        None => None,
    };

    let mut reserved = BTreeSet::new();
    if body.is_some() {
        reserved.insert("body".to_owned());
    }
    let bases: Vec<String> = raw.iter().map(|p| snake(&p.data.name)).collect();
    let fields = dedupe(&bases, &reserved, snake_suffix);
    let setter_bases: Vec<String> = fields.iter().map(|f| setter_name(f)).collect();
    let setters = dedupe(&setter_bases, &BTreeSet::new(), snake_suffix);

    let mut params = Vec::with_capacity(raw.len());
    for ((p, field), setter) in raw.iter().zip(fields).zip(setters) {
        let hint = Hint::new(
            Some(&type_name),
            &p.data.name,
            format!("{} {} parameter `{}`", f.method, f.path, p.data.name),
        );
        let schema = param_schema(p.data);
        let mut ty = match &schema {
            Some(schema) => types.type_of(schema, &hint, &format!("{}/schema", p.pointer))?,
            None => TypeRef::String,
        };
        if !writable(&ty, types) {
            warnings.push(Warning {
                pointer: p.pointer.clone(),
                message: format!(
                    "parameter `{}` of type {} cannot be written into a URL as it is: sent as JSON text",
                    p.data.name,
                    ty.display_name()
                ),
            });
            ty = TypeRef::Json;
        }
        params.push(Param {
            wire: p.data.name.clone(),
            field,
            setter,
            location: p.location,
            ty,
            required: p.data.required || p.location == ParamLocation::Path,
            explode: p.explode,
            description: clean(&p.data.description),
            deprecated: p.data.deprecated.unwrap_or(false),
        });
    }

    let segments = parse_template(f.path, &mut params, &f.pointer, warnings)?;
    let response = lower_response(doc, types, op, &type_name, &f.pointer, warnings)?;

    let facts = facts(op, &params, body.is_some());
    let errors = match status_override(op, &f.pointer)? {
        Some(codes) => StatusPolicy::from_extension(&codes, &facts),
        None => options.policy.apply(&facts),
    };

    let mut operation = Operation {
        operation_id: op.operation_id.clone(),
        id: op.operation_id.clone().unwrap_or_else(|| fn_name.clone()),
        error_name: format!("{type_name}Error"),
        fn_name,
        type_name,
        method: f.method,
        path: f.path.to_owned(),
        segments,
        params,
        body,
        response,
        paging: None,
        errors,
        summary: clean(&op.summary),
        description: clean(&op.description),
        deprecated: op.deprecated,
        pointer: f.pointer.clone(),
    };
    operation.paging = paging::detect(&operation, types);
    Ok(operation)
}

/// Path-item and operation parameters merged (the operation's win), `$ref`s resolved, and the
/// ones the client supplies itself (`shortName`, `api_key`) or cannot send (headers, cookies)
/// left out.
fn collect_params<'a>(
    doc: &'a OpenAPI,
    f: &Found<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<RawParam<'a>>, LowerError> {
    let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String)> = IndexMap::new();
    let path_pointer = f.pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let sources = [
        (&f.item.parameters, format!("{path_pointer}/parameters")),
        (&f.op.parameters, format!("{}/parameters", f.pointer)),
    ];
    for (list, base) in sources {
        for (i, param) in list.iter().enumerate() {
            let pointer = format!("{base}/{i}");
            let param = refs::resolve(doc.components.as_ref(), param, &pointer)?.item;
            let kind = match param {
                Parameter::Query { .. } => "query",
                Parameter::Path { .. } => "path",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            let name = param.parameter_data_ref().name.clone();
            merged.insert((name, kind), (param, pointer));
        }
    }
    let mut out = Vec::new();
    for ((name, _), (param, pointer)) in merged {
        let data = param.parameter_data_ref();
        let (location, explode) = match param {
            Parameter::Path { .. } if is_short_name(&format!("{{{name}}}")) => continue,
            Parameter::Path { .. } => (ParamLocation::Path, data.explode.unwrap_or(false)),
            Parameter::Query { style, .. } => {
                if name.eq_ignore_ascii_case("api_key") {
                    continue;
                }
                let default = matches!(style, QueryStyle::Form);
                (ParamLocation::Query, data.explode.unwrap_or(default))
            }
            Parameter::Header { .. } | Parameter::Cookie { .. } => {
                if !name.eq_ignore_ascii_case("api_key") {
                    warnings.push(Warning {
                        pointer,
                        message: format!(
                            "header and cookie parameters are not sent by generated code: `{name}` skipped"
                        ),
                    });
                }
                continue;
            }
        };
        out.push(RawParam {
            data,
            location,
            explode,
            pointer,
        });
    }
    Ok(out)
}

/// The schema of a parameter (from `schema`, or the first `content` entry).
fn param_schema(data: &openapiv3::ParameterData) -> Option<ReferenceOr<Schema>> {
    match &data.format {
        ParameterSchemaOrContent::Schema(schema) => Some(schema.clone()),
        ParameterSchemaOrContent::Content(content) => {
            content.values().next().and_then(|m| m.schema.clone())
        }
    }
}

/// Whether a parameter of this type can be written with `Display` (arrays: per element).
fn writable(ty: &TypeRef, types: &TypeLowerer<'_>) -> bool {
    let display = |t: &TypeRef| match t {
        TypeRef::Model(name) => types
            .model(name)
            .is_some_and(|m| matches!(m.kind, crate::ir::ModelKind::Enum(_))),
        TypeRef::Bytes | TypeRef::Vec(_) | TypeRef::Map(_) => false,
        _ => true,
    };
    match ty {
        TypeRef::Vec(inner) => display(inner),
        other => display(other),
    }
}

/// Splits a path template into literals, the short name and parameters. A templated name
/// with no declared parameter becomes a required string parameter (with a warning).
fn parse_template(
    path: &str,
    params: &mut Vec<Param>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Segment>, LowerError> {
    let mut segments = Vec::new();
    let mut rest = path;
    let mut seen = BTreeSet::new();
    while !rest.is_empty() {
        match rest.find('{') {
            Some(start) => {
                if start > 0 {
                    push_literal(&mut segments, &rest[..start], pointer)?;
                }
                let after = &rest[start + 1..];
                let end = after.find('}').ok_or_else(|| {
                    LowerError::new(
                        pointer,
                        format!("expected `}}` closing a parameter in path `{path}`"),
                    )
                })?;
                let name = &after[..end];
                if name.is_empty() || name.contains('{') {
                    return Err(LowerError::new(
                        pointer,
                        format!("expected a parameter name between `{{` and `}}` in path `{path}`"),
                    ));
                }
                if is_short_name(&format!("{{{name}}}")) {
                    segments.push(Segment::ShortName);
                } else {
                    let index = find_path_param(params, name).unwrap_or_else(|| {
                        warnings.push(Warning {
                            pointer: pointer.to_owned(),
                            message: format!(
                                "path parameter `{name}` is not declared: typed as a string"
                            ),
                        });
                        let field = dedupe(
                            &[snake(name)],
                            &params.iter().map(|p| p.field.clone()).collect(),
                            snake_suffix,
                        )
                        .remove(0);
                        params.push(Param {
                            wire: name.to_owned(),
                            setter: setter_name(&field),
                            field,
                            location: ParamLocation::Path,
                            ty: TypeRef::String,
                            required: true,
                            explode: false,
                            description: None,
                            deprecated: false,
                        });
                        params.len() - 1
                    });
                    seen.insert(index);
                    segments.push(Segment::Param(index));
                }
                rest = &after[end + 1..];
            }
            None => {
                if rest.contains('}') {
                    return Err(LowerError::new(
                        pointer,
                        format!("expected `{{` before `}}` in path `{path}`"),
                    ));
                }
                push_literal(&mut segments, rest, pointer)?;
                rest = "";
            }
        }
    }
    // Declared path parameters the template does not use cannot be sent: drop them.
    let unused: Vec<usize> = params
        .iter()
        .enumerate()
        .filter(|(i, p)| p.location == ParamLocation::Path && !seen.contains(i))
        .map(|(i, _)| i)
        .collect();
    if !unused.is_empty() {
        for &i in &unused {
            warnings.push(Warning {
                pointer: pointer.to_owned(),
                message: format!(
                    "path parameter `{}` does not appear in the path template: skipped",
                    params[i].wire
                ),
            });
        }
        let mut remap = Vec::with_capacity(params.len());
        let mut kept = Vec::new();
        for (i, p) in params.drain(..).enumerate() {
            if unused.contains(&i) {
                remap.push(usize::MAX);
            } else {
                remap.push(kept.len());
                kept.push(p);
            }
        }
        *params = kept;
        for segment in &mut segments {
            if let Segment::Param(i) = segment {
                *i = remap[*i];
            }
        }
    }
    Ok(segments)
}

fn push_literal(segments: &mut Vec<Segment>, text: &str, pointer: &str) -> Result<(), LowerError> {
    if text.contains('}') {
        return Err(LowerError::new(
            pointer,
            format!("expected `{{` before `}}` in path text `{text}`"),
        ));
    }
    segments.push(Segment::Literal(text.to_owned()));
    Ok(())
}

fn find_path_param(params: &[Param], name: &str) -> Option<usize> {
    let is_path = |p: &&Param| p.location == ParamLocation::Path;
    params
        .iter()
        .position(|p| is_path(&p) && p.wire == name)
        .or_else(|| {
            params
                .iter()
                .position(|p| is_path(&p) && p.wire.eq_ignore_ascii_case(name))
        })
}

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

fn lower_body(
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
fn lower_response(
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

fn facts(op: &OaOperation, params: &[Param], has_body: bool) -> OperationFacts {
    let mut declared = Vec::new();
    let mut ranges = Vec::new();
    for (code, response) in &op.responses.responses {
        match code {
            StatusCode::Code(n) if *n >= 300 => {
                let description = match response {
                    ReferenceOr::Item(r) => r.description.trim().to_owned(),
                    ReferenceOr::Reference { reference } => reference.clone(),
                };
                declared.push((*n, description));
            }
            StatusCode::Range(n) if *n >= 3 => ranges.push(*n),
            _ => {}
        }
    }
    declared.sort();
    ranges.sort_unstable();
    OperationFacts {
        declared,
        declared_default: op.responses.default.is_some(),
        declared_ranges: ranges,
        has_inputs: !params.is_empty() || has_body,
        has_path_params: params.iter().any(|p| p.location == ParamLocation::Path),
    }
}

/// Reads `x-agentos-statuses`: a list of error status codes (integers from 300 to 999).
fn status_override(op: &OaOperation, op_pointer: &str) -> Result<Option<Vec<u16>>, LowerError> {
    let Some(value) = op.extensions.get(STATUS_EXTENSION) else {
        return Ok(None);
    };
    let pointer = format!("{op_pointer}/{STATUS_EXTENSION}");
    let list = value.as_array().ok_or_else(|| {
        LowerError::new(
            &pointer,
            format!("expected a list of status codes, found {}", kind_of(value)),
        )
    })?;
    let mut codes = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let code = item
            .as_u64()
            .or_else(|| item.as_str().and_then(|s| s.trim().parse().ok()))
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (300..=999).contains(n))
            .ok_or_else(|| {
                LowerError::new(
                    &format!("{pointer}/{i}"),
                    format!("expected an error status code (300-999), found {item}"),
                )
            })?;
        codes.push(code);
    }
    Ok(Some(codes))
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}
