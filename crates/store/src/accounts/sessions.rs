//! Server-side sessions: started at login, idle and absolute expiry, rotation, logout.

use super::*;

/// How stale a session's `last_seen_at` (and a token's `last_used_at`) may be before a use
/// writes it again.
pub(crate) const LAST_SEEN_STEP: TimeDelta = TimeDelta::minutes(1);

impl Db {
    /// Starts a session for a user who has just logged in. Returns the secret for the cookie
    /// (64 hex digits; only its SHA-256 is stored) and the session's absolute expiry,
    /// [`SESSION_ABSOLUTE`] from now; it also ends after [`SESSION_IDLE`] without use.
    ///
    /// Logging in always issues a new secret this way; the web layer deletes whatever session
    /// the request came with, so an id planted before login is never promoted (fixation).
    pub(crate) async fn create_session(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>)> {
        self.active_user(user_id).await?;
        let secret = random_secret();
        let expires_at = now + SESSION_ABSOLUTE;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(sha256_hex(&secret))
        .bind(user_id)
        .bind(ts(now))
        .bind(ts(expires_at))
        .execute(&self.pool)
        .await?;
        Ok((secret, expires_at))
    }

    /// Who holds this session, if it is live: not idle for [`SESSION_IDLE`], not past its
    /// absolute expiry, its user not disabled. Counts as use (refreshes the idle clock), but
    /// writes at most once per [`LAST_SEEN_STEP`]: a page's many reads cost one read each.
    ///
    /// The stored `last_seen_at` may so lag the last use by up to that step. The idle check
    /// stays on the stored value: a session never outlives [`SESSION_IDLE`] after its last
    /// use, and may end up to one step (a minute in thirty) earlier.
    pub(crate) async fn session_principal(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>> {
        if !is_secret(secret) {
            return Ok(None);
        }
        let id_hash = sha256_hex(secret);
        let now_text = ts(now);
        let live: Option<(i64, String)> = sqlx::query_as(
            "SELECT user_id, last_seen_at FROM sessions \
             WHERE id_hash = $1 AND last_seen_at > $3 AND expires_at > $2 \
             AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)",
        )
        .bind(&id_hash)
        .bind(&now_text)
        .bind(ts(now - SESSION_IDLE))
        .fetch_optional(&self.pool)
        .await?;
        let Some((user_id, seen)) = live else {
            // Expired (or its user disabled): gone for good.
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(&id_hash)
                .execute(&self.pool)
                .await?;
            return Ok(None);
        };
        let stale = ts(now - LAST_SEEN_STEP);
        if seen <= stale {
            // The condition is in the WHERE: of concurrent requests, one writes.
            sqlx::query(
                "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at <= $3",
            )
            .bind(&id_hash)
            .bind(&now_text)
            .bind(&stale)
            .execute(&self.pool)
            .await?;
        }
        Ok(Some(self.principal(user_id).await?))
    }

    /// Logout. Deleting an unknown or expired session is not an error.
    pub(crate) async fn delete_session(&self, secret: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(sha256_hex(secret))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Replaces a live session's secret with a new one (same user, same absolute expiry), so
    /// the old secret stops working at once: for when a session's privileges change. `None`
    /// when the old session is not live.
    pub(crate) async fn rotate_session(
        &self,
        old_secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        if !is_secret(old_secret) {
            return Ok(None);
        }
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "DELETE FROM sessions WHERE id_hash = $1 AND last_seen_at > $3 AND expires_at > $2 \
             AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL) \
             RETURNING user_id, created_at, expires_at",
        )
        .bind(sha256_hex(old_secret))
        .bind(ts(now))
        .bind(ts(now - SESSION_IDLE))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let secret = random_secret();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sha256_hex(&secret))
        .bind(row.try_get::<i64, _>("user_id")?)
        .bind(row.try_get::<String, _>("created_at")?)
        .bind(ts(now))
        .bind(row.try_get::<String, _>("expires_at")?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(secret))
    }

    /// Deletes the sessions that have expired (idle or absolute); returns how many.
    pub(crate) async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR expires_at <= $2")
            .bind(ts(now - SESSION_IDLE))
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
