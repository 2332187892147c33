//! What one process holds of its key's budget, and what it still owes Redis: pure bookkeeping,
//! apart from Redis and from tasks, so it is tested alone on tokio's paused clock.
//!
//! Asking Redis for every slot costs a round trip per request (about 35 µs on loopback, more
//! across a network), and telling it of every end another. So a process reserves slots in
//! **blocks** (one member of the key's sorted set carrying a count) and takes them here, under
//! a mutex, without a round trip; it tells Redis of ended requests and of reserved slots it
//! gives back in **batches**. Every slot of a block counts against the limit in Redis from the
//! moment it is granted (while unused, in flight, or ended and not yet reported), so the limit
//! holds in every process together whatever this process does with its block. A batch tells
//! Redis how long before it was sent the last request of each block ended, and Redis frees
//! those slots a window after that end: a batch sent late frees nothing late (nor early).
//!
//! When batches go out ([`Pool::flush_at`]):
//! - at once while the key is **contended** (a process was refused a slot less than a window
//!   ago, which it announces on the key's channel), and then the unused slots of every block
//!   are given back too, so that a waiter elsewhere is not kept waiting by a reservation;
//! - at once when asked ([`Pool::hurry`]: [`crate::RedisThrottle::flush`]);
//! - otherwise within a twentieth of the window after the first change waiting to be reported
//!   (`Timing::report_within`): nobody waits for those slots, and they free a window after
//!   their requests ended whenever the report comes.
//!
//! A block's slots are taken only while a slot taken now will surely be counted in Redis for a
//! window, even if no renewal reaches Redis again: for `Timing::trust` (the lease less a
//! window) after the grant or the last renewal was *sent*; and only while the key's channel is
//! heard and no pause message is left unchecked. A 429's pause elsewhere is kept in Redis, and
//! its message on the channel wakes this process to read it from there (the message itself is
//! not trusted: anyone may publish one); until that read answers, every slot is asked of
//! Redis, whose acquire script reads the pause too. A pool that could miss a message (the
//! channel not heard) goes to Redis for every slot.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::timing::Timing;

/// One block: slots granted together, counted in Redis as one member.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    /// Reserved, not used yet: this process may send that many requests without asking.
    unused: u32,
    /// Requests sent and not yet ended.
    in_flight: u32,
    /// Requests ended and not yet reported (each frees one window after its end).
    ended: u32,
    /// When the last of them ended (`None` when none is waiting to be reported).
    last_end: Option<Instant>,
    /// Unused slots given up and not yet reported.
    returning: u32,
    /// Until when a slot taken is surely counted in Redis for a window (`Timing::trust` after
    /// the grant or the last renewal was sent).
    valid_until: Instant,
}

impl Block {
    fn is_empty(&self) -> bool {
        self.unused == 0 && self.in_flight == 0 && self.ended == 0 && self.returning == 0
    }

    /// Gives up the unused slots: reported in the next batch, freed in Redis at once.
    fn give_back(&mut self) -> bool {
        let any = self.unused > 0;
        self.returning += self.unused;
        self.unused = 0;
        any
    }
}

/// What one batch reports of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Report {
    pub(crate) block: u64,
    /// Requests that ended: their slots free one window after the last of them ended.
    pub(crate) ended: u32,
    /// When the last of them ended (`None` when `ended` is 0); the report tells Redis how long
    /// before it was sent, so that their slots free a window after that end, however late
    /// the report.
    pub(crate) last_end: Option<Instant>,
    /// Unused slots given back: free at once.
    pub(crate) returned: u32,
}

/// A block to renew, and the slots it holds in use (in flight or ended, not reported): Redis
/// counts those again if it lost the block, since those requests were sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Renewal {
    pub(crate) block: u64,
    pub(crate) held: u32,
}

