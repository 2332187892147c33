//! Lowering rules, asserted on the IR of `fixtures/gen/edge.yaml` and small inline documents.

use agentos_codegen::Generator;
use agentos_codegen::ir::{
    Api, Field, Method, Model, ModelKind, Operation, ParamLocation, ResponseKind, Segment,
    StatusOrigin, StatusReason, TypeRef,
};
use agentos_codegen::lower::{LowerOptions, lower};

const EDGE: &str = include_str!("fixtures/gen/edge.yaml");

fn edge() -> Api {
    let mut specs = Generator::new()
        .spec_text("edge.yaml", EDGE)
        .lower()
        .unwrap();
    specs.remove(0).api
}

fn op<'a>(api: &'a Api, method: Method, path: &str) -> &'a Operation {
    api.find_operation(method, path)
        .unwrap_or_else(|| panic!("no {method} {path}"))
        .1
}

fn model<'a>(api: &'a Api, name: &str) -> &'a Model {
    api.model(name).unwrap_or_else(|| panic!("no model {name}"))
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match &model(api, name).kind {
        ModelKind::Struct(fields) => fields,
        ModelKind::Enum(_) => panic!("{name} is an enum"),
    }
}

fn field<'a>(api: &'a Api, model_name: &str, wire: &str) -> &'a Field {
    fields(api, model_name)
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("no {model_name}.{wire}"))
}

fn codes(op: &Operation) -> Vec<u16> {
    op.errors.statuses.iter().map(|s| s.code).collect()
}

/// Lowers an OpenAPI 3.0 JSON text directly (no loader), for documents the loader refuses.
fn lower_json(text: &str) -> Result<Api, agentos_codegen::lower::LowerError> {
    let doc: openapiv3::OpenAPI = serde_json::from_str(text).unwrap();
    lower(&doc, &LowerOptions::default())
}

#[test]
fn wire_names_are_kept_and_rust_names_escaped() {
    let api = edge();
    let pairs: Vec<(&str, &str)> = fields(&api, "Item")
        .iter()
        .map(|f| (f.wire.as_str(), f.name.as_str()))
        .collect();
    for expected in [
        ("OID", "oid"),
        ("MIMEType", "mime_type"),
        ("Type", "r#type"),
        ("onlyDevelopement", "only_developement"),
    ] {
        assert!(pairs.contains(&expected), "{expected:?} in {pairs:?}");
    }
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    let params: Vec<(&str, &str)> = list
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.field.as_str()))
        .collect();
    assert!(params.contains(&("type", "r#type")));
    assert!(params.contains(&("self", "self_")));
    assert!(params.contains(&("isActive", "is_active")));
    let setter = |wire: &str| list.param(wire).unwrap().setter.clone();
    assert_eq!(setter("isActive"), "with_is_active");
    assert_eq!(setter("type"), "with_type");
}

#[test]
fn scalar_types_follow_formats() {
    let api = edge();
    let ty = |wire: &str| field(&api, "Item", wire).ty.clone();
    assert_eq!(ty("Created"), TypeRef::DateTime);
    assert_eq!(ty("Day"), TypeRef::Date);
    assert_eq!(ty("Price"), TypeRef::F32);
    assert_eq!(ty("Big"), TypeRef::I64);
    assert_eq!(ty("Tags"), TypeRef::Vec(Box::new(TypeRef::String)));
    assert_eq!(ty("Extra"), TypeRef::Map(Box::new(TypeRef::I32)));
    assert_eq!(ty("Anything"), TypeRef::Json);
    // A `$ref` to a primitive schema is inlined.
    assert_eq!(ty("Alias"), TypeRef::DateTime);
    assert_eq!(
        field(&api, "Employee", "Salary").ty,
        TypeRef::F64,
        "number without format"
    );
    let search = op(&api, Method::Post, "/v1/things/{shortName}/search");
    assert_eq!(
        search.param("c").unwrap().ty,
        TypeRef::I64,
        "integer without format"
    );
}

#[test]
fn required_nullable_and_read_only() {
    let api = edge();
    assert!(field(&api, "Item", "Big").required);
    assert!(field(&api, "Item", "Type").required);
    assert!(!field(&api, "Item", "OID").required);
    assert!(
        !field(&api, "Item", "Nullable").required,
        "nullable is optional"
    );
    let stamp = field(&api, "Item", "Stamp");
    assert!(stamp.read_only && !stamp.required);
    assert!(field(&api, "Item", "Legacy").deprecated);
    assert!(model(&api, "Old").deprecated);
}

