//! The pages of the app, one module each.

pub mod home;
pub mod not_found;
pub mod reports;
