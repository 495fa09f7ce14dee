//! `plantrack restore FILE`: puts a backup back into an empty database (SQLite or
//! PostgreSQL, whichever it came from) and its documents folder, then brings the
//! database up to this build. A damaged, truncated or newer file, and a database that is
//! not empty, are refused before anything is written.

use std::path::PathBuf;

use clap::Args;
use plantrack_domain::Language;
use plantrack_store::backup::Maintenance;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

/// 20 GiB: a whole store's documents, while the 20× ratio still refuses a bomb.
const RESTORE_DEFAULT_MB: u64 = 20 * 1024;

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (written by `plantrack backup`).
    pub file: PathBuf,
    /// Where to put the documents back: a folder (created if missing) or s3://bucket/prefix,
    /// as `serve --documents`. Documents already
    /// there are the same files, since each is named by its content, and are kept).
    #[arg(
        long,
        env = "PLANTRACK_DOCUMENTS",
        default_value = "plantrack-documents"
    )]
    pub documents: String,
    /// The most the backup may unpack to, in MiB (and at most 20 times its size). Higher than
    /// `serve`'s default: a backup holds every document of the store.
    #[arg(long, env = "PLANTRACK_MAX_UNPACKED_MB", default_value_t = RESTORE_DEFAULT_MB)]
    pub max_unpacked_mb: u64,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(db: &str, args: RestoreArgs, lang: Language) -> Result<(), CliError> {
    let documents = super::documents::open(&args.documents, u64::MAX, lang).await?;
    let maintenance = Maintenance::connect(db).await?;
    let limits = plantrack_gis::archive::ArchiveLimits::from_mb(args.max_unpacked_mb);
    let summary = maintenance.restore(&args.file, &documents, limits).await;
    maintenance.close().await;
    let summary = summary?;
    match args.format.format {
        Format::Json => print_json(&summary),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-restore-done",
                &[
                    ("file", args.file.display().to_string().into()),
                    ("from", summary.from_backend.as_str().into()),
                    ("to", summary.backend.as_str().into()),
                    (
                        "taken",
                        plantrack_web::format::timestamp(summary.created_at).into()
                    ),
                    ("tables", summary.tables.into()),
                    ("rows", summary.rows.into()),
                    ("documents", summary.documents.into()),
                ]
            )
        ),
    }
}
