//! The simulator serves exactly the operations of `spec/agentos.yaml`: the schema parses, each
//! of its operations answers 2xx to valid parameters, the served table equals the schema's, and
//! methods the schema does not list answer 405.

use std::collections::BTreeSet;

use agentos_sim::{DEMO_SHORT_NAME, Fixtures, Method, Sim, SimConfig, ThrottleConfig};
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody};

use crate::common::{Answer, appointment_body, create_appointment, send};

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

fn resolve<'a>(api: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> &'a Parameter {
    match p {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            let name = reference.rsplit('/').next().unwrap();
            match &api.components.as_ref().unwrap().parameters[name] {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { .. } => panic!("nested parameter reference"),
            }
        }
    }
}

/// The schema name a request body refers to (`DiaryAppointmentDetails`, ...).
fn body_name(body: &ReferenceOr<RequestBody>) -> String {
    let schema_ref = match body {
        ReferenceOr::Reference { reference } => reference.clone(),
        ReferenceOr::Item(body) => match &body.content["application/json"].schema {
            Some(ReferenceOr::Reference { reference }) => reference.clone(),
            other => panic!("inline body schema {other:?}"),
        },
    };
    schema_ref.rsplit('/').next().unwrap().to_owned()
}

/// A valid value for each parameter name the schema uses (arrays: several values).
async fn values(sim: &Sim, f: &Fixtures, method: &Method, name: &str) -> Vec<String> {
    let one = |v: &str| vec![v.to_owned()];
    match name {
        "shortName" | "shortname" => one(DEMO_SHORT_NAME),
        "branchID" => one(&f.branch_id),
        // Deleting must not remove the appointment the other operations use.
        "appointmentID" if *method == Method::DELETE => {
            vec![create_appointment(sim, "to be deleted").await]
        }
        "appointmentID" | "diaryAppointmentID" => one(&f.appointment_id),
        "propertyID" | "propertyIdentifier" | "propertyIDsToView" => one(&f.property_id),
        "tenancyID" => one(&f.tenancy_id),
        "photoID" => one(&f.photo_id),
        "areaID" => one(&f.area_id),
        "countyID" => one(&f.county_id),
        "appointmentTypesToSearch" => f.appointment_type_ids.clone(),
        "appointmentType" => one(&f.appointment_type_ids[0]),
        "offset" => one("0"),
        "count" => one("10"),
        "startDate" | "rangeStartDate" | "preferredDate" => one(&f.appointments_from),
        "endDate" | "rangeEndDate" => one(&f.appointments_to),
        "onlyDevelopement" | "onlyInvestements" => one("false"),
        "forename" => one("Ann"),
        "surname" => one("Lee"),
        "mobilePhone" => one("07700 900123"),
        "emailAddress" => one("ann@example.com"),
        // The guest search takes empty criteria as "any".
        "emailaddress" => one(""),
        other => panic!("no test value for required parameter {other}: extend this table"),
    }
}

fn body(name: &str, f: &Fixtures) -> String {
    match name {
        "DiaryAppointmentDetails" => appointment_body(&f.appointment_type_ids[0], "Viewing"),
        "FeedbackSubmissionModel" => serde_json::json!({
            "AppointmentID": f.appointment_id,
            "PropertyID": f.property_id,
            "Feedback": "Liked the garden."
        })
        .to_string(),
        "ViewingBookingModel" => serde_json::json!({
            "Start": "2025-06-02T11:00:00",
            "End": "2025-06-02T11:45:00",
            "StaffName": "A Member",
            "StaffID": f.staff_id
        })
        .to_string(),
        other => panic!("no test body for {other}: extend this table"),
    }
}

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
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
    assert!(ops.iter().any(|(_, _, op)| op.deprecated));
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
    let served: Vec<(String, String)> = agentos_sim::operations()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_owned()))
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
async fn every_operation_of_the_schema_answers_2xx() {
    let api = schema();
    let sim = sim().await;
    let f = sim.fixtures();
    for (method, template, op) in operations(&api) {
        let mut path = template.clone();
        let mut query = Vec::new();
        for p in &op.parameters {
            let p = resolve(&api, p);
            let (data, in_path) = match p {
                Parameter::Path { parameter_data, .. } => (parameter_data, true),
                Parameter::Query { parameter_data, .. } => (parameter_data, false),
                other => panic!("unexpected parameter {other:?}"),
            };
            assert!(
                matches!(data.format, ParameterSchemaOrContent::Schema(_)),
                "{template}: {}",
                data.name
            );
            // The free-slot search needs a branch or a property, though neither is required.
            let needed = data.name == "branchID" && template.ends_with("/allocations");
            if !data.required && !needed {
                continue;
            }
            let values = values(&sim, &f, &method, &data.name).await;
            if in_path {
                path = path.replace(&format!("{{{}}}", data.name), &encode(&values[0]));
            } else {
                query.extend(
                    values
                        .iter()
                        .map(|v| format!("{}={}", data.name, encode(v))),
                );
            }
        }
        let body = op.request_body.as_ref().map(|b| body(&body_name(b), &f));
        let url = if query.is_empty() {
            path
        } else {
            format!("{path}?{}", query.join("&"))
        };
        let Answer {
            status,
            headers,
            text,
        } = send(&sim, method.clone(), &url, body.as_deref()).await;
        assert!(
            (200..300).contains(&status),
            "{method} {template} ({url}) answered {status}: {text}"
        );
        let content_type = headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        if status == 204 {
            assert!(text.is_empty(), "{method} {template}: 204 with a body");
        } else if content_type.starts_with("application/json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{method} {template}: invalid JSON ({e})"));
        } else {
            assert_eq!(content_type, "image/jpeg", "{method} {template}");
        }
        let declared = op
            .responses
            .responses
            .keys()
            .any(|code| matches!(code, openapiv3::StatusCode::Code(c) if *c == status));
        assert!(declared, "{method} {template}: {status} is not declared");
    }
    assert!(
        sim.requests()
            .iter()
            .all(|r| (200..300).contains(&r.status))
    );
}

#[tokio::test]
async fn methods_the_schema_does_not_list_answer_405_with_json() {
    let api = schema();
    let sim = sim().await;
    let f = sim.fixtures();
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
            .replace("{branchID}", &f.branch_id)
            .replace("{appointmentID}", &f.appointment_id)
            .replace("{propertyID}", &f.property_id);
        // Any other id: a placeholder value is enough to reach the method check.
        let concrete = concrete.replace(['{', '}'], "x");
        for method in all.iter().filter(|m| !listed.contains(&m.to_string())) {
            let answer = send(&sim, method.clone(), &concrete, Some("{}")).await;
            assert_eq!(answer.status, 405, "{method} {path}: {}", answer.text);
            assert!(!answer.message().is_empty());
        }
    }
}
