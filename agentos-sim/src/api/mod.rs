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
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::routing::{MethodFilter, on};

use crate::error::ApiError;
use crate::model::{Branch, Company, Page};
use crate::state::SimState;
use extract::PageRequest;

/// The shared state as handlers extract it.
type SimStateRef = axum::extract::State<Arc<SimState>>;

/// The operations served, as (method, path template spelt as in `spec/agentos.yaml`).
pub(crate) type OperationTable = Vec<(Method, &'static str)>;

/// Registers routes and remembers each (method, template), so tests can compare the served
/// operations with the schema's.
struct Routes {
    router: Router<Arc<SimState>>,
    table: OperationTable,
}

impl Routes {
    fn add<H, T>(mut self, method: (Method, MethodFilter), path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<SimState>>,
        T: 'static,
    {
        let (method, filter) = method;
        self.table.push((method, path));
        // Routing a known path again merges the methods into its method router.
        self.router = self.router.route(path, on(filter, handler));
        self
    }

    fn get<H: Handler<T, Arc<SimState>>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add((Method::GET, MethodFilter::GET), path, h)
    }

    fn post<H: Handler<T, Arc<SimState>>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add((Method::POST, MethodFilter::POST), path, h)
    }

    fn put<H: Handler<T, Arc<SimState>>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add((Method::PUT, MethodFilter::PUT), path, h)
    }

    fn patch<H: Handler<T, Arc<SimState>>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add((Method::PATCH, MethodFilter::PATCH), path, h)
    }

    fn delete<H: Handler<T, Arc<SimState>>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add((Method::DELETE, MethodFilter::DELETE), path, h)
    }
}

/// Every operation of the schema, with the fallbacks, and the table of what was registered.
pub(crate) fn router() -> (Router<Arc<SimState>>, OperationTable) {
    let routes = Routes {
        router: Router::new(),
        table: Vec::new(),
    }
    // v4 advertising
    .get(
        "/v4/advertising/{shortName}/company/company",
        advertising::company,
    )
    .get(
        "/v4/advertising/{shortName}/company/branches",
        advertising::branches,
    )
    .get(
        "/v4/advertising/{shortName}/company/branches/{branchID}",
        advertising::branch,
    )
    .get(
        "/v4/advertising/{shortName}/lettings/advertised",
        advertising::advertised,
    )
    .get(
        "/v4/advertising/{shortName}/lettings/advertisedbetweendates",
        advertising::advertised_between_dates,
    )
    .get(
        "/v4/advertising/{shortName}/sales/advertisedsales",
        advertising::advertised_sales,
    )
    // v3 diary
    .get("/v3/diary/{shortName}/allocations", diary::allocations)
    .get("/v3/diary/{shortName}/appointment", diary::get_appointment)
    .post("/v3/diary/{shortName}/appointment", diary::post_appointment)
    .put("/v3/diary/{shortName}/appointment", diary::put_appointment)
    .delete(
        "/v3/diary/{shortName}/appointment",
        diary::delete_appointment,
    )
    .post(
        "/v3/diary/{shortName}/appointment/feedback",
        diary::feedback,
    )
    .patch(
        "/v3/diary/{shortName}/appointment/{appointmentID}/cancel",
        diary::cancel_appointment,
    )
    .get(
        "/v3/diary/{shortName}/appointmentsbetweendates",
        diary::appointments_between_dates,
    )
    .get(
        "/v3/diary/{shortName}/appointmenttypes",
        diary::appointment_types,
    )
    .get("/v3/diary/{shortName}/company/branches", diary::branches)
    .get(
        "/v3/diary/{shortName}/company/branches/{branchID}",
        diary::branch,
    )
    .get(
        "/v3/diary/{shortName}/recurringappointment",
        diary::recurring_appointments,
    )
    // Spelt `{shortname}` as in the schema; the router matches it whatever its name.
    .get(
        "/v3/diary/{shortname}/{branchID}/guest/search",
        diary::search_guest,
    )
    // v2 tier 2
    .get("/v2/tier2/{shortName}/company", tier2::company)
    .get("/v2/tier2/{shortName}/branch/branches", tier2::branches)
    .get(
        "/v2/tier2/{shortName}/branch/branches/{branchID}",
        tier2::branch,
    )
    .get(
        "/v2/tier2/{shortName}/property/properties",
        tier2::properties,
    )
    .get(
        "/v2/tier2/{shortName}/property/properties/{propertyID}",
        tier2::property,
    )
    .get(
        "/v2/tier2/{shortName}/property/properties/{propertyID}/rooms",
        tier2::property_rooms,
    )
    .get(
        "/v2/tier2/{shortName}/diary/appointments",
        tier2::appointments,
    )
    .get(
        "/v2/tier2/{shortName}/diary/appointments/{diaryAppointmentID}",
        tier2::appointment,
    )
    .get("/v2/tier2/{shortName}/lettings/tenancies", tier2::tenancies)
    .get(
        "/v2/tier2/{shortName}/lettings/tenancies/{tenancyID}",
        tier2::tenancy,
    )
    .get("/v2/tier2/{shortName}/staff/staff", tier2::staff)
    .get(
        "/v2/tier2/{shortName}/viewing/bookings",
        tier2::viewing_slots,
    )
    .post(
        "/v2/tier2/{shortName}/viewing/bookings",
        tier2::book_viewing,
    )
    .get(
        "/v2/tier2/{shortName}/photos/photo/{photoID}/download",
        tier2::photo_download,
    )
    // v2 tier 1
    .get("/v2/tier1/{shortName}/company", tier1::company)
    .get("/v2/tier1/{shortName}/area/areas", tier1::areas)
    .get("/v2/tier1/{shortName}/area/areas/{areaID}", tier1::area)
    .get("/v2/tier1/{shortName}/county/counties", tier1::counties)
    .get(
        "/v2/tier1/{shortName}/county/counties/{countyID}/branches",
        tier1::county_branches,
    );
    let router = routes
        .router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    (router, routes.table)
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
        None => Err(ApiError::bad_request(format!(
            "No branch has the id '{id}'."
        ))),
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
        let page = paged(
            &items,
            PageRequest {
                offset: 20,
                count: 10,
            },
        );
        assert_eq!(page.count, 25);
        assert_eq!(page.data, [20, 21, 22, 23, 24]);
        let page = paged(
            &items,
            PageRequest {
                offset: 30,
                count: 10,
            },
        );
        assert_eq!((page.count, page.data.len()), (25, 0));
        let page = paged(
            &items,
            PageRequest {
                offset: 0,
                count: 0,
            },
        );
        assert_eq!((page.count, page.data.len()), (25, 0));
    }
}
