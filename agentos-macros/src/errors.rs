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

    /// The end of a phase: `Err` with every error recorded so far, combined into one
    /// `syn::Error` (which renders them all), when there is any.
    pub fn check(&mut self) -> syn::Result<()> {
        let mut errors = std::mem::take(&mut self.errors).into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                for error in errors {
                    first.combine(error);
                }
                Err(first)
            }
        }
    }

    /// Every error as `compile_error!` invocations.
    pub fn to_compile_errors(&self) -> TokenStream {
        self.errors
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }
}
