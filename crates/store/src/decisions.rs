//! Decisions of the province (funding allocations, directives) that dossier events cite.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::db::{Db, now_text, parse_date};
use crate::error::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub id: i64,
    /// As written on the decision: "2785/QĐ-UBND".
    pub number: String,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub title: String,
}

impl Db {
    pub(crate) async fn record_decision(
        &self,
        number: &str,
        issued_on: NaiveDate,
        issuer: &str,
        title: &str,
    ) -> Result<Decision> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM decisions WHERE number = $1")
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Duplicate {
                what: "decision",
                key: number.to_owned(),
            });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO decisions (number, issued_on, issuer, title, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(number)
        .bind(issued_on.to_string())
        .bind(issuer)
        .bind(title)
        .bind(now_text())
        .fetch_one(&self.pool)
        .await?;
        Ok(Decision {
            id,
            number: number.to_owned(),
            issued_on,
            issuer: issuer.to_owned(),
            title: title.to_owned(),
        })
    }

    pub(crate) async fn decisions(&self) -> Result<Vec<Decision>> {
        let rows = sqlx::query(
            "SELECT id, number, issued_on, issuer, title FROM decisions ORDER BY issued_on, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Decision {
                    id: r.try_get("id")?,
                    number: r.try_get("number")?,
                    issued_on: parse_date(&r.try_get::<String, _>("issued_on")?)?,
                    issuer: r.try_get("issuer")?,
                    title: r.try_get("title")?,
                })
            })
            .collect()
    }
}
