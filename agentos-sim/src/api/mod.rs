//! The simulated API: one route per operation of `spec/agentos.yaml`, grouped by call group,
//! plus JSON answers for unknown paths (404) and wrong methods (405).
//!
//! Ids in the path that name nothing answer 404; ids in the query or body of list, search and
//! create operations that name nothing answer 400 (the caller sent a bad input), except the
//! `appointmentID` of get/update/delete appointment, whose 404 the schema declares.

pub(crate) mod extract;

mod advertising;
mod diary;
mod tier1;
mod tier2;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, patch};

use crate::error::ApiError;
use crate::model::{Branch, Company, Page};
use crate::state::SimState;
use extract::PageRequest;

/// The shared state as handlers extract it.
type SimStateRef = axum::extract::State<Arc<SimState>>;

/// Every route of the schema, with the fallbacks.
pub(crate) fn router() -> Router<Arc<SimState>> {
    Router::new()
        // v4 advertising
        .route("/v4/advertising/{shortName}/company/company", get(advertising::company))
        .route("/v4/advertising/{shortName}/company/branches", get(advertising::branches))
        .route(
            "/v4/advertising/{shortName}/company/branches/{branchID}",
            get(advertising::branch),
        )
        .route("/v4/advertising/{shortName}/lettings/advertised", get(advertising::advertised))
        .route(
            "/v4/advertising/{shortName}/lettings/advertisedbetweendates",
            get(advertising::advertised_between_dates),
        )
        .route(
            "/v4/advertising/{shortName}/sales/advertisedsales",
            get(advertising::advertised_sales),
        )
        // v3 diary
        .route("/v3/diary/{shortName}/allocations", get(diary::allocations))
        .route(
            "/v3/diary/{shortName}/appointment",
            get(diary::get_appointment)
                .post(diary::post_appointment)
                .put(diary::put_appointment)
                .delete(diary::delete_appointment),
        )
        .route("/v3/diary/{shortName}/appointment/feedback", axum::routing::post(diary::feedback))
        .route(
            "/v3/diary/{shortName}/appointment/{appointmentID}/cancel",
            patch(diary::cancel_appointment),
        )
        .route(
            "/v3/diary/{shortName}/appointmentsbetweendates",
            get(diary::appointments_between_dates),
        )
        .route("/v3/diary/{shortName}/appointmenttypes", get(diary::appointment_types))
        .route("/v3/diary/{shortName}/company/branches", get(diary::branches))
        .route("/v3/diary/{shortName}/company/branches/{branchID}", get(diary::branch))
        .route("/v3/diary/{shortName}/recurringappointment", get(diary::recurring_appointments))
        // The schema spells this template `{shortname}`; route parameter names are ours.
        .route("/v3/diary/{shortName}/{branchID}/guest/search", get(diary::search_guest))
        // v2 tier 2
        .route("/v2/tier2/{shortName}/company", get(tier2::company))
        .route("/v2/tier2/{shortName}/branch/branches", get(tier2::branches))
        .route("/v2/tier2/{shortName}/branch/branches/{branchID}", get(tier2::branch))
        .route("/v2/tier2/{shortName}/property/properties", get(tier2::properties))
        .route("/v2/tier2/{shortName}/property/properties/{propertyID}", get(tier2::property))
        .route(
            "/v2/tier2/{shortName}/property/properties/{propertyID}/rooms",
            get(tier2::property_rooms),
        )
        .route("/v2/tier2/{shortName}/diary/appointments", get(tier2::appointments))
        .route(
            "/v2/tier2/{shortName}/diary/appointments/{diaryAppointmentID}",
            get(tier2::appointment),
        )
        .route("/v2/tier2/{shortName}/lettings/tenancies", get(tier2::tenancies))
        .route("/v2/tier2/{shortName}/lettings/tenancies/{tenancyID}", get(tier2::tenancy))
        .route("/v2/tier2/{shortName}/staff/staff", get(tier2::staff))
        .route(
            "/v2/tier2/{shortName}/viewing/bookings",
            get(tier2::viewing_slots).post(tier2::book_viewing),
        )
        .route(
            "/v2/tier2/{shortName}/photos/photo/{photoID}/download",
            get(tier2::photo_download),
        )
        // v2 tier 1
        .route("/v2/tier1/{shortName}/company", get(tier1::company))
        .route("/v2/tier1/{shortName}/area/areas", get(tier1::areas))
        .route("/v2/tier1/{shortName}/area/areas/{areaID}", get(tier1::area))
        .route("/v2/tier1/{shortName}/county/counties", get(tier1::counties))
        .route(
            "/v2/tier1/{shortName}/county/counties/{countyID}/branches",
            get(tier1::county_branches),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ApiError {
    ApiError::not_found("No resource matches the request path.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "The requested resource does not support this HTTP method.",
    )
}

/// One page of `items`, with the total across all pages.
pub(crate) fn paged<'a, T: Clone + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    page: PageRequest,
) -> Page<T> {
    let mut count = 0;
    let mut data = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        count += 1;
        if index >= page.offset && data.len() < page.count {
            data.push(item.clone());
        }
    }
    Page { count, data }
}

/// The company record behind a short name (the same company for every short name, with
/// the short name filled in).
pub(crate) fn company(short_name: &str) -> Company {
    let hash = fnv1a(short_name.as_bytes());
    Company {
        oid: format!("CMP{:012X}", hash & 0xFFFF_FFFF_FFFF),
        etag: format!("{hash:016x}"),
        company_name: "Dales & Coast Lettings Ltd".to_owned(),
        marketing_company_name: "Dales & Coast".to_owned(),
        company_registration: "09876543".to_owned(),
        short_name: short_name.to_owned(),
    }
}

/// A branch by id, or 404.
pub(crate) fn branch_by_id(state: &SimState, id: &str) -> Result<Branch, ApiError> {
    state
        .data()
        .branch(id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("No branch has the id '{id}'.")))
}

/// Checks that a branch id sent as a query input exists (400 otherwise).
pub(crate) fn known_branch(state: &SimState, id: &str) -> Result<(), ApiError> {
    match state.data().branch(id) {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_request(format!("No branch has the id '{id}'."))),
    }
}

/// A small stable hash for derived ids and ETags.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_slice_and_count_everything() {
        let items: Vec<u32> = (0..25).collect();
        let page = paged(&items, PageRequest { offset: 20, count: 10 });
        assert_eq!(page.count, 25);
        assert_eq!(page.data, [20, 21, 22, 23, 24]);
        let page = paged(&items, PageRequest { offset: 30, count: 10 });
        assert_eq!((page.count, page.data.len()), (25, 0));
        let page = paged(&items, PageRequest { offset: 0, count: 0 });
        assert_eq!((page.count, page.data.len()), (25, 0));
    }
}
