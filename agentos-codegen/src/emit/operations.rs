//! Operations: the request struct, its constructor and setters, `Endpoint` and the method
//! trait, `Paged` when paged.
//!
//! Request structs derive `Debug`, `Clone` (the runtime's paging re-sends a copy per page) and
//! `PartialEq`, and no serde traits: the runtime writes path and query through `Display`, and
//! only the body is serialised. Nothing here is generic over the endpoint, so the runtime's
//! generic `send` is the only per-endpoint instantiation.

use crate::emit::debug::{Shown, redacting_debug};
use crate::emit::docs::{Doc, code};
use crate::emit::errors;
use crate::emit::rust::{Scope, name, string_literal, ty};
use crate::emit::text::Code;
use crate::ir::{
    Body, Input, Operation, Paging, Param, ParamLocation, ResponseKind, Segment, TypeRef,
};

/// Clippy's default `too_many_arguments` threshold.
const MAX_ARGS: usize = 7;

/// Every item of one operation; its error type is an alias of its set's shared enum.
pub(crate) fn operation(out: &mut Code, op: &Operation) {
    out.item(|c| request_struct(c, op));
    if op.params.iter().any(|p| p.secret) {
        out.item(|c| secret_debug(c, op));
    }
    if let Some(required) = &op.required_struct {
        out.item(|c| required_struct(c, op, required));
        if required_secret(op) {
            out.item(|c| required_debug(c, op, required));
        }
    }
    out.item(|c| inherent_impl(c, op));
    out.item(|c| endpoint_impl(c, op));
    if let Some(paging) = &op.paging {
        out.item(|c| paged_impl(c, op, paging));
    }
    out.item(|c| errors::error_alias(c, op));
}

fn request_struct(out: &mut Code, op: &Operation) {
    let mut doc = Doc::new();
    match &op.summary {
        Some(summary) => {
            doc.prose(Some(summary));
        }
        None => {
            doc.para(format!("{}.", code(&format!("{} {}", op.method, op.path))));
        }
    }
    doc.prose(op.description.as_deref());
    let mut origin = code(&format!("{} {}", op.method, op.path));
    if let Some(id) = &op.operation_id {
        origin.push_str(&format!(" (operation {})", code(id)));
    }
    doc.para(format!(
        "{origin}. Send it with `client.{}(&request)`: it answers {}; errors are [`{}`].",
        op.method.as_str().to_ascii_lowercase(),
        output_doc(&op.response.kind),
        op.error_name
    ));
    // The runtime's items are named as code, never linked (see the `emit` module's docs).
    if op.paging.is_some() {
        doc.para(
            "Paged: `offset` starts at 0 and `count` at the most agentOS returns per page \
             (`agentos_runtime::MAX_PAGE_SIZE`). Stream every record with \
             `client.items(request)` (or pages with `client.pages(..)`), or pick a window with \
             [`Self::page`].",
        );
    }
    if op.deprecated {
        doc.para("Deprecated by the document.");
    }
    doc.write(out);
    if op.deprecated {
        out.fixed("#[deprecated = \"deprecated by the agentOS document\"]");
    }
    // A request holding a secret parameter gets its `Debug` written out (see `secret_debug`).
    out.fixed(if op.params.iter().any(|p| p.secret) {
        "#[derive(Clone, PartialEq)]"
    } else {
        "#[derive(Debug, Clone, PartialEq)]"
    });
    let type_name = name(&op.type_name);
    if op.params.is_empty() && op.body.is_none() {
        out.line(&format!("pub struct {type_name} {{}}"));
        return;
    }
    out.open(&format!("pub struct {type_name} {{"));
    for p in &op.params {
        let mut t = ty(&p.ty, Scope::Operations);
        if !p.required {
            t = format!("Option<{t}>");
        }
        param_doc(p).write(out);
        out.line(&format!("pub {}: {t},", name(&p.field)));
    }
    if let Some(b) = &op.body {
        let mut t = ty(&b.ty, Scope::Operations);
        if !b.required {
            t = format!("Option<{t}>");
        }
        body_doc(b).write(out);
        out.line(&format!("pub body: {t},"));
    }
    out.close("}");
}

