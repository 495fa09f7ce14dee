//! Who may do what. Accounts belong to an organisation and hold one role; each action has one
//! policy function here, used alike by the API, the web pages and the command line, so that a
//! permission is decided in exactly one place.
//!
//! A role says what kind of work an account does; the organisation says where: a commune
//! officer acts on the dossiers of their own commune, a consultant on the plans their firm is
//! contracted for, leadership and the Department of Construction across their province.
//! Within those scopes the workflow template still decides which moves each workflow role may
//! make: [`Role::workflow_role`] connects the two.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

mod funding;
pub use funding::{
    FundingReach, cancel_contract, is_finance_department, read_funding, record_funding,
    sign_contract,
};

/// What an account does.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts, tokens, templates and imports; does not move dossiers.
    Administrator,
    /// Provincial People's Committee: reads everything in the province, approves, directs.
    Leadership,
    /// Department of Construction: appraises.
    Appraiser,
    /// A sector department (Finance, Agriculture and Environment, …).
    DepartmentOfficer,
    /// A commune or ward People's Committee.
    CommuneOfficer,
    /// A planning consultant firm.
    Consultant,
    /// A resident: reads what is published.
    Public,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Administrator,
        Role::Leadership,
        Role::Appraiser,
        Role::DepartmentOfficer,
        Role::CommuneOfficer,
        Role::Consultant,
        Role::Public,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Leadership => "leadership",
            Role::Appraiser => "appraiser",
            Role::DepartmentOfficer => "department_officer",
            Role::CommuneOfficer => "commune_officer",
            Role::Consultant => "consultant",
            Role::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role this account plays in the workflow templates, if it plays one.
    pub fn workflow_role(self) -> Option<&'static str> {
        match self {
            Role::Leadership => Some("provincial_pc"),
            Role::Appraiser => Some("construction_dept"),
            Role::DepartmentOfficer => Some("sector_department"),
            Role::CommuneOfficer => Some("commune_pc"),
            Role::Consultant => Some("consultant"),
            Role::Administrator | Role::Public => None,
        }
    }

    /// The kind of organisation an account of this role belongs to.
    pub fn organisation_kind(self) -> OrgKind {
        match self {
            Role::Administrator | Role::Leadership => OrgKind::ProvincialPc,
            Role::Appraiser => OrgKind::ConstructionDept,
            Role::DepartmentOfficer => OrgKind::SectorDepartment,
            Role::CommuneOfficer => OrgKind::CommunePc,
            Role::Consultant => OrgKind::ConsultantFirm,
            Role::Public => OrgKind::Public,
        }
    }
}

/// The kinds of organisation accounts belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    ProvincialPc,
    ConstructionDept,
    SectorDepartment,
    /// A commune, ward or special-zone People's Committee; it has a unit.
    CommunePc,
    ConsultantFirm,
    /// Residents, who belong to no office.
    Public,
}

/// What a sector department is for, where a rule needs to know it: the Department of
/// Finance records the money (issue 16). Recorded on the organisation (`plantrack org sector`,
/// the demo's `sector = "finance"`), never read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// The province's Department of Finance (Sở Tài chính).
    Finance,
}

impl Sector {
    pub const ALL: [Sector; 1] = [Sector::Finance];

    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Finance => "finance",
        }
    }

    pub fn parse(s: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub kind: OrgKind,
    pub name: String,
    /// The province it works in.
    pub province_code: String,
    /// For a commune People's Committee: its unit's code.
    pub unit_code: Option<String>,
    /// For a sector department whose rules differ: what it is for.
    #[serde(default)]
    pub sector: Option<Sector>,
}

/// A signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation: Organisation,
    /// How this request proved it is the account: what the history records of who acted.
    #[serde(default)]
    pub authenticated_by: Authentication,
}

/// How a signed-in account proved who it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Authentication {
    /// A person's session (the cookie of a sign-in).
    #[default]
    Session,
    /// An API token, acting as its owner.
    Token { token_id: i64 },
}

/// Where a dossier sits and who is on it: what its scope checks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DossierScope<'a> {
    pub province_code: &'a str,
    pub unit_code: &'a str,
    /// The consultant firm contracted for the plan.
    pub consultant: Option<&'a str>,
    /// Whether the plan has been published (residents read only those).
    pub published: bool,
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// No account: sign in first (HTTP 401).
    #[error("sign in first")]
    NotSignedIn,
    /// Signed in, but not allowed (HTTP 403).
    #[error("{role} may not {action}: {why}")]
    Forbidden {
        role: &'static str,
        action: &'static str,
        why: &'static str,
    },
}

mod consultants;
pub use consultants::{FirmReach, assign_consultant, read_firms, register_firms, set_load_limit};

/// Who asks a use case to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// A request over the network: a signed-in account, or nobody.
    Account(Option<&'a Principal>),
    /// The operator at the server's own command line. They hold the database itself, so no
    /// policy could stop them; what they change still names them in the history.
    Operator,
}

impl<'a> Caller<'a> {
    /// The signed-in account, if the caller is one.
    pub fn principal(self) -> Option<&'a Principal> {
        match self {
            Caller::Account(p) => p,
            Caller::Operator => None,
        }
    }

    /// Applies an account policy; the operator passes every one.
    pub fn allowed(
        self,
        policy: impl FnOnce(Option<&'a Principal>) -> Result<(), Denied>,
    ) -> Result<(), Denied> {
        match self {
            Caller::Account(p) => policy(p),
            Caller::Operator => Ok(()),
        }
    }
}

