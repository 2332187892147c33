//! Offset/count paging detection: the one place that decides whether an operation pages, and
//! in which form.
//!
//! An operation is paged when it takes integer parameters `offset` and `count` (names any
//! case), both in the query (v2/v3: `?offset=0&count=1000`) or both in the path (v4:
//! `/company/branches/{offset}/{count}`), and its success body is a model with an array `Data`
//! (agentOS's `XxxModelResults` wrappers) and, when the collection's size is given, an integer
//! `Count`. Without `Count` a stream ends at a short page (see the runtime's `pages` module).
//! A success without a body is an empty page.
//!
//! The form matters only to the writers: the page window is written into the path or the
//! query, as any parameter of its location, so the runtime's streams, page-size rules and
//! 504 halving treat both forms alike. A path-paged operation's `offset` and `count` are
//! never taken for resource ids (see [`crate::lower::status`]): no `NotFound` because of them.

use crate::ir::{Field, ModelKind, Paging, PagingField, Param, ParamLocation, Response, TypeRef};
use crate::lower::schema::TypeLowerer;

/// The paging of an operation with these parameters and this response, if it has the agentOS
/// shape.
pub(crate) fn detect(
    params: &[Param],
    response: &Response,
    types: &TypeLowerer<'_>,
) -> Option<Paging> {
    let location = [ParamLocation::Query, ParamLocation::Path]
        .into_iter()
        .find(|&at| window_param(params, at, "offset").is_some())?;
    let offset = window_param(params, location, "offset")?;
    let count = window_param(params, location, "count")?;
    // An `Option` output (a wrapper with required fields, which an empty success cannot
    // fill) pages too: no page is an empty one.
    let TypeRef::Model(wrapper) = response.kind.json_type()? else {
        return None;
    };
    let ModelKind::Struct(fields) = &types.model(wrapper)?.kind else {
        return None;
    };
    let data = fields
        .iter()
        .find(|f| f.wire.eq_ignore_ascii_case("data"))?;
    let TypeRef::Vec(item) = &data.ty else {
        return None;
    };
    let total = fields
        .iter()
        .find(|f| f.wire.eq_ignore_ascii_case("count") && is_integer(&f.ty));
    Some(Paging {
        location,
        offset,
        count,
        item: (**item).clone(),
        wrapper: wrapper.clone(),
        total_field: total.map(paging_field),
        data_field: paging_field(data),
    })
}

/// The index of the integer parameter `name` (any case) at `location`.
fn window_param(params: &[Param], location: ParamLocation, name: &str) -> Option<usize> {
    params.iter().position(|p| {
        p.location == location && p.wire.eq_ignore_ascii_case(name) && is_integer(&p.ty)
    })
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64)
}

fn paging_field(field: &Field) -> PagingField {
    PagingField {
        name: field.name.clone(),
        ty: field.ty.clone(),
        optional: !field.required,
    }
}
