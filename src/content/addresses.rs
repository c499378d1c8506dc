//! Every address the blog answers besides its fixed pages: each post's own, and the old ones
//! that redirect to it (aliases, `[redirects]`, and `/posts/<slug>` for a post that lives
//! elsewhere). Built with the index; claims are settled in path order, so two files never both
//! win one address, and each losing claim is reported naming both.

use super::permalink::normalize;
use super::post::Entry;
use crate::error::{Error, Problem};
use std::collections::HashMap;

/// The addresses Quire's own pages use, which no post or redirect may claim.
const RESERVED: [&str; 15] = [
    "/_problems",
    "/_sections",
    "/api",
    "/data",
    "/pkg",
    "/tags",
    "/categories",
    "/series",
    "/authors",
    "/page",
    "/healthz",
    "/rss.xml",
    "/atom.xml",
    "/sitemap.xml",
    "/robots.txt",
];

/// What an address answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The page of the post with this slug.
    Post(String),
    /// A permanent redirect to this address or URL.
    Redirect(String),
    /// The listing page of the section in this folder.
    Section(String),
}

/// The address table of one index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Addresses {
    routes: HashMap<String, Route>,
    /// Who claimed each address, as shown in messages.
    owners: HashMap<String, String>,
}

/// A redirect of the site's `[redirects]` table: an old address and where it now lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteRedirect {
    /// The old address, as written.
    pub from: String,
    /// A path on this site or a full URL.
    pub to: String,
}

impl Addresses {
    /// What `address` (a request path, percent-encoded as it arrived) answers. `/x/`, `/x.html`
    /// and `/x/index.html` answer as `/x` does, but only with a redirect: a page has one address.
    pub fn route(&self, address: &str) -> Option<Route> {
        let normalized = normalize(address).ok()?;
        // A trailing slash alone is left to the router's 308, which keeps the query string.
        if address != normalized && address.trim_end_matches('/') == normalized {
            return None;
        }
        let route = self.routes.get(&normalized)?;
        if normalized == address {
            return Some(route.clone());
        }
        Some(Route::Redirect(match route {
            Route::Post(_) | Route::Section(_) => normalized,
            Route::Redirect(to) => to.clone(),
        }))
    }

    /// Every address and what it answers, sorted by address.
    pub fn all(&self) -> Vec<(&str, &Route)> {
        let mut all: Vec<_> = self.routes.iter().map(|(a, r)| (a.as_str(), r)).collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all
    }

    /// Claims each entry's address for it, in `entries` order. An entry that finds its address
    /// taken is dropped and reported, naming the file that holds it.
    pub fn claim_posts(&mut self, entries: Vec<Entry>, problems: &mut Vec<Error>) -> Vec<Entry> {
        let mut kept = Vec::with_capacity(entries.len());
        for entry in entries {
            let href = entry.summary.href.clone();
            match self.check(&href) {
                Err(owner) => {
                    problems.push(Error::post(
                        &entry.source,
                        vec![Problem::new(
                            "address",
                            format!("{href} is already the address of {owner}; expected each post to have its own (set `path`, `url` or `permalink`, or change the slug)"),
                        )],
                    ));
                }
                Ok(()) => {
                    self.insert(href, Route::Post(entry.slug().to_string()), &entry.source);
                    kept.push(entry);
                }
            }
        }
        kept
    }

    /// Claims each entry's aliases, and `/posts/<slug>` for an entry whose address is elsewhere,
    /// as redirects to it. An alias that another post or alias holds is reported and skipped.
    pub fn claim_aliases(&mut self, entries: &[Entry], problems: &mut Vec<Error>) {
        for entry in entries {
            let mut found = Vec::new();
            for alias in &entry.aliases {
                if let Err(owner) = self.check(alias) {
                    if owner != entry.source {
                        found.push(Problem::new(
                            "aliases",
                            format!("{alias} is already an address of {owner}; expected an old address no other post claims"),
                        ));
                    }
                    continue;
                }
                let to = Route::Redirect(entry.summary.href.clone());
                self.insert(alias.clone(), to, &entry.source);
            }
            let default = crate::urls::post_href(entry.slug());
            if default != entry.summary.href && self.check(&default).is_ok() {
                let to = Route::Redirect(entry.summary.href.clone());
                self.insert(default, to, &entry.source);
            }
            if !found.is_empty() {
                problems.push(Error::post(&entry.source, found));
            }
        }
    }