fn body_doc(b: &Body) -> Doc {
    let mut doc = Doc::new();
    doc.prose(b.description.as_deref());
    if doc.is_empty() {
        doc.para("The request body.");
    }
    if b.is_form() {
        doc.para(format!(
            "Sent as a form ({}), as the document offers it.",
            code(&b.media_type)
        ));
    } else {
        doc.para(format!(
            "Sent as JSON (the document offers {}).",
            code(&b.media_type)
        ));
    }
    doc
}

/// Whether an input of the required-inputs struct is a secret (its `Debug` is then written
/// out, as the request's is).
fn required_secret(op: &Operation) -> bool {
    op.constructor_inputs()
        .iter()
        .any(|input| matches!(input, Input::Param(p) if p.secret))
}

/// The struct `new` takes when required inputs share a type (the IR's
/// `Operation::required_struct`): each input as a named field, of the request field's type.
fn required_struct(out: &mut Code, op: &Operation, required: &str) {
    let type_name = name(&op.type_name);
    let mut doc = Doc::new();
    doc.para(format!(
        "The required inputs of [`{type_name}`], which [`{type_name}::new`] takes: named \
         fields, since some of them have the same type and positional arguments could be \
         given in the wrong order without a compile error."
    ));
    doc.write(out);
    out.fixed(if required_secret(op) {
        "#[derive(Clone, PartialEq)]"
    } else {
        "#[derive(Debug, Clone, PartialEq)]"
    });
    out.open(&format!("pub struct {} {{", name(required)));
    for input in op.constructor_inputs() {
        match input {
            Input::Param(p) => param_doc(p).write(out),
            Input::Body(b) => body_doc(b).write(out),
        }
        out.line(&format!(
            "pub {}: {},",
            name(input.field()),
            ty(input.ty(), Scope::Operations)
        ));
    }
    out.close("}");
}

/// The `Debug` of a required-inputs struct holding a secret: the secret as `"<redacted>"`.
fn required_debug(out: &mut Code, op: &Operation, required: &str) {
    let inputs = op.constructor_inputs();
    let shown: Vec<Shown<'_>> = inputs
        .iter()
        .map(|input| Shown {
            field: input.field(),
            secret: matches!(input, Input::Param(p) if p.secret),
            optional: false,
        })
        .collect();
    redacting_debug(out, required, &shown);
}

/// The `Debug` of a request with a secret parameter: the secret shown as `"<redacted>"`.
fn secret_debug(out: &mut Code, op: &Operation) {
    let mut shown: Vec<Shown<'_>> = op
        .params
        .iter()
        .map(|p| Shown {
            field: &p.field,
            secret: p.secret,
            optional: !p.required,
        })
        .collect();
    if let Some(body) = &op.body {
        // The body's own `Debug` redacts its secret fields.
        shown.push(Shown {
            field: "body",
            secret: false,
            optional: !body.required,
        });
    }
    redacting_debug(out, &op.type_name, &shown);
}

fn param_doc(p: &Param) -> Doc {
    let mut doc = Doc::new();
    doc.prose(p.description.as_deref());
    let place = match p.location {
        ParamLocation::Path => "Path parameter",
        ParamLocation::Query => "Query parameter",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    };
    let mut line = format!("{place} {}", code(&p.wire));
    if let TypeRef::Vec(_) = p.ty {
        line.push_str(if p.explode {
            " (one pair per value)"
        } else {
            " (values joined with commas)"
        });
    }
    line.push('.');
    doc.para(line);
    if p.secret {
        doc.para(
            "A secret: sent as given, shown as `<redacted>` in the URL of errors and support \
             reports and by the request's `Debug`.",
        );
    }
    if p.deprecated {
        doc.para("Deprecated by the document.");
    }
    doc
}

