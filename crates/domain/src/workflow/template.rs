//! Workflow templates: the stages of a statutory procedure, the transitions between them and who
//! may perform each, the documents needed to leave a stage, and the time limits with their legal
//! basis and verification status. Templates are TOML files; the defaults are embedded in the
//! binary (see [`Template::builtin`]) and a province may load its own versions.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;
use crate::Language;
use crate::calendar::WorkingCalendar;
use crate::plan::PlanType;
use crate::workflow::DossierStatus;

/// A text in the three languages plantrack speaks. Vietnamese is required; the others fall
/// back to it. A template written before its texts were translated gives a plain string
/// (English wording); it is still read, as the text of every language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(from = "LocalTextSource")]
pub struct LocalText {
    pub vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
}

/// The two forms a [`LocalText`] is written in.
#[derive(Deserialize)]
#[serde(untagged)]
enum LocalTextSource {
    Languages {
        vi: String,
        #[serde(default)]
        en: String,
        #[serde(default)]
        id: String,
    },
    Plain(String),
}

impl From<LocalTextSource> for LocalText {
    fn from(source: LocalTextSource) -> Self {
        match source {
            LocalTextSource::Languages { vi, en, id } => Self { vi, en, id },
            LocalTextSource::Plain(text) => Self {
                vi: text.clone(),
                en: text,
                id: String::new(),
            },
        }
    }
}

impl LocalText {
    /// Whether no language has any text.
    pub fn is_empty(&self) -> bool {
        self.vi.is_empty() && self.en.is_empty() && self.id.is_empty()
    }

    /// The text in `lang`, falling back to English then Vietnamese.
    pub fn get(&self, lang: impl Into<Language>) -> &str {
        let pick = match lang.into() {
            Language::Id if !self.id.is_empty() => &self.id,
            Language::En | Language::Id => &self.en,
            Language::Vi => &self.vi,
        };
        if pick.is_empty() { &self.vi } else { pick }
    }
}

/// How sure we are of a rule, as tagged in the research brief: verbatim article text,
/// a secondary source, or unverified (a default the province should confirm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Verification {
    #[serde(rename = "V")]
    Verified,
    #[serde(rename = "S")]
    Secondary,
    #[serde(rename = "U")]
    Unverified,
}

impl Verification {
    pub fn tag(self) -> &'static str {
        match self {
            Self::Verified => "V",
            Self::Secondary => "S",
            Self::Unverified => "U",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    CalendarDays,
    WorkingDays,
    Months,
}

/// The event a time limit runs from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "event", content = "document")]
pub enum RunsFrom {
    /// The day the dossier entered the stage.
    StageEntered,
    /// The day a document of this kind was attached in the stage (e.g. the publication of the
    /// consultation content); until then the limit runs from stage entry.
    DocumentAttached(String),
}

/// A statutory or directed time limit on a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimeLimit {
    pub key: String,
    pub name: LocalText,
    /// The maximum length. The due date is computed from it.
    pub length: u32,
    /// A minimum length, where the law sets one (community consultation: at least 20 days).
    #[serde(default)]
    pub min_length: Option<u32>,
    pub unit: LimitUnit,
    #[serde(default = "runs_from_stage_entry")]
    pub runs_from: RunsFrom,
    /// The legal basis, e.g. "Decree 178/2025/NĐ-CP Art 4(1)(c)".
    pub basis: LocalText,
    pub status: Verification,
    #[serde(default, skip_serializing_if = "LocalText::is_empty")]
    pub note: LocalText,
}

fn runs_from_stage_entry() -> RunsFrom {
    RunsFrom::StageEntered
}

impl TimeLimit {
    /// The due date of this limit for a period starting on `start`. Calendar days and months
    /// end on a working day (Civil Code 2015 Art 148: a period whose last day is a day off
    /// ends on the next working day).
    pub fn due_date(&self, start: NaiveDate, calendar: &dyn WorkingCalendar) -> NaiveDate {
        match self.unit {
            LimitUnit::CalendarDays => {
                calendar.roll_forward(start + chrono::Days::new(u64::from(self.length)))
            }
            LimitUnit::WorkingDays => calendar.add_working_days(start, self.length),
            LimitUnit::Months => {
                let end = start
                    .checked_add_months(chrono::Months::new(self.length))
                    .unwrap_or(NaiveDate::MAX);
                calendar.roll_forward(end)
            }
        }
    }
}

