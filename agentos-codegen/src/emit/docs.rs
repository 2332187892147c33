//! Rustdoc from document prose.
//!
//! Descriptions in the wild hold `\r\n`, deep indentation, list items, code fences, brackets
//! (which rustdoc reads as intra-doc links), angle brackets (HTML tags) and bare URLs (a
//! rustdoc lint). This module turns such text into markdown that renders as prose, raises no
//! rustdoc or clippy warning, and above all holds no block rustdoc would run: an indented code
//! block or a fence without a language is a doctest, which `cargo test` on the user's crate
//! would compile and run. Document text reaches a doc comment only through
//! [`prose_paragraphs`] (and [`prose_line`], [`code`]), which guarantee that for any text (see
//! there): lines are trimmed and re-flowed into paragraphs and list items, fences become
//! `text` blocks, markdown's special characters are escaped and bare URLs are wrapped in
//! `<...>`.

use crate::emit::text::Code;
use crate::text::one_line;

/// Accumulates the lines of one doc comment.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends a paragraph of our own markdown (already safe), separated by a blank line.
    pub(crate) fn para(&mut self, markdown: impl Into<String>) -> &mut Self {
        let markdown = markdown.into();
        if markdown.trim().is_empty() {
            return self;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.extend(markdown.lines().map(str::to_owned));
        self
    }

    /// Appends document prose, made safe (see the module docs).
    pub(crate) fn prose(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            for paragraph in prose_paragraphs(text) {
                self.para(paragraph);
            }
        }
        self
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The doc as `///` lines (see [`Code::doc_lines`]).
    pub(crate) fn write(&self, code: &mut Code) {
        code.doc_lines(self.lines.iter().map(String::as_str));
    }
}

/// Text in a code span, on one line ([`crate::text::one_line`]): backticks inside become
/// quotes so the span cannot break.
pub(crate) fn code(text: &str) -> String {
    format!("`{}`", one_line(text).replace('`', "'"))
}

/// Document prose as markdown paragraphs that rustdoc can never run (each possibly several
/// lines: list items, or a fenced block). This is the one function document text goes through
/// on its way into a doc comment (with [`code`] for names and [`prose_line`] for one-line
/// places), and it holds for any text:
///
/// - no indented code block can form: every prose line is trimmed, a list item's markers are
///   each followed by exactly one space (`-     exit(1);` would otherwise open an indented
///   block inside the item, at any nesting: `- 1.  \t x`), and a line that is not an item
///   continues the line before it (a lazy continuation line is never a block of its own);
/// - a fenced block of the text (```` ``` ```` or `~~~`, any length, any info string) is
///   written with the info string `text`, which rustdoc shows and never compiles, and a fence
///   of backticks longer than any run of backticks inside it, so no line of the text can close
///   it early; one left open runs to the end of the text, as markdown reads it;
/// - anything else that markdown would read as a block (block quotes, HTML, headings, fences
///   inside list items) is escaped, as are brackets, pipes and backslashes.
pub(crate) fn prose_paragraphs(text: &str) -> Vec<String> {
    blocks(text)
        .into_iter()
        .map(|block| match block {
            Block::Prose(lines) => lines.join("\n"),
            Block::Fenced(lines) => fenced(&lines),
        })
        .collect()
}

/// Document prose on one line (a list item of our own): every block of [`prose_paragraphs`],
/// fenced ones too, as escaped prose joined by spaces.
pub(crate) fn prose_line(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for block in blocks(text) {
        match block {
            Block::Prose(lines) => words.extend(lines),
            Block::Fenced(lines) => words.extend(
                lines
                    .iter()
                    .map(|line| line.trim())
                    .filter(|line| !line.is_empty())
                    .map(escape_line),
            ),
        }
    }
    words.join(" ")
}

/// A block of document prose: escaped markdown lines, or the raw lines of a fenced block.
#[derive(Debug, PartialEq, Eq)]
enum Block {
    Prose(Vec<String>),
    Fenced(Vec<String>),
}