impl<'a> From<&'a Principal> for Caller<'a> {
    fn from(p: &'a Principal) -> Self {
        Caller::Account(Some(p))
    }
}

impl<'a> From<Option<&'a Principal>> for Caller<'a> {
    fn from(p: Option<&'a Principal>) -> Self {
        Caller::Account(p)
    }
}

fn forbid(p: &Principal, action: &'static str, why: &'static str) -> Denied {
    Denied::Forbidden {
        role: p.role.as_str(),
        action,
        why,
    }
}

fn signed_in(p: Option<&Principal>) -> Result<&Principal, Denied> {
    p.ok_or(Denied::NotSignedIn)
}

/// Whether the dossier lies in the account's working scope.
fn in_scope(p: &Principal, d: &DossierScope<'_>) -> bool {
    let org = &p.organisation;
    match p.role {
        Role::Leadership | Role::Appraiser | Role::DepartmentOfficer => {
            org.province_code == d.province_code
        }
        Role::CommuneOfficer => org.unit_code.as_deref() == Some(d.unit_code),
        Role::Consultant => d.consultant == Some(org.name.as_str()),
        Role::Administrator | Role::Public => false,
    }
}

/// Whether the caller may date a change further back than its template's
/// `max_backdate_days`: the provincial leadership, who answer for the record, and the operator
/// loading earlier records. Everyone else enters late what happened, within the bound.
pub fn backdate_beyond_limit(caller: Caller<'_>) -> bool {
    match caller {
        Caller::Operator => true,
        Caller::Account(p) => p.is_some_and(|p| p.role == Role::Leadership),
    }
}

/// Whether an account of this role may receive the weekly progress report by e-mail: those
/// who read the whole province's report and answer for it — the provincial leadership and the
/// administrator. The departments read it too, but the report is addressed to leadership.
pub fn receive_weekly_report(role: Role) -> bool {
    matches!(role, Role::Leadership | Role::Administrator)
}

/// Reading a dossier: offices read their province (commune officers and consultants their
/// own dossiers), residents and anonymous readers only published plans.
pub fn read_dossier(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    if d.published {
        return Ok(());
    }
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        _ if in_scope(p, d) => Ok(()),
        Role::Public => Err(forbid(
            p,
            "read_dossier",
            "residents read published plans only",
        )),
        _ => Err(forbid(
            p,
            "read_dossier",
            "the dossier is outside the account's scope",
        )),
    }
}

/// Issuing a command on a dossier. Returns the workflow role the account acts in; the
/// template then decides whether that role may make this move.
pub fn command_dossier(
    p: Option<&Principal>,
    d: &DossierScope<'_>,
) -> Result<&'static str, Denied> {
    let p = signed_in(p)?;
    let Some(workflow_role) = p.role.workflow_role() else {
        return Err(forbid(
            p,
            "command_dossier",
            "this role takes no part in the workflow",
        ));
    };
    if in_scope(p, d) {
        Ok(workflow_role)
    } else {
        Err(forbid(
            p,
            "command_dossier",
            "the dossier is outside the account's scope",
        ))
    }
}

/// Registering a plan for a unit: its commune, or leadership and the Department of
/// Construction of its province.
pub fn create_plan(
    p: Option<&Principal>,
    province_code: &str,
    unit_code: &str,
) -> Result<&'static str, Denied> {
    let p = signed_in(p)?;
    let org = &p.organisation;
    let allowed = match p.role {
        Role::CommuneOfficer => org.unit_code.as_deref() == Some(unit_code),
        Role::Leadership | Role::Appraiser => org.province_code == province_code,
        _ => false,
    };
    match (allowed, p.role.workflow_role()) {
        (true, Some(role)) => Ok(role),
        _ => Err(forbid(
            p,
            "create_plan",
            "only the commune, leadership or the Department of Construction",
        )),
    }
}

/// What a dossier list may show an account: the filters the policy imposes on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListScope {
    pub province_code: Option<String>,
    pub unit_code: Option<String>,
    pub consultant: Option<String>,
    /// Only published (completed) plans: what residents and anonymous readers see.
    pub completed_only: bool,
}

/// The dossiers an account may list: its province, its commune, its firm's plans, everything
/// for the administrator, published plans for residents and anonymous readers.
pub fn list_scope(p: Option<&Principal>) -> ListScope {
    let Some(p) = p else {
        return ListScope {
            completed_only: true,
            ..ListScope::default()
        };
    };
    let org = &p.organisation;
    match p.role {
        Role::Administrator => ListScope::default(),
        Role::Leadership | Role::Appraiser | Role::DepartmentOfficer => ListScope {
            province_code: Some(org.province_code.clone()),
            ..ListScope::default()
        },
        Role::CommuneOfficer => ListScope {
            unit_code: Some(org.unit_code.clone().unwrap_or_default()),
            ..ListScope::default()
        },
        Role::Consultant => ListScope {
            consultant: Some(org.name.clone()),
            ..ListScope::default()
        },
        Role::Public => ListScope {
            completed_only: true,
            ..ListScope::default()
        },
    }
}

