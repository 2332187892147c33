//! Rustdoc from document prose.
//!
//! Descriptions in the wild hold `\r\n`, deep indentation (which markdown would read as a code
//! block, and rustdoc would then compile as a doctest), brackets (which rustdoc reads as
//! intra-doc links), angle brackets (HTML tags) and bare URLs (a rustdoc lint). This module
//! turns such text into markdown that renders as plain prose and raises no rustdoc or clippy
//! warning: lines are trimmed and re-flowed into paragraphs and list items, markdown's special
//! characters are escaped and bare URLs are wrapped in `<...>`.

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

/// Document prose as safe markdown paragraphs (each possibly several lines: list items).
pub(crate) fn prose_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, paragraphs: &mut Vec<String>| {
        if !current.is_empty() {
            paragraphs.push(current.join("\n"));
            current.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        let escaped = escape_line(line);
        if is_list_item(line) || current.is_empty() {
            current.push(escaped);
        } else if let Some(last) = current.last_mut() {
            // Continuation: joined to the line before, so no lazy continuation line exists.
            last.push(' ');
            last.push_str(&escaped);
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

/// Whether a trimmed line starts a markdown list item (`- x`, `* x`, `+ x`, `1. x`, `2) x`).
fn is_list_item(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest.starts_with(' ');
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && digits < 10
        && line[digits..].starts_with(['.', ')'])
        && line[digits + 1..].starts_with(' ')
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
