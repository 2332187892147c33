//! Test hooks: changing the records between requests, as agentOS's users would (a photo
//! replaced, a letting added, a sale withdrawn), so that a client's tests can check it notices.
//!
//! Collections are addressed by their model's name (the Rust name the generator gives it,
//! `PhotoModel`, or its name in the document), records by their id. Every change goes through
//! the same paths as the requests' writes, so lists, counts (`Count`), reads, nested lists and
//! downloads show it at once: a changed record gets a new `ETag` (unless the change set one),
//! a view's change is its summary's too (see the resource rule), a removed record is gone from
//! its lists and reads of it are 404.

use agentos_codegen::ir::ModelKind;
use serde_json::{Map, Value};

use super::resources::{CollectionKey, Collections, DocumentIds};
use super::values::{check, mix};
use super::{Engine, lock};
use crate::error::RecordError;

/// Where [`Sim::add_record_under`](crate::Sim::add_record_under) puts a new record: under the
/// record `id` of the collection of `model`, in the list named `list` (the last literal segment
/// of its path: `photos`, `floorplans`), which may be left out when only one list of the new
/// record's model sits under that parent model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Under {
    /// The parent's model (`SalesInstructionModel`).
    pub model: String,
    /// The parent's id.
    pub id: String,
    /// The list's name (`photos`), when several lists could hold the record.
    pub list: Option<String>,
}

impl Under {
    /// Under the record `id` of the collection of `model`.
    pub fn record(model: impl Into<String>, id: impl Into<String>) -> Self {
        Under {
            model: model.into(),
            id: id.into(),
            list: None,
        }
    }

    /// In the list named `list` (`floorplans`).
    pub fn list(mut self, list: impl Into<String>) -> Self {
        self.list = Some(list.into());
        self
    }
}

impl Engine {
    /// The collection of `model`, or the error naming it.
    fn hook_key(&self, model: &str) -> Result<CollectionKey, RecordError> {
        self.collection_of(model)
            .ok_or_else(|| RecordError::UnknownModel(model.to_owned()))
    }

    /// The record `id` of `key` as it is now.
    fn current(
        &self,
        collections: &Collections,
        key: &CollectionKey,
        id: &str,
    ) -> Result<Value, RecordError> {
        if collections
            .by_key
            .get(key)
            .is_none_or(|c| c.id_field.is_none())
        {
            return Err(RecordError::NoId(key.1.clone()));
        }
        let ids = DocumentIds::new(key.0, collections);
        let generator = ids.generator(&self.documents[key.0].api, "");
        collections
            .record(&generator, key, self.seed, id)
            .ok_or_else(|| RecordError::UnknownRecord {
                model: key.1.clone(),
                id: id.to_owned(),
            })
    }

