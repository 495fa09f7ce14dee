//! Stage spans: where a dossier stood between two events, as reports "as of a past date" read
//! them. One rule says which events open a span; it is used when an event is written
//! (`dossiers::record_span`) and when the audit rebuilds the spans from the events.

use plantrack_domain::workflow::{DossierEvent, DossierState};

use crate::dossiers::record_time;
use crate::span_bins;

/// Whether an event that turned `previous` into `next` closes the open span and opens the
/// next: a dossier's first event opens its first span; a later one does when it moves the
/// stage, the status or the due date.
pub(crate) fn opens_span(previous: Option<&DossierState>, next: &DossierState) -> bool {
    previous
        .is_none_or(|p| p.stage != next.stage || p.status != next.status || p.due_on != next.due_on)
}

/// A span's columns that its events decide, as text, the way they are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpanColumns {
    /// The event that opened it.
    pub seq: i64,
    pub template_key: String,
    pub template_version: i64,
    pub stage: String,
    pub status: String,
    pub stage_entered_on: String,
    pub due_on: Option<String>,
    pub from_on: String,
    /// The day of the event that closed it; `None` while it is open.
    pub to_on: Option<String>,
    /// The record time of the event that opened it.
    pub recorded_at: String,
    /// The record time of the event that closed it.
    pub closed_at: Option<String>,
    /// `from_on` as a day number, and the bin the span is filed in (see `span_bins`).
    pub from_day: i64,
    pub bin: i64,
}

impl SpanColumns {
    fn opened(state: &DossierState, event: &DossierEvent) -> Self {
        SpanColumns {
            seq: event.seq as i64,
            template_key: state.template.clone(),
            template_version: i64::from(state.template_version),
            stage: state.stage.clone(),
            status: state.status.as_str().to_owned(),
            stage_entered_on: state.stage_entered_on.to_string(),
            due_on: state.due_on.map(|d| d.to_string()),
            from_on: event.occurred_on.to_string(),
            to_on: None,
            recorded_at: record_time(event.recorded_at),
            closed_at: None,
            from_day: span_bins::day_number(event.occurred_on),
            bin: span_bins::OPEN_BIN,
        }
    }
}

/// Folds a dossier's events, in order, into its state and the spans they leave behind.
pub(crate) fn rebuild(events: &[DossierEvent]) -> (Option<DossierState>, Vec<SpanColumns>) {
    let mut state: Option<DossierState> = None;
    let mut spans: Vec<SpanColumns> = Vec::new();
    for event in events {
        let Some(next) = DossierState::apply(state.clone(), event) else {
            continue;
        };
        if opens_span(state.as_ref(), &next) {
            if let Some(open) = spans.last_mut() {
                open.to_on = Some(event.occurred_on.to_string());
                open.closed_at = Some(record_time(event.recorded_at));
                open.bin = span_bins::bin_of(
                    open.from_day,
                    Some(span_bins::day_number(event.occurred_on)),
                );
            }
            spans.push(SpanColumns::opened(&next, event));
        }
        state = Some(next);
    }
    (state, spans)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use plantrack_domain::plan::PlanBodies;
    use plantrack_domain::workflow::EventKind;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn event(seq: u64, on: &str, kind: EventKind) -> DossierEvent {
        DossierEvent {
            dossier_id: 1,
            seq,
            occurred_on: day(on),
            recorded_at: Utc::now(),
            actor: "A".into(),
            role: "commune_pc".into(),
            reason: String::new(),
            kind,
            acted_by: None,
        }
    }

    #[test]
    fn a_span_is_opened_by_each_move_and_closed_by_the_next() {
        let events = [
            event(
                1,
                "2025-07-10",
                EventKind::Opened {
                    plan_id: 1,
                    template: "t".into(),
                    template_version: 2,
                    stage: "a".into(),
                    bodies: PlanBodies::default(),
                    due_on: None,
                },
            ),
            // A consultant named: no move, no span.
            event(
                2,
                "2025-07-20",
                EventKind::ConsultantChanged { name: "X".into() },
            ),
            event(
                3,
                "2025-08-01",
                EventKind::Transitioned {
                    action: "go".into(),
                    from: "a".into(),
                    to: "b".into(),
                    due_on: Some(day("2025-09-01")),
                    completes: false,
                },
            ),
            event(4, "2025-08-05", EventKind::PutOnHold),
        ];
        let (state, spans) = rebuild(&events);
        assert_eq!(state.unwrap().version, 4);
        let summary: Vec<_> = spans
            .iter()
            .map(|s| {
                (
                    s.seq,
                    s.stage.as_str(),
                    s.status.as_str(),
                    s.from_on.as_str(),
                    s.to_on.as_deref(),
                    s.due_on.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, "a", "active", "2025-07-10", Some("2025-08-01"), None),
                (
                    3,
                    "b",
                    "active",
                    "2025-08-01",
                    Some("2025-08-05"),
                    Some("2025-09-01")
                ),
                (4, "b", "on_hold", "2025-08-05", None, Some("2025-09-01")),
            ]
        );
        assert_eq!(
            (spans[0].template_key.as_str(), spans[0].template_version),
            ("t", 2)
        );
    }
}
