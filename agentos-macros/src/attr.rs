//! Parsing the arguments of `#[agentos_endpoint(...)]` and `agentos_api!(...)`.
//!
//! Endpoint grammar: `METHOD "PATH" [, spec = "FILE"] [, options = "FILE"] [, models = PATH]`,
//! where METHOD is one of `GET POST PUT PATCH DELETE` (any case). The method is an identifier,
//! not a string, so an error about it points at the word itself.
//!
//! Module grammar (`#[agentos_endpoint(..)] mod m { .. }`): `[spec = "FILE"] [, options =
//! "FILE"] [, models = PATH]`.
//!
//! `agentos_api!` and `agentos_models!` grammar: nothing, or `"FILE"` or `spec = "FILE"`,
//! optionally followed by `, options = "FILE"`.

use agentos_codegen::ir::Method;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Path, Token};

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
    /// `options = "..."`, when given: the generator's options file.
    pub options: Option<LitStr>,
    /// `models = path::to::models`, when given: the declaration uses that module's models
    /// instead of generating its own.
    pub models: Option<ModelsPath>,
}

/// `models = PATH`: a module holding every model of the schema, as `agentos_models!()` (or
/// `agentos_api!()`) generates it, for declarations to share instead of each generating the
/// models it uses.
#[derive(Debug, Clone)]
pub struct ModelsPath(Path);

impl ModelsPath {
    /// The path as written, for messages (`crate::agentos::models`).
    pub fn written(&self) -> String {
        self.0.to_token_stream().to_string().replace(' ', "")
    }

    /// Where the path is written, for errors.
    pub fn span(&self) -> Span {
        syn::spanned::Spanned::span(&self.0)
    }

    /// The `errors` module `agentos_models!` puts beside `models`: the path with its last
    /// segment replaced (`crate::agentos::models` -> `crate::agentos::errors`).
    pub fn errors_beside(&self) -> ModelsPath {
        let mut path = self.0.clone();
        if let Some(last) = path.segments.last_mut() {
            last.ident = Ident::new("errors", last.ident.span());
            last.arguments = syn::PathArguments::None;
        }
        ModelsPath(path)
    }

    /// The path as seen from a module one level below where it was written (the generated
    /// module of a declaration, or the annotated module): `crate::` and `::` paths as they are,
    /// `self::x` as `super::x`, and any other relative path (`super::x`, `x`) behind one more
    /// `super::`.
    pub fn one_level_down(&self) -> TokenStream {
        let path = &self.0;
        let first = path.segments.first().map(|s| s.ident.to_string());
        if path.leading_colon.is_some() || first.as_deref() == Some("crate") {
            return quote!(#path);
        }
        if first.as_deref() == Some("self") {
            let rest = path.segments.iter().skip(1);
            return quote!(super #(:: #rest)*);
        }
        quote!(super :: #path)
    }
}

impl Parse for EndpointArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // `"GET" "/path"`: a method written as a string.
        if input.peek(LitStr) {
            let quoted: LitStr = input.parse()?;
            if let Some(method) = Method::parse(&quoted.value()) {
                return Err(syn::Error::new(
                    quoted.span(),
                    format!(
                        "write the method without quotes: `{}`, not `\"{}\"`",
                        method.as_str(),
                        quoted.value()
                    ),
                ));
            }
            return Err(syn::Error::new(
                quoted.span(),
                "expected an HTTP method before the path, e.g. \
                 #[agentos_endpoint(GET \"/v3/diary/{shortName}/appointmenttypes\")]",
            ));
        }
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
        let mut options = Options::default();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            options.parse_one(input)?;
        }
        Ok(EndpointArgs {
            method,
            method_span: method_ident.span(),
            path,
            spec: options.spec,
            options: options.options,
            models: options.models,
        })
    }
}

/// The optional `key = value` arguments of an annotation or macro call.
#[derive(Default)]
struct Options {
    spec: Option<LitStr>,
    options: Option<LitStr>,
    models: Option<ModelsPath>,
    /// `models = PATH` is refused (`agentos_api!` and `agentos_models!` take the schema only).
    no_models: bool,
}

impl Options {
    /// Options that take `spec` alone.
    fn spec_only() -> Self {
        Options {
            no_models: true,
            ..Options::default()
        }
    }

    /// Parses one `spec = "FILE"`, `options = "FILE"` or `models = PATH`, refusing any other
    /// key and repeats.
    fn parse_one(&mut self, input: ParseStream<'_>) -> syn::Result<()> {
        let key: Ident = input.parse()?;
        let twice = || syn::Error::new(key.span(), format!("`{key}` is given twice"));
        if key == "spec" || key == "options" {
            input.parse::<Token![=]>()?;
            let value: LitStr = input.parse()?;
            let slot = if key == "spec" {
                &mut self.spec
            } else {
                &mut self.options
            };
            if slot.replace(value).is_some() {
                return Err(twice());
            }
        } else if key == "models" && !self.no_models {
            input.parse::<Token![=]>()?;
            let value: Path = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected the path of a models module after `models =`, \
                     e.g. `models = crate::agentos::models` (a path, not a string)",
                )
            })?;
            if self.models.replace(ModelsPath(value)).is_some() {
                return Err(twice());
            }
        } else {
            let accepted = if self.no_models {
                "the optional arguments are `spec = \"path/to/schema.yaml\"` and \
                 `options = \"path/to/options.yaml\"`"
            } else {
                "the optional arguments are `spec = \"path/to/schema.yaml\"`, \
                 `options = \"path/to/options.yaml\"` and `models = path::to::models`"
            };
            return Err(syn::Error::new(
                key.span(),
                format!("unknown argument `{key}`; {accepted}"),
            ));
        }
        Ok(())
    }
}

