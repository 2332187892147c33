//! Dates and date-times in agentOS's wire format.
//!
//! agentOS sends and expects local UK wall-clock times without an offset
//! (`YYYY-MM-DDTHH:mm:ss`); responses sometimes add fractional seconds (`.1234567`) or an
//! offset (`Z`, `+01:00`). [`DateTime`] parses all of these and **keeps the wall-clock time as
//! written, dropping any offset**: `2024-06-01T10:00:00+01:00` is `2024-06-01T10:00:00`, not
//! `09:00` UTC. Converting would shift every time the API wrote in UK local time by the offset
//! it happened to print, and the API reads times back as local wall-clock anyway, so the
//! written wall clock is the only reading that round-trips. Fractional seconds are kept in the
//! value (see [`DateTime::as_primitive`]) but never sent: the wire format has whole seconds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

/// A date-time as `[.fraction]` is optional after the seconds.
const DATE_TIME: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");
const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A text that is not an agentOS date or date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not {expected}")]
pub struct DateParseError {
    /// The text (at most 64 characters of it).
    pub input: String,
    /// What was expected instead.
    pub expected: &'static str,
}

impl DateParseError {
    fn new(input: &str, expected: &'static str) -> Self {
        Self {
            input: input.chars().take(64).collect(),
            expected,
        }
    }
}

const EXPECTED_DATE_TIME: &str = "a date-time like 2024-06-01T09:30:00 (fractional seconds and an offset such as Z or +01:00 are accepted)";
const EXPECTED_DATE: &str = "a date like 2024-06-01 (or a date-time, whose time is ignored)";

/// A local wall-clock date-time, sent as `YYYY-MM-DDTHH:mm:ss`.
///
/// ```
/// use agentos_runtime::DateTime;
/// let t: DateTime = "2024-06-01T09:30:00.1234567+01:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-06-01T09:30:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(time::PrimitiveDateTime);

impl DateTime {
    /// A date-time from its date and wall-clock time.
    pub const fn new(date: time::Date, time: time::Time) -> Self {
        Self(time::PrimitiveDateTime::new(date, time))
    }

    /// The date part.
    pub const fn date(self) -> Date {
        Date(self.0.date())
    }

    /// The wall-clock time part (with any fractional seconds that were parsed).
    pub const fn time(self) -> time::Time {
        self.0.time()
    }

    /// The value as a `time` date-time, fractional seconds included.
    pub const fn as_primitive(self) -> time::PrimitiveDateTime {
        self.0
    }

    /// The wall-clock time shown by `value`, dropping its offset (not converting it).
    pub const fn from_wall_clock(value: time::OffsetDateTime) -> Self {
        Self(time::PrimitiveDateTime::new(value.date(), value.time()))
    }
}

impl From<time::PrimitiveDateTime> for DateTime {
    fn from(value: time::PrimitiveDateTime) -> Self {
        Self(value)
    }
}

impl From<DateTime> for time::PrimitiveDateTime {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, t) = (self.0.date(), self.0.time());
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            u8::from(d.month()),
            d.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

impl FromStr for DateTime {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let local = strip_offset(s).ok_or_else(|| DateParseError::new(s, EXPECTED_DATE_TIME))?;
        time::PrimitiveDateTime::parse(local, DATE_TIME)
            .map(Self)
            .map_err(|_| DateParseError::new(s, EXPECTED_DATE_TIME))
    }
}

/// `s` without a trailing `Z`, `±HH:MM` or `±HHMM` offset; `None` for a malformed offset.
fn strip_offset(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_suffix(['Z', 'z']) {
        return Some(rest);
    }
    // An offset can only follow the time, so look for its sign after the `T`: the date before
    // it has `-` separators of its own.
    let Some(t) = s.find(['T', 't']) else {
        return Some(s);
    };
    let Some(sign) = s[t..].rfind(['+', '-']).map(|i| t + i) else {
        return Some(s);
    };
    let offset = &s.as_bytes()[sign + 1..];
    let (hh, mm) = match offset {
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => ([*h1, *h2], [*m1, *m2]),
        _ => return None,
    };
    let two = |d: [u8; 2]| {
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| (d[0] - b'0') * 10 + (d[1] - b'0'))
    };
    match (two(hh), two(mm)) {
        (Some(h), Some(m)) if h <= 23 && m <= 59 => Some(&s[..sign]),
        _ => None,
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A calendar date, sent as `YYYY-MM-DD`.
///
/// Parsing also accepts a date-time (as [`DateTime`] does) and keeps its date: .NET servers
/// often print dates as midnight date-times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// The date as a `time` date.
    pub const fn as_date(self) -> time::Date {
        self.0
    }

    /// This date at a wall-clock time.
    pub const fn at(self, time: time::Time) -> DateTime {
        DateTime::new(self.0, time)
    }
}

impl From<time::Date> for Date {
    fn from(value: time::Date) -> Self {
        Self(value)
    }
}

