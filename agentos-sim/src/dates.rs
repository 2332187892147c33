//! agentOS date-times on the wire: `YYYY-MM-DDTHH:mm:ss`, accepted with optional fractional
//! seconds and an optional offset (`Z`, `+01:00`); answered without offset.

use time::PrimitiveDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

const WIRE: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

/// Parses a wire date-time. The offset, when present, is checked for form and then ignored:
/// agentOS works in the agency's wall-clock time.
pub(crate) fn parse(text: &str) -> Option<PrimitiveDateTime> {
    let (base, rest) = (text.get(..19)?, text.get(19..)?);
    let mut value = PrimitiveDateTime::parse(base, WIRE).ok()?;
    let mut rest = rest;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let padded = format!("{:0<9}", &fraction[..digits]);
        let nanos: u32 = padded.parse().ok()?;
        value = value.replace_nanosecond(nanos).ok()?;
        rest = &fraction[digits..];
    }
    valid_offset(rest).then_some(value)
}

fn valid_offset(rest: &str) -> bool {
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(body) = rest.strip_prefix('+').or_else(|| rest.strip_prefix('-')) else {
        return false;
    };
    let bytes = body.as_bytes();
    bytes.len() == 5
        && bytes[2] == b':'
        && [0, 1, 3, 4].iter().all(|&i| bytes[i].is_ascii_digit())
        && body[..2].parse::<u8>().is_ok_and(|h| h <= 23)
        && body[3..].parse::<u8>().is_ok_and(|m| m <= 59)
}

/// Formats as `YYYY-MM-DDTHH:mm:ss`.
pub(crate) fn format(value: PrimitiveDateTime) -> String {
    value.format(WIRE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn accepts_the_wire_format_with_fractions_and_offsets() {
        let want = datetime!(2024-03-05 14:30:00);
        assert_eq!(parse("2024-03-05T14:30:00"), Some(want));
        assert_eq!(parse("2024-03-05T14:30:00Z"), Some(want));
        assert_eq!(parse("2024-03-05T14:30:00+01:00"), Some(want));
        assert_eq!(parse("2024-03-05T14:30:00-05:30"), Some(want));
        assert_eq!(
            parse("2024-03-05T14:30:00.25"),
            Some(datetime!(2024-03-05 14:30:00.25))
        );
        assert_eq!(
            parse("2024-03-05T14:30:00.123456789Z"),
            Some(datetime!(2024-03-05 14:30:00.123456789))
        );
    }

    #[test]
    fn rejects_anything_else() {
        for bad in [
            "",
            "2024-03-05",
            "2024-03-05 14:30:00",
            "2024-13-05T14:30:00",
            "2024-02-30T14:30:00",
            "2024-03-05T25:30:00",
            "05/03/2024 14:30",
            "2024-03-05T14:30:00.",
            "2024-03-05T14:30:00+1",
            "2024-03-05T14:30:00 01:00",
            "2024-03-05T14:30:00+24:00",
            "2024-03-05T14:30:00junk",
            "2024-03-05T14:30:0é",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formats_without_fraction_or_offset() {
        assert_eq!(
            format(datetime!(2024-03-05 09:05:07.5)),
            "2024-03-05T09:05:07"
        );
    }
}
