//! The intermediate representation between an OpenAPI document and generated code.
//!
//! [`crate::lower`] builds it from an `openapiv3::OpenAPI`; [`crate::emit`] renders it; the
//! `agentos-macros` crate reads it to check application code against the schema. Every named
//! item carries both its Rust name (already escaped: `r#type`, `self_`) and its wire name (as the
//! document spells it: `OID`, `onlyDevelopement`), so nothing downstream re-derives names.
//! All collections are in a deterministic order (sorted), never hash order.

/// One lowered document: its call groups (modules of operations) and its models.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.version` of the document.
    pub version: String,
    /// Call groups, sorted by module name.
    pub groups: Vec<Group>,
    /// Structs and enums for the document's schemas, sorted by Rust name.
    pub models: Vec<Model>,
    /// The error enums, one per distinct status set of the operations, sorted by name (see
    /// [`ErrorSet::enum_name`]).
    pub error_enums: Vec<ErrorEnum>,
    /// Things the generator skipped or approximated, with where they are in the document.
    pub warnings: Vec<Warning>,
}

impl Api {
    /// Every operation of every group, in output order.
    pub fn operations(&self) -> impl Iterator<Item = (&Group, &Operation)> {
        self.groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
    }

    /// The model with this Rust name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// The error enum with this name.
    pub fn error_enum(&self, name: &str) -> Option<&ErrorEnum> {
        self.error_enums.iter().find(|e| e.name == name)
    }

    /// The part of the document `ops` need: those operations (each in its call group), the
    /// models they reach (through parameters, bodies, outputs and the models' fields) and the
    /// error enums of their status sets, with every name as the whole document gives it.
    pub fn slice(&self, ops: &[&Operation]) -> Api {
        let mut groups: Vec<Group> = Vec::new();
        let mut pending: Vec<&TypeRef> = Vec::new();
        for op in ops {
            pending.extend(op.params.iter().map(|p| &p.ty));
            pending.extend(op.body.as_ref().map(|b| &b.ty));
            pending.extend(op.response.kind.json_type());
            pending.extend(op.paging.as_ref().map(|p| &p.item));
            let group = self
                .operations()
                .find(|(_, candidate)| std::ptr::eq(*candidate, *op) || *candidate == *op)
                .map(|(group, _)| group);
            let (name, wire) = group.map_or_else(
                || (String::new(), String::new()),
                |g| (g.name.clone(), g.wire.clone()),
            );
            match groups.iter_mut().find(|g| g.name == name) {
                Some(existing) => existing.operations.push((*op).clone()),
                None => groups.push(Group {
                    name,
                    wire,
                    operations: vec![(*op).clone()],
                }),
            }
        }
        let mut reached: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::Model(name) if reached.insert(name) => {
                    if let Some(ModelKind::Struct(fields)) = self.model(name).map(|m| &m.kind) {
                        pending.extend(fields.iter().map(|f| &f.ty));
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
                _ => {}
            }
        }
        let enums: std::collections::BTreeSet<&str> =
            ops.iter().map(|op| op.errors.enum_name.as_str()).collect();
        Api {
            title: self.title.clone(),
            version: self.version.clone(),
            groups,
            models: self
                .models
                .iter()
                .filter(|m| reached.contains(m.name.as_str()))
                .cloned()
                .collect(),
            error_enums: self
                .error_enums
                .iter()
                .filter(|e| enums.contains(e.name.as_str()))
                .cloned()
                .collect(),
            warnings: Vec::new(),
        }
    }

    /// The operation with this method and path template (the template's case is significant,
    /// except for the `{shortName}` parameter name).
    pub fn find_operation(&self, method: Method, path: &str) -> Option<(&Group, &Operation)> {
        self.operations()
            .find(|(_, op)| op.method == method && same_template(&op.path, path))
    }
}

/// Whether two path templates are the same, ignoring the case of `{shortName}`.
fn same_template(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.replace("{shortname}", "{shortName}")
            .replace("{ShortName}", "{shortName}")
    };
    a == b || norm(a) == norm(b)
}

