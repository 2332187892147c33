//! The generic engine: agentOS's behaviour over any document it is given.
//!
//! The documents are loaded and lowered by `agentos_codegen` (so the simulator accepts exactly
//! what the generator accepts) and every operation in them is served: the request is matched
//! to its operation ([`routes`]), read and checked against it ([`request`]: a 400 naming what
//! is wrong), and answered with schema-valid JSON in agentOS's formats ([`values`]), from
//! collections of seeded records that list, read, create, update and delete hang together
//! ([`resources`] has the rule). Downloads answer bytes with the document's content type. The
//! documents themselves are served at `/swagger/docs/<group>`, as agentOS serves them.
//!
//! Nothing here knows one document from another.

pub(crate) mod examples;
pub(crate) mod request;
pub(crate) mod resources;
pub(crate) mod routes;
pub(crate) mod values;

use std::sync::Mutex;

use agentos_codegen::Generator as CodeGenerator;
use agentos_codegen::ir::{Api, Method, ModelKind, Operation, ParamLocation, ResponseKind};
use agentos_codegen::lower::status::is_id_name;
use axum::body::Body;
use axum::http::header::{ALLOW, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::config::{DatasetSize, SpecSource};
use crate::error::ApiError;
use crate::state::lock;
use resources::{Action, Collection, CollectionKey, Collections, DocumentIds, Parent};
use routes::{Captures, Template, ir_method};
use values::{Generator, mix};

/// A document the simulator serves.
#[derive(Debug)]
pub(crate) struct Document {
    /// Its text, as given (served at `/swagger/docs/<group>`).
    pub(crate) text: String,
    /// The names it is served under (`v3-diary`: version and call group of its paths).
    pub(crate) names: Vec<String>,
    /// The lowered document.
    pub(crate) api: Api,
}

/// One operation the simulator answers.
#[derive(Debug)]
pub(crate) struct Route {
    pub(crate) doc: usize,
    /// The operation (a copy of the lowered one: the route answers it alone).
    pub(crate) op: Operation,
    pub(crate) group: String,
    pub(crate) template: Template,
    pub(crate) action: Action,
    /// The record the path sits under, which must exist.
    pub(crate) parent: Option<Parent>,
    /// The id parameter the generator gives a 404 for when no collection holds what it names:
    /// a value not in the simulator's id form is unknown.
    pub(crate) id_form: Option<String>,
}

/// Why a document could not be served.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SpecError(pub(crate) String);

/// An operation of a document that the generator skipped (a `HEAD` operation, a path item
/// `$ref`): the simulator cannot answer it, and says so with a 501 rather than a 404.
#[derive(Debug)]
pub(crate) struct Skipped {
    template: Template,
    /// The method, or `None` for a whole path item.
    method: Option<String>,
    /// The generator's warning.
    reason: String,
}

/// Every document, every route, every collection.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) documents: Vec<Document>,
    pub(crate) routes: Vec<Route>,
    /// The call groups of the routes, sorted.
    groups: Vec<String>,
    skipped: Vec<Skipped>,
    collections: Mutex<Collections>,
    seed: u64,
}

/// A write being answered: its route, its inputs, the short name and the request's seed.
#[derive(Clone, Copy)]
struct Call<'a> {
    route: &'a Route,
    inputs: &'a request::Inputs,
    short_name: &'a str,
    seed: u64,
}

