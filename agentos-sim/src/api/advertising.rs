//! Handlers of the v4 advertising call group: company, branches, advertised lettings and sales.

use axum::Json;
use axum::extract::State;

use super::extract::{Ids, Query};
use super::{SimStateRef, branch_by_id, company as company_of, known_branch, paged};
use crate::error::ApiError;
use crate::model::{Branch, Company, Page, SalesInstruction, Tenancy};

/// `GET /v4/advertising/{shortName}/company/company`
pub(crate) async fn company(Ids(short_name): Ids<String>) -> Json<Company> {
    Json(company_of(&short_name))
}

/// `GET /v4/advertising/{shortName}/company/branches` (paged)
pub(crate) async fn branches(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Branch>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().branches, page)))
}

/// `GET /v4/advertising/{shortName}/company/branches/{branchID}`
pub(crate) async fn branch(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Branch>, ApiError> {
    branch_by_id(&state, &id).map(Json)
}

/// Filters shared by the two advertised-lettings operations.
struct LettingFilters {
    area: Option<String>,
    rent_min: Option<f64>,
    rent_max: Option<f64>,
    tenants: Option<i32>,
    shared: Option<bool>,
    student: Option<bool>,
}

impl LettingFilters {
    fn read(q: &Query) -> Result<Self, ApiError> {
        Ok(LettingFilters {
            area: q.optional("areaID").map(str::to_owned),
            rent_min: q.optional_f64("rentMinimum")?,
            rent_max: q.optional_f64("rentMaximum")?,
            tenants: q.optional_i32("maximumTenants")?,
            shared: q.optional_bool("wantSharedProperties")?,
            student: q.optional_bool("wantStudentProperties")?,
        })
    }

    fn keeps(&self, t: &Tenancy) -> bool {
        self.area.as_ref().is_none_or(|a| *a == t.area)
            && self.rent_min.is_none_or(|m| t.rent_advertised >= m)
            && self.rent_max.is_none_or(|m| t.rent_advertised <= m)
            && self.tenants.is_none_or(|n| t.maximum_tenants >= n)
            // `false` leaves such lettings out; `true` or absent keeps them.
            && (self.shared != Some(false) || !t.is_share_property)
            && (self.student != Some(false) || !t.is_student_property)
    }
}

/// `GET /v4/advertising/{shortName}/lettings/advertised` (paged)
pub(crate) async fn advertised(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Tenancy>>, ApiError> {
    let branch = q.required("branchID")?;
    let page = q.page()?;
    let filters = LettingFilters::read(&q)?;
    known_branch(&state, branch)?;
    let data = state.data();
    let items = data
        .tenancies
        .iter()
        .filter(|t| t.is_tenancy_advertised && t.branch == branch && filters.keeps(t));
    Ok(Json(paged(items, page)))
}

/// `GET /v4/advertising/{shortName}/lettings/advertisedbetweendates` (paged, deprecated)
pub(crate) async fn advertised_between_dates(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Tenancy>>, ApiError> {
    let branch = q.required("branchID")?;
    let page = q.page()?;
    let from = q.required_datetime("rangeStartDate")?;
    let to = q.required_datetime("rangeEndDate")?;
    if to < from {
        return Err(ApiError::bad_request(
            "rangeEndDate must not be before rangeStartDate.",
        ));
    }
    known_branch(&state, branch)?;
    let data = state.data();
    let items = data.tenancies.iter().filter(|t| {
        t.is_tenancy_advertised
            && t.branch == branch
            && t.advertise_from.is_some_and(|d| from <= d && d <= to)
    });
    Ok(Json(paged(items, page)))
}

/// `GET /v4/advertising/{shortName}/sales/advertisedsales` (paged)
pub(crate) async fn advertised_sales(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<SalesInstruction>>, ApiError> {
    let branch = q.required("branchID")?;
    let page = q.page()?;
    let only_development = q.required_bool("onlyDevelopement")?;
    let only_investment = q.required_bool("onlyInvestements")?;
    let min_price = q.optional_f64("minimumPrice")?;
    let max_price = q.optional_f64("maximumPrice")?;
    let min_beds = q.optional_i32("minimumBeds")?;
    known_branch(&state, branch)?;
    let data = state.data();
    let items = data.sales.iter().filter(|s| {
        s.branch == branch
            && matches!(s.state, "Advertised" | "UnderOffer")
            && (!only_development || s.development_opp)
            && (!only_investment || s.investment_opp)
            && min_price.is_none_or(|p| s.price >= p)
            && max_price.is_none_or(|p| s.price <= p)
            && min_beds.is_none_or(|b| s.bedrooms >= b)
    });
    Ok(Json(paged(items, page)))
}
