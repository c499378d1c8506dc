//! Draws `bench/chart.svg` from `bench/results.json` (written by `make bench`): requests per
//! second of Quire and nginx for each page, and cold start of Quire against a hugo build.
//!
//! ```sh
//! cargo run --release --features ssr --example bench_chart -- bench/results.json bench/chart.svg
//! ```

use plotters::prelude::*;
use plotters::style::FontStyle;
use serde_json::Value;
use std::process::ExitCode;

/// Where Debian keeps the font the labels are measured with (SVG viewers use their own).
const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

const QUIRE: RGBColor = RGBColor(0x0b, 0x5c, 0xad);
const OTHER: RGBColor = RGBColor(0x9a, 0xa0, 0xa6);

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// `(label, quire, other)` bars in one panel.
fn panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    unit: &str,
    other: &str,
    bars: &[(String, f64, f64)],
) -> Result<()> {
    // Headroom above the tallest bar keeps the legend clear of the bars.
    let top = bars.iter().map(|(_, q, o)| q.max(*o)).fold(1.0, f64::max) * 1.35;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..bars.len() as f64, 0.0..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(0)
        .y_desc(unit)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    for (i, (label, quire, other_value)) in bars.iter().enumerate() {
        let x = i as f64;
        chart.draw_series([
            Rectangle::new([(x + 0.12, 0.0), (x + 0.48, *quire)], QUIRE.filled()),
            Rectangle::new([(x + 0.52, 0.0), (x + 0.88, *other_value)], OTHER.filled()),
        ])?;
        chart.draw_series([Text::new(
            label.clone(),
            (x + 0.5, -top * 0.04),
            ("sans-serif", 14).into_font().color(&BLACK).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Top,
                ),
            ),
        )])?;
    }
    chart
        .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], QUIRE.filled())])?
        .label("Quire")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], QUIRE.filled()));
    chart
        .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], OTHER.filled())])?
        .label(other)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], OTHER.filled()));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    Ok(())
}

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or_default()
}

fn draw(results: &Value, out: &str) -> Result<()> {
    let font = std::fs::read(FONT).map_err(|e| format!("{FONT}: {e}"))?;
    plotters::style::register_font("sans-serif", FontStyle::Normal, Box::leak(font.into()))
        .map_err(|_| "the font does not load")?;
    let serving: Vec<(String, f64, f64)> = results["pages"]
        .as_array()
        .map(|pages| {
            pages
                .iter()
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or_default().to_string();
                    (name, number(p, "quire_rps"), number(p, "nginx_rps"))
                })
                .collect()
        })
        .unwrap_or_default();
    let cold: Vec<(String, f64, f64)> = results["cold_start"]
        .as_array()
        .map(|runs| {
            runs.iter()
                .map(|r| {
                    let posts = number(r, "posts");
                    (
                        format!("{posts:.0} posts"),
                        number(r, "quire_ms"),
                        number(r, "hugo_ms"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let root = SVGBackend::new(out, (1100, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(640);
    panel(
        &left,
        "Serving, 1,000 posts (higher is better)",
        "requests / s",
        "nginx, same HTML",
        &serving,
    )?;
    panel(
        &right,
        "Cold start (lower is better)",
        "ms",
        "hugo build",
        &cold,
    )?;
    root.present()?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: bench_chart <results.json> <chart.svg>");
        return ExitCode::FAILURE;
    };
    let result = std::fs::read_to_string(input)
        .map_err(|e| format!("{input}: {e}").into())
        .and_then(|text| serde_json::from_str::<Value>(&text).map_err(Into::into))
        .and_then(|results| draw(&results, out));
    match result {
        Ok(()) => {
            println!("wrote {out}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot draw the chart: {error}");
            ExitCode::FAILURE
        }
    }
}
