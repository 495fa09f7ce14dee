//! Taking a backup while the server runs. Every table is read inside one read transaction —
//! SQLite's in WAL mode, PostgreSQL's at REPEATABLE READ — so the dump is the database at
//! one instant, with writers going on meanwhile; the documents are listed after that
//! instant, so every file a dumped event cites is there (files are only ever added). Rows are
//! streamed to a thread that writes the zip, so neither a large table nor the file's writes
//! hold up the server's runtime. The file is written beside its final name and renamed once
//! complete: a backup that fails leaves nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

use super::catalog::{self, Table, quoted};
use super::manifest::{self, DocumentPart, Manifest, TablePart};
use super::{BackupError, BackupSummary, backend_name};
use crate::blobs::BlobStore;
use crate::db::{Backend, Db};

/// What the database side sends the thread that writes the zip.
enum Piece {
    /// Starts a table's part.
    Table {
        name: String,
        columns: Vec<String>,
    },
    /// JSON lines of the current table, and how many.
    Rows {
        lines: Vec<u8>,
        rows: u64,
    },
    Document {
        sha256: String,
        content: Vec<u8>,
    },
    /// The manifest without its parts, which the writer fills in.
    Finish(Box<Manifest>),
}

/// Rows are sent in chunks of about this many bytes.
const CHUNK: usize = 256 * 1024;

pub(super) async fn backup(
    db: &Db,
    documents: Option<&BlobStore>,
    out: &Path,
) -> Result<BackupSummary, BackupError> {
    let documents_found = documents.is_some();
    let temp = partial_name(out);
    let file = std::fs::File::create(&temp).map_err(|e| BackupError::file(out, e))?;
    let (send, receive) = mpsc::channel(16);
    let writer = tokio::task::spawn_blocking(move || write_zip(file, receive));
    let fed = feed(db, documents, &send).await;
    drop(send);
    let written = writer
        .await
        .map_err(|e| BackupError::file(out, std::io::Error::other(e)));
    let manifest = match (fed, written) {
        (Ok(()), Ok(Ok(manifest))) => manifest,
        // The writer's own failure (a full disk) says more than the feed's "it stopped".
        (Ok(()) | Err(BackupError::WriterStopped), Ok(Err(e))) => {
            let _ = std::fs::remove_file(&temp);
            return Err(BackupError::file(out, e));
        }
        (Err(e), _) | (Ok(()), Err(e)) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    if let Err(e) = std::fs::rename(&temp, out) {
        let _ = std::fs::remove_file(&temp);
        return Err(BackupError::file(out, e));
    }
    let bytes = std::fs::metadata(out).map_or(0, |m| m.len());
    let mut summary = BackupSummary::of(&manifest, out.to_owned(), bytes);
    summary.documents_folder_found = documents_found;
    Ok(summary)
}

/// `.<name>.partial-<uuid>` in the same folder, so that the rename stays on one file system.
fn partial_name(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.partial-{}", uuid::Uuid::new_v4().simple()))
}

/// Reads the snapshot and the documents and sends them to the writer.
async fn feed(
    db: &Db,
    documents: Option<&BlobStore>,
    send: &mpsc::Sender<Piece>,
) -> Result<(), BackupError> {
    let mut tx = match db.backend {
        Backend::Sqlite => db.pool.begin().await?,
        Backend::Postgres => {
            db.pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?
        }
    };
    // The first read fixes the snapshot (SQLite starts its read transaction here).
    let migrations: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *tx)
            .await
            .map_err(|_| BackupError::NotMigrated)?;
    let created_at = chrono::Utc::now();
    let tables = catalog::tables(&mut tx, db.backend).await?;
    for table in &tables {
        dump_table(&mut tx, table, send).await?;
    }
    let sequences = sequences(&mut tx, db.backend, &tables).await?;
    tx.rollback().await?;

    let listed = match documents {
        Some(store) => store
            .list()
            .await
            .map_err(|e| documents_failed(&e))?
            .into_iter()
            .map(|blob| (store, blob.sha256))
            .collect(),
        None => Vec::new(),
    };
    for (documents, sha256) in listed {
        let content = documents
            .read(&sha256)
            .await
            .map_err(|e| documents_failed(&e))?;
        // A file whose content no longer has its name's hash would be refused by a restore:
        // said now, while the store can still be repaired.
        if hex::encode(Sha256::digest(&content)) != sha256 {
            return Err(BackupError::DocumentDamaged(sha256));
        }
        send_piece(send, Piece::Document { sha256, content }).await?;
    }
    let manifest = Manifest {
        format: manifest::FORMAT.to_owned(),
        format_version: manifest::FORMAT_VERSION,
        plantrack: env!("CARGO_PKG_VERSION").to_owned(),
        created_at,
        backend: backend_name(db.backend).to_owned(),
        schema_version: migrations.iter().copied().max().unwrap_or(0),
        migrations,
        tables: Vec::new(),
        sequences,
        documents: Vec::new(),
    };
    send_piece(send, Piece::Finish(Box::new(manifest))).await
}

/// The document store failed (a folder that cannot be read, an object store out of reach).
pub(super) fn documents_failed(e: &crate::blobs::BlobError) -> BackupError {
    BackupError::Store(crate::StoreError::Files(e.to_string()))
}

async fn send_piece(send: &mpsc::Sender<Piece>, piece: Piece) -> Result<(), BackupError> {
    // The writer stops taking pieces only when it failed; its error is the one to tell.
    send.send(piece)
        .await
        .map_err(|_| BackupError::WriterStopped)
}

