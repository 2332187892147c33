//! Overlays that would grow a document exponentially or select without end are stopped
//! quickly with a clear error naming the action, and memory stays bounded while they are:
//! this test binary's allocator counts the bytes live at once. (A normal overlay still
//! works: `tests/overlay.rs`.)

use std::time::Instant;

use agentos_codegen::load::{LoadError, Overlay, load_str_with};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

const MIB: usize = 1024 * 1024;

const DOCUMENT: &str =
    "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-tree: {k: {}}\n";

fn overlay_of(actions: &str) -> Result<Overlay, LoadError> {
    let text = format!("overlay: 1.0.0\ninfo: {{title: bomb, version: '1'}}\nactions:\n{actions}");
    Overlay::from_text(&text, "bomb.yaml")
}

#[test]
fn an_overlay_growing_the_document_exponentially_stops_quickly_in_bounded_memory() {
    // 41 actions, each adding two objects under every node its target selects: the nodes it
    // selects triple with each action (3^41 in the end), from 2 KB of overlay.
    let action = "  - target: $..k\n    update: {k: {}, l: {k: {}}}\n";
    let overlay = overlay_of(&action.repeat(41)).unwrap();
    let mut overlays = [(&overlay, vec![false; overlay.len()])];

    let (err, took, peak) = counting_alloc::measured(|| {
        load_str_with(DOCUMENT, "doc.yaml", &mut overlays).unwrap_err()
    });
    println!(
        "overlay bomb: refused in {took:?}, peak {} MiB: {err}",
        peak / MIB
    );
    match &err {
        LoadError::Model {
            origin, pointer, ..
        } => {
            assert_eq!(origin, "bomb.yaml");
            assert!(pointer.starts_with("#/actions/"), "{err}");
            let index: usize = pointer
                .trim_start_matches("#/actions/")
                .trim_end_matches("/target")
                .parse()
                .unwrap();
            assert!((5..41).contains(&index), "{err}");
        }
        other => panic!("{other}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("an action may change at most 100000")
            || message.contains("a document may have at most 1000000 nodes"),
        "{message}"
    );
    assert!(took.as_secs() < 30, "{took:?}");
    assert!(peak < 512 * MIB, "peak {} MiB", peak / MIB);
}

#[test]
fn a_chain_of_descendant_wildcards_is_refused_before_it_runs() {
    let started = Instant::now();
    let err = overlay_of("  - target: $..*..*..*..*..*..*..*..*..*..*..*..*\n    update: {x: 1}\n")
        .unwrap_err();
    assert!(started.elapsed().as_secs() < 1);
    match &err {
        LoadError::Model {
            pointer, message, ..
        } => {
            assert_eq!(pointer, "#/actions/0/target");
            assert!(message.contains("12 descendant segments"), "{message}");
        }
        other => panic!("{other}"),
    }
    // One descendant segment over a deep document: every node is selected once.
    let deep = (0..60).fold("{}".to_owned(), |inner, _| format!("{{a: {inner}, b: 1}}"));
    let document =
        format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {deep}\n");
    let overlay = overlay_of("  - target: \"$['x-deep']..a\"\n    update: {c: 2}\n").unwrap();
    let mut overlays = [(&overlay, vec![false; 1])];
    load_str_with(&document, "deep.yaml", &mut overlays).unwrap();
    assert_eq!(overlays[0].1, [true]);
}