/// A call group (`/v3/diary/...` -> `diary`): one Rust module of operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The module name (snake case, escaped).
    pub name: String,
    /// The path segment the group was derived from (`diary`, `tier2`).
    pub wire: String,
    /// Operations sorted by path, then method.
    pub operations: Vec<Operation>,
}

impl Model {
    /// Whether the model is a struct with a secret field.
    pub fn has_secret(&self) -> bool {
        matches!(&self.kind, ModelKind::Struct(fields) if fields.iter().any(|f| f.secret))
    }
}

/// The HTTP method of an operation (only those the runtime has markers for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
}

impl Method {
    /// Upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }

    /// The runtime marker type name (`Get`, `Post`, ...).
    pub fn marker(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Put => "Put",
            Method::Post => "Post",
            Method::Delete => "Delete",
            Method::Patch => "Patch",
        }
    }

    /// Parses a method name, case-insensitively.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "PUT" => Some(Method::Put),
            "POST" => Some(Method::Post),
            "DELETE" => Some(Method::Delete),
            "PATCH" => Some(Method::Patch),
            _ => None,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation: becomes a request struct, its `Endpoint` impl and its error enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The document's `operationId`, when it has one.
    pub operation_id: Option<String>,
    /// What `Endpoint::OPERATION` (and so the logs and support reports) says: the operationId,
    /// or `type_name` when there is none.
    pub id: String,
    /// Snake-case name (`get_allocations`), unique in the group.
    pub fn_name: String,
    /// Request struct name (`GetAllocations`), unique in the group.
    pub type_name: String,
    /// Error enum name (`GetAllocationsError`).
    pub error_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as the document spells it (without the `?`/`#` suffix some
    /// documents add to a path key to tell operations apart).
    pub path: String,
    /// The template split into literal text, the client's short name and parameters.
    pub segments: Vec<Segment>,
    /// Query pairs sent with every request, after the parameters: a path key's `?` suffix
    /// (`/thing?list-type=2` sends `list-type=2`).
    pub constant_query: Vec<(String, String)>,
    /// Headers sent with every request: a path key's `#Name=Value` suffix fixes the value of
    /// the declared header parameter `Name` (`/#X-Amz-Target=Service.Action`), which is then
    /// no input.
    pub constant_headers: Vec<(String, String)>,
    /// Path, query, header and cookie parameters (never `shortName` or the API key), in
    /// document order.
    pub params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// What a success decodes to.
    pub response: Response,
    /// Offset/count paging, when detected.
    pub paging: Option<Paging>,
    /// The struct `new` takes, named in the call group (`LoginRequired`), when two or more of
    /// the constructor's inputs ([`Operation::constructor_inputs`]) have the same Rust type:
    /// positional arguments of one type can be swapped without a compile error, fields named
    /// at the call cannot. `None`: `new` takes the inputs as positional arguments.
    pub required_struct: Option<String>,
    /// The wire names of the secret fields its body and output reach (sorted), the ones whose
    /// names do not already say so (the runtime blanks those by name): the request's
    /// `Endpoint::SECRET_FIELDS`.
    pub secret_fields: Vec<String>,
    /// The error statuses and why each is there.
    pub errors: ErrorSet,
    /// `summary` from the document.
    pub summary: Option<String>,
    /// `description` from the document.
    pub description: Option<String>,
    /// `deprecated: true` in the document.
    pub deprecated: bool,
    /// JSON pointer of the operation in the document.
    pub pointer: String,
}

impl Operation {
    /// Whether the operation takes any input besides the client's short name.
    pub fn has_inputs(&self) -> bool {
        !self.params.is_empty() || self.body.is_some()
    }

    /// Whether the parameter at `index` of [`Operation::params`] is the paging window
    /// (`offset` or `count` of a paged operation: set by `page(..)` and the streams, not a
    /// constructor argument).
    pub fn is_page_window(&self, index: usize) -> bool {
        self.paging
            .as_ref()
            .is_some_and(|p| p.offset == index || p.count == index)
    }

