//! The generic engine: agentOS's behaviour over any document it is given.
//!
//! The documents are loaded and lowered by `agentos_codegen` (so the simulator accepts exactly
//! what the generator accepts) and every operation in them is served: the request is matched
//! to its operation ([`routes`]), read and checked against it ([`request`]: a 400 naming what
//! is wrong), and answered with schema-valid JSON in agentOS's formats ([`values`]), from
//! collections of seeded records that list, read, create, update and delete hang together
//! ([`resources`] has the rule). Downloads answer bytes of a type the document offers
//! ([`files`]); [`hooks`] let tests change the records between requests. The
//! documents themselves are served at `/swagger/docs/<group>`, as agentOS serves them.
//!
//! Nothing here knows one document from another.

pub(crate) mod examples;
pub(crate) mod files;
pub(crate) mod hooks;
pub(crate) mod request;
pub(crate) mod resources;
pub(crate) mod routes;
pub(crate) mod session;
pub(crate) mod values;
pub(crate) mod window;

use std::collections::BTreeMap;
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
use resources::{Action, Collection, CollectionKey, Collections, DocumentIds, Filter, Parent};
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
    /// The share of its item collection a list under a record holds (its items name no
    /// parent, see [`resources::Share`]): an index into the item collection's shares.
    pub(crate) share: Option<usize>,
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
    /// Loads every document through one of the generator's `Generator`s, with `options` (the
    /// overlays and status policy a client is generated with), and seeds the collections of
    /// their models.
    pub(crate) fn new(
        specs: &[SpecSource],
        options: &agentos_codegen::Options,
        seed: u64,
        sizes: &DatasetSize,
    ) -> Result<Engine, SpecError> {
        let mut texts = Vec::with_capacity(specs.len());
        let mut generator = CodeGenerator::new().options(options.clone());
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
            generator = generator.spec_text(&origin, &text);
            texts.push(text);
        }
        // One run over every document, as a client of them all is generated: an overlay
        // applies to each, and one whose target selects nothing in any of them is an error.
        let lowered = generator.lower().map_err(|e| SpecError(e.to_string()))?;
        let documents: Vec<Document> = texts
            .into_iter()
            .zip(lowered)
            .map(|(text, spec)| {
                let names = served_names(&spec.api);
                Document {
                    text,
                    names,
                    api: spec.api,
                }
            })
            .collect();
        let mut routes = Vec::new();
        let mut skipped = Vec::new();
        let mut collections = Collections::default();
        for (doc, document) in documents.iter().enumerate() {
            skipped.extend(document.api.warnings.iter().filter_map(skipped_operation));
            let actions = resources::classify(doc, &document.api);
            let parents = resources::parents(&document.api, &actions);
            let views = resources::views(&document.api, &actions);
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
                    share: None,
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
            // A detail model shows its summary's records: the same ids, as many.
            for (detail, summary) in views {
                let source = (doc, summary);
                let Some((prefix, size)) = collections
                    .by_key
                    .get(&source)
                    .map(|c| (c.prefix.clone(), c.size))
                else {
                    continue;
                };
                if let Some(c) = collections.by_key.get_mut(&(doc, detail)) {
                    c.show(&source, &prefix, size);
                }
            }
        }
        // A list whose path sits under a record read, and whose items name no parent, holds a
        // share of its item collection per parent record. A collection shared out and not
        // sized by the configuration holds `SHARED_PER_PARENT` records per parent and share.
        let mut shared_out: BTreeMap<CollectionKey, usize> = BTreeMap::new();
        for route in &mut routes {
            let (
                Some(parent),
                Action::List {
                    collection,
                    parent: None,
                    ..
                }
                | Action::Some {
                    collection,
                    parent: None,
                    ..
                },
            ) = (&route.parent, &route.action)
            else {
                continue;
            };
            let Some((prefix, size)) = collections
                .by_key
                .get(&parent.collection)
                .map(|c| (c.prefix.clone(), c.size))
            else {
                continue;
            };
            let list = last_literal(&route.op.path);
            if let Some(items) = collections.by_key.get_mut(collection) {
                route.share = Some(items.share(&list, &parent.collection, &prefix, size));
                let most = shared_out.entry(collection.clone()).or_default();
                *most = (*most).max(size);
            }
        }
        for (key, most_parents) in shared_out {
            if let Some(c) = collections.by_key.get_mut(&key)
                && !sizes.by_model.contains_key(&key.1)
            {
                let size = c.shares.len() * most_parents * SHARED_PER_PARENT;
                c.resize(size);
            }
        }
        for (doc, document) in documents.iter().enumerate() {
            let usage = resources::Usage::of(&document.api);
            for wire in names(&document.api) {
                collections.name(doc, wire, &usage);
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
            // A session token is checked as one ([`session`]), not as a record's id.
            route.id_form = id.filter(|wire| !covered(wire) && !session::is_session_name(wire));
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
        // A session token the simulator did not issue for this short name is refused, as
        // agentOS refuses an unknown session ([`session`]).
        if let Some(param) = op.params.iter().find(|p| {
            session::is_session_name(&p.wire)
                && p.ty == agentos_codegen::ir::TypeRef::String
                && inputs
                    .text(&p.wire)
                    .is_some_and(|token| !session::valid(&token, short_name))
        }) {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                format!(
                    "The session given in `{}` is not one this simulator opened for `{short_name}`: log in first and send the token it answered.",
                    param.wire
                ),
            )
            .into_response();
        }
        let mut collections = lock(&self.collections);
        if let Some(parent) = &route.parent
            && collections.by_key.contains_key(&parent.collection)
        {
            let id = inputs.text(&parent.param).unwrap_or_default();
            if !collections.exists(&parent.collection, &id) {
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
        if op.response.kind == ResponseKind::Bytes {
            return self.download(generator, route, inputs, collections);
        }
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
                window,
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
                let (items, total_count) = self.list_slots(
                    generator, route, c, key, parent, window, inputs, offset, count,
                );
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
                window,
            } => {
                let Some(c) = collection(key) else {
                    return generated(generator, op, seed);
                };
                let (items, _) =
                    self.list_slots(generator, route, c, key, parent, window, inputs, 0, SOME);
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
                if c.view_of.is_some() {
                    // A detail: its own record with what it shares with its summary.
                    return match collections.record(generator, key, self.seed, &wanted) {
                        Some(record) => json_response(op, &record),
                        None => not_found(&wanted),
                    };
                }
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

    /// The records a list holds at `offset..offset + count`, and how many it holds: those
    /// under the record its parent parameter names, if any, and inside its date window, if
    /// the request gives one ([`window`]; a window scans the list's records, a plain list
    /// costs its page).
    #[allow(clippy::too_many_arguments)]
    fn list_slots<'c>(
        &self,
        generator: &Generator<'_>,
        route: &Route,
        c: &'c Collection,
        key: &CollectionKey,
        parent: &Option<(String, String)>,
        window: &Option<window::DateWindow>,
        inputs: &request::Inputs,
        offset: usize,
        count: usize,
    ) -> (Vec<resources::Slot<'c>>, usize) {
        let under = under(route, parent, inputs);
        let slots = |offset: usize, count: usize| match &under {
            Some((filter, value)) => {
                c.filtered_slots(generator, key, self.seed, filter.with(value), offset, count)
            }
            None => (c.page_slots(offset, count), c.count()),
        };
        let Some((window, bounds)) = window
            .as_ref()
            .and_then(|w| w.bounds(inputs).map(|bounds| (w, bounds)))
        else {
            return slots(offset, count);
        };
        let (all, _) = slots(0, c.count());
        let inside: Vec<resources::Slot<'c>> = all
            .into_iter()
            .filter(|slot| match slot {
                resources::Slot::Stored(record) => window.holds(&bounds, record),
                resources::Slot::Seeded(index) => {
                    window.holds(&bounds, &c.seeded(generator, key, self.seed, *index))
                }
            })
            .collect();
        let total = inside.len();
        (inside.into_iter().skip(offset).take(count).collect(), total)
    }

    /// The file a download answers (see [`files`]): for the id it is for, changing with the
    /// `ETag` of the records holding that id.
    fn download(
        &self,
        generator: &Generator<'_>,
        route: &Route,
        inputs: &request::Inputs,
        collections: &Collections,
    ) -> Response {
        let op = &route.op;
        let wire = route
            .parent
            .as_ref()
            .map(|p| p.param.clone())
            .or_else(|| resources::id_param(op));
        let id = wire.and_then(|w| inputs.text(&w)).unwrap_or_default();
        let etags = collections.etags(generator, route.doc, self.seed, &id);
        let media = files::media_type(op);
        let token = files::token(self.seed, op, &id, &etags);
        file_response(op, &media, files::bytes(&media, token))
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
            if !collections.by_key.contains_key(key) {
                return generated(&generator, op, seed);
            }
            match &id {
                Some(id) => match collections.record(&generator, key, self.seed, id) {
                    Some(record) => record,
                    None => return not_found(id),
                },
                None => generator.model(&key.1, mix(seed, &[b"new"]), 1),
            }
        };
        let id_field = collections.by_key.get(key).and_then(|c| c.id_field.clone());
        let record = match (&route.action, &id) {
            (Action::Create { .. }, _) => {
                self.create(collections, key, current, inputs.body.as_ref(), None)
            }
            (Action::Update { action, .. }, Some(id)) => {
                let mut record = current.clone();
                resources::overlay(&mut record, inputs.body.as_ref());
                if let Some(action) = action {
                    act(&mut record, action);
                }
                self.commit(collections, key, id, &current, record)
            }
            (Action::Delete { .. }, Some(id)) => {
                collections.delete(key, id);
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

    /// Creates a record of `key` from `fields` over `generated` (in the share `owner` when
    /// given); returns it. A view creates the record in its source (a new summary, from the
    /// fields it has) and keeps its own under the same id.
    fn create(
        &self,
        collections: &mut Collections,
        key: &CollectionKey,
        generated: Value,
        fields: Option<&Value>,
        owner: Option<(usize, String)>,
    ) -> Value {
        let source = collections.source(key).clone();
        if source == *key {
            return match collections.by_key.get_mut(key) {
                Some(c) => c.create(generated, fields, owner),
                None => generated,
            };
        }
        let api = &self.documents[key.0].api;
        let mut own = generated;
        resources::overlay(&mut own, fields);
        let summary = {
            let ids = DocumentIds::new(key.0, collections);
            let generator = ids.generator(api, "");
            let mut summary = generator.model(&source.1, mix(self.seed, &[b"new"]), 1);
            resources::copy_shared(api, &source.1, &own, &mut summary);
            summary
        };
        let Some(created) = collections
            .by_key
            .get_mut(&source)
            .map(|c| c.create(summary, None, owner))
        else {
            return own;
        };
        let id_field = collections.by_key.get(key).and_then(|c| c.id_field.clone());
        let id = id_field
            .as_ref()
            .and_then(|f| created.get(f))
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let (Some(field), Some(id), Value::Object(map)) = (&id_field, &id, &mut own) {
            map.insert(field.clone(), Value::String(id.clone()));
        }
        resources::copy_shared(api, &key.1, &created, &mut own);
        if let (Some(id), Some(c)) = (&id, collections.by_key.get_mut(key)) {
            c.put(id, own.clone());
        }
        own
    }

    /// Stores `after` as the record `id` of `key` now is (`before`: what it was), with a new
    /// `ETag` unless the change gave it one; returns the record as it now reads. A view's
    /// change is its source's too: the fields they share are copied into the source's record,
    /// which gets a new `ETag` (a summary shows that its detail changed).
    fn commit(
        &self,
        collections: &mut Collections,
        key: &CollectionKey,
        id: &str,
        before: &Value,
        after: Value,
    ) -> Value {
        let source = collections.source(key).clone();
        if source == *key {
            return match collections.by_key.get_mut(key) {
                Some(c) => c.store_changed(id, before, after),
                None => after,
            };
        }
        let api = &self.documents[key.0].api;
        let summary = {
            let ids = DocumentIds::new(key.0, collections);
            let generator = ids.generator(api, "");
            collections.record(&generator, &source, self.seed, id)
        };
        if let (Some(summary), Some(c)) = (summary, collections.by_key.get_mut(&source)) {
            let mut changed = summary.clone();
            resources::copy_shared(api, &source.1, &after, &mut changed);
            // The summary's ETag is its own: the change gives it a new one.
            resources::keep_etag(&summary, &mut changed);
            c.store_changed(id, &summary, changed);
        }
        if let Some(c) = collections.by_key.get_mut(key) {
            c.store_changed(id, before, after.clone());
        }
        let ids = DocumentIds::new(key.0, collections);
        let generator = ids.generator(api, "");
        collections
            .record(&generator, key, self.seed, id)
            .unwrap_or(after)
    }

    /// What the engine does for `route`, in a few words (for `agentos-sim --list` and
    /// [`crate::Sim::operations`]): the resource rule's action, where the page window travels,
    /// the record it sits under and how its items belong there, the summary a detail shows,
    /// what a download serves.
    pub(crate) fn describe(&self, route: &Route) -> String {
        let op = &route.op;
        let collections = lock(&self.collections);
        let mut text = if op.response.kind == ResponseKind::Bytes {
            let media = files::media_type(op);
            match &route.parent {
                Some(parent) => format!(
                    "answers a download ({media}) of the {} {} names (404 for another id), its bytes changing with that record's ETag",
                    parent.collection.1, parent.param
                ),
                None => format!(
                    "answers a download ({media}) for any id, its bytes changing with the ETag of the records holding that id"
                ),
            }
        } else {
            route.action.describe(op)
        };
        if let Action::Read { collection, .. } = &route.action
            && let Some(source) = collections
                .by_key
                .get(collection)
                .and_then(|c| c.view_of.as_ref())
        {
            text.push_str(&format!(
                " (the full record of a {} of the same id)",
                source.1
            ));
        }
        if op
            .paging
            .as_ref()
            .is_some_and(|p| p.location == ParamLocation::Path)
        {
            text.push_str(", paged in the path");
        }
        if let Some(parent) = &route.parent
            && op.response.kind != ResponseKind::Bytes
        {
            text.push_str(&format!(
                ", under one {} by {}",
                parent.collection.1, parent.param
            ));
            if let (Some(share), Action::List { collection, .. } | Action::Some { collection, .. }) =
                (route.share, &route.action)
                && let Some(s) = collections
                    .by_key
                    .get(collection)
                    .and_then(|c| c.shares.get(share))
            {
                text.push_str(&format!(
                    " (each holds its own share of the {}: its `{}`)",
                    collection.1, s.list
                ));
            }
        }
        text
    }

    /// The collection of `model` (its Rust name, `PhotoModel`, or its name in the document),
    /// in the first document that has it.
    pub(crate) fn collection_of(&self, model: &str) -> Option<CollectionKey> {
        let collections = lock(&self.collections);
        let by_name = collections.by_key.keys().find(|(_, m)| m == model).cloned();
        by_name.or_else(|| {
            self.documents.iter().enumerate().find_map(|(doc, d)| {
                d.api
                    .models
                    .iter()
                    .find(|m| m.wire == model)
                    .map(|m| (doc, m.name.clone()))
                    .filter(|key| collections.by_key.contains_key(key))
            })
        })
    }

    /// Ids of the first `n` records of the collection of `model` (in the first document
    /// that has it).
    pub(crate) fn ids(&self, model: &str, n: usize) -> Vec<String> {
        let Some(key) = self.collection_of(model) else {
            return Vec::new();
        };
        let field = lock(&self.collections)
            .by_key
            .get(&key)
            .and_then(|c| c.id_field.clone());
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
        let Some(key) = self.collection_of(model) else {
            return Vec::new();
        };
        let collections = lock(&self.collections);
        let ids = DocumentIds::new(key.0, &collections);
        let generator = ids.generator(&self.documents[key.0].api, "");
        collections.page(&generator, &key, self.seed, 0, n)
    }

    /// How many records the collection of `model` holds now.
    pub(crate) fn count(&self, model: &str) -> usize {
        let Some(key) = self.collection_of(model) else {
            return 0;
        };
        lock(&self.collections).count(&key)
    }
}

/// How many records an operation answering a plain list of a collection answers.
const SOME: usize = 20;

/// Which records a list under a record holds, before the parent's id is known.
#[derive(Debug, Clone, Copy)]
enum Membership<'a> {
    /// Those whose field of this name holds the id.
    Field(&'a str),
    /// This share of the parent's.
    Share(usize),
}

impl Membership<'_> {
    /// The filter for the parent `value`.
    fn with<'v>(self, value: &'v str) -> Filter<'v>
    where
        Self: 'v,
    {
        match self {
            Membership::Field(field) => Filter::Field { field, value },
            Membership::Share(share) => Filter::Share {
                share,
                parent: value,
            },
        }
    }
}

/// What a list of `route` is under, and the parent's id, when the request names one: the
/// field filter of its action (`parent`), else its share.
fn under<'a>(
    route: &'a Route,
    parent: &'a Option<(String, String)>,
    inputs: &request::Inputs,
) -> Option<(Membership<'a>, String)> {
    if let Some((param, field)) = parent
        && let Some(value) = inputs.text(param)
    {
        return Some((Membership::Field(field), value));
    }
    let share = route.share?;
    let value = inputs.text(&route.parent.as_ref()?.param)?;
    Some((Membership::Share(share), value))
}

