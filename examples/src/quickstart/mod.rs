//! The quickstart tour, as a library function so that the `quickstart` example and a test run
//! the same code.
//!
//! Against a simulator it starts itself (or an API named by the environment, see
//! [`crate::target`]), with the client generated from `spec/agentos.yaml`, it:
//! 1. fetches the company (the vendor's "test your connection" call, v4 advertising);
//! 2. streams every branch, one page of 1000 per request, paged in the path as v4 pages
//!    (`/company/branches/{offset}/{count}`), and lists the requests made;
//! 3. lists the advertised lettings of one branch, the photos of each of the first few, and
//!    downloads one photo through the key;
//! 4. creates, reads, updates, cancels and deletes a diary appointment;
//! 5. asks for the deleted appointment and shows the typed 404, its documented resolution and
//!    a support report (the key redacted to its last 5 characters);
//! 6. sends a burst against a small throttle window and shows the client waiting for slots
//!    instead of earning 429s, checked against the simulator's request log.
//!
//! Against a real API the tour reads only: step 6 is skipped (its throttle cannot be shrunk
//! for a demo) and step 4 only runs when writes were allowed: it books a real appointment in a
//! real diary.

mod burst;
mod diary;
mod lettings;

use std::error::Error as StdError;
use std::io::Write;
use std::time::{Duration, Instant};

use agentos_runtime::{ApiError, ApiKey, BuildError, Client, Endpoint, StatusError, SupportReport};
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig, SimError};
use futures_util::StreamExt;

use crate::agentos::advertising;
use crate::target::{ApiTarget, Target};

pub use burst::{Burst, LIMIT as BURST_LIMIT, REQUESTS as BURST_REQUESTS, WINDOW as BURST_WINDOW};
pub use lettings::{Lettings, SHOWN_LETTINGS};

/// What the tour is run with.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where to connect.
    pub target: Target,
    /// Whether the diary step may create an appointment on a real API (always on against the
    /// simulator).
    pub allow_writes: bool,
}

/// What the tour found, for callers (and tests) that check more than the printed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The company's name.
    pub company: String,
    /// Branches streamed.
    pub branches: usize,
    /// Page requests the branch stream made.
    pub branch_pages: usize,
    /// One branch's advertised lettings, their photos and the photo downloaded.
    pub lettings: Lettings,
    /// The appointment created (and deleted again), when the diary step ran.
    pub appointment: Option<String>,
    /// The 404's resolution text.
    pub not_found_resolution: String,
    /// The burst's figures, when it ran.
    pub burst: Option<Burst>,
    /// How long the tour took.
    pub elapsed: Duration,
}

