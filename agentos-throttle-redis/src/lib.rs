//! agentOS's rolling-window throttle shared by every process of one API key, on Redis.
//!
//! agentOS allows 50 requests per API key in any rolling 60 seconds, counted per **key**, not
//! per process: a scheduled sync, a web app and a worker on another machine that share a key
//! share that budget, and together they earn the 429s (then the 403 block) that each would
//! avoid alone. [`RedisThrottle`] keeps the key's window in Redis, so that every process
//! counts every other's requests.
//!
//! ```no_run
//! use std::sync::Arc;
//! use agentos_runtime::{ApiKey, Client};
//! use agentos_throttle_redis::RedisThrottle;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = ApiKey::new(std::env::var("AGENTOS_API_KEY")?);
//! let throttle = RedisThrottle::builder("redis://127.0.0.1:6379/0", &key).build()?;
//! let client = Client::builder()
//!     .api_key(key.expose())
//!     .short_name("yourco")
//!     .throttle_with(Arc::new(throttle))
//!     .build()?;
//! # drop(client);
//! # Ok(())
//! # }
//! ```
//!
//! # The rule, across processes
//! The same rule as the in-process [`agentos_runtime::RollingWindow`]: at most N requests of
//! the key in any rolling window W; a slot is held while its request is in flight and frees
//! one window after the request ended. Each step is one Lua script (see `scripts.rs`), which
//! Redis runs atomically, with every time read from the Redis server (`TIME`), so the
//! machines' clocks do not matter.
//!
//! - **Blocks and batches.** Asking Redis for every slot would cost every request a round trip.
//!   A process instead reserves slots in blocks (beyond what it needs now, an eighth of what is
//!   free, at most 4096) and takes them without a round trip; it reports ended requests in
//!   batches (within a twentieth of the window, 20 ms to 1 s). Every reserved slot counts in
//!   Redis from the moment it is granted, used or not, so the limit holds across processes
//!   whatever each does with its reserve. A report says how long ago its requests ended, so
//!   their slots free a window after the end however late the report (never earlier: the
//!   age is measured before the report is sent, and Redis reads its clock after). When a
//!   process is refused a slot it says so on the key's channel, and every other process then
//!   reports at once and gives back the slots it reserved and does not use, for as long as the
//!   key is contended (a window). A process idle for a tenth of a window gives back its reserve
//!   too.
//! - **Waiting** sleeps until the earliest slot frees (the script says when) and is woken early
//!   by a message on the key's channel when slots free somewhere (published only while a
//!   process waits); each sleep is bounded by a twentieth of the window (at most 2 s), so a
//!   lost message costs little. Within a process, waiters take turns first come, first served.
//! - **A 429 pauses every process**: the pause script stores it in Redis as the moment it ends
//!   on the Redis server's clock (the longer pause wins), and the process that got the 429
//!   keeps its own copy too. The key's channel only wakes the others: on a `pause` message a
//!   process reads the pause from Redis (one round trip) before it takes another slot from its
//!   reserve, and the message itself is never trusted for the pause's existence or length.
//!   Anyone allowed to `PUBLISH` on the server can send one, so a forged message costs each
//!   process a round trip and pauses nobody. A process uses its reserve only while it hears
//!   the channel; otherwise it goes to Redis for each slot, whose script reads the pause too.
//! - **Before a process exits**, [`RedisThrottle::flush`] reports what ended and gives back
//!   the reserve: what is not reported frees when its block's lease runs out, a tenth to a
//!   fifth of a window late (never early).
//! - **A process that dies** (even by `SIGKILL`) stops renewing the leases of its blocks
//!   (every tenth of a window); each frees between a window and a tenth and a window and a
//!   fifth after the death. A lease lasts a window and two renewal periods, and a process
//!   takes from a block only for two periods after it last renewed it, so every request it
//!   sent stays counted for a window even if its renewals stop reaching Redis. Slots of
//!   requests that it had reported as ended free one window after they ended.
//! - **Names**: `agentos:throttle:{<hash>}:slots|counts|pause|epoch|waiting|events`, where `<hash>` is a
//!   SHA-256 of the key: the key itself never reaches Redis. Every name has a TTL (at most
//!   two windows past the last use), so nothing is left behind by processes that die.
//! - **Redis restarted** (and so empty, without persistence): agentOS still counts what was
//!   sent before. When the state's marker is gone and Redis has been up for less than a
//!   window, the key waits until one window after Redis started; then nothing sent before the
//!   restart can still count. A block Redis lost is counted again at its next renewal for
//!   the requests sent from it; its unused slots are forgotten.
//! - **What Redis must keep**: the names until they expire. A Redis under memory pressure with
//!   an eviction policy that evicts names with a TTL (`volatile-*`, `allkeys-*`) forgets slots
//!   in use, and the key may then exceed its limit; use `noeviction` (Redis's default) on the
//!   Redis that holds the throttle. Likewise `FLUSHALL` without a restart leaves no trace of
//!   the lost state, so no quarantine follows (only a restart is detected).
//! - **Redis unreachable**: the throttle fails **closed**. An acquire keeps trying for
//!   [`Builder::fail_after`] (30 s by default), then the call ends with
//!   [`agentos_runtime::ApiError::Throttle`] and nothing is sent; the caller may call again.
//!   Why not fall back to a local window of N / (number of processes)? The library cannot know
//!   how many processes share the key; guessing too few lets the key exceed its limit, and a
//!   403 block stops every integration of the key, which is worse than a visible, retryable
//!   error while Redis is down.
//!
//! Give every process the same limit and window ([`Builder::limit`]).

mod events;
mod keys;
mod pool;
mod scripts;
mod throttle;
mod timing;

pub use keys::{Keys, PREFIX};
pub use throttle::{BuildError, Builder, DEFAULT_FAIL_AFTER, RedisThrottle};
