//! The copy of a document progenitor is handed, made in memory before any timing starts.
//!
//! progenitor reads OpenAPI 3.0 only, needs an `operationId` on every operation and one media
//! type per body. So: Swagger 2.0 is up-converted by our loader and serialised back to JSON;
//! a missing operationId is derived from method and path (`get_v3_diary_shortname_x`, made
//! unique); every `content` map keeps `application/json` (or its first entry). Nothing else
//! changes, so both generators see the same operations, parameters and schemas.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::docs::Document;

/// HTTP methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What was changed, for the report.
#[derive(Debug, Default, Clone, Copy)]
pub struct Changes {
    /// Operations given a derived operationId.
    pub operation_ids: usize,
    /// Media types removed from `content` maps.
    pub media_types: usize,
    /// Whether the document was Swagger 2.0 and up-converted.
    pub converted: bool,
}

/// The normalised document as JSON text, and what was changed.
pub fn for_progenitor(doc: &Document) -> crate::Result<(String, Changes)> {
    let mut changes = Changes::default();
    let raw: Value = parse(&doc.text)?;
    let mut value = if raw.get("swagger").is_some() {
        changes.converted = true;
        let openapi =
            agentos_codegen::load::load_str(&doc.text, &doc.name).map_err(|e| e.to_string())?;
        serde_json::to_value(openapi).map_err(|e| e.to_string())?
    } else {
        raw
    };
    add_operation_ids(&mut value, &mut changes);
    one_media_type(&mut value, &mut changes);
    let text = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    Ok((text, changes))
}

fn parse(text: &str) -> crate::Result<Value> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    }
}

fn add_operation_ids(doc: &mut Value, changes: &mut Changes) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut taken: HashSet<String> = paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| METHODS.iter().filter_map(|m| item.get(*m)))
        .filter_map(|op| op.get("operationId")?.as_str().map(str::to_owned))
        .collect();
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            if op.contains_key("operationId") {
                continue;
            }
            let base = derived_id(method, path);
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(id.clone());
            op.insert("operationId".into(), Value::String(id));
            changes.operation_ids += 1;
        }
    }
}

/// `get` + `/v3/diary/{shortName}/appointment` -> `get_v3_diary_shortname_appointment`.
fn derived_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for word in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !word.is_empty() {
            id.push('_');
            id.push_str(&word.to_ascii_lowercase());
        }
    }
    id
}

fn one_media_type(value: &mut Value, changes: &mut Changes) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(content)) = map.get_mut("content")
                && content.len() > 1
                && content.keys().all(|k| k.contains('/'))
            {
                let keep = if content.contains_key("application/json") {
                    "application/json".to_owned()
                } else {
                    content.keys().next().cloned().unwrap_or_default()
                };
                let before = content.len();
                let kept = content.remove(&keep);
                *content = Map::new();
                if let Some(kept) = kept {
                    content.insert(keep, kept);
                }
                changes.media_types += before - content.len();
            }
            for child in map.values_mut() {
                one_media_type(child, changes);
            }
        }
        Value::Array(items) => {
            for child in items {
                one_media_type(child, changes);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_derived_unique_and_media_types_reduced() {
        let doc = Document {
            name: "t.json".into(),
            text: r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{
              "/v3/diary/{shortName}/x":{"get":{"responses":{"200":{"description":"ok",
                "content":{"text/json":{},"application/json":{},"application/xml":{}}}}}},
              "/v3/diary/{shortName}/x/":{"get":{"responses":{}}}}}"#
                .into(),
        };
        let (text, changes) = for_progenitor(&doc).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        let paths = &v["paths"];
        assert_eq!(
            paths["/v3/diary/{shortName}/x"]["get"]["operationId"],
            "get_v3_diary_shortname_x"
        );
        assert_eq!(
            paths["/v3/diary/{shortName}/x/"]["get"]["operationId"],
            "get_v3_diary_shortname_x_2"
        );
        let content = &paths["/v3/diary/{shortName}/x"]["get"]["responses"]["200"]["content"];
        assert_eq!(content.as_object().unwrap().len(), 1);
        assert!(content.get("application/json").is_some());
        assert_eq!((changes.operation_ids, changes.media_types), (2, 2));
    }
}
