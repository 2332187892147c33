//! The messages on a key's channel, by which the processes of one key tell each other what a
//! script changed: slots free sooner or now, a process refused a slot, a 429's pause. The
//! scripts publish the words given here (passed to them as arguments, so they are spelled in
//! one place). Releases publish only while some process waits for a slot (see the scripts).

use std::time::Duration;

use crate::timing::Timing;

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
    /// A 429's pause, this long from the message: nothing is sent before it ends.
    Pause(Duration),
}

impl Event {
    /// Published by the release script when requests ended.
    pub(crate) const FREED: &'static str = "freed";
    /// Published by the release script when unused slots were given back.
    pub(crate) const RETURNED: &'static str = "returned";
    /// Published by the acquire script when it refuses a slot.
    pub(crate) const WANTED: &'static str = "wanted";
    /// Published by the pause script, followed by a space and the pause left in µs.
    pub(crate) const PAUSE: &'static str = "pause";

    /// Reads a message; anything else (another version's word, a stranger's publish on the
    /// channel) is `None`, and ignored. A pause is capped as any 429's pause is.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.split_once(' ') {
            None if text == Self::FREED => Some(Event::Freed),
            None if text == Self::RETURNED => Some(Event::Returned),
            None if text == Self::WANTED => Some(Event::Wanted),
            Some((word, micros)) if word == Self::PAUSE => {
                let micros: u64 = micros.parse().ok()?;
                Some(Event::Pause(Timing::capped_pause(Duration::from_micros(
                    micros,
                ))))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentos_runtime::throttle::MAX_PAUSE;

    #[test]
    fn messages_are_read_and_strangers_ignored() {
        assert_eq!(Event::parse("freed"), Some(Event::Freed));
        assert_eq!(Event::parse("wanted"), Some(Event::Wanted));
        assert_eq!(Event::parse("returned"), Some(Event::Returned));
        assert_eq!(
            Event::parse("pause 1500000"),
            Some(Event::Pause(Duration::from_millis(1500)))
        );
        assert_eq!(
            Event::parse(&format!("pause {}", u64::MAX)),
            Some(Event::Pause(MAX_PAUSE))
        );
        for stranger in [
            "",
            "freed ",
            "freed 1",
            "wanted x",
            "pause",
            "pause ",
            "pause -5",
            "pause 1.5",
            "Freed",
            "pause 1 2",
            "returned 1",
        ] {
            assert_eq!(Event::parse(stranger), None, "{stranger:?}");
        }
    }
}
