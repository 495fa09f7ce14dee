//! Password login, throttled: failures recorded before the check, locks after too many.

use super::*;

impl Db {
    /// Checks a username and password.
    ///
    /// Unknown usernames and wrong passwords give the same error after the same work (a
    /// dummy verification). Every attempt is recorded as a failure *before* its password is
    /// checked and the record removed on success, so that parallel guesses count too: after
    /// [`MAX_FAILURES`] failures within [`FAILURE_WINDOW`] the username (known or not, so a
    /// lock reveals nothing) is locked for [`LOCK_DURATION`], during which even the right
    /// password is refused without being checked. [`LoginError::Disabled`] is said only to
    /// someone who gave the right password.
    pub(crate) async fn authenticate(
        &self,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Principal, LoginError> {
        let username = username.trim().to_lowercase();
        if validate_username(&username).is_err() {
            // No such account can exist; log nothing of what was typed.
            dummy_verify(password).await?;
            tracing::warn!("login failed: malformed username");
            return Err(LoginError::BadCredentials);
        }
        let now_text = ts(now);
        let locked: Option<String> = sqlx::query_scalar(
            "SELECT locked_until FROM login_locks WHERE username = $1 AND locked_until > $2",
        )
        .bind(&username)
        .bind(&now_text)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(until) = locked {
            tracing::warn!(%username, locked_until = %until, "login refused: locked");
            return Err(LoginError::LockedUntil(parse_ts(&until)?));
        }
        let window_start = ts(now - FAILURE_WINDOW);
        // Forget failures older than the window and locks that have ended, for everyone.
        sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
            .bind(&window_start)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM login_locks WHERE locked_until <= $1")
            .bind(&now_text)
            .execute(&self.pool)
            .await?;
        sqlx::query("INSERT INTO login_failures (username, failed_at) VALUES ($1, $2)")
            .bind(&username)
            .bind(&now_text)
            .execute(&self.pool)
            .await?;
        let failures: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE username = $1 AND failed_at > $2",
        )
        .bind(&username)
        .bind(&window_start)
        .fetch_one(&self.pool)
        .await?;
        if failures > MAX_FAILURES {
            // Only parallel attempts get here: the one that made the fifth failure locked it.
            let until = self.lock(&username, now).await?;
            return Err(LoginError::LockedUntil(until));
        }
        let row =
            sqlx::query("SELECT id, password_hash, disabled_at FROM users WHERE username = $1")
                .bind(&username)
                .fetch_optional(&self.pool)
                .await?;
        let account = if let Some(row) = &row {
            let hash: String = row.try_get("password_hash")?;
            if verify_password(password, &hash).await? {
                let id: i64 = row.try_get("id")?;
                let disabled: Option<String> = row.try_get("disabled_at")?;
                Some((id, disabled.is_some()))
            } else {
                None
            }
        } else {
            dummy_verify(password).await?;
            None
        };
        let Some((user_id, disabled)) = account else {
            tracing::warn!(%username, failures, "login failed: bad credentials");
            if failures >= MAX_FAILURES {
                self.lock(&username, now).await?;
            }
            return Err(LoginError::BadCredentials);
        };
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(&username)
            .execute(&self.pool)
            .await?;
        if disabled {
            tracing::warn!(%username, "login refused: account disabled");
            return Err(LoginError::Disabled);
        }
        Ok(self.principal(user_id).await?)
    }

    /// Locks `username` for [`LOCK_DURATION`] from `now`; its failures are spent.
    pub(super) async fn lock(&self, username: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
        let until = now + LOCK_DURATION;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO login_locks (username, locked_until) VALUES ($1, $2) \
             ON CONFLICT (username) DO UPDATE SET locked_until = excluded.locked_until",
        )
        .bind(username)
        .bind(ts(until))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::warn!(
            %username,
            locked_until = %ts(until),
            "login locked after {MAX_FAILURES} failures within {} minutes",
            FAILURE_WINDOW.num_minutes()
        );
        Ok(until)
    }

    pub(super) async fn active_user(&self, user_id: i64) -> Result<()> {
        let disabled: Option<Option<String>> =
            sqlx::query_scalar("SELECT disabled_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        match disabled {
            None => Err(StoreError::not_found("user", &user_id)),
            Some(Some(_)) => {
                Err(DomainError::invalid("username", "the account is disabled").into())
            }
            Some(None) => Ok(()),
        }
    }
}
