//! What a simulator is started with: port, seed, keys and their tiers, throttle, faults, data size.

use std::time::Duration;

use crate::faults::{FaultRule, RandomFaults};

/// The API key [`SimConfig::default`] accepts; it grants every call group for
/// [`DEMO_SHORT_NAME`].
pub const DEMO_KEY: &str = "sim-demo-key-7f3a9c2e5b1d";

/// The client short name [`DEMO_KEY`] may read and write.
pub const DEMO_SHORT_NAME: &str = "demo";

/// A call group of the API. A key grants some of them; calling a group the key lacks is a 401.
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
    /// Every call group, for keys that may call anything.
    pub const ALL: [Tier; 4] = [Tier::Advertising, Tier::Diary, Tier::Tier1, Tier::Tier2];

    /// The call group a raw request path belongs to, from its first two segments.
    pub fn of_path(path: &str) -> Option<Tier> {
        let mut segments = path.split('/').skip(1);
        match (segments.next(), segments.next()) {
            (Some("v4"), Some("advertising")) => Some(Tier::Advertising),
            (Some("v3"), Some("diary")) => Some(Tier::Diary),
            (Some("v2"), Some("tier1")) => Some(Tier::Tier1),
            (Some("v2"), Some("tier2")) => Some(Tier::Tier2),
            _ => None,
        }
    }

    /// The name used in error messages and the binary's output.
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
    /// Call groups the key grants.
    pub tiers: Vec<Tier>,
}

impl KeyConfig {
    /// A key for one short name granting every call group.
    pub fn new(key: impl Into<String>, short_name: impl Into<String>) -> Self {
        KeyConfig {
            key: key.into(),
            short_names: vec![short_name.into()],
            tiers: Tier::ALL.to_vec(),
        }
    }

    /// Replaces the granted call groups.
    pub fn tiers(mut self, tiers: impl IntoIterator<Item = Tier>) -> Self {
        self.tiers = tiers.into_iter().collect();
        self
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

/// How many records of each kind the seeded dataset holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetSize {
    /// Branches (offices).
    pub branches: usize,
    /// Diary appointment types.
    pub appointment_types: usize,
    /// Diary appointments (spread over the first two branches, so each needs paging).
    pub appointments: usize,
    /// Managed properties (spread over the first four branches).
    pub properties: usize,
    /// Tenancies (each on one of the properties).
    pub tenancies: usize,
    /// Sales instructions.
    pub sales_instructions: usize,
    /// Staff members.
    pub staff: usize,
    /// Areas.
    pub areas: usize,
    /// Counties.
    pub counties: usize,
    /// Known applicants found by the guest search.
    pub guests: usize,
}

impl Default for DatasetSize {
    fn default() -> Self {
        DatasetSize {
            branches: 2_500,
            appointment_types: 30,
            appointments: 3_000,
            properties: 1_200,
            tenancies: 1_500,
            sales_instructions: 600,
            staff: 40,
            areas: 60,
            counties: 48,
            guests: 300,
        }
    }
}

/// Everything a simulator is started with. `SimConfig::default()` listens on an ephemeral port,
/// accepts [`DEMO_KEY`] for [`DEMO_SHORT_NAME`] with every tier, and throttles at 50 / 60 s.
#[derive(Debug, Clone)]
pub struct SimConfig {
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
}

impl SimConfig {
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
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: 0,
            seed: 1,
            dataset: DatasetSize::default(),
            keys: vec![KeyConfig::new(DEMO_KEY, DEMO_SHORT_NAME)],
            throttle: ThrottleConfig::default(),
            faults: Vec::new(),
            random_faults: None,
        }
    }
}
