//! Text from a document or a path, made safe for the one-line places it is printed in: a
//! comment or doc comment of generated code, a `cargo:` directive of a build script, an error
//! or warning message.
//!
//! Everything that would end the line or could be taken for one by a reader is written as an
//! escape instead: control characters (`\n`, `\r`, `\t`, `\0`, ...), Unicode's line and
//! paragraph separators and the next-line character. So are the bidirectional controls
//! (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F), which make text display in another order
//! than it reads ("Trojan Source"), and which rustc refuses in a comment or doc comment
//! (`text_direction_codepoint_in_comment`, deny by default). So a schema name holding
//! `\ncargo:rustc-cfg=pwned` stays inside its `cargo:warning=` line, and a path holding
//! `\npub fn injected() {}` stays inside its comment. (String literals of generated code need
//! nothing: `emit::rust::string_literal` writes them escaped.)

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would end a line, or could read as a line break, where it is printed.
fn breaks_lines(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c)
}

/// Whether `c` is one of the bidirectional controls rustc lints against in comments and
/// literals (`text_direction_codepoint_in_comment`, `..._in_literal`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `text` on one line: the characters of the module docs written as escapes (`\n`, `\r`,
/// `\t`, `\0`, others as `\u{..}`), everything else as it is. Text without such characters
/// is returned unchanged (borrowed).
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(breaks_lines) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if breaks_lines(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_controls_are_escaped_and_the_rest_kept() {
        let table = [
            ("plain text */ \"quoted\" é", "plain text */ \"quoted\" é"),
            (
                "name\ncargo:rustc-cfg=pwned",
                "name\\ncargo:rustc-cfg=pwned",
            ),
            ("a\r\nb\tc\0d", "a\\r\\nb\\tc\\0d"),
            (
                "a\u{2028}b\u{2029}c\u{85}d",
                "a\\u{2028}b\\u{2029}c\\u{85}d",
            ),
            ("bell\u{7}", "bell\\u{7}"),
            ("back\\slash", "back\\slash"),
            (
                "a\u{202E}b\u{2066}c\u{2069}d\u{200E}e\u{200F}f\u{202A}",
                "a\\u{202e}b\\u{2066}c\\u{2069}d\\u{200e}e\\u{200f}f\\u{202a}",
            ),
            // Other format characters stay (a zero-width joiner is part of an emoji).
            (
                "a\u{200D}b\u{2065}c\u{2029}",
                "a\u{200D}b\u{2065}c\\u{2029}",
            ),
        ];
        for (text, want) in table {
            assert_eq!(one_line(text), want, "{text:?}");
            assert!(!one_line(text).contains(['\n', '\r', '\u{2028}']));
        }
        assert!(matches!(one_line("clean"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_bidi_control_is_escaped_and_its_neighbours_are_not() {
        for c in ('\u{2000}'..='\u{2100}').chain(['\u{61C}', '\u{FEFF}']) {
            let want = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
            assert_eq!(is_bidi_control(c), want, "{:x}", u32::from(c));
            let text = c.to_string();
            if want {
                assert_eq!(one_line(&text), format!("\\u{{{:x}}}", u32::from(c)));
            }
        }
    }
}
