//! Writing the header and cookie parameters a document declares.
//!
//! Generated `Endpoint::write_headers` implementations drive a [`HeaderWriter`] once per
//! request (a retry sends the same headers). A header parameter is sent as a header of its name;
//! an array as one header whose values are joined by `,` (OpenAPI's `simple` style); cookie
//! parameters all go in one `Cookie` header (`a=1; b=2`), their values percent-encoded where a
//! cookie may not hold a character.
//!
//! What a document may not do: set a header the client owns. The API key's header (whatever
//! [`crate::ClientBuilder::key_name`] calls it) and [`RESERVED`] are refused, as is a name or
//! value that is not a valid header (a value must be visible ASCII: no line breaks, nothing a
//! server could read as a second header). A refusal is an [`crate::ApiError::Request`] naming
//! the header, never its value, and the request is not sent.

use std::fmt::Display;

use http::header::{COOKIE, HeaderMap, HeaderName, HeaderValue};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Headers the client sets itself, which no parameter may set (lower case): the host and the
/// framing of the message are the HTTP stack's, the body's type the runtime's, and cookies go
/// through [`HeaderWriter::cookie`] into one header.
pub const RESERVED: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "content-type",
    "cookie",
];

/// What a cookie value may not hold as it is (RFC 6265 `cookie-octet`), percent-encoded.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Collects a request's header and cookie parameters.
#[derive(Debug)]
pub struct HeaderWriter {
    key_name: HeaderName,
    headers: HeaderMap,
    cookies: String,
    /// The values of secret parameters, to scrub from what the server sends back.
    secrets: Vec<String>,
    /// The first refusal (a request with one is not sent).
    error: Option<String>,
}

impl HeaderWriter {
    /// A writer for a client whose API key goes in the header `key_name` (never writable).
    pub fn new(key_name: HeaderName) -> Self {
        HeaderWriter {
            key_name,
            headers: HeaderMap::new(),
            cookies: String::new(),
            secrets: Vec::new(),
            error: None,
        }
    }

    /// Sends the header `name` with `value`.
    pub fn pair(&mut self, name: &str, value: &dyn Display) -> &mut Self {
        self.insert(name, value.to_string(), false);
        self
    }

    /// Sends the header `name` when `value` is present.
    pub fn optional<T: Display>(&mut self, name: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.pair(name, value);
        }
        self
    }

    /// Sends the header `name` with `values` joined by `,` (none: no header).
    pub fn each<T: Display>(&mut self, name: &str, values: &[T]) -> &mut Self {
        if !values.is_empty() {
            self.insert(name, joined(values), false);
        }
        self
    }

    /// Sends a secret header: marked sensitive (HTTP/2 never indexes it) and scrubbed from
    /// whatever the server sends back.
    pub fn secret_pair(&mut self, name: &str, value: &dyn Display) -> &mut Self {
        self.insert(name, value.to_string(), true);
        self
    }

    /// Sends a secret header when `value` is present.
    pub fn secret_optional<T: Display>(&mut self, name: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.secret_pair(name, value);
        }
        self
    }

    /// Adds the cookie `name=value` to the request's one `Cookie` header.
    pub fn cookie(&mut self, name: &str, value: &dyn Display) -> &mut Self {
        self.add_cookie(name, value.to_string(), false);
        self
    }

    /// Adds a cookie when `value` is present.
    pub fn cookie_optional<T: Display>(&mut self, name: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.cookie(name, value);
        }
        self
    }

    /// Adds a secret cookie (scrubbed from what the server sends back).
    pub fn secret_cookie(&mut self, name: &str, value: &dyn Display) -> &mut Self {
        self.add_cookie(name, value.to_string(), true);
        self
    }

    /// Adds a secret cookie when `value` is present.
    pub fn secret_cookie_optional<T: Display>(
        &mut self,
        name: &str,
        value: Option<&T>,
    ) -> &mut Self {
        if let Some(value) = value {
            self.secret_cookie(name, value);
        }
        self
    }

    /// The headers to send and the secret values among them, or why the request may not be
    /// sent (naming the header, never its value).
    pub fn finish(mut self) -> Result<(HeaderMap, Vec<String>), String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if !self.cookies.is_empty() {
            match HeaderValue::from_str(&self.cookies) {
                Ok(mut value) => {
                    value.set_sensitive(!self.secrets.is_empty());
                    self.headers.insert(COOKIE, value);
                }
                Err(_) => return Err("the Cookie header is not a valid header value".to_owned()),
            }
        }
        Ok((self.headers, self.secrets))
    }

    fn refuse(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// The header name `name`, unless it is not one or the client owns it.
    fn writable(&mut self, name: &str) -> Option<HeaderName> {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            self.refuse(format!("`{name}` is not a valid header name"));
            return None;
        };
        if header == self.key_name || RESERVED.contains(&header.as_str()) {
            self.refuse(format!(
                "the header `{header}` is set by the client, not by a parameter"
            ));
            return None;
        }
        Some(header)
    }

    fn insert(&mut self, name: &str, text: String, secret: bool) {
        let Some(header) = self.writable(name) else {
            return;
        };
        // `http` lets bytes past ASCII through (obsolete `obs-text`); servers read them each
        // their own way, so only visible ASCII (and tabs) is sent.
        let visible = text
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
        match HeaderValue::from_str(&text).ok().filter(|_| visible).ok_or(()) {
            Ok(mut value) => {
                value.set_sensitive(secret);
                self.headers.append(header, value);
                if secret {
                    self.secrets.push(text);
                }
            }
            Err(_) => self.refuse(format!(
                "the value of the header `{header}` is not a valid header value (visible ASCII only, no line breaks)"
            )),
        }
    }

    fn add_cookie(&mut self, name: &str, text: String, secret: bool) {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
        if !token {
            self.refuse(format!("`{name}` is not a valid cookie name"));
            return;
        }
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        self.cookies.push_str(name);
        self.cookies.push('=');
        self.cookies
            .extend(utf8_percent_encode(&text, COOKIE_VALUE));
        if secret {
            self.secrets.push(text);
        }
    }
}

