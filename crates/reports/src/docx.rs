//! DOCX through docx-rs: A4, the administrative heading as a borderless two-column table, the
//! sections' tables with borders, the figures as PNG drawn by resvg. Set in Times New Roman,
//! the typeface Decree 30/2020/ND-CP prescribes for administrative documents (the reader's
//! word processor has it, or a metric twin with Vietnamese, such as Liberation Serif).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts,
    Shading, Table as DocxTable, TableCell, TableRow, WidthType,
};

use crate::error::ReportError;
use crate::model::{Cell, Figure, Report, Signature, Table};
use crate::svg;

const FONT: &str = "Times New Roman";
/// A4 in twentieths of a point, and its margins (top and bottom 2 cm, left 3 cm, right 1.5 cm).
const PAGE: (u32, u32) = (11906, 16838);
const MARGIN: (i32, i32, i32, i32) = (1134, 851, 1134, 1701);
/// The text's width in twentieths of a point, upright and across (landscape: the page's long
/// side across, the same margins).
const TEXT_WIDTH_PORTRAIT: usize = (PAGE.0 as i32 - MARGIN.1 - MARGIN.3) as usize;
const TEXT_WIDTH_LANDSCAPE: usize = (PAGE.1 as i32 - MARGIN.1 - MARGIN.3) as usize;
const EMU_PER_TWIP: u32 = 635;

/// A run of text; a line break in the text breaks the line in the document too.
fn run(text: &str) -> Run {
    let mut r = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    r
}

fn line(text: &str, size: usize, bold: bool, align: AlignmentType) -> Paragraph {
    let mut r = run(text).size(size);
    if bold {
        r = r.bold();
    }
    Paragraph::new().add_run(r).align(align)
}

fn title_block(report: &Report, text_width: usize) -> DocxTable {
    let t = &report.title;
    let left = TableCell::new()
        .width(text_width * 2 / 5, WidthType::Dxa)
        .add_paragraph(line(&t.parent_body, 24, false, AlignmentType::Center))
        .add_paragraph(line(&t.issuer, 24, true, AlignmentType::Center))
        .add_paragraph(line("———", 20, false, AlignmentType::Center))
        .add_paragraph(line(&t.number, 24, false, AlignmentType::Center));
    let right = TableCell::new()
        .width(text_width * 3 / 5, WidthType::Dxa)
        .add_paragraph(line(&t.nation, 24, true, AlignmentType::Center))
        .add_paragraph(line(&t.motto, 26, true, AlignmentType::Center))
        .add_paragraph(line("————————", 20, false, AlignmentType::Center))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&t.place_date).size(26).italic())
                .align(AlignmentType::Center),
        );
    DocxTable::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![text_width * 2 / 5, text_width * 3 / 5])
        .width(text_width, WidthType::Dxa)
}

fn table(t: &Table, report: &Report, text_width: usize) -> DocxTable {
    let total: usize = t.columns.iter().map(|c| usize::from(c.width.max(1))).sum();
    let widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| text_width * usize::from(c.width.max(1)) / total.max(1))
        .collect();
    let cell = |text: &str, width: usize, bold: bool, right: bool| {
        let mut r = run(text).size(20);
        if bold {
            r = r.bold();
        }
        TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new().add_run(r).align(if right {
                AlignmentType::Right
            } else {
                AlignmentType::Left
            }),
        )
    };
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(&c.title, *w, true, false).shading(Shading::new().fill("E0E0E0")))
            .collect(),
    );
    let rows = std::iter::once(header).chain(t.rows.iter().map(|r| {
        TableRow::new(
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let c = r.get(i).unwrap_or(&Cell::Empty);
                    cell(&c.display(report.locale), *w, false, c.is_number())
                })
                .collect(),
        )
    }));
    DocxTable::new(rows.collect())
        .set_grid(widths)
        .width(text_width, WidthType::Dxa)
}

