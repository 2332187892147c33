//! The structural check of an OpenAPI 3.x document, walked in place: every object is checked
//! for the members `openapiv3` needs (so that typing it afterwards cannot fail with a vague
//! message), schemas are normalised for the dialect on the way (see [`super::oas31`]), and every
//! `$ref` is recorded for resolution once the walk is done.

use serde_json::Value;

use super::check::{
    Checked, alternatives, each_entry_mut, each_item_mut, is_extension, member_mut, object,
    object_mut, opt_bool, opt_one_of, opt_string, opt_strings, path_key, req_string,
};
use super::ctx::{Ctx, Dialect};
use super::error::Problem;
use super::oas31;
use super::objects::{
    check_external_docs, check_info, check_security, check_security_scheme, check_server,
    check_tag, is_status_code,
};
use super::pointer::{self, Ptr};
use super::refs::RefKind;
use super::schema::check_schema;

/// The operations of a path item, in the order `openapiv3` lists them.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const QUERY_STYLES: &[&str] = &["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/// Checks (and for 3.1 normalises) the whole document at `root`.
pub(crate) fn check_document(root: &mut Value, ctx: &mut Ctx) -> Checked {
    let at = Ptr::Root;
    inline_path_refs(root);
    let map = object_mut(root, &at, "an OpenAPI document (an object)")?;
    if ctx.dialect == Dialect::Oas31 {
        oas31::normalise_document(map);
    }
    match map.get_mut("info") {
        Some(info) => check_info(info, &at.key("info"))?,
        None => {
            return Err(Problem::missing(
                &at,
                "info",
                "an info object with `title` and `version`",
            ));
        }
    }
    each_item_mut(
        map,
        &at,
        "servers",
        "an array of server objects",
        |v, at| check_server(v, at),
    )?;
    match map.get_mut("paths") {
        Some(paths) => check_paths(paths, &at.key("paths"), ctx)?,
        None => return Err(Problem::missing(&at, "paths", "an object of paths")),
    }
    member_mut(map, &at, "components", |v, at| check_components(v, at, ctx))?;
    if let Some(security) = map.get("security") {
        check_security(security, &at.key("security"))?;
    }
    each_item_mut(map, &at, "tags", "an array of tag objects", |v, at| {
        check_tag(v, at)
    })?;
    if let Some(docs) = map.get("externalDocs") {
        check_external_docs(docs, &at.key("externalDocs"))?;
    }
    Ok(())
}

/// Replaces path items given as a local `$ref` by what they point at: `openapiv3` keeps such an
/// item as a bare reference, which `OpenAPI::operations` skips, so its operations would be lost.
/// Only one hop is followed; a dangling reference stays and is reported by the resolution.
fn inline_path_refs(root: &mut Value) {
    let Some(Value::Object(paths)) = root.get("paths") else {
        return;
    };
    let replacements: Vec<(String, Value)> = paths
        .iter()
        .filter_map(|(path, item)| {
            let target = item.get("$ref")?.as_str()?;
            let resolved = pointer::resolve(root, target)?;
            let is_item = resolved.is_object() && resolved.get("$ref").is_none();
            is_item.then(|| (path.clone(), resolved.clone()))
        })
        .collect();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in replacements {
            paths.insert(path, item);
        }
    }
}

fn check_paths(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "an object of paths (`\"/...\": {...}`)")?;
    for (path, item) in map.iter_mut() {
        if is_extension(path) {
            continue;
        }
        let at = at.key(path);
        path_key(path, &at)?;
        check_path_item(item, &at, ctx)?;
    }
    Ok(())
}

fn check_path_item(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a path item object")?;
    match map.get("$ref") {
        Some(Value::String(target)) => {
            ctx.record(at, target, RefKind::PathItem);
            return Ok(());
        }
        Some(other) => return Err(Problem::found(&at.key("$ref"), "a reference string", other)),
        None => {}
    }
    for key in ["summary", "description"] {
        opt_string(map, at, key)?;
    }
    for method in METHODS {
        member_mut(map, at, method, |v, at| check_operation(v, at, ctx))?;
    }
    each_item_mut(map, at, "servers", "an array of server objects", |v, at| {
        check_server(v, at)
    })?;
    each_item_mut(map, at, "parameters", "an array of parameters", |v, at| {
        ref_or(v, at, ctx, RefKind::Parameter, check_parameter)
    })
}

