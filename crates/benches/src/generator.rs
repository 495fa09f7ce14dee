//! A deterministic generator of legal dossier histories at national scale.
//!
//! Every unit gets a commune general plan and two other Vietnamese plan types. Each dossier
//! opens between 1 July and 30 September 2025 and then receives commands, dated in order up
//! to 31 October 2026, until it has about [`GenConfig::mean_events`] events or completes:
//! in every visit to a stage its required documents are attached and then it moves on; along
//! the way some dossiers are put on hold and resumed, returned from appraisal
//! (`return_task`, `return_plan`), get funding, a new consultant, an extended deadline or an
//! optional document. Each command is decided by the domain ([`workflow::decide`]) against
//! the state folded so far, so the store will accept every one of them.
//!
//! How the commands are spaced is the [`Pace`]: by default a random number of days apart,
//! until the dossier has about its number of events; with [`Pace::KnownStages`] every visit
//! to a stage lasts a known number of working days ([`known_stage_days`]), so that a
//! forecast made from the histories can be checked against the lengths that made them.

use std::sync::Arc;

use chrono::{Days, NaiveDate, Utc};
use plantrack_domain::calendar::WorkingCalendar;
use plantrack_domain::plan::{NewPlan, PlanBodies, PlanType};
use plantrack_domain::unit::{AdminUnit, UnitKind};
use plantrack_domain::workflow::{
    self, Actor, Command, CommandKind, DossierEvent, DossierState, DossierStatus, Template,
};
use plantrack_store::bulk::BulkDossier;

/// SplitMix64: small, fast and the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// An independent stream for item `n`, so that one item's draws do not shift another's.
    pub fn stream(seed: u64, n: u64) -> Self {
        let mut r = Rng(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// How likely each extra command is, per command, besides the documents and transitions
/// every stage needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extras {
    pub hold: f64,
    pub funding: f64,
    pub consultant: f64,
    pub extend: f64,
    pub optional_document: f64,
    /// Per visit to an appraisal stage: returned for revision instead of forwarded.
    pub ret: f64,
}

impl Extras {
    /// The national set's mix.
    pub const HISTORY: Extras = Extras {
        hold: 0.015,
        funding: 0.02,
        consultant: 0.015,
        extend: 0.015,
        optional_document: 0.2,
        ret: 0.2,
    };

    /// Only what moves a dossier forward: required documents, transitions, resuming a hold.
    pub const FORWARD: Extras = Extras {
        hold: 0.0,
        funding: 0.0,
        consultant: 0.0,
        extend: 0.0,
        optional_document: 0.0,
        ret: 0.0,
    };
}

/// How a history's commands are spaced in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pace {
    /// Each command a random `0..=max_gap` days after the last, `max_gap` spreading about
    /// [`GenConfig::mean_events`] events over the days up to [`GenConfig::end`]; the dossier
    /// stops there, or when it has its number of events.
    #[default]
    Events,
    /// Each visit to a stage lasts a number of working days drawn uniformly from
    /// [`known_stage_days`] (a return from appraisal draws the stage again); its documents and
    /// other commands fall inside it and the move out on its last day. The dossier goes on
    /// until it completes or the next move would fall after [`GenConfig::end`];
    /// `mean_events` is not used.
    KnownStages,
}

