//! Schema-checked agentOS endpoints (docs written below).

mod api;
mod attr;
mod check;
mod endpoint;
mod errors;
mod expand;
mod item;
mod schema;
mod suggest;
mod types;

use proc_macro::TokenStream;

/// Declares an endpoint of the schema; see the crate docs.
#[proc_macro_attribute]
pub fn agentos_endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    endpoint::run(args.into(), item.into()).into()
}

/// Expands to the whole generated client of a schema; see the crate docs.
#[proc_macro]
pub fn agentos_api(input: TokenStream) -> TokenStream {
    api::run(input.into()).into()
}
