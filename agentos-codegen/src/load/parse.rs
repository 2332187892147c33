//! Text to a JSON value: JSON or YAML, told apart by content (not by file extension), with
//! syntax errors located by line and column, and every limit a hostile document could push
//! against enforced while parsing, before anything is built from it:
//!
//! - **nesting** is capped at [`MAX_DEPTH`], so that nothing downstream (ours or serde's)
//!   recurses without bound;
//! - **a member name twice** in one object is refused with its pointer (JSON keeps the last
//!   silently otherwise: a whole `get` operation could vanish); YAML's parser refuses it too;
//! - **YAML aliases** are budgeted ([`MAX_ALIAS_EVENTS`] events replayed by aliases in all,
//!   [`MAX_NODES`] nodes in the document): an 80 KB "billion laughs" document (one anchor of
//!   5,000 keys used 5,000 times) would otherwise expand to 25 million nodes and gigabytes.
//!
//! YAML is read by `serde-saphyr` (maintained, panic-free, with budgets), with YAML 1.2
//! booleans only (`y`, `no` and `on` stay strings) and member names kept as written (`200`,
//! `true` and `0x10` are names, not numbers).

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use super::error::{Format, LoadError, Problem};
use super::pointer::Ptr;

/// The deepest nesting of objects and arrays a document may have (the root object is level 0).
///
/// Real documents stay below 15; the cap keeps every recursive pass (ours and serde's) far from
/// the stack's end, even on a 2 MiB test thread in a debug build.
pub const MAX_DEPTH: usize = 64;

/// The most nodes (scalars, sequences and mappings) a YAML document may expand to, aliases
/// included. The largest real OpenAPI documents have a few hundred thousand.
pub const MAX_NODES: usize = 1_000_000;

/// The most parse events YAML aliases may replay in all (each alias repeats the events of its
/// anchor's node).
pub const MAX_ALIAS_EVENTS: usize = 200_000;

/// The largest document read, in bytes (the largest public OpenAPI documents are under 10 MB).
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Parses `text` as JSON when it starts with `{` or `[` (after a byte-order mark and
/// whitespace), as YAML otherwise.
///
/// Text that starts like JSON is held to JSON, although YAML would read some broken JSON (a
/// missing value is YAML's `null`): the error then points at the real mistake.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Value, LoadError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(LoadError::TooLarge {
            origin: origin.to_owned(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let problem = RefCell::new(None);
    let root = Node {
        at: &Ptr::Root,
        depth: 0,
        problem: &problem,
    };
    if text.trim_start().starts_with(['{', '[']) {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = root.deserialize(&mut de).and_then(|value| {
            de.end()?;
            Ok(value)
        });
        parsed.map_err(|error| match problem.take() {
            Some(problem) => located(problem, error.line(), error.column()).into_error(origin),
            None => LoadError::Syntax {
                origin: origin.to_owned(),
                format: Format::Json,
                location: Some((error.line(), error.column())),
                message: without_location(&error.to_string()),
            },
        })
    } else {
        let parsed = serde_saphyr::with_deserializer_from_str_with_options(
            text,
            yaml_options(),
            |deserializer| root.deserialize(deserializer),
        );
        parsed.map_err(|error| {
            let location = error.location().map(|at| {
                let fit = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
                (fit(at.line()), fit(at.column()))
            });
            match problem.take() {
                Some(problem) => match location {
                    Some((line, column)) => located(problem, line, column),
                    None => problem,
                }
                .into_error(origin),
                None => LoadError::Syntax {
                    origin: origin.to_owned(),
                    format: Format::Yaml,
                    location,
                    message: yaml_message(&error),
                },
            }
        })
    }
}

/// The YAML parser's settings: the budgets of the module docs, YAML 1.2 booleans, plain
/// messages (the location is reported apart).
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_NODES;
    budget.max_events = 4 * MAX_NODES;
    // Our own depth check (with a pointer) fires first.
    budget.max_depth = MAX_DEPTH + 2;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // Aliases may repeat at most this many parse events in all: generous for the anchors of
    // a hand-written document, a small fraction of what a "billion laughs" asks for.
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_EVENTS;
    options.with_snippet = false;
    options.strict_booleans = true;
    // `.inf` and `.nan` reach the visitor, which refuses them with their pointer.
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::PassThrough;
    options
}

