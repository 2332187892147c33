//! Handlers of the v3 diary call group: appointment types, appointments (searched, created,
//! updated, cancelled, deleted), free slots, feedback, branches and the guest search.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::{Duration as TimeDuration, PrimitiveDateTime, Time};

use super::extract::{Ids, JsonBody, Query};
use super::{SimStateRef, branch_by_id, fnv1a, known_branch, paged};
use crate::dataset::Dataset;
use crate::dates;
use crate::error::ApiError;
use crate::model::{
    Appointment, AppointmentDetails, AppointmentType, Booking, BookingIn, Branch, FeedbackIn,
    Guest, GuestIn, Link, LinkedGuest, LinkedPage, Page,
};

/// `GET /v3/diary/{shortName}/appointmenttypes` (paged)
pub(crate) async fn appointment_types(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<AppointmentType>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().appointment_types, page)))
}

/// `GET /v3/diary/{shortName}/company/branches` (paged)
pub(crate) async fn branches(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Branch>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().branches, page)))
}

/// `GET /v3/diary/{shortName}/company/branches/{branchID}`
pub(crate) async fn branch(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Branch>, ApiError> {
    branch_by_id(&state, &id).map(Json)
}

/// `GET /v3/diary/{shortName}/appointmentsbetweendates` (paged)
pub(crate) async fn appointments_between_dates(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let branch = q.required("branchID")?;
    let from = q.required_datetime("startDate")?;
    let to = q.required_datetime("endDate")?;
    let types = q.required_all("appointmentTypesToSearch")?;
    let page = q.page()?;
    if to < from {
        return Err(ApiError::bad_request(
            "endDate must not be before startDate.",
        ));
    }
    known_branch(&state, branch)?;
    let data = state.data();
    let items = data.appointments.iter().filter(|a| {
        a.branch == branch
            && types.contains(&a.appointment_type.as_str())
            && from <= a.start
            && a.start <= to
    });
    Ok(Json(paged(items, page)))
}

/// `GET /v3/diary/{shortName}/recurringappointment` (paged)
pub(crate) async fn recurring_appointments(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Appointment>>, ApiError> {
    let branch = q.required("branchID")?;
    let types = q.required_all("appointmentTypesToSearch")?;
    let page = q.page()?;
    known_branch(&state, branch)?;
    let data = state.data();
    let items = data.appointments.iter().filter(|a| {
        a.branch == branch && a.recurrence > 0 && types.contains(&a.appointment_type.as_str())
    });
    Ok(Json(paged(items, page)))
}

/// `GET /v3/diary/{shortName}/allocations`: two free slots a day for the seven days from
/// `preferredDate`.
pub(crate) async fn allocations(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Vec<Booking>>, ApiError> {
    let preferred = q.required_datetime("preferredDate")?;
    let kind = q.required("appointmentType")?;
    q.optional_bool("lettings")?;
    let data = state.data();
    if data.appointment_type(kind).is_none() {
        return Err(ApiError::bad_request(format!(
            "No appointment type has the id '{kind}'."
        )));
    }
    let branch = match (q.optional("propertyIdentifier"), q.optional("branchID")) {
        (Some(property), _) => data
            .property(property)
            .map(|p| p.branch.clone())
            .ok_or_else(|| {
                ApiError::bad_request(format!("No property has the id '{property}'."))
            })?,
        (None, Some(branch)) => data
            .branch(branch)
            .map(|b| b.oid.clone())
            .ok_or_else(|| ApiError::bad_request(format!("No branch has the id '{branch}'.")))?,
        (None, None) => {
            return Err(ApiError::bad_request(
                "Either propertyIdentifier or branchID is required.",
            ));
        }
    };
    let seed = usize::try_from(fnv1a(branch.as_bytes()) % 1024).unwrap_or(0);
    let mut slots = Vec::new();
    for day in 0..7 {
        let date = preferred.date() + TimeDuration::days(day);
        for (n, hour) in [10u8, 14].into_iter().enumerate() {
            let staff =
                &data.staff[(seed + 2 * day.unsigned_abs() as usize + n) % data.staff.len()];
            let start =
                PrimitiveDateTime::new(date, Time::from_hms(hour, 0, 0).unwrap_or(Time::MIDNIGHT));
            slots.push(Booking {
                start,
                end: start + TimeDuration::minutes(30),
                staff_id: staff.oid.clone(),
                staff_name: format!("{} {}", staff.forename, staff.surname),
            });
        }
    }
    Ok(Json(slots))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("No appointment has the id '{id}'."))
}

/// `GET /v3/diary/{shortName}/appointment?appointmentID=`
pub(crate) async fn get_appointment(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Appointment>, ApiError> {
    let id = q.required("appointmentID")?;
    let data = state.data();
    let index = data.appointment_index(id).ok_or_else(|| not_found(id))?;
    Ok(Json(data.appointments[index].clone()))
}

/// A booking slot from a request body: both times present and in order.
fn slot(booking: &BookingIn) -> Result<(PrimitiveDateTime, PrimitiveDateTime), ApiError> {
    let read = |name: &str, value: &Option<String>| {
        let text = value.as_deref().ok_or_else(|| {
            ApiError::bad_request(format!("AllocationDetails.{name} is required."))
        })?;
        dates::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "AllocationDetails.{name} '{text}' is not a date-time like 2024-01-31T09:30:00."
            ))
        })
    };
    let start = read("Start", &booking.start)?;
    let end = read("End", &booking.end)?;
    if end <= start {
        return Err(ApiError::bad_request(
            "AllocationDetails.End must be after AllocationDetails.Start.",
        ));
    }
    Ok((start, end))
}

