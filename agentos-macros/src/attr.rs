//! Parsing the arguments of `#[agentos_endpoint(...)]`.
//!
//! Grammar: `METHOD "PATH" [, spec = "FILE"]`, where METHOD is one of `GET POST PUT PATCH DELETE`
//! (any case). The method is an identifier, not a string, so its span points at the word.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// An HTTP method as written in the annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// All methods, in the order they are listed in messages.
    pub const ALL: [HttpMethod; 5] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
    ];

    /// The upper-case wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    fn parse_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

/// The parsed annotation arguments, each with the span of its tokens for error messages.
#[derive(Debug)]
pub struct EndpointArgs {
    pub method: HttpMethod,
    pub method_span: Span,
    pub path: LitStr,
    pub spec: Option<LitStr>,
}

impl Parse for EndpointArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let method_ident: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected an HTTP method and a path: #[agentos_endpoint(GET \"/v3/diary/{shortName}/appointmenttypes\")]",
            )
        })?;
        let method = HttpMethod::parse_name(&method_ident.to_string()).ok_or_else(|| {
            syn::Error::new(
                method_ident.span(),
                format!(
                    "`{method_ident}` is not an HTTP method agentOS uses; expected one of GET, POST, PUT, PATCH, DELETE"
                ),
            )
        })?;
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the endpoint's path as a string literal after the method, e.g. \"/v4/advertising/{shortName}/company/company\"",
            )
        })?;
        let mut spec = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            if key != "spec" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`; the only optional argument is `spec = \"path/to/schema.yaml\"`"),
                ));
            }
            input.parse::<Token![=]>()?;
            let value: LitStr = input.parse()?;
            if spec.replace(value).is_some() {
                return Err(syn::Error::new(key.span(), "`spec` is given twice"));
            }
        }
        Ok(EndpointArgs {
            method,
            method_span: method_ident.span(),
            path,
            spec,
        })
    }
}
