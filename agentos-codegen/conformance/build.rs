//! Generates the code this crate compiles: every generator fixture, two documents as modules
//! of one client, three documents sharing models (`fixtures/shared`), spec/agentos.yaml, every
//! real agentOS document in `../shared/specs` on its own and all of them as one client (its
//! models shared); the real documents are skipped with a warning when that folder is missing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use agentos_codegen::Generator;

/// `openapi3/basic-tier.json` -> `openapi3_basic_tier`.
fn module_name(path: &Path) -> String {
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{parent}_{stem}").replace(['-', '.'], "_")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let workspace = manifest.join("../..");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);

    let fixtures_dir = manifest.join("../tests/fixtures/gen");
    println!("cargo:rerun-if-changed={}", fixtures_dir.display());
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&fixtures_dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    fixtures.sort();

    let mut units: Vec<(String, Generator)> = fixtures
        .iter()
        .map(|path| (module_name(path), Generator::new().spec(path)))
        .collect();
    units.push((
        "several_documents".into(),
        Generator::new()
            .spec_as("diary", fixtures_dir.join("minimal.json"))
            .spec(fixtures_dir.join("swagger2.yaml")),
    ));
    let shared_dir = manifest.join("../tests/fixtures/shared");
    println!("cargo:rerun-if-changed={}", shared_dir.display());
    units.push((
        "shared_models".into(),
        Generator::new()
            .spec(shared_dir.join("tier_a.yaml"))
            .spec(shared_dir.join("tier_b.yaml"))
            .spec(shared_dir.join("tier_c.yaml")),
    ));
    units.push((
        "agentos".into(),
        Generator::new().spec(workspace.join("spec/agentos.yaml")),
    ));

    let specs = workspace.join("../shared/specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let mut real = Vec::new();
    if specs.is_dir() {
        let mut together = Generator::new();
        for path in agentos_codegen::load::documents_in(&specs)? {
            let name = module_name(&path);
            units.push((name.clone(), Generator::new().spec(&path)));
            together = together.spec_as(&name, &path);
            real.push(name);
        }
        // Also compiled in a private module by lib.rs: nothing of it may warn there either.
        units.push(("published_together".into(), together));
    } else {
        std::fs::write(out.join("published_together.rs"), "")?;
        println!(
            "cargo:warning={} is missing: the real agentOS documents are not compiled",
            specs.display()
        );
    }

    let mut lib = String::new();
    for (name, generator) in &units {
        // Writes only when the code changed, so unchanged documents do not rebuild the crate.
        generator.write_to(out.join(format!("{name}.rs")))?;
        for path in generator.spec_paths() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        writeln!(
            lib,
            "/// Generated from a document (see the build script).\n\
             pub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\"));\n}}"
        )?;
    }
    writeln!(
        lib,
        "/// The real agentOS documents compiled into this crate, as module names.\n\
         pub const REAL_DOCUMENTS: &[&str] = &{real:?};"
    )?;
    std::fs::write(out.join("conformance.rs"), lib)?;
    Ok(())
}
