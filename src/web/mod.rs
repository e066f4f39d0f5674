//! Browser glue over web-sys, js-sys and gloo-net. Crate-private: `bindings` is the public face.
//!
//! No panics and no `unsafe` here: every fallible JS call is handled (the lints below keep it so).
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub(crate) mod abort;
pub(crate) mod blob_sink;
pub(crate) mod client;
pub(crate) mod errors;
pub(crate) mod event_stream;
pub(crate) mod fetch;
pub(crate) mod files;
pub(crate) mod js;
pub(crate) mod plain;
pub(crate) mod result;
