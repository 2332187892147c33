//! Rule 9: shapes of the annotated item the macro cannot take, each reported on its token,
//! all at once.

use agentos_macros::agentos_endpoint;

// Generic, not async, with a body and a return type.
#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes")]
pub fn appointment_types<T>() -> Vec<T> {
    Vec::new()
}

pub struct Diary;

impl Diary {
    // A receiver.
    #[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company")]
    pub async fn company(&self);
}

// A pattern instead of a name.
#[agentos_endpoint(GET "/v3/diary/{shortName}/appointment")]
pub async fn appointment((appointment_id, _): (&str, u8));

// Not a function at all.
#[agentos_endpoint(GET "/v2/tier2/{shortName}/company")]
pub struct Company;

fn main() {}
