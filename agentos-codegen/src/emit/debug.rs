//! `Debug` written by hand for a type that holds a secret (a request with a secret parameter,
//! a model with a secret field): every other field as `derive(Debug)` shows it, each secret
//! as the runtime's `"<redacted>"` (`Some("<redacted>")` / `None` when optional, so whether it
//! is set still shows).

use crate::emit::rust::{name, string_literal};
use crate::emit::text::Code;
use crate::lower::naming::unraw;

/// One field of a type whose `Debug` is written here.
pub(crate) struct Shown<'a> {
    /// The Rust field name (possibly raw: `r#type`).
    pub(crate) field: &'a str,
    /// Whether its value is a secret.
    pub(crate) secret: bool,
    /// Whether it is an `Option`.
    pub(crate) optional: bool,
}

/// `impl Debug for type_name` showing `fields` (in order), secrets redacted.
pub(crate) fn redacting_debug(out: &mut Code, type_name: &str, fields: &[Shown<'_>]) {
    let type_name = name(type_name);
    out.open_impl(&format!("impl ::core::fmt::Debug for {type_name} {{"));
    out.open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
    let mut calls: Vec<String> = Vec::with_capacity(fields.len() + 2);
    calls.push(format!(
        ".debug_struct({})",
        string_literal(unraw(type_name))
    ));
    for shown in fields {
        let field = name(shown.field);
        let label = string_literal(unraw(field));
        let value = match (shown.secret, shown.optional) {
            (false, _) => format!("&self.{field}"),
            (true, false) => "&::agentos_runtime::secret::REDACTED".to_owned(),
            (true, true) => {
                format!("&self.{field}.as_ref().map(|_| ::agentos_runtime::secret::REDACTED)")
            }
        };
        calls.push(format!(".field({label}, {value})"));
    }
    calls.push(".finish()".to_owned());
    out.chain("f", &calls, "");
    out.close("}");
    out.close("}");
}
