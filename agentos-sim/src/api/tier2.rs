//! Handlers of the v2 tier 2 (basic) call group: company, branches, properties and rooms,
//! appointments, tenancies, staff, viewings and photo downloads.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use time::{Duration as TimeDuration, PrimitiveDateTime, Time};

use super::extract::{Ids, JsonBody, Query};
use super::{SimStateRef, branch_by_id, company as company_of, paged};
use crate::dates;
use crate::error::ApiError;
use crate::model::{
    Appointment, Booking, Branch, Company, Page, Property, Room, Staff, Tenancy, ViewingBookingIn,
};
use crate::state::SimState;

const TENANT_TYPES: &[&str] = &[
    "Employed",
    "SelfEmployed",
    "Unemployed",
    "Student",
    "OwnMeans",
    "Retired",
    "Company",
    "Council",
];

/// `GET /v2/tier2/{shortName}/company`
pub(crate) async fn company(Ids(short_name): Ids<String>) -> Json<Company> {
    Json(company_of(&short_name))
}

/// `GET /v2/tier2/{shortName}/branch/branches` (paged)
pub(crate) async fn branches(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Branch>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().branches, page)))
}

/// `GET /v2/tier2/{shortName}/branch/branches/{branchID}`
pub(crate) async fn branch(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Branch>, ApiError> {
    branch_by_id(&state, &id).map(Json)
}

/// `GET /v2/tier2/{shortName}/property/properties` (paged)
pub(crate) async fn properties(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Property>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().properties, page)))
}

fn property_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("No property has the id '{id}'."))
}

/// `GET /v2/tier2/{shortName}/property/properties/{propertyID}`
pub(crate) async fn property(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Property>, ApiError> {
    state
        .data()
        .property(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| property_not_found(&id))
}

/// `GET /v2/tier2/{shortName}/property/properties/{propertyID}/rooms` (paged)
pub(crate) async fn property_rooms(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
    q: Query,
) -> Result<Json<Page<Room>>, ApiError> {
    let page = q.page()?;
    let data = state.data();
    let property = data.property(&id).ok_or_else(|| property_not_found(&id))?;
    Ok(Json(paged(&property.rooms, page)))
}

/// `GET /v2/tier2/{shortName}/diary/appointments` (paged)
pub(crate) async fn appointments(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().appointments, page)))
}

/// `GET /v2/tier2/{shortName}/diary/appointments/{diaryAppointmentID}`
pub(crate) async fn appointment(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Appointment>, ApiError> {
    let data = state.data();
    data.appointment_index(&id)
        .map(|i| Json(data.appointments[i].clone()))
        .ok_or_else(|| ApiError::not_found(format!("No appointment has the id '{id}'.")))
}

/// `GET /v2/tier2/{shortName}/lettings/tenancies` (paged)
pub(crate) async fn tenancies(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Tenancy>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().tenancies, page)))
}

/// `GET /v2/tier2/{shortName}/lettings/tenancies/{tenancyID}`
pub(crate) async fn tenancy(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Tenancy>, ApiError> {
    state
        .data()
        .tenancies
        .iter()
        .find(|t| t.oid == id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("No tenancy has the id '{id}'.")))
}

/// `GET /v2/tier2/{shortName}/staff/staff` (paged)
pub(crate) async fn staff(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Staff>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().staff, page)))
}

/// The properties named by `propertyIDsToView`, each of which must exist (400 otherwise);
/// answers the staff member who shows the first one.
fn viewing_staff(state: &SimState, q: &Query) -> Result<(String, String), ApiError> {
    let ids = q.required_all("propertyIDsToView")?;
    let data = state.data();
    let mut staff = None;
    for id in ids {
        let property = data
            .property(id)
            .ok_or_else(|| ApiError::bad_request(format!("No property has the id '{id}'.")))?;
        staff.get_or_insert_with(|| property.managed_by_staff.clone());
    }
    let staff_id = staff.unwrap_or_default();
    let name = data
        .staff_member(&staff_id)
        .map(|s| format!("{} {}", s.forename, s.surname))
        .unwrap_or_default();
    Ok((staff_id, name))
}

/// `GET /v2/tier2/{shortName}/viewing/bookings`: two viewing slots a day for seven days.
pub(crate) async fn viewing_slots(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Vec<Booking>>, ApiError> {
    let preferred = q.required_datetime("preferredDate")?;
    let (staff_id, staff_name) = viewing_staff(&state, &q)?;
    let mut slots = Vec::new();
    for day in 0..7 {
        for hour in [11u8, 15] {
            let start = PrimitiveDateTime::new(
                preferred.date() + TimeDuration::days(day),
                Time::from_hms(hour, 0, 0).unwrap_or(Time::MIDNIGHT),
            );
            slots.push(Booking {
                start,
                end: start + TimeDuration::minutes(45),
                staff_id: staff_id.clone(),
                staff_name: staff_name.clone(),
            });
        }
    }
    Ok(Json(slots))
}

/// `POST /v2/tier2/{shortName}/viewing/bookings`: books the slot in the body; answers `true`.
pub(crate) async fn book_viewing(
    State(state): SimStateRef,
    q: Query,
    JsonBody(slot): JsonBody<ViewingBookingIn>,
) -> Result<Json<bool>, ApiError> {
    for name in ["forename", "surname", "mobilePhone", "emailAddress"] {
        if q.required(name)?.trim().is_empty() {
            return Err(ApiError::bad_request(format!("{name} must not be empty.")));
        }
    }
    q.optional_bool("wantRoomInSharedProperty")?;
    q.optional_f64("alertMaxRent")?;
    q.optional_enum("alertTenantType", TENANT_TYPES)?;
    q.optional_bool("subscribeToEmailAlerts")?;
    viewing_staff(&state, &q)?;
    let parse = |name: &str, text: &str| {
        dates::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "{name} '{text}' is not a date-time like 2024-01-31T09:30:00."
            ))
        })
    };
    let start = parse("Start", &slot.start)?;
    let end = parse("End", &slot.end)?;
    if end <= start {
        return Err(ApiError::bad_request("End must be after Start."));
    }
    let mut data = state.data();
    if data.staff_member(&slot.staff_id).is_none() {
        return Err(ApiError::bad_request(format!(
            "No staff member has the id '{}' ({}).",
            slot.staff_id, slot.staff_name
        )));
    }
    data.viewings += 1;
    Ok(Json(true))
}

/// `GET /v2/tier2/{shortName}/photos/photo/{photoID}/download`: a small JPEG.
pub(crate) async fn photo_download(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
    q: Query,
) -> Result<Response, ApiError> {
    for name in ["width", "height"] {
        if q.optional_i32(name)?.is_some_and(|v| v <= 0) {
            return Err(ApiError::bad_request(format!("{name} must be positive.")));
        }
    }
    let known = state
        .data()
        .properties
        .iter()
        .any(|p| p.photos.contains(&id));
    if !known {
        return Err(ApiError::not_found(format!("No photo has the id '{id}'.")));
    }
    Ok(([(CONTENT_TYPE, "image/jpeg")], jpeg(&id)).into_response())
}

/// The bytes of a minimal JPEG-shaped file (start marker, a comment holding the id, end
/// marker): enough for clients that pass image bytes through.
fn jpeg(id: &str) -> Vec<u8> {
    let comment = id.as_bytes();
    let length = u16::try_from(comment.len() + 2).unwrap_or(u16::MAX);
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xFE];
    bytes.extend_from_slice(&length.to_be_bytes());
    bytes.extend_from_slice(comment);
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}
