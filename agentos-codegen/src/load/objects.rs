//! The checks of objects both dialects share (Swagger 2.0 and OpenAPI 3.x have the same info,
//! tag, external-docs, security-requirement and discriminator objects, and status-code keys):
//! used by the 3.x walker (`oas3`), the Swagger 2.0 conversion (`swagger2`) and the schema
//! check (`schema`), which import this module and nothing of each other's.

use serde_json::Value;

use super::check::{
    Checked, alternatives, object, object_mut, opt_one_of, opt_string, opt_string_map, opt_strings,
    req_string,
};
use super::error::Problem;
use super::pointer::Ptr;

/// The info object; a numeric `version` (YAML `version: 1.0`) is taken as its text.
pub(crate) fn check_info(value: &mut Value, at: &Ptr<'_>) -> Checked {
    let map = object_mut(value, at, "an info object")?;
    req_string(map, at, "title", "the API's title")?;
    match map.get("version") {
        Some(Value::String(_)) => {}
        Some(Value::Number(n)) => {
            let text = n.to_string();
            map.insert("version".to_owned(), Value::String(text));
        }
        Some(other) => {
            return Err(Problem::found(&at.key("version"), "a string", other));
        }
        None => return Err(Problem::missing(at, "version", "the API's version")),
    }
    for key in ["description", "termsOfService"] {
        opt_string(map, at, key)?;
    }
    if let Some(contact) = map.get("contact") {
        let at = at.key("contact");
        let contact = object(contact, &at, "a contact object")?;
        for key in ["name", "url", "email"] {
            opt_string(contact, &at, key)?;
        }
    }
    if let Some(license) = map.get("license") {
        let at = at.key("license");
        let license = object(license, &at, "a license object")?;
        req_string(license, &at, "name", "the license's name")?;
        opt_string(license, &at, "url")?;
    }
    Ok(())
}

/// A server object.
pub(crate) fn check_server(value: &Value, at: &Ptr<'_>) -> Checked {
    let map = object(value, at, "a server object")?;
    req_string(map, at, "url", "the server's URL")?;
    opt_string(map, at, "description")?;
    if let Some(variables) = map.get("variables") {
        let at = at.key("variables");
        for (name, variable) in object(variables, &at, "an object of server variables")? {
            let at = at.key(name);
            let variable = object(variable, &at, "a server variable object")?;
            req_string(variable, &at, "default", "the variable's default value")?;
            opt_string(variable, &at, "description")?;
            opt_strings(variable, &at, "enum")?;
        }
    }
    Ok(())
}

/// Whether `code` is a key `openapiv3` reads as a status: `100`..`999` or `1XX`..`9XX`.
pub(crate) fn is_status_code(code: &str) -> bool {
    match code.as_bytes() {
        [first, rest @ ..] if rest.len() == 2 && first.is_ascii_digit() => {
            rest.eq_ignore_ascii_case(b"XX")
                || (*first != b'0' && rest.iter().all(u8::is_ascii_digit))
        }
        _ => false,
    }
}

/// A security scheme of one of the four types the 3.0 model knows.
pub(crate) fn check_security_scheme(value: &Value, at: &Ptr<'_>) -> Checked {
    const TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];
    let map = object(value, at, "a security scheme object")?;
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
    opt_string(map, at, "description")?;
    match kind {
        "apiKey" => {
            req_string(map, at, "name", "the key's header, query or cookie name")?;
            if !map.contains_key("in") {
                return Err(Problem::missing(at, "in", "one of query, header or cookie"));
            }
            opt_one_of(map, at, "in", &["query", "header", "cookie"])?;
        }
        "http" => {
            req_string(map, at, "scheme", "the HTTP authentication scheme")?;
            opt_string(map, at, "bearerFormat")?;
        }
        "oauth2" => {
            let Some(flows) = map.get("flows") else {
                return Err(Problem::missing(at, "flows", "an OAuth flows object"));
            };
            let at = at.key("flows");
            let flows = object(flows, &at, "an OAuth flows object")?;
            let urls: [(&str, &[&str]); 4] = [
                ("implicit", &["authorizationUrl"]),
                ("password", &["tokenUrl"]),
                ("clientCredentials", &["tokenUrl"]),
                ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            ];
            for (flow, required) in urls {
                let Some(value) = flows.get(flow) else {
                    continue;
                };
                let at = at.key(flow);
                let map = object(value, &at, "an OAuth flow object")?;
                for key in required {
                    req_string(map, &at, key, "a URL")?;
                }
                opt_string(map, &at, "refreshUrl")?;
                if !map.contains_key("scopes") {
                    return Err(Problem::missing(&at, "scopes", "an object of scopes"));
                }
                opt_string_map(map, &at, "scopes")?;
            }
        }
        _ => {
            req_string(
                map,
                at,
                "openIdConnectUrl",
                "the OpenID Connect discovery URL",
            )?;
        }
    }
    Ok(())
}

/// Security requirements: an array of objects of scope lists.
pub(crate) fn check_security(value: &Value, at: &Ptr<'_>) -> Checked {
    let Value::Array(requirements) = value else {
        return Err(Problem::found(
            at,
            "an array of security requirements",
            value,
        ));
    };
    for (index, requirement) in requirements.iter().enumerate() {
        let at = at.index(index);
        let map = object(requirement, &at, "a security requirement object")?;
        for name in map.keys() {
            opt_strings(map, &at, name)?;
        }
    }
    Ok(())
}

/// A tag object.
pub(crate) fn check_tag(value: &Value, at: &Ptr<'_>) -> Checked {
    let map = object(value, at, "a tag object")?;
    req_string(map, at, "name", "the tag's name")?;
    opt_string(map, at, "description")?;
    if let Some(docs) = map.get("externalDocs") {
        check_external_docs(docs, &at.key("externalDocs"))?;
    }
    Ok(())
}

/// An external documentation object.
pub(crate) fn check_external_docs(value: &Value, at: &Ptr<'_>) -> Checked {
    let map = object(value, at, "an external documentation object")?;
    req_string(map, at, "url", "the documentation's URL")?;
    opt_string(map, at, "description")?;
    Ok(())
}

/// A discriminator object.
pub(crate) fn check_discriminator(value: &Value, at: &Ptr<'_>) -> Checked {
    let map = object(value, at, "a discriminator object")?;
    req_string(
        map,
        at,
        "propertyName",
        "the discriminating property's name",
    )?;
    opt_string_map(map, at, "mapping")?;
    Ok(())
}
