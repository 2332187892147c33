//! Text to a JSON value: JSON or YAML, told apart by content (not by file extension), with
//! syntax errors located by line and column and nesting capped so that nothing downstream can
//! recurse without bound.

use serde_json::{Map, Number, Value};

use super::error::{Format, LoadError, Problem};
use super::pointer::Ptr;

/// The deepest nesting of objects and arrays a document may have (the root object is level 0).
///
/// Real documents stay below 15; the cap keeps every recursive pass (ours and serde's) far from
/// the stack's end, even on a 2 MiB test thread in a debug build.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` as JSON when it starts with `{` or `[` (after a byte-order mark and
/// whitespace), as YAML otherwise.
///
/// Text that starts like JSON is held to JSON, although YAML would read some broken JSON (a
/// missing value is YAML's `null`): the error then points at the real mistake.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Value, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = if text.trim_start().starts_with(['{', '[']) {
        serde_json::from_str::<Value>(text).map_err(|error| LoadError::Syntax {
            origin: origin.to_owned(),
            format: Format::Json,
            location: Some((error.line(), error.column())),
            message: json_message(&error),
        })?
    } else {
        parse_yaml(text, origin)?
    };
    check_depth(&value, &Ptr::Root, 0).map_err(|problem| problem.into_error(origin))?;
    Ok(value)
}

/// serde_json appends " at line L column C" to its messages; the location is reported apart.
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(&message).to_owned(),
        None => message,
    }
}

fn parse_yaml(text: &str, origin: &str) -> Result<Value, LoadError> {
    let syntax = |location: Option<(usize, usize)>, message: String| LoadError::Syntax {
        origin: origin.to_owned(),
        format: Format::Yaml,
        location,
        message,
    };
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| {
        let location = error.location().map(|at| (at.line(), at.column()));
        // serde_yaml also appends the location to its message.
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message.get(..cut).unwrap_or(&message).to_owned(),
            None => message,
        };
        syntax(location, message)
    })?;
    // `<<: *anchor` merge keys are common in hand-written YAML.
    yaml.apply_merge()
        .map_err(|error| syntax(None, error.to_string()))?;
    yaml_to_json(yaml, &Ptr::Root, 0).map_err(|problem| problem.into_error(origin))
}

/// Converts YAML to the JSON data model: scalar keys become strings (`200:` is `"200"`), tags are
/// dropped, non-finite floats are refused. Depth is checked here too because aliases can make a
/// YAML value deeper than its text.
fn yaml_to_json(yaml: serde_yaml::Value, at: &Ptr<'_>, depth: usize) -> Result<Value, Problem> {
    use serde_yaml::Value as Y;
    let container = matches!(yaml, Y::Sequence(_) | Y::Mapping(_));
    if container && depth > MAX_DEPTH {
        return Err(too_deep(at));
    }
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => yaml_number(&n, at)?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(item, &at.index(index), depth + 1)?);
            }
            Value::Array(out)
        }
        Y::Mapping(mapping) => {
            let mut out = Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = yaml_key(key, at)?;
                let converted = yaml_to_json(value, &at.key(&key), depth + 1)?;
                out.insert(key, converted);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at, depth)?,
    })
}

fn yaml_number(n: &serde_yaml::Number, at: &Ptr<'_>) -> Result<Value, Problem> {
    if let Some(i) = n.as_i64() {
        Ok(Value::from(i))
    } else if let Some(u) = n.as_u64() {
        Ok(Value::from(u))
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| Problem::new(at, "a finite number", n.to_string()))
    }
}

fn yaml_key(key: serde_yaml::Value, at: &Ptr<'_>) -> Result<String, Problem> {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => Ok(s),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Null => Ok("null".to_owned()),
        Y::Tagged(tagged) => yaml_key(tagged.value, at),
        Y::Sequence(_) => Err(Problem::new(
            at,
            "an object with scalar keys",
            "a sequence used as a key",
        )),
        Y::Mapping(_) => Err(Problem::new(
            at,
            "an object with scalar keys",
            "a mapping used as a key",
        )),
    }
}

/// Fails when `value` (found at `depth`) nests deeper than [`MAX_DEPTH`].
pub(crate) fn check_depth(value: &Value, at: &Ptr<'_>, depth: usize) -> Result<(), Problem> {
    let container = matches!(value, Value::Array(_) | Value::Object(_));
    if container && depth > MAX_DEPTH {
        return Err(too_deep(at));
    }
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_depth(item, &at.index(index), depth + 1)?;
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                check_depth(item, &at.key(key), depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn too_deep(at: &Ptr<'_>) -> Problem {
    Problem::new(
        at,
        format!("at most {MAX_DEPTH} levels of nested objects and arrays"),
        "deeper nesting",
    )
}
