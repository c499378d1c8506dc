//! Pages of lists and the case folding that search shares between the server and the browser.
//! Which posts a list holds is [`crate::search::home_page`]'s decision.

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are (at least 1, even for an empty list).
    pub count: usize,
}

/// Page `number` (from 1) of `items`, `size` per page; `None` when out of range. An empty list has
/// one, empty, page.
pub fn paginate<T: Clone>(items: &[T], number: usize, size: usize) -> Option<Page<T>> {
    let size = size.max(1);
    let count = items.len().div_ceil(size).max(1);
    if number == 0 || number > count {
        return None;
    }
    let start = (number - 1) * size;
    Some(Page {
        items: items[start..(start + size).min(items.len())].to_vec(),
        number,
        count,
    })
}

/// A page number from the address: absent means 1; anything but a positive integer is `None`.
pub fn parse_page(text: Option<&str>) -> Option<usize> {
    match text {
        None => Some(1),
        Some(text) => text.parse::<usize>().ok().filter(|&n| n >= 1),
    }
}

/// `text` in lower case by Unicode's default case mapping, the same on the server and in the
/// browser. (JavaScript's `toLowerCase` did it in the browser once; with link-time optimization
/// Rust's tables cost under 0.1 KB brotli, and code that converts JavaScript values must not run in
/// the split-off list module: see `post_browser::browser::FetchText`.)
pub fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_the_list_and_out_of_range_pages_are_none() {
        let items: Vec<u32> = (1..=7).collect();
        let page = paginate(&items, 3, 3).expect("in range");
        assert_eq!((page.items, page.number, page.count), (vec![7], 3, 3));
        assert_eq!(paginate(&items, 1, 3).map(|p| p.items), Some(vec![1, 2, 3]));
        assert!(paginate(&items, 4, 3).is_none());
        assert!(paginate(&items, 0, 3).is_none());
        let empty: Vec<u32> = Vec::new();
        assert_eq!(paginate(&empty, 1, 3).map(|p| p.count), Some(1));
    }

    #[test]
    fn page_numbers_must_be_positive_integers() {
        assert_eq!(parse_page(None), Some(1));
        assert_eq!(parse_page(Some("2")), Some(2));
        for bad in ["0", "-1", "two", "", "1.5"] {
            assert_eq!(parse_page(Some(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn lowercase_folds_unicode() {
        assert_eq!(lowercase("ÉCOLE Straße"), "école straße");
    }
}
