//! Reading a request against its operation, as agentOS's model binding does: every parameter
//! the operation declares, typed; a missing required one, a value of the wrong type or outside
//! its enum, a date not in agentOS's form, `count` above the page maximum, a body that is not
//! JSON or not of the body's type — each is a 400 whose message names the parameter (or the
//! place in the body).

use std::collections::BTreeMap;

use agentos_codegen::ir::{Api, ModelKind, Operation, ParamLocation, TypeRef};
use serde_json::Value;

use super::routes::Captures;
use super::values::{self, is_date};
use crate::dates;

/// The most records a page may ask for: agentOS's maximum, from the runtime.
pub(crate) const MAX_COUNT: i64 = agentos_runtime::MAX_PAGE_SIZE as i64;

/// A request's inputs, read and checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inputs {
    /// Each given parameter's value by wire name (arrays as JSON arrays).
    pub(crate) params: BTreeMap<String, Value>,
    /// The JSON body, when one was sent.
    pub(crate) body: Option<Value>,
}

impl Inputs {
    /// The value of parameter `wire`, as text.
    pub(crate) fn text(&self, wire: &str) -> Option<String> {
        match self.params.get(wire)? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// The value of parameter `wire`, as an integer.
    pub(crate) fn integer(&self, wire: &str) -> Option<i64> {
        self.params.get(wire)?.as_i64()
    }
}

/// Reads the path captures, the query pairs and the body for `op` of `api`; `Err` is the
/// message of a 400.
pub(crate) fn read(
    api: &Api,
    op: &Operation,
    captures: &Captures,
    query: &[(String, String)],
    body: &[u8],
) -> Result<Inputs, String> {
    let mut inputs = Inputs::default();
    for (index, param) in op.params.iter().enumerate() {
        let given: Vec<&str> = match param.location {
            ParamLocation::Path => captures
                .params
                .iter()
                .filter(|(i, _)| *i == index)
                .map(|(_, v)| v.as_str())
                .collect(),
            ParamLocation::Query => query
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(&param.wire))
                .map(|(_, v)| v.as_str())
                .collect(),
            // Headers and cookies are not read by the simulator (agentOS declares none): what
            // a client sends there is in the request as it went, not checked here.
            ParamLocation::Header | ParamLocation::Cookie => continue,
        };
        if given.is_empty() {
            if param.required {
                return Err(format!("The {} parameter is required.", param.wire));
            }
            continue;
        }
        let value = match &param.ty {
            TypeRef::Vec(inner) => {
                let items: Vec<&str> = if param.explode {
                    given
                } else {
                    given.iter().flat_map(|v| v.split(',')).collect()
                };
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(scalar(api, inner, &param.wire, item)?);
                }
                Value::Array(values)
            }
            ty => scalar(api, ty, &param.wire, given[0])?,
        };
        inputs.params.insert(param.wire.clone(), value);
    }
    if let Some(paging) = &op.paging {
        let wire = |i: usize| op.params.get(i).map(|p| p.wire.clone()).unwrap_or_default();
        let (offset, count) = (wire(paging.offset), wire(paging.count));
        if inputs.integer(&offset).is_some_and(|n| n < 0) {
            return Err(format!("{offset} must not be negative."));
        }
        match inputs.integer(&count) {
            Some(n) if n < 0 => return Err(format!("{count} must not be negative.")),
            Some(n) if n > MAX_COUNT => {
                return Err(format!("{count} must not be greater than {MAX_COUNT}."));
            }
            _ => {}
        }
    }
    if let Some(expected) = &op.body {
        let text = std::str::from_utf8(body).unwrap_or_default().trim();
        if text.is_empty() {
            if expected.required {
                return Err("The request body is required.".to_owned());
            }
        } else {
            let value: Value = serde_json::from_str(text)
                .map_err(|e| format!("The request body is not valid JSON: {e}."))?;
            values::check(api, &value, &expected.ty, "").map_err(|(at, what)| {
                if at.is_empty() {
                    format!("The request body is invalid: expected {what}.")
                } else {
                    format!("The request body is invalid at '{at}': expected {what}.")
                }
            })?;
            inputs.body = Some(value);
        }
    }
    Ok(inputs)
}

/// One parameter value of type `ty`, read from text.
fn scalar(api: &Api, ty: &TypeRef, name: &str, text: &str) -> Result<Value, String> {
    let invalid =
        |what: &str| format!("The value '{text}' is not valid for {name}: expected {what}.");
    match ty {
        TypeRef::String | TypeRef::Json | TypeRef::Bytes => Ok(Value::String(text.to_owned())),
        TypeRef::I32 => text
            .parse::<i32>()
            .map(Value::from)
            .map_err(|_| invalid("a 32-bit integer")),
        TypeRef::I64 => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| invalid("an integer")),
        TypeRef::F32 | TypeRef::F64 => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::from(n)),
            _ => Err(invalid("a number")),
        },
        // ASP.NET model binding reads booleans without regard to case.
        TypeRef::Bool if text.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        TypeRef::Bool if text.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        TypeRef::Bool => Err(invalid("true or false")),
        TypeRef::DateTime => match dates::parse(text) {
            Some(_) => Ok(Value::String(text.to_owned())),
            None => Err(invalid("a date-time like 2024-01-31T09:30:00")),
        },
        TypeRef::Date if is_date(text) => Ok(Value::String(text.to_owned())),
        TypeRef::Date => Err(invalid("a date like 2024-01-31")),
        TypeRef::Model(model) => match api.model(model).map(|m| &m.kind) {
            Some(ModelKind::Enum(e)) => e
                .variants
                .iter()
                .find(|v| v.wire.eq_ignore_ascii_case(text))
                .map(|v| Value::String(v.wire.clone()))
                .ok_or_else(|| {
                    let values: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                    invalid(&format!("one of {}", values.join(", ")))
                }),
            _ => Ok(Value::String(text.to_owned())),
        },
        TypeRef::Vec(_) | TypeRef::Map(_) => Ok(Value::String(text.to_owned())),
    }
}
