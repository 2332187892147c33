//! Inputs and lookups: 400 for bad parameters and bodies, 404 for unknown ids and paths, 405
//! for wrong methods, and paging that honours offset/count with the right totals.

use std::collections::HashSet;

use agentos_sim::Method;

use crate::common::{first, get, send, sim};

#[tokio::test]
async fn bad_paging_parameters_are_400_with_a_message() {
    let sim = sim().await;
    for query in [
        "offset=0&count=1001",
        "offset=0&count=-1",
        "offset=-1&count=10",
        "count=10",
        "offset=0",
        "offset=0&count=ten",
        "offset=0&count=2147483648",
    ] {
        let answer = get(&sim, &format!("/v3/diary/demo/appointmenttypes?{query}")).await;
        assert_eq!(answer.status, 400, "{query}: {}", answer.text);
        assert!(!answer.message().is_empty());
    }
    let too_many = get(&sim, "/v3/diary/demo/appointmenttypes?offset=0&count=1001").await;
    assert_eq!(too_many.message(), "count must not be greater than 1000.");
    let missing = get(&sim, "/v3/diary/demo/appointmenttypes?count=10").await;
    assert_eq!(missing.message(), "The offset parameter is required.");
    let max = get(&sim, "/v3/diary/demo/company/branches?offset=0&count=1000").await;
    assert_eq!(max.status, 200);
    assert_eq!(max.json()["Data"].as_array().unwrap().len(), 1000);
    // Parameter names bind without regard to case, as ASP.NET's model binding does.
    let any_case = get(&sim, "/v3/diary/demo/company/branches?Offset=0&COUNT=3").await;
    assert_eq!(any_case.json()["Data"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn bad_dates_missing_parameters_and_bad_values_are_400() {
    let sim = sim().await;
    let branch = first(&sim, "AdvertisingBranchModel");
    let between = |start: &str, types: &str| {
        format!(
            "/v3/diary/demo/appointmentsbetweendates?branchID={branch}&startDate={start}&endDate=2026-01-01T00:00:00{types}&offset=0&count=10"
        )
    };
    let t = format!(
        "&appointmentTypesToSearch={}",
        first(&sim, "DiaryAppointmentTypeModel")
    );
    assert_eq!(
        get(&sim, &between("2024-01-01T00:00:00", &t)).await.status,
        200
    );
    assert_eq!(
        get(&sim, &between("2024-01-01T00:00:00.5%2B01:00", &t))
            .await
            .status,
        200
    );
    for bad in ["2024-01-01", "01/02/2024", "2024-01-01T25:00:00", "soon"] {
        let answer = get(&sim, &between(bad, &t)).await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(
            answer.message(),
            format!(
                "The value '{bad}' is not valid for startDate: expected a date-time like 2024-01-31T09:30:00."
            )
        );
    }
    let missing = get(&sim, &between("2024-01-01T00:00:00", "")).await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.message(),
        "The appointmentTypesToSearch parameter is required."
    );
    // The misspelt wire name is the one read: a bad value under it is a 400, under the
    // corrected spelling (no parameter of the operation) it is ignored.
    let sales =
        |flags: &str| format!("/v4/advertising/demo/sales/advertised/0/5?branchID={branch}{flags}");
    assert_eq!(
        get(
            &sim,
            &sales("&onlyDevelopement=false&onlyInvestements=false")
        )
        .await
        .status,
        200
    );
    let corrected = get(&sim, &sales("&onlyDevelopment=yes&onlyInvestments=yes")).await;
    assert_eq!(corrected.status, 200, "{}", corrected.text);
    let not_bool = get(&sim, &sales("&onlyDevelopement=yes&onlyInvestements=false")).await;
    assert_eq!(not_bool.status, 400);
    assert_eq!(
        not_bool.message(),
        "The value 'yes' is not valid for onlyDevelopement: expected true or false."
    );
    let not_int = get(&sim, &format!("/v4/advertising/demo/sales/advertised/zero/5?branchID={branch}&onlyDevelopement=false&onlyInvestements=false")).await;
    assert_eq!(
        not_int.message(),
        "The value 'zero' is not valid for offset: expected a 32-bit integer."
    );
    // An enum value outside the schema's list.
    let booking = format!(
        "/v2/tier2/demo/viewing/bookings?forename=A&surname=B&mobilePhone=1&emailAddress=a@b&propertyIDsToView={}&alertTenantType=Astronaut",
        first(&sim, "PropertyModel")
    );
    let body = format!(
        r#"{{"Start":"2025-01-01T10:00:00","End":"2025-01-01T10:30:00","StaffName":"X","StaffID":"{}"}}"#,
        first(&sim, "ApplicationStaffModel")
    );
    let answer = send(&sim, Method::POST, &booking, Some(&body)).await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.message().starts_with(
            "The value 'Astronaut' is not valid for alertTenantType: expected one of "
        ),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn malformed_or_missing_json_bodies_are_400() {
    let sim = sim().await;
    let path = format!(
        "/v3/diary/demo/appointment?propertyIdentifier={}",
        first(&sim, "PropertyModel")
    );
    for (body, message) in [
        (
            "{not json",
            "The request body is not valid JSON: key must be a string at line 1 column 2.",
        ),
        ("", "The request body is required."),
        ("[1, 2]", "The request body is invalid: expected an object."),
        (
            r#"{"AppointmentType": 5}"#,
            "The request body is invalid at 'AppointmentType': expected a string.",
        ),
        (
            r#"{"AppointmentType": "T", "AllocationDetails": {"Start": "tomorrow", "End": "2025-01-01T11:00:00"}}"#,
            "The request body is invalid at 'AllocationDetails.Start': expected a date-time like 2024-01-31T09:30:00.",
        ),
    ] {
        let answer = send(&sim, Method::POST, &path, Some(body)).await;
        assert_eq!(answer.status, 400, "{body:?}: {}", answer.text);
        assert_eq!(answer.message(), message, "{body:?}");
    }
    // Nothing of the feedback is required by the document; its types are.
    let feedback = |body: &'static str| {
        send(
            &sim,
            Method::POST,
            "/v3/diary/demo/appointment/feedback",
            Some(body),
        )
    };
    assert_eq!(feedback("{}").await.status, 200);
    let wrong = feedback(r#"{"Feedback": ["liked it"]}"#).await;
    assert_eq!(
        wrong.message(),
        "The request body is invalid at 'Feedback': expected a string."
    );
}

#[tokio::test]
async fn unknown_ids_are_404_and_ids_are_decoded_before_lookup() {
    let sim = sim().await;
    for path in [
        "/v4/advertising/demo/company/branches/NOPE",
        "/v3/diary/demo/company/branches/NOPE",
        "/v2/tier2/demo/branch/branches/%2E%2E%2Fx",
        "/v2/tier2/demo/property/properties/NOPE",
        "/v2/tier2/demo/property/properties/NOPE/rooms?offset=0&count=10",
        "/v2/tier2/demo/diary/appointments/NOPE",
        "/v2/tier2/demo/lettings/tenancies/NOPE",
        "/v2/tier1/demo/area/areas/NOPE",
        "/v2/tier1/demo/county/counties/NOPE/branches?offset=0&count=10",
        "/v3/diary/demo/appointment?appointmentID=NOPE",
        "/v3/diary/demo/NOPE/guest/search?forename=&emailaddress=&surname=&offset=0&count=1",
    ] {
        let answer = get(&sim, path).await;
        assert_eq!(answer.status, 404, "{path}: {}", answer.text);
        assert!(!answer.message().is_empty());
    }
    // A real id, percent-encoded in full, is found: ids are decoded.
    let branch = first(&sim, "BranchModel");
    let encoded: String = branch.bytes().map(|b| format!("%{b:02X}")).collect();
    let found = get(&sim, &format!("/v2/tier2/demo/branch/branches/{encoded}")).await;
    assert_eq!(found.status, 200);
    assert_eq!(found.json()["OID"], branch.as_str());
    let cancel = send(
        &sim,
        Method::PATCH,
        "/v3/diary/demo/appointment/NOPE/cancel",
        None,
    )
    .await;
    assert_eq!(cancel.status, 404);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_with_json() {
    let sim = sim().await;
    for path in [
        "/",
        "/nothing",
        "/v3/diary/demo/nothing",
        "/v9/other/demo/x",
    ] {
        let answer = get(&sim, path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(!answer.message().is_empty());
    }
    let wrong = send(
        &sim,
        Method::DELETE,
        "/v4/advertising/demo/company/company",
        None,
    )
    .await;
    assert_eq!(wrong.status, 405);
    assert_eq!(wrong.headers["allow"], "GET");
    assert!(
        wrong.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(!wrong.message().is_empty());
}

#[tokio::test]
async fn pages_honour_offset_and_count_and_report_the_total() {
    let sim = sim().await;
    let mut seen = HashSet::new();
    for offset in [0, 1000, 2000] {
        let page = get(
            &sim,
            &format!("/v2/tier2/demo/branch/branches?offset={offset}&count=1000"),
        )
        .await;
        let json = page.json();
        assert_eq!(json["Count"], 2500);
        let data = json["Data"].as_array().unwrap();
        assert_eq!(data.len(), if offset == 2000 { 500 } else { 1000 });
        for branch in data {
            assert!(seen.insert(branch["OID"].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(seen.len(), 2500);
    let past = get(
        &sim,
        "/v2/tier2/demo/branch/branches?offset=2500&count=1000",
    )
    .await
    .json();
    assert_eq!(past["Count"], 2500);
    assert!(past["Data"].as_array().unwrap().is_empty());
    let window = get(&sim, "/v2/tier2/demo/branch/branches?offset=10&count=10")
        .await
        .json();
    let twenty = get(&sim, "/v2/tier2/demo/branch/branches?offset=0&count=20")
        .await
        .json();
    assert_eq!(
        window["Data"].as_array().unwrap()[..],
        twenty["Data"].as_array().unwrap()[10..]
    );

    // A list under a parent id pages over the records whose field names that parent.
    let county = first(&sim, "CountyModel");
    let all = sim.records("BranchModel", sim.count("BranchModel"));
    let of_county = all
        .iter()
        .filter(|b| b["County"] == county.as_str())
        .count();
    assert!(of_county > 0, "the seeded branches name the counties");
    let page = get(
        &sim,
        &format!("/v2/tier1/demo/county/counties/{county}/branches?offset=1&count=1000"),
    )
    .await
    .json();
    assert_eq!(page["Count"], of_county);
    assert_eq!(page["Data"].as_array().unwrap().len(), of_county - 1);
}

#[tokio::test]
async fn records_use_the_schemas_wire_names() {
    let sim = sim().await;
    let room = get(
        &sim,
        &format!(
            "/v2/tier2/demo/property/properties/{}/rooms?offset=0&count=1",
            first(&sim, "PropertyModel")
        ),
    )
    .await
    .json();
    let room = &room["Data"][0];
    assert!(room.get("WidthCentiMeters").is_some(), "{room}");
    assert!(room.get("OID").is_some() && room.get("ETag").is_some());
    let appointment = get(
        &sim,
        &format!(
            "/v3/diary/demo/appointment?appointmentID={}",
            first(&sim, "DiaryAppointmentModel")
        ),
    )
    .await
    .json();
    // Date-times in agentOS's form: no offset, no fraction.
    let start = appointment["Start"].as_str().unwrap();
    assert_eq!(start.len(), 19, "{start}");
    assert_eq!(&start[10..11], "T");
    assert!(appointment["OID"].as_str().unwrap().starts_with("APP"));
}

#[tokio::test]
async fn hostile_inputs_get_4xx_never_a_crash() {
    let sim = sim().await;
    for path in [
        "/v2/tier2/demo/branch/branches/%FF%FE",
        "/v2/tier2/%FF/company",
        "/v2/tier2/demo/branch/branches?offset=%FF&count=1",
        "/v2/tier2/demo/branch/branches/a%00b",
        "/v2/tier2/demo//company",
        "/v3/diary/demo/appointmentsbetweendates?branchID=x&startDate=9999-99-99T99:99:99&endDate=&appointmentTypesToSearch=&offset=0&count=1",
        "/v3/diary/demo/allocations?preferredDate=2024-01-01T00:00:00&appointmentType=x&lettings=maybe",
    ] {
        let answer = get(&sim, path).await;
        assert!(
            (400..500).contains(&answer.status),
            "{path}: {} {}",
            answer.status,
            answer.text
        );
    }
    let huge = "x".repeat(100_000);
    let answer = send(
        &sim,
        Method::POST,
        &format!(
            "/v3/diary/demo/appointment?propertyIdentifier={}",
            first(&sim, "PropertyModel")
        ),
        Some(&format!(r#"{{"AppointmentType": ["{huge}"]}}"#)),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(get(&sim, "/v2/tier1/demo/company").await.status, 200);
}