/// The refusal of a dossier list asked for outside the account's scope.
pub fn outside_list_scope(p: Option<&Principal>) -> Denied {
    match p {
        None => Denied::NotSignedIn,
        Some(p) => forbid(
            p,
            "list_dossiers",
            "the list asked for is outside the account's scope",
        ),
    }
}

/// Reading a unit's page of plans: a signed-in account whose list scope takes in the unit.
/// Returns that scope, which still narrows the plans listed (a consultant's own, say).
pub fn read_unit_plans(
    p: Option<&Principal>,
    province: &str,
    unit: &str,
) -> Result<ListScope, Denied> {
    let p = signed_in(p)?;
    let scope = list_scope(Some(p));
    let outside = scope.unit_code.as_deref().is_some_and(|u| u != unit)
        || scope
            .province_code
            .as_deref()
            .is_some_and(|x| x != province);
    if outside {
        Err(forbid(
            p,
            "read_unit",
            "the unit is outside the account's scope",
        ))
    } else {
        Ok(scope)
    }
}

/// Reading a progress report: of a province (`unit` None) or of one unit in `province`.
/// Leadership, the Department of Construction and the departments read their province's;
/// a commune officer reads their own unit's; the administrator reads any, the country too.
pub fn read_progress(
    p: Option<&Principal>,
    province: Option<&str>,
    unit: Option<&str>,
) -> Result<(), Denied> {
    let p = signed_in(p)?;
    let org = &p.organisation;
    let allowed = match p.role {
        Role::Administrator => true,
        Role::Leadership | Role::Appraiser | Role::DepartmentOfficer => {
            province == Some(org.province_code.as_str())
        }
        Role::CommuneOfficer => unit.is_some() && unit == org.unit_code.as_deref(),
        Role::Consultant | Role::Public => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(forbid(
            p,
            "read_progress",
            "the report is outside the account's scope",
        ))
    }
}

/// Which versions of a province's layers a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerVersions {
    /// Drafts too: the departments that make them, leadership and the administrator.
    WithDrafts,
    /// Only what the departments published: communes and consultants check maps against
    /// those, and a draft is not yet the department's word.
    PublishedOnly,
}

/// Reading the list of a province's sectoral layers and their versions: every office of the
/// province (residents read only what the public OGC collections publish); the administrator
/// any province. Says which versions the reader sees.
pub fn read_layers(p: Option<&Principal>, province: &str) -> Result<LayerVersions, Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(LayerVersions::WithDrafts),
        Role::Public => Err(forbid(
            p,
            "read_layers",
            "residents read the published OGC collections only",
        )),
        _ if p.organisation.province_code != province => Err(forbid(
            p,
            "read_layers",
            "the layers are another province's",
        )),
        Role::Leadership | Role::Appraiser | Role::DepartmentOfficer => {
            Ok(LayerVersions::WithDrafts)
        }
        Role::CommuneOfficer | Role::Consultant => Ok(LayerVersions::PublishedOnly),
    }
}

/// Whether the account works in `province` (the administrator works in every one).
fn works_in(p: &Principal, province: &str) -> bool {
    p.role == Role::Administrator || p.organisation.province_code == province
}

/// Reading a province's calendar overrides (its extra days off and make-up working days):
/// every account of the province, the administrator any province's. The national calendar
/// (the law's holidays and the Government's arrangements) is everyone's and needs no check.
pub fn read_province_calendar(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if works_in(p, province) {
        Ok(())
    } else {
        Err(forbid(
            p,
            "read_calendar",
            "the calendar is another province's",
        ))
    }
}

/// Changing a province's calendar overrides, which move the deadlines of every dossier of
/// the province: its leadership, and the administrator (any province).
pub fn edit_province_calendar(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    administer(p, AdminAction::EditCalendar)?;
    let p = signed_in(p)?;
    if works_in(p, province) {
        Ok(())
    } else {
        Err(forbid(
            p,
            "edit_calendar",
            "the calendar is another province's",
        ))
    }
}

/// Changing the national calendar overrides (the Government's yearly arrangements): no
/// account; the operator at the server's command line enters them.
pub fn edit_national_calendar(p: Option<&Principal>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    Err(forbid(
        p,
        "edit_national_calendar",
        "the national calendar is the operator's, at the command line",
    ))
}

/// Reading a province's decisions: every account of the province, the administrator any
/// province's.
pub fn read_decisions(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if works_in(p, province) {
        Ok(())
    } else {
        Err(forbid(
            p,
            "read_decisions",
            "the decisions are another province's",
        ))
    }
}

/// Recording a decision of a province: its own leadership.
pub fn record_decision(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    administer(p, AdminAction::RecordDecision)?;
    let p = signed_in(p)?;
    if p.organisation.province_code == province {
        Ok(())
    } else {
        Err(forbid(
            p,
            "record_decision",
            "the decision would be another province's",
        ))
    }
}

/// Holding review meetings and giving directives in a province: its leadership, who direct,
/// and the Department of Construction, which prepares the meetings and follows them up.
pub fn direct(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Leadership | Role::Appraiser if p.organisation.province_code == province => Ok(()),
        Role::Leadership | Role::Appraiser => Err(forbid(
            p,
            "direct",
            "the meeting would be another province's",
        )),
        _ => Err(forbid(
            p,
            "direct",
            "only the provincial leadership and the Department of Construction hold meetings and give directives",
        )),
    }
}

