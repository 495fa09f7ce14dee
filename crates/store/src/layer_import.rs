//! Importing a department's layer file — GeoJSON, a zipped Shapefile, a GeoPackage or a DXF
//! drawing, of any size — as a new layer version, in memory bounded by a few batches of
//! features rather than by the file.
//!
//! A reader thread parses the file one feature at a time, checks each against the rule table
//! as the conformance check will read it, and sends batches through a small channel; the
//! writer inserts them as `layer_features` rows of a version marked as importing, a short
//! transaction per batch, so that SQLite's one write lock is never held for the whole file.
//! Nothing reads an importing version. One last transaction shows the version; any error (a
//! broken feature, an unknown category, a database failure) ends both sides and removes what
//! was written: a layer is imported entirely or not at all.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::db::{Db, now_text};
use crate::error::{Result, StoreError};
use crate::layers::{LayerRef, NewLayerVersion};
use plantrack_domain::DomainError;
use plantrack_gis::GisError;
use plantrack_gis::check::{self, rules::Rules};
use plantrack_gis::crs::{Crs, Transformer};
use plantrack_gis::import::{self, ImportOptions};

/// Features per inserted batch, and batches the reader may run ahead of the writer: together
/// they bound what an import holds in memory.
const BATCH: usize = 500;
const BATCHES_AHEAD: usize = 4;

/// A layer file to import as a new version.
#[derive(Debug, Clone)]
pub struct LayerFile {
    pub key: String,
    pub name: String,
    pub province_code: String,
    pub owner_org_id: i64,
    pub uploaded_by: String,
    pub publish: bool,
    /// Where the file is; its extension gives the format.
    pub path: PathBuf,
    /// The name the user knows it by, for messages.
    pub file_name: String,
    pub options: ImportOptions,
}

/// How far an import has gone, `(done, total)` in the reader's unit (bytes or records).
pub type ImportProgress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// One feature, ready to insert.
#[derive(Clone)]
struct FeatureRow {
    feature_id: String,
    category: String,
    bbox: [f64; 4],
    properties: String,
    wkb: Vec<u8>,
}

/// What the reader found in the whole file.
struct ReadSummary {
    sha256: String,
    categories: BTreeSet<String>,
    features: usize,
}

