//! Proxies: the environment's proxy variables never route a request (a loopback `http://`
//! simulator with `HTTP_PROXY` set goes direct, the key never crosses to a proxy in clear),
//! and `ClientBuilder::proxy` tunnels only HTTPS traffic through the proxy it names.
//!
//! One test in its own binary: it sets process-wide environment variables.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use agentos_runtime::RetryPolicy;
use common::*;
use tokio::io::AsyncReadExt;

/// A "proxy" that records the first bytes of every connection and then hangs up.
async fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf))
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or(0);
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
    });
    (url, seen)
}

#[tokio::test(flavor = "current_thread")]
async fn proxies_come_only_from_the_builder_and_carry_only_https() {
    let (proxy_url, proxy_saw) = recording_proxy().await;
    // SAFETY: this binary's only test sets them before any client exists, on one thread.
    unsafe {
        for name in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            std::env::set_var(name, &proxy_url);
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }

    // 1. A loopback simulator with the variables set: direct, key and all.
    let server = Server::start(|_, _| Reply::ok(r#"{"Name":"Acme"}"#)).await;
    let client = server.client().build().unwrap();
    client.get(&GetCompany).await.unwrap();
    assert_eq!(server.requests()[0].api_key.as_deref(), Some(CANARY));
    // 2. Even when a proxy is configured: loopback http:// is never proxied.
    let client = server.client().proxy(&proxy_url).build().unwrap();
    client.get(&GetCompany).await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert!(
        proxy_saw.lock().unwrap().is_empty(),
        "nothing reached the proxy"
    );

    // 3. HTTPS through a configured proxy: a CONNECT tunnel; the proxy never sees the key.
    let client = client_for("https://live-api.letmc.com")
        .proxy(&proxy_url)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    assert!(matches!(err, agentos_runtime::ApiError::Transport { .. }));
    let seen = proxy_saw.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].starts_with("CONNECT live-api.letmc.com:443 HTTP/1.1"),
        "{seen:?}"
    );
    assert!(!seen[0].contains(CANARY), "the key stays inside the tunnel");

    // 4. HTTPS without a configured proxy: the variables are ignored (the request goes
    //    direct, which fails here without a network, but not through the proxy).
    let client = client_for("https://127.0.0.1:9")
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    assert!(client.get(&GetCompany).await.is_err());
    assert_eq!(proxy_saw.lock().unwrap().len(), 1, "still only the tunnel");

    // 5. A proxy URL that is not one is refused when building.
    let err = client_for("https://live-api.letmc.com")
        .proxy("ftp://user:secret@proxy")
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("not usable") && !text.contains("secret"),
        "{text}"
    );
}
