//! What a simulator is started with: port, seed, keys and their tiers, throttle, faults, data size.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::faults::{FaultRule, RandomFaults};

/// The API key [`SimConfig::default`] accepts; it grants every call group for
/// [`DEMO_SHORT_NAME`].
pub const DEMO_KEY: &str = "sim-demo-key-7f3a9c2e5b1d";

/// The client short name [`DEMO_KEY`] may read and write.
pub const DEMO_SHORT_NAME: &str = "demo";

/// A call group of `spec/agentos.yaml`, by name: a key grants some of them; calling a group the
/// key lacks is a 401. Other documents' groups are granted by name
/// ([`KeyConfig::groups`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    /// `/v4/advertising/...`
    Advertising,
    /// `/v3/diary/...`
    Diary,
    /// `/v2/tier1/...` (free tier)
    Tier1,
    /// `/v2/tier2/...` (basic tier)
    Tier2,
}

impl Tier {
    /// Every call group of `spec/agentos.yaml`.
    pub const ALL: [Tier; 4] = [Tier::Advertising, Tier::Diary, Tier::Tier1, Tier::Tier2];

    /// The call group's name, as its paths spell it (`/v3/diary/...` is `diary`).
    pub fn name(self) -> &'static str {
        match self {
            Tier::Advertising => "advertising",
            Tier::Diary => "diary",
            Tier::Tier1 => "tier1",
            Tier::Tier2 => "tier2",
        }
    }
}

/// One API key the simulator accepts: which clients' data it may touch and which call groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyConfig {
    /// The key, as sent in the `api_key` header or query parameter.
    pub key: String,
    /// Short names the key may use; compared exactly (case matters).
    pub short_names: Vec<String>,
    /// Call groups the key grants, by name (`diary`, `tier2`); `None`: every group.
    pub groups: Option<Vec<String>>,
}

impl KeyConfig {
    /// A key for one short name granting every call group.
    pub fn new(key: impl Into<String>, short_name: impl Into<String>) -> Self {
        KeyConfig {
            key: key.into(),
            short_names: vec![short_name.into()],
            groups: None,
        }
    }

    /// Grants exactly these call groups of `spec/agentos.yaml`.
    pub fn tiers(self, tiers: impl IntoIterator<Item = Tier>) -> Self {
        self.groups(tiers.into_iter().map(Tier::name))
    }

    /// Grants exactly these call groups, by name (`diary`, `tier2`, any document's).
    pub fn groups(mut self, groups: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.groups = Some(groups.into_iter().map(Into::into).collect());
        self
    }

    /// Whether the key grants the call group `group`.
    pub fn grants(&self, group: &str) -> bool {
        self.groups
            .as_ref()
            .is_none_or(|groups| groups.iter().any(|g| g.eq_ignore_ascii_case(group)))
    }

    /// Adds another short name the key may use.
    pub fn short_name(mut self, short_name: impl Into<String>) -> Self {
        self.short_names.push(short_name.into());
        self
    }
}

/// The per-key rolling-window throttle and the block that follows hammering after a 429.
///
/// Only admitted requests take a slot; requests answered 429 or 403 by the throttle do not.
/// Requests with a missing or unknown key are refused (401) before the throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleConfig {
    /// Requests a key may make within any window.
    pub limit: u32,
    /// Length of the rolling window; each request's slot comes back this long after it was used.
    pub window: Duration,
    /// How long a key is refused with 403 when it sends again before the `Retry-After` of a
    /// 429 has passed. `None` turns the escalation off (such requests get 429 again).
    pub block_for: Option<Duration>,
}

impl ThrottleConfig {
    /// `limit` requests per rolling `window`, with the default 60 s block.
    pub fn new(limit: u32, window: Duration) -> Self {
        ThrottleConfig {
            limit,
            window,
            ..ThrottleConfig::default()
        }
    }

