//! Models and error enums that several documents of one client define alike, defined once.
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
//! Error enums are shared the same way: an enum of the same name and the same statuses and
//! variants in several documents is one enum in `shared::errors`, re-exported by each
//! document's `errors` (its name depends on the statuses alone, and its docs are generic, so
//! alike enums print alike). A function handling one call group's errors then handles the
//! other's.
//!
//! [`ModelSharing::PerDocument`] (the `models: per_document` option) turns this off.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{ErrorEnum, Model, ModelKind, Paging, Spec, TypeRef};

/// Whether a client of several documents shares the models and error enums they define alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSharing {
    /// Models and error enums several documents define alike are emitted once, in a `shared`
    /// module, and re-exported by each document's `models` and `errors` modules (the default).
    #[default]
    AcrossDocuments,
    /// Every document defines all of its models and error enums.
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
    /// Per document (in the order of the specs): the models it re-exports.
    pub reexported: Vec<BTreeSet<String>>,
    /// The shared error enums, in name order.
    pub errors: Vec<ErrorEnum>,
    /// Per document: the error enums it re-exports.
    pub reexported_errors: Vec<BTreeSet<String>>,
}

impl Shared<'_> {
    /// What document `index` re-exports from the shared module (either list may be empty).
    pub fn reexports(&self, index: usize) -> Option<Reexports<'_>> {
        Some(Reexports {
            module: &self.module,
            models: self.reexported.get(index)?,
            errors: self.reexported_errors.get(index)?,
        })
    }
}

/// The models and error enums one document takes from the shared module instead of defining
/// them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reexports<'a> {
    /// The shared module's name (a sibling of the document's module).
    pub module: &'a str,
    /// The models re-exported.
    pub models: &'a BTreeSet<String>,
    /// The error enums re-exported.
    pub errors: &'a BTreeSet<String>,
}

/// Which models of `specs` to share, or `None` when nothing is (a single document, documents
/// at the top level of the file, [`ModelSharing::PerDocument`], or no model alike).
pub(crate) fn plan(specs: &[Spec], sharing: ModelSharing) -> Option<Shared<'_>> {
    if sharing == ModelSharing::PerDocument || specs.iter().any(|s| s.module.is_none()) {
        return None;
    }
    // Each document's models by name, looked up below for every group member.
    let by_name: Vec<BTreeMap<&str, &Model>> = specs
        .iter()
        .map(|s| s.api.models.iter().map(|m| (m.name.as_str(), m)).collect())
        .collect();
    let model = |doc: usize, name: &str| by_name.get(doc)?.get(name).copied();
    let mut groups = candidate_groups(specs, |api| api.models.iter(), |m| &m.name, alike);
    // A group's models are alike, so its first says what all of them refer to.
    let refers: BTreeMap<String, Vec<&str>> = groups
        .iter()
        .map(|(name, docs)| {
            let first = docs.first().and_then(|&doc| model(doc, name));
            (name.clone(), first.map(references).unwrap_or_default())
        })
        .collect();
    keep_closed_under_references(&mut groups, &refers);
    let error_groups = candidate_groups(
        specs,
        |api| api.error_enums.iter(),
        |e| &e.name,
        same_statuses,
    );
    if groups.is_empty() && error_groups.is_empty() {
        return None;
    }
    // In name order, as each document's models are.
    let models = groups
        .iter()
        .filter_map(|(name, docs)| {
            let mut shared = model(*docs.first()?, name)?.clone();
            if let ModelKind::Enum(e) = &mut shared.kind {
                for &doc in docs {
                    if let Some(ModelKind::Enum(other)) = model(doc, name).map(|m| &m.kind) {
                        for place in &other.used_by {
                            if !e.used_by.contains(place) {
                                e.used_by.push(place.clone());
                            }
                        }
                    }
                }
            }
            Some(shared)
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
    let reexported = names_per_document(specs.len(), &groups);
    let errors = error_groups
        .iter()
        .filter_map(|(name, docs)| specs[*docs.first()?].api.error_enum(name).cloned())
        .collect();
    Some(Shared {
        module: module_name(specs),
        models,
        wrappers,
        reexported,
        errors,
        reexported_errors: names_per_document(specs.len(), &error_groups),
    })
}

/// Per document, the names of the groups it is in.
fn names_per_document(
    documents: usize,
    groups: &BTreeMap<String, BTreeSet<usize>>,
) -> Vec<BTreeSet<String>> {
    (0..documents)
        .map(|index| {
            groups
                .iter()
                .filter(|(_, docs)| docs.contains(&index))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .collect()
}

/// Per name (of a model or an error enum: `items` lists a document's, `name` names one), the
/// documents whose item of that name is the most common form (`alike`), when at least two
/// share it.
fn candidate_groups<'a, T: 'a, I>(
    specs: &'a [Spec],
    items: impl Fn(&'a crate::ir::Api) -> I,
    name: impl Fn(&'a T) -> &'a String,
    alike: impl Fn(&T, &T) -> bool,
) -> BTreeMap<String, BTreeSet<usize>>
where
    I: Iterator<Item = &'a T>,
{
    let mut by_name: BTreeMap<&str, Vec<(usize, &T)>> = BTreeMap::new();
    for (index, spec) in specs.iter().enumerate() {
        for item in items(&spec.api) {
            by_name.entry(name(item)).or_default().push((index, item));
        }
    }
    let mut groups = BTreeMap::new();
    for (name, defined) in by_name {
        // Forms in the order their first document comes, so that a tie goes to the earliest.
        let mut forms: Vec<(&T, BTreeSet<usize>)> = Vec::new();
        for (index, item) in defined {
            match forms.iter_mut().find(|(form, _)| alike(form, item)) {
                Some((_, docs)) => {
                    docs.insert(index);
                }
                None => forms.push((item, BTreeSet::from([index]))),
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
/// `refers` holds what each group's model refers to.
fn keep_closed_under_references(
    groups: &mut BTreeMap<String, BTreeSet<usize>>,
    refers: &BTreeMap<String, Vec<&str>>,
) {
    loop {
        let mut drops: Vec<(String, usize)> = Vec::new();
        for (name, docs) in groups.iter() {
            for &doc in docs {
                let unshared = refers
                    .get(name)
                    .into_iter()
                    .flatten()
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

/// The same codes and variants: all an error enum prints (why each status is in a set is said
/// on each operation's alias, not on the enum).
fn same_statuses(a: &ErrorEnum, b: &ErrorEnum) -> bool {
    a.statuses.len() == b.statuses.len()
        && a.statuses
            .iter()
            .zip(&b.statuses)
            .all(|(x, y)| x.code == y.code && x.variant == y.variant)
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
