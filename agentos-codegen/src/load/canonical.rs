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
//! Callbacks given as `$ref` are inlined instead (the model has no reference there, and the
//! generator does not use callbacks).
//!
//! Runs after [`super::refs::resolve_all`]: every target exists, and is local.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::check::Checked;
use super::error::Problem;
use super::pointer;
use super::refs::{RefKind, RefUse};

/// The most `$ref`s followed in a row (a callback that is a reference to a reference ...); the
/// one home of this limit, which lowering's resolver applies too.
pub const MAX_REF_HOPS: usize = 32;

/// Rewrites every reference in `uses` (met while walking `root`) to a component reference.
pub(crate) fn canonicalise(root: &mut Value, uses: &[RefUse]) -> Checked {
    inline_callbacks(root, uses)?;
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
        return Ok(());
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
    Ok(())
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
