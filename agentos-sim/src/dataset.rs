//! The seeded, deterministic dataset: the same seed and sizes always give the same records, in
//! the same order, with the same ids.
//!
//! Records are concentrated on the first branches (appointments on the first two, properties,
//! tenancies, sales and areas on the first four) so per-branch searches also need paging.

use time::{Date, Duration as TimeDuration, Month, PrimitiveDateTime, Time};

use crate::config::DatasetSize;
use crate::dates;
use crate::model::{
    Appointment, AppointmentType, Area, Branch, County, Guest, LinkedGuest, LinkedLandlord,
    LinkedProperty, Property, Room, SalesInstruction, Staff, Tenancy,
};

const TOWNS: &[&str] = &[
    "Harrogate",
    "Ripon",
    "Skipton",
    "Otley",
    "Ilkley",
    "Thirsk",
    "Malton",
    "Whitby",
    "Selby",
    "Goole",
    "Beverley",
    "Driffield",
    "Settle",
    "Richmond",
    "Bedale",
    "Pickering",
];
const STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Lane",
    "Park Avenue",
    "Victoria Road",
    "The Green",
    "Market Place",
    "Chapel Street",
    "Westgate",
    "Kirkgate",
    "Bondgate",
];
const FORENAMES: &[&str] = &[
    "Amelia", "Oliver", "Isla", "George", "Ava", "Harry", "Freya", "Jack", "Poppy", "Noah", "Evie",
    "Arthur", "Ruby", "Leo", "Grace", "Oscar",
];
const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Walker", "Thompson", "Robinson", "Hughes", "Clarke", "O'Neill",
];
const COUNTIES: &[&str] = &[
    "North Yorkshire",
    "West Yorkshire",
    "East Riding of Yorkshire",
    "Lancashire",
    "Cumbria",
    "Durham",
    "Northumberland",
    "Lincolnshire",
    "Derbyshire",
    "Nottinghamshire",
    "Cheshire",
    "Staffordshire",
];
const TYPE_NAMES: &[(&str, &str)] = &[
    ("Viewing", "Viewing"),
    ("Viewing and valuation", "ViewAndValue"),
    ("Check-in inspection", "OpeningInspection"),
    ("Mid-term inspection", "InterimInspection"),
    ("Check-out inspection", "ClosingInspection"),
    ("Sales valuation", "SalesAppraisal"),
];
const CUSTOM_TYPES: &[&str] = &[
    "Key collection",
    "Gas safety check",
    "Photography",
    "Landlord meeting",
    "Contractor visit",
    "Inventory",
    "EPC survey",
    "Smoke alarm test",
];
const PROPERTY_TYPES: &[&str] = &[
    "House",
    "FlatApartment",
    "Bungalow",
    "TerracedHouse",
    "EndTerraceHouse",
    "SemiDetachedHouse",
    "DetachedHouse",
    "TownHouse",
    "Cottage",
    "Studio",
    "Apartment",
];
const ROOMS: &[&str] = &[
    "Living room",
    "Kitchen",
    "Bedroom",
    "Bathroom",
    "Dining room",
    "En-suite",
    "Study",
    "Utility",
];
const FLOORS: &[&str] = &["Ground", "First", "Second", "Basement"];
const REMINDERS: &[&str] = &["Min15", "Min30", "Hour", "Day", "NoReminder"];
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
const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Dr"];

/// Ids of records that exist in a simulator's dataset, one per kind of path or query id, for
/// calling every operation with valid parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixtures {
    /// A branch that holds appointments, properties, tenancies, sales and areas.
    pub branch_id: String,
    /// Every appointment type id.
    pub appointment_type_ids: Vec<String>,
    /// A seeded appointment of `branch_id`.
    pub appointment_id: String,
    /// How many seeded appointments `branch_id` has (all types, all dates).
    pub appointments_in_branch: usize,
    /// Start of a range holding every seeded appointment, in the wire format.
    pub appointments_from: String,
    /// End of that range, in the wire format.
    pub appointments_to: String,
    /// A property of `branch_id`.
    pub property_id: String,
    /// A photo of `property_id`.
    pub photo_id: String,
    /// A tenancy.
    pub tenancy_id: String,
    /// An area.
    pub area_id: String,
    /// A county that has branches.
    pub county_id: String,
    /// A staff member.
    pub staff_id: String,
}

