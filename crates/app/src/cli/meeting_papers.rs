//! `plantrack meeting minutes|notice`: a meeting's minutes or conclusion notice as DOCX or PDF,
//! with the parts chosen, written to a file. Nothing is written when the input is refused.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;
use plantrack_web::meeting_papers::{
    Paper, PaperSections, PapersError, meeting_paper, meeting_papers_data,
};

use super::CliError;
use super::output::outln;
use super::report::write_in_place;

#[derive(Debug, Args)]
pub struct PaperArgs {
    /// The meeting's id.
    pub id: i64,
    /// docx or pdf.
    #[arg(long)]
    pub format: String,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// The parts to include: participants, report, status (separated by commas), all or none.
    #[arg(long, default_value = "all")]
    pub sections: String,
    /// The day the directives' status is read on (YYYY-MM-DD); the next meeting's day by
    /// default (today at the latest).
    #[arg(long)]
    pub status_on: Option<NaiveDate>,
}

pub async fn run(
    planning: &Planning,
    paper: Paper,
    args: PaperArgs,
    lang: Language,
) -> Result<(), CliError> {
    let Some(format @ (Format::Docx | Format::Pdf)) = Format::parse(&args.format) else {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-paper-unknown-format",
            &[("format", args.format.clone().into())],
        )));
    };
    let chosen = PaperSections::parse(&args.sections).map_err(|word| {
        CliError::Usage(translate(
            lang.into(),
            "cli-paper-unknown-section",
            &[
                ("section", word.into()),
                ("known", PaperSections::NAMES.join(", ").into()),
            ],
        ))
    })?;
    let data = meeting_papers_data(
        planning,
        Caller::Operator,
        args.id,
        args.status_on,
        lang.into(),
    )
    .await
    .map_err(|e| match e {
        PapersError::Store(e) => CliError::Store(e),
        PapersError::StatusBeforeMeeting { held_on } => CliError::Usage(translate(
            lang.into(),
            "cli-paper-status-before-meeting",
            &[("held_on", held_on.format("%d/%m/%Y").to_string().into())],
        )),
    })?;
    let report = meeting_paper(&data, paper, chosen, lang.into());
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
            "cli-paper-written",
            &[
                ("file", args.out.display().to_string().into()),
                ("paper", paper.as_str().into()),
                ("format", format.extension().to_uppercase().into()),
                ("bytes", bytes.len().into()),
            ]
        )
    )?;
    Ok(())
}
