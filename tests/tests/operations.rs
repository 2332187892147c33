//! Every operation of `spec/agentos.yaml`, called once through the client that `build.rs`
//! generated, against agentos-sim over real HTTP: each answers its typed output, and the
//! simulator's log shows every operation it serves was called.

mod common;

use agentos_runtime::{Client, DateTime};
use agentos_sim::Sim;
use agentos_tests::agentos::models::{
    DiaryAppointmentDetails, DiaryBookingModel, FeedbackSubmissionModel,
    SalesInstructionModelPropertyType, SystemType, ViewingBookingModel,
};
use agentos_tests::agentos::{advertising, diary, tier1, tier2};

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

/// Ids of records the calls name, from the simulator's collections.
struct Ids {
    /// A branch that lets tenancies.
    branch: String,
    appointment_types: Vec<String>,
    appointment: String,
    property: String,
    tenancy: String,
    area: String,
    county: String,
    staff: String,
}

/// The `field` of the first record of `model`'s collection.
fn field_of_first(sim: &Sim, model: &str, field: &str) -> String {
    sim.records(model, 1)[0][field]
        .as_str()
        .unwrap_or_else(|| panic!("{model} has no {field}"))
        .to_owned()
}

impl Ids {
    fn of(sim: &Sim) -> Ids {
        Ids {
            branch: field_of_first(sim, "TenancyModel", "Branch"),
            appointment_types: sim.ids("DiaryAppointmentTypeModel", 1000),
            appointment: common::first(sim, "DiaryAppointmentModel"),
            property: common::first(sim, "PropertyModel"),
            tenancy: common::first(sim, "TenancyModel"),
            area: common::first(sim, "AreaModel"),
            county: common::first(sim, "CountyModel"),
            staff: common::first(sim, "ApplicationStaffModel"),
        }
    }
}

