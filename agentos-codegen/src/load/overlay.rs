//! Overlays: changes to a document one does not own, kept apart from it, in the OpenAPI
//! Overlay 1.0 format (an ordered list of actions, each a JSONPath `target` with an `update`
//! to merge in or a `remove`).
//!
//! ```yaml
//! overlay: 1.0.0
//! info: {title: Our corrections to the diary document, version: 1.0.0}
//! actions:
//!   - target: $.paths['/v3/diary/{shortName}/appointment'].delete
//!     update:
//!       x-agentos-statuses: [400, 401, 403, 404, 429, 500, 502, 503, 504]
//!   - target: $.paths['/v2/tier2/{shortName}/photos/photo/{photoID}/download'].get
//!     update: {x-agentos-binary: true}
//!   - target: $.paths['/v3/diary/{shortName}/appointment'].put.parameters[?@.name == 'lettings']
//!     remove: true
//! ```
//!
//! An overlay is applied to a document as it was written (a Swagger 2.0 document is targeted
//! in Swagger 2.0 terms), before anything else reads it. As the specification has it: an
//! `update` of an object merges into it (objects member by member, anything else replaced), an
//! `update` of an array appends to it, a `remove` takes each selected node out of its parent;
//! actions apply in order, each to the result of those before it. What is not supported is
//! refused with the pointer of the action: `copy` (Overlay 1.1), an `update` of a selected
//! string or number, a removal of the whole document. An action that selects nothing in any
//! of the documents generated is an error too (a misspelt path would otherwise change
//! nothing, silently): see [`crate::Generator::lower`].

use std::path::Path;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::error::LoadError;
use super::pointer;

/// A parsed overlay.
#[derive(Debug, Clone)]
pub struct Overlay {
    origin: String,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    target: JsonPath,
    change: Change,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Remove,
}

impl Overlay {
    /// Reads the overlay in `text` (YAML or JSON, read with the document parser's limits);
    /// `origin` names it in errors.
    pub fn from_text(text: &str, origin: &str) -> Result<Overlay, LoadError> {
        let value = super::parse_text(text, origin)?;
        let fail = |at: &str, message: String| LoadError::Model {
            origin: origin.to_owned(),
            pointer: at.to_owned(),
            message,
        };
        let Value::Object(root) = value else {
            return Err(fail(
                "#",
                "an overlay is an object with `overlay`, `info` and `actions`".into(),
            ));
        };
        match root.get("overlay").and_then(Value::as_str) {
            Some(version) if version.starts_with("1.0") => {}
            Some(version) => {
                return Err(fail(
                    "#/overlay",
                    format!(
                        "Overlay {} is not supported: only 1.0",
                        crate::text::one_line(version)
                    ),
                ));
            }
            None => {
                return Err(fail(
                    "#/overlay",
                    "expected the Overlay version, `1.0.0`".into(),
                ));
            }
        }
        for key in root.keys() {
            if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions")
                && !key.starts_with("x-")
            {
                return Err(fail(
                    &format!("#/{}", pointer::escape(key)),
                    "not a member of an overlay (overlay, info, extends, actions, x-...)".into(),
                ));
            }
        }
        let Some(Value::Array(list)) = root.get("actions") else {
            return Err(fail("#/actions", "expected the list of actions".into()));
        };
        let mut actions = Vec::with_capacity(list.len());
        for (index, action) in list.iter().enumerate() {
            let at = format!("#/actions/{index}");
            let Value::Object(action) = action else {
                return Err(fail(
                    &at,
                    "an action is an object with `target` and `update` or `remove`".into(),
                ));
            };
            actions.push(read_action(action, &at).map_err(|(at, message)| fail(&at, message))?);
        }
        Ok(Overlay {
            origin: origin.to_owned(),
            actions,
        })
    }

    /// Reads the overlay in the file at `path`.
    pub fn from_path(path: &Path) -> Result<Overlay, LoadError> {
        let text = super::read_document(path)?;
        Self::from_text(&text, &path.display().to_string())
    }

