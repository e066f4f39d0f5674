//! Building a request: the caller's params, their validation against the model table, edit inputs,
//! client options and the provider's route and headers.

pub mod config;
pub mod edit;
pub mod params;
pub mod validate;
