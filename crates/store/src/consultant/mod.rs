//! Consultant firms as stored (issue 16): the firm (an organisation of kind
//! `consultant_firm`, with its tax code, address, contact and capability certificate), its
//! people and their practising certificates, the assignments of firms and leads to plans, and
//! the province's load limit. The use cases that change them are in `planning::consultants`;
//! every change writes its rows and one event of the province's follow-up chain in one
//! transaction.

pub(crate) mod rows;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plantrack_domain::consultant::{Discipline, Grade};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A certificate's number, grade, issuer and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Certificate {
    pub number: String,
    pub grade: Grade,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// A firm in a list, with its load as of the day read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Firm {
    /// The firm's organisation id.
    pub id: i64,
    pub name: String,
    pub province_code: String,
    pub tax_code: String,
    pub address: String,
    pub contact: String,
    /// The organisation's capability certificate for planning.
    pub certificate: Certificate,
    /// Whether that certificate holds on the day read.
    pub certificate_valid: bool,
    /// Plans it is assigned to whose procedure is not completed.
    pub plans_in_hand: u64,
}

/// A person of a firm with their practising certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub firm_id: i64,
    pub name: String,
    /// When their professional experience began.
    pub experience_from: NaiveDate,
    pub certificates: Vec<PractisingCertificate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PractisingCertificate {
    pub id: i64,
    pub person_id: i64,
    pub discipline: Discipline,
    #[serde(flatten)]
    pub certificate: Certificate,
}

/// Someone (or a firm) working on a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Assignment {
    pub id: i64,
    pub dossier_id: i64,
    pub unit_code: String,
    pub firm_id: i64,
    pub firm_name: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    /// `firm`, `lead` or `discipline_lead`.
    pub role: String,
    pub discipline: Option<Discipline>,
    pub assigned_on: NaiveDate,
    /// When it ended; running while absent.
    pub ended_on: Option<NaiveDate>,
}

/// A certificate that expires (or has expired) while its holder works on a running
/// assignment: warned on the dossier page, the firm's page and the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExpiryWarning {
    pub dossier_id: i64,
    pub unit_code: String,
    pub firm_id: i64,
    /// The firm, or the person, whose certificate it is.
    pub holder: String,
    pub certificate_number: String,
    pub expires_on: NaiveDate,
    /// Already expired on the day read.
    pub expired: bool,
}

/// A firm's page: the firm, its people, its assignments and the warnings on them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FirmSheet {
    pub firm: Firm,
    pub people: Vec<Person>,
    /// Running first, then ended; newest first within each.
    pub assignments: Vec<Assignment>,
    pub warnings: Vec<ExpiryWarning>,
}

/// A certificate as given: its grade as typed, checked by the domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewCertificate {
    pub number: String,
    /// I, II or III.
    pub grade: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// A firm to register: an existing consultant organisation (`organisation_id`), or a new one
/// of this `name` in `province`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewFirm {
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    /// The province of a new organisation; the caller's when absent.
    #[serde(default)]
    pub province: Option<String>,
    /// MST: 10 digits, or 10 digits, "-" and 3 digits.
    pub tax_code: String,
    pub address: String,
    #[serde(default)]
    pub contact: String,
    pub certificate: NewCertificate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewPerson {
    pub name: String,
    pub experience_from: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewPractisingCertificate {
    /// architecture_planning, transport, water_supply_drainage, electricity, environment,
    /// economics.
    pub discipline: String,
    #[serde(flatten)]
    pub certificate: NewCertificate,
}

/// Assigning a firm, or one of its people, to a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewAssignment {
    pub dossier_id: i64,
    /// The firm (its organisation id); for a person, their firm is taken.
    #[serde(default)]
    pub firm_id: Option<i64>,
    #[serde(default)]
    pub person_id: Option<i64>,
    /// For a person: `lead`, or the discipline they lead.
    #[serde(default)]
    pub role: Option<String>,
    /// The day of the assignment (today when absent): the checks hold as of it.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// One lead's load: plans they lead at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LeadLoad {
    pub person_id: i64,
    pub name: String,
    pub plans: u64,
    pub over_limit: bool,
}

/// Median days a stage took: the firm's plans against the province's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StageMedian {
    pub stage: String,
    pub firm_median_days: Option<f64>,
    pub province_median_days: Option<f64>,
}

/// A firm's workload in a province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FirmCapacity {
    pub firm_id: i64,
    pub name: String,
    pub certificate_valid: bool,
    pub plans_in_hand: u64,
    /// Plans in hand by the stage they are in.
    pub by_stage: BTreeMap<String, u64>,
    pub leads: Vec<LeadLoad>,
    /// Plans in hand without a running lead.
    pub without_lead: u64,
    /// Some lead carries more plans than the province's limit.
    pub over_limit: bool,
    /// Plans in hand past their stage's due date.
    pub overdue: u64,
    pub overdue_share: f64,
    pub stage_medians: Vec<StageMedian>,
}

/// The capacity page of a province: can its firms deliver its plans?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CapacityReport {
    pub province_code: String,
    pub as_of: NaiveDate,
    pub max_plans_per_lead: i64,
    /// The province's dossiers still being prepared, and those with no firm assigned.
    pub plans_open: u64,
    pub plans_without_firm: u64,
    pub firms: Vec<FirmCapacity>,
    /// Firms some of whose leads carry more than the limit.
    pub firms_over_limit: u64,
    pub warnings: Vec<ExpiryWarning>,
}
