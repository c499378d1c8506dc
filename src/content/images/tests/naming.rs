//! The copies' names: which are served, and which a page's HTML holds.

use super::*;

#[test]
fn only_copy_names_are_served_and_found_in_pages() {
    let hash = "0123456789abcdef0123";
    assert!(is_variant_name(&format!("{hash}-480.webp")));
    for name in [
        "",
        "../secret-480.webp",
        &format!("{hash}-480.png"),
        &format!("{hash}.webp"),
        &format!("{hash}-.webp"),
        &format!("{hash}-480.webp/x"),
        "manifests/0123456789abcdef0123.json",
        &format!("{}-480.webp", hash.to_uppercase()),
        &format!(".{hash}-480.webp.tmp"),
    ] {
        assert!(!is_variant_name(name), "{name}");
    }
    let html = format!(
        "<img src=\"/a.png\" srcset=\"/_img/{hash}-480.webp 480w, /_img/{hash}-960.webp 960w\"> \
         <a href=\"/_img/../x\">x</a>"
    );
    let names: Vec<&str> = variant_names(&html).collect();
    assert_eq!(
        names,
        [format!("{hash}-480.webp"), format!("{hash}-960.webp")]
    );
}
