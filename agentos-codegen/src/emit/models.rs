//! Models: structs for object schemas, enums with a catch-all for string enums.
//!
//! Every model derives both `Serialize` and `Deserialize` (through the runtime's re-export of
//! serde), whether the document sends it, receives it or both: agentOS's recommended
//! architecture stores what it reads, so responses must serialise too, and one shape keeps the
//! output simple. Structs whose fields all have a default also derive `Default`, so request
//! bodies with many optional fields can be written as `T { x: Some(..), ..Default::default() }`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{Doc, code};
use crate::emit::rust::{Scope, has_default, ident, trips_variant_names, ty};
use crate::ir::{EnumModel, Field, Model, ModelKind};
use crate::lower::naming::unraw;

/// The items of one model.
pub(crate) fn model(model: &Model) -> TokenStream {
    match &model.kind {
        ModelKind::Struct(fields) => structure(model, fields),
        ModelKind::Enum(e) => enumeration(model, e),
    }
}

fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

fn structure(model: &Model, fields: &[Field]) -> TokenStream {
    let name = ident(&model.name);
    let mut doc = Doc::new();
    doc.prose(model.description.as_deref());
    if doc.is_empty() {
        doc.para(format!("The {} schema.", code(&model.wire)));
    }
    let doc = doc.attrs();
    let default = if fields
        .iter()
        .all(|f| !f.required || (has_default(&f.ty) && !f.boxed))
    {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let deprecated = deprecated(model.deprecated);
    let fields = fields.iter().map(field);
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #[serde(crate = "agentos_runtime::__private::serde")]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let mut ty = ty(&field.ty, Scope::Models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let mut serde = Vec::new();
    if unraw(&field.name) != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    if !field.required {
        ty = quote!(Option<#ty>);
        serde.push(quote!(default));
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = if serde.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde),*)])
    };
    let mut doc = Doc::new();
    doc.prose(field.description.as_deref());
    if field.read_only {
        doc.para("Read-only: set by the server; leave it `None` in requests.");
    }
    if field.deprecated {
        doc.para("Deprecated by the document.");
    }
    // The document says nothing of this field: neither do we (a sentence repeating its name
    // would only be noise), and `missing_docs` is told so.
    let doc = if doc.is_empty() {
        quote!(#[allow(missing_docs)])
    } else {
        doc.attrs()
    };
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

fn enumeration(model: &Model, e: &EnumModel) -> TokenStream {
    let name = ident(&model.name);
    let other = ident(&e.other);
    let mut doc = Doc::new();
    doc.prose(model.description.as_deref());
    if doc.is_empty() {
        doc.para(format!("Values of {}.", code(&model.wire)));
    }
    if e.used_by.len() > 1 || e.used_by.first() != Some(&model.wire) {
        let places: Vec<String> = e.used_by.iter().map(|p| code(p)).collect();
        doc.para(format!("Used by {}.", places.join(", ")));
    }
    doc.para(format!(
        "A value the document does not list is kept as received in [`Self::{}`], so a new value on the server does not break decoding.",
        e.other
    ));
    let doc = doc.attrs();
    let allow = if trips_variant_names(
        &model.name,
        e.variants
            .iter()
            .map(|v| v.name.as_str())
            .chain([e.other.as_str()]),
    ) {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        TokenStream::new()
    };
    let deprecated = deprecated(model.deprecated);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" {}", code(w)));
    let other_doc = " A value the document does not list.";
    quote! {
        #doc
        #deprecated
        #allow
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            #[doc = #other_doc]
            #other(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: ::agentos_runtime::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: ::agentos_runtime::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}
