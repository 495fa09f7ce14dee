//! `consultation export ID --format docx|xlsx --out FILE`: the synthesis and explanation table,
//! A4 landscape, with a cover line saying who exported it, when and with which filters;
//! `--anonymised` leaves out names and contacts.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format as DocFormat;
use plantrack_store::Planning;
use plantrack_web::consultation_table::{TableOptions, consultation_table};
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::outln;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Docx,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The round.
    pub id: i64,
    #[arg(long, value_enum)]
    pub format: TableFormat,
    /// The file written.
    #[arg(long)]
    pub out: PathBuf,
    /// Without the names and contacts of those who gave opinions.
    #[arg(long)]
    pub anonymised: bool,
    /// Only the opinions answered under one topic (its key).
    #[arg(long)]
    pub topic: Option<String>,
    /// Who exports, for the cover line (the system user by default).
    #[arg(long)]
    pub by: Option<String>,
}

pub async fn run(planning: &Planning, args: ExportArgs, lang: Language) -> Result<(), CliError> {
    let sheet = planning.consultation(Caller::Operator, args.id).await?;
    let unit = planning.unit(&sheet.round.unit_code).await?;
    let dossier = planning
        .dossier(Caller::Operator, sheet.round.dossier_id)
        .await?;
    let opts = TableOptions {
        anonymised: args.anonymised,
        topic: args.topic,
        exported_by: args
            .by
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "operator".into()),
        exported_at: planning.clock.now(),
        issuer: dossier.state.bodies.preparing.clone(),
        unit_name: match lang {
            Language::En => unit.unit.name_en,
            _ => unit.unit.name_vi,
        },
    };
    let report = consultation_table(&sheet, &opts, lang.into());
    let format = match args.format {
        TableFormat::Docx => DocFormat::Docx,
        TableFormat::Xlsx => DocFormat::Xlsx,
    };
    let bytes =
        tokio::task::spawn_blocking(move || plantrack_reports::render_landscape(&report, format))
            .await
            .map_err(|e| CliError::Usage(e.to_string()))?
            .map_err(|e| CliError::Usage(e.to_string()))?;
    std::fs::write(&args.out, &bytes)?;
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-consultation-exported",
            &[
                ("file", args.out.display().to_string().into()),
                ("rows", sheet.opinions.len().into()),
            ]
        )
    )
}
