//! The axum application (server only): its state ([`state`]), routes ([`router`]), commands and
//! serve loop, and the parts they are made of.

pub mod accept;
pub mod addresses;
pub mod assets;
pub mod cards;
pub mod check;
pub mod cli;
mod commands;
pub mod connection;
pub mod documents;
pub mod export;
pub mod feeds;
pub mod headers;
pub mod html;
pub mod images;
pub mod invalidation;
pub mod listener;
pub mod new_post;
pub mod page_cache;
pub mod problems;
pub mod redirect;
mod router;
mod serve;
pub mod server_fn_status;
pub mod startup;
mod state;
pub mod tls;
pub mod uri_guard;

pub use commands::{init_tracing, run};
pub use router::{router, MAX_BODY_BYTES};
pub use serve::serve;
pub use state::{state, with_status, AppState, SharedState};