/// A YAML error's message: the budget breaches in words a user can act on.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error;
    // The error itself, under the wrappers that add where an alias was used or a snippet.
    let mut original = error;
    while let Error::AliasError { error, .. } | Error::WithSnippet { error, .. } = original {
        original = error;
    }
    match original {
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. } => format!(
            "the document expands to more than the generator reads (at most {MAX_NODES} \
             nodes, of which aliases may repeat {MAX_ALIAS_EVENTS} parse events): {}",
            without_location(&error.to_string())
        ),
        other => without_location(&other.to_string()),
    }
}

/// Parsers append " at line L column C" (JSON) or " at line L, column C" (YAML) to their
/// messages; the location is reported apart.
fn without_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// A problem found while parsing, with where in the text it was.
fn located(problem: Problem, line: usize, column: usize) -> Problem {
    problem.note(&format!("(line {line}, column {column})"))
}

/// One node of the document being parsed, at `at` and nesting `depth`. Builds the JSON value
/// and records the first problem (with its pointer) for the caller.
struct Node<'a> {
    at: &'a Ptr<'a>,
    depth: usize,
    problem: &'a RefCell<Option<Problem>>,
}

impl Node<'_> {
    /// Records `problem` and returns the error that stops the parser.
    fn fail<E: de::Error>(&self, problem: Problem) -> E {
        let message = match &problem {
            Problem::Invalid {
                pointer,
                expected,
                found,
            } => format!("{pointer}: expected {expected}, found {found}"),
            Problem::Unresolved { pointer, .. } => pointer.clone(),
        };
        self.problem.borrow_mut().get_or_insert(problem);
        E::custom(message)
    }

    fn container<E: de::Error>(&self) -> Result<(), E> {
        if self.depth > MAX_DEPTH {
            return Err(self.fail(too_deep(self.at)));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match Number::from_f64(v) {
            Some(number) => Ok(Value::Number(number)),
            None => Err(self.fail(Problem::new(self.at, "a finite number", v.to_string()))),
        }
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.container()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            let at = self.at.index(items.len());
            let node = Node {
                at: &at,
                depth: self.depth + 1,
                problem: self.problem,
            };
            match seq.next_element_seed(node)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.container()?;
        let mut members = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            // One lookup per member: the vacant entry is filled once its value is read.
            let slot = match members.entry(key) {
                Entry::Occupied(taken) => {
                    return Err(self.fail(Problem::new(
                        self.at,
                        "each member name once in an object",
                        format!("{:?} a second time", taken.key()),
                    )));
                }
                Entry::Vacant(slot) => slot,
            };
            let at = self.at.key(slot.key());
            let node = Node {
                at: &at,
                depth: self.depth + 1,
                problem: self.problem,
            };
            let value = map.next_value_seed(node)?;
            slot.insert(value);
        }
        Ok(Value::Object(members))
    }
}

/// A member name, kept as written: YAML's `200:` or `true:` is the name `"200"` or `"true"`.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// Fails when `value` (found at `depth`) nests deeper than [`MAX_DEPTH`]: for values that were
/// not parsed here (`load_value`).
pub(crate) fn check_depth(value: &Value, at: &Ptr<'_>, depth: usize) -> Result<(), Problem> {
    let container = matches!(value, Value::Array(_) | Value::Object(_));
    if container && depth > MAX_DEPTH {
        return Err(too_deep(at));
    }
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_depth(item, &at.index(index), depth + 1)?;
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                check_depth(item, &at.key(key), depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn too_deep(at: &Ptr<'_>) -> Problem {
    Problem::new(
        at,
        format!("at most {MAX_DEPTH} levels of nested objects and arrays"),
        "deeper nesting",
    )
}