/// What a request matched.
#[derive(Debug)]
pub(crate) enum Matched<'a> {
    /// An operation, with what its path holds.
    Route(&'a Route, Captures),
    /// A path some operation has, with another method: the methods it allows.
    WrongMethod(Vec<Method>),
    /// An operation of a document that the engine cannot answer, and why.
    NotSimulated(&'a str),
    /// No operation's path.
    Unknown,
}

impl Engine {
    /// Loads every document (through the generator's loader and lowering) and seeds the
    /// collections of their models.
    pub(crate) fn new(
        specs: &[SpecSource],
        seed: u64,
        sizes: &DatasetSize,
    ) -> Result<Engine, SpecError> {
        let mut documents = Vec::new();
        for spec in specs {
            let (origin, text) = match spec {
                SpecSource::Path(path) => {
                    let text = std::fs::read_to_string(path).map_err(|e| {
                        SpecError(format!("{}: cannot read the document: {e}", path.display()))
                    })?;
                    (path.display().to_string(), text)
                }
                SpecSource::Text { origin, text } => (origin.clone(), text.clone()),
            };
            let mut lowered = CodeGenerator::new()
                .spec_text(&origin, &text)
                .lower()
                .map_err(|e| SpecError(e.to_string()))?;
            let api = lowered
                .pop()
                .map(|spec| spec.api)
                .ok_or_else(|| SpecError(format!("{origin}: no document")))?;
            let names = served_names(&api);
            documents.push(Document { text, names, api });
        }
        let mut routes = Vec::new();
        let mut skipped = Vec::new();
        let mut collections = Collections::default();
        for (doc, document) in documents.iter().enumerate() {
            skipped.extend(document.api.warnings.iter().filter_map(skipped_operation));
            let actions = resources::classify(doc, &document.api);
            let parents = resources::parents(&document.api, &actions);
            for (((group, op), action), parent) in
                document.api.operations().zip(actions).zip(parents)
            {
                routes.push(Route {
                    doc,
                    op: op.clone(),
                    group: group.wire.clone(),
                    template: Template::of(op),
                    action,
                    parent,
                    id_form: None,
                });
            }
            for model in &document.api.models {
                if matches!(model.kind, ModelKind::Struct(_)) {
                    collections.by_key.insert(
                        (doc, model.name.clone()),
                        Collection::new(&document.api, &model.name, sizes.of(&model.name)),
                    );
                }
            }
        }
        for (doc, document) in documents.iter().enumerate() {
            for wire in names(&document.api) {
                collections.name(doc, wire);
            }
            collections.link(doc, &document.api);
        }
        // An operation about one record (`/photos/photo/{photoID}/download`,
        // `/counties/{countyID}/branches`, `/lettings/advertised?branchID=`) sits under that
        // record when the parameter naming it names a collection, unless that parameter is the
        // id it reads, updates or deletes.
        for route in &mut routes {
            let own_id = matches!(
                route.action,
                Action::Read { .. } | Action::Update { .. } | Action::Delete { .. }
            );
            if route.parent.is_some() || own_id {
                continue;
            }
            // Its last path parameter, else a required query parameter named like an id (the
            // generator's 404 rule: `?branchID=`).
            let named = route
                .op
                .params
                .iter()
                .rfind(|p| p.location == ParamLocation::Path)
                .into_iter()
                .chain(route.op.params.iter().filter(|p| {
                    p.location == ParamLocation::Query && p.required && is_id_name(&p.wire)
                }))
                .find_map(|param| {
                    collections
                        .named_by(route.doc, &param.wire)
                        .map(|(key, _)| (param.wire.clone(), key.clone()))
                });
            if let Some((param, collection)) = named {
                route.parent = Some(Parent { param, collection });
            }
        }
        for route in &mut routes {
            let id = route
                .op
                .errors
                .statuses
                .iter()
                .flat_map(|s| &s.reasons)
                .find_map(|r| match r {
                    agentos_codegen::ir::StatusReason::Id(wire) => Some(wire.clone()),
                    _ => None,
                });
            let covered = |wire: &str| {
                route.parent.as_ref().is_some_and(|p| p.param == wire)
                    || match &route.action {
                        Action::Read { id, .. }
                        | Action::Update { id, .. }
                        | Action::Delete { id, .. } => id == wire,
                        _ => false,
                    }
            };
            route.id_form = id.filter(|wire| !covered(wire));
        }
        let mut groups: Vec<String> = routes.iter().map(|r| r.group.clone()).collect();
        groups.sort_unstable();
        groups.dedup();
        Ok(Engine {
            documents,
            routes,
            groups,
            skipped,
            collections: Mutex::new(collections),
            seed,
        })
    }

    /// Every call group served (`diary`, `tier2`), sorted.
    pub(crate) fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The operation `method path` is for.
    pub(crate) fn find(&self, method: &axum::http::Method, path: &str) -> Matched<'_> {
        let wanted = ir_method(method);
        let decoded = routes::segments(path);
        let mut best: Option<(&Route, Captures)> = None;
        let mut allowed: Vec<Method> = Vec::new();
        for route in &self.routes {
            let Some(captures) = route.template.matches_segments(&decoded) else {
                continue;
            };
            let op_method = route.op.method;
            if Some(op_method) != wanted {
                allowed.push(op_method);
                continue;
            }
            let better = best
                .as_ref()
                .is_none_or(|(b, _)| route.template.literals() > b.template.literals());
            if better {
                best = Some((route, captures));
            }
        }
        let skipped = || {
            self.skipped.iter().find(|s| {
                s.template.matches(path).is_some()
                    && s.method
                        .as_deref()
                        .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            })
        };
        match best {
            Some((route, captures)) => Matched::Route(route, captures),
            None if let Some(skipped) = skipped() => Matched::NotSimulated(&skipped.reason),
            None if !allowed.is_empty() => {
                allowed.sort();
                allowed.dedup();
                Matched::WrongMethod(allowed)
            }
            None => Matched::Unknown,
        }
    }

    /// The document served as `/swagger/docs/<name>`.
    pub(crate) fn document(&self, name: &str) -> Option<&Document> {
        self.documents
            .iter()
            .find(|d| d.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
    }

    /// Answers a request `route` matched (the gate has let it through).
    pub(crate) fn answer(
        &self,
        route: &Route,
        captures: &Captures,
        query: &[(String, String)],
        body: &[u8],
    ) -> Response {
        let op = &route.op;
        let api = &self.documents[route.doc].api;
        let short_name = captures.short_name.as_deref().unwrap_or_default();
        let inputs = match request::read(api, op, captures, query, body) {
            Ok(inputs) => inputs,
            Err(message) => return ApiError::bad_request(message).into_response(),
        };
        let mut collections = lock(&self.collections);
        if let Some(parent) = &route.parent
            && let Some(c) = collections.by_key.get(&parent.collection)
        {
            let id = inputs.text(&parent.param).unwrap_or_default();
            if !c.exists(&id) {
                return not_found(&id);
            }
        }
        if let Some(wire) = &route.id_form {
            let id = inputs.text(wire).unwrap_or_default();
            if !values::is_simulated_id(&id) {
                return not_found(&id);
            }
        }
        let request_seed = mix(
            self.seed,
            &[op.path.as_bytes(), &format!("{query:?}").into_bytes()],
        );
        let (collection, id) = match &route.action {
            Action::Create { collection } => (collection, None),
            Action::Update { collection, id, .. } | Action::Delete { collection, id } => {
                (collection, inputs.text(id))
            }
            _ => {
                let ids = DocumentIds::new(route.doc, &collections);
                let generator = ids.generator(api, short_name);
                return self.read(&generator, route, &inputs, &collections, request_seed);
            }
        };
        let call = Call {
            route,
            inputs: &inputs,
            short_name,
            seed: request_seed,
        };
        self.write(&call, collection, id, &mut collections)
    }

    /// The answer of an operation that changes nothing.
    fn read(
        &self,
        generator: &Generator<'_>,
        route: &Route,
        inputs: &request::Inputs,
        collections: &Collections,
        seed: u64,
    ) -> Response {
        let op = &route.op;
        let collection = |key: &CollectionKey| collections.by_key.get(key);
        match &route.action {
            Action::List {
                collection: key,
                wrapper,
                total,
                data,
                offset,
                count,
                parent,
            } => {
                let Some(c) = collection(key) else {
                    return generated(generator, op, seed);
                };
                let offset = inputs.integer(offset).unwrap_or(0).max(0);
                let count = inputs.integer(count).unwrap_or(request::MAX_COUNT).max(0);
                let (offset, count) = (
                    usize::try_from(offset).unwrap_or(0),
                    usize::try_from(count).unwrap_or(0),
                );
                let (items, total_count) = match parent
                    .as_ref()
                    .and_then(|(param, field)| inputs.text(param).map(|value| (field, value)))
                {
                    Some((field, value)) => {
                        c.filtered_slots(generator, key, self.seed, (field, &value), offset, count)
                    }
                    None => (c.page_slots(offset, count), c.count()),
                };
                // The page's other members (links, say) generated; its total and list are the
                // collection's, the records written from their rendered JSON.
                let mut page = match &generator.api.model(wrapper).map(|m| &m.kind) {
                    Some(ModelKind::Struct(fields)) => {
                        let others: Vec<_> = fields
                            .iter()
                            .filter(|f| Some(&f.wire) != total.as_ref() && f.wire != *data)
                            .cloned()
                            .collect();
                        generator.fields(&others, seed, 1)
                    }
                    _ => Map::new(),
                };
                if let Some(total) = total {
                    page.insert(total.clone(), json!(total_count));
                }
                let mut body = serde_json::to_vec(&Value::Object(page)).unwrap_or_default();
                // `{..}` becomes `{..,"Data":[..]}`.
                body.pop();
                if body.len() > 1 {
                    body.push(b',');
                }
                let _ = serde_json::to_writer(&mut body, data);
                body.extend_from_slice(b":[");
                for (i, slot) in items.into_iter().enumerate() {
                    if i > 0 {
                        body.push(b',');
                    }
                    c.write_json(generator, key, self.seed, slot, &mut body);
                }
                body.extend_from_slice(b"]}");
                json_bytes_response(op, body)
            }
            Action::Some {
                collection: key,
                parent,
            } => {
                let Some(c) = collection(key) else {
                    return generated(generator, op, seed);
                };
                let items = match parent
                    .as_ref()
                    .and_then(|(param, field)| inputs.text(param).map(|value| (field, value)))
                {
                    Some((field, value)) => {
                        c.filtered_slots(generator, key, self.seed, (field, &value), 0, SOME)
                            .0
                    }
                    None => c.page_slots(0, SOME),
                };
                let mut body = vec![b'['];
                for (i, slot) in items.into_iter().take(SOME).enumerate() {
                    if i > 0 {
                        body.push(b',');
                    }
                    c.write_json(generator, key, self.seed, slot, &mut body);
                }
                body.push(b']');
                json_bytes_response(op, body)
            }
            Action::Read {
                collection: key,
                id,
            } => {
                let Some(c) = collection(key) else {
                    return generated(generator, op, seed);
                };
                let wanted = inputs.text(id).unwrap_or_default();
                match c.slot(&wanted) {
                    Some(slot) => {
                        let mut body = Vec::new();
                        c.write_json(generator, key, self.seed, slot, &mut body);
                        json_bytes_response(op, body)
                    }
                    None => not_found(&wanted),
                }
            }
            Action::Generated
            | Action::Create { .. }
            | Action::Update { .. }
            | Action::Delete { .. } => generated(generator, op, seed),
        }
    }

    /// The answer of an operation that creates, updates or deletes a record.
    fn write(
        &self,
        call: &Call<'_>,
        key: &CollectionKey,
        id: Option<String>,
        collections: &mut Collections,
    ) -> Response {
        let Call {
            route,
            inputs,
            short_name,
            seed,
        } = *call;
        let op = &route.op;
        let api = &self.documents[route.doc].api;
        // The record as it is (or a new one), generated with the collections in view.
        let current = {
            let ids = DocumentIds::new(route.doc, collections);
            let generator = ids.generator(api, short_name);
            let Some(c) = collections.by_key.get(key) else {
                return generated(&generator, op, seed);
            };
            match &id {
                Some(id) => match c.get(&generator, key, self.seed, id) {
                    Some(record) => record,
                    None => return not_found(id),
                },
                None => generator.model(&key.1, mix(seed, &[b"new"]), 1),
            }
        };
        let Some(c) = collections.by_key.get_mut(key) else {
            return not_found(id.as_deref().unwrap_or(""));
        };
        let id_field = c.id_field.clone();
        let record = match (&route.action, &id) {
            (Action::Create { .. }, _) => c.create(current, inputs.body.as_ref()),
            (Action::Update { action, .. }, Some(id)) => {
                let mut record = current;
                resources::overlay(&mut record, inputs.body.as_ref());
                if let Some(action) = action {
                    act(&mut record, action);
                }
                c.store(id, record)
            }
            (Action::Delete { .. }, Some(id)) => {
                c.delete(id);
                current
            }
            _ => current,
        };
        let ids = DocumentIds::new(route.doc, collections);
        let generator = ids.generator(api, short_name);
        match resources::answer(&generator, op, key, &record, id_field.as_deref(), seed) {
            Some(value) => json_response(op, &value),
            None => empty_response(op),
        }
    }

    /// Ids of the first `n` records of the collection of `model` (in the first document
    /// that has it).
    pub(crate) fn ids(&self, model: &str, n: usize) -> Vec<String> {
        let field = {
            let collections = lock(&self.collections);
            match collections.by_key.iter().find(|((_, m), _)| m == model) {
                Some((_, c)) => c.id_field.clone(),
                None => None,
            }
        };
        let Some(field) = field else {
            return Vec::new();
        };
        self.records(model, n)
            .iter()
            .filter_map(|r| r.get(&field).and_then(Value::as_str).map(str::to_owned))
            .collect()
    }

    /// The first `n` records of the collection of `model` as they are now.
    pub(crate) fn records(&self, model: &str, n: usize) -> Vec<Value> {
        let collections = lock(&self.collections);
        let Some((key, c)) = collections.by_key.iter().find(|((_, m), _)| m == model) else {
            return Vec::new();
        };
        let ids = DocumentIds::new(key.0, &collections);
        let generator = ids.generator(&self.documents[key.0].api, "");
        c.page(&generator, key, self.seed, 0, n)
    }

    /// How many records the collection of `model` holds now.
    pub(crate) fn count(&self, model: &str) -> usize {
        let collections = lock(&self.collections);
        collections
            .by_key
            .iter()
            .find(|((_, m), _)| m == model)
            .map_or(0, |(_, c)| c.count())
    }
}

/// How many records an operation answering a plain list of a collection answers.
const SOME: usize = 20;

/// An action (`cancel`) done to a record: a boolean field named after it (`Cancelled`,
/// `IsCancelled`) becomes true, and a field naming the record's state (`Status`) its word.
fn act(record: &mut Value, action: &str) {
    let Value::Object(map) = record else {
        return;
    };
    let stem: String = action.to_ascii_lowercase().trim_end_matches('e').to_owned();
    for (name, value) in map.iter_mut() {
        let lower = name.to_ascii_lowercase();
        if value.is_boolean() && lower.trim_start_matches("is").starts_with(&stem) {
            *value = Value::Bool(true);
        }
    }
}

/// The names a document is served under at `/swagger/docs/<name>`: `v<N>-<group>` for every
/// version and call group of its paths (`/v3/diary/...` -> `v3-diary`).
fn served_names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = api
        .operations()
        .map(|(group, op)| {
            let version = op
                .path
                .split('/')
                .find(|s| !s.is_empty())
                .filter(|s| s.starts_with(['v', 'V']) && s[1..].bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or("v1");
            format!("{}-{}", version.to_ascii_lowercase(), group.wire)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every string field name and parameter name of a document: the names that may refer to a
/// collection's records.
fn names(api: &Api) -> impl Iterator<Item = &str> {
    let fields = api.models.iter().flat_map(|m| match &m.kind {
        ModelKind::Struct(fields) => fields
            .iter()
            .filter(|f| f.ty == agentos_codegen::ir::TypeRef::String)
            .map(|f| f.wire.as_str())
            .collect::<Vec<_>>(),
        ModelKind::Enum(_) => Vec::new(),
    });
    let params = api
        .operations()
        .flat_map(|(_, op)| op.params.iter().map(|p| p.wire.as_str()));
    fields.chain(params)
}

/// The operation a generator warning says was skipped: `#/paths/<path>/<method>` (or the path
/// item alone) with a message ending in `skipped`.
fn skipped_operation(warning: &agentos_codegen::ir::Warning) -> Option<Skipped> {
    if !warning.message.ends_with("skipped") {
        return None;
    }
    let tokens = agentos_codegen::load::pointer_tokens(&warning.pointer)?;
    let (path, method) = match tokens.as_slice() {
        [paths, path] if paths == "paths" => (path, None),
        [paths, path, method] if paths == "paths" => (path, Some(method.clone())),
        _ => return None,
    };
    Some(Skipped {
        template: Template::parse(path),
        method,
        reason: warning.message.clone(),
    })
}

/// A generated answer of the operation's response type (a write answering a boolean answers
/// `true`: it succeeded).
fn generated(generator: &Generator<'_>, op: &Operation, seed: u64) -> Response {
    match &op.response.kind {
        ResponseKind::Empty => empty_response(op),
        ResponseKind::Bytes => download(op),
        kind => match kind.json_type() {
            Some(agentos_codegen::ir::TypeRef::Bool) if op.method != Method::Get => {
                json_response(op, &Value::Bool(true))
            }
            Some(ty) => json_response(op, &generator.value(ty, seed, "", 1)),
            None => empty_response(op),
        },
    }
}

/// A JSON answer with the operation's success status.
fn json_response(op: &Operation, value: &Value) -> Response {
    json_bytes_response(op, serde_json::to_vec(value).unwrap_or_default())
}

/// A JSON answer, already serialised, with the operation's success status.
fn json_bytes_response(op: &Operation, body: Vec<u8>) -> Response {
    let status = op
        .response
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .filter(|s| *s != StatusCode::NO_CONTENT)
        .unwrap_or(StatusCode::OK);
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// An empty answer: 204, or the declared success status.
fn empty_response(op: &Operation) -> Response {
    let status = op
        .response
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::NO_CONTENT);
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// A download: a few bytes of the kind of file the operation's words name (a photo, image or
/// graph: a JPEG; a brochure, report or document: a PDF), else of the first media type the
/// document offers besides JSON and XML. agentOS's documents declare their downloads as JSON
/// or XML objects (Swashbuckle's view of a file result); the files are what the server sends.
fn download(op: &Operation) -> Response {
    let words = format!(
        "{} {} {}",
        op.path,
        op.summary.as_deref().unwrap_or_default(),
        op.description.as_deref().unwrap_or_default()
    )
    .to_ascii_lowercase();
    let named = |list: &[&str]| list.iter().any(|w| words.contains(w));
    let declared = op
        .response
        .media_types
        .iter()
        .find(|m| !m.contains("json") && !m.contains("xml"))
        .cloned();
    let media = if named(&["photo", "image", "graph", "picture"]) {
        "image/jpeg".to_owned()
    } else if named(&["brochure", "report", "document", "pdf"]) {
        "application/pdf".to_owned()
    } else {
        declared.unwrap_or_else(|| "application/octet-stream".to_owned())
    };
    let bytes: &[u8] = if media.starts_with("image/") {
        // A JPEG's start and end markers around an empty frame.
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9"
    } else if media.contains("pdf") {
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    } else {
        b"agentOS simulator download\n"
    };
    let mut response = Response::new(Body::from(bytes));
    if let Ok(value) = HeaderValue::from_str(&media) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

/// The 404 of an id that names no record.
fn not_found(id: &str) -> Response {
    ApiError::not_found(format!(
        "No record has the id '{id}': it is unknown, deleted or archived."
    ))
    .into_response()
}

/// The 405 of a path with another method, with the methods it allows.
pub(crate) fn method_not_allowed(allowed: &[Method]) -> Response {
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "The requested resource does not support this HTTP method.",
    )
    .into_response();
    let list: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
    if let Ok(value) = HeaderValue::from_str(&list.join(", ")) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}
