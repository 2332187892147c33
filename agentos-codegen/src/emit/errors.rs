//! Error enums: one per distinct status set of a document (an [`ErrorSet`]'s codes and
//! variants), in a top-level `errors` module, each variant carrying the response body, with an
//! `impl StatusError`; and per operation a `pub type XxxError` alias of its set's enum, whose
//! rustdoc states the policy that produced the set and why each status is in it.
//!
//! Sharing the enums keeps the output small (most operations of a document have one of a few
//! sets) while each operation keeps its own error type name and the same exhaustive `match`es.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{Doc, code};
use crate::emit::rust::{ident, trips_variant_names};
use crate::ir::{Api, ErrorSet, ErrorStatus, Operation, StatusOrigin, StatusReason};

/// `http::StatusCode` constant names for the error statuses http defines.
fn status_const(code: u16) -> Option<&'static str> {
    Some(match code {
        300 => "MULTIPLE_CHOICES",
        301 => "MOVED_PERMANENTLY",
        302 => "FOUND",
        303 => "SEE_OTHER",
        304 => "NOT_MODIFIED",
        305 => "USE_PROXY",
        307 => "TEMPORARY_REDIRECT",
        308 => "PERMANENT_REDIRECT",
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        402 => "PAYMENT_REQUIRED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        406 => "NOT_ACCEPTABLE",
        407 => "PROXY_AUTHENTICATION_REQUIRED",
        408 => "REQUEST_TIMEOUT",
        409 => "CONFLICT",
        410 => "GONE",
        411 => "LENGTH_REQUIRED",
        412 => "PRECONDITION_FAILED",
        413 => "PAYLOAD_TOO_LARGE",
        414 => "URI_TOO_LONG",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        416 => "RANGE_NOT_SATISFIABLE",
        417 => "EXPECTATION_FAILED",
        418 => "IM_A_TEAPOT",
        421 => "MISDIRECTED_REQUEST",
        422 => "UNPROCESSABLE_ENTITY",
        423 => "LOCKED",
        424 => "FAILED_DEPENDENCY",
        426 => "UPGRADE_REQUIRED",
        428 => "PRECONDITION_REQUIRED",
        429 => "TOO_MANY_REQUESTS",
        431 => "REQUEST_HEADER_FIELDS_TOO_LARGE",
        451 => "UNAVAILABLE_FOR_LEGAL_REASONS",
        500 => "INTERNAL_SERVER_ERROR",
        501 => "NOT_IMPLEMENTED",
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        505 => "HTTP_VERSION_NOT_SUPPORTED",
        506 => "VARIANT_ALSO_NEGOTIATES",
        507 => "INSUFFICIENT_STORAGE",
        508 => "LOOP_DETECTED",
        510 => "NOT_EXTENDED",
        511 => "NETWORK_AUTHENTICATION_REQUIRED",
        _ => return None,
    })
}

/// The `StatusCode` for a code, as tokens.
fn status_tokens(code: u16) -> TokenStream {
    match status_const(code) {
        Some(name) => {
            let name = ident(name);
            quote!(StatusCode::#name)
        }
        // Lowering only admits 300..=999, which `from_u16` accepts; the fallback is unreachable.
        None => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! {
            match StatusCode::from_u16(#code) {
                Ok(status) => status,
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
            }
            }
        }
    }
}

/// A list in prose: `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn codes_with(set: &ErrorSet, reason: &StatusReason) -> Vec<String> {
    set.statuses
        .iter()
        .filter(|s| s.reasons.contains(reason))
        .map(|s| s.code.to_string())
        .collect()
}

