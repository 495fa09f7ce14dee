//! Province-wide administration that moves no dossier: templates, the calendar's overrides,
//! decisions, units, the history's audit, and the database's own care.

use std::path::Path;

use std::sync::Arc;

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, AdminAction, Caller, Denied, Principal};
use plantrack_domain::calendar::{DayOverride, VietnamCalendar};
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::Template;

use super::Planning;
use crate::audit::AuditReport;
use crate::audit::anchor::{Anchor, AnchorProblem};
use crate::calendar::CalendarRegion;
use crate::decisions::Decision;
use crate::error::{Result, StoreError};
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

    /// The province a request is about: the one named, else the caller's own; `None` for
    /// the operator or an anonymous reader naming none. `policy` is asked about it before a
    /// province named is looked up, so that a refusal tells nothing of which exist.
    pub(super) async fn province_in_scope(
        &self,
        caller: Caller<'_>,
        named: Option<&str>,
        policy: impl Fn(Option<&Principal>, &str) -> Result<(), Denied>,
    ) -> Result<Option<String>> {
        let named = named.map(str::trim);
        let target = named.map(str::to_owned).or_else(|| {
            caller
                .principal()
                .map(|p| p.organisation.province_code.clone())
        });
        if let Some(target) = &target {
            caller.allowed(|p| policy(p, target))?;
        }
        if let Some(named) = named {
            match self.db.unit(named).await {
                Ok(unit) if unit.unit.kind == UnitKind::Province => {}
                Ok(_) | Err(StoreError::NotFound { .. }) => {
                    return Err(DomainError::invalid(
                        "province",
                        format!("'{named}' is not the code of a province the units know (e.g. 12)"),
                    )
                    .into());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(target)
    }

    /// The working-day calendar of the province named (or the caller's own), with the
    /// province it is; the national calendar, which everyone reads, for the operator or an
    /// anonymous reader naming none. A province's is read by its accounts and the
    /// administrator.
    pub async fn calendar_for(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<(Option<String>, Arc<VietnamCalendar>)> {
        let province = self
            .province_in_scope(caller, province, access::read_province_calendar)
            .await?;
        let calendar = match &province {
            Some(code) => self.calendar_of(code),
            None => self.national_calendar(),
        };
        Ok((province, calendar))
    }

    /// Who may change the calendar of the province named (or of the caller's own; the
    /// operator naming none changes the nation's): the region to write.
    async fn calendar_to_edit(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<Option<String>> {
        let province = self
            .province_in_scope(caller, province, access::edit_province_calendar)
            .await?;
        if province.is_none() {
            caller.allowed(access::edit_national_calendar)?;
        }
        Ok(province)
    }

    /// Sets a day's override in the province named (or the caller's own; the operator
    /// naming none sets the nation's). It moves the deadlines counted from then on in that
    /// province only.
    pub async fn set_calendar_override(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        o: &DayOverride,
    ) -> Result<()> {
        let province = self.calendar_to_edit(caller, province).await?;
        if o.note.trim().is_empty() {
            return Err(DomainError::invalid(
                "note",
                "say why (e.g. the decision that moved the day)",
            )
            .into());
        }
        self.db
            .set_calendar_override(region(province.as_deref()), o)
            .await?;
        self.reload().await
    }

    /// Removes a day's override in the province named (or the caller's own; the operator
    /// naming none, the nation's); false if the day had none there.
    pub async fn delete_calendar_override(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        day: NaiveDate,
    ) -> Result<bool> {
        let province = self.calendar_to_edit(caller, province).await?;
        let deleted = self
            .db
            .delete_calendar_override(region(province.as_deref()), day)
            .await?;
        self.reload().await?;
        Ok(deleted)
    }

    /// The decisions of the province named (or the caller's own), with those recorded before
    /// decisions had a province; the operator naming none reads every decision.
    pub async fn decisions(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<Vec<Decision>> {
        let province = self
            .province_in_scope(caller, province, access::read_decisions)
            .await?;
        if province.is_none() && caller != Caller::Operator {
            return Err(Denied::NotSignedIn.into());
        }
        self.db.decisions(province.as_deref()).await
    }

    /// Records a decision of the province named (or the caller's own): its leadership's.
    pub async fn record_decision(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        number: &str,
        issued_on: NaiveDate,
        issuer: &str,
        title: &str,
    ) -> Result<Decision> {
        let province = self
            .province_in_scope(caller, province, access::record_decision)
            .await?;
        let Some(province) = province else {
            if caller != Caller::Operator {
                return Err(Denied::NotSignedIn.into());
            }
            return Err(
                DomainError::invalid("province", "name the province the decision is of").into(),
            );
        };
        for (field, value) in [("number", number), ("issuer", issuer), ("title", title)] {
            if value.trim().is_empty() {
                return Err(DomainError::invalid(field, "must not be empty").into());
            }
        }
        self.db
            .record_decision(
                &province,
                number.trim(),
                issued_on,
                issuer.trim(),
                title.trim(),
            )
            .await
    }

    /// Re-hashes the history of the dossiers in the caller's scope (the administrator's and
    /// the operator's: all; leadership's: its province's) and rebuilds their projections from
    /// their events; `progress(events_checked)` after each page. The report's totals and digest
    /// cover those dossiers only.
    pub async fn verify_history(
        &self,
        caller: Caller<'_>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<AuditReport> {
        let province = Self::audit_scope(caller)?;
        self.db
            .verify_history(province.as_deref(), progress, None)
            .await
    }

    /// The province whose dossiers the caller's audit covers; `None` for all.
    fn audit_scope(caller: Caller<'_>) -> Result<Option<String>> {
        Ok(match caller {
            Caller::Operator => None,
            Caller::Account(p) => access::verify_history(p)?.map(str::to_owned),
        })
    }

    /// Verifies the history and, if it holds, returns its anchor (taken now) to keep outside
    /// the database; a history that does not hold is not anchored.
    pub async fn anchor_history(
        &self,
        caller: Caller<'_>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<(AuditReport, Option<Anchor>)> {
        let province = Self::audit_scope(caller)?;
        let mut heads = Vec::new();
        let report = self
            .db
            .verify_history(province.as_deref(), progress, Some(&mut heads))
            .await?;
        let anchor = report
            .holds()
            .then(|| Anchor::of(&report, heads, self.clock.now()));
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
        let province = Self::audit_scope(caller)?;
        let report = self
            .db
            .verify_history(province.as_deref(), progress, None)
            .await?;
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

/// The region of a province's code, the nation's for none.
fn region(province: Option<&str>) -> CalendarRegion<'_> {
    province.map_or(CalendarRegion::National, CalendarRegion::Province)
}
