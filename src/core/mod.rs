//! The pure core: everything that can be decided without a browser.
//!
//! Nothing here imports the browser crates, so `cargo test` runs it natively. The layout follows
//! the request's path: [`request`] (params, validation, edit inputs, options and routes) →
//! [`response`] (body, stream and error decoding) → [`media`] (what the image bytes say). The leaf
//! modules ([`issue`], [`json`], [`provider`], [`error_kind`], [`decimal`], [`text`], [`value`]) import nothing else of the core, and nothing
//! imports in a circle.
//!
//! Everything here reads untrusted bytes (responses, the caller's files and params): no unwrap, no
//! expect, no indexing that can panic, outside tests, and no `unsafe`.
#![forbid(unsafe_code)]
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used))]

pub mod cost;
pub mod decimal;
pub mod error_kind;
pub mod issue;
pub mod json;
pub mod media;
pub mod models;
pub mod provider;
pub mod request;
pub mod response;
pub mod retry;
pub mod text;
pub mod value;
