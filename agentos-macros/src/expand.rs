//! Expanding a checked declaration: the generated module of the operation and the function.
//!
//! The module's types come from agentos-codegen's emitter, run on a slice of the schema's IR
//! holding only the annotated operation and the models it reaches, so an application compiles
//! the endpoints it declares and nothing else. Around them the module adds stable names
//! (`Request`, `Error`, `Output`, `Item`) and `request(..)`, which builds the request from the
//! declared parameters; the function sends it with the client entry point of its method.

use std::collections::{BTreeSet, HashMap};

use agentos_codegen::emit;
use agentos_codegen::ir::{Api, Group, ModelKind, Operation, Spec, TypeRef};
use proc_macro2::{Delimiter, Group as TokenGroup, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::attr::ModelsPath;
use crate::check::{Binding, Plan, Store, Target};
use crate::item::EndpointFn;
use crate::schema::{SPEC_DIR_ENV, SPEC_ENV, Schema};

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

/// Tokens that make the build depend on the schema file and on the environment variables that
/// choose it: editing either re-runs the expansion.
pub fn tracking(path: Option<&std::path::Path>) -> TokenStream {
    let include = path.and_then(|p| p.to_str()).map(|p| {
        quote!(
            const _: &[u8] = ::core::include_bytes!(#p);
        )
    });
    quote! {
        #include
        const _: ::core::option::Option<&str> = ::core::option_env!(#SPEC_ENV);
        const _: ::core::option::Option<&str> = ::core::option_env!(#SPEC_DIR_ENV);
    }
}

/// The operations and the models they reach, as an `Api` the emitter can render alone: one
/// call group per operation, named `group_name`, and the union of their models.
pub fn slice<'a>(
    api: &Api,
    ops: impl IntoIterator<Item = (&'a Group, &'a Operation, String)>,
) -> Api {
    let mut groups = Vec::new();
    let mut pending: Vec<&TypeRef> = Vec::new();
    for (group, op, group_name) in ops {
        pending.extend(op.params.iter().map(|p| &p.ty));
        pending.extend(op.body.as_ref().map(|b| &b.ty));
        pending.extend(op.response.kind.json_type());
        pending.extend(op.paging.as_ref().map(|p| &p.item));
        groups.push(Group {
            name: group_name,
            wire: group.wire.clone(),
            operations: vec![op.clone()],
        });
    }
    let mut names: BTreeSet<&str> = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Model(name) if names.insert(name) => {
                if let Some(ModelKind::Struct(fields)) = api.model(name).map(|m| &m.kind) {
                    pending.extend(fields.iter().map(|f| &f.ty));
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
            _ => {}
        }
    }
    let models = api
        .models
        .iter()
        .filter(|m| names.contains(m.name.as_str()))
        .cloned()
        .collect();
    Api {
        title: api.title.clone(),
        version: api.version.clone(),
        groups,
        models,
        warnings: Vec::new(),
    }
}

/// An identifier for a name the IR spells (`r#type` becomes a raw identifier).
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(bare) => Ident::new_raw(bare, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
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
/// defaults of the generated constructor (the page window at 0/1000, optional inputs unset).
fn fields(plan: &Plan<'_>) -> Vec<TokenStream> {
    let op = plan.op;
    let bound = |target: Target| plan.bindings.iter().find(|b| b.target == target);
    let mut fields = Vec::new();
    for (index, param) in op.params.iter().enumerate() {
        let field = ident(&param.field);
        let init = match bound(Target::Param(index)) {
            Some(binding) => value(binding),
            None if !param.required => quote!(::core::option::Option::None),
            None if param.wire.eq_ignore_ascii_case("count") => quote!(1000),
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

/// With `models = PATH`, the slice generates no models: the generated code names them
/// `super::models::X` from its call-group module, so a `models` import of the shared module
/// stands in for them.
fn shared_models(api: &mut Api, models: Option<&ModelsPath>) -> TokenStream {
    let Some(models) = models else {
        return TokenStream::new();
    };
    api.models.clear();
    let path = models.one_level_down();
    quote! {
        #[allow(unused_imports)]
        use #path as models;
    }
}

/// The expansion of one declaration: its own module (its models included, unless `models`
/// names a shared module) and its function.
pub fn endpoint(
    item: &EndpointFn,
    plan: &Plan<'_>,
    schema: &Schema,
    written: &str,
    models: Option<&ModelsPath>,
) -> Result<TokenStream, String> {
    let op = plan.op;
    let mut api = slice(&schema.api, [(plan.group, op, GROUP_MODULE.to_owned())]);
    let models = shared_models(&mut api, models);
    let generated = emit::tokens(&[Spec {
        module: None,
        origin: written.to_owned(),
        api,
    }])
    .map_err(|e| format!("cannot generate `{} {}`: {e}", op.method, op.path))?;
    let name = &item.sig.ident;
    let vis = &item.vis;
    let cfgs = item.cfg_attrs();
    let doc = module_doc(plan, name, written);
    let extras = module_extras(plan, Some(&ident(GROUP_MODULE)));
    let tracking = tracking(Some(&schema.path));
    let function = function(item, plan);
    Ok(quote! {
        #(#cfgs)*
        #doc
        #[allow(dead_code, deprecated)]
        #vis mod #name {
            #models
            #generated
            #extras
            #tracking
        }
        #function
    })
}

/// The expansion of the declarations of one module: a `models` module shared by all of them
/// (or an import of `models`), one module per declaration and the functions.
pub fn group(
    declarations: &[(EndpointFn, Plan<'_>)],
    schema: &Schema,
    written: &str,
    models: Option<&ModelsPath>,
) -> Result<TokenStream, String> {
    if declarations.is_empty() {
        return Ok(TokenStream::new());
    }
    let mut api = slice(
        &schema.api,
        declarations
            .iter()
            .map(|(item, plan)| (plan.group, plan.op, item.sig.ident.to_string())),
    );
    let models = shared_models(&mut api, models);
    let generated = emit::tokens(&[Spec {
        module: None,
        origin: written.to_owned(),
        api,
    }])
    .map_err(|e| format!("cannot generate the declared endpoints: {e}"))?;
    let mut additions: HashMap<String, (TokenStream, TokenStream)> = HashMap::new();
    for (item, plan) in declarations {
        let name = &item.sig.ident;
        let cfgs = item.cfg_attrs();
        let doc = module_doc(plan, name, written);
        additions.insert(
            name.to_string(),
            (quote!(#(#cfgs)* #doc), module_extras(plan, None)),
        );
    }
    let generated = add_to_modules(generated, &mut additions);
    let functions = declarations.iter().map(|(item, plan)| function(item, plan));
    Ok(quote! {
        #models
        #generated
        #(#functions)*
    })
}

/// Adds to the top-level modules of `generated` named in `additions`: attributes in place of
/// their doc comments (the emitter documents a call group; these modules are declarations')
/// and items at the end of their bodies.
///
/// This walks the tokens instead of parsing them with syn: the output of many declarations is
/// large, and parsing it again took longer than generating it.
fn add_to_modules(
    generated: TokenStream,
    additions: &mut HashMap<String, (TokenStream, TokenStream)>,
) -> TokenStream {
    let mut out = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    for token in generated {
        let ends_item = match &token {
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            TokenTree::Punct(punct) => punct.as_char() == ';',
            _ => false,
        };
        item.push(token);
        if ends_item {
            out.extend(rewrite_item(std::mem::take(&mut item), additions));
        }
    }
    out.extend(item);
    out
}

/// One top-level item, with its additions when it is `mod NAME { .. }` of `additions`.
fn rewrite_item(
    item: Vec<TokenTree>,
    additions: &mut HashMap<String, (TokenStream, TokenStream)>,
) -> Vec<TokenTree> {
    let name = item.windows(2).find_map(|pair| match pair {
        [TokenTree::Ident(keyword), TokenTree::Ident(name)] if keyword == "mod" => {
            Some(name.to_string())
        }
        _ => None,
    });
    let Some((attrs, items)) = name.and_then(|name| additions.remove(&name)) else {
        return item;
    };
    let mut rewritten: Vec<TokenTree> = attrs.into_iter().collect();
    let mut tokens = item.into_iter().peekable();
    while let Some(token) = tokens.next() {
        // `#` `[doc = ..]`: dropped.
        if let TokenTree::Punct(hash) = &token {
            if hash.as_char() == '#' {
                if let Some(TokenTree::Group(attr)) = tokens.peek() {
                    let is_doc = attr.delimiter() == Delimiter::Bracket
                        && matches!(attr.stream().into_iter().next(),
                            Some(TokenTree::Ident(name)) if name == "doc");
                    if is_doc {
                        tokens.next();
                        continue;
                    }
                }
            }
        }
        match token {
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace => {
                let mut content = body.stream();
                content.extend(items.clone());
                let mut group = TokenGroup::new(Delimiter::Brace, content);
                group.set_span(body.span());
                rewritten.push(TokenTree::Group(group));
            }
            other => rewritten.push(other),
        }
    }
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Location, load};

    fn api() -> std::sync::Arc<Schema> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/agentos.yaml");
        load(&Location {
            written: "../spec/agentos.yaml".into(),
            source: None,
            path,
        })
        .unwrap()
    }

    fn models_of(method: agentos_codegen::ir::Method, path: &str) -> Vec<String> {
        let schema = api();
        let (group, op) = schema.api.find_operation(method, path).unwrap();
        let sliced = slice(&schema.api, [(group, op, GROUP_MODULE.to_owned())]);
        assert_eq!(sliced.groups.len(), 1);
        assert_eq!(sliced.groups[0].name, GROUP_MODULE);
        assert_eq!(sliced.groups[0].operations, std::slice::from_ref(op));
        sliced.models.into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn a_slice_holds_the_models_the_operation_reaches_and_no_others() {
        use agentos_codegen::ir::Method;
        // Body -> its nested models, transitively.
        assert_eq!(
            models_of(Method::Post, "/v3/diary/{shortName}/appointment"),
            [
                "DiaryAppointmentDetails",
                "DiaryBookingModel",
                "DiaryGuestDetails"
            ]
        );
        // An enum query parameter, a body, and a plain `bool` response.
        let booking = models_of(Method::Post, "/v2/tier2/{shortName}/viewing/bookings");
        assert!(
            booking.contains(&"TenantSystemTypes".to_owned()),
            "{booking:?}"
        );
        assert!(
            booking.contains(&"ViewingBookingModel".to_owned()),
            "{booking:?}"
        );
        // No input and a 204: nothing.
        assert!(models_of(Method::Delete, "/v3/diary/{shortName}/appointment").is_empty());
        let all = api().api.models.len();
        assert!(models_of(Method::Get, "/v3/diary/{shortName}/appointmenttypes").len() < all);
    }

    #[test]
    fn a_shared_slice_has_a_group_per_declaration_and_each_model_once() {
        use agentos_codegen::ir::Method;
        let schema = api();
        let post = schema
            .api
            .find_operation(Method::Post, "/v3/diary/{shortName}/appointment")
            .unwrap();
        let put = schema
            .api
            .find_operation(Method::Put, "/v3/diary/{shortName}/appointment")
            .unwrap();
        let sliced = slice(
            &schema.api,
            [
                (post.0, post.1, "book".to_owned()),
                (put.0, put.1, "update".to_owned()),
            ],
        );
        let groups: Vec<&str> = sliced.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(groups, ["book", "update"]);
        let models: Vec<&str> = sliced.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            models,
            [
                "DiaryAppointmentDetails",
                "DiaryBookingModel",
                "DiaryGuestDetails"
            ]
        );
    }

    #[test]
    fn additions_go_into_the_named_modules_only() {
        let generated = quote! {
            #[doc = " A call group."]
            #[allow(dead_code)]
            pub mod a { pub struct S; }
            /// Models.
            pub mod models { pub struct M; }
        };
        let mut additions = HashMap::new();
        additions.insert(
            "a".to_owned(),
            (
                quote!(#[doc = " One declaration."]),
                quote!(
                    pub fn request() {}
                ),
            ),
        );
        let out = add_to_modules(generated, &mut additions).to_string();
        let expected = quote! {
            #[doc = " One declaration."]
            #[allow(dead_code)]
            pub mod a { pub struct S; pub fn request() {} }
            /// Models.
            pub mod models { pub struct M; }
        };
        assert_eq!(out, expected.to_string());
        assert!(additions.is_empty());
    }

    #[test]
    fn tracking_includes_the_file_and_reads_the_variables() {
        let tokens = tracking(Some(std::path::Path::new("/x/schema.yaml"))).to_string();
        assert!(
            tokens.contains("include_bytes ! (\"/x/schema.yaml\")"),
            "{tokens}"
        );
        assert!(
            tokens.contains("option_env ! (\"AGENTOS_SPEC\")"),
            "{tokens}"
        );
        assert!(
            tokens.contains("option_env ! (\"AGENTOS_SPEC_DIR\")"),
            "{tokens}"
        );
        assert!(!tracking(None).to_string().contains("include_bytes"));
    }
}