/// Which tasks of a province's directives an account reads (meetings and directives
/// themselves are read by every office of the province).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskReach {
    /// Every task of the province.
    Province,
    /// Only the tasks addressed to this organisation.
    Organisation(i64),
}

/// Reading a province's meetings, directives and tasks: its offices (leadership, the
/// Department of Construction and the departments every task; a commune or a consultant firm
/// the tasks addressed to it), the administrator any province's. Residents do not: the
/// follow-up of a plan in preparation is the administration's.
pub fn read_follow_up(p: Option<&Principal>, province: &str) -> Result<TaskReach, Denied> {
    let p = signed_in(p)?;
    if !works_in(p, province) {
        return Err(forbid(
            p,
            "read_follow_up",
            "the meetings are another province's",
        ));
    }
    match p.role {
        Role::Administrator | Role::Leadership | Role::Appraiser | Role::DepartmentOfficer => {
            Ok(TaskReach::Province)
        }
        Role::CommuneOfficer | Role::Consultant => Ok(TaskReach::Organisation(p.organisation.id)),
        Role::Public => Err(forbid(
            p,
            "read_follow_up",
            "residents read published plans only",
        )),
    }
}

/// Reporting on a task (done, evidence, an explanation of a delay): the organisation it is
/// addressed to, and whoever directs in its province (who may also cancel it).
pub fn update_task(p: Option<&Principal>, province: &str, assignee: i64) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if p.role != Role::Public && p.organisation.id == assignee {
        return Ok(());
    }
    direct(Some(p), province).map_err(|_| {
        forbid(
            p,
            "update_task",
            "the task is addressed to another organisation",
        )
    })
}

/// Recording or lifting what holds a dossier back: those who work on it (its commune, its
/// consultant) and those who follow it up (leadership, the Department of Construction).
pub fn record_blocker(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Leadership | Role::Appraiser | Role::CommuneOfficer | Role::Consultant
            if in_scope(p, d) =>
        {
            Ok(())
        }
        _ => Err(forbid(
            p,
            "record_blocker",
            "the dossier is outside the account's scope",
        )),
    }
}

/// Asking a department for sectoral information about a dossier: the commune and the
/// consultant who prepare its plan, and the Department of Construction and leadership, who
/// ask for many communes at once.
pub fn ask_information(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Leadership | Role::Appraiser | Role::CommuneOfficer | Role::Consultant
            if in_scope(p, d) =>
        {
            Ok(())
        }
        _ => Err(forbid(
            p,
            "ask_information",
            "the dossier is outside the account's scope",
        )),
    }
}

/// Answering an information request, or explaining its delay: an officer of the department
/// it is addressed to (the Department of Construction answers for its road corridors).
pub fn answer_information(p: Option<&Principal>, department: i64) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::DepartmentOfficer | Role::Appraiser if p.organisation.id == department => Ok(()),
        _ => Err(forbid(
            p,
            "answer_information",
            "the request is addressed to another organisation",
        )),
    }
}

/// Running a consultation on a dossier (opening rounds, keeping the register of agencies,
/// entering residents' opinions collected on paper or at meetings, recording an agency's
/// letter): the commune that prepares the plan and its contracted consultant.
pub fn run_consultation(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::CommuneOfficer | Role::Consultant if in_scope(p, d) => Ok(()),
        _ => Err(forbid(
            p,
            "run_consultation",
            "only the commune preparing the plan, or its consultant",
        )),
    }
}

/// Answering residents' opinions and summarising a topic: the commune's own officers, who
/// answer for the plan before the people (a consultant drafts, the commune answers).
pub fn answer_opinions(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::CommuneOfficer if in_scope(p, d) => Ok(()),
        _ => Err(forbid(
            p,
            "answer_opinions",
            "only the commune's own officers answer its opinions",
        )),
    }
}

/// Moderating what residents send through the public page (publishing a redacted copy,
/// rejecting): the commune's own officers, who answer its opinions.
pub fn moderate_public_opinions(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::CommuneOfficer if in_scope(p, d) => Ok(()),
        _ => Err(forbid(
            p,
            "moderate_public_opinions",
            "only the commune's own officers moderate its public page",
        )),
    }
}

/// Replying to a consultation in an agency's own name: an account of that organisation.
pub fn reply_as_consultee(p: Option<&Principal>, organisation: i64) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if p.role != Role::Public && p.organisation.id == organisation {
        Ok(())
    } else {
        Err(forbid(
            p,
            "reply_as_consultee",
            "the consultation is addressed to another organisation",
        ))
    }
}

/// Reading a dossier's consultation rounds, opinions included (names and contacts are not
/// published): the offices that read the dossier, and the administrator.
pub fn read_consultation(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        Role::Public => Err(forbid(
            p,
            "read_consultation",
            "residents read the published table only",
        )),
        _ if in_scope(p, d) => Ok(()),
        _ => Err(forbid(
            p,
            "read_consultation",
            "the dossier is outside the account's scope",
        )),
    }
}

