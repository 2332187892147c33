//! One declaration per HTTP method, with path and query parameters and request bodies.

use agentos_macros::agentos_endpoint;
use agentos_runtime::Endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
pub async fn appointment(appointment_id: &str);

#[agentos_endpoint(POST "/v3/diary/{shortName}/appointment")]
pub async fn book(
    property_identifier: Vec<String>,
    lettings: Option<bool>,
    body: book::models::DiaryAppointmentDetails,
);

#[agentos_endpoint(PUT "/v3/diary/{shortName}/appointment")]
pub async fn update(appointment_id: String, body: update::models::DiaryAppointmentDetails);

#[agentos_endpoint(PATCH "/v3/diary/{shortName}/appointment/{appointmentID}/cancel")]
pub async fn cancel(appointment_id: &str);

#[agentos_endpoint(delete "/v3/diary/{shortName}/appointment")]
pub async fn remove(appointment_id: &str);

// Template parameter names match in any case: the schema spells this one `{shortname}`.
#[agentos_endpoint(GET "/v3/diary/{ShortName}/{BRANCHID}/guest/search")]
pub async fn guests(branch_id: &str, forename: &str, surname: &str, emailaddress: &str);

// The function's signature: the client, the declared parameters, the operation's result.
async fn typed(
    client: &agentos_runtime::Client,
) -> Result<appointment::Output, agentos_runtime::ApiError<appointment::Error>> {
    appointment(client, "APT1").await
}

fn main() {
    let cancel = cancel::request("APT1");
    assert_eq!(cancel.appointment_id, "APT1");
    assert_eq!(
        <cancel::Request as Endpoint>::PATH_TEMPLATE,
        "/v3/diary/{shortName}/appointment/{appointmentID}/cancel"
    );
    let book = book::request(vec!["PRP1".into()], None, Default::default());
    assert_eq!(book.lettings, None);
    let _ = typed;
    let _ = (
        update::request("x".into(), Default::default()),
        remove::request("x"),
    );
    let _ = guests::request("BR1", "", "", "");
}
