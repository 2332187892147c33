//! `agentos_api!`: the whole generated client of a schema, the macro counterpart of the
//! build-script route (`agentos_codegen::Generator`); and `agentos_models!`, its `models`
//! module alone, for declarations to share (`models = PATH`).

use agentos_codegen::emit;
use agentos_codegen::ir::Spec;
use proc_macro2::{Span, TokenStream};
use syn::LitStr;

use crate::attr::ApiArgs;
use crate::expand::tracking;
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
    let span = args
        .spec
        .as_ref()
        .map_or_else(Span::call_site, LitStr::span);
    let track = tracking(location.path.is_file().then_some(location.path.as_path()));
    let generated = schema::load(&location)
        .map_err(|message| message.to_string())
        .and_then(|schema| {
            let mut api = schema.api.clone();
            if part == Part::Models {
                api.groups.clear();
            }
            emit::tokens(&[Spec {
                module: None,
                origin: location.written.clone(),
                api,
            }])
            .map_err(|e| format!("cannot generate the client of `{}`: {e}", location.written))
        });
    match generated {
        Ok(tokens) => quote::quote!(#tokens #track),
        Err(message) => {
            let error = syn::Error::new(span, message).to_compile_error();
            quote::quote!(#error #track)
        }
    }
}
