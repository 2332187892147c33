//! Following `$ref`s: the one resolver for every kind of reference lowering meets.
//!
//! The loader rewrites every reference to `#/components/<section>/<name>` (see
//! `load::canonical`), so following one is looking the name up in its section, and again while
//! the component found is itself a reference. A chain that comes back to a component it passed
//! is a cycle, reported with the names on it; a chain longer than [`MAX_REF_HOPS`] is reported
//! as such (never "does not exist" for a target that does).

use indexmap::IndexMap;
use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::load::MAX_REF_HOPS;
use crate::load::pointer::{escape, unescape};
use crate::lower::LowerError;

/// A kind of component a reference can name.
pub(crate) trait Component: Sized {
    /// Its section under `#/components/`.
    const SECTION: &'static str;
    /// What it is called in messages.
    const NOUN: &'static str;
    /// Its section of the document's components.
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    const NOUN: &'static str = "schema";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    const NOUN: &'static str = "parameter";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const NOUN: &'static str = "request body";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    const NOUN: &'static str = "response";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

/// What a reference led to: the item, and the name of the last component on the way (`None`
/// when the start was no reference at all).
#[derive(Debug)]
pub(crate) struct Resolved<'a, T> {
    pub(crate) item: &'a T,
    pub(crate) name: Option<&'a str>,
}

/// The pointer of a component (`#/components/schemas/Disk`).
pub(crate) fn component_pointer<T: Component>(name: &str) -> String {
    format!("#/components/{}/{}", T::SECTION, escape(name))
}

/// `value`, or what its reference leads to; `at` is the pointer of `value` (for messages).
pub(crate) fn resolve<'a, T: Component>(
    components: Option<&'a Components>,
    value: &'a ReferenceOr<T>,
    at: &str,
) -> Result<Resolved<'a, T>, LowerError> {
    match value {
        ReferenceOr::Item(item) => Ok(Resolved { item, name: None }),
        ReferenceOr::Reference { reference } => follow(components, reference, at),
    }
}

/// What `reference` (found at `at`) leads to, through any chain of component references.
pub(crate) fn follow<'a, T: Component>(
    components: Option<&'a Components>,
    reference: &str,
    at: &str,
) -> Result<Resolved<'a, T>, LowerError> {
    let here = format!("{at}/$ref");
    let mut chain: Vec<&'a str> = Vec::new();
    let mut next = reference.to_owned();
    loop {
        let (name, value) = lookup::<T>(components, &next).ok_or_else(|| {
            LowerError::new(
                &here,
                format!(
                    "expected a reference to a {} (`#/components/{}/<name>`) that exists, found `{next}`",
                    T::NOUN,
                    T::SECTION
                ),
            )
        })?;
        if let Some(start) = chain.iter().position(|seen| *seen == name) {
            let mut names: Vec<String> = chain[start..]
                .iter()
                .map(|n| component_pointer::<T>(n))
                .collect();
            names.push(component_pointer::<T>(name));
            return Err(LowerError::new(
                &here,
                format!(
                    "the {} references form a cycle: {}",
                    T::NOUN,
                    names.join(" -> ")
                ),
            ));
        }
        chain.push(name);
        if chain.len() > MAX_REF_HOPS {
            return Err(LowerError::new(
                &here,
                format!(
                    "more than {MAX_REF_HOPS} {} references in a row (from {} on): a chain this long is not followed",
                    T::NOUN,
                    component_pointer::<T>(chain[0])
                ),
            ));
        }
        match value {
            ReferenceOr::Item(item) => {
                return Ok(Resolved {
                    item,
                    name: Some(name),
                });
            }
            ReferenceOr::Reference { reference } => next.clone_from(reference),
        }
    }
}

/// The component `#/components/<T's section>/<name>` names, with its name as the map holds it.
fn lookup<'a, T: Component>(
    components: Option<&'a Components>,
    reference: &str,
) -> Option<(&'a str, &'a ReferenceOr<T>)> {
    let prefix = format!("#/components/{}/", T::SECTION);
    let escaped = reference.strip_prefix(&prefix)?;
    if escaped.contains('/') {
        return None;
    }
    let (name, value) = T::section(components?).get_key_value(&unescape(escaped))?;
    Some((name.as_str(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(schemas: serde_json::Value) -> Components {
        serde_json::from_value(serde_json::json!({ "schemas": schemas })).unwrap()
    }

    #[test]
    fn chains_are_followed_to_the_item_and_its_name() {
        let c = components(serde_json::json!({
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/C~1D"},
            "C/D": {"type": "string"}
        }));
        let found = follow::<Schema>(Some(&c), "#/components/schemas/A", "#/x").unwrap();
        assert_eq!(found.name, Some("C/D"));
    }

    #[test]
    fn a_cycle_is_reported_with_its_names() {
        let c = components(serde_json::json!({
            "Start": {"$ref": "#/components/schemas/A"},
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"}
        }));
        let err = follow::<Schema>(Some(&c), "#/components/schemas/Start", "#/x").unwrap_err();
        assert_eq!(err.pointer, "#/x/$ref");
        assert_eq!(
            err.message,
            "the schema references form a cycle: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"
        );
        let c = components(serde_json::json!({"Me": {"$ref": "#/components/schemas/Me"}}));
        let err = follow::<Schema>(Some(&c), "#/components/schemas/Me", "#/x").unwrap_err();
        assert!(
            err.message
                .ends_with("#/components/schemas/Me -> #/components/schemas/Me")
        );
    }

    #[test]
    fn a_long_chain_is_reported_as_long_and_a_missing_target_as_missing() {
        let mut schemas = serde_json::Map::new();
        for i in 0..=MAX_REF_HOPS {
            schemas.insert(
                format!("S{i}"),
                serde_json::json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        schemas.insert(
            format!("S{}", MAX_REF_HOPS + 1),
            serde_json::json!({"type": "string"}),
        );
        let c = components(serde_json::Value::Object(schemas));
        let err = follow::<Schema>(Some(&c), "#/components/schemas/S0", "#/x").unwrap_err();
        assert!(
            err.message.starts_with(&format!(
                "more than {MAX_REF_HOPS} schema references in a row"
            )),
            "{}",
            err.message
        );
        // Exactly the limit is fine: from S2, 32 references lead to the string.
        assert!(follow::<Schema>(Some(&c), "#/components/schemas/S2", "#/x").is_ok());
        assert!(follow::<Schema>(Some(&c), "#/components/schemas/S1", "#/x").is_err());
        let err = follow::<Schema>(Some(&c), "#/components/schemas/Nope", "#/x").unwrap_err();
        assert!(
            err.message
                .contains("that exists, found `#/components/schemas/Nope`")
        );
        let err = follow::<Parameter>(Some(&c), "#/components/schemas/S0", "#/x").unwrap_err();
        assert!(err.message.contains("a reference to a parameter"));
    }
}