async fn dump_table(
    conn: &mut AnyConnection,
    table: &Table,
    send: &mpsc::Sender<Piece>,
) -> Result<(), BackupError> {
    let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let list = columns
        .iter()
        .map(|c| format!("t.{}", quoted(c)))
        .collect::<Vec<_>>()
        .join(", ");
    let name = quoted(&table.name);
    let sql = match &table.self_reference {
        // Parents before their children, so that each row's reference is there when it is
        // written back (the depth is bounded: a reference cycle cannot loop for ever).
        Some((from, to)) => {
            let (from, to) = (quoted(from), quoted(to));
            format!(
                "WITH RECURSIVE depth(k, d) AS ( \
                   SELECT {to}, 0 FROM {name} WHERE {from} IS NULL \
                   UNION ALL \
                   SELECT c.{to}, depth.d + 1 FROM {name} c JOIN depth ON c.{from} = depth.k \
                   WHERE depth.d < 64) \
                 SELECT {list} FROM {name} t LEFT JOIN depth ON depth.k = t.{to} \
                 ORDER BY COALESCE(depth.d, 65)"
            )
        }
        None => format!("SELECT {list} FROM {name} t"),
    };
    send_piece(
        send,
        Piece::Table {
            name: table.name.clone(),
            columns,
        },
    )
    .await?;
    let mut lines = Vec::with_capacity(CHUNK + 4096);
    let mut rows_in_chunk = 0;
    let mut rows = sqlx::query(&sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        serde_json::to_writer(&mut lines, &super::values::encode(&row)?)
            .map_err(|e| BackupError::Damaged(e.to_string()))?;
        lines.push(b'\n');
        rows_in_chunk += 1;
        if lines.len() >= CHUNK {
            let piece = Piece::Rows {
                lines: std::mem::take(&mut lines),
                rows: std::mem::take(&mut rows_in_chunk),
            };
            send_piece(send, piece).await?;
        }
    }
    if !lines.is_empty() {
        let piece = Piece::Rows {
            lines,
            rows: rows_in_chunk,
        };
        send_piece(send, piece).await?;
    }
    Ok(())
}

/// The last id each table's generator handed out.
async fn sequences(
    conn: &mut AnyConnection,
    backend: Backend,
    tables: &[Table],
) -> Result<Vec<(String, i64)>, BackupError> {
    let mut found = Vec::new();
    match backend {
        Backend::Sqlite => {
            let exists: Option<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
            )
            .fetch_optional(&mut *conn)
            .await?;
            if exists.is_some() {
                for row in sqlx::query("SELECT name, seq FROM sqlite_sequence ORDER BY name")
                    .fetch_all(&mut *conn)
                    .await?
                {
                    found.push((row.try_get(0)?, row.try_get(1)?));
                }
            }
        }
        Backend::Postgres => {
            for table in tables {
                let Some(sequence) = identity_sequence(conn, &table.name).await? else {
                    continue;
                };
                let last: i64 = sqlx::query_scalar(&format!(
                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}"
                ))
                .fetch_one(&mut *conn)
                .await?;
                found.push((table.name.clone(), last));
            }
        }
    }
    Ok(found)
}

/// A PostgreSQL table's identity column's sequence, if it has one.
pub(super) async fn identity_sequence(
    conn: &mut AnyConnection,
    table: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT pg_get_serial_sequence(quote_ident(table_name::text), column_name::text)::text \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES' \
         LIMIT 1",
    )
    .bind(table)
    .fetch_optional(&mut *conn)
    .await
    .map(Option::flatten)
}

/// A table's part being written.
struct Open {
    part: TablePart,
    hasher: Sha256,
}

/// The writer's side: the zip, each part's checksum, the manifest last.
fn write_zip(file: std::fs::File, mut receive: mpsc::Receiver<Piece>) -> std::io::Result<Manifest> {
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let table_options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    // Documents are PDFs, drawings and images: mostly compressed already.
    let document_options =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let (mut tables, mut documents) = (Vec::new(), Vec::new());
    let mut open: Option<Open> = None;
    let close = |open: &mut Option<Open>, tables: &mut Vec<TablePart>| {
        if let Some(Open { mut part, hasher }) = open.take() {
            part.sha256 = hex::encode(hasher.finalize());
            tables.push(part);
        }
    };
    while let Some(piece) = receive.blocking_recv() {
        match piece {
            Piece::Table { name, columns } => {
                close(&mut open, &mut tables);
                let part = manifest::table_part(&name);
                zip.start_file(part.as_str(), table_options)?;
                open = Some(Open {
                    part: TablePart {
                        name,
                        columns,
                        rows: 0,
                        part,
                        sha256: String::new(),
                        bytes: 0,
                    },
                    hasher: Sha256::new(),
                });
            }
            Piece::Rows { lines, rows } => {
                let Some(current) = open.as_mut() else {
                    return Err(std::io::Error::other("rows before their table"));
                };
                zip.write_all(&lines)?;
                current.hasher.update(&lines);
                current.part.bytes += lines.len() as u64;
                current.part.rows += rows;
            }
            Piece::Document { sha256, content } => {
                close(&mut open, &mut tables);
                zip.start_file(manifest::document_part(&sha256), document_options)?;
                zip.write_all(&content)?;
                documents.push(DocumentPart {
                    sha256,
                    bytes: content.len() as u64,
                });
            }
            Piece::Finish(manifest) => {
                close(&mut open, &mut tables);
                let mut manifest = *manifest;
                manifest.tables = tables;
                manifest.documents = documents;
                zip.start_file(manifest::MANIFEST, table_options)?;
                serde_json::to_writer_pretty(&mut zip, &manifest)?;
                let file = zip
                    .finish()?
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?;
                file.sync_all()?;
                return Ok(manifest);
            }
        }
    }
    Err(std::io::Error::other(
        "the backup stopped before it was complete",
    ))
}
