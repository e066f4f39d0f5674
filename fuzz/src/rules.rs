//! Fuzz-chosen providers, endpoints and dates.

use imagegen_wasm::core::models::Endpoint;
use imagegen_wasm::core::provider::Provider;

/// A provider from one byte.
pub fn provider(byte: u8) -> Provider {
    [Provider::OpenAi, Provider::Azure, Provider::CometApi, Provider::Compatible][usize::from(byte % 4)]
}

/// An endpoint from one byte.
pub fn endpoint(byte: u8) -> Endpoint {
    [Endpoint::Generations, Endpoint::Edits, Endpoint::Variations][usize::from(byte % 3)]
}

/// Today, from one byte: dates around the table's shutdowns (the caller checks the format).
pub fn today(byte: u8) -> &'static str {
    [
        "2025-01-01", "2026-03-01", "2026-05-12", "2026-11-30", "2026-12-01", "2026-12-16", "2027-04-21",
        "2027-09-10", "2030-01-01", "1970-01-01",
    ][usize::from(byte % 10)]
}