#[test]
fn empty_objects_are_json_values_and_prelude_names_are_avoided() {
    let api = edge();
    assert!(
        api.model("Object").is_none(),
        "an empty object is not a model"
    );
    let list = op(&api, Method::Get, "/v1/models/{ShortName}/list");
    assert_eq!(list.response.kind, ResponseKind::Json(TypeRef::Json));
    // The `String` schema must not shadow `String` in the models module.
    assert!(api.model("String").is_none());
    assert_eq!(model(&api, "String2").wire, "String");
}

#[test]
fn enums_get_a_catch_all_and_are_deduplicated() {
    let api = edge();
    let ModelKind::Enum(status) = &model(&api, "Status").kind else {
        panic!("Status is not an enum");
    };
    let names: Vec<(&str, &str)> = status
        .variants
        .iter()
        .map(|v| (v.wire.as_str(), v.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Active", "Active"),
            ("Inactive", "Inactive"),
            ("in progress", "InProgress"),
            ("2nd", "N2nd"),
            ("Other", "Other"),
            ("Unknown", "Unknown"),
        ]
    );
    // `Other` and `Unknown` are values here, so the catch-all takes the next free name.
    assert_eq!(status.other, "Unlisted");

    // `Item.Kind` and the query parameter `type` list the same values: one enum.
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    assert_eq!(
        list.param("type").unwrap().ty,
        TypeRef::Model("Kind".into())
    );
    let ModelKind::Enum(kind) = &model(&api, "Kind").kind else {
        panic!("Kind is not an enum");
    };
    assert_eq!(kind.other, "Unknown");
    assert_eq!(kind.used_by.len(), 2, "{:?}", kind.used_by);
    assert_eq!(
        api.models
            .iter()
            .filter(|m| matches!(&m.kind, ModelKind::Enum(e) if e.variants.len() == 3 && e.variants[0].wire == "New"))
            .count(),
        1
    );
    // A component enum stays named after its schema.
    assert!(matches!(model(&api, "Color").kind, ModelKind::Enum(_)));
}

#[test]
fn cycles_are_boxed_and_nothing_else() {
    let api = edge();
    assert!(field(&api, "Item", "Parent").boxed, "self reference");
    assert!(field(&api, "Item", "Owner").boxed, "Item -> Person -> Item");
    assert!(
        field(&api, "Person", "Best").boxed,
        "Person -> Item -> Person"
    );
    assert!(
        !field(&api, "Item", "Nested").boxed,
        "inline model outside the cycle"
    );
    assert!(!field(&api, "Item", "Paint").boxed, "enum");
    assert!(
        !field(&api, "ItemResults", "Data").boxed,
        "Vec already boxes"
    );
}

#[test]
fn all_of_merges_and_inline_objects_are_named() {
    let api = edge();
    let wires: Vec<&str> = fields(&api, "Employee")
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(wires, ["Best", "Name", "Salary"]);
    assert_eq!(
        field(&api, "Item", "Nested").ty,
        TypeRef::Model("ItemNested".into())
    );
    let search = op(&api, Method::Post, "/v1/things/{shortName}/search");
    assert_eq!(
        search.body.as_ref().unwrap().ty,
        TypeRef::Model("SearchBody".into())
    );
    assert_eq!(
        search.response.kind,
        ResponseKind::Json(TypeRef::Model("SearchResponse".into()))
    );
    assert_eq!(
        field(&api, "SearchBody", "Filters").ty,
        TypeRef::Map(Box::new(TypeRef::String))
    );
}

