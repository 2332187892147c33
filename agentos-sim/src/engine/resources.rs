//! Resources: which operations of a document act on one collection of records, and the
//! collections themselves (seeded records, and what creating, updating and deleting changed).
//!
//! # The rule
//! A **collection** holds the records of one model of one document (`DiaryAppointmentModel`).
//! Its records have ids in the model's id field (`OID`, else `ID` or `Id`), spelt
//! `<3 letters of the model><6 digits>` (`APP000042`); a model without an id field has a
//! collection whose records cannot be addressed. An operation acts on a collection when:
//!
//! - it is **paged** (`offset`/`count`, `{Count, Data}`): it lists the collection of its item
//!   model, filtered by the id in its path (else a required id in its query) when its items
//!   hold a field of that name, or of that name without `ID` (`/{branchID}/appointments`
//!   lists the appointments whose `BranchID` is that id; `?branchID=` the tenancies whose
//!   `Branch` is);
//! - it is a **GET answering a model** and addresses a resource by an id (a path parameter,
//!   or a required query parameter named like an id: the generator's rule): it reads that
//!   record of the model's collection, or answers 404;
//! - it is a **GET answering a list of a model**: the first records of that collection
//!   (filtered by a path id, as lists are);
//! - it is a **POST**, or a **PUT, PATCH or DELETE addressing an id**: it creates, updates or
//!   deletes a record of the collection that a GET or a list of the same **resource path**
//!   reads. The resource path is the path template without a trailing id
//!   (`/appointment/{appointmentID}` -> `/appointment`) or a trailing id and action
//!   (`/appointment/{appointmentID}/cancel` -> `/appointment`). Without such a reader, a POST
//!   or PUT acts on the collection of its body's model (or of the model it answers).
//!
//! Everything else, and anything the rule cannot tell, answers a generated value of the
//! response's type (the same one for the same request).
//!
//! # Records that hang together
//! - **Paging** in the query (`?offset=&count=`) or in the path (`/{offset}/{count}`, v4)
//!   is one thing: the same window, the same checks (400 for a negative value or `count` over
//!   1000), the same pages.
//! - **Under a record**: an operation whose path starts with the path of a read
//!   (`/properties/{propertyID}/rooms` under `/properties/{propertyID}`), or whose last path
//!   parameter, else a required query parameter named like an id, names a collection
//!   (`/photos/photo/{photoID}/download`, `/lettings/advertised?branchID=`), answers 404 when
//!   that record does not exist (the generator's rule gives such operations their 404). An id
//!   the generator's rule names that no collection holds (`propertyStructureID`) exists when
//!   it has the simulator's form (`STR000001`) and is unknown otherwise.
//! - **Lists under a record** hold that record's records: those whose field names it (the
//!   filter above; an optional query id such as v4's `?branchID=` filters when given, on
//!   `BranchID`, `Branch` or `BranchOID`), else, for a list whose path sits under a read and
//!   whose items name no parent (v4's `/salesinstructions/{salesInstructionOID}/photos/..`),
//!   a **share**: the lists under records of one collection that share an item collection out
//!   (`photos`, `floorplans` under a sales instruction, `photos` under a lettings property: a
//!   list is named by the last literal segment of its path) each give every parent record its
//!   own records, none in two lists or under two parents, the same on every call. A
//!   collection shared out that the configuration does not size holds five records per parent
//!   in each list. A record a request creates is in no share; a test hook can put one in
//!   ([`super::hooks`]).
//! - **Details** (one record, two views): a model that some GET reads by id but no list
//!   answers (`SalesInstructionModel`) shows, in full, the records of the listed model
//!   (`SalesSummaryModel`) whose list, in the same call group and under no record, shares the
//!   most of the read's path beyond what every path of the group starts with
//!   (`/sales/advertised/..` and `/sales/salesinstructions/{id}` share `sales`;
//!   `/lettings/advertised/..` goes to `/lettings/advertised/{tenancyOID}`, not to
//!   `/lettings/properties/{propertyID}`, which shares less; a tie gives it to neither). The
//!   summary must be read by no operation. The detail's records are the summary's: the same
//!   ids and count, a read of an id the summary list does not hold is 404, and the fields
//!   both models have (same name, a value of the detail's type) are the summary's. A change
//!   of the detail is the summary's too (shared fields copied, its `ETag` renewed); removing
//!   either removes both.
//! - **References**: a string field or parameter that names a collection holds ids of its
//!   records: `BranchID`, `BranchOID` (the collection whose model's name holds `branch`, else
//!   the last word of it: `MainPhotoOID` -> a photo), or `Branch`, `AppointmentType` (the
//!   collection whose model's name ends in `BranchModel`, `AppointmentTypeModel`), as
//!   agentOS's models name the records they point at. Of several such collections, those
//!   whose model is used in a call group the name is used in win, then the shortest name:
//!   v4's `PropertyID` holds a `LettingsPropertyModel` id (readable at
//!   `/lettings/properties/{propertyID}`), its `BranchOID` an `AdvertisingBranchModel` one.
//! - **Downloads** ([`super::files`]): a type the document offers, bytes that follow the
//!   `ETag` of the record the id names, 404 when the id parameter names a collection and no
//!   record of it.
//! - **Writes**: creating takes the new record's fields from the body where a field of the
//!   same name exists (an object member of the body with no such field lends its own members:
//!   `AllocationDetails.Start` fills `Start`); updating overwrites them and gives the record a
//!   new `ETag`; an action (`/{id}/cancel`) sets the boolean fields named after it
//!   (`Cancelled`). A write answering the collection's model answers the record, one answering
//!   a string answers its id, one answering a boolean `true`.
//! - `ShortName` fields hold the short name of the request.
//!
//! Records are generated when they are read, from the simulator's seed, the collection and the
//! index: a page costs its own records, whatever the collection's size. What the requests
//! changed (records created, updated, deleted) is kept beside them.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use agentos_codegen::ir::{
    Api, Method, ModelKind, Operation, ParamLocation, ResponseKind, TypeRef,
};
use agentos_codegen::lower::status::is_id_name;
use serde_json::Value;

use super::values::{Generator, Ids, check, id_prefix, mix};
use super::window::DateWindow;

/// A collection: `(document index, model name)`.
pub(crate) type CollectionKey = (usize, String);

/// What an operation does, by the rule of the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// Lists a collection page by page.
    List {
        collection: CollectionKey,
        /// The page's model (`{Count, Data}` and whatever else it holds).
        wrapper: String,
        /// Wire names of the wrapper's total (when it has one) and list fields.
        total: Option<String>,
        data: String,
        /// Wire names of the offset and count parameters.
        offset: String,
        count: String,
        /// The path parameter that filters the list, and the item field it must equal.
        parent: Option<(String, String)>,
        /// The date parameters that bound an item field ([`super::window`]).
        window: Option<DateWindow>,
    },
    /// Answers a list of a collection's first records.
    Some {
        collection: CollectionKey,
        parent: Option<(String, String)>,
        window: Option<DateWindow>,
    },
    /// Reads the record named by the parameter `id`.
    Read {
        collection: CollectionKey,
        id: String,
    },
    /// Creates a record.
    Create { collection: CollectionKey },
    /// Updates the record named by `id` (`action`: a trailing literal such as `cancel`).
    Update {
        collection: CollectionKey,
        id: String,
        action: Option<String>,
    },
    /// Deletes the record named by `id`.
    Delete {
        collection: CollectionKey,
        id: String,
    },
    /// Answers a generated value.
    Generated,
}

