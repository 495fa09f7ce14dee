//! The Lai Châu demo: plays the scripted histories of `demo/lai-chau.toml` (see `script`)
//! into an empty database through the use cases a user's commands go through, so every
//! history is legal under its template; the demo's accounts are in `accounts`.

mod accounts;
mod consultants;
mod consultations;
mod funding;
pub mod maps;
mod meeting;
pub mod public_consultation;
mod requests;
pub mod script;

use plantrack_domain::appraisal::Checklist;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::access::Caller;
use plantrack_domain::calendar::VIETNAM_TIME;
use plantrack_store::planning::{Clock, DossierQuery, Order};
use plantrack_store::{Planning, StoreError};

pub use accounts::{DemoAccounts, create_demo_accounts, create_demo_organisations};
use script::{Script, ScriptedPlan};

const UNITS_FILES: [(&str, &str); 4] = [
    (
        "laichau_units_2025.json",
        include_str!("../../../../data/laichau_units_2025.json"),
    ),
    (
        "laichau_communes_2025.geojson",
        include_str!("../../../../data/laichau_communes_2025.geojson"),
    ),
    (
        "laichau_province_2025.geojson",
        include_str!("../../../../data/laichau_province_2025.geojson"),
    ),
    (
        "laichau_merges_2025.json",
        include_str!("../../../../data/laichau_merges_2025.json"),
    ),
];

/// Summary of what the demo loaded.
#[derive(Debug, serde::Serialize)]
pub struct DemoSummary {
    pub units: usize,
    pub plans: usize,
    pub events: usize,
    pub meeting_date: NaiveDate,
}

/// Plays scripted plans, counting the events it records.
///
/// Each step is recorded on the afternoon of the day it takes effect, as an office entering
/// its work that day would: the demo's history then reads as recorded on time, and a report
/// "as known on" a past day shows what a meeting held that day would have seen.
struct Loader {
    planning: Planning,
    /// The replay's clock, moved to each step's day.
    hand: Arc<Mutex<DateTime<Utc>>>,
    events: usize,
    /// The campaign's dossiers by unit, for the meeting's blockers.
    dossiers: std::collections::HashMap<String, i64>,
    /// The demo's province, whose appraisal checklist its plans' findings use.
    province: String,
}

impl Loader {
    fn new(planning: &Planning, province: &str) -> Self {
        let hand = Arc::new(Mutex::new(planning.clock.now()));
        let read = hand.clone();
        let mut planning = planning.clone();
        planning.clock =
            Clock::from_fn(move || *read.lock().unwrap_or_else(PoisonError::into_inner));
        Loader {
            planning,
            hand,
            events: 0,
            dossiers: std::collections::HashMap::new(),
            province: province.to_owned(),
        }
    }

    /// Sets the replay's clock to 16:30 in Vietnam on `day`.
    fn record_on(&self, day: NaiveDate) {
        let afternoon = day
            .and_hms_opt(16, 30, 0)
            .and_then(|t| t.and_local_timezone(VIETNAM_TIME).single())
            .map(|t| t.with_timezone(&Utc));
        if let Some(t) = afternoon {
            *self.hand.lock().unwrap_or_else(PoisonError::into_inner) = t;
        }
    }

    /// Moves the replay's clock `seconds` forward.
    fn later(&self, seconds: i64) {
        *self.hand.lock().unwrap_or_else(PoisonError::into_inner) +=
            chrono::TimeDelta::seconds(seconds);
    }

