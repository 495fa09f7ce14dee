//! XLSX through rust_xlsxwriter: a first sheet with the heading and the text, then one sheet a
//! table (numbers as numbers, dates as dates), one a chart (its data beside a native Excel
//! chart) and one for the map (the picture and its legend).

use std::collections::BTreeSet;

use rust_xlsxwriter::{
    Chart as XlsxChart, ChartType, DocProperties, Format, FormatAlign, FormatBorder, Image,
    Workbook, Worksheet,
};

use crate::error::ReportError;
use crate::model::{Category, Cell, Chart, ChartKind, Figure, MapFigure, Report, Table};
use crate::svg;

struct Formats {
    bold: Format,
    title: Format,
    header: Format,
    date: Format,
    integer: Format,
    change: Format,
    decimal: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color("E0E0E0")
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            integer: Format::new().set_num_format("#,##0"),
            change: Format::new().set_num_format("+#,##0;-#,##0;0"),
            decimal: Format::new().set_num_format("#,##0.0"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A sheet name Excel accepts (at most 31 characters, none of []:*?/\) and not yet taken.
fn sheet_name(wanted: &str, taken: &mut BTreeSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        let suffix = format!(" {n}");
        name = format!(
            "{}{suffix}",
            clean.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    name
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), ReportError> {
    match cell {
        // Long or multi-line text wraps in its cell, so that it prints whole.
        Cell::Text(s) if s.contains('\n') || s.chars().count() > 40 => {
            ws.write_string_with_format(row, col, s, &f.wrap)?;
        }
        Cell::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        Cell::Integer(n) | Cell::Money(n) => {
            ws.write_number_with_format(row, col, *n as f64, &f.integer)?;
        }
        Cell::Change(n) => {
            ws.write_number_with_format(row, col, *n as f64, &f.change)?;
        }
        Cell::Decimal(x) => {
            ws.write_number_with_format(row, col, *x, &f.decimal)?;
        }
        Cell::Date(d) => {
            ws.write_date_with_format(row, col, d, &f.date)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

fn table_sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), ReportError> {
    ws.write_string_with_format(0, 0, &t.title, &f.bold)?;
    for (i, c) in t.columns.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(2, col, &c.title, &f.header)?;
        ws.set_column_width(col, (f64::from(c.width) * 2.8).clamp(8.0, 50.0))?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let mut lines = 1;
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, 3 + r as u32, c as u16, cell, f)?;
            // A wrapped cell's lines, so that the row is tall enough to print them all.
            if let (Cell::Text(s), Some(column)) = (cell, t.columns.get(c)) {
                let per_line = ((f64::from(column.width) * 2.8).clamp(8.0, 50.0) as usize).max(1);
                let n: usize = s
                    .split('\n')
                    .map(|l| l.chars().count().div_ceil(per_line).max(1))
                    .sum();
                lines = lines.max(n);
            }
        }
        if lines > 1 {
            // Excel rows are at most 409 points tall.
            ws.set_row_height(3 + r as u32, (15.0 * lines as f64).min(409.0))?;
        }
    }
    ws.set_freeze_panes(3, 0)?;
    // Printed across, one page wide, the heading row on every page.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2)?;
    if !t.rows.is_empty() {
        ws.autofilter(
            2,
            0,
            2 + t.rows.len() as u32,
            t.columns.len().max(1) as u16 - 1,
        )?;
    }
    Ok(())
}

fn chart_sheet(ws: &mut Worksheet, name: &str, c: &Chart, f: &Formats) -> Result<(), ReportError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 1);
    ws.write_string_with_format(0, 0, &c.title, &f.bold)?;
    ws.write_string_with_format(2, 0, &c.category_title, &f.header)?;
    ws.set_column_width(0, 40)?;
    for (j, s) in c.series.iter().enumerate() {
        ws.write_string_with_format(2, 1 + j as u16, &s.name, &f.header)?;
        ws.set_column_width(1 + j as u16, 14)?;
    }
    for (i, cat) in c.categories.iter().enumerate() {
        let row = 3 + i as u32;
        match cat {
            Category::Text(s) => ws.write_string(row, 0, s)?,
            Category::Date(d) => ws.write_date_with_format(row, 0, d, &f.date)?,
        };
        for (j, s) in c.series.iter().enumerate() {
            if let Some(v) = s.values.get(i) {
                ws.write_number_with_format(row, 1 + j as u16, *v, &f.integer)?;
            }
        }
    }
    if c.categories.is_empty() {
        return Ok(());
    }
    let last = 2 + c.categories.len() as u32;
    let mut chart = XlsxChart::new(match c.kind {
        ChartKind::Bar => ChartType::Bar,
        ChartKind::Line => ChartType::Line,
    });
    for j in 0..c.series.len() {
        let col = 1 + j as u16;
        chart
            .add_series()
            .set_name((name, 2, col))
            .set_categories((name, 3, 0, last, 0))
            .set_values((name, 3, col, last, col));
    }
    chart.title().set_name(&c.title);
    chart.x_axis().set_name(&c.category_title);
    chart.y_axis().set_name(&c.value_title);
    if c.kind == ChartKind::Bar {
        // Excel draws a bar chart's first category at the bottom; the report reads top down.
        chart.x_axis().set_reverse();
    }
    chart.set_width(760).set_height(
        (120 + 22 * c.categories.len() as u32 * c.series.len().max(1) as u32).clamp(300, 900),
    );
    ws.insert_chart(2, 2 + c.series.len() as u16, &chart)?;
    Ok(())
}

