//! The examples' shared code: the client generated from `spec/agentos.yaml` (by this crate's
//! `build.rs`), the quickstart tour and the API -> SQLite sync as library functions, so the
//! `quickstart` and `sync` examples and the tests run the same code.
//!
//! ```no_run
//! use agentos_examples::quickstart::{self, Options};
//! use agentos_examples::target::Target;
//!
//! # async fn tour() -> Result<(), quickstart::QuickstartError> {
//! let options = Options { target: Target::Sim, allow_writes: false };
//! let outcome = quickstart::run(&options, &mut std::io::stdout()).await?;
//! assert_eq!(outcome.branch_pages, 3);
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

/// The client generated from `spec/agentos.yaml` at build time: `models`, then one module per
/// call group (`advertising`, `diary`, `tier1`, `tier2`).
pub mod agentos {
    include!(concat!(env!("OUT_DIR"), "/agentos.rs"));
}

pub mod metered;
pub mod quickstart;
pub mod sim_log;
pub mod sync;
pub mod target;
