//! Form bodies on the wire (the `gen/form.yaml` fixture): a body offered only as a form is sent
//! as `application/x-www-form-urlencoded` (exactly `a=1&b=x+y&...`), and a retry sends the same
//! bytes; a body offered as JSON too stays JSON.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use agentos_conformance::gen_form::models::{Order, OrderAt};
use agentos_conformance::gen_form::store::{PostEither, PutForm};
use agentos_runtime::{Client, RetryPolicy};

/// A server on 127.0.0.1 answering `statuses` in turn, sending back each request (head and
/// body, read by its `content-length`).
fn capture(statuses: &'static [u16]) -> (String, mpsc::Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (send, requests) = mpsc::channel();
    std::thread::spawn(move || {
        for status in statuses {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            let mut body = vec![0u8; length];
            stream.read_exact(&mut body).unwrap();
            let _ = send.send((head, String::from_utf8(body).unwrap()));
            let response =
                format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (url, requests)
}

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

fn content_type(head: &str) -> String {
    head.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_owned)
        })
        .unwrap_or_default()
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
    let (url, requests) = capture(&[503, 204]);
    client(&url).send(&PutForm::new(order())).await.unwrap();
    let (head, body) = requests.recv().unwrap();
    assert_eq!(content_type(&head), "application/x-www-form-urlencoded");
    assert_eq!(body, "a=1&b=x+y&tags=p&tags=q%26r&x=z");
    let (again_head, again) = requests.recv().unwrap();
    assert_eq!(again, body);
    assert_eq!(
        content_type(&again_head),
        "application/x-www-form-urlencoded"
    );
}

#[tokio::test]
async fn a_body_offered_as_json_too_stays_json() {
    let (url, requests) = capture(&[204]);
    client(&url).send(&PostEither::new(order())).await.unwrap();
    let (head, body) = requests.recv().unwrap();
    assert_eq!(content_type(&head), "application/json");
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["b"], "x y");
}
