//! A local agentOS: real HTTP on 127.0.0.1 serving every operation of the documents it is given
//! (`spec/agentos.yaml` unless told otherwise; any Swagger 2.0 or OpenAPI 3.x document the
//! generator accepts), with agentOS's rules for keys, call groups, short names, throttling and
//! input errors, answers generated from the documents over seeded collections that hang
//! together, scripted or random faults, and a log of every request.
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
//! - **Documents**: [`SimConfig::spec`] (or `agentos-sim --spec FILE`, repeatable) adds a
//!   document; they are loaded and lowered by `agentos-codegen`, so the simulator accepts
//!   exactly what the generator accepts. Each is served at `/swagger/docs/<version>-<group>`
//!   (`/swagger/docs/v3-diary`), as agentOS serves its documents, without a key.
//! - **Keys**: `api_key` header (or `?api_key=`). Missing or unknown key: 401. A key lacking the
//!   call group of the path ([`KeyConfig::groups`]): 401. A short name the key may not use
//!   (exact match): 403.
//! - **Throttle** ([`ThrottleConfig`], default 50 per rolling 60 s per key): over the limit,
//!   429 with `Retry-After` (whole seconds until the oldest slot frees, at least 1). A request
//!   during that cool-down blocks the key with 403 for [`ThrottleConfig::block_for`]. Time is
//!   tokio's, so tests on a paused clock work.
//! - **Requests are checked against the document**: an unknown path is a 404, a wrong method
//!   a 405 (with `Allow`); a missing required parameter, a value of the wrong type or outside
//!   its enum, a date not in agentOS's form (`YYYY-MM-DDTHH:mm:ss`, fraction allowed),
//!   `count` above 1000, a body that is not JSON or not of its type, are 400s whose `Message`
//!   names the parameter or the place in the body.
//! - **Answers are generated from the document**: schema-valid, deterministic from the seed,
//!   in agentOS's formats (PascalCase members, string ids, dates without offset). Lists page
//!   over a seeded collection of their item model; a read by id (in the path or the query)
//!   answers that record or 404; a POST creates a record that later reads and lists see, PUT
//!   and PATCH update it, DELETE removes it (then 404); downloads answer bytes with the
//!   document's content type. Which operations share a collection is the engine's resource
//!   rule (the `engine::resources` module documents it); an operation it cannot place answers
//!   a generated value of its response type.
//! - **Faults** ([`FaultRule`], [`RandomFaults`]) and the **request log** ([`LoggedRequest`]).
//!   [`Sim::operations`] lists what is served.

#![warn(missing_docs)]

mod config;
mod dates;
mod engine;
mod error;
mod faults;
mod gate;
mod log;
mod server;
mod state;
mod throttle;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use axum::http::Method;
pub use config::{
    DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_SPEC, DEMO_KEY, DEMO_SHORT_NAME, DatasetSize, KeyConfig,
    SimConfig, SpecSource, ThrottleConfig, Tier,
};
pub use engine::SpecError;
pub use engine::examples::ExampleRequest;
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
        let header_read_timeout = config.header_read_timeout;
        let state = Arc::new(SimState::new(config)?);
        let router = axum::Router::new()
            .fallback(gate::gate)
            .with_state(state.clone());
        let (shutdown, signal) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, router, signal, header_read_timeout));
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

    /// Every operation served, in the documents' order.
    pub fn operations(&self) -> Vec<ServedOperation> {
        served(&self.state.engine)
    }

    /// One request per operation served (in [`Sim::operations`] order) that the simulator
    /// answers with a success for `short_name`: required parameters and the paging window
    /// filled, ids naming records that exist, a body of the body's type. Sent in order, each
    /// succeeds (the deletes name records no other example reads).
    pub fn examples(&self, short_name: &str) -> Vec<ExampleRequest> {
        self.state.engine.examples(short_name)
    }

    /// The names the documents are served under at `/swagger/docs/<name>`.
    pub fn documents(&self) -> Vec<String> {
        self.state
            .engine
            .documents
            .iter()
            .flat_map(|d| d.names.iter().cloned())
            .collect()
    }

    /// Ids of the first `n` records of the collection of `model` (a model name as the
    /// generator names it: `DiaryAppointmentModel`), as they are now; empty when there is no
    /// such collection or its records have no id.
    pub fn ids(&self, model: &str, n: usize) -> Vec<String> {
        self.state.engine.ids(model, n)
    }

    /// The first `n` records of the collection of `model`, as JSON, as they are now.
    pub fn records(&self, model: &str, n: usize) -> Vec<serde_json::Value> {
        self.state.engine.records(model, n)
    }

    /// How many records the collection of `model` holds now.
    pub fn count(&self, model: &str) -> usize {
        self.state.engine.count(model)
    }

    /// Every request received so far (since the last [`Sim::clear_requests`]), in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.state.log).snapshot()
    }

    /// The time since the simulator started, on the clock of [`LoggedRequest::at`]: for
    /// comparing a moment of a test with the log's arrivals.
    pub fn elapsed(&self) -> std::time::Duration {
        self.state.started.elapsed()
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

/// The operations a simulator given `config`'s documents serves, in the documents' order,
/// without starting one.
pub fn operations(config: &SimConfig) -> Result<Vec<ServedOperation>, SpecError> {
    engine::Engine::new(&config.documents(), config.seed, &config.dataset)
        .map(|engine| served(&engine))
}

/// One operation a simulator serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedOperation {
    /// Its method.
    pub method: Method,
    /// Its path template, as its document spells it.
    pub path: String,
    /// What the simulator does for it, by the engine's resource rule
    /// (`reads a DiaryAppointmentModel by appointmentID`).
    pub behaviour: String,
}

fn served(engine: &engine::Engine) -> Vec<ServedOperation> {
    engine
        .routes
        .iter()
        .map(|route| ServedOperation {
            method: engine::routes::http_method(route.op.method),
            path: route.op.path.clone(),
            behaviour: match &route.parent {
                Some(parent) => format!(
                    "{}, under one {} by {}",
                    route.action.describe(&route.op),
                    parent.collection.1,
                    parent.param
                ),
                None => route.action.describe(&route.op),
            },
        })
        .collect()
}

impl Drop for Sim {
    fn drop(&mut self) {
        // The server task sees the signal and closes its listener and connections.
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
    }
}
