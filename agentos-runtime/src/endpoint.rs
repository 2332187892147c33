//! The contract between generated code and the client.
//!
//! Generated code describes each operation as a request type implementing [`Endpoint`]: the
//! method as a type, the output and error types, the path template, and how to write the path,
//! query and body. The client does everything else (auth, throttle, retry, decoding).

use crate::decode::{Body, DecodeError};
use crate::error::StatusError;
use crate::header::HeaderWriter;
use crate::method::{Delete, Get, Method, Patch, Post, Put};
use crate::path::PathWriter;
use crate::query::QueryWriter;

/// One agentOS operation, as a request value.
///
/// The first paragraph of each item's doc below holds no link: rustdoc shows it on the page
/// of every generated request type, in the user's crate, where `cargo doc --no-deps` has no
/// docs of this crate to link to and would print a link as its bracketed text. The links
/// follow in a paragraph of their own.
pub trait Endpoint: Send + Sync {
    /// The HTTP method of the operation: one of the method markers (`Get`, `Post`, ...).
    ///
    /// The markers are in [`crate::method`].
    type Method: Method;
    /// What a successful response decodes to (`()` for a 204, bytes for a download).
    type Output: Send + 'static;
    /// The operation's own status enum: exactly the error statuses it can return.
    type Error: StatusError;

    /// The path template as the schema spells it, e.g. `/v3/diary/{shortName}/appointment`.
    /// Used for logs, tracing and support reports; never for building the URL.
    const PATH_TEMPLATE: &'static str;
    /// The schema's operation id or the generated name, for logs and reports.
    const OPERATION: &'static str;
    /// The wire names of JSON fields (of the body, at any depth, and of the response) that
    /// the document declares secret beyond what their names say (`format: password`,
    /// `writeOnly`, `x-agentos-secret`): blanked in support reports, and their values
    /// scrubbed from what the server sends back. Empty by default.
    ///
    /// Names that say it themselves ([`crate::report::is_secret_field`]) need not be listed.
    const SECRET_FIELDS: &'static [&'static str] = &[];

    /// Writes the path: literals, the client's short name, and the path parameters.
    ///
    /// A secret parameter is written with [`PathWriter::secret`].
    fn write_path(&self, path: &mut PathWriter<'_>);

    /// Writes the query parameters. The default writes none.
    ///
    /// Secret ones are written with [`QueryWriter::secret_pair`] and its siblings.
    fn write_query(&self, query: &mut QueryWriter<'_>) {
        let _ = query;
    }

    /// The media type the body is sent with: JSON unless the document offers the operation's
    /// body only as a form.
    ///
    /// A form is [`crate::form::CONTENT_TYPE`], its body written by [`crate::form::to_vec`].
    // (No link in the first paragraph: rustdoc copies it onto every generated type's page, where
    // a user's `cargo doc --no-deps` cannot resolve it.)
    const BODY_TYPE: &'static str = "application/json";

    /// Writes the header and cookie parameters (once per request: a retry sends the same).
    /// The default writes none.
    ///
    /// Secret ones are written with [`HeaderWriter::secret_pair`] and its siblings.
    fn write_headers(&self, headers: &mut HeaderWriter) {
        let _ = headers;
    }

    /// The JSON request body, serialised once before the first attempt. The default is none.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(None)
    }

    /// Decodes a successful response. The body is shared, so a download can keep it without a
    /// copy.
    ///
    /// [`crate::decode`] holds the functions generated code uses.
    fn decode(body: &Body<'_>) -> Result<Self::Output, DecodeError>;

    /// The `count` of a paged request (`None` for other requests, or when unset), which the
    /// client checks before sending.
    ///
    /// The client refuses to send one above [`crate::MAX_PAGE_SIZE`] or below 1, which
    /// agentOS would answer with 400.
    fn page_count(&self) -> Option<i64> {
        None
    }
}

macro_rules! method_endpoint {
    ($(#[$doc:meta])* $trait_name:ident, $marker:ident) => {
        $(#[$doc])*
        ///
        /// Implemented for every endpoint of that method, for generic code
        /// (`fn fetch<E: GetEndpoint>(..)`). The client's entry points check the method
        /// through [`crate::method::SentWith`] instead, whose error names the right method.
        pub trait $trait_name: Endpoint<Method = $marker> {}
        impl<E: Endpoint<Method = $marker>> $trait_name for E {}
    };
}

method_endpoint!(
    /// An endpoint sent with `GET`.
    GetEndpoint,
    Get
);
method_endpoint!(
    /// An endpoint sent with `POST`.
    PostEndpoint,
    Post
);
method_endpoint!(
    /// An endpoint sent with `PUT`.
    PutEndpoint,
    Put
);
method_endpoint!(
    /// An endpoint sent with `PATCH`.
    PatchEndpoint,
    Patch
);
method_endpoint!(
    /// An endpoint sent with `DELETE`.
    DeleteEndpoint,
    Delete
);

/// What [`crate::Client::items`] and [`crate::Client::pages`] take: a paged request, owned
/// or borrowed (a borrowed one is cloned, since the stream moves its page window). Generated
/// code implements it for each paged operation `X` and for `&X`; [`Paged`] requires it
/// (`PagedRequest<Paged = Self>`), so generic code over `E: Paged` streams `E` as it is, and a
/// hand-written `Paged` type implements it too (`type Paged = Self`, `into_paged` returning
/// `self`).
///
/// Why no blanket impl for every `Paged` type: a request that is not paged would then match
/// that impl's head (its `E: Paged` failing only afterwards), the stream's type would be
/// formed from it, and every use of the stream (`.next()`, `.page_size(..)`) would add an
/// error of its own after the one at the call. With an impl per type, a request that is not
/// paged has none: one error, this trait's sentence, on the argument.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a paged operation, so it cannot be streamed page by page",
    label = "this operation has no `offset`/`count` paging",
    note = "only operations that take `offset` and `count` and return `{{ Count, Data }}` can be streamed; send this one with `client.get(..)` / `client.send(..)` instead"
)]
pub trait PagedRequest {
    /// The request the stream sends.
    type Paged: Paged;
    /// The request itself, or a copy of it.
    fn into_paged(self) -> Self::Paged;
}

#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a paged operation, so it cannot be streamed page by page",
    label = "this operation has no `offset`/`count` paging",
    note = "only operations that take `offset` and `count` and return `{{ Count, Data }}` can be streamed; send this one with `client.get(..)` / `client.send(..)` instead"
)]
pub trait Paged: Endpoint + Clone + PagedRequest<Paged = Self> {
    /// The type of one record in `Data`.
    type Item: Send + 'static;
    /// Sets the page window on a copy of the request.
    fn set_page(&mut self, offset: i32, count: i32);
    /// The `offset` the caller set (where the stream starts).
    fn offset(&self) -> i32;
    /// The total number of records across all pages (`Count`), when the response carries it.
    fn total(output: &Self::Output) -> Option<i64>;
    /// The records of this page (`Data`), consuming the response.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}
