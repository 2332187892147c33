//! `#[agentos_endpoint]` end to end: functions declared for 15 operations of
//! `spec/agentos.yaml` (every method; path, query, body, enum, date-time and array inputs; a
//! binary download; paged streams, in the query and in the path), alone and as a module of
//! declarations sharing models, called against agentos-sim, checking both what they return
//! and what went over the wire.

use agentos_macros::agentos_endpoint;
use agentos_runtime::{ApiError, Client, DateTime};
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig};
use futures_util::TryStreamExt;

/// The company the key belongs to.
#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company", spec = "../spec/agentos.yaml")]
pub async fn company();

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes", spec = "../spec/agentos.yaml")]
pub async fn appointment_types();

/// v4 pages in the path: the window is no parameter here either.
#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/branches/{offset}/{count}", spec = "../spec/agentos.yaml")]
pub async fn branches();

/// The appointment calls of the diary, declared together: they share one `diary::models`, so
/// a free slot read by one is the body type of another.
#[agentos_endpoint(spec = "../spec/agentos.yaml")]
mod diary {
    use agentos_runtime::DateTime;

    #[agentos_endpoint(GET "/v3/diary/{shortName}/allocations")]
    pub async fn free_slots(
        preferred_date: DateTime,
        appointment_type: &str,
        branch_id: Option<&str>,
    );

    #[agentos_endpoint(POST "/v3/diary/{shortName}/appointment")]
    pub async fn book(property_identifier: &[&str], body: models::DiaryAppointmentDetails);

    #[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
    pub async fn appointment(appointment_id: String);

    // The query parameter is PascalCase on the wire; any spelling that differs only in case
    // and underscores names it.
    #[agentos_endpoint(PUT "/v3/diary/{shortName}/appointment")]
    pub async fn update_appointment(
        appointment_id: &str,
        allow_marketing_correspondence: bool,
        body: models::DiaryAppointmentDetails,
    );

    #[agentos_endpoint(PATCH "/v3/diary/{shortName}/appointment/{appointmentID}/cancel")]
    pub async fn cancel(appointment_id: &str);

    #[agentos_endpoint(DELETE "/v3/diary/{shortName}/appointment")]
    pub async fn delete_appointment(appointment_id: &str);

    #[agentos_endpoint(POST "/v3/diary/{shortName}/appointment/feedback")]
    pub async fn feedback(body: models::FeedbackSubmissionModel);

    /// Not an endpoint: kept as it is.
    pub fn first_type(ids: &[String]) -> &str {
        &ids[0]
    }
}

// Offset and count are left out: they default to the first page of 1000.
#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmentsbetweendates", spec = "../spec/agentos.yaml")]
async fn appointments_between(
    branch_id: &str,
    start_date: DateTime,
    end_date: DateTime,
    appointment_types_to_search: Vec<String>,
);

#[agentos_endpoint(GET "/v2/tier2/{shortName}/viewing/bookings", spec = "../spec/agentos.yaml")]
async fn viewing_slots(preferred_date: DateTime, property_ids_to_view: Vec<&str>);

#[agentos_endpoint(POST "/v2/tier2/{shortName}/viewing/bookings", spec = "../spec/agentos.yaml")]
async fn book_viewing(
    forename: &str,
    surname: &str,
    mobile_phone: &str,
    email_address: &str,
    property_ids_to_view: &[String],
    alert_tenant_type: Option<book_viewing::models::TenantSystemTypes>,
    body: book_viewing::models::ViewingBookingModel,
);

// A binary download, with an optional parameter left unset.
#[agentos_endpoint(GET "/v2/tier2/{shortName}/photos/photo/{photoID}/download", spec = "../spec/agentos.yaml")]
async fn photo(photo_id: &str, width: Option<i32>);

// The schema spells this template `{shortname}/{branchID}`: template names match in any case.
#[agentos_endpoint(GET "/v3/diary/{shortName}/{branchId}/guest/search", spec = "../spec/agentos.yaml")]
async fn guests(branch_id: &str, forename: &str, surname: &str, emailaddress: &str);

/// Converts between the copies of one schema model that two declarations generate.
fn convert<A: serde::Serialize, B: serde::de::DeserializeOwned>(value: &A) -> B {
    serde_json::from_value(serde_json::to_value(value).unwrap()).unwrap()
}

async fn start() -> (Sim, Client) {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .build()
        .unwrap();
    (sim, client)
}

