//! How large can a page of agentOS records get? For every paged operation of the given
//! documents, the size in bytes of a `{Count, Data}` page of 1000 records of its item model
//! with every field present (strings of 40 characters, lists of 3 items, nested models filled
//! the same way down to 4 levels): the figure the runtime's default body limit is set from.
//!
//! ```sh
//! cargo run -p agentos-api-codegen --example page_size -- ../shared/specs/*/*.json ../shared/specs/*/*.yaml spec/agentos.yaml
//! ```

use agentos_codegen::Generator;
use agentos_codegen::ir::{Api, ModelKind, TypeRef};
use serde_json::{Map, Value, json};

const RECORDS: usize = 1000;
const STRING: usize = 40;
const LIST: usize = 3;
const DEPTH: usize = 4;

fn value(api: &Api, ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::String => json!("x".repeat(STRING)),
        TypeRef::Bool => json!(true),
        TypeRef::I32 | TypeRef::I64 => json!(1_234_567),
        TypeRef::F32 | TypeRef::F64 => json!(1234.5678),
        TypeRef::DateTime => json!("2025-06-02T09:30:00.000"),
        TypeRef::Date => json!("2025-06-02"),
        TypeRef::Bytes | TypeRef::Json => json!({}),
        TypeRef::Vec(inner) if depth < DEPTH => {
            Value::Array((0..LIST).map(|_| value(api, inner, depth + 1)).collect())
        }
        TypeRef::Map(inner) if depth < DEPTH => {
            let mut map = Map::new();
            for i in 0..LIST {
                map.insert(format!("k{i}"), value(api, inner, depth + 1));
            }
            Value::Object(map)
        }
        TypeRef::Vec(_) | TypeRef::Map(_) => Value::Null,
        TypeRef::Model(name) => match api.model(name).map(|m| &m.kind) {
            Some(ModelKind::Struct(fields)) if depth < DEPTH => {
                let mut map = Map::new();
                for field in fields {
                    map.insert(field.wire.clone(), value(api, &field.ty, depth + 1));
                }
                Value::Object(map)
            }
            Some(ModelKind::Enum(e)) => {
                let longest = e
                    .variants
                    .iter()
                    .map(|v| v.wire.as_str())
                    .max_by_key(|w| w.len());
                json!(longest.unwrap_or_default())
            }
            _ => Value::Null,
        },
    }
}

fn main() -> Result<(), agentos_codegen::Error> {
    let mut rows = Vec::new();
    for path in std::env::args().skip(1) {
        for spec in Generator::new().spec(&path).lower()? {
            for (_, op) in spec.api.operations() {
                let Some(paging) = &op.paging else { continue };
                let item = value(&spec.api, &paging.item, 1);
                let page = json!({"Count": RECORDS, "Data": vec![item; RECORDS]});
                let bytes = serde_json::to_vec(&page).map(|v| v.len()).unwrap_or(0);
                rows.push((bytes, path.clone(), paging.item.display_name()));
            }
        }
    }
    rows.sort();
    rows.dedup_by(|a, b| a.2 == b.2);
    for (bytes, path, item) in rows.iter().rev().take(8) {
        println!("{:>6.2} MB  {item}  ({path})", *bytes as f64 / 1e6);
    }
    Ok(())
}
