//! Expanding checked declarations: the generated modules of the operations and the functions.
//!
//! The modules' types come from agentos-codegen's emitter ([`emit::declarations`]): the
//! declared operations of the schema's IR, the models they reach and the error enums of their
//! statuses, named as the whole document names them, so an application compiles the endpoints
//! it declares and nothing else. The emitter adds to each module the items given here: stable
//! names (`Request`, `Error`, `Output`, `Item`) and `request(..)`, which builds the request
//! from the declared parameters; the function sends it with the client entry point of its
//! method.

use std::path::PathBuf;

use agentos_codegen::emit::{self, Declaration, Models, ident};
use agentos_codegen::ir::Operation;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::attr::ModelsPath;
use crate::check::{Binding, Plan, Store, Target};
use crate::item::EndpointFn;
use crate::schema::{OPTIONS_ENV, SPEC_DIR_ENV, SPEC_ENV, Schema};

/// The name of the call-group module inside the generated module (fixed, so that the
/// generated paths do not depend on how the schema's groups are named).
const GROUP_MODULE: &str = "operation";

/// Names the generated module defines itself; the operation's own type names are re-exported
/// too unless they would clash with these.
const RESERVED: [&str; 7] = [
    "Request",
    "Error",
    "Output",
    "Item",
    "request",
    "models",
    GROUP_MODULE,
];

/// Tokens that make the build depend on the schema and options files of `schema` and on the
/// environment variables that choose them: editing either re-runs the expansion.
pub fn tracking(schema: &Schema) -> TokenStream {
    tracking_files(schema.watched.iter().map(PathBuf::as_path))
}

