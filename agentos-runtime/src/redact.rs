//! Finding a secret (the API key, a password, a token) in text, however it is spelt, and
//! replacing it.
//!
//! A server (or anything between it and us) may echo a secret: raw, in another letter case,
//! JSON-escaped (`\u0043ANARY`, `\/`), percent-encoded (`%43ANARY`), percent-encoded twice or
//! three times (`%2543`: the `%` itself encoded), as an HTML character reference (`&#67;`, and
//! `&#67` without its `;`, which browsers read alike), or as Rust's `Debug` escapes in a
//! message quoting it (`\"`, `\u{43}`). Each character of the secret may be spelt in any of
//! these ways independently, so the matcher decodes one character at a time while comparing,
//! instead of decoding the text first (which would lose the positions to cut at).
//! Percent-encoding may itself be escaped (`\u002543` is `%43`, a `C`). JSON bodies are also
//! decoded as a whole ([`scrub_json`]) before matching.
//!
//! Letter case is ignored: a key shown in another case is still the key to anyone reading it,
//! and a false match only hides a few characters of text that looked like it.
//!
//! Pure functions over text: the client calls them (through [`crate::ApiKey`] and the secrets
//! a request declares) for every string that comes from the server before it reaches an error,
//! a report or a trace.

use std::borrow::Cow;

/// How many times a `%` may itself be percent-encoded (`%252543` is a `C` encoded three
/// times). Text that encodes deeper is not a spelling a server makes by accident.
const MAX_PERCENT_DEPTH: usize = 3;

/// The most digits a character reference may have (`&#0000067;`).
const MAX_REFERENCE_DIGITS: usize = 7;

/// The longest spelling of one ASCII character by itself: a character reference with the
/// most digits, `&#x0000043;`.
const LONGEST_ESCAPE: usize = "&#x;".len() + MAX_REFERENCE_DIGITS;

/// The most bytes one character of a secret can take when spelt in any of the ways above: a
/// `%` percent-encoded `MAX_PERCENT_DEPTH` times (`%252525`) and two hex digits, nine
/// characters, each spelt the longest way. How far past a cut a scrubber must read so that a
/// secret spelt across the cut is found whole.
pub const MAX_SPELLING_BYTES: usize = LONGEST_ESCAPE * (1 + 2 * MAX_PERCENT_DEPTH + 2);

/// Every way the text at `at` can be read as one character: the byte it stands for and how
/// many bytes that reading spans.
///
/// A character is spelt raw, escaped (see [`escapes`]), or percent-encoded, where the `%` may
/// be spelt in any of those ways or percent-encoded in turn ([`percents`]), and the two hex
/// digits may each be escaped (`\u002543` is `%43`, a `C`). Readings can overlap (`\\u0061` is
/// an escaped backslash and `u0061`, or a raw backslash and an escaped `a`), so all of them
/// are returned and the matcher tries each. A secret is matched byte by byte: a raw or
/// percent-encoded byte may be any byte (so a non-ASCII character matches as its UTF-8
/// bytes, and a match still starts and ends on a character boundary), an escape only an
/// ASCII character.
fn readings(text: &[u8], at: usize) -> Vec<(u8, usize)> {
    let mut out = escapes(text, at);
    for percent in percents(text, at, 0) {
        for (byte, len) in hex_pair(text, at + percent) {
            out.push((byte, percent + len));
        }
    }
    out
}

