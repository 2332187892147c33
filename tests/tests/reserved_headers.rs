//! Facts the generator and the runtime each hold, checked equal. The headers no parameter may
//! set are one list in two places: the generator skips a
//! document's parameter of such a name at build time (with a warning), the runtime refuses to
//! send one (an `ApiError::Request`). The two must agree, or a name would pass the one and be
//! refused by the other.

#[test]
fn the_generator_and_the_runtime_reserve_the_same_headers() {
    let mut generator: Vec<&str> = agentos_codegen::lower::RESERVED_HEADERS.to_vec();
    let mut runtime: Vec<&str> = agentos_runtime::header::RESERVED.to_vec();
    generator.sort_unstable();
    runtime.sort_unstable();
    assert_eq!(generator, runtime);
    // Lower case: both compare against lower-cased names.
    assert!(runtime.iter().all(|n| *n == n.to_ascii_lowercase()));
}

/// The media type of a form body: the generator names it in `Endpoint::BODY_TYPE`, the runtime
/// encodes for it. One fact, held in each crate, checked equal here.
#[test]
fn the_generator_and_the_runtime_agree_on_the_form_media_type() {
    assert_eq!(
        agentos_codegen::ir::FORM_MEDIA_TYPE,
        agentos_runtime::form::CONTENT_TYPE
    );
}
