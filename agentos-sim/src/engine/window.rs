//! Date windows: a list asked for the records between two dates holds only those.
//!
//! # The rule
//! A list (paged or not) has a **date window** when it takes date or date-time parameters
//! (query or path) that name one bound each: a **start** parameter, whose name holds one of
//! [`START_WORDS`] (`startDate`, `fromDate`, `createdSince`), and an **end** parameter, whose
//! name holds one of [`END_WORDS`] (`endDate`, `dateTo`, `createdBefore`); one of the two may
//! be missing, and two of a kind make no window (which one bounds would be a guess).
//!
//! The window bounds **one field** of the list's items, a date or date-time field chosen by
//! the start parameter's name (the end's when there is no start): the first field whose name
//! holds every word the parameter's name holds besides its bound word and `date`/`time`
//! (`createdSince` -> `CreatedAt`, `DateCreated`); when nothing is left, the field named by the
//! bound word (`startDate` -> `Start`, `StartDate`); failing that, the item's first date or
//! date-time field. Both bounds include their date: a record is listed when
//! `start <= field <= end`; a date without a time starts its day as a start and ends it as an
//! end. A record whose field is missing or not a date is outside every window given.
//!
//! `appointmentsbetweendates?startDate=..&endDate=..` thus lists the appointments whose
//! `Start` falls inside the window, and `agentos-sim --list` says so for each operation.

use agentos_codegen::ir::{Api, ModelKind, Operation, ParamLocation, TypeRef};
use serde_json::Value;
use time::PrimitiveDateTime;

use super::request::Inputs;
use crate::dates;

/// Words of a parameter's name that make it a window's start.
pub(crate) const START_WORDS: [&str; 7] = [
    "start", "from", "since", "after", "begin", "min", "earliest",
];

/// Words of a parameter's name that make it a window's end.
pub(crate) const END_WORDS: [&str; 7] = ["end", "to", "until", "before", "till", "max", "latest"];

/// Words a parameter's name may hold besides its bound word without naming a field.
const DATE_WORDS: [&str; 4] = ["date", "time", "datetime", "on"];

/// A list's date window: which parameters bound which item field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateWindow {
    /// The start parameter.
    start: Option<Bound>,
    /// The end parameter.
    end: Option<Bound>,
    /// Wire name of the item field the window bounds.
    field: String,
}

/// One bounding parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bound {
    /// Its wire name.
    wire: String,
    /// Whether it is a date without a time (`format: date`).
    date_only: bool,
}

impl Bound {
    fn of(param: &agentos_codegen::ir::Param) -> Bound {
        Bound {
            wire: param.wire.clone(),
            date_only: param.ty == TypeRef::Date,
        }
    }
}

/// The bounds a request gave, ready to test records with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    start: Option<PrimitiveDateTime>,
    end: Option<PrimitiveDateTime>,
}

impl DateWindow {
    /// The window of `op`, a list of `item` records, by the rule of the module docs.
    pub(crate) fn of(api: &Api, op: &Operation, item: &str) -> Option<DateWindow> {
        let ModelKind::Struct(fields) = &api.model(item)?.kind else {
            return None;
        };
        let dated = |ty: &TypeRef| matches!(ty, TypeRef::DateTime | TypeRef::Date);
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for param in op.params.iter().filter(|p| {
            matches!(p.location, ParamLocation::Query | ParamLocation::Path) && dated(&p.ty)
        }) {
            let words = words(&param.wire);
            let is = |bound: &[&str]| words.iter().any(|w| bound.contains(&w.as_str()));
            match (is(&START_WORDS), is(&END_WORDS)) {
                (true, false) => starts.push(param),
                (false, true) => ends.push(param),
                _ => {}
            }
        }
        if starts.len() > 1 || ends.len() > 1 {
            return None;
        }
        let (start, end) = (starts.first().copied(), ends.first().copied());
        let naming = start.or(end)?;
        let date_fields: Vec<&str> = fields
            .iter()
            .filter(|f| dated(&f.ty))
            .map(|f| f.wire.as_str())
            .collect();
        let field = field_named_by(&naming.wire, &date_fields)?;
        Some(DateWindow {
            start: start.map(Bound::of),
            end: end.map(Bound::of),
            field: field.to_owned(),
        })
    }

    /// The bounds a request gives (a bound it leaves out, or gives in no date form, is open);
    /// `None` when it gives neither.
    pub(crate) fn bounds(&self, inputs: &Inputs) -> Option<Bounds> {
        let read = |param: &Option<Bound>, end: bool| {
            param
                .as_ref()
                .and_then(|bound| inputs.text(&bound.wire))
                .and_then(|text| instant(&text, end))
        };
        let (start, end) = (read(&self.start, false), read(&self.end, true));
        (start.is_some() || end.is_some()).then_some(Bounds { start, end })
    }

    /// Whether `record` is inside `bounds`.
    pub(crate) fn holds(&self, bounds: &Bounds, record: &Value) -> bool {
        let Some(at) = record
            .get(&self.field)
            .and_then(Value::as_str)
            .and_then(|text| instant(text, false))
        else {
            return false;
        };
        bounds.start.is_none_or(|start| start <= at) && bounds.end.is_none_or(|end| at <= end)
    }

