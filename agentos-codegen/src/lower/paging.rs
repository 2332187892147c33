//! Offset/count paging detection.
//!
//! An operation is paged when it takes integer query parameters `offset` and `count` and its
//! success body is a model with an integer `Count` and an array `Data` (agentOS's
//! `XxxModelResults` wrappers). Names are matched case-insensitively. A success without a body
//! is an empty page.

use crate::ir::{ModelKind, Operation, Paging, PagingField, ParamLocation, TypeRef};
use crate::lower::schema::TypeLowerer;

/// The paging of an operation, if it has the agentOS shape.
pub(crate) fn detect(op: &Operation, types: &TypeLowerer<'_>) -> Option<Paging> {
    let integer_query = |name: &str| {
        op.params.iter().position(|p| {
            p.location == ParamLocation::Query
                && p.wire.eq_ignore_ascii_case(name)
                && matches!(p.ty, TypeRef::I32 | TypeRef::I64)
        })
    };
    let offset = integer_query("offset")?;
    let count = integer_query("count")?;
    let TypeRef::Model(wrapper) = op.response.kind.json_type()? else {
        return None;
    };
    let ModelKind::Struct(fields) = &types.model(wrapper)?.kind else {
        return None;
    };
    let total = fields.iter().find(|f| {
        f.wire.eq_ignore_ascii_case("count") && matches!(f.ty, TypeRef::I32 | TypeRef::I64)
    })?;
    let data = fields
        .iter()
        .find(|f| f.wire.eq_ignore_ascii_case("data"))?;
    let TypeRef::Vec(item) = &data.ty else {
        return None;
    };
    // An `Option` output (a wrapper with required fields, which an empty success cannot
    // fill) pages too: no page is an empty one.
    if !matches!(
        op.response.kind,
        crate::ir::ResponseKind::Json(_) | crate::ir::ResponseKind::OptionalJson(_)
    ) {
        return None;
    }
    Some(Paging {
        offset,
        count,
        item: (**item).clone(),
        wrapper: wrapper.clone(),
        total_field: PagingField {
            name: total.name.clone(),
            ty: total.ty.clone(),
            optional: !total.required,
        },
        data_field: PagingField {
            name: data.name.clone(),
            ty: data.ty.clone(),
            optional: !data.required,
        },
    })
}
