//! HTTP method marker types.
//!
//! Every generated endpoint names its method as a type (`type Method = Get;`), so the client's
//! method-specific entry points (`Client::get`, `Client::post`, ...) only accept endpoints of
//! that method: calling a GET endpoint through `client.post(..)` does not compile, and the one
//! error says which method is right:
//!
//! ```text
//! error[E0277]: `GetAppointmentTypes` is a GET endpoint: send it with `client.get(..)`
//! ```
//!
//! How: `client.post(&request)` requires `<E::Method as SentWith<Post, E>>`. Each marker
//! implements [`SentWith`] for every entry point `W` whose diagnostic trait it satisfies, and it
//! satisfies only its own ([`Get`] implements [`IsGet`]); so for a GET endpoint the unmet bound
//! is `Post: IsGet<E>`, whose `on_unimplemented` sentence names `client.get`. (A bound directly
//! on `E`, or on `E::Method = Post`, could only say what the method is *not*, three times: on
//! the argument, the call and the `.await`.)

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

/// Whether an endpoint of this method (`Self`) may be sent with the client entry point of
/// method `Wanted`; `E` is the endpoint, carried for the error message. Implemented by each
/// marker for its own method only (through the `Is*` traits below).
pub trait SentWith<Wanted, E>: Method {}

/// Met only by [`Get`]: the diagnostic of a GET endpoint sent with another method.
#[diagnostic::on_unimplemented(
    message = "`{E}` is a GET endpoint: send it with `client.get(..)`",
    label = "a GET endpoint",
    note = "an agentOS endpoint's HTTP method is part of its type; `client.send(..)` sends any endpoint with its own method"
)]
pub trait IsGet<E> {}
impl<E> IsGet<E> for Get {}
impl<W: IsGet<E>, E> SentWith<W, E> for Get {}

/// Met only by [`Post`]: the diagnostic of a POST endpoint sent with another method.
#[diagnostic::on_unimplemented(
    message = "`{E}` is a POST endpoint: send it with `client.post(..)`",
    label = "a POST endpoint",
    note = "an agentOS endpoint's HTTP method is part of its type; `client.send(..)` sends any endpoint with its own method"
)]
pub trait IsPost<E> {}
impl<E> IsPost<E> for Post {}
impl<W: IsPost<E>, E> SentWith<W, E> for Post {}

/// Met only by [`Put`]: the diagnostic of a PUT endpoint sent with another method.
#[diagnostic::on_unimplemented(
    message = "`{E}` is a PUT endpoint: send it with `client.put(..)`",
    label = "a PUT endpoint",
    note = "an agentOS endpoint's HTTP method is part of its type; `client.send(..)` sends any endpoint with its own method"
)]
pub trait IsPut<E> {}
impl<E> IsPut<E> for Put {}
impl<W: IsPut<E>, E> SentWith<W, E> for Put {}

/// Met only by [`Patch`]: the diagnostic of a PATCH endpoint sent with another method.
#[diagnostic::on_unimplemented(
    message = "`{E}` is a PATCH endpoint: send it with `client.patch(..)`",
    label = "a PATCH endpoint",
    note = "an agentOS endpoint's HTTP method is part of its type; `client.send(..)` sends any endpoint with its own method"
)]
pub trait IsPatch<E> {}
impl<E> IsPatch<E> for Patch {}
impl<W: IsPatch<E>, E> SentWith<W, E> for Patch {}

/// Met only by [`Delete`]: the diagnostic of a DELETE endpoint sent with another method.
#[diagnostic::on_unimplemented(
    message = "`{E}` is a DELETE endpoint: send it with `client.delete(..)`",
    label = "a DELETE endpoint",
    note = "an agentOS endpoint's HTTP method is part of its type; `client.send(..)` sends any endpoint with its own method"
)]
pub trait IsDelete<E> {}
impl<E> IsDelete<E> for Delete {}
impl<W: IsDelete<E>, E> SentWith<W, E> for Delete {}
