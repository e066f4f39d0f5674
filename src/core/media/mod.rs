//! What image bytes say about themselves: format, size, alpha, provenance markers.

pub mod probe;