pub(crate) fn validate_layer(key: &str, name: &str) -> Result<()> {
    let key_ok = (2..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !key_ok {
        return Err(
            DomainError::invalid("key", "2 to 64 characters: a-z, 0-9, '-' and '_'").into(),
        );
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(DomainError::invalid("name", "1 to 200 characters").into());
    }
    Ok(())
}

fn sha256_of_file(
    path: &std::path::Path,
    file_name: &str,
) -> std::result::Result<String, GisError> {
    let io = |e| GisError::Io {
        file: file_name.to_owned(),
        source: e,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Reads the file on the calling (blocking) thread, sending batches of checked rows.
fn read_rows(
    file: &LayerFile,
    rules: &Rules,
    plane: Crs,
    progress: &ImportProgress,
    send: &tokio::sync::mpsc::Sender<Vec<FeatureRow>>,
) -> std::result::Result<ReadSummary, GisError> {
    let to_plane = Transformer::new(Crs::Wgs84, plane)?;
    let sha256 = sha256_of_file(&file.path, &file.file_name)?;
    let mut categories = BTreeSet::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut features = 0usize;
    let stopped = || GisError::Parse {
        file: file.file_name.clone(),
        message: "the import stopped before the file was read".into(),
    };
    let read = import::for_each_feature(
        &file.path,
        &file.options,
        &mut |done, total| progress(done, total),
        &mut |feature| {
            let checked =
                check::constraint_feature(&file.file_name, features, &feature, rules, &to_plane)?;
            let geometry = feature.geometry.as_ref().map(|g| &g.value);
            let Some(geometry) = geometry else {
                return Err(stopped());
            };
            let bbox = plantrack_gis::bbox(geometry).unwrap_or([0.0; 4]);
            let properties =
                serde_json::to_string(&feature.properties).map_err(|e| GisError::Parse {
                    file: file.file_name.clone(),
                    message: e.to_string(),
                })?;
            batch.push(FeatureRow {
                feature_id: checked.id,
                category: checked.category.clone(),
                bbox,
                properties,
                wkb: plantrack_gis::to_wkb(geometry)?,
            });
            categories.insert(checked.category);
            features += 1;
            if batch.len() == BATCH {
                send.blocking_send(std::mem::take(&mut batch))
                    .map_err(|_| stopped())?;
            }
            Ok(())
        },
    )
    .map_err(|e| e.for_file(&file.file_name))?;
    for warning in read.warnings {
        tracing::warn!("{}", warning.for_file(&file.file_name));
    }
    if !batch.is_empty() {
        send.blocking_send(batch).map_err(|_| stopped())?;
    }
    Ok(ReadSummary {
        sha256,
        categories,
        features,
    })
}

impl Db {
    /// Adds a version of a layer from GeoJSON text (the JSON API), in one transaction: the
    /// same import as a file's, from a temporary copy.
    pub(crate) async fn add_layer_version(
        &self,
        new: &NewLayerVersion,
        rules: &Rules,
    ) -> Result<LayerRef> {
        validate_layer(&new.key, &new.name)?;
        let mut copy = tempfile::Builder::new()
            .prefix("plantrack-layer-")
            .suffix(".geojson")
            .tempfile()
            .map_err(StoreError::corrupt)?;
        std::io::Write::write_all(&mut copy, new.content.as_bytes())
            .map_err(StoreError::corrupt)?;
        let file = LayerFile {
            key: new.key.clone(),
            name: new.name.clone(),
            province_code: new.province_code.clone(),
            owner_org_id: new.owner_org_id,
            uploaded_by: new.uploaded_by.clone(),
            publish: new.publish,
            path: copy.path().to_owned(),
            file_name: format!("{}.geojson", new.key),
            options: plantrack_gis::import::ImportOptions::default(),
        };
        let (layer, _) = self
            .import_layer_file(file, rules.clone(), std::sync::Arc::new(|_, _| {}))
            .await?;
        Ok(layer)
    }

    /// Imports a layer file as a new version of layer `key` (created the first time; only
    /// the department that owns a layer adds versions to it). Returns the version and how
    /// many features it has.
    pub(crate) async fn import_layer_file(
        &self,
        file: LayerFile,
        rules: Rules,
        progress: ImportProgress,
    ) -> Result<(LayerRef, usize)> {
        validate_layer(&file.key, &file.name)?;
        let plane = Crs::province_tm3(&file.province_code).unwrap_or(Crs::Vn2000Tm3 {
            central_meridian: 105.0,
        });
        let (send, mut receive) = tokio::sync::mpsc::channel::<Vec<FeatureRow>>(BATCHES_AHEAD);
        let reading = {
            let file = file.clone();
            let progress = progress.clone();
            // The closure owns `send`: the channel closes when the reading ends.
            tokio::task::spawn_blocking(move || read_rows(&file, &rules, plane, &progress, &send))
        };
        let now = now_text();
        // The version is written first, marked as importing: nobody reads it yet.
        let mut tx = self.begin_write().await?;
        let (layer_id, created) = upsert_layer(&mut tx, &file, &now).await?;
        let version: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM layer_versions WHERE layer_id = $1",
        )
        .bind(layer_id)
        .fetch_one(&mut *tx)
        .await?;
        let version_id: i64 = sqlx::query_scalar(
            "INSERT INTO layer_versions (layer_id, version, features, categories, content, sha256, uploaded_by, uploaded_at, published, importing) \
             VALUES ($1, $2, 0, '', '', '', $3, $4, 0, 1) RETURNING id",
        )
        .bind(layer_id)
        .bind(version)
        .bind(&file.uploaded_by)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        let written = self
            .write_batches(version_id, &mut receive)
            .await
            .and(Ok(()));
        // A writer that stopped early lets the reader's next send fail, so it stops too.
        drop(receive);
        // The channel closes when the reader ends, well or not: its result decides.
        let read = reading
            .await
            .map_err(|e| StoreError::corrupt(format!("the layer reader stopped: {e}")))
            .and_then(|r| r.map_err(StoreError::from));
        let outcome = match (written, read) {
            (Err(e), _) | (Ok(()), Err(e)) => Err(e),
            (Ok(()), Ok(summary)) if summary.features == 0 => {
                Err(DomainError::invalid("file", "the layer has no feature").into())
            }
            (Ok(()), Ok(summary)) => self
                .finish_import(version_id, &summary, file.publish)
                .await
                .map(|()| summary),
        };
        match outcome {
            Ok(summary) => {
                tracing::info!(key = %file.key, version, features = summary.features, "layer version imported");
                Ok((
                    LayerRef {
                        key: file.key,
                        version,
                    },
                    summary.features,
                ))
            }
            Err(e) => {
                if let Err(cleanup) = self.forget_import(version_id, layer_id, created).await {
                    tracing::error!(version_id, error = %cleanup, "a failed layer import could not be removed");
                }
                Err(e)
            }
        }
    }

    /// Writes the reader's batches, each in its own short transaction.
    async fn write_batches(
        &self,
        version_id: i64,
        receive: &mut tokio::sync::mpsc::Receiver<Vec<FeatureRow>>,
    ) -> Result<()> {
        let mut seq: i64 = 0;
        while let Some(batch) = receive.recv().await {
            let n = batch.len() as i64;
            let mut tx = self.begin_write().await?;
            insert_rows(&mut tx, version_id, seq, batch).await?;
            tx.commit().await?;
            seq += n;
        }
        Ok(())
    }

    /// Shows an imported version, in one transaction.
    async fn finish_import(
        &self,
        version_id: i64,
        summary: &ReadSummary,
        publish: bool,
    ) -> Result<()> {
        let categories: Vec<&str> = summary.categories.iter().map(String::as_str).collect();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE layer_versions SET features = $1, categories = $2, sha256 = $3, published = $4, importing = 0 WHERE id = $5",
        )
        .bind(summary.features as i64)
        .bind(categories.join(","))
        .bind(&summary.sha256)
        .bind(i64::from(publish))
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an import that failed: its rows, its version, and its layer if the import
    /// created it.
    async fn forget_import(&self, version_id: i64, layer_id: i64, created: bool) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM layer_features WHERE version_id = $1")
            .bind(version_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM layer_versions WHERE id = $1 AND importing = 1")
            .bind(version_id)
            .execute(&mut *tx)
            .await?;
        if created {
            sqlx::query(
                "DELETE FROM layers WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM layer_versions v WHERE v.layer_id = layers.id)",
            )
            .bind(layer_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Imports a server stopped in the middle of (marked importing, started more than an
    /// hour ago) are removed when the database is opened.
    pub(crate) async fn forget_stale_imports(&self) -> Result<()> {
        let now = chrono::Utc::now();
        let cutoff =
            (now - chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Another server may be importing for longer than that: its job's heartbeat says so.
        let live = (now - crate::import_jobs::STALE_AFTER)
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let stale: Vec<(i64, i64)> = sqlx::query(
            "SELECT id, layer_id FROM layer_versions WHERE importing = 1 AND uploaded_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM import_jobs j JOIN layers l ON l.key = j.layer_key \
             WHERE l.id = layer_versions.layer_id AND j.state = 'running' AND j.heartbeat_at > $2)",
        )
        .bind(&cutoff)
        .bind(&live)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("layer_id")?)))
        .collect::<Result<_>>()?;
        for (version_id, layer_id) in stale {
            tracing::warn!(version_id, "removing a layer import that never finished");
            self.forget_import(version_id, layer_id, true).await?;
        }
        Ok(())
    }

    /// Layer versions written before features had rows of their own (migration 0005) keep
    /// their GeoJSON in `content`: they are moved into rows once, at start, each in its own
    /// transaction, so that every reader has one place to look.
    pub(crate) async fn move_legacy_layer_versions(&self) -> Result<()> {
        let legacy: Vec<(i64, String)> = sqlx::query(
            "SELECT id, content FROM layer_versions WHERE content <> '' \
             AND NOT EXISTS (SELECT 1 FROM layer_features f WHERE f.version_id = layer_versions.id)",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("content")?)))
        .collect::<Result<_>>()?;
        for (version_id, content) in legacy {
            let mut rows = Vec::new();
            let read = plantrack_gis::import::geojson_stream::read_str(
                "layer",
                &content,
                &ImportOptions::default(),
                &mut |feature| {
                    let Some(geometry) = feature.geometry.as_ref().map(|g| &g.value) else {
                        return Ok(());
                    };
                    rows.push(FeatureRow {
                        feature_id: import::feature_id(&feature, rows.len()),
                        category: feature
                            .property("category")
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_owned(),
                        bbox: plantrack_gis::bbox(geometry).unwrap_or([0.0; 4]),
                        properties: serde_json::to_string(&feature.properties)
                            .unwrap_or_else(|_| "null".into()),
                        wkb: plantrack_gis::to_wkb(geometry)?,
                    });
                    Ok(())
                },
            );
            // A version that cannot be read is left as it was, and said: the server starts.
            if let Err(e) = read {
                tracing::error!(version_id, error = %e, "a layer version could not be moved into rows");
                continue;
            }
            let mut tx = self.begin_write().await?;
            for (seq, chunk) in rows.chunks(BATCH).enumerate() {
                insert_rows(&mut tx, version_id, (seq * BATCH) as i64, chunk.to_vec()).await?;
            }
            sqlx::query("UPDATE layer_versions SET content = '' WHERE id = $1")
                .bind(version_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(
                version_id,
                features = rows.len(),
                "layer version moved into rows"
            );
        }
        Ok(())
    }
}

/// Inserts a batch of feature rows, numbered from `first_seq`, in one statement.
async fn insert_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    version_id: i64,
    first_seq: i64,
    batch: Vec<FeatureRow>,
) -> Result<()> {
    // Placeholders are written as $n: the `Any` driver's query builder writes `?`, which
    // PostgreSQL does not read.
    let values: Vec<String> = (0..batch.len())
        .map(|row| {
            let first = row * 10 + 1;
            let marks: Vec<String> = (first..first + 10).map(|n| format!("${n}")).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO layer_features (version_id, seq, feature_id, category, min_lon, min_lat, max_lon, max_lat, properties, geometry) VALUES {}",
        values.join(", ")
    );
    let mut insert = sqlx::query(&sql);
    for (i, f) in batch.into_iter().enumerate() {
        insert = insert
            .bind(version_id)
            .bind(first_seq + i as i64)
            .bind(f.feature_id)
            .bind(f.category)
            .bind(f.bbox[0])
            .bind(f.bbox[1])
            .bind(f.bbox[2])
            .bind(f.bbox[3])
            .bind(f.properties)
            .bind(f.wkb);
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// The layer's row (created the first time, renamed after), refusing another department's.
async fn upsert_layer(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    file: &LayerFile,
    now: &str,
) -> Result<(i64, bool)> {
    let name = file.name.trim();
    let existing = sqlx::query("SELECT id, owner_org_id FROM layers WHERE key = $1")
        .bind(&file.key)
        .fetch_optional(&mut **tx)
        .await?;
    match existing {
        Some(row) => {
            let owner: i64 = row.try_get("owner_org_id")?;
            if owner != file.owner_org_id {
                return Err(DomainError::invalid(
                    "key",
                    format!("layer '{}' belongs to another department", file.key),
                )
                .into());
            }
            let id: i64 = row.try_get("id")?;
            sqlx::query("UPDATE layers SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok((id, false))
        }
        None => Ok((
            sqlx::query_scalar(
                "INSERT INTO layers (key, name, province_code, owner_org_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&file.key)
            .bind(name)
            .bind(&file.province_code)
            .bind(file.owner_org_id)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?,
            true,
        )),
    }
}