/// This process's blocks and the state of the key as this process knows it.
#[derive(Debug)]
pub(crate) struct Pool {
    window: Duration,
    /// How long after a grant or renewal was sent a block may be taken from.
    trust: Duration,
    /// How old a block's grant or renewal must be to be renewed (`Timing::renew_after`).
    renew_after: Duration,
    /// How long a change may wait to be reported while the key is not contended.
    report_within: Duration,
    blocks: BTreeMap<u64, Block>,
    /// Since when a change has waited to be reported (`None`: nothing waits).
    waiting_since: Option<Instant>,
    /// Until when the key counts as contended (a refusal was announced within a window).
    contended_until: Option<Instant>,
    /// A 429's pause: nothing is taken before it ends.
    paused_until: Option<Instant>,
    /// How many pause messages were heard on the key's channel.
    pauses_heard: u64,
    /// How many of them the last read of the key's pause in Redis answered (a read sent after
    /// them); while fewer than heard, nothing is taken.
    pauses_read: u64,
    /// Whether the key's channel is heard (pauses elsewhere reach this process).
    subscribed: bool,
    /// A batch was asked for now.
    hurry: bool,
    /// Whether a slot was taken since the last renewal tick (else the unused are given back).
    taken_since_tick: bool,
}

impl Pool {
    pub(crate) fn new(timing: &Timing) -> Self {
        Self {
            window: timing.window,
            trust: timing.trust(),
            renew_after: timing.renew_after(),
            report_within: timing.report_within(),
            blocks: BTreeMap::new(),
            waiting_since: None,
            contended_until: None,
            paused_until: None,
            pauses_heard: 0,
            pauses_read: 0,
            subscribed: false,
            hurry: false,
            taken_since_tick: false,
        }
    }

    /// Takes a reserved slot, if one may be used now: returns its block.
    pub(crate) fn take(&mut self, now: Instant) -> Option<u64> {
        if !self.subscribed || self.paused(now).is_some() || self.pause_to_read().is_some() {
            return None;
        }
        let (&id, block) = self
            .blocks
            .iter_mut()
            .find(|(_, b)| b.unused > 0 && b.valid_until > now)?;
        block.unused -= 1;
        block.in_flight += 1;
        self.taken_since_tick = true;
        Some(id)
    }

    /// A block of `slots` (at least 1) granted by Redis, one of them taken by the caller; the
    /// request that asked was sent at `sent`.
    pub(crate) fn granted(&mut self, id: u64, slots: u32, sent: Instant) {
        let mut block = Block {
            unused: slots.saturating_sub(1),
            in_flight: 1,
            ended: 0,
            last_end: None,
            returning: 0,
            valid_until: sent + self.trust,
        };
        // A pool that cannot hear pauses may not use its reserve: give it back.
        if !self.subscribed && block.give_back() {
            self.mark_waiting(sent);
        }
        self.blocks.insert(id, block);
        self.taken_since_tick = true;
    }

    /// A request of `block` ended. Returns whether the reporting task must be woken (a batch
    /// is due now, or none was scheduled yet).
    pub(crate) fn ended(&mut self, id: u64, now: Instant) -> bool {
        let Some(block) = self.blocks.get_mut(&id) else {
            return false;
        };
        block.in_flight = block.in_flight.saturating_sub(1);
        block.ended += 1;
        block.last_end = block.last_end.max(Some(now));
        let first = self.waiting_since.is_none();
        self.mark_waiting(now);
        first || self.is_contended(now)
    }

    fn mark_waiting(&mut self, now: Instant) {
        self.waiting_since.get_or_insert(now);
    }

    /// When the next batch is due (`None`: nothing to report).
    pub(crate) fn flush_at(&self, now: Instant) -> Option<Instant> {
        let since = self.waiting_since?;
        if self.hurry || self.is_contended(now) {
            Some(now)
        } else {
            Some(since + self.report_within)
        }
    }

    /// Takes what is to be reported. When the key is contended or a batch was asked for, the
    /// unused slots are given back too.
    pub(crate) fn batch(&mut self, now: Instant) -> Vec<Report> {
        let give_back = self.hurry || self.is_contended(now);
        self.hurry = false;
        self.waiting_since = None;
        let mut reports = Vec::new();
        for (&id, block) in &mut self.blocks {
            if give_back {
                block.give_back();
            }
            if block.ended > 0 || block.returning > 0 {
                reports.push(Report {
                    block: id,
                    ended: block.ended,
                    last_end: block.last_end.take(),
                    returned: block.returning,
                });
                block.ended = 0;
                block.returning = 0;
            }
        }
        self.blocks.retain(|_, b| !b.is_empty());
        reports
    }

