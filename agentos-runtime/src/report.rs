//! What went wrong, in the form agentOS support asks for.
//!
//! Every error the client returns carries a [`RequestContext`]: the operation, method, URL and
//! request body (secrets removed), the status and response body when one arrived, the number
//! of attempts and when it ended. [`crate::ApiError::support_report`] turns it into a
//! [`SupportReport`] whose `Display` is a block to paste into a support ticket. Only the last 5
//! characters of the API key ever appear: an `api_key` query value is replaced by `REDACTED`,
//! and any echo of the full key in a body is replaced by its last 5 characters.

use std::borrow::Cow;
use std::fmt;

use http::{Method, StatusCode};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How many characters of a request or response body a report keeps.
pub const REPORT_BODY_CHARS: usize = 4096;

/// What was sent and received, kept with an error for its support report.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RequestContext {
    /// The operation (`Endpoint::OPERATION`; `raw` for [`crate::Client::raw`] calls).
    pub operation: Cow<'static, str>,
    /// The path template (`Endpoint::PATH_TEMPLATE`, or a raw call's).
    pub path_template: Cow<'static, str>,
    /// The HTTP method.
    pub method: Method,
    /// The full URL, with an `api_key` query value replaced by `REDACTED`.
    pub url: String,
    /// The last 5 characters of the API key.
    pub key_last5: String,
    /// The request body with secret-looking fields blanked (see [`redact_body`]).
    pub request_body: Option<String>,
    /// The status of the last response, when one arrived.
    pub status: Option<StatusCode>,
    /// The body of the last response (at most [`REPORT_BODY_CHARS`] characters).
    pub response_body: Option<String>,
    /// How many attempts were made.
    pub attempts: u32,
    /// When the last attempt ended (UTC).
    pub at: OffsetDateTime,
}

impl RequestContext {
    /// A context for a request that has not been answered, dated now. For tests and for
    /// errors raised outside the client; the client fills every field itself.
    pub fn new(
        operation: impl Into<Cow<'static, str>>,
        path_template: impl Into<Cow<'static, str>>,
        method: Method,
        url: impl Into<String>,
    ) -> Self {
        Self {
            operation: operation.into(),
            path_template: path_template.into(),
            method,
            url: url.into(),
            key_last5: String::new(),
            request_body: None,
            status: None,
            response_body: None,
            attempts: 0,
            at: OffsetDateTime::now_utc(),
        }
    }
}

/// Everything agentOS support asks for about a failed request; `Display` prints it as a
/// ticket-ready block.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SupportReport {
    /// The request as sent and the response as received.
    pub context: RequestContext,
    /// What happened (the error's message).
    pub error: String,
    /// What was expected instead.
    pub expected: String,
    /// What the documentation says to do about it.
    pub resolution: &'static str,
}

impl fmt::Display for SupportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.context;
        let at =
            c.at.format(&Rfc3339)
                .unwrap_or_else(|_| c.at.unix_timestamp().to_string());
        writeln!(f, "agentOS support report")?;
        writeln!(f, "  API key (last 5):  {}", c.key_last5)?;
        writeln!(f, "  Request:           {} {}", c.method, c.url)?;
        writeln!(
            f,
            "  Operation:         {} ({})",
            c.operation, c.path_template
        )?;
        writeln!(f, "  Timestamp (UTC):   {at}")?;
        writeln!(f, "  Attempts:          {}", c.attempts)?;
        match c.status {
            Some(status) => writeln!(f, "  Status:            {status}")?,
            None => writeln!(f, "  Status:            (no response)")?,
        }
        writeln!(f, "  Expected:          {}", self.expected)?;
        writeln!(f, "  Error:             {}", self.error)?;
        writeln!(f, "  Resolution:        {}", self.resolution)?;
        write_body(f, "Request body", c.request_body.as_deref())?;
        write_body(f, "Response body", c.response_body.as_deref())
    }
}

fn write_body(f: &mut fmt::Formatter<'_>, label: &str, body: Option<&str>) -> fmt::Result {
    match body {
        None => writeln!(f, "  {label}: (none)"),
        Some("") => writeln!(f, "  {label}: (empty)"),
        Some(text) => {
            writeln!(f, "  {label}:")?;
            for line in text.lines() {
                writeln!(f, "    {line}")?;
            }
            Ok(())
        }
    }
}