/// The v4 advertising group as a website's import walks it: company, branches, the
/// advertised sales and lettings (paged in the path), each record's detail and children, and
/// the downloads, every id taken from an earlier answer.
async fn advertising_group(client: &Client) {
    let company = client.get(&advertising::GetCompany::new()).await.unwrap();
    assert_eq!(company.short_name.as_deref(), Some("demo"));

    let branches = client
        .get(&advertising::GetBranches::new().page(0, 10))
        .await
        .unwrap();
    assert_eq!(branches.total(), Some(2_500));
    let branches = branches.into_items();
    assert_eq!(branches.len(), 10);

    // Sales: the advertised summaries, then one instruction and its four child lists.
    let sales = client
        .get(&advertising::GetAdvertisedSales::new().page(0, 50))
        .await
        .unwrap()
        .into_items();
    assert!(!sales.is_empty());
    let sale = sales[0].oid.clone().unwrap();
    let instruction = client
        .get(&advertising::GetSalesInstruction::new(&sale))
        .await
        .unwrap();
    assert_eq!(instruction.oid.as_deref(), Some(sale.as_str()));
    // Enums arrive as their variants, not as the catch-all for unknown values.
    assert!(!matches!(
        instruction.property_type,
        Some(SalesInstructionModelPropertyType::Other(_))
    ));
    let features = client
        .get(&advertising::GetSalesInstructionFeatures::new(&sale))
        .await
        .unwrap();
    let rooms = client
        .get(&advertising::GetSalesInstructionRooms::new(&sale))
        .await
        .unwrap();
    let floorplans = client
        .get(&advertising::GetSalesInstructionFloorplans::new(&sale))
        .await
        .unwrap();
    let photos = client
        .get(&advertising::GetSalesInstructionPhotos::new(&sale))
        .await
        .unwrap()
        .into_items();
    assert!(features.total().is_some() && rooms.total().is_some());
    assert!(floorplans.total().is_some());
    assert!(!photos.is_empty());
    let sold = client
        .get(&advertising::GetAdvertisedSales::new().branch_id(branches[0].oid.clone().unwrap()))
        .await
        .unwrap();
    assert!(sold.total().is_some());

    // Lettings: summaries of one branch, a tenancy, its property and the property's lists.
    let lettings = client
        .get(&advertising::GetAdvertisedLettings::new().page(0, 20))
        .await
        .unwrap()
        .into_items();
    assert!(!lettings.is_empty());
    let branch = lettings[0].branch_oid.clone().unwrap();
    let of_branch = client
        .get(&advertising::GetAdvertisedLettings::new().branch_id(&branch))
        .await
        .unwrap()
        .into_items();
    assert!(!of_branch.is_empty());
    assert!(
        of_branch
            .iter()
            .all(|l| l.branch_oid.as_deref() == Some(branch.as_str()))
    );
    let tenancy = client
        .get(&advertising::GetAdvertisedTenancy::new(
            of_branch[0].oid.clone().unwrap(),
        ))
        .await
        .unwrap();
    let property_id = tenancy.property_id.clone().unwrap();
    let property = client
        .get(&advertising::GetLettingsProperty::new(&property_id))
        .await
        .unwrap();
    assert_eq!(property.oid.as_deref(), Some(property_id.as_str()));
    let facilities = client
        .get(&advertising::GetLettingsPropertyFacilities::new(
            &property_id,
        ))
        .await
        .unwrap();
    assert!(facilities.total().is_some());
    let property_photos = client
        .get(&advertising::GetLettingsPropertyPhotos::new(&property_id))
        .await
        .unwrap()
        .into_items();
    assert!(!property_photos.is_empty());

    // Downloads: bytes with the content type the document offers.
    let photo = client
        .get(&advertising::DownloadPhoto::new(
            photos[0].oid.clone().unwrap(),
        ))
        .await
        .unwrap();
    assert!(!photo.bytes.is_empty());
    assert!(
        photo
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("image/"))
    );
    let brochure = client
        .get(&advertising::DownloadBrochure::new(&sale))
        .await
        .unwrap();
    assert_eq!(brochure.content_type.as_deref(), Some("application/pdf"));
    for chart in [
        client
            .get(&advertising::DownloadEnergyEfficiencyChart::new(&sale))
            .await
            .unwrap(),
        client
            .get(&advertising::DownloadEnvironmentalImpactChart::new(&sale))
            .await
            .unwrap(),
    ] {
        assert_eq!(chart.content_type.as_deref(), Some("image/png"));
    }
}

