//! Property test: mutated real documents (nodes deleted, replaced by values of other types,
//! grafted from elsewhere, keys renamed; text truncated or garbled) never make the loader panic,
//! and whatever it refuses it refuses with its own located error, never with the model's; and
//! any bytes at all go through the whole generator without a panic (the property of the `load`
//! fuzz target).
//!
//! The corpus is the two diary documents of `../shared/specs` (the smallest, to keep the run to
//! seconds) plus this crate's own fixtures; without the specs folder the fixtures alone are used.

use std::path::Path;
use std::sync::OnceLock;

use agentos_codegen::load::{LoadError, load_str, load_value};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};

struct Document {
    name: String,
    text: String,
    value: Value,
    /// Every node's location, as steps from the root.
    nodes: Vec<Vec<Step>>,
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn corpus() -> &'static [Document] {
    static CORPUS: OnceLock<Vec<Document>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let specs = crate_dir.join("../../shared/specs");
        if specs.is_dir() {
            files.push(specs.join("swagger2/diary.yaml"));
            files.push(specs.join("openapi3/diary.json"));
        } else {
            eprintln!("{} is missing: mutating the fixtures only", specs.display());
        }
        let fixtures = crate_dir.join("tests/fixtures/load/swagger2");
        let mut own: Vec<_> = std::fs::read_dir(&fixtures)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        own.sort();
        files.extend(own);
        files
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap();
                let value: Value = serde_saphyr::from_str(&text).unwrap();
                let mut nodes = Vec::new();
                collect(&value, &mut Vec::new(), &mut nodes);
                Document {
                    name: path.display().to_string(),
                    text,
                    value,
                    nodes,
                }
            })
            .collect()
    })
}

fn collect(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                at.push(Step::Key(key.clone()));
                collect(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(Step::Index(index));
                collect(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'v>(mut value: &'v mut Value, steps: &[Step]) -> &'v mut Value {
    for step in steps {
        value = match step {
            Step::Key(key) => value.get_mut(key.as_str()).unwrap(),
            Step::Index(index) => value.get_mut(*index).unwrap(),
        };
    }
    value
}

fn get<'v>(mut value: &'v Value, steps: &[Step]) -> &'v Value {
    for step in steps {
        value = match step {
            Step::Key(key) => &value[key.as_str()],
            Step::Index(index) => &value[*index],
        };
    }
    value
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete,
    Replace(Value),
    /// Copy another node (chosen by the index) over this one.
    Graft(Index),
    RenameKey(String),
}

/// Words that mean something in these documents, so that mutations hit interesting cases.
const WORDS: &[&str] = &[
    "#/definitions/Missing",
    "#/components/schemas/Missing",
    "#/components/parameters/Missing",
    "#/paths",
    "#",
    "other.yaml#/X",
    "query",
    "body",
    "formData",
    "path",
    "array",
    "file",
    "object",
    "string",
    "integer",
    "null",
    "3.1.0",
    "3.0.0",
    "2.0",
    "multi",
    "ssv",
    "x-foo",
    "200",
    "4XX",
    "default",
];

const KEYS: &[&str] = &[
    "$ref",
    "type",
    "in",
    "name",
    "schema",
    "items",
    "properties",
    "allOf",
    "oneOf",
    "not",
    "additionalProperties",
    "required",
    "enum",
    "const",
    "format",
    "content",
    "responses",
    "parameters",
    "requestBody",
    "200",
    "default",
    "x-a",
    "description",
    "style",
    "explode",
    "collectionFormat",
    "discriminator",
    "nullable",
    "examples",
    "exclusiveMinimum",
    "minLength",
    "openapi",
    "swagger",
    "paths",
    "definitions",
    "components",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-zA-Z/~$_-]{0,6}",
    ]
}

fn value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-z{}/#~$ .0-9-]{0,10}".prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// Objects made of `members`, each present or not, each value from its own strategy; now and
/// then any value at all, so that wrong shapes are met too.
fn object_of(members: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    // Members a valid object needs are there most of the time, the others now and then.
    const USUAL: &[&str] = &["name", "in", "description", "type"];
    let members: Vec<_> = members
        .into_iter()
        .map(|(key, strategy)| {
            let odds = if USUAL.contains(&key) { 0.9 } else { 0.25 };
            prop::option::weighted(odds, strategy).prop_map(move |v| (key, v))
        })
        .collect();
    prop_oneof![
        12 => members.prop_map(|entries| {
            Value::Object(
                entries
                    .into_iter()
                    .filter_map(|(key, value)| Some((key.to_owned(), value?)))
                    .collect(),
            )
        }),
        1 => value(),
    ]
    .boxed()
}

