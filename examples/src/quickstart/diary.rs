//! The diary step of the tour: book an appointment into a free slot, read it, change it,
//! cancel it, delete it; then the typed 404 for the deleted id.

use std::io::Write;

use agentos_runtime::{ApiError, DateTime, StatusError};

use super::{QuickstartError, failed};
use crate::agentos::diary::{self, GetAppointmentError};
use crate::agentos::models::{DiaryAppointmentDetails, DiaryGuestDetails};
use crate::agentos::tier2;
use agentos_runtime::Client;

/// Creates, reads, updates, cancels and deletes an appointment; returns its id.
pub(super) async fn round_trip(
    client: &Client,
    out: &mut dyn Write,
) -> Result<String, QuickstartError> {
    // What a booking needs: an appointment type, a property and a free slot for them.
    let types = client
        .get(&diary::GetAppointmentTypes::new().page(0, 10))
        .await
        .map_err(failed("listing appointment types"))?;
    let kind = types
        .data
        .unwrap_or_default()
        .into_iter()
        .find_map(|t| t.oid.map(|oid| (oid, t.name.unwrap_or_default())))
        .ok_or_else(|| QuickstartError::Unexpected("no appointment types".to_owned()))?;
    let properties = client
        .get(&tier2::GetProperties::new().page(0, 1))
        .await
        .map_err(failed("listing properties"))?;
    let property = properties
        .data
        .unwrap_or_default()
        .into_iter()
        .find_map(|p| p.oid)
        .ok_or_else(|| QuickstartError::Unexpected("no properties".to_owned()))?;
    let slots = client
        .get(&diary::GetAllocations::new(tomorrow(), kind.0.clone()).property_identifier(&property))
        .await
        .map_err(failed("finding a free slot"))?;
    let slot = slots
        .into_iter()
        .next()
        .ok_or_else(|| QuickstartError::Unexpected("no free diary slot this week".to_owned()))?;
    writeln!(
        out,
        "   free slot: {} to {} with {}",
        show(slot.start),
        show(slot.end),
        slot.staff_name.as_deref().unwrap_or("?")
    )?;

    let details = DiaryAppointmentDetails {
        appointment_type: Some(kind.0.clone()),
        subject: Some(format!("{} (agentOS quickstart)", kind.1)),
        extra_comments: None,
        allocation_details: Some(slot),
        guests: Some(vec![DiaryGuestDetails {
            forename: Some("Ada".to_owned()),
            surname: Some("Lovelace".to_owned()),
            email_address: Some("ada@example.com".to_owned()),
            ..DiaryGuestDetails::default()
        }]),
    };
    let id = client
        .post(&diary::PostAppointment::new(
            vec![property],
            details.clone(),
        ))
        .await
        .map_err(failed("creating the appointment"))?
        // A success without a body would be `None`: agentOS answers the new id.
        .ok_or_else(|| QuickstartError::Unexpected("no id for the new appointment".to_owned()))?;
    writeln!(out, "   POST   created   {id}")?;

    let changed = DiaryAppointmentDetails {
        extra_comments: Some("Tenant asked for the afternoon; keys at the office.".to_owned()),
        ..details
    };
    client
        .put(&diary::PutAppointment::new(id.clone(), changed))
        .await
        .map_err(failed("updating the appointment"))?;
    let read = client
        .get(&diary::GetAppointment::new(id.clone()))
        .await
        .map_err(failed("reading the appointment"))?;
    writeln!(
        out,
        "   PUT    updated   comment now {:?}",
        read.comment.as_deref().unwrap_or("")
    )?;

    client
        .patch(&diary::CancelAppointment::new(id.clone()))
        .await
        .map_err(failed("cancelling the appointment"))?;
    let read = client
        .get(&diary::GetAppointment::new(id.clone()))
        .await
        .map_err(failed("reading the appointment"))?;
    writeln!(
        out,
        "   PATCH  cancelled Cancelled = {}",
        read.cancelled.unwrap_or(false)
    )?;

    client
        .delete(&diary::DeleteAppointment::new(id.clone()))
        .await
        .map_err(failed("deleting the appointment"))?;
    writeln!(out, "   DELETE deleted   (204, no body)")?;
    Ok(id)
}

/// Asks for an appointment that does not exist and prints the typed error; returns its
/// resolution text.
pub(super) async fn show_not_found(
    client: &Client,
    id: &str,
    out: &mut dyn Write,
) -> Result<String, QuickstartError> {
    let err = match client.get(&diary::GetAppointment::new(id)).await {
        Err(err) => err,
        Ok(found) => {
            return Err(QuickstartError::Unexpected(format!(
                "appointment {id:?} still exists: {:?}",
                found.oid
            )));
        }
    };
    // The operation's own enum: a 404 is a variant to match, not a number to compare.
    let ApiError::Status {
        error: error @ GetAppointmentError::NotFound(body),
        ..
    } = &err
    else {
        return Err(failed("asking for a missing appointment")(err));
    };
    writeln!(out, "   GET appointment {id:?} -> {}", error.status())?;
    writeln!(out, "   variant:    GetAppointmentError::NotFound")?;
    writeln!(
        out,
        "   message:    {}",
        body.message.as_deref().unwrap_or(&body.text)
    )?;
    writeln!(out, "   resolution: {}", error.resolution())?;
    writeln!(
        out,
        "   support report (for a ticket; the key shows only its last 5 characters):"
    )?;
    for line in err.support_report().to_string().lines() {
        writeln!(out, "   | {line}")?;
    }
    Ok(error.resolution().to_owned())
}

/// Midnight at the start of tomorrow (UTC), as agentOS writes date-times.
fn tomorrow() -> DateTime {
    let today = time::OffsetDateTime::now_utc().date();
    let date = today.next_day().unwrap_or(today);
    DateTime::new(date, time::Time::MIDNIGHT)
}

fn show(value: Option<DateTime>) -> String {
    value.map_or_else(|| "?".to_owned(), |v| v.to_string())
}