    /// A batch Redis did not record: reported again in the next one.
    pub(crate) fn unsent(&mut self, reports: &[Report], now: Instant) {
        for report in reports {
            let block = self.blocks.entry(report.block).or_insert(Block {
                unused: 0,
                in_flight: 0,
                ended: 0,
                last_end: None,
                returning: 0,
                valid_until: now,
            });
            block.ended += report.ended;
            block.last_end = block.last_end.max(report.last_end);
            block.returning += report.returned;
        }
        if !reports.is_empty() {
            self.mark_waiting(now);
        }
    }

    /// The blocks whose leases are to be renewed at `now`: every block this process holds
    /// whose grant or last renewal was sent at least `Timing::renew_after` ago (a block just
    /// granted needs no round trip yet; see `Timing::renew_after`).
    pub(crate) fn renewals(&self, now: Instant) -> Vec<Renewal> {
        // `valid_until` is the send time plus `trust`.
        let sent_by = now + self.trust - self.renew_after;
        self.blocks
            .iter()
            .filter(|(_, b)| b.valid_until <= sent_by)
            .map(|(&block, b)| Renewal {
                block,
                held: b.in_flight + b.ended,
            })
            .collect()
    }

    /// The renewal sent at `sent` was recorded; Redis had lost the blocks in `missing` (state
    /// lost, or a lease that ran out) and now counts only their slots in use.
    pub(crate) fn renewed(&mut self, renewals: &[Renewal], missing: &[u64], sent: Instant) {
        for renewal in renewals {
            let Some(block) = self.blocks.get_mut(&renewal.block) else {
                continue;
            };
            if missing.contains(&renewal.block) {
                block.unused = 0;
                block.returning = 0;
            } else {
                block.valid_until = sent + self.trust;
            }
        }
        self.blocks.retain(|_, b| !b.is_empty());
    }

    /// A renewal tick: a pool from which nothing was taken since the last tick gives its
    /// unused slots back (so an idle process keeps no reservation). Returns whether that
    /// left something to report.
    pub(crate) fn tick(&mut self, now: Instant) -> bool {
        let idle = !std::mem::replace(&mut self.taken_since_tick, false);
        idle && self.give_back_all(now)
    }

    /// Gives up the unused slots of every block, to be reported. Returns whether there were
    /// any.
    fn give_back_all(&mut self, now: Instant) -> bool {
        let mut gave = false;
        for block in self.blocks.values_mut() {
            gave |= block.give_back();
        }
        if gave {
            self.mark_waiting(now);
        }
        gave
    }

    /// A process was refused a slot (announced on the key's channel): report at once, and
    /// give back what is unused, for a window.
    pub(crate) fn contended(&mut self, now: Instant) {
        self.contended_until = Some(now + self.window);
        self.hurry = true;
        self.mark_waiting(now);
    }

    fn is_contended(&self, now: Instant) -> bool {
        self.contended_until.is_some_and(|until| until > now)
    }

    /// Report at once, giving back what is unused ([`crate::RedisThrottle::flush`]).
    pub(crate) fn hurry(&mut self, now: Instant) {
        self.hurry = true;
        self.mark_waiting(now);
    }

    /// A 429's pause until `until` (the longer pause wins).
    pub(crate) fn pause(&mut self, until: Instant) {
        if self.paused_until.is_none_or(|current| current < until) {
            self.paused_until = Some(until);
        }
    }

    /// A pause message was heard on the key's channel: nothing is taken until the key's pause
    /// has been read from Redis by a read sent after it.
    pub(crate) fn pause_heard(&mut self) {
        self.pauses_heard += 1;
    }

    /// How many pause messages were heard: given to [`Pool::pause_read`] with the answer of a
    /// read of the key's pause sent after this call (every acquire script reads it too).
    pub(crate) fn pauses_heard(&self) -> u64 {
        self.pauses_heard
    }