    /// What `new` takes, in order: the required parameters but the page window, then the body
    /// when it is required.
    pub fn constructor_inputs(&self) -> Vec<Input<'_>> {
        let mut inputs: Vec<Input<'_>> = self
            .params
            .iter()
            .enumerate()
            .filter(|(i, p)| p.required && !self.is_page_window(*i))
            .map(|(_, p)| Input::Param(p))
            .collect();
        inputs.extend(self.body.as_ref().filter(|b| b.required).map(Input::Body));
        inputs
    }

    /// The parameter with this wire name (exact match first, then case-insensitive).
    pub fn param(&self, wire: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.wire == wire).or_else(|| {
            self.params
                .iter()
                .find(|p| p.wire.eq_ignore_ascii_case(wire))
        })
    }
}

/// A required input of an operation's constructor ([`Operation::constructor_inputs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input<'a> {
    /// A required path or query parameter (never the page window).
    Param(&'a Param),
    /// The required body (the field `body`).
    Body(&'a Body),
}

impl<'a> Input<'a> {
    /// The request field it fills (`branch_id`, `body`).
    pub fn field(&self) -> &'a str {
        match self {
            Input::Param(p) => &p.field,
            Input::Body(_) => "body",
        }
    }

    /// Its Rust type.
    pub fn ty(&self) -> &'a TypeRef {
        match self {
            Input::Param(p) => &p.ty,
            Input::Body(b) => &b.ty,
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text written as is (`/v3/diary/`).
    Literal(String),
    /// `{shortName}` (any case): written from the client's configuration.
    ShortName,
    /// A path parameter: index into [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query pair.
    Query,
    /// A request header of its name.
    Header,
    /// A cookie, in the request's one `Cookie` header.
    Cookie,
}

/// A path or query parameter: a field of the request struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire (`branchID`), sent exactly as spelled.
    pub wire: String,
    /// The struct field (`branch_id`).
    pub field: String,
    /// The builder-style setter for an optional parameter (`branch_id`, or `with_...` when the
    /// plain name would clash with a trait method or a Rust naming convention).
    pub setter: String,
    /// Path or query.
    pub location: ParamLocation,
    /// The Rust type (without the `Option` of an optional parameter).
    pub ty: TypeRef,
    /// Whether the parameter must be given (`new` takes it; the field is not an `Option`).
    pub required: bool,
    /// For arrays: repeat the key (`a=1&a=2`, true) or join with commas (`a=1,2`, false).
    pub explode: bool,
    /// Holds a secret (see `lower::secrets`): sent, but shown as `<redacted>` in URLs of
    /// errors and reports, and by the request's `Debug`.
    pub secret: bool,
    /// `description` from the document.
    pub description: Option<String>,
    /// `deprecated: true` in the document.
    pub deprecated: bool,
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The Rust type of the body.
    pub ty: TypeRef,
    /// Whether the body must be given.
    pub required: bool,
    /// The media type the schema was taken from (`application/json` when offered). When it is
    /// [`FORM_MEDIA_TYPE`] (the document offers no JSON), the body is sent as a form.
    pub media_type: String,
    /// `description` from the document.
    pub description: Option<String>,
}

/// A URL-encoded form's media type: a body the document offers only so is sent so (the
/// runtime's `agentos_runtime::form`).
pub const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";

impl Body {
    /// Whether the body is sent as a form rather than JSON.
    pub fn is_form(&self) -> bool {
        self.media_type == FORM_MEDIA_TYPE
    }
}

/// How a success response is decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The success status it comes from (`200`), if one was declared.
    pub status: Option<u16>,
    /// What the body decodes to.
    pub kind: ResponseKind,
    /// `description` of that response.
    pub description: Option<String>,
    /// The media types the document offers for it (`application/json`, `image/jpeg`), in
    /// document order.
    pub media_types: Vec<String>,
}

/// The output type of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// No body (204, or no content declared): `()`.
    Empty,
    /// A JSON body of this type, which has an empty value: an empty body (or `null`) decodes
    /// to `T::default()` (see `lower::bodies`, "Empty successes").
    Json(TypeRef),
    /// A JSON body of a type without an empty value, or one that may be absent (a 200 with
    /// content next to a 204): `Option<T>`, `None` for an empty body.
    OptionalJson(TypeRef),
    /// A download: the bytes and their content type (`agentos_runtime::Download`).
    Bytes,
}