fn words(list: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop::sample::select(list).prop_map(Value::from).boxed()
}

/// Schema-like objects of every dialect (3.1 type lists, 2.0 `file` and string
/// discriminators, references good and bad).
fn schema() -> BoxedStrategy<Value> {
    let leaf = object_of(vec![
        (
            "type",
            prop_oneof![
                words(&[
                    "string", "number", "integer", "boolean", "array", "object", "file", "null",
                    "text"
                ]),
                prop::collection::vec(words(&["string", "integer", "null", "object"]), 0..3)
                    .prop_map(Value::Array)
                    .boxed(),
            ]
            .boxed(),
        ),
        ("format", words(&["date-time", "int32", "binary", "byte"])),
        (
            "$ref",
            words(&[
                "#/components/schemas/S",
                "#/definitions/S",
                "#/components/schemas/Missing",
                "#/components/parameters/P",
                "x.yaml#/S",
                "#/definitions/S/properties/a",
            ]),
        ),
        (
            "enum",
            prop::collection::vec(value(), 0..3)
                .prop_map(Value::Array)
                .boxed(),
        ),
        ("const", value()),
        ("examples", value()),
        ("minimum", value()),
        (
            "exclusiveMinimum",
            prop_oneof![
                any::<bool>().prop_map(Value::from),
                (-5i64..5).prop_map(Value::from)
            ]
            .boxed(),
        ),
        ("minLength", (-2i64..5).prop_map(Value::from).boxed()),
        ("nullable", any::<bool>().prop_map(Value::from).boxed()),
        ("x-nullable", any::<bool>().prop_map(Value::from).boxed()),
        (
            "discriminator",
            prop_oneof![words(&["Kind"]), value()].boxed(),
        ),
        (
            "required",
            prop::collection::vec(words(&["a", "b"]), 0..2)
                .prop_map(Value::Array)
                .boxed(),
        ),
        ("description", words(&["d"])),
        ("contentEncoding", words(&["base64"])),
    ]);
    prop_oneof![any::<bool>().prop_map(Value::from), leaf.clone()]
        .prop_recursive(3, 24, 4, move |inner| {
            let mut members = vec![
                (
                    "properties",
                    prop::collection::btree_map("[a-b]", inner.clone(), 0..3)
                        .prop_map(|m| Value::Object(m.into_iter().collect()))
                        .boxed(),
                ),
                ("items", inner.clone().boxed()),
                ("not", inner.clone().boxed()),
                ("additionalProperties", inner.clone().boxed()),
                (
                    "allOf",
                    prop::collection::vec(inner.clone(), 0..3)
                        .prop_map(Value::Array)
                        .boxed(),
                ),
                (
                    "anyOf",
                    prop::collection::vec(inner, 0..3)
                        .prop_map(Value::Array)
                        .boxed(),
                ),
            ];
            members.push(("type", words(&["object", "array", "string"])));
            prop_oneof![leaf.clone(), object_of(members)]
        })
        .boxed()
}

