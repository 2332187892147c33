//! OpenAPI 3.1 normalised to what the 3.0 model holds, and OpenAPI 3.0 passed through as is.

use agentos_codegen::load::load_str;
use openapiv3::OpenAPI;
use serde_json::{Value, json};

/// A 3.1 document whose `components/schemas/S` is `schema` (given as YAML flow text).
fn with_schema(schema: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{ title: t, version: '1' }}\npaths: {{}}\ncomponents:\n  schemas:\n    Target: {{ type: object }}\n    S: {schema}\n"
    )
}

/// The normalised `components/schemas/S`, as JSON.
fn normalised(schema: &str) -> Value {
    let api = load_str(&with_schema(schema), "oas31.yaml").unwrap_or_else(|e| panic!("{e}"));
    let doc = serde_json::to_value(api).unwrap();
    doc.pointer("/components/schemas/S").unwrap().clone()
}

#[test]
fn type_list_with_null_becomes_nullable() {
    assert_eq!(
        normalised("{ type: [string, 'null'], format: date-time }"),
        json!({ "type": "string", "format": "date-time", "nullable": true })
    );
    assert_eq!(
        normalised("{ type: [integer] }"),
        json!({ "type": "integer" })
    );
}

#[test]
fn null_only_type_becomes_a_nullable_null_enum() {
    for schema in ["{ type: 'null' }", "{ type: ['null'] }"] {
        assert_eq!(
            normalised(schema),
            json!({ "nullable": true, "enum": [null] }),
            "{schema}"
        );
    }
}

#[test]
fn several_types_become_any_of() {
    assert_eq!(
        normalised("{ type: [string, integer, 'null'] }"),
        json!({
            "nullable": true,
            "anyOf": [{ "type": "string" }, { "type": "integer" }],
        })
    );
}

#[test]
fn const_becomes_a_single_enum() {
    assert_eq!(
        normalised("{ type: string, const: Lettings }"),
        json!({ "type": "string", "enum": ["Lettings"] })
    );
}

#[test]
fn examples_array_becomes_example() {
    assert_eq!(
        normalised("{ type: string, examples: [first, second] }"),
        json!({ "type": "string", "example": "first" })
    );
}

#[test]
fn numeric_exclusive_bounds_become_boolean_ones() {
    assert_eq!(
        normalised("{ type: number, exclusiveMinimum: 0, exclusiveMaximum: 100 }"),
        json!({
            "type": "number",
            "minimum": 0.0, "exclusiveMinimum": true,
            "maximum": 100.0, "exclusiveMaximum": true,
        })
    );
    // A stricter inclusive bound already there is kept, and the weaker exclusive one dropped.
    assert_eq!(
        normalised("{ type: integer, minimum: 5, exclusiveMinimum: 1 }"),
        json!({ "type": "integer", "minimum": 5 })
    );
}

#[test]
fn ref_with_meaningful_siblings_is_wrapped_in_all_of() {
    assert_eq!(
        normalised("{ $ref: '#/components/schemas/Target', nullable: true, readOnly: true }"),
        json!({
            "allOf": [{ "$ref": "#/components/schemas/Target" }],
            "nullable": true,
            "readOnly": true,
        })
    );
    // 3.1 writes a nullable reference as a type list beside the `$ref`.
    assert_eq!(
        normalised("{ $ref: '#/components/schemas/Target', type: [object, 'null'] }"),
        json!({
            "allOf": [{ "$ref": "#/components/schemas/Target" }],
            "type": "object",
            "nullable": true,
        })
    );
    // Annotations alone do not change what the reference means: it stays a reference.
    assert_eq!(
        normalised("{ $ref: '#/components/schemas/Target', description: The target }"),
        json!({ "$ref": "#/components/schemas/Target" })
    );
}

#[test]
fn boolean_schemas_become_objects() {
    let doc = with_schema("{ type: object, properties: { any: true, none: false } }");
    let api = load_str(&doc, "bool.yaml").unwrap();
    let doc = serde_json::to_value(api).unwrap();
    assert_eq!(
        doc.pointer("/components/schemas/S/properties/any"),
        Some(&json!({}))
    );
    assert_eq!(
        doc.pointer("/components/schemas/S/properties/none"),
        Some(&json!({ "not": {} }))
    );
}

