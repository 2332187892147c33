//! `oneOf`/`anyOf` whose alternatives share one wire form, and `allOf`s that only annotate or
//! nest: typed as what they are on the wire instead of a JSON value (issue 24).

use agentos_codegen::Generator;
use agentos_codegen::ir::{Api, ModelKind, TypeRef};

const DOCUMENT: &str = include_str!("fixtures/gen/unions.yaml");

fn api() -> Api {
    Generator::new()
        .spec_text("unions.yaml", DOCUMENT)
        .lower()
        .unwrap()
        .remove(0)
        .api
}

fn field(api: &Api, model: &str, wire: &str) -> TypeRef {
    let Some(ModelKind::Struct(fields)) = api.model(model).map(|m| &m.kind) else {
        panic!("{model} is no struct: {:?}", api.model(model))
    };
    fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("{model}.{wire}"))
        .ty
        .clone()
}

#[test]
fn an_any_of_strings_is_a_string_and_is_written_as_one() {
    let api = api();
    let (_, op) = api.operations().next().unwrap();
    assert_eq!(op.params[0].ty, TypeRef::String);
    let code = Generator::new()
        .spec_text("unions.yaml", DOCUMENT)
        .generate()
        .unwrap();
    // A string goes into the path as it is, never as JSON text (`/ip/%221.2.3.4%22`).
    assert!(code.contains("pub address: String"), "{code}");
}

#[test]
fn alternatives_of_one_wire_form_are_that_form() {
    let api = api();
    assert_eq!(field(&api, "Place", "size"), TypeRef::F64);
    assert_eq!(field(&api, "Place", "kind"), TypeRef::String);
    // Different forms stay a JSON value, with a warning at their place.
    assert_eq!(field(&api, "Place", "either"), TypeRef::Json);
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer.ends_with("/either") && w.message.contains("oneOf/anyOf")),
        "{:?}",
        api.warnings
    );
}

#[test]
fn an_all_of_that_annotates_or_nests_is_typed() {
    let api = api();
    // `allOf: [{$ref: BlockIndex}, {description}]` is a BlockIndex: an integer.
    assert_eq!(field(&api, "Place", "index"), TypeRef::I64);
    // An allOf whose first member is itself an allOf of objects: one struct with every field.
    for wire in ["name", "at", "index", "size", "kind", "either"] {
        field(&api, "Place", wire);
    }
    assert!(
        !api.warnings.iter().any(|w| w.message.contains("allOf")),
        "{:?}",
        api.warnings
    );
}
