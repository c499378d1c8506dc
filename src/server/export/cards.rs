//! The export's social cards: one file per post without a picture of its own, at the address its
//! page's `og:image` names, drawn on every core (kept ones are read from the cache folder).

use super::{file_for, write_file, Kind, Summary};
use crate::content::PostIndex;
use crate::error::Error;
use crate::settings::Settings;
use crate::social_card::{self, CardInput, Cards};
use std::path::Path;
use std::sync::Arc;

/// One card to write: its address, what it shows and its hash.
pub struct Job {
    /// `/_cards/<slug>-<hash16>.png`.
    pub address: String,
    input: CardInput,
    hash: String,
}

/// The card of every listed post of `index` that has neither an `image` nor a social image.
pub fn jobs(cards: &Cards, settings: &Settings, index: &PostIndex) -> Vec<Job> {
    index
        .entries()
        .iter()
        .filter(|entry| entry.image.is_none() && entry.social_image.is_none())
        .map(|entry| {
            let input = CardInput::of(&settings.site, &entry.summary);
            let hash = cards.hash(&input);
            Job {
                address: social_card::href(entry.slug(), &hash),
                input,
                hash,
            }
        })
        .collect()
}

/// Draws (or finds) and writes the cards of `jobs` into `out`, in parallel; the summary of the
/// files written. Blocks: call it from a blocking thread.
pub fn write(cards: &Arc<Cards>, jobs: &[Job], out: &Path) -> Result<Summary, Error> {
    use rayon::prelude::*;
    let sizes = jobs
        .par_iter()
        .map(|job| {
            let png = cards.png(&job.input, &job.hash)?;
            write_file(out, &file_for(&job.address, Kind::Document)?, &png)
        })
        .collect::<Result<Vec<u64>, Error>>()?;
    let mut summary = Summary::default();
    for bytes in sizes {
        summary.add(bytes);
    }
    Ok(summary)
}