impl ResponseKind {
    /// The JSON type of the body, if there is one.
    pub fn json_type(&self) -> Option<&TypeRef> {
        match self {
            ResponseKind::Json(t) | ResponseKind::OptionalJson(t) => Some(t),
            ResponseKind::Empty | ResponseKind::Bytes => None,
        }
    }
}

/// Offset/count paging of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Where the page window travels: the query (`?offset=0&count=1000`, v2/v3) or the path
    /// (`/{offset}/{count}`, v4). Both page alike; only the writers differ.
    pub location: ParamLocation,
    /// Index into [`Operation::params`] of `offset`.
    pub offset: usize,
    /// Index into [`Operation::params`] of `count`.
    pub count: usize,
    /// The type of one record in `Data`.
    pub item: TypeRef,
    /// The wrapper model (`AreaModelResults`).
    pub wrapper: String,
    /// The `Count` field of the wrapper, when it has one (without it a stream ends at a short
    /// page).
    pub total_field: Option<PagingField>,
    /// The `Data` field of the wrapper.
    pub data_field: PagingField,
}

/// A field of a paging wrapper, as the emitter needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingField {
    /// The Rust field name.
    pub name: String,
    /// Its type (without `Option`).
    pub ty: TypeRef,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// The error statuses of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorSet {
    /// One entry per status, sorted by code.
    pub statuses: Vec<ErrorStatus>,
    /// The shared error enum of this set of statuses ([`Api::error_enums`]), named as the
    /// lowering's `error_enums` module describes (`ApiWideAndBadRequestNotFound`).
    pub enum_name: String,
    /// Whether the set comes from the policy or from the operation's `x-agentos-statuses`.
    pub origin: StatusOrigin,
    /// Whether the document declares a `default` response.
    pub declared_default: bool,
    /// Status ranges the document declares (`4` for `4XX`).
    pub declared_ranges: Vec<u16>,
    /// Statuses left out on purpose (the policy's `never` list), for the docs.
    pub excluded: Vec<u16>,
}

/// One shared error enum: the statuses of every operation whose set it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnum {
    /// The enum's name (unique in the document).
    pub name: String,
    /// Its variants, sorted by code (the statuses of the first operation with the set: the
    /// reasons of the others' may differ, the codes and variants do not).
    pub statuses: Vec<ErrorStatus>,
}

/// One error status: a variant of the operation's error enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorStatus {
    /// The HTTP status code.
    pub code: u16,
    /// The variant name (`BadRequest`, `Status460`).
    pub variant: String,
    /// Why the status is in the set (at least one).
    pub reasons: Vec<StatusReason>,
}

/// Why a status is in an operation's error set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusReason {
    /// The document declares it, with this description.
    Declared(String),
    /// The API-wide policy: every operation can return it.
    ApiWide,
    /// The policy: the operation takes inputs besides `shortName`.
    Inputs,
    /// The policy: the operation addresses a resource by this id parameter (in the path, or a
    /// required query parameter named like an id).
    Id(String),
    /// Listed in the operation's `x-agentos-statuses`.
    Extension,
}

/// Where an operation's error set comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusOrigin {
    /// The generator's status policy.
    Policy,
    /// The operation's `x-agentos-statuses` extension.
    Extension,
}

/// A named type generated from the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The Rust name (Pascal case, unique).
    pub name: String,
    /// Where it comes from: the schema name, or `Parent.Property` for an inline schema.
    pub wire: String,
    /// `description` from the document.
    pub description: Option<String>,
    /// `deprecated: true` in the document.
    pub deprecated: bool,
    /// Struct or enum.
    pub kind: ModelKind,
}

/// The shape of a model.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// An object with properties.
    Struct(Vec<Field>),
    /// A string enum with a catch-all for unlisted values.
    Enum(EnumModel),
}

