//! [`RedisThrottle`]: the [`Throttle`] every process of one API key shares through Redis.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use agentos_runtime::throttle::{BoxFuture, DEFAULT_LIMIT, DEFAULT_WINDOW, ThrottleError};
use agentos_runtime::{ApiKey, Permit, Throttle};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{IntoConnectionInfo, ProtocolVersion, PushInfo, PushKind, RedisError};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::events::Event;
use crate::keys::Keys;
use crate::pool::Pool;
use crate::scripts::Scripts;
use crate::timing::{BLOCK_CAP, Grant, RESERVE_SHARE, Timing};

/// How long [`RedisThrottle`] keeps trying to reach Redis before an acquire fails (unless set
/// with [`Builder::fail_after`]).
pub const DEFAULT_FAIL_AFTER: Duration = Duration::from_secs(30);

/// Longest wait for one answer from Redis; past it the attempt counts as a failure.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);

/// A [`RedisThrottle`] could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The Redis URL could not be used (the message never holds its password).
    #[error("invalid Redis connection settings: {0}")]
    Redis(String),
    /// The limit or window is not valid.
    #[error(transparent)]
    Throttle(#[from] agentos_runtime::throttle::InvalidThrottle),
}

/// Settings of a [`RedisThrottle`]; start with [`RedisThrottle::builder`].
#[derive(Debug, Clone)]
pub struct Builder {
    url: String,
    keys: Keys,
    limit: u32,
    window: Duration,
    fail_after: Duration,
}

impl Builder {
    /// At most `limit` requests per rolling `window` for this key, in every process together
    /// (default: agentOS's 50 per 60 s). Give every process the same values.
    pub fn limit(mut self, limit: u32, window: Duration) -> Self {
        self.limit = limit;
        self.window = window;
        self
    }

    /// How long an acquire keeps trying to reach Redis before it fails with
    /// [`ThrottleError::Unavailable`] (default [`DEFAULT_FAIL_AFTER`], 30 s).
    pub fn fail_after(mut self, fail_after: Duration) -> Self {
        self.fail_after = fail_after;
        self
    }

    /// The throttle. No connection is made yet (nor a runtime needed): the first acquire
    /// connects, and a Redis that cannot be reached then is handled as at any other time.
    pub fn build(self) -> Result<RedisThrottle, BuildError> {
        // The same bounds as the in-process throttle: one place decides what is valid.
        agentos_runtime::throttle::check_rule(self.limit, self.window)?;
        let timing = Timing::new(self.limit, self.window);
        let info = self
            .url
            .as_str()
            .into_connection_info()
            .map_err(|e| BuildError::Redis(describe(&e)))?;
        // RESP3, so that one connection carries both the scripts and the `freed` messages.
        let settings = info
            .redis_settings()
            .clone()
            .set_protocol(ProtocolVersion::RESP3);
        let info = info.set_redis_settings(settings);
        let client = redis::Client::open(info).map_err(|e| BuildError::Redis(describe(&e)))?;
        let shared = Arc::new(Shared {
            pool: Mutex::new(Pool::new(&timing)),
            freed: Notify::new(),
            returned: Notify::new(),
            work: Notify::new(),
        });
        let heard = Arc::clone(&shared);
        let channel = self.keys.events.clone();
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(RESPONSE_TIMEOUT))
            // One connection attempt per call: the acquire loop does the retrying, so that
            // `fail_after` bounds it.
            .set_number_of_retries(0)
            .set_push_sender(move |info: PushInfo| {
                heard.on_push(info, &channel);
                Ok::<(), std::convert::Infallible>(())
            })
            .set_automatic_resubscription();
        Ok(RedisThrottle {
            inner: Arc::new(Inner {
                keys: self.keys,
                timing,
                fail_after: self.fail_after,
                client,
                config,
                connection: tokio::sync::OnceCell::new(),
                scripts: Scripts::new(),
                shared,
                turnstile: tokio::sync::Mutex::new(()),
                reporting: tokio::sync::Mutex::new(()),
                process: format!("{:016x}-{}", fastrand::u64(..), std::process::id()),
                next_block: AtomicU64::new(0),
                next_batch: AtomicU64::new(0),
                queued: AtomicUsize::new(0),
                keeping: AtomicBool::new(false),
            }),
        })
    }
}

