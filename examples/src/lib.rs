//! scratch
#[allow(missing_docs)]
pub mod agentos {
    include!(concat!(env!("OUT_DIR"), "/agentos.rs"));
}
