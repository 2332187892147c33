//! The status policy as a table, and its overrides through the `Generator` builder.

use agentos_codegen::Generator;
use agentos_codegen::ir::{StatusOrigin, StatusReason};
use agentos_codegen::lower::{OperationFacts, StatusPolicy};

/// Facts of an operation; `id` says whether it addresses a resource by an id.
fn facts(inputs: bool, id: bool, declared: &[u16]) -> OperationFacts {
    OperationFacts {
        declared: declared
            .iter()
            .map(|c| (*c, format!("declared {c}")))
            .collect(),
        declared_default: false,
        declared_ranges: Vec::new(),
        has_inputs: inputs,
        id: id.then(|| "id".to_owned()),
    }
}

fn codes(policy: &StatusPolicy, facts: &OperationFacts) -> Vec<u16> {
    policy
        .apply(facts)
        .statuses
        .iter()
        .map(|s| s.code)
        .collect()
}

#[test]
fn agentos_policy_table() {
    let policy = StatusPolicy::agentos();
    let api_wide = [401, 403, 429, 500, 502, 503, 504];
    let with = |extra: &[u16]| {
        let mut all: Vec<u16> = api_wide.iter().chain(extra).copied().collect();
        all.sort_unstable();
        all
    };
    let table: [(&str, OperationFacts, Vec<u16>); 7] = [
        ("only shortName", facts(false, false, &[]), with(&[])),
        ("query inputs", facts(true, false, &[]), with(&[400])),
        ("path id", facts(true, true, &[]), with(&[400, 404])),
        // A path id without other inputs cannot happen (a path id is an input), but the rules
        // are independent.
        ("path id alone", facts(false, true, &[]), with(&[404])),
        (
            "declared 409",
            facts(true, false, &[409]),
            with(&[400, 409]),
        ),
        (
            "declared 405 is dropped",
            facts(false, false, &[405]),
            with(&[]),
        ),
        (
            "declared 404 without id",
            facts(false, false, &[404]),
            with(&[404]),
        ),
    ];
    for (name, facts, expected) in table {
        assert_eq!(codes(&policy, &facts), expected, "{name}");
    }
}

#[test]
fn reasons_are_recorded() {
    let set = StatusPolicy::agentos().apply(&facts(true, true, &[404, 500]));
    let reasons = |code: u16| {
        set.statuses
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.reasons.clone())
            .unwrap()
    };
    assert_eq!(reasons(400), [StatusReason::Inputs]);
    assert_eq!(reasons(401), [StatusReason::ApiWide]);
    assert_eq!(
        reasons(404),
        [
            StatusReason::Declared("declared 404".into()),
            StatusReason::Id("id".into())
        ]
    );
    assert_eq!(
        reasons(500),
        [
            StatusReason::Declared("declared 500".into()),
            StatusReason::ApiWide
        ]
    );
    assert_eq!(set.origin, StatusOrigin::Policy);
    assert_eq!(set.excluded, [405]);
    let variants: Vec<&str> = set.statuses.iter().map(|s| s.variant.as_str()).collect();
    assert_eq!(
        variants,
        [
            "BadRequest",
            "Unauthorized",
            "Forbidden",
            "NotFound",
            "TooManyRequests",
            "InternalServerError",
            "BadGateway",
            "ServiceUnavailable",
            "GatewayTimeout"
        ]
    );
}

#[test]
fn other_policies() {
    let declared = StatusPolicy::declared_only();
    assert_eq!(codes(&declared, &facts(true, true, &[])), Vec::<u16>::new());
    assert_eq!(
        codes(&declared, &facts(true, true, &[405, 422])),
        [405, 422]
    );
    let mut custom = StatusPolicy::agentos();
    custom.declared = false;
    custom.always = [500].into();
    assert_eq!(codes(&custom, &facts(true, true, &[409])), [400, 404, 500]);
    // The extension is exactly its list.
    let set = StatusPolicy::from_extension(&[409, 409, 422], &facts(true, true, &[404]));
    let listed: Vec<u16> = set.statuses.iter().map(|s| s.code).collect();
    assert_eq!(listed, [409, 422]);
    assert_eq!(set.origin, StatusOrigin::Extension);
    assert_eq!(set.statuses[0].reasons, [StatusReason::Extension]);
}

