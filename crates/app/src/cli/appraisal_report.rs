//! `appraisal report`: a dossier's appraisal report (báo cáo thẩm định) as DOCX, written to a
//! file in the command's language. Nothing is written when the dossier is unknown or the
//! document cannot be made.

use std::path::PathBuf;

use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format;
use plantrack_reports::appraisal::render_docx;
use plantrack_store::Planning;
use plantrack_web::appraisal_report::{appraisal_report, appraisal_report_data};
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::report::write_in_place;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The dossier's number.
    pub dossier: i64,
    /// The DOCX file to write.
    #[arg(long)]
    pub out: PathBuf,
}

pub async fn run(planning: &Planning, args: ReportArgs, lang: Language) -> Result<(), CliError> {
    let data = appraisal_report_data(planning, Caller::Operator, args.dossier).await?;
    let report = appraisal_report(&data, lang.into());
    // Laying out a document is CPU work: off the runtime's threads.
    let bytes = tokio::task::spawn_blocking(move || render_docx(&report))
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?
        .map_err(|e| {
            CliError::Usage(translate(
                lang.into(),
                "cli-report-failed",
                &[("error", e.to_string().into())],
            ))
        })?;
    write_in_place(&args.out, Format::Docx, &bytes).await?;
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-report-written",
            &[
                ("file", args.out.display().to_string().into()),
                ("format", "DOCX".into()),
                ("bytes", bytes.len().into()),
            ]
        )
    )?;
    Ok(())
}
