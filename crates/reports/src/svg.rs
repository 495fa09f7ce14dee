//! The figures drawn as SVG in Rust: the stage map and the charts. The PDF embeds the SVG as
//! it is; the DOCX and the spreadsheet get it rasterised by resvg with the shipped font, so
//! that no browser, system font or network is involved.

use std::fmt::Write as _;
use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use crate::error::ReportError;
use crate::fonts;
use crate::model::{Chart, ChartKind, Locale, MapFigure};

/// The width every figure is drawn at, in SVG user units (points in print).
pub const WIDTH: f64 = 760.0;
const FONT: &str = fonts::FAMILY;

/// Light to dark as the plans advance (ColorBrewer YlGnBu): the further a unit's plan, the
/// darker it reads, even in grey.
const RAMP: [(u8, u8, u8); 5] = [
    (255, 255, 204),
    (161, 218, 180),
    (65, 182, 196),
    (44, 127, 184),
    (37, 52, 148),
];
const NO_PLAN: &str = "#e0e0e0";
/// Series colours for the charts (ColorBrewer Dark2).
const SERIES: [&str; 8] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The colour of stage `number` (1-based) of `stages`.
pub fn stage_colour(number: u32, stages: usize) -> String {
    let t = if stages <= 1 {
        0.0
    } else {
        f64::from(number.saturating_sub(1)) / (stages - 1) as f64
    };
    let pos = t.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let i = (pos.floor() as usize).min(RAMP.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// The centre of a ring's area (its mean vertex when the ring has no area).
fn centroid(ring: &[[f64; 2]]) -> Option<([f64; 2], f64)> {
    if ring.len() < 3 {
        return None;
    }
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let cross = w[0][0] * w[1][1] - w[1][0] * w[0][1];
        a += cross;
        cx += (w[0][0] + w[1][0]) * cross;
        cy += (w[0][1] + w[1][1]) * cross;
    }
    if a.abs() < f64::EPSILON {
        let n = ring.len() as f64;
        let (sx, sy) = ring
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
        return Some(([sx / n, sy / n], 0.0));
    }
    Some(([cx / (3.0 * a), cy / (3.0 * a)], (a / 2.0).abs()))
}

/// The map: each unit filled with its stage's colour and labelled with the stage's number,
/// the legend below.
pub fn map(figure: &MapFigure, locale: Locale) -> String {
    let points = figure
        .units
        .iter()
        .flat_map(|u| u.polygons.iter().flatten().flatten());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in points {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    if x0 > x1 {
        (x0, y0, x1, y1) = (0.0, 0.0, 1.0, 1.0);
    }
    // Equirectangular at the province's middle latitude: true enough for one province.
    let k = f64::midpoint(y0, y1).to_radians().cos();
    let (w, h) = (((x1 - x0) * k).max(1e-9), (y1 - y0).max(1e-9));
    let margin = 10.0;
    let scale = ((WIDTH - 2.0 * margin) / w).min(700.0 / h);
    let map_h = h * scale + 2.0 * margin;
    let x_off = (WIDTH - w * scale) / 2.0;
    let project = |p: &[f64; 2]| {
        (
            x_off + (p[0] - x0) * k * scale,
            margin + (y1 - p[1]) * scale,
        )
    };
    let stages = figure.legend.iter().map(|e| e.number).max().unwrap_or(1) as usize;
    let legend_rows = figure.legend.len() + 1;
    let height = map_h + 16.0 + 18.0 * legend_rows as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="{FONT}"><rect width="100%" height="100%" fill="white"/>"#
    );
    let mut labels = String::new();
    for unit in &figure.units {
        let fill = unit
            .stage
            .map_or_else(|| NO_PLAN.to_owned(), |n| stage_colour(n, stages));
        let mut d = String::new();
        for ring in unit.polygons.iter().flatten() {
            for (i, p) in ring.iter().enumerate() {
                let (x, y) = project(p);
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        let _ = write!(
            s,
            r##"<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#555" stroke-width="0.6"><title>{}</title></path>"##,
            esc(&unit.name)
        );
        let biggest = unit
            .polygons
            .iter()
            .filter_map(|poly| poly.first().and_then(|r| centroid(r)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((c, _)) = biggest {
            let (x, y) = project(&c);
            let text = unit.stage.map_or_else(|| "–".to_owned(), |n| n.to_string());
            let _ = write!(
                labels,
                r#"<text x="{x:.1}" y="{:.1}" font-size="10" font-weight="bold" text-anchor="middle" fill="black" stroke="white" stroke-width="2.5" paint-order="stroke">{text}</text>"#,
                y + 3.5
            );
        }
    }
    s.push_str(&labels);
    let mut y = map_h + 16.0;
    let entries = figure
        .legend
        .iter()
        .map(|e| {
            (
                stage_colour(e.number, stages),
                e.number.to_string(),
                format!("{} ({})", e.label, locale.integer(e.count as i64)),
            )
        })
        .chain(std::iter::once((
            NO_PLAN.to_owned(),
            "–".to_owned(),
            figure.no_plan.clone(),
        )));
    for (colour, number, label) in entries {
        let _ = write!(
            s,
            r##"<rect x="20" y="{:.0}" width="26" height="14" fill="{colour}" stroke="#555" stroke-width="0.6"/><text x="33" y="{:.0}" font-size="10" font-weight="bold" text-anchor="middle" stroke="white" stroke-width="2.5" paint-order="stroke">{number}</text><text x="54" y="{:.0}" font-size="11">{}</text>"##,
            y - 11.0,
            y,
            y,
            esc(&label)
        );
        y += 18.0;
    }
    s.push_str("</svg>");
    s
}

/// A chart: horizontal bars by category, or lines over dated categories.
pub fn chart(c: &Chart, locale: Locale) -> String {
    match c.kind {
        ChartKind::Bar => bars(c, locale),
        ChartKind::Line => lines(c, locale),
    }
}

fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * mag)
}

fn series_legend(s: &mut String, c: &Chart, y: f64) {
    let mut x = 20.0;
    for (i, series) in c.series.iter().enumerate() {
        let _ = write!(
            s,
            r#"<rect x="{x:.0}" y="{:.0}" width="12" height="12" fill="{}"/><text x="{:.0}" y="{y:.0}" font-size="11">{}</text>"#,
            y - 10.0,
            SERIES[i % SERIES.len()],
            x + 16.0,
            esc(&series.name)
        );
        x += 30.0 + 6.5 * series.name.chars().count() as f64;
    }
}

fn bars(c: &Chart, locale: Locale) -> String {
    let label_w = 300.0;
    let plot_w = WIDTH - label_w - 60.0;
    let n_series = c.series.len().max(1);
    let bar_h = 14.0;
    let group_h = bar_h * n_series as f64 + 8.0;
    let top = 30.0;
    let height = top + group_h * c.categories.len() as f64 + 30.0;
    let max = nice_max(
        c.series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max),
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="{FONT}"><rect width="100%" height="100%" fill="white"/>"#
    );
    series_legend(&mut s, c, 16.0);
    for (i, cat) in c.categories.iter().enumerate() {
        let gy = top + group_h * i as f64;
        let _ = write!(
            s,
            r#"<text x="{:.0}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"#,
            label_w - 6.0,
            gy + group_h / 2.0,
            esc(&cat.display(locale))
        );
        for (j, series) in c.series.iter().enumerate() {
            let v = series.values.get(i).copied().unwrap_or(0.0);
            let w = v / max * plot_w;
            let y = gy + bar_h * j as f64;
            if w > 0.0 {
                let _ = write!(
                    s,
                    r#"<rect x="{label_w}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"/>"#,
                    bar_h - 2.0,
                    SERIES[j % SERIES.len()],
                );
            }
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
                label_w + w + 4.0,
                y + bar_h - 4.0,
                locale.integer(v.round() as i64)
            );
        }
    }
    let axis_y = top + group_h * c.categories.len() as f64;
    let _ = write!(
        s,
        r##"<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{axis_y:.0}" stroke="#333"/><text x="{:.0}" y="{:.0}" font-size="11" text-anchor="middle">{}</text></svg>"##,
        label_w + plot_w / 2.0,
        axis_y + 20.0,
        esc(&c.value_title)
    );
    s
}

fn lines(c: &Chart, locale: Locale) -> String {
    let (left, right, top, plot_h) = (50.0, 20.0, 20.0, 260.0);
    let plot_w = WIDTH - left - right;
    let legend_rows = c.series.len().div_ceil(3);
    let height = top + plot_h + 50.0 + 18.0 * legend_rows as f64;
    let max = nice_max(
        c.series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max),
    );
    let n = c.categories.len();
    let x_at = |i: usize| {
        if n <= 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y_at = |v: f64| top + plot_h - v / max * plot_h;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="{FONT}"><rect width="100%" height="100%" fill="white"/>"#
    );
    for t in 0..=4 {
        let v = max * f64::from(t) / 4.0;
        let y = y_at(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{y:.1}" x2="{:.0}" y2="{y:.1}" stroke="#ddd"/><text x="{:.0}" y="{:.1}" font-size="10" text-anchor="end">{}</text>"##,
            left + plot_w,
            left - 4.0,
            y + 3.0,
            locale.integer(v.round() as i64)
        );
    }
    // At most about eight dates under the axis.
    let step = n.div_ceil(8).max(1);
    for (i, cat) in c.categories.iter().enumerate() {
        if i % step == 0 || i + 1 == n {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.0}" font-size="10" text-anchor="middle">{}</text>"#,
                x_at(i),
                top + plot_h + 14.0,
                esc(&cat.display(locale))
            );
        }
    }
    for (j, series) in c.series.iter().enumerate() {
        let colour = SERIES[j % SERIES.len()];
        let points: Vec<String> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x_at(i), y_at(*v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            points.join(" ")
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{:.0}" x2="{:.0}" y2="{:.0}" stroke="#333"/>"##,
        top + plot_h,
        left + plot_w,
        top + plot_h
    );
    for (j, series) in c.series.iter().enumerate() {
        let (col, row) = (j % 3, j / 3);
        let x = left + 230.0 * col as f64;
        let y = top + plot_h + 36.0 + 18.0 * row as f64;
        let _ = write!(
            s,
            r#"<rect x="{x:.0}" y="{:.0}" width="12" height="3" fill="{}"/><text x="{:.0}" y="{y:.0}" font-size="10">{}</text>"#,
            y - 5.0,
            SERIES[j % SERIES.len()],
            x + 16.0,
            esc(&series.name)
        );
    }
    s.push_str("</svg>");
    s
}

/// The SVG as a PNG at `scale` pixels per unit, drawn with the shipped font only.
pub fn png(svg: &str, scale: f32) -> Result<(Vec<u8>, u32, u32), ReportError> {
    let mut db = usvg::fontdb::Database::new();
    for font in fonts::ALL {
        db.load_font_data(font.to_vec());
    }
    let options = usvg::Options {
        font_family: FONT.to_owned(),
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| ReportError::Image(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| ReportError::Image("figure too large".into()))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| ReportError::Image("figure has no size".into()))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| ReportError::Image(e.to_string()))?;
    Ok((bytes, size.width(), size.height()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_darken_from_first_to_last() {
        assert_eq!(stage_colour(1, 5), "#ffffcc");
        assert_eq!(stage_colour(5, 5), "#253494");
        assert_eq!(stage_colour(1, 1), "#ffffcc");
    }

    #[test]
    fn a_square_centres_on_its_middle() {
        let ring = [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]];
        let (c, area) = centroid(&ring).unwrap();
        assert!((c[0] - 1.0).abs() < 1e-9 && (c[1] - 1.0).abs() < 1e-9);
        assert!((area - 4.0).abs() < 1e-9);
    }
}