fn check_operation(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "an operation object")?;
    opt_strings(map, at, "tags")?;
    for key in ["summary", "description", "operationId"] {
        opt_string(map, at, key)?;
    }
    opt_bool(map, at, "deprecated")?;
    if let Some(docs) = map.get("externalDocs") {
        check_external_docs(docs, &at.key("externalDocs"))?;
    }
    each_item_mut(map, at, "parameters", "an array of parameters", |v, at| {
        ref_or(v, at, ctx, RefKind::Parameter, check_parameter)
    })?;
    member_mut(map, at, "requestBody", |v, at| {
        ref_or(v, at, ctx, RefKind::RequestBody, check_request_body)
    })?;
    match map.get_mut("responses") {
        Some(responses) => check_responses(responses, &at.key("responses"), ctx)?,
        None => {
            return Err(Problem::missing(
                at,
                "responses",
                "an object of responses by status code",
            ));
        }
    }
    each_entry_mut(
        map,
        at,
        "callbacks",
        "an object of callbacks",
        // A `$ref` here is inlined once resolved (see `canonical`): the model has no
        // reference in this place.
        |_, v, at| ref_or(v, at, ctx, RefKind::Callback, check_callback),
    )?;
    if let Some(security) = map.get("security") {
        check_security(security, &at.key("security"))?;
    }
    each_item_mut(map, at, "servers", "an array of server objects", |v, at| {
        check_server(v, at)
    })
}

/// A check of one kind of object.
type CheckFn = fn(&mut Value, &Ptr<'_>, &mut Ctx) -> Checked;

/// Either `{"$ref": "..."}` (recorded for resolution) or what `check` accepts.
fn ref_or(
    value: &mut Value,
    at: &Ptr<'_>,
    ctx: &mut Ctx,
    kind: RefKind,
    check: CheckFn,
) -> Checked {
    if let Some(reference) = value.get("$ref") {
        return match reference {
            Value::String(target) => {
                ctx.record(at, target, kind);
                Ok(())
            }
            other => Err(Problem::found(&at.key("$ref"), "a reference string", other)),
        };
    }
    check(value, at, ctx)
}

fn check_parameter(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a parameter object")?;
    req_string(map, at, "name", "the parameter's name")?;
    let location = match map.get("in") {
        None => {
            return Err(Problem::missing(
                at,
                "in",
                format!("where the parameter goes: {}", alternatives(LOCATIONS)),
            ));
        }
        Some(_) => opt_one_of(map, at, "in", LOCATIONS)?.unwrap_or_default(),
    };
    let styles: &[&str] = match location {
        "query" => QUERY_STYLES,
        "path" => &["matrix", "label", "simple"],
        "header" => &["simple"],
        _ => &["form"],
    };
    opt_one_of(map, at, "style", styles)?;
    opt_string(map, at, "description")?;
    for key in [
        "required",
        "deprecated",
        "allowEmptyValue",
        "explode",
        "allowReserved",
    ] {
        opt_bool(map, at, key)?;
    }
    check_schema_or_content(map, at, ctx, "the parameter's value")?;
    each_entry_mut(map, at, "examples", "an object of examples", |_, v, at| {
        ref_or(v, at, ctx, RefKind::Example, check_example)
    })
}

/// Parameters and headers describe their value by exactly one of `schema` and `content`.
fn check_schema_or_content(
    map: &mut super::check::Object,
    at: &Ptr<'_>,
    ctx: &mut Ctx,
    what: &str,
) -> Checked {
    match (map.contains_key("schema"), map.contains_key("content")) {
        (true, false) => member_mut(map, at, "schema", |v, at| check_schema(v, at, ctx)),
        (false, true) => check_content(map, at, ctx),
        (false, false) => Err(Problem::new(
            at,
            format!("`schema` or `content` describing {what}"),
            "an object with neither",
        )),
        (true, true) => Err(Problem::new(
            at,
            "exactly one of `schema` and `content`",
            "both",
        )),
    }
}

fn check_content(map: &mut super::check::Object, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    each_entry_mut(
        map,
        at,
        "content",
        "an object of media types",
        |_, v, at| check_media_type(v, at, ctx),
    )
}

fn check_media_type(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a media type object")?;
    member_mut(map, at, "schema", |v, at| check_schema(v, at, ctx))?;
    each_entry_mut(map, at, "examples", "an object of examples", |_, v, at| {
        ref_or(v, at, ctx, RefKind::Example, check_example)
    })?;
    each_entry_mut(map, at, "encoding", "an object of encodings", |_, v, at| {
        check_encoding(v, at, ctx)
    })
}

fn check_encoding(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "an encoding object")?;
    opt_string(map, at, "contentType")?;
    opt_one_of(map, at, "style", QUERY_STYLES)?;
    for key in ["explode", "allowReserved"] {
        opt_bool(map, at, key)?;
    }
    each_entry_mut(map, at, "headers", "an object of headers", |_, v, at| {
        ref_or(v, at, ctx, RefKind::Header, check_header)
    })
}

