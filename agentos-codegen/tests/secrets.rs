//! Secret parameters and fields: which ones are (by name, by the document's marks, by
//! `x-agentos-secret` in the document or an overlay), and what generated code does with them
//! (written through the runtime's `secret` writers, `Debug` written by hand, secret body
//! fields listed). The conformance crate compiles the fixture and checks its `Debug` at run
//! time (`agentos-codegen/conformance/tests/real_documents.rs`).

use agentos_codegen::Generator;
use agentos_codegen::ir::{Api, ModelKind};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/gen/customer.yaml"
);

fn secrets_of(api: &Api, operation: &str) -> Vec<(String, bool)> {
    let (_, op) = api
        .operations()
        .find(|(_, op)| op.type_name == operation)
        .unwrap_or_else(|| panic!("no {operation}"));
    op.params
        .iter()
        .map(|p| (p.wire.clone(), p.secret))
        .collect()
}

fn field_secrets(api: &Api, model: &str) -> Vec<(String, bool)> {
    let Some(ModelKind::Struct(fields)) = api.model(model).map(|m| &m.kind) else {
        panic!("no struct {model}");
    };
    fields.iter().map(|f| (f.wire.clone(), f.secret)).collect()
}

fn pairs(list: &[(&str, bool)]) -> Vec<(String, bool)> {
    list.iter().map(|(w, s)| ((*w).to_owned(), *s)).collect()
}

#[test]
fn secrets_by_name_by_mark_and_by_extension() {
    let api = Generator::new()
        .spec(FIXTURE)
        .lower()
        .unwrap()
        .remove(0)
        .api;
    assert_eq!(
        secrets_of(&api, "Login"),
        pairs(&[("username", false), ("password", true), ("memorable", true)])
    );
    assert_eq!(
        secrets_of(&api, "GetDetails"),
        pairs(&[
            ("token", true),
            ("X-Session", true),
            ("pinCode", true),
            ("sessionDate", false),
        ])
    );
    assert_eq!(
        field_secrets(&api, "PasswordChange"),
        pairs(&[
            ("OldPassword", true),
            ("NewPassword", true),
            ("Memorable", true),
            ("Hint", false),
        ])
    );
    assert_eq!(
        field_secrets(&api, "SessionModel"),
        pairs(&[("Token", true), ("CustomerOID", false), ("Expires", false)])
    );
    let (_, change) = api
        .operations()
        .find(|(_, op)| op.type_name == "ChangePassword")
        .unwrap();
    // `Memorable` is secret by its format alone: listed; the others say so by name.
    assert_eq!(change.secret_fields, ["Memorable"]);
}

#[test]
fn generated_code_writes_secrets_through_the_secret_writers_and_redacts_debug() {
    let generated = Generator::new().spec(FIXTURE).run().unwrap();
    let code = generated.code();
    for expected in [
        r#"query.pair("username", &self.username);"#,
        r#"query.secret_pair("password", &self.password);"#,
        r#"query.secret_optional("memorable", self.memorable.as_ref());"#,
        r#"query.secret_optional("X-Session", self.x_session.as_ref());"#,
        r#"query.secret_each("pinCode", values);"#,
        r#"query.optional("sessionDate", self.session_date.as_ref());"#,
        ".secret(&self.token)",
        r#"const SECRET_FIELDS: &'static [&'static str] = &["Memorable"];"#,
        "impl ::core::fmt::Debug for Login {",
        // The struct `new` takes (two required strings) holds the password too.
        "impl ::core::fmt::Debug for LoginRequired {",
        "impl ::core::fmt::Debug for PasswordChange {",
        "impl ::core::fmt::Debug for SessionModel {",
        r#".field("password", &::agentos_runtime::secret::REDACTED)"#,
        "&self.memorable.as_ref().map(|_| ::agentos_runtime::secret::REDACTED),",
    ] {
        assert!(code.contains(expected), "missing {expected:?} in\n{code}");
    }
    // Types without a secret keep the derived `Debug`.
    assert!(!code.contains("impl ::core::fmt::Debug for CustomerModel"));
    assert!(!code.contains("impl ::core::fmt::Debug for ChangePassword "));
    assert!(code.contains("#[derive(Debug, Clone, PartialEq)]\n    pub struct ChangePassword"));
}

#[test]
fn an_overlay_marks_and_unmarks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("secrets.yaml");
    std::fs::write(
        &overlay,
        r#"overlay: 1.0.0
info: {title: our secrets, version: 1.0.0}
actions:
  - target: $.paths['/v3/customer/{shortName}/customer/session'].get.parameters[?(@.name == 'password')]
    update: {x-agentos-secret: false}
  - target: $.paths['/v3/customer/{shortName}/customer/session'].get.parameters[?(@.name == 'username')]
    update: {x-agentos-secret: true}
  - target: $.definitions.CustomerModel.properties.Name
    update: {x-agentos-secret: true}
"#,
    )
    .unwrap();
    let api = Generator::new()
        .spec(FIXTURE)
        .overlay(&overlay)
        .lower()
        .unwrap()
        .remove(0)
        .api;
    assert_eq!(
        secrets_of(&api, "Login"),
        pairs(&[("username", true), ("password", false), ("memorable", true)])
    );
    assert_eq!(
        field_secrets(&api, "CustomerModel"),
        pairs(&[("OID", false), ("Name", true)])
    );
    let (_, details) = api
        .operations()
        .find(|(_, op)| op.type_name == "GetDetails")
        .unwrap();
    assert_eq!(details.secret_fields, ["Name"]);
}

#[test]
fn a_secret_mark_that_is_not_a_boolean_is_an_error_at_its_pointer() {
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .replace("x-agentos-secret: true}", "x-agentos-secret: yes-please}");
    let err = Generator::new()
        .spec_text("customer.yaml", &text)
        .run()
        .unwrap_err()
        .to_string();
    assert!(err.contains("x-agentos-secret"), "{err}");
    assert!(err.contains("expected true or false"), "{err}");
}
