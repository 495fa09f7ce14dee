//! The planning use cases: what the API and the CLI call. Each loads what it needs, asks the
//! domain to decide, and writes the outcome in one transaction. Handlers never see SQL.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::access::{self, Caller};
use plantrack_domain::calendar::VietnamCalendar;
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::deadline::{DEFAULT_DUE_SOON_DAYS, assess};
use plantrack_domain::plan::{NewPlan, Plan, PlanType};
use plantrack_domain::progress::{DossierPosition, ProgressReport, StageCount};
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::{self, DossierState, Template};
use plantrack_domain::{DomainError, Language};

mod accounts;
mod administration;
mod agenda;
mod appraisal;
mod appraisal_compare;
mod bulk;
mod capacity;
mod consultants;
mod consultation_notices;
mod consultations;
mod digest;
mod document_sweep;
mod documents;
mod dossier_follow_up;
mod dossiers;
mod follow_up;
mod forecast;
mod funding;
mod information_requests;
mod landuse;
mod layers;
mod maps;
mod opinion_groups;
mod progress_document;
mod public_consultation;
mod status_calls;
mod units;
mod weekly_report;

pub use digest::DigestFor;
pub use document_sweep::SWEEP_MIN_AGE;
pub use documents::{LANDUSE_MAP_KIND, Upload};
pub use dossier_follow_up::DossierFollowUp;
pub use dossiers::{DossierQuery, DossierReading, DossierSheet, Order};
pub use forecast::{BacktestQuery, ForecastQuery};
pub use layers::LayerUpload;
pub use progress_document::{
    DocumentQuery, MapUnit, ProgressDocumentData, ReportForecast, TimelinePoint, timeline_days,
};
pub use units::UnitPlan;

use crate::calendar::{CalendarRegion, ProvinceCalendars};
use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::plans::Envelope;
use crate::progress::{Moment, PositionRow, Scope};

/// Where "now" comes from: the real time by default, fixed or moved by hand in tests. Today is
/// Vietnam's date at that instant (UTC+7). Record time — when an event was written — is always
/// this clock's, never a client's.
/// A demo anchors its "today" at the day its story is told: pages then default to that day,
/// while record times stay real (what was recorded is known at once).
#[derive(Clone)]
pub struct Clock(
    Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    Option<NaiveDate>,
);

impl Clock {
    pub fn vietnam() -> Self {
        Clock(Arc::new(Utc::now), None)
    }

    /// The real time, but "today" is `today` for ever: the demo's day after its meeting.
    pub fn anchored(today: NaiveDate) -> Self {
        Clock(Arc::new(Utc::now), Some(today))
    }

    /// The day this clock is anchored at, if it is.
    pub fn anchor(&self) -> Option<NaiveDate> {
        self.1
    }

    /// Noon in Vietnam on `date`, for ever.
    pub fn fixed(date: NaiveDate) -> Self {
        let noon = date
            .and_hms_opt(5, 0, 0)
            .expect("05:00 is a time")
            .and_utc();
        Clock(Arc::new(move || noon), None)
    }

    /// A clock that reads `now` each time it is asked: tests move it forward.
    pub fn from_fn(now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Clock(Arc::new(now), None)
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }

    pub fn today(&self) -> NaiveDate {
        self.1
            .unwrap_or_else(|| plantrack_domain::calendar::vietnam_date(self.now()))
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

type TemplateVersions = BTreeMap<String, BTreeMap<u32, Arc<Template>>>;

/// What a progress report covers.
#[derive(Debug, Clone, Default)]
pub struct ProgressQuery {
    /// The day to report on (valid time); today when absent.
    pub as_of: Option<NaiveDate>,
    /// What was known at this instant (record time); everything recorded so far when absent.
    /// A later instant than now reads as now.
    pub as_known_on: Option<DateTime<Utc>>,
    pub province: Option<String>,
    pub unit: Option<String>,
    pub plan_type: Option<PlanType>,
    /// Language of stage names.
    pub lang: Language,
    /// Include the per-unit table (on by default for a province, off for the country).
    pub with_units: Option<bool>,
    /// At most this many dossiers in each of the overdue and due-soon lists; by default all
    /// of them with the per-unit table, [`COUNTRY_LIST_LIMIT`] without it. The totals
    /// (`overdue_total`, `due_soon_total`) always cover every dossier.
    pub list_limit: Option<usize>,
}

fn out_of_bounds(day: NaiveDate) -> DomainError {
    DomainError::BadDate {
        date: day.to_string(),
        why: plantrack_domain::error::DateProblem::OutOfBounds,
    }
}

/// How many overdue (and due-soon) dossiers a report without the per-unit table lists: a
/// national list of thousands is read page by page from the dossier list, not in a report.
pub const COUNTRY_LIST_LIMIT: usize = 100;

/// The application service over one database.
#[derive(Debug, Clone)]
pub struct Planning {
    pub(crate) db: Db,
    templates: Arc<RwLock<TemplateVersions>>,
    calendars: Arc<RwLock<Arc<ProvinceCalendars>>>,
    /// The database's settings generation the templates and calendars above were read at
    /// (see [`Planning::refresh_settings`]).
    settings_read_at: Arc<std::sync::atomic::AtomicI64>,
    pub clock: Clock,
    pub due_soon_days: i64,
    /// How far an uploaded archive (a zipped Shapefile map) may unpack (`--max-unpacked-mb`).
    pub archive_limits: plantrack_gis::archive::ArchiveLimits,
    /// The public consultation page's guards (`serve --public-opinions-per-hour`).
    pub public_limits: plantrack_domain::consultation::public::PublicLimits,
}

impl Planning {
    /// Brings a database up to this build: runs the pending migrations, stores the built-in
    /// templates this version carries, moves layer versions kept in an older form, and
    /// removes layer imports a stopped server left unfinished. Run by `plantrack migrate`
    /// and when the server starts, never by other commands (an import another process is
    /// running is not unfinished). Returns the migrations applied.
    pub async fn migrate(url: &str) -> Result<Vec<i64>> {
        Self::migrate_granting(url, None).await
    }

    /// [`Planning::migrate`], then grants `app_role` (PostgreSQL) what the application
    /// needs and no more: the server and the CLI then connect as that role, which cannot
    /// rewrite the history nor switch its guards off (see `app_role.rs`). Run as the
    /// tables' owner, after every upgrade (new tables need their grants).
    pub async fn migrate_granting(url: &str, app_role: Option<&str>) -> Result<Vec<i64>> {
        let db = Db::connect(url).await?;
        // Checked before anything is applied: a wrong name changes nothing.
        if let Some(role) = app_role
            && !crate::app_role::valid_role_name(role)
        {
            db.close().await;
            return Err(DomainError::invalid(
                "app_role",
                "must be a role name of lower-case letters, digits and _ (at most 63)",
            )
            .into());
        }
        let applied = db.migrate().await?;
        if let Some(role) = app_role
            && let Err(e) = db.grant_app_role(role).await
        {
            db.close().await;
            return Err(e);
        }
        for (_, source) in Template::builtin() {
            db.store_builtin_template(source).await?;
        }
        db.move_legacy_layer_versions().await?;
        db.forget_stale_imports().await?;
        db.close().await;
        Ok(applied)
    }

    /// Connects to a database [`Planning::migrate`] brought up to this build, and loads its
    /// templates and calendar. An older database is refused, saying to migrate it.
    pub async fn open(url: &str, clock: Clock) -> Result<Self> {
        let db = Db::connect(url).await?;
        let pending = db.pending_migrations().await.len();
        if pending > 0 {
            db.close().await;
            return Err(StoreError::NotMigrated { pending });
        }
        let planning = Planning {
            db,
            templates: Arc::default(),
            calendars: Arc::default(),
            settings_read_at: Arc::new(std::sync::atomic::AtomicI64::new(-1)),
            clock,
            due_soon_days: DEFAULT_DUE_SOON_DAYS,
            archive_limits: plantrack_gis::archive::ArchiveLimits::default(),
            public_limits: plantrack_domain::consultation::public::PublicLimits::default(),
        };
        planning.reload().await?;
        Ok(planning)
    }

    /// Reads the templates and calendars again if any process (another server, the command
    /// line) changed them since this one read them: one small query. The web server asks
    /// before each request, so that several servers behind one database agree. Returns
    /// whether they were read again.
    pub async fn refresh_settings(&self) -> Result<bool> {
        let generation = self.db.settings_generation().await?;
        if generation
            == self
                .settings_read_at
                .load(std::sync::atomic::Ordering::Acquire)
        {
            return Ok(false);
        }
        self.reload().await?;
        Ok(true)
    }

    async fn reload(&self) -> Result<()> {
        // Read first: a change made while loading shows as a newer generation next time.
        let generation = self.db.settings_generation().await?;
        let mut map = TemplateVersions::new();
        for t in self.db.templates().await? {
            map.entry(t.key.clone())
                .or_default()
                .insert(t.version, Arc::new(t));
        }
        *self.templates.write().expect("template lock") = map;
        let calendars = self.db.province_calendars().await?;
        *self.calendars.write().expect("calendar lock") = Arc::new(calendars);
        self.settings_read_at
            .store(generation, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The working-day calendar a province's deadlines are counted with: the law's holidays,
    /// the national overrides and the province's own. Unchecked: readers over the network
    /// ask [`Planning::calendar_for`], which applies the policy.
    pub fn calendar_of(&self, province: &str) -> Arc<VietnamCalendar> {
        self.calendars
            .read()
            .expect("calendar lock")
            .of(CalendarRegion::Province(province))
    }

    /// The national calendar (the law's holidays and the Government's arrangements).
    pub fn national_calendar(&self) -> Arc<VietnamCalendar> {
        self.calendars
            .read()
            .expect("calendar lock")
            .of(CalendarRegion::National)
    }

    /// The latest version of every template.
    pub fn templates(&self) -> Vec<Arc<Template>> {
        let map = self.templates.read().expect("template lock");
        map.values()
            .filter_map(|versions| versions.values().last().cloned())
            .collect()
    }

    /// A template by key, at a version or the latest.
    pub fn template(&self, key: &str, version: Option<u32>) -> Result<Arc<Template>> {
        let map = self.templates.read().expect("template lock");
        let versions = map
            .get(key)
            .ok_or_else(|| StoreError::not_found("template", &key))?;
        match version {
            Some(v) => versions.get(&v).cloned(),
            None => versions.values().last().cloned(),
        }
        .ok_or_else(|| {
            StoreError::not_found("template", &format!("{key} v{}", version.unwrap_or(0)))
        })
    }

    /// Checks a new plan and its actor, and finds the template its dossier will run under:
    /// the one it names, or its plan type's default, at the latest version.
    pub(crate) fn template_for_new_plan(
        &self,
        new: &NewPlan,
        actor: &workflow::Actor,
    ) -> Result<Arc<Template>> {
        new.validate()?;
        if actor.name.trim().is_empty() {
            return Err(DomainError::invalid("actor", "must not be empty").into());
        }
        let key = new
            .template
            .clone()
            .unwrap_or_else(|| new.plan_type.default_template().to_owned());
        let template = self.template(&key, None)?;
        if !template.plan_types.contains(&new.plan_type) {
            return Err(DomainError::invalid(
                "template",
                format!("template {key} is not for plans of type {}", new.plan_type),
            )
            .into());
        }
        Ok(template)
    }

    /// The province a unit reports to (itself, for a province).
    pub async fn province_of(&self, unit_code: &str) -> Result<String> {
        let unit = self.db.unit(unit_code).await?;
        match unit.unit.kind {
            UnitKind::Province => Ok(unit.unit.code),
            _ => unit.unit.parent_code.ok_or_else(|| {
                StoreError::corrupt(format!("unit {} has no province", unit.unit.code))
            }),
        }
    }

    /// Registers a plan and opens its dossier under the plan type's template (or the one named).
    pub(crate) async fn create_plan(
        &self,
        caller: Caller<'_>,
        new: &NewPlan,
        actor: &workflow::Actor,
        reason: &str,
        opened_on: Option<NaiveDate>,
    ) -> Result<(Plan, DossierState)> {
        let template = self.template_for_new_plan(new, actor)?;
        let province_code = self.province_of(&new.unit_code).await?;
        let today = self.today();
        let opened_on = opened_on.unwrap_or(today);
        let calendar = self.calendar_of(&province_code);
        // Decide before writing, so that a refusal writes nothing.
        workflow::open_dossier(
            0,
            new.bodies.clone(),
            &template,
            opened_on,
            today,
            calendar.as_ref(),
        )?;
        let envelope = Envelope {
            occurred_on: opened_on,
            actor: actor.name.trim().to_owned(),
            role: actor.role.clone(),
            reason: if reason.trim().is_empty() {
                "plan registered".to_owned()
            } else {
                reason.trim().to_owned()
            },
            acted_by: workflow::ActedBy::of(caller),
            recorded_at: self.clock.now(),
        };
        self.db
            .create_plan(new, &province_code, &envelope, |plan_id| {
                workflow::open_dossier(
                    plan_id,
                    new.bodies.clone(),
                    &template,
                    opened_on,
                    today,
                    calendar.as_ref(),
                )
                .expect("decided above with the same inputs")
            })
            .await
    }

    /// The progress report for a scope and a date (today by default). A province's or a
    /// unit's report lists every dossier per unit; the country's counts in the database and
    /// fetches only the dossiers it lists, so it stays fast with 10,000 dossiers.
    pub async fn progress(&self, caller: Caller<'_>, q: &ProgressQuery) -> Result<ProgressReport> {
        let province = self
            .may_read_progress(caller, q.province.as_deref(), q.unit.as_deref())
            .await?;
        let mut report = self.report(q).await?;
        // The history the report rests on: its province's (what that province's leadership
        // verifies and anchors), or the whole store's for the country.
        report.history_digest = Some(self.db.recorded_digest(province.as_deref()).await?);
        Ok(report)
    }

    /// Whether the caller may read the progress of a province, or of one unit; returns the
    /// province read (`None` for the country).
    pub(crate) async fn may_read_progress(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        unit: Option<&str>,
    ) -> Result<Option<String>> {
        let province = match unit {
            Some(unit) => Some(self.province_of(unit).await?),
            None => province.map(str::to_owned),
        };
        caller.allowed(|p| access::read_progress(p, province.as_deref(), unit))?;
        Ok(province)
    }

    pub(crate) async fn report(&self, q: &ProgressQuery) -> Result<ProgressReport> {
        let report_time = self.clock.now();
        let mut report = self.report_at(q, report_time).await?;
        // A report names the instant it shows, so that it can be read again as it is now.
        report.as_known_on = Some(q.as_known_on.map_or(report_time, |t| t.min(report_time)));
        Ok(report)
    }

    /// The report's two time axes, checked: the day and the instant must be plausible ones.
    fn moment(q: &ProgressQuery, now: DateTime<Utc>) -> Result<Moment> {
        let today = plantrack_domain::calendar::vietnam_date(now);
        let as_of = q.as_of.unwrap_or(today);
        if !within_bounds(as_of) {
            return Err(out_of_bounds(as_of).into());
        }
        if let Some(t) = q.as_known_on
            && !within_bounds(plantrack_domain::calendar::vietnam_date(t))
        {
            return Err(out_of_bounds(plantrack_domain::calendar::vietnam_date(t)).into());
        }
        // An instant still to come knows what now knows.
        let known_at = q.as_known_on.filter(|t| *t < now);
        Ok(Moment {
            as_of,
            known_at,
            // No event is dated after today, so today's projection is the state on any
            // later day, as far as everything recorded is concerned.
            current: as_of >= today && known_at.is_none(),
        })
    }

    async fn report_at(&self, q: &ProgressQuery, now: DateTime<Utc>) -> Result<ProgressReport> {
        let at = Self::moment(q, now)?;
        let mut report = self.counted_report(q, &at).await?;
        let known_at = at.known_at.unwrap_or(now);
        let held = self
            .db
            .blocker_counts(
                crate::progress::Scope {
                    province: q.province.as_deref(),
                    unit: q.unit.as_deref(),
                    plan_type: q.plan_type,
                },
                at.as_of,
                known_at,
            )
            .await?;
        for stage in &mut report.stages {
            stage.blockers = held
                .iter()
                .filter(|h| {
                    h.plan_type == stage.plan_type.as_str()
                        && h.template == stage.template
                        && h.stage == stage.stage
                })
                .filter_map(|h| {
                    Some(plantrack_domain::progress::BlockerCount {
                        category: plantrack_domain::follow_up::BlockerCategory::parse(&h.category)?,
                        count: h.count,
                    })
                })
                .collect();
        }
        Ok(report)
    }

    async fn counted_report(&self, q: &ProgressQuery, at: &Moment) -> Result<ProgressReport> {
        let at = *at;
        let as_of = at.as_of;
        let scope = Scope {
            province: q.province.as_deref(),
            unit: q.unit.as_deref(),
            plan_type: q.plan_type,
        };
        let with_units = q
            .with_units
            .unwrap_or(q.province.is_some() || q.unit.is_some());
        let mut names = StageNames::new(self, q.lang);
        if with_units {
            let rows = self.db.positions(&at, scope).await?;
            let positions = rows
                .into_iter()
                .map(|r| names.position(r, as_of, self.due_soon_days))
                .collect::<Result<Vec<_>>>()?;
            let mut report =
                ProgressReport::build(as_of, q.province.clone(), q.plan_type, positions, true);
            if let Some(limit) = q.list_limit {
                report.truncate_lists(limit);
            }
            return Ok(report);
        }
        let soon_until = as_of + chrono::Days::new(self.due_soon_days.unsigned_abs());
        let limit = q.list_limit.unwrap_or(COUNTRY_LIST_LIMIT);
        // The counts and the lists at once, on connections of their own.
        let (counts, (overdue, due_soon)) = tokio::try_join!(
            self.db.stage_counts(&at, scope, soon_until),
            self.db
                .listed_positions(&at, scope, soon_until, Some(limit))
        )?;
        let stages = counts
            .into_iter()
            .map(|c| {
                let (stage_name, stage_order) =
                    names.stage(&c.template, c.template_version, &c.stage)?;
                Ok(StageCount {
                    plan_type: c.plan_type,
                    template: c.template,
                    stage: c.stage,
                    stage_name,
                    stage_order,
                    count: c.count,
                    on_hold: c.on_hold,
                    overdue: c.overdue,
                    due_soon: c.due_soon,
                    blockers: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let listed = overdue
            .into_iter()
            .chain(due_soon)
            .map(|r| names.position(r, as_of, self.due_soon_days))
            .collect::<Result<Vec<_>>>()?;
        Ok(ProgressReport::from_counts(
            as_of,
            q.province.clone(),
            q.plan_type,
            stages,
            listed,
        ))
    }
}

/// Stage names and order in the reader's language; thousands of rows share a handful of
/// template versions, so each is looked up once.
struct StageNames<'a> {
    planning: &'a Planning,
    lang: Language,
    templates: BTreeMap<(String, u32), Arc<Template>>,
}

impl<'a> StageNames<'a> {
    fn new(planning: &'a Planning, lang: Language) -> Self {
        StageNames {
            planning,
            lang,
            templates: BTreeMap::new(),
        }
    }

    fn stage(&mut self, template: &str, version: u32, stage: &str) -> Result<(String, u32)> {
        let key = (template.to_owned(), version);
        let t = if let Some(t) = self.templates.get(&key) {
            t.clone()
        } else {
            let t = self.planning.template(template, Some(version))?;
            self.templates.insert(key, t.clone());
            t
        };
        Ok(match t.stage_index(stage) {
            Some(i) => (t.stages[i].name.get(self.lang).to_owned(), i as u32),
            None => (stage.to_owned(), u32::MAX),
        })
    }

    fn position(
        &mut self,
        r: PositionRow,
        as_of: NaiveDate,
        due_soon_days: i64,
    ) -> Result<DossierPosition> {
        let (stage_name, stage_order) = self.stage(&r.template, r.template_version, &r.stage)?;
        let mut p = DossierPosition {
            dossier_id: r.dossier_id,
            plan_id: r.plan_id,
            plan_name: r.plan_name,
            plan_type: r.plan_type,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            province_code: r.province_code,
            template: r.template,
            stage: r.stage,
            stage_name,
            stage_order,
            status: r.status,
            stage_entered_on: r.stage_entered_on,
            due_on: r.due_on,
            deadline: assess(None, as_of, 0),
        };
        p.assess_on(as_of, due_soon_days);
        Ok(p)
    }
}
