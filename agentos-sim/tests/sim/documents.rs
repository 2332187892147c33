//! Every operation of every document the simulator is given answers a success, and the answer
//! validates against the document's own response schema.
//!
//! The check is independent of the simulator and of the generator: the document is read here
//! as plain JSON, each example request (from [`Sim::examples`]) is first checked against the
//! document's parameter and body schemas, and each answer is validated with the `jsonschema`
//! crate against the schema the document declares for the answered status. Formats are not
//! checked: agentOS sends date-times without an offset (`2025-06-02T09:30:00`), which
//! `format: date-time` would refuse; the simulator's date form is tested on its own.

use std::path::{Path, PathBuf};

use agentos_sim::{DEMO_SHORT_NAME, ExampleRequest, Sim, SimConfig};
use serde_json::{Value, json};

use crate::common::send_json;

/// `spec/agentos.yaml` and every document of `../shared/specs` (when it is there).
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = vec![root.join("spec/agentos.yaml")];
    let shared = root.join("../shared/specs");
    match agentos_codegen::load::documents_in(&shared) {
        Ok(found) if !found.is_empty() => out.extend(found),
        _ => eprintln!(
            "note: {} is missing: only spec/agentos.yaml is served",
            shared.display()
        ),
    }
    out
}

/// The document as plain JSON (YAML read by serde-saphyr).
fn raw(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).unwrap()
    } else {
        serde_saphyr::from_str(&text).unwrap()
    }
}

/// Follows a local `$ref` (`#/parameters/x`) to what it names; anything else as it is.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(pointer) => match pointer.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(target) => value = target,
                None => panic!("unresolvable $ref {pointer}"),
            },
            None => return value,
        }
    }
    panic!("$ref chain too long")
}

/// A validator of `schema` with `doc` as the root its `$ref`s point into: the document's own
/// members (`definitions`, `components`) stay where its pointers say, and the schema to check
/// is an `allOf` beside them (the other members of a document are no JSON Schema keywords).
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = doc.clone();
    if let Value::Object(map) = &mut root {
        map.insert("allOf".to_owned(), json!([schema]));
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(false)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema {schema} does not compile: {e}"))
}

fn check(doc: &Value, schema: &Value, instance: &Value, what: &str) {
    let validator = validator(doc, schema);
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{instance}");
}

/// The operation object of the example's method and template in the document.
fn operation<'a>(doc: &'a Value, example: &ExampleRequest) -> &'a Value {
    let op = &doc["paths"][&example.template][example.method.as_str().to_ascii_lowercase()];
    assert!(
        op.is_object(),
        "{} {} is not in the document",
        example.method,
        example.template
    );
    op
}

/// The JSON schema of a parameter (Swagger 2.0: the parameter itself; OpenAPI 3: `schema`).
fn parameter_schema(param: &Value) -> Value {
    match param.get("schema") {
        Some(schema) => schema.clone(),
        None => {
            let mut schema = param.clone();
            if let Value::Object(map) = &mut schema {
                for key in ["name", "in", "required", "description", "collectionFormat"] {
                    map.remove(key);
                }
            }
            schema
        }
    }
}

/// A parameter's text as the JSON its schema types it as.
fn typed(schema: &Value, text: &str) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().map_or(json!(text), Value::from),
        Some("number") => text.parse::<f64>().map_or(json!(text), Value::from),
        Some("boolean") => text.parse::<bool>().map_or(json!(text), Value::from),
        Some("array") => json!([typed(&schema["items"], text)]),
        _ => json!(text),
    }
}

