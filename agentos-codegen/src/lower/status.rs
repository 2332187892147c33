//! The status policy: which error statuses an operation's error enum holds.
//!
//! The published agentOS documents declare only `200`, so the statuses an endpoint can really
//! return come from the API-wide table in the vendor's documentation. The policy is data (a
//! [`StatusPolicy`] the `Generator` builder can replace), and an operation's
//! `x-agentos-statuses` extension (a list of integers) overrides it for that operation.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{ErrorSet, ErrorStatus, StatusOrigin, StatusReason};
use crate::lower::naming::status_variant;

/// The name of the per-operation override extension.
pub const STATUS_EXTENSION: &str = "x-agentos-statuses";

/// Which statuses go into an operation's error enum (besides an `x-agentos-statuses` override).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPolicy {
    /// Include the non-success statuses the document declares for the operation.
    pub declared: bool,
    /// Statuses every operation can return (agentOS: 401, 403, 429, 500, 502, 503, 504).
    pub always: BTreeSet<u16>,
    /// Statuses for operations taking any input besides `shortName` (agentOS: 400).
    pub with_inputs: BTreeSet<u16>,
    /// Statuses for operations whose path has a parameter besides `shortName` (agentOS: 404).
    pub with_path_params: BTreeSet<u16>,
    /// Statuses never included, even when declared (agentOS: 405, since the method is fixed at
    /// compile time and a caller cannot provoke it).
    pub never: BTreeSet<u16>,
}

impl Default for StatusPolicy {
    fn default() -> Self {
        Self::agentos()
    }
}

impl StatusPolicy {
    /// The documented agentOS policy (see DESIGN.md, "The status policy").
    pub fn agentos() -> Self {
        Self {
            declared: true,
            always: [401, 403, 429, 500, 502, 503, 504].into(),
            with_inputs: [400].into(),
            with_path_params: [404].into(),
            never: [405].into(),
        }
    }

    /// Only what the document declares (for non-agentOS documents).
    pub fn declared_only() -> Self {
        Self {
            declared: true,
            always: BTreeSet::new(),
            with_inputs: BTreeSet::new(),
            with_path_params: BTreeSet::new(),
            never: BTreeSet::new(),
        }
    }

    /// The error statuses of an operation with these facts, each with its reasons.
    pub fn apply(&self, facts: &OperationFacts) -> ErrorSet {
        let mut reasons: BTreeMap<u16, Vec<StatusReason>> = BTreeMap::new();
        if self.declared {
            for (code, description) in &facts.declared {
                reasons
                    .entry(*code)
                    .or_default()
                    .push(StatusReason::Declared(description.clone()));
            }
        }
        for code in &self.always {
            reasons
                .entry(*code)
                .or_default()
                .push(StatusReason::ApiWide);
        }
        if facts.has_inputs {
            for code in &self.with_inputs {
                reasons.entry(*code).or_default().push(StatusReason::Inputs);
            }
        }
        if facts.has_path_params {
            for code in &self.with_path_params {
                reasons
                    .entry(*code)
                    .or_default()
                    .push(StatusReason::PathParam);
            }
        }
        for code in &self.never {
            reasons.remove(code);
        }
        ErrorSet {
            statuses: to_statuses(reasons),
            origin: StatusOrigin::Policy,
            declared_default: facts.declared_default,
            declared_ranges: facts.declared_ranges.clone(),
            excluded: self.never.iter().copied().collect(),
        }
    }

    /// The error statuses given by an `x-agentos-statuses` list: exactly those.
    pub fn from_extension(codes: &[u16], facts: &OperationFacts) -> ErrorSet {
        let mut reasons: BTreeMap<u16, Vec<StatusReason>> = BTreeMap::new();
        for code in codes {
            let entry = reasons.entry(*code).or_default();
            if entry.is_empty() {
                entry.push(StatusReason::Extension);
            }
        }
        ErrorSet {
            statuses: to_statuses(reasons),
            origin: StatusOrigin::Extension,
            declared_default: facts.declared_default,
            declared_ranges: facts.declared_ranges.clone(),
            excluded: Vec::new(),
        }
    }
}

fn to_statuses(reasons: BTreeMap<u16, Vec<StatusReason>>) -> Vec<ErrorStatus> {
    reasons
        .into_iter()
        .map(|(code, reasons)| ErrorStatus {
            code,
            variant: status_variant(code),
            reasons,
        })
        .collect()
}

/// What the policy needs to know about an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationFacts {
    /// Declared non-success statuses (`>= 300`) with their descriptions.
    pub declared: Vec<(u16, String)>,
    /// Whether a `default` response is declared.
    pub declared_default: bool,
    /// Declared status ranges (`4` for `4XX`).
    pub declared_ranges: Vec<u16>,
    /// Any input besides `shortName` (parameters or a body).
    pub has_inputs: bool,
    /// A path parameter besides `shortName`.
    pub has_path_params: bool,
}
