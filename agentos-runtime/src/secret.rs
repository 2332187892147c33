//! The secrets a request carries besides the API key, and keeping them out of sight.
//!
//! A document may declare parameters that hold secrets: a customer's `password` and session
//! `token` travel as query parameters of agentOS's customer login. Generated code writes them
//! with [`crate::path::PathWriter::secret`] and [`crate::query::QueryWriter::secret_pair`]
//! (and the `optional`/`each` forms), and names the secret fields of JSON bodies in
//! [`crate::Endpoint::SECRET_FIELDS`]. They are sent like any other value; what is *shown*
//! of the request never holds them:
//!
//! - the URL of an error's [`crate::RequestContext`] (and so of its `Debug` and of a support
//!   report) has [`REDACTED`] in place of each secret path segment and query value;
//! - a request body in a report has its secret fields blanked;
//! - every text the server sends back (bodies, messages, header values, serde's paths) is
//!   scrubbed of each secret value in any spelling ([`crate::redact`]), like the key.
//!
//! Only what was written as a secret is kept here, so a request without secrets costs nothing:
//! the redacted copy of a path or query is started at the first secret.

use std::borrow::Cow;

use crate::key::ApiKey;
use crate::redact;

/// What is shown in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// The shortest secret value that is searched for in text the server sends back. A shorter
/// one (a 3-digit code) would match unrelated text everywhere; it is still never shown where
/// the client put it (URL, request body, `Debug`), only an echo of it by the server is not
/// looked for.
pub const MIN_SCRUBBED_CHARS: usize = 4;

/// A path or query being written, as it may be shown: a copy with [`REDACTED`] for each
/// secret, started when the first secret is written (until then the text itself is what is
/// shown), and the secret values written.
#[derive(Default, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    redacted: Option<String>,
    values: Vec<String>,
}

impl Shown {
    /// Mirrors text appended to the real output (`appended`, the whole output being `all`).
    pub(crate) fn plain(&mut self, appended: &str) {
        if let Some(shown) = &mut self.redacted {
            shown.push_str(appended);
        }
    }

    /// Records a secret `value` about to be appended after `written` (the real output so far).
    pub(crate) fn secret(&mut self, written: &str, value: String) {
        self.redacted
            .get_or_insert_with(|| written.to_owned())
            .push_str(REDACTED);
        self.values.push(value);
    }

    /// The text to show: the redacted copy, or `None` when no secret was written.
    pub(crate) fn redacted(&self) -> Option<&str> {
        self.redacted.as_deref()
    }

    /// The secret values written, in order.
    pub(crate) fn into_values(self) -> Vec<String> {
        self.values
    }
}

impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shown")
            .field("redacted", &self.redacted)
            .field("secrets", &self.values.len())
            .finish()
    }
}

/// Removes the key and a request's secret values from text the server sent.
#[derive(Clone, Copy)]
pub(crate) struct Scrubber<'a> {
    key: &'a ApiKey,
    secrets: &'a [String],
}

impl<'a> Scrubber<'a> {
    /// A scrubber of `key` and of each of `secrets` long enough to look for (see
    /// [`MIN_SCRUBBED_CHARS`]).
    pub(crate) fn new(key: &'a ApiKey, secrets: &'a [String]) -> Self {
        Self { key, secrets }
    }