/// How an argument of type `t` is taken, and the conversion of `id` into the field's value
/// when it is not the value itself: `String` takes `impl Into<String>`, a list of strings any
/// iterator of them (`["PRP1"]`, a `Vec<&str>`), dates and date-times anything the runtime
/// converts (with a hint to `.parse()` text); everything else is taken as it is.
fn taken(id: &str, t: &TypeRef) -> (String, Option<String>) {
    match t {
        TypeRef::String => ("impl Into<String>".into(), Some(format!("{id}.into()"))),
        TypeRef::Vec(inner) if **inner == TypeRef::String => (
            "impl IntoIterator<Item = impl Into<String>>".into(),
            Some(format!("{id}.into_iter().map(Into::into).collect()")),
        ),
        TypeRef::DateTime => (
            "impl ::agentos_runtime::IntoDateTime".into(),
            Some(format!(
                "::agentos_runtime::IntoDateTime::into_date_time({id})"
            )),
        ),
        TypeRef::Date => (
            "impl ::agentos_runtime::IntoDate".into(),
            Some(format!("::agentos_runtime::IntoDate::into_date({id})")),
        ),
        _ => (ty(t, Scope::Operations), None),
    }
}

/// A constructor argument and the field initialiser using it (see [`taken`]): by shorthand
/// when the argument is the value (`x`, not `x: x`, which clippy flags in user crates).
fn argument(field: &str, t: &TypeRef) -> (String, String) {
    let id = name(field);
    let (arg, conversion) = taken(id, t);
    let init = match conversion {
        Some(value) => format!("{id}: {value}"),
        None => id.to_owned(),
    };
    (format!("{id}: {arg}"), init)
}

/// What `new` takes and how it fills the struct: its arguments, the field initialisers and
/// what the doc names as its inputs.
struct Constructor {
    args: Vec<String>,
    inits: Vec<String>,
    arg_docs: Vec<String>,
}

fn constructor(op: &Operation) -> Constructor {
    if let Some(required) = &op.required_struct {
        return struct_constructor(op, required);
    }
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let field = name(&p.field);
        if op.is_page_window(i) {
            inits.push(format!("{field}: {}", window_value(p)));
        } else if p.required {
            let (arg, init) = argument(&p.field, &p.ty);
            args.push(arg);
            arg_docs.push(code(&p.wire));
            inits.push(init);
        } else {
            inits.push(format!("{field}: None"));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            args.push(format!("body: {}", ty(&body.ty, Scope::Operations)));
            arg_docs.push("the body".to_owned());
            inits.push("body".to_owned());
        } else {
            inits.push("body: None".to_owned());
        }
    }
    Constructor {
        args,
        inits,
        arg_docs,
    }
}

/// `new(required: XRequired)`: every required input moved from the struct's field of the same
/// name and type; the page window and the optional inputs as in [`constructor`].
fn struct_constructor(op: &Operation, required: &str) -> Constructor {
    let mut inits = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let field = name(&p.field);
        inits.push(if op.is_page_window(i) {
            format!("{field}: {}", window_value(p))
        } else if p.required {
            format!("{field}: required.{field}")
        } else {
            format!("{field}: None")
        });
    }
    if let Some(body) = &op.body {
        inits.push(if body.required {
            "body: required.body".to_owned()
        } else {
            "body: None".to_owned()
        });
    }
    let names: Vec<String> = op
        .constructor_inputs()
        .iter()
        .map(|input| match input {
            Input::Param(p) => code(&p.wire),
            Input::Body(_) => "the body".to_owned(),
        })
        .collect();
    Constructor {
        args: vec![format!("required: {}", name(required))],
        inits,
        arg_docs: vec![format!(
            "named in [`{}`]: {}",
            name(required),
            names.join(", ")
        )],
    }
}

/// The initial value of a page-window field: offset 0, count the page maximum, unset when
/// optional.
fn window_value(p: &Param) -> String {
    if !p.required {
        "None".to_owned()
    } else if p.wire.eq_ignore_ascii_case("count") {
        // The runtime's constant: the page maximum lives there alone.
        let max = "::agentos_runtime::PageSize::MAX.count()";
        match p.ty {
            TypeRef::I64 => format!("i64::from({max})"),
            _ => max.to_owned(),
        }
    } else {
        "0".to_owned()
    }
}

