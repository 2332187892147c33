//! A local agentOS: real HTTP on 127.0.0.1 serving exactly the operations of
//! `spec/agentos.yaml` over a seeded dataset, with agentOS's rules for keys, tiers, short names,
//! throttling and input errors, plus scripted or random faults and a log of every request.
//!
//! ```
//! use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = Sim::start(SimConfig::default()).await?;
//! let url = format!("{}/v4/advertising/{DEMO_SHORT_NAME}/company/company", sim.base_url());
//! let response = reqwest::Client::new().get(url).header("api_key", DEMO_KEY).send().await?;
//! assert_eq!(response.status(), 200);
//! assert!(response.text().await?.contains(r#""ShortName":"demo""#));
//! assert_eq!(sim.requests().len(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! # How it behaves
//! - **Keys**: `api_key` header (or `?api_key=`). Missing or unknown key: 401. A key lacking the
//!   call group of the path ([`Tier`]): 401. A short name the key may not use (exact match): 403.
//! - **Throttle** ([`ThrottleConfig`], default 50 per rolling 60 s per key): over the limit,
//!   429 with `Retry-After` (whole seconds until the oldest slot frees, at least 1). A request
//!   during that cool-down blocks the key with 403 for [`ThrottleConfig::block_for`]. Time is
//!   tokio's, so tests on a paused clock work.
//! - **Inputs**: 400 for missing or malformed required parameters, `offset < 0`, `count < 0`,
//!   `count > 1000`, bad date-times (accepted: `YYYY-MM-DDTHH:mm:ss`, optional fraction and
//!   offset), bad enum values and malformed JSON bodies. Error bodies are `{"Message": "..."}`.
//! - **Ids**: path ids are percent-decoded before lookup (`%2E%2E%2Fx` is the id `../x`);
//!   unknown path ids answer 404, unknown ids sent in a query or body as inputs answer 400,
//!   except `appointmentID` of get/update/delete appointment (404, as the schema declares).
//! - **Unknown paths** answer 404, **wrong methods** on a known path 405, both with JSON bodies.
//!   Paths under a call group (`/v3/diary/{shortName}/...`) pass the key, throttle, short name
//!   and tier checks first, so without a key such a request is a 401 whatever its method.
//! - **State**: creating, updating, cancelling and deleting appointments changes what later
//!   calls see.
//! - **Faults** ([`FaultRule`], [`RandomFaults`]) and the **request log** ([`LoggedRequest`]).

#![warn(missing_docs)]

mod api;
mod config;
mod dataset;
mod dates;
mod error;
mod faults;
mod gate;
mod log;
mod model;
mod server;
mod state;
mod throttle;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use axum::http::Method;
pub use config::{
    DEMO_KEY, DEMO_SHORT_NAME, DatasetSize, KeyConfig, SimConfig, ThrottleConfig, Tier,
};
pub use dataset::Fixtures;
pub use error::SimError;
pub use faults::{Fault, FaultRule, Occurrence, PathMatch, RandomFaults};
pub use log::LoggedRequest;

use state::{SimState, lock};

/// A running simulator. It serves until [`Sim::shutdown`] or until it is dropped.
#[derive(Debug)]
pub struct Sim {
    addr: SocketAddr,
    base_url: String,
    state: Arc<SimState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sim {
    /// Binds 127.0.0.1 on `config.port` (0: a free port), builds the dataset and starts serving
    /// on the current tokio runtime.
    pub async fn start(config: SimConfig) -> Result<Sim, SimError> {
        let port = config.port;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|source| SimError::Bind { port, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| SimError::Bind { port, source })?;
        let state = Arc::new(SimState::new(config));
        let (router, _) = api::router();
        let router = router
            .layer(from_fn_with_state(state.clone(), gate::gate))
            .with_state(state.clone());
        let (shutdown, signal) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, router, signal));
        Ok(Sim {
            addr,
            base_url: format!("http://{addr}"),
            state,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Ids of existing records, for calling every operation with valid parameters.
    pub fn fixtures(&self) -> Fixtures {
        self.state.data().fixtures()
    }

    /// Every request received so far (since the last [`Sim::clear_requests`]), in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.state.log).snapshot()
    }

    /// Forgets the logged requests.
    pub fn clear_requests(&self) {
        lock(&self.state.log).clear();
    }

    /// Adds a scripted fault after the configured ones; its occurrences count from now.
    pub fn add_fault(&self, rule: FaultRule) {
        lock(&self.state.faults).add(rule);
    }

    /// Removes every scripted and random fault.
    pub fn clear_faults(&self) {
        lock(&self.state.faults).clear();
    }

    /// Replaces the random faults (`None` turns them off); the generator restarts from the seed.
    pub fn set_random_faults(&self, random: Option<RandomFaults>) {
        lock(&self.state.faults).set_random(random);
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// The operations every simulator serves: (method, path template spelt exactly as in
/// `spec/agentos.yaml`), in the schema's order.
pub fn operations() -> Vec<(Method, &'static str)> {
    api::router().1
}

impl Drop for Sim {
    fn drop(&mut self) {
        // The server task sees the signal and closes its listener and connections.
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
    }
}
