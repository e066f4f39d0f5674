//! What image bytes say about themselves: format, size, alpha, frames, provenance markers.

pub mod probe;
mod svg;
