//! Schemas -> Rust types and models.
//!
//! Component schemas that are objects or string enums become named models; primitives, arrays
//! and empty objects are inlined where they are used. Inline objects become models named after
//! where they appear (`Parent` + `Property`); inline string enums become enums named after the
//! property or parameter, and identical value lists share one enum. Cycles of models containing
//! each other are broken with `Box` (see [`box_cycles`]).
//!
//! Why not `typify`: the types must follow agentOS's conventions rather than JSON Schema's
//! generality (string enums that keep unknown values, the runtime's date types, serde reached
//! through the runtime's re-export so the user crate depends on nothing else, names that agree
//! with the operation names and the macros crate), and the documents use a small subset of
//! JSON Schema (objects, arrays, string enums, `allOf`, `$ref`). Owning this small lowering is
//! less code than adapting typify's output, and keeps the generator's dependencies light.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Components, IntegerFormat, NumberFormat, ReferenceOr, Schema,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::ir::{EnumModel, Field, Model, ModelKind, TypeRef, Variant, Warning};
use crate::load::MAX_REF_HOPS;
use crate::lower::naming::{RESERVED_TYPES, dedupe, pascal, pascal_suffix, snake, snake_suffix};
use crate::lower::{LowerError, refs, secrets};

/// Where a schema is used, for naming the models it may produce.
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    /// The enclosing model or operation type (Pascal), if any.
    pub parent: Option<String>,
    /// The property or parameter name (Pascal).
    pub own: String,
    /// Human-readable place, for enum docs (`TenancyModel.UtilityGas`).
    pub place: String,
}

impl Hint {
    pub(crate) fn new(parent: Option<&str>, own: &str, place: String) -> Self {
        Self {
            parent: parent.map(str::to_owned),
            own: pascal(own),
            place,
        }
    }

    fn combined(&self) -> String {
        match &self.parent {
            Some(parent) => format!("{parent}{}", self.own),
            None => self.own.clone(),
        }
    }
}

/// The shape a component schema takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Struct,
    Enum,
    Inline,
}

/// Lowers schemas, collecting the models they produce.
pub(crate) struct TypeLowerer<'a> {
    /// The document's components (for references), and their schemas.
    document: Option<&'a Components>,
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Component schema name -> model name, for components that are models.
    component_models: BTreeMap<String, String>,
    /// Built models by name.
    models: BTreeMap<String, Model>,
    /// Every model name handed out.
    taken: BTreeSet<String>,
    /// Enum value lists -> the model holding them.
    enums: BTreeMap<Vec<String>, String>,
    /// Components being inlined (guards alias cycles).
    inlining: Vec<String>,
    /// The names of the document's `apiKey` security schemes (see [`secrets::is_secret`]).
    schemes: Vec<String>,
    pub(crate) warnings: Vec<Warning>,
}

impl<'a> TypeLowerer<'a> {
    /// Names every component that becomes a model (sorted by schema name, so names do not
    /// depend on document order).
    pub(crate) fn new(
        document: Option<&'a Components>,
        components: &'a IndexMap<String, ReferenceOr<Schema>>,
    ) -> Self {
        let mut this = Self {
            document,
            components,
            component_models: BTreeMap::new(),
            models: BTreeMap::new(),
            taken: BTreeSet::new(),
            enums: BTreeMap::new(),
            inlining: Vec::new(),
            schemes: secrets::scheme_names(document),
            warnings: Vec::new(),
        };
        let mut keys: Vec<&String> = components.keys().collect();
        keys.sort();
        let named: Vec<&String> = keys
            .into_iter()
            .filter(|key| {
                matches!(&components[key.as_str()], ReferenceOr::Item(schema) if this.shape(schema) != Shape::Inline)
            })
            .collect();
        let bases: Vec<String> = named.iter().map(|k| pascal(k)).collect();
        let reserved: BTreeSet<String> = RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect();
        this.taken.clone_from(&reserved);
        let names = dedupe(&bases, &reserved, pascal_suffix);
        for (key, name) in named.into_iter().zip(names) {
            this.taken.insert(name.clone());
            this.component_models.insert(key.clone(), name);
        }
        this
    }

