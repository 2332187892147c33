//! progenitor, as its documentation tells a build script to use it: `serde_json` -> `OpenAPI`,
//! `Generator::generate_tokens`, `syn::parse2`, `prettyplease::unparse`.

use openapiv3::OpenAPI;

/// Normalised JSON text -> document.
pub fn load(json: &str) -> crate::Result<OpenAPI> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// Document -> formatted Rust. progenitor has no separate lowering stage: its type space and
/// operation analysis run inside `generate_tokens`.
pub fn generate(doc: &OpenAPI) -> crate::Result<String> {
    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(doc)
        .map_err(|e| format!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}

/// Document -> tokens, unformatted: progenitor's cheapest path, what `generate_api!` costs a
/// build (and, with [`tokens_text`], what a build script that `include!`s the tokens writes).
pub fn tokens(doc: &OpenAPI) -> crate::Result<proc_macro2::TokenStream> {
    let mut generator = progenitor::Generator::default();
    generator
        .generate_tokens(doc)
        .map_err(|e| format!("progenitor: {e}"))
}

/// The tokens as text, unformatted (`TokenStream::to_string`), as a build script writes them
/// for an `include!`.
pub fn tokens_text(doc: &OpenAPI) -> crate::Result<String> {
    Ok(tokens(doc)?.to_string())
}

/// Normalised JSON text -> formatted Rust.
pub fn end_to_end(json: &str) -> crate::Result<String> {
    generate(&load(json)?)
}