/// A property of an object model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (snake case, escaped).
    pub name: String,
    /// The property name on the wire (`OID`).
    pub wire: String,
    /// The Rust type (without `Option`/`Box`).
    pub ty: TypeRef,
    /// Required and not nullable: a plain field; otherwise an `Option`.
    pub required: bool,
    /// Boxed to break a cycle of models that contain each other.
    pub boxed: bool,
    /// `readOnly: true`: set by the server; always optional and never needed on requests.
    pub read_only: bool,
    /// Holds a secret (see `lower::secrets`): the model's `Debug` shows `<redacted>`, and
    /// support reports blank it.
    pub secret: bool,
    /// `description` from the document.
    pub description: Option<String>,
    /// `deprecated: true` in the document.
    pub deprecated: bool,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumModel {
    /// The listed values, in document order.
    pub variants: Vec<Variant>,
    /// The name of the catch-all variant holding any other value (`Other`).
    pub other: String,
    /// Every place (`Schema.Property`, `operation parameter`) using it, for the docs.
    pub used_by: Vec<String>,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// A Rust type, as generated code spells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `agentos_runtime::DateTime` (`date-time`)
    DateTime,
    /// `agentos_runtime::Date` (`date`)
    Date,
    /// Bytes (binary download)
    Bytes,
    /// `serde_json::Value` (untyped or empty schemas)
    Json,
    /// A generated model, by Rust name.
    Model(String),
    /// `Vec<T>`
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>` (`additionalProperties`)
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// Whether values implement `Display` (usable as a path or query value as they are).
    pub fn is_display(&self, api_models: &[Model]) -> bool {
        match self {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Json => true,
            TypeRef::Model(name) => api_models
                .iter()
                .any(|m| &m.name == name && matches!(m.kind, ModelKind::Enum(_))),
            TypeRef::Bytes | TypeRef::Vec(_) | TypeRef::Map(_) => false,
        }
    }

    /// The Rust type of a primitive (`String`, `bool`, `i32`, `i64`, `f32`, `f64`), spelt the
    /// same in generated code and in messages; `None` for every other type.
    pub fn primitive(&self) -> Option<&'static str> {
        match self {
            TypeRef::String => Some("String"),
            TypeRef::Bool => Some("bool"),
            TypeRef::I32 => Some("i32"),
            TypeRef::I64 => Some("i64"),
            TypeRef::F32 => Some("f32"),
            TypeRef::F64 => Some("f64"),
            _ => None,
        }
    }

    /// A short human-readable spelling (`Vec<BranchModel>`), for tables and messages.
    pub fn display_name(&self) -> String {
        match self {
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Date => "Date".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Json => "Value".into(),
            TypeRef::Model(name) => name.clone(),
            TypeRef::Vec(inner) => format!("Vec<{}>", inner.display_name()),
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", inner.display_name()),
            primitive => primitive.primitive().unwrap_or_default().to_owned(),
        }
    }
}

/// Something in the document the generator skipped or approximated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer of the construct.
    pub pointer: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Warning {
    /// One line, whatever the document's text in it holds (see [`crate::text::one_line`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::text::one_line;
        write!(
            f,
            "{}: {}",
            one_line(&self.pointer),
            one_line(&self.message)
        )
    }
}

/// One document to generate, with the module it goes in.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The module wrapping this document's code; `None` puts it at the top of the file (the
    /// single-document case).
    pub module: Option<String>,
    /// Where the document came from (a path as given, or an origin label), for the docs.
    pub origin: String,
    /// The lowered document.
    pub api: Api,
}

impl Spec {
    /// Whether `group`'s items sit at the top of the document's module instead of in a module
    /// of their own: when the group is named like the document's module (the diary document's
    /// `diary` group), whose path would say the name twice (`diary::diary::GetAllocations`).
    /// The one rule of the layout: the emitter, `list` and the catalog all ask it.
    pub fn hoists(&self, group: &Group) -> bool {
        self.module.as_deref() == Some(group.name.as_str())
    }

    /// The modules a user writes to reach `group`'s items from the generated file's top:
    /// `[diary]` for one document, `[basic_tier, tier2]` with several, `[diary]` for a group
    /// the document's module holds itself ([`Spec::hoists`]).
    pub fn group_path<'a>(&'a self, group: &'a Group) -> Vec<&'a str> {
        let mut path: Vec<&str> = self.module.as_deref().into_iter().collect();
        if !self.hoists(group) {
            path.push(&group.name);
        }
        path
    }
}
