//! Checking a declaration against the schema: the operation (method + path) and each parameter
//! (known, not duplicated, of a compatible type, every required one present).
//!
//! Every problem is recorded in [`Errors`] with the span of the offending token, and checking
//! goes on, so one build reports all of them.

use agentos_codegen::ir::{Api, Group, Method, Operation, Param, ParamLocation, TypeRef};
use proc_macro2::Span;
use syn::{Ident, LitStr, Type};

use crate::errors::Errors;
use crate::item;
use crate::suggest::{nearest_name, nearest_path};
use crate::types::{Conv, accepted, canonical, convert, single_arg};

/// What a declared parameter fills in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The path or query parameter at this index of [`Operation::params`].
    Param(usize),
    /// The JSON request body.
    Body,
}

/// How the converted value is stored in the request field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// A required field: the value itself.
    Plain,
    /// An optional field declared with its plain type: always sent, `Some(value)`.
    Always,
    /// An optional field declared as `Option<U>`: converted inside the option.
    Option,
}

/// One declared parameter, matched to the schema.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The parameter's name as declared.
    pub name: Ident,
    /// Its declared type.
    pub ty: Type,
    /// What it fills.
    pub target: Target,
    /// How its value is converted.
    pub conv: Conv,
    /// How the converted value is stored.
    pub store: Store,
}

/// A declaration that passed every check: the operation and how to fill its request.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The operation.
    pub op: &'a Operation,
    /// The declared parameters, in declaration order.
    pub bindings: Vec<Binding>,
}

/// The canonical form of a template: parameter names lower-cased (`{shortname}` is
/// `{shortName}`), literal text as is.
fn template_key(template: &str) -> String {
    let mut key = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => in_param = true,
            '}' => in_param = false,
            _ => {}
        }
        if in_param {
            key.extend(c.to_lowercase());
        } else {
            key.push(c);
        }
    }
    key
}

/// Finds the operation for `method` and `path`, or records why there is none: a path the
/// schema does not have (suggesting the nearest), or a method it does not allow there (naming
/// the allowed ones).
pub fn find_operation<'a>(
    api: &'a Api,
    method: Method,
    method_span: Span,
    path: &LitStr,
    errors: &mut Errors,
) -> Option<(&'a Group, &'a Operation)> {
    let written = path.value();
    let key = template_key(&written);
    let on_path: Vec<(&Group, &Operation)> = api
        .operations()
        .filter(|(_, op)| template_key(&op.path) == key)
        .collect();
    if let Some(found) = on_path.iter().find(|(_, op)| op.method == method) {
        return Some(*found);
    }
    if let Some((_, first)) = on_path.first() {
        let mut allowed: Vec<Method> = on_path.iter().map(|(_, op)| op.method).collect();
        allowed.sort_by_key(|m| ORDER.iter().position(|o| o == m));
        allowed.dedup();
        let names: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
        let allows = match names.as_slice() {
            [only] => format!("allows only {only}"),
            _ => format!("allows {}", names.join(", ")),
        };
        errors.push(
            method_span,
            format!(
                "`{method}` is not allowed on `{}`: the schema {allows}",
                first.path
            ),
        );
        return None;
    }
    // Only a path of the same method is suggested, and only a close one (see `nearest_path`).
    let mut paths: Vec<&str> = api
        .operations()
        .filter(|(_, op)| op.method == method)
        .map(|(_, op)| op.path.as_str())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let message = match nearest_path(&written, paths.iter().copied()) {
        Some(near) => format!("no path `{written}` in the schema; did you mean `{near}`?"),
        None if api.operations().next().is_none() => {
            format!("no path `{written}` in the schema, which has no operations")
        }
        None => format!(
            "no path `{written}` in the schema, and no {method} path of it is close to this one \
             (`agentos-codegen list` prints them all)"
        ),
    };
    errors.push(path.span(), message);
    None
}

