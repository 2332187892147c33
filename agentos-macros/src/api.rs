//! `agentos_api!`: the whole generated client of a schema, the macro counterpart of the
//! build-script route (`agentos_codegen::Generator`, which loads and lowers it here too, with
//! the same options); and `agentos_models!`, its `models` module alone, for declarations to
//! share (`models = PATH`).

use agentos_codegen::emit;
use agentos_codegen::ir::Spec;
use proc_macro2::{Span, TokenStream};
use syn::LitStr;

use crate::attr::ApiArgs;
use crate::expand::{tracking, tracking_files};
use crate::schema;

/// What to expand a schema to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole client (`agentos_api!`).
    Client,
    /// The `models` module only (`agentos_models!`).
    Models,
}

/// The expansion of `agentos_api!(input)` or `agentos_models!(input)`.
pub fn run(input: TokenStream, part: Part) -> TokenStream {
    let args: ApiArgs = match syn::parse2(input) {
        Ok(args) => args,
        Err(error) => return error.to_compile_error(),
    };
    let location = schema::locate(args.spec.as_ref().map(LitStr::value).as_deref());
    let options = schema::locate_options(args.options.as_ref().map(LitStr::value).as_deref());
    let span = args
        .spec
        .as_ref()
        .or(args.options.as_ref())
        .map_or_else(Span::call_site, LitStr::span);
    let generated = schema::load(&location, options.as_ref())
        .map_err(|message| message.to_string())
        .and_then(|schema| {
            let code = generate(&schema, &location.written, part)?;
            let track = tracking(&schema);
            Ok(quote::quote!(#code #track))
        });
    match generated {
        Ok(tokens) => tokens,
        Err(message) => {
            let error = syn::Error::new(span, message).to_compile_error();
            let files = crate::schema::watched_files(&location, options.as_ref());
            let track = tracking_files(files.iter().map(std::path::PathBuf::as_path));
            quote::quote!(#error #track)
        }
    }
}

/// The code of `part` of a lowered schema, exactly as the emitter renders it for a build
/// script.
fn generate(schema: &schema::Schema, written: &str, part: Part) -> Result<TokenStream, String> {
    let spec = Spec {
        module: None,
        origin: written.to_owned(),
        api: schema.api.clone(),
    };
    match part {
        Part::Client => emit::tokens(std::slice::from_ref(&spec), schema.sharing),
        Part::Models => emit::models_tokens(&spec),
    }
    .map_err(|e| format!("cannot generate the client of `{written}`: {e}"))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use agentos_codegen::Generator;

    use super::*;

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// The documents to compare on: our schema and, when present, the published ones.
    fn documents() -> Vec<PathBuf> {
        let mut documents = vec![workspace().join("spec/agentos.yaml")];
        let shared = workspace().join("../shared/specs");
        documents.extend(agentos_codegen::load::documents_in(&shared).unwrap_or_default());
        documents
    }

    /// A status policy unlike agentOS's, so that a front door ignoring the options shows, and
    /// an overlay (relative to the options file) that front doors must apply alike.
    const OPTIONS: &str = "status_policy:\n  always: [401, 429, 503]\n  with_inputs: [400, 422]\n  with_id: [404, 410]\n  never: []\noverlays: [teapot.yaml]\n";

    /// Every GET declares a 418 (the policy includes declared statuses).
    const TEAPOT: &str = "overlay: 1.0.0\ninfo: {title: teapot, version: '1'}\nactions:\n  - target: $.paths.*.get.responses\n    update: {'418': {description: a teapot}}\n";

    #[test]
    fn build_script_and_macros_give_identical_code_for_identical_options() {
        let dir = std::env::temp_dir().join(format!("agentos-identical-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let options = dir.join("options.yaml");
        std::fs::write(&options, OPTIONS).unwrap();
        std::fs::write(dir.join("teapot.yaml"), TEAPOT).unwrap();
        let options_location = schema::locate_options(Some(options.to_str().unwrap()));
        for document in documents() {
            let built = Generator::new()
                .spec(&document)
                .options_file(&options)
                .unwrap()
                .generate()
                .unwrap();
            // The build script's file without its `@generated` header (which names the file).
            let body = built.splitn(4, '\n').nth(3).unwrap();
            let location = schema::locate(Some(document.to_str().unwrap()));
            let loaded = schema::load(&location, options_location.as_ref()).unwrap();
            let tokens = generate(&loaded, &location.written, Part::Client).unwrap();
            let file: syn::File = syn::parse2(tokens).unwrap();
            let expanded = prettyplease::unparse(&file);
            assert!(
                expanded == body,
                "{}: the macro's expansion differs from the build script's code",
                document.display()
            );
            // And the options were applied: 410 and 422 are in, 403 out, and the overlay's 418.
            assert!(body.contains("Gone(ErrorBody)") && body.contains("UnprocessableEntity"));
            assert!(
                body.contains("ImATeapot(ErrorBody)"),
                "{}",
                document.display()
            );
            assert!(loaded.watched.iter().any(|p| p.ends_with("teapot.yaml")));
            assert!(
                !body.contains("Forbidden(ErrorBody)"),
                "{}",
                document.display()
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