/// The signature of an operation's `new`, as the generated code spells it
/// (`fn new(branch_id: impl Into<String>) -> Self`), for tools that drive a generated client
/// (`agentos-codegen list --json`).
pub fn constructor_signature(op: &Operation) -> String {
    format!("fn new({}) -> Self", constructor(op).args.join(", "))
}

fn inherent_impl(out: &mut Code, op: &Operation) {
    let type_name = name(&op.type_name);
    let Constructor {
        args,
        inits,
        arg_docs,
    } = constructor(op);
    // The page window is required by the documents but no argument: say where it starts.
    let window = if op.paging.is_some() {
        " The page window (`offset`, `count`) starts at the first page of the most a page \
         holds (`agentos_runtime::MAX_PAGE_SIZE`): [`Self::page`] sets it, and the client's \
         `pages`/`items` streams move it."
    } else {
        ""
    };
    let new_doc = if arg_docs.is_empty() {
        format!("A request with every optional parameter unset.{window}")
    } else {
        format!(
            "A request with its required inputs ({}); optional ones start unset.{window}",
            arg_docs.join(", ")
        )
    };
    out.open_impl(&format!("impl {type_name} {{"));
    out.doc_lines([new_doc.as_str()]);
    if args.len() > MAX_ARGS {
        out.fixed("#[allow(clippy::too_many_arguments)]");
    }
    out.function("pub fn new", &args, " -> Self {");
    out.statement(|c| c.struct_literal("Self", &inits, ""));
    out.close("}");
    for (_, p) in op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| !p.required && !op.is_page_window(*i))
    {
        setter(out, p);
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        out.fixed("/// Sets the request body.");
        let arg = format!("body: {}", ty(&b.ty, Scope::Operations));
        out.function(
            "pub fn with_body",
            &["mut self", arg.as_str()],
            " -> Self {",
        );
        out.fixed("self.body = Some(body);");
        out.fixed("self");
        out.close("}");
    }
    if op.paging.is_some() {
        out.fixed(
            "/// Sets the page window: `offset` is the index of the first record, `count` how",
        );
        out.fixed("/// many records to return (at most `agentos_runtime::MAX_PAGE_SIZE`).");
        out.open("pub fn page(mut self, offset: i32, count: i32) -> Self {");
        out.fixed("::agentos_runtime::Paged::set_page(&mut self, offset, count);");
        out.fixed("self");
        out.close("}");
    }
    out.close("}");
    if args.is_empty() {
        out.open_impl(&format!("impl Default for {type_name} {{"));
        out.open("fn default() -> Self {");
        out.fixed("Self::new()");
        out.close("}");
        out.close("}");
    }
}

fn setter(out: &mut Code, p: &Param) {
    let (arg, conversion) = taken("value", &p.ty);
    let value = conversion.unwrap_or_else(|| "value".to_owned());
    out.doc_lines([format!("Sets {}.", code(&p.wire)).as_str()]);
    let head = format!("pub fn {}", name(&p.setter));
    out.function(
        &head,
        &["mut self".to_owned(), format!("value: {arg}")],
        " -> Self {",
    );
    out.stmt(&format!("self.{} = Some({value});", name(&p.field)));
    out.fixed("self");
    out.close("}");
}