/// The text's blocks (see [`prose_paragraphs`]).
fn blocks(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !current.is_empty() {
            blocks.push(Block::Prose(std::mem::take(current)));
        }
    };
    let mut lines = text.split('\n');
    while let Some(raw) = lines.next() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut current, &mut blocks);
            continue;
        }
        if let Some((fence, length)) = fence_opening(line) {
            flush(&mut current, &mut blocks);
            // As markdown does, the content loses as much indentation as the opening fence had.
            let indent = raw.len() - raw.trim_start().len();
            let mut content = Vec::new();
            for inner in lines.by_ref() {
                if is_fence_closing(inner, fence, length) {
                    break;
                }
                let spaces = inner.len() - inner.trim_start_matches(' ').len();
                content.push(inner[spaces.min(indent)..].to_owned());
            }
            blocks.push(Block::Fenced(content));
            continue;
        }
        // The item's content is escaped as a line of its own: a fence or heading opening it
        // would open one inside the item.
        let (markers, content) = list_markers(line);
        let escaped = format!("{markers}{}", escape_line(content));
        if !markers.is_empty() || current.is_empty() {
            current.push(escaped);
        } else if let Some(last) = current.last_mut() {
            // Continuation: joined to the line before, so no lazy continuation line exists.
            last.push(' ');
            last.push_str(&escaped);
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// A trimmed line opening a fence: its character and length (three or more backticks or
/// tildes). Any info string is dropped (the block is written as `text`).
fn fence_opening(line: &str) -> Option<(char, usize)> {
    let fence = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = line.chars().take_while(|c| *c == fence).count();
    (length >= 3).then_some((fence, length))
}

/// Whether a line of a fenced block closes it: the fence's character, at least as many times,
/// and nothing else but spaces (markdown allows up to three spaces of indentation; more is
/// content, and is allowed here too: the content is written in a fence of our own anyway).
fn is_fence_closing(line: &str, fence: char, length: usize) -> bool {
    let line = line.trim();
    line.chars().take_while(|c| *c == fence).count() >= length && line.chars().all(|c| c == fence)
}

/// A fenced block for rustdoc: the info string `text` (shown, never compiled), a fence of
/// backticks longer than any run of backticks in the content (so nothing in it closes the
/// fence), and each line made safe for a `///` line: tabs as four spaces, characters that
/// break lines or reorder text escaped ([`crate::text::one_line`]).
fn fenced(lines: &[String]) -> String {
    let longest = lines
        .iter()
        .flat_map(|line| line.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{fence}text");
    for line in lines {
        out.push('\n');
        out.push_str(&one_line(&line.replace('\t', "    ")));
    }
    out.push('\n');
    out.push_str(&fence);
    out
}

/// The list markers a trimmed line starts with, each followed by exactly one space (`-
/// \t  1.    x` -> `- 1. `), and the content after them (`x`); no markers when the line
/// starts no item. Five or more columns after a marker would open an indented code block
/// inside the item.
fn list_markers(line: &str) -> (String, &str) {
    let mut markers = String::new();
    let mut rest = line;
    while let Some(after) = strip_list_marker(rest) {
        let content = after.trim_start_matches([' ', '\t']);
        if content.len() == after.len() {
            // Not followed by a space or tab: no marker.
            break;
        }
        markers.push_str(&rest[..rest.len() - after.len()]);
        markers.push(' ');
        rest = content;
    }
    (markers, rest)
}

/// `rest` after a list marker at its start (`-`, `*`, `+`, or one to nine digits and `.` or
/// `)`), whatever follows it.
fn strip_list_marker(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return Some(rest);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits >= 10 {
        return None;
    }
    line[digits..].strip_prefix(['.', ')'])
}

/// Escapes markdown in one trimmed line, wrapping bare URLs in `<...>`; characters that break
/// lines in other ways than `\n` (control characters, Unicode separators) are escaped
/// ([`crate::text::one_line`]).
fn escape_line(line: &str) -> String {
    let line = one_line(line);
    let line = line.as_ref();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match split_url(word) {
            Some((url, rest)) => {
                out.push('<');
                out.push_str(url);
                out.push('>');
                escape_into(rest, &mut out, false);
            }
            None => escape_into(word, &mut out, i == 0),
        }
    }
    out
}

/// A word starting with `http://` or `https://`: the URL and what trails it (punctuation).
fn split_url(word: &str) -> Option<(&str, &str)> {
    if !(word.starts_with("http://") || word.starts_with("https://")) {
        return None;
    }
    let end = word
        .trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?', '\'', '"'])
        .len();
    let url = &word[..end];
    // Characters that would end an autolink or be read as markup stay out.
    if url.len() <= "https://".len() || url.contains(['<', '>', '`', '\\']) {
        return None;
    }
    Some((url, &word[end..]))
}

