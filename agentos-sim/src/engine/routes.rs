//! Which operation a request is for: its method and path matched against every operation's
//! path template, segment by segment.
//!
//! Literal segments compare without regard to case (agentOS's routing does not care), a
//! parameter takes one whole segment (percent-decoded), `{shortName}` any segment. When several
//! templates match a path, the one with the most literal segments wins (`/appointment/types`
//! before `/appointment/{id}`), then the document order. A path no template matches is a 404;
//! a path some template matches with another method is a 405.

use agentos_codegen::ir::{Method, Operation, Segment};

/// One piece of a template segment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    ShortName,
    /// An index into the operation's parameters.
    Param(usize),
}

/// An operation's path template, split into path segments.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    segments: Vec<Vec<Piece>>,
    literals: usize,
}

/// What a matched path holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Captures {
    /// The short name segment, decoded.
    pub(crate) short_name: Option<String>,
    /// Path parameter values, decoded, by parameter index.
    pub(crate) params: Vec<(usize, String)>,
}

impl Template {
    /// The template of `op`, from the IR's segments.
    pub(crate) fn of(op: &Operation) -> Template {
        let mut segments: Vec<Vec<Piece>> = vec![Vec::new()];
        for segment in &op.segments {
            match segment {
                Segment::Literal(text) => {
                    let mut parts = text.split('/');
                    if let Some(first) = parts.next()
                        && !first.is_empty()
                        && let Some(last) = segments.last_mut()
                    {
                        last.push(Piece::Literal(first.to_owned()));
                    }
                    for part in parts {
                        segments.push(Vec::new());
                        if !part.is_empty()
                            && let Some(last) = segments.last_mut()
                        {
                            last.push(Piece::Literal(part.to_owned()));
                        }
                    }
                }
                Segment::ShortName => {
                    if let Some(last) = segments.last_mut() {
                        last.push(Piece::ShortName);
                    }
                }
                Segment::Param(index) => {
                    if let Some(last) = segments.last_mut() {
                        last.push(Piece::Param(*index));
                    }
                }
            }
        }
        // The template starts with `/`: its first, empty segment is not one.
        if segments.first().is_some_and(Vec::is_empty) {
            segments.remove(0);
        }
        let literals = segments
            .iter()
            .filter(|s| s.iter().all(|p| matches!(p, Piece::Literal(_))))
            .count();
        Template { segments, literals }
    }

    /// The template of a path as a document spells it (`/v3/diary/{shortName}/x/{id}`), for
    /// operations the generator skipped: parameters numbered in order of appearance.
    pub(crate) fn parse(path: &str) -> Template {
        let mut next = 0;
        let segments: Vec<Vec<Piece>> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|segment| {
                let mut pieces = Vec::new();
                let mut rest = segment;
                while !rest.is_empty() {
                    match rest.find('{').zip(rest.find('}')) {
                        Some((open, close)) if open < close => {
                            if open > 0 {
                                pieces.push(Piece::Literal(rest[..open].to_owned()));
                            }
                            let name = &rest[open + 1..close];
                            pieces.push(if name.eq_ignore_ascii_case("shortName") {
                                Piece::ShortName
                            } else {
                                next += 1;
                                Piece::Param(next - 1)
                            });
                            rest = &rest[close + 1..];
                        }
                        _ => {
                            pieces.push(Piece::Literal(rest.to_owned()));
                            rest = "";
                        }
                    }
                }
                pieces
            })
            .collect();
        let literals = segments
            .iter()
            .filter(|s| s.iter().all(|p| matches!(p, Piece::Literal(_))))
            .count();
        Template { segments, literals }
    }

    /// How specific the template is: its count of wholly literal segments.
    pub(crate) fn literals(&self) -> usize {
        self.literals
    }

    /// The values a raw (still percent-encoded) `path` gives this template, if it matches.
    pub(crate) fn matches(&self, path: &str) -> Option<Captures> {
        self.matches_segments(&segments(path))
    }

    /// [`Template::matches`] for a path already split into decoded segments ([`segments`]):
    /// a request's path is split once, whatever the number of templates tried.
    pub(crate) fn matches_segments(&self, decoded: &[String]) -> Option<Captures> {
        if decoded.len() != self.segments.len() {
            return None;
        }
        // Literal segments first: most templates fail there, before anything is copied.
        for (pieces, text) in self.segments.iter().zip(decoded) {
            if let [Piece::Literal(literal)] = pieces.as_slice()
                && !literal.eq_ignore_ascii_case(text)
            {
                return None;
            }
        }
        let mut captures = Captures::default();
        for (pieces, text) in self.segments.iter().zip(decoded) {
            let text = text.clone();
            match pieces.as_slice() {
                [Piece::Literal(literal)] => {
                    if !literal.eq_ignore_ascii_case(&text) {
                        return None;
                    }
                }
                [Piece::ShortName] => {
                    if text.is_empty() {
                        return None;
                    }
                    captures.short_name = Some(text);
                }
                [Piece::Param(index)] => {
                    if text.is_empty() {
                        return None;
                    }
                    captures.params.push((*index, text));
                }
                mixed => match_mixed(mixed, &text, &mut captures)?,
            }
        }
        Some(captures)
    }
}

