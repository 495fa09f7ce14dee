//! Organisations and users: creating them, listing them, disabling them, their passwords
//! and their page language.

use super::*;

impl Db {
    // -----------------------------------------------------------------------------------------
    // Organisations

    /// A new organisation. A commune People's Committee names its unit (a commune, ward or
    /// special zone already imported, in `province_code`); no other kind has a unit.
    pub(crate) async fn create_organisation(
        &self,
        kind: OrgKind,
        name: &str,
        province_code: &str,
        unit_code: Option<&str>,
    ) -> Result<Organisation> {
        let name = validate_text("name", name, 200)?;
        let province_code = province_code.trim();
        if province_code.is_empty()
            || province_code.len() > 8
            || !province_code.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(DomainError::invalid(
                "province_code",
                "must be the province's numeric code (e.g. 12)",
            )
            .into());
        }
        let unit_code = unit_code.map(str::trim);
        match (kind, unit_code) {
            (OrgKind::CommunePc, None) => {
                return Err(DomainError::invalid(
                    "unit_code",
                    "a commune People's Committee must name its unit",
                )
                .into());
            }
            (OrgKind::CommunePc, Some(code)) => {
                let row = sqlx::query("SELECT parent_code, kind FROM units WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else {
                    return Err(DomainError::invalid(
                        "unit_code",
                        format!("unit {code} is not known; import the units first"),
                    )
                    .into());
                };
                let parent: Option<String> = row.try_get("parent_code")?;
                let unit_kind: String = row.try_get("kind")?;
                if unit_kind == "province" {
                    return Err(DomainError::invalid(
                        "unit_code",
                        format!("{code} is a province, not a commune, ward or special zone"),
                    )
                    .into());
                }
                if parent.as_deref() != Some(province_code) {
                    return Err(DomainError::invalid(
                        "unit_code",
                        format!(
                            "unit {code} is not in province {province_code} (it is in {})",
                            parent.as_deref().unwrap_or("none")
                        ),
                    )
                    .into());
                }
            }
            (_, Some(_)) => {
                return Err(DomainError::invalid(
                    "unit_code",
                    "only a commune People's Committee has a unit",
                )
                .into());
            }
            (_, None) => {}
        }
        if self.organisation_by_name(&name).await?.is_some() {
            return Err(StoreError::Duplicate {
                what: "organisation",
                key: name,
            });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (kind, name, province_code, unit_code, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org_kind_str(kind))
        .bind(&name)
        .bind(province_code)
        .bind(unit_code)
        .bind(ts(Utc::now()))
        .fetch_one(&self.pool)
        .await
        .map_err(|e| duplicate_or(e, "organisation", &name))?;
        Ok(Organisation {
            id,
            kind,
            name,
            province_code: province_code.to_owned(),
            unit_code: unit_code.map(str::to_owned),
            sector: None,
        })
    }

    pub(crate) async fn organisations(&self) -> Result<Vec<Organisation>> {
        sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(organisation_from_row)
        .collect()
    }