/// agentOS's rolling window, kept in Redis for every process that uses one API key.
///
/// The same rule as [`agentos_runtime::RollingWindow`] (at most N requests in any rolling
/// window W, a slot held while its request is in flight and freed one window after it ended),
/// but counted across processes and machines: see the crate docs for how, and for what happens
/// when Redis restarts or cannot be reached. Cheap to clone; clones share one connection.
#[derive(Clone)]
pub struct RedisThrottle {
    inner: Arc<Inner>,
}

struct Inner {
    keys: Keys,
    timing: Timing,
    fail_after: Duration,
    client: redis::Client,
    config: ConnectionManagerConfig,
    /// Made on first use, inside the caller's runtime (the manager spawns its own task), so
    /// that the throttle can be built anywhere.
    connection: tokio::sync::OnceCell<ConnectionManager>,
    scripts: Scripts,
    /// What the connection's messages and the permits change, beside the tasks that read it.
    shared: Arc<Shared>,
    /// One waiter per process asks Redis at a time; the others queue here in arrival order.
    turnstile: tokio::sync::Mutex<()>,
    /// One report or renewal at a time: a renewal never sees a batch half sent.
    reporting: tokio::sync::Mutex<()>,
    /// Makes this process's block names unique among all processes.
    process: String,
    next_block: AtomicU64,
    next_batch: AtomicU64,
    /// Acquires waiting for a slot from Redis: a block asks for at least that many.
    queued: AtomicUsize,
    /// Whether the task that renews and reports runs.
    keeping: AtomicBool,
}

/// The state shared with the connection's message handler and the permits.
struct Shared {
    pool: Mutex<Pool>,
    /// Woken when slots free sooner than waiters were told or now (and when the connection
    /// drops): waiters told an inexact moment look again.
    freed: Notify,
    /// Woken when slots are free now (and when the connection drops): every waiter looks
    /// again.
    returned: Notify,
    /// Wakes the task that renews and reports: a batch became due, or the throttle ended.
    work: Notify,
}

impl Shared {
    fn pool(&self) -> MutexGuard<'_, Pool> {
        // Every method of `Pool` leaves it whole before it could panic (none does on its
        // input): a poisoned lock still holds a consistent pool.
        self.pool.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A message on the connection: an event on the key's channel, or the connection lost.
    fn on_push(&self, info: PushInfo, channel: &str) {
        match info.kind {
            PushKind::Disconnection => {
                self.pool().disconnected(Instant::now());
                self.work.notify_one();
                self.freed.notify_waiters();
                self.returned.notify_waiters();
            }
            PushKind::Message => {
                let Some(message) = redis::Msg::from_push_info(info) else {
                    return;
                };
                if message.get_channel_name() != channel {
                    return;
                }
                let text = message.get_payload::<String>().unwrap_or_default();
                match Event::parse(&text) {
                    Some(Event::Freed) => self.freed.notify_waiters(),
                    Some(Event::Returned) => {
                        self.freed.notify_waiters();
                        self.returned.notify_waiters();
                    }
                    Some(Event::Wanted) => {
                        self.pool().contended(Instant::now());
                        self.work.notify_one();
                    }
                    // Not trusted: the next acquire reads the key's pause from Redis first.
                    Some(Event::Pause) => self.pool().pause_heard(),
                    None => tracing::debug!("unknown message on the throttle's channel"),
                }
            }
            _ => {}
        }
    }
}

impl RedisThrottle {
    /// A throttle for `key` on the Redis at `url` (`redis://127.0.0.1:6379/0`; `rediss://` for
    /// TLS is not built in), with agentOS's default limit. Only a hash of the key is stored.
    pub fn builder(url: impl Into<String>, key: &ApiKey) -> Builder {
        Builder {
            url: url.into(),
            keys: Keys::for_key(key),
            limit: DEFAULT_LIMIT,
            window: DEFAULT_WINDOW,
            fail_after: DEFAULT_FAIL_AFTER,
        }
    }

    /// The Redis names this throttle uses (a hash of the key, never the key).
    pub fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    /// Reports to Redis at once what this process has not reported yet (requests that
    /// ended) and gives back the slots it reserved and did not use, then waits for the answer
    /// (a few seconds at most). Returns how many ended requests are still unreported: 0 when
    /// all were recorded.
    ///
    /// Call it before the process exits: what is not reported frees only when the lease of
    /// its block runs out, a tenth to a fifth of a window later than a report would free it (never
    /// earlier, so the limit holds; the key just loses that much of its budget).
    pub async fn flush(&self) -> usize {
        self.inner.shared.pool().hurry(Instant::now());
        self.inner.report().await;
        self.inner.shared.pool().unreported()
    }
}

