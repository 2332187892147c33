//! JSON values from a document's types: generated (deterministic from a seed, in agentOS's
//! formats) and checked (a request body against the body's type, with the path of what is
//! wrong).
//!
//! Generated values follow agentOS's conventions: member names as the document spells them
//! (PascalCase, `OID`), ids as strings, date-times without offset (`2025-06-02T09:30:00`),
//! every field present (optional ones too: an answer shows the whole shape), lists of one to
//! three items, nested models filled down to [`MAX_DEPTH`]. Strings are chosen by what the
//! field's name says it holds (a name, an e-mail address, a postcode, an id of another
//! collection...), so answers read like agency data rather than noise.

use agentos_codegen::ir::{Api, Field, ModelKind, TypeRef};
use serde_json::{Map, Value, json};

use crate::dates;

/// Nested models deeper than this are left out (a model that contains itself ends here).
pub(crate) const MAX_DEPTH: usize = 4;

/// A small, fast, seeded generator: the same seed gives the same values.
#[derive(Debug, Clone)]
pub(crate) struct Seeded(fastrand::Rng);

impl Seeded {
    pub(crate) fn new(seed: u64) -> Self {
        Seeded(fastrand::Rng::with_seed(seed))
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.0.usize(..n) }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Mixes values into a seed (FNV-1a over their bytes): a record's seed from the simulator's
/// seed, its collection and its index.
pub(crate) fn mix(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for part in parts {
        for byte in *part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash = hash.rotate_left(13) ^ 0x9e37_79b9_7f4a_7c15;
    }
    hash
}

/// What a string field holds, from its wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// A session token ([`super::session`]).
    Token,
    Id,
    Company,
    Email,
    Phone,
    Postcode,
    Url,
    Forename,
    Surname,
    Name,
    Street,
    Town,
    Text,
}

fn meaning(wire: &str) -> Meaning {
    let name = wire.to_ascii_lowercase();
    let ends_id = wire.ends_with("ID") || wire.ends_with("Id") || name == "id" || name == "oid";
    if super::session::is_session_name(wire) {
        Meaning::Token
    } else if ends_id {
        Meaning::Id
    } else if name.contains("company") || name.contains("agency") || name.contains("trading") {
        Meaning::Company
    } else if name.contains("email") {
        Meaning::Email
    } else if name.contains("phone") || name.contains("mobile") || name.contains("tel") {
        Meaning::Phone
    } else if name.contains("postcode") || name.contains("zip") {
        Meaning::Postcode
    } else if name.contains("url") || name.contains("link") || name.contains("website") {
        Meaning::Url
    } else if name.contains("forename") || name.contains("firstname") {
        Meaning::Forename
    } else if name.contains("surname") || name.contains("lastname") {
        Meaning::Surname
    } else if name.contains("name") {
        Meaning::Name
    } else if name.contains("address") || name.contains("street") {
        Meaning::Street
    } else if name.contains("town") || name.contains("city") {
        Meaning::Town
    } else {
        Meaning::Text
    }
}

const FORENAMES: &[&str] = &[
    "Ada", "Grace", "Alan", "Mary", "James", "Sofia", "Omar", "Lin",
];
const SURNAMES: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Seacole", "Clerk", "Khan", "Wei",
];
const STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "The Green",
];
const TOWNS: &[&str] = &[
    "Bristol", "Leeds", "York", "Norwich", "Bath", "Durham", "Exeter",
];
const COMPANIES: &[&str] = &[
    "Dales & Coast Lettings Ltd",
    "Harbour View Estates",
    "Northgate Property Management",
    "Willow & Finch Residential",
];
const WORDS: &[&str] = &[
    "bright", "quiet", "spacious", "modern", "period", "garden", "corner",
];

/// Finds an id for a field that names another collection's record (`BranchID`): the id of one
/// of that collection's records. Given by the resources, which know the collections.
pub(crate) trait Ids {
    /// An id of a record of the collection the field `wire` refers to, chosen by `pick`.
    fn reference(&self, wire: &str, pick: u64) -> Option<String>;
}

