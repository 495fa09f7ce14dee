//! What can go wrong while laying a report out: never the reader's input (the model is
//! checked when it is assembled), only an engine refusing it.

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("DOCX: {0}")]
    Docx(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("CSV: {0}")]
    Csv(String),
    #[error("figure: {0}")]
    Image(String),
    #[error("the report has no table {0:?} for CSV")]
    NoTable(String),
}