impl Action {
    /// What the action does, in a few words (`reads DiaryAppointmentModel by appointmentID`),
    /// for `agentos-sim --list`.
    pub(crate) fn describe(&self, op: &Operation) -> String {
        let within = |window: &Option<DateWindow>| {
            window
                .as_ref()
                .map(DateWindow::describe)
                .unwrap_or_default()
        };
        let by = |parent: &Option<(String, String)>| match parent {
            Some((param, field)) => format!(" whose {field} is {param}"),
            None => String::new(),
        };
        match self {
            Action::List {
                collection,
                parent,
                window,
                ..
            } => {
                format!("pages the {}{}{}", collection.1, by(parent), within(window))
            }
            Action::Some {
                collection,
                parent,
                window,
            } => {
                format!(
                    "lists some {}{}{}",
                    collection.1,
                    by(parent),
                    within(window)
                )
            }
            Action::Read { collection, id } => format!("reads one {} by {id}", collection.1),
            Action::Create { collection } => format!("creates one {}", collection.1),
            Action::Update {
                collection,
                id,
                action: Some(action),
            } => format!("does {action} to one {} by {id}", collection.1),
            Action::Update { collection, id, .. } => {
                format!("updates one {} by {id}", collection.1)
            }
            Action::Delete { collection, id } => format!("deletes one {} by {id}", collection.1),
            Action::Generated if op.response.kind == ResponseKind::Bytes => {
                "answers a download".to_owned()
            }
            Action::Generated => "answers a generated value".to_owned(),
        }
    }
}

/// The parameter an operation addresses a resource by: its last path parameter, else a
/// required query parameter named like an id.
pub(crate) fn id_param(op: &Operation) -> Option<String> {
    // A session token in the path says who asks, not which record (`/customer/{token}/details`).
    let path = op
        .params
        .iter()
        .rfind(|p| p.location == ParamLocation::Path && !super::session::is_session_name(&p.wire));
    path.or_else(|| {
        op.params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.required && is_id_name(&p.wire))
    })
    .map(|p| p.wire.clone())
}

/// The resource path of an operation (see the module docs), lower case.
pub(crate) fn resource_path(op: &Operation, id: Option<&str>) -> (String, Option<String>) {
    let mut segments: Vec<&str> = op.path.split('/').collect();
    let is_param = |s: &str, id: &str| {
        s.strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .is_some_and(|name| name.eq_ignore_ascii_case(id))
    };
    let mut action = None;
    if let Some(id) = id {
        let n = segments.len();
        if n >= 1 && is_param(segments[n - 1], id) {
            segments.pop();
        } else if n >= 2 && is_param(segments[n - 2], id) && !segments[n - 1].starts_with('{') {
            action = Some(segments[n - 1].to_owned());
            segments.truncate(n - 2);
        }
    }
    (segments.join("/").to_ascii_lowercase(), action)
}

/// The model a response or body type names (`Model`, or a list of them).
fn model_of(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Model(name) => Some(name),
        TypeRef::Vec(inner) => model_of(inner),
        _ => None,
    }
}

/// Whether `name` is a struct model of `api` with an id field.
fn addressable(api: &Api, name: &str) -> bool {
    id_field(api, name).is_some()
}

/// The id field of a struct model: `OID`, else `ID`, else `Id` (wire names, any case).
pub(crate) fn id_field(api: &Api, name: &str) -> Option<String> {
    let ModelKind::Struct(fields) = &api.model(name)?.kind else {
        return None;
    };
    ["oid", "id"].iter().find_map(|want| {
        fields
            .iter()
            .find(|f| f.wire.eq_ignore_ascii_case(want) && f.ty == TypeRef::String)
            .map(|f| f.wire.clone())
    })
}

/// The item field an id filters a list on: a field of the item named like the path's last id
/// parameter, else like a query parameter named like an id (`branchID` -> `BranchID`), or like
/// it without its id suffix (`countyID` -> `County`, as agentOS's models name the records they
/// point at), or with `OID` for it (`branchID` -> `BranchOID`, as v4's do), if any. An optional
/// query parameter filters when it is given.
fn parent_filter(api: &Api, op: &Operation, item: &str) -> Option<(String, String)> {
    let ModelKind::Struct(fields) = &api.model(item)?.kind else {
        return None;
    };
    let in_path = op
        .params
        .iter()
        .rfind(|p| p.location == ParamLocation::Path && is_id_name(&p.wire));
    let candidates = in_path.into_iter().chain(
        op.params
            .iter()
            .filter(|p| p.location == ParamLocation::Query && is_id_name(&p.wire))
            .filter(|p| p.required || in_path.is_none()),
    );
    candidates.into_iter().find_map(|param| {
        let stem = id_stem(&param.wire).unwrap_or_default();
        let mut names = vec![param.wire.clone()];
        if !stem.is_empty() {
            names.extend([stem.to_owned(), format!("{stem}OID"), format!("{stem}ID")]);
        }
        let field = names
            .iter()
            .find_map(|name| fields.iter().find(|f| f.wire.eq_ignore_ascii_case(name)))?;
        Some((param.wire.clone(), field.wire.clone()))
    })
}

/// Classifies every operation of one document (see the module docs).
pub(crate) fn classify(doc: usize, api: &Api) -> Vec<Action> {
    let ops: Vec<&Operation> = api.operations().map(|(_, op)| op).collect();
    // Resource path -> the collection a reader of it reads.
    let mut readers: BTreeMap<String, CollectionKey> = BTreeMap::new();
    let mut first: Vec<Action> = Vec::with_capacity(ops.len());
    for op in &ops {
        let action = read_action(doc, api, op);
        let key = match &action {
            Action::List { collection, .. } => Some((op.path.to_ascii_lowercase(), collection)),
            Action::Read { collection, id } => Some((resource_path(op, Some(id)).0, collection)),
            _ => None,
        };
        if let Some((path, collection)) = key {
            readers.entry(path).or_insert_with(|| collection.clone());
        }
        first.push(action);
    }
    ops.iter()
        .zip(first)
        .map(|(op, action)| match action {
            Action::Generated => write_action(doc, api, op, &readers),
            other => other,
        })
        .collect()
}

