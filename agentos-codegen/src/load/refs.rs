//! `$ref` resolution: every reference met during a walk must be local (`#/...`), point at
//! something that exists, and, when it names a whole component, one of the section of the kind
//! of thing expected where it stands (a schema reference to `#/components/schemas/X`). Deeper
//! pointers (into a property, a parameter's schema, a path) are fine: [`super::canonical`]
//! turns them into component references.

use serde_json::Value;

use super::check::Checked;
use super::error::Problem;
use super::pointer;

/// What a reference is expected to point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    Example,
    Link,
    Callback,
    PathItem,
    SecurityScheme,
}

impl RefKind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            RefKind::Schema => "schema",
            RefKind::Parameter => "parameter",
            RefKind::Response => "response",
            RefKind::RequestBody => "request body",
            RefKind::Header => "header",
            RefKind::Example => "example",
            RefKind::Link => "link",
            RefKind::Callback => "callback",
            RefKind::PathItem => "path item",
            RefKind::SecurityScheme => "security scheme",
        }
    }

    /// The section under `#/components/` holding this kind in OpenAPI 3.
    pub(crate) fn components_section(self) -> &'static str {
        match self {
            RefKind::Schema => "schemas",
            RefKind::Parameter => "parameters",
            RefKind::Response => "responses",
            RefKind::RequestBody => "requestBodies",
            RefKind::Header => "headers",
            RefKind::Example => "examples",
            RefKind::Link => "links",
            RefKind::Callback => "callbacks",
            RefKind::PathItem => "pathItems",
            RefKind::SecurityScheme => "securitySchemes",
        }
    }

    /// The top-level section holding this kind in Swagger 2.0, if it has one.
    fn swagger2_section(self) -> Option<&'static str> {
        match self {
            RefKind::Schema => Some("definitions"),
            RefKind::Parameter => Some("parameters"),
            RefKind::Response => Some("responses"),
            _ => None,
        }
    }
}

/// One `$ref` met during a walk.
#[derive(Clone, Debug)]
pub(crate) struct RefUse {
    /// Pointer of the `$ref` member.
    pub(crate) pointer: String,
    /// The reference as written.
    pub(crate) target: String,
    /// What it should point at.
    pub(crate) kind: RefKind,
}

/// Checks every reference in `uses` against `root`, in order; `swagger2` selects the section
/// names of Swagger 2.0 (`definitions`, ...) instead of `components/...`.
pub(crate) fn resolve_all(root: &Value, uses: &[RefUse], swagger2: bool) -> Checked {
    for used in uses {
        resolve_one(root, used, swagger2)?;
    }
    Ok(())
}

fn resolve_one(root: &Value, used: &RefUse, swagger2: bool) -> Checked {
    // Only an error shows the reference quoted.
    let quoted = || format!("{:?}", used.target);
    if !used.target.starts_with('#') {
        return Err(Problem::at_pointer(
            used.pointer.clone(),
            "a reference into this document (`#/...`); other documents are not loaded",
            quoted(),
        ));
    }
    let Some(fragment) = pointer::fragment(&used.target) else {
        return Err(Problem::at_pointer(
            used.pointer.clone(),
            "a JSON pointer fragment (`#/...`)",
            quoted(),
        ));
    };
    let noun = used.kind.noun();
    // A reference to a whole component must name one of its kind; one deeper into a
    // component (a property's schema, a parameter's schema) may point into any section.
    let whole = pointer::raw_tokens(&fragment).count() == if swagger2 { 2 } else { 3 };
    let mut tokens = pointer::raw_tokens(&fragment).map(pointer::unescaped);
    let (first, second) = (tokens.next(), tokens.next());
    let wrong_section = match (whole, swagger2, first.as_deref(), second.as_deref()) {
        (false, ..) => None,
        (true, true, Some(section), _) => used.kind.swagger2_section().filter(|expected| {
            ["definitions", "parameters", "responses"].contains(&section) && section != *expected
        }),
        (true, false, Some("components"), Some(section)) => {
            let expected = used.kind.components_section();
            (section != expected).then_some(expected)
        }
        _ => None,
    };
    if let Some(expected) = wrong_section {
        let place = if swagger2 {
            format!("#/{expected}/...")
        } else {
            format!("#/components/{expected}/...")
        };
        return Err(Problem::at_pointer(
            used.pointer.clone(),
            format!("a reference to a {noun} (`{place}`)"),
            quoted(),
        ));
    }
    if pointer::resolve(root, &used.target).is_none() {
        return Err(Problem::Unresolved {
            pointer: used.pointer.clone(),
            target: used.target.clone(),
        });
    }
    Ok(())
}
