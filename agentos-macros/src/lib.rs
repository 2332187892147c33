//! agentOS endpoints declared in application code and checked against the OpenAPI schema while
//! compiling: a wrong method, a misspelt path, a missing, unknown or mistyped parameter are
//! compile errors on the offending token instead of a 405/404/400 at run time.
//!
//! ```
//! use agentos_macros::agentos_endpoint;
//! use agentos_runtime::{ApiError, Client};
//! use futures_util::TryStreamExt;
//!
//! /// The kinds of appointment the company's diary knows (the first page).
//! #[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes", spec = "../spec/agentos.yaml")]
//! pub async fn appointment_types();
//!
//! #[agentos_endpoint(PATCH "/v3/diary/{shortName}/appointment/{appointmentID}/cancel", spec = "../spec/agentos.yaml")]
//! pub async fn cancel_appointment(appointment_id: &str);
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = agentos_sim::Sim::start(agentos_sim::SimConfig::default()).await?;
//! let client = Client::builder()
//!     .base_url(sim.base_url()) // a local agentOS (agentos-sim); leave out for the live API
//!     .api_key(agentos_sim::DEMO_KEY)
//!     .short_name(agentos_sim::DEMO_SHORT_NAME)
//!     .build()?;
//!
//! // One page, typed: `appointment_types::Output` is the schema's `{Count, Data}` model. The
//! // window is set as on the build script's requests: `.page(offset, count)`.
//! let page: appointment_types::Output = client.get(&appointment_types::request().page(0, 2)).await?;
//! assert_eq!(page.data.map(|types| types.len()), Some(2));
//!
//! // Every record, page by page, as a stream of `appointment_types::Item`.
//! let every: Vec<appointment_types::Item> = client
//!     .items(appointment_types::request())
//!     .try_collect()
//!     .await?;
//! assert_eq!(i32::try_from(every.len()).ok(), page.count);
//! assert_eq!(appointment_types(&client).await?.count, page.count);
//!
//! // Errors are the operation's own status enum.
//! match cancel_appointment(&client, "no-such-appointment").await {
//!     Err(ApiError::Status { error: cancel_appointment::Error::NotFound(body), .. }) => {
//!         println!("not found: {}", body.text)
//!     }
//!     other => panic!("expected a 404, got {other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Only the declared operations are generated, so an application that uses five endpoints
//! compiles five, not the whole API. For every operation at once, see [`agentos_api!`].
//!
//! # The annotation
//!
//! ```text
//! #[agentos_endpoint(METHOD "PATH" [, spec = "FILE"] [, options = "FILE"] [, models = PATH])]
//! [pub] async fn NAME(PARAM: TYPE, ...);
//! ```
//!
//! - `METHOD`: `GET`, `POST`, `PUT`, `PATCH` or `DELETE` (any case), a word, not a string.
//! - `PATH`: the path template as the schema spells it. Names inside `{..}` match in any case
//!   (the schema's `{shortname}` is `{shortName}`); `{shortName}` itself is filled from the
//!   client and is never a parameter.
//! - `spec`: the schema, see [Which schema](#which-schema).
//! - `options`: the generator's options file (the status policy: `agentos_codegen::options`),
//!   the same file a build script gives `Generator::options_file`, so both give the same error
//!   enums; see [Which schema](#which-schema).
//! - `models`: a module holding every model of the schema, made by [`agentos_models!`] (or
//!   the `models` of [`agentos_api!`]), to use instead of generating the models the operation
//!   needs; the `errors` module beside it (both macros make one) gives the error enums, so the
//!   declaration generates neither. `crate::..` and `::..` paths are taken as they are, other
//!   paths relative to the declaration.
//! - Several declarations can share one annotated module, see
//!   [Several endpoints in one module](#several-endpoints-in-one-module).
//! - The item: a body-less `async fn` (ending in `;`), not generic, without a receiver or a
//!   return type; each parameter written `name: Type`. Other attributes on it (docs, `cfg`,
//!   `allow`, `tracing::instrument`...) are kept on the generated function.
//!
//! ## Parameters
//!
//! - **Names**: a schema parameter is named by its Rust field name (`branch_id`) or by its wire
//!   name (`branchID`); case and underscores are ignored, so `allow_marketing_correspondence`
//!   names the query parameter `AllowMarketingCorrespondence`. Declare them in any order.
//! - **Required** parameters must be declared, with a plain type (not `Option`).
//! - **Optional** parameters may be declared as `Option<T>` (`None` leaves them out of the
//!   request), as `T` (always sent), or not at all (never sent).
//! - **Paging**: `offset` and `count` of a paged operation are not parameters of the
//!   declaration (declaring them is an error saying so): the request starts at the first page,
//!   as full as agentOS allows, and `NAME::request(..).page(offset, count)` picks another
//!   window, as `.page(..)` does on the build script's requests; `client.items(..)` and
//!   `client.pages(..)` stream every page.
//! - **Body**: the JSON request body is the parameter named `body`, of the model type the
//!   macro generates in the function's module (`body: NAME::models::DiaryAppointmentDetails`;
//!   `body: models::DiaryAppointmentDetails` in a module of declarations). A required body
//!   must be declared; an optional one follows the rules above.
//!
//! ## Types
//!
//! A declared type must be able to carry the schema's, compared by the last path segment and
//! the generic arguments (so `agentos_runtime::DateTime` and an imported `DateTime` are the
//! same). Nothing numeric is widened or narrowed.
//!
//! | schema type | accepted declarations |
//! |---|---|
//! | string | `String`, `&str` |
//! | boolean, int32, int64, float, double | exactly `bool`, `i32`, `i64`, `f32`, `f64` |
//! | date-time, date | `agentos_runtime::DateTime`, `agentos_runtime::Date` |
//! | a named schema (object, string enum) | `NAME::models::Type` (any path ending in the type's name) |
//! | array of T | `Vec<U>` or `&[U]`, where U is accepted for T (`&[&str]` for an array of strings) |
//! | map of T | `BTreeMap<String, T>` |
//! | untyped JSON | `serde_json::Value` |
//!
//! # What it expands to
//!
//! For `#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes")] pub async fn
//! appointment_types();`:
//!
//! ```text
//! pub mod appointment_types {
//!     pub mod models { .. }     // the models the operation uses, with serde derives
//!                               // (or `use PATH as models;` with `models = PATH`)
//!     pub mod errors { .. }     // the error enum of the operation's status set
//!     pub mod operation { .. }  // the request struct, its Endpoint/Paged impls,
//!                               // and its error type (an alias into `errors`), exactly as
//!                               // agentos-codegen generates them
//!     pub use operation::{GetAppointmentTypes as Request, GetAppointmentTypesError as Error};
//!     pub use operation::{GetAppointmentTypes, GetAppointmentTypesError};
//!     pub type Output = ..;     // what a success decodes to
//!     pub type Item = ..;       // paged operations only: one record of `Data`
//!     pub fn request() -> Request;  // then `.page(offset, count)` for another window
//! }
//! #[inline]
//! pub fn appointment_types<'a>(client: &'a agentos_runtime::Client)
//!     -> impl Future<Output = Result<appointment_types::Output,
//!                                    agentos_runtime::ApiError<appointment_types::Error>>> + use<'a>;
//! ```
//!
//! The function is called and awaited like the declared `async fn`. It is written as an
//! `#[inline]` function returning the future because rustc then compiles the request, its
//! sending and the decoding of its output only in code that calls it: a declared endpoint
//! nobody calls costs type checking, not code generation. The request is built before the
//! future, so the future borrows the client alone.
//!
//! The function and the module share the name (they live in different namespaces). The
//! function sends the request with the client entry point of its method (`client.get(..)`
//! here), so throttling, retries and errors are the client's. `NAME::request(..)` takes the
//! same parameters and builds the request without sending it: give it to `client.items(..)` or
//! `client.pages(..)` to stream a paged operation, or to `client.send(..)`.
//!
//! A separate declaration generates its own copy of the models it uses: `book::models::X` and
//! `update::models::X` are distinct types with the same serde shape. Declarations that share
//! models either belong in one module, see below, or name one shared module with
//! `models = PATH` (see [`agentos_models!`]). The module imports its parent's names
//! (`use super::*`) so that parameter types resolve as they do at the declaration; declare
//! endpoints at module level, not inside a function body.
//!
//! # Several endpoints in one module
//!
//! On an inline module, `#[agentos_endpoint]` (optionally with `spec = ".."` and
//! `models = PATH`, then for all of them) expands every declaration inside annotated with
//! `#[agentos_endpoint(METHOD "PATH")]` together: one `models` module in the annotated module
//! holds the models of all of them, each generated and compiled once, one `errors` module their
//! error enums, and each declaration gets its module (with the request and error types directly
//! in it, besides `Request`, `Error`, `Output`, `Item` and `request(..)`) and its function.
//! Other items of the module stay as they are; `models`, `errors` and the declarations' names
//! are taken (a declaration named `models` or `errors` is an error). This is the form to use for more than a few endpoints: the serde code of
//! shared models is compiled once instead of once per declaration (see [Build time](#build-time)).
//!
//! ```
//! use agentos_macros::agentos_endpoint;
//!
//! #[agentos_endpoint(spec = "../spec/agentos.yaml")]
//! mod diary {
//!     use agentos_runtime::DateTime;
//!
//!     #[agentos_endpoint(GET "/v3/diary/{shortName}/allocations")]
//!     pub async fn free_slots(preferred_date: DateTime, appointment_type: &str, branch_id: Option<&str>);
//!
//!     #[agentos_endpoint(POST "/v3/diary/{shortName}/appointment")]
//!     pub async fn book(property_identifier: &[&str], body: models::DiaryAppointmentDetails);
//! }
//!
//! // `free_slots` answers `Vec<diary::models::DiaryBookingModel>`; `book` takes one in its body.
//! let slot = diary::models::DiaryBookingModel::default();
//! let body = diary::models::DiaryAppointmentDetails {
//!     allocation_details: Some(slot),
//!     ..Default::default()
//! };
//! let request: diary::book::Request = diary::book::request(&["PRP0001"], body);
//! assert_eq!(request.property_identifier, ["PRP0001"]);
//! ```
//!
//! # Which schema
//!
//! `spec = "FILE"`, else the `AGENTOS_SPEC` environment variable (a build script can set it with
//! `println!("cargo:rustc-env=AGENTOS_SPEC=...")`), else `spec/agentos.yaml`. The options:
//! `options = "FILE"`, else the `AGENTOS_OPTIONS` environment variable, else the agentOS
//! defaults. A relative path is resolved against `CARGO_MANIFEST_DIR`, or against
//! `AGENTOS_SPEC_DIR` when that is set (e.g. in `.cargo/config.toml`'s `[env]`, to make paths
//! relative to a workspace root).
//!
//! The schema is loaded and lowered by `agentos_codegen::Generator`, exactly as a build script
//! loads it, and rendered by the same emitter: with the same options, `agentos_api!` expands to
//! byte for byte the code a build script writes.
//!
//! The schema is loaded and lowered once per compiler process however many annotations use it
//! (a process-wide cache keyed by canonical path, modification time and length), and the
//! expansion includes it (and the options file) with `include_bytes!` and reads the variables
//! with `option_env!`, so editing the files or changing the variables rebuilds the crate. Setting
//! `AGENTOS_MACROS_TRACE=/some/file` appends one line to that file per schema load, which is how
//! `scripts/macro-build-time.sh` shows it happens once.
//!
//! # Build time
//!
//! The macro's own work is small: the schema is loaded once per compiler process (about
//! 0.1 s with the macro built unoptimised, as `cargo build` does by default), and each
//! declaration takes a few milliseconds to check and generate. What a declaration costs is
//! rustc type-checking the code it generates, as it would from a build script: the models with
//! their serde derives, the request type and its error enum. The declared function is an
//! `#[inline]` function returning the future, so sending the request and decoding the response
//! are compiled only where it is called. So:
//!
//! - share the models: declare many endpoints in one
//!   [module](#several-endpoints-in-one-module), or give separate declarations
//!   `models = PATH` pointing at one [`agentos_models!`] module (which holds the error enums
//!   too). In `scripts/macro-build-time.sh` (see `docs/PERFORMANCE.md`, section 3b), 50
//!   separate declarations with their own models add about 5 s to a clean build of the crate,
//!   50 in one module about 1.9 s, and 50 sharing `agentos_models!()` about 0.6 s over the
//!   crate holding that module (which costs about 1.3 s, once);
//! - to make the macro itself faster, build it optimised:
//!   `[profile.dev.build-override] opt-level = 3` in the workspace's `Cargo.toml`.
//!
//! # Compile errors
//!
//! Each on the token at fault, all of them reported in one build (the declarations' shapes and
//! everything checked against the schema accumulate, and are reported together before anything
//! is expanded); each declaration is then replaced by a stub of the same name taking the client
//! and one argument per declared parameter, so calls to it do not add errors of their own:
//!
//! 1. a method the path does not have: names the allowed ones, on the method; a method in
//!    quotes (`"GET"`): says to drop them;
//! 2. an unknown path: suggests a known one of the same method when one is close (a few edits
//!    in a segment or two, as many segments), none otherwise, on the path;
//! 3. a required parameter or body left out: names it and its type, on the function's name;
//! 4. an unknown parameter: suggests the nearest one (by spelling, or the parameter whose name
//!    begins with it: `branch` -> `branch_id`), or lists them, on the parameter; `short_name`:
//!    says the client supplies it;
//! 5. a type that cannot carry the schema's: says what to declare (every accepted form: a list
//!    of text takes `Vec<String>`, `Vec<&str>`, `&[String]` or `&[&str]`), on the type;
//! 6. a schema that cannot be read or is not valid: the loader's message with the JSON pointer
//!    of the offending node, on the `spec` literal;
//! 7. a generated request given to the wrong client entry point (`client.post(&get_request)`):
//!    one error, naming the right one: "`X` is a GET endpoint: send it with `client.get(..)`";
//! 8. a request that is not paged given to `client.items(..)`/`pages(..)`: "`X` is not a paged
//!    operation, so it cannot be streamed page by page";
//! 9. an item of another shape (generic, not `async`, with a body, a receiver, a return type, a
//!    pattern parameter, not a function).
//!
//! Every rule has a trybuild case in the workspace's `tests/ui`.

