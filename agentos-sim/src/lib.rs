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
//! - **Overlays and options**: [`SimConfig::overlay`], [`SimConfig::options_file`] (or
//!   `--overlay FILE`, `--options FILE`) read the documents with the overlays and status policy
//!   a client was generated with, through the same `Generator`, so the simulator serves what
//!   that client expects (the documents it publishes stay as given).
//! - **The command line** (`agentos-sim`) needs the `cli` feature:
//!   `cargo run -p agentos-api-sim --features cli -- --spec FILE --list`. A test that starts
//!   the simulator in-process needs only the library.
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
//!   and PATCH update it, DELETE removes it (then 404); lists under a record hold that
//!   record's own records (404 for an unknown parent); a detail read shows the records of the
//!   summary list it belongs to (v4's `sales/advertised` -> `sales/salesinstructions/{id}`);
//!   downloads answer bytes of a type the document offers, changing with their record's
//!   `ETag`. Paging in the path (`/{offset}/{count}`) is paging like `?offset=&count=`. A
//!   list with a date window (`?startDate=&endDate=`) holds the records whose bounded field
//!   falls inside it (the `engine::window` module has the rule; `--list` names the field).
//!   A login answers a session token the simulator issued for the short name, and a token
//!   parameter given anything else is a 401 (`engine::session`). Which
//!   operations share a collection is the engine's resource rule (the `engine::resources`
//!   module documents it); an operation it cannot place answers a generated value of its
//!   response type.
//! - **Test hooks** change the records between requests: [`Sim::change_record`],
//!   [`Sim::merge_record`], [`Sim::add_record`], [`Sim::add_record_under`] (a new photo of a
//!   sales instruction: [`Under`]), [`Sim::remove_record`], [`Sim::remove_all_records`]
//!   (an empty list). Lists, counts, reads and downloads show a change at once.
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
pub use engine::hooks::Under;
pub use error::{RecordError, SimError};
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
    /// generator names it, `DiaryAppointmentModel`, or as the document does), as they are now;
    /// empty when there is no such collection or its records have no id. A detail model's
    /// records are its summary's ([`Sim::operations`] says which models are details).
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

    /// Changes the record `id` of the collection of `model` (its Rust name, `PhotoModel`, or
    /// its name in the document) with `change`, as agentOS's users change records between a
    /// client's runs; returns the record as reads now answer it. The id cannot change. Its
    /// `ETag` changes (unless `change` set one); a detail's change is its summary's too (the
    /// summary's `ETag` changes), and downloads for the id answer other bytes. Nothing checks
    /// what `change` writes: a test may break a record on purpose.
    ///
    /// ```
    /// # use agentos_sim::{Sim, SimConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let sim = Sim::start(SimConfig::default()).await?;
    /// let photo = sim.ids("PhotoModel", 1).remove(0);
    /// let before = sim.records("PhotoModel", 1).remove(0);
    /// let after = sim.change_record("PhotoModel", &photo, |p| p["Name"] = "Garden".into())?;
    /// assert_eq!(after["Name"], "Garden");
    /// assert_ne!(after["ETag"], before["ETag"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn change_record(
        &self,
        model: &str,
        id: &str,
        change: impl FnOnce(&mut serde_json::Value),
    ) -> Result<serde_json::Value, RecordError> {
        self.state.engine.change_record(model, id, change)
    }

    /// [`Sim::change_record`] setting the members of `fields` (a JSON object of the model's
    /// fields, by their names in the document, each of its type: checked).
    pub fn merge_record(
        &self,
        model: &str,
        id: &str,
        fields: serde_json::Value,
    ) -> Result<serde_json::Value, RecordError> {
        self.state.engine.merge_record(model, id, &fields)
    }

    /// Adds a record to the collection of `model`, with `fields` (checked, as for
    /// [`Sim::merge_record`]) over generated ones, and a new id; returns it. Lists and counts
    /// show it at once, last. A detail model's new record is a new summary too (`Count` of
    /// the summary list grows).
    pub fn add_record(
        &self,
        model: &str,
        fields: serde_json::Value,
    ) -> Result<serde_json::Value, RecordError> {
        self.state.engine.add_record(model, None, &fields)
    }

    /// [`Sim::add_record`] under a record of another collection: in a list under that record
    /// (a new photo of a sales instruction: `Under::record("SalesInstructionModel",
    /// id).list("photos")`), or, where the model's records name their parent in a field, with
    /// that field set to the parent's id.
    pub fn add_record_under(
        &self,
        model: &str,
        under: Under,
        fields: serde_json::Value,
    ) -> Result<serde_json::Value, RecordError> {
        self.state.engine.add_record(model, Some(&under), &fields)
    }

    /// Removes the record `id` of the collection of `model`: lists no longer show it, counts
    /// drop, reads of it (and lists under it) are 404. Removing a detail removes its summary.
    pub fn remove_record(&self, model: &str, id: &str) -> Result<(), RecordError> {
        self.state.engine.remove_record(model, id)
    }

    /// Removes every record of the collection of `model` (for a test of a client's guard
    /// against an empty answer: its lists answer `{"Count": 0, "Data": []}`); how many there
    /// were. Records added later get new ids.
    pub fn remove_all_records(&self, model: &str) -> Result<usize, RecordError> {
        self.state.engine.remove_all_records(model)
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
    engine::Engine::new(
        &config.documents(),
        &config.generator,
        config.seed,
        &config.dataset,
    )
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
            behaviour: engine.describe(route),
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
