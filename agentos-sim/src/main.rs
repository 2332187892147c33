//! `agentos-sim`: runs the simulator until Ctrl-C and prints where it listens and how to call it.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, DatasetSize, Sim, SimConfig, ThrottleConfig};
use clap::Parser;

/// A local agentOS API for trying clients out.
#[derive(Debug, Parser)]
#[command(name = "agentos-sim", version, about)]
struct Args {
    /// A document to serve (Swagger 2.0 or OpenAPI 3.x, JSON or YAML); repeat for more.
    /// Without one, the simulator serves its own `spec/agentos.yaml`.
    #[arg(long = "spec", value_name = "FILE")]
    specs: Vec<PathBuf>,
    /// An OpenAPI Overlay 1.0 file applied to every document, as the client's generator
    /// applies it (`Generator::overlay`, `agentos-codegen --overlay`); repeat for more, applied
    /// in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// The generator's options file the client was generated with (its overlays and status
    /// policy); `--overlay` files are applied after its own.
    #[arg(long = "options", value_name = "FILE")]
    options: Option<PathBuf>,
    /// Prints the operations served (method and path) and exits.
    #[arg(long)]
    list: bool,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed of the generated dataset.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Seeded records in every collection (default: 300, more for the large collections of
    /// `spec/agentos.yaml`). Records are generated when read: a million costs no more memory.
    #[arg(long)]
    records: Option<usize>,
    /// Seeded records of one model's collection, as `MODEL=N` (`TenancyModel=5000`); repeat
    /// for more.
    #[arg(long = "model-records", value_name = "MODEL=N", value_parser = model_records)]
    model_records: Vec<(String, usize)>,
    /// Requests per key per window.
    #[arg(long, default_value_t = agentos_runtime::throttle::DEFAULT_LIMIT)]
    limit: u32,
    /// Length of the rolling throttle window, in seconds.
    #[arg(long = "window-secs", default_value_t = agentos_runtime::throttle::DEFAULT_WINDOW.as_secs())]
    window_secs: u64,
}

/// `MODEL=N`.
fn model_records(text: &str) -> Result<(String, usize), String> {
    let (model, n) = text
        .split_once('=')
        .ok_or_else(|| format!("expected MODEL=N, found `{text}`"))?;
    let n = n
        .parse()
        .map_err(|e| format!("`{n}` is not a count of records: {e}"))?;
    Ok((model.to_owned(), n))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let mut config = SimConfig::default();
    if let Some(options) = &args.options {
        config = config.options_file(options)?;
    }
    let config = args
        .overlays
        .iter()
        .fold(config, |config, overlay| config.overlay(overlay));
    let config = args
        .specs
        .iter()
        .fold(config, |config, spec| config.spec(spec))
        .port(args.port)
        .seed(args.seed)
        .dataset(
            args.model_records.iter().fold(
                args.records
                    .map_or_else(DatasetSize::default, DatasetSize::uniform),
                |sizes, (model, n)| sizes.model(model, *n),
            ),
        )
        .throttle(ThrottleConfig::new(
            args.limit,
            Duration::from_secs(args.window_secs),
        ));
    if args.list {
        // Written, not printed: a closed pipe (`| head`) ends the listing instead of a panic.
        let mut out = std::io::stdout().lock();
        let operations = agentos_sim::operations(&config)?;
        let width = operations.iter().map(|op| op.path.len()).max().unwrap_or(0);
        for op in operations {
            let line = format!(
                "{:<7}{:<width$}  {}",
                op.method.as_str(),
                op.path,
                op.behaviour
            );
            if writeln!(out, "{}", line.trim_end()).is_err() {
                break;
            }
        }
        return Ok(());
    }
    let sim = Sim::start(config).await?;
    println!("agentOS simulator listening on {}", sim.base_url());
    println!("  api_key:    {DEMO_KEY}");
    println!("  short name: {DEMO_SHORT_NAME}");
    println!(
        "  throttle:   {} requests per {} s",
        args.limit, args.window_secs
    );
    for name in sim.documents() {
        println!("  document:   {}/swagger/docs/{name}", sim.base_url());
    }
    if let Some(example) = sim.examples(DEMO_SHORT_NAME).first() {
        println!(
            "  try:        curl -H 'api_key: {DEMO_KEY}' '{}{}'",
            sim.base_url(),
            example.path_and_query
        );
    }
    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}
