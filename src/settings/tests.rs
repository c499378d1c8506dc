//! Tests of `settings`.

use super::*;

fn parse(text: &str) -> Result<SettingsFile, Error> {
    SettingsFile::parse(text, Path::new("Leptos.toml"))
}

#[test]
fn raw_html_is_sanitized_unless_the_file_says_escape_or_trust() {
    use crate::content::sanitize::RawHtml;
    let default = Settings::resolve(
        parse("").expect("test input is valid"),
        &Overrides::default(),
        false,
    );
    assert_eq!(default.raw_html, RawHtml::Sanitize);
    for (text, mode) in [("escape", RawHtml::Escape), ("trust", RawHtml::Trust)] {
        let file =
            parse(&format!("[content]\nraw_html = \"{text}\"\n")).expect("test input is valid");
        assert_eq!(
            Settings::resolve(file, &Overrides::default(), false).raw_html,
            mode
        );
    }
    let error = parse("[content]\nraw_html = \"allow\"\n").unwrap_err();
    assert!(
        error.to_string().contains("raw_html") || error.to_string().contains("line 2"),
        "{error}"
    );
}

#[test]
fn the_server_section_names_an_address_and_a_site_root() {
    let file = parse("[server]\naddr = \"0.0.0.0:8080\"\nsite_root = \"site\"\n")
        .expect("test input is valid");
    let settings = Settings::resolve(file, &Overrides::default(), false);
    assert_eq!(
        settings.server.addr,
        Some("0.0.0.0:8080".parse().expect("test input is valid"))
    );
    assert_eq!(settings.server.site_root, Some(PathBuf::from("site")));
    let error = parse("[server]\naddr = \"port 80\"\n").unwrap_err();
    assert!(error.to_string().contains("Leptos.toml"), "{error}");
    assert!(error.to_string().contains("line 2"), "{error}");
}

#[test]
fn every_documented_key_is_read() {
    let file = parse(
            "[site]\ntitle = \"T\"\ndescription = \"D\"\nauthor = \"A\"\n\
             base_url = \"https://example.com\"\nlanguage = \"fr\"\n[content]\nposts_dir = \"content\"\nwatch = false\n",
        )
        .expect("valid settings");
    assert_eq!(file.site.title, "T");
    assert_eq!(file.site.description, "D");
    assert_eq!(file.site.author, "A");
    assert_eq!(file.site.base_url, "https://example.com");
    assert_eq!(file.site.language, "fr");
    assert_eq!(file.content.posts_dir, PathBuf::from("content"));
    assert!(!file.content.watch);
    assert!(
        SettingsFile::default().content.watch,
        "watching is on by default"
    );
}

#[test]
fn missing_keys_take_defaults() {
    let file = parse("[site]\ntitle = \"Only\"\n").expect("valid settings");
    assert_eq!(file.site.title, "Only");
    assert_eq!(file.site.language, "en");
    assert_eq!(file.content.posts_dir, PathBuf::from("posts"));
}

