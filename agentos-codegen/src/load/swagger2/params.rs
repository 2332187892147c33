//! Swagger 2.0 parameters, sorted by where 3.0 puts them: plain parameters stay parameters, the
//! body becomes the request body and form fields become the properties of a form body. What a
//! 2.0 parameter or header says about its value (`type`, `format`, `items`, bounds) becomes a
//! schema, and its `collectionFormat` becomes `style`/`explode`.

use serde_json::{Value, json};

use super::{Converter, copy_extensions, media_types, rewrite_ref};
use crate::load::check::{
    Checked, Object, alternatives, object, opt_bool, opt_one_of, opt_string, req_string,
};
use crate::load::ctx::Ctx;
use crate::load::error::Problem;
use crate::load::pointer::{self, Ptr};
use crate::load::refs::RefKind;
use crate::load::schema::check_schema;

const LOCATIONS: &[&str] = &["query", "header", "path", "formData", "body"];
const PARAMETER_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "file"];
const HEADER_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array"];
const FORM_TYPES: &[&str] = &["application/x-www-form-urlencoded", "multipart/form-data"];
/// The members of a 2.0 parameter, header or items object that describe its value.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// A 2.0 parameter, sorted by where it ends up in 3.0.
pub(super) enum Param {
    /// A 3.0 parameter object (or a reference to one).
    Plain(Value),
    /// The body: becomes the request body.
    Body(Body),
    /// A form field: becomes a property of the request body's schema.
    Form(FormField),
}

/// A body parameter, until the operation's media types are known.
#[derive(Clone)]
pub(super) struct Body {
    name: String,
    description: Option<String>,
    required: bool,
    schema: Value,
    extensions: Object,
}

/// One form field: a property of the form body's schema, with its encoding.
#[derive(Clone)]
pub(super) struct FormField {
    pub(super) name: String,
    required: bool,
    file: bool,
    schema: Value,
    encoding: Option<Value>,
}

