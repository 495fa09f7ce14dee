//! Layer imports running in the background, kept in the database so that any server behind
//! a load balancer shows an import's page, whichever one runs it. The import itself is one
//! layer version written in batches and shown at the end (see `layer_import.rs`): a server
//! that stops mid-way loses the import, never leaves half a layer, and its job reads as
//! interrupted once its heartbeat is stale.
//!
//! The server running an import writes the job's progress at most every
//! [`PROGRESS_INTERVAL`] and its heartbeat at least every [`HEARTBEAT_INTERVAL`]; a running job
//! silent for [`STALE_AFTER`] is interrupted. Finished jobs are forgotten [`KEPT_FOR`] after
//! they end.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::Row;

use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::layer_import::ImportProgress;

/// The least time between two writes of a job's progress.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);
/// The most time between two writes of a running job's heartbeat.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(5);
/// A running job whose heartbeat is this old was left by a server that stopped.
pub const STALE_AFTER: TimeDelta = TimeDelta::seconds(30);
/// How long a finished job's page stays.
pub const KEPT_FOR: TimeDelta = TimeDelta::hours(1);

/// Where an import stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    Running,
    Done {
        version: i64,
        features: i64,
    },
    /// The import was refused or failed; the message is in the language of the one who
    /// started it.
    Failed(String),
    /// The server running it stopped (its heartbeat went stale): nothing of it was kept.
    Interrupted,
}

