//! agentos-codegen, stage by stage, exactly as `Generator::generate` chains them.

use agentos_codegen::ir::{Api, Spec};
use agentos_codegen::lower::LowerOptions;
use agentos_codegen::{Generator, emit, load, lower};
use openapiv3::OpenAPI;

/// Text -> document (parse, Swagger 2.0 up-conversion, checks).
pub fn load(text: &str, origin: &str) -> crate::Result<OpenAPI> {
    load::load_str(text, origin).map_err(|e| e.to_string())
}

/// Document -> IR with the default (agentOS) status policy.
pub fn lower(doc: &OpenAPI) -> crate::Result<Api> {
    lower::lower(doc, &LowerOptions::default()).map_err(|e| e.to_string())
}

/// The IR as the emitter takes it (one document, no module).
pub fn spec(api: Api, origin: &str) -> [Spec; 1] {
    [Spec {
        module: None,
        origin: origin.to_owned(),
        api,
    }]
}

/// IR -> formatted Rust (tokens, `syn`, prettyplease).
pub fn emit(specs: &[Spec]) -> crate::Result<String> {
    emit::render(specs, emit::ModelSharing::default()).map_err(|e| e.to_string())
}

/// Text -> formatted Rust, through the public front door.
pub fn end_to_end(text: &str, origin: &str) -> crate::Result<String> {
    Generator::new()
        .spec_text(origin, text)
        .generate()
        .map_err(|e| e.to_string())
}