mod api;
mod attr;
mod check;
mod driver;
mod errors;
mod expand;
mod item;
mod schema;
mod suggest;
mod types;

use proc_macro::TokenStream;

/// Declares one operation of the schema as a typed `async fn`, checked while compiling.
///
/// `#[agentos_endpoint(METHOD "PATH" [, spec = "FILE"])]` on `[pub] async fn NAME(params);`
/// generates `NAME(client, params)` and the module `NAME` of its types. `#[agentos_endpoint]`
/// (or `#[agentos_endpoint(spec = "FILE")]`) on an inline module expands the declarations
/// inside together, sharing their models. See the [crate documentation](crate) for the rules
/// and the expansion.
#[proc_macro_attribute]
pub fn agentos_endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    traced(|| {
        let item = proc_macro2::TokenStream::from(item);
        let what = match syn::parse2::<syn::ItemMod>(item.clone()) {
            Ok(module) => format!("expanded module {}", module.ident),
            Err(_) => "expanded an endpoint".to_owned(),
        };
        (what, driver::run(args.into(), item))
    })
}

/// Runs one expansion and writes its line to the `AGENTOS_MACROS_TRACE` file: what it was
/// and how long it took.
fn traced(expand: impl FnOnce() -> (String, proc_macro2::TokenStream)) -> TokenStream {
    let started = std::time::Instant::now();
    let (what, expanded) = expand();
    schema::trace_line(&what, started);
    expanded.into()
}

