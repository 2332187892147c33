//! `agentos_api!`: the whole generated client of a schema, the macro counterpart of the
//! build-script route (`agentos_codegen::Generator`).

use agentos_codegen::emit;
use agentos_codegen::ir::Spec;
use proc_macro2::{Span, TokenStream};
use syn::LitStr;

use crate::attr::ApiArgs;
use crate::expand::tracking;
use crate::schema;

/// The expansion of `agentos_api!(input)`.
pub fn run(input: TokenStream) -> TokenStream {
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
            emit::tokens(&[Spec {
                module: None,
                origin: location.written.clone(),
                api: schema.api.clone(),
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
