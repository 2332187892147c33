//! Parameters and path templates: path-item and operation parameters merged and typed, the
//! template split into literals, the short name and parameters.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema};

use crate::ir::{Param, ParamLocation, Segment, TypeRef, Warning};
use crate::lower::naming::{dedupe, is_short_name, setter_name, snake, snake_suffix};
use crate::lower::operations::Found;
use crate::lower::schema::{Hint, TypeLowerer, clean};
use crate::lower::{LowerError, refs, secrets};

/// A parameter after `$ref` resolution, before typing.
struct RawParam<'a> {
    data: &'a openapiv3::ParameterData,
    location: ParamLocation,
    explode: bool,
    pointer: String,
}

/// Headers the client sets itself, which no parameter may set (lower case): the runtime's
/// `agentos_runtime::header::RESERVED` (the tests crate checks the two lists agree), with the
/// API key's default name. A document that declares one gets a warning and the client's.
pub const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "content-type",
    "cookie",
];

/// Name-value pairs sent with every request of an operation (headers its path key fixes).
pub(crate) type Constants = Vec<(String, String)>;

/// The parameters of an operation, typed and named (`body` reserved when it has a request
/// body), its path template as segments, and the headers its path key fixes
/// (`#X-Amz-Target=Service.Action`, see `lower::path_key`).
pub(crate) fn lower_params(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    f: &Found<'_>,
    type_name: &str,
    has_body: bool,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Param>, Vec<Segment>, Constants), LowerError> {
    let (raw, constant_headers) = collect_params(doc, f, warnings)?;
    let mut reserved = BTreeSet::new();
    if has_body {
        reserved.insert("body".to_owned());
    }
    let bases: Vec<String> = raw.iter().map(|p| snake(&p.data.name)).collect();
    let fields = dedupe(&bases, &reserved, snake_suffix);
    let setter_bases: Vec<String> = fields.iter().map(|f| setter_name(f)).collect();
    let setters = dedupe(&setter_bases, &BTreeSet::new(), snake_suffix);

    let mut params = Vec::with_capacity(raw.len());
    for ((p, field), setter) in raw.iter().zip(fields).zip(setters) {
        let hint = Hint::new(
            Some(type_name),
            &p.data.name,
            format!("{} {} parameter `{}`", f.method, f.path, p.data.name),
        );
        let schema = param_schema(p.data);
        let inline = match &schema {
            Some(ReferenceOr::Item(schema)) => Some(schema),
            _ => None,
        };
        let secret = secrets::is_secret(
            &secrets::Declared {
                name: &p.data.name,
                extensions: &p.data.extensions,
                pointer: &p.pointer,
                schema: inline,
            },
            types.schemes(),
        )?;
        let mut ty = match &schema {
            Some(schema) => types.type_of(schema, &hint, &format!("{}/schema", p.pointer))?,
            None => TypeRef::String,
        };
        if !writable(&ty, types) {
            warnings.push(Warning {
                pointer: p.pointer.clone(),
                message: format!(
                    "parameter `{}` of type {} cannot be written into a URL as it is: sent as JSON text",
                    p.data.name,
                    ty.display_name()
                ),
            });
            ty = TypeRef::Json;
        }
        params.push(Param {
            wire: p.data.name.clone(),
            field,
            setter,
            location: p.location,
            ty,
            required: p.data.required || p.location == ParamLocation::Path,
            explode: p.explode,
            secret,
            description: clean(&p.data.description),
            deprecated: p.data.deprecated.unwrap_or(false),
        });
    }

    let segments = parse_template(f.path, &mut params, &f.pointer, warnings)?;
    Ok((params, segments, constant_headers))
}

/// Whether `name` is an HTTP token (a header or cookie name).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}

/// Whether `value` can be sent as a header value as it is (visible ASCII, tabs).
fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// Why a header or cookie parameter named `name` is not sent, if it is not.
fn unsendable(name: &str, cookie: bool) -> Option<String> {
    if !is_token(name) {
        let what = if cookie { "cookie" } else { "header" };
        return Some(format!(
            "`{name}` is not a valid {what} name: parameter skipped"
        ));
    }
    if !cookie && RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return Some(format!(
            "the header `{name}` is set by the client (from the body, the connection or the key), not by a parameter: skipped"
        ));
    }
    None
}