/// The lengths of every spelling of a `%` that starts at `at`: raw or escaped, or itself
/// percent-encoded (`%25`, whose parts may be escaped), up to [`MAX_PERCENT_DEPTH`] times.
fn percents(text: &[u8], at: usize, depth: usize) -> Vec<usize> {
    let mut out: Vec<usize> = escapes(text, at)
        .into_iter()
        .filter(|(byte, _)| *byte == b'%')
        .map(|(_, len)| len)
        .collect();
    if depth < MAX_PERCENT_DEPTH {
        for inner in percents(text, at, depth + 1) {
            for (byte, len) in hex_pair(text, at + inner) {
                if byte == b'%' {
                    out.push(inner + len);
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Two hex digits at `at`, each raw or escaped, as the ASCII byte they encode.
fn hex_pair(text: &[u8], at: usize) -> Vec<(u8, usize)> {
    let mut out = Vec::new();
    for (high, high_len) in escapes(text, at) {
        for (low, low_len) in escapes(text, at + high_len) {
            // Any byte: percent-encoding spells UTF-8 bytes, so `%C3%A4` matches an `ä` of a
            // secret byte for byte, and both ends of such a match are ASCII.
            if let Some(byte) = hex_exact(&[high, low], 2) {
                out.push((byte, high_len + low_len));
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
    let mut escaped = match first {
        b'\\' => backslash_escape(rest).into_iter().collect(),
        b'&' => char_references(rest),
        _ => Vec::new(),
    };
    // An escape names a character, not a UTF-8 byte: only an ASCII one is a byte of a secret.
    escaped.retain(|(byte, _)| byte.is_ascii());
    let mut out = vec![(first, 1)];
    out.extend(escaped.into_iter().map(|(byte, len)| (byte, len + 1)));
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

/// After a `&`: `#NNN;` or `#xHH;`, the `;` optional (HTML reads `&#67` as `C` too). Without
/// the `;` the digits' end is not marked, so every run of leading digits is a reading.
fn char_references(rest: &[u8]) -> Vec<(u8, usize)> {
    let Some(body) = rest.strip_prefix(b"#") else {
        return Vec::new();
    };
    let (radix, digits_at) = match body.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = body.get(digits_at..).unwrap_or_default();
    let is_digit = |b: &u8| match radix {
        16 => b.is_ascii_hexdigit(),
        _ => b.is_ascii_digit(),
    };
    let run = digits
        .iter()
        .take(MAX_REFERENCE_DIGITS)
        .take_while(|b| is_digit(b))
        .count();
    let mut out = Vec::new();
    for len in 1..=run {
        let value = std::str::from_utf8(&digits[..len])
            .ok()
            .and_then(|text| u32::from_str_radix(text, radix).ok())
            .and_then(|value| u8::try_from(value).ok());
        let Some(byte) = value else {
            continue;
        };
        // `#`, the radix marker and the digits, then the `;` when it follows.
        let spelt = 1 + digits_at + len;
        out.push((byte, spelt));
        if digits.get(len) == Some(&b';') {
            out.push((byte, spelt + 1));
        }
    }
    out
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
                if got.eq_ignore_ascii_case(&want) {
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

/// Whether `text` may hold a spelling of `needle`: `false` only when it cannot, which is
/// decided without allocating, so that text without a secret (a content type, most bodies)
/// costs a scan.
///
/// Every spelling other than the raw one starts with a `\`, `%` or `&` (see [`readings`]):
/// text without those bytes can only hold the raw spelling, in any letter case, and the same
/// holds for every string of it read as JSON (without a `\` a JSON string is its text).
pub(crate) fn may_hold(text: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return false;
    };
    // Every spelling of a byte takes at least a byte.
    if text.len() < needle.len() {
        return false;
    }
    if text.iter().any(|b| matches!(b, b'\\' | b'%' | b'&')) {
        return true;
    }
    (0..=text.len() - needle.len()).any(|at| {
        text[at].eq_ignore_ascii_case(&first)
            && text[at..at + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// `text` with every spelling of `secret` replaced by `replacement`, also inside the strings
/// and member names of a JSON document (decoded as a whole first, [`scrub_json`], then
/// matched as text, [`scrub_text`]). Borrowed when there is none; text that cannot hold a
/// spelling (`may_hold`) is not decoded at all. What the client runs every text from the
/// server through, for the key and for each secret.
pub fn scrub<'t>(text: &'t str, secret: &str, replacement: &str) -> Cow<'t, str> {
    if !may_hold(text.as_bytes(), secret.as_bytes()) {
        return Cow::Borrowed(text);
    }
    match scrub_json(text, secret, replacement) {
        Some(json) => Cow::Owned(scrub_text(&json, secret, replacement).into_owned()),
        None => scrub_text(text, secret, replacement),
    }
}

/// `text` with every spelling of `secret` replaced by `replacement`. Borrowed when there is
/// none. An empty secret matches nothing.
pub fn scrub_text<'t>(text: &'t str, secret: &str, replacement: &str) -> Cow<'t, str> {
    if !may_hold(text.as_bytes(), secret.as_bytes()) {
        return Cow::Borrowed(text);
    }
    scrub_every_spelling(text, secret, replacement)
}

/// [`scrub_text`] without the [`may_hold`] shortcut: every byte that can start a spelling is
/// tried.
fn scrub_every_spelling<'t>(text: &'t str, secret: &str, replacement: &str) -> Cow<'t, str> {
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
        let candidate =
            matches!(bytes[at], b'\\' | b'%' | b'&') || bytes[at].eq_ignore_ascii_case(&first);
        if let Some(end) = candidate.then(|| match_at(bytes, at, needle)).flatten() {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            // A match starts at an ASCII byte or at the first byte of a character the secret
            // starts with, and ends after an ASCII byte or the last byte of the character the
            // secret ends with: both are char boundaries.
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
    if !may_hold(text.as_bytes(), secret.as_bytes()) {
        return None;
    }
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
    fn the_shortcut_never_misses_a_spelling() {
        // Every text of up to 5 characters over an alphabet holding the secret's letters in
        // both cases, the bytes that start escapes and a non-ASCII character: the shortcut
        // says "cannot hold" only where the full matcher finds nothing.
        let secret = "aB%";
        let alphabet = ["a", "A", "b", "B", "%", "2", "5", "\\", "&", "#", "x", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for text in &texts {
                let full = scrub_every_spelling(text, secret, R);
                assert_eq!(scrub_text(text, secret, R), full, "{text:?}");
                if matches!(full, Cow::Owned(_)) {
                    assert!(may_hold(text.as_bytes(), secret.as_bytes()), "{text:?}");
                }
            }
        }
        assert!(!may_hold(b"application/json", KEY.as_bytes()));
        assert!(may_hold(b"x CANARY-k3y end", b"canary-K3Y"));
        assert!(!may_hold(b"x CANARY-k3 end", b"canary-K3Y"));
        assert!(!may_hold(b"anything", b""));
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
            // Another letter case, raw or escaped.
            ("canary-K3Y/\"Q\\-TAIL9", "…tail9"),
            (r#"\u0063anary-k3y/\"q\\-tail9"#, "…tail9"),
            // Percent-encoding twice and three times, the inner parts escaped or not.
            ("%2543ANARY-k3y%252F%22q%5C-tail9", "…tail9"),
            ("%252543ANARY-k3y/\"q\\-tail%252539", "…tail9"),
            (r#"%\u00325\u00343ANARY-k3y/\"q\\-tail9"#, "…tail9"),
            // Character references without their `;`.
            ("&#67ANARY-k3y&#x2F&#34q&#92-tail&#57", "…tail9"),
            ("&#067ANARY-k3y/\"q\\-tail9", "…tail9"),
            // Percent-encoding, either case of hex.
            ("%43ANARY-k3y%2f%22q%5C-tail9", "…tail9"),
            // HTML character references.
            ("&#67;ANARY-k3y&#x2F;&#34;q&#92;-tail9", "…tail9"),
            // Rust Debug escapes, of 1 to 6 digits.
            (r#"\u{43}ANARY-k3y/\"q\\-tail\x39"#, "…tail9"),
            (r#"\u{043}ANARY-k3y/\"q\\-tail\u{000039}"#, "…tail9"),
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
            r"\u{0000043}",
            "&#",
            "&#x",
            "%25",
            "%%",
            "\\",
            "&",
            "%",
        ] {
            assert_eq!(scrub(text), text);
        }
        // Seven digits are no `\u{..}` escape.
        let long = r#"\u{0000043}ANARY-k3y/\"q\\-tail9"#;
        assert_eq!(scrub(long), long);
        // An escape that is not closed is no escape, even at the end of the text.
        let open = r#"CANARY-k3y/\"q\\-tail\u{39"#;
        assert_eq!(scrub(open), open);
        // An escape of a character above ASCII is not a byte of a secret.
        assert_eq!(scrub(r"\u0143ANARY"), r"\u0143ANARY");
        assert_eq!(scrub("&#323;ANARY"), "&#323;ANARY");
        // A `%` encoded more than MAX_PERCENT_DEPTH times is not followed (a `C` encoded four
        // times is found, five times is not).
        assert_eq!(scrub("%25252543ANARY-k3y/\"q\\-tail9"), "…tail9");
        let deep = "%2525252543ANARY-k3y/\"q\\-tail9";
        assert_eq!(scrub(deep), deep);
    }

    #[test]
    fn a_non_ascii_secret_matches_raw_and_percent_encoded_bytes() {
        let secret = "pässwörd-1";
        for text in [
            "x pässwörd-1 y",
            "x p%C3%A4ssw%c3%b6rd-1 y",
            "x PÄSSWöRD-1 y",
        ] {
            let out = scrub_text(text, secret, "<r>");
            // Letter case is ASCII-only: `Ä` is not `ä`.
            if text.contains('Ä') {
                assert_eq!(out, text);
            } else {
                assert_eq!(out, "x <r> y", "{text}");
            }
        }
        // An escape naming `ä` is a character, not its bytes: not matched.
        assert_eq!(
            scrub_text(r"p\u00e4sswörd-1", secret, "<r>"),
            r"p\u00e4sswörd-1"
        );
    }

    #[test]
    fn the_longest_spelling_of_a_character_is_within_the_bound() {
        // `C` as `%252525` + `43`, every one of the nine characters a 7-digit reference.
        let longest: String = "%25252543"
            .bytes()
            .map(|b| format!("&#x{b:07X};"))
            .collect();
        assert_eq!(longest.len(), MAX_SPELLING_BYTES);
        assert_eq!(match_at(longest.as_bytes(), 0, b"C"), Some(longest.len()));
    }

    #[test]
    fn percent_spellings_of_a_percent_sign() {
        // `%`, `%25`, `%2525`, `%252525` (three levels), escaped parts too.
        assert_eq!(percents(b"%", 0, 0), vec![1]);
        assert_eq!(percents(b"%25", 0, 0), vec![1, 3]);
        assert_eq!(percents(b"%2525", 0, 0), vec![1, 3, 5]);
        assert_eq!(percents(b"%252525", 0, 0), vec![1, 3, 5, 7]);
        assert_eq!(percents(b"%25252525", 0, 0), vec![1, 3, 5, 7]);
        assert_eq!(percents(br"\u0025", 0, 0), vec![6]);
        assert_eq!(percents(b"x", 0, 0), Vec::<usize>::new());
    }

    #[test]
    fn character_references_with_and_without_semicolon() {
        // After the `&`.
        assert_eq!(char_references(b"#67;"), vec![(6, 2), (67, 3), (67, 4)]);
        assert_eq!(char_references(b"#x43"), vec![(4, 3), (0x43, 4)]);
        assert_eq!(char_references(b"#X4;"), vec![(4, 3), (4, 4)]);
        assert_eq!(char_references(b"#300"), vec![(3, 2), (30, 3)]);
        assert_eq!(char_references(b"#"), vec![]);
        assert_eq!(char_references(b"67"), vec![]);
        // Decimal digits stop at a letter; at most MAX_REFERENCE_DIGITS are read.
        assert_eq!(char_references(b"#6A"), vec![(6, 2)]);
        assert_eq!(
            char_references(b"#00000067"),
            vec![(0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (6, 8)]
        );
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

    /// One spelling of `byte`, chosen by `how`.
    fn spell(byte: u8, how: u8) -> String {
        let upper = byte.to_ascii_uppercase();
        match how % 12 {
            0 => (byte as char).to_string(),
            1 => (upper as char).to_string(),
            2 => format!("\\u{byte:04x}"),
            3 => format!("\\u{{{byte:x}}}"),
            4 => format!("\\x{byte:02X}"),
            5 => format!("%{byte:02x}"),
            6 => format!("%25{byte:02X}"),
            7 => format!("%2525{byte:02x}"),
            8 => format!("\\u0025{byte:02x}"),
            9 => format!("&#{byte};"),
            10 => format!("&#x{byte:x}"),
            _ => format!("&#{byte:03}"),
        }
    }

    proptest::proptest! {
        /// Any printable-ASCII secret, each character spelt in any of the ways the module
        /// lists, anywhere in other text: nothing of it is left.
        #[test]
        fn every_mix_of_spellings_is_scrubbed(
            secret in "[!-~]{6,24}",
            hows in proptest::collection::vec(0u8..12, 24),
            before in "[ a-z]{0,8}",
            after in "[ a-z]{0,8}",
        ) {
            let spelt: String = secret
                .bytes()
                .zip(&hows)
                .map(|(byte, how)| spell(byte, *how))
                .collect();
            let text = format!("{before}{spelt}{after}");
            let out = scrub_text(&text, &secret, "\u{1}");
            proptest::prop_assert!(out.contains('\u{1}'), "{text:?} -> {out:?}");
            proptest::prop_assert!(
                !out.to_ascii_lowercase().contains(&secret.to_ascii_lowercase()),
                "{text:?} -> {out:?}"
            );
        }
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
        // Several strings changed, or one among clean ones, in arrays and objects alike.
        let body = r#"{"a":["CANARY-k3y/\"q\\-tail9","x","CANARY-k3y/\"q\\-tail9"]}"#;
        assert_eq!(
            scrub_json(body, KEY, R).as_deref(),
            Some(r#"{"a":["…tail9","x","…tail9"]}"#)
        );
        let body = r#"{"a":"CANARY-k3y/\"q\\-tail9","b":"x","c":"CANARY-k3y/\"q\\-tail9"}"#;
        assert_eq!(
            scrub_json(body, KEY, R).as_deref(),
            Some(r#"{"a":"…tail9","b":"x","c":"…tail9"}"#)
        );
        let body = r#"["x","CANARY-k3y/\"q\\-tail9"]"#;
        assert_eq!(
            scrub_json(body, KEY, R).as_deref(),
            Some(r#"["x","…tail9"]"#)
        );
        let body = r#"{"a":"x","b":"CANARY-k3y/\"q\\-tail9"}"#;
        assert_eq!(
            scrub_json(body, KEY, R).as_deref(),
            Some(r#"{"a":"x","b":"…tail9"}"#)
        );
        assert_eq!(scrub_json("not json", KEY, R), None);
    }
}