/// Generates values of a document's types.
pub(crate) struct Generator<'a> {
    pub(crate) api: &'a Api,
    pub(crate) ids: &'a dyn Ids,
    /// The short name of the request answered (a `ShortName` field holds it); empty when
    /// there is none.
    pub(crate) short_name: &'a str,
}

impl Generator<'_> {
    /// A value of `ty` from `seed`; `wire` is the member name it is for (what a string holds).
    pub(crate) fn value(&self, ty: &TypeRef, seed: u64, wire: &str, depth: usize) -> Value {
        let mut rng = Seeded::new(seed);
        match ty {
            TypeRef::String => Value::String(self.string(wire, &mut rng, seed)),
            TypeRef::Bool => Value::Bool(rng.0.bool()),
            TypeRef::I32 | TypeRef::I64 => json!(rng.0.u32(1..1000)),
            TypeRef::F32 | TypeRef::F64 => json!(f64::from(rng.0.u32(1000..100_000)) / 100.0),
            TypeRef::DateTime => Value::String(datetime(&mut rng)),
            TypeRef::Date => Value::String(datetime(&mut rng)[..10].to_owned()),
            TypeRef::Bytes | TypeRef::Json => json!({}),
            TypeRef::Vec(inner) => {
                let items = 1 + rng.below(3);
                Value::Array(
                    (0..items)
                        .map(|i| self.value(inner, mix(seed, &[&i.to_le_bytes()]), wire, depth + 1))
                        .collect(),
                )
            }
            TypeRef::Map(inner) => {
                let mut map = Map::new();
                map.insert(
                    "key1".to_owned(),
                    self.value(inner, mix(seed, &[b"map"]), wire, depth + 1),
                );
                Value::Object(map)
            }
            TypeRef::Model(name) => self.model(name, seed, depth),
        }
    }

    /// A value of the model `name` (an object, or one of an enum's values).
    pub(crate) fn model(&self, name: &str, seed: u64, depth: usize) -> Value {
        match self.api.model(name).map(|m| &m.kind) {
            Some(ModelKind::Enum(e)) => {
                let mut rng = Seeded::new(seed);
                let index = rng.below(e.variants.len());
                e.variants
                    .get(index)
                    .map_or(Value::String(String::new()), |v| {
                        Value::String(v.wire.clone())
                    })
            }
            Some(ModelKind::Struct(fields)) => Value::Object(self.fields(fields, seed, depth)),
            None => json!({}),
        }
    }

    /// Every field of a struct model, filled.
    pub(crate) fn fields(&self, fields: &[Field], seed: u64, depth: usize) -> Map<String, Value> {
        let mut map = Map::new();
        for field in fields {
            let nested = matches!(
                field.ty,
                TypeRef::Model(_) | TypeRef::Vec(_) | TypeRef::Map(_)
            );
            // Deep enough: optional nested parts are left out, required ones kept minimal.
            if nested && depth >= MAX_DEPTH {
                if field.required {
                    map.insert(field.wire.clone(), minimal(&field.ty));
                }
                continue;
            }
            let seed = mix(seed, &[field.wire.as_bytes()]);
            map.insert(
                field.wire.clone(),
                self.value(&field.ty, seed, &field.wire, depth + 1),
            );
        }
        ends_after_starts(fields, &mut map, seed);
        map
    }

    fn string(&self, wire: &str, rng: &mut Seeded, seed: u64) -> String {
        if wire.eq_ignore_ascii_case("shortname") && !self.short_name.is_empty() {
            return self.short_name.to_owned();
        }
        // A name that refers to a collection's records holds one of their ids.
        if let Some(id) = self.ids.reference(wire, seed) {
            return id;
        }
        match meaning(wire) {
            Meaning::Token => super::session::issue(self.short_name, seed),
            Meaning::Id => format!("{}{:06}", id_prefix(wire), rng.below(999_999)),
            Meaning::Company => rng.pick(COMPANIES).to_owned(),
            Meaning::Email => format!(
                "{}.{}@example.com",
                rng.pick(FORENAMES).to_ascii_lowercase(),
                rng.pick(SURNAMES).to_ascii_lowercase()
            ),
            Meaning::Phone => format!("07{:03} {:06}", rng.below(1000), rng.below(1_000_000)),
            Meaning::Postcode => {
                let letter = |rng: &mut Seeded| char::from(b'A' + rng.below(26) as u8);
                format!(
                    "{}{}{} {}{}{}",
                    letter(rng),
                    letter(rng),
                    1 + rng.below(20),
                    1 + rng.below(9),
                    letter(rng),
                    letter(rng)
                )
            }
            Meaning::Url => format!(
                "https://example.com/{}/{}",
                wire.to_ascii_lowercase(),
                rng.below(10_000)
            ),
            Meaning::Forename => rng.pick(FORENAMES).to_owned(),
            Meaning::Surname => rng.pick(SURNAMES).to_owned(),
            Meaning::Name => format!("{} {}", rng.pick(FORENAMES), rng.pick(SURNAMES)),
            Meaning::Street => format!("{} {}", 1 + rng.below(200), rng.pick(STREETS)),
            Meaning::Town => rng.pick(TOWNS).to_owned(),
            // A bare answer has no name to start with (and no space before its words).
            Meaning::Text if wire.is_empty() => {
                format!("{} {}", rng.pick(WORDS), 1 + rng.below(100))
            }
            Meaning::Text => format!("{} {} {}", wire, rng.pick(WORDS), 1 + rng.below(100)),
        }
    }
}