    /// Whether pause messages are left unchecked: then `Some` of [`Pool::pauses_heard`].
    pub(crate) fn pause_to_read(&self) -> Option<u64> {
        (self.pauses_heard > self.pauses_read).then_some(self.pauses_heard)
    }

    /// Redis was asked for the key's pause after `heard` messages (see
    /// [`Pool::pause_to_read`]) and answered `until` (`None`: no pause runs).
    pub(crate) fn pause_read(&mut self, heard: u64, until: Option<Instant>) {
        self.pauses_read = self.pauses_read.max(heard);
        if let Some(until) = until {
            self.pause(until);
        }
    }

    /// When the pause ends, if one runs at `now`.
    pub(crate) fn paused(&self, now: Instant) -> Option<Instant> {
        self.paused_until.filter(|&until| until > now)
    }

    /// Whether the key's channel is heard.
    pub(crate) fn is_subscribed(&self) -> bool {
        self.subscribed
    }

    /// The key's channel is heard.
    pub(crate) fn subscribed(&mut self) {
        self.subscribed = true;
    }

    /// The connection dropped: pauses announced meanwhile would be missed, so the reserve is
    /// given back and requests ask Redis until the channel is heard again.
    pub(crate) fn disconnected(&mut self, now: Instant) {
        self.subscribed = false;
        self.give_back_all(now);
    }

