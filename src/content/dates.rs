//! Publication dates from front matter.

use crate::model::PostDate;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A publication date as the author wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PubDate {
    /// A calendar day (`2026-02-13`): the same day for every reader.
    Day(NaiveDate),
    /// A moment with a UTC offset (`2026-02-13T09:30:00+01:00`).
    Instant(DateTime<FixedOffset>),
    /// A date and time without an offset (`2026-02-13 09:30`), shown as written.
    Local(NaiveDateTime),
}

/// What a date field must look like; used in error messages.
pub const EXPECTED: &str =
    "expected a date like 2026-02-13 or an RFC 3339 date-time like 2026-02-13T09:30:00+01:00";

impl PubDate {
    /// Parses the forms authors write: a bare date, RFC 3339, Jekyll's `2026-02-13 09:30:00 +0100`,
    /// and a date-time without offset, in the years 1 to 9999 (see [`PubDate::is_writable`]).
    pub fn parse(text: &str) -> Option<PubDate> {
        Self::parse_any_year(text).filter(PubDate::is_writable)
    }

    /// Whether the year, as written, is one of 1 to 9999, which every date format Quire writes can
    /// hold: RFC 2822 (RSS) and RFC 3339 (Atom, sitemaps) have four-digit years, and chrono panics
    /// writing a negative year as RFC 2822. Dates are written in their own offset, as the author
    /// wrote them.
    pub fn is_writable(&self) -> bool {
        (1..=9999).contains(&self.day().year())
    }