#[test]
fn an_unknown_key_names_the_key_the_file_and_the_line() {
    let error = parse("[site]\ntitle = \"T\"\ntitel = \"typo\"\n").expect_err("unknown key");
    let message = error.to_string();
    assert!(message.starts_with("Leptos.toml:"), "{message}");
    assert!(message.contains("titel"), "{message}");
    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn a_page_size_of_zero_is_rejected() {
    let message = parse("[site]\npage_size = 0\n")
        .expect_err("zero")
        .to_string();
    assert!(message.contains("page_size"), "{message}");
    assert_eq!(
        parse("[site]\npage_size = 3\n")
            .ok()
            .map(|f| f.site.page_size),
        Some(3)
    );
}

#[test]
fn the_post_size_limit_defaults_to_4_mib_and_may_be_set_but_not_to_zero() {
    let default = Settings::resolve(
        parse("").expect("test input is valid"),
        &Overrides::default(),
        false,
    );
    assert_eq!(default.max_post_bytes, 4 * 1024 * 1024);
    let file = parse("[content]\nmax_post_bytes = 65536\n").expect("valid settings");
    assert_eq!(
        Settings::resolve(file, &Overrides::default(), false).max_post_bytes,
        65536
    );
    let message = parse("[content]\nmax_post_bytes = 0\n")
        .expect_err("zero")
        .to_string();
    assert!(message.contains("max_post_bytes"), "{message}");
    let message = parse("[content]\nmax_post_bytes = -1\n")
        .expect_err("negative")
        .to_string();
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_wrong_type_names_the_file() {
    let message = parse("[site]\ntitle = 3\n")
        .expect_err("wrong type")
        .to_string();
    assert!(
        message.starts_with("Leptos.toml:") && message.contains("string"),
        "{message}"
    );
}

#[test]
fn overrides_win_over_the_file() {
    let file = parse("[content]\nposts_dir = \"from-file\"\n").expect("valid");
    let plain = Settings::resolve(file.clone(), &Overrides::default(), false);
    assert_eq!(plain.posts_dir, PathBuf::from("from-file"));
    let overrides = Overrides {
        posts_dir: Some("from-flag".into()),
        ..Overrides::default()
    };
    assert_eq!(
        Settings::resolve(file, &overrides, false).posts_dir,
        PathBuf::from("from-flag")
    );
}

#[test]
fn the_cache_dir_defaults_under_target_and_an_empty_value_turns_it_off() {
    let resolve = |file: &str, flag: Option<&str>| {
        let overrides = Overrides {
            cache_dir: flag.map(PathBuf::from),
            ..Overrides::default()
        };
        Settings::resolve(parse(file).expect("valid"), &overrides, false).cache_dir
    };
    assert_eq!(resolve("", None), Some(PathBuf::from(DEFAULT_CACHE_DIR)));
    let file = "[content]\ncache_dir = \"from-file\"\n";
    assert_eq!(resolve(file, None), Some(PathBuf::from("from-file")));
    assert_eq!(
        resolve(file, Some("from-flag")),
        Some(PathBuf::from("from-flag"))
    );
    assert_eq!(resolve(file, Some("")), None);
    assert_eq!(resolve("[content]\ncache_dir = \"\"\n", None), None);
}

#[test]
fn drafts_follow_the_build_unless_quire_drafts_says_otherwise() {
    let file = SettingsFile::default();
    let dev = Settings::resolve(file.clone(), &Overrides::default(), true);
    assert!(dev.drafts_visible);
    let prod = Settings::resolve(file.clone(), &Overrides::default(), false);
    assert!(!prod.drafts_visible);
    let forced = Overrides {
        drafts: parse_flag("1"),
        ..Overrides::default()
    };
    assert!(Settings::resolve(file, &forced, false).drafts_visible);
    assert_eq!(parse_flag("maybe"), None);
}

#[test]
fn the_site_table_is_what_pages_show_with_its_address_trimmed_and_unknown_keys_refused() {
    let file = parse("[site]\ntitle = \"Notes\"\nbase_url = \"https://notes.example/\"\n")
        .expect("valid [site]");
    let site = Settings::resolve(file, &Overrides::default(), false).site;
    assert_eq!(site.title, "Notes");
    assert_eq!(site.base_url, "https://notes.example");
    assert_eq!(site.page_size, 10, "unset keys keep their defaults");
    let message = parse("[site]\ndrafts_visible = true\n")
        .expect_err("drafts are shown by the build or QUIRE_DRAFTS, not a [site] key")
        .to_string();
    assert!(message.contains("drafts_visible"), "{message}");
}

#[test]
fn a_missing_explicit_settings_file_is_an_error() {
    let overrides = Overrides {
        config: Some("no/such/Quire.toml".into()),
        ..Overrides::default()
    };
    let message = Settings::load(&overrides).expect_err("missing").to_string();
    assert!(message.starts_with("no/such/Quire.toml:"), "{message}");
}

#[test]
fn images_are_responsive_by_default_and_every_images_key_is_read() {
    let default = Settings::resolve(parse("").expect("valid"), &Overrides::default(), false);
    assert_eq!(
        default.images,
        crate::content::images::ImageSettings::default()
    );
    assert!(default.images.responsive);
    assert_eq!(default.images.widths, [480, 960, 1600]);
    let file = parse(
        "[images]\nresponsive = false\nwidths = [320, 640]\nquality = 70\nmax_megapixels = 12\n",
    )
    .expect("valid");
    let settings = Settings::resolve(file, &Overrides::default(), false);
    assert!(!settings.images.responsive);
    assert_eq!(settings.images.widths, [320, 640]);
    assert_eq!(settings.images.quality, 70);
    assert_eq!(settings.images.max_megapixels, 12);
    assert_eq!(
        settings.library_config(None).images,
        settings.images,
        "the loader gets them"
    );
    let partial = parse("[images]\nquality = 90\n").expect("valid");
    assert_eq!(
        partial.images.widths,
        [480, 960, 1600],
        "unset keys take defaults"
    );
}

#[test]
fn social_cards_are_on_with_the_built_in_template_unless_the_file_says() {
    let default = Settings::resolve(
        parse("").expect("test input is valid"),
        &Overrides::default(),
        false,
    );
    assert!(default.social_cards.enabled);
    assert_eq!(default.social_cards.template, None);
    assert!(default.social_cards.fonts.is_empty());
    let file = parse(
        "[social_cards]\nenabled = false\ntemplate = \"cards/card.svg\"\n\
         fonts = [\"fonts/jp.otf\", \"fonts/zh.otf\"]\n",
    )
    .expect("valid settings");
    let settings = Settings::resolve(file, &Overrides::default(), false);
    assert!(!settings.social_cards.enabled);
    assert_eq!(
        settings.social_cards.template,
        Some(PathBuf::from("cards/card.svg"))
    );
    assert_eq!(
        settings.social_cards.fonts,
        [PathBuf::from("fonts/jp.otf"), PathBuf::from("fonts/zh.otf")]
    );
}

#[test]
fn images_settings_out_of_range_or_unknown_name_the_key() {
    for (text, key) in [
        ("[images]\nquality = 0\n", "[images] quality"),
        ("[images]\nquality = 101\n", "[images] quality"),
        ("[images]\nmax_megapixels = 0\n", "[images] max_megapixels"),
        ("[images]\nwidths = [480, 0]\n", "[images] widths"),
        ("[images]\nwidth = [480]\n", "width"),
    ] {
        let error = parse(text).expect_err("refused");
        let message = error.to_string();
        assert!(message.starts_with("Leptos.toml:"), "{message}");
        assert!(message.contains(key), "{text}: {message}");
    }
}

#[test]
fn the_shipped_settings_file_documents_every_images_key() {
    let text = std::fs::read_to_string("Leptos.toml").expect("the shipped settings file");
    let file = parse(&text).expect("it parses");
    assert_eq!(
        file.images,
        crate::content::images::ImageSettings::default()
    );
    for key in ["responsive", "widths", "quality", "max_megapixels"] {
        assert!(text.contains(&format!("# {key} = ")), "{key} is documented");
    }
}

#[test]
fn an_unknown_social_cards_key_is_refused_with_its_line() {
    let error = parse("[social_cards]\nenable = false\n").expect_err("unknown key");
    let message = error.to_string();
    assert!(message.contains("enable"), "{message}");
    assert!(message.contains("line 2"), "{message}");
    let error = parse("[social_cards]\nenabled = \"yes\"\n").expect_err("not a boolean");
    assert!(error.to_string().contains("line 2"), "{error}");
}

#[test]
fn the_shipped_settings_file_documents_every_social_cards_key() {
    let shipped = include_str!("../../Leptos.toml");
    // Its commented-out examples, uncommented, are valid settings.
    let section: String = shipped
        .lines()
        .skip_while(|line| *line != "[social_cards]")
        .take_while(|line| !line.is_empty())
        .map(|line| {
            line.strip_prefix("# ")
                .filter(|l| l.contains(" = "))
                .unwrap_or(line)
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let file = parse(&section).expect("the documented keys parse");
    assert_eq!(
        file.social_cards.template,
        Some(PathBuf::from("cards/card.svg"))
    );
    assert_eq!(file.social_cards.fonts.len(), 1);
}