    /// Parameters that open the window wide (this century), for example requests that
    /// should list every record.
    pub(crate) fn widest(&self) -> Vec<(String, String)> {
        let value = |bound: &Bound, day: &str, time: &str| {
            let text = if bound.date_only {
                day.to_owned()
            } else {
                format!("{day}T{time}")
            };
            (bound.wire.clone(), text)
        };
        let mut out = Vec::new();
        out.extend(
            self.start
                .iter()
                .map(|b| value(b, "2000-01-01", "00:00:00")),
        );
        out.extend(self.end.iter().map(|b| value(b, "2099-12-31", "23:59:59")));
        out
    }

    /// What the window does, for `agentos-sim --list` (`, only those whose Start is within
    /// startDate..endDate`).
    pub(crate) fn describe(&self) -> String {
        let bound = |p: &Option<Bound>| p.as_ref().map(|b| b.wire.clone()).unwrap_or_default();
        format!(
            ", only those whose {} is within {}..{}",
            self.field,
            bound(&self.start),
            bound(&self.end)
        )
    }
}

/// The field of `fields` (date fields' wire names) that a parameter named `wire` bounds.
fn field_named_by<'a>(wire: &str, fields: &[&'a str]) -> Option<&'a str> {
    let words = words(wire);
    let bound = |w: &String| START_WORDS.contains(&w.as_str()) || END_WORDS.contains(&w.as_str());
    let rest: Vec<&String> = words
        .iter()
        .filter(|w| !bound(w) && !DATE_WORDS.contains(&w.as_str()))
        .collect();
    let wanted: Vec<&String> = if rest.is_empty() {
        words.iter().filter(|w| bound(w)).collect()
    } else {
        rest
    };
    fields
        .iter()
        .find(|field| {
            let have = self::words(field);
            wanted.iter().all(|w| have.contains(w))
        })
        .or_else(|| fields.first())
        .copied()
}

