//! Whether a declared Rust type can carry a schema type, and how its value is converted.
//!
//! Types are compared by shape: the last path segment and the generic arguments, so
//! `agentos_runtime::DateTime` and a `DateTime` brought in by `use` are the same, and
//! `make_booking::models::TenantSystemTypes` matches the schema's `TenantSystemTypes`. What is
//! accepted for each schema type:
//!
//! | schema type | accepted declarations |
//! |---|---|
//! | string | `String`, `&str` |
//! | boolean, int32, int64, float, double | exactly `bool`, `i32`, `i64`, `f32`, `f64` |
//! | date-time, date | `DateTime`, `Date` (the `agentos_runtime` types) |
//! | a named schema (object, enum) | a path ending in the generated type's name |
//! | array of T | `Vec<U>` or `&[U]`, U accepted for T |
//! | map of T | `BTreeMap<String, T>` |
//! | untyped JSON | `Value` (`serde_json::Value`) |
//!
//! Nothing numeric is widened or narrowed: an int32 parameter declared as `i64` is an error,
//! because the conversion could fail at run time.

use agentos_codegen::ir::TypeRef;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericArgument, PathArguments, Type};

/// How a declared value becomes the value the request struct holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conv {
    /// The same type: moved as is.
    Same,
    /// `&str` -> `String`.
    ToOwnedString,
    /// `Vec<U>` -> `Vec<T>`, converting each element.
    Vec(Box<Conv>),
    /// `&[U]` -> `Vec<T>`, cloning and converting each element.
    Slice(Box<Conv>),
}

