//! One module per route.

pub mod home;
pub mod post;
pub mod tags;
