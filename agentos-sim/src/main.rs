//! `agentos-sim`: runs the simulator until Ctrl-C and prints where it listens and how to call it.

use std::time::Duration;

use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig, ThrottleConfig};
use clap::Parser;

/// A local agentOS API for trying clients out.
#[derive(Debug, Parser)]
#[command(name = "agentos-sim", version, about)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed of the generated dataset.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Requests per key per window.
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Length of the rolling throttle window, in seconds.
    #[arg(long = "window-secs", default_value_t = 60)]
    window_secs: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let config = SimConfig::default()
        .port(args.port)
        .seed(args.seed)
        .throttle(ThrottleConfig::new(
            args.limit,
            Duration::from_secs(args.window_secs),
        ));
    let sim = Sim::start(config).await?;
    println!("agentOS simulator listening on {}", sim.base_url());
    println!("  api_key:    {DEMO_KEY}");
    println!("  short name: {DEMO_SHORT_NAME}");
    println!(
        "  throttle:   {} requests per {} s",
        args.limit, args.window_secs
    );
    println!(
        "  try:        curl -H 'api_key: {DEMO_KEY}' {}/v4/advertising/{DEMO_SHORT_NAME}/company/company",
        sim.base_url()
    );
    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}
