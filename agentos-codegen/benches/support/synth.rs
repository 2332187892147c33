//! A synthetic agentOS-like OpenAPI 3.0 document of any size, for benchmarks.
//!
//! Shaped like the real documents: call groups under `/v{N}/{group}/{shortName}/...`, four
//! operations per resource (a paged list returning `{Count, Data}`, a get by id, a post with a
//! body, a delete), PascalCase properties with acronyms, date-times, string enums repeated
//! across models, descriptions with `\r\n` and indentation, and about 40% of operations
//! without an operationId. Deterministic: the same size gives the same text.

use serde_json::{Value, json};

const GROUPS: &[&str] = &[
    "diary",
    "tier1",
    "tier2",
    "advertising",
    "lettings",
    "sales",
    "property",
    "company",
    "staff",
    "viewing",
    "accounts",
    "maintenance",
    "compliance",
    "marketing",
    "documents",
    "tenancies",
    "landlords",
    "applicants",
    "inspections",
    "reports",
];

const ENUMS: &[&[&str]] = &[
    &[
        "Viewing",
        "ViewAndValue",
        "OpeningInspection",
        "ClosingInspection",
        "Custom",
    ],
    &["Tenant", "Landlord"],
    &["Unfurnished", "PartFurnished", "Furnished"],
    &["Once", "Daily", "Weekly", "Monthly", "Yearly"],
];

fn model(name: &str, i: usize) -> Value {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "OID".into(),
        json!({"type": "string", "description": "The unique Object ID (OID)."}),
    );
    properties.insert("ETag".into(), json!({"type": "string", "description": "A unique identifier defining the object and change revision."}));
    properties.insert("Name".into(), json!({"type": "string"}));
    properties.insert("MIMEType".into(), json!({"type": "string"}));
    properties.insert("Type".into(), json!({"type": "string"}));
    properties.insert(
        "CreatedAt".into(),
        json!({"type": "string", "format": "date-time"}),
    );
    properties.insert(
        "Amount".into(),
        json!({"type": "number", "format": "double"}),
    );
    properties.insert(
        "Rooms".into(),
        json!({"type": "integer", "format": "int32"}),
    );
    properties.insert("Archived".into(), json!({"type": "boolean"}));
    properties.insert(
        "Tags".into(),
        json!({"type": "array", "items": {"type": "string"}}),
    );
    properties.insert(
        "Kind".into(),
        json!({"type": "string", "enum": ENUMS[i % ENUMS.len()]}),
    );
    properties.insert(
        "Status".into(),
        json!({"type": "string", "enum": ["Active", "Inactive", format!("State{}", i % 7)]}),
    );
    json!({
        "description": format!("Represents a single {name}, capable of holding\r\n            several linked records [see {name}Results]."),
        "type": "object",
        "properties": properties,
    })
}

/// A document with `operations` operations (rounded up to a multiple of four).
pub fn document(operations: usize) -> Value {
    let resources = operations.div_ceil(4);
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    let short_name =
        json!({"name": "shortName", "in": "path", "required": true, "schema": {"type": "string"}});
    for r in 0..resources {
        let group = GROUPS[r % GROUPS.len()];
        let version = 2 + r % 3;
        let resource = format!("resource{r}");
        let model_name = format!("Resource{r}Model");
        let base = format!("/v{version}/{group}/{{shortName}}/{resource}");
        let with_id = |ok: bool| {
            if ok {
                Some(format!("ResourceController{r}_"))
            } else {
                None
            }
        };
        let named = r % 5 >= 2; // 40% without operationId
        let id = |action: &str| with_id(named).map(|p| format!("{p}{action}{r}"));
        let reference = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let content = |schema: Value| {
            json!({
                "application/json": {"schema": schema.clone()},
                "text/json": {"schema": schema.clone()},
                "application/xml": {"schema": schema},
            })
        };
        let mut list = json!({
            "summary": format!("A collection of all the {resource} records for a company"),
            "parameters": [
                short_name.clone(),
                {"name": "offset", "in": "query", "required": true, "schema": {"type": "integer", "format": "int32"}},
                {"name": "count", "in": "query", "required": true, "schema": {"type": "integer", "format": "int32"}},
                {"name": "updatedSince", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                {"name": "branchIDs", "in": "query", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}},
            ],
            "responses": {"200": {"description": "OK", "content": content(reference(&format!("{model_name}Results")))}},
        });
        let mut post = json!({
            "summary": format!("Submits a {resource} record"),
            "parameters": [short_name.clone(), {"name": "notify", "in": "query", "schema": {"type": "boolean"}}],
            "requestBody": {"required": true, "content": {
                "application/json": {"schema": reference(&model_name)},
                "application/x-www-form-urlencoded": {"schema": reference(&model_name)},
            }},
            "responses": {"200": {"description": "OK", "content": content(json!({"type": "string"}))}},
        });
        let mut get = json!({
            "summary": format!("Gets one {resource} record by its id"),
            "parameters": [short_name.clone(), {"name": "recordID", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "OK", "content": content(reference(&model_name))}},
        });
        let mut delete = json!({
            "parameters": [short_name.clone(), {"name": "recordID", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"204": {"description": "Deleted"}},
        });
        for (op, action) in [
            (&mut list, "GetAll"),
            (&mut post, "Post"),
            (&mut get, "Get"),
            (&mut delete, "Delete"),
        ] {
            if let Some(id) = id(action) {
                op["operationId"] = json!(id);
            }
        }
        paths.insert(base.clone(), json!({"get": list, "post": post}));
        paths.insert(
            format!("{base}/{{recordID}}"),
            json!({"get": get, "delete": delete}),
        );
        schemas.insert(model_name.clone(), model(&resource, r));
        schemas.insert(format!("{model_name}Results"), json!({
            "description": format!("Holds results from a paged query returning {model_name} values"),
            "type": "object",
            "properties": {
                "Count": {"type": "integer", "format": "int32", "description": "The total number of results available for all pages"},
                "Data": {"type": "array", "items": reference(&model_name)},
            },
        }));
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": format!("Synthetic agentOS document ({} operations)", resources * 4), "version": "synthetic"},
        "servers": [{"url": "https://live-api.letmc.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    })
}
