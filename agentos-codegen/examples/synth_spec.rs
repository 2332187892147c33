//! Prints a synthetic agentOS-like OpenAPI 3.0 document (JSON) of a given size:
//! `cargo run -p agentos-api-codegen --example synth_spec -- 2000 > synth.json`.

#[path = "../benches/support/synth.rs"]
mod synth;

fn main() {
    let operations = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let text = serde_json::to_string_pretty(&synth::document(operations))
        .unwrap_or_else(|e| format!("cannot serialise: {e}"));
    println!("{text}");
}