fn read_action(doc: usize, api: &Api, op: &Operation) -> Action {
    if let Some(paging) = &op.paging
        && let Some(item) = model_of(&paging.item)
    {
        let wire = |name: &str| {
            api.model(&paging.wrapper)
                .and_then(|m| match &m.kind {
                    ModelKind::Struct(fields) => fields.iter().find(|f| f.name == name),
                    ModelKind::Enum(_) => None,
                })
                .map(|f| f.wire.clone())
                .unwrap_or_default()
        };
        let param = |i: usize| op.params.get(i).map(|p| p.wire.clone()).unwrap_or_default();
        return Action::List {
            collection: (doc, item.to_owned()),
            wrapper: paging.wrapper.clone(),
            total: paging.total_field.as_ref().map(|f| wire(&f.name)),
            data: wire(&paging.data_field.name),
            offset: param(paging.offset),
            count: param(paging.count),
            parent: parent_filter(api, op, item),
            window: DateWindow::of(api, op, item),
        };
    }
    if op.method != Method::Get {
        return Action::Generated;
    }
    match op.response.kind.json_type() {
        Some(TypeRef::Model(model)) if addressable(api, model) => match id_param(op) {
            Some(id) => Action::Read {
                collection: (doc, model.clone()),
                id,
            },
            None => Action::Generated,
        },
        Some(TypeRef::Vec(inner)) => match inner.as_ref() {
            TypeRef::Model(model) if addressable(api, model) => Action::Some {
                collection: (doc, model.clone()),
                parent: parent_filter(api, op, model),
                window: DateWindow::of(api, op, model),
            },
            _ => Action::Generated,
        },
        _ => Action::Generated,
    }
}

fn write_action(
    doc: usize,
    api: &Api,
    op: &Operation,
    readers: &BTreeMap<String, CollectionKey>,
) -> Action {
    let id = match op.method {
        Method::Get => return Action::Generated,
        Method::Post => id_param(op).filter(|_| false),
        Method::Put | Method::Patch | Method::Delete => id_param(op),
    };
    let (path, action) = resource_path(op, id.as_deref());
    let own_model = || {
        op.body
            .as_ref()
            .and_then(|b| model_of(&b.ty))
            .or_else(|| op.response.kind.json_type().and_then(model_of))
            .filter(|m| addressable(api, m))
            .map(|m| (doc, m.to_owned()))
    };
    // A POST whose path ends in an id and an action (`/{id}/cancel`) acts on that record.
    if op.method == Method::Post
        && let Some(found) = id_param(op)
        && let (p, Some(act)) = resource_path(op, Some(&found))
        && let Some(collection) = readers.get(&p)
    {
        return Action::Update {
            collection: collection.clone(),
            id: found,
            action: Some(act),
        };
    }
    let collection = readers.get(&path).cloned().or_else(|| match op.method {
        Method::Post | Method::Put => own_model(),
        _ => None,
    });
    match (op.method, collection, id) {
        (Method::Post, Some(collection), _) => Action::Create { collection },
        (Method::Put | Method::Patch, Some(collection), Some(id)) => Action::Update {
            collection,
            id,
            action,
        },
        (Method::Delete, Some(collection), Some(id)) => Action::Delete { collection, id },
        _ => Action::Generated,
    }
}

/// The detail models of one document and the summaries whose records they show in full
/// (see the module docs), as `(detail, summary)` model names.
pub(crate) fn views(api: &Api, actions: &[Action]) -> Vec<(String, String)> {
    let ops: Vec<(&str, &Operation)> = api
        .operations()
        .map(|(g, op)| (g.wire.as_str(), op))
        .collect();
    let segments = |op: &Operation| -> Vec<String> {
        op.path
            .split('/')
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
    };
    let shared = |a: &[String], b: &[String]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
    // What every path of a call group starts with (`/v4/advertising/{shortname}`): sharing
    // only that says nothing.
    let mut roots: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (group, op) in &ops {
        let path = segments(op);
        let root = roots.entry(group).or_insert_with(|| path.clone());
        let n = shared(root, &path);
        root.truncate(n);
    }
    let listed: BTreeSet<&str> = actions
        .iter()
        .filter_map(|a| match a {
            Action::List { collection, .. } | Action::Some { collection, .. } => {
                Some(collection.1.as_str())
            }
            _ => None,
        })
        .collect();
    let read: BTreeSet<&str> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Read { collection, .. } => Some(collection.1.as_str()),
            _ => None,
        })
        .collect();
    // Summaries: the items of a list under no record (no path parameter but the page window;
    // a query filter is fine), read by no operation.
    let summaries: Vec<(&str, &Operation, &str)> = ops
        .iter()
        .zip(actions)
        .filter_map(|((group, op), action)| match action {
            Action::List { collection, .. } | Action::Some { collection, .. }
                if !read.contains(collection.1.as_str())
                    && addressable(api, &collection.1)
                    && op.params.iter().enumerate().all(|(i, p)| {
                        p.location != ParamLocation::Path || op.is_page_window(i)
                    }) =>
            {
                Some((*group, *op, collection.1.as_str()))
            }
            _ => None,
        })
        .collect();
    // Each detail read's best summary: the one whose list shares the most of its path.
    let mut best: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for ((group, op), action) in ops.iter().zip(actions) {
        let Action::Read { collection, .. } = action else {
            continue;
        };
        let detail = collection.1.as_str();
        if listed.contains(detail) {
            continue;
        }
        let path = segments(op);
        let root = roots.get(group).map_or(0, Vec::len);
        for (list_group, list, summary) in &summaries {
            let n = shared(&path, &segments(list));
            let better = best.get(detail).is_none_or(|(m, _)| n > *m);
            if list_group == group && n > root && better {
                best.insert(detail, (n, summary));
            }
        }
    }
    // A summary goes to the detail sharing the most with it; on a tie, to none.
    let mut pairs = Vec::new();
    for (detail, (n, summary)) in &best {
        let rivals = best
            .iter()
            .filter(|(d, (m, s))| d != &detail && s == summary && m >= n)
            .count();
        if rivals == 0 {
            pairs.push(((*detail).to_owned(), (*summary).to_owned()));
        }
    }
    pairs
}

/// The record an operation's path sits under (`/properties/{propertyID}/rooms` under the
/// property read by `/properties/{propertyID}`): the path parameter naming it and its
/// collection. A request naming a record that does not exist is a 404, whatever the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parent {
    pub(crate) param: String,
    pub(crate) collection: CollectionKey,
}

/// The parent of each operation of one document (see [`Parent`]): the longest start of its
/// path, ending in a path parameter, that is the whole path of an operation reading a record.
pub(crate) fn parents(api: &Api, actions: &[Action]) -> Vec<Option<Parent>> {
    let ops: Vec<&Operation> = api.operations().map(|(_, op)| op).collect();
    let readers: BTreeMap<String, (&str, &CollectionKey)> = ops
        .iter()
        .zip(actions)
        .filter_map(|(op, action)| match action {
            Action::Read { collection, id }
                if op
                    .param(id)
                    .is_some_and(|p| p.location == ParamLocation::Path) =>
            {
                Some((op.path.to_ascii_lowercase(), (id.as_str(), collection)))
            }
            _ => None,
        })
        .collect();
    ops.iter()
        .map(|op| {
            let lower = op.path.to_ascii_lowercase();
            let mut best = None;
            for (at, _) in lower.match_indices('}') {
                let prefix = &lower[..=at];
                if prefix.len() == lower.len() {
                    break;
                }
                if let Some((param, collection)) = readers.get(prefix) {
                    best = Some(Parent {
                        param: (*param).to_owned(),
                        collection: (*collection).clone(),
                    });
                }
            }
            best
        })
        .collect()
}

