//! The state one simulator shares between its connections: configuration, per-key throttles,
//! faults, the request log and the engine (the documents and their collections).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use tokio::time::Instant;

use crate::config::{KeyConfig, SimConfig, ThrottleConfig};
use crate::engine::{Engine, SpecError};
use crate::faults::FaultPlan;
use crate::log::RequestLog;
use crate::throttle::KeyThrottle;

/// Shared by every handler through an `Arc`.
#[derive(Debug)]
pub(crate) struct SimState {
    pub(crate) started: Instant,
    pub(crate) keys: HashMap<String, KeyConfig>,
    pub(crate) throttle: ThrottleConfig,
    pub(crate) throttles: Mutex<HashMap<String, KeyThrottle>>,
    pub(crate) faults: Mutex<FaultPlan>,
    pub(crate) log: Mutex<RequestLog>,
    pub(crate) engine: Engine,
}

impl SimState {
    pub(crate) fn new(config: SimConfig) -> Result<Self, SpecError> {
        let engine = Engine::new(
            &config.documents(),
            &config.generator,
            config.seed,
            &config.dataset,
        )?;
        Ok(SimState {
            started: Instant::now(),
            keys: config
                .keys
                .into_iter()
                .map(|k| (k.key.clone(), k))
                .collect(),
            throttle: config.throttle,
            throttles: Mutex::new(HashMap::new()),
            faults: Mutex::new(FaultPlan::new(config.faults, config.random_faults)),
            log: Mutex::new(RequestLog::default()),
            engine,
        })
    }
}

/// Locks a mutex, recovering from poisoning: a panicked handler must not take the whole
/// simulator down, and every critical section leaves the data consistent.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