/// A segment mixing literals and one parameter (`file.{ext}`, `{id}.json`).
fn match_mixed(pieces: &[Piece], text: &str, captures: &mut Captures) -> Option<()> {
    let mut rest = text;
    let mut pending: Option<&Piece> = None;
    for piece in pieces {
        match piece {
            Piece::Literal(literal) => {
                let lower = rest.to_ascii_lowercase();
                let at = lower.find(&literal.to_ascii_lowercase())?;
                if let Some(param) = pending.take() {
                    capture(param, &rest[..at], captures)?;
                } else if at != 0 {
                    return None;
                }
                rest = &rest[at + literal.len()..];
            }
            other => pending = Some(other),
        }
    }
    match pending {
        Some(param) => capture(param, rest, captures),
        None if rest.is_empty() => Some(()),
        None => None,
    }
}

fn capture(piece: &Piece, value: &str, captures: &mut Captures) -> Option<()> {
    if value.is_empty() {
        return None;
    }
    match piece {
        Piece::Param(index) => captures.params.push((*index, value.to_owned())),
        Piece::ShortName => captures.short_name = Some(value.to_owned()),
        Piece::Literal(_) => return None,
    }
    Some(())
}

/// A raw (still percent-encoded) path as decoded segments, for [`Template::matches_segments`].
pub(crate) fn segments(path: &str) -> Vec<String> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(decode)
        .collect()
}

fn decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

/// The HTTP method of an IR method.
pub(crate) fn http_method(method: Method) -> axum::http::Method {
    match method {
        Method::Get => axum::http::Method::GET,
        Method::Put => axum::http::Method::PUT,
        Method::Post => axum::http::Method::POST,
        Method::Delete => axum::http::Method::DELETE,
        Method::Patch => axum::http::Method::PATCH,
    }
}

/// An HTTP method as the IR names it.
pub(crate) fn ir_method(method: &axum::http::Method) -> Option<Method> {
    Method::parse(method.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(parts: &[Piece]) -> Template {
        // A template built by hand: `/v3/diary/{shortName}/appointment/{0}`.
        let mut segments = Vec::new();
        for part in parts {
            segments.push(vec![part.clone()]);
        }
        let literals = segments
            .iter()
            .filter(|s| matches!(s.as_slice(), [Piece::Literal(_)]))
            .count();
        Template { segments, literals }
    }

    #[test]
    fn segments_match_literals_any_case_and_decode_parameters() {
        let t = template(&[
            Piece::Literal("v3".into()),
            Piece::Literal("diary".into()),
            Piece::ShortName,
            Piece::Literal("appointment".into()),
            Piece::Param(0),
        ]);
        let c = t.matches("/v3/Diary/demo/appointment/APT%2F1").unwrap();
        assert_eq!(c.short_name.as_deref(), Some("demo"));
        assert_eq!(c.params, [(0, "APT/1".to_owned())]);
        assert!(t.matches("/v3/diary/demo/appointment").is_none());
        assert!(t.matches("/v3/diary/demo/appointment/").is_none());
        assert!(t.matches("/v3/diary/demo/other/1").is_none());
        assert_eq!(t.literals(), 3);
    }

    #[test]
    fn parsed_templates_match_like_lowered_ones() {
        let t = Template::parse("/v3/diary/{ShortName}/report/{id}.pdf");
        let c = t.matches("/v3/diary/demo/REPORT/r1.pdf").unwrap();
        assert_eq!(c.short_name.as_deref(), Some("demo"));
        assert_eq!(c.params, [(0, "r1".to_owned())]);
        assert!(t.matches("/v3/diary/demo/report/r1").is_none());
        assert_eq!(t.literals(), 3);
    }

    #[test]
    fn mixed_segments_split_on_their_literals() {
        let mut captures = Captures::default();
        let pieces = [Piece::Param(0), Piece::Literal(".json".into())];
        assert!(match_mixed(&pieces, "report.JSON", &mut captures).is_some());
        assert_eq!(captures.params, [(0, "report".to_owned())]);
        assert!(match_mixed(&pieces, ".json", &mut Captures::default()).is_none());
    }
}
