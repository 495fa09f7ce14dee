//! The database role the application connects as, on PostgreSQL. Triggers keep the event
//! history append-only only against a role that cannot remove them: the owner of a table may
//! `ALTER TABLE … DISABLE TRIGGER`, drop it, or truncate. So migrations run as the owner, and
//! the server and the command line connect as another role, granted here exactly what the
//! application does: it reads everything, writes the projections and its own tables, and may
//! only read and append the events.

use plantrack_domain::DomainError;
use sqlx::Executor;

use crate::db::{Backend, Db};
use crate::error::{Result, StoreError};

/// Whether `name` is a role name this command accepts: a plain SQL identifier, so that it
/// can be quoted without surprises.
pub fn valid_role_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

/// The statements that give `role` what the application needs, in this order: everything
/// it may do to every table of the schema, then what it may not do to the events (and to
/// the record of migrations) taken back.
pub fn grants(role: &str) -> Vec<String> {
    let r = format!("\"{role}\"");
    vec![
        format!("GRANT USAGE ON SCHEMA public TO {r}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}"),
        format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}"),
        // The history: read and append only. (TRUNCATE, REFERENCES and TRIGGER are never
        // granted above; DISABLE TRIGGER needs ownership, which the role does not have.)
        format!("REVOKE UPDATE, DELETE, TRUNCATE ON dossier_events FROM {r}"),
        // Migrations are the owner's.
        format!("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM {r}"),
    ]
}

impl Db {
    /// Grants `role` what the application needs (see [`grants`]). Refuses a role that
    /// does not exist, that owns the tables or is a superuser (for whom no trigger binds),
    /// and SQLite, which has no roles.
    pub(crate) async fn grant_app_role(&self, role: &str) -> Result<()> {
        if self.backend != Backend::Postgres {
            return Err(DomainError::invalid(
                "app_role",
                "database roles exist only on PostgreSQL; a SQLite file is guarded by who may write it",
            )
            .into());
        }
        if !valid_role_name(role) {
            return Err(DomainError::invalid(
                "app_role",
                "must be a role name of lower-case letters, digits and _ (at most 63)",
            )
            .into());
        }
        let found: Option<(bool,)> =
            sqlx::query_as("SELECT rolsuper FROM pg_roles WHERE rolname = $1")
                .bind(role)
                .fetch_optional(&self.pool)
                .await?;
        let Some((superuser,)) = found else {
            return Err(StoreError::not_found("database role", role));
        };
        let owner: String = sqlx::query_scalar(
            "SELECT tableowner::text FROM pg_tables WHERE tablename = 'dossier_events'",
        )
        .fetch_one(&self.pool)
        .await?;
        if superuser || owner == role {
            return Err(DomainError::invalid(
                "app_role",
                "must be neither a superuser nor the tables' owner: either may switch the history's guards off",
            )
            .into());
        }
        let mut tx = self.pool.begin().await?;
        for statement in grants(role) {
            tx.execute(statement.as_str()).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_plain_identifiers() {
        assert!(valid_role_name("plantrack_app"));
        assert!(valid_role_name("_x1"));
        for bad in [
            "",
            "App",
            "1x",
            "a-b",
            "x\"; DROP TABLE dossiers; --",
            &"a".repeat(64),
        ] {
            assert!(!valid_role_name(bad), "{bad}");
        }
    }

    #[test]
    fn the_events_are_never_updated_deleted_or_truncated_by_the_app() {
        let g = grants("app");
        let revoke = g
            .iter()
            .position(|s| s.starts_with("REVOKE UPDATE, DELETE, TRUNCATE ON dossier_events"))
            .expect("the history's revoke");
        // After the grant on all tables, which it narrows.
        let grant_all = g.iter().position(|s| s.contains("ON ALL TABLES")).unwrap();
        assert!(grant_all < revoke);
        assert!(
            g.iter()
                .all(|s| !s.contains("TRUNCATE ON ALL") && !s.contains("ALL PRIVILEGES"))
        );
    }
}
