//! CSV: the report's main table (one row a dossier), for whoever reads it into another tool.
//! Numbers and ISO dates as a program reads them, a byte-order mark so that Excel reads UTF-8.

use crate::error::ReportError;
use crate::model::{Cell, Report};

pub fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    let table = report
        .sections
        .iter()
        .flat_map(|s| &s.tables)
        .find(|t| t.key == report.csv_table)
        .ok_or_else(|| ReportError::NoTable(report.csv_table.clone()))?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let csv_error = |e: csv::Error| ReportError::Csv(e.to_string());
        w.write_record(table.columns.iter().map(|c| c.title.as_str()))
            .map_err(csv_error)?;
        for row in &table.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => s.clone(),
                Cell::Integer(n) | Cell::Change(n) | Cell::Money(n) => n.to_string(),
                Cell::Decimal(x) => x.to_string(),
                Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
                Cell::Empty => String::new(),
            }))
            .map_err(csv_error)?;
        }
        w.flush().map_err(|e| ReportError::Csv(e.to_string()))?;
    }
    Ok(out)
}
