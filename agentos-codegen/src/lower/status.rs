//! The status policy: which error statuses an operation's error enum holds.
//!
//! The published agentOS documents declare only `200`, so the statuses an endpoint can really
//! return come from the API-wide table in the vendor's documentation. The policy is data (a
//! [`StatusPolicy`] the `Generator` options can replace, from a build script, the CLI or the
//! macros alike), and an operation's `x-agentos-statuses` extension (a list of integers)
//! overrides it for that operation; an overlay can add that extension to a document one does
//! not own.
//!
//! # Which operations address a resource by an id
//! agentOS answers 404 for an unknown, deleted or archived id wherever the id travels. An
//! operation addresses a resource by an id when its path has a parameter besides `shortName`
//! (`/appointment/{appointmentID}`), or it takes a *required* query parameter whose name is an
//! id: `id`, or a name ending in `Id`, `ID` or `_id` (`?appointmentID=`, as the real diary
//! document has it) — see [`is_id_name`]. The page window of a paged operation is never an
//! id, even in the path (v4's `/company/branches/{offset}/{count}`): an operation paged
//! in the path has a `NotFound` variant only when another parameter addresses something
//! (`/sales/salesinstructions/{OID}/photos/{offset}/{count}`).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Operation as OaOperation, ReferenceOr, StatusCode};

use crate::ir::{ErrorSet, ErrorStatus, Param, ParamLocation, StatusOrigin, StatusReason};
use crate::lower::LowerError;
use crate::lower::naming::status_variant;

/// The name of the per-operation override extension.
pub const STATUS_EXTENSION: &str = "x-agentos-statuses";

/// Which statuses go into an operation's error enum (besides an `x-agentos-statuses` override).
///
/// Its serde form (in the generator's options file) names the fields as here; a field left out
/// keeps the agentOS value:
///
/// ```yaml
/// status_policy:
///   declared: true
///   always: [401, 403, 429, 500, 502, 503, 504]
///   with_inputs: [400]
///   with_id: [404]
///   never: [405]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatusPolicy {
    /// Include the non-success statuses the document declares for the operation.
    pub declared: bool,
    /// Statuses every operation can return (agentOS: 401, 403, 429, 500, 502, 503, 504).
    pub always: BTreeSet<u16>,
    /// Statuses for operations taking any input besides `shortName` (agentOS: 400).
    pub with_inputs: BTreeSet<u16>,
    /// Statuses for operations that address a resource by an id, in the path or the query
    /// (agentOS: 404; see the module docs for the rule).
    pub with_id: BTreeSet<u16>,
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
            with_id: [404].into(),
            never: [405].into(),
        }
    }

    /// Only what the document declares (for non-agentOS documents).
    pub fn declared_only() -> Self {
        Self {
            declared: true,
            always: BTreeSet::new(),
            with_inputs: BTreeSet::new(),
            with_id: BTreeSet::new(),
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
        if let Some(id) = &facts.id {
            for code in &self.with_id {
                reasons
                    .entry(*code)
                    .or_default()
                    .push(StatusReason::Id(id.clone()));
            }
        }
        for code in &self.never {
            reasons.remove(code);
        }
        ErrorSet {
            statuses: to_statuses(reasons),
            // Named once every operation's set is known (`error_enums`).
            enum_name: String::new(),
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
            enum_name: String::new(),
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
    /// The wire name of the parameter by which the operation addresses a resource (see the
    /// module docs), if any: the first path parameter besides `shortName`, else the first
    /// required query parameter named like an id.
    pub id: Option<String>,
}

/// The error statuses of an operation: its `x-agentos-statuses` when it has one, else what
/// `policy` gives it.
pub(crate) fn error_set(
    op: &OaOperation,
    params: &[Param],
    page_window: &[usize],
    has_body: bool,
    policy: &StatusPolicy,
    op_pointer: &str,
) -> Result<ErrorSet, LowerError> {
    let facts = facts(op, params, page_window, has_body);
    Ok(match status_override(op, op_pointer)? {
        Some(codes) => StatusPolicy::from_extension(&codes, &facts),
        None => policy.apply(&facts),
    })
}

fn facts(
    op: &OaOperation,
    params: &[Param],
    page_window: &[usize],
    has_body: bool,
) -> OperationFacts {
    let mut declared = Vec::new();
    let mut ranges = Vec::new();
    for (code, response) in &op.responses.responses {
        match code {
            StatusCode::Code(n) if *n >= 300 => {
                let description = match response {
                    ReferenceOr::Item(r) => r.description.trim().to_owned(),
                    ReferenceOr::Reference { reference } => reference.clone(),
                };
                declared.push((*n, description));
            }
            StatusCode::Range(n) if *n >= 3 => ranges.push(*n),
            _ => {}
        }
    }
    declared.sort();
    ranges.sort_unstable();
    OperationFacts {
        declared,
        declared_default: op.responses.default.is_some(),
        declared_ranges: ranges,
        has_inputs: !params.is_empty() || has_body,
        id: addressing_id(params, page_window),
    }
}

/// The parameter an operation addresses a resource by (see the module docs); never one of
/// the page window (`page_window`: indices into `params`), which v4 puts in the path.
fn addressing_id(params: &[Param], page_window: &[usize]) -> Option<String> {
    let by = |location: ParamLocation, fits: &dyn Fn(&Param) -> bool| {
        params
            .iter()
            .enumerate()
            .find(|(i, p)| p.location == location && !page_window.contains(i) && fits(p))
            .map(|(_, p)| p.wire.clone())
    };
    by(ParamLocation::Path, &|_| true)
        .or_else(|| by(ParamLocation::Query, &|p| p.required && is_id_name(&p.wire)))
}

/// Whether a parameter's name says it is an id: `id` (any case), or a name ending in `Id`,
/// `ID` or `_id` (`appointmentID`, `branchId`, `property_id`); not `paid` or `valid`.
pub fn is_id_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("id")
        || ["Id", "ID", "_id", "_ID"]
            .iter()
            .any(|end| name.len() > end.len() && name.ends_with(end))
}

/// Reads `x-agentos-statuses`: a list of error status codes (integers from 300 to 999).
fn status_override(op: &OaOperation, op_pointer: &str) -> Result<Option<Vec<u16>>, LowerError> {
    let Some(value) = op.extensions.get(STATUS_EXTENSION) else {
        return Ok(None);
    };
    let pointer = format!("{op_pointer}/{STATUS_EXTENSION}");
    let list = value.as_array().ok_or_else(|| {
        LowerError::new(
            &pointer,
            format!("expected a list of status codes, found {}", kind_of(value)),
        )
    })?;
    let mut codes = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let code = item
            .as_u64()
            .or_else(|| item.as_str().and_then(|s| s.trim().parse().ok()))
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (300..=999).contains(n))
            .ok_or_else(|| {
                LowerError::new(
                    &format!("{pointer}/{i}"),
                    format!("expected an error status code (300-999), found {item}"),
                )
            })?;
        codes.push(code);
    }
    Ok(Some(codes))
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}
