//! The test hooks on `Sim` (change, merge, add, add under a parent, remove, remove all): every
//! list, count, read and download shows a change at once, as a sync client's tests need.

use std::path::Path;

use agentos_sim::{DatasetSize, RecordError, Sim, SimConfig, ThrottleConfig, Under};
use serde_json::json;

use crate::common::get;
use crate::feed::{data, stream, text, unthrottled};

const V4: &str = "/v4/advertising/demo";

#[tokio::test]
async fn a_changed_summary_and_its_detail_show_one_record() {
    let sim = unthrottled().await;
    let sales = stream(&sim, &format!("{V4}/sales/advertised")).await;
    let oid = text(&sales[3], "OID").to_owned();
    let detail_path = format!("{V4}/sales/salesinstructions/{oid}");
    let detail = get(&sim, &detail_path).await.json();

    // The summary changes (a closure): the list and the detail show it, with a new ETag.
    let changed = sim
        .change_record("SalesSummaryModel", &oid, |s| {
            s["State"] = "UnderOffer".into()
        })
        .unwrap();
    assert_eq!(changed["State"], "UnderOffer");
    assert_ne!(changed["ETag"], sales[3]["ETag"]);
    let listed = stream(&sim, &format!("{V4}/sales/advertised")).await;
    assert_eq!(
        listed[3], changed,
        "the list shows the change where the record was"
    );
    assert_eq!(get(&sim, &detail_path).await.json()["State"], "UnderOffer");

    // The detail changes (a merge): it shows it, and the summary's ETag changes with it.
    let merged = sim
        .merge_record(
            "SalesInstructionModel",
            &oid,
            json!({"Description": "<p>New kitchen.</p>", "Bedrooms": 4}),
        )
        .unwrap();
    assert_eq!(merged["Description"], "<p>New kitchen.</p>");
    let read = get(&sim, &detail_path).await.json();
    assert_eq!(read, merged);
    assert_eq!(read["Address1"], detail["Address1"], "other fields stay");
    let summary = stream(&sim, &format!("{V4}/sales/advertised")).await[3].clone();
    assert_ne!(
        summary["ETag"], changed["ETag"],
        "the summary shows its detail changed"
    );
    // By the document's name of the model too (here the same as the Rust name).
    assert_eq!(sim.records("SalesInstructionModel", 4)[3], read);
}

#[tokio::test]
async fn a_merge_is_checked_against_the_model() {
    let sim = unthrottled().await;
    let oid = sim.ids("SalesSummaryModel", 1).remove(0);
    let wrong = |fields| {
        sim.merge_record("SalesInstructionModel", &oid, fields)
            .unwrap_err()
    };
    assert!(matches!(
        wrong(json!({"Bedroms": 2})),
        RecordError::UnknownField { field, .. } if field == "Bedroms"
    ));
    assert!(matches!(
        wrong(json!({"Bedrooms": "two"})),
        RecordError::InvalidField { field, .. } if field == "Bedrooms"
    ));
    assert!(matches!(
        wrong(json!(["Bedrooms"])),
        RecordError::NotAnObject(_)
    ));
    assert_eq!(
        sim.merge_record("NoSuchModel", &oid, json!({}))
            .unwrap_err(),
        RecordError::UnknownModel("NoSuchModel".into())
    );
    assert!(matches!(
        sim.merge_record("SalesInstructionModel", "SAL999999", json!({})),
        Err(RecordError::UnknownRecord { .. })
    ));
    assert_eq!(
        sim.merge_record("FeatureModel", "FEA000001", json!({}))
            .unwrap_err(),
        RecordError::NoId("FeatureModel".into()),
        "features have no id field"
    );
    // The id addresses the record: a change cannot move it.
    let kept = sim
        .change_record("SalesSummaryModel", &oid, |s| s["OID"] = "ELSEWHERE".into())
        .unwrap();
    assert_eq!(kept["OID"], oid.as_str());
}

