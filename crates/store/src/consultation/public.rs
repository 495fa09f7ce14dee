//! The public page of a consultation as stored and read (issue 15, item 3): what a resident
//! sends, what the public reads (the round, its documents, the published redacted copies),
//! and the moderation queue the commune's officer works through.

use chrono::NaiveDate;
use plantrack_domain::consultation::public::ModerationState;
use plantrack_domain::consultation::redaction::Redaction;
use plantrack_domain::consultation::{
    ConsultationForm, OpinionSource, ResponseKind, Subject, TopicName, Track,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Opinion;
use crate::blobs::Kept;

/// What a resident sends through the public form.
#[derive(Debug, Clone, Default)]
pub struct PublicSubmission {
    /// Absent or blank: anonymous.
    pub author_name: Option<String>,
    pub hamlet: String,
    pub contact: String,
    pub text: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// The hidden field only scripts fill.
    pub honeypot: String,
    /// The signed token the page put in the form ([`crate::Planning::public_form_token`]).
    pub form_token: String,
}

/// A file the form carried, already kept in the document store (removed again if the
/// opinion is refused).
#[derive(Debug, Clone)]
pub struct PublicAttachment {
    pub kept: Kept,
    pub filename: String,
}

/// What the resident is told after sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicReceipt {
    pub opinion_id: i64,
    pub state: ModerationState,
    pub received_on: NaiveDate,
}

/// A document consulted on, downloadable from the public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicDocument {
    /// Its number in the dossier.
    pub seq: u64,
    pub kind: String,
    pub title: String,
    pub filename: String,
    pub size: u64,
}

/// An opinion as the public reads it: the redacted copy, the hamlet, the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublishedOpinion {
    pub id: i64,
    pub hamlet: String,
    /// The copy the officer published, personal data hidden.
    pub text: String,
    pub received_on: NaiveDate,
    /// The point the resident put on the map (longitude, latitude).
    pub point: Option<[f64; 2]>,
}

/// The public page's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicConsultation {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub subject: Subject,
    pub round_no: i64,
    pub forms: Vec<ConsultationForm>,
    /// The residents' track.
    pub residents: Track,
    pub today: NaiveDate,
    /// Whether it takes opinions today.
    pub open: bool,
    /// Days until it closes, today included; 0 when closed.
    pub days_left: i64,
    /// The documents consulted on, once the round has opened.
    pub documents: Vec<PublicDocument>,
    /// Whether the dossier has a checked land-use map (drawn on the page).
    pub has_map: bool,
    /// The unit's bounding box (west, south, east, north), to centre the map without one.
    pub bbox: Option<[f64; 4]>,
    /// Published opinions not hidden by readers' reports, newest first.
    pub published: Vec<PublishedOpinion>,
    /// The synthesis table as the public reads it, once it is complete (issue 15, item 6).
    pub table: Option<PublicTable>,
}

/// The synthesis and explanation table as published: each opinion as its redacted copy (or
/// only where it came from, when no copy is published), its answers, and the topics'
/// summaries. No names, contacts or who answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicTable {
    pub rows: Vec<PublicTableRow>,
    pub topics: Vec<PublicTopicSummary>,
}

/// An opinion of the published table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicTableRow {
    /// Its number in the table (STT).
    pub no: u64,
    pub hamlet: String,
    pub source: OpinionSource,
    pub cosigners: i64,
    /// The published redacted copy; none for an opinion whose copy is not published (one
    /// collected on paper or at a meeting, or hidden after readers' reports).
    pub text: Option<String>,
    pub answers: Vec<PublicAnswer>,
}

/// An answer of the published table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicAnswer {
    pub topic: TopicName,
    pub response: ResponseKind,
    pub text: String,
    pub answered_on: NaiveDate,
}

/// A topic's summary in the published table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicTopicSummary {
    pub topic: TopicName,
    pub opinions: u64,
    pub summary: String,
}

/// An opinion in the moderation queue: the original as submitted, where it stands, and the
/// redactions plantrack proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ModerationItem {
    pub opinion: Opinion,
    pub state: ModerationState,
    pub point: Option<[f64; 2]>,
    pub attachment: Option<PublicAttachmentInfo>,
    pub reports: u64,
    /// Hidden after readers' reports, until moderated again.
    pub hidden: bool,
    /// What plantrack proposes to hide, in the original's text.
    pub proposed: Vec<Redaction>,
    /// The original with the proposals applied: the copy to accept or edit.
    pub proposed_text: String,
    /// The copy published, and who redacted it.
    pub redacted_text: Option<String>,
    pub redacted_by: Option<String>,
    pub moderated_by: Option<String>,
    pub reject_reason: String,
}

/// The file a resident attached (for the officer; never published).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicAttachmentInfo {
    pub sha256: String,
    pub filename: String,
    pub media_type: String,
    pub size: u64,
}

/// The officer's decision on a public opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Moderation {
    /// Publish the redacted copy: the text given (the proposal accepted or edited), or the
    /// proposal itself when absent. Publishing again replaces the copy.
    Publish {
        #[serde(default)]
        text: Option<String>,
    },
    /// Keep it off the page and out of the table (spam, abuse), saying why.
    Reject { reason: String },
}

/// After a reader's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportOutcome {
    pub reports: u64,
    pub hidden: bool,
}
