//! OpenAPI 3.1 to what the 3.0 model (`openapiv3`) can hold.
//!
//! Schemas (JSON Schema 2020-12 in 3.1) are rewritten node by node as the walk meets them:
//! - `true` / `false` schemas become `{}` / `{"not": {}}`;
//! - `type: [T, "null"]` becomes `type: T, nullable: true` (several non-null types become an
//!   `anyOf` of one schema per type);
//! - `const: v` becomes `enum: [v]`;
//! - an `examples` array becomes `example` (its first element);
//! - numeric `exclusiveMinimum: n` becomes `minimum: n, exclusiveMinimum: true` (likewise max);
//! - `contentEncoding: base64` / `contentMediaType` on strings become `format: byte` / `binary`;
//! - a `$ref` with siblings that change its meaning becomes `allOf: [{$ref}]` plus the siblings
//!   (in 3.0 siblings of `$ref` are ignored, so they would be lost otherwise).
//!
//! At the document level `openapi: 3.1.x` becomes `3.0.3`, `webhooks`, `jsonSchemaDialect` and
//! `components/pathItems` are dropped (a client generator has no use for them) and a missing
//! `paths` becomes `{}`.

use serde_json::{Map, Value, json};

use super::check::{Checked, Object};
use super::error::Problem;
use super::pointer::Ptr;
use super::schema::TYPES;

/// Members that may stand beside a `$ref` without changing what it means.
const ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "$comment",
    "example",
    "examples",
];

/// Rewrites the 3.1 document-level members the 3.0 model has no place for.
pub(crate) fn normalise_document(root: &mut Object) {
    root.insert("openapi".to_owned(), Value::from("3.0.3"));
    root.shift_remove("webhooks");
    root.shift_remove("jsonSchemaDialect");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.shift_remove("pathItems");
    }
    if !root.contains_key("paths") {
        // 3.1 made `paths` optional; the 3.0 model requires it. Keep it after `info`.
        let mut reordered = Map::with_capacity(root.len() + 1);
        for (key, value) in std::mem::take(root) {
            let after_info = key == "info";
            reordered.insert(key, value);
            if after_info {
                reordered.insert("paths".to_owned(), json!({}));
            }
        }
        reordered.entry("paths").or_insert_with(|| json!({}));
        *root = reordered;
    }
}

/// Rewrites one 3.1 schema node (not its subschemas: the walk visits those) into 3.0 form.
pub(crate) fn normalise_schema(value: &mut Value, at: &Ptr<'_>) -> Checked {
    let map = match value {
        Value::Bool(true) => {
            *value = json!({});
            return Ok(());
        }
        Value::Bool(false) => {
            *value = json!({"not": {}});
            return Ok(());
        }
        Value::Object(map) => map,
        // Not a schema at all; the 3.0 check reports it.
        _ => return Ok(()),
    };
    if map.get("$ref").is_some_and(Value::is_string) {
        wrap_ref_with_siblings(map);
        if map.contains_key("$ref") {
            return Ok(());
        }
    }
    normalise_type(map, at)?;
    if let Some(constant) = map.shift_remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.shift_remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    exclusive_bound(map, "exclusiveMinimum", "minimum", |bound, old| {
        bound >= old
    });
    exclusive_bound(map, "exclusiveMaximum", "maximum", |bound, old| {
        bound <= old
    });
    if map.get("type").and_then(Value::as_str) == Some("string") && !map.contains_key("format") {
        let format = match map.get("contentEncoding").and_then(Value::as_str) {
            Some("base64") => Some("byte"),
            _ if map.contains_key("contentMediaType") => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            map.insert("format".to_owned(), Value::from(format));
        }
    }
    Ok(())
}

/// `type` as a list (or `"null"`): `nullable` carries the null, the rest stays a single type.
fn normalise_type(map: &mut Object, at: &Ptr<'_>) -> Checked {
    let types: Vec<String> = match map.get("type") {
        Some(Value::String(single)) if single == "null" => vec![single.clone()],
        Some(Value::Array(items)) => {
            let at = at.key("type");
            let mut types = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(name) if name == "null" || TYPES.contains(&name) => {
                        types.push(name.to_owned());
                    }
                    _ => {
                        return Err(Problem::found(
                            &at.index(index),
                            "one of string, number, integer, boolean, array, object or null",
                            item,
                        ));
                    }
                }
            }
            types
        }
        _ => return Ok(()),
    };
    let nullable = types.iter().any(|name| name == "null");
    let mut concrete: Vec<String> = types.into_iter().filter(|name| name != "null").collect();
    concrete.dedup();
    map.shift_remove("type");
    if nullable {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    match concrete.as_slice() {
        [] if nullable => {
            // Only `null` is allowed.
            map.entry("enum").or_insert_with(|| json!([null]));
        }
        [] => {}
        [single] => {
            map.insert("type".to_owned(), Value::from(single.as_str()));
        }
        several if !map.contains_key("anyOf") => {
            let choices = several.iter().map(|name| json!({ "type": name })).collect();
            map.insert("anyOf".to_owned(), Value::Array(choices));
        }
        // Both a type list and an `anyOf`: the schema stays untyped rather than guessing.
        _ => {}
    }
    Ok(())
}

/// 3.1's numeric `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`; an
/// existing `minimum` is kept when it is the stricter bound (`stricter(new, old)` says when not).
fn exclusive_bound(
    map: &mut Object,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(bound)) = map.get(exclusive) else {
        return;
    };
    let bound = bound.clone();
    let replace = match map.get(inclusive).and_then(Value::as_f64) {
        Some(old) => bound.as_f64().is_some_and(|new| stricter(new, old)),
        None => true,
    };
    if replace {
        map.insert(inclusive.to_owned(), Value::Number(bound));
        map.insert(exclusive.to_owned(), Value::Bool(true));
    } else {
        map.shift_remove(exclusive);
    }
}

fn wrap_ref_with_siblings(map: &mut Object) {
    let meaningful = map
        .keys()
        .any(|key| key != "$ref" && !ANNOTATIONS.contains(&key.as_str()));
    if !meaningful {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let target = json!({ "$ref": reference });
    match map.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, target),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(vec![target]));
        }
    }
}