    /// Opens the plan, then issues its steps in order on its dossier.
    async fn play(&mut self, plan: &ScriptedPlan) -> Result<(), StoreError> {
        self.record_on(plan.opened_on);
        // The demo is the operator's: each step names who acts, as the script says.
        let (_, opened) = self
            .planning
            .register_plan(
                Caller::Operator,
                &plan.new,
                &plan.opening_reason,
                Some(plan.opened_on),
                Some(plan.opened_by.clone()),
            )
            .await?;
        let mut state = opened.state;
        self.events += 1;
        // A unit's first plan is its campaign plan (the campaign plays first): a later plan of
        // another type in the same unit (a detailed plan) must not take its place.
        self.dossiers
            .entry(plan.new.unit_code.clone())
            .or_insert(state.id);
        // The appraisal checklist the plan's findings are made against.
        let checklist = Checklist::effective_for(
            Checklist::builtin(),
            "VN",
            &self.province,
            plan.new.plan_type,
        )
        .and_then(Result::ok)
        .map(|c| c.version)
        .unwrap_or_default();
        for step in &plan.steps {
            let order = Order {
                expected_version: Some(state.version),
                actor: Some(step.actor.clone()),
                reason: step.reason.clone(),
                effective_on: Some(step.on),
                kind: step.command(state.id, &checklist),
            };
            self.record_on(step.on);
            let (_, next) = self
                .planning
                .execute(Caller::Operator, state.id, order)
                .await?;
            state = next.state;
            self.events += 1;
        }
        Ok(())
    }
}

/// Loads the demo into an empty database. Refuses if plans already exist.
pub async fn load(
    planning: &Planning,
    progress: &mut dyn FnMut(&str),
) -> Result<DemoSummary, StoreError> {
    let (_, existing) = planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                limit: 1,
                ..Default::default()
            },
        )
        .await?;
    if existing > 0 {
        return Err(StoreError::Duplicate {
            what: "demo data (the database already holds plans)",
            key: "plans".into(),
        });
    }
    let script = Script::lai_chau();
    let mut units = 0;
    for (name, text) in UNITS_FILES {
        progress(&format!("units: {name}"));
        let import = plantrack_gis::read_units_str(name, text, &mut |_, _| {})?;
        units = units.max(
            planning
                .import_units(Caller::Operator, &import)
                .await?
                .units,
        );
    }
    for decision in &script.decisions {
        planning
            .record_decision(
                Caller::Operator,
                // The demo is Lai Châu's: its decisions are the province's.
                Some("12"),
                &decision.number,
                decision.date,
                &decision.issuer,
                &decision.subject,
            )
            .await?;
    }
    let mut loader = Loader::new(planning, &script.province);
    let mut plans = 0;
    for plan in &script.campaign {
        let code = &plan.new.unit_code;
        let unit = planning.unit(code).await?;
        progress(&format!("dossier: {}", unit.unit.full_name));
        loader.play(plan).await?;
        plans += 1;
    }
    for plan in &script.other_plans {
        loader.play(plan).await?;
        plans += 1;
    }
    // The organisations the meeting's directives address (their accounts come with
    // `serve --demo`).
    progress("organisations");
    create_demo_organisations(planning).await?;
    progress("meeting");
    // Only the campaign's dossiers: the meeting's blockers are theirs.
    let campaign: std::collections::HashMap<String, i64> = script
        .campaign
        .iter()
        .filter_map(|p| {
            let unit = &p.new.unit_code;
            loader.dossiers.get(unit).map(|id| (unit.clone(), *id))
        })
        .collect();
    meeting::play(&loader.planning, &script, &campaign, &|day| {
        loader.record_on(day);
    })
    .await?;
    progress("information requests");
    requests::play(&loader.planning, &script, &campaign, &|day| {
        loader.record_on(day);
    })
    .await?;
    progress("consultations");
    consultations::play(&loader.planning, &campaign, script.meeting_date, &|day| {
        loader.record_on(day);
    })
    .await?;
    // The firms are registered the day of the meeting, with what each plan engaged them for
    // dated the day it did.
    progress("consultant firms");
    loader.record_on(script.meeting_date);
    consultants::play(&loader.planning, &script.province).await?;
    progress("funding");
    funding::play(&loader.planning, &script, &campaign, &|day| {
        loader.record_on(day);
    })
    .await?;
    progress("public consultation");
    public_consultation::play(&loader.planning, &campaign, &|day, seconds| {
        loader.record_on(day);
        loader.later(seconds);
    })
    .await?;
    Ok(DemoSummary {
        units,
        plans,
        events: loader.events,
        meeting_date: script.meeting_date,
    })
}