/// Path-item and operation parameters merged (the operation's win), `$ref`s resolved, and the
/// ones the client supplies itself (`shortName`, `api_key`, the headers it owns) left out; a
/// header the path key's `#Name=Value` fixes is returned as a constant header instead.
fn collect_params<'a>(
    doc: &'a OpenAPI,
    f: &Found<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<RawParam<'a>>, Constants), LowerError> {
    let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String)> = IndexMap::new();
    let path_pointer = f.pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let sources = [
        (&f.item.parameters, format!("{path_pointer}/parameters")),
        (&f.op.parameters, format!("{}/parameters", f.pointer)),
    ];
    for (list, base) in sources {
        for (i, param) in list.iter().enumerate() {
            let pointer = format!("{base}/{i}");
            let param = refs::resolve(doc.components.as_ref(), param, &pointer)?.item;
            let kind = match param {
                Parameter::Query { .. } => "query",
                Parameter::Path { .. } => "path",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            let name = param.parameter_data_ref().name.clone();
            merged.insert((name, kind), (param, pointer));
        }
    }
    let fixed = |name: &str| crate::lower::path_key::fixed_header(f.fragment.as_deref(), name);
    let mut out = Vec::new();
    let mut constant_headers = Vec::new();
    for ((name, _), (param, pointer)) in merged {
        let data = param.parameter_data_ref();
        let (location, explode) = match param {
            Parameter::Path { .. } if is_short_name(&format!("{{{name}}}")) => continue,
            Parameter::Path { .. } => (ParamLocation::Path, data.explode.unwrap_or(false)),
            Parameter::Query { style, .. } => {
                if name.eq_ignore_ascii_case("api_key") {
                    continue;
                }
                let default = matches!(style, QueryStyle::Form);
                (ParamLocation::Query, data.explode.unwrap_or(default))
            }
            Parameter::Header { .. } | Parameter::Cookie { .. } => {
                // The client sends its key itself.
                if name.eq_ignore_ascii_case("api_key") {
                    continue;
                }
                let cookie = matches!(param, Parameter::Cookie { .. });
                if let Some(why) = unsendable(&name, cookie) {
                    warnings.push(Warning {
                        pointer,
                        message: why,
                    });
                    continue;
                }
                if !cookie && let Some(value) = fixed(&name) {
                    if is_header_value(value) {
                        constant_headers.push((name.clone(), value.to_owned()));
                    } else {
                        warnings.push(Warning {
                            pointer: pointer.clone(),
                            message: format!(
                                "the path key's value for the header `{name}` is not a valid header value: the header is an input instead"
                            ),
                        });
                        out.push(RawParam {
                            data,
                            location: ParamLocation::Header,
                            explode: false,
                            pointer,
                        });
                    }
                    continue;
                }
                let location = if cookie {
                    ParamLocation::Cookie
                } else {
                    ParamLocation::Header
                };
                // Headers join an array's values with `,` (`simple`); cookies are `form`.
                (location, data.explode.unwrap_or(cookie))
            }
        };
        out.push(RawParam {
            data,
            location,
            explode,
            pointer,
        });
    }
    Ok((out, constant_headers))
}

/// The schema of a parameter (from `schema`, or the first `content` entry).
fn param_schema(data: &openapiv3::ParameterData) -> Option<ReferenceOr<Schema>> {
    match &data.format {
        ParameterSchemaOrContent::Schema(schema) => Some(schema.clone()),
        ParameterSchemaOrContent::Content(content) => {
            content.values().next().and_then(|m| m.schema.clone())
        }
    }
}

/// Whether a parameter of this type can be written with `Display` (arrays: per element).
fn writable(ty: &TypeRef, types: &TypeLowerer<'_>) -> bool {
    let display = |t: &TypeRef| match t {
        TypeRef::Model(name) => types
            .model(name)
            .is_some_and(|m| matches!(m.kind, crate::ir::ModelKind::Enum(_))),
        TypeRef::Bytes | TypeRef::Vec(_) | TypeRef::Map(_) => false,
        _ => true,
    };
    match ty {
        TypeRef::Vec(inner) => display(inner),
        other => display(other),
    }
}