impl Inner {
    /// The connection manager (cheap to clone), made on first use. It connects lazily, and
    /// again after a failure, one attempt per command.
    async fn connection(&self) -> Result<ConnectionManager, RedisError> {
        self.connection
            .get_or_try_init(|| async {
                ConnectionManager::new_lazy_with_config(self.client.clone(), self.config.clone())
            })
            .await
            .cloned()
    }

    /// Runs a script on the connection (made first if it is not yet).
    async fn invoke<T: redis::FromRedisValue>(
        &self,
        invocation: &redis::ScriptInvocation<'_>,
    ) -> Result<T, RedisError> {
        let mut connection = self.connection().await?;
        invocation.invoke_async(&mut connection).await
    }

    /// The name of one of this process's blocks (unique among all processes).
    fn block_name(&self, block: u64) -> String {
        format!("{}:{block}", self.process)
    }

    async fn acquire(self: &Arc<Self>) -> Result<Permit, ThrottleError> {
        let start = Instant::now();
        self.start_keeping();
        // The common case: a slot this process reserved earlier, without a round trip.
        if let Some(block) = self.shared.pool().take(start) {
            return Ok(self.permit(block, Duration::ZERO));
        }
        let _queued = Queued::enter(&self.queued);
        let _turn = self.turnstile.lock().await;
        let mut unreachable = Unreachable::default();
        let mut pause_read = false;
        loop {
            let now = Instant::now();
            let (paused, taken, pause_to_read) = {
                let mut pool = self.shared.pool();
                (pool.paused(now), pool.take(now), pool.pause_to_read())
            };
            if let Some(until) = paused {
                tokio::time::sleep_until(until).await;
                continue;
            }
            // Another waiter's block may have left slots for this one.
            if let Some(block) = taken {
                return Ok(self.permit(block, start.elapsed()));
            }
            // A pause message was heard: read the key's pause before using the reserve. Once
            // per acquire: messages heard meanwhile are answered by the acquire script, which
            // reads the pause too (so a flood of messages cannot hold an acquire here).
            if let Some(heard) = pause_to_read
                && !pause_read
            {
                match self.read_pause().await {
                    Ok(left) => {
                        pause_read = true;
                        unreachable.reached();
                        let until = left.map(|left| Instant::now() + left);
                        self.shared.pool().pause_read(heard, until);
                    }
                    Err(error) => unreachable.failed(&error, self.fail_after).await?,
                }
                continue;
            }
            // The acquire script reads the pause as well: its answer is a read of it too.
            let heard = self.shared.pool().pauses_heard();
            self.subscribe().await;
            // Registered before asking, so a release between the answer and the wait wakes it.
            let freed = self.shared.freed.notified();
            let returned = self.shared.returned.notified();
            tokio::pin!(freed, returned);
            freed.as_mut().enable();
            returned.as_mut().enable();
            let block = self.next_block.fetch_add(1, Ordering::Relaxed);
            let need = self.queued.load(Ordering::Acquire).max(1);
            let sent = Instant::now();
            let reply = self
                .invoke::<(i64, i64, i64, i64)>(
                    self.scripts
                        .acquire
                        .key(&self.keys.slots)
                        .key(&self.keys.counts)
                        .key(&self.keys.pause)
                        .key(&self.keys.epoch)
                        .key(&self.keys.waiting)
                        .arg(self.timing.limit)
                        .arg(self.timing.window_us())
                        .arg(self.timing.lease_us())
                        .arg(self.block_name(block))
                        .arg(need)
                        .arg(BLOCK_CAP)
                        .arg(RESERVE_SHARE)
                        .arg(&self.keys.events)
                        .arg(Event::WANTED),
                )
                .await
                .map(Grant::from_reply);
            tracing::trace!(?reply, "acquire");
            match reply {
                Ok(Grant::Granted { slots }) => {
                    let mut pool = self.shared.pool();
                    // The script found no pause before granting.
                    pool.pause_read(heard, None);
                    pool.granted(block, slots, sent);
                    return Ok(self.permit(block, start.elapsed()));
                }
                Ok(Grant::Wait {
                    wait,
                    exact,
                    paused,
                }) => {
                    unreachable.reached();
                    if paused {
                        // Kept here too, so that slots reserved earlier wait for it as well.
                        let until = Instant::now() + wait;
                        self.shared.pool().pause_read(heard, Some(until));
                        continue;
                    }
                    self.shared.pool().pause_read(heard, None);
                    let sleep = tokio::time::sleep(self.timing.sleep_for(wait, exact));
                    // An exact moment can only be brought forward by slots given back.
                    if exact {
                        tokio::select! {
                            () = sleep => {}
                            () = returned => {}
                        }
                    } else {
                        tokio::select! {
                            () = sleep => {}
                            () = freed => {}
                        }
                    }
                }
                Err(error) => unreachable.failed(&error, self.fail_after).await?,
            }
        }
    }