    /// Claims the site's `[redirects]` (named `table` in messages, such as `Leptos.toml`).
    /// A redirect to a post's old address goes straight to where the post is now.
    pub fn claim_site(
        &mut self,
        redirects: &[SiteRedirect],
        table: &str,
        problems: &mut Vec<Error>,
    ) {
        let mut found = Vec::new();
        for redirect in redirects {
            let field = format!("redirects.{:?}", redirect.from);
            let from = match normalize(&redirect.from) {
                Ok(from) => from,
                Err(message) => {
                    found.push(Problem::new(field, message));
                    continue;
                }
            };
            let to = if redirect.to.contains("://") {
                redirect.to.clone()
            } else {
                match normalize(&redirect.to) {
                    Ok(to) => match self.routes.get(&to) {
                        Some(Route::Redirect(further)) => further.clone(),
                        _ => to,
                    },
                    Err(message) => {
                        found.push(Problem::new(field, message));
                        continue;
                    }
                }
            };
            if let Err(owner) = self.check(&from) {
                found.push(Problem::new(
                    field,
                    format!("{from} is already an address of {owner}; expected an address no post claims"),
                ));
                continue;
            }
            self.insert(from, Route::Redirect(to), table);
        }
        if !found.is_empty() {
            problems.push(Error::post(table, found));
        }
    }

    /// Claims each section's address, after the posts and their aliases: a section whose folder's
    /// address is taken is reported and gets no page.
    pub fn claim_sections(
        &mut self,
        sections: &[super::sections::Section],
        problems: &mut Vec<Error>,
    ) -> Vec<bool> {
        sections
            .iter()
            .map(|section| match self.check(&section.href) {
                Err(owner) => {
                    problems.push(Error::post(
                        &section.source,
                        vec![Problem::new(
                            "address",
                            format!("{} is already an address of {owner}; the section gets no page (rename the folder or move the post)", section.href),
                        )],
                    ));
                    false
                }
                Ok(()) => {
                    self.insert(
                        section.href.clone(),
                        Route::Section(section.folder.clone()),
                        &section.source,
                    );
                    true
                }
            })
            .collect()
    }

    /// Keeps only the routes to posts in `listed` (and redirects to them, or to elsewhere).
    pub fn retain_listed(&mut self, listed: &std::collections::HashSet<&str>) {
        let hidden: std::collections::HashSet<String> = self
            .routes
            .iter()
            .filter_map(|(address, route)| match route {
                Route::Post(slug) if !listed.contains(slug.as_str()) => Some(address.clone()),
                _ => None,
            })
            .collect();
        self.routes.retain(|address, route| match route {
            Route::Post(_) => !hidden.contains(address),
            Route::Redirect(to) => !hidden.contains(to),
            Route::Section(_) => true,
        });
    }

    /// `Err(owner)` when `address` is taken, by a post or redirect or by Quire's own pages.
    fn check(&self, address: &str) -> Result<(), String> {
        if let Some(owner) = self.owners.get(address) {
            return Err(owner.clone());
        }
        let reserved = RESERVED
            .iter()
            .any(|r| address == *r || address.starts_with(&format!("{r}/")));
        if reserved {
            return Err("Quire's own pages".to_string());
        }
        Ok(())
    }

    fn insert(&mut self, address: String, route: Route, owner: &str) {
        self.owners.insert(address.clone(), owner.to_string());
        self.routes.insert(address, route);
    }
}

#[cfg(test)]
mod tests;
