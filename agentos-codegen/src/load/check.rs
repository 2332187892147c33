//! The vocabulary the structural checks are written in: accessors over JSON objects that return
//! the member when it has the expected shape and otherwise a [`Problem`] naming the member's
//! pointer, what may stand there and what does.

use serde_json::{Map, Value};

use super::error::Problem;
use super::pointer::Ptr;

/// The result of a check.
pub(crate) type Checked<T = ()> = Result<T, Problem>;

/// A JSON object.
pub(crate) type Object = Map<String, Value>;

/// Whether `key` names a specification extension (`x-...`), whose value may be anything.
pub(crate) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// A key of `paths` (not an `x-` extension): it starts with `/`. What follows is the
/// lowering's to read, one operation at a time (`crate::lower::path_key`): a template it
/// cannot send as it is ([`template_problem`]), or a `?`/`#` suffix it cannot understand,
/// costs that path's operations, with a warning, and never the rest of the document.
pub(crate) fn path_key(path: &str, at: &Ptr<'_>) -> Checked {
    if path.starts_with('/') {
        Ok(())
    } else {
        Err(Problem::new(
            at,
            "a path starting with `/` (or an `x-` extension)",
            format!("{path:?}"),
        ))
    }
}

/// What a path template should be, when `path` is not one: it starts with `/`, and the client
/// can send it as the path it says, so it holds no query or fragment of its own (`?x=1`, `#f`:
/// the real query would follow it, or be dropped), no dot segment (`/../`, also
/// percent-encoded as `%2e%2e`), no backslash (which URLs read as `/`) and no whitespace or
/// control characters.
pub(crate) fn template_problem(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') {
        return Some("a path starting with `/` (or an `x-` extension)");
    }
    if path.contains(['?', '#']) {
        return Some(
            "a path template without a query or fragment (`?`, `#`): parameters are declared apart",
        );
    }
    if path.contains('\\') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("a path template without backslashes, whitespace or control characters");
    }
    let dot_segment = path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    });
    if dot_segment {
        return Some("a path template without dot segments (`.`, `..`, `%2e%2e`)");
    }
    None
}

/// Joins alternatives for a message: `a`, `a or b`, `a, b or c`.
pub(crate) fn alternatives(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `value` as an object, or a problem saying it should be `what`.
pub(crate) fn object<'v>(value: &'v Value, at: &Ptr<'_>, what: &str) -> Checked<&'v Object> {
    value
        .as_object()
        .ok_or_else(|| Problem::found(at, what, value))
}

/// `value` as a mutable object, or a problem saying it should be `what`.
pub(crate) fn object_mut<'v>(
    value: &'v mut Value,
    at: &Ptr<'_>,
    what: &str,
) -> Checked<&'v mut Object> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(Problem::found(at, what, other)),
    }
}

/// The member `key` when present; it must be a string.
pub(crate) fn opt_string<'m>(map: &'m Object, at: &Ptr<'_>, key: &str) -> Checked<Option<&'m str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Problem::found(&at.key(key), "a string", other)),
    }
}

/// The required string member `key`; `what` describes it for the message.
pub(crate) fn req_string<'m>(
    map: &'m Object,
    at: &Ptr<'_>,
    key: &str,
    what: &str,
) -> Checked<&'m str> {
    opt_string(map, at, key)?.ok_or_else(|| Problem::missing(at, key, what))
}

/// The member `key` when present; it must be `true` or `false`.
pub(crate) fn opt_bool(map: &Object, at: &Ptr<'_>, key: &str) -> Checked<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(Problem::found(&at.key(key), "true or false", other)),
    }
}

/// The member `key` when present; it must be a number.
pub(crate) fn opt_number(map: &Object, at: &Ptr<'_>, key: &str) -> Checked {
    match map.get(key) {
        None | Some(Value::Number(_)) => Ok(()),
        Some(other) => Err(Problem::found(&at.key(key), "a number", other)),
    }
}

/// The member `key` when present; it must be a non-negative integer (a length or a count).
pub(crate) fn opt_count(map: &Object, at: &Ptr<'_>, key: &str) -> Checked {
    match map.get(key) {
        None => Ok(()),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| usize::try_from(n).is_ok()) => Ok(()),
        Some(other) => Err(Problem::found(
            &at.key(key),
            "a non-negative integer",
            other,
        )),
    }
}

