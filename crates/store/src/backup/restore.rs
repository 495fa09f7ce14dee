//! Restoring a backup into an empty database and a documents folder (new, or one holding
//! documents already: they are named by their content, so nothing there is overwritten). The whole file is
//! checked first — every part against the manifest's SHA-256 and size — so a damaged or
//! truncated file is refused before anything is written. Then the target is brought to the
//! backup's own schema version, the documents are put back, every row is written in one
//! transaction, and the migrations this build adds since run over the restored data. If
//! writing fails, the transaction writes nothing and the documents put back are removed.
//!
//! The history's guards stay on: events are only ever inserted, which they allow.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyConnection};
use tokio::sync::mpsc;

use plantrack_gis::archive::{ArchiveLimits, BoundedZip, TooLarge};

use super::catalog::{self, Kind, Table, quoted};
use super::manifest::{self, Manifest};
use super::{BackupError, RestoreSummary, values};
use crate::blobs::BlobStore;
use crate::db::{Backend, Db};

/// Tables `migrate` fills itself (the built-in templates; the settings' generation counter
/// its migration starts; the consultation's default topic list): a target holding only their
/// rows is empty, and the backup's rows replace them.
const SEEDED_BY_MIGRATE: [&str; 3] = [
    "workflow_templates",
    "settings_generation",
    "consultation_topics",
];

/// Rows written by one INSERT at most, and bound values per INSERT at most.
const BATCH_ROWS: usize = 500;
const BATCH_VALUES: usize = 2000;

/// What the thread reading the file sends.
enum Piece {
    Document { sha256: String, content: Vec<u8> },
    Rows { table: usize, rows: Vec<Vec<Value>> },
}

pub(super) async fn restore(
    db: &Db,
    file: &Path,
    documents: &BlobStore,
    limits: ArchiveLimits,
) -> Result<(Manifest, RestoreSummary), BackupError> {
    let path = file.to_owned();
    let manifest = tokio::task::spawn_blocking(move || check_file(&path, limits))
        .await
        .map_err(|e| BackupError::file(file, std::io::Error::other(e)))??;
    check_schema(db, &manifest)?;
    let fresh = check_target(db, &manifest).await?;
    if fresh {
        migrate_to(db, &manifest.migrations).await?;
    }
    let mut put = Vec::new();
    let loaded = load(db, file, &manifest, documents, limits, &mut put).await;
    if let Err(e) = loaded {
        for (sha256, size) in put {
            // What this restore added, and only that, is taken back.
            let added = crate::blobs::Kept {
                sha256,
                size,
                media_type: "application/octet-stream",
                created: true,
            };
            if let Err(e) = documents.forget(&added).await {
                tracing::warn!(error = %e, sha256 = %added.sha256, "could not take back a restored document");
            }
        }
        return Err(e);
    }
    let summary = RestoreSummary {
        backend: super::backend_name(db.backend).to_owned(),
        from_backend: manifest.backend.clone(),
        schema_version: manifest.schema_version,
        created_at: manifest.created_at,
        tables: manifest.tables.len(),
        rows: manifest.tables.iter().map(|t| t.rows).sum(),
        documents: manifest.documents.len(),
        document_bytes: manifest.documents.iter().map(|d| d.bytes).sum(),
    };
    Ok((manifest, summary))
}

