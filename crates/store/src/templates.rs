//! Stored workflow templates. A (key, version) pair, once stored, never changes: dossiers run
//! under the version they were opened with, so history is never reinterpreted.

use plantrack_domain::workflow::Template;
use sqlx::Row;

use crate::db::{Db, now_text};
use crate::error::{Result, StoreError};

/// What loading a template did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateLoad {
    Added,
    AlreadyPresent,
}

impl Db {
    /// Stores a template's source under its key and version. The same text again is a no-op;
    /// different text under a stored version is refused, because dossiers depend on it.
    pub(crate) async fn store_template(&self, source: &str) -> Result<(Template, TemplateLoad)> {
        let template = Template::from_toml(source)?;
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT source FROM workflow_templates WHERE key = $1 AND version = $2",
        )
        .bind(&template.key)
        .bind(i64::from(template.version))
        .fetch_optional(&self.pool)
        .await?;
        match existing {
            Some(text) if text == source => Ok((template, TemplateLoad::AlreadyPresent)),
            Some(_) => Err(StoreError::Duplicate {
                what: "template version (raise `version` to change a template)",
                key: format!("{} v{}", template.key, template.version),
            }),
            None => {
                // Two servers starting at once both store the built-ins: the second finds the
                // first's row and compares, as if it had been there all along.
                let added = sqlx::query("INSERT INTO workflow_templates (key, version, source, loaded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key, version) DO NOTHING")
                    .bind(&template.key)
                    .bind(i64::from(template.version))
                    .bind(source)
                    .bind(now_text())
                    .execute(&self.pool)
                    .await?;
                if added.rows_affected() == 0 {
                    return Box::pin(self.store_template(source)).await;
                }
                Ok((template, TemplateLoad::Added))
            }
        }
    }

    /// Stores a built-in template. A stored version whose text differs only in what changes no
    /// dossier is brought to this build's text: its comments, the wording or translation of
    /// its legal basis and notes, or (in a database made before
    /// the built-ins named their approval stage) a missing `approved_after`, which only says
    /// whose plan counts as approved. Any other difference is refused as by
    /// [`Db::store_template`].
    pub(crate) async fn store_builtin_template(&self, source: &str) -> Result<()> {
        let template = Template::from_toml(source)?;
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT source FROM workflow_templates WHERE key = $1 AND version = $2",
        )
        .bind(&template.key)
        .bind(i64::from(template.version))
        .fetch_optional(&self.pool)
        .await?;
        if let Some(text) = existing.filter(|t| t != source)
            && let Ok(stored) = Template::from_toml(&text)
        {
            let rules = template.without_explanations();
            let stored_rules = stored.without_explanations();
            let mut without = rules.clone();
            without.approved_after = None;
            if stored_rules == rules
                || (stored_rules.approved_after.is_none() && without == stored_rules)
            {
                sqlx::query(
                    "UPDATE workflow_templates SET source = $1 WHERE key = $2 AND version = $3",
                )
                .bind(source)
                .bind(&template.key)
                .bind(i64::from(template.version))
                .execute(&self.pool)
                .await?;
                tracing::info!(key = %template.key, version = template.version, "built-in template's stored text brought to this build");
                return Ok(());
            }
        }
        self.store_template(source).await.map(|_| ())
    }

    /// A number that moves whenever a template or a calendar override is written (by the
    /// triggers of migration 0011).
    pub(crate) async fn settings_generation(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT generation FROM settings_generation WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Every stored version of every template.
    pub(crate) async fn templates(&self) -> Result<Vec<Template>> {
        let rows = sqlx::query(
            "SELECT key, version, source FROM workflow_templates ORDER BY key, version",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let source: String = row.try_get("source")?;
                Template::from_toml(&source).map_err(|e| {
                    let key: String = row.try_get("key").unwrap_or_default();
                    StoreError::corrupt(format!("stored template {key}: {e}"))
                })
            })
            .collect()
    }
}
