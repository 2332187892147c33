//! The Lua scripts that keep one key's rolling window in Redis.
//!
//! Redis runs a script atomically, so every process sees the same log: the check "fewer than N
//! slots in use" and the taking of slots cannot interleave with another process's. Every time
//! is read inside the script with `TIME` (the Redis server's clock), never from the machine the
//! process runs on, so clocks that disagree between machines do not matter.
//!
//! The log is a sorted set of members scored by the moment (µs) they free, each holding a
//! number of slots kept in a hash beside it (`counts`, whose field `#` is their sum, so that no
//! script has to add them up). A block granted to a process is `f:<id>`, scored by its lease:
//! its slots count whether the process has used them yet or not. Requests of a block reported
//! as ended are `d:<id>:<batch>`, scored one window after the report.
//! - **acquire** removes the members whose moment has passed; when fewer than N slots are
//!   counted, it grants a block `f:<id>` of the slots asked for, or more when much is free (an
//!   eighth of what is free, at most a cap: see `timing.rs`), never more than is free, scored
//!   `now + lease` (a block is held while the process lives; the lease is renewed, so a process
//!   that dies frees its block once the lease runs out). Else it marks the key `waiting` (for
//!   a window), publishes `wanted` (so that processes holding unused slots give them back) and
//!   answers how long until the earliest member frees (or the pause ends), and whether that
//!   moment is *exact*: a `d:` member's moment can only be kept or passed, never brought
//!   forward, so its waiter sleeps until it unless slots are given back; an `f:` block frees
//!   slots earlier when its requests are reported.
//! - **release** reports a batch: for each block, requests that ended (their slots move to a
//!   `d:` member scored one window after the last of them ended: the report says how long
//!   before it was sent that was, so the score is `now - ago + window`, never earlier than the
//!   end, since `now` is read after the report was sent) and unused slots given back (free at
//!   once); then, if the key is `waiting`, publishes `returned` (slots are free
//!   now) or `freed` (slots free sooner than waiters were told). Nobody listens otherwise, and
//!   a message per batch would cost every process of the key a wake-up.
//! - **renew** extends the leases of the blocks; a block Redis no longer has (its state was
//!   lost, or its lease ran out) is counted again for the slots of requests sent from it, and
//!   its unused slots are forgotten (the answer lists it).
//! - **pause** sets the key's pause after a 429 (the longer pause wins) and publishes `pause`
//!   on the key's channel: a wake-up, on which every process reads the pause with **paused**
//!   before it takes another slot from its reserve. The message is never trusted for the
//!   pause's length or existence (anyone allowed to `PUBLISH` could send one): only the `pause`
//!   name, which only the scripts write, pauses a process.
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
-- Removes the members whose moment has passed; returns the slots still counted.
local function sweep(slots, counts, now)
  local gone = redis.call('ZRANGEBYSCORE', slots, '-inf', int(now))
  local total = tonumber(redis.call('HGET', counts, '#') or '0')
  if #gone > 0 then
    for _, member in ipairs(gone) do
      total = total - tonumber(redis.call('HGET', counts, member) or '0')
      redis.call('HDEL', counts, member)
    end
    redis.call('ZREMRANGEBYSCORE', slots, '-inf', int(now))
  end
  if redis.call('ZCARD', slots) == 0 then
    redis.call('DEL', counts)
    return 0
  end
  total = math.max(total, 0)
  -- Written only when it changed: most calls remove nothing.
  if #gone > 0 then
    redis.call('HSET', counts, '#', int(total))
  end
  return total
end
-- Both names of the log expire together, a lease after the last write.
local function keep(slots, counts, lease)
  redis.call('PEXPIRE', slots, ms(lease))
  redis.call('PEXPIRE', counts, ms(lease))
end
"#;

/// KEYS: slots, counts, pause, epoch, waiting. ARGV: limit, window µs, lease µs, block id, slots
/// needed, block cap, reserve share, channel, `wanted` word.
/// Returns `{slots granted, 0, 1, 0}`, else `{0, wait µs, exact, paused}`.
const ACQUIRE: &str = r#"
local now = now_us()
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local need = math.max(1, tonumber(ARGV[5]))
local cap = tonumber(ARGV[6])
local share = tonumber(ARGV[7])
if redis.call('EXISTS', KEYS[4]) == 0 then
  local info = redis.call('INFO', 'server')
  local up = tonumber(string.match(info, 'uptime_in_seconds:(%d+)'))
  -- Whole seconds of two clock readings: Redis started less than `up + 1` s ago, and at the
  -- latest `up - 1` s ago.
  local latest_start = now - (up or 0) * 1000000 + 1000000
  local quarantine = latest_start + window
  if up ~= nil and quarantine > now then
    local current = tonumber(redis.call('GET', KEYS[3]) or '0')
    if quarantine > current then
      redis.call('SET', KEYS[3], int(quarantine), 'PX', ms(quarantine - now))
    end
  end
end
redis.call('SET', KEYS[4], '1', 'PX', ms(2 * window))
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then
  return {0, paused - now, 1, 1}
