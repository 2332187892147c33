//! References into places that are not components (`#/components/schemas/Account/definitions/x`,
//! where a document keeps JSON Schema `definitions` inside a schema): the loader copies such a
//! place into a component of its own, follows the references inside it that no schema keyword
//! led the walk to, and every error and warning points into the document as the user wrote it,
//! never at a component the loader made.

use agentos_codegen::Generator;
use agentos_codegen::ir::{ModelKind, TypeRef};

/// `Account.identifiers` points into `Account`'s own `definitions`, whose `identifiers` points
/// at its sibling `identifierType`: a reference only a hoisted copy shows.
fn document(identifier_type: &str) -> String {
    format!(
        r##"{{
  "openapi": "3.0.0",
  "info": {{"title": "Hoisting", "version": "1"}},
  "paths": {{
    "/accounts/{{id}}": {{
      "get": {{
        "operationId": "GetAccount",
        "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}],
        "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Account"}}}}}}}}}}
      }}
    }}
  }},
  "components": {{
    "schemas": {{
      "Account": {{
        "type": "object",
        "properties": {{
          "id": {{"type": "string"}},
          "identifiers": {{"$ref": "#/components/schemas/Account/definitions/identifiers"}}
        }},
        "definitions": {{
          "identifiers": {{
            "type": "object",
            "properties": {{
              "number": {{"type": "string"}},
              "type": {{"$ref": "#/components/schemas/Account/definitions/identifierType"}}
            }}
          }},
          "identifierType": {identifier_type}
        }}
      }}
    }}
  }}
}}"##
    )
}

#[test]
fn a_reference_inside_a_hoisted_schema_is_followed() {
    let text = document(r#"{"type": "string", "enum": ["Account", "Card"]}"#);
    let specs = Generator::new()
        .spec_text("hoisting.json", &text)
        .lower()
        .unwrap_or_else(|e| panic!("refused: {e}"));
    let api = &specs[0].api;
    let identifiers = api
        .models
        .iter()
        .find(|m| m.name == "AccountDefinitionsIdentifiers")
        .expect("the hoisted identifiers model");
    let ModelKind::Struct(fields) = &identifiers.kind else {
        panic!("{identifiers:?}")
    };
    let kind = fields.iter().find(|f| f.wire == "type").unwrap();
    let TypeRef::Model(enum_name) = &kind.ty else {
        panic!("the identifier's type is typed: {:?}", kind.ty)
    };
    assert!(
        matches!(
            api.model(enum_name).map(|m| &m.kind),
            Some(ModelKind::Enum(_))
        ),
        "{enum_name}"
    );
    // And the code compiles to what it says (generate runs the whole pipeline).
    Generator::new()
        .spec_text("hoisting.json", &text)
        .generate()
        .unwrap();
}

#[test]
fn an_error_inside_a_hoisted_schema_points_where_the_user_wrote_it() {
    // `type` must be a string: the model refuses an object there.
    let text = document(r#"{"type": {"type": "string"}}"#);
    let err = Generator::new()
        .spec_text("hoisting.json", &text)
        .lower()
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("#/components/schemas/Account/definitions/identifierType"),
        "{message}"
    );
    assert!(!message.contains("AccountDefinitions"), "{message}");
}

#[test]
fn a_warning_inside_a_hoisted_schema_points_where_the_user_wrote_it() {
    // A oneOf of two objects is typed as a JSON value, with a warning at its place.
    let text = document(
        r#"{"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "object", "properties": {"b": {"type": "integer"}}}]}"#,
    );
    let specs = Generator::new()
        .spec_text("hoisting.json", &text)
        .lower()
        .unwrap();
    let pointers: Vec<&str> = specs[0]
        .api
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert!(
        pointers.contains(&"#/components/schemas/Account/definitions/identifierType"),
        "{pointers:?}"
    );
    assert!(
        pointers.iter().all(|p| !p.contains("AccountDefinitions")),
        "{pointers:?}"
    );
}
