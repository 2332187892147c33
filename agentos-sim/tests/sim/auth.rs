//! Keys, tiers and short names: 401 for a missing, unknown or under-tiered key; 403 for
//! another client's short name (compared exactly).

use agentos_sim::{DEMO_KEY, KeyConfig, Method, Sim, SimConfig, Tier};

use crate::common::{first, get, send_as, sim};

const COMPANY: &str = "/v4/advertising/demo/company/company";

#[tokio::test]
async fn a_missing_or_unknown_key_is_401() {
    let sim = sim().await;
    let none = send_as(&sim, None, Method::GET, COMPANY, None)
        .await
        .unwrap();
    assert_eq!(none.status, 401);
    assert!(none.message().contains("api_key"));
    let unknown = send_as(&sim, Some("not-a-key"), Method::GET, COMPANY, None)
        .await
        .unwrap();
    assert_eq!(unknown.status, 401);
    assert!(!unknown.message().is_empty());
    assert_eq!(get(&sim, COMPANY).await.status, 200);
}

#[tokio::test]
async fn the_key_may_travel_in_the_query() {
    let sim = sim().await;
    let answer = send_as(
        &sim,
        None,
        Method::GET,
        &format!("{COMPANY}?api_key={DEMO_KEY}"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json()["ShortName"], "demo");
}

#[tokio::test]
async fn a_key_without_the_call_group_is_401_and_with_it_200() {
    let sim = Sim::start(
        SimConfig::default().key(KeyConfig::new("free-only", "demo").tiers([Tier::Tier1])),
    )
    .await
    .unwrap();
    let free = send_as(
        &sim,
        Some("free-only"),
        Method::GET,
        "/v2/tier1/demo/company",
        None,
    )
    .await
    .unwrap();
    assert_eq!(free.status, 200);
    for path in [
        "/v2/tier2/demo/company",
        "/v3/diary/demo/appointmenttypes?offset=0&count=1",
        COMPANY,
    ] {
        let answer = send_as(&sim, Some("free-only"), Method::GET, path, None)
            .await
            .unwrap();
        assert_eq!(answer.status, 401, "{path}");
        assert!(answer.message().contains("call group"), "{}", answer.text);
    }
}

#[tokio::test]
async fn another_clients_short_name_is_403_compared_exactly() {
    let sim = Sim::start(
        SimConfig::default().key(KeyConfig::new("two-clients", "north").short_name("south")),
    )
    .await
    .unwrap();
    for path in [
        "/v4/advertising/other/company/company",
        "/v4/advertising/Demo/company/company",
        "/v4/advertising/DEMO/company/company",
    ] {
        assert_eq!(get(&sim, path).await.status, 403, "{path}");
    }
    for name in ["north", "south"] {
        let path = format!("/v2/tier1/{name}/company");
        let answer = send_as(&sim, Some("two-clients"), Method::GET, &path, None)
            .await
            .unwrap();
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.json()["ShortName"], name);
    }
    let demo = send_as(&sim, Some("two-clients"), Method::GET, COMPANY, None)
        .await
        .unwrap();
    assert_eq!(demo.status, 403);
}

#[tokio::test]
async fn the_lower_case_shortname_template_is_checked_too() {
    let sim = sim().await;
    let path = |name: &str| {
        format!(
            "/v3/diary/{name}/{}/guest/search?forename=&emailaddress=&surname=&offset=0&count=5",
            first(&sim, "BranchModel")
        )
    };
    assert_eq!(get(&sim, &path("demo")).await.status, 200);
    assert_eq!(get(&sim, &path("other")).await.status, 403);
}
