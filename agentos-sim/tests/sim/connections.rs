//! What the server does with connections themselves: a client that sends its request head
//! too slowly is disconnected (real time, over TCP: a slowloris client must not hold a
//! connection forever).

use std::time::{Duration, Instant};

use agentos_sim::{Sim, SimConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_millis(300);

/// Far longer than the timeout: reaching it means the server never closed the connection.
const GIVE_UP: Duration = Duration::from_secs(30);

#[tokio::test]
async fn a_request_head_sent_too_slowly_is_cut_off() {
    let sim = Sim::start(SimConfig::default().header_read_timeout(Some(TIMEOUT)))
        .await
        .unwrap();
    let started = Instant::now();
    let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
    stream
        .write_all(b"GET /v4/advertising/demo/company/company HTTP/1.1\r\nHost: sim\r\nX-Slo")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(GIVE_UP, stream.read_to_end(&mut answer))
        .await
        .expect("the server kept a half-sent request open");
    // Closed without an answer (a reset is a close too).
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    // Not before the timeout: a timer never fires early.
    assert!(started.elapsed() >= TIMEOUT, "{:?}", started.elapsed());
    // The server still serves other clients.
    let mut other = TcpStream::connect(sim.addr()).await.unwrap();
    other
        .write_all(b"GET /v4/advertising/demo/company/company HTTP/1.1\r\nHost: sim\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    tokio::time::timeout(GIVE_UP, other.read_to_string(&mut answer))
        .await
        .expect("no answer")
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}
