//! Generates the agentOS client the end-to-end tests call, from the workspace's schema, the
//! way a user's build script would.

fn main() -> Result<(), agentos_codegen::Error> {
    agentos_codegen::Generator::new()
        .spec("../spec/agentos.yaml")
        .write_to_out_dir("agentos.rs")?;
    Ok(())
}