/// Why the tour stopped.
#[derive(Debug, thiserror::Error)]
pub enum QuickstartError {
    /// The client configuration was refused.
    #[error("could not build the client: {0}")]
    Build(#[from] BuildError),
    /// The simulator did not start.
    #[error("could not start the simulator: {0}")]
    Sim(#[from] SimError),
    /// A call failed; the report says what was sent and received.
    #[error("{step} failed: {source}")]
    Api {
        /// The step of the tour.
        step: &'static str,
        /// The client's error.
        source: Box<dyn StdError + Send + Sync>,
        /// The support report of the failed call.
        report: Box<SupportReport>,
    },
    /// The API answered something the tour cannot go on with.
    #[error("{0}")]
    Unexpected(String),
    /// Writing the tour's output failed.
    #[error("could not write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl QuickstartError {
    /// The support report of a failed call, if that is what stopped the tour.
    pub fn support_report(&self) -> Option<&SupportReport> {
        match self {
            QuickstartError::Api { report, .. } => Some(report),
            _ => None,
        }
    }
}

/// Maps a client error to a [`QuickstartError`] naming the step.
pub(crate) fn failed<E: StatusError>(
    step: &'static str,
) -> impl FnOnce(ApiError<E>) -> QuickstartError {
    move |err| QuickstartError::Api {
        step,
        report: Box::new(err.support_report()),
        source: Box::new(err),
    }
}

/// A client and, against the simulator, the simulator it talks to.
struct Session {
    client: Client,
    sim: Option<Sim>,
}

impl Session {
    async fn open(target: &Target) -> Result<Self, QuickstartError> {
        match target {
            Target::Sim => {
                // The default rules: 50 requests per rolling 60 s, as agentOS applies them.
                let sim = Sim::start(SimConfig::default()).await?;
                let client = Client::builder()
                    .base_url(sim.base_url())
                    .api_key(DEMO_KEY)
                    .short_name(DEMO_SHORT_NAME)
                    .build()?;
                Ok(Self {
                    client,
                    sim: Some(sim),
                })
            }
            Target::Api(ApiTarget {
                key,
                short_name,
                base_url,
            }) => {
                let mut builder = Client::builder()
                    .api_key(key.clone())
                    .short_name(short_name);
                if let Some(url) = base_url {
                    builder = builder.base_url(url);
                }
                Ok(Self {
                    client: builder.build()?,
                    sim: None,
                })
            }
        }
    }
}

/// Runs the tour, printing to `out`.
pub async fn run(options: &Options, out: &mut dyn Write) -> Result<Outcome, QuickstartError> {
    let started = Instant::now();
    let session = Session::open(&options.target).await?;
    let client = &session.client;
    match &session.sim {
        Some(sim) => writeln!(
            out,
            "agentos-sim listening on {} (key {}, short name {DEMO_SHORT_NAME})",
            sim.base_url(),
            ApiKey::new(DEMO_KEY)
        )?,
        None => writeln!(
            out,
            "agentOS API at {} (short name {})",
            client.base_url(),
            client.short_name().as_str()
        )?,
    }

    writeln!(out, "\n1. The company")?;
    let company = client
        .get(&advertising::GetCompany::new())
        .await
        .map_err(failed("fetching the company"))?;
    let company_name = company.company_name.unwrap_or_default();
    writeln!(
        out,
        "   {company_name} (short name {})",
        company.short_name.as_deref().unwrap_or("?")
    )?;

    writeln!(
        out,
        "\n2. Every branch, 1000 per request (v4 pages in the path: /{{offset}}/{{count}})"
    )?;
    let (branches, branch_pages) = stream_branches(&session, out).await?;

    writeln!(
        out,
        "\n3. One branch's advertised lettings, their photos, one download"
    )?;
    let lettings = lettings::tour(client, out).await?;

    writeln!(
        out,
        "\n4. A diary appointment: create, update, cancel, delete"
    )?;
    let writes = options.allow_writes || session.sim.is_some();
    let appointment = if writes {
        Some(diary::round_trip(client, out).await?)
    } else {
        writeln!(
            out,
            "   skipped: this would book a real appointment (run with --write to allow it)"
        )?;
        None
    };

    writeln!(out, "\n5. A typed error: the appointment is gone")?;
    let missing = appointment
        .clone()
        .unwrap_or_else(|| "quickstart-no-such-appointment".to_owned());
    let not_found_resolution = diary::show_not_found(client, &missing, out).await?;

    writeln!(out, "\n6. A burst against a small throttle window")?;
    let burst = match session.sim {
        Some(_) => Some(burst::run(out).await?),
        None => {
            writeln!(
                out,
                "   skipped against a real API (its throttle is 50 per 60 s and cannot be shrunk)"
            )?;
            None
        }
    };

    let elapsed = started.elapsed();
    writeln!(out, "\nDone in {:.1} s.", elapsed.as_secs_f64())?;
    Ok(Outcome {
        company: company_name,
        branches,
        branch_pages,
        lettings,
        appointment,
        not_found_resolution,
        burst,
        elapsed,
    })
}

/// Streams every branch a page at a time; prints each page request, from the simulator's log
/// when there is one (what really went over the wire), else from the pages received.
async fn stream_branches(
    session: &Session,
    out: &mut dyn Write,
) -> Result<(usize, usize), QuickstartError> {
    if let Some(sim) = &session.sim {
        sim.clear_requests();
    }
    let mut pages = session.client.pages(advertising::GetBranches::new());
    let mut branches = 0;
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(failed("streaming the branches"))?;
        page_count += 1;
        branches += page.len();
        if session.sim.is_none() {
            // The path as the request wrote it: the window fills `{offset}/{count}`.
            let path = advertising::GetBranches::PATH_TEMPLATE
                .replace("{shortName}", session.client.short_name().as_str())
                .replace("{offset}", &page.offset().to_string())
                .replace("{count}", &page.requested().to_string());
            writeln!(out, "   GET {path} -> {} branches", page.len())?;
        }
    }
    if let Some(sim) = &session.sim {
        for request in sim.requests() {
            let query = match request.query.as_str() {
                "" => String::new(),
                query => format!("?{query}"),
            };
            writeln!(
                out,
                "   {} {}{query} -> {}",
                request.method, request.path, request.status
            )?;
        }
    }
    writeln!(
        out,
        "   {branches} branches in {page_count} requests (the stream stops at the `Count` the API reports)"
    )?;
    Ok((branches, page_count))
}
