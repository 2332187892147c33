//! Identifiers and type expressions: as generated text, and identifiers as tokens for the macros.

use proc_macro2::{Ident, Span};

use crate::ir::TypeRef;
use crate::lower::naming::is_keyword;

/// Whether `name` is a valid identifier as the IR spells it (`name`, `r#type`, `self_`).
pub(crate) fn is_valid_ident(name: &str) -> bool {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let head_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let tail_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !head_ok || !tail_ok || bare == "_" {
        return false;
    }
    if raw {
        !matches!(bare, "self" | "Self" | "super" | "crate")
    } else {
        !is_keyword(bare)
    }
}

/// The identifier for a name the IR spells (`r#type` becomes a raw identifier; names are
/// validated before rendering, so the fallback never shows in output). Public for the macros,
/// which name generated items too.
pub fn ident(name: &str) -> Ident {
    if !is_valid_ident(name) {
        return Ident::new("invalid_identifier", Span::call_site());
    }
    match name.strip_prefix("r#") {
        Some(bare) => Ident::new_raw(bare, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `name` as the generated text spells the identifier (`r#type` for a raw one), or
/// `invalid_identifier` as [`ident`] gives it (the emitter refuses such IR before writing).
pub(crate) fn name(name: &str) -> &str {
    if is_valid_ident(name) {
        name
    } else {
        "invalid_identifier"
    }
}

/// A Rust string literal of `text`, escaped as `proc_macro2` (and so prettyplease) writes it.
pub(crate) fn string_literal(text: &str) -> String {
    // Printable ASCII but `"` and `\` is written as it is (`char::escape_debug` leaves it
    // alone): nearly every literal of the output (paths, wire names, enum values), and far
    // cheaper than building a `Literal` and formatting it. Anything else is proc_macro2's.
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
    {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        return literal;
    }
    proc_macro2::Literal::string(text).to_string()
}

/// The path of a model from where the type is used: `super::models::X` from an operation
/// module, `X` from inside the models module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Models,
    Operations,
}

/// A type as the generated code spells it.
pub(crate) fn ty(t: &TypeRef, scope: Scope) -> String {
    match t {
        TypeRef::DateTime => "::agentos_runtime::DateTime".into(),
        TypeRef::Date => "::agentos_runtime::Date".into(),
        TypeRef::Bytes => "::agentos_runtime::__private::bytes::Bytes".into(),
        TypeRef::Json => "::agentos_runtime::__private::serde_json::Value".into(),
        TypeRef::Model(model) => match scope {
            Scope::Models => name(model).to_owned(),
            Scope::Operations => format!("super::models::{}", name(model)),
        },
        TypeRef::Vec(inner) => format!("Vec<{}>", ty(inner, scope)),
        TypeRef::Map(inner) => {
            format!("::std::collections::BTreeMap<String, {}>", ty(inner, scope))
        }
        primitive => primitive.primitive().unwrap_or_default().to_owned(),
    }
}

/// Whether `T::default()` exists for the type (for deriving `Default` on models).
pub(crate) fn has_default(t: &TypeRef) -> bool {
    match t {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Bytes
        | TypeRef::Json
        | TypeRef::Vec(_)
        | TypeRef::Map(_) => true,
        TypeRef::DateTime | TypeRef::Date | TypeRef::Model(_) => false,
    }
}

/// The words of a Pascal-case name (`BadGateway` -> `Bad`, `Gateway`).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// Whether clippy's `enum_variant_names` would fire on an enum with these variants: a variant
/// that starts or ends with the enum's name, or three or more variants sharing their first or
/// last word. Generated names follow the document, so the lint is allowed on such enums.
pub(crate) fn trips_variant_names<'a>(
    enum_name: &str,
    variants: impl IntoIterator<Item = &'a str>,
) -> bool {
    let variants: Vec<&str> = variants.into_iter().collect();
    if variants
        .iter()
        .any(|v| v.starts_with(enum_name) || v.ends_with(enum_name))
    {
        return true;
    }
    if variants.len() < 3 {
        return false;
    }
    let words: Vec<Vec<&str>> = variants.iter().map(|v| camel_words(v)).collect();
    let firsts: Vec<&str> = words.iter().filter_map(|w| w.first().copied()).collect();
    let lasts: Vec<&str> = words.iter().filter_map(|w| w.last().copied()).collect();
    let all_same =
        |list: &[&str]| list.len() == words.len() && list.windows(2).all(|p| p[0] == p[1]);
    all_same(&firsts) || all_same(&lasts)
}

#[cfg(test)]
mod tests {
    use super::string_literal;

    #[test]
    fn a_string_literal_is_escaped_as_proc_macro2_escapes_it() {
        let mut texts: Vec<String> = (0u8..=127).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "/v3/diary/{shortName}/appointmenttypes",
                "it's \"quoted\" \\ back",
                "tab\tnew\nline\r",
                "\0 and \u{7f} and \u{2028}",
                "Ünïcode é",
            ]
            .map(str::to_owned),
        );
        for text in texts {
            let expected = proc_macro2::Literal::string(&text).to_string();
            assert_eq!(string_literal(&text), expected, "{text:?}");
        }
    }
}