/// One stage of the procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Stage {
    pub key: String,
    pub name: LocalText,
    /// Document kinds that must be attached before the dossier may leave this stage.
    #[serde(default)]
    pub required_documents: Vec<String>,
    /// The dossier may leave this stage only when every resident's opinion of its
    /// consultation rounds on this subject has a response: the synthesis table is complete
    /// (Law 47/2024/QH15 Art 37 asks that every opinion be synthesised and explained).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_every_opinion: Option<crate::consultation::Subject>,
    #[serde(default)]
    pub time_limits: Vec<TimeLimit>,
    /// A terminal stage ends the procedure.
    #[serde(default)]
    pub terminal: bool,
    /// The stage's legal basis, with inline verification tags `[V]`, `[S]`, `[U]`.
    #[serde(default, skip_serializing_if = "LocalText::is_empty")]
    pub basis: LocalText,
}

/// An allowed move between stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Transition {
    /// The command name, unique among the transitions leaving `from`.
    pub action: String,
    pub from: String,
    pub to: String,
    /// Roles allowed to perform it.
    pub roles: Vec<String>,
    pub name: LocalText,
    /// What the move means to an appraisal held in `from`: passing it on (refused while a
    /// finding still needs revision) or returning the dossier for revision. A stage left by
    /// such a move is an appraisal stage, where the appraiser records findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appraisal: Option<AppraisalOutcome>,
}

/// The two ends of an appraisal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppraisalOutcome {
    Pass,
    Return,
}

/// A document kind the template knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DocumentKind {
    pub key: String,
    pub name: LocalText,
}

/// A role the template's transitions name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoleDef {
    pub key: String,
    pub name: LocalText,
}

/// A statutory workflow, as loaded from its TOML file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Template {
    /// Stable key, e.g. `vn.commune_general`.
    pub key: String,
    /// Raised on every change; dossiers keep the version they were opened under.
    pub version: u32,
    /// ISO 3166 country code.
    pub country: String,
    pub plan_types: Vec<PlanType>,
    pub name: LocalText,
    #[serde(default)]
    pub legal_basis: Vec<LocalText>,
    pub roles: Vec<RoleDef>,
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    pub stages: Vec<Stage>,
    /// The stage whose end approves the plan: a dossier past it in stage order (or completed)
    /// has an approved plan, whose land-use map is published. None: the template does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_after: Option<String>,
    /// How many days back an account may date a change (its effective date) before today;
    /// further back only the provincial leadership may (and the operator loading records).
    /// A report read before the change was recorded stays as it was read, whatever the
    /// bound: reports are bitemporal.
    #[serde(default = "default_max_backdate_days")]
    pub max_backdate_days: u32,
    pub transitions: Vec<Transition>,
    /// Roles allowed to perform the non-transition commands: `hold`, `resume`,
    /// `attach_document`, `extend_deadline`, `change_body`, `change_consultant`,
    /// `allocate_funding`.
    pub permissions: BTreeMap<String, Vec<String>>,
}

/// The backdating bound of a template that does not set one: a month, the time an office
/// may reasonably need to enter what happened on paper.
pub const DEFAULT_MAX_BACKDATE_DAYS: u32 = 30;

fn default_max_backdate_days() -> u32 {
    DEFAULT_MAX_BACKDATE_DAYS
}

/// The non-transition commands whose roles a template must list.
pub const COMMAND_PERMISSIONS: [&str; 7] = [
    "hold",
    "resume",
    "attach_document",
    "extend_deadline",
    "change_body",
    "change_consultant",
    "allocate_funding",
];

const BUILTIN: [(&str, &str); 7] = [
    (
        "vn.commune_general",
        include_str!("../../templates/vn.commune_general.toml"),
    ),
    (
        "vn.general_urban",
        include_str!("../../templates/vn.general_urban.toml"),
    ),
    ("vn.zoning", include_str!("../../templates/vn.zoning.toml")),
    (
        "vn.detailed",
        include_str!("../../templates/vn.detailed.toml"),
    ),
    (
        "vn.investment_project",
        include_str!("../../templates/vn.investment_project.toml"),
    ),
    (
        "vn.national_tourism_area",
        include_str!("../../templates/vn.national_tourism_area.toml"),
    ),
    ("id.rdtr", include_str!("../../templates/id.rdtr.toml")),
];

