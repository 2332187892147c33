//! Swagger 2.0 up-converted to OpenAPI 3.0, on JSON values, before anything is typed.
//!
//! The 2.0 document is checked while it is converted, so errors name pointers into the document
//! as it was written (`#/definitions/...`, `#/paths/.../parameters/2`), not into the conversion.
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! |---|---|
//! | `host`, `basePath`, `schemes` | `servers` (one per scheme; `https` when none is given) |
//! | `definitions` | `components/schemas`, every `#/definitions/X` rewritten to `#/components/schemas/X` |
//! | `parameters`, `responses` | `components/parameters`, `components/responses` (refs likewise); body parameters become `components/requestBodies` |
//! | `securityDefinitions` (`basic`, `apiKey`, `oauth2`) | `components/securitySchemes` (`http`/`basic`, `apiKey`, `oauth2` flows) |
//! | `in: body` parameter | `requestBody`, one content entry per `consumes` type (operation's over document's; `application/json` when none); its name kept as `x-codegen-request-body-name` |
//! | `in: formData` parameters | `requestBody` with an object schema, `application/x-www-form-urlencoded` or `multipart/form-data` (files, or when `consumes` says so) |
//! | response `schema`, `examples` | response `content`, one entry per `produces` type (`application/json` when none); a missing `description` is empty |
//! | path-level body/formData parameters | inherited by each operation without its own |
//! | parameter/header `type`, `format`, `items`, `enum`, `default`, bounds | `schema` |
//! | `collectionFormat` | `style`/`explode`: `multi` form+explode, `csv` form (simple in path/header), `ssv` spaceDelimited, `pipes` pipeDelimited; `tsv` has no equivalent and stays as `x-collectionFormat` |
//! | `type: file` | `type: string, format: binary` |
//! | schema `discriminator: name`, `x-nullable` | `discriminator: {propertyName: name}`, `nullable` |
//! | `x-` extensions | kept where they stood |

use serde_json::{Value, json};

use super::check::{
    Checked, Object, is_extension, object, opt_array, opt_bool, opt_string, opt_strings, path_key,
};
use super::ctx::Ctx;
use super::error::Problem;
use super::objects::{self, is_status_code};
use super::pointer::Ptr;
use super::refs::RefKind;
use super::schema::check_schema;

mod params;
mod security;

use params::{Param, Params, form_body, header_object};
use security::security_scheme;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
/// The media type assumed when `consumes`/`produces` lists none.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// Converts the Swagger 2.0 document `src`; `ctx` (of dialect Swagger 2.0) collects the
/// references met, as written, for resolution against `src`.
pub(crate) fn convert(src: &Value, ctx: &mut Ctx) -> Checked<Value> {
    let root_at = Ptr::Root;
    let root = object(src, &root_at, "a Swagger document (an object)")?;
    let converter = Converter {
        src,
        consumes: owned(opt_strings(root, &root_at, "consumes")?),
        produces: owned(opt_strings(root, &root_at, "produces")?),
        host: opt_string(root, &root_at, "host")?,
        base_path: opt_string(root, &root_at, "basePath")?,
    };
    let schemes = opt_strings(root, &root_at, "schemes")?;

    let mut out = Object::new();
    out.insert("openapi".to_owned(), Value::from("3.0.3"));
    let Some(info) = root.get("info") else {
        return Err(Problem::missing(
            &root_at,
            "info",
            "an info object with `title` and `version`",
        ));
    };
    let mut info = info.clone();
    objects::check_info(&mut info, &root_at.key("info"))?;
    out.insert("info".to_owned(), info);
    let servers = converter.servers(schemes.as_deref());
    if !servers.is_empty() {
        out.insert("servers".to_owned(), Value::Array(servers));
    }
    // Shared definitions first, so that an error in one is reported where it is defined.
    let components = converter.components(root, ctx)?;
    let Some(paths) = root.get("paths") else {
        return Err(Problem::missing(&root_at, "paths", "an object of paths"));
    };
    out.insert(
        "paths".to_owned(),
        converter.paths(paths, &root_at.key("paths"), ctx)?,
    );
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }
    if let Some(security) = root.get("security") {
        objects::check_security(security, &root_at.key("security"))?;
        out.insert("security".to_owned(), security.clone());
    }
    if let Some(tags) = opt_array(root, &root_at, "tags", "an array of tag objects")? {
        let at = root_at.key("tags");
        for (index, tag) in tags.iter().enumerate() {
            objects::check_tag(tag, &at.index(index))?;
        }
        out.insert("tags".to_owned(), Value::Array(tags.clone()));
    }
    if let Some(docs) = root.get("externalDocs") {
        objects::check_external_docs(docs, &root_at.key("externalDocs"))?;
        out.insert("externalDocs".to_owned(), docs.clone());
    }
    copy_extensions(root, &mut out);
    Ok(Value::Object(out))
}

