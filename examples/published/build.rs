//! Generates one client from every document agentOS publishes (`../shared/specs`: both forms
//! of the diary, the basic tier and the free tier) and from our `spec/agentos.yaml` (for its
//! v4 advertising group, which no published document holds), as a user's build script would,
//! and from
//! the same generator's catalog (what `agentos-codegen list --json` prints) the calls to every
//! operation that the tests drive: a new operation in a document is called without editing
//! anything here.
//!
//! Without `../shared/specs` the crate builds with no documents (`DOCUMENTS` is empty) and the
//! tests say they were skipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use agentos_codegen::{Generator, catalog};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let shared = manifest.join("../../../shared/specs");
    println!("cargo:rerun-if-changed={}", shared.display());
    let documents = agentos_codegen::load::documents_in(&shared).unwrap_or_default();
    if documents.is_empty() {
        println!(
            "cargo:warning={} is missing: no published documents to generate from",
            shared.display()
        );
        std::fs::write(out.join("agentos.rs"), "")?;
        std::fs::write(
            out.join("calls.rs"),
            "/// No documents.\npub const DOCUMENTS: &[(&str, &str)] = &[];\n\n/// No calls.\npub fn calls() -> Vec<Call> {\n    Vec::new()\n}\n",
        )?;
        return Ok(());
    }
    let mut generator = Generator::new();
    let mut modules = Vec::new();
    for document in &documents {
        let module = module_name(&shared, document);
        generator = generator.spec_as(&module, document);
        modules.push((module, document.clone()));
    }
    // The v4 advertising group, which no published document holds: ours (with its v2/v3
    // groups), called the same way, so every v4 operation is called through the catalog too.
    let ours = manifest.join("../../spec/agentos.yaml");
    println!("cargo:rerun-if-changed={}", ours.display());
    generator = generator.spec_as("ours_agentos", &ours);
    modules.push(("ours_agentos".to_owned(), ours));
    generator.write_to_out_dir("agentos.rs")?;
    let specs = generator.lower()?;
    let operations = catalog::operations(&specs);
    std::fs::write(out.join("calls.rs"), calls(&modules, &operations)?)?;
    Ok(())
}

