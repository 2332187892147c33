//! Compile-time rules of `#[agentos_endpoint]` and `agentos_api!` (trybuild): every misuse in
//! `tests/ui/fail` with the exact diagnostics in its `.stderr`, and `tests/ui/pass` compiling
//! (and running). One trybuild run, so all cases share one build of the dependencies.
//!
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p agentos-tests --test ui`
//! (with the pinned toolchain: diagnostics change between compiler versions), then read them.

use std::path::Path;

#[test]
fn ui() {
    // trybuild compiles the cases in a crate of its own under `target/`, whose manifest
    // directory is not this one: make schema paths relative to the workspace root instead.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is in the workspace");
    // SAFETY: the only test of this binary sets the variable before anything else runs; the
    // compiler processes trybuild starts inherit it.
    unsafe { std::env::set_var("AGENTOS_SPEC_DIR", root) };

    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
