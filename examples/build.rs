//! Generates the agentOS client from the workspace's schema into `OUT_DIR`, exactly as a user's
//! crate would (see `examples/build-consumer` for one outside this workspace's layout).

fn main() -> Result<(), agentos_codegen::Error> {
    agentos_codegen::Generator::new()
        .spec("../spec/agentos.yaml")
        .write_to_out_dir("agentos.rs")?;
    Ok(())
}