#[test]
fn responses_and_bodies_pick_json_and_fall_back() {
    let api = edge();
    let items = "/v1/things/{shortName}/items/{itemID}";
    // 200 with a body next to a 204: the output is optional.
    assert_eq!(
        op(&api, Method::Delete, items).response.kind,
        ResponseKind::OptionalJson(TypeRef::Model("Item".into()))
    );
    // 204 only: `()`.
    let replace = op(&api, Method::Put, items);
    assert_eq!(replace.response.kind, ResponseKind::Empty);
    // A form-only body is typed from its schema and sent as a form, without a warning.
    let body = replace.body.as_ref().unwrap();
    assert_eq!(body.media_type, "application/x-www-form-urlencoded");
    assert!(body.is_form());
    assert!(body.required);
    assert!(
        !api.warnings
            .iter()
            .any(|w| w.pointer.ends_with("/put/requestBody")),
        "{:?}",
        api.warnings
    );
    // An image download is bytes.
    let photo = op(
        &api,
        Method::Get,
        "/v1/things/{shortName}/items/{itemID}/photo",
    );
    assert_eq!(photo.response.kind, ResponseKind::Bytes);
    // `text/json` is taken when `application/json` is missing (XML is never taken). The
    // page has required fields, which an empty success cannot fill: `Option`.
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    assert_eq!(
        list.response.kind,
        ResponseKind::OptionalJson(TypeRef::Model("ItemResults".into()))
    );
    assert!(list.paging.is_some(), "an `Option` page still pages");
    // An optional body.
    let patch = op(&api, Method::Patch, "/v1/things/{shortName}/patch");
    let body = patch.body.as_ref().unwrap();
    assert!(!body.required);
    assert_eq!(body.ty, TypeRef::Json, "oneOf is a JSON value");
}

#[test]
fn parameters_skip_what_the_client_supplies() {
    let api = edge();
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    let wires: Vec<&str> = list.params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(
        wires,
        [
            "offset", "count", "type", "ids", "tag", "X-Trace", "isActive", "self", "from"
        ],
        "shortName and the api_key are not fields; the header parameter is one"
    );
    assert_eq!(
        list.param("X-Trace").unwrap().location,
        agentos_codegen::ir::ParamLocation::Header
    );
    assert!(!api.warnings.iter().any(|w| w.message.contains("api_key")));
    assert!(!list.param("ids").unwrap().explode, "explode: false");
    assert!(
        list.param("tag").unwrap().explode,
        "form style explodes by default"
    );
    assert_eq!(list.param("from").unwrap().ty, TypeRef::Date);

    // A path-item parameter applies to every operation of the path.
    let get = op(&api, Method::Get, "/v1/things/{shortName}/items/{itemID}");
    let item_id = get.param("itemID").unwrap();
    assert_eq!(item_id.location, ParamLocation::Path);
    assert!(item_id.required);
    assert_eq!(
        get.segments,
        [
            Segment::Literal("/v1/things/".into()),
            Segment::ShortName,
            Segment::Literal("/items/".into()),
            Segment::Param(0),
        ]
    );
    // `{ShortName}` in another case is still the short name.
    let models = op(&api, Method::Get, "/v1/models/{ShortName}/list");
    assert!(models.segments.contains(&Segment::ShortName));
    assert!(models.params.is_empty());
    // A query parameter called `body` next to a body is renamed.
    let search = op(&api, Method::Post, "/v1/things/{shortName}/search");
    assert_eq!(search.param("body").unwrap().field, "body_2");
}

#[test]
fn operation_names_and_collisions() {
    let api = edge();
    let names: Vec<(&str, &str, &str)> = api
        .operations()
        .map(|(g, op)| (g.name.as_str(), op.fn_name.as_str(), op.type_name.as_str()))
        .collect();
    for expected in [
        ("things", "list_items", "ListItems"),
        // no operationId
        ("things", "get_items_by_item_id", "GetItemsByItemId"),
        // `Tag_Action`
        ("things", "replace", "Replace"),
        // `AController_Get` and `BController_Get` collide: both fall back to method + path.
        ("things", "get_a", "GetA"),
        ("things", "get_b", "GetB"),
        // keyword operationId
        ("things", "self_", "SelfType"),
        // a group called `models` cannot shadow the models module
        ("models_2", "get_list", "GetList"),
    ] {
        assert!(names.contains(&expected), "{expected:?} in {names:?}");
    }
    let get = op(&api, Method::Get, "/v1/things/{shortName}/items/{itemID}");
    // One spelling across the type, the logs and the reports: the request type's name.
    assert_eq!(get.id, "GetItemsByItemId", "OPERATION without an id");
    assert_eq!(get.id, get.type_name);
    assert_eq!(get.operation_id, None);
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    assert_eq!(list.id, "ThingController_ListItems");
}

