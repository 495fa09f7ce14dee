//! A fresh database per backend for the benchmark: created, shown without its password, dropped.

use plantrack_benches::with_database;
use sqlx::Connection;

use crate::{Args, BoxError};

/// A fresh database for one backend.
pub(crate) struct Target {
    pub(crate) backend: &'static str,
    pub(crate) url: String,
    /// The PostgreSQL server and database name, or the SQLite file.
    pub(crate) server: Option<String>,
    pub(crate) name: String,
}

impl Target {
    pub(crate) async fn create(backend: &str, args: &Args) -> Result<Self, BoxError> {
        let name = format!("plantrack_bench_{}", uuid::Uuid::new_v4().simple());
        if backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            Ok(Target {
                backend: "postgres",
                url: with_database(&args.pg_url, &name),
                server: Some(args.pg_url.clone()),
                name,
            })
        } else {
            let dir = args.sqlite_dir.clone().unwrap_or_else(std::env::temp_dir);
            let path = dir.join(format!("{name}.db"));
            Ok(Target {
                backend: "sqlite",
                url: format!("sqlite://{}", path.display()),
                server: None,
                name: path.display().to_string(),
            })
        }
    }

    /// The URL without a password.
    pub(crate) fn shown(&self) -> String {
        match self.url.split_once('@') {
            Some((scheme_user, rest)) if scheme_user.matches(':').count() > 1 => {
                let user = scheme_user.rsplit_once(':').map_or(scheme_user, |(u, _)| u);
                format!("{user}:***@{rest}")
            }
            _ => self.url.clone(),
        }
    }

    pub(crate) async fn destroy(&self) {
        match &self.server {
            Some(server) => {
                let dropped = async {
                    let mut conn = sqlx::PgConnection::connect(server).await?;
                    sqlx::query(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ))
                    .execute(&mut conn)
                    .await?;
                    conn.close().await
                }
                .await;
                if let Err(e) = dropped {
                    eprintln!("could not drop database {}: {e}", self.name);
                }
            }
            None => {
                for suffix in ["", "-wal", "-shm"] {
                    std::fs::remove_file(format!("{}{suffix}", self.name)).ok();
                }
            }
        }
    }
}
