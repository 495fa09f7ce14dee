//! `plantrack backup --out FILE`: the whole store — the database at one instant and every
//! kept document — in one file, taken while the server goes on serving.

use std::path::PathBuf;

use clap::Args;
use plantrack_domain::Language;
use plantrack_store::backup::Maintenance;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (replaced only once the new one is complete).
    #[arg(long)]
    pub out: PathBuf,
    /// Where the server keeps uploaded documents: its folder, or s3://bucket/prefix (as
    /// `serve --documents`). A folder that does not exist is backed up as no documents,
    /// with a warning.
    #[arg(
        long,
        env = "PLANTRACK_DOCUMENTS",
        default_value = "plantrack-documents"
    )]
    pub documents: String,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(db: &str, args: BackupArgs, lang: Language) -> Result<(), CliError> {
    // A folder that is not there is not created: the store has no documents yet (or the
    // path is wrong, which the warning below says).
    let is_folder = !args.documents.trim_start().starts_with("s3://");
    let documents = if is_folder && !std::path::Path::new(&args.documents).exists() {
        None
    } else {
        Some(super::documents::open(&args.documents, u64::MAX, lang).await?)
    };
    let maintenance = Maintenance::connect(db).await?;
    let summary = maintenance.backup(documents.as_ref(), &args.out).await;
    maintenance.close().await;
    let summary = summary?;
    if !summary.documents_folder_found {
        eprintln!(
            "{}",
            translate(
                lang.into(),
                "cli-backup-no-documents",
                &[("folder", args.documents.as_str().into())]
            )
        );
    }
    match args.format.format {
        Format::Json => print_json(&summary),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-backup-done",
                &[
                    ("file", summary.file.display().to_string().into()),
                    ("tables", summary.tables.into()),
                    ("rows", summary.rows.into()),
                    ("documents", summary.documents.into()),
                    ("bytes", summary.bytes.into()),
                    ("schema", summary.schema_version.into()),
                ]
            )
        ),
    }
}