    /// Where the overlay came from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// How many actions it holds.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    /// Whether it holds no action.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Applies every action to `document`, in order; `selected[i]` becomes true when action
    /// `i` selected something. Errors name the overlay and the action.
    pub fn apply(&self, document: &mut Value, selected: &mut [bool]) -> Result<(), LoadError> {
        for (index, action) in self.actions.iter().enumerate() {
            let pointers: Vec<String> = action
                .target
                .query_located(document)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                continue;
            }
            if let Some(flag) = selected.get_mut(index) {
                *flag = true;
            }
            let fail = |message: String| LoadError::Model {
                origin: self.origin.clone(),
                pointer: format!("#/actions/{index}"),
                message,
            };
            match &action.change {
                Change::Update(update) => {
                    for at in &pointers {
                        let node = document
                            .pointer_mut(at)
                            .ok_or_else(|| fail(format!("the target `{at}` went away")))?;
                        merge(node, update).map_err(|what| {
                            fail(format!(
                                "the target `{}` is {what}: an update merges into an object or appends to an array",
                                crate::text::one_line(at)
                            ))
                        })?;
                    }
                }
                Change::Remove => {
                    // Last first: removing an array item must not shift the ones still to go.
                    let mut pointers = pointers;
                    pointers.sort_by(|a, b| b.cmp(a));
                    for at in pointers {
                        remove(document, &at).map_err(fail)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The pointer of action `index`, for an error saying it selected nothing.
    pub fn action_pointer(&self, index: usize) -> String {
        format!("#/actions/{index}/target")
    }
}

/// Reads one action; `Err` is (pointer, message).
fn read_action(action: &Map<String, Value>, at: &str) -> Result<Action, (String, String)> {
    for key in action.keys() {
        match key.as_str() {
            "target" | "description" | "update" | "remove" => {}
            "copy" => {
                return Err((
                    format!("{at}/copy"),
                    "`copy` is Overlay 1.1: not supported".into(),
                ));
            }
            other if other.starts_with("x-") => {}
            _ => {
                return Err((
                    format!("{at}/{}", pointer::escape(key)),
                    "not a member of an action (target, description, update, remove, x-...)".into(),
                ));
            }
        }
    }
    let target_at = format!("{at}/target");
    let text = action
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            (
                target_at.clone(),
                "expected a JSONPath expression (`$.paths[...]`)".to_owned(),
            )
        })?;
    let target = JsonPath::parse(text).map_err(|e| {
        (
            target_at.clone(),
            format!(
                "not a JSONPath expression: {}",
                crate::text::one_line(&e.to_string())
            ),
        )
    })?;
    let remove = match action.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => return Err((format!("{at}/remove"), "expected true or false".into())),
    };
    let change = match (action.get("update"), remove) {
        (_, true) => Change::Remove,
        (Some(update), false) => Change::Update(update.clone()),
        (None, false) => {
            return Err((
                at.to_owned(),
                "an action needs an `update` or `remove: true`".into(),
            ));
        }
    };
    Ok(Action { target, change })
}

/// Merges `update` into `node` as the specification says; `Err` names what `node` is when it
/// is neither an object nor an array.
fn merge(node: &mut Value, update: &Value) -> Result<(), &'static str> {
    match node {
        Value::Object(target) => {
            let Value::Object(members) = update else {
                return Err("an object, and the update is not one");
            };
            merge_members(target, members);
            Ok(())
        }
        Value::Array(items) => {
            items.push(update.clone());
            Ok(())
        }
        Value::String(_) => Err("a string"),
        Value::Number(_) => Err("a number"),
        Value::Bool(_) => Err("a boolean"),
        Value::Null => Err("null"),
    }
}

