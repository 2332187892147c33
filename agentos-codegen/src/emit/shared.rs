//! Models that several documents of one client define alike, defined once.
//!
//! agentOS publishes one document per call group, and the groups repeat each other's schemas:
//! 41 of the 44 models of the free tier are, field for field, models of the basic tier. A
//! client generated from both would otherwise hold two `TenancyModel`s that cannot be passed
//! from one group's call to the other's, and compile every one of them twice. So when a client
//! has several documents, a model that two or more of them define alike (same name, same
//! fields, same docs) is emitted once, in a `shared` module, and each document's `models`
//! module re-exports it: every path a user writes (`basic_tier::models::TenancyModel`) still
//! names the type, and it is now one type.
//!
//! "Alike" is strict: the model's whole IR is equal, except the list of places an enum is used
//! by (those are merged, for the docs). A model is shared only together with every model it
//! refers to (a struct holding a model that differs between the documents stays in each), so
//! every shared model means in each document exactly what that document says. When the
//! documents hold several different models of one name, the form most documents share gets
//! the shared name (the earliest document breaks a tie) and the others keep their own.
//!
//! [`ModelSharing::PerDocument`] (the `models: per_document` option) turns this off.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, ModelKind, Paging, Spec, TypeRef};

/// Whether a client of several documents shares the models they define alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSharing {
    /// Models several documents define alike are emitted once, in a `shared` module, and
    /// re-exported by each document's `models` module (the default).
    #[default]
    AcrossDocuments,
    /// Every document's `models` module defines all of its models.
    PerDocument,
}

/// What is shared: the module, its models, and which of them each document re-exports.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shared<'a> {
    /// The top-level module's name (`shared`, unless a document's module has that name).
    pub module: String,
    /// The shared models, in name order (as each document's are).
    pub models: Vec<Model>,
    /// The page wrappers among them that some document's paged operations answer.
    pub wrappers: Vec<&'a Paging>,
    /// Per document (in the order of the specs): the names it re-exports.
    pub reexported: Vec<BTreeSet<String>>,
}

impl Shared<'_> {
    /// The models document `index` re-exports from the shared module, if any.
    pub fn reexports(&self, index: usize) -> Option<Reexports<'_>> {
        self.reexported
            .get(index)
            .filter(|names| !names.is_empty())
            .map(|names| Reexports {
                module: &self.module,
                names,
            })
    }
}

/// The models one document takes from the shared module instead of defining them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reexports<'a> {
    /// The shared module's name (a sibling of the document's module).
    pub module: &'a str,
    /// The names re-exported.
    pub names: &'a BTreeSet<String>,
}

impl Reexports<'_> {
    /// Whether `model` is one of them.
    pub fn contains(&self, model: &str) -> bool {
        self.names.contains(model)
    }
}