/// Expands to the whole generated client of a schema: what `agentos_codegen::Generator` writes
/// from a build script, without the build script.
///
/// The argument is the schema, resolved like the annotation's `spec`, optionally followed by
/// `options = "FILE"` (see [Which schema](crate#which-schema)); `agentos_api!()` uses
/// `AGENTOS_SPEC` or `spec/agentos.yaml`. It expands to a `models` module, an `errors` module
/// and one module per call group, exactly what a build script writes, so wrap it in a module
/// of its own:
///
/// ```
/// mod api {
///     agentos_macros::agentos_api!("../spec/agentos.yaml");
/// }
///
/// let request = api::diary::GetAppointmentTypes::new().page(0, 10);
/// assert_eq!((request.offset, request.count), (0, 10));
/// ```
#[proc_macro]
pub fn agentos_api(input: TokenStream) -> TokenStream {
    traced(|| {
        let expanded = api::run(input.into(), api::Part::Client);
        ("expanded agentos_api!".to_owned(), expanded)
    })
}

/// Expands to the `models` and `errors` modules of a schema: every model and every error enum,
/// as `agentos_api!` and the build script generate them, for declarations to share with
/// `models = PATH` (the `errors` beside it is found by the declarations too).
///
/// Separate declarations otherwise each generate the models and error enums they use, as
/// distinct types; with shared modules they use the same types, and the crate compiles each
/// once:
///
/// ```
/// mod agentos {
///     agentos_macros::agentos_models!("../spec/agentos.yaml");
/// }
///
/// #[agentos_macros::agentos_endpoint(
///     POST "/v3/diary/{shortName}/appointment",
///     spec = "../spec/agentos.yaml",
///     models = crate::agentos::models
/// )]
/// pub async fn book(property_identifier: &[&str], body: agentos::models::DiaryAppointmentDetails);
///
/// #[agentos_macros::agentos_endpoint(
///     PUT "/v3/diary/{shortName}/appointment",
///     spec = "../spec/agentos.yaml",
///     models = crate::agentos::models
/// )]
/// pub async fn update(appointment_id: &str, body: agentos::models::DiaryAppointmentDetails);
///
/// // One type for both: what one returns, the other takes.
/// fn both(details: agentos::models::DiaryAppointmentDetails) {
///     let _ = book::request(&["P1"], details.clone());
///     let _ = update::request("A1", details);
/// }
/// # fn main() {}
/// ```
///
/// The argument is the schema, as for [`agentos_api!`]; it must be the schema the
/// declarations use.
#[proc_macro]
pub fn agentos_models(input: TokenStream) -> TokenStream {
    traced(|| {
        let expanded = api::run(input.into(), api::Part::Models);
        ("expanded agentos_models!".to_owned(), expanded)
    })
}
