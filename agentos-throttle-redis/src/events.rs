//! The messages on a key's channel, by which the processes of one key tell each other what a
//! script changed: slots free sooner or now, a process refused a slot, a 429's pause. The
//! scripts publish the words given here (passed to them as arguments, so they are spelled in
//! one place). Releases publish only while some process waits for a slot (see the scripts).
//!
//! A message is a wake-up, never a fact: anyone allowed to `PUBLISH` on the Redis server can
//! send one. The worst a forged message may cost is a round trip or a report sent early; in
//! particular a pause is never taken from a message (its length is not even read), only from
//! the key's state in Redis, which the message sends every process to read.

/// A message on the key's channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// Slots free earlier than waiters were told (requests ended: their slots now free a
    /// window after the report, before their block's lease would have run out): waiters told
    /// an inexact moment ask again.
    Freed,
    /// Slots are free now (a reserve was given back): every waiter asks again.
    Returned,
    /// A process was refused a slot: the others report what ended and give back what they
    /// reserved and do not use.
    Wanted,
    /// A 429's pause may have been set: no slot is taken before the key's pause has been read
    /// from Redis again.
    Pause,
}

impl Event {
    /// Published by the release script when requests ended.
    pub(crate) const FREED: &'static str = "freed";
    /// Published by the release script when unused slots were given back.
    pub(crate) const RETURNED: &'static str = "returned";
    /// Published by the acquire script when it refuses a slot.
    pub(crate) const WANTED: &'static str = "wanted";
    /// Published by the pause script, followed by a space and the pause left in µs. The
    /// number is for processes of earlier versions, which took the pause from it; this
    /// version reads the pause from Redis, and accepts the word alone too.
    pub(crate) const PAUSE: &'static str = "pause";

    /// Reads a message; anything else (another version's word, a stranger's publish on the
    /// channel) is `None`, and ignored. A pause's number is checked for its shape only.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.split_once(' ') {
            None if text == Self::FREED => Some(Event::Freed),
            None if text == Self::RETURNED => Some(Event::Returned),
            None if text == Self::WANTED => Some(Event::Wanted),
            None if text == Self::PAUSE => Some(Event::Pause),
            Some((word, micros)) if word == Self::PAUSE => {
                micros.parse::<u64>().ok().map(|_| Event::Pause)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_and_strangers_ignored() {
        assert_eq!(Event::parse("freed"), Some(Event::Freed));
        assert_eq!(Event::parse("wanted"), Some(Event::Wanted));
        assert_eq!(Event::parse("returned"), Some(Event::Returned));
        // A pause is a wake-up whatever length it names: its length is read from Redis.
        assert_eq!(Event::parse("pause"), Some(Event::Pause));
        assert_eq!(Event::parse("pause 1500000"), Some(Event::Pause));
        assert_eq!(Event::parse("pause 0"), Some(Event::Pause));
        assert_eq!(
            Event::parse(&format!("pause {}", u64::MAX)),
            Some(Event::Pause)
        );
        for stranger in [
            "",
            "freed ",
            "freed 1",
            "wanted x",
            "pause ",
            "pause -5",
            "pause 1.5",
            "pause x",
            "Pause",
            "paused",
            "pause  1",
            "Freed",
            "pause 1 2",
            "returned 1",
            "wanted 1",
            "1500000",
        ] {
            assert_eq!(Event::parse(stranger), None, "{stranger:?}");
        }
    }

    #[test]
    fn the_words_are_those_the_scripts_publish() {
        // Processes of other versions read these words: they may not change.
        assert_eq!(
            [Event::FREED, Event::RETURNED, Event::WANTED, Event::PAUSE],
            ["freed", "returned", "wanted", "pause"]
        );
    }
}