/// One collection's records and what requests changed.
#[derive(Debug)]
pub(crate) struct Collection {
    /// Records generated from the seed: ids `1..=size`.
    pub(crate) size: usize,
    pub(crate) prefix: String,
    pub(crate) id_field: Option<String>,
    /// Records created by requests, in creation order.
    created: Vec<String>,
    /// Every record a request created or changed, by id.
    stored: HashMap<String, Value>,
    /// Seeded records deleted (by index, sorted for counting) and created ones deleted.
    deleted: BTreeSet<usize>,
    deleted_created: BTreeSet<String>,
    /// How many changes the collection has seen (the `ETag` of the last change).
    changes: usize,
    /// The record's fields that refer to another collection (see [`Collection::seeded`]).
    pub(crate) references: Vec<Reference>,
    /// The collection this one shows the records of in full (a detail model of a listed
    /// summary, see the module docs): its records are that one's, under the same ids.
    pub(crate) view_of: Option<CollectionKey>,
    /// The lists under records of other collections that share this collection out.
    pub(crate) shares: Vec<Share>,
    /// Records created in a share: the share's index and the parent's id.
    owners: HashMap<String, (usize, String)>,
    /// The number in the last id given out (seeded or created): ids are never given twice.
    next: usize,
    /// Seeded records rendered as JSON.
    cache: RefCell<RecordCache>,
}

/// A list under a record whose items do not name the record (v4's
/// `/salesinstructions/{salesInstructionOID}/photos/{offset}/{count}`): each record of the
/// parent collection holds its own share of the item collection (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Share {
    /// The list's name: the last literal segment of its path (`photos`), lower case.
    pub(crate) list: String,
    /// The collection of the records it sits under.
    pub(crate) parent: CollectionKey,
    /// The id prefix and seeded size of that collection.
    parent_prefix: String,
    parent_size: usize,
}

/// Which records of a collection a list under a record holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Filter<'a> {
    /// Those whose field `field` is `value` (`Parent` is `PAR000003`).
    Field { field: &'a str, value: &'a str },
    /// The share `share` of the parent record `parent`.
    Share { share: usize, parent: &'a str },
}

/// A field of a collection's records that refers to the records of another collection.
#[derive(Debug, Clone)]
pub(crate) struct Reference {
    /// The field's wire name (`Branch`).
    pub(crate) field: String,
    /// The collection it refers to.
    pub(crate) target: CollectionKey,
    /// The id prefix of the records it refers to (`BRA`).
    prefix: String,
    /// How many seeded records the collection it refers to holds.
    size: usize,
}

impl Reference {
    /// The id of the seeded record `index` of the collection referred to.
    fn id(&self, index: usize) -> String {
        seeded_id(&self.prefix, index)
    }

    /// The seeded index of the referred collection's record `id`, if it is one.
    fn index_of(&self, id: &str) -> Option<usize> {
        seeded_index(&self.prefix, self.size, id)
    }
}

/// A record of a collection, before it is rendered: a seeded one (generated when rendered) or
/// one a request created or changed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot<'a> {
    Seeded(usize),
    Stored(&'a Value),
}

/// The JSON of seeded records already rendered, for the short name they were rendered for
/// (`ShortName` fields hold it): a record is generated once, then copied. Bounded: past
/// [`MAX_CACHED_BYTES`] it starts again, so memory stays bounded whatever the collection's
/// size.
#[derive(Debug, Default)]
struct RecordCache {
    short_name: String,
    records: HashMap<usize, Box<[u8]>>,
    bytes: usize,
}

/// The most JSON one collection keeps rendered.
const MAX_CACHED_BYTES: usize = 16 * 1024 * 1024;

/// The id of seeded record `index` (0-based) of a collection whose ids start with `prefix`.
fn seeded_id(prefix: &str, index: usize) -> String {
    format!("{prefix}{:06}", index + 1)
}

/// The seeded index an id names in a collection of `size` records whose ids start with
/// `prefix`: the digits read back to the same id, in range.
fn seeded_index(prefix: &str, size: usize, id: &str) -> Option<usize> {
    let digits = id.strip_prefix(prefix)?;
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = digits.parse().ok()?;
    ((1..=size).contains(&n) && seeded_id(prefix, n - 1) == id).then(|| n - 1)
}

impl Collection {
    pub(crate) fn new(api: &Api, model: &str, size: usize) -> Self {
        Collection {
            size,
            prefix: id_prefix(model),
            id_field: id_field(api, model),
            created: Vec::new(),
            stored: HashMap::new(),
            deleted: BTreeSet::new(),
            deleted_created: BTreeSet::new(),
            changes: 0,
            references: Vec::new(),
            view_of: None,
            shares: Vec::new(),
            owners: HashMap::new(),
            next: size,
            cache: RefCell::default(),
        }
    }

    /// Sets the number of seeded records (before any request).
    pub(crate) fn resize(&mut self, size: usize) {
        self.size = size;
        self.next = size;
    }

    /// Makes this collection show the records of `source` (see [`Collection::view_of`]): the
    /// same ids, as many.
    pub(crate) fn show(&mut self, source: &CollectionKey, prefix: &str, size: usize) {
        self.view_of = Some(source.clone());
        self.prefix = prefix.to_owned();
        self.resize(size);
    }

    /// The index of the share of the list `list` under records of `parent` (added when new).
    pub(crate) fn share(
        &mut self,
        list: &str,
        parent: &CollectionKey,
        parent_prefix: &str,
        parent_size: usize,
    ) -> usize {
        let share = Share {
            list: list.to_ascii_lowercase(),
            parent: parent.clone(),
            parent_prefix: parent_prefix.to_owned(),
            parent_size,
        };
        match self.shares.iter().position(|s| *s == share) {
            Some(index) => index,
            None => {
                self.shares.push(share);
                self.shares.len() - 1
            }
        }
    }

    /// Where the seeded records of share `share` under the seeded parent `parent` are: the
    /// first index and the stride. Seeded record `i` is in share `i % k` (of `k`) under that
    /// share's parent `(i / k) % parents`, so a parent's records are every `k * parents`-th
    /// from `share + k * parent`: a page costs its own records, as with references.
    fn share_layout(&self, share: usize, parent: &str) -> Option<(usize, usize)> {
        let s = self.shares.get(share)?;
        let k = self.shares.len();
        let p = seeded_index(&s.parent_prefix, s.parent_size, parent)?;
        Some((share + k * p, k * s.parent_size.max(1)))
    }

    /// The id of the seeded record `index` (0-based).
    pub(crate) fn id(&self, index: usize) -> String {
        seeded_id(&self.prefix, index)
    }

    /// The seeded index an id names, if it names one.
    fn index(&self, id: &str) -> Option<usize> {
        seeded_index(&self.prefix, self.size, id)
    }

    /// How many records there are now.
    pub(crate) fn count(&self) -> usize {
        self.size - self.deleted.len() + self.created.len() - self.deleted_created.len()
    }

    /// Whether the record `id` exists.
    pub(crate) fn exists(&self, id: &str) -> bool {
        match self.index(id) {
            Some(i) => !self.deleted.contains(&i),
            None => self.stored.contains_key(id) && !self.deleted_created.contains(id),
        }
    }

