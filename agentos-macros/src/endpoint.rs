//! `#[agentos_endpoint]`: parse -> check -> expand, with every error of every phase reported
//! together, and a compiling stub of the item in place of the expansion when there is any.

use proc_macro2::{Span, TokenStream};
use syn::LitStr;

use crate::attr::EndpointArgs;
use crate::check::{check_params, find_operation};
use crate::errors::Errors;
use crate::expand;
use crate::item::EndpointFn;
use crate::schema;

/// The expansion of `#[agentos_endpoint(args)] item`.
pub fn run(args: TokenStream, item: TokenStream) -> TokenStream {
    let decl: EndpointFn = match syn::parse2(item.clone()) {
        Ok(decl) => decl,
        Err(_) => {
            // Not a function at all: say so, and keep the item as it was so that nothing
            // else breaks because it vanished.
            let error = syn::Error::new_spanned(
                &item,
                "#[agentos_endpoint] goes on a function declaration without a body, e.g. \
                 `pub async fn appointment_types(offset: i32, count: i32);`",
            );
            let error = error.to_compile_error();
            return quote::quote!(#error #item);
        }
    };
    let mut errors = Errors::default();
    let args = syn::parse2::<EndpointArgs>(args)
        .map_err(|e| errors.push_error(e))
        .ok();
    let (params, complete) = decl.params(&mut errors);
    let Some(args) = args else {
        return fallback(&errors, &decl, TokenStream::new());
    };

    let location = schema::locate(args.spec.as_ref().map(LitStr::value).as_deref());
    let tracking = expand::tracking(location.path.is_file().then_some(location.path.as_path()));
    let spec_span = args
        .spec
        .as_ref()
        .map_or_else(Span::call_site, LitStr::span);
    let schema = match schema::load(&location) {
        Ok(schema) => schema,
        Err(message) => {
            errors.push(spec_span, message);
            return fallback(&errors, &decl, tracking);
        }
    };
    let Some((group, op)) = find_operation(
        &schema.api,
        args.method,
        args.method_span,
        &args.path,
        &mut errors,
    ) else {
        return fallback(&errors, &decl, tracking);
    };
    let models = args.models.as_ref().map_or_else(
        || {
            format!(
                "{}::models",
                decl.sig.ident.to_string().trim_start_matches("r#")
            )
        },
        |m| m.written(),
    );
    let plan = check_params(
        group,
        op,
        params,
        complete,
        &decl.sig.ident,
        &models,
        &mut errors,
    );
    if !errors.is_empty() {
        return fallback(&errors, &decl, tracking);
    }
    match expand::endpoint(
        &decl,
        &plan,
        &schema,
        &location.written,
        args.models.as_ref(),
    ) {
        Ok(tokens) => tokens,
        Err(message) => {
            errors.push(spec_span, message);
            fallback(&errors, &decl, tracking)
        }
    }
}

/// The errors, and the item's stub holding the schema tracking (so that fixing the schema
/// rebuilds).
fn fallback(errors: &Errors, decl: &EndpointFn, tracking: TokenStream) -> TokenStream {
    let errors = errors.to_compile_errors();
    let stub = decl.fallback_stub(tracking);
    quote::quote! {
        #errors
        #stub
    }
}
