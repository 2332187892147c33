//! Form bodies on the wire (the `gen/form.yaml` fixture): a body offered only as a form is sent
//! as `application/x-www-form-urlencoded` (exactly `a=1&b=x+y&...`), and a retry sends the same
//! bytes; a body offered as JSON too stays JSON.

mod common;

use agentos_conformance::gen_form::models::{Order, OrderAt};
use agentos_conformance::gen_form::store::{PostEither, PutForm};
use agentos_runtime::{Client, RetryPolicy};
use common::capture;

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("key-12345")
        .short_name("demo")
        // A short backoff: the retry is what is tested, not its wait.
        .retry({
            let mut policy = RetryPolicy::default();
            policy.base_delay = std::time::Duration::from_millis(10);
            policy
        })
        .build()
        .unwrap()
}

fn order() -> Order {
    Order {
        a: 1,
        b: "x y".into(),
        tags: Some(vec!["p".into(), "q&r".into()]),
        at: Some(OrderAt {
            x: Some("z".into()),
            y: None,
        }),
    }
}

#[tokio::test]
async fn a_form_only_body_is_sent_as_a_form_and_resent_alike() {
    // A 503 first: the PUT is retried, with the same body.
    let (url, requests) = capture(&[(503, ""), (204, "")]);
    client(&url).send(&PutForm::new(order())).await.unwrap();
    let first = requests.recv().unwrap();
    assert_eq!(
        first.header("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(first.body, "a=1&b=x+y&tags=p&tags=q%26r&x=z");
    let again = requests.recv().unwrap();
    assert_eq!(again.body, first.body);
    assert_eq!(
        again.header("content-type"),
        ["application/x-www-form-urlencoded"]
    );
}

#[tokio::test]
async fn a_body_offered_as_json_too_stays_json() {
    let (url, requests) = capture(&[(204, "")]);
    client(&url).send(&PostEither::new(order())).await.unwrap();
    let sent = requests.recv().unwrap();
    assert_eq!(sent.header("content-type"), ["application/json"]);
    let sent: serde_json::Value = serde_json::from_str(&sent.body).unwrap();
    assert_eq!(sent["b"], "x y");
}
