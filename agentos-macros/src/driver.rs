//! The one driver of `#[agentos_endpoint]`, for a function and for a module of functions:
//! parse -> load -> check -> expand. Within a phase every problem is recorded (each on its
//! token); between phases [`Errors::check`] stops when there is any, and the expansion has one
//! exit to the fallback: the errors, and a stub of each declaration so that calls to them do
//! not add errors of their own.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{AttrStyle, Attribute, Item, ItemMod, LitStr};

use crate::attr::{EndpointArgs, ModelsPath, ModuleArgs};
use crate::check::{Plan, check_params, find_operation};
use crate::errors::Errors;
use crate::expand;
use crate::item::EndpointFn;
use crate::schema::{self, Location};

/// One annotated declaration: the function and its `(METHOD "PATH", ..)` arguments, when they
/// parsed.
struct Declaration {
    decl: EndpointFn,
    args: Option<EndpointArgs>,
}

/// What the attribute is on.
enum Form {
    /// `#[agentos_endpoint(METHOD "PATH", ..)] async fn ..;`
    Function(Box<Declaration>),
    /// `#[agentos_endpoint(..)] mod m { #[agentos_endpoint(METHOD "PATH")] async fn ..; .. }`:
    /// the module (its declarations taken out), its other items, its declarations.
    Module {
        module: ItemMod,
        kept: Vec<Item>,
        declarations: Vec<Declaration>,
    },
}

/// Where the schema, the options and the shared models come from, for every declaration.
struct Sources {
    spec: Option<LitStr>,
    options: Option<LitStr>,
    models: Option<ModelsPath>,
}

/// The expansion of `#[agentos_endpoint(args)] item`.
pub fn run(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let Some((form, sources)) = parse(args, item.clone(), &mut errors) else {
        // Not a function nor a module: say so, and keep the item as it was so that nothing
        // else breaks because it vanished.
        let errors = errors.to_compile_errors();
        return quote!(#errors #item);
    };
    let location = schema::locate(sources.spec.as_ref().map(LitStr::value).as_deref());
    let options = schema::locate_options(sources.options.as_ref().map(LitStr::value).as_deref());
    match expand(&form, &sources, &location, options.as_ref(), &mut errors) {
        Ok(tokens) => tokens,
        Err(error) => fallback(&form, error, &location, options.as_ref()),
    }
}

/// Reads the item and the arguments, recording every problem. `None` when the item is neither
/// a function nor a module.
fn parse(args: TokenStream, item: TokenStream, errors: &mut Errors) -> Option<(Form, Sources)> {
    if let Ok(module) = syn::parse2::<ItemMod>(item.clone()) {
        return Some(parse_module(args, module, errors));
    }
    let Ok(decl) = syn::parse2::<EndpointFn>(item.clone()) else {
        errors.push_tokens(
            &item,
            "#[agentos_endpoint] goes on a function declaration without a body, e.g. \
             `pub async fn appointment_types();`, or on a module of them",
        );
        return None;
    };
    let args = syn::parse2::<EndpointArgs>(args)
        .map_err(|e| errors.push_error(e))
        .ok();
    let sources = Sources {
        spec: args.as_ref().and_then(|a| a.spec.clone()),
        options: args.as_ref().and_then(|a| a.options.clone()),
        models: args.as_ref().and_then(|a| a.models.clone()),
    };
    Some((
        Form::Function(Box::new(Declaration { decl, args })),
        sources,
    ))
}

/// Whether an attribute is `#[agentos_endpoint(..)]` (or a path ending in it).
fn is_endpoint_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "agentos_endpoint")
}

fn parse_module(args: TokenStream, mut module: ItemMod, errors: &mut Errors) -> (Form, Sources) {
    let ModuleArgs {
        spec,
        options,
        models,
    } = syn::parse2::<ModuleArgs>(args).unwrap_or_else(|error| {
        errors.push(
            error.span(),
            "on a module, #[agentos_endpoint] takes only the schema, the options and the shared \
             models: #[agentos_endpoint], or #[agentos_endpoint(spec = \"path/to/schema.yaml\", \
             options = \"path/to/options.yaml\", models = path::to::models)] with any of them; \
             methods and paths go on the functions inside",
        );
        ModuleArgs::default()
    });
    let items = match module.content.take() {
        Some((_, items)) => items,
        None => {
            errors.push_tokens(
                &module,
                "#[agentos_endpoint] on a module needs its items inline: `mod name { .. }`",
            );
            Vec::new()
        }
    };
    let mut kept = Vec::new();
    let mut declarations = Vec::new();
    for item in items {
        match annotated(&item, errors) {
            Some(declaration) => declarations.push(declaration),
            None => kept.push(item),
        }
    }
    for Declaration { decl, .. } in &declarations {
        let name = decl.sig.ident.to_string();
        if agentos_codegen::lower::naming::RESERVED_MODULES.contains(&name.as_str()) {
            errors.push(
                decl.sig.ident.span(),
                format!(
                    "`{name}` is the name of the generated {name} module of an \
                     #[agentos_endpoint] module: give the function another name"
                ),
            );
        }
    }
    let sources = Sources {
        spec,
        options,
        models,
    };
    (
        Form::Module {
            module,
            kept,
            declarations,
        },
        sources,
    )
}