fn escape_into(text: &str, out: &mut String, line_start: bool) {
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' | '`' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // A leading `~~~` or `#` would open a code fence or a heading.
            '~' | '#' if line_start && i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Why a doc's markdown could hold a block rustdoc runs, by CommonMark's rules for the
    /// blocks that can hold code: `None` when it cannot. A fenced block must say `text` and be
    /// closed by its own fence; outside one, no line may start with whitespace (an indented
    /// block), with `>` (a block quote, which holds blocks of its own) or with a fence, and
    /// every list marker must be followed by exactly one space and then no fence.
    fn runnable(lines: &[&str]) -> Option<String> {
        let mut open: Option<(char, usize)> = None;
        for (i, line) in lines.iter().enumerate() {
            if let Some((fence, length)) = open {
                let trimmed = line.trim_start_matches(' ');
                let run = trimmed.chars().take_while(|c| *c == fence).count();
                if run >= length && trimmed[run..].trim().is_empty() {
                    open = None;
                }
                continue;
            }
            if line.starts_with([' ', '\t', '>']) {
                return Some(format!("line {i} {line:?} starts a block"));
            }
            let mut rest = *line;
            while let Some(after) = strip_list_marker(rest) {
                if !after.starts_with([' ', '\t']) {
                    break;
                }
                if after.starts_with("  ") || after.starts_with(" \t") || after.starts_with('\t') {
                    return Some(format!("line {i} {line:?}: an item's content is indented"));
                }
                rest = &after[1..];
            }
            if rest.starts_with(' ') {
                return Some(format!("line {i} {line:?}: indented"));
            }
            if let Some((fence, length)) = fence_opening(rest) {
                if rest != *line {
                    return Some(format!("line {i} {line:?}: a fence in a list item"));
                }
                if rest[length..].trim() != "text" {
                    return Some(format!("line {i} {line:?}: a fence that is not `text`"));
                }
                open = Some((fence, length));
            }
        }
        None
    }

    /// The doc comment's lines for `text` (what `Doc::prose` writes).
    fn doc_of(text: &str) -> Vec<String> {
        let mut doc = Doc::new();
        doc.prose(Some(text));
        doc.lines
    }

    fn assert_never_runs(text: &str) -> Vec<String> {
        let lines = doc_of(text);
        let view: Vec<&str> = lines.iter().map(String::as_str).collect();
        if let Some(why) = runnable(&view) {
            panic!("{text:?}:\n{}\n{why}", lines.join("\n"));
        }
        lines
    }

    #[test]
    fn list_items_never_hold_an_indented_block() {
        for (text, want) in [
            ("-     std::process::exit(42);", "- std::process::exit(42);"),
            ("*      exit(42);", "* exit(42);"),
            ("+\t\texit(42);", "+ exit(42);"),
            ("1.      exit(42);", "1. exit(42);"),
            ("12)     exit(42);", "12) exit(42);"),
            ("- -     exit(42);", "- - exit(42);"),
            ("- 1.  \t  * \t exit(42);", "- 1. * exit(42);"),
            ("  -  \t exit(42);", "- exit(42);"),
            ("-\texit(42);", "- exit(42);"),
            // Ten digits start no item, and a marker glued to text is no marker.
            ("1234567890.     x", "1234567890.     x"),
            ("-x     y", "-x     y"),
            ("* * *", "* * *"),
        ] {
            let lines = assert_never_runs(text);
            assert_eq!(lines, [want], "{text:?}");
        }
        let lines = assert_never_runs("Intro:\n- a\n      -     exit(1);\n\n        exit(2);\n\tb");
        assert_eq!(lines, ["Intro:", "- a", "- exit(1);", "", "exit(2); b"]);
    }

    #[test]
    fn fenced_blocks_are_text_and_keep_their_content_inside() {
        let lines = assert_never_runs(
            "Example:\n```rust\nfn main() {\n\tstd::process::exit(1);\n}\n```\nAfter.",
        );
        assert_eq!(
            lines,
            [
                "Example:",
                "",
                "```text",
                "fn main() {",
                "    std::process::exit(1);",
                "}",
                "```",
                "",
                "After."
            ]
        );
        // An indented fence's content loses that indentation (no more).
        assert_eq!(
            assert_never_runs("  ```\n   a\n b\n  ```"),
            ["```text", " a", "b", "```"]
        );
        // Tildes, no info string, a longer fence holding a shorter one, and one never closed.
        let lines = assert_never_runs("~~~~\n~~~\n```\nx\n~~~~~\n    ````rust\nrun()");
        assert_eq!(
            lines,
            [
                "````text", "~~~", "```", "x", "````", "", "```text", "run()", "```"
            ]
        );
        // Content holding a fence of backticks longer than three cannot close ours.
        let lines = assert_never_runs("````\n```\nrun()\n````");
        assert_eq!(lines, ["````text", "```", "run()", "````"]);
        let lines = assert_never_runs("```\n`````\nrun()\n```");
        assert_eq!(lines, ["```text", "```", "", "run()", "", "```text", "```"]);
        // An empty block, and a closing fence with trailing text (content, not a closing).
        assert_eq!(assert_never_runs("```\n```"), ["```text", "```"]);
        assert_eq!(
            assert_never_runs("```\n``` x\n```"),
            ["````text", "``` x", "````"]
        );
        // The content's controls and bidi characters are escaped, its indentation kept.
        assert_eq!(
            assert_never_runs("```\n  a\u{202E}b\u{7}\n```"),
            ["```text", "  a\\u{202e}b\\u{7}", "```"]
        );
    }

    #[test]
    fn fences_anywhere_but_the_start_of_a_line_stay_escaped_prose() {
        for (text, want) in [
            ("- ```rust", "- \\`\\`\\`rust"),
            ("1. ~~~", "1. \\~~~"),
            ("- 2) #", "- 2) \\#"),
            ("a ```rust\nb", "a \\`\\`\\`rust b"),
            ("> ```", "\\> \\`\\`\\`"),
            ("``", "\\`\\`"),
            ("~~", "\\~~"),
        ] {
            assert_eq!(assert_never_runs(text), [want], "{text:?}");
        }
    }

    #[test]
    fn block_quotes_headings_and_html_are_escaped() {
        assert_eq!(
            assert_never_runs(">     exit(1);\n# Title\n<pre>x</pre>"),
            ["\\>     exit(1); \\# Title \\<pre\\>x\\</pre\\>"]
        );
        assert_eq!(assert_never_runs("# a\n\n> b"), ["\\# a", "", "\\> b"]);
    }

    #[test]
    fn one_line_prose_holds_fenced_content_as_escaped_words() {
        assert_eq!(
            prose_line("Fails when:\n- a\n```rust\n    exit(1);\n```\n\nb"),
            "Fails when: - a exit(1); b"
        );
        assert_eq!(prose_line("~~~\n`x`\n~~~"), "\\`x\\`");
    }

    #[test]
    fn the_oracle_sees_each_runnable_shape() {
        for lines in [
            &["    exit(1);"][..],
            &["\texit(1);"],
            &["-     exit(1);"],
            &["- 1.     exit(1);"],
            &["- \texit(1);"],
            &["> x"],
            &["```rust", "exit(1);", "```"],
            &["```", "exit(1);", "```"],
            &["~~~ignore", "x", "~~~"],
            &["- ```text", "x", "```"],
            &["```text", "x", "```", "```", "exit(1);", "```"],
        ] {
            assert!(runnable(lines).is_some(), "{lines:?}");
        }
        assert_eq!(runnable(&["```text", "    x", "```", "- a", "1. b"]), None);
    }

    #[test]
    fn a_doc_is_written_as_doc_lines_and_names_as_code_spans() {
        let mut doc = Doc::new();
        assert!(doc.is_empty());
        doc.prose(None).para("  ");
        assert!(doc.is_empty());
        doc.prose(Some("-     x\n```\ny\n```"))
            .para(format!("See {}.", code("a`b\nc")));
        assert!(!doc.is_empty());
        let mut out = Code::at(1);
        doc.write(&mut out);
        assert_eq!(
            out.into_string(),
            "    /// - x\n    ///\n    /// ```text\n    /// y\n    /// ```\n    ///\n    /// See `a'b\\nc`.\n"
        );
    }

    #[test]
    fn bare_urls_become_autolinks_and_their_trailing_punctuation_stays_out() {
        assert_eq!(
            prose_paragraphs("See https://example.com/a_b. Or http://x.y/[z]"),
            ["See <https://example.com/a_b>. Or <http://x.y/[z>\\]"]
        );
        assert_eq!(prose_paragraphs("https://"), ["https://"]);
        assert_eq!(prose_paragraphs("https://a<b"), ["https://a\\<b"]);
    }

    /// Pieces hostile descriptions are made of.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "-",
            "*",
            "+",
            "1.",
            "2)",
            "123456789.",
            " ",
            "  ",
            "    ",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "```",
            "````",
            "~~~",
            "`",
            "~",
            "rust",
            "text",
            "ignore",
            "exit(1);",
            ">",
            "#",
            "<",
            "[x]",
            "|",
            "\\",
            "\u{202E}",
            "\u{2028}",
            "\u{a0}",
            "a",
            "https://x.y/z",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn no_text_gives_a_doc_rustdoc_would_run(pieces in prop::collection::vec(piece(), 0..60)) {
            let text: String = pieces.concat();
            let lines = doc_of(&text);
            let view: Vec<&str> = lines.iter().map(String::as_str).collect();
            prop_assert_eq!(runnable(&view), None, "{:?} -> {:?}", text, lines);
            // Every line is one line of a `///` comment, and no bidi control survives.
            for line in &lines {
                prop_assert!(!line.contains(['\n', '\r', '\u{2028}', '\u{202E}']), "{:?}", line);
            }
            let one = prose_line(&text);
            prop_assert!(!one.contains(['\n', '\r', '\u{2028}', '\u{202E}']), "{:?}", one);
            prop_assert!(!one.starts_with([' ', '\t', '>']), "{:?}", one);
        }
    }
}
