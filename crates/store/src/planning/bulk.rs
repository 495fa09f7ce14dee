//! Loading many dossiers with their histories at once (the national benchmark, seeding):
//! the operator's, decided as the commands would be, written in batches.

use std::collections::HashMap;

use plantrack_domain::access::Caller;
use plantrack_domain::workflow::{self, ActedBy, DossierEvent, DossierState};

use super::Planning;
use crate::bulk::*;
use crate::error::{Result, StoreError};

impl Planning {
    /// Registers the plans and executes their commands, `batch_size` dossiers per transaction.
    /// `progress(done, total)` is called after each batch. See the module docs for what is
    /// written and what happens when a command is refused.
    /// Only the operator loads in bulk: the histories name their own actors.
    pub async fn bulk_load(
        &self,
        caller: plantrack_domain::access::Caller<'_>,
        dossiers: &[BulkDossier],
        batch_size: usize,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkSummary> {
        self.load_in_bulk(caller, dossiers, batch_size, progress, false)
            .await
    }

    /// [`Planning::bulk_load`], each event recorded at 16:30 in Vietnam on the day it took
    /// effect (never after now), as an office entering its work that day would: a history
    /// read "as known on" a past day then shows what was known that day (the forecast's
    /// backtest reads it so).
    pub async fn bulk_load_recorded_on_the_day(
        &self,
        caller: plantrack_domain::access::Caller<'_>,
        dossiers: &[BulkDossier],
        batch_size: usize,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkSummary> {
        self.load_in_bulk(caller, dossiers, batch_size, progress, true)
            .await
    }

    async fn load_in_bulk(
        &self,
        caller: plantrack_domain::access::Caller<'_>,
        dossiers: &[BulkDossier],
        batch_size: usize,
        progress: &mut dyn FnMut(usize, usize),
        on_the_day: bool,
    ) -> Result<BulkSummary> {
        if caller != plantrack_domain::access::Caller::Operator {
            return Err(plantrack_domain::access::Denied::NotSignedIn.into());
        }
        let mut provinces: HashMap<String, String> = HashMap::new();
        let mut summary = BulkSummary::default();
        let mut done = 0;
        for batch in dossiers.chunks(batch_size.max(1)) {
            let mut decided = Vec::with_capacity(batch.len());
            for (i, source) in batch.iter().enumerate() {
                let province_code = self
                    .cached_province_of(&source.plan.unit_code, &mut provinces)
                    .await?;
                let events = self
                    .decide_history(source, &province_code, on_the_day)
                    .map_err(|e| {
                        tracing::warn!(
                            dossier = done + i,
                            unit = %source.plan.unit_code,
                            plan = %source.plan.name,
                            "bulk load refused: {e}"
                        );
                        e
                    })?;
                decided.push(Decided {
                    source,
                    province_code,
                    events,
                });
            }
            let written = self.db.write_decided(decided).await?;
            summary.plans += written.plans;
            summary.events += written.events;
            summary.spans += written.spans;
            done += batch.len();
            progress(done, dossiers.len());
        }
        Ok(summary)
    }

    /// The province of a unit, as [`Planning::create_plan`] finds it.
    async fn cached_province_of(
        &self,
        unit_code: &str,
        cache: &mut HashMap<String, String>,
    ) -> Result<String> {
        if let Some(code) = cache.get(unit_code) {
            return Ok(code.clone());
        }
        let province_code = Planning::province_of(self, unit_code).await?;
        cache.insert(unit_code.to_owned(), province_code.clone());
        Ok(province_code)
    }

    /// Decides the opening and every command, as `create_plan` then `execute` would: with
    /// the calendar of the dossier's province.
    fn decide_history(
        &self,
        d: &BulkDossier,
        province_code: &str,
        on_the_day: bool,
    ) -> Result<Vec<DossierEvent>> {
        let now = self.clock.now();
        let recorded = |day: chrono::NaiveDate| {
            if !on_the_day {
                return now;
            }
            day.and_hms_opt(16, 30, 0)
                .and_then(|t| {
                    t.and_local_timezone(plantrack_domain::calendar::VIETNAM_TIME)
                        .single()
                })
                .map_or(now, |t| t.with_timezone(&chrono::Utc).min(now))
        };
        let new = &d.plan;
        let template = self.template_for_new_plan(new, &d.actor)?;
        let today = self.today();
        let calendar = self.calendar_of(province_code);
        let opened = workflow::open_dossier(
            0,
            new.bodies.clone(),
            &template,
            d.opened_on,
            today,
            calendar.as_ref(),
        )?;
        let opening = DossierEvent {
            dossier_id: 0,
            seq: 1,
            occurred_on: d.opened_on,
            recorded_at: recorded(d.opened_on),
            actor: d.actor.name.trim().to_owned(),
            role: d.actor.role.clone(),
            reason: if d.reason.trim().is_empty() {
                "plan registered".to_owned()
            } else {
                d.reason.trim().to_owned()
            },
            kind: opened,
            // Only the operator loads in bulk.
            acted_by: ActedBy::of(Caller::Operator),
        };
        let mut state = DossierState::apply(None, &opening)
            .ok_or_else(|| StoreError::corrupt("opening failed"))?;
        let mut events = Vec::with_capacity(d.commands.len() + 1);
        events.push(opening);
        for command in &d.commands {
            // `execute` decides under the dossier's own template version: the one opened here.
            let kind = workflow::decide(&state, &template, calendar.as_ref(), command, today)?;
            let mut event =
                workflow::recorded_event(&state, command, kind, recorded(command.effective_on));
            event.acted_by = ActedBy::of(Caller::Operator);
            state = DossierState::apply(Some(state), &event)
                .ok_or_else(|| StoreError::corrupt("applying an event to a dossier lost it"))?;
            events.push(event);
        }
        Ok(events)
    }
}
