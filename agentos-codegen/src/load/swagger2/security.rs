//! Swagger 2.0 security definitions as OpenAPI 3.0 security schemes: `basic` is HTTP basic,
//! `apiKey` stays, `oauth2` with its one `flow` becomes `flows` with that flow under its 3.0 name
//! (`application` is `clientCredentials`, `accessCode` is `authorizationCode`).

use serde_json::{Value, json};

use super::copy_extensions;
use crate::load::check::{
    Checked, Object, alternatives, object, opt_one_of, opt_string, opt_string_map, req_string,
};
use crate::load::error::Problem;
use crate::load::pointer::Ptr;

/// A 2.0 security definition as a 3.0 security scheme.
pub(super) fn security_scheme(value: &Value, at: &Ptr<'_>) -> Checked<Value> {
    const TYPES: &[&str] = &["basic", "apiKey", "oauth2"];
    const FLOWS: &[&str] = &["implicit", "password", "application", "accessCode"];
    let map = object(value, at, "a security definition object")?;
    let kind = match map.get("type") {
        None => {
            return Err(Problem::missing(
                at,
                "type",
                format!("the scheme's type: {}", alternatives(TYPES)),
            ));
        }
        Some(_) => opt_one_of(map, at, "type", TYPES)?.unwrap_or_default(),
    };
    let description = opt_string(map, at, "description")?;
    let mut out = match kind {
        "basic" => json!({ "type": "http", "scheme": "basic" }),
        "apiKey" => {
            let name = req_string(map, at, "name", "the key's header or query name")?;
            if !map.contains_key("in") {
                return Err(Problem::missing(at, "in", "one of query or header"));
            }
            let location = opt_one_of(map, at, "in", &["query", "header"])?.unwrap_or_default();
            json!({ "type": "apiKey", "name": name, "in": location })
        }
        _ => {
            if !map.contains_key("flow") {
                return Err(Problem::missing(
                    at,
                    "flow",
                    format!("the OAuth flow: {}", alternatives(FLOWS)),
                ));
            }
            let flow = opt_one_of(map, at, "flow", FLOWS)?.unwrap_or_default();
            let (name, urls): (&str, &[&str]) = match flow {
                "implicit" => ("implicit", &["authorizationUrl"]),
                "password" => ("password", &["tokenUrl"]),
                "application" => ("clientCredentials", &["tokenUrl"]),
                _ => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            };
            let mut converted = Object::new();
            for key in urls {
                let url = req_string(map, at, key, "a URL")?;
                converted.insert((*key).to_owned(), Value::from(url));
            }
            opt_string_map(map, at, "scopes")?;
            let scopes = map.get("scopes").cloned().unwrap_or_else(|| json!({}));
            converted.insert("scopes".to_owned(), scopes);
            json!({ "type": "oauth2", "flows": { name: converted } })
        }
    };
    if let Value::Object(out) = &mut out {
        if let Some(description) = description {
            out.insert("description".to_owned(), Value::from(description));
        }
        copy_extensions(map, out);
    }
    Ok(out)
}
