//! Rule 2: a path the schema does not have; the error suggests the nearest one of the same
//! method when it is close (a few edits in a segment or two), and none otherwise.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/apointmenttypes")]
pub async fn appointment_types();

#[agentos_endpoint(GET "/v2/tier2/{shortName}/property/property/{propertyID}")]
pub async fn property(property_id: &str);

// Nothing like it: no suggestion (the nearest by edits alone was an unrelated path).
#[agentos_endpoint(GET "/v3/widgets/{shortName}/gadgets")]
pub async fn gadgets();

// Close to a GET path, but POSTed: no GET path is suggested for a POST.
#[agentos_endpoint(POST "/v3/diary/{shortName}/apointmenttypes")]
pub async fn post_types();

fn main() {}
