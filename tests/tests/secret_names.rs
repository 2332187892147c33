//! The generator marks parameters and fields secret by name (`agentos_codegen::lower::
//! is_secret_name`), the runtime blanks fields of report bodies by name
//! (`agentos_runtime::report::is_secret_field`): every name the generator calls secret, the
//! runtime must blank too, or a secret field the runtime does not know would show in a report
//! of a body the generator did not list. (The runtime's rule is wider: names of bank and card
//! numbers, and any name ending in `key`.)

use agentos_codegen::lower::is_secret_name;
use agentos_runtime::report::is_secret_field;

/// Names as documents spell them, in every case and separator style.
fn spellings(word: &str) -> Vec<String> {
    let mut out = vec![
        word.to_owned(),
        word.to_ascii_uppercase(),
        word.to_ascii_lowercase(),
        format!("x_{word}"),
        format!("{word}-id"),
        format!("New{word}"),
        format!("{word}Hash"),
    ];
    // `camelCase` -> `camel_case`, `camel-case`.
    let mut snake = String::new();
    for c in word.chars() {
        if c.is_ascii_uppercase() && !snake.is_empty() {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    out.push(snake.replace('_', "-"));
    out.push(snake);
    out
}

#[test]
fn every_name_the_generator_calls_secret_the_runtime_blanks() {
    let words = [
        "password",
        "Passwd",
        "secret",
        "clientSecret",
        "token",
        "accessToken",
        "session",
        "sessionId",
        "apiKey",
        "api_key",
        "authorization",
        "credential",
        "pin",
        "PIN",
        "OID",
        "Name",
        "username",
        "Shipping",
        "Spinner",
        "offset",
        "count",
        "BranchID",
        "Keywords",
        "SortKey",
    ];
    let mut secret = 0;
    for word in words {
        for name in spellings(word) {
            if is_secret_name(&name) {
                secret += 1;
                assert!(
                    is_secret_field(&name),
                    "the generator calls {name:?} secret, the runtime would show it"
                );
            }
        }
    }
    // The check is not vacuous.
    assert!(secret > 60, "{secret}");
}