/// The working days a visit to `stage` lasts under [`Pace::KnownStages`], at least and at
/// most (uniform between): the same for every template that has the stage.
pub fn known_stage_days(stage: &str) -> (u64, u64) {
    match stage {
        "consultant_selection" | "marker_placement" => (10, 30),
        "task_preparation" => (15, 45),
        "task_consultation" | "publication" => (5, 15),
        "task_appraisal" => (8, 20),
        "task_approval" => (3, 12),
        "plan_preparation" => (60, 120),
        "plan_consultation" => (20, 40),
        "plan_appraisal" => (15, 35),
        "plan_approval" => (5, 20),
        _ => (10, 40),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenConfig {
    pub seed: u64,
    /// The earliest opening day; dossiers open within 92 days of it.
    pub start: NaiveDate,
    /// No event is dated after this day. It is also the "today" of the decisions.
    pub end: NaiveDate,
    /// Plans per unit: the commune general plan, then other types (at most 6).
    pub plans_per_unit: usize,
    /// Events per dossier aimed at, the opening included (each dossier aims at a number drawn
    /// around it; one that completes first stops there).
    pub mean_events: u64,
    pub extras: Extras,
    pub pace: Pace,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            seed: 20_250_701,
            start: date(2025, 7, 1),
            end: date(2026, 10, 31),
            plans_per_unit: 3,
            mean_events: 30,
            extras: Extras::HISTORY,
            pace: Pace::Events,
        }
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The plan types besides the commune general plan that a unit may get.
const OTHER_TYPES: [PlanType; 5] = [
    PlanType::GeneralUrban,
    PlanType::Zoning,
    PlanType::Detailed,
    PlanType::InvestmentProject,
    PlanType::NationalTourismArea,
];

const CONSULTANTS: [&str; 6] = [
    "Viện Quy hoạch Xây dựng miền Bắc",
    "Viện Quy hoạch Xây dựng miền Nam",
    "Công ty CP Tư vấn Quy hoạch Tây Bắc",
    "Công ty TNHH Kiến trúc và Quy hoạch Đô thị Việt",
    "Trung tâm Tư vấn Quy hoạch Sông Hồng",
    "Công ty CP Tư vấn Xây dựng Miền Trung",
];

const OPTIONAL_DOCUMENTS: [&str; 5] = [
    "submission_letter",
    "explanatory_report",
    "drawings",
    "draft_decision",
    "gis_data",
];

/// The actor issuing a command in `role`.
pub fn actor(role: &str) -> Actor {
    let name = match role {
        "commune_pc" => "Ủy ban nhân dân xã",
        "construction_dept" => "Sở Xây dựng",
        "provincial_pc" => "Ủy ban nhân dân tỉnh",
        "sector_department" => "Sở Nông nghiệp và Môi trường",
        "consultant" => "Đơn vị tư vấn",
        other => other,
    };
    Actor {
        name: name.to_owned(),
        role: role.to_owned(),
    }
}

/// `preferred` if the template lets it perform `permission`, else the first role that may.
fn role_for<'a>(template: &'a Template, permission: &str, preferred: &'a str) -> &'a str {
    let allowed = template.roles_for(permission);
    if allowed.iter().any(|r| r == preferred) {
        preferred
    } else {
        allowed.first().map_or(preferred, String::as_str)
    }
}

/// A required document of the current stage not yet attached during this visit to it.
fn missing_in_visit<'a>(state: &DossierState, template: &'a Template) -> Option<&'a String> {
    template
        .stage(&state.stage)?
        .required_documents
        .iter()
        .find(|doc| {
            !state.documents.iter().any(|a| {
                a.kind == **doc && a.stage == state.stage && a.attached_on >= state.stage_entered_on
            })
        })
}

fn attach(template: &Template, kind: &str, on: NaiveDate, rng: &mut Rng) -> CommandKind {
    let title = template
        .documents
        .iter()
        .find(|d| d.key == kind)
        .map_or_else(|| kind.to_owned(), |d| d.name.vi.clone());
    CommandKind::AttachDocument {
        kind: kind.to_owned(),
        title,
        reference: format!("{}/{}", 100 + rng.below(9900), on.format("%Y")),
        file: None,
    }
}

