//! Models: structs for object schemas, enums with a catch-all for string enums.
//!
//! Every model derives both `Serialize` and `Deserialize` (through the runtime's re-export of
//! serde), whether the document sends it, receives it or both: agentOS's recommended
//! architecture stores what it reads, so responses must serialise too, and one shape keeps the
//! output simple. Structs whose fields all have a default also derive `Default`, so request
//! bodies with many optional fields can be written as `T { x: Some(..), ..Default::default() }`.

use crate::emit::debug::{Shown, redacting_debug};
use crate::emit::docs::{Doc, code};
use crate::emit::rust::{Scope, has_default, name, string_literal, trips_variant_names, ty};
use crate::emit::text::Code;
use crate::ir::{EnumModel, Field, Model, ModelKind};
use crate::lower::naming::unraw;

/// The items of one model.
pub(crate) fn model(code: &mut Code, model: &Model) {
    match &model.kind {
        ModelKind::Struct(fields) => {
            code.item(|c| structure(c, model, fields));
            if model.has_secret() {
                code.item(|c| secret_debug(c, model, fields));
            }
        }
        ModelKind::Enum(e) => code.item(|c| enumeration(c, model, e)),
    }
}

fn structure(out: &mut Code, model: &Model, fields: &[Field]) {
    let mut doc = Doc::new();
    doc.prose(model.description.as_deref());
    if doc.is_empty() {
        doc.para(format!("The {} schema.", code(&model.wire)));
    }
    doc.write(out);
    if model.deprecated {
        out.fixed("#[deprecated]");
    }
    let default = fields
        .iter()
        .all(|f| !f.required || (has_default(&f.ty) && !f.boxed));
    // A model holding a secret gets its `Debug` written out (after the struct), redacting it.
    let derives = match (model.has_secret(), default) {
        (false, true) => "#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]",
        (false, false) => "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]",
        (true, true) => "#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]",
        (true, false) => "#[derive(Clone, PartialEq, Serialize, Deserialize)]",
    };
    out.fixed(derives);
    out.fixed("#[serde(crate = \"agentos_runtime::__private::serde\")]");
    if fields.is_empty() {
        out.line(&format!("pub struct {} {{}}", name(&model.name)));
        return;
    }
    out.open(&format!("pub struct {} {{", name(&model.name)));
    for f in fields {
        field(out, f);
    }
    out.close("}");
}

/// The `Debug` of a model holding a secret (see `emit/debug.rs`).
fn secret_debug(out: &mut Code, model: &Model, fields: &[Field]) {
    let shown: Vec<Shown<'_>> = fields
        .iter()
        .map(|f| Shown {
            field: &f.name,
            secret: f.secret,
            optional: !f.required,
        })
        .collect();
    redacting_debug(out, &model.name, &shown);
}

