//! imagegen-wasm: a browser client for OpenAI-compatible image APIs.
//!
//! Three layers, arrows pointing down: [`bindings`] (the JavaScript API) → `web` (browser glue) →
//! [`core`] (pure Rust, tested natively).
#![deny(missing_docs, missing_debug_implementations)]

#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod core;
#[cfg(target_arch = "wasm32")]
mod web;