    /// Builds the models of all component schemas.
    pub(crate) fn lower_components(&mut self) -> Result<(), LowerError> {
        let entries: Vec<(String, String)> = self
            .component_models
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, name) in entries {
            let pointer = refs::component_pointer::<Schema>(&key);
            let Some(ReferenceOr::Item(schema)) = self.components.get(&key) else {
                continue;
            };
            let model = match self.shape(schema) {
                Shape::Enum => {
                    let values = enum_values(schema).unwrap_or_default();
                    self.enums.entry(values.clone()).or_insert(name.clone());
                    enum_model(&name, &key, schema, values, vec![key.clone()])
                }
                _ => {
                    let fields = self.struct_fields(schema, &name, &key, &pointer)?;
                    Model {
                        name: name.clone(),
                        wire: key.clone(),
                        description: clean(&schema.schema_data.description),
                        deprecated: schema.schema_data.deprecated,
                        kind: ModelKind::Struct(fields),
                    }
                }
            };
            self.models.insert(name, model);
        }
        Ok(())
    }

    /// All models, sorted by name, with cycles boxed.
    pub(crate) fn finish(self) -> (Vec<Model>, Vec<Warning>) {
        let mut models: Vec<Model> = self.models.into_values().collect();
        box_cycles(&mut models);
        (models, self.warnings)
    }

    /// The model with this name.
    pub(crate) fn model(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }

    /// The names of the document's `apiKey` security schemes, read once for the document
    /// (fields and parameters alike are secret by them).
    pub(crate) fn schemes(&self) -> &[String] {
        &self.schemes
    }

    fn shape(&self, schema: &Schema) -> Shape {
        if enum_values(schema).is_some() {
            return Shape::Enum;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                Shape::Struct
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => Shape::Struct,
            SchemaKind::AllOf { all_of } if all_of.len() > 1 && self.all_objects(all_of, 0) => {
                Shape::Struct
            }
            _ => Shape::Inline,
        }
    }

    /// Whether every member is an object (or only annotates one, or is itself an `allOf` of
    /// objects, whose properties `collect_properties` gathers), so the `allOf` is one struct.
    fn all_objects(&self, members: &[ReferenceOr<Schema>], depth: usize) -> bool {
        depth <= MAX_REF_HOPS
            && members.iter().all(|member| {
                if annotation_only(member) {
                    return true;
                }
                let schema = match member {
                    ReferenceOr::Reference { reference } => match self.resolve(reference, "#") {
                        Ok((_, schema)) => schema,
                        Err(_) => return false,
                    },
                    ReferenceOr::Item(schema) => schema,
                };
                match &schema.schema_kind {
                    SchemaKind::AllOf { all_of } => self.all_objects(all_of, depth + 1),
                    _ => properties_of(schema).is_some(),
                }
            })
    }

    /// The one primitive type every alternative of a `oneOf`/`anyOf` has on the wire, if they
    /// share one: strings (any format, enum or not) are a `String`, integers an `i64`, numbers
    /// (integers among them) an `f64`, booleans a `bool`.
    fn primitive_union(&self, members: &[ReferenceOr<Schema>]) -> Option<TypeRef> {
        #[derive(PartialEq, Clone, Copy)]
        enum Wire {
            String,
            Integer,
            Number,
            Bool,
        }
        let mut union: Option<Wire> = None;
        for member in members {
            let schema = match member {
                ReferenceOr::Reference { reference } => self.resolve(reference, "#").ok()?.1,
                ReferenceOr::Item(schema) => schema,
            };
            let wire = match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => Wire::String,
                SchemaKind::Type(Type::Integer(_)) => Wire::Integer,
                SchemaKind::Type(Type::Number(_)) => Wire::Number,
                SchemaKind::Type(Type::Boolean(_)) => Wire::Bool,
                _ => return None,
            };
            union = Some(match (union, wire) {
                (None, wire) => wire,
                (Some(a), b) if a == b => a,
                (Some(Wire::Integer | Wire::Number), Wire::Integer | Wire::Number) => Wire::Number,
                _ => return None,
            });
        }
        Some(match union? {
            Wire::String => TypeRef::String,
            Wire::Integer => TypeRef::I64,
            Wire::Number => TypeRef::F64,
            Wire::Bool => TypeRef::Bool,
        })
    }

    /// Follows a component `$ref` found at `at` (through aliases) to its schema and the name
    /// of the component holding it.
    fn resolve(&self, reference: &str, at: &str) -> Result<(String, &'a Schema), LowerError> {
        let found = refs::follow::<Schema>(self.document, reference, at)?;
        Ok((found.name.unwrap_or_default().to_owned(), found.item))
    }

    /// The fields of an object schema (or of a merged `allOf`).
    fn struct_fields(
        &mut self,
        schema: &Schema,
        model: &str,
        wire: &str,
        pointer: &str,
    ) -> Result<Vec<Field>, LowerError> {
        let mut props: Vec<(String, ReferenceOr<Box<Schema>>, bool, String)> = Vec::new();
        self.collect_properties(schema, pointer, &mut props, 0)?;
        let bases: Vec<String> = props.iter().map(|(w, ..)| snake(w)).collect();
        let names = dedupe(&bases, &BTreeSet::new(), snake_suffix);
        let mut fields = Vec::with_capacity(props.len());
        for ((prop, schema, required, ptr), name) in props.into_iter().zip(names) {
            let hint = Hint::new(Some(model), &prop, format!("{wire}.{prop}"));
            let schema = schema.unbox();
            let ty = self.type_of(&schema, &hint, &ptr)?;
            let data = match &schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let nullable = data.is_some_and(|d| d.nullable);
            let read_only = data.is_some_and(|d| d.read_only);
            let inline = match &schema {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { .. } => None,
            };
            let no_extensions = IndexMap::new();
            let secret = secrets::is_secret(
                &secrets::Declared {
                    name: &prop,
                    extensions: inline.map_or(&no_extensions, |s| &s.schema_data.extensions),
                    pointer: &ptr,
                    schema: inline,
                },
                &self.schemes,
            )?;
            fields.push(Field {
                name,
                wire: prop,
                ty,
                required: required && !nullable && !read_only,
                boxed: false,
                read_only,
                secret,
                description: data.and_then(|d| clean(&d.description)),
                deprecated: data.is_some_and(|d| d.deprecated),
            });
        }
        Ok(fields)
    }

    /// Gathers `(name, schema, required, pointer)` of an object's properties, merging `allOf`.
    fn collect_properties(
        &self,
        schema: &Schema,
        pointer: &str,
        out: &mut Vec<(String, ReferenceOr<Box<Schema>>, bool, String)>,
        depth: usize,
    ) -> Result<(), LowerError> {
        if depth > MAX_REF_HOPS {
            return Err(LowerError::new(
                pointer,
                format!(
                    "allOf members nest more than {MAX_REF_HOPS} deep: they refer back to a schema they are part of (a cycle)"
                ),
            ));
        }
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            for (i, member) in all_of.iter().enumerate() {
                let ptr = format!("{pointer}/allOf/{i}");
                match member {
                    ReferenceOr::Item(s) => self.collect_properties(s, &ptr, out, depth + 1)?,
                    ReferenceOr::Reference { reference } => {
                        let (key, s) = self.resolve(reference, &ptr)?;
                        let target = refs::component_pointer::<Schema>(&key);
                        self.collect_properties(s, &target, out, depth + 1)?;
                    }
                }
            }
            return Ok(());
        }
        if let Some((properties, required)) = properties_of(schema) {
            for (name, prop) in properties {
                let ptr = format!(
                    "{pointer}/properties/{}",
                    crate::load::pointer::escape(name)
                );
                let is_required = required.iter().any(|r| r == name);
                if let Some(existing) = out.iter_mut().find(|(n, ..)| n == name) {
                    // A later allOf member redefines the property: the last one wins.
                    *existing = (name.clone(), prop.clone(), is_required || existing.2, ptr);
                } else {
                    out.push((name.clone(), prop.clone(), is_required, ptr));
                }
            }
        }
        Ok(())
    }

    /// The Rust type of a schema, creating models for inline objects and enums.
    pub(crate) fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, LowerError> {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.type_of_item(schema, hint, pointer),
        }
    }

    fn type_of_ref(
        &mut self,
        reference: &str,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, LowerError> {
        let (key, schema) = self.resolve(reference, pointer)?;
        if let Some(name) = self.component_models.get(&key).cloned() {
            if let Some(Model {
                kind: ModelKind::Enum(e),
                ..
            }) = self.models.get_mut(&name)
                && !e.used_by.contains(&hint.place)
            {
                e.used_by.push(hint.place.clone());
            }
            return Ok(TypeRef::Model(name));
        }
        if self.inlining.contains(&key) {
            self.warnings.push(Warning {
                pointer: pointer.to_owned(),
                message: format!("schema `{key}` refers to itself without an object in between: typed as a JSON value"),
            });
            return Ok(TypeRef::Json);
        }
        self.inlining.push(key.clone());
        let target = refs::component_pointer::<Schema>(&key);
        let result = self.type_of_item(schema, hint, &target);
        self.inlining.pop();
        result
    }

    fn type_of_item(
        &mut self,
        schema: &Schema,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, LowerError> {
        if let Some(values) = enum_values(schema) {
            return Ok(self.inline_enum(schema, values, hint));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => Ok(string_type(&s.format)),
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => Ok(match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let items = items.clone().unbox();
                    let inner = self.type_of(&items, hint, &format!("{pointer}/items"))?;
                    Ok(TypeRef::Vec(Box::new(inner)))
                }
                None => Ok(TypeRef::Vec(Box::new(TypeRef::Json))),
            },
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    self.map_type(object.additional_properties.as_ref(), hint, pointer)
                } else {
                    self.inline_struct(schema, hint, pointer)
                }
            }
            SchemaKind::AllOf { all_of } => {
                // Members that only annotate (`{description: ..}`, `{nullable: true}`) add no
                // type: `allOf: [{$ref: Id}, {description: ..}]` is an `Id`.
                let typed: Vec<(usize, &ReferenceOr<Schema>)> = all_of
                    .iter()
                    .enumerate()
                    .filter(|(_, member)| !annotation_only(member))
                    .collect();
                if let [(i, member)] = typed.as_slice() {
                    self.type_of(member, hint, &format!("{pointer}/allOf/{i}"))
                } else if self.all_objects(all_of, 0) {
                    self.inline_struct(schema, hint, pointer)
                } else {
                    self.warn(pointer, "allOf of non-objects: typed as a JSON value");
                    Ok(TypeRef::Json)
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                if members.len() == 1 {
                    self.type_of(&members[0], hint, pointer)
                } else if let Some(primitive) = self.primitive_union(members) {
                    // Alternatives of one wire form (strings of several formats or enums,
                    // numbers): a value of that form, written as such in a path or query.
                    Ok(primitive)
                } else {
                    self.warn(pointer, "oneOf/anyOf: typed as a JSON value");
                    Ok(TypeRef::Json)
                }
            }
            SchemaKind::Not { .. } => Ok(TypeRef::Json),
            SchemaKind::Any(any) => self.type_of_any(schema, any, hint, pointer),
        }
    }

    /// `AnySchema`: whatever `openapiv3` could not put in one of its typed shapes.
    fn type_of_any(
        &mut self,
        schema: &Schema,
        any: &AnySchema,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, LowerError> {
        if !any.properties.is_empty() {
            return self.inline_struct(schema, hint, pointer);
        }
        if let Some(items) = &any.items {
            let items = items.clone().unbox();
            let inner = self.type_of(&items, hint, &format!("{pointer}/items"))?;
            return Ok(TypeRef::Vec(Box::new(inner)));
        }
        if any.all_of.len() == 1 {
            return self.type_of(&any.all_of[0], hint, &format!("{pointer}/allOf/0"));
        }
        Ok(match any.typ.as_deref() {
            Some("string") => match any.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            Some("integer") => match any.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match any.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => TypeRef::Vec(Box::new(TypeRef::Json)),
            Some("object") => {
                return self.map_type(any.additional_properties.as_ref(), hint, pointer);
            }
            _ => TypeRef::Json,
        })
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, LowerError> {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let inner = self.type_of(
                    value,
                    &Hint {
                        own: format!("{}Value", hint.own),
                        ..hint.clone()
                    },
                    &format!("{pointer}/additionalProperties"),
                )?;
                Ok(TypeRef::Map(Box::new(inner)))
            }
            _ => Ok(TypeRef::Json),
        }
    }

    fn inline_struct(
        &mut self,
        schema: &Schema,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, LowerError> {
        let name = self.claim_name(&hint.combined());
        let fields = self.struct_fields(schema, &name, &hint.place, pointer)?;
        self.models.insert(
            name.clone(),
            Model {
                name: name.clone(),
                wire: hint.place.clone(),
                description: clean(&schema.schema_data.description),
                deprecated: schema.schema_data.deprecated,
                kind: ModelKind::Struct(fields),
            },
        );
        Ok(TypeRef::Model(name))
    }

    fn inline_enum(&mut self, schema: &Schema, values: Vec<String>, hint: &Hint) -> TypeRef {
        if let Some(name) = self.enums.get(&values).cloned() {
            if let Some(Model {
                kind: ModelKind::Enum(e),
                ..
            }) = self.models.get_mut(&name)
                && !e.used_by.contains(&hint.place)
            {
                e.used_by.push(hint.place.clone());
            }
            return TypeRef::Model(name);
        }
        let name = if self.taken.contains(&hint.own) {
            self.claim_name(&hint.combined())
        } else {
            self.claim_name(&hint.own)
        };
        self.enums.insert(values.clone(), name.clone());
        let model = enum_model(&name, &hint.place, schema, values, vec![hint.place.clone()]);
        self.models.insert(name.clone(), model);
        TypeRef::Model(name)
    }

    /// Takes `base`, or `base2`, `base3`... if taken.
    fn claim_name(&mut self, base: &str) -> String {
        // A parent's name and a field's, each bounded, can make one too long together.
        let base = &crate::lower::naming::pascal_joined(base);
        let mut name = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = pascal_suffix(base, n);
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    fn warn(&mut self, pointer: &str, message: &str) {
        self.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: message.to_owned(),
        });
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "date-time" => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "date" => TypeRef::Date,
        _ => TypeRef::String,
    }
}

