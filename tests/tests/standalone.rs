//! A user's crate outside this workspace (`examples/standalone`), set up with the README's
//! "Installing" snippet: the snippet and the crate's dependencies agree, and the crate builds and
//! passes its tests with cargo run on it as a user would (its own lockfile, its own target
//! directory: `target/standalone`).

use std::path::Path;
use std::process::Command;

/// The lines between `start` and `end` (exclusive), trimmed, without blank lines.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let from = text.find(start).unwrap_or_else(|| panic!("no `{start}`")) + start.len();
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no `{end}`"));
    text[from..to]
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// A dependency line with its comment and alignment dropped, for comparing.
fn normalise(line: &str) -> String {
    line.split('#').next().unwrap_or("").trim().to_owned()
}

#[test]
fn the_readme_snippet_is_the_standalone_crates_dependencies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let snippet = between(
        &readme,
        "<!-- snippet: the dependencies of examples/standalone/Cargo.toml",
        "```\n\n",
    );
    let snippet: Vec<String> = snippet
        .iter()
        .skip_while(|line| !line.starts_with("```toml"))
        .skip(1)
        .map(|line| normalise(&line.replace("../agentos-rust/", "../../")))
        .collect();
    let manifest = std::fs::read_to_string(root.join("examples/standalone/Cargo.toml")).unwrap();
    let crate_deps: Vec<String> = between(
        &manifest,
        "# --8<-- [dependencies: the README's snippet]",
        "# --8<-- [end]",
    )
    .iter()
    .map(|line| normalise(line))
    .collect();
    assert!(snippet.len() >= 8, "{snippet:?}");
    assert_eq!(snippet, crate_deps);
}

#[test]
fn the_readme_shows_the_standalone_crates_test_against_the_simulator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shown: Vec<&str> = between(
        &readme,
        "<!-- snippet: examples/standalone/tests/against_sim.rs -->\n```rust",
        "```\n",
    );
    let test =
        std::fs::read_to_string(root.join("examples/standalone/tests/against_sim.rs")).unwrap();
    let source: Vec<&str> = between(
        &test,
        "// --8<-- [the README's \"Your tests against the simulator\"]",
        "// --8<-- [end]",
    );
    assert!(shown.len() >= 20, "{shown:?}");
    assert_eq!(shown, source);
}

#[test]
fn the_standalone_crate_builds_and_passes_its_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--locked", "--manifest-path"])
        .arg(root.join("examples/standalone/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/standalone"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("test the_tour_runs_against_the_simulator ... ok"),
        "{stdout}"
    );
}

/// The docs a user builds of their crate (`cargo doc --no-deps`: no docs of the runtime beside
/// them) show no link into the runtime as bracketed text: the generated docs name the
/// runtime's items as code, and the summaries of the runtime's trait items that rustdoc copies
/// onto each generated type's page hold no link (links into tracing's and tower's blanket
/// impls are theirs, and left alone).
#[test]
fn the_standalone_crates_docs_show_no_unresolved_runtime_link() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = root.join("target/standalone");
    let output = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--locked", "--manifest-path"])
        .arg(root.join("examples/standalone/Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTDOCFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let mut pending = vec![target.join("doc/agentos_standalone")];
    let mut pages = 0;
    let mut unresolved = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages += 1;
                let html = std::fs::read_to_string(&path).unwrap();
                // An unresolved intra-doc link: its text, in brackets, around code.
                for text in [
                    "[<code>agentos_runtime::",
                    "[<code>crate::",
                    "[<code>::agentos_runtime",
                    "[<code>PathWriter::",
                    "[<code>QueryWriter::",
                ] {
                    if html.contains(text) {
                        unresolved.push(format!("{}: {text}", path.display()));
                    }
                }
            }
        }
    }
    assert!(pages > 50, "only {pages} pages under {}", target.display());
    assert!(unresolved.is_empty(), "{unresolved:#?}");
}