/// The next legal command for a dossier, dated `on`; `None` once it is complete.
pub fn next_command(
    state: &DossierState,
    template: &Template,
    on: NaiveDate,
    rng: &mut Rng,
    extras: &Extras,
) -> Option<Command> {
    let command = |role: &str, reason: &str, kind: CommandKind| Command {
        expected_version: Some(state.version),
        actor: actor(role),
        reason: reason.to_owned(),
        effective_on: on,
        kind,
    };
    match state.status {
        DossierStatus::Completed => return None,
        DossierStatus::OnHold => {
            let role = role_for(template, "resume", "provincial_pc");
            return Some(command(role, "Tiếp tục lập quy hoạch", CommandKind::Resume));
        }
        DossierStatus::Active => {}
    }
    let index = template.stage_index(&state.stage)?;
    let stage = &template.stages[index];
    let mut r = rng.unit();
    let mut roll = |p: f64| {
        let hit = r < p;
        r -= p;
        hit
    };
    if roll(extras.hold) {
        let role = role_for(template, "hold", "provincial_pc");
        return Some(command(
            role,
            "Tạm dừng chờ ý kiến chỉ đạo",
            CommandKind::Hold,
        ));
    }
    if roll(extras.funding) {
        let role = role_for(template, "allocate_funding", "provincial_pc");
        let kind = CommandKind::AllocateFunding {
            decision_number: format!("{}/QĐ-UBND", 100 + rng.below(9900)),
            decision_date: on - Days::new(rng.below(10)),
            amount_vnd: i64::try_from(rng.between(3, 15)).unwrap_or(3) * 100_000_000,
        };
        return Some(command(role, "Phân bổ kinh phí lập quy hoạch", kind));
    }
    if roll(extras.consultant) {
        let role = role_for(template, "change_consultant", "commune_pc");
        let kind = CommandKind::ChangeConsultant {
            name: (*rng.pick(&CONSULTANTS)).to_owned(),
        };
        return Some(command(role, "Thay đổi đơn vị tư vấn", kind));
    }
    if let (true, Some(due)) = (roll(extras.extend), state.due_on) {
        let role = role_for(template, "extend_deadline", "provincial_pc");
        let kind = CommandKind::ExtendDeadline {
            new_due_on: due.max(on) + Days::new(rng.between(15, 60)),
            approver: "Ủy ban nhân dân tỉnh".to_owned(),
        };
        return Some(command(role, "Gia hạn thời gian thực hiện", kind));
    }
    let attach_role = |template: &Template| {
        let preferred = if stage.key.contains("appraisal") {
            "construction_dept"
        } else if stage.key.contains("approval") {
            "provincial_pc"
        } else if stage.key.contains("consultation") {
            "sector_department"
        } else {
            "commune_pc"
        };
        role_for(template, "attach_document", preferred).to_owned()
    };
    if roll(extras.optional_document) {
        let notice = "consultation_notice";
        let kind = if stage.key == "plan_consultation"
            && template.documents.iter().any(|d| d.key == notice)
            && !state.has_document(notice)
        {
            notice
        } else {
            let known: Vec<&str> = OPTIONAL_DOCUMENTS
                .into_iter()
                .filter(|k| template.documents.iter().any(|d| d.key == *k))
                .collect();
            if known.is_empty() {
                ""
            } else {
                *rng.pick(&known)
            }
        };
        if !kind.is_empty() {
            let role = attach_role(template);
            let doc = attach(template, kind, on, rng);
            return Some(command(&role, "Bổ sung tài liệu", doc));
        }
    }
    if let Some(doc) = missing_in_visit(state, template) {
        let role = attach_role(template);
        let doc = attach(template, doc, on, rng);
        return Some(command(&role, "Nộp hồ sơ, tài liệu", doc));
    }
    let (back, forward): (Vec<_>, Vec<_>) = template
        .transitions_from(&state.stage)
        .partition(|t| template.stage_index(&t.to).is_some_and(|i| i <= index));
    let t = match (back.first(), forward.first()) {
        (Some(b), _) if rng.unit() < extras.ret => *b,
        (_, Some(f)) => *f,
        (Some(b), None) => *b,
        (None, None) => return None,
    };
    let reason = if back.iter().any(|b| b.action == t.action) {
        "Trả lại để hoàn thiện"
    } else {
        "Chuyển bước tiếp theo"
    };
    let kind = CommandKind::Transition {
        action: t.action.clone(),
    };
    Some(command(&t.roles[0], reason, kind))
}