/// Lower-case, letters and digits only: `Api_Key`, `apiKey` and `API-KEY` all read `apikey`.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a JSON field name looks like it holds a secret or sensitive financial data: it
/// holds `password`, `passwd`, `passphrase`, `secret`, `token`, `session`, `apikey`,
/// `credential`, `authorization` or a bank or card number's name, ends in `key`, or is `pin`
/// (any case, any separator: `Api_Key`, `apiKey` and `API-KEY` all read `apikey`).
///
/// The generator applies the same rule to the parameters and fields of a document (see
/// `agentos_codegen`'s `lower::secrets`); a test holds the two to the same answers.
pub fn is_secret_field(name: &str) -> bool {
    const CONTAINS: [&str; 13] = [
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "session",
        "apikey",
        "credential",
        "authorization",
        "accountnumber",
        "sortcode",
        "iban",
        "cardnumber",
    ];
    let name = normalise(name);
    name.ends_with("key") || name == "pin" || CONTAINS.iter().any(|s| name.contains(s))
}

/// What a blanked field's value becomes.
const BLANKED: &str = "[redacted]";

/// A request body fit for a support ticket: JSON with the values of secret-looking fields
/// ([`is_secret_field`]) replaced by `"[redacted]"`, at most [`REPORT_BODY_CHARS`] characters.
/// A body that is not JSON is described, not copied: its fields cannot be told apart.
pub fn redact_body(body: &[u8]) -> String {
    truncate(&redacted_body(body, &[]))
}

/// [`redact_body`] uncut, blanking `fields` too (the wire names an endpoint declares secret,
/// [`crate::Endpoint::SECRET_FIELDS`]): the caller scrubs it of echoed secrets, then cuts.
pub(crate) fn redacted_body(body: &[u8], fields: &[&str]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            blank_secrets(&mut value, fields);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
        Err(_) => format!("({} bytes, not JSON: left out)", body.len()),
    }
}

/// A JSON text with its secret fields blanked, compact; `None` when it is not JSON or has no
/// secret field with a value (then the text is shown as it came).
pub(crate) fn blank_json(text: &[u8], fields: &[&str]) -> Option<String> {
    let mut value = serde_json::from_slice::<serde_json::Value>(text).ok()?;
    blank_secrets(&mut value, fields).then(|| value.to_string())
}

