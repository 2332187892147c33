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
    /// The method as sent on the wire.
    const METHOD: http::Method;
    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    /// Only idempotent requests are retried after a failure that may have reached the server.
    const IDEMPOTENT: bool;
}

macro_rules! method_marker {
    ($(#[$doc:meta])* $name:ident, $method:ident, $idempotent:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl Method for $name {
            const METHOD: http::Method = http::Method::$method;
            const IDEMPOTENT: bool = $idempotent;
        }
    };
}

method_marker!(
    /// `GET`: reads; idempotent.
    Get, GET, true
);
method_marker!(
    /// `POST`: submissions; not idempotent, never resent after it may have left.
    Post, POST, false
);
method_marker!(
    /// `PUT`: replaces; idempotent.
    Put, PUT, true
);
method_marker!(
    /// `PATCH`: partial updates; treated as not idempotent.
    Patch, PATCH, false
);
method_marker!(
    /// `DELETE`: removes; idempotent.
    Delete, DELETE, true
);
