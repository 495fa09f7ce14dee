//! `plantrack report`: the progress report as a document — DOCX, PDF, XLSX or CSV — on a day,
//! compared with an earlier one, written to a file. Nothing is written when the input is
//! refused or the document cannot be made.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format;
use plantrack_store::Planning;
use plantrack_store::planning::DocumentQuery;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::parse::parse_known_on;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The day to report on (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: NaiveDate,
    /// The earlier day to compare with (YYYY-MM-DD), e.g. the previous meeting's.
    #[arg(long)]
    pub compare: Option<NaiveDate>,
    /// What was known then (record time): a date (the end of that day in Vietnam) or an
    /// RFC 3339 time; everything recorded so far when absent.
    #[arg(long, value_parser = parse_known_on)]
    pub as_known_on: Option<DateTime<Utc>>,
    /// Province code (e.g. 12 for Lai Châu); the whole country when absent.
    #[arg(long)]
    pub province: Option<String>,
    /// The forecast's target date (YYYY-MM-DD); the due date of the province's directive to
    /// finish the plans, else 2026-03-31, when absent (as `plantrack forecast`).
    #[arg(long)]
    pub target: Option<NaiveDate>,
    /// docx, pdf, xlsx or csv.
    #[arg(long)]
    pub format: String,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
}

pub async fn run(planning: &Planning, args: ReportArgs, lang: Language) -> Result<(), CliError> {
    let Some(format) = Format::parse(&args.format) else {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-report-unknown-format",
            &[("format", args.format.clone().into())],
        )));
    };
    let data = planning
        .progress_document(
            Caller::Operator,
            &DocumentQuery {
                as_of: args.as_of,
                compare: args.compare,
                as_known_on: args.as_known_on,
                province: args.province.clone(),
                lang,
                with_forecast: true,
                target: args.target,
            },
        )
        .await?;
    let report = plantrack_web::progress_document::progress_document(&data, lang.into());
    // Laying out a document is CPU work: off the runtime's threads.
    let bytes = tokio::task::spawn_blocking(move || plantrack_reports::render(&report, format))
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?
        .map_err(|e| {
            CliError::Usage(translate(
                lang.into(),
                "cli-report-failed",
                &[("error", e.to_string().into())],
            ))
        })?;
    write_in_place(&args.out, format, &bytes).await?;
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-report-written",
            &[
                ("file", args.out.display().to_string().into()),
                ("format", format.extension().to_uppercase().into()),
                ("bytes", bytes.len().into()),
            ]
        )
    )?;
    Ok(())
}

/// Writes a document beside its target and renames it into place: no half-written file is left.
pub(super) async fn write_in_place(
    out: &std::path::Path,
    format: Format,
    bytes: &[u8],
) -> Result<(), CliError> {
    let partial = out.with_extension(format!("{}.partial", format.extension()));
    tokio::fs::write(&partial, bytes).await?;
    if let Err(e) = tokio::fs::rename(&partial, out).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(e.into());
    }
    Ok(())
}
