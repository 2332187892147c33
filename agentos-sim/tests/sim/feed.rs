//! The v4 advertising feed of `spec/agentos.yaml` hangs together over HTTP: lists page in the
//! path like query-paged ones, lists under a record hold that record's own records (404 for an
//! unknown parent), every listed summary can be followed to its detail, children, branch,
//! property and images, and downloads answer typed bytes that change with their record.

use std::collections::{BTreeSet, HashSet};

use agentos_sim::{Sim, SimConfig, ThrottleConfig};
use serde_json::Value;

use crate::common::{Answer, get};

const V4: &str = "/v4/advertising/demo";

/// A simulator of `spec/agentos.yaml` that does not throttle (these tests follow many links).
pub async fn unthrottled() -> Sim {
    Sim::start(SimConfig::default().throttle(ThrottleConfig::unlimited()))
        .await
        .unwrap()
}

/// The `Data` of a page, asserting a 200.
pub fn data(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()["Data"].as_array().unwrap().clone()
}

/// A string member of a record.
pub fn text<'a>(record: &'a Value, field: &str) -> &'a str {
    record[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {record}"))
}

/// Every record of a path-paged list (`{path}/{offset}/{count}`), as a client's stream reads
/// it: pages of 1000 until a short one.
pub async fn stream(sim: &Sim, path: &str) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let page = data(&get(sim, &format!("{path}/{}/1000", all.len())).await);
        let short = page.len() < 1000;
        all.extend(page);
        if short {
            return all;
        }
    }
}

#[tokio::test]
async fn branches_stream_in_three_path_paged_requests() {
    let sim = unthrottled().await;
    let branches = stream(&sim, &format!("{V4}/company/branches")).await;
    assert_eq!(branches.len(), 2_500);
    let ids: HashSet<&str> = branches.iter().map(|b| text(b, "OID")).collect();
    assert_eq!(ids.len(), 2_500, "every branch once");
    let paths: Vec<String> = sim.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            format!("{V4}/company/branches/0/1000"),
            format!("{V4}/company/branches/1000/1000"),
            format!("{V4}/company/branches/2000/1000"),
        ]
    );
    // The total, and a window in the middle, as query paging gives them.
    let page = get(&sim, &format!("{V4}/company/branches/1999/2"))
        .await
        .json();
    assert_eq!(page["Count"], 2_500);
    assert_eq!(page["Data"][0], branches[1999]);
    assert_eq!(page["Data"][1], branches[2000]);
    let query = get(&sim, "/v3/diary/demo/company/branches?offset=1999&count=2").await;
    assert_eq!(query.json(), page, "both forms page one collection alike");
}

#[tokio::test]
async fn a_bad_page_window_in_the_path_is_a_400_naming_it() {
    let sim = unthrottled().await;
    for (window, message) in [
        ("0/1001", "count must not be greater than 1000."),
        ("-1/10", "offset must not be negative."),
        ("0/-1", "count must not be negative."),
        (
            "0/ten",
            "The value 'ten' is not valid for count: expected a 32-bit integer.",
        ),
    ] {
        let answer = get(&sim, &format!("{V4}/company/branches/{window}")).await;
        assert_eq!(answer.status, 400, "{window}: {}", answer.text);
        assert_eq!(answer.message(), message, "{window}");
    }
    let sale = sim.ids("SalesSummaryModel", 1).remove(0);
    let nested = get(
        &sim,
        &format!("{V4}/sales/salesinstructions/{sale}/photos/0/1001"),
    )
    .await;
    assert_eq!(nested.status, 400, "{}", nested.text);
    assert_eq!(
        get(&sim, &format!("{V4}/company/branches/0/1000"))
            .await
            .status,
        200
    );
}

/// The `OID`s of a list of records.
fn oids(records: &[Value]) -> BTreeSet<String> {
    records.iter().map(|r| text(r, "OID").to_owned()).collect()
}

