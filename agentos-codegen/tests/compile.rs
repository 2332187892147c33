//! Generated code compiles without warnings in a crate that depends only on agentos-runtime:
//! the fixtures, spec/agentos.yaml and all six real agentOS documents (skipped, with a note,
//! when `../shared/specs` is missing).
//!
//! The test writes a crate under `target/tmp/compile-check` (its own workspace, with the
//! workspace's `Cargo.lock`, so nothing new is resolved), and runs on it, with its own target
//! directory (the runtime and its dependencies build once, later runs only re-check the
//! generated code):
//! - `cargo clippy -- -D warnings` with `#![deny(warnings, missing_docs)]` in the crate, the
//!   documents' code in public modules and one in a private module (the `dead_code` case);
//! - `cargo doc --no-deps` with `RUSTDOCFLAGS=-D warnings` (doc prose from the documents must
//!   not produce broken links, HTML tags or bare URLs).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use agentos_codegen::Generator;

/// Writes `text` to `path` unless it already holds it (keeps cargo's fingerprints fresh).
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs cargo in the check crate; panics with its output on failure.
fn cargo(crate_dir: &Path, target: &Path, args: &[&str], rustdocflags: Option<&str>) {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("CARGO_TERM_COLOR", "never");
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("warning"),
        "cargo {} warned:\n{stderr}",
        args.join(" ")
    );
}

#[test]
fn generated_code_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-check");
    let crate_dir = root.join("crate");
    let target = root.join("target");
    let workspace = common::workspace();

    // (module name, generator) for every document.
    let mut units: Vec<(String, Generator)> = Vec::new();
    for path in common::fixtures() {
        units.push((common::module_name(&path), Generator::new().spec(&path)));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen");
    units.push((
        "several_documents".into(),
        Generator::new()
            .spec_as("diary", dir.join("minimal.json"))
            .spec(dir.join("swagger2.yaml")),
    ));
    match common::agentos_spec() {
        Some(path) => units.push(("agentos".into(), Generator::new().spec(path))),
        None => eprintln!("note: spec/agentos.yaml is missing: not compiled"),
    }
    for path in common::real_specs().unwrap_or_default() {
        units.push((common::module_name(&path), Generator::new().spec(&path)));
    }

    let mut lib = String::from(
        "//! Generated code under the strictest lints.\n\
         #![deny(warnings, missing_docs)]\n",
    );
    let mut files: Vec<PathBuf> = Vec::new();
    for (name, generator) in &units {
        let code = generator.generate().unwrap();
        let file = crate_dir.join(format!("src/{name}.rs"));
        write(&file, &code);
        files.push(file);
        lib.push_str(&format!(
            "/// Generated.\npub mod {name} {{\n    include!(\"{name}.rs\");\n}}\n"
        ));
    }
    // A private module: nothing is used, and nothing may warn (dead_code).
    lib.push_str("mod private_edge {\n    include!(\"gen_edge.rs\");\n}\n");
    write(&crate_dir.join("src/lib.rs"), &lib);

    let runtime = workspace.join("agentos-runtime");
    write(
        &crate_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"agentos-compile-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nagentos-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    // The workspace's versions, so nothing is resolved anew (cargo prunes what is unused).
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap();
    write(&crate_dir.join("Cargo.lock"), &lock);

    cargo(
        &crate_dir,
        &target,
        &["clippy", "--quiet", "--", "-D", "warnings"],
        None,
    );
    cargo(
        &crate_dir,
        &target,
        &["doc", "--quiet", "--no-deps"],
        Some("-D warnings"),
    );
}
