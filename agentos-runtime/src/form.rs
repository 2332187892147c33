//! Form bodies (`application/x-www-form-urlencoded`), for operations a document offers only
//! as a form.
//!
//! The body's fields are encoded as OpenAPI's default for a form (`style: form`,
//! `explode: true`): a field `name=value`, spaces as `+`; an array one pair per item
//! (`tags=a&tags=b`); an object its own fields, one level down (`{"x": 1}` -> `x=1`); a
//! `null` or absent field nothing; anything deeper as its JSON text.

use serde::Serialize;
use serde_json::Value;

/// The media type a form body is sent with.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// `value` (an object: a struct, a map) as a form body.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let Value::Object(fields) = serde_json::to_value(value)? else {
        return Err(<serde_json::Error as serde::ser::Error>::custom(
            "a form body must be an object of fields",
        ));
    };
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &fields {
        match value {
            Value::Array(items) => {
                for item in items {
                    pair(&mut form, name, item);
                }
            }
            Value::Object(inner) => {
                for (name, value) in inner {
                    pair(&mut form, name, value);
                }
            }
            other => pair(&mut form, name, other),
        }
    }
    Ok(form.finish().into_bytes())
}

fn pair(form: &mut form_urlencoded::Serializer<'_, String>, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(text) => {
            form.append_pair(name, text);
        }
        Value::Bool(_) | Value::Number(_) => {
            form.append_pair(name, &value.to_string());
        }
        Value::Array(_) | Value::Object(_) => {
            form.append_pair(name, &value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(value: Value) -> String {
        String::from_utf8(to_vec(&value).unwrap()).unwrap()
    }

    #[test]
    fn fields_as_pairs_spaces_as_plus() {
        assert_eq!(form(json!({"a": 1, "b": "x y"})), "a=1&b=x+y");
        assert_eq!(
            form(json!({"c": true, "d": null, "e": "&=%"})),
            "c=true&e=%26%3D%25"
        );
    }

    #[test]
    fn arrays_repeat_objects_flatten_deeper_is_json() {
        assert_eq!(form(json!({"tags": ["p", "q"]})), "tags=p&tags=q");
        assert_eq!(form(json!({"at": {"x": 1, "y": "z"}})), "x=1&y=z");
        assert_eq!(
            form(json!({"deep": {"x": {"y": 1}}})),
            "x=%7B%22y%22%3A1%7D"
        );
        assert_eq!(form(json!({})), "");
    }

    #[test]
    fn a_body_that_is_no_object_is_an_error() {
        assert!(to_vec(&json!("text")).is_err());
        assert!(to_vec(&json!([1, 2])).is_err());
    }
}