/// How many records each parent holds in each list that shares a collection out, when the
/// configuration does not size that collection.
pub(crate) const SHARED_PER_PARENT: usize = 5;

/// The last literal segment of a path (`photos` of `/x/{id}/photos/{offset}/{count}`), lower
/// case: the name of a list.
fn last_literal(path: &str) -> String {
    path.split('/')
        .rfind(|s| !s.is_empty() && !s.contains('{'))
        .unwrap_or_default()
        .to_ascii_lowercase()
}

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
        ResponseKind::Bytes => {
            let media = files::media_type(op);
            file_response(op, &media, files::bytes(&media, seed))
        }
        kind => match kind.json_type() {
            Some(agentos_codegen::ir::TypeRef::Bool) if op.method != Method::Get => {
                json_response(op, &Value::Bool(true))
            }
            // A login's bare string is the session it opens; any other bare answer is unnamed.
            Some(ty) if session::answers_a_session(op) => {
                json_response(op, &generator.value(ty, seed, "token", 1))
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

/// A download's answer: `bytes` of the type `media`, with the operation's success status.
fn file_response(op: &Operation, media: &str, bytes: Vec<u8>) -> Response {
    let status = op
        .response
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .filter(|s| *s != StatusCode::NO_CONTENT)
        .unwrap_or(StatusCode::OK);
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(media) {
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
