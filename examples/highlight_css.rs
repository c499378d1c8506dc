//! Writes the syntax-highlighting colours into `style/main.css`, between its generated-section
//! markers. Run after changing the themes or upgrading syntect:
//!
//! ```sh
//! cargo run --example highlight_css --features ssr
//! ```
//!
//! A unit test (`the_committed_stylesheet_has_the_current_theme_css`, src/content/highlight/stylesheet.rs) fails when this is due.

use quire::content::highlight::stylesheet::{replace_generated_css, theme_css};
use std::process::ExitCode;

const STYLESHEET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css");

fn main() -> ExitCode {
    let result = theme_css().and_then(|section| {
        let stylesheet = std::fs::read_to_string(STYLESHEET).map_err(|e| e.to_string())?;
        let updated = replace_generated_css(&stylesheet, &section);
        std::fs::write(STYLESHEET, updated).map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => {
            println!("updated {STYLESHEET}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot update {STYLESHEET}: {error}");
            ExitCode::FAILURE
        }
    }
}