/// The values of the secret fields of a JSON body (strings as they are, numbers as written),
/// so that an echo of them by the server can be scrubbed. Empty when the body is not JSON.
pub(crate) fn secret_values(body: &[u8], fields: &[&str]) -> Vec<String> {
    fn collect(value: &serde_json::Value, fields: &[&str], out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (name, field) in map {
                    match field {
                        serde_json::Value::String(text) if is_secret(name, fields) => {
                            out.push(text.clone());
                        }
                        serde_json::Value::Number(n) if is_secret(name, fields) => {
                            out.push(n.to_string());
                        }
                        other => collect(other, fields, out),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|item| collect(item, fields, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        collect(&value, fields, &mut out);
    }
    out
}

/// Whether a field is secret: by its name, or listed in `fields` (any case).
fn is_secret(name: &str, fields: &[&str]) -> bool {
    is_secret_field(name) || fields.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Blanks the value of every secret field (not `null`s: an unset secret shows as unset);
/// whether anything was blanked.
fn blank_secrets(value: &mut serde_json::Value, fields: &[&str]) -> bool {
    match value {
        serde_json::Value::Object(map) => map.iter_mut().fold(false, |changed, (name, field)| {
            if !is_secret(name, fields) {
                return blank_secrets(field, fields) | changed;
            }
            if field.is_null() {
                return changed;
            }
            *field = serde_json::Value::String(BLANKED.to_owned());
            true
        }),
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| blank_secrets(item, fields) | changed),
        _ => false,
    }
}

/// The first [`REPORT_BODY_CHARS`] characters of `text`, marked when cut.
pub(crate) fn truncate(text: &str) -> String {
    match text.char_indices().nth(REPORT_BODY_CHARS) {
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], text.len()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_field_names() {
        for secret in [
            "password",
            "Password",
            "NewPassword",
            "client_secret",
            "AccessToken",
            "api_key",
            "ApiKey",
            "key",
            "PrivateKey",
            "Credentials",
            "Authorization",
            "BankAccountNumber",
            "SortCode",
            "IBAN",
            "PIN",
            "SessionToken",
            "session_id",
            "Passwd",
            "x-api-key",
            "ClientCredential",
        ] {
            assert!(is_secret_field(secret), "{secret}");
        }
        for plain in [
            "OID",
            "Name",
            "StartDate",
            "Keywords",
            "Notes",
            "Spinner",
            "Count",
        ] {
            assert!(!is_secret_field(plain), "{plain}");
        }
    }

    #[test]
    fn bodies_are_redacted_at_every_depth() {
        let body = br#"{"Name":"Flat 1","Password":"hunter2","Nested":{"ApiKey":"k-123"},"List":[{"Token":"t"}],"Key":7}"#;
        let out = redact_body(body);
        for secret in ["hunter2", "k-123", "\"t\"", "7"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(out.contains("Flat 1"));
        assert_eq!(out.matches("[redacted]").count(), 4);
        assert_eq!(
            redact_body(b"a=1&password=x"),
            "(14 bytes, not JSON: left out)"
        );
        // A null secret stays null: an unset password shows as unset.
        assert!(redact_body(br#"{"Password":null}"#).contains("null"));
    }

    #[test]
    fn declared_secret_fields_are_blanked_and_their_values_collected() {
        let body = br#"{"Login":"jo","Memorable":"blue-horse","Pin":1234,"Inner":[{"memorable":"x-y-z"}],"Token":null}"#;
        let out = redacted_body(body, &["Memorable"]);
        for secret in ["blue-horse", "1234", "x-y-z"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(out.contains("\"jo\""));
        assert!(!redacted_body(body, &[]).contains("1234"));
        assert!(redacted_body(body, &[]).contains("blue-horse"));
        // (Members come in the order serde_json keeps them, which features decide: sorted.)
        let mut values = secret_values(body, &["Memorable"]);
        values.sort();
        assert_eq!(values, ["1234", "blue-horse", "x-y-z"]);
        assert_eq!(secret_values(b"not json", &["x"]), Vec::<String>::new());
        // Numbers of other fields are not collected.
        assert_eq!(secret_values(br#"{"Count":5,"Pin":1234}"#, &[]), ["1234"]);
        // Compact, and only when something was blanked.
        let blanked = blank_json(br#"{"a":1,"Session":"s-1"}"#, &[]).unwrap();
        assert!(!blanked.contains(' '), "compact: {blanked}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&blanked).unwrap(),
            serde_json::json!({"a": 1, "Session": "[redacted]"})
        );
        assert_eq!(blank_json(br#"{"a":1,"Token":null}"#, &[]), None);
        // Several blanked, or one among others, in arrays and objects alike.
        for (text, want) in [
            (
                r#"[{"Token":"a"},{"Token":"b"}]"#,
                r#"[{"Token":"[redacted]"},{"Token":"[redacted]"}]"#,
            ),
            (
                r#"[{"Token":"a"},{"x":1}]"#,
                r#"[{"Token":"[redacted]"},{"x":1}]"#,
            ),
            (
                r#"[{"x":1},{"Token":"a"}]"#,
                r#"[{"x":1},{"Token":"[redacted]"}]"#,
            ),
            (
                r#"{"a":{"Token":"a"},"b":{"Token":"b"}}"#,
                r#"{"a":{"Token":"[redacted]"},"b":{"Token":"[redacted]"}}"#,
            ),
            (
                r#"{"a":{"Token":"a"},"b":{"x":1}}"#,
                r#"{"a":{"Token":"[redacted]"},"b":{"x":1}}"#,
            ),
        ] {
            assert_eq!(
                blank_json(text.as_bytes(), &[]).as_deref(),
                Some(want),
                "{text}"
            );
        }
        assert_eq!(blank_json(b"{", &[]), None);
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(REPORT_BODY_CHARS + 10);
        let cut = truncate(&long);
        assert!(cut.starts_with(&"x".repeat(REPORT_BODY_CHARS)));
        assert!(cut.ends_with(&format!("({} bytes in all)", REPORT_BODY_CHARS + 10)));
        assert_eq!(truncate("short"), "short");
    }

    #[test]
    fn report_prints_a_ticket_block() {
        let mut context = RequestContext::new(
            "GetCompany",
            "/v4/advertising/{shortName}/company/company",
            Method::GET,
            "https://live-api.letmc.com/v4/advertising/acme/company/company",
        );
        context.key_last5 = "vwxyz".to_owned();
        context.status = Some(StatusCode::UNAUTHORIZED);
        context.response_body = Some("{\"Message\":\"no\"}".to_owned());
        context.attempts = 1;
        context.at = time::macros::datetime!(2024-06-01 09:30:00 UTC);
        let report = SupportReport {
            context,
            error: "401 unauthorised: no".to_owned(),
            expected: "a successful response".to_owned(),
            resolution: "check the key",
        };
        let text = report.to_string();
        for line in [
            "API key (last 5):  vwxyz",
            "Request:           GET https://live-api.letmc.com/v4/advertising/acme/company/company",
            "Operation:         GetCompany (/v4/advertising/{shortName}/company/company)",
            "Timestamp (UTC):   2024-06-01T09:30:00Z",
            "Status:            401 Unauthorized",
            "Request body: (none)",
            "    {\"Message\":\"no\"}",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
    }
}
