//! [`RedisThrottle`]: the [`Throttle`] every process of one API key shares through Redis.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use agentos_runtime::throttle::{BoxFuture, DEFAULT_LIMIT, DEFAULT_WINDOW, ThrottleError};
use agentos_runtime::{ApiKey, Permit, Throttle};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{IntoConnectionInfo, ProtocolVersion, PushKind, RedisError};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::keys::Keys;
use crate::scripts::Scripts;
use crate::timing::{Grant, Timing};

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
        let freed = Arc::new(Notify::new());
        let wake = Arc::clone(&freed);
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(RESPONSE_TIMEOUT))
            // One connection attempt per call: the acquire loop does the retrying, so that
            // `fail_after` bounds it.
            .set_number_of_retries(0)
            .set_push_sender(move |info: redis::PushInfo| {
                // A freed slot, or a lost connection: either way the waiters look again.
                if matches!(info.kind, PushKind::Message | PushKind::Disconnection) {
                    wake.notify_waiters();
                }
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
                freed,
                turnstile: tokio::sync::Mutex::new(()),
                local: Mutex::default(),
                process: format!("{:016x}-{}", fastrand::u64(..), std::process::id()),
                next_member: AtomicU64::new(0),
                subscribed: AtomicBool::new(false),
                renewing: AtomicBool::new(false),
                releasing: AtomicUsize::new(0),
                released: Notify::new(),
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
    /// Woken by a message on the key's `freed` channel (and when the connection drops).
    freed: Arc<Notify>,
    /// One waiter per process asks Redis at a time; the others queue here in arrival order.
    turnstile: tokio::sync::Mutex<()>,
    local: Mutex<Local>,
    /// Makes this process's slot names unique among all processes.
    process: String,
    next_member: AtomicU64,
    subscribed: AtomicBool,
    renewing: AtomicBool,
    /// Releases sent in the background and not answered yet ([`RedisThrottle::flush`]).
    releasing: AtomicUsize,
    /// Notified as each of them ends.
    released: Notify,
}

/// What this process knows on its own.
#[derive(Debug, Default)]
struct Local {
    /// Slots of requests in flight here, whose leases the renewal task extends.
    in_flight: BTreeSet<String>,
    /// A 429's pause as this process saw it: kept here too, so that a Redis that lost its
    /// state (or cannot be reached) does not shorten it.
    paused_until: Option<Instant>,
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

    /// Waits until the releases of finished requests, sent in the background, have reached
    /// Redis (each answered or failed; at most about 2 s). Returns how many were still
    /// unanswered when it gave up: 0 when all were recorded.
    ///
    /// Call it before the process exits: a runtime that shuts down drops the releases it has
    /// not sent, and an unreleased slot frees only when its lease runs out, up to a tenth of a
    /// window later than a release would free it (never earlier, so the limit holds; the key
    /// just loses that much of its budget).
    pub async fn flush(&self) -> usize {
        let deadline = Instant::now() + RESPONSE_TIMEOUT;
        loop {
            // Registered before the count is read, so an ending release cannot be missed.
            let ended = self.inner.released.notified();
            tokio::pin!(ended);
            ended.as_mut().enable();
            let left = self.inner.releasing.load(Ordering::Acquire);
            if left == 0 || tokio::time::timeout_at(deadline, ended).await.is_err() {
                return left;
            }
        }
    }
}

impl Inner {
    fn local(&self) -> MutexGuard<'_, Local> {
        // Every update of `Local` is a single statement: a panic cannot leave it half done.
        self.local.lock().unwrap_or_else(|p| p.into_inner())
    }

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

    async fn acquire(self: &Arc<Self>) -> Result<Permit, ThrottleError> {
        let start = Instant::now();
        self.start_renewing();
        let _turn = self.turnstile.lock().await;
        let member = format!(
            "{}:{}",
            self.process,
            self.next_member.fetch_add(1, Ordering::Relaxed)
        );
        let mut unreachable_since: Option<Instant> = None;
        let mut failures = 0u32;
        loop {
            let local_pause = self.local().paused_until.filter(|&u| u > Instant::now());
            if let Some(until) = local_pause {
                tokio::time::sleep_until(until).await;
                continue;
            }
            self.subscribe().await;
            // Registered before asking, so a release between the answer and the wait wakes it.
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            let reply = self
                .invoke::<(i64, i64, i64)>(
                    self.scripts
                        .acquire
                        .key(&self.keys.slots)
                        .key(&self.keys.pause)
                        .key(&self.keys.epoch)
                        .arg(self.timing.limit)
                        .arg(self.timing.window_us())
                        .arg(self.timing.lease_us())
                        .arg(&member),
                )
                .await
                .map(Grant::from_reply);
            tracing::trace!(?reply, "acquire");
            match reply {
                Ok(Grant::Granted) => {
                    self.local().in_flight.insert(member.clone());
                    return Ok(self.permit(member, start.elapsed()));
                }
                Ok(Grant::Wait { wait, exact }) => {
                    unreachable_since = None;
                    failures = 0;
                    let sleep = tokio::time::sleep(self.timing.sleep_for(wait, exact));
                    if exact {
                        sleep.await;
                    } else {
                        tokio::select! {
                            () = sleep => {}
                            () = freed => {}
                        }
                    }
                }
                Err(error) => {
                    let since = *unreachable_since.get_or_insert_with(Instant::now);
                    let waited = since.elapsed();
                    if waited >= self.fail_after {
                        return Err(ThrottleError::Unavailable {
                            store: "redis",
                            waited,
                            cause: describe(&error),
                        });
                    }
                    tracing::debug!(error = %describe(&error), "Redis unreachable: trying again");
                    failures += 1;
                    let delay = Timing::retry_delay(failures).min(self.fail_after - waited);
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    /// The permit of `member`: dropping it re-scores the slot to free one window from now.
    fn permit(self: &Arc<Self>, member: String, waited: Duration) -> Permit {
        let inner = Arc::clone(self);
        let runtime = tokio::runtime::Handle::try_current().ok();
        Permit::new(waited, move || {
            inner.local().in_flight.remove(&member);
            // Without a runtime the release cannot be sent; the slot's lease still ends it,
            // later than needed but never too early.
            if let Some(runtime) = runtime {
                inner.releasing.fetch_add(1, Ordering::AcqRel);
                let ended = Releasing(Arc::clone(&inner));
                runtime.spawn(async move {
                    // Counted down when the task ends, or is dropped unfinished.
                    let _ended = ended;
                    inner.release(&member).await;
                });
            }
        })
    }

    async fn release(&self, member: &str) {
        let result = self
            .invoke::<i64>(
                self.scripts
                    .release
                    .key(&self.keys.slots)
                    .arg(self.timing.window_us())
                    .arg(self.timing.lease_us())
                    .arg(&self.keys.freed)
                    .arg(member),
            )
            .await;
        if let Err(error) = result {
            // The lease, no longer renewed, frees the slot no earlier than a release would.
            tracing::debug!(error = %describe(&error), "release not recorded in Redis");
        }
    }

    async fn pause(&self, duration: Duration) {
        let duration = self.timing.capped_pause(duration);
        {
            let until = Instant::now() + duration;
            let mut local = self.local();
            if local.paused_until.is_none_or(|current| current < until) {
                local.paused_until = Some(until);
            }
        }
        let result = self
            .invoke::<i64>(
                self.scripts
                    .pause
                    .key(&self.keys.pause)
                    .arg(Timing::micros(duration)),
            )
            .await;
        if let Err(error) = result {
            tracing::warn!(
                error = %describe(&error),
                "429 pause not shared through Redis (this process still pauses)"
            );
        }
    }

    /// Subscribes to the key's `freed` channel once; the connection manager subscribes again
    /// after a reconnect. A failure is only a lost wake-up: waits are bounded anyway.
    async fn subscribe(&self) {
        if self.subscribed.load(Ordering::Acquire) {
            return;
        }
        let Ok(mut connection) = self.connection().await else {
            return;
        };
        if connection.subscribe(&self.keys.freed).await.is_ok() {
            self.subscribed.store(true, Ordering::Release);
        }
    }

    /// Starts the task that renews the leases of this process's requests in flight.
    fn start_renewing(self: &Arc<Self>) {
        if self.renewing.swap(true, Ordering::AcqRel) {
            return;
        }
        let weak = Arc::downgrade(self);
        let every = self.timing.renew_every();
        // Moved into the task when it is made, so even a task dropped unpolled resets the flag.
        let restart = RestartOnDrop(weak.clone());
        tokio::spawn(async move {
            let _restart = restart;
            renew_leases(weak, every).await;
        });
    }

    async fn renew(&self, members: Vec<String>) {
        let mut invocation = self.scripts.renew.key(&self.keys.slots);
        invocation.arg(self.timing.lease_us());
        for member in &members {
            invocation.arg(member);
        }
        if let Err(error) = self.invoke::<i64>(&invocation).await {
            tracing::debug!(error = %describe(&error), "lease renewal failed");
        }
    }
}

/// One release in the background: counted while it lives, for [`RedisThrottle::flush`].
struct Releasing(Arc<Inner>);

impl Drop for Releasing {
    fn drop(&mut self) {
        self.0.releasing.fetch_sub(1, Ordering::AcqRel);
        self.0.released.notify_waiters();
    }
}

/// Lets the next acquire start the renewal task again when this one ends without the throttle
/// ending (its runtime shut down while another runtime still uses the throttle).
struct RestartOnDrop(Weak<Inner>);

impl Drop for RestartOnDrop {
    fn drop(&mut self) {
        if let Some(inner) = self.0.upgrade() {
            inner.renewing.store(false, Ordering::Release);
        }
    }
}

/// Renews the leases every `every` while the throttle lives.
async fn renew_leases(throttle: Weak<Inner>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(inner) = throttle.upgrade() else {
            return;
        };
        let members: Vec<String> = inner.local().in_flight.iter().cloned().collect();
        if !members.is_empty() {
            inner.renew(members).await;
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
    fn the_lease_renewal_restarts_when_its_runtime_ends() {
        let throttle = unreached("key-for-renewal-tests");
        let first = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        first.block_on(async { throttle.inner.start_renewing() });
        assert!(throttle.inner.renewing.load(Ordering::Acquire));
        // The runtime ends, and its task with it: the next acquire may start another.
        drop(first);
        assert!(!throttle.inner.renewing.load(Ordering::Acquire));
        let second = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        second.block_on(async { throttle.inner.start_renewing() });
        assert!(throttle.inner.renewing.load(Ordering::Acquire));
    }

    #[tokio::test(start_paused = true)]
    async fn flush_waits_for_the_background_releases_within_the_response_timeout() {
        let throttle = unreached("key-for-flush-tests");
        assert_eq!(throttle.flush().await, 0, "nothing to wait for");
        // A release still on its way, as `permit` counts one.
        throttle.inner.releasing.fetch_add(1, Ordering::AcqRel);
        let pending = Releasing(Arc::clone(&throttle.inner));
        let start = Instant::now();
        assert_eq!(throttle.flush().await, 1, "gave up with one left");
        assert_eq!(start.elapsed(), RESPONSE_TIMEOUT);
        // It ends while a flush waits: the flush returns then, with none left.
        let flushing = tokio::spawn({
            let throttle = throttle.clone();
            async move { throttle.flush().await }
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let ended_at = Instant::now();
        drop(pending);
        assert_eq!(flushing.await.unwrap(), 0);
        assert_eq!(Instant::now(), ended_at, "returned as the release ended");
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
