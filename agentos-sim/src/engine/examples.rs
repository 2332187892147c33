//! Example requests: for every operation served, one request the simulator answers with a
//! success, built from the document (every required parameter, the paging window, a body of
//! the body's type) and from the collections (ids that name records).
//!
//! They are what a smoke test of a client, or of the simulator itself, sends to reach every
//! operation without knowing the document: a read names a record that exists, a list filtered
//! by a parent names a parent that has records, and the deletes name records no other example
//! reads, so the examples can be sent in order.

use std::collections::BTreeMap;

use agentos_codegen::ir::{Api, ModelKind, Operation, Param, ParamLocation, Segment, TypeRef};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::resources::{Action, Collection, CollectionKey, Collections, DocumentIds};
use super::routes::http_method;
use super::values::{Generator, mix};
use super::{Engine, Route};
use crate::state::lock;

/// A request the simulator answers with a 2xx (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleRequest {
    /// The operation's method.
    pub method: axum::http::Method,
    /// The operation's path template, as its document spells it.
    pub template: String,
    /// The path with every parameter filled in and the query, percent-encoded
    /// (`/v3/diary/demo/appointment?appointmentID=APP000001`).
    pub path_and_query: String,
    /// Path and query parameters by wire name, as sent (before encoding).
    pub params: Vec<(String, String)>,
    /// The JSON body, for operations that take one.
    pub body: Option<Value>,
}

/// What a query value or path segment may hold unencoded: RFC 3986's unreserved characters.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How many records of each collection the deletes have taken (from the end).
type Deleted = BTreeMap<CollectionKey, usize>;

impl Engine {
    /// One example request per operation, in [`Engine::routes`] order, for `short_name`.
    pub(crate) fn examples(&self, short_name: &str) -> Vec<ExampleRequest> {
        let collections = lock(&self.collections);
        let mut deleted = Deleted::new();
        self.routes
            .iter()
            .map(|route| self.example(route, short_name, &collections, &mut deleted))
            .collect()
    }

    fn example(
        &self,
        route: &Route,
        short_name: &str,
        collections: &Collections,
        deleted: &mut Deleted,
    ) -> ExampleRequest {
        let op = &route.op;
        let api = &self.documents[route.doc].api;
        let ids = DocumentIds::new(route.doc, collections);
        let generator = ids.generator(api, short_name);
        let seed = mix(
            self.seed,
            &[
                b"example",
                op.path.as_bytes(),
                op.method.as_str().as_bytes(),
            ],
        );
        let fixed = self.fixed_values(route, &generator, collections, deleted);
        let mut params: Vec<(String, String)> = Vec::new();
        for (index, param) in op.params.iter().enumerate() {
            let value = match fixed.get(&param.wire) {
                Some(value) => Some(value.clone()),
                None if op.is_page_window(index) => Some(page_value(op, index)),
                None if param.required || param.location == ParamLocation::Path => Some(
                    param_value(api, &generator, param, mix(seed, &[param.wire.as_bytes()])),
                ),
                None => None,
            };
            if let Some(value) = value {
                params.push((param.wire.clone(), value));
            }
        }
        let body = op
            .body
            .as_ref()
            .map(|body| generator.value(&body.ty, mix(seed, &[b"body"]), "", 1));
        ExampleRequest {
            method: http_method(op.method),
            template: op.path.clone(),
            path_and_query: path_and_query(op, short_name, &params),
            params,
            body,
        }
    }

    /// The parameters the route's action needs to hold records that exist: the id of a read,
    /// update or delete; the parent of a filtered list.
    fn fixed_values(
        &self,
        route: &Route,
        generator: &Generator<'_>,
        collections: &Collections,
        deleted: &mut Deleted,
    ) -> BTreeMap<String, String> {
        let mut fixed = BTreeMap::new();
        let record_field = |key: &CollectionKey, c: &Collection, index: usize, field: &str| {
            c.get(generator, key, self.seed, &c.id(index))
                .and_then(|record| record.get(field).map(text))
        };
        if let Some(parent) = &route.parent
            && let Some(c) = collections.by_key.get(&parent.collection)
        {
            fixed.insert(parent.param.clone(), c.id(0));
        }
        match &route.action {
            Action::Read { collection, id } | Action::Update { collection, id, .. } => {
                if let Some(c) = collections.by_key.get(collection) {
                    fixed.insert(id.clone(), c.id(0));
                }
            }
            Action::Delete { collection, id } => {
                if let Some(c) = collections.by_key.get(collection) {
                    let taken = deleted.entry(collection.clone()).or_default();
                    *taken += 1;
                    fixed.insert(id.clone(), c.id(c.size.saturating_sub(*taken)));
                }
            }
            Action::List {
                collection,
                parent: Some((param, field)),
                ..
            }
            | Action::Some {
                collection,
                parent: Some((param, field)),
                ..
            } => {
                if let Some(c) = collections.by_key.get(collection)
                    && let Some(value) = record_field(collection, c, 0, field)
                {
                    fixed.insert(param.clone(), value);
                }
            }
            _ => {}
        }
        // A date window opened wide: the example lists records.
        if let Action::List {
            window: Some(window),
            ..
        }
        | Action::Some {
            window: Some(window),
            ..
        } = &route.action
        {
            fixed.extend(window.widest());
        }
        fixed
    }
}

/// The paging window of an example: the first ten records.
fn page_value(op: &Operation, index: usize) -> String {
    match &op.paging {
        Some(paging) if paging.count == index => "10".to_owned(),
        _ => "0".to_owned(),
    }
}

/// A value of a parameter's type, as text.
fn param_value(api: &Api, generator: &Generator<'_>, param: &Param, seed: u64) -> String {
    let one = |ty: &TypeRef| match ty {
        TypeRef::Model(name) => match api.model(name).map(|m| &m.kind) {
            Some(ModelKind::Enum(e)) => e.variants.first().map(|v| v.wire.clone()),
            _ => None,
        }
        .unwrap_or_else(|| text(&generator.value(ty, seed, &param.wire, 1))),
        ty => text(&generator.value(ty, seed, &param.wire, 1)),
    };
    match &param.ty {
        TypeRef::Vec(inner) => one(inner),
        ty => one(ty),
    }
}

/// A JSON value as a parameter's text (strings unquoted).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The template filled in, and the query parameters appended.
fn path_and_query(op: &Operation, short_name: &str, params: &[(String, String)]) -> String {
    let value_of = |index: usize| {
        op.params
            .get(index)
            .and_then(|p| params.iter().find(|(wire, _)| *wire == p.wire))
            .map_or("", |(_, v)| v.as_str())
    };
    let mut out = String::new();
    for segment in &op.segments {
        match segment {
            Segment::Literal(literal) => out.push_str(literal),
            Segment::ShortName => out.extend(utf8_percent_encode(short_name, ENCODED)),
            Segment::Param(index) => out.extend(utf8_percent_encode(value_of(*index), ENCODED)),
        }
    }
    let mut separator = '?';
    for param in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
    {
        if let Some((wire, value)) = params.iter().find(|(wire, _)| *wire == param.wire) {
            out.push(separator);
            separator = '&';
            out.extend(utf8_percent_encode(wire, ENCODED));
            out.push('=');
            out.extend(utf8_percent_encode(value, ENCODED));
        }
    }
    out
}
