//! Progress reporting: a trait the sync calls as it goes, a terminal implementation with one
//! `indicatif` bar per collection, and a silent one.

use std::collections::HashMap;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::store::Checkpoint;

/// Told about each collection's progress. Every method has a do-nothing default.
pub trait Progress: Send + Sync {
    /// A collection starts (or resumes) at `from` of `total` records (when known).
    fn started(&self, collection: &str, from: &Checkpoint) {
        let _ = (collection, from);
    }

    /// A page of `rows` records was stored; `now` is the new checkpoint.
    fn stored(&self, collection: &str, rows: usize, now: &Checkpoint) {
        let _ = (collection, rows, now);
    }

    /// A collection has no more pages.
    fn finished(&self, collection: &str) {
        let _ = collection;
    }
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// One progress bar per collection, on stderr (drawn only when it is a terminal).
pub struct Bars {
    multi: MultiProgress,
    bars: Mutex<HashMap<String, ProgressBar>>,
    style: ProgressStyle,
}

impl std::fmt::Debug for Bars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bars").finish_non_exhaustive()
    }
}

impl Default for Bars {
    fn default() -> Self {
        Self::new()
    }
}

impl Bars {
    /// Bars drawn on stderr.
    pub fn new() -> Self {
        let style = ProgressStyle::with_template(
            "{prefix:>21} [{bar:32.cyan/blue}] {pos:>7}/{len:7} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        Self {
            multi: MultiProgress::new(),
            bars: Mutex::new(HashMap::new()),
            style,
        }
    }

    fn with_bar(&self, collection: &str, f: impl FnOnce(&ProgressBar)) {
        let mut bars = self
            .bars
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bar = bars.entry(collection.to_owned()).or_insert_with(|| {
            let bar = self.multi.add(ProgressBar::new(0));
            bar.set_style(self.style.clone());
            bar.set_prefix(collection.to_owned());
            bar
        });
        f(bar);
    }
}

fn position(offset: i64) -> u64 {
    u64::try_from(offset).unwrap_or(0)
}

impl Progress for Bars {
    fn started(&self, collection: &str, from: &Checkpoint) {
        self.with_bar(collection, |bar| {
            bar.set_length(from.total.map_or(0, position));
            bar.set_position(position(from.next_offset));
            if from.next_offset > 0 {
                bar.set_message(format!("resumed at {}", from.next_offset));
            }
        });
    }

    fn stored(&self, collection: &str, _rows: usize, now: &Checkpoint) {
        self.with_bar(collection, |bar| {
            if let Some(total) = now.total {
                bar.set_length(position(total));
            }
            bar.set_position(position(now.next_offset));
        });
    }

    fn finished(&self, collection: &str) {
        self.with_bar(collection, |bar| bar.finish_with_message("done"));
    }
}