    /// A throttle that never answers 429 (for tests about something else).
    pub fn unlimited() -> Self {
        ThrottleConfig {
            limit: u32::MAX,
            window: Duration::from_secs(60),
            block_for: None,
        }
    }

    /// Replaces the block duration (`None`: no escalation to 403).
    pub fn block_for(mut self, block_for: Option<Duration>) -> Self {
        self.block_for = block_for;
        self
    }
}

impl Default for ThrottleConfig {
    /// The documented agentOS rule (the runtime's [`agentos_runtime::throttle::DEFAULT_LIMIT`]
    /// requests per key per rolling [`agentos_runtime::throttle::DEFAULT_WINDOW`]), 60 s block.
    fn default() -> Self {
        ThrottleConfig {
            limit: agentos_runtime::throttle::DEFAULT_LIMIT,
            window: agentos_runtime::throttle::DEFAULT_WINDOW,
            block_for: Some(Duration::from_secs(60)),
        }
    }
}

/// How many seeded records each collection holds (a collection per model; see the engine's
/// resource rule). A model named in `by_model` gets that many, any other `records`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSize {
    /// The records of a collection not named in `by_model`.
    pub records: usize,
    /// Records by model name (`AdvertisingBranchModel`).
    pub by_model: BTreeMap<String, usize>,
}

impl DatasetSize {
    /// `records` for every collection.
    pub fn uniform(records: usize) -> Self {
        DatasetSize {
            records,
            by_model: BTreeMap::new(),
        }
    }

    /// Sets the records of the collection of `model`.
    pub fn model(mut self, model: impl Into<String>, records: usize) -> Self {
        self.by_model.insert(model.into(), records);
        self
    }

    /// The records of the collection of `model`.
    pub fn of(&self, model: &str) -> usize {
        self.by_model.get(model).copied().unwrap_or(self.records)
    }
}

impl Default for DatasetSize {
    /// 300 records per collection; more for the large collections of `spec/agentos.yaml`
    /// (2,500 branches, so that listing them takes three pages of 1000; 3,000 appointments).
    fn default() -> Self {
        DatasetSize::uniform(300)
            .model("AdvertisingBranchModel", 2_500)
            .model("BranchModel", 2_500)
            .model("DiaryAppointmentModel", 3_000)
            .model("PropertyModel", 1_200)
            .model("TenancyModel", 1_500)
            .model("DiaryAppointmentTypeModel", 30)
            .model("ApplicationStaffModel", 40)
    }
}

/// A document the simulator serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// Read from this file.
    Path(PathBuf),
    /// This text; `origin` names it in errors.
    Text {
        /// A name for the document.
        origin: String,
        /// Its JSON or YAML.
        text: String,
    },
}

/// How long a connection may take to send a request head unless configured otherwise
/// ([`SimConfig::header_read_timeout`]): far above what a client on the same machine needs,
/// short enough that stalled or idle connections do not pile up.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// `spec/agentos.yaml`, the documents the simulator serves unless told otherwise.
pub const DEFAULT_SPEC: &str = include_str!("../spec/agentos.yaml");

/// Everything a simulator is started with. `SimConfig::default()` serves `spec/agentos.yaml`,
/// listens on an ephemeral port, accepts [`DEMO_KEY`] for [`DEMO_SHORT_NAME`] with every call
/// group, and throttles at 50 / 60 s.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The documents served (Swagger 2.0 or OpenAPI 3.x, JSON or YAML). Empty:
    /// `spec/agentos.yaml`.
    pub specs: Vec<SpecSource>,
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Seed of the dataset: the same seed always gives the same data.
    pub seed: u64,
    /// Sizes of the dataset.
    pub dataset: DatasetSize,
    /// Accepted keys.
    pub keys: Vec<KeyConfig>,
    /// Throttle applied to every key.
    pub throttle: ThrottleConfig,
    /// Scripted faults, checked in order for every API request (more can be added later with
    /// [`Sim::add_fault`](crate::Sim::add_fault)).
    pub faults: Vec<FaultRule>,
    /// Faults injected at random into a share of the requests.
    pub random_faults: Option<RandomFaults>,
    /// How long a connection may take to send a request head (counted from the connection's
    /// start, or on a kept-alive connection from the previous answer) before it is closed
    /// without an answer, so that slow or stalled clients cannot hold connections forever.
    /// `None`: wait forever. Default [`DEFAULT_HEADER_READ_TIMEOUT`]. Time is tokio's, so on a
    /// paused clock an idle kept-alive connection is closed when the clock jumps past it.
    pub header_read_timeout: Option<Duration>,
    /// The generator's options the documents are read with: the overlays (applied in order to
    /// every document) and the status policy. Give the simulator the options the client was
    /// generated with, and it serves what the client expects; the documents it publishes at
    /// `/swagger/docs/..` stay as given, as the vendor's do. Default: none, the agentOS
    /// policy.
    pub generator: agentos_codegen::Options,
}

