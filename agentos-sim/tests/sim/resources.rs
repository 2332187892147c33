//! Resources hang together: a record created by POST is read by GET, counted and listed by the
//! list; PUT and PATCH change it; DELETE removes it, and every later call naming it is a 404.
//! On `spec/agentos.yaml` and on the vendor's own diary document (where the id travels in the
//! query and DELETE answers 200 with the id).

use std::path::Path;

use agentos_sim::{Method, Sim, SimConfig, ThrottleConfig};
use serde_json::Value;

use crate::common::{appointment_body, create_appointment, first, get, send, sim};

fn total(answer: &Value) -> u64 {
    answer["Count"]
        .as_u64()
        .unwrap_or_else(|| panic!("no Count in {answer}"))
}

#[tokio::test]
async fn an_appointment_lives_from_post_to_delete() {
    let sim = sim().await;
    let id = create_appointment(&sim, "Viewing of flat 2").await;
    let path = format!("/v3/diary/demo/appointment?appointmentID={id}");

    let created = get(&sim, &path).await.json();
    assert_eq!(created["OID"], id.as_str());
    // Fields of the body fill the record's fields of the same name, nested ones too.
    assert_eq!(created["Subject"], "Viewing of flat 2");
    assert_eq!(created["Start"], "2025-06-02T10:00:00");
    assert_eq!(created["End"], "2025-06-02T10:30:00");
    let v2 = get(&sim, &format!("/v2/tier2/demo/diary/appointments/{id}")).await;
    assert_eq!(v2.status, 200);
    assert_eq!(v2.json(), created, "both versions read one collection");

    let update = send(
        &sim,
        Method::PUT,
        &format!("{path}&lettings=true&AllowMarketingCorrespondence=false"),
        Some(r#"{"Subject": "Second viewing", "AllocationDetails": {"Start": "2025-06-03T09:00:00", "End": "2025-06-03T09:30:00"}}"#),
    )
    .await;
    assert_eq!(update.status, 200, "{}", update.text);
    assert_eq!(
        update.json(),
        id.as_str(),
        "a write answering a string answers the id"
    );
    let updated = get(&sim, &path).await.json();
    assert_eq!(updated["Subject"], "Second viewing");
    assert_eq!(updated["Start"], "2025-06-03T09:00:00");
    assert_ne!(
        updated["ETag"], created["ETag"],
        "a change gives a new ETag"
    );

    let cancel_path = format!("/v3/diary/demo/appointment/{id}/cancel");
    let cancel = send(&sim, Method::PATCH, &cancel_path, None).await;
    assert_eq!(cancel.status, 200, "{}", cancel.text);
    assert_eq!(get(&sim, &path).await.json()["Cancelled"], true);

    let delete = send(&sim, Method::DELETE, &path, None).await;
    assert_eq!(delete.status, 204, "the document declares 204");
    assert!(delete.text.is_empty());
    assert_eq!(get(&sim, &path).await.status, 404);
    assert_eq!(
        send(&sim, Method::PATCH, &cancel_path, None).await.status,
        404
    );
    assert_eq!(send(&sim, Method::DELETE, &path, None).await.status, 404);
    assert_eq!(send(&sim, Method::PUT, &path, Some("{}")).await.status, 404);
}

#[tokio::test]
async fn created_records_are_counted_and_listed_and_deleted_ones_are_not() {
    let sim = sim().await;
    let list =
        |offset: u64| format!("/v2/tier2/demo/diary/appointments?offset={offset}&count=1000");
    let before = total(&get(&sim, &list(0)).await.json());
    assert_eq!(before as usize, sim.count("DiaryAppointmentModel"));
    let id = create_appointment(&sim, "Counted").await;
    let after = get(&sim, &list(before)).await.json();
    assert_eq!(total(&after), before + 1);
    assert_eq!(
        after["Data"][0]["OID"],
        id.as_str(),
        "the new record comes last"
    );

    // A seeded record from the list is read by id, then deleted: gone from get and list.
    let old = get(&sim, &list(0)).await.json();
    let seeded = old["Data"][5]["OID"].as_str().unwrap().to_owned();
    let read = get(
        &sim,
        &format!("/v3/diary/demo/appointment?appointmentID={seeded}"),
    )
    .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.json()["OID"], seeded.as_str());
    let path = format!("/v3/diary/demo/appointment?appointmentID={seeded}");
    assert_eq!(send(&sim, Method::DELETE, &path, None).await.status, 204);
    assert_eq!(get(&sim, &path).await.status, 404);
    let page = get(&sim, &list(0)).await.json();
    assert_eq!(total(&page), before);
    assert!(
        page["Data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["OID"] != seeded.as_str())
    );
    assert_eq!(
        page["Data"][5], old["Data"][6],
        "the records after it move up"
    );
}

#[tokio::test]
async fn the_published_diary_document_hangs_together_with_the_id_in_the_query() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/openapi3/diary.json");
    if !doc.exists() {
        eprintln!("note: {} is missing: skipped", doc.display());
        return;
    }
    let sim = Sim::start(
        SimConfig::default()
            .spec(&doc)
            .throttle(ThrottleConfig::unlimited()),
    )
    .await
    .unwrap();
    let branch = first(&sim, "AdvertisingBranchModel");
    let types = first(&sim, "DiaryAppointmentTypeModel");
    let search = format!(
        "/v3/diary/demo/appointmentsbetweendates?branchID={branch}&startDate=2025-01-01T00:00:00&endDate=2026-01-01T00:00:00&appointmentTypesToSearch={types}&offset=0&count=1000"
    );
    let listed = get(&sim, &search).await.json();
    let before = total(&listed);
    let id = listed["Data"][0]["OID"].as_str().unwrap().to_owned();
    let path = format!("/v3/diary/demo/appointment?appointmentID={id}");
    let read = get(&sim, &path).await;
    assert_eq!(
        read.status, 200,
        "an id from the list is found: {}",
        read.text
    );
    assert_eq!(read.json(), listed["Data"][0]);

    let created = send(
        &sim,
        Method::POST,
        "/v3/diary/demo/appointment?propertyIdentifier=PRO000001",
        Some(&appointment_body(&types, "Posted")),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(total(&get(&sim, &search).await.json()), before + 1);

    let deleted = send(&sim, Method::DELETE, &path, None).await;
    assert_eq!(
        deleted.status, 200,
        "the document declares 200 with a string"
    );
    assert_eq!(deleted.json(), id.as_str());
    let gone = get(&sim, &path).await;
    assert_eq!(gone.status, 404);
    assert!(gone.message().contains(&id), "{}", gone.text);
    assert_eq!(total(&get(&sim, &search).await.json()), before);
    sim.shutdown().await;
}

/// Every child as the whole list pages it now.
async fn all_children(sim: &Sim) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let page = get(
            sim,
            &format!("/v1/family/demo/children?offset={}&count=7", all.len()),
        )
        .await
        .json();
        let data = page["Data"].as_array().unwrap().clone();
        if data.is_empty() {
            return all;
        }
        all.extend(data);
    }
}