/// Listing consultation rounds: any office, within its list scope (its province, its
/// commune, its firm's plans; everything for the administrator). Residents read the published
/// table of one round, not the register.
pub fn list_consultations(p: Option<&Principal>) -> Result<ListScope, Denied> {
    let p = signed_in(p)?;
    if p.role == Role::Public {
        return Err(forbid(
            p,
            "read_consultation",
            "residents read the published table only",
        ));
    }
    Ok(list_scope(Some(p)))
}

/// Setting the province's consultation rules ("no reply counts as agreement"): its
/// leadership, and the administrator.
pub fn set_consultation_rules(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        Role::Leadership if p.organisation.province_code == province => Ok(()),
        _ => Err(forbid(
            p,
            "set_consultation_rules",
            "only the province's leadership or the administrator",
        )),
    }
}

/// Reading a province's consultation rules: its offices (not residents), and the
/// administrator.
pub fn read_consultation_rules(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        Role::Public => Err(forbid(
            p,
            "read_consultation",
            "residents read the published table only",
        )),
        _ if p.organisation.province_code == province => Ok(()),
        _ => Err(forbid(
            p,
            "read_consultation",
            "the province is outside the account's scope",
        )),
    }
}

/// Setting where an organisation's daily digest goes and in which language: the
/// administrator for any organisation, and the organisation's own offices for theirs (they
/// know their mailbox). Residents have no digest to set.
pub fn set_organisation_contact(p: Option<&Principal>, organisation: i64) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        Role::Public => Err(forbid(
            p,
            "set_organisation_contact",
            "residents receive no digest",
        )),
        _ if p.organisation.id == organisation => Ok(()),
        _ => Err(forbid(
            p,
            "set_organisation_contact",
            "the organisation is another's",
        )),
    }
}

/// Withdrawing an information request: the organisation that asked, and whoever directs in
/// its province.
pub fn withdraw_information(
    p: Option<&Principal>,
    province: &str,
    requester: i64,
) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if p.role != Role::Public && p.organisation.id == requester {
        return Ok(());
    }
    direct(Some(p), province).map_err(|_| {
        forbid(
            p,
            "withdraw_information",
            "the request was asked by another organisation",
        )
    })
}

/// Verifying the history: the administrator verifies every dossier's (`None`), leadership
/// its own province's (`Some(province)`); the report's totals cover only those.
pub fn verify_history(p: Option<&Principal>) -> Result<Option<&str>, Denied> {
    administer(p, AdminAction::VerifyAudit)?;
    let p = signed_in(p)?;
    Ok(match p.role {
        Role::Administrator => None,
        _ => Some(p.organisation.province_code.as_str()),
    })
}

/// The account an API token is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenHolder {
    pub user_id: i64,
    /// An integration's account, which never signs in with a password.
    pub service_account: bool,
}

/// Making an API token, which acts as its holder: every account makes its own; the
/// administrator makes them for service accounts too. Nobody makes one for another person:
/// the history would name that person for what the token's maker did.
pub fn create_token(p: Option<&Principal>, holder: TokenHolder) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if holder.user_id == p.user_id || (p.role == Role::Administrator && holder.service_account) {
        Ok(())
    } else if p.role == Role::Administrator {
        Err(forbid(
            p,
            "create_token",
            "an administrator makes tokens for itself and for service accounts only",
        ))
    } else {
        Err(forbid(
            p,
            "create_token",
            "an account makes tokens for itself only",
        ))
    }
}

/// Listing and revoking tokens, of one holder (`Some(user_id)`) or of everyone (`None`): an
/// account its own, the administrator everyone's (revoking takes power away, never gives it).
pub fn manage_tokens(p: Option<&Principal>, holder: Option<i64>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if p.role == Role::Administrator || holder == Some(p.user_id) {
        Ok(())
    } else {
        Err(forbid(
            p,
            "manage_tokens",
            "an account manages its own tokens only",
        ))
    }
}

/// Province-wide administration that changes no dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdminAction {
    ManageAccounts,
    ImportUnits,
    LoadTemplate,
    EditCalendar,
    RecordDecision,
    VerifyAudit,
    /// Upload a version of a sectoral layer (the department's own) and publish it.
    PublishLayer,
}

impl AdminAction {
    pub const ALL: [AdminAction; 7] = [
        AdminAction::ManageAccounts,
        AdminAction::ImportUnits,
        AdminAction::LoadTemplate,
        AdminAction::EditCalendar,
        AdminAction::RecordDecision,
        AdminAction::VerifyAudit,
        AdminAction::PublishLayer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdminAction::ManageAccounts => "manage_accounts",
            AdminAction::ImportUnits => "import_units",
            AdminAction::LoadTemplate => "load_template",
            AdminAction::EditCalendar => "edit_calendar",
            AdminAction::RecordDecision => "record_decision",
            AdminAction::VerifyAudit => "verify_audit",
            AdminAction::PublishLayer => "publish_layer",
        }
    }

    /// The roles allowed. This table is the policy; the matrix tests are generated from it.
    pub fn roles(self) -> &'static [Role] {
        match self {
            AdminAction::ManageAccounts | AdminAction::ImportUnits | AdminAction::LoadTemplate => {
                &[Role::Administrator]
            }
            // The calendar: compensatory days follow the government's and the province's decisions.
            AdminAction::EditCalendar | AdminAction::VerifyAudit => {
                &[Role::Administrator, Role::Leadership]
            }
            AdminAction::RecordDecision => &[Role::Leadership],
            // The departments own the constraint layers (the Department of Construction the
            // road corridors among them).
            AdminAction::PublishLayer => &[Role::DepartmentOfficer, Role::Appraiser],
        }
    }
}

