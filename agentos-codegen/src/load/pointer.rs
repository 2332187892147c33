//! JSON Pointers (RFC 6901) in their URI-fragment form, e.g.
//! `#/paths/~1v3~1diary~1{shortName}~1allocations/get/parameters/2`: built while walking a
//! document, rendered for error messages, and resolved for `$ref` targets.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

/// A location in the document being walked: a chain of borrowed tokens back to the root.
///
/// Descending costs no allocation; the chain is only rendered when something is reported.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ptr<'a> {
    /// The document root, `#`.
    Root,
    /// A member of an object.
    Key(&'a Ptr<'a>, &'a str),
    /// An element of an array.
    Index(&'a Ptr<'a>, usize),
}

impl<'a> Ptr<'a> {
    /// The member `key` of the object at `self`.
    pub(crate) fn key(&'a self, key: &'a str) -> Ptr<'a> {
        Ptr::Key(self, key)
    }

    /// The element `index` of the array at `self`.
    pub(crate) fn index(&'a self, index: usize) -> Ptr<'a> {
        Ptr::Index(self, index)
    }
}

impl Ptr<'_> {
    /// The pointer in fragment form (what `to_string` gives, built without the formatting
    /// machinery: references record one per `$ref`).
    pub(crate) fn render(&self) -> String {
        let mut out = String::with_capacity(64);
        self.write_to(&mut out);
        out
    }

    /// Appends the pointer to `out`, root first.
    fn write_to(&self, out: &mut String) {
        match self {
            Ptr::Root => out.push('#'),
            Ptr::Key(parent, key) => {
                parent.write_to(out);
                out.push('/');
                out.push_str(&escape(key));
            }
            Ptr::Index(parent, index) => {
                parent.write_to(out);
                out.push('/');
                let digits = itoa_buffer(*index);
                out.push_str(digits.as_str());
            }
        }
    }
}

/// The decimal digits of `n` without the formatting machinery.
fn itoa_buffer(mut n: usize) -> Digits {
    let mut digits = Digits {
        bytes: [0; 20],
        start: 20,
    };
    loop {
        digits.start -= 1;
        digits.bytes[digits.start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break digits;
        }
    }
}

struct Digits {
    bytes: [u8; 20],
    start: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or("0")
    }
}

impl fmt::Display for Ptr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1` (in that order, RFC 6901
/// §3). For the fragment form, `%` and characters that break lines (control characters, line
/// separators) are percent-encoded, so a rendered pointer is always one line of text and
/// [`parse_fragment`] gives the token back. The one home of pointer escaping.
pub(crate) fn escape(token: &str) -> Cow<'_, str> {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    // Printable ASCII other than `~`, `/` and `%` (nearly every token) stays as it is; other
    // text is looked at character by character.
    let plain = |b: &u8| matches!(b, 0x20..=0x7e) && !matches!(b, b'~' | b'/' | b'%');
    if token.as_bytes().iter().all(plain)
        || (!token.contains(['~', '/', '%']) && !token.chars().any(breaks))
    {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len() + 4);
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c if c == '%' || breaks(c) => {
                let mut utf8 = [0u8; 4];
                for byte in c.encode_utf8(&mut utf8).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Unescapes one reference token as written in a document's `$ref` (`~1` to `/`, then `~0`
/// to `~`, RFC 6901 §4).
pub(crate) fn unescape(token: &str) -> String {
    unescaped(token).into_owned()
}

/// [`unescape`], borrowing a token without `~` (nearly all).
pub(crate) fn unescaped(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Renders tokens (unescaped) as a pointer in fragment form.
pub(crate) fn from_tokens<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from("#");
    for token in tokens {
        out.push('/');
        out.push_str(&escape(token.as_ref()));
    }
    out
}

/// The percent-decoded fragment of a local reference (`#/a/b~1c` -> `/a/b~1c`), empty for the
/// root; `None` when `reference` is not local (does not start with `#`) or its fragment is not
/// a pointer (a `$anchor`). Its tokens, still escaped, are [`raw_tokens`].
pub(crate) fn fragment(reference: &str) -> Option<Cow<'_, str>> {
    let fragment = percent_decode(reference.strip_prefix('#')?);
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    Some(fragment)
}