/// The arguments of `#[agentos_endpoint(..)]` on a module: the schema and the shared models,
/// both optional, in any order.
#[derive(Debug, Default)]
pub struct ModuleArgs {
    /// The schema path, when given.
    pub spec: Option<LitStr>,
    /// The options file, when given.
    pub options: Option<LitStr>,
    /// `models = PATH`, when given.
    pub models: Option<ModelsPath>,
}

impl Parse for ModuleArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut options = Options::default();
        while !input.is_empty() {
            options.parse_one(input)?;
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(ModuleArgs {
            spec: options.spec,
            options: options.options,
            models: options.models,
        })
    }
}

/// The arguments of `agentos_api!`: the schema to generate, if not the default, and the
/// generator's options file.
#[derive(Debug)]
pub struct ApiArgs {
    /// The schema path, when given.
    pub spec: Option<LitStr>,
    /// The options file, when given.
    pub options: Option<LitStr>,
}

impl Parse for ApiArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut options = Options::spec_only();
        if input.peek(LitStr) {
            options.spec = Some(input.parse()?);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        while !input.is_empty() {
            options.parse_one(input).map_err(|e| {
                syn::Error::new(
                    e.span(),
                    format!(
                        "{e}: agentos_api!(\"spec/agentos.yaml\"), optionally with \
                         `, options = \"path/to/options.yaml\"`"
                    ),
                )
            })?;
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(ApiArgs {
            spec: options.spec,
            options: options.options,
        })
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
            (
                r#""GET" "/x""#,
                "write the method without quotes: `GET`, not `\"GET\"`",
            ),
            (
                r#""get" "/x""#,
                "write the method without quotes: `GET`, not `\"get\"`",
            ),
            (r#""/x""#, "expected an HTTP method before the path"),
            (r#"GET "/x", file = "a""#, "unknown argument `file`"),
            (r#"GET "/x", spec = "a", spec = "b""#, "given twice"),
            (r#"GET "/x", models = a, models = b"#, "given twice"),
            (r#"GET "/x", models = "a""#, "a path, not a string"),
            (r#"GET /x"#, "string literal"),
        ] {
            let err = syn::parse_str::<EndpointArgs>(text).unwrap_err();
            assert!(err.to_string().contains(message), "{text}: {err}");
        }
    }

    #[test]
    fn models_path_seen_one_level_down() {
        let down = |text: &str| {
            let args: EndpointArgs =
                syn::parse_str(&format!(r#"GET "/x", models = {text}"#)).unwrap();
            let models = args.models.unwrap();
            assert_eq!(models.written(), text.replace(' ', ""));
            models.one_level_down().to_string().replace(' ', "")
        };
        assert_eq!(down("crate::api::models"), "crate::api::models");
        assert_eq!(down("::other::models"), "::other::models");
        assert_eq!(down("self::api::models"), "super::api::models");
        assert_eq!(down("super::api::models"), "super::super::api::models");
        assert_eq!(down("api::models"), "super::api::models");
        let args: EndpointArgs =
            syn::parse_str(r#"GET "/x", models = crate::agentos::models"#).unwrap();
        let errors = args.models.unwrap().errors_beside();
        assert_eq!(errors.written(), "crate::agentos::errors");
    }

    #[test]
    fn module_args_in_any_order() {
        let args: ModuleArgs = syn::parse_str(r#"models = crate::m, spec = "a.yaml""#).unwrap();
        assert_eq!(args.spec.unwrap().value(), "a.yaml");
        assert_eq!(args.models.unwrap().written(), "crate::m");
        let none: ModuleArgs = syn::parse_str("").unwrap();
        assert!(none.spec.is_none() && none.models.is_none());
        assert!(syn::parse_str::<ModuleArgs>(r#"GET "/x""#).is_err());
    }

    #[test]
    fn api_args() {
        assert!(syn::parse_str::<ApiArgs>("").unwrap().spec.is_none());
        let spec = |t: &str| syn::parse_str::<ApiArgs>(t).unwrap().spec.unwrap().value();
        assert_eq!(spec(r#""a.yaml""#), "a.yaml");
        assert_eq!(spec(r#"spec = "b.yaml""#), "b.yaml");
        assert!(syn::parse_str::<ApiArgs>(r#""a" "b""#).is_err());
        let args = syn::parse_str::<ApiArgs>(r#""a.yaml", options = "o.yaml""#).unwrap();
        assert_eq!(args.options.unwrap().value(), "o.yaml");
        let err = syn::parse_str::<ApiArgs>("models = crate::m").unwrap_err();
        assert!(
            err.to_string().contains("the optional arguments are `spec"),
            "{err}"
        );
    }
}