/// Which models of `specs` to share, or `None` when nothing is (a single document, documents
/// at the top level of the file, [`ModelSharing::PerDocument`], or no model alike).
pub(crate) fn plan(specs: &[Spec], sharing: ModelSharing) -> Option<Shared<'_>> {
    if sharing == ModelSharing::PerDocument || specs.iter().any(|s| s.module.is_none()) {
        return None;
    }
    let mut groups = candidate_groups(specs);
    keep_closed_under_references(specs, &mut groups);
    if groups.is_empty() {
        return None;
    }
    // In name order, as each document's models are.
    let models = groups
        .iter()
        .filter_map(|(name, docs)| {
            let first = docs.first().copied()?;
            let mut model = specs[first].api.model(name)?.clone();
            if let ModelKind::Enum(e) = &mut model.kind {
                for &doc in docs {
                    if let Some(ModelKind::Enum(other)) =
                        specs[doc].api.model(name).map(|m| &m.kind)
                    {
                        for place in &other.used_by {
                            if !e.used_by.contains(place) {
                                e.used_by.push(place.clone());
                            }
                        }
                    }
                }
            }
            Some(model)
        })
        .collect();
    let mut wrappers: Vec<&Paging> = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        for paging in super::page_wrappers(&spec.api) {
            let shared_here = groups
                .get(&paging.wrapper)
                .is_some_and(|docs| docs.contains(&index));
            if shared_here && !wrappers.iter().any(|w| w.wrapper == paging.wrapper) {
                wrappers.push(paging);
            }
        }
    }
    wrappers.sort_by(|a, b| a.wrapper.cmp(&b.wrapper));
    let reexported = (0..specs.len())
        .map(|index| {
            groups
                .iter()
                .filter(|(_, docs)| docs.contains(&index))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .collect();
    Some(Shared {
        module: module_name(specs),
        models,
        wrappers,
        reexported,
    })
}

/// Per model name, the documents whose model of that name is the most common form, when at
/// least two share it.
fn candidate_groups(specs: &[Spec]) -> BTreeMap<String, BTreeSet<usize>> {
    let mut by_name: BTreeMap<&str, Vec<(usize, &Model)>> = BTreeMap::new();
    for (index, spec) in specs.iter().enumerate() {
        for model in &spec.api.models {
            by_name.entry(&model.name).or_default().push((index, model));
        }
    }
    let mut groups = BTreeMap::new();
    for (name, defined) in by_name {
        // Forms in the order their first document comes, so that a tie goes to the earliest.
        let mut forms: Vec<(&Model, BTreeSet<usize>)> = Vec::new();
        for (index, model) in defined {
            match forms.iter_mut().find(|(form, _)| alike(form, model)) {
                Some((_, docs)) => {
                    docs.insert(index);
                }
                None => forms.push((model, BTreeSet::from([index]))),
            }
        }
        let mut best: Option<BTreeSet<usize>> = None;
        for (_, docs) in forms {
            if docs.len() >= 2 && best.as_ref().is_none_or(|b| docs.len() > b.len()) {
                best = Some(docs);
            }
        }
        if let Some(docs) = best {
            groups.insert(name.to_owned(), docs);
        }
    }
    groups
}

/// Drops a document from a model's group while the model refers to a model that document does
/// not share in the same module, until nothing changes; groups left with one document go.
fn keep_closed_under_references(specs: &[Spec], groups: &mut BTreeMap<String, BTreeSet<usize>>) {
    loop {
        let mut drops: Vec<(String, usize)> = Vec::new();
        for (name, docs) in groups.iter() {
            for &doc in docs {
                let Some(model) = specs[doc].api.model(name) else {
                    drops.push((name.clone(), doc));
                    continue;
                };
                let unshared = references(model)
                    .iter()
                    .any(|r| !groups.get(*r).is_some_and(|d| d.contains(&doc)));
                if unshared {
                    drops.push((name.clone(), doc));
                }
            }
        }
        if drops.is_empty() {
            return;
        }
        for (name, doc) in drops {
            if let Some(docs) = groups.get_mut(&name) {
                docs.remove(&doc);
            }
        }
        groups.retain(|_, docs| docs.len() >= 2);
    }
}

/// The models a model's fields name.
fn references(model: &Model) -> Vec<&str> {
    fn walk<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
        match ty {
            TypeRef::Model(name) => out.push(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => walk(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let ModelKind::Struct(fields) = &model.kind {
        for field in fields {
            walk(&field.ty, &mut out);
        }
    }
    out
}

/// The same model (of the same name), but for the places an enum is used by (merged when
/// shared).
fn alike(a: &Model, b: &Model) -> bool {
    let same_head =
        a.wire == b.wire && a.description == b.description && a.deprecated == b.deprecated;
    same_head
        && match (&a.kind, &b.kind) {
            (ModelKind::Struct(x), ModelKind::Struct(y)) => x == y,
            (ModelKind::Enum(x), ModelKind::Enum(y)) => {
                x.variants == y.variants && x.other == y.other
            }
            _ => false,
        }
}

/// `shared`, or the first of `shared_models`, `shared_models_2`, ... that no document's module
/// takes.
fn module_name(specs: &[Spec]) -> String {
    let taken: BTreeSet<&str> = specs.iter().filter_map(|s| s.module.as_deref()).collect();
    std::iter::once("shared".to_owned())
        .chain(std::iter::once("shared_models".to_owned()))
        .chain((2..).map(|n| format!("shared_models_{n}")))
        .find(|name| !taken.contains(name.as_str()))
        .unwrap_or_default()
}
