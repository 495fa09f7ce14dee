//! Reading dossiers and moving them: each use case asks the access policy first, with the
//! dossier's place, then reads or decides.

use std::sync::Arc;

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller, Denied, Principal};
use plantrack_domain::plan::{NewPlan, Plan};
use plantrack_domain::workflow::{
    self, ActedBy, Actor, AvailableMoves, Command, CommandKind, DossierEvent, DossierState,
    DossierStatus, Template,
};

use super::Planning;
use crate::dossiers::DossierPlace;
use crate::error::{Result, StoreError};
use crate::layers::LanduseCheck;
use crate::plans::{DossierFilter, DossierSummary};

/// What a caller asks a dossier to do. Who acts comes from the account (its name, and the
/// workflow role the policy gives it on this dossier); only the operator at the command line
/// names the actor.
#[derive(Debug, Clone)]
pub struct Order {
    pub kind: CommandKind,
    pub reason: String,
    /// The day it takes effect; today when absent.
    pub effective_on: Option<NaiveDate>,
    /// The dossier version the caller read.
    pub expected_version: Option<u64>,
    /// The operator's actor; must be `None` for an account.
    pub actor: Option<Actor>,
}

/// A whole command, as the operator gives it (naming the actor).
impl From<Command> for Order {
    fn from(c: Command) -> Self {
        Order {
            kind: c.kind,
            reason: c.reason,
            effective_on: Some(c.effective_on),
            expected_version: c.expected_version,
            actor: Some(c.actor),
        }
    }
}

/// The dossiers a caller asks to list; the policy narrows it to the caller's scope.
#[derive(Debug, Clone, Default)]
pub struct DossierQuery {
    pub province: Option<String>,
    pub unit: Option<String>,
    pub plan_type: Option<plantrack_domain::plan::PlanType>,
    pub stage: Option<String>,
    /// Only active dossiers past their due date today.
    pub overdue: bool,
    pub search: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A dossier as one caller may see it: its state, its template, the workflow role the
/// caller plays on it (none for a reader who may not act), and what that role may do now
/// and what stops each move, as the engine decides it.
#[derive(Debug, Clone)]
pub struct DossierReading {
    pub state: DossierState,
    pub place: DossierPlace,
    pub template: Arc<Template>,
    pub role: Option<&'static str>,
    pub moves: AvailableMoves,
}

/// Everything the dossier page shows, read for one caller.
#[derive(Debug, Clone)]
pub struct DossierSheet {
    pub reading: DossierReading,
    pub events: Vec<DossierEvent>,
    pub plan: Plan,
    pub unit: crate::units::UnitRecord,
    /// Newest first.
    pub landuse_checks: Vec<LanduseCheck>,
}

/// Who acts: the operator names the actor; an account acts under its own name, in the
/// workflow role the policy `role_of` gives it.
fn actor_for<'p>(
    caller: Caller<'p>,
    actor: Option<Actor>,
    role_of: impl FnOnce(Option<&'p Principal>) -> std::result::Result<&'static str, Denied>,
) -> Result<Actor> {
    match (caller, actor) {
        (Caller::Operator, Some(actor)) => Ok(actor),
        (Caller::Operator, None) => Err(DomainError::invalid("actor", "must be given").into()),
        (Caller::Account(_), Some(_)) => {
            Err(DomainError::invalid("actor", "an account acts under its own name").into())
        }
        (Caller::Account(p), None) => {
            let role = role_of(p)?;
            let p = p.ok_or(Denied::NotSignedIn)?;
            Ok(Actor {
                name: p.display_name.clone(),
                role: role.to_owned(),
            })
        }
    }
}

/// The actor of a command on a dossier at `place`.
fn acting_on(caller: Caller<'_>, place: &DossierPlace, actor: Option<Actor>) -> Result<Actor> {
    actor_for(caller, actor, |p| {
        access::command_dossier(p, &place.scope())
    })
}

impl Planning {
    /// The dossier's place, if the caller may read the dossier (404 before 403).
    pub(crate) async fn readable(&self, caller: Caller<'_>, id: i64) -> Result<DossierPlace> {
        let place = self.db.dossier_place(id).await?;
        caller.allowed(|p| access::read_dossier(p, &place.scope()))?;
        Ok(place)
    }

