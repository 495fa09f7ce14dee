//! Decisions of a province (funding allocations, directives) that dossier events cite. Their
//! numbers are unique within their province; decisions recorded before decisions had a
//! province have none and are listed with every province's.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::db::{Db, now_text, parse_date};
use crate::error::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub id: i64,
    /// The province that issued it; none for one recorded before decisions had a province.
    pub province_code: Option<String>,
    /// As written on the decision: "2785/QĐ-UBND".
    pub number: String,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub title: String,
}

impl Db {
    pub(crate) async fn record_decision(
        &self,
        province_code: &str,
        number: &str,
        issued_on: NaiveDate,
        issuer: &str,
        title: &str,
    ) -> Result<Decision> {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM decisions WHERE number = $1 AND province_code = $2")
                .bind(number)
                .bind(province_code)
                .fetch_optional(&self.pool)
                .await?;
        if exists.is_some() {
            return Err(StoreError::Duplicate {
                what: "decision",
                key: number.to_owned(),
            });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO decisions (province_code, number, issued_on, issuer, title, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(province_code)
        .bind(number)
        .bind(issued_on.to_string())
        .bind(issuer)
        .bind(title)
        .bind(now_text())
        .fetch_one(&self.pool)
        .await?;
        Ok(Decision {
            id,
            province_code: Some(province_code.to_owned()),
            number: number.to_owned(),
            issued_on,
            issuer: issuer.to_owned(),
            title: title.to_owned(),
        })
    }

    /// A province's decisions (with those that have none), or every decision.
    pub(crate) async fn decisions(&self, province_code: Option<&str>) -> Result<Vec<Decision>> {
        let rows = sqlx::query(
            "SELECT id, province_code, number, issued_on, issuer, title FROM decisions \
             WHERE $1 IS NULL OR province_code = $1 OR province_code IS NULL \
             ORDER BY issued_on, id",
        )
        .bind(province_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Decision {
                    id: r.try_get("id")?,
                    province_code: r.try_get("province_code")?,
                    number: r.try_get("number")?,
                    issued_on: parse_date(&r.try_get::<String, _>("issued_on")?)?,
                    issuer: r.try_get("issuer")?,
                    title: r.try_get("title")?,
                })
            })
            .collect()
    }
}
