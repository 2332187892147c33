//! `Endpoint::write_headers`: the header and cookie parameters a document declares, and the
//! headers its path key fixes (`#X-Amz-Target=Service.Action`), written through the runtime's
//! `HeaderWriter` (which refuses a header the client owns, or a value that is not a header
//! value, before anything is sent).

use crate::emit::rust::{name, string_literal};
use crate::emit::text::Code;
use crate::ir::{Operation, Param, ParamLocation, TypeRef};

/// Writes `fn write_headers`, when the operation sends any header or cookie parameter.
pub(crate) fn write_headers(out: &mut Code, op: &Operation) {
    let sent: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .collect();
    if sent.is_empty() && op.constant_headers.is_empty() {
        return;
    }
    out.fixed("#[inline]");
    out.function(
        "fn write_headers",
        &[
            "&self",
            "headers: &mut ::agentos_runtime::header::HeaderWriter",
        ],
        " {",
    );
    for p in sent {
        let field = name(&p.field);
        let key = string_literal(&p.wire);
        let cookie = p.location == ParamLocation::Cookie;
        // A secret goes through the writer's `secret_*` twins: sent alike, never shown.
        let (pair, optional) = match (cookie, p.secret) {
            (false, false) => ("pair", "optional"),
            (false, true) => ("secret_pair", "secret_optional"),
            (true, false) => ("cookie", "cookie_optional"),
            (true, true) => ("secret_cookie", "secret_cookie_optional"),
        };
        if matches!(p.ty, TypeRef::Vec(_)) {
            // One header (or cookie) whose values are joined with `,`.
            let joined = |values: &str| {
                format!("{values}.iter().map(ToString::to_string).collect::<Vec<_>>().join(\",\")")
            };
            if p.required {
                out.line(&format!(
                    "headers.{pair}({key}, &{});",
                    joined(&format!("self.{field}"))
                ));
            } else {
                out.open(&format!("if let Some(values) = &self.{field} {{"));
                out.line(&format!("headers.{pair}({key}, &{});", joined("values")));
                out.close("}");
            }
        } else if p.required {
            out.line(&format!("headers.{pair}({key}, &self.{field});"));
        } else {
            out.line(&format!(
                "headers.{optional}({key}, self.{field}.as_ref());"
            ));
        }
    }
    for (header, value) in &op.constant_headers {
        let (header, value) = (string_literal(header), string_literal(value));
        out.line(&format!("headers.pair({header}, &{value});"));
    }
    out.close("}");
}