    fn parse_any_year(text: &str) -> Option<PubDate> {
        let text = text.trim();
        // ISO first; then the spelled-out forms of Astro's blog template (`Jul 08 2022`) and of
        // hand-written posts (`July 8, 2022`).
        for format in ["%Y-%m-%d", "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y"] {
            if let Ok(day) = NaiveDate::parse_from_str(text, format) {
                return Some(PubDate::Day(day));
            }
        }
        if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
            return Some(PubDate::Instant(instant));
        }
        for format in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"] {
            if let Ok(instant) = DateTime::parse_from_str(text, format) {
                return Some(PubDate::Instant(instant));
            }
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Some(PubDate::Local(local));
            }
        }
        None
    }

    /// Seconds since the Unix epoch, for sorting. Days and local times count as UTC.
    pub fn sort_key(&self) -> i64 {
        match self {
            PubDate::Day(day) => day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp(),
            PubDate::Instant(instant) => instant.timestamp(),
            PubDate::Local(local) => local.and_utc().timestamp(),
        }
    }

    /// The calendar day as the author wrote it, in the author's own offset.
    pub fn day(&self) -> NaiveDate {
        match self {
            PubDate::Day(day) => *day,
            PubDate::Instant(instant) => instant.date_naive(),
            PubDate::Local(local) => local.date(),
        }
    }

    /// The moment feeds and sitemaps announce: a bare date is midnight UTC of that day, a date-time
    /// without offset counts as UTC (as in [`PubDate::sort_key`]).
    pub fn to_datetime(&self) -> DateTime<FixedOffset> {
        match self {
            PubDate::Day(day) => day
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .fixed_offset(),
            PubDate::Instant(instant) => *instant,
            PubDate::Local(local) => local.and_utc().fixed_offset(),
        }
    }

    /// W3C Datetime, as sitemaps want it: `2026-02-13` for a bare date, else the full date-time
    /// with its offset (`2026-02-13T09:30:00+01:00`).
    pub fn to_w3c(&self) -> String {
        match self {
            PubDate::Day(day) => day.format("%Y-%m-%d").to_string(),
            _ => self
                .to_datetime()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    /// The wire form: `<time datetime>` value and a readable date.
    pub fn to_post_date(&self) -> PostDate {
        let iso = match self {
            PubDate::Day(day) => day.format("%Y-%m-%d").to_string(),
            PubDate::Instant(instant) => {
                instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            }
            PubDate::Local(local) => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        };
        PostDate {
            iso,
            display: self.day().format("%-d %B %Y").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_date_is_that_calendar_day() {
        let date = PubDate::parse("2026-02-13").map(|d| d.to_post_date());
        assert_eq!(
            date,
            Some(PostDate {
                iso: "2026-02-13".into(),
                display: "13 February 2026".into()
            })
        );
    }

    #[test]
    fn a_date_time_keeps_its_own_day_whatever_the_offset() {
        // 00:30 in UTC+09:00 is the previous day in UTC; readers still see the 1st.
        let date = PubDate::parse("2026-03-01T00:30:00+09:00").expect("valid RFC 3339");
        assert_eq!(date.to_post_date().display, "1 March 2026");
        assert_eq!(date.to_post_date().iso, "2026-03-01T00:30:00+09:00");
    }

    #[test]
    fn jekyll_and_offsetless_forms_are_accepted() {
        assert!(matches!(
            PubDate::parse("2025-12-12 10:00:00 +0100"),
            Some(PubDate::Instant(_))
        ));
        assert!(matches!(
            PubDate::parse("2025-12-12 10:00"),
            Some(PubDate::Local(_))
        ));
        assert!(matches!(
            PubDate::parse("2025-12-12T10:00:00Z"),
            Some(PubDate::Instant(_))
        ));
    }

    #[test]
    fn spelled_out_dates_of_other_engines_are_accepted() {
        for text in ["Jul 08 2022", "July 8 2022", "Jul 8, 2022", "July 08, 2022"] {
            assert_eq!(
                PubDate::parse(text).map(|d| d.to_post_date().iso),
                Some("2022-07-08".to_string()),
                "{text:?}"
            );
        }
        assert_eq!(PubDate::parse("Feb 30 2022"), None);
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for text in [
            "2026-02-30",
            "2026-13-01",
            "13/02/2026",
            "yesterday",
            "",
            "2026-02-13T25:00:00Z",
            "-0001-01-01",
            "-1-01-01",
            "0000-12-31",
        ] {
            assert_eq!(PubDate::parse(text), None, "{text:?} should not parse");
        }
    }

    #[test]
    fn every_accepted_date_can_be_written_in_a_feed() {
        for text in [
            "0001-01-01",
            "9999-12-31",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01 00:00",
        ] {
            let date = PubDate::parse(text).expect("in range");
            assert!(!date.to_datetime().to_rfc2822().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_bare_date_is_midnight_utc_for_feeds_and_stays_a_day_in_sitemaps() {
        let day = PubDate::parse("2026-02-13").expect("date");
        assert_eq!(
            day.to_datetime().to_rfc2822(),
            "Fri, 13 Feb 2026 00:00:00 +0000"
        );
        assert_eq!(day.to_w3c(), "2026-02-13");
    }

    #[test]
    fn date_times_keep_their_offset_and_offsetless_ones_count_as_utc() {
        let instant = PubDate::parse("2026-02-13T09:30:00+01:00").expect("date-time");
        assert_eq!(
            instant.to_datetime().to_rfc3339(),
            "2026-02-13T09:30:00+01:00"
        );
        assert_eq!(instant.to_w3c(), "2026-02-13T09:30:00+01:00");
        let local = PubDate::parse("2026-02-13 09:30").expect("local date-time");
        assert_eq!(local.to_w3c(), "2026-02-13T09:30:00Z");
        assert_eq!(local.to_datetime().timestamp(), local.sort_key());
    }

    #[test]
    fn sort_keys_order_days_and_instants_together() {
        let day = PubDate::parse("2026-02-13").expect("date");
        let later = PubDate::parse("2026-02-13T09:30:00+01:00").expect("date-time");
        let earlier = PubDate::parse("2026-02-12T23:00:00Z").expect("date-time");
        assert!(earlier.sort_key() < day.sort_key());
        assert!(day.sort_key() < later.sort_key());
    }
}