#[tokio::test]
async fn a_list_under_a_record_holds_that_records_own_share() {
    let sim = unthrottled().await;
    let sales = stream(&sim, &format!("{V4}/sales/advertised")).await;
    let (a, b) = (text(&sales[0], "OID"), text(&sales[1], "OID"));
    let photos_of = |id: &str, list: &str| format!("{V4}/sales/salesinstructions/{id}/{list}");
    let photos_a = stream(&sim, &photos_of(a, "photos")).await;
    assert!(!photos_a.is_empty(), "a sale has photos");
    assert_eq!(
        stream(&sim, &photos_of(a, "photos")).await,
        photos_a,
        "the same photos on every call"
    );
    let photos_b = stream(&sim, &photos_of(b, "photos")).await;
    let floorplans_a = stream(&sim, &photos_of(a, "floorplans")).await;
    assert!(!photos_b.is_empty() && !floorplans_a.is_empty());
    assert!(
        oids(&photos_a).is_disjoint(&oids(&photos_b)),
        "each sale has its own photos"
    );
    assert!(
        oids(&photos_a).is_disjoint(&oids(&floorplans_a)),
        "a sale's floor plans are not its photos"
    );
    // The letting properties' photos are others again.
    let property = sim.ids("LettingsPropertyModel", 1).remove(0);
    let let_photos = stream(&sim, &format!("{V4}/lettings/properties/{property}/photos")).await;
    assert!(oids(&let_photos).is_disjoint(&oids(&photos_a)));
    // Paged at any size, with its own total.
    let first = get(&sim, &format!("{}/0/1", photos_of(a, "photos")))
        .await
        .json();
    assert_eq!(first["Count"], photos_a.len());
    assert_eq!(first["Data"][0], photos_a[0]);
    let rest = data(&get(&sim, &format!("{}/1/1000", photos_of(a, "photos"))).await);
    assert_eq!(rest, photos_a[1..]);
    for (list, model) in [("features", "FeatureModel"), ("rooms", "RoomModel")] {
        let page = get(&sim, &format!("{}/0/1000", photos_of(a, list)))
            .await
            .json();
        let count = page["Count"].as_u64().unwrap() as usize;
        assert!(count > 0, "{list}: {page}");
        assert!(
            count < sim.count(model),
            "{list}: a share, not the collection"
        );
    }
}

#[tokio::test]
async fn a_list_under_an_unknown_record_is_a_404_not_an_empty_page() {
    let sim = unthrottled().await;
    for path in [
        format!("{V4}/sales/salesinstructions/NOPE/photos/0/10"),
        format!("{V4}/sales/salesinstructions/SAL999999/floorplans/0/10"),
        format!("{V4}/sales/salesinstructions/SAL999999/features/0/10"),
        format!("{V4}/sales/salesinstructions/SAL999999/rooms/0/10"),
        format!("{V4}/lettings/properties/PRO999999/facilities/0/10"),
        format!("{V4}/lettings/properties/NOPE/photos/0/10"),
    ] {
        let answer = get(&sim, &path).await;
        assert_eq!(answer.status, 404, "{path}: {}", answer.text);
    }
}

#[tokio::test]
async fn every_sales_summary_leads_to_its_instruction_children_branch_and_images() {
    let sim = unthrottled().await;
    let branches = oids(&stream(&sim, &format!("{V4}/company/branches")).await);
    let sales = stream(&sim, &format!("{V4}/sales/advertised")).await;
    assert_eq!(sales.len(), sim.count("SalesSummaryModel"));
    for summary in sales.iter().step_by(37) {
        let oid = text(summary, "OID");
        assert!(branches.contains(text(summary, "BranchOID")), "{summary}");
        let detail = get(&sim, &format!("{V4}/sales/salesinstructions/{oid}")).await;
        assert_eq!(detail.status, 200, "{oid}: {}", detail.text);
        let detail = detail.json();
        assert_eq!(detail["OID"], oid);
        // One record seen two ways: the fields both show agree.
        assert_eq!(detail["BranchOID"], summary["BranchOID"]);
        assert_eq!(detail["State"], summary["State"]);
        for list in ["features", "floorplans", "photos", "rooms"] {
            let children =
                stream(&sim, &format!("{V4}/sales/salesinstructions/{oid}/{list}")).await;
            assert!(!children.is_empty(), "{oid} {list}");
        }
        let photos = stream(&sim, &format!("{V4}/sales/salesinstructions/{oid}/photos")).await;
        for photo in &photos {
            let image = get(&sim, &format!("{V4}/download/{}", text(photo, "OID"))).await;
            assert_eq!(image.status, 200, "{photo}");
            assert_eq!(image.headers["content-type"], "image/jpeg");
        }
    }
    // A filtered list holds exactly the branch's adverts.
    let branch = text(&sales[0], "BranchOID");
    let of_branch = stream_with_query(
        &sim,
        &format!("{V4}/sales/advertised"),
        &format!("?branchID={branch}"),
    )
    .await;
    let expected: Vec<&Value> = sales.iter().filter(|s| s["BranchOID"] == branch).collect();
    assert_eq!(of_branch.iter().collect::<Vec<_>>(), expected);
}