fn joined<T: Display>(values: &[T]) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&value.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> HeaderWriter {
        HeaderWriter::new(HeaderName::from_static("api_key"))
    }

    #[test]
    fn headers_and_cookies_as_declared() {
        let mut w = writer();
        w.pair("X-Request-Id", &"abc-1")
            .optional("X-Absent", None::<&String>)
            .optional("X-Page", Some(&3))
            .each("X-Tags", &["a", "b"])
            .each::<&str>("X-None", &[])
            .cookie("session", &"s 1;2")
            .cookie_optional("theme", Some(&"dark"));
        let (headers, secrets) = w.finish().unwrap();
        assert_eq!(headers["x-request-id"], "abc-1");
        assert_eq!(headers["x-page"], "3");
        assert_eq!(headers["x-tags"], "a,b");
        assert!(!headers.contains_key("x-absent") && !headers.contains_key("x-none"));
        assert_eq!(headers["cookie"], "session=s%201%3B2; theme=dark");
        assert_eq!(headers.len(), 4);
        assert!(secrets.is_empty());
    }

    #[test]
    fn secrets_are_sensitive_and_kept_for_scrubbing() {
        let mut w = writer();
        w.secret_pair("X-Token", &"tok-12345")
            .secret_optional("X-Other", Some(&"other-secret"))
            .secret_cookie("sid", &"cookie-secret")
            .secret_cookie_optional("none", None::<&String>)
            .pair("X-Plain", &"plain");
        let (headers, secrets) = w.finish().unwrap();
        assert!(headers["x-token"].is_sensitive());
        assert!(headers["cookie"].is_sensitive());
        assert!(!headers["x-plain"].is_sensitive());
        assert_eq!(secrets, ["tok-12345", "other-secret", "cookie-secret"]);
    }

    #[test]
    fn the_client_s_headers_cannot_be_set() {
        for name in [
            "api_key",
            "API_KEY",
            "Host",
            "Content-Length",
            "Transfer-Encoding",
            "Connection",
            "Content-Type",
            "Cookie",
        ] {
            let mut w = writer();
            w.pair(name, &"x");
            let err = w.finish().unwrap_err();
            assert!(err.contains("set by the client"), "{name}: {err}");
        }
        // A key header of another name is protected the same way.
        let mut w = HeaderWriter::new(HeaderName::from_static("x-api-key"));
        w.pair("X-Api-Key", &"stolen");
        assert!(w.finish().is_err());
    }

    #[test]
    fn invalid_names_and_values_are_refused_without_showing_the_value() {
        let mut w = writer();
        w.pair("X-Ok", &"line\r\nInjected: yes");
        let err = w.finish().unwrap_err();
        assert!(err.contains("`x-ok`") && !err.contains("Injected"), "{err}");

        let mut w = writer();
        w.pair("X-Ok", &"caf\u{e9}");
        assert!(w.finish().unwrap_err().contains("visible ASCII"));

        let mut w = writer();
        w.pair("Bad Name", &"v");
        assert!(w.finish().unwrap_err().contains("not a valid header name"));

        let mut w = writer();
        w.cookie("a=b", &"v");
        assert!(w.finish().unwrap_err().contains("not a valid cookie name"));

        // The first refusal is the one told.
        let mut w = writer();
        w.pair("Host", &"h").pair("Bad Name", &"v");
        assert!(w.finish().unwrap_err().contains("`host`"));
    }
}
