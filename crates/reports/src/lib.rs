//! plantrack's documents. A use case assembles a [`model::Report`] from the store; this crate
//! only lays it out, as DOCX, PDF, XLSX or CSV, with its map and charts drawn in Rust. No IO:
//! every function takes the model and returns the file's bytes.

pub mod appraisal;
mod csv_file;
mod docx;
mod error;
mod fonts;
pub mod model;
mod pdf;
pub mod svg;
mod xlsx;

pub use error::ReportError;
pub use fonts::LICENCE as FONT_LICENCE;

use model::Report;

/// The file formats a report is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Pdf,
    Xlsx,
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Docx, Format::Pdf, Format::Xlsx, Format::Csv];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The report as a file of `format`.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Docx => docx::render(report, false),
        Format::Pdf => pdf::render(report),
        Format::Xlsx => xlsx::render(report),
        Format::Csv => csv_file::render(report),
    }
}

/// The report as a file of `format` on landscape pages: a wide table (the synthesis and
/// explanation of opinions) printed across A4. XLSX tables print across already; PDF and CSV
/// are as [`render`] makes them.
pub fn render_landscape(report: &Report, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Docx => docx::render(report, true),
        other => render(report, other),
    }
}
