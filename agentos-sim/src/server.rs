//! The HTTP/1 accept loop. Written out (rather than `axum::serve`) for one reason: a response
//! marked `DropConnection` must close its connection without a byte of answer, which hyper
//! does when the service returns an error.

use std::convert::Infallible;
use std::fmt;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::gate::DropConnection;

/// The error that makes hyper abandon a connection (a `Fault::DropConnection`).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// Serves `router` on `listener` until `shutdown` fires (or its sender is dropped); then stops
/// accepting and closes the open connections.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let router = router.clone();
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let router = router.clone();
                    async move {
                        let response: Result<Response<Body>, Infallible> =
                            router.oneshot(request.map(Body::new)).await;
                        match response {
                            Ok(response) if response.extensions().get::<DropConnection>().is_some() => {
                                Err(Dropped)
                            }
                            Ok(response) => Ok(response),
                            Err(never) => match never {},
                        }
                    }
                });
                connections.spawn(async move {
                    // Errors here are client disconnects and injected drops: nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}
