//! Every `$ref` rewritten to the one form lowering follows: `#/components/<section>/<name>`.
//!
//! A valid document may point a reference at any node of its kind: into a property of another
//! schema (`#/components/schemas/Disk/properties/filesystem`), into another component
//! (`#/components/parameters/companyId/schema`), into a path (`#/paths/~1a/get/responses/200`).
//! The typed model cannot follow such pointers, so each target that is not a component is
//! *hoisted*: copied into its kind's section under a name made from its pointer
//! (`DiskFilesystem`), and replaced where it stood by a reference to that copy, so both places
//! share one component (one generated model, not two alike). Targets are hoisted deepest first,
//! so a target inside another is a reference by the time the outer one is copied.
//!
//! A hoisted schema may hold references the walk never met, in members no schema keyword
//! names (JSON Schema's `definitions` inside a schema, where one document points into another
//! schema's `definitions`): once hoisted, such a schema is a component and is read, so its
//! references are followed too (and hoisted in turn when they point inside something).
//!
//! Callbacks given as `$ref` are inlined instead (the model has no reference there, and the
//! generator does not use callbacks).
//!
//! Runs after [`super::refs::resolve_all`]: every target exists, and is local.
//!
//! Every hoist is returned (the component made, the place copied) so that a pointer into a
//! component the loader made can be told as the place in the user's document
//! ([`original_pointer`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::check::Checked;
use super::error::Problem;
use super::pointer;
use super::refs::{RefKind, RefUse};

/// The most `$ref`s followed in a row (a callback that is a reference to a reference ...); the
/// one home of this limit, which lowering's resolver applies too.
pub const MAX_REF_HOPS: usize = 32;

/// A component the loader made, and where its content stood in the document: pointers, both
/// rendered (`#/components/schemas/AccountDefinitionsType`,
/// `#/components/schemas/Account/definitions/type`).
pub(crate) type Hoist = (String, String);

/// Rewrites every reference in `uses` (met while walking `root`) to a component reference;
/// returns the components it made.
pub(crate) fn canonicalise(root: &mut Value, uses: &[RefUse]) -> Checked<Vec<Hoist>> {
    inline_callbacks(root, uses)?;
    let all = with_unwalked(root, uses)?;
    let uses = all.as_slice();
    let mut hoisted: BTreeMap<&str, String> = BTreeMap::new();
    let mut plans: Vec<(Vec<String>, &RefUse)> = Vec::new();
    for used in uses {
        if used.kind == RefKind::Callback || is_component(&used.target, used.kind) {
            continue;
        }
        if hoisted.contains_key(used.target.as_str()) {
            continue;
        }
        let Some(tokens) = pointer::parse_fragment(&used.target) else {
            continue;
        };
        if !pointer::resolve(root, &used.target).is_some_and(Value::is_object) {
            return Err(Problem::at_pointer(
                used.pointer.clone(),
                format!("a reference to a {} (an object)", used.kind.noun()),
                format!("{:?}", used.target),
            ));
        }
        let name = unique_name(root, used.kind, &tokens, &hoisted);
        let section = used.kind.components_section();
        hoisted.insert(
            &used.target,
            format!("#/components/{section}/{}", pointer::escape(&name)),
        );
        plans.push((tokens, used));
    }
    if hoisted.is_empty() {
        return Ok(Vec::new());
    }
    // The references first: a target copied below then carries the rewritten ones inside it.
    for used in uses {
        if let Some(new) = hoisted.get(used.target.as_str()) {
            set(root, &used.pointer, Value::String(new.clone()));
        }
    }
    plans.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    for (tokens, used) in plans {
        let Some(new) = hoisted.get(used.target.as_str()) else {
            continue;
        };
        let Some(value) = at_tokens(root, &tokens).cloned() else {
            continue;
        };
        let name = new
            .rsplit('/')
            .next()
            .map(pointer::unescape)
            .unwrap_or_default();
        if let Some(section) = section_mut(root, used.kind.components_section()) {
            section.insert(name, value);
        }
        if let Some(place) = at_tokens_mut(root, &tokens) {
            *place = json!({ "$ref": new });
        }
    }
    Ok(plans_made(&hoisted))
}

/// The hoists of `hoisted` (target as written -> component), as rendered pointer pairs.
fn plans_made(hoisted: &BTreeMap<&str, String>) -> Vec<Hoist> {
    hoisted
        .iter()
        .filter_map(|(target, component)| {
            let original = pointer::from_tokens(pointer::parse_fragment(target)?);
            Some((component.clone(), original))
        })
        .collect()
}