/// The state a dossier of the set opens in (with dossier id 0).
pub fn opened_state(
    d: &BulkDossier,
    template: &Template,
    calendar: &dyn WorkingCalendar,
    today: NaiveDate,
) -> DossierState {
    let opened = workflow::open_dossier(
        0,
        d.plan.bodies.clone(),
        template,
        d.opened_on,
        today,
        calendar,
    )
    .expect("a dossier can open");
    let event = DossierEvent {
        dossier_id: 0,
        seq: 1,
        occurred_on: d.opened_on,
        recorded_at: Utc::now(),
        actor: d.actor.name.clone(),
        role: d.actor.role.clone(),
        reason: d.reason.clone(),
        kind: opened,
        acted_by: None,
    };
    DossierState::apply(None, &event).expect("opened")
}

/// Folds `command`'s decision into `state`, as the store will.
pub fn apply(
    state: DossierState,
    template: &Template,
    calendar: &dyn WorkingCalendar,
    command: &Command,
    today: NaiveDate,
) -> Result<DossierState, plantrack_domain::DomainError> {
    let kind = workflow::decide(&state, template, calendar, command, today)?;
    let event = DossierEvent {
        dossier_id: state.id,
        seq: state.version + 1,
        occurred_on: command.effective_on,
        recorded_at: Utc::now(),
        actor: command.actor.name.clone(),
        role: command.actor.role.clone(),
        reason: command.reason.clone(),
        kind,
        acted_by: None,
    };
    Ok(DossierState::apply(Some(state), &event).expect("a state stays a state"))
}

/// The plans of one unit: the commune general plan and `n - 1` other types.
fn plan_types(rng: &mut Rng, n: usize) -> Vec<PlanType> {
    let mut others = OTHER_TYPES;
    rng.shuffle(&mut others);
    std::iter::once(PlanType::CommuneGeneral)
        .chain(others)
        .take(n.clamp(1, 1 + OTHER_TYPES.len()))
        .collect()
}

fn new_plan(unit: &AdminUnit, province: &AdminUnit, plan_type: PlanType) -> NewPlan {
    NewPlan {
        unit_code: unit.code.clone(),
        plan_type,
        name: format!(
            "{} {} đến năm 2035, tầm nhìn đến năm 2050",
            plan_type.name_vi(),
            unit.full_name
        ),
        horizon_year: Some(2035),
        vision_year: Some(2050),
        map_scale: Some(match plan_type {
            PlanType::CommuneGeneral | PlanType::GeneralUrban => 10_000,
            PlanType::Zoning | PlanType::NationalTourismArea => 5_000,
            _ => 500,
        }),
        area_ha: match plan_type {
            PlanType::CommuneGeneral | PlanType::GeneralUrban => unit.area_km2.map(|a| a * 100.0),
            _ => None,
        },
        population: None,
        bodies: PlanBodies {
            preparing: format!("Ủy ban nhân dân {}", unit.full_name),
            appraising: format!("Sở Xây dựng {}", province.full_name),
            approving: format!("Ủy ban nhân dân {}", province.full_name),
        },
        template: None,
    }
}

/// The history of one dossier: its opening day and its commands.
pub fn history(
    plan: &NewPlan,
    template: &Template,
    calendar: &dyn WorkingCalendar,
    cfg: &GenConfig,
    rng: &mut Rng,
) -> (NaiveDate, Vec<Command>) {
    let opened_on = cfg.start + Days::new(rng.below(92));
    let opened = workflow::open_dossier(
        0,
        plan.bodies.clone(),
        template,
        opened_on,
        cfg.end,
        calendar,
    )
    .expect("a dossier can open");
    let mut state = DossierState::apply(
        None,
        &DossierEvent {
            dossier_id: 0,
            seq: 1,
            occurred_on: opened_on,
            recorded_at: Utc::now(),
            actor: String::new(),
            role: String::new(),
            reason: String::new(),
            kind: opened,
            acted_by: None,
        },
    )
    .expect("opened");
    if cfg.pace == Pace::KnownStages {
        return (
            opened_on,
            known_stages(state, opened_on, template, calendar, cfg, rng),
        );
    }
    // Dossiers that complete stop short of their aim, so the aims run a little above the mean.
    let aim = cfg.mean_events + cfg.mean_events / 6;
    let target = rng.between(aim - aim / 2, aim + aim / 2);
    let days = u64::try_from((cfg.end - opened_on).num_days()).unwrap_or(0);
    let max_gap = 2 * days / target.max(1);
    let mut on = opened_on;
    let mut commands = Vec::with_capacity(target as usize);
    while (commands.len() as u64) + 1 < target {
        on = on + Days::new(rng.below(max_gap + 1));
        if on > cfg.end {
            break;
        }
        let Some(command) = next_command(&state, template, on, rng, &cfg.extras) else {
            break;
        };
        state = apply(state, template, calendar, &command, cfg.end)
            .unwrap_or_else(|e| panic!("generated an illegal command {command:?}: {e}"));
        commands.push(command);
    }
    (opened_on, commands)
}

