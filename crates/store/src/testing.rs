//! Fresh databases for tests, on the backend `PLANTRACK_TEST_DB` names: unset for a SQLite
//! file in the temp directory, or a PostgreSQL server URL (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`) on which a database is created for the test and
//! dropped afterwards, so parallel runs never collide.

use std::path::PathBuf;

use sqlx::{Connection, Executor};

/// A database that exists for one test and is removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    /// The URL to give [`crate::Planning::open`] or [`crate::Db::connect`].
    pub url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    SqliteFile(PathBuf),
    Postgres { server: String, name: String },
}

impl TestDb {
    pub async fn new() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match std::env::var("PLANTRACK_TEST_DB") {
            Ok(server) if server.starts_with("postgres") => {
                let name = format!("plantrack_t_{id}");
                let mut conn = sqlx::PgConnection::connect(&server)
                    .await
                    .unwrap_or_else(|e| panic!("PLANTRACK_TEST_DB={server}: {e}"));
                conn.execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("create test database");
                let _ = conn.close().await;
                let base = server
                    .rsplit_once('/')
                    .map_or(server.as_str(), |(base, _)| base);
                TestDb {
                    url: format!("{base}/{name}"),
                    cleanup: Cleanup::Postgres { server, name },
                }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("plantrack-test-{id}.db"));
                TestDb {
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::SqliteFile(path),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Postgres { server, name } => {
                // Drop runs inside an async test; a thread with its own runtime can block on
                // the drop without upsetting the test's runtime. FORCE ends leftover sessions.
                let (server, name) = (server.clone(), name.clone());
                let done = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let mut conn = sqlx::PgConnection::connect(&server).await.ok()?;
                        conn.execute(
                            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                        )
                        .await
                        .ok()
                    })
                });
                let _ = done.join();
            }
        }
    }
}