    /// Reads the key's pause from Redis (on its clock): what is left of it, `None` when none
    /// runs.
    async fn read_pause(&self) -> Result<Option<Duration>, RedisError> {
        let left = self
            .invoke::<i64>(&self.scripts.paused.key(&self.keys.pause))
            .await?;
        tracing::trace!(left, "pause read");
        Ok(Timing::pause_left(left))
    }

    /// The permit of a slot of `block`: dropping it records the request's end, reported to
    /// Redis with the next batch.
    fn permit(self: &Arc<Self>, block: u64, waited: Duration) -> Permit {
        let inner = Arc::clone(self);
        Permit::new(waited, move || {
            if inner.shared.pool().ended(block, Instant::now()) {
                inner.shared.work.notify_one();
            }
        })
    }

    /// Sends what the pool has to report (ended requests, slots given back) in one script
    /// call. What Redis does not record is reported again with the next batch.
    async fn report(&self) {
        let _one = self.reporting.lock().await;
        let reports = self.shared.pool().batch(Instant::now());
        if reports.is_empty() {
            return;
        }
        let mut invocation = self.scripts.release.key(&self.keys.slots);
        invocation
            .key(&self.keys.counts)
            .key(&self.keys.waiting)
            .arg(self.timing.window_us())
            .arg(self.timing.lease_us())
            .arg(&self.keys.events)
            .arg(Event::FREED)
            .arg(Event::RETURNED)
            .arg(self.next_batch.fetch_add(1, Ordering::Relaxed));
        // How long before the report was sent the last request of each block ended: Redis
        // frees their slots a window after that end rather than after the report, so a report
        // sent late (a batch, the reporting task's turn) costs nothing. Measured just before
        // the report is sent, so the age is never more than the true one and nothing frees
        // early.
        let sent = Instant::now();
        for report in &reports {
            let ended_ago = report
                .last_end
                .map_or(Duration::ZERO, |end| sent.saturating_duration_since(end));
            invocation
                .arg(self.block_name(report.block))
                .arg(report.ended)
                .arg(report.returned)
                .arg(Timing::micros(ended_ago));
        }
        if let Err(error) = self.invoke::<i64>(&invocation).await {
            // Until it is recorded, the block's lease keeps the slots: late, never early.
            tracing::debug!(error = %describe(&error), "report not recorded in Redis");
            self.shared.pool().unsent(&reports, Instant::now());
        }
    }

    /// Extends the leases of this process's blocks.
    async fn renew(&self) {
        let _one = self.reporting.lock().await;
        let renewals = self.shared.pool().renewals(Instant::now());
        if renewals.is_empty() {
            return;
        }
        let mut invocation = self.scripts.renew.key(&self.keys.slots);
        invocation
            .key(&self.keys.counts)
            .arg(self.timing.lease_us());
        for renewal in &renewals {
            invocation
                .arg(self.block_name(renewal.block))
                .arg(renewal.held);
        }
        let sent = Instant::now();
        match self.invoke::<Vec<usize>>(&invocation).await {
            Ok(positions) => {
                let missing: Vec<u64> = positions
                    .iter()
                    .filter_map(|&at| renewals.get(at).map(|r| r.block))
                    .collect();
                if !missing.is_empty() {
                    tracing::debug!(
                        blocks = missing.len(),
                        "blocks Redis had lost, counted again"
                    );
                }
                self.shared.pool().renewed(&renewals, &missing, sent);
            }
            // The blocks stay trusted for `Timing::trust` from the last renewal that was
            // recorded; past that, acquires ask Redis.
            Err(error) => tracing::debug!(error = %describe(&error), "lease renewal failed"),
        }
    }

    async fn pause(&self, duration: Duration) {
        let duration = Timing::capped_pause(duration);
        self.shared.pool().pause(Instant::now() + duration);
        let result = self
            .invoke::<i64>(
                self.scripts
                    .pause
                    .key(&self.keys.pause)
                    .arg(Timing::micros(duration))
                    .arg(&self.keys.events)
                    .arg(Event::PAUSE),
            )
            .await;
        if let Err(error) = result {
            tracing::warn!(
                error = %describe(&error),
                "429 pause not shared through Redis (this process still pauses)"
            );
        }
    }