/// The commands of a history under [`Pace::KnownStages`], from its opened state.
fn known_stages(
    mut state: DossierState,
    opened_on: NaiveDate,
    template: &Template,
    calendar: &dyn WorkingCalendar,
    cfg: &GenConfig,
    rng: &mut Rng,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut entered = opened_on;
    // Each pass is one visit: its length drawn, its inner commands dated inside it.
    while state.status != DossierStatus::Completed {
        let (lo, hi) = known_stage_days(&state.stage);
        let leave = calendar.add_working_days(
            entered,
            u32::try_from(rng.between(lo, hi)).unwrap_or(u32::MAX),
        );
        let mut on = entered;
        loop {
            // Inner commands move forward through the visit, never past its last day.
            let room = u64::try_from((leave - on).num_days()).unwrap_or(0);
            let inner_on = on + Days::new(rng.below(room / 3 + 1));
            let Some(mut command) = next_command(&state, template, inner_on, rng, &cfg.extras)
            else {
                return commands;
            };
            let moves = matches!(command.kind, CommandKind::Transition { .. });
            command.effective_on = if moves { leave } else { inner_on };
            if command.effective_on > cfg.end {
                return commands;
            }
            on = command.effective_on;
            state = apply(state, template, calendar, &command, cfg.end)
                .unwrap_or_else(|e| panic!("generated an illegal command {command:?}: {e}"));
            commands.push(command);
            if moves {
                break;
            }
        }
        entered = leave;
    }
    commands
}

