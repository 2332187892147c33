//! Which parameters and fields hold secrets (a customer's password, a session token).
//!
//! A secret is still sent; what changes is how it is shown: generated code writes a secret
//! parameter through the runtime's `PathWriter::secret` / `QueryWriter::secret_*` (the URL of
//! an error or a support report then has `<redacted>` in its place), names secret body fields
//! in `Endpoint::SECRET_FIELDS`, and writes `Debug` by hand for a type that holds one.
//!
//! A parameter or field is secret when, in this order:
//! 1. it carries `x-agentos-secret: true` or `false` (in the document or added by an overlay,
//!    including the overlays an options file lists): that decides, either way;
//! 2. its name says so ([`is_secret_name`]);
//! 3. the document marks it: `format: password`, `writeOnly: true`, or the name of an
//!    `apiKey` security scheme.

use indexmap::IndexMap;
use openapiv3::{
    Components, ReferenceOr, Schema, SchemaKind, SecurityScheme, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Group, Model, ModelKind, TypeRef};
use crate::lower::{LowerError, flag_extension};

/// The extension that marks (`true`) or un-marks (`false`) a parameter or property as secret.
pub const SECRET_EXTENSION: &str = "x-agentos-secret";

/// Words that make a name secret wherever they appear in it, once lower-cased and stripped
/// of separators (`Api_Key`, `apiKey` and `API-KEY` all read `apikey`).
const SECRET_WORDS: [&str; 8] = [
    "password",
    "passwd",
    "secret",
    "token",
    "session",
    "apikey",
    "authorization",
    "credential",
];

/// A name that is secret only as a whole word (inside others it is common: `Shipping`).
const SECRET_WHOLE_NAMES: [&str; 1] = ["pin"];

/// Whether a parameter or property name says it holds a secret: it contains `password`,
/// `passwd`, `secret`, `token`, `session`, `api_key`/`apikey`, `authorization` or
/// `credential`, or is `pin`; in any case, with any separators.
///
/// The runtime blanks fields of report bodies by a rule that includes every name this one
/// accepts (`agentos_runtime::report::is_secret_field`, which adds names of bank and card
/// numbers and any name ending in `key`); a test holds the two together.
pub fn is_secret_name(name: &str) -> bool {
    let name: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_WHOLE_NAMES.contains(&name.as_str()) || SECRET_WORDS.iter().any(|w| name.contains(w))
}

/// The names of the document's `apiKey` security schemes (`api_key`, `X-Session`): a parameter
/// of that name carries a credential.
pub(crate) fn scheme_names(components: Option<&Components>) -> Vec<String> {
    let Some(components) = components else {
        return Vec::new();
    };
    components
        .security_schemes
        .values()
        .filter_map(|scheme| match scheme {
            ReferenceOr::Item(SecurityScheme::APIKey { name, .. }) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// What the document says of one parameter or property, for [`is_secret`].
pub(crate) struct Declared<'a> {
    /// The wire name.
    pub name: &'a str,
    /// The extensions of the parameter or property (where `x-agentos-secret` is looked for).
    pub extensions: &'a IndexMap<String, serde_json::Value>,
    /// Its JSON pointer (for the error when the extension is not a boolean).
    pub pointer: &'a str,
    /// Its schema, when it has one inline.
    pub schema: Option<&'a Schema>,
}

/// Whether a parameter or property is secret (see the module docs for the rule).
pub(crate) fn is_secret(declared: &Declared<'_>, schemes: &[String]) -> Result<bool, LowerError> {
    // The parameter's (or property's) own mark first, then its schema's.
    let mut marked = flag_extension(declared.extensions, SECRET_EXTENSION, declared.pointer)?;
    if let (None, Some(schema)) = (marked, declared.schema) {
        let at = format!("{}/schema", declared.pointer);
        marked = flag_extension(&schema.schema_data.extensions, SECRET_EXTENSION, &at)?;
    }
    if let Some(secret) = marked {
        return Ok(secret);
    }
    if is_secret_name(declared.name) {
        return Ok(true);
    }
    if schemes
        .iter()
        .any(|scheme| scheme.eq_ignore_ascii_case(declared.name))
    {
        return Ok(true);
    }
    Ok(declared.schema.is_some_and(marks_secret))
}

/// Whether a schema marks its value secret: `format: password`, or `writeOnly`.
fn marks_secret(schema: &Schema) -> bool {
    let password = matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(string))
            if matches!(string.format, VariantOrUnknownOrEmpty::Item(StringFormat::Password))
    );
    password || schema.schema_data.write_only
}

