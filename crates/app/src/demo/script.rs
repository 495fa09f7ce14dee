//! The demo's script: the scripted facts of `demo/lai-chau.toml` (plans, their steps, decisions,
//! accounts), read and checked into what the player needs; no database here.

use chrono::NaiveDate;
use plantrack_domain::access::{OrgKind, Role};
use plantrack_domain::appraisal::FindingVerdict;
use plantrack_domain::follow_up::{Addressees, BlockerCategory, InformationTopic, MeetingKind};
use plantrack_domain::plan::{NewPlan, PlanBodies, PlanType};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::accounts::parse_org_kind;
use serde::{Deserialize, Deserializer};

/// The Lai Châu demo, as at the meeting of 25 November 2025.
const LAI_CHAU: &str = include_str!("../../demo/lai-chau.toml");

/// The whole script, checked: every step names a known role, decision and (for the
/// consultant's steps) an engaged consultant.
#[derive(Debug)]
pub struct Script {
    pub meeting_date: NaiveDate,
    pub province: String,
    pub decisions: Vec<Decision>,
    /// The campaign's plans, whose progress the loader reports one by one.
    pub campaign: Vec<ScriptedPlan>,
    pub other_plans: Vec<ScriptedPlan>,
    pub organisations: Vec<Organisation>,
    /// The meeting itself: its directives, what followed, the blockers it knew.
    pub meeting: Meeting,
}

/// The meeting of the demo (see the `[meeting]` table of the script).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub title: String,
    pub starts_at: String,
    pub kind: MeetingKind,
    pub venue: String,
    pub chair: String,
    pub connected_units: i64,
    pub notice_number: String,
    #[serde(deserialize_with = "date")]
    pub notice_date: NaiveDate,
    pub directives: Vec<Directive>,
    pub blockers: Vec<Blocker>,
    /// The status call sent when the meeting was prepared.
    #[serde(default)]
    pub status_call: Option<StatusCall>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    /// The organisations invited that did not come (every other one of the province came).
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    pub minutes: String,
    /// The information requests asked after the meeting, and what the departments did.
    #[serde(default)]
    pub requests: Vec<InformationRequest>,
    /// How the review recurs.
    #[serde(default)]
    pub repeat: Option<Repeat>,
}

/// A review that recurs every so many days until a day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    pub every_days: u16,
    #[serde(deserialize_with = "date")]
    pub until: NaiveDate,
}

/// An agenda item, and how the meeting dealt with it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub title: String,
    pub presenter: String,
    pub duration: i64,
    #[serde(default)]
    pub unit: Option<String>,
    pub state: plantrack_domain::follow_up::AgendaState,
    pub outcome: String,
}

/// Before the meeting: the communes asked to confirm their status, and those that answered.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCall {
    #[serde(deserialize_with = "date")]
    pub due: NaiveDate,
    pub note: String,
    #[serde(default)]
    pub answers: Vec<StatusAnswer>,
}

/// A commune's answer, on its day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusAnswer {
    pub unit: String,
    #[serde(deserialize_with = "date")]
    pub on: NaiveDate,
    pub stage: String,
    #[serde(default, deserialize_with = "opt_date")]
    pub next_step: Option<NaiveDate>,
    #[serde(default)]
    pub blocker: Option<BlockerCategory>,
    #[serde(default)]
    pub comment: String,
}

/// A request for sectoral information, one per unit named (one letter for many communes), with
/// the department's answers and explained delays.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InformationRequest {
    /// The organisation that asks (its name).
    pub by: String,
    /// The department asked (its name).
    pub to: String,
    /// The campaign units whose dossiers need it.
    pub units: Vec<String>,
    pub topics: Vec<InformationTopic>,
    pub text: String,
    #[serde(deserialize_with = "date")]
    pub asked_on: NaiveDate,
    #[serde(default)]
    pub answers: Vec<RequestAnswer>,
    #[serde(default)]
    pub delays: Vec<RequestDelay>,
}

/// A department's answer about one unit's dossier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestAnswer {
    pub unit: String,
    #[serde(deserialize_with = "date")]
    pub on: NaiveDate,
    pub answer: String,
    pub documents: Vec<String>,
}

/// A department's explanation of a delay about one unit's dossier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDelay {
    pub unit: String,
    #[serde(deserialize_with = "date")]
    pub on: NaiveDate,
    pub note: String,
    #[serde(deserialize_with = "date")]
    pub expected_on: NaiveDate,
}

