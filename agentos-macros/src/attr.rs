//! Parsing the arguments of `#[agentos_endpoint(...)]` and `agentos_api!(...)`.
//!
//! Endpoint grammar: `METHOD "PATH" [, spec = "FILE"]`, where METHOD is one of
//! `GET POST PUT PATCH DELETE` (any case). The method is an identifier, not a string, so an
//! error about it points at the word itself.
//!
//! `agentos_api!` grammar: nothing, `"FILE"`, or `spec = "FILE"`.

use agentos_codegen::ir::Method;
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// The parsed annotation arguments, with the spans needed for error messages.
#[derive(Debug)]
pub struct EndpointArgs {
    /// The HTTP method.
    pub method: Method,
    /// Where the method is written.
    pub method_span: Span,
    /// The path template as written.
    pub path: LitStr,
    /// `spec = "..."`, when given.
    pub spec: Option<LitStr>,
}

impl Parse for EndpointArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let method_ident: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected an HTTP method and a path, e.g. \
                 #[agentos_endpoint(GET \"/v3/diary/{shortName}/appointmenttypes\")]",
            )
        })?;
        let method = Method::parse(&method_ident.to_string()).ok_or_else(|| {
            syn::Error::new(
                method_ident.span(),
                format!(
                    "`{method_ident}` is not an HTTP method agentOS uses; \
                     expected one of GET, POST, PUT, PATCH, DELETE"
                ),
            )
        })?;
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the endpoint's path as a string literal after the method, \
                 e.g. \"/v4/advertising/{shortName}/company/company\"",
            )
        })?;
        let mut spec = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            parse_spec(input, &mut spec)?;
        }
        Ok(EndpointArgs {
            method,
            method_span: method_ident.span(),
            path,
            spec,
        })
    }
}

/// Parses `spec = "FILE"` into `slot`, refusing any other key and a second `spec`.
fn parse_spec(input: ParseStream<'_>, slot: &mut Option<LitStr>) -> syn::Result<()> {
    let key: Ident = input.parse()?;
    if key != "spec" {
        return Err(syn::Error::new(
            key.span(),
            format!(
                "unknown argument `{key}`; the only optional argument is \
                 `spec = \"path/to/schema.yaml\"`"
            ),
        ));
    }
    input.parse::<Token![=]>()?;
    let value: LitStr = input.parse()?;
    if slot.is_some() {
        return Err(syn::Error::new(key.span(), "`spec` is given twice"));
    }
    *slot = Some(value);
    Ok(())
}

/// The arguments of `agentos_api!`: the schema to generate, if not the default.
#[derive(Debug)]
pub struct ApiArgs {
    /// The schema path, when given.
    pub spec: Option<LitStr>,
}

impl Parse for ApiArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut spec = None;
        if input.peek(LitStr) {
            spec = Some(input.parse()?);
        } else if !input.is_empty() {
            parse_spec(input, &mut spec)?;
        }
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        if !input.is_empty() {
            return Err(input.error(
                "expected at most one argument, the schema: agentos_api!(\"spec/agentos.yaml\")",
            ));
        }
        Ok(ApiArgs { spec })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_any_case_and_spec() {
        let args: EndpointArgs =
            syn::parse_str(r#"patch "/v3/x/{shortName}", spec = "a.yaml""#).unwrap();
        assert_eq!(args.method, Method::Patch);
        assert_eq!(args.path.value(), "/v3/x/{shortName}");
        assert_eq!(args.spec.unwrap().value(), "a.yaml");
    }

    #[test]
    fn rejects_unknown_method_key_and_duplicate_spec() {
        for (text, message) in [
            (r#"FETCH "/x""#, "not an HTTP method"),
            (r#"GET "/x", file = "a""#, "unknown argument `file`"),
            (r#"GET "/x", spec = "a", spec = "b""#, "given twice"),
            (r#"GET /x"#, "string literal"),
        ] {
            let err = syn::parse_str::<EndpointArgs>(text).unwrap_err();
            assert!(err.to_string().contains(message), "{text}: {err}");
        }
    }

    #[test]
    fn api_args() {
        assert!(syn::parse_str::<ApiArgs>("").unwrap().spec.is_none());
        let spec = |t: &str| syn::parse_str::<ApiArgs>(t).unwrap().spec.unwrap().value();
        assert_eq!(spec(r#""a.yaml""#), "a.yaml");
        assert_eq!(spec(r#"spec = "b.yaml""#), "b.yaml");
        assert!(syn::parse_str::<ApiArgs>(r#""a" "b""#).is_err());
    }
}