/// `stream` for a list whose query must follow the window: `{path}/{offset}/{count}{query}`.
async fn stream_with_query(sim: &Sim, path: &str, query: &str) -> Vec<Value> {
    data(&get(sim, &format!("{path}/0/1000{query}")).await)
}

#[tokio::test]
async fn every_lettings_summary_leads_to_its_tenancy_property_and_its_children() {
    let sim = unthrottled().await;
    let branches = oids(&stream(&sim, &format!("{V4}/company/branches")).await);
    let lettings = stream(&sim, &format!("{V4}/lettings/advertised")).await;
    assert_eq!(lettings.len(), sim.count("LettingsSummaryModel"));
    for summary in lettings.iter().step_by(29) {
        let oid = text(summary, "OID");
        assert!(branches.contains(text(summary, "BranchOID")), "{summary}");
        let tenancy = get(&sim, &format!("{V4}/lettings/advertised/{oid}")).await;
        assert_eq!(tenancy.status, 200, "{oid}: {}", tenancy.text);
        let tenancy = tenancy.json();
        assert_eq!(tenancy["OID"], oid);
        assert_eq!(tenancy["PropertyID"], summary["PropertyID"]);
        let property_id = text(&tenancy, "PropertyID");
        let property = get(&sim, &format!("{V4}/lettings/properties/{property_id}")).await;
        assert_eq!(property.status, 200, "{property_id}: {}", property.text);
        assert_eq!(property.json()["OID"], property_id);
        for list in ["facilities", "photos"] {
            let children = stream(
                &sim,
                &format!("{V4}/lettings/properties/{property_id}/{list}"),
            )
            .await;
            assert!(!children.is_empty(), "{property_id} {list}");
        }
        let main_photo = get(
            &sim,
            &format!("{V4}/download/{}", text(summary, "MainPhotoOID")),
        )
        .await;
        assert_eq!(
            main_photo.status, 200,
            "the main photo downloads: {summary}"
        );
    }
    let branch = text(&lettings[0], "BranchOID");
    let of_branch = stream_with_query(
        &sim,
        &format!("{V4}/lettings/advertised"),
        &format!("?branchID={branch}"),
    )
    .await;
    assert!(!of_branch.is_empty());
    assert!(of_branch.iter().all(|l| l["BranchOID"] == branch));
}

#[tokio::test]
async fn unknown_ids_of_the_feed_are_404() {
    let sim = unthrottled().await;
    for path in [
        format!("{V4}/sales/salesinstructions/SAL999999"),
        format!("{V4}/sales/salesinstructions/NOPE"),
        format!("{V4}/lettings/advertised/LET999999"),
        format!("{V4}/lettings/properties/PRO999999"),
        format!("{V4}/download/PHO999999"),
        format!("{V4}/download/NOPE"),
    ] {
        let answer = get(&sim, &path).await;
        assert_eq!(answer.status, 404, "{path}: {}", answer.text);
    }
}