/// The order methods are listed in messages.
const ORDER: [Method; 5] = [
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Patch,
    Method::Delete,
];

/// A name compared loosely: `r#` removed, underscores dropped, lower case, so `branch_id`,
/// `branchID` and `BranchId` all name the wire parameter `branchID`.
fn loose(name: &str) -> String {
    name.trim_start_matches("r#")
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name a parameter is best declared with (its Rust field name, without `r#`).
fn field_name(param: &Param) -> &str {
    param.field.trim_start_matches("r#")
}

/// The page window declared as a parameter: one vocabulary with the build script's client,
/// where `new(..)` leaves it out and `.page(offset, count)` sets it.
fn page_window_param(op: &Operation, name: &Ident, item_name: &Ident, errors: &mut Errors) {
    errors.push(
        name.span(),
        format!(
            "`{name}` is the page window of `{} {}`, which is not a parameter of the \
             declaration: leave it out (the request starts at the first, fullest page) and set \
             it with `{item_name}::request(..).page(offset, count)`, as the generated \
             `{}::new(..).page(..)` does, or stream every page with \
             `client.items({item_name}::request(..))`",
            op.method, op.path, op.type_name
        ),
    );
}

fn location_word(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// Matches the declared parameters to the operation's, recording every problem. `complete`
/// says whether `declared` holds every parameter of the declaration (missing ones are only
/// reported when it does); `models` is the path of the generated models, for messages.
pub fn check_params<'a>(
    op: &'a Operation,
    declared: Vec<item::Param>,
    complete: bool,
    item_name: &Ident,
    models: &str,
    errors: &mut Errors,
) -> Plan<'a> {
    let module = models;
    let endpoint = format!("{} {}", op.method, op.path);
    let mut bindings: Vec<Binding> = Vec::new();
    // Inputs declared at all, well typed or not: a mistyped one is not also "missing".
    let mut declared_targets: Vec<(Target, Ident)> = Vec::new();
    for param in declared {
        let Some(target) = resolve_name(op, &param.name) else {
            unknown_param(op, &param.name, &endpoint, errors);
            continue;
        };
        if let Target::Param(index) = target
            && op.is_page_window(index)
        {
            page_window_param(op, &param.name, item_name, errors);
            continue;
        }
        if let Some((_, first)) = declared_targets.iter().find(|(t, _)| *t == target) {
            errors.push(
                param.name.span(),
                format!(
                    "`{}` and `{}` are the same {}: declare it once",
                    first,
                    param.name,
                    describe(op, target)
                ),
            );
            continue;
        }
        declared_targets.push((target, param.name.clone()));
        let (schema, required) = match target {
            Target::Param(i) => match op.params.get(i) {
                Some(p) => (&p.ty, p.required),
                None => continue,
            },
            Target::Body => match &op.body {
                Some(b) => (&b.ty, b.required),
                None => continue,
            },
        };
        match typed(schema, required, &param.ty) {
            Some((conv, store)) => bindings.push(Binding {
                name: param.name,
                ty: param.ty,
                target,
                conv,
                store,
            }),
            None => errors.push_tokens(
                &param.ty,
                mismatch(op, target, schema, required, &param.name, module),
            ),
        }
    }
    for (index, param) in op.params.iter().enumerate() {
        let bound = declared_targets
            .iter()
            .any(|(t, _)| *t == Target::Param(index));
        if complete && param.required && !op.is_page_window(index) && !bound {
            errors.push(
                item_name.span(),
                format!(
                    "missing required parameter `{}: {}`: {} `{}` of `{endpoint}` is required",
                    field_name(param),
                    canonical(&param.ty, module),
                    location_word(param),
                    param.wire
                ),
            );
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| complete && b.required) {
        if !declared_targets.iter().any(|(t, _)| *t == Target::Body) {
            errors.push(
                item_name.span(),
                format!(
                    "missing the request body: `{endpoint}` requires one; add `body: {}`",
                    canonical(&body.ty, module)
                ),
            );
        }
    }
    Plan { op, bindings }
}

/// Which schema input a declared name fills: a parameter by loose name, or `body`.
fn resolve_name(op: &Operation, name: &Ident) -> Option<Target> {
    let wanted = loose(&name.to_string());
    let param = op
        .params
        .iter()
        .position(|p| loose(&p.field) == wanted || loose(&p.wire) == wanted);
    match param {
        Some(i) => Some(Target::Param(i)),
        None if wanted == "body" && op.body.is_some() => Some(Target::Body),
        None => None,
    }
}

fn describe(op: &Operation, target: Target) -> String {
    match target {
        Target::Param(i) => match op.params.get(i) {
            Some(p) => format!("{} `{}`", location_word(p), p.wire),
            None => "parameter".to_owned(),
        },
        Target::Body => "request body".to_owned(),
    }
}

fn unknown_param(op: &Operation, name: &Ident, endpoint: &str, errors: &mut Errors) {
    let written = name.to_string();
    if loose(&written) == "shortname" {
        errors.push(
            name.span(),
            format!(
                "`{endpoint}` takes no `{written}`: the short name comes from the client \
                 (`Client::builder().short_name(..)`), which writes it into every path; remove \
                 this parameter"
            ),
        );
        return;
    }
    // The page window is no parameter of a declaration (see `page_window_param`).
    let mut candidates: Vec<&str> = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, _)| !op.is_page_window(*i))
        .map(|(_, p)| field_name(p))
        .collect();
    if op.body.is_some() {
        candidates.push("body");
    }
    let limit = (written.len() / 3).max(2);
    let hint = match nearest_name(&written, candidates.iter().copied(), limit) {
        Some(near) => format!("; did you mean `{near}`?"),
        None if candidates.is_empty() && op.paging.is_some() => {
            "; it takes no parameters besides its page window, set with `.page(offset, count)` \
             on its request"
                .to_owned()
        }
        None if candidates.is_empty() => "; it takes no parameters".to_owned(),
        None => format!(
            "; its parameters are {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let what = if written == "body" {
        "no request body".to_owned()
    } else {
        format!("no parameter `{written}`")
    };
    errors.push(name.span(), format!("`{endpoint}` has {what}{hint}"));
}