fn endpoint_impl(out: &mut Code, op: &Operation) {
    out.open_impl(&format!(
        "impl ::agentos_runtime::Endpoint for {} {{",
        name(&op.type_name)
    ));
    out.fixed(&format!(
        "type Method = ::agentos_runtime::{};",
        op.method.marker()
    ));
    out.line(&format!(
        "type Output = {};",
        output_type(&op.response.kind)
    ));
    out.line(&format!("type Error = {};", name(&op.error_name)));
    out.fixed(&format!(
        "const PATH_TEMPLATE: &'static str = {};",
        string_literal(&op.path)
    ));
    out.fixed(&format!(
        "const OPERATION: &'static str = {};",
        string_literal(&op.id)
    ));
    if !op.secret_fields.is_empty() {
        let names: Vec<String> = op.secret_fields.iter().map(|f| string_literal(f)).collect();
        out.line(&format!(
            "const SECRET_FIELDS: &'static [&'static str] = &[{}];",
            names.join(", ")
        ));
    }
    if op.body.as_ref().is_some_and(Body::is_form) {
        out.line(&format!(
            "const BODY_TYPE: &'static str = {};",
            string_literal(crate::ir::FORM_MEDIA_TYPE)
        ));
    }
    write_path(out, op);
    write_query(out, op);
    crate::emit::headers::write_headers(out, op);
    if let Some(b) = &op.body {
        let encode = if b.is_form() {
            "::agentos_runtime::form::to_vec"
        } else {
            "::agentos_runtime::__private::serde_json::to_vec"
        };
        out.fixed("#[inline]");
        out.function(
            "fn body",
            &["&self"],
            " -> Result<Option<Vec<u8>>, ::agentos_runtime::__private::serde_json::Error> {",
        );
        if b.required {
            out.stmt(&format!("{encode}(&self.body).map(Some)"));
        } else {
            out.chain(
                "self.body",
                &[
                    ".as_ref()".into(),
                    format!(".map({encode})"),
                    ".transpose()".into(),
                ],
                "",
            );
        }
        out.close("}");
    }
    if let Some(paging) = &op.paging {
        if let Some(count) = op.params.get(paging.count) {
            let field = format!("self.{}", name(&count.field));
            out.fixed("#[inline]");
            out.open("fn page_count(&self) -> Option<i64> {");
            out.stmt(&option_i64(&field, !count.required, &count.ty));
            out.close("}");
        }
    }
    let decode = match &op.response.kind {
        ResponseKind::Empty => "::agentos_runtime::decode::empty(body.bytes)",
        ResponseKind::Bytes => "::agentos_runtime::decode::download(body)",
        ResponseKind::Json(_) => "::agentos_runtime::decode::json_or_default(body.bytes)",
        ResponseKind::OptionalJson(_) => "::agentos_runtime::decode::json_optional(body.bytes)",
    };
    // Every method is `#[inline]`: rustc compiles an inline non-generic function lazily, in the
    // crate that calls it, so an application pays in codegen (the serde instantiations behind
    // `decode` and `body` above all) for the operations it uses, not for every one of the API.
    out.fixed("#[inline]");
    out.function(
        "fn decode",
        &["body: &::agentos_runtime::decode::Body<'_>"],
        " -> Result<Self::Output, ::agentos_runtime::decode::DecodeError> {",
    );
    out.fixed(decode);
    out.close("}");
    out.close("}");
}

/// The success output in words, with a link (`[`super::models::X`]`), for the request's doc.
fn output_doc(kind: &ResponseKind) -> String {
    fn linked(t: &TypeRef) -> String {
        match t {
            TypeRef::Model(name) => format!("[`{name}`](super::models::{name})"),
            TypeRef::Vec(inner) => format!("a list of {}", linked(inner)),
            TypeRef::Map(inner) => format!("a map of names to {}", linked(inner)),
            other => code(&other.display_name()),
        }
    }
    match kind {
        ResponseKind::Empty => "nothing (`()`)".to_owned(),
        ResponseKind::Bytes => {
            "an `agentos_runtime::Download` (the bytes and their content type)".to_owned()
        }
        ResponseKind::Json(t) => linked(t),
        ResponseKind::OptionalJson(t) => format!(
            "`Option` of {} (`None` for a success without a body)",
            linked(t)
        ),
    }
}

fn output_type(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Empty => "()".into(),
        ResponseKind::Bytes => "::agentos_runtime::Download".into(),
        ResponseKind::Json(t) => ty(t, Scope::Operations),
        ResponseKind::OptionalJson(t) => format!("Option<{}>", ty(t, Scope::Operations)),
    }
}

/// `values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")`
fn joined(values: &str) -> String {
    format!("{values}.iter().map(ToString::to_string).collect::<Vec<_>>().join(\",\")")
}

