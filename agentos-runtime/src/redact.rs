//! Finding the API key in text a server sent back, however it is spelt, and replacing it.
//!
//! A server (or anything between it and us) may echo the key: raw, JSON-escaped
//! (`\u0043ANARY`, `\/`), percent-encoded (`%43ANARY`), as an HTML character reference
//! (`&#67;`), or as Rust's `Debug` escapes in a message quoting it (`\"`, `\u{43}`). Each
//! character of the key may be spelt in any of these ways independently, so the matcher decodes
//! one character at a time while comparing, instead of decoding the text first (which would
//! lose the positions to cut at). Percent-encoding may itself be escaped (`\u002543` is
//! `%43`, a `C`). JSON bodies are also decoded as a whole ([`scrub_json`]) before matching.
//!
//! Pure functions over text: [`crate::ApiKey`] calls them for every string that comes from the
//! server before it reaches an error, a report or a trace.

use std::borrow::Cow;

/// Every way the text at `at` can be read as one character: the byte it stands for and how
/// many bytes that reading spans.
///
/// A character is spelt raw, escaped (see [`escapes`]), or percent-encoded, where the `%` and
/// the two hex digits may each be escaped in turn (`\u002543` is `%43`, a `C`). Readings can
/// overlap (`\\u0061` is an escaped backslash and `u0061`, or a raw backslash and an escaped
/// `a`), so all of them are returned and the matcher tries each. Only ASCII is decoded: keys
/// are printable ASCII (checked when the client is built), so a spelling of any other
/// character can never be part of a key.
fn readings(text: &[u8], at: usize) -> Vec<(u8, usize)> {
    let mut out = Vec::new();
    for (first, len) in escapes(text, at) {
        out.push((first, len));
        if first != b'%' {
            continue;
        }
        for (high, high_len) in escapes(text, at + len) {
            for (low, low_len) in escapes(text, at + len + high_len) {
                if let Some(byte) = hex_exact(&[high, low], 2).filter(u8::is_ascii) {
                    out.push((byte, len + high_len + low_len));
                }
            }
        }
    }
    out
}

/// The character at `at` read raw, and (when it starts one) as a backslash escape or an HTML
/// character reference.
fn escapes(text: &[u8], at: usize) -> Vec<(u8, usize)> {
    let Some(&first) = text.get(at) else {
        return Vec::new();
    };
    let rest = text.get(at + 1..).unwrap_or_default();
    let escaped = match first {
        b'\\' => backslash_escape(rest),
        b'&' => char_reference(rest),
        _ => None,
    };
    let mut out = vec![(first, 1)];
    if let Some((byte, len)) = escaped.filter(|(byte, _)| byte.is_ascii()) {
        out.push((byte, len + 1));
    }
    out
}

/// After a `\`: `uXXXX`, `u{X..}`, `xHH`, or a character escaped as itself (`\"`, `\/`).
fn backslash_escape(rest: &[u8]) -> Option<(u8, usize)> {
    match rest.first()? {
        b'u' if rest.get(1) == Some(&b'{') => {
            let digits = rest.get(2..)?.iter().take_while(|b| **b != b'}').count();
            if digits == 0 || digits > 6 || rest.get(2 + digits) != Some(&b'}') {
                return None;
            }
            Some((hex_exact(rest.get(2..)?, digits)?, digits + 3))
        }
        b'u' => Some((hex_exact(rest.get(1..)?, 4)?, 5)),
        b'x' => Some((hex_exact(rest.get(1..)?, 2)?, 3)),
        &c @ (b'"' | b'\\' | b'/' | b'\'') => Some((c, 1)),
        _ => None,
    }
}

/// After a `&`: `#NNN;` or `#xHH;`.
fn char_reference(rest: &[u8]) -> Option<(u8, usize)> {
    let body = rest.strip_prefix(b"#")?;
    let (radix, digits_at) = match body.first()? {
        b'x' | b'X' => (16, 1),
        _ => (10, 0),
    };
    let digits = body
        .get(digits_at..)?
        .iter()
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    if digits == 0 || digits > 7 || body.get(digits_at + digits) != Some(&b';') {
        return None;
    }
    let text = std::str::from_utf8(body.get(digits_at..digits_at + digits)?).ok()?;
    let value = u32::from_str_radix(text, radix).ok()?;
    // `#`, the radix marker, the digits and `;`.
    Some((u8::try_from(value).ok()?, 1 + digits_at + digits + 1))
}

/// Exactly `len` hex digits at the start of `text`, as a byte value (`None` above 0xFF).
fn hex_exact(text: &[u8], len: usize) -> Option<u8> {
    let digits = text.get(..len)?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let value = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
    u8::try_from(value).ok()
}

