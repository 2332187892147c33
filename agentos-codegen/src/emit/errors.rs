//! Per-operation error enums: one variant per status of the operation's [`ErrorSet`], each
//! carrying the response body, and an `impl StatusError`. The rustdoc states the policy that
//! produced the set.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{Doc, code};
use crate::emit::rust::{ident, trips_variant_names};
use crate::ir::{ErrorSet, Operation, StatusOrigin, StatusReason};

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
        return "The variants are the statuses listed in the operation's `x-agentos-statuses` \
                extension, which replaces the generator's status policy for it."
            .to_owned();
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

fn variant_doc(status: u16, reasons: &[StatusReason]) -> String {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or_else(|| status.to_string(), |r| format!("{status} {r}"));
    let why: Vec<String> = reasons
        .iter()
        .map(|r| match r {
            StatusReason::Declared(description) if description.is_empty() => {
                "declared by the document".to_owned()
            }
            StatusReason::Declared(description) => {
                let text: String = crate::emit::docs::prose_paragraphs(description).join(" ");
                format!("declared by the document: {text}")
            }
            StatusReason::ApiWide => "API-wide".to_owned(),
            StatusReason::Inputs => "the operation takes inputs".to_owned(),
            StatusReason::PathParam => "the path has an id".to_owned(),
            StatusReason::Extension => "listed in `x-agentos-statuses`".to_owned(),
        })
        .collect();
    format!("{} ({}).", code(&reason), why.join("; "))
}

/// The error enum of an operation and its `StatusError` impl.
pub(crate) fn error_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.error_name);
    let set = &op.errors;
    let mut doc = Doc::new();
    doc.para(format!(
        "Error statuses of [`{}`] ({}).",
        op.type_name,
        code(&format!("{} {}", op.method, op.path))
    ));
    doc.para(policy_doc(set));
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
    doc.para(
        "Each variant carries the response body; [`agentos_runtime::StatusError`] says what it \
         means, whether to retry (`is_retryable`) and what to do (`resolution`).",
    );
    let doc = doc.attrs();
    let allow = if trips_variant_names(
        &op.error_name,
        set.statuses.iter().map(|s| s.variant.as_str()),
    ) {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        TokenStream::new()
    };
    let variants: Vec<_> = set.statuses.iter().map(|s| ident(&s.variant)).collect();
    let codes: Vec<u16> = set.statuses.iter().map(|s| s.code).collect();
    let literals = codes
        .iter()
        .map(|c| proc_macro2::Literal::u16_unsuffixed(*c));
    let docs = set
        .statuses
        .iter()
        .map(|s| format!(" {}", variant_doc(s.code, &s.reasons)));
    let statuses = codes.iter().map(|c| status_tokens(*c));
    let (status_body, body_body) = if variants.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else {
        (
            quote!(match self { #(Self::#variants(_) => #statuses,)* }),
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
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(
                #[doc = #docs]
                #variants(ErrorBody),
            )*
        }

        impl ::agentos_runtime::StatusError for #name {
            fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
                #from_status
            }
            fn status(&self) -> StatusCode {
                #status_body
            }
            fn body(&self) -> &ErrorBody {
                #body_body
            }
        }
    }
}