/// Whether a schema (not a reference) is a binary string (`format: binary`).
pub(crate) fn is_binary(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        }
        SchemaKind::Any(any) => any.format.as_deref() == Some("binary"),
        _ => false,
    }
}

/// Whether a schema (not a reference) is an object that says nothing of its content: no
/// properties, no additional properties, no items, no enum, no composition. Swashbuckle writes
/// this (`$ref: Object`) for an action returning a file or a stream: the generator's rule for
/// downloads (see `lower::bodies`).
pub(crate) fn is_untyped_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.is_empty() && object.additional_properties.is_none()
        }
        SchemaKind::Any(any) => {
            matches!(any.typ.as_deref(), None | Some("object"))
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.one_of.is_empty()
                && any.format.is_none()
        }
        _ => false,
    }
}

/// The values of a string enum (nulls dropped), or `None` when the schema is not one.
fn enum_values(schema: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("string")) => any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => return None,
    };
    if values.is_empty() {
        return None;
    }
    let mut seen = BTreeSet::new();
    Some(
        values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .collect(),
    )
}

fn enum_model(
    name: &str,
    wire: &str,
    schema: &Schema,
    values: Vec<String>,
    used_by: Vec<String>,
) -> Model {
    let bases: Vec<String> = values.iter().map(|v| pascal(v)).collect();
    let names = dedupe(&bases, &BTreeSet::new(), pascal_suffix);
    let other = ["Other", "Unknown", "Unlisted", "OtherValue"]
        .iter()
        .find(|c| !names.iter().any(|n| n == *c))
        .map_or_else(|| "UnlistedValue".to_owned(), |c| (*c).to_owned());
    Model {
        name: name.to_owned(),
        wire: wire.to_owned(),
        description: clean(&schema.schema_data.description),
        deprecated: schema.schema_data.deprecated,
        kind: ModelKind::Enum(EnumModel {
            variants: values
                .into_iter()
                .zip(names)
                .map(|(wire, name)| Variant { name, wire })
                .collect(),
            other,
            used_by,
        }),
    }
}