fn now() -> PrimitiveDateTime {
    let now = time::OffsetDateTime::now_utc();
    PrimitiveDateTime::new(now.date(), now.time())
}

fn guests(data: &mut Dataset, sent: &[GuestIn]) -> Vec<LinkedGuest> {
    sent.iter()
        .map(|g| {
            let oid = g.oid.clone().unwrap_or_else(|| data.new_id("GST"));
            let name = [g.forename.as_deref(), g.surname.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            LinkedGuest {
                global_reference: format!("APP{:05}", fnv1a(oid.as_bytes()) % 100_000),
                oid,
                name,
                email: g.email_address.clone(),
                mobile: g.mobile_phone.clone(),
                created_at: now(),
            }
        })
        .collect()
}

fn check_type(data: &Dataset, id: &str) -> Result<(), ApiError> {
    match data.appointment_type(id) {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_request(format!(
            "No appointment type has the id '{id}'."
        ))),
    }
}

fn check_staff(data: &Dataset, booking: &BookingIn) -> Result<Option<String>, ApiError> {
    match booking.staff_id.as_deref() {
        None => Ok(None),
        Some(id) if data.staff_member(id).is_some() => Ok(Some(id.to_owned())),
        Some(id) => Err(ApiError::bad_request(format!(
            "No staff member has the id '{id}'."
        ))),
    }
}

fn etag(oid: &str, revision: u32) -> String {
    format!("{:016x}", fnv1a(format!("{oid}#{revision}").as_bytes()))
}

/// `POST /v3/diary/{shortName}/appointment`: books a new appointment; answers its id.
pub(crate) async fn post_appointment(
    State(state): SimStateRef,
    q: Query,
    JsonBody(details): JsonBody<AppointmentDetails>,
) -> Result<Json<String>, ApiError> {
    let property_ids = q.required_all("propertyIdentifier")?;
    q.optional_bool("lettings")?;
    let mut data = state.data();
    let mut linked = Vec::new();
    for id in &property_ids {
        let property = data
            .property(id)
            .ok_or_else(|| ApiError::bad_request(format!("No property has the id '{id}'.")))?;
        linked.push((
            property.branch.clone(),
            property.managed_by_staff.clone(),
            property.linked.clone(),
        ));
    }
    let kind = details
        .appointment_type
        .as_deref()
        .ok_or_else(|| ApiError::bad_request("AppointmentType is required."))?;
    check_type(&data, kind)?;
    let booking = details
        .allocation_details
        .as_ref()
        .ok_or_else(|| ApiError::bad_request("AllocationDetails is required."))?;
    let (start, end) = slot(booking)?;
    let (branch, property_staff) = linked
        .first()
        .map(|(b, s, _)| (b.clone(), s.clone()))
        .unwrap_or_default();
    let staff = check_staff(&data, booking)?.unwrap_or(property_staff);
    let linked_guest = guests(&mut data, details.guests.as_deref().unwrap_or_default());
    let oid = data.new_id("APT");
    let subject = details.subject.clone().unwrap_or_else(|| {
        data.appointment_type(kind)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    });
    data.appointments.push(Appointment {
        etag: etag(&oid, 0),
        oid: oid.clone(),
        appointment_type: kind.to_owned(),
        subject,
        comment: details.extra_comments.clone(),
        start,
        end,
        staff: staff.clone(),
        created_at: now(),
        created_by: staff,
        cancelled: false,
        remind_at: Some(start - TimeDuration::minutes(30)),
        remind_before: "Min30",
        recurrence: 0,
        recurrence_type: None,
        next_recurring_date: None,
        linked_guest,
        linked_properties: linked.into_iter().map(|(_, _, p)| p).collect(),
        branch,
        revision: 0,
    });
    Ok(Json(oid))
}

