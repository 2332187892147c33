//! Identifiers and type expressions as tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

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

/// The path of a model from where the type is used: `super::models::X` from an operation
/// module, `X` from inside the models module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Models,
    Operations,
}

/// A type as tokens.
pub(crate) fn ty(t: &TypeRef, scope: Scope) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(::agentos_runtime::DateTime),
        TypeRef::Date => quote!(::agentos_runtime::Date),
        TypeRef::Bytes => quote!(::agentos_runtime::__private::bytes::Bytes),
        TypeRef::Json => quote!(::agentos_runtime::__private::serde_json::Value),
        TypeRef::Model(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Operations => quote!(super::models::#name),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = ty(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(inner, scope);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
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