fn map_sheet(
    ws: &mut Worksheet,
    m: &MapFigure,
    report: &Report,
    f: &Formats,
) -> Result<(), ReportError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 1);
    ws.write_string_with_format(0, 0, &m.title, &f.bold)?;
    for (i, h) in m.legend_headers.iter().enumerate() {
        ws.write_string_with_format(2, i as u16, h, &f.header)?;
    }
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, 44)?;
    ws.set_column_width(2, 10)?;
    for (i, e) in m.legend.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_number(row, 0, f64::from(e.number))?;
        ws.write_string(row, 1, &e.label)?;
        ws.write_number_with_format(row, 2, e.count as f64, &f.integer)?;
    }
    let (png, _, _) = svg::png(&svg::map(m, report.locale), 1.0)?;
    let image = Image::new_from_buffer(&png)?;
    ws.insert_image(2, 4, &image)?;
    Ok(())
}

pub fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(&report.file_title));
    let mut taken = BTreeSet::new();
    {
        let first = sheet_name(&report.title.kind, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&first)?;
        ws.set_column_width(0, 110)?;
        ws.set_print_fit_to_pages(1, 0);
        let t = &report.title;
        // The first sheet reads like the document: heading, then each section's text.
        let mut lines: Vec<(String, &Format)> = vec![
            (format!("{} — {}", t.parent_body, t.issuer), &f.bold),
            (format!("{} — {}", t.nation, t.motto), &f.bold),
            (t.number.clone(), &f.wrap),
            (t.place_date.clone(), &f.wrap),
            (t.kind.clone(), &f.title),
            (t.subject.clone(), &f.bold),
            (t.basis.clone(), &f.wrap),
            (String::new(), &f.wrap),
        ];
        lines.extend(report.preamble.iter().map(|p| (p.clone(), &f.wrap)));
        for s in &report.sections {
            lines.push((String::new(), &f.wrap));
            lines.push((s.heading.clone(), &f.bold));
            lines.extend(s.paragraphs.iter().map(|p| (p.clone(), &f.wrap)));
        }
        lines.push((String::new(), &f.wrap));
        lines.extend(report.closing.iter().map(|c| (c.clone(), &f.wrap)));
        // The document's kind ("BÁO CÁO") is set larger: its row is taller.
        ws.set_row_height(4, 22)?;
        for (row, (text, fmt)) in lines.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string_with_format(row as u32, 0, text, fmt)?;
                // A spreadsheet does not grow a row for its wrapped text when it opens the
                // file: a long paragraph gets the lines it needs (about 100 characters each
                // in the 110-wide column), or it overlaps the next row when printed.
                let wrapped_lines = text.chars().count().div_ceil(100);
                if wrapped_lines > 1 {
                    ws.set_row_height(row as u32, 15.0 * wrapped_lines as f64)?;
                }
            }
        }
    }
    for s in &report.sections {
        for t in &s.tables {
            let name = sheet_name(&t.key, &mut taken);
            let ws = wb.add_worksheet();
            ws.set_name(&name)?;
            table_sheet(ws, t, &f)?;
        }
        for fig in &s.figures {
            match fig {
                Figure::Chart(c) => {
                    let name = sheet_name(&c.key, &mut taken);
                    let ws = wb.add_worksheet();
                    ws.set_name(&name)?;
                    chart_sheet(ws, &name, c, &f)?;
                }
                Figure::Map(m) => {
                    let name = sheet_name(&m.key, &mut taken);
                    let ws = wb.add_worksheet();
                    ws.set_name(&name)?;
                    map_sheet(ws, m, report, &f)?;
                }
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(sheet_name("Giai đoạn", &mut taken), "Giai đoạn");
        assert_eq!(sheet_name("giai đoạn", &mut taken), "giai đoạn 2");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
        assert_eq!(sheet_name("a/b", &mut taken), "a_b");
    }
}
