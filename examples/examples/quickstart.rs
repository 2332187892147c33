//! The quickstart: a tour of the generated agentOS client against a simulator it starts on
//! 127.0.0.1 (company, every branch page by page, one branch's lettings with their photos and a
//! photo downloaded, a diary appointment's life, a typed 404 with
//! its support report, and the throttle at work).
//!
//! ```sh
//! cargo run -p agentos-examples --example quickstart
//! ```
//!
//! For the real API, set `AGENTOS_API_KEY` and `AGENTOS_SHORT_NAME` (and `AGENTOS_BASE_URL`
//! for another address); add `--write` to let it book (and delete) a real appointment.

use std::process::ExitCode;

use agentos_examples::quickstart::{self, Options};
use agentos_examples::target::Target;

#[tokio::main]
async fn main() -> ExitCode {
    let target = match Target::from_env() {
        Ok(target) => target,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        target,
        allow_writes: std::env::args().skip(1).any(|arg| arg == "--write"),
    };
    match quickstart::run(&options, &mut std::io::stdout()).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(report) = err.support_report() {
                eprintln!("{report}");
            }
            ExitCode::FAILURE
        }
    }
}
