//! Generation time: spec/agentos.yaml, the real agentOS documents (when `../shared/specs` is
//! there) and a synthetic document of 2,000 operations; the latter also stage by stage (load,
//! lower, emit).

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;

use agentos_codegen::lower::{LowerOptions, lower};
use agentos_codegen::{Generator, emit, ir, load};
use criterion::{Criterion, criterion_group, criterion_main};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
}

fn documents(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    let mut inputs = vec![(
        "agentos.yaml".to_owned(),
        workspace().join("spec/agentos.yaml"),
    )];
    for file in [
        "openapi3/diary.json",
        "openapi3/basic-tier.json",
        "swagger2/basic-tier.yaml",
    ] {
        inputs.push((
            file.to_owned(),
            workspace().join("../shared/specs").join(file),
        ));
    }
    for (name, path) in inputs {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} is missing: skipped", path.display());
            continue;
        };
        group.bench_function(&name, |b| {
            b.iter(|| Generator::new().spec_text(&name, &text).generate().unwrap())
        });
    }
    group.finish();
}

fn synthetic(c: &mut Criterion) {
    let text = serde_json::to_string(&synth::document(2000)).unwrap();
    let mut group = c.benchmark_group("synthetic-2000");
    group.sample_size(10);
    group.bench_function("all", |b| {
        b.iter(|| {
            Generator::new()
                .spec_text("synth.json", &text)
                .generate()
                .unwrap()
        })
    });
    group.bench_function("load", |b| {
        b.iter(|| load::load_str(&text, "synth.json").unwrap())
    });
    let doc = load::load_str(&text, "synth.json").unwrap();
    let options = LowerOptions::default();
    group.bench_function("lower", |b| b.iter(|| lower(&doc, &options).unwrap()));
    let spec = ir::Spec {
        module: None,
        origin: "synth.json".into(),
        api: lower(&doc, &options).unwrap(),
    };
    let specs = [spec];
    group.bench_function("emit-tokens", |b| {
        b.iter(|| emit::tokens(&specs, emit::ModelSharing::default()).unwrap())
    });
    group.bench_function("emit-render", |b| {
        b.iter(|| emit::render(&specs, emit::ModelSharing::default()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, documents, synthetic);
criterion_main!(benches);
