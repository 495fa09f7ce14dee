//! `plantrack backup --out FILE`: the whole store — the database at one instant and every
//! kept document — in one file, taken while the server goes on serving.

use std::path::PathBuf;

use clap::Args;
use plantrack_domain::Language;
use plantrack_store::backup::Maintenance;
use plantrack_store::blobs::BlobStore;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (replaced only once the new one is complete).
    #[arg(long)]
    pub out: PathBuf,
    /// The folder where the server keeps uploaded documents (a folder that does not exist
    /// is backed up as no documents, with a warning).
    #[arg(
        long,
        env = "PLANTRACK_DOCUMENTS",
        default_value = "plantrack-documents"
    )]
    pub documents: PathBuf,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(db: &str, args: BackupArgs, lang: Language) -> Result<(), CliError> {
    let maintenance = Maintenance::connect(db).await?;
    // Opened without creating it: a folder that is not there is a wrong path.
    let documents = BlobStore::at(&args.documents, 0);
    let summary = maintenance.backup(&documents, &args.out).await;
    maintenance.close().await;
    let summary = summary?;
    if !summary.documents_folder_found {
        eprintln!(
            "{}",
            translate(
                lang.into(),
                "cli-backup-no-documents",
                &[("folder", args.documents.display().to_string().into())]
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
