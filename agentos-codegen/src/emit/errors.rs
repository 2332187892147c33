//! Error enums: the document's shared enums ([`Api::error_enums`], one per distinct status set,
//! named by lowering), in a top-level `errors` module, each variant carrying the response body,
//! with an `impl StatusError`; and per operation a `pub type XxxError` alias of its set's enum,
//! whose rustdoc states the policy that produced the set and why each status is in it.
//!
//! Sharing the enums keeps the output small (most operations of a document have one of a few
//! sets) while each operation keeps its own error type name and the same exhaustive `match`es.

use std::collections::BTreeSet;

use crate::emit::docs::{Doc, code};
use crate::emit::rust::{name, trips_variant_names};
use crate::emit::shared::Reexports;
use crate::emit::text::Code;
use crate::ir::{Api, ErrorEnum, ErrorSet, ErrorStatus, Operation, StatusOrigin, StatusReason};
use crate::lower::error_enums::MAX_NAME;
use crate::lower::naming::status_const;

/// `Self::Variant(_) => <the StatusCode of code>,`: a constant when http names one, else
/// `from_u16` (lowering only admits 300..=999, which it accepts: the fallback is unreachable).
fn status_arm(out: &mut Code, variant: &str, code: u16) {
    match status_const(code) {
        Some(constant) => out.line(&format!("Self::{variant}(_) => StatusCode::{constant},")),
        None => {
            out.open(&format!("Self::{variant}(_) => {{"));
            out.open(&format!("match StatusCode::from_u16({code}) {{"));
            out.fixed("Ok(status) => status,");
            out.fixed("Err(_) => StatusCode::INTERNAL_SERVER_ERROR,");
            out.close("}");
            out.close("}");
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
    let by_id: Vec<(String, &str)> = set
        .statuses
        .iter()
        .filter_map(|s| {
            s.reasons.iter().find_map(|r| match r {
                StatusReason::Id(id) => Some((s.code.to_string(), id.as_str())),
                _ => None,
            })
        })
        .collect();
    if let Some((_, id)) = by_id.first() {
        let codes: Vec<String> = by_id.iter().map(|(c, _)| c.clone()).collect();
        parts.push(format!(
            "{} because it addresses a resource by an id ({}), which may be unknown, deleted \
             or archived",
            and_list(&codes),
            code(id)
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
                Some(crate::emit::docs::prose_line(description))
            }
            _ => None,
        })
        .collect();
    (!text.is_empty())
        .then(|| format!("- {}: {}", code(&status_label(status.code)), text.join(" ")))
}

/// The codes every operation of `api` gets under the API-wide policy.
fn api_wide(api: &Api) -> BTreeSet<u16> {
    api.operations()
        .flat_map(|(_, op)| &op.errors.statuses)
        .filter(|s| s.reasons.contains(&StatusReason::ApiWide))
        .map(|s| s.code)
        .collect()
}

/// `pub mod errors { .. }`: the shared enums, named as its doc says (those other documents
/// define alike re-exported from the client's shared module); nothing when the document has
/// no operation.
pub(crate) fn module(out: &mut Code, api: &Api, reexports: Option<Reexports<'_>>) {
    if api.error_enums.is_empty() {
        return;
    }
    let shared = reexports.filter(|r| !r.errors.is_empty());
    let api_wide = api_wide(api);
    let title = api.title.as_str();
    let mut doc = Doc::new();
    doc.para(format!(
        "Error enums of {}: one per distinct set of error statuses, shared by the operations \
         with that set. Each operation names its set through a type alias, its request type's \
         name followed by `Error`, whose doc says why each status is there for that operation.",
        code(title)
    ));
    let api_wide: Vec<String> = api_wide.iter().map(u16::to_string).collect();
    let base = if api_wide.is_empty() {
        "The document has no API-wide statuses (those every operation gets under the status \
         policy)."
            .to_owned()
    } else {
        format!(
            "The API-wide statuses (those every operation gets under the status policy) are {}.",
            and_list(&api_wide)
        )
    };
    doc.para(format!(
        "An enum's name comes from the statuses of its set. {base} `ApiWide` is exactly those; \
         `ApiWideAnd` followed by the variant names of the other statuses is a set with those \
         and more (`ApiWideAndBadRequestNotFound`); `Only` followed by every variant name is a \
         set without all of them (`OnlyNotFound`); `NoStatuses` is the empty set. Sets that \
         would share a name, and names over {MAX_NAME} characters, use `Statuses` followed by \
         the codes (`Statuses400_404`); should two sets have the same codes but different \
         variant names, the second gets `V2` appended, the third `V3`, and so on. A name \
         depends only on the statuses of the document's operations."
    ));
    if let Some(r) = shared {
        doc.para(format!(
            "The enums other documents of this client define alike are defined once, in \
             `{}::errors`, and re-exported here.",
            r.module
        ));
    }
    doc.write(out);
    out.fixed("#[allow(dead_code)]");
    out.open("pub mod errors {");
    if let Some(r) = shared {
        super::reexport_from(out, r.module, "errors", r.errors);
    }
    let own: Vec<&ErrorEnum> = api
        .error_enums
        .iter()
        .filter(|e| shared.is_none_or(|r| !r.errors.contains(&e.name)))
        .collect();
    enums_with_imports(out, &own);
    out.close("}");
}

/// The enums, after the imports they use (none when there is no enum: it would be unused).
fn enums_with_imports(out: &mut Code, enums: &[&ErrorEnum]) {
    if enums.is_empty() {
        return;
    }
    out.fixed("use ::agentos_runtime::{ErrorBody, __private::StatusCode};");
    for e in enums {
        out.item(|c| shared_enum(c, e));
    }
}

/// `pub mod errors { .. }` of the client's shared module: the enums several documents define
/// alike; nothing when there are none.
pub(crate) fn shared_module(out: &mut Code, enums: &[ErrorEnum]) {
    if enums.is_empty() {
        return;
    }
    let enums: Vec<&ErrorEnum> = enums.iter().collect();
    out.fixed(
        "/// The shared error enums (their names are explained in each document's `errors`).",
    );
    out.open("pub mod errors {");
    enums_with_imports(out, &enums);
    out.close("}");
}

/// One shared enum and its `StatusError` impl. The variants get a generic doc: why a status
/// is in the set differs between the operations sharing it, and their aliases say it.
fn shared_enum(out: &mut Code, error_enum: &ErrorEnum) {
    let (own, statuses) = (name(&error_enum.name), error_enum.statuses.as_slice());
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
    // The runtime's items are named as code, never linked (see the `emit` module's docs).
    doc.para(
        "Any other status arrives as `agentos_runtime::ApiError::UnexpectedStatus`, never as \
         a success. Each variant carries the response body; `agentos_runtime::StatusError` \
         says what it means, whether to retry (`is_retryable`) and what to do (`resolution`).",
    );
    doc.write(out);
    if trips_variant_names(own, statuses.iter().map(|s| s.variant.as_str())) {
        out.fixed("#[allow(clippy::enum_variant_names)]");
    }
    out.fixed("#[derive(Debug, Clone, PartialEq, Eq)]");
    let variants: Vec<&str> = statuses.iter().map(|s| name(&s.variant)).collect();
    if variants.is_empty() {
        out.line(&format!("pub enum {own} {{}}"));
    } else {
        out.open(&format!("pub enum {own} {{"));
        for (status, variant) in statuses.iter().zip(&variants) {
            let doc = format!("The response status {}.", code(&status_label(status.code)));
            out.doc_lines([doc.as_str()]);
            out.line(&format!("{variant}(ErrorBody),"));
        }
        out.close("}");
    }
    // The impl's methods are `#[inline]`: compiled lazily, in the crate that calls them (see
    // `operations::endpoint_impl`).
    out.open_impl(&format!("impl ::agentos_runtime::StatusError for {own} {{"));
    out.fixed("#[inline]");
    out.function(
        "fn from_status",
        &["status: StatusCode", "body: ErrorBody"],
        " -> Result<Self, ErrorBody> {",
    );
    if variants.is_empty() {
        out.fixed("let _ = status;");
        out.fixed("Err(body)");
    } else {
        out.open("match status.as_u16() {");
        for (status, variant) in statuses.iter().zip(&variants) {
            out.line(&format!("{} => Ok(Self::{variant}(body)),", status.code));
        }
        out.fixed("_ => Err(body),");
        out.close("}");
    }
    out.close("}");
    let arms = |out: &mut Code| {
        for (status, variant) in statuses.iter().zip(&variants) {
            status_arm(out, variant, status.code);
        }
    };
    match_self(
        out,
        "fn status(&self) -> StatusCode {",
        !variants.is_empty(),
        arms,
    );
    let arms = |out: &mut Code| {
        let patterns: Vec<String> = variants
            .iter()
            .map(|v| format!("Self::{v}(body)"))
            .collect();
        out.alternatives(&patterns, " => body,");
    };
    match_self(
        out,
        "fn body(&self) -> &ErrorBody {",
        !variants.is_empty(),
        arms,
    );
    out.close("}");
}

/// `#[inline] signature { match self { arms } }`, or `match *self {}` when the enum has no
/// variant (`any` false): the enum's `status` and `body`.
fn match_self(out: &mut Code, signature: &str, any: bool, arms: impl FnOnce(&mut Code)) {
    out.fixed("#[inline]");
    out.open(signature);
    if any {
        out.open("match self {");
        arms(out);
        out.close("}");
    } else {
        out.fixed("match *self {}");
    }
    out.close("}");
}

/// An operation's `XxxError`: a documented alias of its set's shared enum.
pub(crate) fn error_alias(out: &mut Code, op: &Operation) {
    let set = &op.errors;
    let shared = set.enum_name.as_str();
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
                      `agentos_runtime::ApiError::UnexpectedStatus`, never as a success."
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
    // The compiler names the enum, never this alias, in its messages (a variant the set does
    // not have is "not found for enum `ApiWideAndBadRequestNotFound`"): an alias is no type of
    // its own, and a type of its own per operation would give up one type per status set. So
    // the doc says which enum that is and lists its variants.
    let variants: Vec<String> = set
        .statuses
        .iter()
        .map(|s| format!("`{}` ({})", s.variant, s.code))
        .collect();
    doc.para(format!(
        "An alias of [`super::errors::{shared}`], the enum of every operation with these \
         statuses{example}; compiler messages name that enum. Its variants: {}. Each variant \
         carries the response body; `agentos_runtime::StatusError` says what it means, \
         whether to retry (`is_retryable`) and what to do (`resolution`).",
        variants.join(", ")
    ));
    doc.write(out);
    out.fixed(&format!(
        "pub type {} = super::errors::{};",
        name(&op.error_name),
        name(shared)
    ));
}
