//! Criterion groups, ours beside progenitor on every document it accepts:
//! `load/DOC`, `lower/DOC` (ours only: progenitor has no separate stage), `emit/DOC` (ours:
//! IR -> formatted Rust), `lower+emit/DOC` (document -> formatted Rust, both) and
//! `end_to_end/DOC` (text -> formatted Rust, both; progenitor reads the normalised JSON copy,
//! ours the document as published, and also that same JSON copy for a like-for-like view).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use progenitor_compare::{docs, normalise, ours, theirs};

fn generators(c: &mut Criterion) {
    for doc in docs::all() {
        let name = doc.name.as_str();
        let big = doc.text.len() > 1_000_000;
        let json = normalise::for_progenitor(&doc)
            .map(|(json, _)| json)
            .ok()
            .filter(|json| theirs::end_to_end(json).is_ok());
        if json.is_none() {
            eprintln!("note: progenitor refuses {name}: ours alone");
        }
        let ours_doc = ours::load(&doc.text, name).unwrap();
        let api = ours::lower(&ours_doc).unwrap();
        let specs = ours::spec(api, name);
        let their_doc = json.as_deref().map(|j| theirs::load(j).unwrap());

        let mut group = c.benchmark_group(format!("load/{name}"));
        group.sample_size(if big { 10 } else { 30 });
        group.bench_function("ours", |b| {
            b.iter(|| black_box(ours::load(&doc.text, name).unwrap()))
        });
        if let Some(json) = &json {
            group.bench_function("progenitor", |b| {
                b.iter(|| black_box(theirs::load(json).unwrap()))
            });
        }
        group.finish();

        let mut group = c.benchmark_group(format!("lower/{name}"));
        group.sample_size(if big { 10 } else { 30 });
        group.bench_function("ours", |b| {
            b.iter(|| black_box(ours::lower(&ours_doc).unwrap()))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("emit/{name}"));
        group.sample_size(10);
        group.bench_function("ours", |b| {
            b.iter(|| black_box(ours::emit(&specs).unwrap()))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("lower+emit/{name}"));
        group.sample_size(10);
        group.bench_function("ours", |b| {
            b.iter(|| {
                let api = ours::lower(&ours_doc).unwrap();
                black_box(ours::emit(&ours::spec(api, name)).unwrap())
            })
        });
        if let Some(doc) = &their_doc {
            group.bench_function("progenitor", |b| {
                b.iter(|| black_box(theirs::generate(doc).unwrap()))
            });
        }
        group.finish();

        let mut group = c.benchmark_group(format!("end_to_end/{name}"));
        group.sample_size(10);
        group.bench_function("ours", |b| {
            b.iter(|| black_box(ours::end_to_end(&doc.text, name).unwrap()))
        });
        if let Some(json) = &json {
            group.bench_function("ours_on_normalised_json", |b| {
                b.iter(|| black_box(ours::end_to_end(json, name).unwrap()))
            });
            group.bench_function("progenitor", |b| {
                b.iter(|| black_box(theirs::end_to_end(json).unwrap()))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, generators);
criterion_main!(benches);