    /// Whether the caller reads the dossier: what a page asks before it links to one.
    pub async fn reads_dossier(&self, caller: Caller<'_>, id: i64) -> bool {
        self.readable(caller, id).await.is_ok()
    }

    /// The workflow role the caller acts in on the dossier, or a refusal.
    pub(crate) async fn acting(
        &self,
        caller: Caller<'_>,
        id: i64,
        actor: Option<Actor>,
    ) -> Result<(Actor, DossierPlace)> {
        let place = self.db.dossier_place(id).await?;
        let actor = acting_on(caller, &place, actor)?;
        Ok((actor, place))
    }

    /// Refuses, before any work is done, a caller who may not act on the dossier (an upload
    /// is checked this way before a byte of its file is read).
    pub async fn may_act(&self, caller: Caller<'_>, id: i64) -> Result<()> {
        match caller {
            Caller::Operator => self.db.dossier_place(id).await.map(|_| ()),
            Caller::Account(_) => self.acting(caller, id, None).await.map(|_| ()),
        }
    }

    /// The dossier's current state and place, from its one row, if the caller may read it.
    pub(crate) async fn readable_state(
        &self,
        caller: Caller<'_>,
        id: i64,
    ) -> Result<(DossierState, DossierPlace)> {
        let (state, _, place) = self.db.dossier_row(id).await?;
        caller.allowed(|p| access::read_dossier(p, &place.scope()))?;
        let state = self.with_consultation_facts(state).await?;
        Ok((self.with_appraisal_facts(state, &place).await?, place))
    }

    /// The state with what its stage's rules read beside the events: the opinions still
    /// without an answer, when the stage may be left only with a complete synthesis table.
    /// Other stages cost no query.
    pub(crate) async fn with_consultation_facts(
        &self,
        mut state: DossierState,
    ) -> Result<DossierState> {
        let template = self.template(&state.template, Some(state.template_version))?;
        if let Some(subject) = template
            .stage(&state.stage)
            .and_then(|s| s.answer_every_opinion)
        {
            state.unanswered_opinions = self.db.unanswered_opinions(state.id, subject).await?;
        }
        Ok(state)
    }

    /// The dossier now, with its template and the role the caller plays on it.
    pub async fn dossier(&self, caller: Caller<'_>, id: i64) -> Result<DossierReading> {
        let (state, place) = self.readable_state(caller, id).await?;
        self.reading(caller, place, state)
    }

    /// The dossier as it stood at the end of `as_of`, folded from its events.
    pub async fn dossier_as_of(
        &self,
        caller: Caller<'_>,
        id: i64,
        as_of: NaiveDate,
    ) -> Result<DossierReading> {
        let place = self.readable(caller, id).await?;
        let events = self.db.events(id, Some(as_of)).await?;
        if events.is_empty() {
            return Err(StoreError::not_found(
                "dossier on that date",
                &format!("{id} on {as_of}"),
            ));
        }
        let state = workflow::fold(&events, Some(as_of))
            .ok_or_else(|| StoreError::corrupt("history without an opening event"))?;
        self.reading(caller, place, state)
    }

    pub(crate) fn reading(
        &self,
        caller: Caller<'_>,
        place: DossierPlace,
        state: DossierState,
    ) -> Result<DossierReading> {
        let template = self.template(&state.template, Some(state.template_version))?;
        let role = caller
            .principal()
            .and_then(|p| access::command_dossier(Some(p), &place.scope()).ok());
        let moves = workflow::available_moves(&template, &state, role, self.today());
        Ok(DossierReading {
            state,
            place,
            template,
            role,
            moves,
        })
    }

    /// The dossier with its history, plan, unit and land-use checks.
    pub async fn dossier_sheet(&self, caller: Caller<'_>, id: i64) -> Result<DossierSheet> {
        let (state, place) = self.readable_state(caller, id).await?;
        let events = self.db.events(id, None).await?;
        let plan = self.db.plan(state.plan_id).await?;
        let unit = self.db.unit(&place.unit_code).await?;
        let landuse_checks = self.db.landuse_checks(id).await?;
        Ok(DossierSheet {
            reading: self.reading(caller, place, state)?,
            events,
            plan,
            unit,
            landuse_checks,
        })
    }

