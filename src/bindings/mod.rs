//! The JavaScript API: the only `#[wasm_bindgen]` exports. Thin: convert in, call, convert out.
//! Arguments arrive as `JsValue` (typed by the TypeScript declarations) and are deserialized inside
//! each function, so bad input becomes an `ImageValidationError`, never a panic at the boundary.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod client;
mod convert;
mod functions;
mod types;

pub use client::ImagesClient;
pub use functions::{define_model, estimate_cost_js, models, validate_generate};