/// Checks an example request against the document: every parameter it sends is declared and
/// valid for its schema, every required one is sent, the body is valid for the body's schema.
fn check_request(doc: &Value, op: &Value, path_item: &Value, example: &ExampleRequest) {
    let what = format!("{} {}", example.method, example.template);
    let declared: Vec<&Value> = path_item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .chain(op.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|p| resolve(doc, p))
        .collect();
    for param in &declared {
        let name = param["name"].as_str().unwrap_or_default();
        let location = param["in"].as_str().unwrap_or_default();
        if location == "body" {
            let body = example
                .body
                .as_ref()
                .unwrap_or_else(|| panic!("{what}: no body"));
            check(doc, &param["schema"], body, &format!("{what}: body"));
            continue;
        }
        if !matches!(location, "path" | "query") || name.eq_ignore_ascii_case("shortName") {
            continue;
        }
        let sent = example.params.iter().find(|(wire, _)| wire == name);
        match sent {
            Some((_, text)) => {
                let schema = parameter_schema(param);
                check(
                    doc,
                    &schema,
                    &typed(resolve(doc, &schema), text),
                    &format!("{what}: {name}"),
                );
            }
            None => assert!(
                param["required"] != true,
                "{what}: the required parameter {name} is not sent"
            ),
        }
    }
    for (wire, _) in &example.params {
        assert!(
            declared.iter().any(|p| p["name"] == wire.as_str()),
            "{what}: {wire} is not a parameter of the operation"
        );
    }
    if let Some(body) = op.get("requestBody").map(|b| resolve(doc, b)) {
        let schema = &body["content"]["application/json"]["schema"];
        match &example.body {
            Some(sent) if !schema.is_null() => check(doc, schema, sent, &format!("{what}: body")),
            None if body["required"] == true => panic!("{what}: the required body is not sent"),
            _ => {}
        }
    }
}