#[tokio::test]
async fn an_added_letting_is_listed_counted_and_followed() {
    let sim = unthrottled().await;
    let before = get(&sim, &format!("{V4}/lettings/advertised/0/1"))
        .await
        .json();
    let count = before["Count"].as_u64().unwrap();
    let branch = sim.ids("AdvertisingBranchModel", 1).remove(0);
    let added = sim
        .add_record(
            "LettingsSummaryModel",
            json!({"BranchOID": branch, "RentAdvertised": 950.0}),
        )
        .unwrap();
    let oid = text(&added, "OID").to_owned();
    let last = get(&sim, &format!("{V4}/lettings/advertised/{count}/10"))
        .await
        .json();
    assert_eq!(last["Count"], count + 1);
    assert_eq!(last["Data"][0], added, "a new record comes last");
    let tenancy = get(&sim, &format!("{V4}/lettings/advertised/{oid}")).await;
    assert_eq!(tenancy.status, 200, "{}", tenancy.text);
    let tenancy = tenancy.json();
    assert_eq!(
        tenancy["RentAdvertised"], 950.0,
        "shared fields come from the summary"
    );
    let property = text(&tenancy, "PropertyID");
    assert_eq!(
        get(&sim, &format!("{V4}/lettings/properties/{property}"))
            .await
            .status,
        200
    );
    let of_branch = data(
        &get(
            &sim,
            &format!("{V4}/lettings/advertised/0/1000?branchID={branch}"),
        )
        .await,
    );
    assert!(of_branch.iter().any(|l| l["OID"] == oid.as_str()));
    // A detail added directly is a new summary too.
    let sale = sim
        .add_record(
            "SalesInstructionModel",
            json!({"Bedrooms": 3, "State": "Advertised"}),
        )
        .unwrap();
    let listed = stream(&sim, &format!("{V4}/sales/advertised")).await;
    let summary = listed.last().unwrap();
    assert_eq!(summary["OID"], sale["OID"]);
    assert_eq!(summary["State"], "Advertised");
}

#[tokio::test]
async fn a_photo_added_under_an_instruction_is_in_that_list_only() {
    let sim = unthrottled().await;
    let sales = sim.ids("SalesSummaryModel", 2);
    let (a, b) = (&sales[0], &sales[1]);
    let list = |id: &str, name: &str| format!("{V4}/sales/salesinstructions/{id}/{name}");
    let photos = stream(&sim, &list(a, "photos")).await;
    let floorplans = stream(&sim, &list(a, "floorplans")).await;
    let others = stream(&sim, &list(b, "photos")).await;
    let photo = sim
        .add_record_under(
            "PhotoModel",
            Under::record("SalesInstructionModel", a).list("photos"),
            json!({"Name": "Garden", "PhotoType": "Photo"}),
        )
        .unwrap();
    let now = stream(&sim, &list(a, "photos")).await;
    assert_eq!(now.len(), photos.len() + 1);
    assert_eq!(now.last(), Some(&photo));
    assert_eq!(stream(&sim, &list(a, "floorplans")).await, floorplans);
    assert_eq!(stream(&sim, &list(b, "photos")).await, others);
    let image = get(&sim, &format!("{V4}/download/{}", text(&photo, "OID"))).await;
    assert_eq!(image.status, 200);

    // Photos and floor plans both sit under an instruction: the list must be named.
    let ambiguous = sim
        .add_record_under(
            "PhotoModel",
            Under::record("SalesInstructionModel", a),
            json!({}),
        )
        .unwrap_err();
    assert!(
        matches!(&ambiguous, RecordError::NoList { found, .. } if found.len() == 2),
        "{ambiguous}"
    );
    // Features have one list under an instruction, and no id: they can still be added.
    let features = stream(&sim, &list(a, "features")).await.len();
    sim.add_record_under(
        "FeatureModel",
        Under::record("SalesInstructionModel", a),
        json!({"Name": "Double glazing"}),
    )
    .unwrap();
    let now = stream(&sim, &list(a, "features")).await;
    assert_eq!(now.len(), features + 1);
    assert_eq!(now.last().unwrap()["Name"], "Double glazing");
    assert!(matches!(
        sim.add_record_under(
            "FeatureModel",
            Under::record("SalesInstructionModel", "SAL999999"),
            json!({})
        ),
        Err(RecordError::UnknownRecord { .. })
    ));
}