#[tokio::test]
async fn reads_company_and_pages_appointment_types() {
    let (sim, client) = start().await;
    let company: company::Output = company(&client).await.unwrap();
    assert_eq!(company.short_name.as_deref(), Some(DEMO_SHORT_NAME));

    // The window is set as on the build script's requests.
    let first = client
        .get(&appointment_types::request().page(0, 2))
        .await
        .unwrap();
    let page = first.data.unwrap_or_default();
    assert_eq!(page.len(), 2);
    let total = usize::try_from(first.count.unwrap()).unwrap();

    // The paged stream of the same declaration, from the generated `request(..)`.
    let every: Vec<appointment_types::Item> = client
        .items(appointment_types::request())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(every.len(), total);
    assert_eq!(every[..2], page[..]);

    let logged = sim.requests();
    assert_eq!(logged[0].path, "/v4/advertising/demo/company/company");
    assert_eq!(logged[1].query, "offset=0&count=2");
    assert_eq!(logged[1].method.as_str(), "GET");
}

#[tokio::test]
async fn a_declaration_paged_in_the_path_pages_like_the_query_form() {
    let (sim, client) = start().await;
    // One window, as on the build script's requests: written into the path.
    let first = client.get(&branches::request().page(10, 5)).await.unwrap();
    assert_eq!(first.total(), Some(2_500));
    assert_eq!(first.into_items().len(), 5);
    // The declared function sends the first, fullest page.
    assert_eq!(branches(&client).await.unwrap().into_items().len(), 1000);
    let every: Vec<branches::Item> = client
        .items(branches::request())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(every.len(), 2_500);
    let paths: Vec<String> = sim.requests().into_iter().map(|r| r.path).collect();
    let base = "/v4/advertising/demo/company/branches";
    assert_eq!(
        paths,
        [
            format!("{base}/10/5"),
            format!("{base}/0/1000"),
            format!("{base}/0/1000"),
            format!("{base}/1000/1000"),
            format!("{base}/2000/1000"),
        ]
    );
}

/// Ids of records the calls name, from the simulator's collections.
struct Fixtures {
    branch_id: String,
    appointment_type_ids: Vec<String>,
    property_id: String,
    photo_id: String,
}

impl Fixtures {
    fn of(sim: &Sim) -> Fixtures {
        let first = |model: &str| sim.ids(model, 1).pop().unwrap();
        Fixtures {
            branch_id: first("BranchModel"),
            appointment_type_ids: sim.ids("DiaryAppointmentTypeModel", 1000),
            property_id: first("PropertyModel"),
            // spec/agentos.yaml reads no photos: any id downloads.
            photo_id: "PHO000001".to_owned(),
        }
    }
}

#[tokio::test]
async fn appointment_lifecycle_uses_every_method() {
    let (sim, client) = start().await;
    let fixtures = Fixtures::of(&sim);
    let kind = diary::first_type(&fixtures.appointment_type_ids).to_owned();
    let monday: DateTime = "2030-01-07T09:00:00".parse().unwrap();

    // GET with a date-time, a &str and an optional &str.
    let slots = diary::free_slots(&client, monday, &kind, Some(&fixtures.branch_id))
        .await
        .unwrap();
    let slot = slots.first().expect("free slots").clone();

    // POST with an array query parameter (repeated key) and a body.
    // The slot is a `diary::models::DiaryBookingModel`, the type the body holds.
    let body = diary::models::DiaryAppointmentDetails {
        appointment_type: Some(kind.clone()),
        subject: Some("Viewing".into()),
        allocation_details: Some(slot),
        ..Default::default()
    };
    let id = diary::book(&client, &[fixtures.property_id.as_str()], body)
        .await
        .unwrap()
        .expect("the new appointment's id");

    let booked = diary::appointment(&client, id.clone()).await.unwrap();
    assert_eq!(booked.subject.as_deref(), Some("Viewing"));

    // PUT with an optional query parameter declared as its plain type (always sent).
    let change = diary::models::DiaryAppointmentDetails {
        subject: Some("Second viewing".into()),
        ..Default::default()
    };
    diary::update_appointment(&client, &id, true, change)
        .await
        .unwrap();
    assert_eq!(
        diary::appointment(&client, id.clone())
            .await
            .unwrap()
            .subject
            .as_deref(),
        Some("Second viewing")
    );

    // POST with a body only.
    let note = diary::models::FeedbackSubmissionModel {
        appointment_id: Some(id.clone()),
        feedback: Some("Liked the garden".into()),
        ..Default::default()
    };
    assert!(
        diary::feedback(&client, note)
            .await
            .unwrap()
            .is_some_and(|text| !text.is_empty())
    );

    // PATCH with a path parameter, then DELETE (204, no body), then the id is gone (404).
    assert_eq!(diary::cancel(&client, &id).await.unwrap(), Some(id.clone()));
    let cancelled = diary::appointment(&client, id.clone()).await.unwrap();
    assert_eq!(cancelled.cancelled, Some(true));
    diary::delete_appointment(&client, &id).await.unwrap();
    match diary::appointment(&client, id.clone()).await {
        Err(ApiError::Status {
            error: diary::appointment::Error::NotFound(_),
            ..
        }) => {}
        other => panic!("expected the operation's 404 variant, got {other:?}"),
    }

    let wire: Vec<(String, String, String)> = sim
        .requests()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path, r.query))
        .collect();
    let methods: Vec<&str> = wire.iter().map(|(m, _, _)| m.as_str()).collect();
    assert_eq!(
        methods,
        [
            "GET", "POST", "GET", "PUT", "GET", "POST", "PATCH", "GET", "DELETE", "GET"
        ]
    );
    assert!(
        wire[0].2.contains("preferredDate=2030-01-07T09%3A00%3A00"),
        "{:?}",
        wire[0]
    );
    assert!(
        wire[0]
            .2
            .contains(&format!("branchID={}", fixtures.branch_id))
    );
    assert!(
        !wire[0].2.contains("lettings"),
        "undeclared optional sent: {:?}",
        wire[0]
    );
    assert_eq!(
        wire[1].2,
        format!("propertyIdentifier={}", fixtures.property_id)
    );
    assert!(
        wire[3].2.ends_with("AllowMarketingCorrespondence=true"),
        "{:?}",
        wire[3]
    );
    assert_eq!(wire[6].1, format!("/v3/diary/demo/appointment/{id}/cancel"));
}