#[test]
fn content_encoding_and_media_type_become_formats() {
    assert_eq!(
        normalised("{ type: string, contentEncoding: base64 }"),
        json!({ "type": "string", "format": "byte" })
    );
    assert_eq!(
        normalised("{ type: string, contentMediaType: image/png }"),
        json!({ "type": "string", "format": "binary" })
    );
}

#[test]
fn nested_schemas_are_normalised_too() {
    let schema = "{ type: object, properties: { Tags: { type: array, items: { type: [string, 'null'] } } }, additionalProperties: { const: 1 } }";
    assert_eq!(
        normalised(schema),
        json!({
            "type": "object",
            "properties": {
                "Tags": { "type": "array", "items": { "type": "string", "nullable": true } },
            },
            "additionalProperties": { "enum": [1] },
        })
    );
}

#[test]
fn document_level_3_1_members_are_normalised() {
    let text = r##"
openapi: 3.1.0
info: { title: t, version: '1', summary: A 3.1 summary }
jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base
webhooks:
  newBooking:
    post:
      responses: { "200": { description: OK } }
components:
  pathItems:
    Ping:
      get:
        operationId: ping
        parameters:
          - { name: q, in: query, schema: { type: [string, "null"] } }
        responses: { "200": { description: OK } }
"##;
    let api = load_str(text, "doc31.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.openapi, "3.0.3");
    assert!(api.paths.paths.is_empty(), "a missing `paths` is empty");
    let doc = serde_json::to_value(&api).unwrap();
    assert!(doc.get("webhooks").is_none());

    // A path item given by reference (3.1 keeps them in components/pathItems) is inlined, so
    // its operations are not lost, and normalised like the rest.
    let text = r##"
openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /ping: { $ref: "#/components/pathItems/Ping" }
components:
  pathItems:
    Ping:
      get:
        operationId: ping
        parameters:
          - { name: q, in: query, schema: { type: [string, "null"] } }
        responses: { "200": { description: OK } }
"##;
    let api = load_str(text, "pathitems.yaml").unwrap_or_else(|e| panic!("{e}"));
    let operations: Vec<_> = api
        .operations()
        .map(|(path, method, op)| (path.to_owned(), method.to_owned(), op.operation_id.clone()))
        .collect();
    assert_eq!(
        operations,
        [(
            "/ping".to_owned(),
            "get".to_owned(),
            Some("ping".to_owned())
        )]
    );
    let doc = serde_json::to_value(&api).unwrap();
    assert_eq!(
        doc.pointer("/paths/~1ping/get/parameters/0/schema"),
        Some(&json!({ "type": "string", "nullable": true }))
    );
}

#[test]
fn openapi_3_0_passes_through_unchanged() {
    let text = r##"{
  "openapi": "3.0.1",
  "info": { "title": "t", "version": "1" },
  "paths": {
    "/v3/diary/{shortName}/appointmenttypes": {
      "get": {
        "operationId": "DiaryController_GetAppointmentTypes",
        "parameters": [
          { "name": "shortName", "in": "path", "required": true, "schema": { "type": "string" } }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Type" } }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Type": {
        "type": "object",
        "properties": {
          "OID": { "type": "string", "nullable": true },
          "Kind": { "type": "string", "enum": ["Sales", "Lettings"], "x-keep": 1 }
        }
      }
    }
  }
}"##;
    let loaded = load_str(text, "oas30.json").unwrap();
    let direct: OpenAPI = serde_json::from_str(text).unwrap();
    assert_eq!(loaded, direct);
}

#[test]
fn real_openapi_3_0_documents_pass_through_unchanged() {
    let specs =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/openapi3");
    if !specs.is_dir() {
        eprintln!("skipped: {} is missing", specs.display());
        return;
    }
    for name in ["diary.json", "basic-tier.json", "free-tier.json"] {
        let text = std::fs::read_to_string(specs.join(name)).unwrap();
        let loaded = load_str(&text, name).unwrap_or_else(|e| panic!("{e}"));
        let direct: OpenAPI = serde_json::from_str(&text).unwrap();
        assert_eq!(loaded, direct, "{name}");
    }
}
