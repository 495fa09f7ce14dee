//! Which organisations' daily digests were sent, per day: the claim that keeps two servers,
//! or one restarted, from sending a day's digest twice.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::Db;
use crate::error::Result;

impl Db {
    /// Claims the organisation's digest of `day` for sending, in a transaction of its own:
    /// true if this caller may send it, false if it was sent (or is being sent) already.
    /// The unique (organisation, day) key settles a race between two servers: the one that
    /// loses inserts nothing.
    pub(crate) async fn claim_digest(
        &self,
        organisation_id: i64,
        day: NaiveDate,
        recipient: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "INSERT INTO digests_sent (organisation_id, day, sent_at, recipient) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (organisation_id, day) DO NOTHING",
        )
        .bind(organisation_id)
        .bind(day.to_string())
        .bind(now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .bind(recipient)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(claimed == 1)
    }

    /// Gives a claim back after its message could not be sent, so that a later run sends it.
    pub(crate) async fn release_digest(&self, organisation_id: i64, day: NaiveDate) -> Result<()> {
        sqlx::query("DELETE FROM digests_sent WHERE organisation_id = $1 AND day = $2")
            .bind(organisation_id)
            .bind(day.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the organisation's digest of `day` was claimed already (a dry run's answer).
    pub(crate) async fn digest_claimed(
        &self,
        organisation_id: i64,
        day: NaiveDate,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM digests_sent WHERE organisation_id = $1 AND day = $2",
        )
        .bind(organisation_id)
        .bind(day.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }
}