fn write_path(out: &mut Code, op: &Operation) {
    let mut nested = false;
    let calls: Vec<String> = op
        .segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Literal(text) => Some(format!(".literal({})", string_literal(text))),
            Segment::ShortName => Some(".short_name()".to_owned()),
            Segment::Param(i) => op.params.get(*i).map(|p| {
                let field = format!("self.{}", name(&p.field));
                let write = if p.secret { "secret" } else { "param" };
                if let TypeRef::Vec(_) = p.ty {
                    nested = true;
                    format!(".{write}(&{})", joined(&field))
                } else {
                    format!(".{write}(&{field})")
                }
            }),
        })
        .collect();
    out.fixed("#[inline]");
    out.function(
        "fn write_path",
        &[
            "&self",
            "path: &mut ::agentos_runtime::path::PathWriter<'_>",
        ],
        " {",
    );
    if nested {
        // A call holding a chain of its own breaks in ways `chain` does not know.
        out.stmt(&format!("path{};", calls.concat()));
    } else {
        out.statement(|c| c.chain("path", &calls, ";"));
    }
    out.close("}");
}

fn write_query(out: &mut Code, op: &Operation) {
    let query: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if query.is_empty() && op.constant_query.is_empty() {
        return;
    }
    out.fixed("#[inline]");
    out.function(
        "fn write_query",
        &[
            "&self",
            "query: &mut ::agentos_runtime::query::QueryWriter<'_>",
        ],
        " {",
    );
    for p in query {
        let field = name(&p.field);
        let key = string_literal(&p.wire);
        let is_vec = matches!(p.ty, TypeRef::Vec(_));
        // A secret goes through the writer's `secret_*` twins: sent alike, shown redacted.
        let (pair, optional, each) = if p.secret {
            ("secret_pair", "secret_optional", "secret_each")
        } else {
            ("pair", "optional", "each")
        };
        match (is_vec, p.explode, p.required) {
            (false, _, true) => out.stmt(&format!("query.{pair}({key}, &self.{field});")),
            (false, _, false) => {
                out.stmt(&format!("query.{optional}({key}, self.{field}.as_ref());"));
            }
            (true, true, true) => out.stmt(&format!("query.{each}({key}, &self.{field});")),
            (true, true, false) => {
                out.open(&format!("if let Some(values) = &self.{field} {{"));
                out.stmt(&format!("query.{each}({key}, values);"));
                out.close("}");
            }
            (true, false, true) => {
                let value = joined(&format!("self.{field}"));
                out.stmt(&format!("query.{pair}({key}, &{value});"));
            }
            (true, false, false) => {
                out.open(&format!("if let Some(values) = &self.{field} {{"));
                out.stmt(&format!("query.{pair}({key}, &{});", joined("values")));
                out.close("}");
            }
        }
    }
    // A path key's `?` suffix (`/thing?list-type=2`): sent with every request, after the
    // parameters, encoded by the writer like any value.
    for (key, value) in &op.constant_query {
        let (key, value) = (string_literal(key), string_literal(value));
        out.stmt(&format!("query.pair({key}, &{value});"));
    }
    out.close("}");
}