#[tokio::test]
async fn a_removed_record_leaves_its_lists_and_reads_404() {
    let sim = unthrottled().await;
    let sales = stream(&sim, &format!("{V4}/sales/advertised")).await;
    let oid = text(&sales[5], "OID").to_owned();
    sim.remove_record("SalesSummaryModel", &oid).unwrap();
    let now = get(&sim, &format!("{V4}/sales/advertised/0/1000"))
        .await
        .json();
    assert_eq!(now["Count"], sales.len() - 1);
    assert_eq!(now["Data"][5], sales[6], "the records after it move up");
    for path in [
        format!("{V4}/sales/salesinstructions/{oid}"),
        format!("{V4}/sales/salesinstructions/{oid}/photos/0/10"),
    ] {
        assert_eq!(get(&sim, &path).await.status, 404, "{path}");
    }
    assert!(matches!(
        sim.remove_record("SalesSummaryModel", &oid),
        Err(RecordError::UnknownRecord { .. })
    ));
    // Removing a detail removes its summary.
    let other = text(&sales[0], "OID");
    sim.remove_record("SalesInstructionModel", other).unwrap();
    assert_eq!(sim.count("SalesSummaryModel"), sales.len() - 2);
    // A removed photo leaves its instruction's list.
    let sale = text(&sales[1], "OID");
    let path = format!("{V4}/sales/salesinstructions/{sale}/photos");
    let photos = stream(&sim, &path).await;
    sim.remove_record("PhotoModel", text(&photos[0], "OID"))
        .unwrap();
    assert_eq!(stream(&sim, &path).await, photos[1..]);
}

#[tokio::test]
async fn removing_every_record_makes_the_list_answer_empty() {
    let sim = unthrottled().await;
    let had = sim.count("LettingsSummaryModel");
    let old = sim.ids("LettingsSummaryModel", 1).remove(0);
    assert_eq!(sim.remove_all_records("LettingsSummaryModel").unwrap(), had);
    let page = get(&sim, &format!("{V4}/lettings/advertised/0/1000"))
        .await
        .json();
    assert_eq!(page, json!({"Count": 0, "Data": []}));
    assert_eq!(
        get(&sim, &format!("{V4}/lettings/advertised/{old}"))
            .await
            .status,
        404
    );
    // Records added afterwards get new ids.
    let added = sim.add_record("LettingsSummaryModel", json!({})).unwrap();
    assert_ne!(added["OID"], old.as_str());
    assert_eq!(
        data(&get(&sim, &format!("{V4}/lettings/advertised/0/1000")).await),
        [added]
    );
}

#[tokio::test]
async fn a_record_added_under_a_parent_it_names_has_that_field_set() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parents.yaml");
    let sim = Sim::start(
        SimConfig::default()
            .spec(&doc)
            .dataset(DatasetSize::uniform(30).model("ParentModel", 3))
            .throttle(ThrottleConfig::unlimited()),
    )
    .await
    .unwrap();
    let parent = sim.ids("ParentModel", 2).remove(1);
    let path = format!("/v1/family/demo/parents/{parent}/children?offset=0&count=1000");
    let before = get(&sim, &path).await.json();
    let child = sim
        .add_record_under(
            "ChildModel",
            Under::record("ParentModel", &parent),
            json!({"Name": "Ann"}),
        )
        .unwrap();
    assert_eq!(child["Parent"], parent.as_str());
    let after = get(&sim, &path).await.json();
    assert_eq!(after["Count"], before["Count"].as_u64().unwrap() + 1);
    assert!(after["Data"].as_array().unwrap().contains(&child));
    sim.shutdown().await;
}
