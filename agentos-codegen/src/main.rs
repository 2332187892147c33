//! The `agentos-codegen` command line.
fn main() {}