const DOC: &str = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
  "paths": {
    "/v2/tier2/{shortName}/branches/{branchID}": {"get": {"operationId": "BranchController_GetBranch",
      "parameters": [{"name": "shortName", "in": "path", "required": true, "schema": {"type": "string"}},
                     {"name": "branchID", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "OK"}, "409": {"description": "Conflict"}}}},
    "/v2/tier2/{shortName}/override": {"get": {"operationId": "X_Override", "x-agentos-statuses": [418],
      "responses": {"204": {"description": "none"}}}}}}"##;

fn generated_codes(generator: Generator) -> Vec<(String, Vec<u16>)> {
    let specs = generator.spec_text("doc.json", DOC).lower().unwrap();
    specs[0]
        .api
        .operations()
        .map(|(_, op)| {
            (
                op.type_name.clone(),
                op.errors.statuses.iter().map(|s| s.code).collect(),
            )
        })
        .collect()
}

#[test]
fn the_builder_overrides_the_policy() {
    let default = generated_codes(Generator::new());
    assert_eq!(
        default,
        [
            (
                "GetBranch".to_owned(),
                vec![400, 401, 403, 404, 409, 429, 500, 502, 503, 504]
            ),
            ("Override".to_owned(), vec![418]),
        ]
    );
    let custom = generated_codes(
        Generator::new()
            .api_wide_statuses([401, 503])
            .input_statuses([422])
            .id_statuses([410])
            .never_statuses([409])
            .declared_statuses(true),
    );
    assert_eq!(custom[0].1, [401, 410, 422, 503]);
    assert_eq!(custom[1].1, [418], "the extension still wins");
    let declared = generated_codes(Generator::new().status_policy(StatusPolicy::declared_only()));
    assert_eq!(declared[0].1, [409]);
    let none = generated_codes(
        Generator::new()
            .declared_statuses(false)
            .api_wide_statuses([]),
    );
    assert_eq!(none[0].1, [400, 404]);
}

#[test]
fn the_error_enum_documents_its_policy() {
    let code = Generator::new()
        .spec_text("doc.json", DOC)
        .generate()
        .unwrap();
    assert!(
        code.contains(
            "/// The variants are the operation's possible error statuses under the status policy: \
         the statuses the document declares (409); the API-wide 401, 403, 429, 500, 502, 503 and \
         504; 400 because the operation takes inputs besides `shortName`; 404 because it addresses \
         a resource by an id (`branchID`), which may be unknown, deleted or archived. Never 405: \
         the method is fixed at compile time, so a caller cannot provoke it."
        ),
        "{code}"
    );
    assert!(code.contains("/// - `409 Conflict`: Conflict"));
    assert!(code.contains(
        "/// The variants are the statuses listed in the operation's `x-agentos-statuses` extension"
    ));
    assert!(code.contains("418 => Ok(Self::ImATeapot(body)),"));
}

#[test]
fn an_id_in_the_query_addresses_a_resource_too() {
    // The real diary document: GET, PUT and DELETE `/appointment` take `appointmentID` in the
    // query. A required query parameter named like an id gives 404; an optional one, or a name
    // that only ends in the letters `id`, does not.
    let doc = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
      "paths": {"/v3/diary/{shortName}/appointment": {
        "get": {"parameters": [{"name": "appointmentID", "in": "query", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}}},
        "delete": {"parameters": [{"name": "paid", "in": "query", "required": true, "schema": {"type": "boolean"}}],
                "responses": {"204": {"description": "none"}}},
        "put": {"parameters": [{"name": "branchId", "in": "query", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "none"}}}}}}"##;
    let specs = Generator::new().spec_text("q.json", doc).lower().unwrap();
    let found = |method: &str| {
        let (_, op) = specs[0]
            .api
            .operations()
            .find(|(_, op)| op.method.as_str() == method)
            .unwrap();
        let not_found = op.errors.statuses.iter().find(|s| s.code == 404);
        not_found.map(|s| s.reasons.clone())
    };
    assert_eq!(
        found("GET"),
        Some(vec![StatusReason::Id("appointmentID".into())])
    );
    assert_eq!(found("DELETE"), None, "`paid` is no id");
    assert_eq!(
        found("PUT"),
        None,
        "an optional id does not address the resource"
    );
    for (name, is_id) in [
        ("id", true),
        ("ID", true),
        ("appointmentID", true),
        ("branchId", true),
        ("property_id", true),
        ("paid", false),
        ("valid", false),
        ("Id", true),
        ("identity", false),
    ] {
        assert_eq!(
            agentos_codegen::lower::status::is_id_name(name),
            is_id,
            "{name}"
        );
    }
}