end
local free = limit - sweep(KEYS[1], KEYS[2], now)
if free > 0 then
  local slots = math.min(free, math.max(need, math.min(cap, math.floor(free / share))))
  local block = 'f:' .. ARGV[4]
  redis.call('ZADD', KEYS[1], int(now + lease), block)
  redis.call('HSET', KEYS[2], block, int(slots))
  redis.call('HINCRBY', KEYS[2], '#', int(slots))
  keep(KEYS[1], KEYS[2], lease)
  return {slots, 0, 1, 0}
end
redis.call('SET', KEYS[5], '1', 'PX', ms(window))
redis.call('PUBLISH', ARGV[8], ARGV[9])
local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local exact = 0
if string.sub(earliest[1], 1, 2) == 'd:' then
  exact = 1
end
return {0, math.max(tonumber(earliest[2]) - now, 1), exact, 0}
"#;

/// KEYS: slots, counts, waiting. ARGV: window µs, lease µs, channel, `freed` word, `returned`
/// word, batch number, then per block: id, requests ended, unused slots given back, how long
/// before the report was sent the last of those requests ended (µs).
const RELEASE: &str = r#"
local now = now_us()
local window = tonumber(ARGV[1])
local total = tonumber(redis.call('HGET', KEYS[2], '#') or '0')
local freed_now = false
for i = 7, #ARGV, 4 do
  local block = 'f:' .. ARGV[i]
  local ended = tonumber(ARGV[i + 1])
  local returned = tonumber(ARGV[i + 2])
  -- At most a window: requests that ended longer ago free at once.
  local ago = math.min(tonumber(ARGV[i + 3]), window)
  -- A block Redis lost has nothing to take from; its ended requests still count below.
  local held = tonumber(redis.call('HGET', KEYS[2], block) or '-1')
  if held >= 0 then
    local freed = math.min(held, ended + returned)
    total = total - freed
    if freed > ended then
      freed_now = true
    end
    if held > freed then
      redis.call('HSET', KEYS[2], block, int(held - freed))
    else
      redis.call('ZREM', KEYS[1], block)
      redis.call('HDEL', KEYS[2], block)
    end
  end
  if ended > 0 then
    local done = 'd:' .. ARGV[i] .. ':' .. ARGV[6]
    redis.call('ZADD', KEYS[1], int(now - ago + window), done)
    redis.call('HSET', KEYS[2], done, int(ended))
    total = total + ended
  end
end
redis.call('HSET', KEYS[2], '#', int(math.max(total, 0)))
keep(KEYS[1], KEYS[2], tonumber(ARGV[2]))
if redis.call('EXISTS', KEYS[3]) == 1 then
  if freed_now then
    redis.call('PUBLISH', ARGV[3], ARGV[5])
  else
    redis.call('PUBLISH', ARGV[3], ARGV[4])
  end
end
return 1
"#;

/// KEYS: slots, counts. ARGV: lease µs, then per block: id, slots in use. Returns the
/// positions (from 0) of the blocks Redis no longer had. Scores only grow (`GT`).
const RENEW: &str = r#"
local now = now_us()
local lease = tonumber(ARGV[1])
local missing = {}
for i = 2, #ARGV, 2 do
  local block = 'f:' .. ARGV[i]
  if redis.call('ZSCORE', KEYS[1], block) then
    redis.call('ZADD', KEYS[1], 'GT', int(now + lease), block)
  else
    missing[#missing + 1] = (i - 2) / 2
    local held = tonumber(ARGV[i + 1])
    if held > 0 then
      redis.call('ZADD', KEYS[1], int(now + lease), block)
      redis.call('HSET', KEYS[2], block, int(held))
      redis.call('HINCRBY', KEYS[2], '#', int(held))
    end
  end
end
keep(KEYS[1], KEYS[2], lease)
return missing
"#;

/// KEYS: pause. ARGV: pause µs, channel, `pause` word. Publishes the word and the pause left
/// (a number read only by processes of earlier versions).
const PAUSE: &str = r#"
local now = now_us()
local wanted = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if wanted > current then
  redis.call('SET', KEYS[1], int(wanted), 'PX', ms(wanted - now))
  current = wanted
end
redis.call('PUBLISH', ARGV[2], ARGV[3] .. ' ' .. int(current - now))
return 1
"#;

/// KEYS: pause. Returns the pause left (µs), 0 when none runs: what a pause message sends
/// every process to read.
const PAUSED: &str = r#"
local now = now_us()
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
return math.max(paused - now, 0)
"#;

/// The scripts, compiled once (`EVALSHA`, falling back to loading them).
#[derive(Debug, Clone)]
pub(crate) struct Scripts {
    pub(crate) acquire: Script,
    pub(crate) release: Script,
    pub(crate) renew: Script,
    pub(crate) pause: Script,
    pub(crate) paused: Script,
}

impl Scripts {
    pub(crate) fn new() -> Self {
        let script = |body: &str| Script::new(&format!("{PRELUDE}{body}"));
        Self {
            acquire: script(ACQUIRE),
            release: script(RELEASE),
            renew: script(RENEW),
            pause: script(PAUSE),
            paused: script(PAUSED),
        }
    }
}
