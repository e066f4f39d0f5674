//! The model capability table: one row per model, as data, each with a public source and the date
//! it was checked; the providers' own rules beside it; and run-time rows callers add.
//!
//! Validation, cost and `models()` all read these rows. Status is not stored but computed at call
//! time from each row's dated shutdowns, so a scheduled shutdown takes effect on its day.

pub mod define;
pub mod info;
pub mod listing;
pub mod providers;
pub mod spec;
pub mod table;

use std::cell::RefCell;

pub use spec::*;
pub use table::MODELS;

use crate::core::provider::Provider;

thread_local! {
    /// Rows added with `defineModel`, for every client of the page.
    static DEFINED: RefCell<Vec<ModelSpec>> = const { RefCell::new(Vec::new()) };
}

/// Adds a row for every client (or replaces the row with the same id).
pub fn define_globally(spec: ModelSpec) {
    DEFINED.with(|rows| replace_or_push(&mut rows.borrow_mut(), spec));
}

fn replace_or_push(rows: &mut Vec<ModelSpec>, spec: ModelSpec) {
    match rows.iter_mut().find(|row| row.id == spec.id) {
        Some(row) => *row = spec,
        None => rows.push(spec),
    }
}

/// The rows one client sees: its own run-time rows, then `defineModel` rows, then the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    own: Vec<ModelSpec>,
}

impl Catalog {
    /// A catalog with the client's own rows (later rows replace earlier ones with the same id).
    pub fn with_rows(rows: Vec<ModelSpec>) -> Catalog {
        let mut own = Vec::new();
        for row in rows {
            replace_or_push(&mut own, row);
        }
        Catalog { own }
    }

    /// The row for a model id or one of its snapshots; a dated id the rows do not list
    /// (`gpt-image-2-2026-07-01`) is a snapshot of the row it extends.
    pub fn find(&self, id: &str) -> Option<ModelSpec> {
        self.find_exact(id).or_else(|| self.find_exact(undated(id)?))
    }

    fn find_exact(&self, id: &str) -> Option<ModelSpec> {
        self.own
            .iter()
            .find(|m| m.answers_to(id))
            .copied()
            .or_else(|| DEFINED.with(|rows| rows.borrow().iter().find(|m| m.answers_to(id)).copied()))
            .or_else(|| MODELS.iter().find(|m| m.answers_to(id)).copied())
    }

    /// Every row, the table's order first (patched rows in place), then new ids.
    pub fn rows(&self) -> Vec<ModelSpec> {
        let mut rows: Vec<ModelSpec> = MODELS.to_vec();
        DEFINED.with(|defined| {
            for row in defined.borrow().iter() {
                replace_or_push(&mut rows, *row);
            }
        });
        for row in &self.own {
            replace_or_push(&mut rows, *row);
        }
        rows
    }
}

/// `gpt-image-2-2026-04-21` → `gpt-image-2`; None when `id` does not end in `-YYYY-MM-DD`.
pub fn undated(id: &str) -> Option<&str> {
    let at = id.len().checked_sub(11)?;
    let (base, suffix) = id.split_at_checked(at)?;
    let date = suffix.strip_prefix('-')?;
    (!base.is_empty() && is_iso_date(date)).then_some(base)
}

/// Whether a model can be used on a provider on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Served, with no shutdown known.
    Current,
    /// Served, with a shutdown scheduled.
    Retiring(Shutdown),
    /// No longer served since the shutdown.
    ShutDown(Shutdown),
}

impl Availability {
    /// `"current" | "retiring" | "shut_down"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Current => "current",
            Availability::Retiring(_) => "retiring",
            Availability::ShutDown(_) => "shut_down",
        }
    }

    /// The shutdown behind this status, if any.
    pub fn shutdown(self) -> Option<Shutdown> {
        match self {
            Availability::Current => None,
            Availability::Retiring(s) | Availability::ShutDown(s) => Some(s),
        }
    }
}

/// The status of `model` on `provider` on `today` (`YYYY-MM-DD`, UTC). A proxy or CometAPI takes
/// OpenAI's dates. ISO dates compare as text; a malformed `today` never shuts anything down.
pub fn availability(model: &ModelSpec, provider: Provider, today: &str) -> Availability {
    let dates_from = providers::rules(provider).dates_from;
    match model.shutdown_on(dates_from) {
        None => Availability::Current,
        Some(s) if is_iso_date(today) && today >= s.date => Availability::ShutDown(*s),
        Some(s) => Availability::Retiring(*s),
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits =
        |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|part| part.iter().all(u8::is_ascii_digit));
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|t| t.parse::<u32>().ok());
    bytes.len() == 10
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && number(5..7).is_some_and(|m| (1..=12).contains(&m))
        && number(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// Parses `"WxH"` into `(w, h)`; None for anything else (including `"auto"`).
pub fn parse_size(size: &str) -> Option<(u32, u32)> {
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(w) || !digits(h) {
        return None;
    }
    Some((w.parse().ok()?, h.parse().ok()?))
}

#[cfg(test)]
mod tests;