    /// The record `id`, generated or stored.
    pub(crate) fn get(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        id: &str,
    ) -> Option<Value> {
        self.slot(id)
            .map(|slot| self.value(generator, key, seed, slot))
    }

    /// The record `id`, if it exists, unrendered.
    pub(crate) fn slot(&self, id: &str) -> Option<Slot<'_>> {
        if !self.exists(id) {
            return None;
        }
        if let Some(stored) = self.stored.get(id) {
            return Some(Slot::Stored(stored));
        }
        self.index(id).map(Slot::Seeded)
    }

    /// A record as JSON value.
    pub(crate) fn value(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        slot: Slot<'_>,
    ) -> Value {
        match slot {
            Slot::Seeded(index) => self.seeded(generator, key, seed, index),
            Slot::Stored(record) => record.clone(),
        }
    }

    /// Appends a record's JSON to `out`: a seeded one from the cache (rendered once), a stored
    /// one serialised.
    pub(crate) fn write_json(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        slot: Slot<'_>,
        out: &mut Vec<u8>,
    ) {
        let index = match slot {
            Slot::Stored(record) => {
                let _ = serde_json::to_writer(&mut *out, record);
                return;
            }
            Slot::Seeded(index) => index,
        };
        let mut cache = self.cache.borrow_mut();
        if cache.short_name != generator.short_name {
            *cache = RecordCache {
                short_name: generator.short_name.to_owned(),
                ..RecordCache::default()
            };
        }
        if let Some(json) = cache.records.get(&index) {
            out.extend_from_slice(json);
            return;
        }
        let json =
            serde_json::to_vec(&self.seeded(generator, key, seed, index)).unwrap_or_default();
        out.extend_from_slice(&json);
        if cache.bytes + json.len() > MAX_CACHED_BYTES {
            cache.records.clear();
            cache.bytes = 0;
        }
        cache.bytes += json.len();
        cache.records.insert(index, json.into_boxed_slice());
    }

    /// The seeded record `index`: generated from the seed, with its id, and its references
    /// pointing at the other collections' records in turn (record `i` at record
    /// `i % size` of each), so that the records pointing at one record can be counted and
    /// paged without a scan ([`Collection::filtered_slots`]).
    pub(crate) fn seeded(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        index: usize,
    ) -> Value {
        let seed = mix(seed, &[key.1.as_bytes(), &index.to_le_bytes()]);
        let mut record = generator.model(&key.1, seed, 1);
        if let Value::Object(map) = &mut record {
            if let Some(field) = &self.id_field {
                map.insert(field.clone(), Value::String(self.id(index)));
            }
            for reference in self.references.iter().filter(|r| r.size > 0) {
                let id = reference.id(index % reference.size);
                map.insert(reference.field.clone(), Value::String(id));
            }
        }
        record
    }

    /// The records at positions `offset..offset + count` of the collection as it is now.
    pub(crate) fn page(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        offset: usize,
        count: usize,
    ) -> Vec<Value> {
        self.page_slots(offset, count)
            .into_iter()
            .map(|slot| self.value(generator, key, seed, slot))
            .collect()
    }

    /// [`Collection::page`], unrendered.
    pub(crate) fn page_slots(&self, offset: usize, count: usize) -> Vec<Slot<'_>> {
        let mut out = Vec::with_capacity(count.min(1024));
        let seeded_left = self.size - self.deleted.len();
        let mut position = offset;
        if position < seeded_left {
            let deleted: Vec<usize> = self.deleted.iter().copied().collect();
            let mut index = nth_kept(&deleted, position);
            while out.len() < count && index < self.size {
                if !self.deleted.contains(&index) {
                    out.push(self.seeded_slot(index));
                    position += 1;
                }
                index += 1;
            }
        }
        // Created records follow the seeded ones: skip those before the position reached.
        let skip = position.saturating_sub(seeded_left);
        let created = self
            .created
            .iter()
            .filter(|id| !self.deleted_created.contains(*id))
            .skip(skip);
        for id in created {
            if out.len() >= count {
                break;
            }
            if let Some(record) = self.stored.get(id) {
                out.push(Slot::Stored(record));
            }
        }
        out
    }

    /// The seeded record `index` as it is now: changed by a request, or as seeded.
    fn seeded_slot(&self, index: usize) -> Slot<'_> {
        if self.stored.is_empty() {
            return Slot::Seeded(index);
        }
        match self.stored.get(&self.id(index)) {
            Some(stored) => Slot::Stored(stored),
            None => Slot::Seeded(index),
        }
    }

    /// The records (unrendered) a list under a record holds (`filter`), at positions
    /// `offset..offset + count`, and how many there are.
    ///
    /// When the filter's field refers to another collection, seeded records point at its
    /// records in turn (record `i` at the target's record `i % size`, see
    /// [`Collection::seeded`]), so the records pointing at one of them are every `size`-th from
    /// its index; a share is laid out alike ([`Collection::share_layout`]). A page costs its
    /// own records plus the changes requests made, whatever the collection's size. Any other
    /// field is scanned.
    pub(crate) fn filtered_slots(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        filter: Filter<'_>,
        offset: usize,
        count: usize,
    ) -> (Vec<Slot<'_>>, usize) {
        let (first, stride) = match filter {
            Filter::Field { field, value } => {
                let matches =
                    |record: &Value| record.get(field).and_then(Value::as_str) == Some(value);
                let Some(reference) = self.references.iter().find(|r| r.field == field) else {
                    let all: Vec<Slot<'_>> = self
                        .page_slots(0, self.count())
                        .into_iter()
                        .filter(|slot| match slot {
                            Slot::Stored(record) => matches(record),
                            Slot::Seeded(index) => {
                                matches(&self.seeded(generator, key, seed, *index))
                            }
                        })
                        .collect();
                    let total = all.len();
                    return (all.into_iter().skip(offset).take(count).collect(), total);
                };
                (reference.index_of(value), reference.size.max(1))
            }
            Filter::Share { share, parent } => match self.share_layout(share, parent) {
                Some((first, stride)) => (Some(first), stride),
                None => (None, 1),
            },
        };
        // The seeded records of the list: indices `first`, `first + stride`, ...
        let positions = match first {
            Some(first) if first < self.size => (self.size - 1 - first) / stride + 1,
            _ => 0,
        };
        let position_of = |index: usize| {
            first
                .filter(|f| index >= *f && (index - f) % stride == 0)
                .map(|f| (index - f) / stride)
                .filter(|p| *p < positions)
        };
        // Whether a stored record is in the list: by its field, or (a share) a seeded record
        // by where it was seeded, a created one by where it was put.
        let matches = |id: &str, record: &Value| match filter {
            Filter::Field { field, value } => {
                record.get(field).and_then(Value::as_str) == Some(value)
            }
            Filter::Share { share, parent } => match self.index(id) {
                Some(index) => position_of(index).is_some(),
                None => self
                    .owners
                    .get(id)
                    .is_some_and(|(s, p)| *s == share && p == parent),
            },
        };
        // Positions whose record is gone or now points elsewhere; records pointing here that
        // the positions do not hold (changed to point here, or created), in creation order.
        let mut excluded: Vec<usize> = self
            .deleted
            .iter()
            .filter_map(|i| position_of(*i))
            .collect();
        let mut extras: Vec<(usize, &Value)> = Vec::new();
        for (id, record) in &self.stored {
            if !self.exists(id) {
                continue;
            }
            let index = self.index(id);
            match index.and_then(position_of) {
                Some(position) if !matches(id, record) => excluded.push(position),
                Some(_) => {}
                None if matches(id, record) => {
                    let order = index.unwrap_or_else(|| {
                        self.size + self.created.iter().position(|c| c == id).unwrap_or(0)
                    });
                    extras.push((order, record));
                }
                None => {}
            }
        }
        excluded.sort_unstable();
        excluded.dedup();
        extras.sort_by_key(|(order, _)| *order);
        let live = positions - excluded.len();
        let total = live + extras.len();
        let mut out = Vec::with_capacity(count.min(1024));
        if let Some(first) = first
            && offset < live
        {
            let mut position = nth_kept(&excluded, offset);
            while out.len() < count && position < positions {
                if excluded.binary_search(&position).is_err() {
                    out.push(self.seeded_slot(first + position * stride));
                }
                position += 1;
            }
        }
        let room = count - out.len();
        out.extend(
            extras
                .into_iter()
                .skip(offset.saturating_sub(live))
                .take(room)
                .map(|(_, record)| Slot::Stored(record)),
        );
        (out, total)
    }

    /// Creates a record from `fields` over a generated one, in the share `owner` (its index
    /// and the parent's id) when given; returns it.
    pub(crate) fn create(
        &mut self,
        mut record: Value,
        fields: Option<&Value>,
        owner: Option<(usize, String)>,
    ) -> Value {
        self.next += 1;
        let id = format!("{}{:06}", self.prefix, self.next);
        overlay(&mut record, fields);
        if let (Some(field), Value::Object(map)) = (&self.id_field, &mut record) {
            map.insert(field.clone(), Value::String(id.clone()));
        }
        if let Some(owner) = owner {
            self.owners.insert(id.clone(), owner);
        }
        self.created.push(id.clone());
        self.stored.insert(id, record.clone());
        record
    }

    /// Stores `record` as the record `id` now is, with a new `ETag`; returns it.
    pub(crate) fn store(&mut self, id: &str, mut record: Value) -> Value {
        self.changes += 1;
        touch(&mut record, self.changes);
        self.stored.insert(id.to_owned(), record.clone());
        record
    }

    /// Stores `after` as the record `id` now is, `before` being what it was: with a new
    /// `ETag`, unless the change gave it one of its own; returns it.
    pub(crate) fn store_changed(&mut self, id: &str, before: &Value, after: Value) -> Value {
        if etag(&after).is_some() && etag(&after) != etag(before) {
            self.stored.insert(id.to_owned(), after.clone());
            return after;
        }
        self.store(id, after)
    }

    /// Keeps `record` as the record `id` of a view (see [`Collection::view_of`]) now is, as
    /// given: its existence is its source's.
    pub(crate) fn put(&mut self, id: &str, record: Value) {
        self.stored.insert(id.to_owned(), record);
    }

    /// Forgets what a view kept of the record `id`.
    pub(crate) fn forget(&mut self, id: &str) {
        self.stored.remove(id);
    }

    /// Removes every record: lists of it answer nothing, reads of them 404. Ids are not given
    /// again.
    pub(crate) fn clear(&mut self) {
        self.size = 0;
        self.deleted.clear();
        self.deleted_created.extend(self.created.iter().cloned());
        self.stored.clear();
        self.owners.clear();
        self.cache.borrow_mut().records.clear();
    }

    /// The seeded record a created id of a view's source is shown as: generated from the id.
    pub(crate) fn generated(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        id: &str,
    ) -> Value {
        let seed = mix(seed, &[key.1.as_bytes(), id.as_bytes()]);
        let mut record = generator.model(&key.1, seed, 1);
        if let (Some(field), Value::Object(map)) = (&self.id_field, &mut record) {
            map.insert(field.clone(), Value::String(id.to_owned()));
        }
        record
    }

    /// The seeded index an id names, if it names one.
    pub(crate) fn seeded_index_of(&self, id: &str) -> Option<usize> {
        self.index(id)
    }

    /// What the view keeps of the record `id` (see [`Collection::put`]).
    pub(crate) fn kept(&self, id: &str) -> Option<&Value> {
        self.stored.get(id)
    }

    /// Deletes the record `id`; whether it existed.
    pub(crate) fn delete(&mut self, id: &str) -> bool {
        if !self.exists(id) {
            return false;
        }
        match self.index(id) {
            Some(i) => {
                self.deleted.insert(i);
            }
            None => {
                self.deleted_created.insert(id.to_owned());
            }
        }
        self.stored.remove(id);
        true
    }
}