    /// Checks `fields` against the model of `key`: an object of its fields, each of its type.
    fn checked<'v>(
        &self,
        key: &CollectionKey,
        fields: &'v Value,
    ) -> Result<&'v Map<String, Value>, RecordError> {
        let api = &self.documents[key.0].api;
        let Value::Object(given) = fields else {
            return Err(RecordError::NotAnObject(key.1.clone()));
        };
        let Some(ModelKind::Struct(model)) = api.model(&key.1).map(|m| &m.kind) else {
            return Err(RecordError::UnknownModel(key.1.clone()));
        };
        for (name, value) in given {
            let field = model.iter().find(|f| f.wire == *name).ok_or_else(|| {
                RecordError::UnknownField {
                    model: key.1.clone(),
                    field: name.clone(),
                }
            })?;
            if !value.is_null() {
                check(api, value, &field.ty, name).map_err(|(at, expected)| {
                    RecordError::InvalidField {
                        model: key.1.clone(),
                        field: at,
                        expected,
                    }
                })?;
            }
        }
        Ok(given)
    }

    /// Changes the record `id` of the collection of `model` with `change` (its id stays);
    /// returns it as it now reads.
    pub(crate) fn change_record(
        &self,
        model: &str,
        id: &str,
        change: impl FnOnce(&mut Value),
    ) -> Result<Value, RecordError> {
        let key = self.hook_key(model)?;
        let mut collections = lock(&self.collections);
        let before = self.current(&collections, &key, id)?;
        let mut after = before.clone();
        change(&mut after);
        // The id is what addresses the record: a change cannot move it.
        if let Some(field) = collections
            .by_key
            .get(&key)
            .and_then(|c| c.id_field.clone())
            && let Value::Object(map) = &mut after
        {
            map.insert(field, Value::String(id.to_owned()));
        }
        Ok(self.commit(&mut collections, &key, id, &before, after))
    }

    /// Sets the fields `fields` names (checked against the model) on the record `id`.
    pub(crate) fn merge_record(
        &self,
        model: &str,
        id: &str,
        fields: &Value,
    ) -> Result<Value, RecordError> {
        let key = self.hook_key(model)?;
        let given = self.checked(&key, fields)?.clone();
        self.change_record(model, id, |record| {
            if let Value::Object(map) = record {
                map.extend(given);
            }
        })
    }

    /// Adds a record to the collection of `model` (under `under` when given), with `fields`
    /// (checked against the model) over a generated one; returns it.
    pub(crate) fn add_record(
        &self,
        model: &str,
        under: Option<&Under>,
        fields: &Value,
    ) -> Result<Value, RecordError> {
        let key = self.hook_key(model)?;
        let mut fields = Value::Object(self.checked(&key, fields)?.clone());
        // Looked up before the collections are locked: the lookup locks them too.
        let parent = under.map(|u| self.hook_key(&u.model)).transpose()?;
        let mut collections = lock(&self.collections);
        let owner = match (under, parent) {
            (Some(under), Some(parent)) => {
                self.place(&collections, &key, (under, &parent), &mut fields)?
            }
            _ => None,
        };
        let generated = {
            let ids = DocumentIds::new(key.0, &collections);
            let generator = ids.generator(&self.documents[key.0].api, "");
            let n = collections.count(&key) as u64;
            let seed = mix(self.seed, &[b"added", key.1.as_bytes(), &n.to_le_bytes()]);
            generator.model(&key.1, seed, 1)
        };
        Ok(self.create(&mut collections, &key, generated, Some(&fields), owner))
    }

    /// Where a record of `key` added under `under` goes: the share it joins, or (a list whose
    /// items name their parent) the field set in `fields` to the parent's id.
    fn place(
        &self,
        collections: &Collections,
        key: &CollectionKey,
        (under, parent): (&Under, &CollectionKey),
        fields: &mut Value,
    ) -> Result<Option<(usize, String)>, RecordError> {
        if !collections.exists(parent, &under.id) {
            return Err(RecordError::UnknownRecord {
                model: parent.1.clone(),
                id: under.id.clone(),
            });
        }
        let Some(c) = collections.by_key.get(key) else {
            return Err(RecordError::UnknownModel(key.1.clone()));
        };
        let same = |other: &CollectionKey| collections.source(other) == collections.source(parent);
        let lists: Vec<(usize, &str)> = c
            .shares
            .iter()
            .enumerate()
            .filter(|(_, s)| same(&s.parent))
            .map(|(i, s)| (i, s.list.as_str()))
            .collect();
        let wanted: Vec<&(usize, &str)> = lists
            .iter()
            .filter(|(_, list)| {
                under
                    .list
                    .as_deref()
                    .is_none_or(|l| l.eq_ignore_ascii_case(list))
            })
            .collect();
        if let [(share, _)] = wanted.as_slice() {
            return Ok(Some((*share, under.id.clone())));
        }
        let reference = c.references.iter().find(|r| same(&r.target));
        match (reference, wanted.is_empty(), &under.list) {
            (Some(reference), true, None) => {
                if let Value::Object(map) = fields {
                    map.insert(reference.field.clone(), Value::String(under.id.clone()));
                }
                Ok(None)
            }
            _ => Err(RecordError::NoList {
                model: key.1.clone(),
                parent: parent.1.clone(),
                list: under.list.clone(),
                found: lists.iter().map(|(_, l)| (*l).to_owned()).collect(),
            }),
        }
    }

    /// Removes the record `id` of the collection of `model`.
    pub(crate) fn remove_record(&self, model: &str, id: &str) -> Result<(), RecordError> {
        let key = self.hook_key(model)?;
        let mut collections = lock(&self.collections);
        self.current(&collections, &key, id)?;
        collections.delete(&key, id);
        Ok(())
    }

    /// Removes every record of the collection of `model` (a view: of its source); how many
    /// there were.
    pub(crate) fn remove_all_records(&self, model: &str) -> Result<usize, RecordError> {
        let key = self.hook_key(model)?;
        let mut collections = lock(&self.collections);
        let source = collections.source(&key).clone();
        let count = collections.count(&source);
        for c in collections.by_key.values_mut() {
            if c.view_of.as_ref() == Some(&source) {
                c.clear();
            }
        }
        if let Some(c) = collections.by_key.get_mut(&source) {
            c.clear();
        }
        Ok(count)
    }
}
