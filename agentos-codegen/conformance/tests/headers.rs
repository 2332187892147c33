//! Header and cookie parameters on the wire (the `gen/headers.yaml` fixture): each declared
//! header sent under its name, an array joined with `,`, cookies in one `Cookie` header, a
//! header fixed by the path key's `#X-Amz-Target=...`; the client's own headers never
//! overridden; a value that is no header value refused before anything is sent.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use agentos_conformance::gen_headers::store::{Echo, ListOrders, ListOrdersRequired, Ping};
use agentos_runtime::{ApiError, Client};

/// A server on 127.0.0.1 that answers `answer` to each of `n` requests and sends back each
/// request's head (request line and headers) as received.
fn capture(n: usize, answer: &'static str) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (send, heads) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..n {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let _ = send.send(String::from_utf8_lossy(&head).into_owned());
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (url, heads)
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("the-real-key-12345")
        .short_name("demo")
        .build()
        .unwrap()
}

/// The head's headers, names in lower case, in order.
fn headers(head: &str) -> Vec<(String, String)> {
    head.lines()
        .skip(1)
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
        .collect()
}

fn values<'h>(headers: &'h [(String, String)], name: &str) -> Vec<&'h str> {
    headers
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[tokio::test]
async fn declared_headers_and_cookies_are_sent_as_declared() {
    let (url, heads) = capture(2, "[]");
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
    let head = heads.recv().unwrap();
    assert!(
        head.starts_with("GET /v1/store/demo/orders HTTP/1.1\r\n"),
        "{head}"
    );
    let sent = headers(&head);
    assert_eq!(values(&sent, "x-request-id"), ["req-1"]);
    assert_eq!(values(&sent, "x-page-size"), ["50"]);
    assert_eq!(values(&sent, "x-tags"), ["a,b"]);
    assert_eq!(values(&sent, "x-session-token"), ["tok-secret-9"]);
    assert_eq!(values(&sent, "cookie"), ["theme=dark; visitor=v%201%3Bx"]);
    // The key is the client's, once; the document's `Content-Type` parameter is not there.
    assert_eq!(values(&sent, "api_key"), ["the-real-key-12345"]);
    assert!(values(&sent, "content-type").is_empty(), "{head}");

    // Optional ones left out are not sent.
    let few = ListOrders::new(ListOrdersRequired {
        x_request_id: "req-2".into(),
        visitor: "v2".into(),
    });
    client.send(&few).await.unwrap();
    let sent = headers(&heads.recv().unwrap());
    assert_eq!(values(&sent, "x-request-id"), ["req-2"]);
    assert_eq!(values(&sent, "cookie"), ["visitor=v2"]);
    for absent in ["x-page-size", "x-tags", "x-session-token"] {
        assert!(values(&sent, absent).is_empty(), "{absent}");
    }
}

#[tokio::test]
async fn a_path_key_fixes_its_header_and_the_operations_on_one_path_stay_apart() {
    let (url, heads) = capture(2, "");
    let client = client(&url);
    client.send(&Ping::new()).await.unwrap();
    client.send(&Echo::new("hello")).await.unwrap();
    let ping = heads.recv().unwrap();
    let echo = heads.recv().unwrap();
    assert!(
        ping.starts_with("POST /v1/store/demo/rpc HTTP/1.1\r\n"),
        "{ping}"
    );
    assert!(
        echo.starts_with("POST /v1/store/demo/rpc HTTP/1.1\r\n"),
        "{echo}"
    );
    assert_eq!(values(&headers(&ping), "x-amz-target"), ["Store.Ping"]);
    let echo = headers(&echo);
    assert_eq!(values(&echo, "x-amz-target"), ["Store.Echo"]);
    assert_eq!(values(&echo, "x-echo"), ["hello"]);
}

#[tokio::test]
async fn a_value_that_is_no_header_value_is_refused_before_sending() {
    let (url, heads) = capture(1, "[]");
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