/// `openapi3/basic-tier.json` -> `openapi3_basic_tier`: the folder (the form) and the stem.
fn module_name(root: &Path, document: &Path) -> String {
    let relative = document
        .strip_prefix(root)
        .unwrap_or(document)
        .with_extension("");
    relative
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The `DOCUMENTS` table and `calls()`: one `Call` per operation of the catalog.
fn calls(
    modules: &[(String, PathBuf)],
    operations: &Value,
) -> Result<String, Box<dyn std::error::Error>> {
    let mut code = String::new();
    writeln!(code, "/// The documents generated from: (module, path).")?;
    writeln!(code, "pub const DOCUMENTS: &[(&str, &str)] = &[")?;
    for (module, path) in modules {
        writeln!(code, "    ({module:?}, {:?}),", path.display().to_string())?;
    }
    writeln!(code, "];\n")?;
    writeln!(
        code,
        "/// Every operation of the generated client, in the catalog's order."
    )?;
    writeln!(code, "#[allow(deprecated, clippy::redundant_closure_call)]")?;
    writeln!(code, "pub fn calls() -> Vec<Call> {{\n    vec![")?;
    for op in operations.as_array().ok_or("the catalog is not a list")? {
        code.push_str(&call(op)?);
    }
    writeln!(code, "    ]\n}}")?;
    Ok(code)
}

fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str, String> {
    value[key]
        .as_str()
        .ok_or_else(|| format!("the catalog has no `{key}` in {value}"))
}

/// One `Call`: the request built from an example's arguments, sent, its outcome classified.
fn call(op: &Value) -> Result<String, Box<dyn std::error::Error>> {
    let module = op["module"].as_str().unwrap_or_default();
    let models = format!("crate::agentos::{}", text(op, "models")?);
    let rust_path = text(op, "rust_path")?;
    let mut args = Vec::new();
    for param in op["params"].as_array().into_iter().flatten() {
        if param["required"] == true && param["page_window"] != true {
            args.push(value_of(
                text(param, "type")?,
                &models,
                &format!("args.text({:?})?", text(param, "wire")?),
            )?);
        }
    }
    if let Some(body) = op["body"].as_object().filter(|b| b["required"] == true) {
        let ty = rust_type(body["type"].as_str().unwrap_or("Value"), &models);
        args.push(format!("args.body::<{ty}>()?"));
    }
    // Required inputs sharing a type are given to `new` as one struct, by field name.
    if let Some(required) = op["required_struct"].as_object() {
        let path = required["rust_path"]
            .as_str()
            .ok_or("a required struct without a path")?;
        let fields: Vec<String> = required["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(&args)
            .map(|(field, arg)| format!("{}: {arg}", field.as_str().unwrap_or_default()))
            .collect();
        args = vec![format!(
            "crate::agentos::{path} {{ {} }}",
            fields.join(", ")
        )];
    }
    let statuses: Vec<String> = op["statuses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["code"].as_u64().map(|c| c.to_string()))
        .collect();
    let not_found = op["statuses"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["code"] == 404)
        .and_then(|s| s["variant"].as_str())
        .map(|variant| {
            let error = rust_path
                .rsplit_once("::")
                .map_or(String::new(), |(parent, _)| format!("{parent}::"));
            format!(
                "matches!(error, crate::agentos::{error}{}::{variant}(_))",
                text(op, "error").unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "false".to_owned());
    // Names a closure's argument only where it is used: the generated code is warning-free.
    let error_arg = if not_found == "false" { "_" } else { "error" };
    let args_arg = if args.is_empty() { "_args" } else { "args" };
    let id_param = match op["id_param"].as_str() {
        Some(wire) => format!("Some({wire:?})"),
        None => "None".to_owned(),
    };
    Ok(format!(
        "        Call {{
            module: {module:?},
            method: {method:?},
            path: {path:?},
            rust_path: {rust_path:?},
            statuses: &[{statuses}],
            id_param: {id_param},
            send: |client, {args_arg}| {{
                Box::pin(async move {{
                    let request = (|| -> Result<_, String> {{
                        Ok(crate::agentos::{rust_path}::new({args}))
                    }})();
                    match request {{
                        Ok(request) => classify(client.send(&request).await, |{error_arg}| {not_found}),
                        Err(message) => Outcome::BadArguments(message),
                    }}
                }})
            }},
        }},
",
        method = text(op, "method")?,
        path = text(op, "path")?,
        statuses = statuses.join(", "),
        args = args.join(", "),
    ))
}

/// The Rust type of a catalog type (`Vec<DiaryAppointmentDetails>`), models under `models`.
fn rust_type(ty: &str, models: &str) -> String {
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return format!("Vec<{}>", rust_type(inner, models));
    }
    if let Some(inner) = ty
        .strip_prefix("BTreeMap<String, ")
        .and_then(|t| t.strip_suffix('>'))
    {
        return format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(inner, models)
        );
    }
    match ty {
        "String" | "bool" | "i32" | "i64" | "f32" | "f64" => ty.to_owned(),
        "DateTime" | "Date" | "Bytes" => format!("agentos_runtime::{ty}"),
        "Value" => "serde_json::Value".to_owned(),
        model => format!("{models}::{model}"),
    }
}

/// An expression giving a value of the catalog type `ty` from the argument's text `text`.
fn value_of(ty: &str, models: &str, text: &str) -> Result<String, String> {
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return Ok(format!("vec![{}]", value_of(inner, models, text)?));
    }
    Ok(match ty {
        "String" => text.to_owned(),
        "bool" | "i32" | "i64" | "f32" | "f64" | "DateTime" | "Date" => {
            format!("Args::parse::<{}>(&{text})?", rust_type(ty, models))
        }
        other => format!("Args::model::<{}>(&{text})?", rust_type(other, models)),
    })
}