impl Conv {
    /// The expression converting `value`.
    pub fn apply(&self, value: TokenStream) -> TokenStream {
        match self {
            Conv::Same => value,
            Conv::ToOwnedString => quote!(::std::string::String::from(#value)),
            Conv::Vec(inner) if **inner == Conv::Same => value,
            Conv::Vec(inner) => {
                let each = inner.apply(quote!(item));
                quote!(#value.into_iter().map(|item| #each).collect::<::std::vec::Vec<_>>())
            }
            Conv::Slice(inner) if **inner == Conv::Same => quote!(#value.to_vec()),
            Conv::Slice(inner) => {
                let each = inner.apply(quote!(item));
                quote!(#value.iter().cloned().map(|item| #each).collect::<::std::vec::Vec<_>>())
            }
        }
    }
}

/// Strips the invisible groups and parentheses a type may arrive wrapped in.
fn unwrap(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => unwrap(&group.elem),
        Type::Paren(paren) => unwrap(&paren.elem),
        other => other,
    }
}

/// The last segment of a plain path type (`a::b::C<T>` -> `C`, `<T>`).
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match unwrap(ty) {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

/// The type arguments of a segment (none for `C`, `[T]` for `C<T>`); `None` if there are
/// other kinds of arguments (lifetimes, consts, `Fn(..)` sugar).
fn type_args(segment: &syn::PathSegment) -> Option<Vec<&Type>> {
    match &segment.arguments {
        PathArguments::None => Some(Vec::new()),
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        PathArguments::Parenthesized(_) => None,
    }
}

/// Whether `ty` is the plain type named `name` (no generic arguments).
fn is_named(ty: &Type, name: &str) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == name && matches!(s.arguments, PathArguments::None))
}

/// `Wrapper<T>` -> `T`, for a one-argument generic named `wrapper`.
pub fn single_arg<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let segment = last_segment(ty)?;
    if segment.ident != wrapper {
        return None;
    }
    match type_args(segment)?.as_slice() {
        [inner] => Some(inner),
        _ => None,
    }
}

/// How a declared `ty` carries the schema type `schema`, or `None` if it cannot.
pub fn convert(schema: &TypeRef, ty: &Type) -> Option<Conv> {
    let ty = unwrap(ty);
    let plain = |name: &str| is_named(ty, name).then_some(Conv::Same);
    match schema {
        TypeRef::String => match ty {
            Type::Reference(r) if r.mutability.is_none() && is_named(&r.elem, "str") => {
                Some(Conv::ToOwnedString)
            }
            _ => plain("String"),
        },
        TypeRef::Bool => plain("bool"),
        TypeRef::I32 => plain("i32"),
        TypeRef::I64 => plain("i64"),
        TypeRef::F32 => plain("f32"),
        TypeRef::F64 => plain("f64"),
        TypeRef::DateTime => plain("DateTime"),
        TypeRef::Date => plain("Date"),
        TypeRef::Bytes => plain("Bytes"),
        TypeRef::Json => plain("Value"),
        TypeRef::Model(name) => plain(name),
        TypeRef::Vec(item) => match ty {
            Type::Reference(r) if r.mutability.is_none() => match unwrap(&r.elem) {
                Type::Slice(slice) => convert(item, &slice.elem).map(|c| Conv::Slice(Box::new(c))),
                _ => None,
            },
            _ => single_arg(ty, "Vec")
                .and_then(|inner| convert(item, inner))
                .map(|c| Conv::Vec(Box::new(c))),
        },
        TypeRef::Map(value) => {
            let segment = last_segment(ty)?;
            if segment.ident != "BTreeMap" {
                return None;
            }
            match type_args(segment)?.as_slice() {
                [key, val]
                    if is_named(key, "String") && convert(value, val) == Some(Conv::Same) =>
                {
                    Some(Conv::Same)
                }
                _ => None,
            }
        }
    }
}

/// How the message spells the declarations accepted for `schema`, e.g. "`String` or `&str`".
/// `models` is the path of the generated module models live in (`appointment_types::models`).
pub fn accepted(schema: &TypeRef, models: &str) -> String {
    match schema {
        TypeRef::String => "`String` or `&str`".to_owned(),
        TypeRef::Vec(item) if **item == TypeRef::String => {
            "`Vec<String>`, `Vec<&str>`, `&[String]` or `&[&str]`".to_owned()
        }
        TypeRef::Vec(item) => {
            let item = canonical(item, models);
            format!("`Vec<{item}>` or `&[{item}]`")
        }
        other => format!("`{}`", canonical(other, models)),
    }
}

/// The spelling of the schema type the generated request uses.
pub fn canonical(schema: &TypeRef, models: &str) -> String {
    match schema {
        TypeRef::DateTime => "agentos_runtime::DateTime".to_owned(),
        TypeRef::Date => "agentos_runtime::Date".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Bytes => "bytes::Bytes".to_owned(),
        TypeRef::Model(name) => format!("{models}::{name}"),
        TypeRef::Vec(item) => format!("Vec<{}>", canonical(item, models)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", canonical(value, models)),
        other => other.display_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        syn::parse_str(text).unwrap()
    }

    fn conv(schema: &TypeRef, text: &str) -> Option<Conv> {
        convert(schema, &ty(text))
    }

    #[test]
    fn table_of_accepted_declarations() {
        let model = TypeRef::Model("TenantSystemTypes".into());
        let strings = TypeRef::Vec(Box::new(TypeRef::String));
        let accepted = [
            (TypeRef::String, "String", Conv::Same),
            (TypeRef::String, "std::string::String", Conv::Same),
            (TypeRef::String, "&str", Conv::ToOwnedString),
            (TypeRef::String, "&'static str", Conv::ToOwnedString),
            (TypeRef::I32, "i32", Conv::Same),
            (TypeRef::Bool, "bool", Conv::Same),
            (TypeRef::DateTime, "agentos_runtime::DateTime", Conv::Same),
            (TypeRef::DateTime, "DateTime", Conv::Same),
            (TypeRef::Date, "::agentos_runtime::Date", Conv::Same),
            (
                model.clone(),
                "make_booking::models::TenantSystemTypes",
                Conv::Same,
            ),
            (model.clone(), "TenantSystemTypes", Conv::Same),
            (
                strings.clone(),
                "Vec<String>",
                Conv::Vec(Box::new(Conv::Same)),
            ),
            (
                strings.clone(),
                "Vec<&str>",
                Conv::Vec(Box::new(Conv::ToOwnedString)),
            ),
            (
                strings.clone(),
                "&[String]",
                Conv::Slice(Box::new(Conv::Same)),
            ),
            (
                strings.clone(),
                "&[&str]",
                Conv::Slice(Box::new(Conv::ToOwnedString)),
            ),
            (
                TypeRef::Map(Box::new(TypeRef::I32)),
                "std::collections::BTreeMap<String, i32>",
                Conv::Same,
            ),
        ];
        for (schema, text, expected) in accepted {
            assert_eq!(conv(&schema, text), Some(expected), "{text}");
        }
        let refused = [
            (TypeRef::I32, "String"),
            (TypeRef::I32, "i64"),
            (TypeRef::I64, "i32"),
            (TypeRef::String, "&mut str"),
            (TypeRef::String, "impl Into<String>"),
            (TypeRef::DateTime, "chrono::DateTime<Utc>"),
            (model.clone(), "Other"),
            (model, "TenantSystemTypes<u8>"),
            (strings.clone(), "Vec<i32>"),
            (strings.clone(), "String"),
            (strings, "&mut [String]"),
            (TypeRef::Map(Box::new(TypeRef::I32)), "HashMap<String, i32>"),
        ];
        for (schema, text) in refused {
            assert_eq!(conv(&schema, text), None, "{text}");
        }
    }

    #[test]
    fn conversions_render() {
        let value = quote!(x);
        let render = |c: Conv| c.apply(value.clone()).to_string();
        assert_eq!(render(Conv::Same), "x");
        assert!(render(Conv::ToOwnedString).contains("String :: from (x)"));
        assert_eq!(render(Conv::Vec(Box::new(Conv::Same))), "x");
        assert!(render(Conv::Slice(Box::new(Conv::Same))).contains("to_vec"));
        assert!(render(Conv::Vec(Box::new(Conv::ToOwnedString))).contains("into_iter"));
    }

    #[test]
    fn messages_spell_the_accepted_forms() {
        let model = TypeRef::Model("X".into());
        assert_eq!(
            accepted(&TypeRef::String, "m::models"),
            "`String` or `&str`"
        );
        assert_eq!(accepted(&TypeRef::I32, "m::models"), "`i32`");
        assert_eq!(accepted(&model, "m::models"), "`m::models::X`");
        assert_eq!(
            accepted(&TypeRef::Vec(Box::new(model)), "models"),
            "`Vec<models::X>` or `&[models::X]`"
        );
    }
}
