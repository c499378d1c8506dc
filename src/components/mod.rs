//! Reusable views. The islands (`post_browser`, `theme`) and the components they render are built
//! for the browser too; the rest render on the server only.

#[cfg(feature = "ssr")]
pub mod hydration;
#[cfg(feature = "ssr")]
pub mod layout;
pub mod lifecycle;
pub mod page_contract;
pub mod pager;
pub mod post_browser;
pub mod post_card;
pub mod post_list;
pub mod search_box;
#[cfg(feature = "ssr")]
pub mod seo;
#[cfg(feature = "ssr")]
pub mod status;
pub mod tabs;
pub mod tag_filter;
pub mod tags;
pub mod theme;
