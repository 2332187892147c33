//! Path keys: what a key of `paths` says about the request, beyond its template.
//!
//! A key is the server's path template, and in some documents a suffix that only tells two
//! operations on one path apart: the public directory holds `/#X-Amz-Target=Service.Action`,
//! `/tags/{arn}#tagKeys` and `/thing?list-type=2`. Read as the request they describe:
//!
//! - a `?name=value&other` suffix is a **constant query**: those pairs are sent with every
//!   request of the operation (percent-decoded here, encoded again by the runtime's query
//!   writer), after its declared parameters;
//! - a `#...` suffix is **not sent** (a fragment never is). `#Name=Value` where `Name` is a
//!   header parameter the operation declares fixes that header's value: it is sent with every
//!   request, and is no input of the request ([`fixed_header`]);
//! - the template before them must be one the client can send as it is
//!   ([`crate::load::check::template_problem`]: no dot segment, backslash, whitespace...).
//!
//! A key that cannot be read so refuses the operations of that path, with a warning naming
//! its pointer; the rest of the document is generated. Nothing of a suffix reaches the request
//! path: the template is all the path writer sees.

use percent_encoding::percent_decode_str;

/// A path key, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathKey<'a> {
    /// The template sent as the path (`/thing`).
    pub(crate) template: &'a str,
    /// Query pairs sent with every request (`list-type=2`), decoded.
    pub(crate) constant_query: Vec<(String, String)>,
    /// The `#` suffix, without its `#`, decoded (`X-Amz-Target=Service.Action`).
    pub(crate) fragment: Option<String>,
}

impl<'a> PathKey<'a> {
    /// Splits `key`, or says why it cannot be sent (the message of a warning).
    pub(crate) fn parse(key: &'a str) -> Result<PathKey<'a>, String> {
        let (rest, fragment) = match key.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (key, None),
        };
        let (template, query) = match rest.split_once('?') {
            Some((template, query)) => (template, Some(query)),
            None => (rest, None),
        };
        if let Some(problem) = crate::load::check::template_problem(template) {
            return Err(format!(
                "the path template {template:?}: expected {problem}"
            ));
        }
        let constant_query = match query {
            Some(query) => constant_pairs(query)?,
            None => Vec::new(),
        };
        // Not sent, but read as text all the same: a header may take its value from it.
        let fragment = match fragment {
            Some(fragment) => Some(decoded(fragment, "the `#` suffix")?),
            None => None,
        };
        Ok(PathKey {
            template,
            constant_query,
            fragment,
        })
    }
}

/// The value a key's `#Name=Value` suffix (`fragment`) gives the header `name` (names compared
/// without regard to case, as header names are).
pub(crate) fn fixed_header<'f>(fragment: Option<&'f str>, name: &str) -> Option<&'f str> {
    let (key, value) = fragment?.split_once('=')?;
    key.eq_ignore_ascii_case(name).then_some(value)
}

/// The pairs of a key's `?` suffix: `a=b`, `a` (an empty value), joined by `&`.
fn constant_pairs(query: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decoded(name, "a name of the `?` suffix")?;
        if name.is_empty() {
            return Err(format!("the `?` suffix {query:?}: a pair without a name"));
        }
        pairs.push((name, decoded(value, "a value of the `?` suffix")?));
    }
    Ok(pairs)
}

/// `text` percent-decoded; it must be UTF-8 without control characters.
fn decoded(text: &str, what: &str) -> Result<String, String> {
    let value = percent_decode_str(text)
        .decode_utf8()
        .map_err(|_| format!("{what} {text:?} is not UTF-8 once decoded"))?;
    if value.chars().any(char::is_control) {
        return Err(format!("{what} {text:?} holds control characters"));
    }
    Ok(value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn a_plain_template_is_itself() {
        let key = PathKey::parse("/v3/diary/{shortName}/appointment").unwrap();
        assert_eq!(key.template, "/v3/diary/{shortName}/appointment");
        assert!(key.constant_query.is_empty());
    }

    #[test]
    fn the_shapes_of_the_public_directory() {
        let key = PathKey::parse("/#X-Amz-Target=Service.Action").unwrap();
        assert_eq!(key.template, "/");
        assert!(key.constant_query.is_empty());
        let fragment = key.fragment.as_deref();
        assert_eq!(
            fixed_header(fragment, "x-amz-target"),
            Some("Service.Action")
        );
        assert_eq!(fixed_header(fragment, "X-Other"), None);

        let key = PathKey::parse("/tags/{arn}#tagKeys").unwrap();
        assert_eq!(key.template, "/tags/{arn}");
        assert_eq!(fixed_header(key.fragment.as_deref(), "tagKeys"), None);

        let key = PathKey::parse("/thing?list-type=2").unwrap();
        assert_eq!(key.template, "/thing");
        assert_eq!(key.constant_query, pairs(&[("list-type", "2")]));

        let key = PathKey::parse("/{Bucket}?uploads&x=a%20b#frag").unwrap();
        assert_eq!(key.template, "/{Bucket}");
        assert_eq!(key.constant_query, pairs(&[("uploads", ""), ("x", "a b")]));
    }

    #[test]
    fn what_cannot_be_sent_is_refused_with_a_reason() {
        for (key, why) in [
            ("/a b", "whitespace"),
            ("/a/../b", "dot segments"),
            ("/a\\b", "backslashes"),
            ("/a?=1", "without a name"),
            ("/a?x=%FF", "not UTF-8"),
            ("/a?x=%0A", "control characters"),
            ("/a#%0D", "control characters"),
        ] {
            let err = PathKey::parse(key).unwrap_err();
            assert!(err.contains(why), "{key}: {err}");
        }
    }

    #[test]
    fn no_question_mark_or_hash_stays_in_the_template() {
        for key in ["/a?b=c?d", "/a#b#c", "/a?b#c?d"] {
            let parsed = PathKey::parse(key).unwrap();
            assert_eq!(parsed.template, "/a", "{key}");
        }
    }
}