    /// Subscribes to the key's channel, once per connection (the manager subscribes again
    /// after a reconnect; the pool uses its reserve only once this call saw it done).
    async fn subscribe(&self) {
        if self.shared.pool().is_subscribed() {
            return;
        }
        let Ok(mut connection) = self.connection().await else {
            return;
        };
        if connection.subscribe(&self.keys.events).await.is_ok() {
            self.shared.pool().subscribed();
        }
    }

    /// Starts the task that renews the leases and reports the batches.
    fn start_keeping(self: &Arc<Self>) {
        // Read first: every acquire comes here, and a read does not take the cache line from
        // the other threads as the swap's write would.
        if self.keeping.load(Ordering::Acquire) || self.keeping.swap(true, Ordering::AcqRel) {
            return;
        }
        let weak = Arc::downgrade(self);
        let shared = Arc::clone(&self.shared);
        let every = self.timing.renew_every();
        // Moved into the task when it is made, so even a task dropped unpolled resets the flag.
        let restart = RestartOnDrop(weak.clone());
        tokio::spawn(async move {
            let _restart = restart;
            keep(shared, weak, every).await;
        });
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The task ends when it finds the throttle gone.
        self.shared.work.notify_one();
    }
}

/// How long one acquire has failed to reach Redis.
#[derive(Default)]
struct Unreachable {
    /// Since the first failure of the current run (`None`: the last call was answered).
    since: Option<Instant>,
    failures: u32,
}

impl Unreachable {
    /// Redis answered.
    fn reached(&mut self) {
        self.since = None;
        self.failures = 0;
    }

    /// Redis did not answer: waits before the next try, or fails (closed) once it has been
    /// unreachable for `fail_after`.
    async fn failed(
        &mut self,
        error: &RedisError,
        fail_after: Duration,
    ) -> Result<(), ThrottleError> {
        let since = *self.since.get_or_insert_with(Instant::now);
        let waited = since.elapsed();
        if waited >= fail_after {
            return Err(ThrottleError::Unavailable {
                store: "redis",
                waited,
                cause: describe(error),
            });
        }
        tracing::debug!(error = %describe(error), "Redis unreachable: trying again");
        self.failures += 1;
        let delay = Timing::retry_delay(self.failures).min(fail_after - waited);
        tokio::time::sleep(delay).await;
        Ok(())
    }
}