fn paged_impl(out: &mut Code, op: &Operation, paging: &Paging) {
    let type_name = name(&op.type_name);
    let (Some(offset), Some(count)) = (op.params.get(paging.offset), op.params.get(paging.count))
    else {
        return;
    };
    let set = |p: &Param, arg: &str| {
        let value = if p.ty == TypeRef::I64 {
            format!("i64::from({arg})")
        } else {
            arg.to_owned()
        };
        if p.required {
            format!("self.{} = {value};", name(&p.field))
        } else {
            format!("self.{} = Some({value});", name(&p.field))
        }
    };
    let offset_field = name(&offset.field);
    let get_offset = match (offset.required, offset.ty == TypeRef::I64) {
        (true, false) => format!("self.{offset_field}"),
        (true, true) => format!("i32::try_from(self.{offset_field}).unwrap_or(i32::MAX)"),
        (false, false) => format!("self.{offset_field}.unwrap_or(0)"),
        (false, true) => format!(
            "self.{offset_field}.map_or(0, |offset| i32::try_from(offset).unwrap_or(i32::MAX))"
        ),
    };
    // The wrapper's own `total` and `into_items` (see `page_wrapper_impl`); an `Option` output
    // (see `lower::bodies`): a success without a body is an empty page.
    let optional_output = matches!(op.response.kind, ResponseKind::OptionalJson(_));
    let (total, items) = if optional_output {
        (
            "output.as_ref().and_then(|output| output.total())",
            "output.map_or_else(Vec::new, |output| output.into_items())",
        )
    } else {
        ("output.total()", "output.into_items()")
    };
    // `#[inline]` for the reason given at `endpoint_impl`.
    out.open_impl(&format!("impl ::agentos_runtime::Paged for {type_name} {{"));
    out.line(&format!(
        "type Item = {};",
        ty(&paging.item, Scope::Operations)
    ));
    out.fixed("#[inline]");
    out.open("fn set_page(&mut self, offset: i32, count: i32) {");
    out.stmt(&set(offset, "offset"));
    out.stmt(&set(count, "count"));
    out.close("}");
    out.fixed("#[inline]");
    out.open("fn offset(&self) -> i32 {");
    out.stmt(&get_offset);
    out.close("}");
    out.fixed("#[inline]");
    out.open("fn total(output: &Self::Output) -> Option<i64> {");
    out.fixed(total);
    out.close("}");
    out.fixed("#[inline]");
    out.open("fn into_items(output: Self::Output) -> Vec<Self::Item> {");
    out.fixed(items);
    out.close("}");
    out.close("}");
    // The request streams owned and borrowed: the runtime has no blanket impl (see its
    // `PagedRequest`), so that a request that is not paged fails once, at the call.
    out.open_impl(&format!(
        "impl ::agentos_runtime::PagedRequest for {type_name} {{"
    ));
    out.line(&format!("type Paged = {type_name};"));
    out.fixed("#[inline]");
    out.open(&format!("fn into_paged(self) -> {type_name} {{"));
    out.fixed("self");
    out.close("}");
    out.close("}");
    out.open_impl(&format!(
        "impl ::agentos_runtime::PagedRequest for &{type_name} {{"
    ));
    out.line(&format!("type Paged = {type_name};"));
    out.fixed("#[inline]");
    out.open(&format!("fn into_paged(self) -> {type_name} {{"));
    out.fixed("self.clone()");
    out.close("}");
    out.close("}");
}

/// `impl AreaModelResults { into_items, total }`: what every `{Count, Data}` wrapper offers its
/// users (and the `Paged` impls use), so that nobody writes `.data.unwrap_or_default()`.
pub(crate) fn page_wrapper_impl(out: &mut Code, paging: &Paging) {
    // A wrapper without `Count` gives no total: the stream ends at a short page.
    let total = match &paging.total_field {
        Some(field) => option_i64(
            &format!("self.{}", name(&field.name)),
            field.optional,
            &field.ty,
        ),
        None => "None".to_owned(),
    };
    let data_field = name(&paging.data_field.name);
    let items = if paging.data_field.optional {
        format!("self.{data_field}.unwrap_or_default()")
    } else {
        format!("self.{data_field}")
    };
    out.item(|out| {
        out.open_impl(&format!("impl {} {{", name(&paging.wrapper)));
        out.fixed("/// The records of this page, empty when the server sent none.");
        out.fixed("#[inline]");
        out.open(&format!(
            "pub fn into_items(self) -> Vec<{}> {{",
            ty(&paging.item, Scope::Models)
        ));
        out.stmt(&items);
        out.close("}");
        out.fixed("/// How many records the whole collection holds, when the server said.");
        out.fixed("#[inline]");
        out.open("pub fn total(&self) -> Option<i64> {");
        out.stmt(&total);
        out.close("}");
        out.close("}");
    });
}

/// `field` (an `i32` or `i64`, in an `Option` when `optional`) as an `Option<i64>`: how a
/// request's `count` and a page's `Count` are read.
fn option_i64(field: &str, optional: bool, t: &TypeRef) -> String {
    match (optional, *t == TypeRef::I64) {
        (false, false) => format!("Some(i64::from({field}))"),
        (false, true) => format!("Some({field})"),
        (true, false) => format!("{field}.map(i64::from)"),
        (true, true) => field.to_owned(),
    }
}