/// How a 2.0 `collectionFormat` is said in 3.0.
struct Collection {
    style: &'static str,
    explode: bool,
    /// The 2.0 format, kept as `x-collectionFormat` when 3.0 cannot say it.
    unexpressed: Option<String>,
}
impl Converter<'_> {
    /// A parameter as written, or the one its `$ref` names when that is a body or form field
    /// (which 3.0 cannot refer to as a parameter).
    pub(super) fn parameter(&self, value: &Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked<Param> {
        let map = object(value, at, "a parameter object")?;
        if let Some(reference) = map.get("$ref") {
            let Value::String(target) = reference else {
                return Err(Problem::found(
                    &at.key("$ref"),
                    "a reference string",
                    reference,
                ));
            };
            ctx.record(at, target, RefKind::Parameter);
            if let Some(Value::Object(definition)) = pointer::resolve(self.src, target) {
                let location = definition.get("in").and_then(Value::as_str);
                if matches!(location, Some("body" | "formData")) {
                    // Already checked where it is defined; converted again for this operation.
                    return self.inline_parameter(definition, at, ctx);
                }
            }
            return Ok(Param::Plain(json!({ "$ref": rewrite_ref(target) })));
        }
        self.inline_parameter(map, at, ctx)
    }

    fn inline_parameter(&self, map: &Object, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked<Param> {
        let name = req_string(map, at, "name", "the parameter's name")?;
        let location = match map.get("in") {
            None => {
                return Err(Problem::missing(
                    at,
                    "in",
                    format!("where the parameter goes: {}", alternatives(LOCATIONS)),
                ));
            }
            Some(_) => opt_one_of(map, at, "in", LOCATIONS)?.unwrap_or_default(),
        };
        let description = opt_string(map, at, "description")?;
        let required = opt_bool(map, at, "required")?.unwrap_or(false);
        let mut extensions = Object::new();
        copy_extensions(map, &mut extensions);

        if location == "body" {
            let Some(schema) = map.get("schema") else {
                return Err(Problem::missing(at, "schema", "the body's schema"));
            };
            let mut schema = schema.clone();
            check_schema(&mut schema, &at.key("schema"), ctx)?;
            return Ok(Param::Body(Body {
                name: name.to_owned(),
                description: description.map(str::to_owned),
                required,
                schema,
                extensions,
            }));
        }

        let kind = match map.get("type") {
            None => {
                return Err(Problem::missing(
                    at,
                    "type",
                    format!("the parameter's type: {}", alternatives(PARAMETER_TYPES)),
                ));
            }
            Some(_) => opt_one_of(map, at, "type", PARAMETER_TYPES)?.unwrap_or_default(),
        };
        let mut schema = value_schema(map);
        // The schema's members carry the parameter's names, so the pointers stay true.
        check_schema(&mut schema, at, ctx)?;
        let collection = collection_format(map, at, location, kind == "array")?;

        if location == "formData" {
            if let (Some(description), Value::Object(schema)) = (description, &mut schema) {
                schema.insert("description".to_owned(), Value::from(description));
            }
            let encoding = collection.map(|collection| {
                let mut encoding =
                    json!({ "style": collection.style, "explode": collection.explode });
                if let (Some(format), Value::Object(map)) = (collection.unexpressed, &mut encoding)
                {
                    map.insert("x-collectionFormat".to_owned(), Value::from(format));
                }
                encoding
            });
            return Ok(Param::Form(FormField {
                name: name.to_owned(),
                required,
                file: kind == "file",
                schema,
                encoding,
            }));
        }

        let allow_empty = opt_bool(map, at, "allowEmptyValue")?;
        let mut out = Object::new();
        out.insert("name".to_owned(), Value::from(name));
        out.insert("in".to_owned(), Value::from(location));
        if let Some(description) = description {
            out.insert("description".to_owned(), Value::from(description));
        }
        // Path parameters are always required; 2.0 says so too, but not every document does.
        if required || location == "path" {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        if let (Some(allow), "query") = (allow_empty, location) {
            out.insert("allowEmptyValue".to_owned(), Value::Bool(allow));
        }
        if let Some(collection) = collection {
            out.insert("style".to_owned(), Value::from(collection.style));
            out.insert("explode".to_owned(), Value::Bool(collection.explode));
            if let Some(format) = collection.unexpressed {
                out.insert("x-collectionFormat".to_owned(), Value::from(format));
            }
        }
        out.insert("schema".to_owned(), schema);
        out.extend(extensions);
        Ok(Param::Plain(Value::Object(out)))
    }

    pub(super) fn request_body(&self, body: Body, consumes: Option<&[String]>) -> Value {
        let consumes = consumes.or(self.consumes.as_deref());
        let content: Object = media_types(consumes)
            .into_iter()
            .map(|media| (media, json!({ "schema": body.schema.clone() })))
            .collect();
        let mut out = Object::new();
        if let Some(description) = body.description {
            out.insert("description".to_owned(), Value::from(description));
        }
        out.insert("content".to_owned(), Value::Object(content));
        if body.required {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        // The 2.0 body had a name; generators that name the argument after it can still do so.
        out.insert(
            "x-codegen-request-body-name".to_owned(),
            Value::from(body.name),
        );
        out.extend(body.extensions);
        Value::Object(out)
    }
}

/// The parameters of a path item or operation, sorted by where they go.
#[derive(Default)]
pub(super) struct Params {
    pub(super) plain: Vec<Value>,
    pub(super) body: Option<Body>,
    pub(super) form: Vec<FormField>,
}

impl Params {
    pub(super) fn add(&mut self, param: Param, at: &Ptr<'_>) -> Checked {
        match param {
            Param::Plain(value) => self.plain.push(value),
            Param::Body(_) if self.body.is_some() => {
                return Err(Problem::new(
                    at,
                    "at most one body parameter",
                    "a second body parameter",
                ));
            }
            Param::Body(body) => self.body = Some(body),
            Param::Form(field) => self.form.push(field),
        }
        Ok(())
    }
}

/// Form fields as one object schema, under the form media types `consumes` names (or the one
/// that fits: multipart when a file is sent).
pub(super) fn form_body(fields: Vec<FormField>, consumes: Option<&[String]>) -> Value {
    let mut media: Vec<String> = consumes
        .unwrap_or_default()
        .iter()
        .filter(|media| FORM_TYPES.contains(&media.as_str()))
        .cloned()
        .collect();
    if media.is_empty() {
        let fallback = if fields.iter().any(|field| field.file) {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        media.push(fallback.to_owned());
    }
    let required: Vec<Value> = fields
        .iter()
        .filter(|field| field.required)
        .map(|field| Value::from(field.name.as_str()))
        .collect();
    let any_required = !required.is_empty();
    let mut properties = Object::new();
    let mut encoding = Object::new();
    for field in fields {
        if let Some(field_encoding) = field.encoding {
            encoding.insert(field.name.clone(), field_encoding);
        }
        properties.insert(field.name, field.schema);
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if let (true, Value::Object(map)) = (any_required, &mut schema) {
        map.insert("required".to_owned(), Value::Array(required));
    }
    let content: Object = media
        .into_iter()
        .map(|media| {
            let mut entry = json!({ "schema": schema.clone() });
            if let (false, Value::Object(map)) = (encoding.is_empty(), &mut entry) {
                map.insert("encoding".to_owned(), Value::Object(encoding.clone()));
            }
            (media, entry)
        })
        .collect();
    let mut out = json!({ "content": content });
    if let (true, Value::Object(map)) = (any_required, &mut out) {
        map.insert("required".to_owned(), Value::Bool(true));
    }
    out
}

/// The schema a 2.0 parameter, header or `items` object describes its value with.
fn value_schema(map: &Object) -> Value {
    let mut schema = Object::new();
    for key in VALUE_KEYWORDS {
        if let Some(value) = map.get(*key) {
            schema.insert((*key).to_owned(), value.clone());
        }
    }
    if let Some(items) = map.get("items") {
        let items = match items {
            Value::Object(items) => value_schema(items),
            // Not an object: left for the schema check to report.
            other => other.clone(),
        };
        schema.insert("items".to_owned(), items);
    }
    Value::Object(schema)
}

/// `collectionFormat` (default `csv`) of an array parameter, as 3.0 style and explode.
fn collection_format(
    map: &Object,
    at: &Ptr<'_>,
    location: &str,
    is_array: bool,
) -> Checked<Option<Collection>> {
    let format = opt_one_of(
        map,
        at,
        "collectionFormat",
        &["csv", "ssv", "tsv", "pipes", "multi"],
    )?;
    if !is_array {
        return Ok(None);
    }
    let format = format.unwrap_or("csv");
    let (style, explode) = match (location, format) {
        ("query" | "formData", "multi") => ("form", true),
        ("query" | "formData", "csv") => ("form", false),
        ("query" | "formData", "ssv") => ("spaceDelimited", false),
        ("query" | "formData", "pipes") => ("pipeDelimited", false),
        ("path" | "header", "csv") => ("simple", false),
        // No 3.0 equivalent: the location's usual style, and the 2.0 format kept beside it.
        ("path" | "header", _) => {
            return Ok(Some(Collection {
                style: "simple",
                explode: false,
                unexpressed: Some(format.to_owned()),
            }));
        }
        _ => {
            return Ok(Some(Collection {
                style: "form",
                explode: false,
                unexpressed: Some(format.to_owned()),
            }));
        }
    };
    Ok(Some(Collection {
        style,
        explode,
        unexpressed: None,
    }))
}

/// A 2.0 response header (`type`, `format`, ... beside the description) as a 3.0 header.
pub(super) fn header_object(value: &Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked<Value> {
    let map = object(value, at, "a header object")?;
    let description = opt_string(map, at, "description")?;
    let kind = match map.get("type") {
        None => {
            return Err(Problem::missing(
                at,
                "type",
                format!("the header's type: {}", alternatives(HEADER_TYPES)),
            ));
        }
        Some(_) => opt_one_of(map, at, "type", HEADER_TYPES)?.unwrap_or_default(),
    };
    let mut schema = value_schema(map);
    check_schema(&mut schema, at, ctx)?;
    let collection = collection_format(map, at, "header", kind == "array")?;
    let mut out = Object::new();
    if let Some(description) = description {
        out.insert("description".to_owned(), Value::from(description));
    }
    out.insert("schema".to_owned(), schema);
    if let Some(format) = collection.and_then(|collection| collection.unexpressed) {
        out.insert("x-collectionFormat".to_owned(), Value::from(format));
    }
    copy_extensions(map, &mut out);
    Ok(Value::Object(out))
}