/// Parameter-like objects of both 2.0 and 3.x shapes.
fn parameter() -> BoxedStrategy<Value> {
    object_of(vec![
        ("name", words(&["id", "q"])),
        (
            "in",
            words(&[
                "query", "path", "header", "cookie", "formData", "body", "nowhere",
            ]),
        ),
        ("required", any::<bool>().prop_map(Value::from).boxed()),
        (
            "type",
            words(&["string", "array", "file", "integer", "object"]),
        ),
        ("items", schema()),
        (
            "collectionFormat",
            words(&["csv", "multi", "ssv", "tsv", "pipes", "commas"]),
        ),
        ("schema", schema()),
        (
            "content",
            prop::collection::btree_map(
                words(&["application/json"]).prop_map(|v| v.to_string()),
                object_of(vec![("schema", schema())]),
                0..2,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        ),
        (
            "style",
            words(&["form", "simple", "matrix", "deepObject", "pipeDelimited"]),
        ),
        ("explode", any::<bool>().prop_map(Value::from).boxed()),
        (
            "$ref",
            words(&[
                "#/parameters/P",
                "#/components/parameters/P",
                "#/definitions/S",
            ]),
        ),
        ("examples", value()),
    ])
}

/// Response-like objects of both 2.0 and 3.x shapes.
fn response() -> BoxedStrategy<Value> {
    let header = object_of(vec![
        ("type", words(&["string", "integer", "array"])),
        ("schema", schema()),
        ("description", value()),
    ]);
    object_of(vec![
        ("description", prop_oneof![words(&["OK"]), value()].boxed()),
        ("schema", schema()),
        (
            "content",
            prop::collection::btree_map(
                "[a-z]{1,3}/json",
                object_of(vec![("schema", schema()), ("example", value())]),
                0..2,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        ),
        (
            "headers",
            prop::collection::btree_map("X-[A-Z]", header, 0..2)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed(),
        ),
        ("examples", value()),
        ("links", value()),
        (
            "$ref",
            words(&["#/responses/R", "#/components/responses/R"]),
        ),
    ])
}

/// Security-scheme-like objects of both 2.0 and 3.x shapes.
fn security_scheme() -> BoxedStrategy<Value> {
    object_of(vec![
        (
            "type",
            words(&[
                "apiKey",
                "basic",
                "http",
                "oauth2",
                "openIdConnect",
                "mutualTLS",
            ]),
        ),
        ("name", words(&["api_key"])),
        ("in", words(&["header", "query", "cookie", "body"])),
        ("scheme", words(&["basic"])),
        (
            "flow",
            words(&["implicit", "password", "application", "accessCode"]),
        ),
        ("flows", value()),
        ("authorizationUrl", words(&["https://a"])),
        ("tokenUrl", words(&["https://t"])),
        ("scopes", value()),
    ])
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::Delete),
        3 => value().prop_map(Mutation::Replace),
        1 => any::<Index>().prop_map(Mutation::Graft),
        1 => key().prop_map(Mutation::RenameKey),
    ]
}

/// Applies `mutations` one after the other, each at a node of the document as it then is.
fn apply(document: &Document, mutations: &[(Index, Mutation)]) -> Value {
    let mut value = document.value.clone();
    for (node, mutation) in mutations {
        let mut nodes = Vec::new();
        collect(&value, &mut Vec::new(), &mut nodes);
        let steps = &nodes[node.index(nodes.len())];
        apply_one(&mut value, steps, mutation, document);
    }
    value
}

fn apply_one(value: &mut Value, steps: &[Step], mutation: &Mutation, document: &Document) {
    match mutation {
        Mutation::Replace(replacement) => *get_mut(value, steps) = replacement.clone(),
        Mutation::Graft(other) => {
            let source = &document.nodes[other.index(document.nodes.len())];
            *get_mut(value, steps) = get(&document.value, source).clone();
        }
        Mutation::Delete | Mutation::RenameKey(_) => {
            let Some((last, parent_steps)) = steps.split_last() else {
                // The root itself.
                *value = Value::Null;
                return;
            };
            match (get_mut(value, parent_steps), last) {
                (Value::Object(map), Step::Key(key)) => {
                    let removed = map.shift_remove(key);
                    if let (Mutation::RenameKey(new_key), Some(item)) = (mutation, removed) {
                        map.insert(new_key.clone(), item);
                    }
                }
                (Value::Array(items), Step::Index(index)) => {
                    items.remove(*index);
                }
                _ => unreachable!("steps follow the document"),
            }
        }
    }
}

/// A small document of `dialect` (0: Swagger 2.0, 1: OpenAPI 3.0, 2: 3.1) with generated
/// values where a schema, a parameter, a response, a request body and a security scheme go.
fn skeleton(dialect: usize, parts: [Option<Value>; 5]) -> Value {
    // A part left out is one known to be valid, so that the others get checked deeply too.
    let [schema, parameter, response, body, scheme] = parts;
    let schema = schema.unwrap_or_else(|| serde_json::json!({ "type": "string" }));
    let parameter = parameter.unwrap_or_else(|| match dialect {
        0 => serde_json::json!({ "name": "id", "in": "path", "type": "string" }),
        _ => serde_json::json!({ "name": "id", "in": "path", "schema": { "type": "string" } }),
    });
    let response = response.unwrap_or_else(|| serde_json::json!({ "description": "OK" }));
    let body = body.unwrap_or_else(|| match dialect {
        0 => serde_json::json!({ "type": "object" }),
        _ => serde_json::json!({ "content": {} }),
    });
    let scheme = scheme
        .unwrap_or_else(|| serde_json::json!({ "type": "apiKey", "name": "k", "in": "header" }));
    match dialect {
        0 => serde_json::json!({
            "swagger": "2.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/a/{id}": { "post": {
                "parameters": [parameter, { "name": "b", "in": "body", "schema": body }],
                "responses": { "200": response, "default": { "description": "d", "schema": schema.clone() } },
            } } },
            "definitions": { "S": schema },
            "securityDefinitions": { "s": scheme },
        }),
        _ => serde_json::json!({
            "openapi": if dialect == 1 { "3.0.3" } else { "3.1.0" },
            "info": { "title": "t", "version": "1" },
            "paths": { "/a/{id}": { "post": {
                "parameters": [parameter],
                "requestBody": body,
                "responses": { "200": response },
            } } },
            "components": { "schemas": { "S": schema }, "securitySchemes": { "s": scheme } },
        }),
    }
}

