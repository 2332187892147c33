//! Handlers of the v2 tier 1 (free) call group: company, areas, counties and their branches.

use axum::Json;
use axum::extract::State;

use super::extract::{Ids, Query};
use super::{SimStateRef, company as company_of, paged};
use crate::error::ApiError;
use crate::model::{Area, Branch, Company, County, Page};

/// `GET /v2/tier1/{shortName}/company`
pub(crate) async fn company(Ids(short_name): Ids<String>) -> Json<Company> {
    Json(company_of(&short_name))
}

/// `GET /v2/tier1/{shortName}/area/areas` (paged)
pub(crate) async fn areas(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<Area>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().areas, page)))
}

/// `GET /v2/tier1/{shortName}/area/areas/{areaID}`
pub(crate) async fn area(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
) -> Result<Json<Area>, ApiError> {
    state
        .data()
        .areas
        .iter()
        .find(|a| a.oid == id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("No area has the id '{id}'.")))
}

/// `GET /v2/tier1/{shortName}/county/counties` (paged)
pub(crate) async fn counties(
    State(state): SimStateRef,
    q: Query,
) -> Result<Json<Page<County>>, ApiError> {
    let page = q.page()?;
    Ok(Json(paged(&state.data().counties, page)))
}

/// `GET /v2/tier1/{shortName}/county/counties/{countyID}/branches` (paged)
pub(crate) async fn county_branches(
    State(state): SimStateRef,
    Ids((_, id)): Ids<(String, String)>,
    q: Query,
) -> Result<Json<Page<Branch>>, ApiError> {
    let page = q.page()?;
    let data = state.data();
    let county = data
        .counties
        .iter()
        .position(|c| c.oid == id)
        .ok_or_else(|| ApiError::not_found(format!("No county has the id '{id}'.")))?;
    let items = data.branches.iter().filter(|b| b.county_index == county);
    Ok(Json(paged(items, page)))
}