    pub(crate) async fn organisation_by_name(&self, name: &str) -> Result<Option<Organisation>> {
        sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE name = $1"
        ))
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(organisation_from_row)
        .transpose()
    }

    // -----------------------------------------------------------------------------------------
    // Users

    /// A new account. Its role must belong to its organisation's kind
    /// ([`Role::organisation_kind`]: the administrator belongs to the provincial People's
    /// Committee). The password is hashed before any row is touched. A service account is
    /// given a password nobody is shown, so it never signs in: it acts through tokens.
    pub(crate) async fn create_user(&self, new: NewUser, service_account: bool) -> Result<User> {
        validate_username(&new.username)?;
        let display_name = validate_display_name(&new.display_name)?;
        validate_password(&new.password)?;
        let organisation = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"
        ))
        .bind(new.organisation_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(organisation_from_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("organisation", &new.organisation_id))?;
        let expected = new.role.organisation_kind();
        if organisation.kind != expected {
            return Err(DomainError::invalid(
                "role",
                format!(
                    "a {} belongs to a {} organisation, and {} is a {}",
                    new.role.as_str(),
                    org_kind_str(expected),
                    organisation.name,
                    org_kind_str(organisation.kind)
                ),
            )
            .into());
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(&new.username)
            .fetch_optional(&self.pool)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate {
                what: "user",
                key: new.username,
            });
        }
        let hash = hash_password(&new.password).await?;
        let now = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, role, organisation_id, \
             created_at, password_changed_at, service_account) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind(&new.username)
        .bind(&display_name)
        .bind(&hash)
        .bind(new.role.as_str())
        .bind(organisation.id)
        .bind(ts(now))
        .bind(i64::from(service_account))
        .fetch_one(&self.pool)
        .await
        .map_err(|e| duplicate_or(e, "user", &new.username))?;
        tracing::info!(username = %new.username, role = new.role.as_str(), service_account, "account created");
        Ok(User {
            id,
            username: new.username,
            display_name,
            role: new.role,
            organisation,
            created_at: parse_ts(&ts(now))?,
            disabled_at: None,
            service_account,
        })
    }

    pub(crate) async fn users(&self) -> Result<Vec<User>> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} ORDER BY u.username"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(user_from_row)
        .collect()
    }

    pub(crate) async fn user(&self, username: &str) -> Result<User> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("user", &username))
    }

    /// The account with its role and organisation, disabled or not: to authorise a request,
    /// use [`Db::session_principal`] or [`Db::token_principal`], which refuse disabled ones.
    pub(crate) async fn principal(&self, user_id: i64) -> Result<Principal> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE u.id = $1"
        ))
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()?
        .map(principal_of)
        .ok_or_else(|| StoreError::not_found("user", &user_id))
    }

    /// Disables an account: it can no longer log in, its sessions end at once and its
    /// tokens stop working (they are kept, for the record).
    /// Disables an account and ends its sessions, unless it is the last active administrator.
    pub(crate) async fn disable_user(&self, username: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Two administrators disabling each other at once must not both succeed: on
        // PostgreSQL the active administrators are locked first (SQLite's write transaction
        // already runs alone).
        if self.backend == crate::db::Backend::Postgres {
            sqlx::query(
                "SELECT id FROM users WHERE role = 'administrator' AND disabled_at IS NULL \
                 FOR UPDATE",
            )
            .fetch_all(&mut *tx)
            .await?;
        }
        let disabled: Option<(i64, String)> = sqlx::query_as(
            "UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE username = $1 \
             RETURNING id, role",
        )
        .bind(username)
        .bind(ts(Utc::now()))
        .fetch_optional(&mut *tx)
        .await?;
        let (id, role) = disabled.ok_or_else(|| StoreError::not_found("user", &username))?;
        let administrators_left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE role = 'administrator' AND disabled_at IS NULL",
        )
        .fetch_one(&mut *tx)
        .await?;
        if role == Role::Administrator.as_str() && administrators_left == 0 {
            return Err(DomainError::AccountProtected(AccountProtection::LastAdministrator).into());
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::warn!(username, "account disabled");
        Ok(())
    }

    /// Enables a disabled account again; it signs in with its password as before.
    pub(crate) async fn enable_user(&self, username: &str) -> Result<()> {
        let done = sqlx::query("UPDATE users SET disabled_at = NULL WHERE username = $1")
            .bind(username)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("user", &username));
        }
        tracing::warn!(username, "account enabled");
        Ok(())
    }

    /// Sets a new password (an administrator's reset): ends the account's sessions and lifts
    /// any login lock.
    /// A service account has no password to reset: it would become one that signs in.
    pub(crate) async fn reset_password(&self, username: &str, new_password: &str) -> Result<()> {
        if self.user(username).await?.service_account {
            return Err(DomainError::invalid(
                "username",
                format!("{username} is a service account: it has no password, only tokens"),
            )
            .into());
        }
        validate_password(new_password)?;
        let hash = hash_password(new_password).await?;
        self.set_password_hash(username, &hash).await?;
        tracing::warn!(username, "password reset");
        Ok(())
    }

    /// A user changing their own password: the current one is checked like a login
    /// (throttled, and locked after repeated failures). Ends all the account's sessions and
    /// revokes its API tokens, so the caller issues a new session with [`Db::create_session`].
    pub(crate) async fn change_password(
        &self,
        user_id: i64,
        current_password: &str,
        new_password: &str,
        client: std::net::IpAddr,
        now: DateTime<Utc>,
    ) -> Result<(), LoginError> {
        validate_password(new_password).map_err(StoreError::from)?;
        let username = self.principal(user_id).await?.username;
        self.authenticate(&username, current_password, client, now)
            .await?;
        let hash = hash_password(new_password).await?;
        self.set_password_hash(&username, &hash).await?;
        tracing::info!(username, "password changed");
        Ok(())
    }

    pub(super) async fn set_password_hash(&self, username: &str, hash: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE username = $1 \
             RETURNING id",
        )
        .bind(username)
        .bind(hash)
        .bind(ts(Utc::now()))
        .fetch_optional(&mut *tx)
        .await?;
        let id = id.ok_or_else(|| StoreError::not_found("user", &username))?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // A token made under the old password must not outlive it: whoever knew that password
        // may have made one.
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE user_id = $1",
        )
        .bind(id)
        .bind(ts(Utc::now()))
        .execute(&mut *tx)
        .await?;
        // A new password lifts the account's blocks and backoffs: whoever guessed at the old
        // one has nothing left to guess. (An address's block is the address's, not lifted.)
        sqlx::query("DELETE FROM login_throttle WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The page language the person chose, if any.
    pub(crate) async fn user_language(&self, user_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT language FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    /// Keeps the person's page language ("vi", "en" or "id").
    pub(crate) async fn set_user_language(&self, user_id: i64, language: &str) -> Result<()> {
        if !matches!(language, "vi" | "en" | "id") {
            return Err(DomainError::invalid("language", "must be vi, en or id").into());
        }
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