/// Reads the whole file once: the manifest, and every part against its checksum, unpacking
/// no more than `limits` allow (a bomb is refused before anything is written).
fn check_file(path: &Path, limits: ArchiveLimits) -> Result<Manifest, BackupError> {
    let file = std::fs::File::open(path).map_err(|e| BackupError::file(path, e))?;
    let size = file
        .metadata()
        .map_err(|e| BackupError::file(path, e))?
        .len();
    let zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(zip) => zip,
        Err(e) => {
            // A zip's table of contents is at its end: a file that starts as one but cannot
            // be opened was cut short or damaged; anything else is not a backup at all.
            let mut head = [0u8; 4];
            let starts_as_zip = std::fs::File::open(path)
                .and_then(|mut f| f.read_exact(&mut head))
                .is_ok()
                && head == *b"PK\x03\x04";
            return Err(if starts_as_zip {
                BackupError::Damaged(format!("the file is cut short or damaged ({e})"))
            } else {
                BackupError::NotABackup(path.display().to_string())
            });
        }
    };
    let mut zip = BoundedZip::new(zip, size, limits)?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name(manifest::MANIFEST)
            .map_err(|_| BackupError::NotABackup(path.display().to_string()))?;
        let mut text = Vec::new();
        entry
            .read_to_end(&mut text)
            .map_err(|e| unpacking(manifest::MANIFEST, &e))?;
        let value: Value = serde_json::from_slice(&text)
            .map_err(|e| BackupError::Damaged(format!("{}: {e}", manifest::MANIFEST)))?;
        if value.get("format").and_then(Value::as_str) != Some(manifest::FORMAT) {
            return Err(BackupError::NotABackup(path.display().to_string()));
        }
        let version = value.get("format_version").and_then(Value::as_u64);
        if version.is_none_or(|v| v > u64::from(manifest::FORMAT_VERSION)) {
            return Err(BackupError::NewerFormat {
                found: version.map_or_else(|| "?".to_owned(), |v| v.to_string()),
                supported: manifest::FORMAT_VERSION,
            });
        }
        serde_json::from_value(value)
            .map_err(|e| BackupError::Damaged(format!("{}: {e}", manifest::MANIFEST)))?
    };
    let parts = manifest
        .tables
        .iter()
        .map(|t| (t.part.clone(), t.sha256.clone(), t.bytes))
        .chain(
            manifest
                .documents
                .iter()
                .map(|d| (d.part(), d.sha256.clone(), d.bytes)),
        );
    for (part, sha256, bytes) in parts {
        let mut entry = zip
            .by_name(&part)
            .map_err(|_| BackupError::Damaged(format!("{part} is missing")))?;
        let mut hasher = Sha256::new();
        let read = std::io::copy(&mut entry, &mut hasher).map_err(|e| unpacking(&part, &e))?;
        if read != bytes || hex::encode(hasher.finalize()) != sha256 {
            return Err(BackupError::Damaged(format!(
                "{part} does not match its checksum"
            )));
        }
    }
    Ok(manifest)
}

/// Refuses a backup from a schema this build does not know.
fn check_schema(db: &Db, manifest: &Manifest) -> Result<(), BackupError> {
    let known: BTreeSet<i64> = db.migrator().iter().map(|m| m.version).collect();
    let build = known.iter().copied().max().unwrap_or(0);
    if manifest.schema_version > build || manifest.migrations.iter().any(|v| !known.contains(v)) {
        return Err(BackupError::NewerSchema {
            backup: manifest.schema_version,
            build,
        });
    }
    Ok(())
}

/// Whether the target is empty: a database never migrated and without tables (then true:
/// it is brought to the backup's schema), or one at the backup's very schema holding no rows
/// but the built-in templates `migrate` stores.
async fn check_target(db: &Db, manifest: &Manifest) -> Result<bool, BackupError> {
    let applied = db.applied_migrations().await;
    let mut conn = db.pool.acquire().await?;
    let tables = catalog::tables(&mut conn, db.backend).await?;
    if applied.is_empty() {
        if let Some(table) = tables.first() {
            return Err(BackupError::DatabaseNotEmpty {
                table: table.name.clone(),
            });
        }
        return Ok(true);
    }
    if applied != manifest.migrations {
        return Err(BackupError::SchemaDiffers {
            target: applied.iter().copied().max().unwrap_or(0),
            backup: manifest.schema_version,
        });
    }
    for table in tables
        .iter()
        .filter(|t| !SEEDED_BY_MIGRATE.contains(&t.name.as_str()))
    {
        let any: Option<i64> =
            sqlx::query_scalar(&format!("SELECT 1 FROM {} LIMIT 1", quoted(&table.name)))
                .fetch_optional(&mut *conn)
                .await?;
        if any.is_some() {
            return Err(BackupError::DatabaseNotEmpty {
                table: table.name.clone(),
            });
        }
    }
    Ok(false)
}

/// Applies exactly the backup's migrations, so that its rows meet the columns they had.
async fn migrate_to(db: &Db, versions: &[i64]) -> Result<(), BackupError> {
    let migrator = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            db.migrator()
                .iter()
                .filter(|m| versions.contains(&m.version))
                .cloned()
                .collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    migrator
        .run(&db.pool)
        .await
        .map_err(|e| BackupError::Store(e.into()))
}

