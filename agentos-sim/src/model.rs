//! The records the simulator serves, shaped like the schemas of `spec/agentos.yaml` (PascalCase
//! wire names with acronyms; absent values as `null`, as agentOS sends them). Fields marked
//! `serde(skip)` are the simulator's own bookkeeping.

use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::dates;

/// `CompanyModel`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Company {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    #[serde(rename = "CompanyName")]
    pub(crate) company_name: String,
    #[serde(rename = "MarketingCompanyName")]
    pub(crate) marketing_company_name: String,
    #[serde(rename = "CompanyRegistration")]
    pub(crate) company_registration: String,
    #[serde(rename = "ShortName")]
    pub(crate) short_name: String,
}

/// `AdvertisingBranchModel` and `BranchModel` (same fields).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Branch {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) name: String,
    pub(crate) company_name: String,
    pub(crate) address1: String,
    pub(crate) address2: Option<String>,
    pub(crate) address3: Option<String>,
    pub(crate) address4: Option<String>,
    pub(crate) county: String,
    pub(crate) postcode: String,
    #[serde(rename = "EMailAddress")]
    pub(crate) email_address: String,
    pub(crate) land_phone: String,
    pub(crate) fax_phone: Option<String>,
    pub(crate) web_address: Option<String>,
    #[serde(skip)]
    pub(crate) county_index: usize,
}

/// `TenancyModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Tenancy {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) global_reference: String,
    pub(crate) branch: String,
    pub(crate) area: String,
    pub(crate) tenancy_property: String,
    #[serde(serialize_with = "dates::serialize_opt")]
    pub(crate) advertise_from: Option<PrimitiveDateTime>,
    #[serde(serialize_with = "dates::serialize")]
    pub(crate) term_start: PrimitiveDateTime,
    pub(crate) term_minimum: i32,
    pub(crate) term_maximum: i32,
    pub(crate) rent_advertised: f64,
    pub(crate) rent_schedule: &'static str,
    pub(crate) bond_required: f64,
    pub(crate) furnished: &'static str,
    pub(crate) minimum_tenants: i32,
    pub(crate) maximum_tenants: i32,
    pub(crate) is_share_property: bool,
    pub(crate) is_student_property: bool,
    pub(crate) is_tenancy_advertised: bool,
    pub(crate) is_tenancy_proposed: bool,
    pub(crate) tenant_system_types: Vec<&'static str>,
    pub(crate) utility_gas: &'static str,
    pub(crate) utility_electricity: &'static str,
}

/// `SalesInstructionModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SalesInstruction {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) address_number: String,
    pub(crate) address1: String,
    pub(crate) address2: Option<String>,
    pub(crate) postcode: String,
    pub(crate) area: String,
    pub(crate) price: f64,
    pub(crate) bedrooms: i32,
    pub(crate) bathrooms: i32,
    pub(crate) reception_rooms: i32,
    pub(crate) development_opp: bool,
    pub(crate) investment_opp: bool,
    #[serde(rename = "EPCCurrentEER")]
    pub(crate) epc_current_eer: i32,
    pub(crate) state: &'static str,
    pub(crate) tenure: &'static str,
    pub(crate) description: String,
    #[serde(rename = "VideoURL")]
    pub(crate) video_url: Option<String>,
    #[serde(skip)]
    pub(crate) branch: String,
}

/// `DiaryBookingModel` and `ViewingBookingModel` as answered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Booking {
    #[serde(rename = "Start", serialize_with = "dates::serialize")]
    pub(crate) start: PrimitiveDateTime,
    #[serde(rename = "End", serialize_with = "dates::serialize")]
    pub(crate) end: PrimitiveDateTime,
    #[serde(rename = "StaffID")]
    pub(crate) staff_id: String,
    #[serde(rename = "StaffName")]
    pub(crate) staff_name: String,
}

/// `LinkedGuestModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct LinkedGuest {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) mobile: Option<String>,
    pub(crate) global_reference: String,
    #[serde(serialize_with = "dates::serialize")]
    pub(crate) created_at: PrimitiveDateTime,
}

/// `LinkedLandlordModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct LinkedLandlord {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) title: &'static str,
    pub(crate) forename: String,
    pub(crate) surname: String,
    pub(crate) email: String,
    pub(crate) phone_number: String,
}

/// `LinkedPropertiesModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct LinkedProperty {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) address_number: String,
    pub(crate) address_flat_room_number: Option<String>,
    pub(crate) address1: String,
    pub(crate) address2: Option<String>,
    pub(crate) postcode: String,
    pub(crate) main_landlord: LinkedLandlord,
}

/// `DiaryAppointmentModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Appointment {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) appointment_type: String,
    pub(crate) subject: String,
    pub(crate) comment: Option<String>,
    #[serde(serialize_with = "dates::serialize")]
    pub(crate) start: PrimitiveDateTime,
    #[serde(serialize_with = "dates::serialize")]
    pub(crate) end: PrimitiveDateTime,
    pub(crate) staff: String,
    #[serde(serialize_with = "dates::serialize_millis")]
    pub(crate) created_at: PrimitiveDateTime,
    pub(crate) created_by: String,
    pub(crate) cancelled: bool,
    #[serde(serialize_with = "dates::serialize_opt")]
    pub(crate) remind_at: Option<PrimitiveDateTime>,
    pub(crate) remind_before: &'static str,
    pub(crate) recurrence: i32,
    pub(crate) recurrence_type: Option<&'static str>,
    #[serde(serialize_with = "dates::serialize_opt")]
    pub(crate) next_recurring_date: Option<PrimitiveDateTime>,
    pub(crate) linked_guest: Vec<LinkedGuest>,
    pub(crate) linked_properties: Vec<LinkedProperty>,
    #[serde(skip)]
    pub(crate) branch: String,
    #[serde(skip)]
    pub(crate) revision: u32,
}

/// `DiaryAppointmentTypeModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AppointmentType {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) name: String,
    pub(crate) system_type: &'static str,
}

/// `GuestDiaryParametersModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Guest {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    pub(crate) forename: String,
    pub(crate) surname: String,
    pub(crate) email_address: String,
    pub(crate) contact_mobile: Option<String>,
    #[serde(skip)]
    pub(crate) branch: String,
}

/// `PropertyRoomModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Room {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) room_name: String,
    pub(crate) description: Option<String>,
    pub(crate) room_floor: &'static str,
    pub(crate) length_meters: i32,
    pub(crate) length_centimeters: i32,
    pub(crate) width_meters: i32,
    #[serde(rename = "WidthCentiMeters")]
    pub(crate) width_centimeters: i32,
}

/// `PropertyModel`, with its rooms, photos and landlord kept alongside.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Property {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) global_reference: String,
    pub(crate) branch: String,
    pub(crate) area: String,
    pub(crate) full_address: String,
    pub(crate) description: String,
    pub(crate) property_type: &'static str,
    pub(crate) managed_by_staff: String,
    pub(crate) main_photo: String,
    pub(crate) property_source: Option<&'static str>,
    #[serde(rename = "VideoURL")]
    pub(crate) video_url: Option<String>,
    #[serde(skip)]
    pub(crate) rooms: Vec<Room>,
    #[serde(skip)]
    pub(crate) photos: Vec<String>,
    #[serde(skip)]
    pub(crate) linked: LinkedProperty,
}

/// `ApplicationStaffModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Staff {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) title: &'static str,
    pub(crate) forename: String,
    pub(crate) middlename: Option<String>,
    pub(crate) surname: String,
    #[serde(rename = "ContactEMail")]
    pub(crate) contact_email: String,
    pub(crate) contact_mobile: String,
    #[serde(serialize_with = "dates::serialize_opt")]
    pub(crate) date_of_birth: Option<PrimitiveDateTime>,
    pub(crate) is_enabled: bool,
    pub(crate) global_reference: String,
}

/// `AreaModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Area {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) name: String,
    pub(crate) branch: String,
    pub(crate) show_on_sites: bool,
}

/// `CountyModel`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct County {
    #[serde(rename = "OID")]
    pub(crate) oid: String,
    #[serde(rename = "ETag")]
    pub(crate) etag: String,
    pub(crate) name: String,
}

/// A `{Count, Data}` page.
#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    #[serde(rename = "Count")]
    pub(crate) count: usize,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<T>,
}

/// `GuestDiaryParametersResultsModel`: a page that also carries `Links`.
#[derive(Debug, Serialize)]
pub(crate) struct LinkedPage<T> {
    #[serde(rename = "Count")]
    pub(crate) count: usize,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<T>,
    #[serde(rename = "Links")]
    pub(crate) links: Vec<Link>,
}

/// `BaseHypermediaLink`.
#[derive(Debug, Serialize)]
pub(crate) struct Link {
    #[serde(rename = "Href")]
    pub(crate) href: String,
    #[serde(rename = "Method")]
    pub(crate) method: &'static str,
    #[serde(rename = "Relationship")]
    pub(crate) relationship: &'static str,
}

// ------------------------------------------------------------------ request bodies

/// `DiaryBookingModel` as sent inside `DiaryAppointmentDetails`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct BookingIn {
    #[serde(rename = "Start")]
    pub(crate) start: Option<String>,
    #[serde(rename = "End")]
    pub(crate) end: Option<String>,
    #[serde(rename = "StaffID")]
    pub(crate) staff_id: Option<String>,
    /// Read only so a wrongly typed value is a 400.
    #[serde(rename = "StaffName")]
    pub(crate) _staff_name: Option<String>,
}

/// `DiaryGuestDetails`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GuestIn {
    #[serde(rename = "OID")]
    pub(crate) oid: Option<String>,
    pub(crate) forename: Option<String>,
    pub(crate) surname: Option<String>,
    pub(crate) email_address: Option<String>,
    pub(crate) mobile_phone: Option<String>,
    /// Read only so a wrongly typed value is a 400.
    #[serde(rename = "AllowMarketingCorrespondence")]
    pub(crate) _allow_marketing_correspondence: Option<bool>,
}

/// `DiaryAppointmentDetails`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AppointmentDetails {
    pub(crate) appointment_type: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) extra_comments: Option<String>,
    pub(crate) allocation_details: Option<BookingIn>,
    pub(crate) guests: Option<Vec<GuestIn>>,
}

/// `FeedbackSubmissionModel`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct FeedbackIn {
    #[serde(rename = "AppointmentID")]
    pub(crate) appointment_id: Option<String>,
    #[serde(rename = "PropertyID")]
    pub(crate) property_id: Option<String>,
    #[serde(rename = "Feedback")]
    pub(crate) feedback: Option<String>,
}

/// `ViewingBookingModel` as sent: every field is required by the schema.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ViewingBookingIn {
    #[serde(rename = "Start")]
    pub(crate) start: String,
    #[serde(rename = "End")]
    pub(crate) end: String,
    #[serde(rename = "StaffName")]
    pub(crate) staff_name: String,
    #[serde(rename = "StaffID")]
    pub(crate) staff_id: String,
}
