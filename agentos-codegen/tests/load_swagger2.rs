//! Swagger 2.0 up-conversion: one tiny fixture per construct (tests/fixtures/load/swagger2/),
//! each asserting the OpenAPI 3.0 structure it converts to.

use std::path::{Path, PathBuf};

use agentos_codegen::load::load_path;
use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};
use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load/swagger2")
        .join(name)
}

/// The fixture, loaded and serialised back to JSON, to assert on its structure (openapiv3 writes
/// some defaults explicitly, e.g. a parameter's `style`).
fn converted(name: &str) -> Value {
    let api = load_path(&fixture(name)).unwrap_or_else(|error| panic!("{error}"));
    serde_json::to_value(api).unwrap()
}

/// The node at `pointer` (without the leading `#`).
fn at<'v>(doc: &'v Value, pointer: &str) -> &'v Value {
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer} in {doc:#}"))
}

#[test]
fn body_parameter_becomes_request_body_per_consumes_type() {
    let doc = converted("body.yaml");
    let post = at(&doc, "/paths/~1v3~1diary~1{shortName}~1appointments/post");
    let schema = json!({ "$ref": "#/components/schemas/Appointment" });
    assert_eq!(
        at(post, "/requestBody"),
        &json!({
            "description": "The appointment to book",
            "required": true,
            // The operation's `consumes`, not the document's.
            "content": {
                "application/json": { "schema": schema },
                "application/x-www-form-urlencoded": { "schema": schema },
            },
            "x-codegen-request-body-name": "appointment",
        })
    );
    // The body is no longer a parameter.
    let names: Vec<&str> = post["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["shortName"]);

    // Without its own `consumes`, the operation takes the document's.
    let put = at(&doc, "/paths/~1v3~1diary~1{shortName}~1appointments/put");
    assert_eq!(
        at(put, "/requestBody/content"),
        &json!({
            "application/json": { "schema": { "type": "string" } },
            "text/json": { "schema": { "type": "string" } },
        })
    );
    assert!(put.get("parameters").is_none());
    assert!(at(put, "/requestBody").get("required").is_none());
}

#[test]
fn form_data_becomes_an_urlencoded_object_schema() {
    let doc = converted("form_urlencoded.yaml");
    let post = at(&doc, "/paths/~1v2~1tier2~1{shortName}~1applicants/post");
    assert_eq!(
        at(post, "/requestBody"),
        &json!({
            "required": true,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "Forename": { "type": "string", "description": "First name" },
                            "Age": { "type": "integer", "format": "int32" },
                            "Tags": { "type": "array", "items": { "type": "string" } },
                        },
                        "required": ["Forename"],
                    },
                    // (`contentType: null` is how openapiv3 writes an unset content type.)
                    "encoding": { "Tags": { "contentType": null, "style": "form", "explode": true } },
                }
            }
        })
    );
    assert_eq!(at(post, "/parameters").as_array().unwrap().len(), 1);
}

#[test]
fn file_form_field_makes_a_multipart_body_with_a_binary_string() {
    let doc = converted("form_multipart.yaml");
    assert_eq!(
        at(&doc, "/paths/~1documents/post/requestBody"),
        &json!({
            "required": true,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "Document": { "type": "string", "format": "binary" },
                            "Caption": { "type": "string" },
                        },
                        "required": ["Document"],
                    }
                }
            }
        })
    );
    // `consumes` decides when it names form types: both are kept, JSON is not a form type.
    let content = at(
        &doc,
        "/paths/~1documents~1url-encoded/post/requestBody/content",
    );
    let types: Vec<&String> = content.as_object().unwrap().keys().collect();
    assert_eq!(
        types,
        ["multipart/form-data", "application/x-www-form-urlencoded"]
    );
}

#[test]
fn response_schema_becomes_content_per_produces_type() {
    let doc = converted("produces.yaml");
    let schema = json!({ "$ref": "#/components/schemas/Company" });
    assert_eq!(
        at(&doc, "/paths/~1company/get/responses/200"),
        &json!({
            "description": "OK",
            "content": {
                "application/json": { "schema": schema, "example": { "Name": "Acme" } },
                "application/xml": { "schema": schema },
            }
        })
    );
    // The operation's `produces` overrides the document's; `type: file` is a binary string.
    assert_eq!(
        at(&doc, "/paths/~1company~1logo/get/responses/200/content"),
        &json!({ "image/png": { "schema": { "type": "string", "format": "binary" } } })
    );
    // No schema, no content.
    assert_eq!(
        at(&doc, "/paths/~1company~1logo/get/responses/404"),
        &json!({ "description": "No logo" })
    );
}