pub fn administer(p: Option<&Principal>, action: AdminAction) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if action.roles().contains(&p.role) {
        Ok(())
    } else {
        Err(forbid(p, action.as_str(), "not a task of this role"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, unit: Option<&str>, name: &str) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            organisation: Organisation {
                id: 1,
                kind: role.organisation_kind(),
                name: name.into(),
                province_code: "12".into(),
                unit_code: unit.map(str::to_owned),
                sector: None,
            },
            authenticated_by: Authentication::Session,
        }
    }

    const SIN_HO: DossierScope<'static> = DossierScope {
        province_code: "12",
        unit_code: "03478",
        consultant: Some("Tư vấn A"),
        published: false,
    };

    #[test]
    fn leadership_and_construction_direct_and_assignees_report_on_their_own_tasks() {
        let leader = principal(Role::Leadership, None, "UBND tỉnh");
        let doc = principal(Role::Appraiser, None, "Sở Xây dựng");
        let dept = principal(
            Role::DepartmentOfficer,
            None,
            "Sở Nông nghiệp và Môi trường",
        );
        let commune = principal(Role::CommuneOfficer, Some("03478"), "UBND xã Sìn Hồ");
        let resident = principal(Role::Public, None, "");
        assert!(direct(Some(&leader), "12").is_ok());
        assert!(direct(Some(&doc), "12").is_ok());
        assert!(direct(Some(&leader), "14").is_err());
        assert!(direct(Some(&dept), "12").is_err());
        assert!(direct(Some(&commune), "12").is_err());
        assert!(direct(None, "12").is_err());
        assert_eq!(read_follow_up(Some(&dept), "12"), Ok(TaskReach::Province));
        assert_eq!(
            read_follow_up(Some(&commune), "12"),
            Ok(TaskReach::Organisation(1))
        );
        assert!(read_follow_up(Some(&commune), "14").is_err());
        assert!(read_follow_up(Some(&resident), "12").is_err());
        // principal() gives every account organisation 1.
        assert!(update_task(Some(&commune), "12", 1).is_ok());
        assert!(update_task(Some(&commune), "12", 2).is_err());
        assert!(update_task(Some(&leader), "12", 2).is_ok());
        assert!(update_task(Some(&resident), "12", 1).is_err());
        assert!(record_blocker(Some(&commune), &SIN_HO).is_ok());
        assert!(record_blocker(Some(&dept), &SIN_HO).is_err());
        let other = principal(Role::CommuneOfficer, Some("03508"), "UBND xã Hồng Thu");
        assert!(record_blocker(Some(&other), &SIN_HO).is_err());
    }

    #[test]
    fn communes_and_construction_ask_and_the_addressed_department_answers() {
        let commune = principal(Role::CommuneOfficer, Some("03478"), "UBND xã Sìn Hồ");
        let other = principal(Role::CommuneOfficer, Some("03508"), "UBND xã Hồng Thu");
        let firm = principal(Role::Consultant, None, "Tư vấn A");
        let doc = principal(Role::Appraiser, None, "Sở Xây dựng");
        let dept = principal(Role::DepartmentOfficer, None, "Sở NN&MT");
        assert!(ask_information(Some(&commune), &SIN_HO).is_ok());
        assert!(ask_information(Some(&firm), &SIN_HO).is_ok());
        assert!(ask_information(Some(&doc), &SIN_HO).is_ok());
        assert!(ask_information(Some(&other), &SIN_HO).is_err());
        assert!(ask_information(Some(&dept), &SIN_HO).is_err());
        assert_eq!(ask_information(None, &SIN_HO), Err(Denied::NotSignedIn));
        // principal() gives every account organisation 1.
        assert!(answer_information(Some(&dept), 1).is_ok());
        assert!(answer_information(Some(&dept), 2).is_err());
        assert!(answer_information(Some(&commune), 1).is_err());
        assert!(withdraw_information(Some(&commune), "12", 1).is_ok());
        assert!(withdraw_information(Some(&other), "12", 2).is_err());
        assert!(withdraw_information(Some(&doc), "12", 2).is_ok());
    }

    #[test]
    fn the_commune_runs_its_consultation_and_answers_its_opinions() {
        let commune = principal(Role::CommuneOfficer, Some("03478"), "UBND xã Sìn Hồ");
        let other = principal(Role::CommuneOfficer, Some("03508"), "UBND xã Hồng Thu");
        let firm = principal(Role::Consultant, None, "Tư vấn A");
        let lead = principal(Role::Leadership, None, "UBND tỉnh");
        let dept = principal(Role::DepartmentOfficer, None, "Sở NN&MT");
        let resident = principal(Role::Public, None, "");
        assert!(run_consultation(Some(&commune), &SIN_HO).is_ok());
        assert!(run_consultation(Some(&firm), &SIN_HO).is_ok());
        assert!(run_consultation(Some(&other), &SIN_HO).is_err());
        assert!(run_consultation(Some(&lead), &SIN_HO).is_err());
        assert_eq!(run_consultation(None, &SIN_HO), Err(Denied::NotSignedIn));
        assert!(answer_opinions(Some(&commune), &SIN_HO).is_ok());
        assert!(answer_opinions(Some(&firm), &SIN_HO).is_err());
        assert!(answer_opinions(Some(&other), &SIN_HO).is_err());
        // principal() gives every account organisation 1.
        assert!(reply_as_consultee(Some(&dept), 1).is_ok());
        assert!(reply_as_consultee(Some(&dept), 2).is_err());
        assert!(reply_as_consultee(Some(&resident), 1).is_err());
        assert!(read_consultation(Some(&dept), &SIN_HO).is_ok());
        assert!(read_consultation(Some(&other), &SIN_HO).is_err());
        assert!(read_consultation(Some(&resident), &SIN_HO).is_err());
        assert!(set_consultation_rules(Some(&lead), "12").is_ok());
        assert!(set_consultation_rules(Some(&lead), "01").is_err());
        assert!(set_consultation_rules(Some(&commune), "12").is_err());
        assert_eq!(
            list_consultations(Some(&commune))
                .unwrap()
                .unit_code
                .as_deref(),
            Some("03478")
        );
        assert!(list_consultations(Some(&resident)).is_err());
    }

    #[test]
    fn commune_officers_act_on_their_own_commune_only() {
        let own = principal(Role::CommuneOfficer, Some("03478"), "UBND xã Sìn Hồ");
        let other = principal(Role::CommuneOfficer, Some("03508"), "UBND xã Hồng Thu");
        assert_eq!(command_dossier(Some(&own), &SIN_HO), Ok("commune_pc"));
        assert!(matches!(
            command_dossier(Some(&other), &SIN_HO),
            Err(Denied::Forbidden { .. })
        ));
        assert!(read_dossier(Some(&other), &SIN_HO).is_err());
        assert!(create_plan(Some(&own), "12", "03478").is_ok());
        assert!(create_plan(Some(&other), "12", "03478").is_err());
    }

    #[test]
    fn consultants_act_on_their_contracts_only() {
        let hired = principal(Role::Consultant, None, "Tư vấn A");
        let other = principal(Role::Consultant, None, "Tư vấn B");
        assert_eq!(command_dossier(Some(&hired), &SIN_HO), Ok("consultant"));
        assert!(command_dossier(Some(&other), &SIN_HO).is_err());
    }

    #[test]
    fn leadership_and_appraisers_work_across_their_province() {
        for role in [Role::Leadership, Role::Appraiser] {
            let p = principal(role, None, "Sở");
            assert!(command_dossier(Some(&p), &SIN_HO).is_ok());
            let elsewhere = DossierScope {
                province_code: "01",
                ..SIN_HO
            };
            assert!(command_dossier(Some(&p), &elsewhere).is_err());
        }
    }

    #[test]
    fn residents_read_published_plans_and_nothing_else() {
        let resident = principal(Role::Public, None, "");
        assert!(read_dossier(Some(&resident), &SIN_HO).is_err());
        assert_eq!(read_dossier(None, &SIN_HO), Err(Denied::NotSignedIn));
        let published = DossierScope {
            published: true,
            ..SIN_HO
        };
        assert!(read_dossier(None, &published).is_ok());
        assert!(command_dossier(Some(&resident), &published).is_err());
    }

    #[test]
    fn reports_and_lists_follow_the_scope() {
        let lead = principal(Role::Leadership, None, "UBND tỉnh");
        assert!(read_progress(Some(&lead), Some("12"), None).is_ok());
        assert!(read_progress(Some(&lead), Some("01"), None).is_err());
        assert!(
            read_progress(Some(&lead), None, None).is_err(),
            "the country is the administrator's"
        );
        let commune = principal(Role::CommuneOfficer, Some("03478"), "UBND xã Sìn Hồ");
        assert!(read_progress(Some(&commune), Some("12"), Some("03478")).is_ok());
        assert!(read_progress(Some(&commune), Some("12"), None).is_err());
        assert_eq!(
            read_progress(None, Some("12"), None),
            Err(Denied::NotSignedIn)
        );
        assert_eq!(
            list_scope(Some(&commune)).unit_code.as_deref(),
            Some("03478")
        );
        assert_eq!(list_scope(Some(&lead)).province_code.as_deref(), Some("12"));
        assert!(list_scope(None).completed_only);
        let firm = principal(Role::Consultant, None, "Tư vấn A");
        assert_eq!(
            list_scope(Some(&firm)).consultant.as_deref(),
            Some("Tư vấn A")
        );
    }

    #[test]
    fn administration_follows_the_table() {
        for action in AdminAction::ALL {
            for role in Role::ALL {
                let p = principal(role, Some("03478"), "x");
                let allowed = administer(Some(&p), action).is_ok();
                assert_eq!(
                    allowed,
                    action.roles().contains(&role),
                    "{action:?} by {role:?}"
                );
            }
            assert_eq!(administer(None, action), Err(Denied::NotSignedIn));
        }
    }

    #[test]
    fn tokens_are_made_by_their_holder_or_for_a_service_account() {
        let admin = principal(Role::Administrator, None, "UBND tỉnh");
        let commune = principal(Role::CommuneOfficer, Some("03478"), "UBND xã Sìn Hồ");
        let person = TokenHolder {
            user_id: 2,
            service_account: false,
        };
        let service = TokenHolder {
            user_id: 3,
            service_account: true,
        };
        let own = TokenHolder {
            user_id: admin.user_id,
            service_account: false,
        };
        assert!(create_token(Some(&admin), person).is_err());
        assert!(create_token(Some(&admin), service).is_ok());
        assert!(create_token(Some(&admin), own).is_ok());
        assert!(
            create_token(Some(&commune), own).is_ok(),
            "the commune's own"
        );
        assert!(create_token(Some(&commune), service).is_err());
        assert!(create_token(Some(&commune), person).is_err());
        assert_eq!(create_token(None, own), Err(Denied::NotSignedIn));
        assert!(manage_tokens(Some(&admin), None).is_ok());
        assert!(manage_tokens(Some(&commune), Some(commune.user_id)).is_ok());
        assert!(manage_tokens(Some(&commune), Some(2)).is_err());
        assert!(manage_tokens(Some(&commune), None).is_err());
    }

    #[test]
    fn calendars_and_decisions_belong_to_their_province() {
        let lead = principal(Role::Leadership, None, "UBND tỉnh");
        let admin = principal(Role::Administrator, None, "UBND tỉnh");
        let appraiser = principal(Role::Appraiser, None, "Sở Xây dựng");
        let resident = principal(Role::Public, None, "Người dân");
        assert!(edit_province_calendar(Some(&lead), "12").is_ok());
        assert!(edit_province_calendar(Some(&lead), "01").is_err());
        assert!(edit_province_calendar(Some(&admin), "01").is_ok());
        assert!(edit_province_calendar(Some(&appraiser), "12").is_err());
        for p in [&lead, &admin] {
            assert!(edit_national_calendar(Some(p)).is_err());
        }
        assert!(read_province_calendar(Some(&resident), "12").is_ok());
        assert!(read_province_calendar(Some(&appraiser), "01").is_err());
        assert!(read_province_calendar(Some(&admin), "01").is_ok());
        assert_eq!(read_province_calendar(None, "12"), Err(Denied::NotSignedIn));
        assert!(record_decision(Some(&lead), "12").is_ok());
        assert!(record_decision(Some(&lead), "01").is_err());
        assert!(record_decision(Some(&admin), "12").is_err());
        assert!(read_decisions(Some(&appraiser), "12").is_ok());
        assert!(read_decisions(Some(&lead), "01").is_err());
        assert!(read_decisions(Some(&admin), "01").is_ok());
    }

    #[test]
    fn the_history_is_verified_within_the_scope() {
        let lead = principal(Role::Leadership, None, "UBND tỉnh");
        let admin = principal(Role::Administrator, None, "UBND tỉnh");
        assert_eq!(verify_history(Some(&admin)), Ok(None));
        assert_eq!(verify_history(Some(&lead)), Ok(Some("12")));
        for role in [Role::Appraiser, Role::CommuneOfficer, Role::Public] {
            assert!(verify_history(Some(&principal(role, Some("03478"), "x"))).is_err());
        }
    }

    #[test]
    fn drafts_of_layers_are_for_the_departments_and_leadership() {
        for (role, seen) in [
            (Role::Administrator, Some(LayerVersions::WithDrafts)),
            (Role::Leadership, Some(LayerVersions::WithDrafts)),
            (Role::Appraiser, Some(LayerVersions::WithDrafts)),
            (Role::DepartmentOfficer, Some(LayerVersions::WithDrafts)),
            (Role::CommuneOfficer, Some(LayerVersions::PublishedOnly)),
            (Role::Consultant, Some(LayerVersions::PublishedOnly)),
            (Role::Public, None),
        ] {
            let p = principal(role, Some("03478"), "x");
            assert_eq!(read_layers(Some(&p), "12").ok(), seen, "{role:?}");
            if role != Role::Administrator {
                assert!(read_layers(Some(&p), "01").is_err(), "{role:?}");
            }
        }
    }

    #[test]
    fn every_workflow_role_of_the_templates_has_an_account_role() {
        for (template, _) in crate::workflow::Template::builtin() {
            if template.country != "VN" {
                continue;
            }
            for role in &template.roles {
                assert!(
                    Role::ALL
                        .iter()
                        .any(|r| r.workflow_role() == Some(role.key.as_str())),
                    "{}: no account role plays '{}'",
                    template.key,
                    role.key
                );
            }
        }
    }

    #[test]
    fn an_organisation_sets_its_own_contact_and_the_administrator_any() {
        // `principal` puts every account in organisation 1.
        let officer = principal(Role::CommuneOfficer, Some("03478"), "UBND xã A");
        assert!(set_organisation_contact(Some(&officer), 1).is_ok());
        assert!(set_organisation_contact(Some(&officer), 2).is_err());
        let admin = principal(Role::Administrator, None, "UBND tỉnh");
        assert!(set_organisation_contact(Some(&admin), 2).is_ok());
        let resident = principal(Role::Public, None, "Người dân");
        assert!(set_organisation_contact(Some(&resident), 1).is_err());
        assert_eq!(set_organisation_contact(None, 1), Err(Denied::NotSignedIn));
    }

    #[test]
    fn only_leadership_and_the_administrator_receive_the_weekly_report() {
        let receiving: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| receive_weekly_report(*r))
            .collect();
        assert_eq!(receiving, [Role::Administrator, Role::Leadership]);
    }
}
