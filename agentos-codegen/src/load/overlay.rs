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
//!
//! # Bounds
//!
//! An overlay is input like a document, and could otherwise grow one without end (41 actions
//! each adding two objects under every node its target selects: 6 KB of overlay, gigabytes
//! of document) or select without end (`$..*..*..*..*` on a deep document). So:
//!
//! - a target is refused when read, with the pointer of its `target`, if it holds more than
//!   [`MAX_DESCENDANT_SEGMENTS`] descendant segment (`..`), a query of the document's root
//!   (`$`) inside a filter, or unions whose sizes multiply past [`MAX_UNION_PRODUCT`]. Why:
//!   `serde_json_path` evaluates a query whole, with no way to stop it early, so its cost is
//!   bounded by bounding what it runs on instead. The document holds at most
//!   [`MAX_NODES`] nodes nested at most [`MAX_DEPTH`] deep (the loader's budgets, kept after
//!   every action, below); a query without descendant segments reaches each node once per
//!   combination of union members, and one descendant segment visits each node's subtree at
//!   most once (the nodes it starts from are at one depth, so their subtrees do not overlap):
//!   every intermediate list of nodes stays under [`MAX_NODES`] times
//!   [`MAX_UNION_PRODUCT`]. A second descendant segment, or a filter querying the whole
//!   document for each node, multiplies that by the document's size;
//! - an action may select at most [`MAX_SELECTED`] nodes (counted before any is changed);
//! - an update may not take the document past the loader's budgets: [`MAX_NODES`] nodes,
//!   [`MAX_DOCUMENT_BYTES`] bytes written as JSON, [`MAX_DEPTH`] levels. The growth is worked
//!   out before the update is applied (the nodes it selects times the update's size), so the
//!   memory an overlay can make the generator use is bounded by the budgets a document has.
//!
//! The bounds are constants, like the loader's own budgets; no real overlay comes near them.

use std::path::Path;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::error::LoadError;
use super::parse::{MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_NODES};
use super::pointer;

/// The most nodes one action's target may select.
pub const MAX_SELECTED: usize = 100_000;

/// The most descendant segments (`..`) a target may hold, filters included.
pub const MAX_DESCENDANT_SEGMENTS: usize = 1;

/// The largest product of the sizes of a target's unions (`['a','b']` is 2, `[*,*]` is 2):
/// each union may select a node once per member.
pub const MAX_UNION_PRODUCT: usize = 16;

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
    /// The value merged in, and its size (worked out once).
    Update(Value, Size),
    Remove,
}

/// How big a JSON value is: its nodes, its length written as compact JSON (about: numbers
/// count 8 bytes), and its depth (a scalar 0, an empty object or array 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Size {
    nodes: usize,
    bytes: usize,
    depth: usize,
}

impl Size {
    /// Measures `value` (recursion bounded: values are at most [`MAX_DEPTH`] deep, held so by
    /// the parser and by [`Overlay::apply`]).
    fn of(value: &Value) -> Size {
        match value {
            Value::Null => Size {
                nodes: 1,
                bytes: 4,
                depth: 0,
            },
            Value::Bool(_) => Size {
                nodes: 1,
                bytes: 5,
                depth: 0,
            },
            Value::Number(_) => Size {
                nodes: 1,
                bytes: 8,
                depth: 0,
            },
            Value::String(text) => Size {
                nodes: 1,
                bytes: text.len() + 2,
                depth: 0,
            },
            Value::Array(items) => items.iter().fold(
                Size {
                    nodes: 1,
                    bytes: 2,
                    depth: 1,
                },
                |size, item| size.holding(Size::of(item), 1),
            ),
            Value::Object(members) => members.iter().fold(
                Size {
                    nodes: 1,
                    bytes: 2,
                    depth: 1,
                },
                |size, (key, item)| size.holding(Size::of(item), key.len() + 4),
            ),
        }
    }

    /// This container's size with `child` in it (`extra`: the bytes around the child).
    fn holding(self, child: Size, extra: usize) -> Size {
        Size {
            nodes: self.nodes.saturating_add(child.nodes),
            bytes: self.bytes.saturating_add(child.bytes).saturating_add(extra),
            depth: self.depth.max(child.depth.saturating_add(1)),
        }
    }