/// The paragraph explaining where the variants come from.
fn policy_doc(set: &ErrorSet) -> String {
    if set.origin == StatusOrigin::Extension {
        let codes: Vec<String> = set.statuses.iter().map(|s| s.code.to_string()).collect();
        let listed = if codes.is_empty() {
            "(none)".to_owned()
        } else {
            format!("({})", and_list(&codes))
        };
        return format!(
            "The variants are the statuses listed in the operation's `x-agentos-statuses` \
             extension {listed}, which replaces the generator's status policy for it."
        );
    }
    let mut parts = Vec::new();
    let declared: Vec<String> = set
        .statuses
        .iter()
        .filter(|s| {
            s.reasons
                .iter()
                .any(|r| matches!(r, StatusReason::Declared(_)))
        })
        .map(|s| s.code.to_string())
        .collect();
    if !declared.is_empty() {
        parts.push(format!(
            "the statuses the document declares ({})",
            and_list(&declared)
        ));
    }
    let api_wide = codes_with(set, &StatusReason::ApiWide);
    if !api_wide.is_empty() {
        parts.push(format!("the API-wide {}", and_list(&api_wide)));
    }
    let inputs = codes_with(set, &StatusReason::Inputs);
    if !inputs.is_empty() {
        parts.push(format!(
            "{} because the operation takes inputs besides `shortName`",
            and_list(&inputs)
        ));
    }
    let path = codes_with(set, &StatusReason::PathParam);
    if !path.is_empty() {
        parts.push(format!(
            "{} because its path has a parameter besides `shortName`",
            and_list(&path)
        ));
    }
    let mut text = if parts.is_empty() {
        "The status policy gives this operation no error statuses.".to_owned()
    } else {
        format!(
            "The variants are the operation's possible error statuses under the status policy: {}.",
            parts.join("; ")
        )
    };
    if !set.excluded.is_empty() {
        let excluded: Vec<String> = set.excluded.iter().map(u16::to_string).collect();
        text.push_str(&format!(
            " Never {}: the method is fixed at compile time, so a caller cannot provoke it.",
            and_list(&excluded)
        ));
    }
    text
}

/// `404 Not Found`: the code and its canonical reason, when http knows one.
fn status_label(status: u16) -> String {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or_else(|| status.to_string(), |r| format!("{status} {r}"))
}

/// What the document says of a status it declares for the operation, as a list item of the
/// alias doc; `None` when it says nothing (the policy paragraph already gives every status and
/// why it is there: this adds only the document's own words).
fn declared_item(status: &ErrorStatus) -> Option<String> {
    let text: Vec<String> = status
        .reasons
        .iter()
        .filter_map(|r| match r {
            StatusReason::Declared(description) if !description.is_empty() => {
                // One line: a list item must not continue on an unindented line.
                Some(
                    crate::emit::docs::prose_paragraphs(description)
                        .join(" ")
                        .replace('\n', " "),
                )
            }
            _ => None,
        })
        .collect();
    (!text.is_empty())
        .then(|| format!("- {}: {}", code(&status_label(status.code)), text.join(" ")))
}

/// What identifies an error enum: its variants, in order, with their codes.
type Key<'a> = Vec<(u16, &'a str)>;

fn key(set: &ErrorSet) -> Key<'_> {
    set.statuses
        .iter()
        .map(|s| (s.code, s.variant.as_str()))
        .collect()
}

/// Readable names longer than this fall back to the codes.
const MAX_NAME: usize = 60;

/// The error enums of one document: one per distinct status set (same codes, same variants),
/// shared by every operation with that set through a type alias.
pub(crate) struct ErrorEnums<'a> {
    /// Each set's enum name, by set.
    names: BTreeMap<Key<'a>, String>,
    /// The sets by name (the emission order), each with the statuses of its first operation.
    enums: BTreeMap<String, &'a [ErrorStatus]>,
    /// The codes every operation gets under the API-wide policy.
    api_wide: BTreeSet<u16>,
    /// The document's title, for the module doc.
    title: &'a str,
}

