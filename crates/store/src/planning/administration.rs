//! Province-wide administration that moves no dossier: templates, the calendar's overrides,
//! decisions, units, the history's audit, and the database's own care.

use std::path::Path;

use chrono::NaiveDate;
use plantrack_domain::access::{AdminAction, Caller};
use plantrack_domain::calendar::DayOverride;
use plantrack_domain::workflow::Template;

use super::Planning;
use crate::audit::AuditReport;
use crate::audit::anchor::{Anchor, AnchorProblem};
use crate::decisions::Decision;
use crate::error::Result;
use crate::templates::TemplateLoad;
use crate::units::ImportSummary;

impl Planning {
    /// Loads a province's own template (a new key, or a new version of an existing one).
    pub async fn load_template(
        &self,
        caller: Caller<'_>,
        source: &str,
    ) -> Result<(Template, TemplateLoad)> {
        Self::administer(caller, AdminAction::LoadTemplate)?;
        let loaded = self.db.store_template(source).await?;
        self.reload().await?;
        Ok(loaded)
    }

    /// Imports a file of units (boundaries, lists, merges; see `plantrack_gis::units_import`).
    pub async fn import_units_file(
        &self,
        caller: Caller<'_>,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportSummary> {
        Self::administer(caller, AdminAction::ImportUnits)?;
        let import = plantrack_gis::units_import::read_units_file(path, progress)?;
        self.db.import_units(&import).await
    }

    /// Imports units already read.
    pub async fn import_units(
        &self,
        caller: Caller<'_>,
        import: &plantrack_gis::units_import::UnitsImport,
    ) -> Result<ImportSummary> {
        Self::administer(caller, AdminAction::ImportUnits)?;
        self.db.import_units(import).await
    }

    pub async fn set_calendar_override(&self, caller: Caller<'_>, o: &DayOverride) -> Result<()> {
        Self::administer(caller, AdminAction::EditCalendar)?;
        if o.note.trim().is_empty() {
            return Err(plantrack_domain::DomainError::invalid(
                "note",
                "say why (e.g. the decision that moved the day)",
            )
            .into());
        }
        self.db.set_calendar_override(o).await?;
        self.reload().await
    }

    /// Removes a day's override; false if the day had none.
    pub async fn delete_calendar_override(
        &self,
        caller: Caller<'_>,
        day: NaiveDate,
    ) -> Result<bool> {
        Self::administer(caller, AdminAction::EditCalendar)?;
        let deleted = self.db.delete_calendar_override(day).await?;
        self.reload().await?;
        Ok(deleted)
    }

    /// The decisions recorded (funding allocations, directives): public acts.
    pub async fn decisions(&self) -> Result<Vec<Decision>> {
        self.db.decisions().await
    }

    pub async fn record_decision(
        &self,
        caller: Caller<'_>,
        number: &str,
        issued_on: NaiveDate,
        issuer: &str,
        title: &str,
    ) -> Result<Decision> {
        Self::administer(caller, AdminAction::RecordDecision)?;
        for (field, value) in [("number", number), ("issuer", issuer), ("title", title)] {
            if value.trim().is_empty() {
                return Err(
                    plantrack_domain::DomainError::invalid(field, "must not be empty").into(),
                );
            }
        }
        self.db
            .record_decision(number.trim(), issued_on, issuer.trim(), title.trim())
            .await
    }

    /// Re-hashes every dossier's history and rebuilds its projections from its events;
    /// `progress(events_checked)` after each page.
    pub async fn verify_history(
        &self,
        caller: Caller<'_>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<AuditReport> {
        Self::administer(caller, AdminAction::VerifyAudit)?;
        self.db.verify_history(progress, None).await
    }

    /// Verifies the history and, if it holds, returns its anchor (taken now) to keep outside
    /// the database; a history that does not hold is not anchored.
    pub async fn anchor_history(
        &self,
        caller: Caller<'_>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<(AuditReport, Option<Anchor>)> {
        Self::administer(caller, AdminAction::VerifyAudit)?;
        let mut heads = Vec::new();
        let report = self.db.verify_history(progress, Some(&mut heads)).await?;
        let anchor = report
            .holds()
            .then(|| Anchor::of(&report, heads, chrono::Utc::now()));
        Ok((report, anchor))
    }

    /// Verifies the history, and that it extends `anchor`: every anchored dossier still has
    /// its anchored events, unchanged.
    pub async fn verify_against(
        &self,
        caller: Caller<'_>,
        anchor: &Anchor,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<(AuditReport, Vec<AnchorProblem>)> {
        Self::administer(caller, AdminAction::VerifyAudit)?;
        let report = self.db.verify_history(progress, None).await?;
        let departures = self.db.departures_from(anchor).await?;
        Ok((report, departures))
    }

    /// A cheap query, for the health check.
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await
    }

    /// Refreshes the query planner's statistics (after a bulk load).
    pub async fn analyze(&self) -> Result<()> {
        self.db.analyze().await
    }

    /// Closes the database's connections.
    pub async fn close(&self) {
        self.db.close().await;
    }

    /// The database behind this service.
    pub fn backend(&self) -> crate::Backend {
        self.db.backend
    }
}