/// Counts an acquire waiting for a slot from Redis, while it lives.
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn enter(queued: &'a AtomicUsize) -> Self {
        queued.fetch_add(1, Ordering::AcqRel);
        Self(queued)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Lets the next acquire start the task again when this one ends without the throttle
/// ending (its runtime shut down while another runtime still uses the throttle).
struct RestartOnDrop(Weak<Inner>);

impl Drop for RestartOnDrop {
    fn drop(&mut self) {
        if let Some(inner) = self.0.upgrade() {
            inner.keeping.store(false, Ordering::Release);
        }
    }
}

/// Renews the leases every `every` and reports each batch when it is due, while the throttle
/// lives. Holds the throttle only while it works, so that dropping it ends the task.
async fn keep(shared: Arc<Shared>, throttle: Weak<Inner>, every: Duration) {
    let mut next_renewal = Instant::now() + every;
    loop {
        let due = shared
            .pool()
            .flush_at(Instant::now())
            .map_or(next_renewal, |at| at.min(next_renewal));
        // `notify_one` keeps a wake-up given while this task was busy: none is lost.
        tokio::select! {
            () = tokio::time::sleep_until(due) => {}
            () = shared.work.notified() => {}
        }
        let Some(inner) = throttle.upgrade() else {
            return;
        };
        let now = Instant::now();
        if now >= next_renewal {
            next_renewal = now + every;
            inner.renew().await;
            shared.pool().tick(now);
        }
        let now = Instant::now();
        if shared.pool().flush_at(now).is_some_and(|at| at <= now) {
            inner.report().await;
        }
    }
}

/// A Redis error in words, without the connection settings (which may hold a password); the
/// server's own detail is cut as a response body's snippet is.
fn describe(error: &RedisError) -> String {
    let mut text = format!("{:?}", error.kind());
    if let Some(detail) = error.detail() {
        text.push_str(": ");
        text.push_str(&agentos_runtime::decode::snippet(detail.as_bytes()));
    }
    if error.is_connection_refusal() {
        text.push_str(" (connection refused)");
    } else if error.is_timeout() {
        text.push_str(" (timed out)");
    } else if error.is_connection_dropped() {
        text.push_str(" (connection dropped)");
    }
    text
}

impl Throttle for RedisThrottle {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, ThrottleError>> {
        Box::pin(self.inner.acquire())
    }

    fn pause(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(self.inner.pause(duration))
    }
}

impl fmt::Debug for RedisThrottle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisThrottle")
            .field("slots", &self.inner.keys.slots)
            .field("limit", &self.inner.timing.limit)
            .field("window", &self.inner.timing.window)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throttle for `key` on a Redis that is never reached (port 1): for what needs none.
    fn unreached(key: &str) -> RedisThrottle {
        RedisThrottle::builder("redis://127.0.0.1:1/", &ApiKey::new(key))
            .build()
            .unwrap()
    }

    #[test]
    fn builds_outside_a_runtime_and_refuses_bad_settings() {
        let key = ApiKey::new("key-for-build-tests");
        // No tokio runtime here: building must not need one (the connection is made later).
        let throttle = unreached("key-for-build-tests");
        assert!(format!("{throttle:?}").contains("agentos:throttle:{"));
        assert!(!format!("{throttle:?}").contains("key-for-build-tests"));
        let bad_url = RedisThrottle::builder("http://nowhere", &key).build();
        assert!(matches!(bad_url, Err(BuildError::Redis(_))));
        let bad_limit = RedisThrottle::builder("redis://127.0.0.1:1/", &key)
            .limit(0, Duration::from_secs(1))
            .build();
        assert!(matches!(bad_limit, Err(BuildError::Throttle(_))));
    }

    #[test]
    fn the_keeping_task_restarts_when_its_runtime_ends() {
        let throttle = unreached("key-for-renewal-tests");
        let first = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        first.block_on(async { throttle.inner.start_keeping() });
        assert!(throttle.inner.keeping.load(Ordering::Acquire));
        // The runtime ends, and its task with it: the next acquire may start another.
        drop(first);
        assert!(!throttle.inner.keeping.load(Ordering::Acquire));
        let second = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        second.block_on(async { throttle.inner.start_keeping() });
        assert!(throttle.inner.keeping.load(Ordering::Acquire));
    }

    #[tokio::test(start_paused = true)]
    async fn the_keeping_task_ends_with_the_throttle() {
        let throttle = unreached("key-for-keeping-tests");
        throttle.inner.start_keeping();
        tokio::task::yield_now().await;
        let shared = Arc::downgrade(&throttle.inner.shared);
        drop(throttle);
        // Woken by the drop, it finds the throttle gone and lets go of the shared state.
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
        assert!(shared.upgrade().is_none(), "the task still runs");
    }

    #[tokio::test(start_paused = true)]
    async fn flush_gives_up_within_the_response_timeout_and_counts_what_is_unreported() {
        let throttle = unreached("key-for-flush-tests");
        let start = Instant::now();
        assert_eq!(throttle.flush().await, 0, "nothing to report");
        assert_eq!(start.elapsed(), Duration::ZERO, "nothing was sent");
        // Two requests of a block ended, and Redis cannot be reached.
        {
            let mut pool = throttle.inner.shared.pool();
            pool.subscribed();
            pool.granted(1, 3, start);
            assert_eq!(pool.take(start), Some(1));
            pool.ended(1, start);
            pool.ended(1, start);
        }
        assert_eq!(throttle.flush().await, 2, "both still unreported");
        assert!(
            start.elapsed() <= RESPONSE_TIMEOUT * 2,
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn a_long_detail_from_redis_is_cut_in_the_message() {
        let detail = "x".repeat(100_000);
        let error = RedisError::from((redis::ErrorKind::Parse, "bad reply", detail));
        let text = describe(&error);
        assert!(text.starts_with("Parse: xxx"), "{text}");
        assert!(
            text.len() <= agentos_runtime::decode::SNIPPET_CHARS + 16,
            "{}",
            text.len()
        );
    }

    #[test]
    fn a_password_in_the_url_stays_out_of_errors() {
        let key = ApiKey::new("key-for-build-tests");
        let error = RedisThrottle::builder("redis://:s3cret-pw@[::1", &key)
            .build()
            .unwrap_err();
        assert!(!error.to_string().contains("s3cret-pw"), "{error}");
    }
}