async fn load(
    db: &Db,
    file: &Path,
    manifest: &Manifest,
    documents: &BlobStore,
    limits: ArchiveLimits,
    put: &mut Vec<(String, u64)>,
) -> Result<(), BackupError> {
    let (send, mut receive) = mpsc::channel(4);
    let reader = {
        let (file, manifest) = (file.to_owned(), manifest.clone());
        tokio::task::spawn_blocking(move || read_parts(&file, &manifest, limits, &send))
    };
    let mut tx = db.begin_write().await?;
    let targets = target_tables(&mut tx, db.backend, manifest).await?;
    // The backup's own templates are the ones its dossiers ran under.
    for seeded in targets
        .iter()
        .filter(|t| SEEDED_BY_MIGRATE.contains(&t.name.as_str()))
    {
        sqlx::query(&format!("DELETE FROM {}", quoted(&seeded.name)))
            .execute(&mut *tx)
            .await?;
    }
    while let Some(piece) = receive.recv().await {
        match piece? {
            Piece::Document { sha256, content } => {
                // Documents are named by their content: one already there is this one, and
                // is left as it is (and is not taken back if the restore fails).
                match documents.restore(&sha256, &content).await {
                    Ok(true) => put.push((sha256, content.len() as u64)),
                    Ok(false) => {}
                    Err(crate::blobs::BlobError::HashMismatch { .. }) => {
                        return Err(BackupError::Damaged(format!(
                            "{} does not match its name",
                            manifest::document_part(&sha256)
                        )));
                    }
                    Err(e) => return Err(super::snapshot::documents_failed(&e)),
                }
            }
            Piece::Rows { table, rows } => {
                insert(
                    &mut tx,
                    &manifest.tables[table].columns,
                    &targets[table],
                    &rows,
                )
                .await?;
            }
        }
    }
    reader
        .await
        .map_err(|e| BackupError::file(file, std::io::Error::other(e)))?;
    restore_sequences(&mut tx, db.backend, manifest).await?;
    tx.commit().await?;
    Ok(())
}

/// The target's table for each of the backup's, which must have every column the backup has.
async fn target_tables(
    conn: &mut AnyConnection,
    backend: Backend,
    manifest: &Manifest,
) -> Result<Vec<Table>, BackupError> {
    let target = catalog::tables(conn, backend).await?;
    manifest
        .tables
        .iter()
        .map(|part| {
            let table = target
                .iter()
                .find(|t| t.name == part.name)
                .ok_or_else(|| BackupError::Mismatch(format!("table {}", part.name)))?;
            if let Some(missing) = part.columns.iter().find(|c| table.column(c).is_none()) {
                return Err(BackupError::Mismatch(format!("{}.{missing}", part.name)));
            }
            Ok(table.clone())
        })
        .collect()
}

