//! Session tokens (the engine's `session` rule): a login answers a token the simulator issued
//! for the short name, with nothing around it, and only such a token is accepted back.

use std::path::Path;

use agentos_sim::{DEMO_SHORT_NAME, Method, Sim, SimConfig};

use crate::common::send;

/// The customer fixture (Swagger 2.0): a login answering `{Token, ..}` and calls taking the
/// token in the path and in `X-Session`.
fn customer() -> SimConfig {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../agentos-codegen/tests/fixtures/gen/customer.yaml");
    SimConfig::default().spec(fixture)
}

/// A login that answers the token as a bare string, as the vendor's customer group does.
const BARE_LOGIN: &str = r#"
openapi: 3.0.0
info: {title: Bare login, version: "1"}
paths:
  /v3/customer/{shortName}/customer/login:
    post:
      operationId: Login
      parameters:
        - {name: shortName, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The session token.
          content:
            application/json:
              schema: {type: string}
  /v3/customer/{shortName}/customer/greeting:
    get:
      operationId: Greeting
      parameters:
        - {name: shortName, in: path, required: true, schema: {type: string}}
        - {name: sessionToken, in: query, required: true, schema: {type: string}}
      responses:
        "200":
          description: Some text.
          content:
            application/json:
              schema: {type: string}
"#;

async fn login(sim: &Sim) -> String {
    let path = format!(
        "/v3/customer/{DEMO_SHORT_NAME}/customer/session?username=ada&password=s3cret-pass"
    );
    let answer = send(sim, Method::GET, &path, None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()["Token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_token_the_simulator_issued_is_accepted_and_nothing_else() {
    let sim = Sim::start(customer()).await.unwrap();
    let token = login(&sim).await;
    assert!(
        token.starts_with("sess") && !token.contains(' '),
        "{token:?}"
    );

    let details = |token: &str| {
        format!(
            "/v3/customer/{DEMO_SHORT_NAME}/customer/{}/details",
            token.replace(' ', "%20")
        )
    };
    let answer = send(&sim, Method::GET, &details(&token), None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);

    for wrong in [
        "made-up-token".to_owned(),
        format!(" {token}"),
        token.to_ascii_uppercase(),
        token[..token.len() - 1].to_owned() + "x",
    ] {
        let answer = send(&sim, Method::GET, &details(&wrong), None).await;
        assert_eq!(answer.status, 401, "{wrong:?}: {}", answer.text);
        let message = answer.message();
        assert!(message.contains("`token`"), "{message}");
        // The refused value is never echoed.
        assert!(!message.contains(wrong.trim()), "{message}");
    }

    // The same rule for a token in the query (`X-Session`), and for another short name's.
    let with_session = |session: &str| format!("{}?X-Session={session}", details(&token));
    assert_eq!(
        send(&sim, Method::GET, &with_session(&token), None)
            .await
            .status,
        200
    );
    assert_eq!(
        send(&sim, Method::GET, &with_session("nope-nope"), None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn a_bare_string_login_answers_the_token_alone() {
    let sim = Sim::start(SimConfig::default().spec_text("login.yaml", BARE_LOGIN))
        .await
        .unwrap();
    let answer = send(
        &sim,
        Method::POST,
        &format!("/v3/customer/{DEMO_SHORT_NAME}/customer/login"),
        None,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let token: String = serde_json::from_str(&answer.text).unwrap();
    assert!(
        token.starts_with("sess") && token.trim() == token,
        "{token:?}"
    );

    let greeting = |token: &str| {
        format!("/v3/customer/{DEMO_SHORT_NAME}/customer/greeting?sessionToken={token}")
    };
    let answer = send(&sim, Method::GET, &greeting(&token), None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // Another bare string answer is plain words, with no leading space.
    let text: String = serde_json::from_str(&answer.text).unwrap();
    assert!(
        !text.is_empty() && text.trim() == text && !text.starts_with("sess"),
        "{text:?}"
    );
    assert_eq!(
        send(&sim, Method::GET, &greeting("sess0000"), None)
            .await
            .status,
        401
    );
}
