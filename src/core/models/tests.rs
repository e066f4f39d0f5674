use super::*;
use crate::core::models::info::ModelInfo;

#[test]
fn every_id_and_snapshot_is_unique() {
    let mut seen = std::collections::HashSet::new();
    for m in MODELS {
        assert!(seen.insert(m.id), "duplicate {}", m.id);
        for s in m.snapshots {
            assert!(seen.insert(s), "duplicate {s}");
        }
    }
}

#[test]
fn snapshots_resolve_to_their_row() {
    let catalog = Catalog::default();
    assert_eq!(catalog.find("gpt-image-2-2026-04-21").unwrap().id, "gpt-image-2");
    assert_eq!(catalog.find("gpt-image-1.5-2025-12-16").unwrap().id, "gpt-image-1.5");
    assert_eq!(
        catalog.find("gpt-image-2.5-flare-2026-09-08").unwrap().id,
        "gpt-image-2.5-flare"
    );
    // A dated id the table does not list is a snapshot of the row it extends.
    assert_eq!(
        catalog.find("gpt-image-2.6-sunburst-2026-11-04").unwrap().id,
        "gpt-image-2.6-sunburst"
    );
    assert!(catalog.find("gpt-image-3").is_none());
    assert!(catalog.find("gpt-image-3-2026-11-04").is_none());
    assert_eq!(undated("gpt-image-2-2026-04"), None);
    assert_eq!(undated("gpt-image-2-2026-0a-21"), None);
    assert_eq!(undated("2026-04-21"), None);
    assert_eq!(undated("é-2026-04-21"), Some("é"));
}

#[test]
fn every_row_cites_a_public_page_and_a_date() {
    for m in MODELS {
        assert!(m.source.url.starts_with("https://"), "{}: {}", m.id, m.source.url);
        assert!(!m.source.url.ends_with(".md"), "{}: a file users cannot read", m.id);
        assert!(is_iso_date(m.source.checked), "{}: {}", m.id, m.source.checked);
        for s in m.shutdowns {
            assert!(is_iso_date(s.date), "{}: {}", m.id, s.date);
        }
    }
    for p in providers::PROVIDERS {
        assert!(p.source.url.starts_with("https://"), "{:?}", p.provider);
    }
}

#[test]
fn rows_hold_the_documented_facts() {
    let c = Catalog::default();
    let d3 = c.find("dall-e-3").unwrap();
    assert_eq!((d3.max_n, d3.max_prompt_chars), (1, Some(4000)));
    assert_eq!(d3.endpoints, &[Endpoint::Generations]);
    assert_eq!(c.find("gpt-image-1-mini").unwrap().input_fidelities, &["low"]);
    let g2 = c.find("gpt-image-2").unwrap();
    assert!(g2.input_fidelities.is_empty());
    let Sizes::Free(free) = g2.sizes else {
        panic!("gpt-image-2 has free sizes")
    };
    assert_eq!(
        (free.multiple_of, free.min_pixels, free.max_pixels, free.max_long_side),
        (16, 655_360, 8_294_400, 3840)
    );
    let g26 = c.find("gpt-image-2.6-flare").unwrap();
    assert!(g26.qualities.contains(&"max") && g26.qualities.contains(&"xhigh"));
    assert!(g26.output_formats.contains(&"svg") && !g26.edit_output_formats.contains(&"svg"));
    assert!(g26.markup && g26.svg && g26.gif.is_some());
    assert!(c.find("gpt-image-2.5-sunburst").unwrap().backgrounds.contains(&"auto"));
    assert_eq!(c.find("qwen-image").unwrap().max_n, 1);
}