fn field(out: &mut Code, field: &Field) {
    let mut ty = ty(&field.ty, Scope::Models);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    let mut serde = Vec::new();
    if unraw(&field.name) != field.wire {
        serde.push(format!("rename = {}", string_literal(&field.wire)));
    }
    if !field.required {
        ty = format!("Option<{ty}>");
        serde.push("default".to_owned());
        serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    let mut doc = Doc::new();
    doc.prose(field.description.as_deref());
    if field.read_only {
        doc.para("Read-only: set by the server; leave it `None` in requests.");
    }
    if field.secret {
        doc.para("A secret: the model's `Debug` shows `\"<redacted>\"` for it.");
    }
    if field.deprecated {
        doc.para("Deprecated by the document.");
    }
    // The document says nothing of this field: neither do we (a sentence repeating its name
    // would only be noise), and `missing_docs` is told so.
    if doc.is_empty() {
        out.fixed("#[allow(missing_docs)]");
    } else {
        doc.write(out);
    }
    if !serde.is_empty() {
        out.list("#[serde", &serde, "]", false);
    }
    out.line(&format!("pub {}: {ty},", name(&field.name)));
}

fn enumeration(out: &mut Code, model: &Model, e: &EnumModel) {
    let own = name(&model.name);
    let other = name(&e.other);
    let mut doc = Doc::new();
    doc.prose(model.description.as_deref());
    if doc.is_empty() {
        doc.para(format!("Values of {}.", code(&model.wire)));
    }
    if e.used_by.len() > 1 || e.used_by.first() != Some(&model.wire) {
        let places: Vec<String> = e.used_by.iter().map(|p| code(p)).collect();
        doc.para(format!("Used by {}.", places.join(", ")));
    }
    doc.para(format!(
        "A value the document does not list is kept as received in [`Self::{}`], so a new value on the server does not break decoding.",
        e.other
    ));
    doc.write(out);
    if model.deprecated {
        out.fixed("#[deprecated]");
    }
    if trips_variant_names(
        &model.name,
        e.variants
            .iter()
            .map(|v| v.name.as_str())
            .chain([e.other.as_str()]),
    ) {
        out.fixed("#[allow(clippy::enum_variant_names)]");
    }
    out.fixed("#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    out.open(&format!("pub enum {own} {{"));
    for v in &e.variants {
        out.doc_lines([code(&v.wire).as_str()]);
        out.line(&format!("{},", name(&v.name)));
    }
    out.fixed("/// A value the document does not list.");
    out.line(&format!("{other}(String),"));
    out.close("}");
    let as_str: Vec<String> = e
        .variants
        .iter()
        .map(|v| format!("Self::{} => {},", name(&v.name), string_literal(&v.wire)))
        .chain([format!("Self::{other}(value) => value,")])
        .collect();
    match_impl(
        out,
        &format!("impl {own} {{"),
        &[
            "/// The value as sent on the wire.",
            "pub fn as_str(&self) -> &str {",
        ],
        "self",
        &as_str,
    );
    let from: Vec<String> = e
        .variants
        .iter()
        .map(|v| format!("{} => Self::{},", string_literal(&v.wire), name(&v.name)))
        .chain([format!("other => Self::{other}(other.to_owned()),")])
        .collect();
    match_impl(
        out,
        &format!("impl From<&str> for {own} {{"),
        &["fn from(value: &str) -> Self {"],
        "value",
        &from,
    );
    out.open_impl(&format!("impl ::std::fmt::Display for {own} {{"));
    out.function(
        "fn fmt",
        &["&self", "f: &mut ::std::fmt::Formatter<'_>"],
        " -> ::std::fmt::Result {",
    );
    out.fixed("f.write_str(self.as_str())");
    out.close("}");
    out.close("}");
    out.open_impl(&format!("impl Serialize for {own} {{"));
    out.function(
        "fn serialize<S: ::agentos_runtime::__private::serde::Serializer>",
        &["&self", "serializer: S"],
        " -> Result<S::Ok, S::Error> {",
    );
    out.fixed("serializer.serialize_str(self.as_str())");
    out.close("}");
    out.close("}");
    out.open_impl(&format!("impl<'de> Deserialize<'de> for {own} {{"));
    out.function(
        "fn deserialize<D: ::agentos_runtime::__private::serde::Deserializer<'de>>",
        &["deserializer: D"],
        " -> Result<Self, D::Error> {",
    );
    out.fixed("let value = <String as Deserialize>::deserialize(deserializer)?;");
    out.fixed("Ok(Self::from(value.as_str()))");
    out.close("}");
    out.close("}");
}

/// `impl_head` holding one method (`head`: its doc and signature lines) whose body is
/// `match scrutinee { arms }`: an enum's conversions from and to its wire value.
fn match_impl(out: &mut Code, impl_head: &str, head: &[&str], scrutinee: &str, arms: &[String]) {
    out.open_impl(impl_head);
    if let Some((signature, doc)) = head.split_last() {
        for line in doc {
            out.fixed(line);
        }
        out.open(signature);
    }
    out.open(&format!("match {scrutinee} {{"));
    for arm in arms {
        out.arm(arm);
    }
    out.close("}");
    out.close("}");
    out.close("}");
}
