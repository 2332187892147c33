//! Every operation of `spec/agentos.yaml`, called once through the client that `build.rs`
//! generated, against agentos-sim over real HTTP: each answers its typed output, and the
//! simulator's log shows every operation it serves was called.

mod common;

use agentos_runtime::{Client, DateTime};
use agentos_sim::{Fixtures, Sim};
use agentos_tests::agentos::models::{
    DiaryAppointmentDetails, DiaryBookingModel, FeedbackSubmissionModel, Furnished, SystemType,
    ViewingBookingModel,
};
use agentos_tests::agentos::{advertising, diary, tier1, tier2};

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

async fn advertising_group(client: &Client, f: &Fixtures) {
    let company = client.get(&advertising::GetCompany::new()).await.unwrap();
    assert_eq!(company.short_name.as_deref(), Some("demo"));

    let branches = client
        .get(&advertising::GetBranches::new().page(0, 10))
        .await
        .unwrap();
    assert_eq!(branches.count, Some(2_500));
    let first = branches.data.unwrap();
    assert_eq!(first.len(), 10);
    let branch = client
        .get(&advertising::GetCompanyBranchesByBranchId::new(
            first[0].oid.clone().unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(branch, first[0]);

    let lettings = client
        .get(&advertising::GetAdvertised::new(&f.branch_id))
        .await
        .unwrap();
    let lettings = lettings.data.unwrap();
    assert!(!lettings.is_empty());
    assert!(
        lettings
            .iter()
            .all(|t| t.branch.as_deref() == Some(f.branch_id.as_str()))
    );
    // Enums arrive as their variants, not as the catch-all for unknown values.
    assert!(
        lettings
            .iter()
            .all(|t| !matches!(t.furnished, Some(Furnished::Other(_))))
    );

    // Deprecated by the schema, still served: still called.
    #[allow(deprecated)]
    let dated = client
        .get(&advertising::GetAdvertisedBetweenDates::new(
            &f.branch_id,
            at("2000-01-01T00:00:00"),
            at("2100-01-01T00:00:00"),
        ))
        .await
        .unwrap();
    assert!(dated.count.unwrap() > 0);

    let sales = client
        .get(&advertising::GetAdvertisedSales::new(
            &f.branch_id,
            false,
            false,
        ))
        .await
        .unwrap();
    let sales = sales.data.unwrap();
    assert!(!sales.is_empty());
    assert!(sales.iter().all(|s| s.price.is_some_and(|p| p > 0.0)));
}

async fn diary_group(client: &Client, f: &Fixtures) {
    let types = client
        .get(&diary::GetAppointmentTypes::new())
        .await
        .unwrap();
    let types = types.data.unwrap();
    assert_eq!(types.len(), f.appointment_type_ids.len());
    assert!(
        types
            .iter()
            .all(|t| !matches!(t.system_type, Some(SystemType::Other(_)) | None))
    );
    let kind = f.appointment_type_ids[0].clone();

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
            &diary::GetAllocations::new(at(&f.appointments_from), kind.clone())
                .branch_id(&f.branch_id),
        )
        .await
        .unwrap();
    assert!(!slots.is_empty());
    assert!(slots.iter().all(|s| s.start < s.end));

    let between = client
        .get(&diary::GetAppointmentsBetweenDates::new(
            &f.branch_id,
            at(&f.appointments_from),
            at(&f.appointments_to),
            f.appointment_type_ids.clone(),
        ))
        .await
        .unwrap();
    assert_eq!(
        between.count,
        Some(i32::try_from(f.appointments_in_branch).unwrap())
    );

    let recurring = client
        .get(&diary::GetRecurringAppointments::new(
            &f.branch_id,
            f.appointment_type_ids.clone(),
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
        .get(&diary::SearchGuest::new(&f.branch_id, "", "", ""))
        .await
        .unwrap();
    assert!(guests.count.unwrap() > 0);
    assert!(guests.links.is_some());

    let seeded = client
        .get(&diary::GetAppointment::new(&f.appointment_id))
        .await
        .unwrap();
    assert_eq!(seeded.oid.as_deref(), Some(f.appointment_id.as_str()));

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
            vec![f.property_id.clone()],
            details.clone(),
        ))
        .await
        .unwrap();
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
    assert_eq!(updated, id);
    let feedback = client
        .post(&diary::AddFeedback::new(FeedbackSubmissionModel {
            appointment_id: Some(id.clone()),
            property_id: Some(f.property_id.clone()),
            feedback: Some("Liked the garden.".to_owned()),
        }))
        .await
        .unwrap();
    assert!(!feedback.is_empty());
    let cancelled = client
        .patch(&diary::CancelAppointment::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(cancelled, id);
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

async fn tier1_group(client: &Client, f: &Fixtures) {
    let company = client.get(&tier1::GetCompany::new()).await.unwrap();
    assert!(company.company_name.is_some());
    let areas = client.get(&tier1::GetAreaAreas::new()).await.unwrap();
    assert!(areas.count.unwrap() > 0);
    let area = client
        .get(&tier1::GetAreaAreasByAreaId::new(&f.area_id))
        .await
        .unwrap();
    assert_eq!(area.oid.as_deref(), Some(f.area_id.as_str()));
    let counties = client.get(&tier1::GetCountyCounties::new()).await.unwrap();
    assert!(counties.data.unwrap().iter().all(|c| c.name.is_some()));
    let county_branches = client
        .get(&tier1::GetCountiesBranches::new(&f.county_id))
        .await
        .unwrap();
    assert!(county_branches.count.unwrap() > 0);
}

async fn tier2_group(client: &Client, f: &Fixtures) {
    let company = client.get(&tier2::GetCompany::new()).await.unwrap();
    assert_eq!(company.short_name.as_deref(), Some("demo"));

    let branches = client
        .get(&tier2::GetBranchBranches::new().page(0, 2))
        .await
        .unwrap();
    let branch_id = branches.data.unwrap()[1].oid.clone().unwrap();
    let branch = client
        .get(&tier2::GetBranchBranchesByBranchId::new(&branch_id))
        .await
        .unwrap();
    assert_eq!(branch.oid.as_deref(), Some(branch_id.as_str()));

    let properties = client
        .get(&tier2::GetPropertyProperties::new().page(0, 5))
        .await
        .unwrap();
    assert_eq!(properties.data.unwrap().len(), 5);
    let property = client
        .get(&tier2::GetPropertyPropertiesByPropertyId::new(
            &f.property_id,
        ))
        .await
        .unwrap();
    assert_eq!(property.oid.as_deref(), Some(f.property_id.as_str()));
    let rooms = client
        .get(&tier2::GetPropertiesRooms::new(&f.property_id))
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
        .get(&tier2::GetLettingsTenanciesByTenancyId::new(&f.tenancy_id))
        .await
        .unwrap();
    assert_eq!(tenancy.oid.as_deref(), Some(f.tenancy_id.as_str()));

    let staff = client.get(&tier2::GetStaffStaff::new()).await.unwrap();
    assert!(
        staff
            .data
            .unwrap()
            .iter()
            .any(|s| s.oid.as_deref() == Some(f.staff_id.as_str()))
    );

    let photo = client
        .get(&tier2::GetPhotoDownload::new(&f.photo_id))
        .await
        .unwrap();
    assert!(!photo.is_empty());

    let preferred = at("2030-06-03T00:00:00");
    let slots = client
        .get(&tier2::GetBookings::new(
            preferred,
            vec![f.property_id.clone()],
        ))
        .await
        .unwrap();
    let slot = slots.into_iter().next().unwrap();
    assert!(slot.start >= preferred);
    let booked = client
        .post(&tier2::MakeBooking::new(
            "Ann",
            "Lee",
            "07700 900123",
            "ann@example.com",
            vec![f.property_id.clone()],
            ViewingBookingModel { ..slot },
        ))
        .await
        .unwrap();
    assert!(booked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_its_typed_output() {
    let sim: Sim = common::unthrottled_sim().await;
    let client = common::client(&sim);
    let fixtures = sim.fixtures();

    advertising_group(&client, &fixtures).await;
    diary_group(&client, &fixtures).await;
    tier1_group(&client, &fixtures).await;
    tier2_group(&client, &fixtures).await;

    let log = sim.requests();
    assert!(
        log.iter().all(|r| (200..300).contains(&r.status)),
        "{log:#?}"
    );
    for (method, template) in agentos_sim::operations() {
        let called = common::calls(&log, method.as_str(), template);
        assert!(!called.is_empty(), "{method} {template} was never called");
    }
}
