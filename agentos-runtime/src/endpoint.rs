//! The contract between generated code and the client.
//!
//! Generated code describes each operation as a request type implementing [`Endpoint`]: the
//! method as a type, the output and error types, the path template, and how to write the path,
//! query and body. The client does everything else (auth, throttle, retry, decoding).

use crate::decode::{Body, DecodeError};
use crate::error::StatusError;
use crate::method::{Delete, Get, Method, Patch, Post, Put};
use crate::path::PathWriter;
use crate::query::QueryWriter;

/// One agentOS operation, as a request value.
pub trait Endpoint: Send + Sync {
    /// The HTTP method of the operation (one of the markers in [`crate::method`]).
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

    /// Writes the path: literals, the client's short name, and the path parameters.
    fn write_path(&self, path: &mut PathWriter<'_>);

    /// Writes the query parameters. The default writes none.
    fn write_query(&self, query: &mut QueryWriter<'_>) {
        let _ = query;
    }

    /// The JSON request body, serialised once before the first attempt. The default is none.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(None)
    }

    /// Decodes a successful response (see [`crate::decode`] for the functions generated code
    /// uses). The body is shared, so a download can keep it without a copy.
    fn decode(body: &Body<'_>) -> Result<Self::Output, DecodeError>;
}

macro_rules! method_endpoint {
    ($(#[$doc:meta])* $trait_name:ident, $marker:ident, $message:literal, $label:literal) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $message,
            label = $label,
            note = "every agentOS endpoint has exactly one HTTP method: call it with the client method named after it (`get`, `post`, `put`, `patch` or `delete`), or with `client.send(..)`"
        )]
        ///
        /// Generated code implements it next to [`Endpoint`] (`impl GetEndpoint for X {}`); the
        /// supertrait bound makes an impl for an endpoint of another method a compile error.
        /// (A blanket impl would turn a misuse into a "type mismatch" dump instead of this
        /// sentence.)
        pub trait $trait_name: Endpoint<Method = $marker> {}
    };
}

method_endpoint!(
    /// An endpoint whose method is `GET`; what [`crate::Client::get`] accepts.
    GetEndpoint,
    Get,
    "`{Self}` is not a GET endpoint, so it cannot be sent with `client.get(..)`",
    "this endpoint's HTTP method is not GET"
);
method_endpoint!(
    /// An endpoint whose method is `POST`; what [`crate::Client::post`] accepts.
    PostEndpoint,
    Post,
    "`{Self}` is not a POST endpoint, so it cannot be sent with `client.post(..)`",
    "this endpoint's HTTP method is not POST"
);
method_endpoint!(
    /// An endpoint whose method is `PUT`; what [`crate::Client::put`] accepts.
    PutEndpoint,
    Put,
    "`{Self}` is not a PUT endpoint, so it cannot be sent with `client.put(..)`",
    "this endpoint's HTTP method is not PUT"
);
method_endpoint!(
    /// An endpoint whose method is `PATCH`; what [`crate::Client::patch`] accepts.
    PatchEndpoint,
    Patch,
    "`{Self}` is not a PATCH endpoint, so it cannot be sent with `client.patch(..)`",
    "this endpoint's HTTP method is not PATCH"
);
method_endpoint!(
    /// An endpoint whose method is `DELETE`; what [`crate::Client::delete`] accepts.
    DeleteEndpoint,
    Delete,
    "`{Self}` is not a DELETE endpoint, so it cannot be sent with `client.delete(..)`",
    "this endpoint's HTTP method is not DELETE"
);

/// An operation paged with `offset`/`count` whose success body is `{ Count, Data: [T] }`.
///
/// The generator implements it for every such operation; the client turns it into a stream of
/// pages or of items ([`crate::Client::pages`], [`crate::Client::items`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a paged operation, so it cannot be streamed page by page",
    label = "this operation has no `offset`/`count` paging",
    note = "only operations that take `offset` and `count` and return `{{ Count, Data }}` can be streamed; send this one with `client.get(..)` / `client.send(..)` instead"
)]
pub trait Paged: Endpoint + Clone {
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
