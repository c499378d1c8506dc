//! Reusable views.

pub mod hydration;
pub mod layout;
pub mod pager;
pub mod post_card;
pub mod post_list;
pub mod search_box;
pub mod seo;
pub mod status;
pub mod tag_filter;
pub mod tags;
pub mod theme;