/// The member `key` when present; it must be one of the strings `allowed`.
pub(crate) fn opt_one_of<'m>(
    map: &'m Object,
    at: &Ptr<'_>,
    key: &str,
    allowed: &[&str],
) -> Checked<Option<&'m str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s)),
        Some(other) => Err(Problem::found(
            &at.key(key),
            format!("one of {}", alternatives(allowed)),
            other,
        )),
    }
}

/// The member `key` when present; it must be an array of strings.
pub(crate) fn opt_strings<'m>(
    map: &'m Object,
    at: &Ptr<'_>,
    key: &str,
) -> Checked<Option<Vec<&'m str>>> {
    let Some(value) = map.get(key) else {
        return Ok(None);
    };
    let at = at.key(key);
    let Value::Array(items) = value else {
        return Err(Problem::found(&at, "an array of strings", value));
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => out.push(s.as_str()),
            other => return Err(Problem::found(&at.index(index), "a string", other)),
        }
    }
    Ok(Some(out))
}

/// The member `key` when present; it must be an object whose values are strings.
pub(crate) fn opt_string_map(map: &Object, at: &Ptr<'_>, key: &str) -> Checked {
    let Some(value) = map.get(key) else {
        return Ok(());
    };
    let at = at.key(key);
    for (name, item) in object(value, &at, "an object of strings")? {
        if !item.is_string() {
            return Err(Problem::found(&at.key(name), "a string", item));
        }
    }
    Ok(())
}

/// The member `key` when present; it must be an array.
pub(crate) fn opt_array<'m>(
    map: &'m Object,
    at: &Ptr<'_>,
    key: &str,
    what: &str,
) -> Checked<Option<&'m Vec<Value>>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(other) => Err(Problem::found(&at.key(key), what, other)),
    }
}

/// Calls `check` on every value of the object member `key`, when present.
pub(crate) fn each_entry_mut(
    map: &mut Object,
    at: &Ptr<'_>,
    key: &str,
    what: &str,
    mut check: impl FnMut(&str, &mut Value, &Ptr<'_>) -> Checked,
) -> Checked {
    let Some(value) = map.get_mut(key) else {
        return Ok(());
    };
    let at = at.key(key);
    let entries = object_mut(value, &at, what)?;
    for (name, item) in entries.iter_mut() {
        check(name, item, &at.key(name))?;
    }
    Ok(())
}

/// Calls `check` on every element of the array member `key`, when present.
pub(crate) fn each_item_mut(
    map: &mut Object,
    at: &Ptr<'_>,
    key: &str,
    what: &str,
    mut check: impl FnMut(&mut Value, &Ptr<'_>) -> Checked,
) -> Checked {
    let Some(value) = map.get_mut(key) else {
        return Ok(());
    };
    let at = at.key(key);
    let Value::Array(items) = value else {
        return Err(Problem::found(&at, what, value));
    };
    for (index, item) in items.iter_mut().enumerate() {
        check(item, &at.index(index))?;
    }
    Ok(())
}

/// Calls `check` on the member `key`, when present.
pub(crate) fn member_mut(
    map: &mut Object,
    at: &Ptr<'_>,
    key: &str,
    check: impl FnOnce(&mut Value, &Ptr<'_>) -> Checked,
) -> Checked {
    match map.get_mut(key) {
        Some(value) => check(value, &at.key(key)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_name_the_member_and_the_alternatives() {
        let value = json!({"in": "body", "n": -1, "tags": ["a", 1]});
        let map = value.as_object().unwrap();
        let Problem::Invalid {
            pointer,
            expected,
            found,
        } = opt_one_of(map, &Ptr::Root, "in", &["query", "path", "header"]).unwrap_err()
        else {
            panic!("expected an Invalid problem")
        };
        assert_eq!(pointer, "#/in");
        assert_eq!(expected, "one of query, path or header");
        assert_eq!(found, "\"body\"");
        assert!(opt_count(map, &Ptr::Root, "n").is_err());
        let Problem::Invalid { pointer, .. } = opt_strings(map, &Ptr::Root, "tags").unwrap_err()
        else {
            panic!("expected an Invalid problem")
        };
        assert_eq!(pointer, "#/tags/1");
        let Problem::Invalid {
            expected, found, ..
        } = req_string(map, &Ptr::Root, "name", "the parameter's name").unwrap_err()
        else {
            panic!("expected an Invalid problem")
        };
        assert_eq!(expected, "`name`: the parameter's name");
        assert_eq!(found, "an object without `name`");
    }
}