/// The tokens of a decoded [`fragment`], as written (see [`unescaped`]).
pub(crate) fn raw_tokens(fragment: &str) -> impl Iterator<Item = &str> {
    fragment.split('/').skip(1)
}

/// Splits a local reference (`#/a/b~1c`) into its unescaped tokens.
///
/// The fragment may be percent-encoded (as URI fragments are); `None` when `reference` is not
/// local (does not start with `#`).
pub(crate) fn parse_fragment(reference: &str) -> Option<Vec<String>> {
    let fragment = fragment(reference)?;
    // `~1` first, then `~0`, so that `~01` decodes to `~1` and not `/`.
    Some(raw_tokens(&fragment).map(unescape).collect())
}

/// The value a local reference points at, if any.
pub(crate) fn resolve<'v>(root: &'v Value, reference: &str) -> Option<&'v Value> {
    let fragment = fragment(reference)?;
    let mut at = root;
    for token in raw_tokens(&fragment) {
        let token = unescaped(token);
        at = match at {
            Value::Object(map) => map.get(&*token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Decodes `%XX` escapes; text that is not valid percent-encoded UTF-8 is kept as written.
fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_with_rfc6901_escapes() {
        let root = Ptr::Root;
        let paths = root.key("paths");
        let path = paths.key("/v3/diary/{shortName}/allocations");
        let get = path.key("get");
        let params = get.key("parameters");
        let second = params.index(2);
        assert_eq!(
            second.to_string(),
            "#/paths/~1v3~1diary~1{shortName}~1allocations/get/parameters/2"
        );
        assert_eq!(root.to_string(), "#");
        let tilde = root.key("a~b/c");
        assert_eq!(tilde.to_string(), "#/a~0b~1c");
        assert_eq!(from_tokens(["a~b/c", "d"]), "#/a~0b~1c/d");
        // One line whatever the token holds, and the token comes back from the fragment.
        let hostile = "x\ncargo:rustc-cfg=pwned\u{2028}50%";
        let rendered = from_tokens([hostile]);
        assert_eq!(rendered, "#/x%0Acargo:rustc-cfg=pwned%E2%80%A850%25");
        assert_eq!(parse_fragment(&rendered), Some(vec![hostile.to_owned()]));
    }

    #[test]
    fn resolves_escaped_and_percent_encoded_fragments() {
        let doc = json!({"paths": {"/a/{id}": {"get": {"p": [1, {"x~y": true}]}}}});
        assert_eq!(
            resolve(&doc, "#/paths/~1a~1{id}/get/p/1/x~0y"),
            Some(&json!(true))
        );
        assert_eq!(
            resolve(&doc, "#/paths/~1a~1%7Bid%7D/get/p/0"),
            Some(&json!(1))
        );
        assert_eq!(resolve(&doc, "#"), Some(&doc));
        assert_eq!(resolve(&doc, "#/paths/missing"), None);
        assert_eq!(resolve(&doc, "#/paths/~1a~1{id}/get/p/9"), None);
        assert_eq!(resolve(&doc, "other.yaml#/paths"), None);
        assert_eq!(resolve(&doc, "#anchor"), None);
        // `~01` is `~1` literally, not `/`.
        assert_eq!(parse_fragment("#/~01"), Some(vec!["~1".to_owned()]));
        // Broken escapes are kept as written.
        assert_eq!(parse_fragment("#/a%zz%"), Some(vec!["a%zz%".to_owned()]));
        assert_eq!(parse_fragment("#/%ff"), Some(vec!["%ff".to_owned()]));
    }
}
