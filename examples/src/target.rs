//! Where an example connects: a simulator it starts itself (the default), or an agentOS API
//! named by environment variables, so the same example runs for real without code changes.
//!
//! | variable | meaning |
//! |---|---|
//! | `AGENTOS_API_KEY` | the API key; setting it switches to the real API |
//! | `AGENTOS_SHORT_NAME` | the client's short name (required with the key) |
//! | `AGENTOS_BASE_URL` | optional; default `https://live-api.letmc.com` |

use agentos_runtime::ApiKey;

/// The environment variable holding the API key.
pub const API_KEY_VAR: &str = "AGENTOS_API_KEY";
/// The environment variable holding the short name.
pub const SHORT_NAME_VAR: &str = "AGENTOS_SHORT_NAME";
/// The environment variable holding the base URL.
pub const BASE_URL_VAR: &str = "AGENTOS_BASE_URL";

/// Where to send requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An `agentos-sim` started in-process on 127.0.0.1.
    Sim,
    /// An agentOS API (the real one unless the base URL says otherwise).
    Api(ApiTarget),
}

/// Credentials and address of an agentOS API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTarget {
    /// The API key (its `Debug` shows only the last 5 characters).
    pub key: ApiKey,
    /// The client's short name.
    pub short_name: String,
    /// The base URL; `None` for the client's default (the live API).
    pub base_url: Option<String>,
}

/// The environment names an API only partly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// A key without a short name (or the reverse).
    #[error(
        "{set} is set but {missing} is not: set both to use the real API, or neither to use the simulator"
    )]
    Incomplete {
        /// The variable that is set.
        set: &'static str,
        /// The variable that is missing.
        missing: &'static str,
    },
    /// A base URL without credentials.
    #[error("{BASE_URL_VAR} is set but {API_KEY_VAR} and {SHORT_NAME_VAR} are not")]
    BaseUrlOnly,
}

impl Target {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, TargetError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` (empty values count as unset).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, TargetError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        match (get(API_KEY_VAR), get(SHORT_NAME_VAR), get(BASE_URL_VAR)) {
            (None, None, None) => Ok(Target::Sim),
            (None, None, Some(_)) => Err(TargetError::BaseUrlOnly),
            (Some(_), None, _) => Err(TargetError::Incomplete {
                set: API_KEY_VAR,
                missing: SHORT_NAME_VAR,
            }),
            (None, Some(_), _) => Err(TargetError::Incomplete {
                set: SHORT_NAME_VAR,
                missing: API_KEY_VAR,
            }),
            (Some(key), Some(short_name), base_url) => Ok(Target::Api(ApiTarget {
                key: ApiKey::new(key.trim()),
                short_name: short_name.trim().to_owned(),
                base_url,
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(vars: &[(&str, &str)]) -> Result<Target, TargetError> {
        Target::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn nothing_set_is_the_simulator() {
        assert_eq!(target(&[]), Ok(Target::Sim));
        assert_eq!(target(&[(API_KEY_VAR, " ")]), Ok(Target::Sim));
    }

    #[test]
    fn key_and_short_name_select_the_api() {
        let Ok(Target::Api(api)) = target(&[(API_KEY_VAR, "k-12345"), (SHORT_NAME_VAR, "acme")])
        else {
            panic!("expected the API");
        };
        assert_eq!(api.key.expose(), "k-12345");
        assert_eq!(api.short_name, "acme");
        assert_eq!(api.base_url, None);
        let Ok(Target::Api(api)) = target(&[
            (API_KEY_VAR, "k"),
            (SHORT_NAME_VAR, "acme"),
            (BASE_URL_VAR, "http://127.0.0.1:8080"),
        ]) else {
            panic!("expected the API");
        };
        assert_eq!(api.base_url.as_deref(), Some("http://127.0.0.1:8080"));
    }

    #[test]
    fn partial_settings_are_refused_with_what_is_missing() {
        let err = target(&[(API_KEY_VAR, "k")]).unwrap_err();
        assert!(err.to_string().contains(SHORT_NAME_VAR), "{err}");
        let err = target(&[(SHORT_NAME_VAR, "acme")]).unwrap_err();
        assert!(err.to_string().contains(API_KEY_VAR), "{err}");
        assert_eq!(
            target(&[(BASE_URL_VAR, "https://x")]),
            Err(TargetError::BaseUrlOnly)
        );
    }
}
