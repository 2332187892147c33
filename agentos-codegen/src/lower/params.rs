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

/// The parameters of an operation, typed and named (`body` reserved when it has a request
/// body), and its path template as segments.
pub(crate) fn lower_params(
    doc: &OpenAPI,
    types: &mut TypeLowerer<'_>,
    f: &Found<'_>,
    type_name: &str,
    has_body: bool,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Param>, Vec<Segment>), LowerError> {
    let raw = collect_params(doc, f, warnings)?;
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
    Ok((params, segments))
}

/// Path-item and operation parameters merged (the operation's win), `$ref`s resolved, and the
/// ones the client supplies itself (`shortName`, `api_key`) or cannot send (headers, cookies)
/// left out.
fn collect_params<'a>(
    doc: &'a OpenAPI,
    f: &Found<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<RawParam<'a>>, LowerError> {
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
    let mut out = Vec::new();
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
                if !name.eq_ignore_ascii_case("api_key") {
                    warnings.push(Warning {
                        pointer,
                        message: format!(
                            "header and cookie parameters are not sent by generated code: `{name}` skipped"
                        ),
                    });
                }
                continue;
            }
        };
        out.push(RawParam {
            data,
            location,
            explode,
            pointer,
        });
    }
    Ok(out)
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