/// Rewrites a 2.0 reference to where the conversion puts its target.
pub(crate) fn rewrite_ref(target: &str) -> String {
    const MOVES: [(&str, &str); 3] = [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ];
    for (old, new) in MOVES {
        if let Some(rest) = target.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    target.to_owned()
}

/// Rewrites one 2.0 schema node (not its subschemas: the walk visits those) into 3.0 form.
pub(crate) fn normalise_schema(value: &mut Value, _at: &Ptr<'_>) -> Checked {
    let Value::Object(map) = value else {
        return Ok(());
    };
    if let Some(Value::String(target)) = map.get_mut("$ref") {
        *target = rewrite_ref(target);
        return Ok(());
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".to_owned(), Value::from("string"));
        map.insert("format".to_owned(), Value::from("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        map.insert("discriminator".to_owned(), discriminator);
    }
    if map.get("x-nullable") == Some(&Value::Bool(true)) {
        map.entry("nullable").or_insert(Value::Bool(true));
    }
    Ok(())
}

fn owned(list: Option<Vec<&str>>) -> Option<Vec<String>> {
    list.map(|items| items.into_iter().map(str::to_owned).collect())
}

fn copy_extensions(from: &Object, to: &mut Object) {
    for (key, value) in from {
        if is_extension(key) {
            to.insert(key.clone(), value.clone());
        }
    }
}

/// The media types of a `consumes`/`produces` list; the default when it is missing or empty.
fn media_types(list: Option<&[String]>) -> Vec<String> {
    match list {
        Some(types) if !types.is_empty() => types.to_vec(),
        _ => vec![DEFAULT_MEDIA_TYPE.to_owned()],
    }
}
struct Converter<'s> {
    src: &'s Value,
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    host: Option<&'s str>,
    base_path: Option<&'s str>,
}

impl Converter<'_> {
    /// `host` + `basePath`, once per scheme.
    fn servers(&self, schemes: Option<&[&str]>) -> Vec<Value> {
        if self.host.is_none() && self.base_path.is_none() && schemes.is_none() {
            return Vec::new();
        }
        // A trailing `/` would double the one every path starts with.
        let base = self.base_path.unwrap_or("").trim_end_matches('/');
        let urls: Vec<String> = match self.host {
            Some(host) => {
                let schemes = match schemes {
                    Some(list) if !list.is_empty() => list.to_vec(),
                    // agentOS (like most APIs now) serves HTTPS only.
                    _ => vec!["https"],
                };
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base}"))
                    .collect()
            }
            None if base.is_empty() => vec!["/".to_owned()],
            None => vec![base.to_owned()],
        };
        urls.into_iter().map(|url| json!({ "url": url })).collect()
    }

    fn components(&self, root: &Object, ctx: &mut Ctx) -> Checked<Object> {
        let root_at = Ptr::Root;
        let mut out = Object::new();
        if let Some(definitions) = root.get("definitions") {
            let at = root_at.key("definitions");
            let mut schemas = Object::new();
            for (name, schema) in object(definitions, &at, "an object of schemas")? {
                let mut schema = schema.clone();
                check_schema(&mut schema, &at.key(name), ctx)?;
                schemas.insert(name.clone(), schema);
            }
            out.insert("schemas".to_owned(), Value::Object(schemas));
        }
        let mut responses = Object::new();
        if let Some(section) = root.get("responses") {
            let at = root_at.key("responses");
            for (name, response) in object(section, &at, "an object of responses")? {
                let converted =
                    self.response(response, &at.key(name), self.produces.as_deref(), ctx)?;
                responses.insert(name.clone(), converted);
            }
        }
        let mut parameters = Object::new();
        let mut bodies = Object::new();
        if let Some(section) = root.get("parameters") {
            let at = root_at.key("parameters");
            for (name, parameter) in object(section, &at, "an object of parameters")? {
                match self.parameter(parameter, &at.key(name), ctx)? {
                    Param::Plain(converted) => {
                        parameters.insert(name.clone(), converted);
                    }
                    Param::Body(body) => {
                        bodies.insert(name.clone(), self.request_body(body, None));
                    }
                    // A lone form field is no request body; operations that use it inline it.
                    Param::Form(_) => {}
                }
            }
        }
        let mut schemes = Object::new();
        if let Some(section) = root.get("securityDefinitions") {
            let at = root_at.key("securityDefinitions");
            for (name, scheme) in object(section, &at, "an object of security schemes")? {
                schemes.insert(name.clone(), security_scheme(scheme, &at.key(name))?);
            }
        }
        for (key, section) in [
            ("responses", responses),
            ("parameters", parameters),
            ("requestBodies", bodies),
            ("securitySchemes", schemes),
        ] {
            if !section.is_empty() {
                out.insert(key.to_owned(), Value::Object(section));
            }
        }
        Ok(out)
    }

    fn paths(&self, value: &Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked<Value> {
        let map = object(value, at, "an object of paths (`\"/...\": {...}`)")?;
        let mut out = Object::new();
        for (path, item) in map {
            if is_extension(path) {
                out.insert(path.clone(), item.clone());
                continue;
            }
            let at = at.key(path);
            path_key(path, &at)?;
            out.insert(path.clone(), self.path_item(item, &at, ctx)?);
        }
        Ok(Value::Object(out))
    }

    fn path_item(&self, value: &Value, at: &Ptr<'_>, ctx: &mut Ctx) -> Checked<Value> {
        let map = object(value, at, "a path item object")?;
        if let Some(reference) = map.get("$ref") {
            let Value::String(target) = reference else {
                return Err(Problem::found(
                    &at.key("$ref"),
                    "a reference string",
                    reference,
                ));
            };
            ctx.record(at, target, RefKind::PathItem);
            return Ok(json!({ "$ref": target }));
        }
        // Path-level body and form parameters have no 3.0 place of their own: each operation
        // inherits them into its request body.
        let mut shared = Params::default();
        if let Some(list) = opt_array(map, at, "parameters", "an array of parameters")? {
            let at = at.key("parameters");
            for (index, parameter) in list.iter().enumerate() {
                shared.add(
                    self.parameter(parameter, &at.index(index), ctx)?,
                    &at.index(index),
                )?;
            }
        }
        let mut out = Object::new();
        for (key, item) in map {
            if is_extension(key) {
                out.insert(key.clone(), item.clone());
            } else if key == "parameters" && !shared.plain.is_empty() {
                out.insert(key.clone(), Value::Array(shared.plain.clone()));
            } else if METHODS.contains(&key.as_str()) {
                let converted = self.operation(item, &at.key(key), &shared, ctx)?;
                out.insert(key.clone(), converted);
            }
        }
        Ok(Value::Object(out))
    }

    fn operation(
        &self,
        value: &Value,
        at: &Ptr<'_>,
        shared: &Params,
        ctx: &mut Ctx,
    ) -> Checked<Value> {
        let map = object(value, at, "an operation object")?;
        let consumes = owned(opt_strings(map, at, "consumes")?).or_else(|| self.consumes.clone());
        let produces = owned(opt_strings(map, at, "produces")?).or_else(|| self.produces.clone());
        let mut out = Object::new();
        for (key, item) in map {
            match key.as_str() {
                "tags" => {
                    opt_strings(map, at, key)?;
                    out.insert(key.clone(), item.clone());
                }
                "summary" | "description" | "operationId" => {
                    opt_string(map, at, key)?;
                    out.insert(key.clone(), item.clone());
                }
                "deprecated" => {
                    opt_bool(map, at, key)?;
                    out.insert(key.clone(), item.clone());
                }
                "externalDocs" => {
                    objects::check_external_docs(item, &at.key(key))?;
                    out.insert(key.clone(), item.clone());
                }
                "security" => {
                    objects::check_security(item, &at.key(key))?;
                    out.insert(key.clone(), item.clone());
                }
                "parameters" => {}
                "responses" => {
                    let responses = self.responses(item, &at.key(key), produces.as_deref(), ctx)?;
                    out.insert(key.clone(), responses);
                }
                "schemes" => {
                    let schemes = opt_strings(map, at, key)?;
                    out.insert(
                        "servers".to_owned(),
                        Value::Array(self.servers(schemes.as_deref())),
                    );
                }
                _ if is_extension(key) => {
                    out.insert(key.clone(), item.clone());
                }
                _ => {}
            }
        }
        if !map.contains_key("responses") {
            return Err(Problem::missing(
                at,
                "responses",
                "an object of responses by status code",
            ));
        }

        let mut own = Params::default();
        if let Some(list) = opt_array(map, at, "parameters", "an array of parameters")? {
            let at = at.key("parameters");
            for (index, parameter) in list.iter().enumerate() {
                own.add(
                    self.parameter(parameter, &at.index(index), ctx)?,
                    &at.index(index),
                )?;
            }
        }
        // An operation's own body or form fields override the path's.
        if own.body.is_none() && own.form.is_empty() {
            own.body = shared.body.clone();
        }
        for field in &shared.form {
            if own.body.is_none() && !own.form.iter().any(|f| f.name == field.name) {
                own.form.push(field.clone());
            }
        }
        if own.body.is_some() && !own.form.is_empty() {
            return Err(Problem::new(
                &at.key("parameters"),
                "either a body parameter or formData parameters",
                "both",
            ));
        }
        let request_body = match own.body {
            Some(body) => Some(self.request_body(body, consumes.as_deref())),
            None if !own.form.is_empty() => Some(form_body(own.form, consumes.as_deref())),
            None => None,
        };

        // Parameters and the request body go where 3.0 lists them: before `responses`.
        let mut ordered = Object::new();
        for (key, item) in out {
            if key == "responses" {
                if !own.plain.is_empty() {
                    ordered.insert("parameters".to_owned(), Value::Array(own.plain.clone()));
                }
                if let Some(body) = &request_body {
                    ordered.insert("requestBody".to_owned(), body.clone());
                }
            }
            ordered.insert(key, item);
        }
        Ok(Value::Object(ordered))
    }
    fn responses(
        &self,
        value: &Value,
        at: &Ptr<'_>,
        produces: Option<&[String]>,
        ctx: &mut Ctx,
    ) -> Checked<Value> {
        let map = object(value, at, "an object of responses by status code")?;
        let mut out = Object::new();
        for (code, response) in map {
            if is_extension(code) {
                out.insert(code.clone(), response.clone());
                continue;
            }
            let at = at.key(code);
            if code != "default" && !is_status_code(code) {
                return Err(Problem::new(
                    &at,
                    "a status code (`200`, `4XX`) or `default`",
                    format!("{code:?}"),
                ));
            }
            out.insert(code.clone(), self.response(response, &at, produces, ctx)?);
        }
        Ok(Value::Object(out))
    }

    fn response(
        &self,
        value: &Value,
        at: &Ptr<'_>,
        produces: Option<&[String]>,
        ctx: &mut Ctx,
    ) -> Checked<Value> {
        let map = object(value, at, "a response object")?;
        if let Some(reference) = map.get("$ref") {
            let Value::String(target) = reference else {
                return Err(Problem::found(
                    &at.key("$ref"),
                    "a reference string",
                    reference,
                ));
            };
            ctx.record(at, target, RefKind::Response);
            return Ok(json!({ "$ref": rewrite_ref(target) }));
        }
        let mut out = Object::new();
        // Required, but often left out; the generator loses nothing by an empty one.
        let description = opt_string(map, at, "description")?.unwrap_or_default();
        out.insert("description".to_owned(), Value::from(description));
        if let Some(headers) = map.get("headers") {
            let at = at.key("headers");
            let mut converted = Object::new();
            for (name, header) in object(headers, &at, "an object of headers")? {
                converted.insert(name.clone(), header_object(header, &at.key(name), ctx)?);
            }
            out.insert("headers".to_owned(), Value::Object(converted));
        }
        let mut content = Object::new();
        if let Some(schema) = map.get("schema") {
            let mut schema = schema.clone();
            check_schema(&mut schema, &at.key("schema"), ctx)?;
            for media in media_types(produces) {
                content.insert(media, json!({ "schema": schema.clone() }));
            }
        }
        if let Some(examples) = map.get("examples") {
            for (media, example) in object(
                examples,
                &at.key("examples"),
                "an object of examples by media type",
            )? {
                let entry = content.entry(media.clone()).or_insert_with(|| json!({}));
                if let Value::Object(entry) = entry {
                    entry.insert("example".to_owned(), example.clone());
                }
            }
        }
        if !content.is_empty() {
            out.insert("content".to_owned(), Value::Object(content));
        }
        copy_extensions(map, &mut out);
        Ok(Value::Object(out))
    }
}
