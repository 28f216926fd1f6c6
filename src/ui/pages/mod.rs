//! The pages of the app, one module each.

mod home;
mod not_found;
mod reports;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use reports::ReportsPage;
