//! Schema objects: brought to their OpenAPI 3.0 form (per the dialect being read) and checked
//! node by node, so that every subschema is one `openapiv3::Schema` can hold.

use serde_json::Value;

use super::check::{
    Checked, each_entry_mut, each_item_mut, object_mut, opt_array, opt_bool, opt_count, opt_number,
    opt_one_of, opt_string, opt_strings,
};
use super::ctx::{Ctx, Dialect};
use super::error::Problem;
use super::pointer::Ptr;
use super::refs::RefKind;
use super::{oas31, objects, swagger2};

/// The `type`s of OpenAPI 3.0.
pub(crate) const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

const SCHEMA: &str = "a schema object";

const BOOLS: [&str; 7] = [
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];
const NUMBERS: [&str; 3] = ["multipleOf", "minimum", "maximum"];
const COUNTS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// What one pass over a schema's members found.
struct Members {
    /// Every member the ordered checks of [`check_schema`] read holds what they accept.
    plain_valid: bool,
    /// A `discriminator` or `externalDocs` is there.
    documented: bool,
    /// A member holding subschemas is there.
    nested: bool,
}

impl Members {
    fn of(map: &serde_json::Map<String, Value>) -> Members {
        let mut found = Members {
            plain_valid: true,
            documented: false,
            nested: false,
        };
        for (key, value) in map {
            let key = key.as_str();
            let valid = match key {
                "type" => matches!(value, Value::String(s) if TYPES.contains(&s.as_str())),
                "format" | "pattern" | "title" | "description" => value.is_string(),
                "required" => {
                    matches!(value, Value::Array(items) if items.iter().all(Value::is_string))
                }
                "enum" => value.is_array(),
                "discriminator" | "externalDocs" => {
                    found.documented = true;
                    true
                }
                "properties"
                | "additionalProperties"
                | "items"
                | "allOf"
                | "oneOf"
                | "anyOf"
                | "not" => {
                    found.nested = true;
                    true
                }
                _ if BOOLS.contains(&key) => value.is_boolean(),
                _ if NUMBERS.contains(&key) => value.is_number(),
                _ if COUNTS.contains(&key) => matches!(
                    value,
                    Value::Number(n) if n.as_u64().is_some_and(|n| usize::try_from(n).is_ok())
                ),
                _ => true,
            };
            found.plain_valid &= valid;
        }
        found
    }
}

/// Normalises the schema at `at` (and its subschemas) for `ctx.dialect` and checks it.
pub(crate) fn check_schema(value: &mut Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked {
    // Recorded before the dialect may rewrite or wrap the reference, so that an error names the
    // reference where it was written.
    if let Some(Value::String(target)) = value.get("$ref") {
        ctx.record(at, target, RefKind::Schema);
    }
    match ctx.dialect {
        Dialect::Swagger2 => swagger2::normalise_schema(value, at)?,
        Dialect::Oas31 => oas31::normalise_schema(value, at)?,
        Dialect::Oas30 => {}
    }
    let map = object_mut(value, at, SCHEMA)?;
    if let Some(reference) = map.get("$ref") {
        // Members beside a `$ref` are ignored in 2.0 and 3.0 (3.1's were handled above).
        return match reference {
            Value::String(_) => Ok(()),
            other => Err(Problem::found(&at.key("$ref"), "a reference string", other)),
        };
    }
    // One pass over the members says whether the checks below would find anything, and
    // which of the rarer members are there; the checks, in their order, run only when a
    // member is wrong (to report the first problem as always) or rare.
    let members = Members::of(map);
    if !members.plain_valid {
        opt_one_of(map, at, "type", TYPES)?;
        for key in ["format", "pattern", "title", "description"] {
            opt_string(map, at, key)?;
        }
        for key in BOOLS {
            opt_bool(map, at, key)?;
        }
        for key in NUMBERS {
            opt_number(map, at, key)?;
        }
        for key in COUNTS {
            opt_count(map, at, key)?;
        }
        opt_strings(map, at, "required")?;
        opt_array(map, at, "enum", "an array of values")?;
    }
    if members.documented {
        if let Some(value) = map.get("discriminator") {
            objects::check_discriminator(value, &at.key("discriminator"))?;
        }
        if let Some(value) = map.get("externalDocs") {
            objects::check_external_docs(value, &at.key("externalDocs"))?;
        }
    }
    if !members.nested {
        return Ok(());
    }

    each_entry_mut(
        map,
        at,
        "properties",
        "an object of schemas",
        |_, value, at| check_schema(value, at, ctx),
    )?;
    match map.get_mut("additionalProperties") {
        None | Some(Value::Bool(_)) => {}
        Some(value) => check_schema(value, &at.key("additionalProperties"), ctx)?,
    }
    if let Some(value) = map.get_mut("items") {
        check_schema(value, &at.key("items"), ctx)?;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        each_item_mut(map, at, key, "an array of schemas", |value, at| {
            check_schema(value, at, ctx)
        })?;
    }
    if let Some(value) = map.get_mut("not") {
        check_schema(value, &at.key("not"), ctx)?;
    }
    Ok(())
}
