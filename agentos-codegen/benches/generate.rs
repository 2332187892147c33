//! Generation benchmarks (filled in below).
fn main() {}