#[test]
fn empty_produces_defaults_to_json() {
    let doc = converted("produces_default.yaml");
    assert_eq!(
        at(&doc, "/paths/~1ping/get/responses/200/content"),
        &json!({ "application/json": { "schema": { "type": "string" } } })
    );
}

#[test]
fn definitions_parameters_and_responses_move_to_components_with_refs_rewritten() {
    let doc = converted("definitions.yaml");
    let schemas = at(&doc, "/components/schemas");
    assert_eq!(
        schemas.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["Branch", "Address", "Message"]
    );
    assert_eq!(
        at(schemas, "/Branch/properties/Address"),
        &json!({ "$ref": "#/components/schemas/Address" })
    );
    assert_eq!(
        at(schemas, "/Branch/properties/Previous/items"),
        &json!({ "$ref": "#/components/schemas/Address" })
    );
    assert_eq!(
        at(schemas, "/Address/allOf/0"),
        &json!({ "$ref": "#/components/schemas/Message" })
    );
    assert_eq!(
        at(schemas, "/Address/allOf/1/additionalProperties"),
        &json!({ "$ref": "#/components/schemas/Message" })
    );
    let get = at(&doc, "/paths/~1branches/get");
    assert_eq!(
        at(get, "/parameters/0"),
        &json!({ "$ref": "#/components/parameters/Offset" })
    );
    assert_eq!(
        at(get, "/responses/200/content/application~1json/schema/items"),
        &json!({ "$ref": "#/components/schemas/Branch" })
    );
    assert_eq!(
        at(get, "/responses/default"),
        &json!({ "$ref": "#/components/responses/Problem" })
    );
    assert_eq!(
        at(&doc, "/components/parameters/Offset"),
        &json!({
            "name": "offset", "in": "query", "required": true, "style": "form",
            "schema": { "type": "integer", "format": "int32" },
        })
    );
    assert_eq!(
        at(
            &doc,
            "/components/responses/Problem/content/application~1json/schema"
        ),
        &json!({ "$ref": "#/components/schemas/Message" })
    );
    // Nothing still points at a 2.0 location.
    assert!(!doc.to_string().contains("#/definitions/"));
}

#[test]
fn host_base_path_and_schemes_become_servers() {
    let doc = converted("servers.yaml");
    assert_eq!(
        at(&doc, "/servers"),
        &json!([
            { "url": "https://live-api.letmc.com/api" },
            { "url": "http://live-api.letmc.com/api" },
        ])
    );
    let doc = converted("servers_default.yaml");
    assert_eq!(
        at(&doc, "/servers"),
        &json!([{ "url": "https://live-api.letmc.com" }])
    );
    assert!(converted("produces_default.yaml").get("servers").is_none());
}

#[test]
fn security_definitions_become_security_schemes() {
    let doc = converted("security.yaml");
    assert_eq!(
        at(&doc, "/components/securitySchemes"),
        &json!({
            "apiKey": { "type": "apiKey", "in": "header", "name": "api_key", "description": "ApiKey Authentication" },
            "basic": { "type": "http", "scheme": "basic", "description": "Basic HTTP Authentication" },
            "oauth": {
                "type": "oauth2",
                "flows": { "authorizationCode": {
                    "authorizationUrl": "https://example.com/authorize",
                    "tokenUrl": "https://example.com/token",
                    "scopes": { "read": "Read access" },
                } },
            },
            "machine": {
                "type": "oauth2",
                "flows": { "clientCredentials": { "tokenUrl": "https://example.com/token", "scopes": {} } },
            },
        })
    );
    assert_eq!(at(&doc, "/security"), &json!([{ "apiKey": [] }]));
}

