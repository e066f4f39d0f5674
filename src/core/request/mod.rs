//! Building a request: the caller's params, their validation against the model table, edit inputs
//! and their body, client options and the provider's route and headers.

pub mod config;
pub mod edit;
pub mod mode;
pub mod multipart;
pub mod params;
pub mod validate;