#[tokio::test]
async fn lists_under_a_parent_page_exactly_the_records_pointing_at_it_through_any_changes() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parents.yaml");
    let sizes = agentos_sim::DatasetSize::uniform(60).model("ParentModel", 7);
    let sim = Sim::start(
        SimConfig::default()
            .spec(&doc)
            .dataset(sizes)
            .throttle(ThrottleConfig::unlimited()),
    )
    .await
    .unwrap();
    let parents = sim.ids("ParentModel", 7);
    let mut rng = fastrand::Rng::with_seed(7);
    for round in 0..40 {
        // A change of one of three kinds: delete a child, point one at another parent, or
        // create one under a parent.
        let children = all_children(&sim).await;
        let parent = &parents[rng.usize(..parents.len())];
        match round % 3 {
            0 => {
                let child = children[rng.usize(..children.len())]["OID"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let answer = send(
                    &sim,
                    Method::DELETE,
                    &format!("/v1/family/demo/children/{child}"),
                    None,
                )
                .await;
                assert_eq!(answer.status, 204, "{}", answer.text);
            }
            1 => {
                let child = children[rng.usize(..children.len())]["OID"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let body = format!(r#"{{"Parent": "{parent}"}}"#);
                let answer = send(
                    &sim,
                    Method::PUT,
                    &format!("/v1/family/demo/children/{child}"),
                    Some(&body),
                )
                .await;
                assert_eq!(answer.status, 200, "{}", answer.text);
            }
            _ => {
                let body = format!(r#"{{"Name": "new {round}", "Parent": "{parent}"}}"#);
                let answer =
                    send(&sim, Method::POST, "/v1/family/demo/children", Some(&body)).await;
                assert_eq!(answer.status, 200, "{}", answer.text);
                assert_eq!(answer.json()["Parent"], parent.as_str());
            }
        }
        // Each parent's list, page by page at an odd size, is the whole list filtered.
        let children = all_children(&sim).await;
        assert_eq!(children.len(), sim.count("ChildModel"));
        for parent in &parents {
            let want: Vec<&Value> = children
                .iter()
                .filter(|c| c["Parent"] == parent.as_str())
                .collect();
            let mut got = Vec::new();
            for offset in (0..=want.len()).step_by(3) {
                let page = get(
                    &sim,
                    &format!("/v1/family/demo/parents/{parent}/children?offset={offset}&count=3"),
                )
                .await
                .json();
                assert_eq!(page["Count"], want.len(), "round {round}, {parent}");
                got.extend(page["Data"].as_array().unwrap().clone());
            }
            let got: Vec<&Value> = got.iter().collect();
            let mut want_sorted = want.clone();
            want_sorted.sort_by_key(|c| c["OID"].as_str().unwrap().to_owned());
            let mut got_sorted = got.clone();
            got_sorted.sort_by_key(|c| c["OID"].as_str().unwrap().to_owned());
            assert_eq!(got_sorted, want_sorted, "round {round}, {parent}");
        }
    }
    sim.shutdown().await;
}
