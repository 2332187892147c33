//! Accumulating compile errors, so every mistake in an annotation is reported at once.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// A list of `syn::Error`s, combined into one `compile_error!` set at the end of a phase.
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// Records an error at `span`.
    pub fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// Records an error spanning the tokens of `tokens`.
    pub fn push_tokens(&mut self, tokens: &dyn ToTokens, message: impl std::fmt::Display) {
        self.errors
            .push(syn::Error::new_spanned(tokens.to_token_stream(), message));
    }

    /// Records an already built error.
    pub fn push_error(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Takes over every error of `other`.
    pub fn extend(&mut self, other: Errors) {
        self.errors.extend(other.errors);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error as `compile_error!` invocations.
    pub fn to_compile_errors(&self) -> TokenStream {
        self.errors
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }
}