#[test]
fn status_on_the_day_before_of_and_after_each_shutdown() {
    for m in MODELS {
        for s in m.shutdowns {
            let day_before = previous_day(s.date);
            let day_after = next_day(s.date);
            assert_eq!(
                availability(m, s.provider, &day_before),
                Availability::Retiring(*s),
                "{} on {:?} the day before {}",
                m.id,
                s.provider,
                s.date
            );
            assert_eq!(
                availability(m, s.provider, s.date),
                Availability::ShutDown(*s),
                "{}",
                m.id
            );
            assert_eq!(
                availability(m, s.provider, &day_after),
                Availability::ShutDown(*s),
                "{}",
                m.id
            );
        }
    }
    let c = Catalog::default();
    let g15 = c.find("gpt-image-1.5").unwrap();
    assert_eq!(availability(&g15, Provider::OpenAi, "2026-11-30").as_str(), "retiring");
    assert_eq!(availability(&g15, Provider::OpenAi, "2026-12-01").as_str(), "shut_down");
    // Azure keeps it until 2026-12-16.
    assert_eq!(availability(&g15, Provider::Azure, "2026-12-02").as_str(), "retiring");
    assert_eq!(availability(&g15, Provider::Azure, "2026-12-16").as_str(), "shut_down");
    // A proxy takes OpenAI's dates.
    assert_eq!(
        availability(&g15, Provider::Compatible, "2026-12-02").as_str(),
        "shut_down"
    );
    let g26 = c.find("gpt-image-2.6-sunburst").unwrap();
    assert_eq!(
        availability(&g26, Provider::OpenAi, "2030-01-01"),
        Availability::Current
    );
    // A malformed day shuts nothing down.
    assert_eq!(availability(&g15, Provider::OpenAi, "someday").as_str(), "retiring");
}

/// The calendar neighbours of an ISO date (the table's dates are all mid-month or month ends).
fn previous_day(date: &str) -> String {
    shift(date, -1)
}

fn next_day(date: &str) -> String {
    shift(date, 1)
}

fn shift(date: &str, by: i64) -> String {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    let days_in = |y: i64, m: i64| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let (mut y, mut m, mut d) = (y, m, d + by);
    if d < 1 {
        m -= 1;
        if m < 1 {
            m = 12;
            y -= 1;
        }
        d = days_in(y, m);
    } else if d > days_in(y, m) {
        d = 1;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn shift_crosses_months_and_years() {
    assert_eq!(previous_day("2026-12-01"), "2026-11-30");
    assert_eq!(next_day("2026-12-31"), "2027-01-01");
    assert_eq!(previous_day("2024-03-01"), "2024-02-29");
}

#[test]
fn iso_dates_are_checked() {
    for good in ["2026-12-01", "2027-02-28"] {
        assert!(is_iso_date(good), "{good}");
    }
    for bad in ["2026-13-01", "2026-12-1", "2026/12/01", "", "2026-12-00", "२०२६-12-01"] {
        assert!(!is_iso_date(bad), "{bad}");
    }
}

#[test]
fn parses_sizes_strictly() {
    assert_eq!(parse_size("1536x864"), Some((1536, 864)));
    for bad in [
        "auto",
        "1024",
        "x1024",
        "1024x",
        "10 24x1024",
        "-1x5",
        "1024X1024",
        "99999999x1",
    ] {
        assert_eq!(parse_size(bad), None, "{bad}");
    }
}

#[test]
fn model_info_narrows_formats_per_provider_and_says_what_is_estimable() {
    let c = Catalog::default();
    let g26 = c.find("gpt-image-2.6-sunburst").unwrap();
    let openai = ModelInfo::of(&g26, Provider::OpenAi, "2026-12-02");
    assert_eq!(openai.output_formats, vec!["png", "jpeg", "webp", "gif", "svg"]);
    assert!(!openai.estimable, "2.6 has prices but no output formula");
    assert!(openai.pricing.is_some());
    let azure = ModelInfo::of(&g26, Provider::Azure, "2026-12-02");
    assert_eq!(azure.output_formats, vec!["png", "jpeg"]);
    let g2 = ModelInfo::of(&c.find("gpt-image-2").unwrap(), Provider::OpenAi, "2026-12-02");
    assert!(g2.estimable);
    let g15 = ModelInfo::of(&c.find("gpt-image-1.5").unwrap(), Provider::OpenAi, "2026-12-02");
    assert_eq!(
        (g15.status, g15.shutdown_date.as_deref(), g15.replacement),
        ("shut_down", Some("2026-12-01"), Some("gpt-image-2"))
    );
}
