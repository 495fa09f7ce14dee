//! The weekly report by e-mail's use cases (issue 14, item 3): a leadership or administrator
//! account opts in with an address (off by default), each change one transaction with one
//! event in its province's follow-up history; the subscribers and the claims on a week's
//! sending. Rendering the report and sending it are the application's.

use chrono::NaiveDate;
use plantrack_domain::access::{self, AdminAction, Caller};
use plantrack_domain::{DomainError, contact};
use serde_json::json;

use super::Planning;
use super::follow_up::actor;
use crate::accounts::{WeeklyReportSubscriber, iso_week};
use crate::error::Result;
use crate::follow_up::events::{self, FollowUpEvent};

impl Planning {
    /// Where the account receives the weekly report (none: it has not opted in), for the
    /// account itself and the administrator.
    pub async fn weekly_report_email(
        &self,
        caller: Caller<'_>,
        username: &str,
    ) -> Result<Option<String>> {
        let user = self.own_or_administered(caller, username).await?;
        self.db.weekly_report_email(user.id).await
    }

    /// Opts the account in at `email`, or out with none. Only accounts whose role receives
    /// the province's report may opt in; the account itself or the administrator sets it.
    pub async fn set_weekly_report(
        &self,
        caller: Caller<'_>,
        username: &str,
        email: Option<&str>,
    ) -> Result<Option<String>> {
        let user = self.own_or_administered(caller, username).await?;
        let email = email.map(contact::email).transpose()?;
        if email.is_some() && !access::receive_weekly_report(user.role) {
            return Err(DomainError::invalid(
                "weekly_report",
                format!(
                    "a {} account does not receive the province's weekly report; \
                     only leadership and administrator accounts may opt in",
                    user.role.as_str()
                ),
            )
            .into());
        }
        let before = self.db.weekly_report_email(user.id).await?;
        let mut tx = self.db.begin_write().await?;
        crate::db::Db::set_weekly_report_email(&mut tx, user.id, email.as_deref()).await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &user.organisation.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: "weekly report subscription set",
                kind: "weekly_report_set",
                subject: format!("user:{}", user.id),
                payload: json!({ "from": before, "to": email }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(email)
    }

    /// The account named, if the caller is that account or administers accounts.
    async fn own_or_administered(
        &self,
        caller: Caller<'_>,
        username: &str,
    ) -> Result<crate::accounts::User> {
        if caller.principal().is_none_or(|p| p.username != username) {
            Self::administer(caller, AdminAction::ManageAccounts)?;
        }
        self.db.user(username).await
    }

    /// The accounts that opted in (active ones, whose role still receives it): the
    /// operator's and the administrator's.
    pub async fn weekly_report_subscribers(
        &self,
        caller: Caller<'_>,
    ) -> Result<Vec<WeeklyReportSubscriber>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        Ok(self
            .db
            .weekly_report_subscribers()
            .await?
            .into_iter()
            .filter(|s| access::receive_weekly_report(s.user.role))
            .collect())
    }

    /// Claims the week of `day` for the account: true if it is this caller's to send.
    pub async fn claim_weekly_report(
        &self,
        caller: Caller<'_>,
        user_id: i64,
        day: NaiveDate,
        recipient: &str,
    ) -> Result<bool> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db
            .claim_weekly_report(user_id, &iso_week(day), recipient, self.clock.now())
            .await
    }

    /// Gives the week's claim back after the message could not be sent.
    pub async fn release_weekly_report(
        &self,
        caller: Caller<'_>,
        user_id: i64,
        day: NaiveDate,
    ) -> Result<()> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.release_weekly_report(user_id, &iso_week(day)).await
    }

    /// Whether the week of `day` went out to the account already.
    pub async fn weekly_report_sent(
        &self,
        caller: Caller<'_>,
        user_id: i64,
        day: NaiveDate,
    ) -> Result<bool> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.weekly_report_claimed(user_id, &iso_week(day)).await
    }
}