/// `PUT /v3/diary/{shortName}/appointment?appointmentID=`: changes what the body sends.
pub(crate) async fn put_appointment(
    State(state): SimStateRef,
    q: Query,
    JsonBody(details): JsonBody<AppointmentDetails>,
) -> Result<Json<String>, ApiError> {
    let id = q.required("appointmentID")?;
    q.optional_bool("lettings")?;
    q.optional_bool("AllowMarketingCorrespondence")?;
    let mut data = state.data();
    let index = data.appointment_index(id).ok_or_else(|| not_found(id))?;
    if let Some(kind) = details.appointment_type.as_deref() {
        check_type(&data, kind)?;
    }
    let times = details.allocation_details.as_ref().map(slot).transpose()?;
    let staff = match details.allocation_details.as_ref() {
        Some(booking) => check_staff(&data, booking)?,
        None => None,
    };
    let new_guests = details
        .guests
        .as_deref()
        .map(|sent| guests(&mut data, sent));
    let appointment = &mut data.appointments[index];
    if let Some(kind) = details.appointment_type {
        appointment.appointment_type = kind;
    }
    if let Some(subject) = details.subject {
        appointment.subject = subject;
    }
    if let Some(comment) = details.extra_comments {
        appointment.comment = Some(comment);
    }
    if let Some((start, end)) = times {
        appointment.start = start;
        appointment.end = end;
        appointment.remind_at = Some(start - TimeDuration::minutes(30));
    }
    if let Some(staff) = staff {
        appointment.staff = staff;
    }
    if let Some(guests) = new_guests {
        appointment.linked_guest = guests;
    }
    appointment.revision += 1;
    appointment.etag = etag(&appointment.oid, appointment.revision);
    Ok(Json(appointment.oid.clone()))
}

/// `DELETE /v3/diary/{shortName}/appointment?appointmentID=`: 204, then the id is unknown.
pub(crate) async fn delete_appointment(
    State(state): SimStateRef,
    q: Query,
) -> Result<StatusCode, ApiError> {
    let id = q.required("appointmentID")?;
    let mut data = state.data();
    let index = data.appointment_index(id).ok_or_else(|| not_found(id))?;
    data.appointments.remove(index);
    Ok(StatusCode::NO_CONTENT)
}

/// `PATCH /v3/diary/{shortName}/appointment/{appointmentID}/cancel`
pub(crate) async fn cancel_appointment(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<String>, ApiError> {
    let mut data = state.data();
    let index = data.appointment_index(&id).ok_or_else(|| not_found(&id))?;
    let appointment = &mut data.appointments[index];
    appointment.cancelled = true;
    appointment.revision += 1;
    appointment.etag = etag(&appointment.oid, appointment.revision);
    Ok(Json(id))
}

/// `POST /v3/diary/{shortName}/appointment/feedback`: stores it; answers its id.
pub(crate) async fn feedback(
    State(state): SimStateRef,
    JsonBody(sent): JsonBody<FeedbackIn>,
) -> Result<Json<String>, ApiError> {
    let appointment = sent
        .appointment_id
        .ok_or_else(|| ApiError::bad_request("AppointmentID is required."))?;
    let text = sent
        .feedback
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("Feedback is required."))?;
    let mut data = state.data();
    if data.appointment_index(&appointment).is_none() {
        return Err(ApiError::bad_request(format!(
            "No appointment has the id '{appointment}'."
        )));
    }
    if let Some(property) = sent.property_id.as_deref() {
        if data.property(property).is_none() {
            return Err(ApiError::bad_request(format!(
                "No property has the id '{property}'."
            )));
        }
    }
    let id = data.new_id("FBK");
    data.feedback.push((id.clone(), appointment, text));
    Ok(Json(id))
}

/// `GET /v3/diary/{shortname}/{branchID}/guest/search` (paged): applicants of the branch
/// whose details contain each non-empty criterion (ignoring case).
pub(crate) async fn search_guest(
    State(state): SimStateRef,
    Ids((_, branch)): Ids<(String, String)>,
    q: Query,
) -> Result<Json<LinkedPage<Guest>>, ApiError> {
    let forename = q.required("forename")?.to_lowercase();
    let email = q.required("emailaddress")?.to_lowercase();
    let surname = q.required("surname")?.to_lowercase();
    let page = q.page()?;
    let branch = branch_by_id(&state, &branch)?.oid;
    let data = state.data();
    let matches =
        |value: &str, wanted: &str| wanted.is_empty() || value.to_lowercase().contains(wanted);
    let items = data.guests.iter().filter(|g| {
        g.branch == branch
            && matches(&g.forename, &forename)
            && matches(&g.surname, &surname)
            && matches(&g.email_address, &email)
    });
    let Page { count, data: found } = paged(items, page);
    Ok(Json(LinkedPage {
        count,
        data: found,
        links: vec![Link {
            href: format!(
                "/v3/diary/guest/search?offset={}&count={}",
                page.offset, page.count
            ),
            method: "GET",
            relationship: "self",
        }],
    }))
}
