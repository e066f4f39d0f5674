//! The pure core: everything that can be decided without a browser.
//!
//! Nothing here imports the browser crates, so `cargo test` runs it natively.

pub mod api_error;
pub mod base64_stream;
pub mod client_error;
pub mod cost;
pub mod edit;
pub mod image_probe;
pub mod models;
pub mod params;
pub mod provider;
pub mod response_decoder;
pub mod retry;
pub mod sse;
pub mod validate;
