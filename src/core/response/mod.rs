//! Reading a response: the streaming JSON decoder, base64, server-sent events, and error bodies.

pub mod api_error;
pub mod base64_scalar;
pub mod base64_stream;
pub(crate) mod bom;
pub mod client_error;
pub mod decoder;
pub(crate) mod simd;
pub mod sse;
pub mod stream_result;
