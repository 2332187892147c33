//! The generated `Debug` of types holding a secret (the `gen/customer.yaml` fixture): the
//! secret shows as `"<redacted>"`, everything else as `derive(Debug)` would show it.

use agentos_conformance::gen_customer::customer::{GetDetails, Login, LoginRequired};
use agentos_conformance::gen_customer::models::{PasswordChange, SessionModel};

#[test]
fn requests_and_models_show_no_secret_in_debug() {
    let required = LoginRequired {
        username: "jo".into(),
        password: "hunter2-pw".into(),
    };
    // The struct `new` takes holds the password as well: its `Debug` hides it too.
    assert_eq!(
        format!("{required:?}"),
        r#"LoginRequired { username: "jo", password: "<redacted>" }"#
    );
    let login = Login::new(required).memorable("blue horse");
    for text in [format!("{login:?}"), format!("{login:#?}")] {
        assert!(!text.contains("hunter2-pw"), "{text}");
        assert!(!text.contains("blue horse"), "{text}");
        assert!(text.contains("\"jo\""), "{text}");
    }
    assert_eq!(
        format!("{login:?}"),
        r#"Login { username: "jo", password: "<redacted>", memorable: Some("<redacted>") }"#
    );
    // An unset optional secret shows as unset.
    let login = Login::new(LoginRequired {
        username: "jo".into(),
        password: "pw".into(),
    });
    assert!(format!("{login:?}").contains("memorable: None"));

    let details = GetDetails::new("tok-123456").pin_code(["4321"]);
    let text = format!("{details:?}");
    assert!(
        !text.contains("tok-123456") && !text.contains("4321"),
        "{text}"
    );

    let change = PasswordChange {
        old_password: "old-secret".into(),
        new_password: "new-secret".into(),
        memorable: Some("horse".into()),
        hint: Some("a hint".into()),
    };
    let text = format!("{change:?}");
    for secret in ["old-secret", "new-secret", "horse"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("a hint"), "{text}");
    let session = SessionModel {
        token: Some("issued-token".into()),
        ..Default::default()
    };
    assert!(!format!("{session:?}").contains("issued-token"));
}
