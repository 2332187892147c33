//! Generates the agentOS client from `schema/agentos-mini.yaml` into `OUT_DIR`. The generator
//! prints `cargo:rerun-if-changed` for the schema, so editing it regenerates the client on the
//! next build, and writes only when the output changed.

fn main() -> Result<(), agentos_codegen::Error> {
    agentos_codegen::Generator::new()
        .spec("schema/agentos-mini.yaml")
        .write_to_out_dir("agentos.rs")?;
    Ok(())
}
