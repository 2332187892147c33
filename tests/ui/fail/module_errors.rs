//! `#[agentos_endpoint]` on a module: a mistake in one declaration is reported on it, while the
//! others still expand; the schema and the shared models are the module's alone; the names of
//! the generated `models` and `errors` modules are taken.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint]
mod diary {
    #[agentos_endpoint(POST "/v3/diary/{shortName}/appointmenttypes")]
    pub async fn appointment_types();

    #[agentos_endpoint(GET "/v3/diary/{shortName}/appointment", spec = "other.yaml")]
    pub async fn appointment(appointment_id: &str);

    #[agentos_endpoint(DELETE "/v3/diary/{shortName}/appointment")]
    pub async fn remove(appointment_id: &str);

    #[agentos_endpoint(GET "/v3/diary/{shortName}/company/branches", models = crate::models)]
    pub async fn branches();

    #[agentos_endpoint(GET "/v3/diary/{shortName}/company/branches")]
    pub async fn errors();
}

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
mod misplaced {}

fn main() {
    // `remove` expanded: its module and function exist.
    let _ = (diary::remove::request("APT1"), diary::remove);
}
