//! The Redis names of one API key's throttle state: derived from a hash of the key, so the key
//! itself never reaches Redis (nor anyone who can read it).

use agentos_runtime::ApiKey;
use sha2::{Digest, Sha256};

/// The prefix of every name this crate uses in Redis.
pub const PREFIX: &str = "agentos:throttle:";

/// The names of one key's state. The hash sits in `{..}` (a Redis Cluster hash tag), so all
/// of a key's names live on one node and one script can touch them together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// Sorted set: the members holding slots (a process's block, the requests of a batch
    /// that ended), each scored by the time (µs, Redis clock) it frees.
    pub slots: String,
    /// Hash: how many slots each member of `slots` holds, and (field `#`) their sum.
    pub counts: String,
    /// String: the time (µs, Redis clock) before which nothing may be sent (a 429's pause, or
    /// the quarantine after Redis lost its state).
    pub pause: String,
    /// String: present while the state is known to be whole (see the acquire script).
    pub epoch: String,
    /// String: present for a window after a process was refused a slot; releases announce
    /// freed slots on `events` only while it is (nobody else listens for them).
    pub waiting: String,
    /// Pub/sub channel: what the processes of the key tell each other (slots freed, a
    /// process refused a slot, a 429's pause).
    pub events: String,
}

impl Keys {
    /// The names for `key`: `agentos:throttle:{<hash>}:slots` and so on, where `<hash>` is the
    /// first 128 bits of the key's SHA-256 in hex.
    pub fn for_key(key: &ApiKey) -> Self {
        let digest = Sha256::digest(key.expose().as_bytes());
        let hash: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let name = |suffix: &str| format!("{PREFIX}{{{hash}}}:{suffix}");
        Self {
            slots: name("slots"),
            counts: name("counts"),
            pause: name("pause"),
            epoch: name("epoch"),
            waiting: name("waiting"),
            events: name("events"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hold_a_hash_of_the_key_never_the_key() {
        let key = ApiKey::new("CANARY-0123456789-abcdef");
        let keys = Keys::for_key(&key);
        for name in [
            &keys.slots,
            &keys.counts,
            &keys.pause,
            &keys.epoch,
            &keys.waiting,
            &keys.events,
        ] {
            assert!(name.starts_with("agentos:throttle:{"), "{name}");
            assert!(!name.contains("CANARY"), "{name}");
            assert!(!name.contains("abcdef"), "{name}");
        }
        // SHA-256("CANARY-0123456789-abcdef"), first 16 bytes.
        assert_eq!(
            keys.slots,
            "agentos:throttle:{7465b748ada9f51a852cc8e2fdc13227}:slots"
        );
        assert_eq!(
            keys.events,
            "agentos:throttle:{7465b748ada9f51a852cc8e2fdc13227}:events"
        );
    }

    #[test]
    fn names_are_deterministic_and_differ_per_key() {
        let a = Keys::for_key(&ApiKey::new("key-one-1234567"));
        assert_eq!(a, Keys::for_key(&ApiKey::new("key-one-1234567")));
        let b = Keys::for_key(&ApiKey::new("key-two-1234567"));
        assert_ne!(a.slots, b.slots);
        assert_ne!(a.pause, b.pause);
        assert_ne!(a.epoch, b.epoch);
        assert_ne!(a.counts, b.counts);
        assert_ne!(a.waiting, b.waiting);
        assert_ne!(a.events, b.events);
    }
}