/// A date-time field named like a sibling with `Start` for `End` (`End` and `Start`,
/// `TermEnd` and `TermStart`, `EndDate` and `StartDate`) ends half an hour to a few hours
/// after it starts: records read like real bookings.
fn ends_after_starts(fields: &[Field], map: &mut Map<String, Value>, seed: u64) {
    for field in fields
        .iter()
        .filter(|f| f.ty == TypeRef::DateTime && f.wire.contains("End"))
    {
        let start_name = field.wire.replacen("End", "Start", 1);
        let start = map
            .get(&start_name)
            .and_then(Value::as_str)
            .and_then(dates::parse);
        if let Some(start) = start {
            let minutes = 30 * (1 + (mix(seed, &[field.wire.as_bytes()]) % 6));
            let end = start + time::Duration::minutes(i64::try_from(minutes).unwrap_or(30));
            map.insert(field.wire.clone(), Value::String(dates::format(end)));
        }
    }
}

/// The smallest value of a type (for required fields past the depth limit).
fn minimal(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Vec(_) => json!([]),
        TypeRef::Map(_) | TypeRef::Model(_) | TypeRef::Json | TypeRef::Bytes => json!({}),
        TypeRef::String => json!(""),
        TypeRef::Bool => json!(false),
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => json!(0),
        TypeRef::DateTime => json!("2025-01-01T00:00:00"),
        TypeRef::Date => json!("2025-01-01"),
    }
}

/// A date-time in 2025, on a working day between 08:00 and 18:00, in agentOS's form.
fn datetime(rng: &mut Seeded) -> String {
    let day = rng.below(365);
    let base = time::macros::datetime!(2025-01-01 08:00:00);
    let at = base
        + time::Duration::days(i64::try_from(day).unwrap_or(0))
        + time::Duration::minutes(i64::try_from(rng.below(20) * 30).unwrap_or(0));
    dates::format(at)
}

/// Three capital letters for ids of a kind (`BranchID` -> `BRA`, `DiaryAppointmentModel` ->
/// `APP`): from the last word that is not `Model` or `ID`.
pub(crate) fn id_prefix(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase()
            && !current.is_empty()
            && !current.chars().all(|c| c.is_ascii_uppercase())
        {
            words.push(std::mem::take(&mut current));
        }
        if c.is_ascii_alphanumeric() {
            current.push(c);
        }
    }
    words.push(current);
    let word = words
        .iter()
        .rev()
        .find(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "model" | "id" | "oid" | "results" | ""
            )
        })
        .cloned()
        .unwrap_or_else(|| "REC".to_owned());
    let mut prefix: String = word
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    while prefix.len() < 3 {
        prefix.push('X');
    }
    prefix
}