impl<'a> ErrorEnums<'a> {
    /// The distinct sets of the document's operations and their names (see [`Self::module`]'s
    /// doc for the scheme).
    pub(crate) fn new(api: &'a Api) -> Self {
        let api_wide: BTreeSet<u16> = api
            .operations()
            .flat_map(|(_, op)| &op.errors.statuses)
            .filter(|s| s.reasons.contains(&StatusReason::ApiWide))
            .map(|s| s.code)
            .collect();
        let mut sets: BTreeMap<Key<'a>, &'a [ErrorStatus]> = BTreeMap::new();
        for (_, op) in api.operations() {
            sets.entry(key(&op.errors)).or_insert(&op.errors.statuses);
        }
        let keys: Vec<Key<'a>> = sets.keys().cloned().collect();
        let names: BTreeMap<Key<'a>, String> = enum_names(&keys, &api_wide)
            .into_iter()
            .zip(keys)
            .map(|(name, key)| (key, name))
            .collect();
        let enums = names
            .iter()
            .filter_map(|(k, name)| sets.get(k).map(|statuses| (name.clone(), *statuses)))
            .collect();
        Self {
            names,
            enums,
            api_wide,
            title: &api.title,
        }
    }

    /// The name of the enum of an operation's set (built from the same document).
    fn name<'s>(&'s self, set: &'s ErrorSet) -> Option<&'s str> {
        self.names.get(&key(set)).map(String::as_str)
    }

    /// Whether the document has no operation, so no enum.
    pub(crate) fn is_empty(&self) -> bool {
        self.enums.is_empty()
    }

    /// How many enums there are.
    pub(crate) fn len(&self) -> usize {
        self.enums.len()
    }

    /// `pub mod errors { .. }`: the shared enums, named as its doc says.
    pub(crate) fn module(&self) -> TokenStream {
        if self.is_empty() {
            return TokenStream::new();
        }
        let mut doc = Doc::new();
        doc.para(format!(
            "Error enums of {}: one per distinct set of error statuses, shared by the \
             operations with that set. Each operation names its set through a type alias, its \
             request type's name followed by `Error`, whose doc says why each status is there \
             for that operation.",
            code(self.title)
        ));
        let api_wide: Vec<String> = self.api_wide.iter().map(u16::to_string).collect();
        let base = if api_wide.is_empty() {
            "The document has no API-wide statuses (those every operation gets under the \
             status policy)."
                .to_owned()
        } else {
            format!(
                "The API-wide statuses (those every operation gets under the status policy) are \
                 {}.",
                and_list(&api_wide)
            )
        };
        doc.para(format!(
            "An enum's name comes from the statuses of its set. {base} `ApiWide` is exactly \
             those; `ApiWideAnd` followed by the variant names of the other statuses is a set \
             with those and more (`ApiWideAndBadRequestNotFound`); `Only` followed by every \
             variant name is a set without all of them (`OnlyNotFound`); `NoStatuses` is the \
             empty set. Sets that would share a name, and names over {MAX_NAME} characters, \
             use `Statuses` followed by the codes (`Statuses400_404`); should two sets have \
             the same codes but different variant names, the second gets `V2` appended, the \
             third `V3`, and so on. A name depends only on the statuses of the document's \
             operations."
        ));
        let doc = doc.attrs();
        let enums = self
            .enums
            .iter()
            .map(|(name, statuses)| shared_enum(name, statuses));
        quote! {
            #doc
            #[allow(dead_code)]
            pub mod errors {
                use ::agentos_runtime::{ErrorBody, __private::StatusCode};
                #(#enums)*
            }
        }
    }
}