/// Objects merge member by member; anything else is replaced.
fn merge_members(target: &mut Map<String, Value>, members: &Map<String, Value>) {
    for (key, value) in members {
        match (target.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(update)) => merge_members(inner, update),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Removes the node at the JSON pointer `at` from its parent.
fn remove(document: &mut Value, at: &str) -> Result<(), String> {
    let Some((parent, last)) = at.rsplit_once('/') else {
        return Err("the whole document cannot be removed".into());
    };
    let token = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            // `retain` keeps the order of the others under either map of serde_json.
            map.retain(|key, _| *key != token);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let index: usize = token.parse().map_err(|_| {
                format!("`{}` is not an array index", crate::text::one_line(&token))
            })?;
            if index < items.len() {
                items.remove(index);
            }
            Ok(())
        }
        _ => Err(format!(
            "the parent of `{}` went away",
            crate::text::one_line(at)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: &str) -> Overlay {
        let text = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
        Overlay::from_text(&text, "o.yaml").unwrap()
    }

    fn applied(actions: &str, mut doc: Value) -> (Value, Vec<bool>) {
        let overlay = overlay(actions);
        let mut selected = vec![false; overlay.len()];
        overlay.apply(&mut doc, &mut selected).unwrap();
        (doc, selected)
    }

    #[test]
    fn updates_merge_into_objects_and_append_to_arrays() {
        let doc = json!({"paths": {"/a": {"get": {"summary": "old", "responses": {"200": {"description": "ok"}}, "tags": ["x"]}}}});
        let (doc, selected) = applied(
            "  - target: \"$.paths['/a'].get\"\n    update: {summary: new, responses: {'404': {description: gone}}, x-agentos-binary: true}\n  - target: \"$.paths['/a'].get.tags\"\n    update: y\n",
            doc,
        );
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"get": {
                "summary": "new",
                "responses": {"200": {"description": "ok"}, "404": {"description": "gone"}},
                "tags": ["x", "y"],
                "x-agentos-binary": true
            }}}})
        );
        assert_eq!(selected, [true, true]);
    }

    #[test]
    fn removals_take_nodes_out_last_first_and_later_actions_see_earlier_ones() {
        let doc = json!({"list": [{"n": "a"}, {"n": "b"}, {"n": "a"}], "keep": {"x/y": 1, "z": 2}});
        let (doc, selected) = applied(
            "  - target: \"$.list[?@.n == 'a']\"\n    remove: true\n  - target: \"$.keep['x/y']\"\n    remove: true\n  - target: \"$.list[?@.n == 'a']\"\n    update: {n: c}\n",
            doc,
        );
        assert_eq!(doc, json!({"list": [{"n": "b"}], "keep": {"z": 2}}));
        assert_eq!(
            selected,
            [true, true, false],
            "the last action found nothing left to change"
        );
    }

    #[test]
    fn what_is_not_supported_is_refused_with_its_pointer() {
        let cases = [
            ("overlay: 2.0.0\nactions: []\n", "#/overlay"),
            ("overlay: 1.0.0\nactions: {}\n", "#/actions"),
            ("overlay: 1.0.0\nactionz: []\n", "#/actionz"),
            (
                "overlay: 1.0.0\nactions: [{target: '$.a', copy: '$.b'}]\n",
                "#/actions/0/copy",
            ),
            (
                "overlay: 1.0.0\nactions: [{target: 'paths', update: {}}]\n",
                "#/actions/0/target",
            ),
            (
                "overlay: 1.0.0\nactions: [{target: '$.a'}]\n",
                "#/actions/0",
            ),
            (
                "overlay: 1.0.0\nactions: [{target: '$.a', remove: 'yes'}]\n",
                "#/actions/0/remove",
            ),
        ];
        for (text, pointer) in cases {
            match Overlay::from_text(text, "o.yaml") {
                Err(LoadError::Model { pointer: got, .. }) => assert_eq!(got, pointer, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        let overlay = overlay(
            "  - target: '$.info.title'\n    update: {x: 1}\n  - target: '$'\n    remove: true\n",
        );
        for (index, doc) in [json!({"info": {"title": "t"}}), json!({"a": 1})]
            .into_iter()
            .enumerate()
        {
            let mut doc = doc;
            let mut selected = vec![false; 2];
            match overlay.apply(&mut doc, &mut selected) {
                Err(LoadError::Model {
                    pointer, message, ..
                }) => {
                    assert_eq!(pointer, format!("#/actions/{index}"));
                    assert!(
                        message.contains(if index == 0 {
                            "a string"
                        } else {
                            "whole document"
                        }),
                        "{message}"
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