/// The `n`-th (0-based) of `0, 1, 2, ...` that is not in `removed` (sorted): the smallest
/// `p` with `n` kept numbers before it. Costs the removed numbers below it, not `n`.
pub(crate) fn nth_kept(removed: &[usize], n: usize) -> usize {
    let mut p = n;
    loop {
        let before = removed.partition_point(|r| *r <= p);
        if p == n + before {
            return p;
        }
        p = n + before;
    }
}

/// Copies the members of `fields` that `record` has (same name, any case) over it. A member
/// of the body that is an object the record has no field for lends its own members instead
/// (`AllocationDetails.Start` fills `Start`), where the body's top level does not name them.
pub(crate) fn overlay(record: &mut Value, fields: Option<&Value>) {
    let (Value::Object(target), Some(Value::Object(source))) = (record, fields) else {
        return;
    };
    let names: Vec<String> = target.keys().cloned().collect();
    let own = |name: &str| names.iter().find(|n| n.eq_ignore_ascii_case(name)).cloned();
    let mut nested = Vec::new();
    for (name, value) in source {
        if value.is_null() {
            continue;
        }
        match own(name) {
            Some(field) => {
                target.insert(field, value.clone());
            }
            None => {
                if let Value::Object(members) = value {
                    nested.push(members);
                }
            }
        }
    }
    for members in nested {
        for (name, value) in members {
            let named_above = source.keys().any(|k| k.eq_ignore_ascii_case(name));
            if let Some(field) = own(name).filter(|_| !named_above && !value.is_null()) {
                target.insert(field, value.clone());
            }
        }
    }
}

/// Copies into `into` (a record of `model`) the members of `from` that `model` has a field of
/// the same name for, where the value is of that field's type.
pub(crate) fn copy_shared(api: &Api, model: &str, from: &Value, into: &mut Value) {
    let (Some(ModelKind::Struct(fields)), Value::Object(from), Value::Object(into)) =
        (api.model(model).map(|m| &m.kind), from, into)
    else {
        return;
    };
    for field in fields {
        if let Some(value) = from.get(&field.wire)
            && !value.is_null()
            && check(api, value, &field.ty, "").is_ok()
        {
            into.insert(field.wire.clone(), value.clone());
        }
    }
}

