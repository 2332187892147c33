//! Appointments are state: created, read, updated, cancelled and deleted, each visible to the
//! calls that follow.

use agentos_sim::Method;

use crate::common::{appointment_body, create_appointment, get, send, sim};

#[tokio::test]
async fn an_appointment_lives_from_post_to_delete() {
    let sim = sim().await;
    let f = sim.fixtures();
    let id = create_appointment(&sim, "Viewing of flat 2").await;
    let path = format!("/v3/diary/demo/appointment?appointmentID={id}");

    let created = get(&sim, &path).await.json();
    assert_eq!(created["OID"], id.as_str());
    assert_eq!(created["Subject"], "Viewing of flat 2");
    assert_eq!(created["Start"], "2025-06-02T10:00:00");
    assert_eq!(created["Cancelled"], false);
    assert_eq!(
        created["LinkedProperties"][0]["OID"],
        f.property_id.as_str()
    );
    assert_eq!(created["LinkedGuest"][0]["Name"], "Ann Lee");
    let v2 = get(&sim, &format!("/v2/tier2/demo/diary/appointments/{id}")).await;
    assert_eq!(v2.status, 200);

    let update = send(
        &sim,
        Method::PUT,
        &format!("{path}&lettings=true&AllowMarketingCorrespondence=false"),
        Some(r#"{"Subject": "Second viewing", "AllocationDetails": {"Start": "2025-06-03T09:00:00", "End": "2025-06-03T09:30:00"}}"#),
    )
    .await;
    assert_eq!(update.status, 200, "{}", update.text);
    assert_eq!(update.json(), id.as_str());
    let updated = get(&sim, &path).await.json();
    assert_eq!(updated["Subject"], "Second viewing");
    assert_eq!(updated["Start"], "2025-06-03T09:00:00");
    assert_ne!(updated["ETag"], created["ETag"]);

    let cancel_path = format!("/v3/diary/demo/appointment/{id}/cancel");
    let cancel = send(&sim, Method::PATCH, &cancel_path, None).await;
    assert_eq!(cancel.status, 200);
    assert_eq!(get(&sim, &path).await.json()["Cancelled"], true);

    let delete = send(&sim, Method::DELETE, &path, None).await;
    assert_eq!(delete.status, 204);
    assert!(delete.text.is_empty());
    assert_eq!(get(&sim, &path).await.status, 404);
    assert_eq!(
        send(&sim, Method::PATCH, &cancel_path, None).await.status,
        404
    );
    assert_eq!(send(&sim, Method::DELETE, &path, None).await.status, 404);
    let put_gone = send(&sim, Method::PUT, &path, Some("{}")).await;
    assert_eq!(put_gone.status, 404);
}

#[tokio::test]
async fn created_appointments_show_up_in_searches_and_lists() {
    let sim = sim().await;
    let f = sim.fixtures();
    let total = |sim_answer: serde_json::Value| sim_answer["Count"].as_u64().unwrap();
    let list = "/v2/tier2/demo/diary/appointments?offset=0&count=1";
    let before = total(get(&sim, list).await.json());
    let search = format!(
        "/v3/diary/demo/appointmentsbetweendates?branchID={}&startDate=2025-06-02T00:00:00&endDate=2025-06-02T23:59:59&appointmentTypesToSearch={}&offset=0&count=1000",
        f.branch_id, f.appointment_type_ids[0]
    );
    let before_search = total(get(&sim, &search).await.json());
    let id = create_appointment(&sim, "Found by search").await;
    assert_eq!(total(get(&sim, list).await.json()), before + 1);
    let found = get(&sim, &search).await.json();
    assert_eq!(total(found.clone()), before_search + 1);
    assert!(
        found["Data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["OID"] == id.as_str())
    );
}

#[tokio::test]
async fn booking_checks_what_it_refers_to() {
    let sim = sim().await;
    let f = sim.fixtures();
    let unknown_property = send(
        &sim,
        Method::POST,
        "/v3/diary/demo/appointment?propertyIdentifier=NOPE",
        Some(&appointment_body(&f.appointment_type_ids[0], "x")),
    )
    .await;
    assert_eq!(unknown_property.status, 400);
    let unknown_type = send(
        &sim,
        Method::POST,
        &format!(
            "/v3/diary/demo/appointment?propertyIdentifier={}",
            f.property_id
        ),
        Some(&appointment_body("NOPE", "x")),
    )
    .await;
    assert_eq!(unknown_type.status, 400);
    assert!(unknown_type.message().contains("NOPE"));
    let backwards = send(
        &sim,
        Method::POST,
        &format!("/v3/diary/demo/appointment?propertyIdentifier={}", f.property_id),
        Some(&format!(
            r#"{{"AppointmentType": "{}", "AllocationDetails": {{"Start": "2025-01-01T11:00:00", "End": "2025-01-01T10:00:00"}}}}"#,
            f.appointment_type_ids[0]
        )),
    )
    .await;
    assert_eq!(backwards.status, 400);
}