async fn insert(
    conn: &mut AnyConnection,
    columns: &[String],
    table: &Table,
    rows: &[Vec<Value>],
) -> Result<(), BackupError> {
    let kinds: Vec<Kind> = columns
        .iter()
        .map(|c| table.column(c).map_or(Kind::Any, |c| c.kind))
        .collect();
    let head = format!(
        "INSERT INTO {} ({}) VALUES ",
        quoted(&table.name),
        columns
            .iter()
            .map(|c| quoted(c))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let per_statement = (BATCH_VALUES / columns.len().max(1)).clamp(1, BATCH_ROWS);
    for batch in rows.chunks(per_statement) {
        let mut sql = head.clone();
        let mut n = 0;
        for (i, _) in batch.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                let _ = write!(sql, "${n}");
            }
            sql.push(')');
        }
        // Not cached: a batch may bind a NULL float where the next binds a value (see
        // `Db::connect`).
        let mut query = sqlx::query::<Any>(&sql).persistent(false);
        for row in batch {
            for ((value, kind), column) in row.iter().zip(&kinds).zip(columns) {
                query = values::bind(query, *kind, value).map_err(|why| {
                    BackupError::Damaged(format!("{}.{column}: {why}", table.name))
                })?;
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Each generator goes on after the highest id it handed out, in the backup or the rows.
async fn restore_sequences(
    conn: &mut AnyConnection,
    backend: Backend,
    manifest: &Manifest,
) -> Result<(), BackupError> {
    match backend {
        Backend::Sqlite => {
            // Inserting explicit ids already moved SQLite's counters to the highest row;
            // the backup's own may be higher still (rows since removed).
            for (table, last) in &manifest.sequences {
                let moved =
                    sqlx::query("UPDATE sqlite_sequence SET seq = MAX(seq, $1) WHERE name = $2")
                        .bind(*last)
                        .bind(table)
                        .execute(&mut *conn)
                        .await?;
                if moved.rows_affected() == 0 && manifest.tables.iter().any(|t| &t.name == table) {
                    sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
                        .bind(table)
                        .bind(*last)
                        .execute(&mut *conn)
                        .await?;
                }
            }
        }
        Backend::Postgres => {
            for part in &manifest.tables {
                let Some(sequence) = super::snapshot::identity_sequence(conn, &part.name).await?
                else {
                    continue;
                };
                let column: String = sqlx::query_scalar(
                    "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 \
                     AND is_identity = 'YES' LIMIT 1",
                )
                .bind(&part.name)
                .fetch_one(&mut *conn)
                .await?;
                let highest: i64 = sqlx::query_scalar(&format!(
                    "SELECT COALESCE(MAX({}), 0) FROM {}",
                    quoted(&column),
                    quoted(&part.name)
                ))
                .fetch_one(&mut *conn)
                .await?;
                let recorded = manifest
                    .sequences
                    .iter()
                    .find(|(t, _)| *t == part.name)
                    .map_or(0, |(_, last)| *last);
                let last = highest.max(recorded);
                if last > 0 {
                    sqlx::query_scalar::<_, i64>(&format!(
                        "SELECT setval('{}', $1, true)",
                        sequence.replace('\'', "''")
                    ))
                    .bind(last)
                    .fetch_one(&mut *conn)
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// A part that could not be unpacked: beyond the limits, or damaged.
fn unpacking(part: &str, e: &std::io::Error) -> BackupError {
    match TooLarge::in_io(e) {
        Some(over) => BackupError::ArchiveTooLarge(over.clone()),
        None => BackupError::Damaged(format!("{part}: {e}")),
    }
}

/// The reading side: the documents, then every table's rows in batches.
fn read_parts(
    file: &Path,
    manifest: &Manifest,
    limits: ArchiveLimits,
    send: &mpsc::Sender<Result<Piece, BackupError>>,
) {
    if let Err(e) = read_parts_or_fail(file, manifest, limits, send) {
        let _ = send.blocking_send(Err(e));
    }
}

fn read_parts_or_fail(
    file: &Path,
    manifest: &Manifest,
    limits: ArchiveLimits,
    send: &mpsc::Sender<Result<Piece, BackupError>>,
) -> Result<(), BackupError> {
    let opened = std::fs::File::open(file).map_err(|e| BackupError::file(file, e))?;
    let size = opened
        .metadata()
        .map_err(|e| BackupError::file(file, e))?
        .len();
    let zip = zip::ZipArchive::new(std::io::BufReader::new(opened))
        .map_err(|e| BackupError::Damaged(e.to_string()))?;
    // The first pass checked every part's size against the manifest; this one reads each
    // part no further than that size, so a file changed in between cannot unpack more.
    let mut zip = BoundedZip::new(zip, size, limits)?;
    let damaged =
        |part: &str, e: &dyn std::fmt::Display| BackupError::Damaged(format!("{part}: {e}"));
    for document in &manifest.documents {
        let part = document.part();
        let entry = zip.by_name(&part).map_err(|e| damaged(&part, &e))?;
        let mut content = Vec::with_capacity(usize::try_from(document.bytes).unwrap_or(0));
        let read = entry
            .take(document.bytes)
            .read_to_end(&mut content)
            .map_err(|e| unpacking(&part, &e))?;
        if read as u64 != document.bytes {
            return Err(damaged(&part, &"changed since it was checked"));
        }
        let piece = Piece::Document {
            sha256: document.sha256.clone(),
            content,
        };
        if send.blocking_send(Ok(piece)).is_err() {
            return Ok(()); // the writer stopped; its error is the one told
        }
    }
    for (index, table) in manifest.tables.iter().enumerate() {
        let entry = zip
            .by_name(&table.part)
            .map_err(|e| damaged(&table.part, &e))?;
        let mut rows = Vec::new();
        let entry = entry.take(table.bytes);
        for (number, line) in std::io::BufReader::new(entry).lines().enumerate() {
            let line = line.map_err(|e| unpacking(&table.part, &e))?;
            let row = match serde_json::from_str::<Value>(&line) {
                Ok(Value::Array(values)) if values.len() == table.columns.len() => values,
                _ => {
                    return Err(damaged(
                        &table.part,
                        &format!(
                            "line {} is not a row of {} values",
                            number + 1,
                            table.columns.len()
                        ),
                    ));
                }
            };
            rows.push(row);
            if rows.len() == BATCH_ROWS {
                let piece = Piece::Rows {
                    table: index,
                    rows: std::mem::take(&mut rows),
                };
                if send.blocking_send(Ok(piece)).is_err() {
                    return Ok(());
                }
            }
        }
        if !rows.is_empty()
            && send
                .blocking_send(Ok(Piece::Rows { table: index, rows }))
                .is_err()
        {
            return Ok(());
        }
    }
    Ok(())
}
