//! Path keys with a suffix (the `gen/path_keys.yaml` fixture), on the wire: a `?` suffix is a
//! query sent with every request, after the parameters; a `#` suffix is never sent; the path
//! is the template alone.

use agentos_conformance::gen_path_keys::store::{ListThings, RemoveThing};
use agentos_runtime::Client;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig, ThrottleConfig};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/gen/path_keys.yaml"
);

#[tokio::test]
async fn a_key_suffix_is_sent_as_a_query_or_not_at_all() {
    let sim = Sim::start(
        SimConfig::default()
            .spec(FIXTURE)
            .throttle(ThrottleConfig::unlimited()),
    )
    .await
    .unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .build()
        .unwrap();

    client.send(&ListThings::new()).await.unwrap();
    client.send(&ListThings::new().prefix("x&y")).await.unwrap();
    client.send(&RemoveThing::new()).await.unwrap();

    let wire: Vec<(String, String, String)> = sim
        .requests()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path, r.query))
        .collect();
    let path = format!("/v1/store/{DEMO_SHORT_NAME}/thing");
    assert_eq!(
        wire,
        [
            ("GET".into(), path.clone(), "list-type=2&view=a%20b".into()),
            (
                "GET".into(),
                path.clone(),
                "prefix=x%26y&list-type=2&view=a%20b".into()
            ),
            ("DELETE".into(), path, String::new()),
        ]
    );
}