/// An import as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJob {
    pub id: i64,
    /// The account that started it: only it sees the job.
    pub user_id: i64,
    pub key: String,
    pub file_name: String,
    pub done: u64,
    pub total: u64,
    pub state: JobState,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl ImportJob {
    /// Percent read, 0 to 100.
    pub fn percent(&self) -> u64 {
        match (&self.state, self.total) {
            (JobState::Done { .. }, _) => 100,
            (_, 0) => 0,
            _ => (self.done.min(self.total) * 100) / self.total,
        }
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::corrupt(format!("bad timestamp '{s}'")))
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Db {
    /// Records a new running job; forgets the jobs that ended (or went silent) over
    /// [`KEPT_FOR`] ago, for everyone.
    pub(crate) async fn start_import_job(
        &self,
        user_id: i64,
        key: &str,
        file_name: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let forget_before = ts(now - KEPT_FOR);
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM import_jobs WHERE ended_at < $1 OR (state = 'running' AND heartbeat_at < $1)",
        )
        .bind(&forget_before)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO import_jobs (user_id, layer_key, file_name, state, started_at, heartbeat_at) \
             VALUES ($1, $2, $3, 'running', $4, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(key)
        .bind(file_name)
        .bind(ts(now))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes a running job's progress and heartbeat.
    pub(crate) async fn import_job_alive(
        &self,
        id: i64,
        done: u64,
        total: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE import_jobs SET done = $2, total = $3, heartbeat_at = $4 WHERE id = $1 AND state = 'running'",
        )
        .bind(id)
        .bind(to_i64(done))
        .bind(to_i64(total))
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Ends a job: done with the layer version and its features, or failed with a message.
    pub(crate) async fn end_import_job(
        &self,
        id: i64,
        outcome: std::result::Result<(i64, i64), &str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (state, version, features, error) = match outcome {
            Ok((version, features)) => ("done", Some(version), Some(features), None),
            Err(message) => ("failed", None, None, Some(message)),
        };
        sqlx::query(
            "UPDATE import_jobs SET state = $2, version = $3, features = $4, error = $5, \
             heartbeat_at = $6, ended_at = $6, done = CASE WHEN $2 = 'done' THEN total ELSE done END \
             WHERE id = $1",
        )
        .bind(id)
        .bind(state)
        .bind(version)
        .bind(features)
        .bind(error)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The job `id` if it belongs to `user_id` and is not yet forgotten.
    pub(crate) async fn import_job(
        &self,
        id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<ImportJob>> {
        let row = sqlx::query(
            "SELECT id, user_id, layer_key, file_name, done, total, state, version, features, error, \
             started_at, heartbeat_at, ended_at FROM import_jobs WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let heartbeat = parse_ts(&row.try_get::<String, _>("heartbeat_at")?)?;
        let ended_at = row
            .try_get::<Option<String>, _>("ended_at")?
            .map(|t| parse_ts(&t))
            .transpose()?;
        let silent_since = ended_at.unwrap_or(heartbeat);
        if now - silent_since > KEPT_FOR {
            return Ok(None);
        }
        let state = match row.try_get::<String, _>("state")?.as_str() {
            "running" if now - heartbeat > STALE_AFTER => JobState::Interrupted,
            "running" => JobState::Running,
            "done" => JobState::Done {
                version: row.try_get::<Option<i64>, _>("version")?.unwrap_or(0),
                features: row.try_get::<Option<i64>, _>("features")?.unwrap_or(0),
            },
            "failed" => JobState::Failed(
                row.try_get::<Option<String>, _>("error")?
                    .unwrap_or_default(),
            ),
            other => return Err(StoreError::corrupt(format!("import job state '{other}'"))),
        };
        Ok(Some(ImportJob {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            key: row.try_get("layer_key")?,
            file_name: row.try_get("file_name")?,
            done: to_u64(row.try_get("done")?),
            total: to_u64(row.try_get("total")?),
            state,
            started_at: parse_ts(&row.try_get::<String, _>("started_at")?)?,
            ended_at,
        }))
    }
}

/// A running job's link to its row: the import's progress goes into it (throttled), a
/// heartbeat keeps it alive while the import runs, and [`ImportTracker::finish`] ends it.
/// Dropped without finishing (the task running the import panicked), the heartbeat stops and
/// the job reads as interrupted.
pub struct ImportTracker {
    id: i64,
    db: Db,
    clock: crate::planning::Clock,
    latest: Arc<Latest>,
    beating: tokio::task::JoinHandle<()>,
}

/// The newest progress the reader reported, not yet written if `changed`.
#[derive(Default)]
struct Latest {
    done: AtomicU64,
    total: AtomicU64,
    changed: AtomicBool,
}

impl ImportTracker {
    pub(crate) fn start(db: Db, clock: crate::planning::Clock, id: i64) -> Self {
        let latest = Arc::new(Latest::default());
        let beating = {
            let (db, clock, latest) = (db.clone(), clock.clone(), latest.clone());
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(PROGRESS_INTERVAL);
                let mut last_write = tokio::time::Instant::now();
                loop {
                    tick.tick().await;
                    let changed = latest.changed.swap(false, Ordering::Relaxed);
                    if !changed && last_write.elapsed() < HEARTBEAT_INTERVAL {
                        continue;
                    }
                    let (done, total) = (
                        latest.done.load(Ordering::Relaxed),
                        latest.total.load(Ordering::Relaxed),
                    );
                    if let Err(e) = db.import_job_alive(id, done, total, clock.now()).await {
                        tracing::warn!(job = id, error = %e, "an import's progress was not written");
                    }
                    last_write = tokio::time::Instant::now();
                }
            })
        };
        ImportTracker {
            id,
            db,
            clock,
            latest,
            beating,
        }
    }

    /// The job's id, for its page.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// What the import reports its progress to.
    pub fn progress(&self) -> ImportProgress {
        let latest = self.latest.clone();
        Arc::new(move |done, total| {
            latest.done.store(done, Ordering::Relaxed);
            latest.total.store(total, Ordering::Relaxed);
            latest.changed.store(true, Ordering::Relaxed);
        })
    }

    /// Ends the job: `Ok((version, features))` or the failure's message.
    pub async fn finish(self, outcome: std::result::Result<(i64, i64), String>) -> Result<()> {
        self.beating.abort();
        self.db
            .end_import_job(
                self.id,
                outcome.as_ref().map(|o| *o).map_err(String::as_str),
                self.clock.now(),
            )
            .await
    }
}

impl Drop for ImportTracker {
    fn drop(&mut self) {
        self.beating.abort();
    }
}
