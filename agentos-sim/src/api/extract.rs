//! Request inputs with agentOS-style 400s: query parameters (repeated keys for arrays, exact
//! names, typed values, paging limits), path ids and JSON bodies.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use time::PrimitiveDateTime;

use crate::dates;
use crate::error::ApiError;

/// The most records one page may hold.
/// The most records a page may ask for: agentOS's maximum, from the runtime.
pub(crate) const MAX_COUNT: i32 = agentos_runtime::PageSize::MAX.count();

/// The decoded query string, in order, keys compared exactly.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Ok(Query::parse(parts.uri.query().unwrap_or("")))
    }
}

impl Query {
    pub(crate) fn parse(raw: &str) -> Self {
        Query {
            pairs: form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// The first value of `name`, if present.
    pub(crate) fn optional(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`; 400 when missing.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.optional(name)
            .ok_or_else(|| ApiError::bad_request(format!("The {name} parameter is required.")))
    }

    /// Every value of a repeated key (`?a=1&a=2`); 400 when there is none.
    pub(crate) fn required_all(&self, name: &str) -> Result<Vec<&str>, ApiError> {
        let values: Vec<&str> = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() {
            return Err(ApiError::bad_request(format!(
                "The {name} parameter is required (repeat it once per value)."
            )));
        }
        Ok(values)
    }

    fn typed<T: FromStr>(name: &str, value: &str, what: &str) -> Result<T, ApiError> {
        value.parse().map_err(|_| {
            ApiError::bad_request(format!(
                "The value '{value}' is not valid for {name}: expected {what}."
            ))
        })
    }

    pub(crate) fn required_i32(&self, name: &str) -> Result<i32, ApiError> {
        Self::typed(name, self.required(name)?, "a 32-bit integer")
    }

    pub(crate) fn optional_i32(&self, name: &str) -> Result<Option<i32>, ApiError> {
        self.optional(name)
            .map(|v| Self::typed(name, v, "a 32-bit integer"))
            .transpose()
    }

    pub(crate) fn optional_f64(&self, name: &str) -> Result<Option<f64>, ApiError> {
        self.optional(name)
            .map(|v| {
                Self::typed::<f64>(name, v, "a number").and_then(|n| {
                    if n.is_finite() {
                        Ok(n)
                    } else {
                        Err(ApiError::bad_request(format!(
                            "The value '{v}' is not valid for {name}: expected a number."
                        )))
                    }
                })
            })
            .transpose()
    }

    fn bool_value(name: &str, value: &str) -> Result<bool, ApiError> {
        // ASP.NET model binding reads booleans without regard to case.
        if value.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if value.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(ApiError::bad_request(format!(
                "The value '{value}' is not valid for {name}: expected true or false."
            )))
        }
    }

    pub(crate) fn required_bool(&self, name: &str) -> Result<bool, ApiError> {
        Self::bool_value(name, self.required(name)?)
    }

    pub(crate) fn optional_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.optional(name)
            .map(|v| Self::bool_value(name, v))
            .transpose()
    }

    pub(crate) fn required_datetime(&self, name: &str) -> Result<PrimitiveDateTime, ApiError> {
        let value = self.required(name)?;
        dates::parse(value).ok_or_else(|| {
            ApiError::bad_request(format!(
                "The value '{value}' is not valid for {name}: expected a date-time like 2024-01-31T09:30:00."
            ))
        })
    }

    /// A value that must be one of `allowed` (an inline enum of the schema).
    pub(crate) fn optional_enum(
        &self,
        name: &str,
        allowed: &[&str],
    ) -> Result<Option<String>, ApiError> {
        match self.optional(name) {
            None => Ok(None),
            Some(v) if allowed.contains(&v) => Ok(Some(v.to_owned())),
            Some(v) => Err(ApiError::bad_request(format!(
                "The value '{v}' is not valid for {name}: expected one of {}.",
                allowed.join(", ")
            ))),
        }
    }

    /// The required `offset` and `count` of a paged operation, checked against the limits.
    pub(crate) fn page(&self) -> Result<PageRequest, ApiError> {
        let offset = self.required_i32("offset")?;
        let count = self.required_i32("count")?;
        if offset < 0 {
            return Err(ApiError::bad_request("offset must not be negative."));
        }
        if count < 0 {
            return Err(ApiError::bad_request("count must not be negative."));
        }
        if count > MAX_COUNT {
            return Err(ApiError::bad_request(format!(
                "count must not be greater than {MAX_COUNT}."
            )));
        }
        Ok(PageRequest {
            offset: offset.unsigned_abs() as usize,
            count: count.unsigned_abs() as usize,
        })
    }
}

/// A checked `offset`/`count` pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageRequest {
    pub(crate) offset: usize,
    pub(crate) count: usize,
}

/// Path parameters, percent-decoded (so `%2E%2E%2Fx` is the id `../x`), with a JSON 400 when
/// they cannot be read.
pub(crate) struct Ids<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for Ids<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| Ids(v))
            .map_err(|e| ApiError::bad_request(format!("Invalid path: {e}")))
    }
}

/// A JSON request body; 400 when empty or not the expected JSON. The content type is not
/// checked: agentOS accepts several, and we only speak JSON.
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError::bad_request(format!("The request body could not be read: {e}"))
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("A request body is required."));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("The request body is invalid: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_arrays_and_names_are_exact() {
        let q = Query::parse("a=1&A=9&a=2&b=x%20y&c=%2B");
        assert_eq!(q.required_all("a").unwrap(), ["1", "2"]);
        assert_eq!(q.optional("A"), Some("9"));
        assert_eq!(q.optional("b"), Some("x y"));
        assert_eq!(q.optional("c"), Some("+"));
        assert!(q.required_all("z").is_err());
    }

    #[test]
    fn paging_limits() {
        let ok = Query::parse("offset=10&count=1000").page().unwrap();
        assert_eq!((ok.offset, ok.count), (10, 1000));
        for bad in [
            "offset=0&count=1001",
            "offset=-1&count=10",
            "offset=0&count=-1",
            "offset=0",
            "count=5",
            "offset=x&count=5",
            "offset=0&count=99999999999",
        ] {
            let err = Query::parse(bad).page().unwrap_err();
            assert_eq!(err.status, 400, "{bad}");
        }
    }

    #[test]
    fn typed_values() {
        let q = Query::parse("t=True&f=false&n=nan&x=1.5&e=Student");
        assert!(q.required_bool("t").unwrap());
        assert_eq!(q.optional_bool("f").unwrap(), Some(false));
        assert!(q.optional_f64("n").is_err());
        assert_eq!(q.optional_f64("x").unwrap(), Some(1.5));
        assert!(q.optional_bool("x").is_err());
        assert_eq!(
            q.optional_enum("e", &["Student"]).unwrap().as_deref(),
            Some("Student")
        );
        assert!(q.optional_enum("t", &["Student"]).is_err());
    }
}