#[test]
fn collection_format_becomes_style_and_explode() {
    let api = load_path(&fixture("collection_format.yaml")).unwrap();
    let (_, _, operation) = api.operations().next().unwrap();
    let styles: Vec<(String, String, Option<bool>)> = operation
        .parameters
        .iter()
        .map(|parameter| match parameter {
            ReferenceOr::Item(Parameter::Query {
                parameter_data,
                style,
                ..
            }) => (
                parameter_data.name.clone(),
                format!("{style:?}"),
                parameter_data.explode,
            ),
            ReferenceOr::Item(Parameter::Path {
                parameter_data,
                style,
            }) => (
                parameter_data.name.clone(),
                format!("{style:?}"),
                parameter_data.explode,
            ),
            ReferenceOr::Item(Parameter::Header {
                parameter_data,
                style,
            }) => (
                parameter_data.name.clone(),
                format!("{style:?}"),
                parameter_data.explode,
            ),
            other => panic!("unexpected parameter {other:?}"),
        })
        .collect();
    let expected = [
        ("ids", "Simple", Some(false)),
        ("multi", "Form", Some(true)),
        ("csv", "Form", Some(false)),
        // 2.0's default is csv, 3.0's default explodes: the conversion must say so.
        ("unset", "Form", Some(false)),
        ("ssv", "SpaceDelimited", Some(false)),
        ("pipes", "PipeDelimited", Some(false)),
        ("tsv", "Form", Some(false)),
        ("X-Ids", "Simple", Some(false)),
        // Not an array: no style to say.
        ("scalar", "Form", None),
    ];
    let expected: Vec<(String, String, Option<bool>)> = expected
        .iter()
        .map(|(n, s, e)| (n.to_string(), s.to_string(), *e))
        .collect();
    assert_eq!(styles, expected);
    // tsv has no 3.0 equivalent: the 2.0 format is kept as an extension.
    let doc = serde_json::to_value(&api).unwrap();
    assert_eq!(
        at(
            &doc,
            "/paths/~1properties~1{ids}/get/parameters/6/x-collectionFormat"
        ),
        &json!("tsv")
    );
    assert!(matches!(
        &operation.parameters[1],
        ReferenceOr::Item(Parameter::Query {
            style: QueryStyle::Form,
            ..
        })
    ));
}

#[test]
fn parameter_type_format_items_enum_default_become_its_schema() {
    let api = load_path(&fixture("parameter_schema.yaml")).unwrap();
    let doc = serde_json::to_value(&api).unwrap();
    let parameters = at(&doc, "/paths/~1appointments/get/parameters");
    let schemas: Vec<&Value> = parameters
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["schema"])
        .collect();
    assert_eq!(
        schemas,
        [
            &json!({ "type": "string", "format": "date-time" }),
            &json!({ "type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "default": 1000 }),
            &json!({ "type": "string", "enum": ["Sales", "Lettings"] }),
            &json!({ "type": "array", "items": { "type": "string", "format": "date", "enum": ["2024-01-01"] } }),
            &json!({ "type": "string", "pattern": "^[a-z]+$", "maxLength": 32 }),
        ]
    );
    // The typed model sees a real parameter schema, not leftovers.
    let (_, _, operation) = api.operations().next().unwrap();
    let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) = &operation.parameters[0]
    else {
        panic!("expected a query parameter")
    };
    assert!(parameter_data.required);
    assert!(matches!(
        parameter_data.format,
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(_))
    ));
    // Response headers get a schema the same way.
    assert_eq!(
        at(
            &doc,
            "/paths/~1appointments/get/responses/200/headers/X-Total"
        ),
        &json!({
            "description": "Total records",
            "style": "simple",
            "schema": { "type": "integer", "format": "int64" },
        })
    );
}

#[test]
fn extensions_are_kept_where_they_stood() {
    let doc = converted("extensions.yaml");
    for pointer in [
        "/x-providerName",
        "/info/x-logo",
        "/paths/x-paths-note",
        "/paths/~1things/x-path-note",
        "/paths/~1things/get/x-operation-note",
        "/paths/~1things/get/parameters/0/x-parameter-note",
        "/paths/~1things/get/responses/x-responses-note",
        "/paths/~1things/get/responses/200/x-response-note",
        "/components/schemas/Thing/x-schema-note",
        "/components/schemas/Thing/properties/Note/x-nullable",
    ] {
        at(&doc, pointer);
    }
    // 2.0 schema spellings that 3.0 says differently.
    assert_eq!(
        at(&doc, "/components/schemas/Thing/discriminator"),
        &json!({ "propertyName": "Kind" })
    );
    assert_eq!(
        at(&doc, "/components/schemas/Thing/properties/Note/nullable"),
        &json!(true)
    );
}

#[test]
fn path_level_parameters_stay_and_a_path_level_body_is_inherited() {
    let doc = converted("path_parameters.yaml");
    let item = at(&doc, "/paths/~1branches~1{branchID}");
    // Path parameters are required, even when the 2.0 document forgot to say so.
    assert_eq!(
        at(item, "/parameters"),
        &json!([{
            "name": "branchID", "in": "path", "required": true, "style": "simple",
            "schema": { "type": "string" },
        }])
    );
    assert_eq!(
        at(item, "/put/requestBody/content/application~1json/schema"),
        &json!({ "type": "object" })
    );
    // An operation's own body wins.
    assert_eq!(
        at(item, "/post/requestBody/content/application~1json/schema"),
        &json!({ "type": "string" })
    );
}
