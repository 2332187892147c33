//! The client of the agentOS document this crate was written against (here the repository's
//! `spec/agentos.yaml`; yours would be a document agentOS publishes, kept in your crate).

fn main() -> Result<(), agentos_codegen::Error> {
    agentos_codegen::Generator::new()
        .spec("../../spec/agentos.yaml")
        .write_to_out_dir("agentos.rs")?;
    Ok(())
}