/// The lower-case words of a name: split at separators and where a lower-case letter or a
/// digit meets an upper-case one (`createdSince` -> `created`, `since`; `DateTo` -> `date`,
/// `to`; `OIDDate` -> `oiddate` stays one word, as agentOS's acronyms do).
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `text` as an instant: a wire date-time, or a date (`2025-03-01`) at the start of its day,
/// or at its last instant when `end`.
fn instant(text: &str, end: bool) -> Option<PrimitiveDateTime> {
    if let Some(at) = dates::parse(text) {
        return Some(at);
    }
    let day = time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    let time = if end {
        time::Time::from_hms_nano(23, 59, 59, 999_999_999).ok()?
    } else {
        time::Time::MIDNIGHT
    };
    Some(PrimitiveDateTime::new(day, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window of the one operation of a small document: `GET /v1/x/items` answering a list
    /// of `Item {Start, End, CreatedAt}` (date-times) with `params` (YAML list items).
    fn window_of(params: &str) -> Option<DateWindow> {
        let text = format!(
            "openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /v1/x/items:
    get:
      parameters:
{params}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{$ref: '#/components/schemas/Item'}}}}
components:
  schemas:
    Item:
      type: object
      properties:
        OID: {{type: string}}
        CreatedAt: {{type: string, format: date-time}}
        Start: {{type: string, format: date-time}}
        End: {{type: string, format: date-time}}
"
        );
        let specs = agentos_codegen::Generator::new()
            .spec_text("t.yaml", &text)
            .lower()
            .unwrap();
        let api = &specs[0].api;
        let (_, op) = api.operations().next().unwrap();
        DateWindow::of(api, op, "Item")
    }

    fn param(name: &str, format: &str) -> String {
        format!(
            "        - {{name: {name}, in: query, schema: {{type: string, format: {format}}}}}\n"
        )
    }

    fn inputs(pairs: &[(&str, &str)]) -> Inputs {
        let mut inputs = Inputs::default();
        for (name, value) in pairs {
            inputs
                .params
                .insert((*name).to_owned(), Value::String((*value).to_owned()));
        }
        inputs
    }

    #[test]
    fn the_window_of_an_operation_by_its_parameters() {
        let both = param("startDate", "date-time") + &param("endDate", "date-time");
        let window = window_of(&both).unwrap();
        assert_eq!(
            window.describe(),
            ", only those whose Start is within startDate..endDate"
        );
        assert_eq!(
            window.widest(),
            [
                ("startDate".to_owned(), "2000-01-01T00:00:00".to_owned()),
                ("endDate".to_owned(), "2099-12-31T23:59:59".to_owned())
            ]
        );
        // One bound alone is a window; its name picks the field (`createdSince`: CreatedAt).
        let since = window_of(&param("createdSince", "date-time")).unwrap();
        assert_eq!(
            since.describe(),
            ", only those whose CreatedAt is within createdSince.."
        );
        assert_eq!(
            since.widest(),
            [("createdSince".to_owned(), "2000-01-01T00:00:00".to_owned())]
        );
        // Dates without a time are given as dates.
        let days = window_of(&(param("fromDate", "date") + &param("toDate", "date"))).unwrap();
        assert_eq!(
            days.widest(),
            [
                ("fromDate".to_owned(), "2000-01-01".to_owned()),
                ("toDate".to_owned(), "2099-12-31".to_owned())
            ]
        );
        // No window: no date parameter, a date parameter naming no bound, two starts.
        assert_eq!(window_of(&param("name", "email")), None);
        assert_eq!(window_of(&param("on", "date-time")), None);
        assert_eq!(window_of(&param("startEnd", "date-time")), None);
        assert_eq!(
            window_of(&(param("startDate", "date-time") + &param("fromDate", "date-time"))),
            None
        );
        assert_eq!(
            window_of(&(param("endDate", "date-time") + &param("toDate", "date-time"))),
            None
        );
        // A string that is not a date is no bound.
        assert_eq!(window_of(&param("startDate", "email")), None);
    }

    #[test]
    fn the_bounds_a_request_gives() {
        let window =
            window_of(&(param("startDate", "date-time") + &param("endDate", "date-time"))).unwrap();
        assert!(window.bounds(&inputs(&[])).is_none(), "no bound given");
        assert!(window.bounds(&inputs(&[("startDate", "soon")])).is_none());
        let record = serde_json::json!({ "Start": "2025-03-02T10:00:00" });
        let start_only = window
            .bounds(&inputs(&[("startDate", "2025-03-01T00:00:00")]))
            .unwrap();
        assert!(window.holds(&start_only, &record));
        let end_only = window
            .bounds(&inputs(&[("endDate", "2025-03-01T00:00:00")]))
            .unwrap();
        assert!(!window.holds(&end_only, &record));
        let both = window
            .bounds(&inputs(&[
                ("startDate", "2025-03-01T00:00:00"),
                ("endDate", "2025-03-03T00:00:00"),
            ]))
            .unwrap();
        assert!(window.holds(&both, &record));
    }

    #[test]
    fn words_split_at_case_and_separators() {
        assert_eq!(words("createdSince"), ["created", "since"]);
        assert_eq!(words("DateTo"), ["date", "to"]);
        assert_eq!(words("start_date"), ["start", "date"]);
        assert_eq!(words("End"), ["end"]);
        assert_eq!(words("OID"), ["oid"]);
        assert_eq!(words("modifiedAfter2"), ["modified", "after2"]);
    }

    #[test]
    fn the_field_is_named_by_the_start_parameter() {
        let fields = ["CreatedAt", "Start", "End", "DateModified"];
        assert_eq!(field_named_by("startDate", &fields), Some("Start"));
        assert_eq!(field_named_by("endDate", &fields), Some("End"));
        assert_eq!(field_named_by("createdSince", &fields), Some("CreatedAt"));
        assert_eq!(
            field_named_by("modifiedAfter", &fields),
            Some("DateModified")
        );
        // Nothing named: the first date field.
        assert_eq!(field_named_by("fromDate", &fields), Some("CreatedAt"));
        assert_eq!(field_named_by("fromDate", &[]), None);
    }

    #[test]
    fn dates_without_a_time_cover_their_whole_day() {
        let start = instant("2025-03-01", false).unwrap();
        let end = instant("2025-03-01", true).unwrap();
        let noon = instant("2025-03-01T12:00:00", false).unwrap();
        assert!(start < noon && noon < end);
        assert_eq!(dates::format(start), "2025-03-01T00:00:00");
        assert_eq!(dates::format(end), "2025-03-01T23:59:59");
        assert_eq!(instant("1 March", false), None);
    }

    #[test]
    fn bounds_include_their_instants_and_an_open_side_bounds_nothing() {
        let window = DateWindow {
            start: Some(Bound {
                wire: "startDate".into(),
                date_only: false,
            }),
            end: Some(Bound {
                wire: "endDate".into(),
                date_only: false,
            }),
            field: "Start".into(),
        };
        let at = |text: &str| instant(text, false);
        let record = |start: &str| serde_json::json!({ "Start": start });
        let bounds = Bounds {
            start: at("2025-03-01T09:00:00"),
            end: at("2025-03-02T09:00:00"),
        };
        assert!(window.holds(&bounds, &record("2025-03-01T09:00:00")));
        assert!(window.holds(&bounds, &record("2025-03-02T09:00:00")));
        assert!(!window.holds(&bounds, &record("2025-03-01T08:59:59")));
        assert!(!window.holds(&bounds, &record("2025-03-02T09:00:01")));
        assert!(!window.holds(
            &bounds,
            &serde_json::json!({ "End": "2025-03-01T10:00:00" })
        ));
        let open = Bounds {
            start: None,
            ..bounds
        };
        assert!(window.holds(&open, &record("1999-01-01T00:00:00")));
        assert!(!window.holds(&open, &record("2025-03-02T09:00:01")));
    }
}
