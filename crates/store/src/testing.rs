//! Fresh databases for tests, on the backend `PLANTRACK_TEST_DB` names: unset for a SQLite
//! file in the temp directory, or a PostgreSQL URL (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`) on whose server a database
//! `plantrack_t_<uuid>` is created for the test and dropped afterwards (`WITH (FORCE)`, even
//! when the test panicked), so parallel runs never collide.

use std::path::PathBuf;
use std::str::FromStr;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};

/// A database that exists for one test and is removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    /// The URL to give [`crate::Planning::migrate`] and [`crate::Planning::open`].
    pub url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    SqliteFile(PathBuf),
    Postgres {
        /// Reaches an existing database on the server, for CREATE and DROP DATABASE.
        admin: Box<PgConnectOptions>,
        name: String,
    },
}

impl TestDb {
    pub async fn new() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match std::env::var("PLANTRACK_TEST_DB") {
            Ok(url) if url.starts_with("postgres:") || url.starts_with("postgresql:") => {
                let name = format!("plantrack_t_{id}");
                let admin = admin_options(&url).await;
                let mut conn = PgConnection::connect_with(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("PLANTRACK_TEST_DB={url}: {e}"));
                sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut conn)
                    .await
                    .expect("create the test database");
                let _ = conn.close().await;
                TestDb {
                    url: with_database(&url, &name),
                    cleanup: Cleanup::Postgres {
                        admin: Box::new(admin),
                        name,
                    },
                }
            }
            Ok(other) if !other.is_empty() => {
                panic!(
                    "PLANTRACK_TEST_DB must be unset (SQLite) or a postgres:// URL, not {other:?}"
                )
            }
            _ => {
                let path = std::env::temp_dir().join(format!("plantrack_t_{id}.db"));
                TestDb {
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::SqliteFile(path),
                }
            }
        }
    }
}

/// `url` with its database name replaced by `name` (query parameters kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// The database in the URL if it exists, else the `postgres` maintenance database.
async fn admin_options(url: &str) -> PgConnectOptions {
    let given = PgConnectOptions::from_str(url).expect("a valid PLANTRACK_TEST_DB URL");
    match PgConnection::connect_with(&given).await {
        Ok(conn) => {
            let _ = conn.close().await;
            given
        }
        Err(_) => given.database("postgres"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Postgres { admin, name } => {
                // Drop may run inside an async test or while a panic unwinds: a thread with its
                // own runtime can block on the drop without upsetting the test's runtime.
                let admin = PgConnectOptions::clone(admin);
                let dropped = name.clone();
                let outcome = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("cleanup runtime");
                    rt.block_on(async move {
                        let mut conn = PgConnection::connect_with(&admin).await?;
                        sqlx::query(&format!(
                            "DROP DATABASE IF EXISTS \"{dropped}\" WITH (FORCE)"
                        ))
                        .execute(&mut conn)
                        .await?;
                        conn.close().await
                    })
                })
                .join();
                match outcome {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::warn!(error = %e, "could not drop test database {name}"),
                    Err(_) => tracing::warn!("the test database cleanup panicked"),
                }
            }
        }
    }
}

/// A local S3-compatible server for tests: moto's server mode (`pip install 'moto[server]'`),
/// started on a free loopback port and stopped when dropped. `None` when `moto_server` is
/// not installed (the caller says it skipped).
#[derive(Debug)]
pub struct MotoServer {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl MotoServer {
    pub async fn start() -> Option<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = std::process::Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let server = MotoServer {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        // It takes a second or two to import itself.
        for _ in 0..150 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(server);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("moto_server did not listen on port {port} within 15 s");
    }

    /// Creates a bucket (moto accepts an unsigned request).
    pub async fn create_bucket(&self, bucket: &str) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let response = reqwest013::Client::new()
            .put(format!("{}/{bucket}", self.endpoint))
            .send()
            .await
            .expect("moto answers");
        assert!(
            response.status().is_success(),
            "creating bucket {bucket}: {}",
            response.status()
        );
    }

    /// The settings of [`crate::blobs::BlobStore::s3_with`] that reach this server.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("aws_endpoint_url", self.endpoint.clone()),
            ("aws_access_key_id", "plantrack-test".into()),
            ("aws_secret_access_key", "plantrack-test-secret".into()),
            ("aws_region", "us-east-1".into()),
            ("aws_allow_http", "true".into()),
        ]
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