/// The properties of an object schema, by name.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties and required list of an object-like schema.
/// Whether a schema only annotates (a description, `nullable`...) and says nothing of a type.
fn annotation_only(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema) if matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default()))
}

fn properties_of(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some((&a.properties, &a.required)),
        _ => None,
    }
}

/// A description with surrounding whitespace removed; `None` when blank.
pub(crate) fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Boxes every field whose model type lies on a cycle of models containing each other
/// directly (`Vec` and maps already break a cycle: their contents live on the heap).
pub(crate) fn box_cycles(models: &mut [Model]) {
    let index: BTreeMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct(fields) => fields
                .iter()
                .filter_map(|f| match &f.ty {
                    TypeRef::Model(name) => index.get(name).copied(),
                    _ => None,
                })
                .collect(),
            ModelKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, model) in models.iter_mut().enumerate() {
        if let ModelKind::Struct(fields) = &mut model.kind {
            for field in fields {
                if let TypeRef::Model(name) = &field.ty
                    && let Some(&j) = index.get(name)
                    && component[i] == component[j]
                {
                    field.boxed = true;
                }
            }
        }
    }
}

/// Tarjan's algorithm (iterative): the component id of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (node, ref mut child)) = work.last_mut() {
            if *child == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*child) {
                *child += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