/// Every record of a simulator. Appointments change through the diary operations; the rest
/// is read-only.
#[derive(Debug)]
pub(crate) struct Dataset {
    pub(crate) branches: Vec<Branch>,
    pub(crate) appointment_types: Vec<AppointmentType>,
    pub(crate) appointments: Vec<Appointment>,
    pub(crate) properties: Vec<Property>,
    pub(crate) tenancies: Vec<Tenancy>,
    pub(crate) sales: Vec<SalesInstruction>,
    pub(crate) staff: Vec<Staff>,
    pub(crate) areas: Vec<Area>,
    pub(crate) counties: Vec<County>,
    pub(crate) guests: Vec<Guest>,
    /// Feedback stored by `appointment/feedback`: (id, appointment id, text).
    pub(crate) feedback: Vec<(String, String, String)>,
    /// Viewings booked through `viewing/bookings`.
    pub(crate) viewings: usize,
    /// Counter for ids of created records, so they never collide with seeded ones.
    pub(crate) next_id: u64,
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    // Every list here is a non-empty constant or checked before use.
    &items[rng.usize(..items.len())]
}

/// One of a list of names (a wire enum value).
fn pick_str(rng: &mut fastrand::Rng, items: &[&'static str]) -> &'static str {
    items[rng.usize(..items.len())]
}

/// An object id: a kind prefix, the record's index (for uniqueness) and seeded noise.
fn oid(rng: &mut fastrand::Rng, prefix: &str, index: usize) -> String {
    format!("{prefix}{index:06}{:08X}", rng.u32(..))
}

fn etag(rng: &mut fastrand::Rng) -> String {
    format!("{:016x}", rng.u64(..))
}

fn day(offset_days: i64) -> Date {
    // 2024-01-01 is a valid date; the fallback only guards the arithmetic.
    let base = Date::from_calendar_date(2024, Month::January, 1).unwrap_or(Date::MIN);
    base.checked_add(TimeDuration::days(offset_days))
        .unwrap_or(base)
}

fn at(date: Date, hour: u8, minute: u8) -> PrimitiveDateTime {
    PrimitiveDateTime::new(
        date,
        Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT),
    )
}

fn postcode(rng: &mut fastrand::Rng) -> String {
    let area = pick(rng, &["HG", "LS", "YO", "BD", "DL", "HU"]);
    format!(
        "{area}{} {}{}{}",
        rng.u8(1..30),
        rng.u8(1..10),
        char::from(rng.u8(b'A'..=b'Z')),
        char::from(rng.u8(b'A'..=b'Z'))
    )
}

fn mobile(rng: &mut fastrand::Rng) -> String {
    format!("07{:03} {:06}", rng.u16(100..1000), rng.u32(0..1_000_000))
}

impl Dataset {
    /// Builds the dataset for `seed`.
    pub(crate) fn generate(seed: u64, size: &DatasetSize) -> Dataset {
        let mut rng = fastrand::Rng::with_seed(seed);
        // Every collection keeps at least one record, so fixtures and picks always exist.
        let size = DatasetSize {
            branches: size.branches.max(4),
            appointment_types: size.appointment_types.max(1),
            appointments: size.appointments.max(1),
            properties: size.properties.max(4),
            tenancies: size.tenancies.max(1),
            sales_instructions: size.sales_instructions.max(1),
            staff: size.staff.max(1),
            areas: size.areas.max(4),
            counties: size.counties.max(1),
            guests: size.guests.max(1),
        };

        let counties: Vec<County> = (0..size.counties)
            .map(|i| {
                let base = COUNTIES[i % COUNTIES.len()];
                let name = if i < COUNTIES.len() {
                    base.to_owned()
                } else {
                    format!("{base} {}", i / COUNTIES.len() + 1)
                };
                County {
                    oid: oid(&mut rng, "CTY", i),
                    etag: etag(&mut rng),
                    name,
                }
            })
            .collect();

        let branches: Vec<Branch> = (0..size.branches)
            .map(|i| {
                let town = *pick(&mut rng, TOWNS);
                let county_index = i % counties.len();
                let street = *pick(&mut rng, STREETS);
                let has_line3 = rng.bool();
                Branch {
                    oid: oid(&mut rng, "BRN", i),
                    etag: etag(&mut rng),
                    name: format!("{town} {}", i + 1),
                    company_name: "Dales & Coast Lettings".to_owned(),
                    address1: format!("{} {street}", rng.u16(1..200)),
                    address2: Some(town.to_owned()),
                    address3: has_line3.then(|| "Town Centre".to_owned()),
                    address4: None,
                    county: counties[county_index].name.clone(),
                    postcode: postcode(&mut rng),
                    email_address: format!("branch{}@dalesandcoast.example", i + 1),
                    land_phone: format!("01423 {:06}", rng.u32(0..1_000_000)),
                    fax_phone: rng
                        .bool()
                        .then(|| format!("01423 {:06}", rng.u32(0..1_000_000))),
                    web_address: Some(format!("https://dalesandcoast.example/branches/{}", i + 1)),
                    county_index,
                }
            })
            .collect();

        let staff: Vec<Staff> = (0..size.staff)
            .map(|i| {
                let forename = (*pick(&mut rng, FORENAMES)).to_owned();
                let surname = (*pick(&mut rng, SURNAMES)).to_owned();
                let born = day(-(rng.i64(8_000..20_000)));
                Staff {
                    oid: oid(&mut rng, "STF", i),
                    etag: etag(&mut rng),
                    title: pick_str(&mut rng, TITLES),
                    contact_email: format!(
                        "{}.{}@dalesandcoast.example",
                        forename.to_lowercase(),
                        surname.to_lowercase().replace('\'', "")
                    ),
                    forename,
                    middlename: rng.bool().then(|| (*pick(&mut rng, FORENAMES)).to_owned()),
                    surname,
                    contact_mobile: mobile(&mut rng),
                    date_of_birth: rng.bool().then(|| at(born, 0, 0)),
                    is_enabled: rng.u8(0..10) > 0,
                    global_reference: format!("STF{:04}", i + 1),
                }
            })
            .collect();

        let appointment_types: Vec<AppointmentType> = (0..size.appointment_types)
            .map(|i| {
                let (name, system_type) = match TYPE_NAMES.get(i) {
                    Some(&(name, system)) => (name.to_owned(), system),
                    None => {
                        let k = i - TYPE_NAMES.len();
                        let base = CUSTOM_TYPES[k % CUSTOM_TYPES.len()];
                        let name = if k < CUSTOM_TYPES.len() {
                            base.to_owned()
                        } else {
                            format!("{base} ({})", k / CUSTOM_TYPES.len() + 1)
                        };
                        (name, "Custom")
                    }
                };
                AppointmentType {
                    oid: oid(&mut rng, "DAT", i),
                    etag: etag(&mut rng),
                    name,
                    system_type,
                }
            })
            .collect();

        let areas: Vec<Area> = (0..size.areas)
            .map(|i| Area {
                oid: oid(&mut rng, "ARE", i),
                etag: etag(&mut rng),
                name: format!(
                    "{} {}",
                    pick(&mut rng, TOWNS),
                    pick(&mut rng, &["North", "South", "East", "West", "Centre"])
                ),
                branch: branches[i % 4].oid.clone(),
                show_on_sites: rng.u8(0..5) > 0,
            })
            .collect();

        let properties: Vec<Property> = (0..size.properties)
            .map(|i| {
                let branch = i % 4;
                // Areas `branch`, `branch + 4`, ... belong to this property's branch.
                let area_slots = (areas.len() - branch).div_ceil(4);
                let area = branch + 4 * rng.usize(..area_slots);
                let property_oid = oid(&mut rng, "PRP", i);
                let number = rng.u16(1..250).to_string();
                let street = *pick(&mut rng, STREETS);
                let town = *pick(&mut rng, TOWNS);
                let flat = (rng.u8(0..4) == 0).then(|| format!("Flat {}", rng.u8(1..9)));
                let code = postcode(&mut rng);
                let rooms = (0..rng.usize(3..=6))
                    .map(|r| Room {
                        oid: format!("{property_oid}R{r}"),
                        etag: etag(&mut rng),
                        room_name: (*pick(&mut rng, ROOMS)).to_owned(),
                        description: rng.bool().then(|| "Carpeted, double glazed.".to_owned()),
                        room_floor: pick_str(&mut rng, FLOORS),
                        length_meters: rng.i32(2..7),
                        length_centimeters: rng.i32(0..100),
                        width_meters: rng.i32(2..6),
                        width_centimeters: rng.i32(0..100),
                    })
                    .collect();
                let photos: Vec<String> = (0..2).map(|p| format!("{property_oid}P{p}")).collect();
                let landlord_forename = (*pick(&mut rng, FORENAMES)).to_owned();
                let landlord_surname = (*pick(&mut rng, SURNAMES)).to_owned();
                let linked = LinkedProperty {
                    oid: property_oid.clone(),
                    etag: etag(&mut rng),
                    address_number: number.clone(),
                    address_flat_room_number: flat.clone(),
                    address1: street.to_owned(),
                    address2: Some(town.to_owned()),
                    postcode: code.clone(),
                    main_landlord: LinkedLandlord {
                        oid: oid(&mut rng, "LLD", i),
                        etag: etag(&mut rng),
                        title: pick_str(&mut rng, TITLES),
                        email: format!(
                            "{}@landlords.example",
                            landlord_surname.to_lowercase().replace('\'', "")
                        ),
                        forename: landlord_forename,
                        surname: landlord_surname,
                        phone_number: mobile(&mut rng),
                    },
                };
                let full_address = match &flat {
                    Some(f) => format!("{f}, {number} {street}, {town}, {code}"),
                    None => format!("{number} {street}, {town}, {code}"),
                };
                Property {
                    etag: etag(&mut rng),
                    global_reference: format!("PRP{:05}", i + 1),
                    branch: branches[branch].oid.clone(),
                    area: areas[area].oid.clone(),
                    full_address,
                    description: format!("A well kept home on {street} close to {town} centre."),
                    property_type: pick_str(&mut rng, PROPERTY_TYPES),
                    managed_by_staff: pick(&mut rng, &staff).oid.clone(),
                    main_photo: photos[0].clone(),
                    property_source: rng.bool().then_some("Website"),
                    video_url: (rng.u8(0..4) == 0)
                        .then(|| format!("https://video.example/{property_oid}")),
                    oid: property_oid,
                    rooms,
                    photos,
                    linked,
                }
            })
            .collect();

        let tenancies: Vec<Tenancy> = (0..size.tenancies)
            .map(|i| {
                let property = &properties[i % properties.len()];
                let advertised = rng.u8(0..10) < 6;
                let start = day(rng.i64(0..730));
                let min_tenants = rng.i32(1..3);
                let tenant_types = (0..rng.usize(1..4))
                    .map(|_| *pick(&mut rng, TENANT_TYPES))
                    .collect();
                Tenancy {
                    oid: oid(&mut rng, "TEN", i),
                    etag: etag(&mut rng),
                    global_reference: format!("TEN{:05}", i + 1),
                    branch: property.branch.clone(),
                    area: property.area.clone(),
                    tenancy_property: property.oid.clone(),
                    advertise_from: advertised.then(|| at(day(rng.i64(0..730)), 9, 0)),
                    term_start: at(start, 0, 0),
                    term_minimum: 6,
                    term_maximum: *pick(&mut rng, &[12, 24, 36]),
                    rent_advertised: f64::from(rng.u32(450..2_500)),
                    rent_schedule: "Monthly",
                    bond_required: f64::from(rng.u32(500..3_000)),
                    furnished: pick_str(&mut rng, &["Unfurnished", "PartFurnished", "Furnished"]),
                    minimum_tenants: min_tenants,
                    maximum_tenants: min_tenants + rng.i32(0..5),
                    is_share_property: rng.u8(0..5) == 0,
                    is_student_property: rng.u8(0..5) == 0,
                    is_tenancy_advertised: advertised,
                    is_tenancy_proposed: rng.u8(0..10) == 0,
                    tenant_system_types: tenant_types,
                    utility_gas: pick_str(&mut rng, &["Tenant", "Landlord"]),
                    utility_electricity: "Tenant",
                }
            })
            .collect();

        let sales: Vec<SalesInstruction> = (0..size.sales_instructions)
            .map(|i| {
                let branch = i % 4;
                let area_slots = (areas.len() - branch).div_ceil(4);
                let area = branch + 4 * rng.usize(..area_slots);
                SalesInstruction {
                    oid: oid(&mut rng, "SIN", i),
                    etag: etag(&mut rng),
                    address_number: rng.u16(1..250).to_string(),
                    address1: (*pick(&mut rng, STREETS)).to_owned(),
                    address2: Some((*pick(&mut rng, TOWNS)).to_owned()),
                    postcode: postcode(&mut rng),
                    area: areas[area].oid.clone(),
                    price: f64::from(rng.u32(60..900)) * 1_000.0,
                    bedrooms: rng.i32(1..6),
                    bathrooms: rng.i32(1..4),
                    reception_rooms: rng.i32(1..4),
                    development_opp: rng.u8(0..6) == 0,
                    investment_opp: rng.u8(0..4) == 0,
                    epc_current_eer: rng.i32(30..95),
                    state: pick_str(
                        &mut rng,
                        &["Instructed", "Advertised", "Advertised", "UnderOffer"],
                    ),
                    tenure: pick_str(&mut rng, &["Freehold", "Leasehold", "ShareOfFreehold"]),
                    description: "Spacious family home with a garden.".to_owned(),
                    video_url: None,
                    branch: branches[branch].oid.clone(),
                }
            })
            .collect();

        let guests: Vec<Guest> = (0..size.guests)
            .map(|i| {
                let forename = (*pick(&mut rng, FORENAMES)).to_owned();
                let surname = (*pick(&mut rng, SURNAMES)).to_owned();
                Guest {
                    oid: oid(&mut rng, "GST", i),
                    email_address: format!(
                        "{}.{}{}@mail.example",
                        forename.to_lowercase(),
                        surname.to_lowercase().replace('\'', ""),
                        i
                    ),
                    forename,
                    surname,
                    contact_mobile: rng.bool().then(|| mobile(&mut rng)),
                    branch: branches[i % 4].oid.clone(),
                }
            })
            .collect();

        let appointments: Vec<Appointment> = (0..size.appointments)
            .map(|i| {
                let branch = i % 2;
                // Properties `branch`, `branch + 4`, ... belong to this appointment's branch.
                let property_slots = (properties.len() - branch).div_ceil(4);
                let property = &properties[branch + 4 * rng.usize(..property_slots)];
                let kind = pick(&mut rng, &appointment_types);
                let start = at(
                    day(rng.i64(0..730)),
                    rng.u8(9..17),
                    *pick(&mut rng, &[0, 30]),
                );
                let end = start + TimeDuration::minutes(*pick(&mut rng, &[30, 60]));
                let recurrence = if rng.u8(0..10) == 0 { rng.i32(1..5) } else { 0 };
                let holder = pick(&mut rng, &staff).oid.clone();
                let guest = rng.bool().then(|| {
                    let g = pick(&mut rng, &guests);
                    LinkedGuest {
                        oid: g.oid.clone(),
                        name: format!("{} {}", g.forename, g.surname),
                        email: Some(g.email_address.clone()),
                        mobile: g.contact_mobile.clone(),
                        global_reference: format!("APP{:05}", rng.u32(1..99_999)),
                        created_at: at(day(-30), 12, 0),
                    }
                });
                let created_at = (start - TimeDuration::days(rng.i64(1..30)))
                    .replace_millisecond(rng.u16(0..1000))
                    .unwrap_or(start);
                let remind_before = *pick(&mut rng, REMINDERS);
                Appointment {
                    oid: oid(&mut rng, "APT", i),
                    etag: etag(&mut rng),
                    appointment_type: kind.oid.clone(),
                    subject: format!("{} at {}", kind.name, property.linked.address1),
                    comment: rng.bool().then(|| "Tenant will let you in.".to_owned()),
                    start,
                    end,
                    staff: holder.clone(),
                    created_at,
                    created_by: holder,
                    cancelled: rng.u8(0..20) == 0,
                    remind_at: (remind_before != "NoReminder")
                        .then(|| start - TimeDuration::minutes(30)),
                    remind_before,
                    recurrence,
                    recurrence_type: (recurrence > 0).then_some("Weekly"),
                    next_recurring_date: (recurrence > 0)
                        .then(|| start + TimeDuration::weeks(i64::from(recurrence))),
                    linked_guest: guest.into_iter().collect(),
                    linked_properties: vec![property.linked.clone()],
                    branch: branches[branch].oid.clone(),
                    revision: 0,
                }
            })
            .collect();

        Dataset {
            branches,
            appointment_types,
            appointments,
            properties,
            tenancies,
            sales,
            staff,
            areas,
            counties,
            guests,
            feedback: Vec::new(),
            viewings: 0,
            next_id: 0,
        }
    }

    /// Ids to call every operation with.
    pub(crate) fn fixtures(&self) -> Fixtures {
        let branch_id = self
            .branches
            .first()
            .map(|b| b.oid.clone())
            .unwrap_or_default();
        let in_branch: Vec<&Appointment> = self
            .appointments
            .iter()
            .filter(|a| a.branch == branch_id)
            .collect();
        let property = self.properties.iter().find(|p| p.branch == branch_id);
        let county = self
            .branches
            .first()
            .and_then(|b| self.counties.get(b.county_index));
        let first = |v: Option<&String>| v.cloned().unwrap_or_default();
        Fixtures {
            appointment_type_ids: self
                .appointment_types
                .iter()
                .map(|t| t.oid.clone())
                .collect(),
            appointment_id: first(in_branch.first().map(|a| &a.oid)),
            appointments_in_branch: in_branch.len(),
            appointments_from: dates::format(at(day(-1), 0, 0)),
            appointments_to: dates::format(at(day(800), 0, 0)),
            property_id: first(property.map(|p| &p.oid)),
            photo_id: first(property.and_then(|p| p.photos.first())),
            tenancy_id: first(self.tenancies.first().map(|t| &t.oid)),
            area_id: first(self.areas.first().map(|a| &a.oid)),
            county_id: first(county.map(|c| &c.oid)),
            staff_id: first(self.staff.first().map(|s| &s.oid)),
            branch_id,
        }
    }

    /// A fresh id for a created record.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}NEW{:09}", self.next_id)
    }

    pub(crate) fn branch(&self, id: &str) -> Option<&Branch> {
        self.branches.iter().find(|b| b.oid == id)
    }

    pub(crate) fn property(&self, id: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.oid == id)
    }

    pub(crate) fn appointment_type(&self, id: &str) -> Option<&AppointmentType> {
        self.appointment_types.iter().find(|t| t.oid == id)
    }

    pub(crate) fn staff_member(&self, id: &str) -> Option<&Staff> {
        self.staff.iter().find(|s| s.oid == id)
    }

    pub(crate) fn appointment_index(&self, id: &str) -> Option<usize> {
        self.appointments.iter().position(|a| a.oid == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_honoured_and_ids_unique() {
        let size = DatasetSize::default();
        let data = Dataset::generate(3, &size);
        assert_eq!(data.branches.len(), 2_500);
        assert_eq!(data.appointment_types.len(), 30);
        assert_eq!(data.appointments.len(), 3_000);
        assert_eq!(data.properties.len(), 1_200);
        let mut ids: Vec<&str> = data.branches.iter().map(|b| b.oid.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 2_500);
    }

    #[test]
    fn fixtures_point_at_existing_related_records() {
        let data = Dataset::generate(9, &DatasetSize::default());
        let f = data.fixtures();
        assert!(data.branch(&f.branch_id).is_some());
        let property = data.property(&f.property_id).unwrap();
        assert_eq!(property.branch, f.branch_id);
        assert!(property.photos.contains(&f.photo_id));
        let appointment = &data.appointments[data.appointment_index(&f.appointment_id).unwrap()];
        assert_eq!(appointment.branch, f.branch_id);
        assert_eq!(f.appointments_in_branch, 1_500);
        assert!(f.appointments_from < f.appointments_to);
    }

    #[test]
    fn tiny_sizes_still_give_usable_fixtures() {
        let size = DatasetSize {
            branches: 0,
            appointment_types: 0,
            appointments: 0,
            properties: 0,
            tenancies: 0,
            sales_instructions: 0,
            staff: 0,
            areas: 0,
            counties: 0,
            guests: 0,
        };
        let f = Dataset::generate(1, &size).fixtures();
        assert!(!f.branch_id.is_empty());
        assert!(!f.appointment_id.is_empty());
        assert!(!f.photo_id.is_empty());
    }
}
