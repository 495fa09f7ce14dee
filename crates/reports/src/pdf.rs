//! PDF through typst: the template (templates/report.typ) receives the report as JSON, with
//! every cell already written for the reader and the figures as SVG; the shipped font is the
//! only one the engine knows.

use serde::Serialize;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::error::ReportError;
use crate::fonts;
use crate::model::{Cell, Figure, Report};
use crate::svg;

const TEMPLATE: &str = include_str!("../templates/report.typ");

#[derive(Serialize)]
struct Doc<'a> {
    lang: &'static str,
    file_title: &'a str,
    title: &'a crate::model::TitleBlock,
    preamble: &'a [String],
    sections: Vec<DocSection<'a>>,
    closing: &'a [String],
}

#[derive(Serialize)]
struct DocSection<'a> {
    heading: &'a str,
    paragraphs: &'a [String],
    tables: Vec<DocTable<'a>>,
    figures: Vec<DocFigure<'a>>,
}

#[derive(Serialize)]
struct DocTable<'a> {
    title: &'a str,
    columns: Vec<&'a str>,
    widths: Vec<u16>,
    /// Whether each column holds numbers (right-aligned).
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct DocFigure<'a> {
    title: &'a str,
    svg: String,
}

fn doc(report: &Report) -> Doc<'_> {
    let locale = report.locale;
    Doc {
        lang: locale.code(),
        file_title: &report.file_title,
        title: &report.title,
        preamble: &report.preamble,
        closing: &report.closing,
        sections: report
            .sections
            .iter()
            .map(|s| DocSection {
                heading: &s.heading,
                paragraphs: &s.paragraphs,
                tables: s
                    .tables
                    .iter()
                    .map(|t| DocTable {
                        title: &t.title,
                        columns: t.columns.iter().map(|c| c.title.as_str()).collect(),
                        widths: t.columns.iter().map(|c| c.width.max(1)).collect(),
                        right: (0..t.columns.len())
                            .map(|i| t.rows.iter().any(|r| r.get(i).is_some_and(Cell::is_number)))
                            .collect(),
                        rows: t
                            .rows
                            .iter()
                            .map(|r| {
                                (0..t.columns.len())
                                    .map(|i| {
                                        r.get(i).map(|c| c.display(locale)).unwrap_or_default()
                                    })
                                    .collect()
                            })
                            .collect(),
                    })
                    .collect(),
                figures: s
                    .figures
                    .iter()
                    .map(|f| match f {
                        Figure::Map(m) => DocFigure {
                            title: &m.title,
                            svg: svg::map(m, locale),
                        },
                        Figure::Chart(c) => DocFigure {
                            title: &c.title,
                            svg: svg::chart(c, locale),
                        },
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_string(&doc(report)).map_err(|e| ReportError::Pdf(e.to_string()))?;
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(fonts::ALL)
        .build();
    let mut inputs = typst::foundations::Dict::new();
    inputs.insert("data".into(), typst::foundations::Value::Str(data.into()));
    let document: PagedDocument = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        ReportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