/// The enum name of each set (the scheme is in the `errors` module's doc): readable names, and
/// for the sets whose readable name is shared or too long, `Statuses` + the codes (unique
/// unless two sets have the same codes with different variant names, as only a hand-built IR
/// can: those get `V2`, `V3`... in key order).
fn enum_names(keys: &[Key<'_>], api_wide: &BTreeSet<u16>) -> Vec<String> {
    let readable: Vec<String> = keys.iter().map(|k| readable_name(k, api_wide)).collect();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &readable {
        *uses.entry(name.as_str()).or_default() += 1;
    }
    let mut fallbacks: BTreeMap<String, usize> = BTreeMap::new();
    keys.iter()
        .zip(&readable)
        .map(|(key, name)| {
            if uses.get(name.as_str()) == Some(&1) && name.len() <= MAX_NAME {
                return name.clone();
            }
            let codes: Vec<String> = key.iter().map(|(c, _)| c.to_string()).collect();
            let base = format!("Statuses{}", codes.join("_"));
            let seen = fallbacks.entry(base.clone()).or_default();
            *seen += 1;
            if *seen == 1 {
                base
            } else {
                format!("{base}V{seen}")
            }
        })
        .collect()
}

/// The name of a set from its statuses (before collisions are resolved).
fn readable_name(key: &Key<'_>, api_wide: &BTreeSet<u16>) -> String {
    let has_all = !api_wide.is_empty() && api_wide.iter().all(|c| key.iter().any(|(k, _)| k == c));
    let variants = |skip_api_wide: bool| -> String {
        key.iter()
            .filter(|(c, _)| !(skip_api_wide && api_wide.contains(c)))
            .map(|(_, v)| *v)
            .collect()
    };
    if has_all {
        let extra = variants(true);
        if extra.is_empty() {
            "ApiWide".to_owned()
        } else {
            format!("ApiWideAnd{extra}")
        }
    } else if key.is_empty() {
        "NoStatuses".to_owned()
    } else {
        format!("Only{}", variants(false))
    }
}

/// One shared enum and its `StatusError` impl. The variants get a generic doc: why a status
/// is in the set differs between the operations sharing it, and their aliases say it.
fn shared_enum(name: &str, statuses: &[ErrorStatus]) -> TokenStream {
    let codes: Vec<String> = statuses.iter().map(|s| s.code.to_string()).collect();
    let mut doc = Doc::new();
    doc.para(if codes.is_empty() {
        "The error enum of the operations without error statuses: it has no value.".to_owned()
    } else {
        format!(
            "The error enum of the operations whose error statuses are {}.",
            and_list(&codes)
        )
    });
    doc.para(
        "Any other status arrives as [`agentos_runtime::ApiError::UnexpectedStatus`], never as \
         a success. Each variant carries the response body; [`agentos_runtime::StatusError`] \
         says what it means, whether to retry (`is_retryable`) and what to do (`resolution`).",
    );
    let doc = doc.attrs();
    let ident_name = ident(name);
    let allow = if trips_variant_names(name, statuses.iter().map(|s| s.variant.as_str())) {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        TokenStream::new()
    };
    let variants: Vec<_> = statuses.iter().map(|s| ident(&s.variant)).collect();
    let literals = statuses
        .iter()
        .map(|s| proc_macro2::Literal::u16_unsuffixed(s.code));
    let docs = statuses
        .iter()
        .map(|s| format!(" The response status {}.", code(&status_label(s.code))));
    let status_values = statuses.iter().map(|s| status_tokens(s.code));
    let (status_body, body_body) = if variants.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else {
        (
            quote!(match self { #(Self::#variants(_) => #status_values,)* }),
            quote!(match self { #(Self::#variants(body))|* => body, }),
        )
    };
    let from_status = if variants.is_empty() {
        quote! {
            let _ = status;
            Err(body)
        }
    } else {
        quote! {
            match status.as_u16() {
                #(#literals => Ok(Self::#variants(body)),)*
                _ => Err(body),
            }
        }
    };
    // The impl's methods are `#[inline]`: compiled lazily, in the crate that calls them (see
    // `operations::endpoint_impl`).
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #ident_name {
            #(
                #[doc = #docs]
                #variants(ErrorBody),
            )*
        }

        impl ::agentos_runtime::StatusError for #ident_name {
            #[inline]
            fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
                #from_status
            }
            #[inline]
            fn status(&self) -> StatusCode {
                #status_body
            }
            #[inline]
            fn body(&self) -> &ErrorBody {
                #body_body
            }
        }
    }
}

