//! Consultation rounds as stored (issue 15): the round, its register of agencies and their
//! replies, residents' opinions, the answers and summaries of the synthesis table. The use
//! cases that change them are in `planning::consultations`; every change writes its rows and
//! one event of the province's follow-up chain in one transaction.

pub mod groups;
pub mod notices;
pub mod public;
pub(crate) mod public_rows;
pub(crate) mod rows;

pub(crate) use rows::{ConsulteeChange, NewRoundRow};

use chrono::NaiveDate;
use plantrack_domain::consultation::{
    Completeness, ConsultationForm, ConsulteeStatus, OpinionSource, ReplyPosition, ResponseKind,
    Subject, TopicName, Track,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A consultation round on a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsultationRound {
    pub id: i64,
    pub province_code: String,
    pub dossier_id: i64,
    pub unit_code: String,
    pub subject: Subject,
    /// 1, 2, … per dossier and subject.
    pub round_no: i64,
    /// The dossier's documents consulted on, by their number in the dossier.
    pub documents: Vec<u64>,
    pub forms: Vec<ConsultationForm>,
    /// The agencies' track: 15 days unless longer.
    pub agencies: Track,
    /// The residents' track: 20 to 30 days.
    pub residents: Track,
    pub opened_by: String,
}

/// A round in a list, with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsultationListItem {
    pub id: i64,
    pub dossier: i64,
    pub unit_code: String,
    pub subject: Subject,
    pub round_no: i64,
    /// The residents' track.
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// Residents' opinions, and those with a response.
    pub opinions: u64,
    pub answered: u64,
    /// Bodies consulted, and those that replied to their current consultation.
    pub consultees: u64,
    pub replied: u64,
    /// Whether the residents' track takes opinions today.
    pub open: bool,
    /// Whether the synthesis table is complete: every opinion answered, every topic used
    /// summarised.
    pub table_complete: bool,
}

/// A round to open on a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewRound {
    pub subject: Subject,
    /// The dossier's documents consulted on, by their number in the dossier.
    #[serde(default)]
    pub documents: Vec<u64>,
    pub forms: Vec<ConsultationForm>,
    /// The public notice: the residents' track opens.
    pub opens_on: NaiveDate,
    /// 20 to 30 days after `opens_on`.
    pub closes_on: NaiveDate,
    /// The agencies' track; `opens_on` when absent.
    #[serde(default)]
    pub agencies_opens_on: Option<NaiveDate>,
    /// 15 days after the agencies' track opens when absent; never sooner.
    #[serde(default)]
    pub agencies_closes_on: Option<NaiveDate>,
}

/// A body consulted, with its status on the day read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Consultee {
    pub id: i64,
    pub round_id: i64,
    /// An organisation of the system, or none for a named outside body.
    pub organisation_id: Option<i64>,
    pub name: String,
    pub required: bool,
    /// 0 before it is first consulted; each reconsultation adds one.
    pub cycle: i64,
    pub consulted_on: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub status: ConsulteeStatus,
    /// Past its deadline without a reply, where the province counts silence as agreement.
    pub silence_counts_as_agreement: bool,
    /// Every reply, of every cycle, oldest first.
    pub replies: Vec<ConsulteeReply>,
    pub version: i64,
}

/// A body to consult: an organisation of the province or a named outside body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewConsultee {
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub outside_name: Option<String>,
    /// False for a body listed but not required to reply.
    #[serde(default = "yes")]
    pub required: bool,
    /// The day the dossier was sent to it; not consulted yet when absent.
    #[serde(default)]
    pub consulted_on: Option<NaiveDate>,
    /// 15 days after `consulted_on` when absent; never sooner.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

fn yes() -> bool {
    true
}

/// Consulting a body (again, after a revision): a new cycle with a new deadline; the old
/// replies are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reconsultation {
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// 15 days after `on` when absent.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// A later deadline for a body that has not replied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Extension {
    pub deadline: NaiveDate,
}

/// An agency's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsulteeReply {
    pub id: i64,
    /// The consultation it answers.
    pub cycle: i64,
    pub position: ReplyPosition,
    pub text: String,
    /// The letter's number or a link.
    pub document: String,
    pub replied_on: NaiveDate,
    /// Recorded by the commune from the agency's letter, not by the agency's own account.
    pub on_behalf: bool,
    pub entered_by: String,
}

/// A reply to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewReply {
    pub position: ReplyPosition,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub document: String,
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// A resident's opinion, kept as submitted, with its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Opinion {
    pub id: i64,
    pub round_id: i64,
    pub source: OpinionSource,
    /// None for an anonymous opinion.
    pub author_name: Option<String>,
    pub hamlet: String,
    pub contact: String,
    pub text: String,
    /// Others who signed it.
    pub cosigners: i64,
    pub received_on: NaiveDate,
    pub entered_by: String,
    pub answers: Vec<Answer>,
}

/// An opinion the commune enters (paper, meeting, public display).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewOpinion {
    pub source: OpinionSource,
    /// Absent or empty: anonymous.
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub hamlet: String,
    #[serde(default)]
    pub contact: String,
    pub text: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100_000)]
    pub cosigners: i64,
    /// Today when absent.
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
}

/// A response to an opinion, or to a point of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    pub id: i64,
    pub opinion_id: i64,
    /// The point answered; empty for the whole opinion.
    pub point: String,
    pub topic: String,
    pub response: ResponseKind,
    /// What changed (accepted) or why not (explained).
    pub text: String,
    pub answered_on: NaiveDate,
    pub answered_by: String,
}

/// A response to give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewAnswer {
    pub opinion_id: i64,
    #[serde(default)]
    pub point: String,
    /// A key of the province's topic list.
    pub topic: String,
    pub response: ResponseKind,
    #[serde(default)]
    pub text: String,
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// A topic of the table: its names, how many opinions it holds, and its summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TopicSummary {
    pub topic: TopicName,
    /// Opinions with a response under this topic.
    pub opinions: u64,
    pub summary: Option<String>,
    pub written_by: Option<String>,
    pub written_on: Option<NaiveDate>,
}

/// A topic's summary to write (it replaces the last one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewSummary {
    pub topic: String,
    pub text: String,
}

/// A round with everything it holds, as read today: the synthesis table's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsultationSheet {
    pub round: ConsultationRound,
    pub consultees: Vec<Consultee>,
    pub opinions: Vec<Opinion>,
    /// The topics used by an answer or summarised, in the province's order.
    pub topics: Vec<TopicSummary>,
    pub completeness: Completeness,
    /// The province's rule: an agency's silence past its deadline counts as agreement.
    pub silence_is_agreement: bool,
    /// Whether the residents' track takes opinions today.
    pub open: bool,
}

/// A province's consultation rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsultationRules {
    /// An agency's silence past its deadline counts as agreement (off unless the province
    /// says so).
    pub silence_is_agreement: bool,
}

/// What a caller may do on a round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoundRights {
    /// Enter residents' opinions collected on paper or at meetings, keep the register.
    pub record_opinions: bool,
    /// Answer opinions and summarise topics.
    pub answer: bool,
}

/// Which rounds to list; the policy narrows them to what the caller reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationQuery {
    pub unit: Option<String>,
    pub dossier: Option<i64>,
}