/// A conclusion and the directive it gives.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directive {
    pub conclusion: String,
    pub text: String,
    /// As the meeting said it ("tuần này", "quý I/2026").
    pub due: String,
    pub to: Addressees,
    #[serde(default)]
    pub done_when_left: Option<String>,
    #[serde(default)]
    pub reports: Vec<Report>,
}

/// An addressee's report that its task is done.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The organisation's name.
    pub to: String,
    #[serde(deserialize_with = "date")]
    pub on: NaiveDate,
    pub evidence: String,
}

/// What held some campaign dossiers back, from the day each was put on hold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocker {
    pub units: Vec<String>,
    pub category: BlockerCategory,
    /// The organisation that could lift it.
    pub lifted_by: String,
    pub note: String,
    #[serde(deserialize_with = "date")]
    pub lifted_on: NaiveDate,
    pub lifted_reason: String,
}

/// A decision recorded before any plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub number: String,
    #[serde(deserialize_with = "date")]
    pub date: NaiveDate,
    pub issuer: String,
    pub subject: String,
    /// The reason of a funding step under this decision.
    #[serde(default)]
    pub allocation_reason: Option<String>,
}

/// A plan to open, and the steps its dossier goes through.
#[derive(Debug)]
pub struct ScriptedPlan {
    pub new: NewPlan,
    pub opened_on: NaiveDate,
    pub opened_by: Actor,
    pub opening_reason: String,
    pub steps: Vec<Step>,
}

/// One command on a plan's dossier.
#[derive(Debug)]
pub struct Step {
    pub on: NaiveDate,
    pub actor: Actor,
    pub reason: String,
    pub action: Action,
}

/// What a step does.
#[derive(Debug)]
pub enum Action {
    /// Everything but a document: the command as issued.
    Command(CommandKind),
    /// A document, whose reference is made from the dossier it goes to.
    Attach { kind: String, title: String },
    /// The appraiser's finding on a checklist item, made against the checklist the dossier
    /// is appraised against.
    Finding {
        item: String,
        verdict: FindingVerdict,
        comment: String,
    },
}

impl Step {
    /// The command the step issues; `checklist` is the version of the appraisal checklist
    /// of the dossier's plan type and province.
    pub fn command(&self, dossier_id: i64, checklist: &str) -> CommandKind {
        match &self.action {
            Action::Finding {
                item,
                verdict,
                comment,
            } => CommandKind::RecordFinding {
                checklist: checklist.to_owned(),
                item: item.clone(),
                verdict: *verdict,
                comment: comment.clone(),
            },
            Action::Command(kind) => kind.clone(),
            Action::Attach { kind, title } => CommandKind::AttachDocument {
                kind: kind.clone(),
                title: title.clone(),
                // The demo's documents are not real: a made-up file reference, unique per
                // dossier, kind and day.
                reference: format!("{}-{}-{}", kind, dossier_id, self.on.format("%Y%m%d")),
                file: None,
            },
        }
    }
}

/// An organisation of the demo and its accounts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(deserialize_with = "org_kind")]
    pub kind: OrgKind,
    /// Stands for one organisation per commune and ward of the province; `{unit}` and
    /// `{code}` in its texts are the unit's.
    #[serde(default)]
    pub each_unit: bool,
    pub name: String,
    /// Where its daily digest goes (invented, on the reserved `.example` domain); `{code}`
    /// as in the name.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// The language of its digest.
    #[serde(default)]
    pub contact_language: plantrack_domain::Language,
    /// What a sector department is for, where a rule needs it (`finance`).
    #[serde(default)]
    pub sector: Option<plantrack_domain::access::Sector>,
    pub users: Vec<DemoUser>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoUser {
    pub username: String,
    pub display_name: String,
    #[serde(deserialize_with = "role")]
    pub role: Role,
}

impl Script {
    /// The embedded Lai Châu script; it is checked by a test, so it cannot fail at run time.
    pub fn lai_chau() -> Script {
        Script::parse(LAI_CHAU).expect("the embedded demo script is valid")
    }

    pub fn parse(text: &str) -> Result<Script, String> {
        let raw: RawScript = toml::from_str(text).map_err(|e| e.to_string())?;
        let plans = |list: &[RawPlan]| -> Result<Vec<ScriptedPlan>, String> {
            list.iter().map(|p| p.resolve(&raw)).collect()
        };
        Ok(Script {
            meeting_date: raw.meeting_date,
            province: raw.province.clone(),
            campaign: plans(&raw.campaign)?,
            other_plans: plans(&raw.other_plans)?,
            decisions: raw.decisions,
            organisations: raw.organisations,
            meeting: raw.meeting,
        })
    }
}