/// Whether `needle` starts in `text` at `at`, spelt in any of the ways the module docs list:
/// the end of the longest such spelling. Every reading of each character is tried (a set of
/// positions reached so far, so overlapping readings cost no backtracking).
fn match_at(text: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    let mut reached = vec![at];
    for &want in needle {
        let mut next = Vec::new();
        for &pos in &reached {
            for (got, len) in readings(text, pos) {
                if got == want {
                    next.push(pos + len);
                }
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return None;
        }
        reached = next;
    }
    reached.last().copied()
}

/// `text` with every spelling of `secret` replaced by `replacement`. Borrowed when there is
/// none. An empty secret matches nothing.
pub fn scrub_text<'t>(text: &'t str, secret: &str, replacement: &str) -> Cow<'t, str> {
    let needle = secret.as_bytes();
    let bytes = text.as_bytes();
    let Some(&first) = needle.first() else {
        return Cow::Borrowed(text);
    };
    let mut out: Option<String> = None;
    // Bytes of `text` before `copied` are already in `out`.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Only a byte that can start a spelling of the first character is worth matching.
        let candidate = matches!(bytes[at], b'\\' | b'%' | b'&') || bytes[at] == first;
        if let Some(end) = candidate.then(|| match_at(bytes, at, needle)).flatten() {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            // Matches start and end on ASCII bytes, so these are char boundaries.
            out.push_str(&text[copied..at]);
            out.push_str(replacement);
            copied = end;
            at = end;
        } else {
            at += 1;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// A JSON document with every string and member name scrubbed (see [`scrub_text`]), and
/// re-serialised only when something changed. `None` when `text` is not JSON or holds no
/// spelling of the secret once decoded.
pub fn scrub_json(text: &str, secret: &str, replacement: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    scrub_value(&mut value, secret, replacement).then(|| value.to_string())
}

/// Scrubs every string of `value` in place; whether anything changed.
fn scrub_value(value: &mut serde_json::Value, secret: &str, replacement: &str) -> bool {
    use serde_json::Value;
    match value {
        Value::String(text) => match scrub_text(text, secret, replacement) {
            Cow::Owned(clean) => {
                *text = clean;
                true
            }
            Cow::Borrowed(_) => false,
        },
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| {
            scrub_value(item, secret, replacement) | changed
        }),
        Value::Object(map) => {
            let dirty_keys = map
                .keys()
                .any(|k| matches!(scrub_text(k, secret, replacement), Cow::Owned(_)));
            if dirty_keys {
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    scrub_value(&mut item, secret, replacement);
                    map.insert(scrub_text(&key, secret, replacement).into_owned(), item);
                }
                return true;
            }
            map.values_mut().fold(false, |changed, item| {
                scrub_value(item, secret, replacement) | changed
            })
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "CANARY-k3y/\"q\\-tail9";
    const R: &str = "…tail9";

    fn scrub(text: &str) -> String {
        scrub_text(text, KEY, R).into_owned()
    }

    #[test]
    fn every_spelling_of_each_character_is_found() {
        // (text, expected)
        let table = [
            ("raw CANARY-k3y/\"q\\-tail9 end", "raw …tail9 end"),
            // JSON: \u escapes of any character, short escapes for `"`, `\` and `/`.
            (
                r#"{"M":"\u0043ANARY-k3y\/\"q\\-tail9"}"#,
                r#"{"M":"…tail9"}"#,
            ),
            (r#"\u0043\u0041NARY-k3y/\"q\\-tail\u0039"#, "…tail9"),
            (r#"\u0063ANARY"#, r#"\u0063ANARY"#), // lower-case c is not C
            // Percent-encoding, either case of hex.
            ("%43ANARY-k3y%2f%22q%5C-tail9", "…tail9"),
            // HTML character references.
            ("&#67;ANARY-k3y&#x2F;&#34;q&#92;-tail9", "…tail9"),
            // Rust Debug escapes.
            (r#"\u{43}ANARY-k3y/\"q\\-tail\x39"#, "…tail9"),
            // Percent-encoding whose parts are escaped.
            (r#"\u002543ANARY-k3y/\"q\\-tail\u00253\u0039"#, "…tail9"),
            // Twice, next to each other and among other text.
            (
                "aCANARY-k3y/\"q\\-tail9CANARY-k3y/\"q\\-tail9b",
                "a…tail9…tail9b",
            ),
            // Not the key: one character short, or another character in the middle.
            ("CANARY-k3y/\"q\\-tail", "CANARY-k3y/\"q\\-tail"),
            ("CANARY-k3y/\"q\\+tail9", "CANARY-k3y/\"q\\+tail9"),
            // Non-ASCII around the key survives intact.
            ("é CANARY-k3y/\"q\\-tail9 ü", "é …tail9 ü"),
        ];
        for (text, want) in table {
            assert_eq!(scrub(text), want, "{text}");
        }
    }

    #[test]
    fn broken_escapes_are_plain_text() {
        for text in [
            r"\u00",
            r"\u{}",
            r"\u{1234567}",
            r"\x4",
            "%4",
            "%zz",
            "&#;",
            "&#x;",
            "&#67",
            "\\",
            "&",
            "%",
        ] {
            assert_eq!(scrub(text), text);
        }
        // A decoded value above ASCII is not a key character.
        assert_eq!(scrub(r"\u0143ANARY"), r"\u0143ANARY");
        assert_eq!(scrub("&#323;ANARY"), "&#323;ANARY");
    }

    #[test]
    fn untouched_text_is_borrowed_and_an_empty_secret_matches_nothing() {
        assert!(matches!(
            scrub_text("nothing here", KEY, R),
            Cow::Borrowed(_)
        ));
        assert!(matches!(scrub_text("abc", "", R), Cow::Borrowed(_)));
        assert_eq!(scrub(""), "");
    }

    #[test]
    fn json_is_decoded_before_matching_so_nested_spellings_are_found() {
        // Percent-encoded inside a JSON string whose `%` is itself JSON-escaped.
        let body = r#"{"Message":"key \u002543ANARY-k3y/\"q\\-tail9 rejected","n":1}"#;
        let clean = scrub_json(body, KEY, R).expect("changed");
        assert_eq!(clean, r#"{"Message":"key …tail9 rejected","n":1}"#);
        // In a member name, and deep inside arrays.
        let body = r#"{"CANARY-k3y/\"q\\-tail9":[{"a":["x \u0043ANARY-k3y/\"q\\-tail9"]}]}"#;
        let clean = scrub_json(body, KEY, R).expect("changed");
        assert_eq!(clean, r#"{"…tail9":[{"a":["x …tail9"]}]}"#);
        assert_eq!(scrub_json(r#"{"a":"clean"}"#, KEY, R), None);
        assert_eq!(scrub_json("not json", KEY, R), None);
    }
}