/// Fills each operation's [`crate::ir::Operation::secret_fields`]: the secret fields of every
/// model its body and output reach, but those whose names say so (the runtime blanks them by
/// name; listing them would only lengthen generated code).
pub(crate) fn list_secret_fields(groups: &mut [Group], models: &[Model]) {
    // Looked up by name for every operation: an index, not a scan of the models each time.
    let by_name: BTreeMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        let mut pending: Vec<&TypeRef> = Vec::new();
        pending.extend(op.body.as_ref().map(|b| &b.ty));
        pending.extend(op.response.kind.json_type());
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut fields: BTreeSet<String> = BTreeSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::Model(name) if seen.insert(name) => {
                    if let Some(ModelKind::Struct(list)) =
                        by_name.get(name.as_str()).map(|m| &m.kind)
                    {
                        for field in list {
                            if field.secret && !is_secret_name(&field.wire) {
                                fields.insert(field.wire.clone());
                            }
                            pending.push(&field.ty);
                        }
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
                _ => {}
            }
        }
        op.secret_fields = fields.into_iter().collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_say_they_are_secret() {
        for secret in [
            "password",
            "Password",
            "NewPassword",
            "passwd",
            "client_secret",
            "AccessToken",
            "token",
            "sessionID",
            "Session-Key",
            "api_key",
            "ApiKey",
            "X-API-KEY",
            "Authorization",
            "Credentials",
            "PIN",
            "pin",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for plain in [
            "OID", "Name", "username", "branchID", "Spinner", "Shipping", "pins", "Key", "offset",
            "",
        ] {
            assert!(!is_secret_name(plain), "{plain}");
        }
    }

    fn schema(yaml: &str) -> Schema {
        serde_json::from_value(serde_json::from_str(yaml).unwrap()).unwrap()
    }

    fn secret(name: &str, extensions: &str, schema_text: Option<&str>) -> Result<bool, LowerError> {
        let extensions: IndexMap<String, serde_json::Value> =
            serde_json::from_str(extensions).unwrap();
        let schema = schema_text.map(schema);
        let declared = Declared {
            name,
            extensions: &extensions,
            pointer: "#/p",
            schema: schema.as_ref(),
        };
        is_secret(&declared, &["X-Session".to_owned()])
    }

    #[test]
    fn the_document_marks_secrets_and_the_extension_decides() {
        assert_eq!(secret("login", "{}", None), Ok(false));
        assert_eq!(secret("password", "{}", None), Ok(true));
        assert_eq!(secret("x-session", "{}", None), Ok(true), "a scheme's name");
        let password = r#"{"type":"string","format":"password"}"#;
        assert_eq!(secret("memorable", "{}", Some(password)), Ok(true));
        let write_only = r#"{"type":"string","writeOnly":true}"#;
        assert_eq!(secret("memorable", "{}", Some(write_only)), Ok(true));
        let plain = r#"{"type":"string","format":"date"}"#;
        assert_eq!(secret("memorable", "{}", Some(plain)), Ok(false));
        // The extension, on the parameter or on its schema, wins either way.
        let on = r#"{"x-agentos-secret":true}"#;
        let off = r#"{"x-agentos-secret":false}"#;
        assert_eq!(secret("memorable", on, None), Ok(true));
        assert_eq!(secret("password", off, None), Ok(false));
        assert_eq!(secret("memorable", off, Some(password)), Ok(false));
        let schema_on = r#"{"type":"string","x-agentos-secret":true}"#;
        assert_eq!(secret("memorable", "{}", Some(schema_on)), Ok(true));
        let schema_off = r#"{"type":"string","x-agentos-secret":false}"#;
        assert_eq!(secret("token", "{}", Some(schema_off)), Ok(false));
        // Anything but a boolean is an error at its pointer.
        let bad = secret("x", r#"{"x-agentos-secret":"yes"}"#, None).unwrap_err();
        assert_eq!(bad.pointer, "#/p/x-agentos-secret");
        let bad = secret("x", "{}", Some(r#"{"x-agentos-secret":1}"#)).unwrap_err();
        assert_eq!(bad.pointer, "#/p/schema/x-agentos-secret");
        // A document's value reaches the message cut short.
        let long = format!(r#"{{"x-agentos-secret":"{}"}}"#, "y".repeat(10_000));
        let bad = secret("x", &long, None).unwrap_err();
        assert!(bad.message.len() < 200, "{} bytes", bad.message.len());
    }
}