fn figure(svg_text: &str, caption: &str, text_width: usize) -> Result<Vec<Paragraph>, ReportError> {
    // Twice the SVG's size: sharp enough in print, small enough to mail.
    let (png, w, h) = svg::png(svg_text, 2.0)?;
    let width_emu = text_width as u32 * EMU_PER_TWIP;
    let height_emu = (f64::from(width_emu) * f64::from(h) / f64::from(w.max(1))) as u32;
    Ok(vec![
        Paragraph::new()
            .add_run(Run::new().add_image(Pic::new(&png).size(width_emu, height_emu)))
            .align(AlignmentType::Center),
        Paragraph::new()
            .add_run(run(caption).size(22).italic())
            .align(AlignmentType::Center),
    ])
}

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// The signer's block under the text: where the document goes on the left, who signs on the
/// right with room for the signature, as Decree 30/2020/ND-CP lays them out.
fn signature_block(s: &Signature, text_width: usize) -> DocxTable {
    let (left_width, right_width) = (text_width * 9 / 20, text_width * 11 / 20);
    let mut left = TableCell::new()
        .width(left_width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(run(&s.recipients_title).size(24).bold().italic()));
    for r in &s.recipients {
        left = left.add_paragraph(Paragraph::new().add_run(run(r).size(22)));
    }
    let mut right = TableCell::new().width(right_width, WidthType::Dxa);
    for t in &s.signer_title {
        right = right.add_paragraph(line(t, 26, true, AlignmentType::Center));
    }
    right = right.add_paragraph(
        Paragraph::new()
            .add_run(run(&s.signer_note).size(24).italic())
            .align(AlignmentType::Center),
    );
    // Room for the hand signature and the seal.
    for _ in 0..4 {
        right = right.add_paragraph(Paragraph::new());
    }
    DocxTable::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![left_width, right_width])
        .width(text_width, WidthType::Dxa)
}

/// The report on A4, upright or across (a wide table, such as the synthesis of opinions).
pub fn render(report: &Report, landscape: bool) -> Result<Vec<u8>, ReportError> {
    render_signed(report, landscape, None)
}

/// The report with the signer's block after its last section, before the closing lines.
pub fn render_signed(
    report: &Report,
    landscape: bool,
    signature: Option<&Signature>,
) -> Result<Vec<u8>, ReportError> {
    let (text_width, page) = if landscape {
        (TEXT_WIDTH_LANDSCAPE, (PAGE.1, PAGE.0))
    } else {
        (TEXT_WIDTH_PORTRAIT, PAGE)
    };
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let mut doc = Docx::new()
        .page_size(page.0, page.1)
        .page_orient(if landscape {
            docx_rs::PageOrientationType::Landscape
        } else {
            docx_rs::PageOrientationType::Portrait
        })
        .page_margin(
            PageMargin::new()
                .top(MARGIN.0)
                .right(MARGIN.1)
                .bottom(MARGIN.2)
                .left(MARGIN.3),
        )
        .default_fonts(fonts)
        .default_size(26)
        .add_table(title_block(report, text_width))
        .add_paragraph(Paragraph::new())
        .add_paragraph(line(&report.title.kind, 28, true, AlignmentType::Center))
        .add_paragraph(line(&report.title.subject, 26, true, AlignmentType::Center))
        .add_paragraph(line(&report.title.basis, 24, false, AlignmentType::Center))
        .add_paragraph(Paragraph::new());
    let body = |text: &str| {
        Paragraph::new()
            .add_run(run(text))
            .align(AlignmentType::Both)
            .line_spacing(LineSpacing::new().after(120))
    };
    for p in &report.preamble {
        doc = doc.add_paragraph(body(p));
    }
    for (i, s) in report.sections.iter().enumerate() {
        let number = ROMAN
            .get(i)
            .map_or_else(|| (i + 1).to_string(), |r| (*r).to_owned());
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("{number}. {}", s.heading)).bold())
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        );
        for p in &s.paragraphs {
            doc = doc.add_paragraph(body(p));
        }
        for t in &s.tables {
            doc = doc
                .add_paragraph(
                    Paragraph::new()
                        .add_run(run(&t.title).bold().size(22))
                        .keep_next(true)
                        .line_spacing(LineSpacing::new().before(120).after(60)),
                )
                .add_table(table(t, report, text_width));
        }
        for f in &s.figures {
            let (svg_text, caption) = match f {
                Figure::Map(m) => (svg::map(m, report.locale), &m.title),
                Figure::Chart(c) => (svg::chart(c, report.locale), &c.title),
            };
            for p in figure(&svg_text, caption, text_width)? {
                doc = doc.add_paragraph(p);
            }
        }
    }
    doc =
        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)));
    if let Some(s) = signature {
        doc = doc
            .add_table(signature_block(s, text_width))
            .add_paragraph(Paragraph::new());
    }
    for c in &report.closing {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(c).size(20)));
    }
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}
