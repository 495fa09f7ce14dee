//! An organisation's daily digest (issue 13, item 6): what it must act on, as of a day, in
//! sections — overdue, due in the next days, and the replies of the day before. An item is a
//! directive's task, an information request addressed to the organisation (or the answer to
//! one it asked), or a status call it has not answered. Composing is pure: the store reads
//! them, the application renders and sends.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::TaskStatus;

/// How far ahead a task counts as due soon: the inbox's "due in the next 7 days".
pub const DUE_SOON_DAYS: u64 = 7;

/// What a section of the digest lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Tasks past their due date and not done.
    Overdue,
    /// Open tasks due from the day to [`DUE_SOON_DAYS`] after it.
    DueSoon,
    /// Tasks done or cancelled on the day before: the news since the last digest.
    Replies,
}

impl SectionKind {
    /// In the order a reader needs them: what is late first.
    pub const ALL: [SectionKind; 3] = [
        SectionKind::Overdue,
        SectionKind::DueSoon,
        SectionKind::Replies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Overdue => "overdue",
            SectionKind::DueSoon => "due_soon",
            SectionKind::Replies => "replies",
        }
    }
}

/// What an item of the digest is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A directive's task assigned to the organisation.
    Task,
    /// An information request the organisation (a department) must answer.
    RequestToAnswer,
    /// A request the organisation asked, answered (the reply is the news).
    RequestAnswered,
    /// A request the organisation asked, whose department explained a delay.
    RequestDelayed,
    /// A call for the commune's status before a meeting, not answered yet.
    StatusCall,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Task => "task",
            ItemKind::RequestToAnswer => "request_to_answer",
            ItemKind::RequestAnswered => "request_answered",
            ItemKind::RequestDelayed => "request_delayed",
            ItemKind::StatusCall => "status_call",
        }
    }
}

/// An item as the digest needs it, on the digest's day: its status says in which section it
/// goes (a reply to a request counts as done on the day it came).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestTask {
    pub what: ItemKind,
    pub id: i64,
    /// The directive's text: what is to be done.
    pub text: String,
    pub due_on: NaiveDate,
    pub status: TaskStatus,
    pub resolved_on: Option<NaiveDate>,
    /// Working days past due (0 unless late).
    pub working_days_late: i64,
}

/// One section: its kind and its tasks, earliest due first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestSection {
    pub kind: SectionKind,
    pub items: Vec<DigestTask>,
}

/// An organisation's digest for a day. Only non-empty sections are kept; a digest with none
/// is not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Digest {
    pub organisation_id: i64,
    pub organisation: String,
    pub day: NaiveDate,
    pub sections: Vec<DigestSection>,
}

impl Digest {
    /// The organisation's digest on `day` from its tasks as they stand on that day.
    pub fn compose(
        organisation_id: i64,
        organisation: &str,
        day: NaiveDate,
        tasks: impl IntoIterator<Item = DigestTask>,
    ) -> Digest {
        let horizon = day
            .checked_add_days(Days::new(DUE_SOON_DAYS))
            .unwrap_or(NaiveDate::MAX);
        let yesterday = day.pred_opt();
        let mut sections: Vec<DigestSection> = SectionKind::ALL
            .iter()
            .map(|&kind| DigestSection {
                kind,
                items: Vec::new(),
            })
            .collect();
        for task in tasks {
            let kind = match task.status {
                TaskStatus::Late => Some(SectionKind::Overdue),
                TaskStatus::Open if task.due_on >= day && task.due_on <= horizon => {
                    Some(SectionKind::DueSoon)
                }
                TaskStatus::Done | TaskStatus::Cancelled
                    if task.resolved_on.is_some() && task.resolved_on == yesterday =>
                {
                    Some(SectionKind::Replies)
                }
                _ => None,
            };
            if let Some(kind) = kind
                && let Some(section) = sections.iter_mut().find(|s| s.kind == kind)
            {
                section.items.push(task);
            }
        }
        for section in &mut sections {
            section
                .items
                .sort_by_key(|t| (t.due_on, t.what.as_str(), t.id));
        }
        sections.retain(|s| !s.items.is_empty());
        Digest {
            organisation_id,
            organisation: organisation.to_owned(),
            day,
            sections,
        }
    }

    /// Nothing to say: not sent.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// How many items a section of this kind holds (0 when it has none).
    pub fn count(&self, kind: SectionKind) -> usize {
        self.sections
            .iter()
            .find(|s| s.kind == kind)
            .map_or(0, |s| s.items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn task(id: i64, due: &str, status: TaskStatus, resolved: Option<&str>) -> DigestTask {
        DigestTask {
            what: ItemKind::Task,
            id,
            text: format!("task {id}"),
            due_on: day(due),
            status,
            resolved_on: resolved.map(day),
            working_days_late: 0,
        }
    }

    #[test]
    fn tasks_fall_into_overdue_due_soon_and_yesterdays_replies() {
        let d = Digest::compose(
            7,
            "UBND xã A",
            day("2025-12-01"),
            [
                task(1, "2025-11-28", TaskStatus::Late, None),
                task(2, "2025-12-08", TaskStatus::Open, None),
                // Beyond the 7 days: not yet.
                task(3, "2025-12-09", TaskStatus::Open, None),
                task(4, "2025-12-05", TaskStatus::Done, Some("2025-11-30")),
                // Done earlier: reported in an earlier digest.
                task(5, "2025-12-05", TaskStatus::Done, Some("2025-11-28")),
                task(6, "2025-12-03", TaskStatus::Open, None),
            ],
        );
        assert_eq!(d.count(SectionKind::Overdue), 1);
        assert_eq!(d.count(SectionKind::Replies), 1);
        let soon = &d.sections[1];
        assert_eq!(soon.kind, SectionKind::DueSoon);
        assert_eq!(
            soon.items.iter().map(|t| t.id).collect::<Vec<_>>(),
            [6, 2],
            "earliest due first"
        );
    }

    #[test]
    fn a_digest_with_nothing_to_act_on_is_empty() {
        let d = Digest::compose(
            1,
            "Sở X",
            day("2025-12-01"),
            [task(1, "2026-03-31", TaskStatus::Open, None)],
        );
        assert!(d.is_empty());
    }
}