#[tokio::test]
async fn arrays_enums_dates_and_downloads() {
    let (sim, client) = start().await;
    let fixtures = Fixtures::of(&sim);
    let from: DateTime = "2025-01-01T00:00:00".parse().unwrap();
    let to: DateTime = "2026-01-01T00:00:00".parse().unwrap();

    let found = appointments_between(
        &client,
        &fixtures.branch_id,
        from,
        to,
        fixtures.appointment_type_ids.clone(),
    )
    .await
    .unwrap();
    assert_eq!(
        usize::try_from(found.count.unwrap()).unwrap(),
        sim.count("DiaryAppointmentModel"),
        "the appointments name no branch: the search lists them all"
    );

    let monday: DateTime = "2030-01-07T00:00:00".parse().unwrap();
    let slots = viewing_slots(&client, monday, vec![fixtures.property_id.as_str()])
        .await
        .unwrap();
    let booked = book_viewing(
        &client,
        "Ada",
        "Lovelace",
        "07700 900000",
        "ada@example.com",
        std::slice::from_ref(&fixtures.property_id),
        Some(book_viewing::models::TenantSystemTypes::Student),
        convert(&slots[0]),
    )
    .await
    .unwrap();
    assert_eq!(booked, Some(true));

    let jpeg = photo(&client, &fixtures.photo_id, None).await.unwrap();
    assert!(!jpeg.bytes.is_empty());

    // A paged operation with parameters, as a stream (empty criteria match every guest).
    let everyone: Vec<guests::Item> = client
        .items(guests::request(&fixtures.branch_id, "", "", ""))
        .try_collect()
        .await
        .unwrap();
    let first = guests(&client, &fixtures.branch_id, "", "", "")
        .await
        .unwrap();
    assert_eq!(
        Some(everyone.len()),
        first.count.map(|c| usize::try_from(c).unwrap())
    );

    let logged = sim.requests();
    let types = fixtures
        .appointment_type_ids
        .iter()
        .map(|t| format!("appointmentTypesToSearch={t}"))
        .collect::<Vec<_>>()
        .join("&");
    assert!(logged[0].query.contains(&types), "{}", logged[0].query);
    assert!(
        logged[0].query.ends_with("offset=0&count=1000"),
        "{}",
        logged[0].query
    );
    assert!(
        logged[2].query.contains("alertTenantType=Student"),
        "{}",
        logged[2].query
    );
    assert!(!logged[3].query.contains("width"), "{}", logged[3].query);
    assert_eq!(
        logged[4].path,
        format!("/v3/diary/demo/{}/guest/search", fixtures.branch_id)
    );
}