    /// Ended requests not reported yet (what [`crate::RedisThrottle::flush`] could not send).
    pub(crate) fn unreported(&self) -> usize {
        self.blocks.values().map(|b| b.ended as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Duration = Duration::from_secs(2);
    const MS: fn(u64) -> Duration = Duration::from_millis;
    /// A twentieth of `WINDOW`.
    const FLUSH_EVERY: Duration = Duration::from_millis(100);
    /// The lease (a window and two tenths of it) less a window.
    const TRUST: Duration = Duration::from_millis(400);
    /// Half a renewal period (a tenth of `WINDOW`).
    const RENEW_AFTER: Duration = Duration::from_millis(100);

    fn new() -> Pool {
        Pool::new(&Timing::new(20, WINDOW))
    }

    fn heard() -> Pool {
        let mut pool = new();
        pool.subscribed();
        pool
    }

    /// A report's counts: block, requests ended, slots given back.
    fn report(block: u64, ended: u32, returned: u32) -> (u64, u32, u32) {
        (block, ended, returned)
    }

    /// The counts of a batch's reports (when requests ended is tested on its own).
    fn counts(reports: Vec<Report>) -> Vec<(u64, u32, u32)> {
        reports
            .into_iter()
            .map(|r| (r.block, r.ended, r.returned))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn a_block_is_taken_slot_by_slot_while_it_is_valid() {
        let mut pool = heard();
        let t0 = Instant::now();
        assert_eq!(pool.take(t0), None, "nothing reserved yet");
        pool.granted(7, 3, t0);
        assert_eq!(pool.take(t0), Some(7));
        assert_eq!(pool.take(t0 + MS(1)), Some(7));
        assert_eq!(pool.take(t0 + MS(2)), None, "3 granted, 3 taken");
        pool.granted(8, 2, t0 + MS(10));
        // Past the lease less a window from when it was asked for, a block is no longer
        // trusted: a slot taken then might not be counted for a window.
        assert_eq!(pool.take(t0 + MS(10) + TRUST - MS(1)), Some(8));
        pool.granted(9, 2, t0 + MS(20));
        assert_eq!(pool.take(t0 + MS(20) + TRUST), None);
        // A renewal sent later extends it.
        let renewals = pool.renewals(t0 + MS(300));
        assert_eq!(renewals.len(), 3);
        pool.renewed(&renewals, &[], t0 + MS(300));
        assert_eq!(pool.take(t0 + MS(300) + TRUST - MS(1)), Some(9));
        assert_eq!(pool.take(t0 + MS(300) + TRUST), None);
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_is_taken_during_a_pause_or_while_the_channel_is_not_heard() {
        let t0 = Instant::now();
        let mut deaf = new();
        deaf.granted(1, 5, t0);
        assert_eq!(deaf.take(t0), None, "pauses would be missed");
        // Its reserve went back at once, to be reported.
        assert_eq!(deaf.flush_at(t0), Some(t0 + FLUSH_EVERY));
        assert_eq!(counts(deaf.batch(t0)), vec![report(1, 0, 4)]);

        assert!(!deaf.is_subscribed());

        let mut pool = heard();
        assert!(pool.is_subscribed());
        pool.granted(1, 5, t0);
        pool.pause(t0 + MS(100));
        pool.pause(t0 + MS(300));
        pool.pause(t0 + MS(200));
        assert_eq!(pool.paused(t0), Some(t0 + MS(300)), "the longer pause wins");
        assert_eq!(pool.take(t0 + MS(299)), None);
        assert_eq!(pool.paused(t0 + MS(300)), None);
        assert_eq!(pool.take(t0 + MS(300)), Some(1));
        pool.disconnected(t0 + MS(301));
        assert!(!pool.is_subscribed());
        assert_eq!(pool.take(t0 + MS(302)), None);
        // The reserve given back is reported like any change.
        assert_eq!(
            pool.flush_at(t0 + MS(302)),
            Some(t0 + MS(301) + FLUSH_EVERY)
        );
        assert_eq!(counts(pool.batch(t0 + MS(303))), vec![report(1, 0, 3)]);
        pool.subscribed();
        assert_eq!(pool.take(t0 + MS(304)), None, "the reserve was given back");
        // A disconnection with nothing reserved leaves nothing to report.
        pool.disconnected(t0 + MS(305));
        assert_eq!(pool.flush_at(t0 + MS(305)), None);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_heard_is_read_from_redis_before_the_reserve_is_used() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 10, t0);
        assert_eq!(pool.pause_to_read(), None, "nothing heard");
        assert_eq!(pool.pauses_heard(), 0);
        assert_eq!(pool.take(t0), Some(1));
        pool.pause_heard();
        assert_eq!(pool.take(t0), None, "not before Redis was asked");
        assert_eq!(pool.paused(t0), None, "the message itself pauses nothing");
        let asked = pool.pause_to_read();
        assert_eq!(asked, Some(1));
        // Another message while the read is on its way: that read may not answer it.
        pool.pause_heard();
        pool.pause_read(1, None);
        assert_eq!(
            pool.take(t0),
            None,
            "a message came after the read was sent"
        );
        assert_eq!(pool.pause_to_read(), Some(2));
        // Redis has no pause (the message was forged): the reserve is used again.
        pool.pause_read(2, None);
        assert_eq!(pool.pause_to_read(), None);
        assert_eq!(pool.paused(t0), None);
        assert_eq!(pool.take(t0), Some(1));
        // Redis has one (a real 429 elsewhere): it is kept.
        pool.pause_heard();
        assert_eq!(pool.pauses_heard(), 3);
        pool.pause_read(3, Some(t0 + MS(100)));
        assert_eq!(pool.paused(t0), Some(t0 + MS(100)));
        assert_eq!(pool.take(t0 + MS(99)), None);
        assert_eq!(pool.take(t0 + MS(100)), Some(1));
        // A read sent earlier and answered late neither undoes a later one nor shortens the
        // pause kept.
        pool.pause(t0 + MS(500));
        pool.pause_read(1, Some(t0 + MS(200)));
        assert_eq!(pool.pause_to_read(), None);
        assert_eq!(pool.paused(t0 + MS(100)), Some(t0 + MS(500)));
    }

    #[tokio::test(start_paused = true)]
    async fn ended_requests_are_reported_in_batches_unless_the_key_is_contended() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 10, t0);
        assert_eq!(pool.flush_at(t0), None, "nothing to report");
        assert!(
            pool.ended(1, t0 + MS(5)),
            "the first change wakes the reporter"
        );
        assert_eq!(pool.take(t0 + MS(6)), Some(1));
        assert!(!pool.ended(1, t0 + MS(7)), "a batch is already scheduled");
        assert_eq!(pool.flush_at(t0 + MS(7)), Some(t0 + MS(5) + FLUSH_EVERY));
        // Uncontended, the reserve stays.
        assert_eq!(counts(pool.batch(t0 + MS(25))), vec![report(1, 2, 0)]);
        assert_eq!(pool.flush_at(t0 + MS(25)), None);
        assert!(!pool.ended(99, t0), "an unknown block is ignored");

        // Another process was refused: report at once, and give back the reserve.
        let t1 = t0 + MS(30);
        pool.contended(t1);
        assert_eq!(pool.flush_at(t1), Some(t1));
        assert_eq!(counts(pool.batch(t1)), vec![report(1, 0, 8)]);
        assert_eq!(pool.take(t1), None);
        pool.granted(2, 3, t1);
        assert_eq!(pool.take(t1), Some(2));
        assert!(pool.ended(2, t1 + MS(1)));
        assert!(
            pool.ended(2, t1 + MS(1)),
            "contended: every end is sent at once"
        );
        assert_eq!(pool.flush_at(t1 + MS(1)), Some(t1 + MS(1)));
        assert_eq!(counts(pool.batch(t1 + MS(1))), vec![report(2, 2, 1)]);
        // For a window after the refusal.
        pool.granted(3, 2, t1 + WINDOW);
        assert!(pool.ended(3, t1 + WINDOW));
        assert!(!pool.ended(3, t1 + WINDOW), "no longer contended");
        assert_eq!(pool.flush_at(t1 + WINDOW), Some(t1 + WINDOW + FLUSH_EVERY));
        assert_eq!(counts(pool.batch(t1 + WINDOW)), vec![report(3, 2, 0)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_asked_for_gives_back_the_reserve_and_empty_blocks_are_forgotten() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 4, t0);
        assert_eq!(pool.take(t0), Some(1));
        pool.hurry(t0);
        assert_eq!(pool.flush_at(t0 + MS(1)), Some(t0 + MS(1)));
        assert_eq!(counts(pool.batch(t0 + MS(1))), vec![report(1, 0, 2)]);
        // Two in flight: the block lives on (its lease is renewed) until they end.
        assert_eq!(
            pool.renewals(t0 + RENEW_AFTER),
            vec![Renewal { block: 1, held: 2 }]
        );
        pool.ended(1, t0 + MS(2));
        pool.ended(1, t0 + MS(3));
        assert_eq!(pool.unreported(), 2);
        assert_eq!(counts(pool.batch(t0 + MS(30))), vec![report(1, 2, 0)]);
        assert_eq!(pool.unreported(), 0);
        assert_eq!(
            pool.renewals(t0 + RENEW_AFTER),
            vec![],
            "nothing left to renew"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_unsent_batch_is_reported_again() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 3, t0);
        pool.ended(1, t0);
        pool.hurry(t0);
        let lost = pool.batch(t0);
        assert_eq!(counts(lost.clone()), vec![report(1, 1, 2)]);
        assert_eq!(pool.flush_at(t0), None);
        pool.unsent(&lost, t0 + MS(1));
        assert_eq!(pool.unreported(), 1);
        assert_eq!(pool.flush_at(t0 + MS(1)), Some(t0 + MS(1) + FLUSH_EVERY));
        assert_eq!(pool.batch(t0 + MS(21)), lost, "the same again");
        pool.unsent(&[], t0 + MS(22));
        assert_eq!(pool.flush_at(t0 + MS(22)), None, "nothing was lost");
    }

    #[tokio::test(start_paused = true)]
    async fn a_report_carries_when_the_last_of_its_requests_ended() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 5, t0);
        pool.granted(2, 5, t0);
        assert_eq!(pool.take(t0), Some(1));
        pool.ended(1, t0 + MS(5));
        pool.ended(1, t0 + MS(7));
        pool.hurry(t0 + MS(8));
        let lost = pool.batch(t0 + MS(8));
        assert_eq!(counts(lost.clone()), vec![report(1, 2, 3), report(2, 0, 4)]);
        assert_eq!(lost[0].last_end, Some(t0 + MS(7)), "the later end");
        assert_eq!(lost[1].last_end, None, "nothing ended");
        // Reported again with a request that ended since: the later end again.
        pool.granted(3, 2, t0 + MS(9));
        pool.ended(3, t0 + MS(9));
        pool.unsent(&lost, t0 + MS(10));
        let again = pool.batch(t0 + MS(200));
        assert_eq!(again[0].last_end, Some(t0 + MS(7)));
        assert_eq!(again[1].last_end, None);
        assert_eq!(again[2].last_end, Some(t0 + MS(9)));
        // An end restored from a lost batch never replaces a later one.
        pool.granted(4, 3, t0 + MS(300));
        pool.ended(4, t0 + MS(301));
        let first = pool.batch(t0 + MS(400));
        pool.ended(4, t0 + MS(402));
        pool.unsent(&first, t0 + MS(403));
        assert_eq!(pool.batch(t0 + MS(500))[0].last_end, Some(t0 + MS(402)));
        // And a later end replaces an earlier one that was restored.
        pool.ended(4, t0 + MS(501));
        let lost = pool.batch(t0 + MS(502));
        pool.unsent(&lost, t0 + MS(503));
        pool.ended(4, t0 + MS(505));
        assert_eq!(pool.batch(t0 + MS(600))[0].last_end, Some(t0 + MS(505)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_block_redis_lost_keeps_only_what_was_sent() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 5, t0);
        pool.granted(2, 3, t0);
        assert_eq!(pool.take(t0), Some(1));
        pool.ended(1, t0);
        let renewals = pool.renewals(t0 + MS(100));
        assert_eq!(
            renewals,
            vec![Renewal { block: 1, held: 2 }, Renewal { block: 2, held: 1 }]
        );
        pool.renewed(&renewals, &[1], t0 + MS(100));
        // Block 1's reserve is gone (Redis counts only its 2 used slots again); block 2 is
        // trusted from the renewal.
        assert_eq!(pool.take(t0 + TRUST + MS(50)), Some(2));
        assert_eq!(pool.take(t0 + TRUST + MS(50)), Some(2));
        assert_eq!(pool.take(t0 + TRUST + MS(50)), None);
        assert_eq!(
            counts(pool.batch(t0 + TRUST + MS(60))),
            vec![report(1, 1, 0)]
        );
        // A block that ended meanwhile is skipped.
        pool.renewed(&[Renewal { block: 5, held: 0 }], &[5], t0);
        assert_eq!(pool.renewals(t0 + MS(200)).len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_block_is_renewed_once_its_grant_or_renewal_is_half_a_period_old() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 5, t0);
        pool.granted(2, 5, t0 + MS(60));
        let due = |pool: &Pool, at| -> Vec<u64> {
            pool.renewals(at).into_iter().map(|r| r.block).collect()
        };
        assert_eq!(due(&pool, t0 + RENEW_AFTER - MS(1)), Vec::<u64>::new());
        assert_eq!(
            due(&pool, t0 + RENEW_AFTER),
            vec![1],
            "block 2 is 40 ms old"
        );
        let renewals = pool.renewals(t0 + MS(200));
        assert_eq!(renewals.len(), 2);
        pool.renewed(&renewals[..1], &[], t0 + MS(200));
        // Block 1 renewed at 200 ms, block 2 still from its grant at 60 ms.
        assert_eq!(due(&pool, t0 + MS(200) + RENEW_AFTER - MS(1)), vec![2]);
        assert_eq!(due(&pool, t0 + MS(200) + RENEW_AFTER), vec![1, 2]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_pool_gives_its_reserve_back_at_the_next_tick() {
        let mut pool = heard();
        let t0 = Instant::now();
        pool.granted(1, 5, t0);
        assert!(!pool.tick(t0 + MS(200)), "taken from since the last tick");
        assert_eq!(pool.take(t0 + MS(250)), Some(1));
        assert!(!pool.tick(t0 + MS(400)), "taken from since the last tick");
        assert!(pool.tick(t0 + MS(600)), "idle: the reserve goes back");
        assert_eq!(
            pool.flush_at(t0 + MS(600)),
            Some(t0 + MS(600) + FLUSH_EVERY)
        );
        assert_eq!(counts(pool.batch(t0 + MS(620))), vec![report(1, 0, 3)]);
        assert!(!pool.tick(t0 + MS(800)), "nothing left to give");
    }
}