/// How a declared type carries a schema input, or `None`.
fn typed(schema: &TypeRef, required: bool, ty: &Type) -> Option<(Conv, Store)> {
    if let Some(conv) = convert(schema, ty) {
        let store = if required {
            Store::Plain
        } else {
            Store::Always
        };
        return Some((conv, store));
    }
    if required {
        return None;
    }
    let inner = single_arg(ty, "Option")?;
    convert(schema, inner).map(|conv| (conv, Store::Option))
}

fn mismatch(
    op: &Operation,
    target: Target,
    schema: &TypeRef,
    required: bool,
    name: &Ident,
    module: &str,
) -> String {
    let what = describe(op, target);
    let forms = accepted(schema, module);
    if required {
        format!(
            "mismatched type for `{name}`: the schema's {what} is a required `{}`; declare it as {forms}",
            schema.display_name()
        )
    } else {
        format!(
            "mismatched type for `{name}`: the schema's {what} is an optional `{}`; declare it as \
             `Option<_>` of {forms}, or as {forms} to always send it",
            schema.display_name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_parameter_names_case_insensitively() {
        assert_eq!(
            template_key("/v3/diary/{shortname}/{branchID}/guest/search"),
            template_key("/v3/diary/{shortName}/{BranchId}/guest/search")
        );
        assert_ne!(
            template_key("/v3/Diary/{shortName}"),
            template_key("/v3/diary/{shortName}")
        );
    }

    #[test]
    fn loose_names() {
        assert_eq!(loose("branch_id"), loose("branchID"));
        assert_eq!(loose("r#type"), "type");
        assert_ne!(loose("count"), loose("counts"));
    }
}