/// Reads `item` as an annotated declaration inside a module, or `None` if it is anything else
/// (kept as is; an annotated item that is not a function then expands on its own and says so).
fn annotated(item: &Item, errors: &mut Errors) -> Option<Declaration> {
    if !matches!(item, Item::Fn(_) | Item::Verbatim(_)) {
        return None;
    }
    let mut decl: EndpointFn = syn::parse2(item.to_token_stream()).ok()?;
    let position = decl.attrs.iter().position(is_endpoint_attr)?;
    let attr = decl.attrs.remove(position);
    let args = match attr.parse_args::<EndpointArgs>() {
        Ok(args) => {
            for (given, what, key) in [
                (&args.spec, "schema", "spec"),
                (&args.options, "options file", "options"),
            ] {
                if let Some(given) = given {
                    errors.push(
                        given.span(),
                        format!(
                            "inside an #[agentos_endpoint] module the {what} is the module's: \
                             move `{key} = ..` to the module's attribute"
                        ),
                    );
                }
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
    Some(Declaration { decl, args })
}

impl Form {
    fn declarations(&self) -> &[Declaration] {
        match self {
            Form::Function(one) => std::slice::from_ref(one.as_ref()),
            Form::Module { declarations, .. } => declarations,
        }
    }
}

/// Everything after parsing: load, check (every problem recorded, then [`Errors::check`]),
/// expand.
fn expand(
    form: &Form,
    sources: &Sources,
    location: &Location,
    options: Option<&Location>,
    errors: &mut Errors,
) -> syn::Result<TokenStream> {
    let mut params = Vec::new();
    for Declaration { decl, .. } in form.declarations() {
        params.push(decl.params(errors));
    }
    let spec_span = sources
        .spec
        .as_ref()
        .or(sources.options.as_ref())
        .map_or_else(Span::call_site, LitStr::span);
    // Without the schema nothing can be checked: stop here. Otherwise the problems of the
    // declarations' shapes and those found against the schema are reported together.
    let schema = match schema::load(location, options) {
        Ok(schema) => schema,
        Err(message) => {
            errors.push(spec_span, message);
            errors.check()?;
            return Err(syn::Error::new(spec_span, "the schema could not be loaded"));
        }
    };

    let models_written = match (&sources.models, form) {
        (Some(models), _) => models.written(),
        (None, Form::Module { .. }) => "models".to_owned(),
        (None, Form::Function(one)) => format!(
            "{}::models",
            one.decl.sig.ident.to_string().trim_start_matches("r#")
        ),
    };
    let mut plans: Vec<(&EndpointFn, Plan<'_>)> = Vec::new();
    for (Declaration { decl, args }, (declared, complete)) in form.declarations().iter().zip(params)
    {
        let Some(args) = args else { continue };
        let found = find_operation(
            &schema.api,
            args.method,
            args.method_span,
            &args.path,
            errors,
        );
        if let Some((_, op)) = found {
            let plan = check_params(
                op,
                declared,
                complete,
                &decl.sig.ident,
                &models_written,
                errors,
            );
            plans.push((decl, plan));
        }
    }
    errors.check()?;

    let written = &location.written;
    let tokens = match form {
        Form::Function(_) => {
            let (decl, plan) = plans
                .first()
                .ok_or_else(|| syn::Error::new(spec_span, "nothing to expand"))?;
            expand::endpoint(decl, plan, &schema, written, sources.models.as_ref())
        }
        Form::Module { .. } => expand::group(&plans, &schema, written, sources.models.as_ref()),
    }
    .map_err(|message| syn::Error::new(spec_span, message))?;
    Ok(match form {
        Form::Function(_) => tokens,
        Form::Module { module, kept, .. } => {
            let tracking = expand::tracking(&schema);
            wrap_module(module, kept, quote!(#tokens #tracking))
        }
    })
}

/// `module` with its other items and `content`.
fn wrap_module(module: &ItemMod, kept: &[Item], content: TokenStream) -> TokenStream {
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
            #content
        }
    }
}

/// The one fallback: the errors, a stub per declaration, and what makes the build depend on
/// the schema and the options (so that fixing them rebuilds).
fn fallback(
    form: &Form,
    error: syn::Error,
    location: &Location,
    options: Option<&Location>,
) -> TokenStream {
    let errors = error.to_compile_error();
    let files = crate::schema::watched_files(location, options);
    let tracking = expand::tracking_files(files.iter().map(PathBuf::as_path));
    match form {
        Form::Function(one) => {
            let stub = one.decl.fallback_stub(tracking);
            quote!(#errors #stub)
        }
        Form::Module {
            module,
            kept,
            declarations,
        } => {
            let stubs = declarations
                .iter()
                .map(|d| d.decl.fallback_stub(TokenStream::new()));
            wrap_module(module, kept, quote!(#errors #(#stubs)* #tracking))
        }
    }
}
