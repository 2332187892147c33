//! `#[agentos_endpoint]` on an inline module: every declaration inside annotated with
//! `#[agentos_endpoint(METHOD "PATH")]` is checked and expanded together, sharing one `models`
//! module, so that the models two operations have in common are generated (and compiled) once.
//! Other items of the module are kept as they are.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{AttrStyle, Attribute, Item, ItemMod, LitStr};

use crate::attr::{EndpointArgs, ModuleArgs};
use crate::check::{Plan, check_params, find_operation};
use crate::errors::Errors;
use crate::expand;
use crate::item::EndpointFn;
use crate::schema;

/// Whether an attribute is `#[agentos_endpoint(..)]` (or a path ending in it).
fn is_endpoint_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "agentos_endpoint")
}

/// An annotated declaration found in the module, its annotation taken off.
struct Found {
    decl: EndpointFn,
    args: Option<EndpointArgs>,
}

/// Reads `item` as an annotated declaration, or `None` if it is anything else (kept as is;
/// an annotated item that is not a function then expands on its own and says so).
fn annotated(item: &Item, errors: &mut Errors) -> Option<Found> {
    if !matches!(item, Item::Fn(_) | Item::Verbatim(_)) {
        return None;
    }
    let mut decl: EndpointFn = syn::parse2(item.to_token_stream()).ok()?;
    let position = decl.attrs.iter().position(is_endpoint_attr)?;
    let attr = decl.attrs.remove(position);
    let args = match attr.parse_args::<EndpointArgs>() {
        Ok(args) => {
            if let Some(spec) = &args.spec {
                errors.push(
                    spec.span(),
                    "inside an #[agentos_endpoint] module the schema is the module's: \
                     move `spec = ..` to the module's attribute",
                );
            }
            if let Some(models) = &args.models {
                errors.push(
                    models.span(),
                    "inside an #[agentos_endpoint] module the models are the module's: \
                     move `models = ..` to the module's attribute",
                );
            }
            Some(args)
        }
        Err(error) => {
            errors.push_error(error);
            None
        }
    };
    Some(Found { decl, args })
}

/// The expansion of `#[agentos_endpoint(args)] mod name { .. }`.
pub fn run(args: TokenStream, module: ItemMod) -> TokenStream {
    let mut errors = Errors::default();
    let ModuleArgs { spec, models } = match syn::parse2::<ModuleArgs>(args) {
        Ok(args) => args,
        Err(error) => {
            errors.push(
                error.span(),
                "on a module, #[agentos_endpoint] takes only the schema and the shared models: \
                 #[agentos_endpoint], or #[agentos_endpoint(spec = \"path/to/schema.yaml\", \
                 models = path::to::models)] with either argument; \
                 methods and paths go on the functions inside",
            );
            ModuleArgs::default()
        }
    };
    let Some((_, items)) = &module.content else {
        let error = syn::Error::new_spanned(
            &module,
            "#[agentos_endpoint] on a module needs its items inline: `mod name { .. }`",
        )
        .to_compile_error();
        return quote!(#error #module);
    };

    let mut kept: Vec<&Item> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    for item in items {
        match annotated(item, &mut errors) {
            Some(declaration) => found.push(declaration),
            None => kept.push(item),
        }
    }

    let location = schema::locate(spec.as_ref().map(LitStr::value).as_deref());
    let spec_span = spec.as_ref().map_or_else(Span::call_site, LitStr::span);
    let tracking = expand::tracking(location.path.is_file().then_some(location.path.as_path()));
    let loaded = schema::load(&location).map_err(|message| errors.push(spec_span, message));

    let models_written = models
        .as_ref()
        .map_or_else(|| "models".to_owned(), |m| m.written());
    let mut plans: Vec<(EndpointFn, Plan<'_>)> = Vec::new();
    let mut stubs = TokenStream::new();
    for Found { decl, args } in found {
        let mut own = Errors::default();
        let name = decl.sig.ident.to_string();
        if agentos_codegen::lower::naming::RESERVED_MODULES.contains(&name.as_str()) {
            own.push(
                decl.sig.ident.span(),
                format!(
                    "`{name}` is the name of the generated {name} module of an \
                     #[agentos_endpoint] module: give the function another name"
                ),
            );
        }
        let (params, complete) = decl.params(&mut own);
        let plan = match (&loaded, args) {
            (Ok(schema), Some(args)) => find_operation(
                &schema.api,
                args.method,
                args.method_span,
                &args.path,
                &mut own,
            )
            .map(|(group, op)| {
                check_params(
                    group,
                    op,
                    params,
                    complete,
                    &decl.sig.ident,
                    &models_written,
                    &mut own,
                )
            }),
            _ => None,
        };
        match plan {
            Some(plan) if own.is_empty() => plans.push((decl, plan)),
            _ => {
                stubs.extend(decl.fallback_stub(TokenStream::new()));
                errors.extend(own);
            }
        }
    }
    let generated = match &loaded {
        Ok(schema) => expand::group(&plans, schema, &location.written, models.as_ref())
            .unwrap_or_else(|message| {
                errors.push(spec_span, message);
                plans
                    .iter()
                    .map(|(decl, _)| decl.fallback_stub(TokenStream::new()))
                    .collect()
            }),
        Err(()) => TokenStream::new(),
    };

    let errors = errors.to_compile_errors();
    let (inner, outer): (Vec<&Attribute>, Vec<&Attribute>) = module
        .attrs
        .iter()
        .partition(|a| matches!(a.style, AttrStyle::Inner(_)));
    let vis = &module.vis;
    let unsafety = &module.unsafety;
    let name = &module.ident;
    quote! {
        #(#outer)*
        #vis #unsafety mod #name {
            #(#inner)*
            #(#kept)*
            #errors
            #generated
            #stubs
            #tracking
        }
    }
}
