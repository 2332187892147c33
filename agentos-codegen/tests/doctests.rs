//! Generated documentation never runs: a crate made from `fixtures/gen/hostile_docs.yaml`
//! (descriptions holding indented code in every kind of list item, fences with and without a
//! language, block quotes, bidirectional controls) is built and `cargo test --doc` is run on
//! it, as a user's `cargo test` would. Only the crate's own two doctests may be collected:
//! nothing from a generated item.
//!
//! The crate lives in `target/doctest-guard` (its sources and its own target directory), and
//! files are rewritten only when they change, so a second run builds nothing but what changed.

mod common;

use std::path::Path;
use std::process::Command;

use agentos_codegen::Generator;

/// Writes `text` to `path` unless it already holds it (an unchanged file keeps its time, so
/// cargo rebuilds nothing).
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

/// `running N tests` lines of a test harness's output, as counts.
fn collected(stdout: &str) -> Vec<usize> {
    stdout
        .lines()
        .filter_map(|line| line.trim().strip_prefix("running "))
        .filter_map(|rest| rest.split_whitespace().next()?.parse().ok())
        .collect()
}

#[test]
fn no_doctest_is_collected_from_generated_items() {
    let workspace = common::workspace();
    let fixture = workspace.join("agentos-codegen/tests/fixtures/gen/hostile_docs.yaml");
    let code = Generator::new().spec(&fixture).generate().unwrap();

    let root = workspace.join("target/doctest-guard");
    let src = root.join("crate/src");
    std::fs::create_dir_all(&src).unwrap();
    let runtime = workspace.join("agentos-runtime");
    write_if_changed(
        &root.join("crate/Cargo.toml"),
        &format!(
            "[package]\nname = \"doctest-guard\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nagentos-runtime = {{ path = {:?}, package = \"agentos-api-runtime\" }}\n\n\
             # Not a member of the workspace this folder sits in.\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    // The workspace's versions, so nothing is resolved anew (cargo drops what is unused).
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap();
    write_if_changed(&root.join("crate/Cargo.lock"), &lock);
    write_if_changed(
        &src.join("lib.rs"),
        "//! Generated code under `cargo test --doc`. This doctest proves the harness collects\n\
         //! doctests at all:\n//!\n//! ```\n//! assert_eq!(1 + 1, 2);\n//! ```\n\n\
         /// An included file's doctests are collected too:\npub mod sentinel {\n    include!(\"sentinel.rs\");\n}\n\n\
         /// The generated code.\npub mod hostile_docs {\n    include!(\"hostile_docs.rs\");\n}\n",
    );
    write_if_changed(
        &src.join("sentinel.rs"),
        "/// ```\n/// assert!(true);\n/// ```\npub fn sentinel() {}\n",
    );
    write_if_changed(&src.join("hostile_docs.rs"), &code);

    let output = Command::new(env!("CARGO"))
        .args(["test", "--doc", "--offline", "--manifest-path"])
        .arg(root.join("crate/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(collected(&stdout), [2], "{stdout}");
    assert!(stdout.contains("src/lib.rs - (line 4) ... ok"), "{stdout}");
    assert!(
        stdout.contains("sentinel::sentinel (line 1) ... ok"),
        "{stdout}"
    );
    assert!(!stdout.contains("hostile_docs::"), "{stdout}");
}
