//! Accounts, sessions and tokens. Signing in and reading a session or token say who is
//! asking, so they need no permission; managing accounts is the administrator's (or the
//! operator's at the command line); an account changes only its own password and language.
//! A token acts as its holder, so it is made by its holder, or by the administrator for a
//! service account (`access::create_token`); the operator, who holds the database itself,
//! passes that policy as every other.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use plantrack_domain::access::{
    self, AdminAction, Caller, Denied, OrgKind, Organisation, Principal,
};

use plantrack_domain::error::AccountProtection;
use plantrack_domain::{DomainError, Language};

use super::Planning;
use crate::accounts::{LoginError, NewServiceAccount, NewUser, TokenInfo, User};
use crate::error::Result;

impl Planning {
    pub(crate) fn administer(caller: Caller<'_>, action: AdminAction) -> Result<()> {
        caller.allowed(|p| access::administer(p, action))?;
        Ok(())
    }

    /// Signs in with a password from the client's address (throttled per account and per
    /// address, through the sign-in gate; see [`crate::accounts`]).
    pub async fn authenticate(
        &self,
        username: &str,
        password: &str,
        client: IpAddr,
        now: DateTime<Utc>,
    ) -> Result<Principal, LoginError> {
        self.db.authenticate(username, password, client, now).await
    }

    /// Opens a session for a signed-in account: its secret and when it expires.
    pub async fn create_session(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>)> {
        self.db.create_session(user_id, now).await
    }

    /// The account a session secret belongs to, if the session is alive.
    pub async fn session_principal(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>> {
        self.db.session_principal(secret, now).await
    }

    /// Replaces a session's secret (after a password change or on privilege change).
    pub async fn rotate_session(
        &self,
        old_secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        self.db.rotate_session(old_secret, now).await
    }

    /// Signs out.
    pub async fn delete_session(&self, secret: &str) -> Result<()> {
        self.db.delete_session(secret).await
    }

    /// Forgets sessions past their idle or absolute limit.
    pub async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        self.db.purge_expired_sessions(now).await
    }

    /// The account an API token belongs to, if the token is valid.
    pub async fn token_principal(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>> {
        self.db.token_principal(secret, now).await
    }

    /// Changes the caller's own password.
    pub async fn change_password(
        &self,
        caller: &Principal,
        current_password: &str,
        new_password: &str,
        client: IpAddr,
        now: DateTime<Utc>,
    ) -> Result<(), LoginError> {
        self.db
            .change_password(caller.user_id, current_password, new_password, client, now)
            .await
    }

    /// The language an account chose for its pages.
    pub async fn user_language(&self, caller: &Principal) -> Result<Option<Language>> {
        Ok(self
            .db
            .user_language(caller.user_id)
            .await?
            .as_deref()
            .and_then(Language::parse))
    }

    /// Keeps the language an account chose.
    pub async fn set_user_language(&self, caller: &Principal, language: Language) -> Result<()> {
        self.db
            .set_user_language(caller.user_id, language.code())
            .await
    }

    pub async fn create_organisation(
        &self,
        caller: Caller<'_>,
        kind: OrgKind,
        name: &str,
        province_code: &str,
        unit_code: Option<&str>,
    ) -> Result<Organisation> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db
            .create_organisation(kind, name, province_code, unit_code)
            .await
    }

    pub async fn organisations(&self, caller: Caller<'_>) -> Result<Vec<Organisation>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.organisations().await
    }

    pub async fn organisation_by_name(
        &self,
        caller: Caller<'_>,
        name: &str,
    ) -> Result<Option<Organisation>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.organisation_by_name(name).await
    }

    pub async fn create_user(&self, caller: Caller<'_>, new: NewUser) -> Result<User> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.create_user(new, false).await
    }

    /// A service account: an integration's, which never signs in (its password is random
    /// and shown to nobody) and acts through the tokens the administrator makes for it.
    pub async fn create_service_account(
        &self,
        caller: Caller<'_>,
        new: NewServiceAccount,
    ) -> Result<User> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        let account = NewUser {
            username: new.username,
            display_name: new.display_name,
            password: crate::accounts::generate_password(),
            role: new.role,
            organisation_id: new.organisation_id,
        };
        self.db.create_user(account, true).await
    }

    pub async fn users(&self, caller: Caller<'_>) -> Result<Vec<User>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.users().await
    }

    pub async fn user(&self, caller: Caller<'_>, username: &str) -> Result<User> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.user(username).await
    }

    /// The signed-in form of an account, for the operator acting as it (`--as USER`).
    pub async fn principal_of(&self, caller: Caller<'_>, username: &str) -> Result<Principal> {
        if caller != Caller::Operator {
            return Err(Denied::NotSignedIn.into());
        }
        let user = self.db.user(username).await?;
        self.db.principal(user.id).await
    }

    /// Disables an account and ends its sessions: never one's own, nor the last active
    /// administrator's.
    pub async fn disable_user(&self, caller: Caller<'_>, username: &str) -> Result<()> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        if caller.principal().is_some_and(|p| p.username == username) {
            return Err(DomainError::AccountProtected(AccountProtection::Yourself).into());
        }
        self.db.disable_user(username).await
    }

    /// Enables a disabled account again.
    pub async fn enable_user(&self, caller: Caller<'_>, username: &str) -> Result<()> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.enable_user(username).await
    }

    pub async fn reset_password(
        &self,
        caller: Caller<'_>,
        username: &str,
        new_password: &str,
    ) -> Result<()> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.reset_password(username, new_password).await
    }

    /// A new API token for an account (the caller's own, or a service account's for the
    /// administrator): its secret (shown once) and what is kept of it.
    pub async fn create_token(
        &self,
        caller: Caller<'_>,
        user_id: i64,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, TokenInfo)> {
        // Nobody signed in learns nothing of which accounts exist.
        caller.allowed(|p| p.map(|_| ()).ok_or(Denied::NotSignedIn))?;
        let holder = self.db.token_holder(user_id).await?;
        caller.allowed(|p| access::create_token(p, holder))?;
        self.db.create_token(user_id, label, now).await
    }

    pub async fn token(&self, caller: Caller<'_>, id: i64) -> Result<TokenInfo> {
        let token = self.db.token(id).await?;
        caller.allowed(|p| access::manage_tokens(p, Some(token.user_id)))?;
        Ok(token)
    }

    /// Revokes a token: the holder's own, or any for the administrator.
    pub async fn revoke_token(&self, caller: Caller<'_>, id: i64) -> Result<()> {
        self.token(caller, id).await?;
        self.db.revoke_token(id).await
    }

    /// Tokens, of one account or of all.
    pub async fn tokens(&self, caller: Caller<'_>, user_id: Option<i64>) -> Result<Vec<TokenInfo>> {
        caller.allowed(|p| access::manage_tokens(p, user_id))?;
        self.db.tokens(user_id).await
    }
}