impl SimConfig {
    /// Adds a document to serve, read from `path` (the first replaces the default).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(SpecSource::Path(path.into()));
        self
    }

    /// Adds a document to serve from its text (the first replaces the default).
    pub fn spec_text(mut self, origin: impl Into<String>, text: impl Into<String>) -> Self {
        self.specs.push(SpecSource::Text {
            origin: origin.into(),
            text: text.into(),
        });
        self
    }

    /// The documents to serve: the configured ones, or `spec/agentos.yaml`.
    pub fn documents(&self) -> Vec<SpecSource> {
        if self.specs.is_empty() {
            vec![SpecSource::Text {
                origin: "spec/agentos.yaml".to_owned(),
                text: DEFAULT_SPEC.to_owned(),
            }]
        } else {
            self.specs.clone()
        }
    }

    /// Sets the port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets the dataset seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Replaces the throttle.
    pub fn throttle(mut self, throttle: ThrottleConfig) -> Self {
        self.throttle = throttle;
        self
    }

    /// Adds an accepted key.
    pub fn key(mut self, key: KeyConfig) -> Self {
        self.keys.push(key);
        self
    }

    /// Adds a scripted fault.
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// Sets random faults.
    pub fn random_faults(mut self, random: RandomFaults) -> Self {
        self.random_faults = Some(random);
        self
    }

    /// Replaces the dataset sizes.
    pub fn dataset(mut self, dataset: DatasetSize) -> Self {
        self.dataset = dataset;
        self
    }

    /// Adds an OpenAPI Overlay 1.0 file, applied to every document after the overlays before
    /// it, as [`agentos_codegen::Generator::overlay`] applies it to a client's.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.generator.overlays.push(path.into());
        self
    }

    /// Replaces the generator's options (overlays, status policy; see
    /// [`agentos_codegen::Options`]).
    pub fn generator_options(mut self, options: agentos_codegen::Options) -> Self {
        self.generator = options;
        self
    }

    /// Reads the generator's options from an options file, as a build script's
    /// [`agentos_codegen::Generator::options_file`] does (its overlays are relative to it).
    pub fn options_file(
        self,
        path: impl AsRef<std::path::Path>,
    ) -> Result<Self, crate::engine::SpecError> {
        let options = agentos_codegen::Options::from_path(path.as_ref())
            .map_err(|e| crate::engine::SpecError(e.to_string()))?;
        Ok(self.generator_options(options))
    }

    /// Sets the header-read timeout (`None`: wait forever).
    pub fn header_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.header_read_timeout = timeout;
        self
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            specs: Vec::new(),
            port: 0,
            seed: 1,
            dataset: DatasetSize::default(),
            keys: vec![KeyConfig::new(DEMO_KEY, DEMO_SHORT_NAME)],
            throttle: ThrottleConfig::default(),
            faults: Vec::new(),
            random_faults: None,
            header_read_timeout: Some(DEFAULT_HEADER_READ_TIMEOUT),
            generator: agentos_codegen::Options::default(),
        }
    }
}
