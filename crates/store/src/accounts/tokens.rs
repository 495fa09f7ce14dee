//! API tokens: made for an account, shown once, revocable, their use recorded.

use plantrack_domain::access::TokenHolder;

use super::*;

impl Db {
    /// A new API token for `user_id`, acting with the user's present role and organisation.
    /// Returns the secret (`pt_` and 64 hex digits), to be shown once: only its SHA-256 is
    /// kept.
    pub(crate) async fn create_token(
        &self,
        user_id: i64,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, TokenInfo)> {
        let label = validate_text("label", label, 100)?;
        self.active_user(user_id).await?;
        let principal = self.principal(user_id).await?;
        let secret = format!("{TOKEN_PREFIX}{}", random_secret());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (token_hash, user_id, role, organisation_id, label, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(sha256_hex(&secret))
        .bind(user_id)
        .bind(principal.role.as_str())
        .bind(principal.organisation.id)
        .bind(&label)
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await?;
        tracing::info!(username = %principal.username, token_id = id, %label, "API token created");
        Ok((secret, self.token(id).await?))
    }

    /// The account a token would be for, as the token policy reads it.
    pub(crate) async fn token_holder(&self, user_id: i64) -> Result<TokenHolder> {
        let service: Option<i64> =
            sqlx::query_scalar("SELECT service_account FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        let service = service.ok_or_else(|| StoreError::not_found("user", &user_id))?;
        Ok(TokenHolder {
            user_id,
            service_account: service != 0,
        })
    }

    pub(crate) async fn token(&self, id: i64) -> Result<TokenInfo> {
        sqlx::query(&format!("{TOKEN_SELECT} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(token_from_row)
            .transpose()?
            .ok_or_else(|| StoreError::not_found("token", &id))
    }

    /// Who holds this token, if it is not revoked, its user is not disabled and still has the
    /// role and organisation the token was made with. Records the use, to the minute.
    pub(crate) async fn token_principal(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>> {
        let Some(hex_part) = secret.strip_prefix(TOKEN_PREFIX) else {
            return Ok(None);
        };
        if !is_secret(hex_part) {
            return Ok(None);
        }
        let token: Option<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT user_id, id, last_used_at FROM api_tokens \
             WHERE token_hash = $1 AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM users u \
               WHERE u.id = api_tokens.user_id AND u.disabled_at IS NULL \
               AND u.role = api_tokens.role AND u.organisation_id = api_tokens.organisation_id)",
        )
        .bind(sha256_hex(secret))
        .fetch_optional(&self.pool)
        .await?;
        let stale = ts(now - super::sessions::LAST_SEEN_STEP);
        if let Some((_, id, used)) = &token
            && used.as_ref().is_none_or(|u| *u <= stale)
        {
            // The use is recorded to the minute, so a client's burst of reads writes once;
            // the condition is in the WHERE so that concurrent uses write once too.
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $2 \
                 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)",
            )
            .bind(id)
            .bind(ts(now))
            .bind(&stale)
            .execute(&self.pool)
            .await?;
        }
        match token {
            Some((user_id, token_id, _)) => {
                let mut principal = self.principal(user_id).await?;
                // The history says which token acted (issue 11, item 2).
                principal.authenticated_by =
                    plantrack_domain::access::Authentication::Token { token_id };
                Ok(Some(principal))
            }
            None => Ok(None),
        }
    }

    /// Revokes a token for good. Revoking it again changes nothing.
    pub(crate) async fn revoke_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
        )
        .bind(id)
        .bind(ts(Utc::now()))
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("token", &id));
        }
        tracing::warn!(token_id = id, "API token revoked");
        Ok(())
    }

    /// The tokens of one user, or everyone's; never their secrets.
    pub(crate) async fn tokens(&self, user_id: Option<i64>) -> Result<Vec<TokenInfo>> {
        sqlx::query(&format!(
            "{TOKEN_SELECT} WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(token_from_row)
        .collect()
    }
}