async fn diary_group(client: &Client, f: &Ids) {
    let types = client
        .get(&diary::GetAppointmentTypes::new())
        .await
        .unwrap();
    let types = types.data.unwrap();
    assert_eq!(types.len(), f.appointment_types.len());
    assert!(
        types
            .iter()
            .all(|t| !matches!(t.system_type, Some(SystemType::Other(_)) | None))
    );
    let kind = f.appointment_types[0].clone();

    let branches = client
        .get(&diary::GetBranches::new().page(5, 3))
        .await
        .unwrap();
    let branches = branches.data.unwrap();
    assert_eq!(branches.len(), 3);
    let branch = client
        .get(&diary::GetCompanyBranchesByBranchId::new(
            branches[0].oid.clone().unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(branch.oid, branches[0].oid);

    let slots = client
        .get(
            &diary::GetAllocations::new(at("2025-01-01T00:00:00"), kind.clone())
                .branch_id(&f.branch),
        )
        .await
        .unwrap();
    assert!(!slots.is_empty());
    assert!(slots.iter().all(|s| s.start < s.end), "{slots:?}");

    let between = client
        .get(&diary::GetAppointmentsBetweenDates::new(
            diary::GetAppointmentsBetweenDatesRequired {
                branch_id: f.branch.clone(),
                start_date: at("2025-01-01T00:00:00"),
                end_date: at("2026-01-01T00:00:00"),
                appointment_types_to_search: f.appointment_types.clone(),
            },
        ))
        .await
        .unwrap();
    assert!(between.count.unwrap() > 0);

    let recurring = client
        .get(&diary::GetRecurringAppointments::new(
            &f.branch,
            f.appointment_types.clone(),
        ))
        .await
        .unwrap();
    assert!(
        recurring
            .data
            .unwrap()
            .iter()
            .all(|a| a.recurrence.unwrap_or(0) > 0)
    );

    let guests = client
        .get(&diary::SearchGuest::new(diary::SearchGuestRequired {
            branch_id: f.branch.clone(),
            forename: String::new(),
            emailaddress: String::new(),
            surname: String::new(),
        }))
        .await
        .unwrap();
    assert!(guests.count.unwrap() > 0);
    assert!(guests.links.is_some());

    let seeded = client
        .get(&diary::GetAppointment::new(&f.appointment))
        .await
        .unwrap();
    assert_eq!(seeded.oid.as_deref(), Some(f.appointment.as_str()));

    // The write operations, on an appointment of the test's own.
    let details = DiaryAppointmentDetails {
        appointment_type: Some(kind),
        subject: Some("End-to-end".to_owned()),
        allocation_details: Some(DiaryBookingModel {
            start: Some(at("2030-03-04T10:00:00")),
            end: Some(at("2030-03-04T10:30:00")),
            ..DiaryBookingModel::default()
        }),
        ..DiaryAppointmentDetails::default()
    };
    let id = client
        .post(&diary::PostAppointment::new(
            vec![f.property.clone()],
            details.clone(),
        ))
        .await
        .unwrap()
        .expect("the new appointment's id");
    let updated = client
        .put(
            &diary::PutAppointment::new(
                id.clone(),
                DiaryAppointmentDetails {
                    subject: Some("Moved".to_owned()),
                    ..details
                },
            )
            .allow_marketing_correspondence(false),
        )
        .await
        .unwrap();
    assert_eq!(updated.as_ref(), Some(&id));
    let feedback = client
        .post(&diary::AddFeedback::new(FeedbackSubmissionModel {
            appointment_id: Some(id.clone()),
            property_id: Some(f.property.clone()),
            feedback: Some("Liked the garden.".to_owned()),
        }))
        .await
        .unwrap();
    assert!(feedback.is_some_and(|text| !text.is_empty()));
    let cancelled = client
        .patch(&diary::CancelAppointment::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(cancelled.as_ref(), Some(&id));
    let read = client
        .get(&diary::GetAppointment::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(read.subject.as_deref(), Some("Moved"));
    assert_eq!(read.cancelled, Some(true));
    assert_eq!(read.start, Some(at("2030-03-04T10:00:00")));
    let deleted: () = client
        .delete(&diary::DeleteAppointment::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(deleted, ());
}

async fn tier1_group(client: &Client, f: &Ids) {
    let company = client.get(&tier1::GetCompany::new()).await.unwrap();
    assert!(company.company_name.is_some());
    let areas = client.get(&tier1::GetAreas::new()).await.unwrap();
    assert!(areas.count.unwrap() > 0);
    let area = client
        .get(&tier1::GetAreasByAreaId::new(&f.area))
        .await
        .unwrap();
    assert_eq!(area.oid.as_deref(), Some(f.area.as_str()));
    let counties = client.get(&tier1::GetCounties::new()).await.unwrap();
    assert!(counties.data.unwrap().iter().all(|c| c.name.is_some()));
    let county_branches = client
        .get(&tier1::GetCountiesBranches::new(&f.county))
        .await
        .unwrap();
    assert!(county_branches.count.unwrap() > 0);
}

async fn tier2_group(client: &Client, f: &Ids) {
    let company = client.get(&tier2::GetCompany::new()).await.unwrap();
    assert_eq!(company.short_name.as_deref(), Some("demo"));

    let branches = client
        .get(&tier2::GetBranches::new().page(0, 2))
        .await
        .unwrap();
    let branch_id = branches.data.unwrap()[1].oid.clone().unwrap();
    let branch = client
        .get(&tier2::GetBranchesByBranchId::new(&branch_id))
        .await
        .unwrap();
    assert_eq!(branch.oid.as_deref(), Some(branch_id.as_str()));

    let properties = client
        .get(&tier2::GetProperties::new().page(0, 5))
        .await
        .unwrap();
    assert_eq!(properties.data.unwrap().len(), 5);
    let property = client
        .get(&tier2::GetPropertiesByPropertyId::new(&f.property))
        .await
        .unwrap();
    assert_eq!(property.oid.as_deref(), Some(f.property.as_str()));
    let rooms = client
        .get(&tier2::GetPropertiesRooms::new(&f.property))
        .await
        .unwrap();
    assert!(rooms.data.unwrap().iter().all(|r| r.room_name.is_some()));

    let appointments = client
        .get(&tier2::GetDiaryAppointments::new().page(0, 3))
        .await
        .unwrap();
    let appointment_id = appointments.data.unwrap()[0].oid.clone().unwrap();
    let appointment = client
        .get(&tier2::GetDiaryAppointmentsByDiaryAppointmentId::new(
            &appointment_id,
        ))
        .await
        .unwrap();
    assert_eq!(appointment.oid.as_deref(), Some(appointment_id.as_str()));

    let tenancies = client
        .get(&tier2::GetLettingsTenancies::new().page(0, 1))
        .await
        .unwrap();
    assert!(tenancies.count.unwrap() > 0);
    let tenancy = client
        .get(&tier2::GetLettingsTenanciesByTenancyId::new(&f.tenancy))
        .await
        .unwrap();
    assert_eq!(tenancy.oid.as_deref(), Some(f.tenancy.as_str()));

    let staff = client.get(&tier2::GetStaff::new()).await.unwrap();
    assert!(
        staff
            .data
            .unwrap()
            .iter()
            .any(|s| s.oid.as_deref() == Some(f.staff.as_str()))
    );

    let photo = client
        .get(&tier2::GetPhotoDownload::new("PHO000001"))
        .await
        .unwrap();
    assert!(!photo.bytes.is_empty());
    assert_eq!(photo.content_type.as_deref(), Some("image/jpeg"));

    let preferred = at("2030-06-03T00:00:00");
    let slots = client
        .get(&tier2::GetBookings::new(
            preferred,
            vec![f.property.clone()],
        ))
        .await
        .unwrap();
    let slot = slots.into_iter().next().unwrap();
    assert!(slot.start < slot.end, "{slot:?}");
    let booked = client
        .post(&tier2::MakeBooking::new(tier2::MakeBookingRequired {
            forename: "Ann".into(),
            surname: "Lee".into(),
            mobile_phone: "07700 900123".into(),
            email_address: "ann@example.com".into(),
            property_ids_to_view: vec![f.property.clone()],
            body: ViewingBookingModel { ..slot },
        }))
        .await
        .unwrap();
    assert_eq!(booked, Some(true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_its_typed_output() {
    let sim: Sim = common::unthrottled_sim().await;
    let client = common::client(&sim);
    let fixtures = Ids::of(&sim);

    advertising_group(&client).await;
    diary_group(&client, &fixtures).await;
    tier1_group(&client, &fixtures).await;
    tier2_group(&client, &fixtures).await;

    let log = sim.requests();
    assert!(
        log.iter().all(|r| (200..300).contains(&r.status)),
        "{log:#?}"
    );
    for op in agentos_sim::operations(&agentos_sim::SimConfig::default()).unwrap() {
        let called = common::calls(&log, op.method.as_str(), &op.path);
        assert!(
            !called.is_empty(),
            "{} {} was never called",
            op.method,
            op.path
        );
    }
}
