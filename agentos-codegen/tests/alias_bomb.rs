//! A "billion laughs" YAML document (a small text whose aliases expand to millions of nodes)
//! is refused quickly with a clear error, and memory stays bounded while it is: this test
//! binary's allocator counts the bytes live at once.

use agentos_codegen::load::{LoadError, MAX_NODES, load_str};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

const MIB: usize = 1024 * 1024;

#[test]
fn a_wide_alias_is_refused_with_memory_and_time_bounded() {
    // One anchor of 5,000 keys, used 5,000 times: 83 KB of text, 25 million nodes expanded.
    let keys: String = (0..5000).map(|i| format!("  k{i}: v{i}\n")).collect();
    let uses: String = (0..5000).map(|i| format!("u{i}: *a\n")).collect();
    let text = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-base: &a\n{keys}{uses}"
    );
    assert!(text.len() < 130 * 1024, "{} bytes", text.len());

    let (err, took, peak) = counting_alloc::measured(|| load_str(&text, "bomb.yaml").unwrap_err());
    println!(
        "alias bomb ({} KB): refused in {took:?}, peak {} MiB",
        text.len() / 1024,
        peak / MIB
    );
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                location: Some(_),
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&format!(
            "at most {MAX_NODES} nodes, of which aliases may repeat"
        )),
        "{message}"
    );
    // Bounded by the node budget, not by the 25 million nodes of the expansion.
    assert!(peak < 512 * MIB, "peak {} MiB", peak / MIB);
}