/// Sets the `ETag` of `into` back to that of `from` (when `from` has one).
pub(crate) fn keep_etag(from: &Value, into: &mut Value) {
    let (Value::Object(from), Value::Object(into)) = (from, into) else {
        return;
    };
    if let Some((name, value)) = from.iter().find(|(k, _)| k.eq_ignore_ascii_case("etag")) {
        into.insert(name.clone(), value.clone());
    }
}

/// A record's `ETag`, if it has one.
pub(crate) fn etag(record: &Value) -> Option<&str> {
    record
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("etag"))
        .and_then(|(_, v)| v.as_str())
}

/// Gives a changed record a new `ETag` (when it has one): agentOS's ETags change with every
/// change of their record.
pub(crate) fn touch(record: &mut Value, version: usize) {
    let Value::Object(map) = record else {
        return;
    };
    if let Some((_, etag)) = map
        .iter_mut()
        .find(|(k, v)| k.eq_ignore_ascii_case("etag") && v.is_string())
    {
        *etag = Value::String(format!("W/\"{version}\""));
    }
}

/// Every collection of the loaded documents.
#[derive(Debug, Default)]
pub(crate) struct Collections {
    pub(crate) by_key: BTreeMap<CollectionKey, Collection>,
    /// The collection each name of a document refers to (see [`Collections::name`]), worked
    /// out once for every field and parameter name: records are generated field by field.
    named: HashMap<(usize, String), CollectionKey>,
}

impl Collections {
    /// The collection whose records `key`'s are: the one it is a view of, else itself.
    pub(crate) fn source<'k>(&'k self, key: &'k CollectionKey) -> &'k CollectionKey {
        self.by_key
            .get(key)
            .and_then(|c| c.view_of.as_ref())
            .unwrap_or(key)
    }

    /// Whether the collection `key` holds the record `id` (a view: whether its source does).
    pub(crate) fn exists(&self, key: &CollectionKey, id: &str) -> bool {
        self.by_key
            .get(self.source(key))
            .is_some_and(|c| c.exists(id))
    }

    /// How many records the collection `key` holds (a view: its source).
    pub(crate) fn count(&self, key: &CollectionKey) -> usize {
        self.by_key
            .get(self.source(key))
            .map_or(0, Collection::count)
    }

    /// The record `id` of the collection `key` as it is now. A view's record is its own
    /// (kept, else generated like a seeded one) with the fields it shares with its source's
    /// record (same name, a value of its type) taken from that record: one record, two views.
    pub(crate) fn record(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        id: &str,
    ) -> Option<Value> {
        let c = self.by_key.get(key)?;
        let Some(source_key) = &c.view_of else {
            return c.get(generator, key, seed, id);
        };
        let source = self.by_key.get(source_key)?;
        let summary = source.get(generator, source_key, seed, id)?;
        let mut own = match (c.kept(id), source.seeded_index_of(id)) {
            (Some(kept), _) => kept.clone(),
            (None, Some(index)) => c.seeded(generator, key, seed, index),
            (None, None) => c.generated(generator, key, seed, id),
        };
        copy_shared(generator.api, &key.1, &summary, &mut own);
        Some(own)
    }

    /// The records at positions `offset..offset + n` of the collection `key` as they are now
    /// (a view: its source's records, shown by it).
    pub(crate) fn page(
        &self,
        generator: &Generator<'_>,
        key: &CollectionKey,
        seed: u64,
        offset: usize,
        n: usize,
    ) -> Vec<Value> {
        let Some(c) = self.by_key.get(key) else {
            return Vec::new();
        };
        let Some(source_key) = &c.view_of else {
            return c.page(generator, key, seed, offset, n);
        };
        let (Some(source), Some(field)) = (self.by_key.get(source_key), &c.id_field) else {
            return Vec::new();
        };
        source
            .page(generator, source_key, seed, offset, n)
            .iter()
            .filter_map(|summary| summary.get(field).and_then(Value::as_str))
            .filter_map(|id| self.record(generator, key, seed, id))
            .collect()
    }

    /// The `ETag`s of the records of document `doc` whose id is `id`, in collection order
    /// (views left out: their records are their sources').
    pub(crate) fn etags(
        &self,
        generator: &Generator<'_>,
        doc: usize,
        seed: u64,
        id: &str,
    ) -> Vec<String> {
        self.by_key
            .iter()
            .filter(|((d, _), c)| {
                *d == doc
                    && c.view_of.is_none()
                    && c.id_field.is_some()
                    && id.starts_with(&c.prefix)
                    && c.exists(id)
            })
            .filter_map(|(key, c)| {
                let record = c.get(generator, key, seed, id)?;
                etag(&record).map(|tag| format!("{}={tag}", key.1))
            })
            .collect()
    }

    /// Deletes the record `id` of `key` (a view: of its source); whether it existed.
    pub(crate) fn delete(&mut self, key: &CollectionKey, id: &str) -> bool {
        let source = self.source(key).clone();
        if let Some(c) = self.by_key.get_mut(key)
            && source != *key
        {
            c.forget(id);
        }
        self.by_key.get_mut(&source).is_some_and(|c| c.delete(id))
    }

    /// An id for a field that names another collection's record (`BranchID`, `Branch` -> a
    /// branch of the document `doc`, see [`Collections::name`]), chosen by `pick`.
    pub(crate) fn reference(&self, doc: usize, wire: &str, pick: u64) -> Option<String> {
        let (_, collection) = self.named_by(doc, wire).filter(|(_, c)| c.size > 0)?;
        let index = usize::try_from(pick % collection.size as u64).unwrap_or(0);
        Some(collection.id(index))
    }

    /// The collection a field or parameter name of document `doc` refers to, once
    /// [`Collections::name`] has been given it.
    pub(crate) fn named_by(&self, doc: usize, wire: &str) -> Option<(&CollectionKey, &Collection)> {
        let key = self.named.get(&(doc, wire.to_owned()))?;
        self.by_key.get_key_value(key)
    }

    /// Works out which collection of document `doc` the name `wire` refers to, and keeps it:
    /// - a name ending in an id suffix (`BranchID`, `branchId`, `branch_id`, `BranchOID`): the
    ///   collection whose model's name holds the rest (`branch`), else the rest's last word
    ///   (`MainPhotoOID` -> `photo`);
    /// - any other name (`Branch`, `AppointmentType`, as agentOS's models name the records
    ///   they point at): the collection whose model's name is it followed by `Model`
    ///   (`AppointmentType` -> `DiaryAppointmentTypeModel`).
    ///
    /// Of several, those whose model is used in a call group the name is used in (`usage`),
    /// then the shortest: v4's `PropertyID` is a `LettingsPropertyModel`, not v2's
    /// `PropertyModel`.
    pub(crate) fn name(&mut self, doc: usize, wire: &str, usage: &Usage) {
        if self.named.contains_key(&(doc, wire.to_owned())) {
            return;
        }
        let stem = id_stem(wire);
        let found = match stem {
            Some(stem) => {
                let lower = stem.to_ascii_lowercase();
                let last = last_word(stem).to_ascii_lowercase();
                self.shortest(doc, wire, usage, |model| model.contains(&lower))
                    .or_else(|| self.shortest(doc, wire, usage, |model| model.contains(&last)))
            }
            None => {
                let suffix = format!("{}model", wire.to_ascii_lowercase());
                self.shortest(doc, wire, usage, |model| model.ends_with(&suffix))
            }
        };
        if let Some(key) = found {
            self.named.insert((doc, wire.to_owned()), key);
        }
    }