/// Whether `text` has the form of the simulator's ids: three capital letters, then six or
/// more digits (`APP000042`). An id of a kind no collection holds exists when it has the form.
pub(crate) fn is_simulated_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 9
        && bytes[..3].iter().all(u8::is_ascii_uppercase)
        && bytes[3..].iter().all(u8::is_ascii_digit)
}

/// Checks `value` against `ty`: `Err` with where (`AllocationDetails.StartDate`, `Data[2]`) and
/// what was expected.
pub(crate) fn check(
    api: &Api,
    value: &Value,
    ty: &TypeRef,
    at: &str,
) -> Result<(), (String, String)> {
    let fail = |expected: &str| Err((at.to_owned(), expected.to_owned()));
    match ty {
        TypeRef::String => value
            .is_string()
            .then_some(())
            .map_or_else(|| fail("a string"), Ok),
        TypeRef::Bool => value
            .is_boolean()
            .then_some(())
            .map_or_else(|| fail("true or false"), Ok),
        TypeRef::I32 => match value.as_i64() {
            Some(n) if i32::try_from(n).is_ok() => Ok(()),
            _ => fail("a 32-bit integer"),
        },
        TypeRef::I64 => value
            .as_i64()
            .map_or_else(|| fail("an integer"), |_| Ok(())),
        TypeRef::F32 | TypeRef::F64 => value.as_f64().map_or_else(|| fail("a number"), |_| Ok(())),
        TypeRef::DateTime => match value.as_str().and_then(dates::parse) {
            Some(_) => Ok(()),
            None => fail("a date-time like 2024-01-31T09:30:00"),
        },
        TypeRef::Date => match value.as_str().filter(|s| is_date(s)) {
            Some(_) => Ok(()),
            None => fail("a date like 2024-01-31"),
        },
        TypeRef::Bytes | TypeRef::Json => Ok(()),
        TypeRef::Vec(inner) => match value.as_array() {
            Some(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| check(api, item, inner, &format!("{at}[{i}]"))),
            None => fail("a list"),
        },
        TypeRef::Map(inner) => match value.as_object() {
            Some(map) => map
                .iter()
                .try_for_each(|(k, item)| check(api, item, inner, &join(at, k))),
            None => fail("an object"),
        },
        TypeRef::Model(name) => match api.model(name).map(|m| &m.kind) {
            Some(ModelKind::Enum(e)) => {
                let ok = value
                    .as_str()
                    .is_some_and(|s| e.variants.iter().any(|v| v.wire.eq_ignore_ascii_case(s)));
                if ok {
                    Ok(())
                } else {
                    let values: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                    fail(&format!("one of {}", values.join(", ")))
                }
            }
            Some(ModelKind::Struct(fields)) => {
                let Some(map) = value.as_object() else {
                    return fail("an object");
                };
                for field in fields {
                    let at = join(at, &field.wire);
                    match map.get(&field.wire) {
                        None | Some(Value::Null) if field.required => {
                            return Err((at, "a value (it is required)".to_owned()));
                        }
                        None | Some(Value::Null) => {}
                        Some(item) => check(api, item, &field.ty, &at)?,
                    }
                }
                Ok(())
            }
            None => Ok(()),
        },
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// `YYYY-MM-DD`, a real date.
pub(crate) fn is_date(text: &str) -> bool {
    dates::parse(&format!("{text}T00:00:00")).is_some() && text.len() == 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_prefixes_come_from_the_last_meaningful_word() {
        for (name, prefix) in [
            ("DiaryAppointmentModel", "APP"),
            ("AdvertisingBranchModel", "BRA"),
            ("BranchID", "BRA"),
            ("OID", "REC"),
            ("PropertyRoomModel", "ROO"),
            ("X", "XXX"),
        ] {
            assert_eq!(id_prefix(name), prefix, "{name}");
        }
    }

    #[test]
    fn mixing_is_deterministic_and_spreads() {
        assert_eq!(mix(1, &[b"a"]), mix(1, &[b"a"]));
        assert_ne!(mix(1, &[b"a"]), mix(2, &[b"a"]));
        assert_ne!(mix(1, &[b"a", b"b"]), mix(1, &[b"ab"]));
    }
}
