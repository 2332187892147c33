//! The emitter writes formatted text itself (`emit/text.rs`) instead of printing tokens with
//! prettyplease; its output must be exactly what prettyplease prints for the same code. This
//! checks that the output of every document we hold (fixtures, `spec/agentos.yaml`, the
//! published documents alone and together, the shared-model fixtures together, a synthetic
//! document of 400 operations) is a fixed point of `syn` + `prettyplease`: parsed and printed
//! again, it does not change by one byte.

mod common;

#[path = "../benches/support/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::path::PathBuf;

use agentos_codegen::Generator;

/// The generated text without its `@generated` header (comments do not survive parsing).
fn body(code: &str) -> &str {
    let start = code
        .find("\n\n")
        .expect("the header ends with a blank line");
    &code[start + 2..]
}

fn assert_prettyplease_fixed_point(what: &str, code: &str) {
    let body = body(code);
    let file = syn::parse_file(body).unwrap_or_else(|e| panic!("{what}: does not parse: {e}"));
    let printed = prettyplease::unparse(&file);
    if printed != body {
        let (ours, theirs): (Vec<&str>, Vec<&str>) =
            (body.lines().collect(), printed.lines().collect());
        let at = ours
            .iter()
            .zip(&theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        let from = at.saturating_sub(3);
        panic!(
            "{what}: the emitter's layout differs from prettyplease's at line {}:\n--- ours\n{}\n--- prettyplease\n{}",
            at + 1,
            ours[from..(at + 4).min(ours.len())].join("\n"),
            theirs[from..(at + 4).min(theirs.len())].join("\n"),
        );
    }
}

fn generated(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .fold(Generator::new(), |g, p| g.spec(p))
        .generate()
        .unwrap_or_else(|e| panic!("{paths:?}: {e}"))
}

#[test]
fn the_fixtures_and_the_workspace_schema_are_laid_out_as_prettyplease_would() {
    let mut paths = common::fixtures();
    paths.extend(common::agentos_spec());
    for path in &paths {
        assert_prettyplease_fixed_point(
            &path.display().to_string(),
            &generated(std::slice::from_ref(path)),
        );
    }
    let tiers: Vec<PathBuf> = ["tier_a", "tier_b", "tier_c"]
        .iter()
        .map(|t| {
            common::workspace().join(format!("agentos-codegen/tests/fixtures/shared/{t}.yaml"))
        })
        .collect();
    assert_prettyplease_fixed_point("the shared-model tiers together", &generated(&tiers));
}

#[test]
fn the_published_documents_are_laid_out_as_prettyplease_would() {
    let Some(paths) = common::real_specs() else {
        return;
    };
    for path in &paths {
        assert_prettyplease_fixed_point(
            &path.display().to_string(),
            &generated(std::slice::from_ref(path)),
        );
    }
    // Together: one module per document (one level deeper), and the shared models.
    assert_prettyplease_fixed_point("the published documents together", &generated(&paths));
}

#[test]
fn a_large_synthetic_document_is_laid_out_as_prettyplease_would() {
    let text = synth::document(400).to_string();
    let code = Generator::new()
        .spec_text("synthetic-400", &text)
        .generate()
        .expect("the synthetic document generates");
    assert_prettyplease_fixed_point("synthetic-400", &code);
}
