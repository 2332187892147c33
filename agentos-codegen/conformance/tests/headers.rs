//! Header and cookie parameters on the wire (the `gen/headers.yaml` fixture): each declared
//! header sent under its name, an array joined with `,`, cookies in one `Cookie` header, a
//! header fixed by the path key's `#X-Amz-Target=...`; the client's own headers never
//! overridden; a value that is no header value refused before anything is sent.

mod common;

use agentos_conformance::gen_headers::store::{Echo, ListOrders, ListOrdersRequired, Ping};
use agentos_runtime::{ApiError, Client};
use common::capture;

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("the-real-key-12345")
        .short_name("demo")
        .build()
        .unwrap()
}

#[tokio::test]
async fn declared_headers_and_cookies_are_sent_as_declared() {
    let (url, heads) = capture(&[(200, "[]"), (200, "[]")]);
    let client = client(&url);
    let all = ListOrders::new(ListOrdersRequired {
        x_request_id: "req-1".into(),
        visitor: "v 1;x".into(),
    })
    .x_page_size(50)
    .x_tags(["a", "b"])
    .x_session_token("tok-secret-9")
    .theme("dark");
    client.send(&all).await.unwrap();
    let sent = heads.recv().unwrap();
    assert!(
        sent.head
            .starts_with("GET /v1/store/demo/orders HTTP/1.1\r\n"),
        "{}",
        sent.head
    );
    assert_eq!(sent.header("x-request-id"), ["req-1"]);
    assert_eq!(sent.header("x-page-size"), ["50"]);
    assert_eq!(sent.header("x-tags"), ["a,b"]);
    assert_eq!(sent.header("x-session-token"), ["tok-secret-9"]);
    assert_eq!(sent.header("cookie"), ["theme=dark; visitor=v%201%3Bx"]);
    // The key is the client's, once; the document's `Content-Type` parameter is not there.
    assert_eq!(sent.header("api_key"), ["the-real-key-12345"]);
    assert!(sent.header("content-type").is_empty(), "{}", sent.head);
    // A GET carries no body.
    assert!(sent.body.is_empty());

    // Optional ones left out are not sent.
    let few = ListOrders::new(ListOrdersRequired {
        x_request_id: "req-2".into(),
        visitor: "v2".into(),
    });
    client.send(&few).await.unwrap();
    let sent = heads.recv().unwrap();
    assert_eq!(sent.header("x-request-id"), ["req-2"]);
    assert_eq!(sent.header("cookie"), ["visitor=v2"]);
    for absent in ["x-page-size", "x-tags", "x-session-token"] {
        assert!(sent.header(absent).is_empty(), "{absent}");
    }
}

#[tokio::test]
async fn a_path_key_fixes_its_header_and_the_operations_on_one_path_stay_apart() {
    let (url, heads) = capture(&[(200, ""), (200, "")]);
    let client = client(&url);
    client.send(&Ping::new()).await.unwrap();
    client.send(&Echo::new("hello")).await.unwrap();
    let ping = heads.recv().unwrap();
    let echo = heads.recv().unwrap();
    for sent in [&ping, &echo] {
        assert!(
            sent.head
                .starts_with("POST /v1/store/demo/rpc HTTP/1.1\r\n"),
            "{}",
            sent.head
        );
    }
    assert_eq!(ping.header("x-amz-target"), ["Store.Ping"]);
    assert_eq!(echo.header("x-amz-target"), ["Store.Echo"]);
    assert_eq!(echo.header("x-echo"), ["hello"]);
}

#[tokio::test]
async fn a_value_that_is_no_header_value_is_refused_before_sending() {
    let (url, heads) = capture(&[(200, "[]")]);
    let client = client(&url);
    let injected = ListOrders::new(ListOrdersRequired {
        x_request_id: "r\r\nX-Injected: yes".into(),
        visitor: "v".into(),
    });
    match client.send(&injected).await {
        Err(ApiError::Request { message, .. }) => {
            assert!(message.contains("x-request-id"), "{message}");
            assert!(!message.contains("Injected"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Nothing reached the server.
    assert!(
        heads
            .recv_timeout(std::time::Duration::from_millis(200))
            .is_err()
    );
}
