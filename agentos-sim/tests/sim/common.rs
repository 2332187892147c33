//! Helpers shared by the simulator's integration tests: a plain reqwest client and calls with
//! or without the demo key.

use agentos_sim::{DEMO_KEY, Method, Sim, SimConfig};
use serde_json::Value;

/// A client with no idle-pool timer, so tests on tokio's paused clock do not see the clock
/// jump while they wait for a socket.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_idle_timeout(None)
        .build()
        .unwrap()
}

/// A started simulator with the default configuration.
pub async fn sim() -> Sim {
    Sim::start(SimConfig::default()).await.unwrap()
}

/// An answer: status, headers and body text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    /// The body as sent.
    pub bytes: Vec<u8>,
    /// The body as text (lossy).
    pub text: String,
}

impl Answer {
    /// The body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The `Message` of an error body.
    pub fn message(&self) -> String {
        self.json()["Message"]
            .as_str()
            .unwrap_or_else(|| panic!("no Message in {}", self.text))
            .to_owned()
    }
}

/// Sends `method path_and_query` with `key` in the `api_key` header (none when `None`).
pub async fn send_as(
    sim: &Sim,
    key: Option<&str>,
    method: Method,
    path_and_query: &str,
    body: Option<&str>,
) -> Result<Answer, reqwest::Error> {
    let mut request = client().request(method, format!("{}{path_and_query}", sim.base_url()));
    if let Some(key) = key {
        request = request.header("api_key", key);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await?.to_vec();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Answer {
        status,
        headers,
        bytes,
        text,
    })
}

/// Sends with the demo key; panics on transport errors.
pub async fn send(sim: &Sim, method: Method, path_and_query: &str, body: Option<&str>) -> Answer {
    send_as(sim, Some(DEMO_KEY), method, path_and_query, body)
        .await
        .unwrap()
}

/// Sends with the demo key and `body` as JSON; panics on transport errors.
pub async fn send_json(
    sim: &Sim,
    method: Method,
    path_and_query: &str,
    body: Option<&Value>,
) -> Answer {
    let text = body.map(Value::to_string);
    send(sim, method, path_and_query, text.as_deref()).await
}

/// GET with the demo key.
pub async fn get(sim: &Sim, path_and_query: &str) -> Answer {
    send(sim, Method::GET, path_and_query, None).await
}

/// The id of the first record of the collection of `model` (panics when there is none).
pub fn first(sim: &Sim, model: &str) -> String {
    sim.ids(model, 1)
        .pop()
        .unwrap_or_else(|| panic!("no {model} records"))
}

/// A valid `DiaryAppointmentDetails` body.
pub fn appointment_body(type_id: &str, subject: &str) -> String {
    serde_json::json!({
        "AppointmentType": type_id,
        "Subject": subject,
        "ExtraComments": "Ring the bell twice.",
        "AllocationDetails": { "Start": "2025-06-02T10:00:00", "End": "2025-06-02T10:30:00" },
        "Guests": [ { "Forename": "Ann", "Surname": "Lee", "EmailAddress": "ann@example.com" } ]
    })
    .to_string()
}

/// Books an appointment on the fixture property; answers its id.
pub async fn create_appointment(sim: &Sim, subject: &str) -> String {
    let answer = send(
        sim,
        Method::POST,
        &format!(
            "/v3/diary/demo/appointment?propertyIdentifier={}&lettings=true",
            first(sim, "PropertyModel")
        ),
        Some(&appointment_body(
            &first(sim, "DiaryAppointmentTypeModel"),
            subject,
        )),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json().as_str().unwrap().to_owned()
}