/// `pointer` told in the user's document: when it is inside a component the loader made
/// (`hoists`), the same place where that content stood. Hoists may nest (a component made from
/// a place inside another made one), so the longest match is taken, repeatedly.
pub(crate) fn original_pointer(pointer: &str, hoists: &[Hoist]) -> String {
    let mut out = pointer.to_owned();
    for _ in 0..=hoists.len() {
        let found = hoists
            .iter()
            .filter(|(component, _)| {
                out == *component
                    || out
                        .strip_prefix(component.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(component, _)| component.len());
        match found {
            Some((component, original)) => out = format!("{original}{}", &out[component.len()..]),
            None => break,
        }
    }
    out
}

/// `uses`, and the references inside schema targets that the walk did not meet (in members
/// no keyword names), each checked: local and existing, as [`super::refs::resolve_all`]
/// checks the others. A target is scanned once, and not when a scanned one holds it.
fn with_unwalked(root: &Value, uses: &[RefUse]) -> Checked<Vec<RefUse>> {
    let mut all: Vec<RefUse> = uses.to_vec();
    let mut recorded: BTreeSet<String> = uses
        .iter()
        .filter_map(|u| pointer::parse_fragment(&u.pointer).map(pointer::from_tokens))
        .collect();
    let mut scanned: Vec<String> = Vec::new();
    let mut next = 0;
    while let Some(used) = all.get(next).cloned() {
        next += 1;
        if used.kind != RefKind::Schema || is_component(&used.target, used.kind) {
            continue;
        }
        let Some(tokens) = pointer::parse_fragment(&used.target) else {
            continue;
        };
        let base = pointer::from_tokens(&tokens);
        let inside = |outer: &String| {
            base == *outer
                || base
                    .strip_prefix(outer.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        if scanned.iter().any(inside) {
            continue;
        }
        let Some(target) = at_tokens(root, &tokens) else {
            continue;
        };
        let mut found = Vec::new();
        refs_under(target, &mut tokens.clone(), &mut found);
        scanned.push(base);
        for (at, reference) in found {
            if !recorded.insert(at.clone()) {
                continue;
            }
            if pointer::resolve(root, &reference).is_none() {
                return Err(Problem::Unresolved {
                    pointer: at,
                    target: reference,
                });
            }
            all.push(RefUse {
                pointer: at,
                target: reference,
                kind: RefKind::Schema,
            });
        }
    }
    Ok(all)
}

/// Every `$ref` string member under `value` (at `tokens`): its pointer and its reference.
fn refs_under(value: &Value, tokens: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                tokens.push(key.clone());
                match (key.as_str(), member) {
                    ("$ref", Value::String(reference)) => {
                        out.push((pointer::from_tokens(tokens.iter()), reference.clone()));
                    }
                    _ => refs_under(member, tokens, out),
                }
                tokens.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                tokens.push(index.to_string());
                refs_under(item, tokens, out);
                tokens.pop();
            }
        }
        _ => {}
    }
}

/// Whether `target` is `#/components/<the kind's section>/<name>`.
fn is_component(target: &str, kind: RefKind) -> bool {
    matches!(
        pointer::parse_fragment(target).as_deref(),
        Some([components, section, _]) if components == "components" && section == kind.components_section()
    )
}

/// A component name for the node at `tokens`: its meaningful tokens in Pascal case
/// (`components/schemas/Disk/properties/filesystem` -> `DiskFilesystem`), made unique
/// among the section's names and those handed out already.
fn unique_name(
    root: &Value,
    kind: RefKind,
    tokens: &[String],
    hoisted: &BTreeMap<&str, String>,
) -> String {
    const STRUCTURAL: &[&str] = &[
        "components",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "properties",
        "items",
        "content",
        "schema",
        "paths",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
    ];
    let words: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !STRUCTURAL.contains(t) && !t.contains('/'))
        .collect();
    let base = crate::lower::naming::pascal(&words.join(" "));
    let section = kind.components_section();
    let existing = root
        .get("components")
        .and_then(|c| c.get(section))
        .and_then(Value::as_object);
    let prefix = format!("#/components/{section}/");
    let taken = |name: &str| {
        existing.is_some_and(|m| m.contains_key(name))
            || hoisted
                .values()
                .any(|r| r.strip_prefix(&prefix).map(pointer::unescape).as_deref() == Some(name))
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Replaces every callback given as `$ref` by what it points at (following a chain of them).
fn inline_callbacks(root: &mut Value, uses: &[RefUse]) -> Checked {
    for used in uses.iter().filter(|u| u.kind == RefKind::Callback) {
        let mut target = used.target.clone();
        let mut value = None;
        for _ in 0..MAX_REF_HOPS {
            match pointer::resolve(root, &target) {
                Some(Value::Object(map)) => match map.get("$ref").and_then(Value::as_str) {
                    Some(next) => target = next.to_owned(),
                    None => {
                        value = Some(Value::Object(map.clone()));
                        break;
                    }
                },
                _ => break,
            }
        }
        let Some(value) = value else {
            return Err(Problem::at_pointer(
                used.pointer.clone(),
                format!(
                    "a reference to a callback object (at most {MAX_REF_HOPS} references in a row)"
                ),
                format!("{:?}", used.target),
            ));
        };
        // The use's pointer is that of its `$ref` member: the callback is its parent.
        let Some(tokens) = pointer::parse_fragment(&used.pointer) else {
            continue;
        };
        if let Some((_, parent)) = tokens.split_last()
            && let Some(place) = at_tokens_mut(root, parent)
        {
            *place = value;
        }
    }
    Ok(())
}

/// Sets the node at the rendered pointer `at`, if it exists.
fn set(root: &mut Value, at: &str, value: Value) {
    if let Some(tokens) = pointer::parse_fragment(at)
        && let Some(place) = at_tokens_mut(root, &tokens)
    {
        *place = value;
    }
}

fn at_tokens<'v>(root: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(root, |at, token| match at {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

fn at_tokens_mut<'v>(root: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(root, |at, token| match at {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// `components/<section>` of the document, made if missing (`None` only if the document or
/// its `components` is not an object, which the checks before rule out).
fn section_mut<'v>(root: &'v mut Value, section: &str) -> Option<&'v mut Map<String, Value>> {
    let components = root
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| json!({}));
    components
        .as_object_mut()?
        .entry(section)
        .or_insert_with(|| json!({}))
        .as_object_mut()
}