fn check_request_body(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a request body object")?;
    opt_string(map, at, "description")?;
    opt_bool(map, at, "required")?;
    check_content(map, at, ctx)
}

fn check_responses(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "an object of responses by status code")?;
    for (code, response) in map.iter_mut() {
        if is_extension(code) {
            continue;
        }
        let at = at.key(code);
        if code != "default" && !is_status_code(code) {
            return Err(Problem::new(
                &at,
                "a status code (`200`, `4XX`) or `default`",
                format!("{code:?}"),
            ));
        }
        ref_or(response, &at, ctx, RefKind::Response, check_response)?;
    }
    Ok(())
}

/// A response; a missing `description` (required, but often left out) is taken as empty.
fn check_response(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a response object")?;
    if !map.contains_key("description") {
        map.insert("description".to_owned(), Value::from(""));
    }
    opt_string(map, at, "description")?;
    each_entry_mut(map, at, "headers", "an object of headers", |_, v, at| {
        ref_or(v, at, ctx, RefKind::Header, check_header)
    })?;
    check_content(map, at, ctx)?;
    each_entry_mut(map, at, "links", "an object of links", |_, v, at| {
        ref_or(v, at, ctx, RefKind::Link, check_link)
    })
}

fn check_header(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a header object")?;
    opt_string(map, at, "description")?;
    opt_one_of(map, at, "style", &["simple"])?;
    for key in ["required", "deprecated", "explode"] {
        opt_bool(map, at, key)?;
    }
    check_schema_or_content(map, at, ctx, "the header's value")?;
    each_entry_mut(map, at, "examples", "an object of examples", |_, v, at| {
        ref_or(v, at, ctx, RefKind::Example, check_example)
    })
}

fn check_example(value: &mut Value, at: &Ptr<'_>, _ctx: &mut Ctx) -> Checked {
    let map = object(value, at, "an example object")?;
    for key in ["summary", "description", "externalValue"] {
        opt_string(map, at, key)?;
    }
    Ok(())
}

fn check_link(value: &mut Value, at: &Ptr<'_>, _ctx: &mut Ctx) -> Checked {
    let map = object(value, at, "a link object")?;
    let by_ref = opt_string(map, at, "operationRef")?;
    let by_id = opt_string(map, at, "operationId")?;
    match (by_ref, by_id) {
        (Some(_), None) | (None, Some(_)) => {}
        (None, None) => {
            return Err(Problem::new(
                at,
                "`operationRef` or `operationId`",
                "an object with neither",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(Problem::new(
                at,
                "exactly one of `operationRef` and `operationId`",
                "both",
            ));
        }
    }
    opt_string(map, at, "description")?;
    if let Some(parameters) = map.get("parameters") {
        object(
            parameters,
            &at.key("parameters"),
            "an object of parameter values",
        )?;
    }
    if let Some(server) = map.get("server") {
        check_server(server, &at.key("server"))?;
    }
    Ok(())
}

/// A callback: path items by expression. The model has no room for extensions or `$ref`s
/// here, so extensions are dropped and a `$ref`'d path item is an error.
fn check_callback(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a callback object")?;
    map.retain(|key, _| !is_extension(key));
    for (expression, item) in map.iter_mut() {
        let at = at.key(expression);
        if let Some(reference) = item.get("$ref") {
            return Err(Problem::found(
                &at.key("$ref"),
                "an inline path item (the model cannot hold a `$ref` here)",
                reference,
            ));
        }
        check_path_item(item, &at, ctx)?;
    }
    Ok(())
}

fn check_components(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    let map = object_mut(value, at, "a components object")?;
    each_entry_mut(map, at, "schemas", "an object of schemas", |_, v, at| {
        check_schema(v, at, ctx)
    })?;
    let sections: [(&str, RefKind, CheckFn); 8] = [
        ("responses", RefKind::Response, check_response),
        ("parameters", RefKind::Parameter, check_parameter),
        ("examples", RefKind::Example, check_example),
        ("requestBodies", RefKind::RequestBody, check_request_body),
        ("headers", RefKind::Header, check_header),
        ("securitySchemes", RefKind::SecurityScheme, |v, at, _| {
            check_security_scheme(v, at)
        }),
        ("links", RefKind::Link, check_link),
        ("callbacks", RefKind::Callback, check_callback),
    ];
    for (section, kind, check) in sections {
        each_entry_mut(map, at, section, "an object of components", |_, v, at| {
            ref_or(v, at, ctx, kind, check)
        })?;
    }
    Ok(())
}
