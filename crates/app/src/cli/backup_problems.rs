//! Why a backup or a restore was refused, in the reader's language: shared by `backup` and
//! `restore`, whose refusals overlap (a file that cannot be read, a damaged store).

use plantrack_store::backup::BackupError;
use plantrack_web::i18n::{Lang, translate};

pub fn describe(e: &BackupError, lang: Lang) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        BackupError::File { path: p, source } => translate(
            lang,
            "cli-backup-file",
            &[
                ("file", path(p).into()),
                ("error", source.to_string().into()),
            ],
        ),
        BackupError::DocumentDamaged(sha) => translate(
            lang,
            "cli-backup-document-damaged",
            &[("sha256", sha.as_str().into())],
        ),
        BackupError::NotMigrated => translate(lang, "cli-backup-not-migrated", &[]),
        BackupError::NotABackup(file) => translate(
            lang,
            "cli-restore-not-a-backup",
            &[("file", file.as_str().into())],
        ),
        BackupError::Damaged(why) => translate(
            lang,
            "cli-restore-damaged",
            &[("error", why.as_str().into())],
        ),
        BackupError::NewerFormat { found, supported } => translate(
            lang,
            "cli-restore-newer-format",
            &[
                ("found", found.as_str().into()),
                ("supported", (*supported).into()),
            ],
        ),
        BackupError::NewerSchema { backup, build } => translate(
            lang,
            "cli-restore-newer-schema",
            &[("backup", (*backup).into()), ("build", (*build).into())],
        ),
        BackupError::DatabaseNotEmpty { table } => translate(
            lang,
            "cli-restore-database-not-empty",
            &[("table", table.as_str().into())],
        ),
        BackupError::SchemaDiffers { target, backup } => translate(
            lang,
            "cli-restore-schema-differs",
            &[("target", (*target).into()), ("backup", (*backup).into())],
        ),
        BackupError::Mismatch(what) => translate(
            lang,
            "cli-restore-mismatch",
            &[("what", what.as_str().into())],
        ),
        BackupError::ArchiveTooLarge(over) => {
            plantrack_web::error::describe_archive_too_large(over, lang).1
        }
        // The store's own errors (the database could not be reached) and a writer that
        // stopped read as every other command's errors do.
        other => translate(lang, "cli-error", &[("message", other.to_string().into())]),
    }
}