// The file's own shape, before the actors and decisions are looked up.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    #[serde(deserialize_with = "date")]
    meeting_date: NaiveDate,
    province: String,
    bodies: Bodies,
    reasons: Reasons,
    decisions: Vec<Decision>,
    organisations: Vec<Organisation>,
    meeting: Meeting,
    campaign: Vec<RawPlan>,
    other_plans: Vec<RawPlan>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bodies {
    appraising: String,
    approving: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reasons {
    opening: String,
    attach: String,
    /// Why a finding that needs no comment was recorded.
    finding: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    unit: String,
    #[serde(rename = "type", deserialize_with = "plan_type")]
    plan_type: PlanType,
    name: String,
    preparing: String,
    #[serde(deserialize_with = "date")]
    opened_on: NaiveDate,
    horizon_year: i32,
    vision_year: i32,
    map_scale: u32,
    /// The forecast population (a commune general plan's).
    population: Option<u64>,
    steps: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    #[serde(deserialize_with = "date")]
    on: NaiveDate,
    by: String,
    action: Option<String>,
    attach: Option<String>,
    title: Option<String>,
    fund: Option<i64>,
    decision: Option<String>,
    consultant: Option<String>,
    #[serde(default)]
    hold: bool,
    #[serde(default)]
    resume: bool,
    reason: Option<String>,
    /// An appraisal finding: the item's key, its verdict and the comment.
    finding: Option<String>,
    verdict: Option<String>,
    comment: Option<String>,
}

impl RawPlan {
    fn resolve(&self, script: &RawScript) -> Result<ScriptedPlan, String> {
        let at = |what: String| format!("plan '{}': {what}", self.name);
        let mut consultant: Option<&str> = None;
        let mut steps = Vec::new();
        for s in &self.steps {
            if let Some(name) = &s.consultant {
                consultant = Some(name);
            }
            let name = match s.by.as_str() {
                "commune_pc" => self.preparing.as_str(),
                "construction_dept" => &script.bodies.appraising,
                "provincial_pc" => &script.bodies.approving,
                "consultant" => consultant.ok_or_else(|| {
                    at(format!(
                        "a consultant acts on {} before one is engaged",
                        s.on
                    ))
                })?,
                other => return Err(at(format!("unknown role '{other}'"))),
            };
            let (reason, action) = s.action(script).map_err(|e| at(format!("{}: {e}", s.on)))?;
            steps.push(Step {
                on: s.on,
                actor: Actor {
                    name: name.to_owned(),
                    role: s.by.clone(),
                },
                reason,
                action,
            });
        }
        Ok(ScriptedPlan {
            new: NewPlan {
                unit_code: self.unit.clone(),
                plan_type: self.plan_type,
                name: self.name.clone(),
                horizon_year: Some(self.horizon_year),
                vision_year: Some(self.vision_year),
                map_scale: Some(self.map_scale),
                area_ha: None,
                population: self.population,
                bodies: PlanBodies {
                    preparing: self.preparing.clone(),
                    appraising: script.bodies.appraising.clone(),
                    approving: script.bodies.approving.clone(),
                },
                template: None,
            },
            opened_on: self.opened_on,
            opened_by: Actor {
                name: self.preparing.clone(),
                role: "commune_pc".to_owned(),
            },
            opening_reason: script.reasons.opening.clone(),
            steps,
        })
    }
}

impl RawStep {
    /// The step's reason and action; exactly one action per step.
    fn action(&self, script: &RawScript) -> Result<(String, Action), String> {
        let reason = || self.reason.clone().ok_or("a reason is missing");
        let mut found = Vec::new();
        if let Some(action) = &self.action {
            let kind = CommandKind::Transition {
                action: action.clone(),
            };
            found.push((reason()?, Action::Command(kind)));
        }
        if let Some(kind) = &self.attach {
            let title = self.title.clone().ok_or("a document's title is missing")?;
            let attach = Action::Attach {
                kind: kind.clone(),
                title,
            };
            found.push((script.reasons.attach.clone(), attach));
        }
        if let Some(amount_vnd) = self.fund {
            let number = self
                .decision
                .as_deref()
                .ok_or("funding names no decision")?;
            let decision = script
                .decisions
                .iter()
                .find(|d| d.number == number)
                .ok_or_else(|| format!("unknown decision '{number}'"))?;
            let reason = decision
                .allocation_reason
                .clone()
                .ok_or_else(|| format!("decision '{number}' has no allocation_reason"))?;
            let kind = CommandKind::AllocateFunding {
                decision_number: decision.number.clone(),
                decision_date: decision.date,
                amount_vnd,
            };
            found.push((reason, Action::Command(kind)));
        }
        if let Some(name) = &self.consultant {
            let kind = CommandKind::ChangeConsultant { name: name.clone() };
            found.push((reason()?, Action::Command(kind)));
        }
        if self.hold {
            found.push((reason()?, Action::Command(CommandKind::Hold)));
        }
        if self.resume {
            found.push((reason()?, Action::Command(CommandKind::Resume)));
        }
        if let Some(item) = &self.finding {
            let verdict = match self.verdict.as_deref() {
                Some("meets") => FindingVerdict::Meets,
                Some("needs_revision") => FindingVerdict::NeedsRevision,
                Some("not_applicable") => FindingVerdict::NotApplicable,
                other => return Err(format!("finding '{item}': unknown verdict {other:?}")),
            };
            let comment = self.comment.clone().unwrap_or_default();
            // The history's "why" of a finding is its comment, as the workspace records it.
            let why = if comment.is_empty() {
                script.reasons.finding.clone()
            } else {
                comment.clone()
            };
            found.push((
                why,
                Action::Finding {
                    item: item.clone(),
                    verdict,
                    comment,
                },
            ));
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err("the step does nothing".into()),
            _ => Err("the step does more than one thing".into()),
        }
    }
}

/// TOML dates (`2025-11-25`) as days.
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    use serde::de::Error;
    let value = toml::value::Datetime::deserialize(d)?;
    match (value.date, value.time, value.offset) {
        (Some(day), None, None) => {
            NaiveDate::from_ymd_opt(day.year.into(), day.month.into(), day.day.into())
                .ok_or_else(|| D::Error::custom(format!("invalid date {value}")))
        }
        _ => Err(D::Error::custom(format!("expected a date, not {value}"))),
    }
}

fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

fn plan_type<'de, D: Deserializer<'de>>(d: D) -> Result<PlanType, D::Error> {
    let s = String::deserialize(d)?;
    PlanType::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown plan type '{s}'")))
}

fn org_kind<'de, D: Deserializer<'de>>(d: D) -> Result<OrgKind, D::Error> {
    let s = String::deserialize(d)?;
    parse_org_kind(&s)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown organisation kind '{s}'")))
}

fn role<'de, D: Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
    let s = String::deserialize(d)?;
    Role::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown role '{s}'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_script_reads_and_holds_the_meeting_counts() {
        let script = Script::parse(LAI_CHAU).unwrap();
        assert_eq!(script.campaign.len(), 34);
        assert_eq!(script.other_plans.len(), 7);
        assert_eq!(
            script.meeting_date,
            NaiveDate::from_ymd_opt(2025, 11, 25).unwrap()
        );
        // Every consultant a plan engages can sign in as its firm.
        for plan in script.campaign.iter().chain(&script.other_plans) {
            for step in &plan.steps {
                if let Action::Command(CommandKind::ChangeConsultant { name }) = &step.action {
                    assert!(
                        script
                            .organisations
                            .iter()
                            .any(|o| o.kind == OrgKind::ConsultantFirm && &o.name == name),
                        "{name} has no account"
                    );
                }
            }
        }
    }

    #[test]
    fn a_step_does_exactly_one_thing() {
        let text = LAI_CHAU.replacen(
            "attach = \"consultant_contract\",",
            "attach = \"consultant_contract\", action = \"select_consultant\", reason = \"x\",",
            1,
        );
        let e = Script::parse(&text).unwrap_err();
        assert!(e.contains("more than one thing"), "{e}");
    }

    #[test]
    fn the_text_is_nfc_vietnamese() {
        // Precomposed letters: "ồ" is one code point, not "o" + two combining marks.
        assert!(LAI_CHAU.contains("Sìn Hồ"));
        assert!(
            !LAI_CHAU
                .chars()
                .any(|c| ('\u{300}'..='\u{36f}').contains(&c))
        );
    }
}
