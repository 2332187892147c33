//! The simulator serves exactly the operations of `spec/agentos.yaml`: the schema parses, the
//! served table equals the schema's, and methods the schema does not list answer 405 (that
//! every operation answers what its document declares is `documents.rs`).

use std::collections::BTreeSet;

use agentos_sim::{Method, Sim, SimConfig, ThrottleConfig};
use openapiv3::{OpenAPI, ReferenceOr};

use crate::common::{first, send};

/// A simulator that never throttles: these tests make many calls on one key.
async fn sim() -> Sim {
    Sim::start(SimConfig::default().throttle(ThrottleConfig::unlimited()))
        .await
        .unwrap()
}

fn schema() -> OpenAPI {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/agentos.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// Every (method, path, operation) of the schema, with `$ref` parameters resolved.
fn operations(api: &OpenAPI) -> Vec<(Method, String, openapiv3::Operation)> {
    let mut all = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            panic!("path item {path} is a reference")
        };
        for (method, op) in item.iter() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            all.push((method, path.clone(), op.clone()));
        }
    }
    all
}

#[test]
fn the_schema_parses_and_has_the_required_shape() {
    let api = schema();
    assert_eq!(api.openapi, "3.0.3");
    let ops = operations(&api);
    assert!(ops.len() >= 30, "{} operations", ops.len());
    let groups: BTreeSet<String> = ops
        .iter()
        .map(|(_, p, _)| p.split('/').take(3).collect::<Vec<_>>().join("/"))
        .collect();
    assert_eq!(
        groups,
        BTreeSet::from(
            ["/v2/tier1", "/v2/tier2", "/v3/diary", "/v4/advertising"].map(String::from)
        )
    );
    let methods: BTreeSet<&Method> = ops.iter().map(|(m, _, _)| m).collect();
    assert_eq!(methods.len(), 5, "{methods:?}");
    // The v4 rewrite (650502d) removed the schema's only deprecated operation; deprecation is
    // covered by the generator's fixtures, so it is not asked of this schema any more.
    assert!(ops.iter().any(|(_, _, op)| op.operation_id.is_none()));
    assert!(
        ops.iter()
            .all(|(_, p, _)| p.contains("{shortName}") || p.contains("{shortname}"))
    );
    assert!(ops.iter().any(|(_, p, _)| p.contains("{shortname}")));
    let schemes = &api.components.as_ref().unwrap().security_schemes;
    assert!(schemes.contains_key("api_key"));
}

#[test]
fn the_served_table_is_the_schema() {
    let api = schema();
    let want: BTreeSet<(String, String)> = operations(&api)
        .into_iter()
        .map(|(m, p, _)| (m.to_string(), p))
        .collect();
    let served: Vec<(String, String)> = agentos_sim::operations(&SimConfig::default())
        .unwrap()
        .into_iter()
        .map(|op| (op.method.to_string(), op.path))
        .collect();
    let served_set: BTreeSet<(String, String)> = served.iter().cloned().collect();
    assert_eq!(
        served.len(),
        served_set.len(),
        "an operation is registered twice"
    );
    assert_eq!(served_set, want);
}

#[tokio::test]
async fn methods_the_schema_does_not_list_answer_405_with_json() {
    let api = schema();
    let sim = sim().await;
    let all = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            unreachable!()
        };
        let listed: Vec<String> = item.iter().map(|(m, _)| m.to_uppercase()).collect();
        let concrete = path
            .replace("{shortName}", "demo")
            .replace("{shortname}", "demo")
            .replace("{branchID}", &first(&sim, "BranchModel"))
            .replace("{appointmentID}", &first(&sim, "DiaryAppointmentModel"))
            .replace("{propertyID}", &first(&sim, "PropertyModel"))
            .replace("{countyID}", &first(&sim, "CountyModel"));
        // Any other id: a placeholder value is enough to reach the method check.
        let concrete = concrete.replace(['{', '}'], "x");
        for method in all.iter().filter(|m| !listed.contains(&m.to_string())) {
            let answer = send(&sim, method.clone(), &concrete, Some("{}")).await;
            assert_eq!(answer.status, 405, "{method} {path}: {}", answer.text);
            assert!(!answer.message().is_empty());
        }
    }
}