    /// Gives each collection of document `doc` its references: the string fields of its
    /// model (besides its id) that name another collection ([`Collections::name`] first).
    pub(crate) fn link(&mut self, doc: usize, api: &Api) {
        let keys: Vec<CollectionKey> = self
            .by_key
            .keys()
            .filter(|(d, _)| *d == doc)
            .cloned()
            .collect();
        for key in keys {
            let Some(ModelKind::Struct(fields)) = api.model(&key.1).map(|m| &m.kind) else {
                continue;
            };
            let id_field = self.by_key.get(&key).and_then(|c| c.id_field.clone());
            let references: Vec<Reference> = fields
                .iter()
                .filter(|f| f.ty == TypeRef::String && Some(&f.wire) != id_field.as_ref())
                .filter_map(|f| {
                    let (target_key, target) = self.named_by(doc, &f.wire)?;
                    Some(Reference {
                        field: f.wire.clone(),
                        target: target_key.clone(),
                        prefix: target.prefix.clone(),
                        size: target.size,
                    })
                })
                .collect();
            if let Some(c) = self.by_key.get_mut(&key) {
                c.references = references;
            }
        }
    }

    /// The collection of `doc` whose model name (lower case) `fits`: of those used in a call
    /// group the name `wire` is used in, if any, else of all; the shortest.
    fn shortest(
        &self,
        doc: usize,
        wire: &str,
        usage: &Usage,
        fits: impl Fn(&str) -> bool,
    ) -> Option<CollectionKey> {
        let fitting: Vec<&CollectionKey> = self
            .by_key
            .keys()
            .filter(|(d, model)| *d == doc && fits(&model.to_ascii_lowercase()))
            .collect();
        let in_group: Vec<&CollectionKey> = fitting
            .iter()
            .copied()
            .filter(|(_, model)| usage.share_a_group(model, wire))
            .collect();
        let pool = if in_group.is_empty() {
            fitting
        } else {
            in_group
        };
        pool.into_iter()
            .min_by_key(|(_, model)| model.len())
            .cloned()
    }
}

/// What a name holds an id of: the name without its id suffix (`BranchID`, `branchId`,
/// `branch_id`, `BranchOID` -> `Branch`), if it has one and something is left.
pub(crate) fn id_stem(wire: &str) -> Option<&str> {
    // `OID` before `ID`: `BranchOID` is a branch, not a `BranchO`; a lone `OID` is no stem.
    let oid = wire
        .strip_suffix("OID")
        .filter(|s| s.ends_with(|c: char| c.is_ascii_lowercase()));
    let stem = oid
        .or_else(|| wire.strip_suffix("ID"))
        .or_else(|| wire.strip_suffix("Id"))
        .or_else(|| wire.strip_suffix("_id"))?;
    (!stem.is_empty() && stem != "O" && stem != "o").then_some(stem)
}

/// The last word of a camel-case or snake-case name (`MainPhoto` -> `Photo`).
fn last_word(name: &str) -> &str {
    let name = name.trim_end_matches('_');
    let at = name
        .char_indices()
        .rev()
        .find(|(i, c)| c.is_ascii_uppercase() || (*i > 0 && name[..*i].ends_with('_')))
        .map_or(0, |(i, _)| i);
    &name[at..]
}

/// The call groups each model and each name (field or parameter) of one document is used in:
/// a model answered or sent by an operation of a group, or held by a model of it, is used in
/// that group; so are the names of its fields and the operation's parameters.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    models: HashMap<String, BTreeSet<String>>,
    names: HashMap<String, BTreeSet<String>>,
}

impl Usage {
    /// The usage of `api`'s models and names.
    pub(crate) fn of(api: &Api) -> Usage {
        let mut usage = Usage::default();
        for (group, op) in api.operations() {
            let mut pending: Vec<&str> = op
                .response
                .kind
                .json_type()
                .and_then(model_of)
                .into_iter()
                .chain(op.body.as_ref().and_then(|b| model_of(&b.ty)))
                .collect();
            while let Some(model) = pending.pop() {
                let groups = usage.models.entry(model.to_owned()).or_default();
                if !groups.insert(group.wire.clone()) {
                    continue;
                }
                if let Some(ModelKind::Struct(fields)) = api.model(model).map(|m| &m.kind) {
                    pending.extend(fields.iter().filter_map(|f| model_of(&f.ty)));
                }
            }
            for param in &op.params {
                usage
                    .names
                    .entry(param.wire.clone())
                    .or_default()
                    .insert(group.wire.clone());
            }
        }
        for model in &api.models {
            let (Some(groups), ModelKind::Struct(fields)) =
                (usage.models.get(&model.name).cloned(), &model.kind)
            else {
                continue;
            };
            for field in fields {
                usage
                    .names
                    .entry(field.wire.clone())
                    .or_default()
                    .extend(groups.iter().cloned());
            }
        }
        usage
    }

    /// Whether the model `model` and the name `wire` are used in one call group.
    fn share_a_group(&self, model: &str, wire: &str) -> bool {
        match (self.models.get(model), self.names.get(wire)) {
            (Some(a), Some(b)) => !a.is_disjoint(b),
            _ => false,
        }
    }
}

/// [`Ids`] for one document, over the collections.
pub(crate) struct DocumentIds<'a> {
    pub(crate) doc: usize,
    pub(crate) collections: &'a Collections,
}

impl<'a> DocumentIds<'a> {
    /// The ids of document `doc`'s collections.
    pub(crate) fn new(doc: usize, collections: &'a Collections) -> Self {
        DocumentIds { doc, collections }
    }

    /// A generator of `api`'s values with these ids, for a request of `short_name`.
    pub(crate) fn generator(&'a self, api: &'a Api, short_name: &'a str) -> Generator<'a> {
        Generator {
            api,
            ids: self,
            short_name,
        }
    }
}

impl Ids for DocumentIds<'_> {
    fn reference(&self, wire: &str, pick: u64) -> Option<String> {
        self.collections.reference(self.doc, wire, pick)
    }
}

/// The value an operation answers when it writes: the record (when the response is the
/// collection's model), its id (a string), `true` (a boolean), nothing, or a generated value.
pub(crate) fn answer(
    generator: &Generator<'_>,
    op: &Operation,
    collection: &CollectionKey,
    record: &Value,
    id_field: Option<&str>,
    seed: u64,
) -> Option<Value> {
    match &op.response.kind {
        ResponseKind::Empty | ResponseKind::Bytes => None,
        kind => match kind.json_type() {
            Some(TypeRef::Model(model)) if *model == collection.1 => Some(record.clone()),
            Some(TypeRef::String) => id_field
                .and_then(|f| record.get(f))
                .cloned()
                .or_else(|| Some(Value::String(String::new()))),
            Some(TypeRef::Bool) => Some(Value::Bool(true)),
            Some(ty) => Some(generator.value(ty, seed, "", 1)),
            None => None,
        },
    }
}