    /// `text` with every spelling of the key replaced by its last 5 characters and of each
    /// secret by [`REDACTED`] (see [`crate::redact`]).
    pub(crate) fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = self.key.scrub(text);
        for secret in self.secrets {
            if secret.chars().count() < MIN_SCRUBBED_CHARS {
                continue;
            }
            let scrubbed = redact::scrub(&text, secret, REDACTED);
            if let Cow::Owned(scrubbed) = scrubbed {
                text = Cow::Owned(scrubbed);
            }
        }
        text
    }

    /// The first `chars` characters of `body` (lossy UTF-8), scrubbed. Scrubbed first, cut
    /// after: a little more than `chars` is decoded (as much as the longest secret can take
    /// when every character is spelt the longest way), so that a secret spelt across the cut
    /// is removed whole rather than left half there.
    pub(crate) fn prefix(&self, body: &[u8], chars: usize) -> String {
        let longest = self
            .secrets
            .iter()
            .map(String::len)
            .chain([self.key.expose().len()])
            .max()
            .unwrap_or(0);
        let window = chars.saturating_add(longest.saturating_mul(redact::MAX_SPELLING_BYTES));
        let head = body.get(..window.saturating_mul(4)).unwrap_or(body);
        let text: String = String::from_utf8_lossy(head).chars().take(window).collect();
        self.text(&text).chars().take(chars).collect()
    }

    /// Whether `text` holds the key or a secret (in any spelling).
    pub(crate) fn finds_in(&self, text: &str) -> bool {
        matches!(self.text(text), Cow::Owned(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "CANARY-key-0123456789-zyxwv";

    #[test]
    fn shown_starts_at_the_first_secret() {
        let mut shown = Shown::default();
        shown.plain("/a/");
        assert_eq!(shown.redacted(), None);
        shown.secret("/a/", "hunter2".to_owned());
        shown.plain("/b");
        assert_eq!(shown.redacted(), Some("/a/<redacted>/b"));
        shown.secret("ignored: the copy exists", "pin-1234".to_owned());
        assert_eq!(shown.redacted(), Some("/a/<redacted>/b<redacted>"));
        let debug = format!("{shown:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(
            debug.contains("secrets: 2") && debug.contains("<redacted>"),
            "{debug}"
        );
        assert_eq!(shown.into_values(), ["hunter2", "pin-1234"]);
    }

    #[test]
    fn secrets_and_the_key_are_scrubbed_in_any_spelling() {
        let key = ApiKey::new(KEY);
        let secrets = ["hunter2".to_owned(), "abc".to_owned()];
        let scrub = Scrubber::new(&key, &secrets);
        let text = format!("{KEY} HUNTER2 h%75nter2 {{abc}}");
        assert_eq!(
            scrub.text(&text),
            "…zyxwv <redacted> <redacted> {abc}",
            "a secret shorter than MIN_SCRUBBED_CHARS is not searched for"
        );
        // Inside JSON, escaped as JSON.
        let json = r#"{"Message":"bad password h\u0075nter2"}"#;
        assert_eq!(scrub.text(json), r#"{"Message":"bad password <redacted>"}"#);
        assert!(scrub.finds_in("x hunter2"));
        assert!(!scrub.finds_in("x hunter"));
        // The shortest secret searched for is MIN_SCRUBBED_CHARS long.
        let four = ["a1b2".to_owned()];
        assert_eq!(
            Scrubber::new(&key, &four).text("x a1b2 y"),
            "x <redacted> y"
        );
        let untouched = scrub.text("nothing");
        assert!(matches!(untouched, Cow::Borrowed("nothing")));
    }

    #[test]
    fn a_secret_across_the_cut_is_removed_whole() {
        let key = ApiKey::new(KEY);
        let secrets = ["hunter2-secret".to_owned()];
        let scrub = Scrubber::new(&key, &secrets);
        // The secret starts 3 characters before the cut, spelt long (escaped, doubly
        // percent-encoded), so its spelling reaches far past the cut.
        let spelt: String = "hunter2-secret"
            .bytes()
            .map(|b| format!("%25{b:02x}"))
            .collect();
        let body = format!("{}{spelt} tail", "x".repeat(7));
        let out = scrub.prefix(body.as_bytes(), 10);
        assert_eq!(out, "xxxxxxx<re");
        // The key likewise.
        let spelt_key: String = KEY.bytes().map(|b| format!("\\u{b:04x}")).collect();
        let body = format!("ab{spelt_key}");
        assert_eq!(scrub.prefix(body.as_bytes(), 4), "ab…z");
    }
}