/// The national set: for every commune-level unit, its plans and their histories, in the
/// order of `units`. `template(key)` gives the latest version of a template.
pub fn national_set(
    units: &[AdminUnit],
    template: &dyn Fn(&str) -> Arc<Template>,
    calendar: &dyn WorkingCalendar,
    cfg: &GenConfig,
) -> Vec<BulkDossier> {
    let provinces: std::collections::HashMap<&str, &AdminUnit> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Province)
        .map(|u| (u.code.as_str(), u))
        .collect();
    let mut out = Vec::new();
    for unit in units.iter().filter(|u| u.kind != UnitKind::Province) {
        let Some(province) = unit.parent_code.as_deref().and_then(|p| provinces.get(p)) else {
            continue;
        };
        let mut rng = Rng::stream(cfg.seed, out.len() as u64);
        for plan_type in plan_types(&mut rng, cfg.plans_per_unit) {
            let plan = new_plan(unit, province, plan_type);
            let template = template(plan_type.default_template());
            let mut rng = Rng::stream(cfg.seed ^ 0x5EED, out.len() as u64);
            let (opened_on, commands) = history(&plan, &template, calendar, cfg, &mut rng);
            out.push(BulkDossier {
                plan,
                actor: actor("commune_pc"),
                reason: "Đăng ký lập quy hoạch".to_owned(),
                opened_on,
                commands,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use plantrack_domain::calendar::VietnamCalendar;

    use super::*;

    fn templates() -> BTreeMap<String, Arc<Template>> {
        Template::builtin()
            .into_iter()
            .map(|(t, _)| (t.key.clone(), Arc::new(t)))
            .collect()
    }

    fn units() -> Vec<AdminUnit> {
        let text = include_str!("../../../data/laichau_units_2025.json");
        plantrack_gis::read_units_str("laichau_units_2025.json", text, &mut |_, _| {})
            .expect("units")
            .units
            .into_iter()
            .map(|u| u.unit)
            .collect()
    }

    #[test]
    fn histories_are_legal_varied_and_deterministic() {
        let templates = templates();
        let lookup = |key: &str| templates[key].clone();
        let calendar = VietnamCalendar::new();
        let cfg = GenConfig::default();
        let units = units();
        let set = national_set(&units, &lookup, &calendar, &cfg);
        let communes = units
            .iter()
            .filter(|u| u.kind != UnitKind::Province)
            .count();
        assert_eq!(set.len(), communes * 3);
        assert_eq!(
            set,
            national_set(&units, &lookup, &calendar, &cfg),
            "deterministic"
        );

        let mut tags: BTreeMap<String, usize> = BTreeMap::new();
        let mut completed = 0;
        let mut events = 0;
        for d in &set {
            let template = &templates[d.plan.plan_type.default_template()];
            assert!(d.opened_on >= cfg.start);
            let opened = workflow::open_dossier(
                0,
                d.plan.bodies.clone(),
                template,
                d.opened_on,
                cfg.end,
                &calendar,
            )
            .expect("open");
            let mut state = DossierState::apply(
                None,
                &DossierEvent {
                    dossier_id: 0,
                    seq: 1,
                    occurred_on: d.opened_on,
                    recorded_at: Utc::now(),
                    actor: String::new(),
                    role: String::new(),
                    reason: String::new(),
                    kind: opened,
                    acted_by: None,
                },
            )
            .expect("opened");
            for c in &d.commands {
                assert!(c.effective_on <= cfg.end);
                let tag = match &c.kind {
                    CommandKind::Transition { action } if action.starts_with("return_") => {
                        action.clone()
                    }
                    other => other.permission().to_owned(),
                };
                *tags.entry(tag).or_default() += 1;
                state = apply(state, template, &calendar, c, cfg.end).expect("legal");
            }
            completed += usize::from(state.status == DossierStatus::Completed);
            events += d.commands.len() + 1;
        }
        for tag in [
            "transition",
            "attach_document",
            "hold",
            "resume",
            "return_task",
            "return_plan",
            "allocate_funding",
            "extend_deadline",
            "change_consultant",
        ] {
            assert!(tags.get(tag).is_some_and(|n| *n > 0), "{tag}: {tags:?}");
        }
        let mean = events as f64 / set.len() as f64;
        assert!(
            (22.0..=34.0).contains(&mean),
            "mean events per dossier {mean}"
        );
        assert!(
            completed > 0 && completed < set.len(),
            "{completed} completed"
        );
    }

    #[test]
    fn under_known_stages_every_visit_lasts_its_known_working_days() {
        let templates = templates();
        let lookup = |key: &str| templates[key].clone();
        let calendar = VietnamCalendar::new();
        let cfg = GenConfig {
            pace: Pace::KnownStages,
            ..GenConfig::default()
        };
        let set = national_set(&units(), &lookup, &calendar, &cfg);
        let (mut visits, mut completed) = (0, 0);
        for d in &set {
            let template = &templates[d.plan.plan_type.default_template()];
            let mut state = opened_state(d, template, &calendar, cfg.end);
            for c in &d.commands {
                let before = (state.stage.clone(), state.stage_entered_on);
                state = apply(state, template, &calendar, c, cfg.end).expect("legal");
                if state.stage_entered_on != before.1 || state.stage != before.0 {
                    let (lo, hi) = known_stage_days(&before.0);
                    let days = calendar.working_days_between(before.1, state.stage_entered_on);
                    assert!(
                        (lo as i64..=hi as i64).contains(&days),
                        "{}: {days} working days",
                        before.0
                    );
                    visits += 1;
                }
            }
            completed += usize::from(state.status == DossierStatus::Completed);
        }
        assert!(visits > 5 * set.len(), "{visits} visits");
        assert!(
            completed > 0 && completed < set.len(),
            "{completed} completed"
        );
    }
}