    /// This size grown by `count` copies of `added` (saturating: only compared to a bound).
    fn plus(self, added: Size, count: usize) -> Size {
        Size {
            nodes: self.nodes.saturating_add(added.nodes.saturating_mul(count)),
            bytes: self.bytes.saturating_add(added.bytes.saturating_mul(count)),
            depth: self.depth,
        }
    }

    fn within_budget(self) -> bool {
        self.nodes <= MAX_NODES && self.bytes <= MAX_DOCUMENT_BYTES
    }
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
    /// `i` selected something. Errors name the overlay and the action. Each action is held to
    /// the bounds of the module docs before it changes anything.
    pub fn apply(&self, document: &mut Value, selected: &mut [bool]) -> Result<(), LoadError> {
        // An upper bound of the document's size: updates add to it, removals do not take
        // from it; measured again when it would pass a budget.
        let mut size = Size::of(document);
        for (index, action) in self.actions.iter().enumerate() {
            let fail = |at: String, message: String| LoadError::Model {
                origin: self.origin.clone(),
                pointer: at,
                message,
            };
            // One evaluation, whole (serde_json_path cannot stop early; the module docs say
            // why its cost is bounded), counted before anything is changed.
            let pointers: Vec<String> = action
                .target
                .query_located(document)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            if pointers.len() > MAX_SELECTED {
                return Err(fail(
                    self.action_pointer(index),
                    format!(
                        "the target selects {} nodes: an action may change at most \
                         {MAX_SELECTED}",
                        pointers.len()
                    ),
                ));
            }
            if pointers.is_empty() {
                continue;
            }
            if let Some(flag) = selected.get_mut(index) {
                *flag = true;
            }
            let fail = |message: String| fail(format!("#/actions/{index}"), message);
            match &action.change {
                Change::Update(update, added) => {
                    let mut grown = size.plus(*added, pointers.len());
                    if !grown.within_budget() {
                        size = Size::of(document);
                        grown = size.plus(*added, pointers.len());
                    }
                    if !grown.within_budget() {
                        return Err(fail(format!(
                            "the update, merged into the {} nodes the target selects, could grow \
                             the document to {} nodes and {} bytes: a document may have at most \
                             {MAX_NODES} nodes and {MAX_DOCUMENT_BYTES} bytes",
                            pointers.len(),
                            grown.nodes,
                            grown.bytes
                        )));
                    }
                    // A node at depth d (its pointer's tokens) holding the update's members.
                    if let Some(deep) = pointers
                        .iter()
                        .find(|at| at.matches('/').count() + added.depth > MAX_DEPTH)
                    {
                        return Err(fail(format!(
                            "the update, merged into `{}`, would nest the document deeper than \
                             {MAX_DEPTH} levels",
                            crate::text::one_line(deep)
                        )));
                    }
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
                    size = grown;
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
    check_target(text).map_err(|message| (target_at.clone(), message))?;
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
        (Some(update), false) => Change::Update(update.clone(), Size::of(update)),
        (None, false) => {
            return Err((
                at.to_owned(),
                "an action needs an `update` or `remove: true`".into(),
            ));
        }
    };
    Ok(Action { target, change })
}

/// Refuses a target whose query could cost more than the bounds of the module docs allow:
/// more than [`MAX_DESCENDANT_SEGMENTS`] descendant segments, a root query (`$`) other than
/// the one it starts with, unions multiplying past [`MAX_UNION_PRODUCT`]. Read from the text,
/// outside string literals (a name may hold `..` or `$`); anything it misreads only makes it
/// stricter, and the text must still parse as JSONPath.
fn check_target(text: &str) -> Result<(), String> {
    let mut descendants = 0usize;
    let mut roots = 0usize;
    let mut product = 1usize;
    // Open brackets and parentheses, each bracket with the commas directly inside it.
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            match c {
                '\\' => {
                    chars.next();
                }
                c if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '.' if chars.peek() == Some(&'.') => {
                chars.next();
                descendants += 1;
            }
            '$' => roots += 1,
            '[' | '(' => open.push((c, 0)),
            ',' => {
                if let Some((_, commas)) = open.last_mut() {
                    *commas += 1;
                }
            }
            ']' | ')' => {
                if let Some(('[', commas)) = open.pop() {
                    product = product.saturating_mul(commas + 1);
                }
            }
            _ => {}
        }
    }
    if descendants > MAX_DESCENDANT_SEGMENTS {
        return Err(format!(
            "the target holds {descendants} descendant segments (`..`): at most \
             {MAX_DESCENDANT_SEGMENTS}, since each one multiplies the nodes a query visits by \
             the size of the document"
        ));
    }
    if roots > 1 {
        return Err(
            "the target queries the whole document (`$`) inside a filter, once for each node it \
             filters: use `@`, the node filtered"
                .into(),
        );
    }
    if product > MAX_UNION_PRODUCT {
        return Err(format!(
            "the target's unions select each node up to {product} times: at most \
             {MAX_UNION_PRODUCT}"
        ));
    }
    Ok(())
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

    fn refusal(actions: &str) -> (String, String) {
        let text = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
        match Overlay::from_text(&text, "o.yaml") {
            Err(LoadError::Model {
                pointer, message, ..
            }) => (pointer, message),
            other => panic!("{actions}: {other:?}"),
        }
    }

    #[test]
    fn targets_whose_query_cost_is_unbounded_are_refused_with_their_pointer() {
        for (target, why) in [
            (
                "$..*..*..*..*..*..*..*..*..*..*..*..*",
                "12 descendant segments",
            ),
            ("$..*..*", "2 descendant segments"),
            ("$..a[?@..b]", "2 descendant segments"),
            ("$.paths.*[?$.paths.*]", "inside a filter"),
            ("$[*,*,*,*,*][*,*,*,*,*]", "up to 25 times"),
            (
                "$['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q']",
                "up to 17 times",
            ),
        ] {
            let (pointer, message) = refusal(&format!(
                "  - {{target: \"x\", update: {{}}}}\n  - target: \"{target}\"\n    update: {{x: 1}}\n"
            ).replace("\"x\"", "'$.a'"));
            assert_eq!(pointer, "#/actions/1/target", "{target}");
            assert!(message.contains(why), "{target}: {message}");
        }
        // What real overlays write, and `..` or `$` inside a name or a string.
        for target in [
            "$.paths['/v3/diary/{shortName}/appointment'].delete",
            "$.paths.*.*[?@.operationId == 'Diary_Get']",
            "$..[?@.operationId == 'x..y$']",
            "$.paths['/a..b', \"/c$\"].get",
            "$.paths[?length(@.get.parameters) > 2, ?@.post]",
            "$.a[0:4:1, 7]",
            "$['a','b','c','d'][*,*]['x','y']",
        ] {
            let text = format!(
                "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: \"{}\"\n    update: {{x: 1}}\n",
                target.replace('"', "\\\"")
            );
            Overlay::from_text(&text, "o.yaml").unwrap_or_else(|e| panic!("{target}: {e}"));
        }
    }

    fn apply_err(overlay: &Overlay, mut doc: Value) -> (String, String, Value) {
        let mut selected = vec![false; overlay.len()];
        match overlay.apply(&mut doc, &mut selected) {
            Err(LoadError::Model {
                pointer, message, ..
            }) => (pointer, message, doc),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_action_selecting_too_many_nodes_changes_nothing() {
        let items = vec![json!({}); MAX_SELECTED + 1];
        let doc = json!({ "list": items });
        let overlay = overlay("  - target: '$.list[*]'\n    update: {x: 1}\n");
        let (pointer, message, after) = apply_err(&overlay, doc.clone());
        assert_eq!(pointer, "#/actions/0/target");
        assert!(
            message.contains(&format!("selects {} nodes", MAX_SELECTED + 1)),
            "{message}"
        );
        assert_eq!(after, doc);
        // At the bound, it applies.
        let doc = json!({ "list": vec![json!({}); MAX_SELECTED] });
        let (doc, selected) = applied("  - target: '$.list[*]'\n    update: {x: 1}\n", doc);
        assert_eq!(selected, [true]);
        assert_eq!(doc["list"][MAX_SELECTED - 1], json!({"x": 1}));
    }

    #[test]
    fn an_update_that_would_pass_the_documents_budgets_changes_nothing() {
        // Bytes: 200 copies of 400 KB.
        let doc = json!({ "list": vec![json!({}); 200] });
        let big = "b".repeat(400 * 1024);
        let bomb = overlay(&format!(
            "  - target: '$.list[*]'\n    update: {{x: {big}}}\n"
        ));
        let (pointer, message, after) = apply_err(&bomb, doc.clone());
        assert_eq!(pointer, "#/actions/0");
        assert!(
            message.contains(&format!("{MAX_DOCUMENT_BYTES} bytes")),
            "{message}"
        );
        assert_eq!(after, doc);
        // Nodes: 1,000 copies of 1,001 nodes.
        let doc = json!({ "list": vec![json!({}); 1000] });
        let wide: Vec<String> = (0..1000).map(|i| format!("k{i}: 1")).collect();
        let bomb = overlay(&format!(
            "  - target: '$.list[*]'\n    update: {{{}}}\n",
            wide.join(", ")
        ));
        let (pointer, message, after) = apply_err(&bomb, doc.clone());
        assert_eq!(pointer, "#/actions/0");
        assert!(
            message.contains("could grow the document to 1002002 nodes"),
            "{message}"
        );
        assert_eq!(after, doc);
        // Depth: an update 40 deep merged 30 deep.
        let nest = |depth: usize| (0..depth).fold(json!(1), |inner, _| json!({ "n": inner }));
        let doc = nest(30);
        let deep = serde_json::to_string(&nest(40)).unwrap();
        let target = format!("$.{}", vec!["n"; 29].join("."));
        let bomb = overlay(&format!("  - target: '{target}'\n    update: {deep}\n"));
        let (pointer, message, _) = apply_err(&bomb, doc);
        assert_eq!(pointer, "#/actions/0");
        assert!(message.contains("deeper than 64 levels"), "{message}");
    }

    #[test]
    fn the_size_estimate_is_measured_again_before_refusing() {
        // Each action replaces the same 600 KB member: the estimate passes the byte budget
        // after about a hundred of them, the document never does.
        // (Built here: an overlay that large would pass the reader's size limit.)
        let update = json!({ "x": "c".repeat(600 * 1024) });
        let action = Action {
            target: JsonPath::parse("$.a").unwrap(),
            change: Change::Update(update.clone(), Size::of(&update)),
        };
        let overlay = Overlay {
            origin: "o.yaml".into(),
            actions: vec![action; 150],
        };
        let mut doc = json!({"a": {}});
        let mut selected = vec![false; 150];
        overlay.apply(&mut doc, &mut selected).unwrap();
        assert_eq!(selected, vec![true; 150]);
        assert_eq!(doc, json!({ "a": update }));
    }

    #[test]
    fn sizes_count_nodes_bytes_and_depth() {
        let value = json!({"ab": [1, "xy", null, true, {}]});
        let size = Size::of(&value);
        assert_eq!(size.nodes, 7);
        assert_eq!(size.depth, 3);
        // About the compact JSON's length, never less.
        let real = serde_json::to_string(&value).unwrap().len();
        assert!(
            (real..real + 16).contains(&size.bytes),
            "{real} {}",
            size.bytes
        );

        assert_eq!(
            Size::of(&json!("x")),
            Size {
                nodes: 1,
                bytes: 3,
                depth: 0
            }
        );
        assert_eq!(Size::of(&json!([])).depth, 1);
        let grown = size.plus(
            Size {
                nodes: 2,
                bytes: 10,
                depth: 9,
            },
            3,
        );
        assert_eq!(
            (grown.nodes, grown.bytes, grown.depth),
            (13, size.bytes + 30, 3)
        );
    }
}
