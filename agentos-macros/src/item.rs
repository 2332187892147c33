//! Reading the annotated item: a body-less `async fn` whose parameters are the operation's.
//!
//! Every unsupported shape (generics, a body, not async, a receiver, patterns) becomes an error
//! on the offending token; all of them are reported together.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, FnArg, Ident, Pat, Signature, Token, Type, Visibility};

use crate::errors::Errors;

/// The annotated function declaration.
pub struct EndpointFn {
    /// Its attributes (the annotation itself excluded), kept on the generated function.
    pub attrs: Vec<Attribute>,
    /// Its visibility, given to the generated function and module.
    pub vis: Visibility,
    /// Its signature: name, parameters, and whatever else was written (checked).
    pub sig: Signature,
    /// The body, when the user wrote one (an error, reported on it).
    pub body: Option<syn::Block>,
}

impl Parse for EndpointFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let sig: Signature = input.parse()?;
        let body = if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            None
        } else {
            Some(input.parse()?)
        };
        Ok(EndpointFn {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

/// One declared parameter: `name: Type`.
pub struct Param {
    /// The name, matched against the schema's parameters.
    pub name: Ident,
    /// The type, checked against the schema's.
    pub ty: Type,
}

impl EndpointFn {
    /// Checks the shape of the declaration, recording every problem, and returns the
    /// parameters it could read and whether that is all of them (when not, a missing schema
    /// parameter may be one of the unreadable ones, so it is not reported as missing).
    pub fn params(&self, errors: &mut Errors) -> (Vec<Param>, bool) {
        let sig = &self.sig;
        if let Some(body) = &self.body {
            errors.push(
                body.brace_token.span.join(),
                "an #[agentos_endpoint] function has no body: end the declaration with `;` and the macro generates the call",
            );
        }
        if sig.asyncness.is_none() {
            errors.push(
                sig.fn_token.span,
                "an #[agentos_endpoint] function must be `async`: it performs an HTTP request",
            );
        }
        if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
            errors.push_tokens(
                &sig.generics,
                "an #[agentos_endpoint] function cannot be generic: its parameter types come from the schema",
            );
        }
        if let Some(constness) = &sig.constness {
            errors.push(
                constness.span,
                "an #[agentos_endpoint] function cannot be `const`",
            );
        }
        if let Some(unsafety) = &sig.unsafety {
            errors.push(
                unsafety.span,
                "an #[agentos_endpoint] function cannot be `unsafe`",
            );
        }
        if let Some(abi) = &sig.abi {
            errors.push_tokens(abi, "an #[agentos_endpoint] function cannot declare an ABI");
        }
        if let Some(variadic) = &sig.variadic {
            errors.push_tokens(
                variadic,
                "an #[agentos_endpoint] function cannot be variadic",
            );
        }
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            errors.push_tokens(
                ty,
                "leave out the return type: it is always `Result<Output, ApiError<Error>>` of the operation, generated from the schema",
            );
        }
        let mut params = Vec::new();
        let mut complete = true;
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(receiver) => errors.push_tokens(
                    receiver,
                    "an #[agentos_endpoint] function is a free function: remove `self` (the client is its first argument when generated)",
                ),
                FnArg::Typed(typed) if !typed.attrs.is_empty() => {
                    complete = false;
                    errors.push_tokens(
                        &typed.attrs[0],
                        "attributes on the parameters of an #[agentos_endpoint] function are not supported",
                    )
                }
                FnArg::Typed(typed) => match &*typed.pat {
                    Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                        params.push(Param {
                            name: pat.ident.clone(),
                            ty: (*typed.ty).clone(),
                        })
                    }
                    other => {
                        complete = false;
                        errors.push_tokens(
                            other,
                            "write each parameter as `name: Type`, named like the schema's parameter",
                        )
                    }
                },
            }
        }
        (params, complete)
    }

    /// A compiling stand-in for the item when expansion failed, so one mistake does not cascade
    /// into "cannot find function" errors at every call site: same name and visibility, the
    /// client first, then one argument of any type per declared parameter.
    ///
    /// `inside` goes in the stub's body: items there are valid wherever the function is (an
    /// `impl` block included), unlike `const _` items next to it.
    pub fn fallback_stub(&self, inside: TokenStream) -> TokenStream {
        let vis = &self.vis;
        let ident = &self.sig.ident;
        let attrs = self.attrs.iter().filter(|a| is_passthrough(a));
        let args = self
            .sig
            .inputs
            .iter()
            .filter(|arg| matches!(arg, FnArg::Typed(_)))
            .map(|_| quote::quote!(_: impl ::core::marker::Sized));
        quote::quote! {
            #(#attrs)*
            #vis async fn #ident(_: &::agentos_runtime::Client #(, #args)*) {
                #inside
            }
        }
    }

    /// The `cfg` attributes of the item, which the generated module must share with the
    /// generated function.
    pub fn cfg_attrs(&self) -> impl Iterator<Item = &Attribute> {
        self.attrs.iter().filter(|a| a.path().is_ident("cfg"))
    }
}

/// Attributes we copy onto generated items (docs, cfg, allow/deprecated).
pub fn is_passthrough(attr: &Attribute) -> bool {
    ["doc", "cfg", "allow", "deprecated"]
        .iter()
        .any(|name| attr.path().is_ident(name))
}