    /// The dossier's append-only history, oldest first (up to `as_of` when given).
    pub async fn events(
        &self,
        caller: Caller<'_>,
        id: i64,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<DossierEvent>> {
        self.readable(caller, id).await?;
        self.db.events(id, as_of).await
    }

    /// The plan a dossier was opened for, for a reader of that dossier.
    pub async fn plan(&self, caller: Caller<'_>, plan_id: i64) -> Result<Plan> {
        let dossier_id = self.db.dossier_of_plan(plan_id).await?;
        self.readable(caller, dossier_id).await?;
        self.db.plan(plan_id).await
    }

    /// The checks the server ran on the dossier's land-use maps, newest first.
    pub async fn landuse_checks(&self, caller: Caller<'_>, id: i64) -> Result<Vec<LanduseCheck>> {
        self.readable(caller, id).await?;
        self.db.landuse_checks(id).await
    }

    /// The dossiers as they stand now, narrowed to the caller's scope. Asking for a province
    /// or unit outside it is refused, not answered with an empty list.
    pub async fn dossiers(
        &self,
        caller: Caller<'_>,
        q: DossierQuery,
    ) -> Result<(Vec<DossierSummary>, i64)> {
        let scope = list_scope(caller);
        let narrowed = |asked: Option<String>, allowed: Option<String>| match (asked, allowed) {
            (Some(a), Some(b)) if a != b => Err(access::outside_list_scope(caller.principal())),
            (asked, allowed) => Ok(allowed.or(asked)),
        };
        let filter = DossierFilter {
            province_code: narrowed(q.province, scope.province_code)?,
            unit_code: narrowed(q.unit, scope.unit_code)?,
            plan_type: q.plan_type,
            stage: q.stage,
            overdue_on: q.overdue.then(|| self.today()),
            consultant: scope.consultant,
            completed_only: scope.completed_only,
            search: q.search,
            limit: q.limit,
            offset: q.offset,
        };
        self.db.dossiers(&filter).await
    }

    /// The templates (each at its latest version) followed by the dossiers the caller may
    /// list: what a filter by stage can offer them, so that a Vietnamese province is not
    /// offered another country's stages.
    pub async fn templates_in_use(&self, caller: Caller<'_>) -> Result<Vec<Arc<Template>>> {
        let scope = list_scope(caller);
        let filter = DossierFilter {
            province_code: scope.province_code,
            unit_code: scope.unit_code,
            plan_type: None,
            stage: None,
            overdue_on: None,
            consultant: scope.consultant,
            completed_only: scope.completed_only,
            search: None,
            limit: 0,
            offset: 0,
        };
        let keys = self.db.template_keys_in_use(&filter).await?;
        // A key no longer registered has no stages to offer.
        Ok(keys
            .iter()
            .filter_map(|k| self.template(k, None).ok())
            .collect())
    }

    /// Registers a plan and opens its dossier under the plan type's template (or the one
    /// named). An account registers in the role the policy gives it for the unit.
    pub async fn register_plan(
        &self,
        caller: Caller<'_>,
        new: &NewPlan,
        reason: &str,
        opened_on: Option<NaiveDate>,
        actor: Option<Actor>,
    ) -> Result<(Plan, DossierReading)> {
        let province = self.province_of(&new.unit_code).await?;
        let actor = actor_for(caller, actor, |p| {
            access::create_plan(p, &province, &new.unit_code)
        })?;
        // How far back the opening may be dated is the template's; checked before anything
        // is written, like the command's other rules.
        let template = self.template_for_new_plan(new, &actor)?;
        let today = self.today();
        workflow::check_backdating(
            &template,
            opened_on.unwrap_or(today),
            today,
            access::backdate_beyond_limit(caller),
        )?;
        let (plan, state) = self
            .create_plan(caller, new, &actor, reason, opened_on)
            .await?;
        let place = DossierPlace {
            province_code: province,
            unit_code: new.unit_code.clone(),
            consultant: None,
            completed: false,
        };
        Ok((plan, self.reading_after(caller, place, state)?))
    }

    /// Decides an order on a dossier and, if legal, appends its event. Returns the event and
    /// the dossier as it now stands, as the caller sees it.
    pub async fn execute(
        &self,
        caller: Caller<'_>,
        id: i64,
        order: Order,
    ) -> Result<(DossierEvent, DossierReading)> {
        let (event, next, place) = self.decide_and_append(caller, id, order, None).await?;
        Ok((event, self.reading_after(caller, place, next)?))
    }

    /// The reading of a state a command just produced, from the place read before it.
    pub(crate) fn reading_after(
        &self,
        caller: Caller<'_>,
        place: DossierPlace,
        state: DossierState,
    ) -> Result<DossierReading> {
        // A command may name a consultant or complete the plan: the place follows the state.
        let place = DossierPlace {
            consultant: state.consultant.clone(),
            completed: state.status == DossierStatus::Completed,
            ..place
        };
        self.reading(caller, place, state)
    }

    pub(crate) fn command_of(&self, actor: Actor, order: Order) -> Command {
        Command {
            expected_version: order.expected_version,
            actor,
            reason: order.reason,
            effective_on: order.effective_on.unwrap_or_else(|| self.today()),
            kind: order.kind,
        }
    }

    /// Asks the policy who acts, decides the order and appends its event, with the land-use
    /// check that belongs to it, in one transaction. One row read serves the policy and the
    /// decision. Returns the event, the new state and the dossier's place.
    pub(crate) async fn decide_and_append(
        &self,
        caller: Caller<'_>,
        id: i64,
        order: Order,
        landuse_check: Option<super::documents::PendingCheck>,
    ) -> Result<(DossierEvent, DossierState, DossierPlace)> {
        let d = self.decide_event(caller, id, order, landuse_check).await?;
        self.db
            .append(&d.state, &d.head, &d.event, &d.next, d.check.as_ref())
            .await?;
        Ok((d.event, d.next, d.place))
    }

    /// Decides a command on a dossier as it stands, without writing: the event to append
    /// and the state it makes, for a use case that appends it in its own transaction
    /// (`Db::append_in`), with the version it was decided against.
    pub(crate) async fn decide_event(
        &self,
        caller: Caller<'_>,
        id: i64,
        mut order: Order,
        landuse_check: Option<super::documents::PendingCheck>,
    ) -> Result<Decided> {
        let (state, head, place) = self.db.dossier_row(id).await?;
        let actor = acting_on(caller, &place, order.actor.take())?;
        let state = self.with_consultation_facts(state).await?;
        let state = self.with_appraisal_facts(state, &place).await?;
        let command = &self.command_of(actor, order);
        let template = self.template(&state.template, Some(state.template_version))?;
        // Deadlines are counted with the dossier's own province's calendar.
        let calendar = self.calendar_of(&place.province_code);
        let today = self.today();
        let kind = workflow::decide(&state, &template, calendar.as_ref(), command, today)?;
        // After the engine's own date rules (a date in the future or before the last event is
        // refused as such), how far back this caller may date it.
        workflow::check_backdating(
            &template,
            command.effective_on,
            today,
            access::backdate_beyond_limit(caller),
        )?;
        let mut event = workflow::recorded_event(&state, command, kind, self.clock.now());
        event.acted_by = ActedBy::of(caller);
        let next = DossierState::apply(Some(state.clone()), &event)
            .ok_or_else(|| StoreError::corrupt("applying an event to a dossier lost it"))?;
        let check = landuse_check.map(|c| c.for_event(id, event.seq));
        Ok(Decided {
            state,
            head,
            event,
            next,
            place,
            check,
        })
    }

    /// Decides a whole command (its actor named) and appends its event: the operator's path,
    /// for tests that replay histories.
    #[cfg(test)]
    pub(crate) async fn apply(
        &self,
        id: i64,
        command: &Command,
    ) -> Result<(DossierEvent, DossierState)> {
        let (event, next, _) = self
            .decide_and_append(Caller::Operator, id, command.clone().into(), None)
            .await?;
        Ok((event, next))
    }
}

/// The part of the dossiers a caller may list (all of them for the operator).
fn list_scope(caller: Caller<'_>) -> access::ListScope {
    match caller {
        Caller::Operator => access::ListScope::default(),
        Caller::Account(p) => access::list_scope(p),
    }
}

/// A command decided and not yet written: the dossier as it was read (its version and the
/// hash of its last event), the event and the state it makes.
pub(crate) struct Decided {
    pub state: DossierState,
    pub head: String,
    pub event: DossierEvent,
    pub next: DossierState,
    pub place: DossierPlace,
    pub check: Option<crate::layers::LanduseCheck>,
}
