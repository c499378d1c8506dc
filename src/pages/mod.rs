//! One module per route.

pub mod groups;
pub mod home;
mod loading;
pub mod post;
pub mod section;
pub mod tags;