impl From<Date> for time::Date {
    fn from(value: Date) -> Self {
        value.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl FromStr for Date {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() > 10 {
            return s
                .parse::<DateTime>()
                .map(DateTime::date)
                .map_err(|_| DateParseError::new(s, EXPECTED_DATE));
        }
        time::Date::parse(s, DATE)
            .map(Self)
            .map_err(|_| DateParseError::new(s, EXPECTED_DATE))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What a generated constructor or setter takes where the API wants a date-time: a
/// [`DateTime`] or a [`time::PrimitiveDateTime`]. Text is parsed first, explicitly, since
/// parsing can fail: `"2024-05-01T09:30:00".parse::<DateTime>()?`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a date-time: agentOS takes `agentos_runtime::DateTime`",
    label = "expected a `DateTime`",
    note = "parse text with `\"2024-05-01T09:30:00\".parse::<agentos_runtime::DateTime>()?`, or build one from parts with `agentos_runtime::time::macros::datetime!(2024-05-01 9:30).into()`"
)]
pub trait IntoDateTime {
    /// The date-time.
    fn into_date_time(self) -> DateTime;
}

impl IntoDateTime for DateTime {
    fn into_date_time(self) -> DateTime {
        self
    }
}

impl IntoDateTime for time::PrimitiveDateTime {
    fn into_date_time(self) -> DateTime {
        DateTime(self)
    }
}

/// What a generated constructor or setter takes where the API wants a date: a [`Date`] or a
/// [`time::Date`]. Text is parsed first: `"2024-05-01".parse::<Date>()?`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a date: agentOS takes `agentos_runtime::Date`",
    label = "expected a `Date`",
    note = "parse text with `\"2024-05-01\".parse::<agentos_runtime::Date>()?`, or build one with `agentos_runtime::time::macros::date!(2024-05-01).into()`"
)]
pub trait IntoDate {
    /// The date.
    fn into_date(self) -> Date;
}

impl IntoDate for Date {
    fn into_date(self) -> Date {
        self
    }
}

impl IntoDate for time::Date {
    fn into_date(self) -> Date {
        Date(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_take_dates_from_text_or_from_time() {
        let parts = time::macros::datetime!(2024-05-01 9:30);
        let parsed: DateTime = "2024-05-01T09:30:00".parse().unwrap();
        assert_eq!(parts.into_date_time(), parsed);
        assert_eq!(parsed.into_date_time(), parsed);
        let day: Date = "2024-05-01".parse().unwrap();
        assert_eq!(time::macros::date!(2024 - 05 - 01).into_date(), day);
        assert_eq!(day.into_date(), day);
    }
    use time::macros::{date, datetime, time};

    #[test]
    fn parses_every_variant_and_keeps_the_wall_clock() {
        let cases = [
            ("2024-06-01T09:30:05", datetime!(2024-06-01 09:30:05)),
            ("2024-06-01T09:30:05.5", datetime!(2024-06-01 09:30:05.5)),
            (
                "2024-06-01T09:30:05.1234567",
                datetime!(2024-06-01 09:30:05.1234567),
            ),
            ("2024-06-01T09:30:05Z", datetime!(2024-06-01 09:30:05)),
            ("2024-06-01T09:30:05.25Z", datetime!(2024-06-01 09:30:05.25)),
            ("2024-06-01T09:30:05+01:00", datetime!(2024-06-01 09:30:05)),
            ("2024-06-01T09:30:05-05:30", datetime!(2024-06-01 09:30:05)),
            ("2024-06-01T09:30:05+0100", datetime!(2024-06-01 09:30:05)),
            (
                "2024-06-01T09:30:05.123+01:00",
                datetime!(2024-06-01 09:30:05.123),
            ),
        ];
        for (text, want) in cases {
            let got: DateTime = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got.as_primitive(), want, "{text}");
            assert_eq!(got.to_string(), &text[..19], "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date_time() {
        for bad in [
            "",
            "2024-06-01",
            "2024-06-01 09:30:05",
            "2024-13-01T09:30:05",
            "2024-06-01T25:00:00",
            "2024-06-01T09:30",
            "2024-06-01T09:30:05+1",
            "2024-06-01T09:30:05+24:00",
            "2024-06-01T09:30:05.",
            "2024-06-01T09:30:05 ",
            "yesterday",
        ] {
            let err = bad.parse::<DateTime>().unwrap_err();
            assert!(err.to_string().contains("date-time"), "{bad}");
        }
    }

    #[test]
    fn round_trips_through_serde_and_text() {
        let t = DateTime::new(date!(2023 - 12 - 31), time!(23:59:59));
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2023-12-31T23:59:59\"");
        assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), t);
        assert_eq!(t.to_string().parse::<DateTime>().unwrap(), t);
        assert_eq!(t.date().to_string(), "2023-12-31");
        let from_time: time::PrimitiveDateTime = t.into();
        assert_eq!(DateTime::from(from_time), t);
        let offset = datetime!(2024-06-01 09:30:05 +01:00);
        assert_eq!(
            DateTime::from_wall_clock(offset).to_string(),
            "2024-06-01T09:30:05"
        );
        assert!(serde_json::from_str::<DateTime>("\"nope\"").is_err());
        assert!(serde_json::from_str::<DateTime>("12").is_err());
    }

    #[test]
    fn dates_parse_and_round_trip() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.as_date(), date!(2024 - 02 - 29));
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
        assert_eq!(serde_json::from_str::<Date>("\"2024-02-29\"").unwrap(), d);
        let midnight: Date = "2024-02-29T00:00:00".parse().unwrap();
        assert_eq!(midnight, d);
        assert_eq!(
            d.at(time!(10:00)).to_string(),
            "2024-02-29T10:00:00".to_owned()
        );
        for bad in ["2023-02-29", "2024-2-29", "", "2024-02-29T", "29/02/2024"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }
}