/// The schema and media types the document declares for `status` of `op`.
fn response(doc: &Value, op: &Value, status: u16) -> (Option<Value>, Vec<String>) {
    let responses = &op["responses"];
    let declared = responses
        .get(status.to_string())
        .or_else(|| responses.get(format!("{}XX", status / 100)))
        .or_else(|| responses.get("default"))
        .map(|r| resolve(doc, r))
        .unwrap_or_else(|| panic!("status {status} is not declared: {responses}"));
    if let Some(content) = declared.get("content").and_then(Value::as_object) {
        let media: Vec<String> = content.keys().cloned().collect();
        let schema = content
            .get("application/json")
            .or_else(|| content.values().next())
            .and_then(|m| m.get("schema"))
            .cloned();
        return (schema, media);
    }
    let produces = op
        .get("produces")
        .or_else(|| doc.get("produces"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    (declared.get("schema").cloned(), produces)
}

/// Serves `path` alone and sends every example in order: each is a success whose answer
/// validates against the document.
async fn every_operation_of(path: &Path) {
    let doc = raw(path);
    let sim = Sim::start(SimConfig::default().spec(path)).await.unwrap();
    let examples = sim.examples(DEMO_SHORT_NAME);
    assert_eq!(examples.len(), sim.operations().len());
    let mut declared = 0;
    for (_, item) in doc["paths"].as_object().unwrap() {
        declared += ["get", "put", "post", "delete", "patch"]
            .iter()
            .filter(|m| item.get(**m).is_some())
            .count();
    }
    assert_eq!(
        examples.len(),
        declared,
        "{}: every operation is served",
        path.display()
    );
    for example in &examples {
        let what = format!(
            "{}: {} {}",
            path.display(),
            example.method,
            example.path_and_query
        );
        let op = operation(&doc, example);
        check_request(&doc, op, &doc["paths"][&example.template], example);
        let answer = send_json(
            &sim,
            example.method.clone(),
            &example.path_and_query,
            example.body.as_ref(),
        )
        .await;
        assert!(
            (200..300).contains(&answer.status),
            "{what}: {} {}",
            answer.status,
            answer.text
        );
        let (schema, media) = response(&doc, op, answer.status);
        let content_type = answer
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if answer.bytes.is_empty() {
            assert!(
                schema.is_none() || answer.status == 204,
                "{what}: an empty answer where the document declares {schema:?}"
            );
        } else if content_type.starts_with("application/json") {
            let value: Value = serde_json::from_slice(&answer.bytes)
                .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", answer.text));
            let schema =
                schema.unwrap_or_else(|| panic!("{what}: JSON where no schema is declared"));
            check(&doc, &schema, &value, &what);
        } else {
            // A file: of a media type the document offers, or where the document declares an
            // object with nothing in it (Swashbuckle's view of a file result, which agentOS's
            // downloads have), of the file's own type.
            let essence = content_type.split(';').next().unwrap_or_default().trim();
            let file_result = schema.as_ref().is_some_and(|s| {
                let s = resolve(&doc, s);
                s["properties"].as_object().is_none_or(|p| p.is_empty()) && s.get("items").is_none()
            });
            assert!(
                media.iter().any(|m| m == essence) || file_result,
                "{what}: answered {content_type}, the document offers {media:?}"
            );
            assert!(!answer.bytes.is_empty(), "{what}: an empty file");
        }
    }
    eprintln!("{}: {} operations", path.display(), examples.len());
    sim.shutdown().await;
}

#[tokio::test]
async fn every_operation_of_every_document_answers_what_its_document_declares() {
    for path in documents() {
        every_operation_of(&path).await;
    }
}

#[tokio::test]
async fn the_documents_are_served_as_given_without_a_key() {
    for path in documents() {
        let sim = Sim::start(SimConfig::default().spec(&path)).await.unwrap();
        let names = sim.documents();
        assert!(!names.is_empty(), "{}", path.display());
        for name in names {
            let url = format!("{}/swagger/docs/{name}", sim.base_url());
            let answer = crate::common::client().get(url).send().await.unwrap();
            assert_eq!(answer.status(), 200, "{name}");
            assert_eq!(
                answer.text().await.unwrap(),
                std::fs::read_to_string(&path).unwrap()
            );
        }
        let missing = format!("{}/swagger/docs/v9-nothing", sim.base_url());
        assert_eq!(
            crate::common::client()
                .get(missing)
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
}

/// A document with operations the generator skips: `HEAD` and `TRACE` operations.
const SKIPPING: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "skips", "version": "1"},
  "paths": {
    "/v1/things/{shortName}/thing/{thingID}": {
      "get": {"operationId": "GetThing",
              "parameters": [{"name": "shortName", "in": "path", "required": true, "schema": {"type": "string"}},
                             {"name": "thingID", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}},
      "head": {"operationId": "HeadThing",
               "parameters": [{"name": "shortName", "in": "path", "required": true, "schema": {"type": "string"}},
                              {"name": "thingID", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"200": {"description": "ok"}}}
    },
    "/v1/things/{shortName}/trace": {"trace": {"operationId": "TraceThings",
                                          "parameters": [{"name": "shortName", "in": "path", "required": true, "schema": {"type": "string"}}],
                                          "responses": {"200": {"description": "ok"}}}}
  },
  "components": {"schemas": {"Thing": {"type": "object", "properties": {"OID": {"type": "string"}, "Name": {"type": "string"}}}}}
}"##;

#[tokio::test]
async fn operations_the_generator_skips_are_501_not_simulated_never_a_404() {
    let sim = Sim::start(SimConfig::default().spec_text("skips.json", SKIPPING))
        .await
        .unwrap();
    let thing = crate::common::first(&sim, "Thing");
    let head = crate::common::send(
        &sim,
        agentos_sim::Method::HEAD,
        &format!("/v1/things/demo/thing/{thing}"),
        None,
    )
    .await;
    assert_eq!(head.status, 501);
    let trace = crate::common::send(
        &sim,
        agentos_sim::Method::TRACE,
        "/v1/things/demo/trace",
        None,
    )
    .await;
    assert_eq!(trace.status, 501);
    assert_eq!(
        trace.message(),
        "Not simulated: the document has this operation, but the generator skipped it (TRACE operations are not supported by the runtime: skipped)."
    );
    // What is served is answered; what is not in the document at all is a 404.
    assert_eq!(
        crate::common::get(&sim, &format!("/v1/things/demo/thing/{thing}"))
            .await
            .status,
        200
    );
    assert_eq!(
        crate::common::get(&sim, "/v1/things/demo/thing/NOPE")
            .await
            .status,
        404
    );
    assert_eq!(
        crate::common::get(&sim, "/v1/things/demo/nothing")
            .await
            .status,
        404
    );
}