#[tokio::test]
async fn downloads_answer_the_offered_type_and_bytes_that_follow_the_record() {
    let sim = unthrottled().await;
    let sale = sim.ids("SalesSummaryModel", 1).remove(0);
    let photos = stream(&sim, &format!("{V4}/sales/salesinstructions/{sale}/photos")).await;
    let (photo, other) = (text(&photos[0], "OID"), text(&photos[1], "OID"));
    let image = get(&sim, &format!("{V4}/download/{photo}")).await;
    assert_eq!(image.status, 200);
    assert_eq!(image.headers["content-type"], "image/jpeg");
    assert!(image.bytes.starts_with(b"\xFF\xD8") && image.bytes.ends_with(b"\xFF\xD9"));
    assert_eq!(
        get(&sim, &format!("{V4}/download/{photo}")).await.bytes,
        image.bytes,
        "the same bytes until the photo changes"
    );
    let other_image = get(&sim, &format!("{V4}/download/{other}")).await;
    assert_ne!(other_image.bytes, image.bytes, "each photo its own image");

    let brochure = get(&sim, &format!("{V4}/download/{sale}/brochure")).await;
    assert_eq!(brochure.status, 200);
    assert_eq!(brochure.headers["content-type"], "application/pdf");
    assert!(brochure.bytes.starts_with(b"%PDF-"));
    for chart in ["EnergyEfficiency", "EnvironmentalImpact"] {
        let answer = get(&sim, &format!("{V4}/download/{sale}/epc/{chart}")).await;
        assert_eq!(answer.status, 200, "{chart}");
        assert_eq!(answer.headers["content-type"], "image/png", "{chart}");
        assert!(answer.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{chart}");
    }
    // An id no collection holds is served (`id` names no collection), when it has the
    // simulator's id form; another is unknown (the generator's id rule).
    let unheld = get(&sim, &format!("{V4}/download/XYZ123456/brochure")).await;
    assert_eq!(unheld.status, 200, "{}", unheld.text);
    assert_eq!(unheld.headers["content-type"], "application/pdf");
    assert_eq!(
        get(&sim, &format!("{V4}/download/ANYTHING/brochure"))
            .await
            .status,
        404
    );

    // A changed photo downloads other bytes; so does the brochure of a changed sale.
    sim.merge_record("PhotoModel", photo, serde_json::json!({"Name": "Re-shot"}))
        .unwrap();
    let changed = get(&sim, &format!("{V4}/download/{photo}")).await;
    assert_eq!(changed.headers["content-type"], "image/jpeg");
    assert_ne!(changed.bytes, image.bytes);
    assert_eq!(
        get(&sim, &format!("{V4}/download/{other}")).await.bytes,
        other_image.bytes,
        "other photos are untouched"
    );
    sim.merge_record(
        "SalesInstructionModel",
        &sale,
        serde_json::json!({"Price": 1.0}),
    )
    .unwrap();
    assert_ne!(
        get(&sim, &format!("{V4}/download/{sale}/brochure"))
            .await
            .bytes,
        brochure.bytes
    );
    // A removed photo no longer downloads.
    sim.remove_record("PhotoModel", photo).unwrap();
    assert_eq!(
        get(&sim, &format!("{V4}/download/{photo}")).await.status,
        404
    );
}

#[tokio::test]
async fn a_photos_etag_is_stable_until_the_photo_changes() {
    let sim = unthrottled().await;
    let sale = sim.ids("SalesSummaryModel", 1).remove(0);
    let path = format!("{V4}/sales/salesinstructions/{sale}/photos");
    let before = stream(&sim, &path).await;
    assert_eq!(
        stream(&sim, &path).await,
        before,
        "reads do not change ETags"
    );
    let changed = text(&before[1], "OID");
    sim.change_record("PhotoModel", changed, |photo| {
        photo["Name"] = "Kitchen, new".into();
    })
    .unwrap();
    let after = stream(&sim, &path).await;
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old["OID"], new["OID"], "the order stays");
        if old["OID"] == changed {
            assert_ne!(old["ETag"], new["ETag"]);
            assert_eq!(new["Name"], "Kitchen, new");
        } else {
            assert_eq!(old, new);
        }
    }
    assert_eq!(
        stream(&sim, &path).await,
        after,
        "stable again after the change"
    );
}