/// [`tracking`] for these files (those that exist: a fallback tracks what it could find).
pub fn tracking_files<'a>(files: impl IntoIterator<Item = &'a std::path::Path>) -> TokenStream {
    let includes = files.into_iter().filter_map(|p| p.to_str()).map(|p| {
        quote!(
            const _: &[u8] = ::core::include_bytes!(#p);
        )
    });
    quote! {
        #(#includes)*
        const _: ::core::option::Option<&str> = ::core::option_env!(#SPEC_ENV);
        const _: ::core::option::Option<&str> = ::core::option_env!(#SPEC_DIR_ENV);
        const _: ::core::option::Option<&str> = ::core::option_env!(#OPTIONS_ENV);
    }
}

/// The value stored in a request field for a declared parameter.
fn value(binding: &Binding) -> TokenStream {
    let name = &binding.name;
    match binding.store {
        Store::Plain => binding.conv.apply(quote!(#name)),
        Store::Always => {
            let converted = binding.conv.apply(quote!(#name));
            quote!(::core::option::Option::Some(#converted))
        }
        Store::Option if binding.conv == crate::types::Conv::Same => quote!(#name),
        Store::Option => {
            let converted = binding.conv.apply(quote!(value));
            quote!(#name.map(|value| #converted))
        }
    }
}

/// The field initialisers of the request struct: declared values, and for the rest the
/// defaults of the generated constructor (the page window at offset 0 and the page maximum,
/// optional inputs unset).
fn fields(plan: &Plan<'_>) -> Vec<TokenStream> {
    let op = plan.op;
    let bound = |target: Target| plan.bindings.iter().find(|b| b.target == target);
    let mut fields = Vec::new();
    for (index, param) in op.params.iter().enumerate() {
        let field = ident(&param.field);
        let init = match bound(Target::Param(index)) {
            Some(binding) => value(binding),
            None if !param.required => quote!(::core::option::Option::None),
            // The runtime's page maximum, as the generated constructor has it.
            None if param.wire.eq_ignore_ascii_case("count") => {
                let max = quote!(::agentos_runtime::PageSize::MAX.count());
                match param.ty {
                    agentos_codegen::ir::TypeRef::I64 => quote!(i64::from(#max)),
                    _ => max,
                }
            }
            None => quote!(0),
        };
        fields.push(quote!(#field: #init));
    }
    if let Some(body) = &op.body {
        let init = match bound(Target::Body) {
            Some(binding) => value(binding),
            None if !body.required => quote!(::core::option::Option::None),
            // Unreachable after checking (a required body must be declared); an explicit
            // compile error is the safe fallback.
            None => quote!(::core::compile_error!("the request body is missing")),
        };
        fields.push(quote!(body: #init));
    }
    fields
}

fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `GET /path` (operation `Id`), for docs.
fn describe(op: &Operation) -> String {
    let endpoint = format!("{} {}", op.method, op.path);
    match &op.operation_id {
        Some(id) => format!("`{endpoint}` (operation `{id}`)"),
        None => format!("`{endpoint}`"),
    }
}

/// The doc of an operation's module.
fn module_doc(plan: &Plan<'_>, name: &Ident, written: &str) -> TokenStream {
    doc_lines(&format!(
        "Types of {}, generated from `{written}` for the `{name}` function: the request, its \
         error statuses and its output.\n\n\
         `request(..)` builds the request from the declared parameters, for \
         `client.send(..)`{}.",
        describe(plan.op),
        if plan.op.paging.is_some() {
            ", or to stream every record with `client.items(..)`"
        } else {
            ""
        }
    ))
}

/// `#[allow(clippy::too_many_arguments)]` when the generated functions take more than 7.
fn many_args(plan: &Plan<'_>) -> TokenStream {
    if plan.bindings.len() + 1 > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    }
}

/// The items added to an operation's module: stable names (`Request`, `Error`, `Output`,
/// `Item`), the parent's names, and `request(..)`. `types` is where the emitted request and
/// error types are, relative to the module (`None`: in it).
fn module_extras(plan: &Plan<'_>, types: Option<&Ident>) -> TokenStream {
    let op = plan.op;
    let request_ty = ident(&op.type_name);
    let error_ty = ident(&op.error_name);
    // `Error` re-exports the operation's alias of its status set's shared enum, so a variant
    // the set lacks (`cancel::Error::Conflict`) is reported by rustc as "not found for enum
    // `ApiWideAndBadRequestNotFound`": rustc names a type by its definition, never by an alias
    // or a re-export, and no `#[diagnostic]` attribute covers a missing variant. An enum of the
    // declaration's own would be named, but it would no longer be the type the other
    // operations with these statuses (and `agentos_models!`'s `errors`) share. The alias's doc
    // names the shared enum and lists its variants instead.
    let (aliases, originals) = match types {
        Some(group) => {
            let originals: Vec<Ident> = [&op.type_name, &op.error_name]
                .into_iter()
                .filter(|n| !RESERVED.contains(&n.as_str()))
                .map(|n| ident(n))
                .collect();
            (
                quote!(pub use self::#group::{#request_ty as Request, #error_ty as Error};),
                (!originals.is_empty()).then(|| {
                    quote! {
                        #[allow(deprecated)]
                        pub use self::#group::{#(#originals),*};
                    }
                }),
            )
        }
        None => (
            quote!(pub use self::{#request_ty as Request, #error_ty as Error};),
            None,
        ),
    };
    let item_alias = op.paging.as_ref().map(|_| {
        quote! {
            /// One record of the paged `Data`.
            pub type Item = <Request as ::agentos_runtime::Paged>::Item;
        }
    });
    let params = plan.bindings.iter().map(|b| {
        let (n, t) = (&b.name, &b.ty);
        quote!(#n: #t)
    });
    let fields = fields(plan);
    let many = many_args(plan);
    quote! {
        #[allow(deprecated)]
        #aliases
        #originals

        /// What a success decodes to.
        pub type Output = <Request as ::agentos_runtime::Endpoint>::Output;
        #item_alias

        // The declared parameter types are written in the declaration's scope.
        #[allow(unused_imports)]
        use super::*;

        /// The request, from the parameters as the function declares them.
        #many
        #[allow(deprecated)]
        #[inline]
        pub fn request(#(#params),*) -> Request {
            Request { #(#fields),* }
        }
    }
}

/// The generated function: the client and the declared parameters in, the operation's result
/// out.
fn function(item: &EndpointFn, plan: &Plan<'_>) -> TokenStream {
    let op = plan.op;
    let name = &item.sig.ident;
    let vis = &item.vis;
    let params = plan.bindings.iter().map(|b| {
        let (n, t) = (&b.name, &b.ty);
        quote!(#n: #t)
    });
    let args = plan.bindings.iter().map(|b| &b.name);
    let client = if plan.bindings.iter().any(|b| b.name == "client") {
        format_ident!("agentos_client")
    } else {
        format_ident!("client")
    };
    let method = format_ident!("{}", op.method.as_str().to_ascii_lowercase());
    let has_docs = item.attrs.iter().any(|a| a.path().is_ident("doc"));
    let mut doc = String::new();
    if has_docs {
        doc.push('\n');
    } else if let Some(summary) = &op.summary {
        doc.push_str(&format!("{summary}.\n\n"));
    }
    doc.push_str(&format!(
        "Sends {} with `client.{method}(..)`; types in the `{name}` module.",
        describe(op)
    ));
    if op.paging.is_some() {
        doc.push_str(&format!(
            " Paged: `client.items({name}::request(..))` streams every record."
        ));
    }
    let doc = doc_lines(&doc);
    let deprecated = (op.deprecated && !item.attrs.iter().any(|a| a.path().is_ident("deprecated")))
        .then(|| quote!(#[deprecated = "deprecated by the agentOS schema"]));
    let attrs = &item.attrs;
    let many = many_args(plan);
    // A plain `#[inline]` function returning the future, rather than an `async fn`: rustc
    // compiles an `async fn`'s state machine (and through it the serde code of the output) in
    // the declaring crate even when nothing calls it, `#[inline]` notwithstanding, while an
    // `async` block inside an `#[inline]` function is only compiled where the function is
    // used. The request is built before the future, so the future borrows the client alone.
    // The `async` block stays the last expression: `#[tracing::instrument]` on the declaration
    // recognises that shape and instruments the block, so its span covers the request.
    quote! {
        #(#attrs)*
        #doc
        #deprecated
        #many
        #[inline]
        #vis fn #name<'agentos>(
            #client: &'agentos ::agentos_runtime::Client,
            #(#params),*
        ) -> impl ::core::future::Future<
            Output = ::core::result::Result<#name::Output, ::agentos_runtime::ApiError<#name::Error>>,
        > + use<'agentos> {
            #[allow(deprecated)]
            let request = #name::request(#(#args),*);
            async move { #client.#method(&request).await }
        }
    }
}

/// Where the declarations' models and error enums come from: generated for them, or
/// `use PATH as models;` of a shared module and `use ..::errors as errors;` of the one
/// `agentos_models!` puts beside it (the generated code names them `super::models::X` and
/// `super::errors::Y` from its modules).
fn models_source(models: Option<&ModelsPath>) -> Models {
    match models {
        Some(path) => Models::Shared {
            models: path.one_level_down(),
            errors: path.errors_beside().one_level_down(),
        },
        None => Models::Generated,
    }
}

/// The expansion of one declaration: its own module (holding the `models` and `errors` of
/// the operation and an `operation` module with its types, plus the stable names) and its
/// function.
pub fn endpoint(
    item: &EndpointFn,
    plan: &Plan<'_>,
    schema: &Schema,
    written: &str,
    models: Option<&ModelsPath>,
) -> Result<TokenStream, String> {
    let op = plan.op;
    let generated = emit::declarations(
        &schema.api,
        &[Declaration {
            module: GROUP_MODULE.to_owned(),
            op,
            attrs: TokenStream::new(),
            items: TokenStream::new(),
        }],
        &models_source(models),
    )
    .map_err(|e| format!("cannot generate `{} {}`: {e}", op.method, op.path))?;
    let name = &item.sig.ident;
    let vis = &item.vis;
    let cfgs = item.cfg_attrs();
    let doc = module_doc(plan, name, written);
    let extras = module_extras(plan, Some(&ident(GROUP_MODULE)));
    let tracking = tracking(schema);
    let function = function(item, plan);
    Ok(quote! {
        #(#cfgs)*
        #doc
        #[allow(dead_code, deprecated)]
        #vis mod #name {
            #generated
            #extras
            #tracking
        }
        #function
    })
}

/// The expansion of the declarations of one module: a `models` module shared by all of them
/// (or an import of `models`), an `errors` module, one module per declaration (its types, then
/// the stable names) and the functions.
pub fn group(
    declarations: &[(&EndpointFn, Plan<'_>)],
    schema: &Schema,
    written: &str,
    models: Option<&ModelsPath>,
) -> Result<TokenStream, String> {
    if declarations.is_empty() {
        return Ok(TokenStream::new());
    }
    let modules: Vec<Declaration<'_>> = declarations
        .iter()
        .map(|(item, plan)| {
            let name = &item.sig.ident;
            let cfgs = item.cfg_attrs();
            let doc = module_doc(plan, name, written);
            Declaration {
                module: name.to_string(),
                op: plan.op,
                attrs: quote!(#(#cfgs)* #doc),
                items: module_extras(plan, None),
            }
        })
        .collect();
    let generated = emit::declarations(&schema.api, &modules, &models_source(models))
        .map_err(|e| format!("cannot generate the declared endpoints: {e}"))?;
    let functions = declarations.iter().map(|(item, plan)| function(item, plan));
    Ok(quote! {
        #generated
        #(#functions)*
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_includes_the_files_and_reads_the_variables() {
        let tokens = tracking_files([std::path::Path::new("/x/schema.yaml")]).to_string();
        assert!(
            tokens.contains("include_bytes ! (\"/x/schema.yaml\")"),
            "{tokens}"
        );
        for variable in ["AGENTOS_SPEC", "AGENTOS_SPEC_DIR", "AGENTOS_OPTIONS"] {
            assert!(
                tokens.contains(&format!("option_env ! (\"{variable}\")")),
                "{tokens}"
            );
        }
        assert!(!tracking_files([]).to_string().contains("include_bytes"));
    }
}
