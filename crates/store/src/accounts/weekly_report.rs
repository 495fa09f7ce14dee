//! Which accounts receive the weekly progress report by e-mail, at which address and in which
//! language, and the claims on a week's sending that keep it from going out twice.

use chrono::NaiveDate;
use plantrack_domain::Language;
use sqlx::{Any, Transaction};

use super::rows::{USER_COLUMNS, USER_FROM, user_from_row};
use super::*;

/// An account that opted in to the weekly report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WeeklyReportSubscriber {
    pub user: User,
    pub email: String,
    /// The account's page language; Vietnamese when it never chose one.
    pub language: Language,
}

impl Db {
    /// The address the account receives the weekly report at, if it opted in.
    pub(crate) async fn weekly_report_email(&self, user_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT weekly_report_email FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }

    /// Sets (or, with none, clears) the account's weekly report address, in the caller's
    /// transaction so the change and its event are kept together.
    pub(crate) async fn set_weekly_report_email(
        tx: &mut Transaction<'_, Any>,
        user_id: i64,
        email: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET weekly_report_email = $1 WHERE id = $2")
            .bind(email)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Every active account that opted in, by username.
    pub(crate) async fn weekly_report_subscribers(&self) -> Result<Vec<WeeklyReportSubscriber>> {
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.weekly_report_email, u.language FROM {USER_FROM} \
             WHERE u.weekly_report_email IS NOT NULL AND u.disabled_at IS NULL \
             ORDER BY u.username"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let language: Option<String> = row.try_get("language")?;
                Ok(WeeklyReportSubscriber {
                    user: user_from_row(row)?,
                    email: row.try_get("weekly_report_email")?,
                    language: language
                        .as_deref()
                        .and_then(Language::parse)
                        .unwrap_or(Language::Vi),
                })
            })
            .collect()
    }

    /// Claims the sending of `week` to the account: true if this caller is the first.
    pub(crate) async fn claim_weekly_report(
        &self,
        user_id: i64,
        week: &str,
        recipient: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "INSERT INTO weekly_reports_sent (user_id, week, sent_at, recipient) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, week) DO NOTHING",
        )
        .bind(user_id)
        .bind(week)
        .bind(now.to_rfc3339_opts(SecondsFormat::Micros, true))
        .bind(recipient)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(claimed == 1)
    }

    /// Gives a claim back after its message could not be sent, so that a later run sends it.
    pub(crate) async fn release_weekly_report(&self, user_id: i64, week: &str) -> Result<()> {
        sqlx::query("DELETE FROM weekly_reports_sent WHERE user_id = $1 AND week = $2")
            .bind(user_id)
            .bind(week)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether `week` was claimed for the account already (a dry run's answer).
    pub(crate) async fn weekly_report_claimed(&self, user_id: i64, week: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM weekly_reports_sent WHERE user_id = $1 AND week = $2",
        )
        .bind(user_id)
        .bind(week)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }
}

/// The ISO week a day belongs to, as kept in the claims: "2025-W49".
pub fn iso_week(day: NaiveDate) -> String {
    use chrono::Datelike;
    let week = day.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}
