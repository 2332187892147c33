//! Text from a document or a path, made safe for the one-line places it is printed in: a
//! comment or doc comment of generated code, a `cargo:` directive of a build script, an error
//! or warning message.
//!
//! Everything that would end the line or could be taken for one by a reader is written as an
//! escape instead: control characters (`\n`, `\r`, `\t`, `\0`, ...), Unicode's line and
//! paragraph separators and the next-line character. So a schema name holding
//! `\ncargo:rustc-cfg=pwned` stays inside its `cargo:warning=` line, and a path holding
//! `\npub fn injected() {}` stays inside its comment. (String literals of generated code need
//! nothing: `emit::rust::string_literal` writes them escaped.)

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would end a line, or could read as a line break, where it is printed.
fn breaks_lines(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
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
        ];
        for (text, want) in table {
            assert_eq!(one_line(text), want, "{text:?}");
            assert!(!one_line(text).contains(['\n', '\r', '\u{2028}']));
        }
        assert!(matches!(one_line("clean"), Cow::Borrowed(_)));
    }
}