/// An operation's `XxxError`: a documented alias of its set's shared enum.
pub(crate) fn error_alias(op: &Operation, enums: &ErrorEnums<'_>) -> TokenStream {
    let name = ident(&op.error_name);
    let set = &op.errors;
    // `ErrorEnums` is built from the document the operation is in, so it always knows the set.
    let Some(shared) = enums.name(set) else {
        return TokenStream::new();
    };
    let mut doc = Doc::new();
    doc.para(format!(
        "Error statuses of [`{}`] ({}).",
        op.type_name,
        code(&format!("{} {}", op.method, op.path))
    ));
    doc.para(policy_doc(set));
    let declared: Vec<String> = set.statuses.iter().filter_map(declared_item).collect();
    if !declared.is_empty() {
        doc.para("What the document says of the statuses it declares:");
        doc.para(declared.join("\n"));
    }
    let mut others = "Any other status arrives as \
                      [`agentos_runtime::ApiError::UnexpectedStatus`], never as a success."
        .to_owned();
    if set.declared_default {
        others.push_str(" (The document also declares a `default` response.)");
    }
    if !set.declared_ranges.is_empty() {
        let ranges: Vec<String> = set
            .declared_ranges
            .iter()
            .map(|r| format!("{r}XX"))
            .collect();
        others.push_str(&format!(
            " (The document also declares the ranges {}.)",
            and_list(&ranges)
        ));
    }
    doc.para(others);
    let example = set.statuses.first().map_or_else(String::new, |s| {
        format!(
            ": match on its variants (`{}::{}(body)`)",
            op.error_name, s.variant
        )
    });
    doc.para(format!(
        "An alias of [`super::errors::{shared}`], the enum of every operation with these \
         statuses{example}. Each variant carries the response body; \
         [`agentos_runtime::StatusError`] says what it means, whether to retry \
         (`is_retryable`) and what to do (`resolution`)."
    ));
    let doc = doc.attrs();
    let shared = ident(shared);
    quote! {
        #doc
        pub type #name = super::errors::#shared;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(statuses: &[(u16, &'a str)]) -> Key<'a> {
        statuses.to_vec()
    }

    #[test]
    fn names_come_from_the_statuses_beyond_the_api_wide_ones() {
        let api_wide: BTreeSet<u16> = [401, 500].into();
        let keys = [
            key(&[(401, "Unauthorized"), (500, "InternalServerError")]),
            key(&[
                (400, "BadRequest"),
                (401, "Unauthorized"),
                (404, "NotFound"),
                (500, "InternalServerError"),
            ]),
            key(&[(404, "NotFound")]),
            key(&[]),
        ];
        assert_eq!(
            enum_names(&keys, &api_wide),
            [
                "ApiWide",
                "ApiWideAndBadRequestNotFound",
                "OnlyNotFound",
                "NoStatuses"
            ]
        );
        // Without API-wide statuses every non-empty set is `Only...`.
        assert_eq!(
            enum_names(&keys[2..], &BTreeSet::new()),
            ["OnlyNotFound", "NoStatuses"]
        );
    }

    #[test]
    fn shared_or_long_names_fall_back_to_the_codes_and_never_collide() {
        let none = BTreeSet::new();
        // `Ab` + `Cd` and `AbCd` read alike: both fall back, and stay apart.
        let keys = [
            key(&[(401, "Ab"), (402, "Cd")]),
            key(&[(403, "AbCd")]),
            key(&[(410, "Other")]),
        ];
        assert_eq!(
            enum_names(&keys, &none),
            ["Statuses401_402", "Statuses403", "OnlyOther"]
        );
        // The same codes with different variant names (a hand-built IR).
        let keys = [key(&[(409, "Conflict")]), key(&[(409, "Clash")])];
        let names = enum_names(&keys, &[409].into());
        assert_eq!(names, ["Statuses409", "Statuses409V2"]);
        // Too long to read.
        let long: Vec<(u16, &str)> = (400..410).map(|c| (c, "SomeLongVariant")).collect();
        assert_eq!(
            enum_names(&[long], &none),
            ["Statuses400_401_402_403_404_405_406_407_408_409"]
        );
    }
}