impl Template {
    /// Parses and validates a template file's text.
    pub fn from_toml(text: &str) -> Result<Self, DomainError> {
        let template: Template =
            toml::from_str(text).map_err(|e| DomainError::InvalidTemplate {
                template: "(file)".into(),
                message: e.to_string(),
            })?;
        template.validate()?;
        Ok(template)
    }

    /// The templates shipped in the binary, parsed and validated, with their source text.
    pub fn builtin() -> Vec<(Template, &'static str)> {
        BUILTIN
            .iter()
            .map(|(key, text)| {
                let t = Template::from_toml(text)
                    .unwrap_or_else(|e| panic!("built-in template {key} is invalid: {e}"));
                (t, *text)
            })
            .collect()
    }

    /// This template without the explanations a person reads (legal basis and notes): what a
    /// dossier runs by. Two versions equal here differ only in wording or translation.
    pub fn without_explanations(&self) -> Template {
        let mut rules = self.clone();
        rules.legal_basis.clear();
        for stage in &mut rules.stages {
            stage.basis = LocalText::default();
            for limit in &mut stage.time_limits {
                limit.basis = LocalText::default();
                limit.note = LocalText::default();
            }
        }
        rules
    }

    /// The first stage: where a new dossier starts.
    pub fn initial_stage(&self) -> &Stage {
        &self.stages[0]
    }

    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key == key)
    }

    pub fn stage_index(&self, key: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.key == key)
    }

    pub fn transition(&self, from: &str, action: &str) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|t| t.from == from && t.action == action)
    }

    pub fn transitions_from<'a>(&'a self, from: &'a str) -> impl Iterator<Item = &'a Transition> {
        self.transitions.iter().filter(move |t| t.from == from)
    }

    /// Who may accept a conflict of the land-use check: the template's `accept_conflict` roles,
    /// or, for a template that names none, those who may extend a deadline (the authorities
    /// that appraise and approve).
    pub fn roles_accepting_conflicts(&self) -> &[String] {
        match self.roles_for("accept_conflict") {
            [] => self.roles_for("extend_deadline"),
            roles => roles,
        }
    }

    /// Whether findings are recorded at `stage`: a transition out of it passes or returns an
    /// appraisal.
    pub fn is_appraisal_stage(&self, stage: &str) -> bool {
        self.transitions_from(stage).any(|t| t.appraisal.is_some())
    }

    /// Who records the appraiser's findings: the template's `record_finding` roles, or, for a
    /// template that names none, those who may accept a conflict of the land-use check (the
    /// authorities that appraise and approve).
    pub fn roles_recording_findings(&self) -> &[String] {
        match self.roles_for("record_finding") {
            [] => self.roles_accepting_conflicts(),
            roles => roles,
        }
    }

    /// Who may overrule a finding that still needs revision, so that the appraisal passes:
    /// the template's `overrule_finding` roles, or those who change the plan's bodies (the
    /// provincial leadership).
    pub fn roles_overruling_findings(&self) -> &[String] {
        match self.roles_for("overrule_finding") {
            [] => self.roles_for("change_body"),
            roles => roles,
        }
    }

    /// Whether a dossier at `stage` with `status` has an approved plan: it is past the stage
    /// the template names in `approved_after`, or the procedure is completed. A template that
    /// names no approval stage approves nothing.
    pub fn is_approved(&self, stage: &str, status: DossierStatus) -> bool {
        let Some(approval) = self
            .approved_after
            .as_deref()
            .and_then(|s| self.stage_index(s))
        else {
            return false;
        };
        status == DossierStatus::Completed || self.stage_index(stage).is_some_and(|i| i > approval)
    }

    pub fn roles_for(&self, command: &str) -> &[String] {
        self.permissions.get(command).map_or(&[], Vec::as_slice)
    }

    /// Checks that the template is internally consistent: every name it uses is defined.
    pub fn validate(&self) -> Result<(), DomainError> {
        let err = |message: String| DomainError::InvalidTemplate {
            template: self.key.clone(),
            message,
        };
        if self.key.trim().is_empty() {
            return Err(err("key is empty".into()));
        }
        if self.stages.is_empty() {
            return Err(err("has no stages".into()));
        }
        if self.plan_types.is_empty() {
            return Err(err("names no plan type".into()));
        }
        let roles: BTreeSet<&str> = self.roles.iter().map(|r| r.key.as_str()).collect();
        let documents: BTreeSet<&str> = self.documents.iter().map(|d| d.key.as_str()).collect();
        let mut stages = BTreeSet::new();
        for stage in &self.stages {
            if !stages.insert(stage.key.as_str()) {
                return Err(err(format!("stage '{}' is defined twice", stage.key)));
            }
            if stage.name.vi.is_empty() {
                return Err(err(format!("stage '{}' has no Vietnamese name", stage.key)));
            }
            for doc in &stage.required_documents {
                if !documents.contains(doc.as_str()) {
                    return Err(err(format!(
                        "stage '{}' requires unknown document '{doc}'",
                        stage.key
                    )));
                }
            }
            for limit in &stage.time_limits {
                if limit.length == 0 {
                    return Err(err(format!("time limit '{}' has length 0", limit.key)));
                }
                if limit.min_length.is_some_and(|m| m > limit.length) {
                    return Err(err(format!(
                        "time limit '{}' has a minimum above its maximum",
                        limit.key
                    )));
                }
                if let RunsFrom::DocumentAttached(doc) = &limit.runs_from
                    && !documents.contains(doc.as_str())
                {
                    return Err(err(format!(
                        "time limit '{}' runs from unknown document '{doc}'",
                        limit.key
                    )));
                }
            }
        }
        if let Some(approval) = &self.approved_after {
            match self.stage(approval) {
                None => {
                    return Err(err(format!(
                        "approved_after names unknown stage '{approval}'"
                    )));
                }
                // Approval is leaving that stage, which a terminal stage never does.
                Some(s) if s.terminal => {
                    return Err(err(format!(
                        "approved_after names terminal stage '{approval}'"
                    )));
                }
                Some(_) => {}
            }
        }
        let mut seen = BTreeSet::new();
        for t in &self.transitions {
            for end in [&t.from, &t.to] {
                if !stages.contains(end.as_str()) {
                    return Err(err(format!(
                        "transition '{}' names unknown stage '{end}'",
                        t.action
                    )));
                }
            }
            if !seen.insert((t.from.as_str(), t.action.as_str())) {
                return Err(err(format!(
                    "transition '{}' from '{}' is defined twice",
                    t.action, t.from
                )));
            }
            if self.stage(&t.from).is_some_and(|s| s.terminal) {
                return Err(err(format!(
                    "transition '{}' leaves terminal stage '{}'",
                    t.action, t.from
                )));
            }
            if t.roles.is_empty() {
                return Err(err(format!("transition '{}' names no role", t.action)));
            }
            for role in &t.roles {
                if !roles.contains(role.as_str()) {
                    return Err(err(format!(
                        "transition '{}' names unknown role '{role}'",
                        t.action
                    )));
                }
            }
        }
        for command in COMMAND_PERMISSIONS {
            let Some(allowed) = self.permissions.get(command) else {
                return Err(err(format!("permissions lack '{command}'")));
            };
            for role in allowed {
                if !roles.contains(role.as_str()) {
                    return Err(err(format!(
                        "permission '{command}' names unknown role '{role}'"
                    )));
                }
            }
        }
        // Every non-terminal stage must lead somewhere, and every stage must be reachable.
        for stage in self.stages.iter().filter(|s| !s.terminal) {
            if self.transitions_from(&stage.key).next().is_none() {
                return Err(err(format!(
                    "stage '{}' is not terminal but has no way out",
                    stage.key
                )));
            }
        }
        let mut reached = BTreeSet::from([self.stages[0].key.as_str()]);
        let mut frontier = vec![self.stages[0].key.as_str()];
        while let Some(from) = frontier.pop() {
            for t in self.transitions_from(from) {
                if reached.insert(t.to.as_str()) {
                    frontier.push(t.to.as_str());
                }
            }
        }
        if let Some(lost) = self
            .stages
            .iter()
            .find(|s| !reached.contains(s.key.as_str()))
        {
            return Err(err(format!("stage '{}' cannot be reached", lost.key)));
        }
        Ok(())
    }
}