/// The loader either loads, or says where and why it refused. A panic inside it would surface
/// as the guard's "bug" error; a message of the model's own (`Model`) would mean the loader's
/// checks let something through that the model then refused, with a vaguer message.
fn assert_handled(
    result: Result<openapiv3::OpenAPI, LoadError>,
    what: &str,
) -> Result<(), TestCaseError> {
    match result {
        Ok(_) => Ok(()),
        Err(error @ LoadError::Model { .. }) => Err(TestCaseError::fail(format!(
            "{what}: the loader's checks let through what the model refused: {error}"
        ))),
        Err(error) => {
            prop_assert!(!error.to_string().is_empty());
            Ok(())
        }
    }
}

/// 96 cases per property by default (a few seconds); `PROPTEST_CASES=N` runs more.
fn config() -> ProptestConfig {
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => ProptestConfig::default().cases,
        Err(_) => 96,
    };
    ProptestConfig {
        cases,
        // A failure prints its minimal case; nothing is written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_documents_never_panic(
        document in any::<Index>(),
        mutations in prop::collection::vec((any::<Index>(), mutation()), 1..4),
        as_text in prop_oneof![Just(None), Just(Some(false)), Just(Some(true))],
    ) {
        let document = &corpus()[document.index(corpus().len())];
        let mutated = apply(document, &mutations);
        let what = format!("{} with {mutations:?}", document.name);
        let result = match as_text {
            None => load_value(mutated, &document.name),
            Some(true) => load_str(&serde_json::to_string(&mutated).unwrap(), &document.name),
            Some(false) => load_str(&serde_saphyr::to_string(&mutated).unwrap(), &document.name),
        };
        assert_handled(result, &what)?;
    }

    #[test]
    fn generated_parts_never_panic(
        dialect in 0..3usize,
        parts in [
            prop::option::of(schema()),
            prop::option::of(parameter()),
            prop::option::of(response()),
            prop::option::of(schema()),
            prop::option::of(security_scheme()),
        ],
    ) {
        let document = skeleton(dialect, parts);
        let what = format!("{document}");
        assert_handled(load_value(document, "generated"), &what)?;
    }

    #[test]
    fn garbled_text_never_panics(
        document in any::<Index>(),
        at in any::<Index>(),
        edit in prop_oneof![
            Just(None),
            prop::sample::select(&["{", "}", "[", "]", ":", "- ", "\"", "'", "\n", "  ", "&a", "*a", "!!", "#", "~", "\\", "<<: ", "\u{0}"][..]).prop_map(Some),
        ],
    ) {
        let document = &corpus()[document.index(corpus().len())];
        let text = &document.text;
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let garbled = match edit {
            // Truncated.
            None => text[..cut].to_owned(),
            // Something inserted.
            Some(insert) => format!("{}{insert}{}", &text[..cut], &text[cut..]),
        };
        assert_handled(load_str(&garbled, &document.name), &format!("{} cut at {cut}", document.name))?;
    }
}

proptest! {
    #![proptest_config(config())]

    /// The property the `load` fuzz target checks (`fuzz/fuzz_targets/load.rs`): any bytes,
    /// through the whole generator (load, lower, render), end in a `Result`, never a panic.
    #[test]
    fn any_bytes_through_the_generator_never_panic(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            // Text that starts like a document, so the walk goes deeper than the parser.
            "[ -~\n]{0,400}".prop_map(|tail| format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{tail}").into_bytes()),
            "[ -~\n]{0,400}".prop_map(|tail| format!("{{\"swagger\": \"2.0\", \"paths\": {tail}").into_bytes()),
        ],
    ) {
        let text = String::from_utf8_lossy(&bytes);
        let generated = agentos_codegen::Generator::new().spec_text("bytes", &text).generate();
        if let Ok(code) = generated {
            prop_assert!(code.starts_with("// @generated"));
        }
    }
}
