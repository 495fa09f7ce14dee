//! A dossier's stages as a timeline: when it entered and left each one, the due date it had
//! there, and the stages still ahead — what the unit page draws.

use chrono::NaiveDate;
use serde::Serialize;

use super::dossier::{DossierEvent, EventKind};
use super::template::Template;

/// One stay in a stage (a stage sent back to is visited again, and listed again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageVisit {
    pub stage: String,
    /// The stage's position in the template, 0-based.
    pub order: usize,
    pub entered_on: NaiveDate,
    /// The due date as it last stood during the visit (after documents, holds, extensions).
    pub due_on: Option<NaiveDate>,
    /// `None` while the dossier is still in the stage.
    pub left_on: Option<NaiveDate>,
}

impl StageVisit {
    /// Days the stage was left after its due date (0 when on time or open).
    pub fn days_late(&self) -> i64 {
        match (self.left_on, self.due_on) {
            (Some(left), Some(due)) => (left - due).num_days().max(0),
            _ => 0,
        }
    }
}

/// The visits, oldest first, then (as visits with no dates) the template's stages after the
/// current one that have not been reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub visits: Vec<StageVisit>,
    pub ahead: Vec<(usize, String)>,
}

pub fn timeline(template: &Template, events: &[DossierEvent]) -> Timeline {
    let order = |stage: &str| template.stage_index(stage).unwrap_or(usize::MAX);
    let mut visits: Vec<StageVisit> = Vec::new();
    for e in events {
        let on = e.occurred_on;
        match &e.kind {
            EventKind::Opened { stage, due_on, .. } => visits.push(StageVisit {
                stage: stage.clone(),
                order: order(stage),
                entered_on: on,
                due_on: *due_on,
                left_on: None,
            }),
            EventKind::Transitioned { to, due_on, .. } => {
                if let Some(current) = visits.last_mut() {
                    current.left_on = Some(on);
                }
                visits.push(StageVisit {
                    stage: to.clone(),
                    order: order(to),
                    entered_on: on,
                    due_on: *due_on,
                    left_on: None,
                });
            }
            EventKind::Resumed { due_on } | EventKind::DocumentAttached { due_on, .. } => {
                if let (Some(current), Some(due)) = (visits.last_mut(), due_on) {
                    current.due_on = Some(*due);
                }
            }
            EventKind::DeadlineExtended { new_due_on, .. } => {
                if let Some(current) = visits.last_mut() {
                    current.due_on = Some(*new_due_on);
                }
            }
            _ => {}
        }
    }
    let reached = visits.last().map_or(0, |v| v.order.saturating_add(1));
    let ahead = template
        .stages
        .iter()
        .enumerate()
        .skip(reached)
        .map(|(i, s)| (i, s.key.clone()))
        .collect();
    Timeline { visits, ahead }
}
