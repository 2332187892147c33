//! Session tokens: what the simulator answers a login with, and what it accepts back.
//!
//! # The rule
//! A string field or parameter is a **session token** by its name: `token` or a name ending in
//! `token` (`SessionToken`, `accessToken`), or `session`, `sessionId`, `sessionKey`,
//! `X-Session` (any case; separators ignored). An operation **answers a session** when its
//! answer is a bare string and the last literal segment of its path is `login`, `logon`,
//! `signin`, `session`, `sessions`, `token` or `authenticate`.
//!
//! Every token the simulator writes (in a field so named, or as the answer of such an
//! operation) is one it issued for the request's short name: `sess`, 16 hex digits, and 8 hex
//! digits that check the rest against the short name. A request that gives a token parameter
//! anything else (a token of another short name, one with a typo, text that never was a token)
//! is answered 401 naming the parameter, as agentOS refuses an unknown session; so a client
//! that forgets to send the token it was given, or sends a stale one, fails against the
//! simulator as it would against the API.

use agentos_codegen::ir::{Operation, ResponseKind, Segment, TypeRef};

use super::values::mix;

/// What every token starts with.
const PREFIX: &str = "sess";

/// Salt of the check digits, so a token of one short name is not one of another.
const SALT: u64 = 0x5e55_10a7_0c3e_11ed;

/// Whether a field or parameter named `wire` holds a session token. Asked for every string
/// the simulator generates, so it compares without allocating.
pub(crate) fn is_session_name(wire: &str) -> bool {
    // The name's letters and digits, lower case.
    let name = || {
        wire.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
    };
    name().rev().take(5).eq("token".bytes().rev())
        || ["session", "sessionid", "sessionkey", "xsession"]
            .iter()
            .any(|exact| name().eq(exact.bytes()))
}

/// Whether `op` answers a session token as a bare string.
pub(crate) fn answers_a_session(op: &Operation) -> bool {
    let bare_string = matches!(op.response.kind.json_type(), Some(TypeRef::String))
        && op.response.kind != ResponseKind::Bytes;
    let last = op.segments.iter().rev().find_map(|s| match s {
        Segment::Literal(text) => text
            .split('/')
            .rfind(|part| !part.is_empty())
            .map(str::to_ascii_lowercase),
        _ => None,
    });
    bare_string
        && last.is_some_and(|last| {
            matches!(
                last.as_str(),
                "login" | "logon" | "signin" | "session" | "sessions" | "token" | "authenticate"
            )
        })
}

/// The token issued for `short_name` from `seed`.
pub(crate) fn issue(short_name: &str, seed: u64) -> String {
    let body = format!("{seed:016x}");
    format!("{PREFIX}{body}{:08x}", check(short_name, &body))
}

/// Whether `token` is one the simulator issued for `short_name`.
pub(crate) fn valid(token: &str, short_name: &str) -> bool {
    let Some(rest) = token.strip_prefix(PREFIX) else {
        return false;
    };
    if rest.len() != 24
        || !rest
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return false;
    }
    let (body, digits) = rest.split_at(16);
    format!("{:08x}", check(short_name, body)) == digits
}

fn check(short_name: &str, body: &str) -> u32 {
    let hash = mix(SALT, &[short_name.as_bytes(), body.as_bytes()]);
    // The high half: `mix` ends with a multiply, whose low bits mix least.
    (hash >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The operations of a small document, lowered by the generator.
    fn operations(paths: &str) -> Vec<Operation> {
        let text = format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let specs = agentos_codegen::Generator::new()
            .spec_text("t.yaml", &text)
            .lower()
            .unwrap();
        specs[0]
            .api
            .operations()
            .map(|(_, op)| op.clone())
            .collect()
    }

    fn op(path: &str, method: &str, schema: &str) -> Operation {
        let paths = format!(
            "  {path}:\n    {method}:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
        );
        operations(&paths).remove(0)
    }

    #[test]
    fn a_login_answering_a_bare_string_answers_a_session() {
        for path in [
            "/v1/x/login",
            "/v1/x/session",
            "/v1/x/Sessions",
            "/v1/x/token",
            "/v1/x/signin",
        ] {
            assert!(
                answers_a_session(&op(path, "post", "{type: string}")),
                "{path}"
            );
        }
        // Not a string, or not a login.
        assert!(!answers_a_session(&op(
            "/v1/x/login",
            "post",
            "{type: integer}"
        )));
        assert!(!answers_a_session(&op(
            "/v1/x/login",
            "post",
            "{type: object, properties: {a: {type: string}}}"
        )));
        assert!(!answers_a_session(&op(
            "/v1/x/logout",
            "post",
            "{type: string}"
        )));
        assert!(!answers_a_session(&op(
            "/v1/login/x",
            "get",
            "{type: string}"
        )));
        // A download named like a login is a file, not a session.
        assert!(!answers_a_session(&op(
            "/v1/x/token",
            "get",
            "{type: string, format: binary}"
        )));
    }

    #[test]
    fn session_names() {
        for yes in [
            "token",
            "Token",
            "SessionToken",
            "access_token",
            "X-Session",
            "sessionId",
            "session",
        ] {
            assert!(is_session_name(yes), "{yes}");
        }
        for no in ["sessionDate", "tokens", "Tokenised", "Name", "sessions", ""] {
            assert!(!is_session_name(no), "{no}");
        }
    }

    #[test]
    fn a_token_is_valid_for_its_short_name_only_and_exactly_as_issued() {
        let token = issue("demo", 42);
        assert!(
            !token.starts_with(' ') && token.starts_with("sess"),
            "{token}"
        );
        assert_eq!(token.len(), 28);
        assert!(valid(&token, "demo"));
        assert!(!valid(&token, "other"));
        assert!(!valid(&format!(" {token}"), "demo"));
        assert!(!valid(&token.to_ascii_uppercase(), "demo"));
        assert!(!valid(&token[..27], "demo"));
        assert!(!valid(&format!("{token}0"), "demo"));
        assert!(!valid("anything", "demo"));
        assert!(!valid("", "demo"));
        // Short or long hex after the prefix, and upper-case digits: refused, never a panic.
        assert!(!valid("sess0", "demo"));
        assert!(!valid("sess", "demo"));
        assert!(!valid(
            &format!("sess{}", token[4..].to_ascii_uppercase()),
            "demo"
        ));
        // Check digits right for a body that is not hex: still no token of ours.
        let body = "ghijklmnopqrstuv";
        let forged = format!("sess{body}{:08x}", check("demo", body));
        assert!(!valid(&forged, "demo"));
        // One changed digit anywhere is refused.
        for i in 4..28 {
            let mut bytes = token.clone().into_bytes();
            bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
            let changed = String::from_utf8(bytes).unwrap();
            assert!(!valid(&changed, "demo"), "{changed}");
        }
        assert_ne!(issue("demo", 42), issue("demo", 43));
        assert_eq!(issue("demo", 42), token);
    }
}
