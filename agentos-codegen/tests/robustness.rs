//! Property test: whatever the loader accepts, lowering and emitting never panic. The inputs
//! are this crate's generator fixtures with nodes replaced by tricky values (other types,
//! names that are keywords or broken templates, dangling references) or keys renamed.

use std::sync::OnceLock;

use agentos_codegen::emit;
use agentos_codegen::ir::Spec;
use agentos_codegen::load::load_value;
use agentos_codegen::lower::{LowerOptions, lower};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

/// The fixtures as JSON values, with the paths (keys and indices) of all their nodes.
fn corpus() -> &'static [(Value, Vec<Vec<Value>>)] {
    static CORPUS: OnceLock<Vec<(Value, Vec<Vec<Value>>)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        ["edge.yaml", "minimal.json", "swagger2.yaml"]
            .iter()
            .map(|name| {
                let path = format!("{}/tests/fixtures/gen/{name}", env!("CARGO_MANIFEST_DIR"));
                let text = std::fs::read_to_string(path).unwrap();
                let value: Value = serde_saphyr::from_str(&text).unwrap();
                let mut nodes = Vec::new();
                collect(&value, &mut Vec::new(), &mut nodes);
                (value, nodes)
            })
            .collect()
    })
}

fn collect(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                at.push(json!(key));
                collect(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(json!(i));
                collect(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(mut value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    for step in path {
        value = match step {
            Value::String(key) => value.get_mut(key.as_str())?,
            Value::Number(n) => value.get_mut(usize::try_from(n.as_u64()?).ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

const TRICKY: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "r#type",
    "2nd",
    "{",
    "}",
    "{id}",
    "/v1/{shortName}/{",
    "{shortname}",
    "#/components/schemas/Item",
    "#/components/schemas/Nope",
    "date-time",
    "binary",
    "int64",
    "x-agentos-statuses",
    "[link](x) <b>",
    "https://example.com",
    "\r\n    indented",
    "\u{2019}",
    "models",
    "String",
    "Other",
    "offset",
    "count",
    "Data",
    "Count",
];

fn tricky_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0..TRICKY.len()).prop_map(|i| json!(TRICKY[i])),
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(405)),
        Just(json!([])),
        Just(json!({})),
        Just(json!([200, 404, "x"])),
        Just(json!({"type": "string", "enum": ["Other", "Other ", "other"]})),
        Just(json!({"$ref": "#/components/schemas/Item"})),
        Just(json!({"type": "array"})),
        Just(json!({"allOf": [{"$ref": "#/components/schemas/Person"}]})),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Index, Index, Value),
    Rename(Index, Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<Index>(), tricky_value())
            .prop_map(|(d, n, v)| Mutation::Replace(d, n, v)),
        (any::<Index>(), any::<Index>(), 0..TRICKY.len())
            .prop_map(|(d, n, k)| Mutation::Rename(d, n, k)),
    ]
}

fn apply(mutations: &[Mutation]) -> Value {
    let corpus = corpus();
    let first = match &mutations[0] {
        Mutation::Replace(d, ..) | Mutation::Rename(d, ..) => d.index(corpus.len()),
    };
    let (original, nodes) = &corpus[first];
    let mut value = original.clone();
    for mutation in mutations {
        match mutation {
            Mutation::Replace(_, n, replacement) => {
                let path = &nodes[n.index(nodes.len())];
                if let Some(node) = node_mut(&mut value, path) {
                    *node = replacement.clone();
                }
            }
            Mutation::Rename(_, n, k) => {
                let path = &nodes[n.index(nodes.len())];
                if let Some((Value::String(key), parent)) = path.split_last()
                    && let Some(Value::Object(map)) = node_mut(&mut value, parent)
                    && let Some(item) = map.remove(key.as_str())
                {
                    map.insert(TRICKY[*k].to_owned(), item);
                }
            }
        }
    }
    value
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn lowering_and_emitting_never_panic(mutations in prop::collection::vec(mutation(), 1..4)) {
        let value = apply(&mutations);
        if let Ok(doc) = load_value(value, "mutated") {
            if let Ok(api) = lower(&doc, &LowerOptions::default()) {
                let spec = Spec { module: None, origin: "mutated".into(), api };
                // Valid input must give code that parses (render parses what it prints).
                let rendered = emit::render(&[spec], emit::ModelSharing::default());
                prop_assert!(rendered.is_ok(), "{:?}", rendered.err());
            }
        }
    }
}