/// Splits a path template into literals, the short name and parameters. A templated name
/// with no declared parameter becomes a required string parameter (with a warning).
fn parse_template(
    path: &str,
    params: &mut Vec<Param>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Segment>, LowerError> {
    let mut segments = Vec::new();
    let mut rest = path;
    let mut seen = BTreeSet::new();
    while !rest.is_empty() {
        match rest.find('{') {
            Some(start) => {
                if start > 0 {
                    push_literal(&mut segments, &rest[..start], pointer)?;
                }
                let after = &rest[start + 1..];
                let end = after.find('}').ok_or_else(|| {
                    LowerError::new(
                        pointer,
                        format!("expected `}}` closing a parameter in path `{path}`"),
                    )
                })?;
                let name = &after[..end];
                if name.is_empty() || name.contains('{') {
                    return Err(LowerError::new(
                        pointer,
                        format!("expected a parameter name between `{{` and `}}` in path `{path}`"),
                    ));
                }
                if is_short_name(&format!("{{{name}}}")) {
                    segments.push(Segment::ShortName);
                } else {
                    let index = find_path_param(params, name).unwrap_or_else(|| {
                        warnings.push(Warning {
                            pointer: pointer.to_owned(),
                            message: format!(
                                "path parameter `{name}` is not declared: typed as a string"
                            ),
                        });
                        let field = dedupe(
                            &[snake(name)],
                            &params.iter().map(|p| p.field.clone()).collect(),
                            snake_suffix,
                        )
                        .remove(0);
                        params.push(Param {
                            wire: name.to_owned(),
                            setter: setter_name(&field),
                            field,
                            location: ParamLocation::Path,
                            ty: TypeRef::String,
                            required: true,
                            explode: false,
                            secret: crate::lower::is_secret_name(name),
                            description: None,
                            deprecated: false,
                        });
                        params.len() - 1
                    });
                    seen.insert(index);
                    segments.push(Segment::Param(index));
                }
                rest = &after[end + 1..];
            }
            None => {
                if rest.contains('}') {
                    return Err(LowerError::new(
                        pointer,
                        format!("expected `{{` before `}}` in path `{path}`"),
                    ));
                }
                push_literal(&mut segments, rest, pointer)?;
                rest = "";
            }
        }
    }
    // Declared path parameters the template does not use cannot be sent: drop them.
    let unused: Vec<usize> = params
        .iter()
        .enumerate()
        .filter(|(i, p)| p.location == ParamLocation::Path && !seen.contains(i))
        .map(|(i, _)| i)
        .collect();
    if !unused.is_empty() {
        for &i in &unused {
            warnings.push(Warning {
                pointer: pointer.to_owned(),
                message: format!(
                    "path parameter `{}` does not appear in the path template: skipped",
                    params[i].wire
                ),
            });
        }
        let mut remap = Vec::with_capacity(params.len());
        let mut kept = Vec::new();
        for (i, p) in params.drain(..).enumerate() {
            if unused.contains(&i) {
                remap.push(usize::MAX);
            } else {
                remap.push(kept.len());
                kept.push(p);
            }
        }
        *params = kept;
        for segment in &mut segments {
            if let Segment::Param(i) = segment {
                *i = remap[*i];
            }
        }
    }
    Ok(segments)
}

fn push_literal(segments: &mut Vec<Segment>, text: &str, pointer: &str) -> Result<(), LowerError> {
    if text.contains('}') {
        return Err(LowerError::new(
            pointer,
            format!("expected `{{` before `}}` in path text `{text}`"),
        ));
    }
    segments.push(Segment::Literal(text.to_owned()));
    Ok(())
}

fn find_path_param(params: &[Param], name: &str) -> Option<usize> {
    let is_path = |p: &&Param| p.location == ParamLocation::Path;
    params
        .iter()
        .position(|p| is_path(&p) && p.wire == name)
        .or_else(|| {
            params
                .iter()
                .position(|p| is_path(&p) && p.wire.eq_ignore_ascii_case(name))
        })
}
