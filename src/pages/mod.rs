//! One module per route.

pub mod home;
mod loading;
pub mod post;
pub mod tags;
