//! HTTP method marker types.
//!
//! Every generated endpoint names its method as a type (`type Method = Get;`), so the client's
//! method-specific entry points (`Client::get`, `Client::post`, ...) only accept endpoints of
//! that method: calling a GET endpoint through `client.post(..)` does not compile.

mod sealed {
    pub trait Sealed {}
}

/// An HTTP method known at compile time. Sealed: only the five markers below implement it.
pub trait Method: sealed::Sealed + Send + Sync + 'static {
    /// The method as sent on the wire. (Whether it is idempotent, and so retried after a
    /// failure that may have reached the server, is [`crate::retry::is_idempotent`].)
    const METHOD: http::Method;
}

macro_rules! method_marker {
    ($(#[$doc:meta])* $name:ident, $method:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl Method for $name {
            const METHOD: http::Method = http::Method::$method;
        }
    };
}

method_marker!(
    /// `GET`: reads; idempotent.
    Get, GET
);
method_marker!(
    /// `POST`: submissions; not idempotent, never resent after it may have left.
    Post, POST
);
method_marker!(
    /// `PUT`: replaces; idempotent.
    Put, PUT
);
method_marker!(
    /// `PATCH`: partial updates; treated as not idempotent.
    Patch, PATCH
);
method_marker!(
    /// `DELETE`: removes; idempotent.
    Delete, DELETE
);