#[test]
fn paging_is_detected_by_shape() {
    let api = edge();
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    let paging = list.paging.as_ref().expect("paged");
    assert_eq!(paging.item, TypeRef::Model("Item".into()));
    assert_eq!(list.params[paging.offset].wire, "offset");
    assert_eq!(list.params[paging.count].wire, "count");
    let total = paging.total_field.as_ref().expect("a Count");
    assert_eq!(total.ty, TypeRef::I64);
    assert!(!total.optional && !paging.data_field.optional);
    assert_eq!(paging.location, agentos_codegen::ir::ParamLocation::Query);

    // offset/count without a `{Data}` body, or the body without integer offset/count: not
    // paged. A `{Data}` body without `Count` pages, with no total.
    let doc = |offset_type: &str, body: &str| {
        format!(
            r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
            "paths": {{"/v2/tier2/{{shortName}}/x": {{"get": {{
              "parameters": [
                {{"name": "offset", "in": "query", "required": true, "schema": {{"type": "{offset_type}"}}}},
                {{"name": "count", "in": "query", "required": true, "schema": {{"type": "integer"}}}}],
              "responses": {{"200": {{"description": "OK", "content": {{"application/json":
                {{"schema": {body}}}}}}}}}}}}}}},
            "components": {{"schemas": {{
              "R": {{"properties": {{"Count": {{"type": "integer", "format": "int32"}},
                                      "Data": {{"type": "array", "items": {{"type": "string"}}}}}}}},
              "DataOnly": {{"properties": {{"Total": {{"type": "integer"}},
                                      "Data": {{"type": "array", "items": {{"type": "string"}}}}}}}}}}}}}}"##
        )
    };
    let paged = |text: String| {
        let api = lower_json(&text).unwrap();
        api.operations().next().unwrap().1.paging.clone()
    };
    let yes = paged(doc("integer", r##"{"$ref": "#/components/schemas/R"}"##)).unwrap();
    assert_eq!(yes.item, TypeRef::String);
    assert!(yes.total_field.as_ref().is_some_and(|t| t.optional));
    assert!(paged(doc("string", r##"{"$ref": "#/components/schemas/R"}"##)).is_none());
    let data_only = paged(doc(
        "integer",
        r##"{"$ref": "#/components/schemas/DataOnly"}"##,
    ))
    .expect("a {Data} page pages");
    assert_eq!(data_only.total_field, None);
    assert!(
        paged(doc(
            "integer",
            r##"{"type": "array", "items": {"type": "string"}}"##
        ))
        .is_none()
    );
}

#[test]
fn broken_documents_are_errors_with_pointers() {
    let dangling = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/v1/x": {"get": {"responses": {"200": {"description": "OK",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}}}}}}"##;
    let err = lower_json(dangling).unwrap_err();
    assert_eq!(
        err.pointer(),
        "#/paths/~1v1~1x/get/responses/200/content/application~1json/schema/$ref"
    );
    assert!(err.message.contains("#/components/schemas/Nope"), "{err}");

    let unclosed = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/v1/{id": {"get": {"responses": {"204": {"description": "none"}}}}}}"##;
    let err = lower_json(unclosed).unwrap_err();
    assert_eq!(err.pointer(), "#/paths/~1v1~1{id/get");
    assert!(err.message.contains("expected `}`"), "{err}");

    let bad_statuses = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/v1/x": {"get": {"x-agentos-statuses": [404, "teapot"],
          "responses": {"204": {"description": "none"}}}}}}"##;
    let err = Generator::new()
        .spec_text("bad.json", bad_statuses)
        .generate()
        .unwrap_err();
    assert_eq!(
        err.pointer(),
        Some("#/paths/~1v1~1x/get/x-agentos-statuses/1")
    );
    assert!(
        err.to_string().starts_with(
            "bad.json: #/paths/~1v1~1x/get/x-agentos-statuses/1: expected an error status code"
        ),
        "{err}"
    );
}

#[test]
fn undeclared_path_parameters_become_strings() {
    let text = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/v1/{shortName}/x/{id}": {"get": {"responses": {"204": {"description": "none"}}}}}}"##;
    let api = lower_json(text).unwrap();
    let (_, op) = api.operations().next().unwrap();
    let id = op.param("id").unwrap();
    assert_eq!(
        (id.location, &id.ty, id.required),
        (ParamLocation::Path, &TypeRef::String, true)
    );
    assert!(
        api.warnings
            .iter()
            .any(|w| w.message.contains("`id` is not declared"))
    );
}

#[test]
fn status_sets_of_the_edge_operations() {
    let api = edge();
    let items = "/v1/things/{shortName}/items/{itemID}";
    // Declared 404 (also a path id), declared 405 dropped, inputs give 400.
    let get = op(&api, Method::Get, items);
    assert_eq!(codes(get), [400, 401, 403, 404, 429, 500, 502, 503, 504]);
    let not_found = get.errors.statuses.iter().find(|s| s.code == 404).unwrap();
    assert_eq!(
        not_found.reasons,
        [
            StatusReason::Declared("No such item <id>.".into()),
            StatusReason::Id("itemID".into())
        ]
    );
    assert!(get.errors.declared_default);
    assert_eq!(get.errors.declared_ranges, [4]);
    assert_eq!(get.errors.excluded, [405]);
    // `x-agentos-statuses` replaces the policy.
    let replace = op(&api, Method::Put, items);
    assert_eq!(codes(replace), [409, 422]);
    assert_eq!(replace.errors.origin, StatusOrigin::Extension);
    // ... also with an empty list.
    assert!(codes(op(&api, Method::Delete, items)).is_empty());
    // No input besides shortName: no 400, no 404.
    let a = op(&api, Method::Get, "/v1/things/{shortName}/a");
    assert_eq!(codes(a), [401, 403, 429, 500, 502, 503, 504]);
    // Inputs but no path id: 400, no 404.
    let list = op(&api, Method::Get, "/v1/things/{shortName}/items");
    assert_eq!(codes(list), [400, 401, 403, 429, 500, 502, 503, 504]);
}

/// v4 pages in the path (`/{offset}/{count}`): in each dialect the operations are paged like
/// the query form, and their error enums hold `NotFound` only when another parameter
/// addresses something (the parent record of a child list), never because of the window.
#[test]
fn paging_in_the_path_is_paging_in_every_dialect() {
    use agentos_codegen::ir::ParamLocation;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen");
    let mut seen = 0;
    for fixture in ["v4_swagger2.yaml", "v4_oas30.yaml", "v4_oas31.json"] {
        let specs = agentos_codegen::Generator::new()
            .spec(dir.join(fixture))
            .lower()
            .unwrap_or_else(|e| panic!("{fixture}: {e}"));
        for (_, op) in specs[0].api.operations() {
            seen += 1;
            let paging = op
                .paging
                .as_ref()
                .unwrap_or_else(|| panic!("{fixture}: {} is not paged", op.path));
            assert_eq!(paging.location, ParamLocation::Path, "{}", op.path);
            assert!(op.path.to_ascii_lowercase().ends_with("/{offset}/{count}"));
            assert!(op.is_page_window(paging.offset) && op.is_page_window(paging.count));
            let codes: Vec<u16> = op.errors.statuses.iter().map(|s| s.code).collect();
            let parent = op
                .params
                .iter()
                .enumerate()
                .find(|(i, p)| p.location == ParamLocation::Path && !op.is_page_window(*i));
            match parent {
                Some((_, parent)) => {
                    assert!(codes.contains(&404), "{}: {codes:?}", op.path);
                    let reasons = &op
                        .errors
                        .statuses
                        .iter()
                        .find(|s| s.code == 404)
                        .unwrap()
                        .reasons;
                    assert!(
                        reasons
                            .contains(&agentos_codegen::ir::StatusReason::Id(parent.wire.clone())),
                        "{reasons:?}"
                    );
                }
                None => assert!(!codes.contains(&404), "{}: {codes:?}", op.path),
            }
        }
    }
    assert_eq!(seen, 6);
    // The `{Data}` page without `Count`: paged, without a total.
    let specs = agentos_codegen::Generator::new()
        .spec(dir.join("v4_swagger2.yaml"))
        .lower()
        .unwrap();
    let (_, lettings) = specs[0]
        .api
        .operations()
        .find(|(_, op)| op.type_name == "GetAdvertisedLettings")
        .unwrap();
    assert_eq!(lettings.paging.as_ref().unwrap().total_field, None);
}

/// An untyped object offered as JSON and XML is a file for a read (agentOS's downloads), and
/// free-form JSON for a request that creates or changes something (the maintenance document's
/// `POST .../createmaintenancejob`), unless `x-agentos-binary` says otherwise.
#[test]
fn only_a_read_answering_an_untyped_object_is_a_download() {
    let doc = |method: &str, extension: &str| {
        format!(
            r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
            "paths": {{"/v2/maintenance/{{shortName}}/job": {{"{method}": {{{extension}
              "responses": {{"200": {{"description": "OK", "content": {{
                "application/json": {{"schema": {{"$ref": "#/components/schemas/Object"}}}},
                "application/xml": {{"schema": {{"$ref": "#/components/schemas/Object"}}}}}}}}}}}}}}}},
            "components": {{"schemas": {{"Object": {{"type": "object"}}}}}}}}"##
        )
    };
    let kind = |method: &str, extension: &str| {
        let api = lower_json(&doc(method, extension)).unwrap();
        api.operations().next().unwrap().1.response.kind.clone()
    };
    assert_eq!(kind("get", ""), ResponseKind::Bytes);
    for write in ["post", "put", "patch", "delete"] {
        assert_eq!(
            kind(write, ""),
            ResponseKind::Json(TypeRef::Json),
            "{write}"
        );
        assert_eq!(
            kind(write, r#""x-agentos-binary": true,"#),
            ResponseKind::Bytes,
            "{write} with the extension"
        );
    }
    assert_eq!(
        kind("get", r#""x-agentos-binary": false,"#),
        ResponseKind::Json(TypeRef::Json)
    );
}

/// Required inputs of one Rust type are named in a struct `new` takes (two strings could be
/// swapped at a positional call without a compile error); inputs of distinct types stay
/// positional; the page window never counts; the struct's name is free in its call group.
#[test]
fn new_takes_a_struct_when_required_inputs_share_a_type() {
    let text = r#"{
      "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
      "paths": {
        "/v3/diary/{shortName}/login": {"get": {"operationId": "Login",
          "parameters": [
            {"name": "username", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "password", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "hint", "in": "query", "schema": {"type": "string"}}],
          "responses": {"204": {"description": "ok"}}}},
        "/v3/diary/{shortName}/loginrequired": {"get": {"operationId": "LoginRequired",
          "responses": {"204": {"description": "ok"}}}},
        "/v3/diary/{shortName}/slots": {"get": {"operationId": "Slots",
          "parameters": [
            {"name": "branchID", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "day", "in": "query", "required": true, "schema": {"type": "string", "format": "date-time"}},
            {"name": "offset", "in": "query", "required": true, "schema": {"type": "integer"}},
            {"name": "count", "in": "query", "required": true, "schema": {"type": "integer"}},
            {"name": "limit", "in": "query", "required": true, "schema": {"type": "integer"}}],
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"Count": {"type": "integer"},
              "Data": {"type": "array", "items": {"type": "string"}}}}}}}}}},
        "/v3/diary/{shortName}/note/{noteID}": {"put": {"operationId": "PutNote",
          "parameters": [
            {"name": "noteID", "in": "path", "required": true, "schema": {"type": "string"}}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "string"}}}},
          "responses": {"204": {"description": "ok"}}}}
      }
    }"#;
    let api = lower_json(text).unwrap();
    let required = |path: &str, method: Method| op(&api, method, path).required_struct.clone();
    // Two strings: named. The op `LoginRequired` has the plain name, so the struct is numbered.
    assert_eq!(
        required("/v3/diary/{shortName}/login", Method::Get).as_deref(),
        Some("LoginRequired2")
    );
    let login = op(&api, Method::Get, "/v3/diary/{shortName}/login");
    let inputs: Vec<&str> = login
        .constructor_inputs()
        .iter()
        .map(|i| i.field())
        .collect();
    assert_eq!(inputs, ["username", "password"]);
    // A string and a date-time (the integer page window is no input; `limit` the only
    // integer left): positional.
    assert_eq!(required("/v3/diary/{shortName}/slots", Method::Get), None);
    // A string parameter and a string body accept the same value: named.
    assert_eq!(
        required("/v3/diary/{shortName}/note/{noteID}", Method::Put).as_deref(),
        Some("PutNoteRequired")
    );
    // No inputs at all: positional (nothing to swap).
    assert_eq!(
        required("/v3/diary/{shortName}/loginrequired", Method::Get),
        None
    );
}
