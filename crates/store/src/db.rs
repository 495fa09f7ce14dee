//! Connecting, configuring and migrating the database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::error::Result;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A province's units with their boundaries simplified for display.
pub(crate) type DisplayUnits =
    std::sync::Arc<Vec<(String, String, String, geojson::GeometryValue)>>;

/// Simplifying 38 detailed boundaries takes most of a map request; boundaries change only
/// when units are imported. The cache is cleared by an import in this process, and checked
/// against the stored boundaries' count and total size, so that an import by another
/// process (the CLI beside a running server) is seen too.
pub(crate) type BoundaryCache =
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, ((i64, i64), DisplayUnits)>>>;

/// A connection pool and the backend behind it.
#[derive(Debug, Clone)]
pub(crate) struct Db {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// Province boundaries simplified for display, by province (see `map.rs`).
    pub(crate) display_boundaries: BoundaryCache,
    /// The last history digest computed per scope, with the newest event id it covered.
    pub(crate) digests: crate::audit::DigestCache,
    /// Land-use checks parsed once, by map version (see `check_cache.rs`).
    pub(crate) checks: std::sync::Arc<crate::check_cache::CheckCache>,
}

impl Db {
    /// A transaction that will write. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads first cannot wait for the lock when it
    /// comes to write — SQLite refuses it at once ("database is locked") if another
    /// connection wrote in between, such as a session being touched.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// A read-only transaction whose reads all see one state of the database, however long
    /// it runs and whatever commits meanwhile: a check that reads a table in pages and
    /// compares it with another must not see a command's event without its projection. On
    /// SQLite (WAL) a deferred transaction reads one snapshot from its first read on.
    pub(crate) async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }

    /// Connects to `url` (`sqlite://path` or `postgres://…`), creating a SQLite file if needed.
    /// Migrations are not run here: see [`Db::migrate`].
    pub(crate) async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        // PostgreSQL statements are prepared once per connection and cached (the driver's
        // default): an unnamed statement costs a second round trip each time. The Any driver
        // types a NULL `f64` as `float4` (sqlx 0.8.6 swaps the two float kinds), which a
        // cached statement would then hold against a later value: statements that may bind
        // a NULL float are not cached (`persistent(false)`, as in `Db::import_units`).
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let mut pool = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        if backend == Backend::Sqlite {
            // WAL lets readers go on while one writer commits; NORMAL sync is safe in WAL mode
            // (a power loss may drop the last commits, never corrupt). The busy timeout makes a
            // second writer wait its turn instead of failing at once.
            pool = pool.max_connections(8).after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
                    Ok(())
                })
            });
        } else {
            pool = pool.max_connections(16);
        }
        let pool = pool.connect_with(options).await?;
        let db = Db {
            pool,
            backend,
            display_boundaries: BoundaryCache::default(),
            digests: crate::audit::DigestCache::default(),
            checks: std::sync::Arc::default(),
        };
        Ok(db)
    }

    pub(crate) fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Runs the pending migrations; returns the versions it applied.
    pub(crate) async fn migrate(&self) -> Result<Vec<i64>> {
        let before = self.applied_migrations().await;
        // Nothing to apply: the migrator is not run at all, since it creates its own table
        // (if missing) first, which the application's role may not (see `app_role.rs`) —
        // the server brings its database up to date as it starts, under that role.
        if self.migrator().iter().all(|m| before.contains(&m.version)) {
            return Ok(Vec::new());
        }
        self.migrator().run(&self.pool).await?;
        Ok(self
            .migrator()
            .iter()
            .map(|m| m.version)
            .filter(|v| !before.contains(v))
            .collect())
    }

    /// The migrations this build knows that the database has not had.
    pub(crate) async fn pending_migrations(&self) -> Vec<i64> {
        let applied = self.applied_migrations().await;
        self.migrator()
            .iter()
            .map(|m| m.version)
            .filter(|v| !applied.contains(v))
            .collect()
    }

    /// Versions applied; none when the database has never been migrated (no table yet).
    pub(crate) async fn applied_migrations(&self) -> Vec<i64> {
        sqlx::query_scalar::<_, i64>("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default()
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }

    /// A cheap query, for the health check.
    pub(crate) async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Dates travel as ISO text; see the crate docs for why.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate> {
    s.parse()
        .map_err(|_| crate::StoreError::corrupt(format!("bad date '{s}'")))
}

/// Statuses travel as their snake_case names.
pub(crate) fn parse_status(s: &str) -> Result<plantrack_domain::workflow::DossierStatus> {
    plantrack_domain::workflow::DossierStatus::parse(s)
        .ok_or_else(|| crate::StoreError::corrupt(format!("dossier status '{s}'")))
}

pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
