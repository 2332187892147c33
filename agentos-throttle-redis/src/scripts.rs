//! The Lua scripts that keep one key's rolling window in Redis.
//!
//! Redis runs a script atomically, so every process sees the same log: the check "fewer than N
//! slots in use" and the taking of a slot cannot interleave with another process's. Every time
//! is read inside the script with `TIME` (the Redis server's clock), never from the machine the
//! process runs on, so clocks that disagree between machines do not matter.
//!
//! The log is a sorted set: one member per slot in use, scored by the moment (µs) the slot frees.
//! A request in flight is `f:<id>`, one that ended `d:<id>`.
//! - **acquire** removes the members whose moment has passed; with fewer than N left it adds
//!   `f:<id>`, scored `now + lease` (a request in flight holds its slot; the lease is renewed
//!   while it is, so a process that dies frees the slot once the lease runs out); else it answers
//!   how long until the earliest slot frees (or the pause ends), and whether that moment is
//!   *exact*: a `d:` slot's moment can only be kept or passed, never brought forward, so its
//!   waiter may sleep until it; an `f:` slot's lease is brought forward by its release.
//! - **release** replaces `f:<id>` by `d:<id>` scored `now + window`: the slot frees one window
//!   after the request ended, as agentOS counts it; then publishes on the `freed` channel, since
//!   a waiter's earliest moment may have moved earlier.
//! - **renew** extends the leases of the members still in flight (`XX`: a slot released in the
//!   meantime is not brought back).
//! - **pause** sets the key's pause after a 429 (the longer pause wins).
//!
//! **Lost state.** A Redis that restarted without persistence (or was flushed) has forgotten
//! the slots in use, while agentOS still counts the requests of the last window. The acquire
//! script keeps an `epoch` marker (expiring two windows after the last acquire); when it is
//! missing and Redis may have started less than a window ago, the state may have been lost in
//! that restart, so the key pauses until one window after Redis started: every request sent
//! before the restart has left agentOS's window by then. Redis tells its uptime in whole
//! seconds (the difference of two whole-second clock readings), so "started" is taken as late
//! as that allows: a second after `now - uptime`. (A marker missing after a longer uptime just
//! means the key was idle: nothing sent then still counts.)
//!
//! Numbers are microseconds since the epoch (about 1.8e15, exact in Lua's doubles); they are
//! passed back to Redis with `%.0f`, as Lua's default formatting would round them.

use redis::Script;

/// Helpers shared by the scripts.
const PRELUDE: &str = r#"
local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function int(x)
  return string.format('%.0f', x)
end
local function ms(us)
  return int(math.ceil(us / 1000) + 1)
end
"#;

/// KEYS: slots, pause, epoch. ARGV: limit, window µs, lease µs, id.
/// Returns `{1, 0, 1}` when the slot was taken, else `{0, wait µs, exact}`.
const ACQUIRE: &str = r#"
local now = now_us()
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[3]) == 0 then
  local info = redis.call('INFO', 'server')
  local up = tonumber(string.match(info, 'uptime_in_seconds:(%d+)'))
  -- Whole seconds of two clock readings: Redis started less than `up + 1` s ago, and at the
  -- latest `up - 1` s ago.
  local latest_start = now - (up or 0) * 1000000 + 1000000
  local quarantine = latest_start + window
  if up ~= nil and quarantine > now then
    local current = tonumber(redis.call('GET', KEYS[2]) or '0')
    if quarantine > current then
      redis.call('SET', KEYS[2], int(quarantine), 'PX', ms(quarantine - now))
    end
  end
end
redis.call('SET', KEYS[3], '1', 'PX', ms(2 * window))
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then
  return {0, paused - now, 1}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now))
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], int(now + lease), 'f:' .. ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ms(lease))
  return {1, 0, 1}
end
local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local exact = 0
if string.sub(earliest[1], 1, 2) == 'd:' then
  exact = 1
end
return {0, math.max(tonumber(earliest[2]) - now, 1), exact}
"#;

/// KEYS: slots. ARGV: window µs, lease µs, freed channel, id.
const RELEASE: &str = r#"
local now = now_us()
redis.call('ZREM', KEYS[1], 'f:' .. ARGV[4])
redis.call('ZADD', KEYS[1], int(now + tonumber(ARGV[1])), 'd:' .. ARGV[4])
redis.call('PEXPIRE', KEYS[1], ms(tonumber(ARGV[2])))
redis.call('PUBLISH', ARGV[3], '1')
return 1
"#;

/// KEYS: slots. ARGV: lease µs, id... Only slots still in flight (`XX`), and scores only grow
/// (`GT`).
const RENEW: &str = r#"
local now = now_us()
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', 'GT', int(now + lease), 'f:' .. ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ms(lease))
return #ARGV - 1
"#;

/// KEYS: pause. ARGV: pause µs.
const PAUSE: &str = r#"
local now = now_us()
local wanted = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if wanted > current then
  redis.call('SET', KEYS[1], int(wanted), 'PX', ms(wanted - now))
end
return 1
"#;

/// The four scripts, compiled once (`EVALSHA`, falling back to loading them).
#[derive(Debug, Clone)]
pub(crate) struct Scripts {
    pub(crate) acquire: Script,
    pub(crate) release: Script,
    pub(crate) renew: Script,
    pub(crate) pause: Script,
}

impl Scripts {
    pub(crate) fn new() -> Self {
        let script = |body: &str| Script::new(&format!("{PRELUDE}{body}"));
        Self {
            acquire: script(ACQUIRE),
            release: script(RELEASE),
            renew: script(RENEW),
            pause: script(PAUSE),
        }
    }
}
