//! Quire's WASM bundle: links the `quire` crate, whose `#[wasm_bindgen]` exports (`hydrate`
//! and each island's) are the bundle's; see this package's `Cargo.toml` for why it exists.

#[cfg(feature = "hydrate")]
pub use quire::hydrate;
