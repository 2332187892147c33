//! Operations: the request struct, its constructor and setters, `Endpoint` and the method
//! trait, `Paged` when paged.
//!
//! Request structs derive `Debug`, `Clone` (the runtime's paging re-sends a copy per page) and
//! `PartialEq`, and no serde traits: the runtime writes path and query through `Display`, and
//! only the body is serialised. Nothing here is generic over the endpoint, so the runtime's
//! generic `send` is the only per-endpoint instantiation.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{Doc, code};
use crate::emit::errors;
use crate::emit::rust::{Scope, ident, ty};
use crate::ir::{Operation, Paging, Param, ParamLocation, ResponseKind, Segment, TypeRef};

/// Clippy's default `too_many_arguments` threshold.
const MAX_ARGS: usize = 7;

/// Every item of one operation; its error type is an alias of its set's shared enum.
pub(crate) fn operation(op: &Operation) -> TokenStream {
    let request = request_struct(op);
    let inherent = inherent_impl(op);
    let endpoint = endpoint_impl(op);
    let paged = op.paging.as_ref().map(|p| paged_impl(op, p));
    let error = errors::error_alias(op);
    quote! {
        #request
        #inherent
        #endpoint
        #paged
        #error
    }
}

fn request_struct(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let mut doc = Doc::new();
    match &op.summary {
        Some(summary) => {
            doc.prose(Some(summary));
        }
        None => {
            doc.para(format!("{}.", code(&format!("{} {}", op.method, op.path))));
        }
    }
    doc.prose(op.description.as_deref());
    let mut origin = code(&format!("{} {}", op.method, op.path));
    if let Some(id) = &op.operation_id {
        origin.push_str(&format!(" (operation {})", code(id)));
    }
    doc.para(format!(
        "{origin}. Send it with `client.{}(&request)`: it answers {}; errors are [`{}`].",
        op.method.as_str().to_ascii_lowercase(),
        output_doc(&op.response.kind),
        op.error_name
    ));
    if op.paging.is_some() {
        doc.para(
            "Paged: `offset` starts at 0 and `count` at the most agentOS returns per page \
             ([`agentos_runtime::MAX_PAGE_SIZE`]). Stream every record with \
             `client.items(request)` (or pages with `client.pages(..)`), or pick a window with \
             [`Self::page`].",
        );
    }
    if op.deprecated {
        doc.para("Deprecated by the document.");
    }
    let doc = doc.attrs();
    let deprecated = if op.deprecated {
        quote!(#[deprecated = "deprecated by the agentOS document"])
    } else {
        TokenStream::new()
    };
    let params = op.params.iter().map(|p| {
        let field = ident(&p.field);
        let mut t = ty(&p.ty, Scope::Operations);
        if !p.required {
            t = quote!(Option<#t>);
        }
        let doc = param_doc(p).attrs();
        quote! {
            #doc
            pub #field: #t,
        }
    });
    let body = op.body.as_ref().map(|b| {
        let mut t = ty(&b.ty, Scope::Operations);
        if !b.required {
            t = quote!(Option<#t>);
        }
        let mut doc = Doc::new();
        doc.prose(b.description.as_deref());
        if doc.is_empty() {
            doc.para("The request body.");
        }
        doc.para(format!(
            "Sent as JSON (the document offers {}).",
            code(&b.media_type)
        ));
        let doc = doc.attrs();
        quote! {
            #doc
            pub body: #t,
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#params)*
            #body
        }
    }
}

fn param_doc(p: &Param) -> Doc {
    let mut doc = Doc::new();
    doc.prose(p.description.as_deref());
    let place = match p.location {
        ParamLocation::Path => "Path parameter",
        ParamLocation::Query => "Query parameter",
    };
    let mut line = format!("{place} {}", code(&p.wire));
    if let TypeRef::Vec(_) = p.ty {
        line.push_str(if p.explode {
            " (one pair per value)"
        } else {
            " (values joined with commas)"
        });
    }
    line.push('.');
    doc.para(line);
    if p.deprecated {
        doc.para("Deprecated by the document.");
    }
    doc
}

/// How an argument of type `t` is taken, and the conversion of `id` into the field's value
/// when it is not the value itself: `String` takes `impl Into<String>`, a list of strings any
/// iterator of them (`["PRP1"]`, a `Vec<&str>`), dates and date-times anything the runtime
/// converts (with a hint to `.parse()` text); everything else is taken as it is.
fn taken(id: &proc_macro2::Ident, t: &TypeRef) -> (TokenStream, Option<TokenStream>) {
    match t {
        TypeRef::String => (quote!(impl Into<String>), Some(quote!(#id.into()))),
        TypeRef::Vec(inner) if **inner == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#id.into_iter().map(Into::into).collect())),
        ),
        TypeRef::DateTime => (
            quote!(impl ::agentos_runtime::IntoDateTime),
            Some(quote!(::agentos_runtime::IntoDateTime::into_date_time(#id))),
        ),
        TypeRef::Date => (
            quote!(impl ::agentos_runtime::IntoDate),
            Some(quote!(::agentos_runtime::IntoDate::into_date(#id))),
        ),
        _ => (ty(t, Scope::Operations), None),
    }
}

/// A constructor argument and the field initialiser using it (see [`taken`]): by shorthand
/// when the argument is the value (`x`, not `x: x`, which clippy flags in user crates).
fn argument(name: &str, t: &TypeRef) -> (TokenStream, TokenStream) {
    let id = ident(name);
    let (arg, conversion) = taken(&id, t);
    let init = match conversion {
        Some(value) => quote!(#id: #value),
        None => quote!(#id),
    };
    (quote!(#id: #arg), init)
}

/// What `new` takes and how it fills the struct: its arguments, the field initialisers and
/// what the doc names as its inputs.
struct Constructor {
    args: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    arg_docs: Vec<String>,
}

fn constructor(op: &Operation) -> Constructor {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let field = ident(&p.field);
        if op.is_page_window(i) {
            let value = if !p.required {
                quote!(None)
            } else if p.wire.eq_ignore_ascii_case("count") {
                // The runtime's constant: the page maximum lives there alone.
                let max = quote!(::agentos_runtime::PageSize::MAX.count());
                match p.ty {
                    TypeRef::I64 => quote!(i64::from(#max)),
                    _ => max,
                }
            } else {
                quote!(0)
            };
            inits.push(quote!(#field: #value));
        } else if p.required {
            let (arg, init) = argument(&p.field, &p.ty);
            args.push(arg);
            arg_docs.push(code(&p.wire));
            inits.push(init);
        } else {
            inits.push(quote!(#field: None));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let t = ty(&body.ty, Scope::Operations);
            args.push(quote!(body: #t));
            arg_docs.push("the body".to_owned());
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: None));
        }
    }
    Constructor {
        args,
        inits,
        arg_docs,
    }
}

/// The signature of an operation's `new`, as the generated code spells it
/// (`fn new(branch_id: impl Into<String>) -> Self`), for tools that drive a generated client
/// (`agentos-codegen list --json`).
pub fn constructor_signature(op: &Operation) -> String {
    let args = constructor(op).args;
    let item: TokenStream = quote!(fn new(#(#args),*) -> Self {});
    match syn::parse2::<syn::File>(item) {
        Ok(file) => prettyplease::unparse(&file)
            .trim()
            .trim_end_matches("{}")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
            .replace(", )", ")"),
        Err(_) => String::new(),
    }
}

fn inherent_impl(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let Constructor {
        args,
        inits,
        arg_docs,
    } = constructor(op);
    // The page window is required by the documents but no argument: say where it starts.
    let window = if op.paging.is_some() {
        " The page window (`offset`, `count`) starts at the first page of the most a page \
         holds ([`agentos_runtime::MAX_PAGE_SIZE`]): [`Self::page`] sets it, and the client's \
         `pages`/`items` streams move it."
    } else {
        ""
    };
    let new_doc = if arg_docs.is_empty() {
        format!(" A request with every optional parameter unset.{window}")
    } else {
        format!(
            " A request with its required inputs ({}); optional ones start unset.{window}",
            arg_docs.join(", ")
        )
    };
    let too_many = if args.len() > MAX_ARGS {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let setters = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| !p.required && !op.is_page_window(*i))
        .map(|(_, p)| setter(p));
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let t = ty(&b.ty, Scope::Operations);
        quote! {
            /// Sets the request body.
            pub fn with_body(mut self, body: #t) -> Self {
                self.body = Some(body);
                self
            }
        }
    });
    let page = op.paging.as_ref().map(|_| {
        quote! {
            /// Sets the page window: `offset` is the index of the first record, `count` how
            /// many records to return (at most [`agentos_runtime::MAX_PAGE_SIZE`]).
            pub fn page(mut self, offset: i32, count: i32) -> Self {
                ::agentos_runtime::Paged::set_page(&mut self, offset, count);
                self
            }
        }
    });
    let default = if args.is_empty() {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        impl #name {
            #[doc = #new_doc]
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
            #body_setter
            #page
        }
        #default
    }
}

fn setter(p: &Param) -> TokenStream {
    let field = ident(&p.field);
    let setter = ident(&p.setter);
    let doc = format!(" Sets {}.", code(&p.wire));
    let value_id = ident("value");
    let (arg, conversion) = taken(&value_id, &p.ty);
    let value = conversion.unwrap_or_else(|| quote!(value));
    quote! {
        #[doc = #doc]
        pub fn #setter(mut self, value: #arg) -> Self {
            self.#field = Some(#value);
            self
        }
    }
}

fn endpoint_impl(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let error = ident(&op.error_name);
    let marker = ident(op.method.marker());
    let template = &op.path;
    let operation = &op.id;
    let output = output_type(&op.response.kind);
    let write_path = write_path(op);
    let write_query = write_query(op);
    let body = op.body.as_ref().map(|b| {
        let serialise = if b.required {
            quote!(::agentos_runtime::__private::serde_json::to_vec(&self.body).map(Some))
        } else {
            quote!(self.body.as_ref().map(::agentos_runtime::__private::serde_json::to_vec).transpose())
        };
        quote! {
            #[inline]
            fn body(&self) -> Result<Option<Vec<u8>>, ::agentos_runtime::__private::serde_json::Error> {
                #serialise
            }
        }
    });
    let page_count = op.paging.as_ref().and_then(|paging| {
        let count = op.params.get(paging.count)?;
        let field = ident(&count.field);
        let value = option_i64(quote!(self.#field), !count.required, &count.ty);
        Some(quote! {
            #[inline]
            fn page_count(&self) -> Option<i64> {
                #value
            }
        })
    });
    let decode = match &op.response.kind {
        ResponseKind::Empty => quote!(::agentos_runtime::decode::empty(body.bytes)),
        ResponseKind::Bytes => quote!(::agentos_runtime::decode::download(body)),
        ResponseKind::Json(_) => quote!(::agentos_runtime::decode::json_or_default(body.bytes)),
        ResponseKind::OptionalJson(_) => {
            quote!(::agentos_runtime::decode::json_optional(body.bytes))
        }
    };
    // Every method is `#[inline]`: rustc compiles an inline non-generic function lazily, in the
    // crate that calls it, so an application pays in codegen (the serde instantiations behind
    // `decode` and `body` above all) for the operations it uses, not for every one of the API.
    quote! {
        impl ::agentos_runtime::Endpoint for #name {
            type Method = ::agentos_runtime::#marker;
            type Output = #output;
            type Error = #error;
            const PATH_TEMPLATE: &'static str = #template;
            const OPERATION: &'static str = #operation;
            #write_path
            #write_query
            #body
            #page_count
            #[inline]
            fn decode(body: &::agentos_runtime::decode::Body<'_>) -> Result<Self::Output, ::agentos_runtime::decode::DecodeError> {
                #decode
            }
        }
    }
}

/// The success output in words, with a link (`[`super::models::X`]`), for the request's doc.
fn output_doc(kind: &ResponseKind) -> String {
    fn linked(t: &TypeRef) -> String {
        match t {
            TypeRef::Model(name) => format!("[`{name}`](super::models::{name})"),
            TypeRef::Vec(inner) => format!("a list of {}", linked(inner)),
            TypeRef::Map(inner) => format!("a map of names to {}", linked(inner)),
            other => code(&other.display_name()),
        }
    }
    match kind {
        ResponseKind::Empty => "nothing (`()`)".to_owned(),
        ResponseKind::Bytes => {
            "a [`Download`](agentos_runtime::Download) (the bytes and their content type)"
                .to_owned()
        }
        ResponseKind::Json(t) => linked(t),
        ResponseKind::OptionalJson(t) => format!(
            "`Option` of {} (`None` for a success without a body)",
            linked(t)
        ),
    }
}

fn output_type(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Empty => quote!(()),
        ResponseKind::Bytes => quote!(::agentos_runtime::Download),
        ResponseKind::Json(t) => ty(t, Scope::Operations),
        ResponseKind::OptionalJson(t) => {
            let t = ty(t, Scope::Operations);
            quote!(Option<#t>)
        }
    }
}

/// `values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")`
fn joined(values: TokenStream) -> TokenStream {
    quote!(#values.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
}

fn write_path(op: &Operation) -> TokenStream {
    let calls = op.segments.iter().map(|segment| match segment {
        Segment::Literal(text) => quote!(.literal(#text)),
        Segment::ShortName => quote!(.short_name()),
        Segment::Param(i) => match op.params.get(*i) {
            Some(p) => {
                let field = ident(&p.field);
                if let TypeRef::Vec(_) = p.ty {
                    let value = joined(quote!(self.#field));
                    quote!(.param(&#value))
                } else {
                    quote!(.param(&self.#field))
                }
            }
            None => TokenStream::new(),
        },
    });
    quote! {
        #[inline]
        fn write_path(&self, path: &mut ::agentos_runtime::path::PathWriter<'_>) {
            path #(#calls)*;
        }
    }
}

fn write_query(op: &Operation) -> Option<TokenStream> {
    let statements: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let field = ident(&p.field);
            let key = &p.wire;
            let is_vec = matches!(p.ty, TypeRef::Vec(_));
            match (is_vec, p.explode, p.required) {
                (false, _, true) => quote!(query.pair(#key, &self.#field);),
                (false, _, false) => quote!(query.optional(#key, self.#field.as_ref());),
                (true, true, true) => quote!(query.each(#key, &self.#field);),
                (true, true, false) => quote! {
                    if let Some(values) = &self.#field {
                        query.each(#key, values);
                    }
                },
                (true, false, true) => {
                    let value = joined(quote!(self.#field));
                    quote!(query.pair(#key, &#value);)
                }
                (true, false, false) => {
                    let value = joined(quote!(values));
                    quote! {
                        if let Some(values) = &self.#field {
                            query.pair(#key, &#value);
                        }
                    }
                }
            }
        })
        .collect();
    if statements.is_empty() {
        return None;
    }
    Some(quote! {
        #[inline]
        fn write_query(&self, query: &mut ::agentos_runtime::query::QueryWriter<'_>) {
            #(#statements)*
        }
    })
}

fn paged_impl(op: &Operation, paging: &Paging) -> TokenStream {
    let name = ident(&op.type_name);
    let item = ty(&paging.item, Scope::Operations);
    let (Some(offset), Some(count)) = (op.params.get(paging.offset), op.params.get(paging.count))
    else {
        return TokenStream::new();
    };
    let set = |p: &Param, arg: TokenStream| {
        let field = ident(&p.field);
        let value = if p.ty == TypeRef::I64 {
            quote!(i64::from(#arg))
        } else {
            arg
        };
        if p.required {
            quote!(self.#field = #value;)
        } else {
            quote!(self.#field = Some(#value);)
        }
    };
    let set_offset = set(offset, quote!(offset));
    let set_count = set(count, quote!(count));
    let offset_field = ident(&offset.field);
    let get_offset = match (offset.required, offset.ty == TypeRef::I64) {
        (true, false) => quote!(self.#offset_field),
        (true, true) => quote!(i32::try_from(self.#offset_field).unwrap_or(i32::MAX)),
        (false, false) => quote!(self.#offset_field.unwrap_or(0)),
        (false, true) => {
            quote!(self.#offset_field.map_or(0, |offset| i32::try_from(offset).unwrap_or(i32::MAX)))
        }
    };
    // The wrapper's own `total` and `into_items` (see `page_wrapper_impl`); an `Option` output
    // (see `lower::bodies`): a success without a body is an empty page.
    let optional_output = matches!(op.response.kind, ResponseKind::OptionalJson(_));
    let (total, items) = if optional_output {
        (
            quote!(output.as_ref().and_then(|output| output.total())),
            quote!(output.map_or_else(Vec::new, |output| output.into_items())),
        )
    } else {
        (quote!(output.total()), quote!(output.into_items()))
    };
    // `#[inline]` for the reason given at `endpoint_impl`.
    quote! {
        impl ::agentos_runtime::Paged for #name {
            type Item = #item;
            #[inline]
            fn set_page(&mut self, offset: i32, count: i32) {
                #set_offset
                #set_count
            }
            #[inline]
            fn offset(&self) -> i32 {
                #get_offset
            }
            #[inline]
            fn total(output: &Self::Output) -> Option<i64> {
                #total
            }
            #[inline]
            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                #items
            }
        }
        impl ::agentos_runtime::PagedRequest for &#name {
            type Paged = #name;
            #[inline]
            fn into_paged(self) -> #name {
                self.clone()
            }
        }
    }
}

/// `impl AreaModelResults { into_items, total }`: what every `{Count, Data}` wrapper offers its
/// users (and the `Paged` impls use), so that nobody writes `.data.unwrap_or_default()`.
pub(crate) fn page_wrapper_impl(paging: &Paging) -> TokenStream {
    let wrapper = ident(&paging.wrapper);
    let item = ty(&paging.item, Scope::Models);
    let total_field = ident(&paging.total_field.name);
    let total = option_i64(
        quote!(self.#total_field),
        paging.total_field.optional,
        &paging.total_field.ty,
    );
    let data_field = ident(&paging.data_field.name);
    let items = if paging.data_field.optional {
        quote!(self.#data_field.unwrap_or_default())
    } else {
        quote!(self.#data_field)
    };
    quote! {
        impl #wrapper {
            /// The records of this page, empty when the server sent none.
            #[inline]
            pub fn into_items(self) -> Vec<#item> {
                #items
            }
            /// How many records the whole collection holds, when the server said.
            #[inline]
            pub fn total(&self) -> Option<i64> {
                #total
            }
        }
    }
}

/// `field` (an `i32` or `i64`, in an `Option` when `optional`) as an `Option<i64>`: how a
/// request's `count` and a page's `Count` are read.
fn option_i64(field: TokenStream, optional: bool, t: &TypeRef) -> TokenStream {
    match (optional, *t == TypeRef::I64) {
        (false, false) => quote!(Some(i64::from(#field))),
        (false, true) => quote!(Some(#field)),
        (true, false) => quote!(#field.map(i64::from)),
        (true, true) => quote!(#field),
    }
}
