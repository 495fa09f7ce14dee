//! The current-state tables rebuilt from the events and compared with what is stored: the
//! dossier row and its stage spans, which dashboards, reports and public visibility read. A
//! chain that verifies says the events are as written; this says the tables people read
//! still say what those events say.

use plantrack_domain::workflow::{DossierEvent, DossierState};
use serde::Serialize;

use crate::spans::{self, SpanColumns};

/// A stored value that differs from the one its events rebuild.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectionProblem {
    pub dossier_id: i64,
    /// What differs: a column of the dossier row (`stage`, `status`, `version`,
    /// `stage_entered_on`, `due_on`, `head_hash`, `consultant`, `template`), a field of its
    /// state JSON (`state.<field>`), a stage span (`span`: one missing or extra) or a span's
    /// column (`span.<column>`).
    pub what: String,
    /// The span's first event, for a span's problem.
    pub span_seq: Option<i64>,
    /// `None`: nothing stored (a NULL, or a span missing).
    pub stored: Option<String>,
    /// `None`: the events leave nothing there.
    pub rebuilt: Option<String>,
}

/// A dossier row as stored.
#[derive(Debug, Clone)]
pub(crate) struct StoredDossier {
    pub id: i64,
    pub province_code: String,
    pub unit_code: String,
    pub plan_type: String,
    pub template_key: String,
    pub template_version: i64,
    pub stage: String,
    pub status: String,
    pub version: i64,
    pub stage_entered_on: String,
    pub due_on: Option<String>,
    pub state: String,
    pub head_hash: String,
    pub consultant: Option<String>,
}

/// A stage span row as stored: what its events decide, and the scope copied from the
/// dossier.
#[derive(Debug, Clone)]
pub(crate) struct StoredSpan {
    pub columns: SpanColumns,
    pub province_code: String,
    pub unit_code: String,
    pub plan_type: String,
}

/// Every difference between the stored projections of dossier `d` and what its events
/// (`events`, in order, whose chain ends at `last_hash`) rebuild.
pub(crate) fn compare(
    d: &StoredDossier,
    stored_spans: &[StoredSpan],
    events: &[DossierEvent],
    last_hash: &str,
) -> Vec<ProjectionProblem> {
    let mut problems = Vec::new();
    let mut differ = |what: &str, span_seq, stored: Option<String>, rebuilt: Option<String>| {
        if stored != rebuilt {
            problems.push(ProjectionProblem {
                dossier_id: d.id,
                what: what.to_owned(),
                span_seq,
                stored,
                rebuilt,
            });
        }
    };
    let (state, spans) = spans::rebuild(events);
    let Some(state) = state else {
        differ("state", None, Some(d.state.clone()), None);
        return problems;
    };
    let some = |s: &str| Some(s.to_owned());
    differ("stage", None, some(&d.stage), some(&state.stage));
    differ("status", None, some(&d.status), some(state.status.as_str()));
    differ(
        "version",
        None,
        Some(d.version.to_string()),
        Some(state.version.to_string()),
    );
    differ(
        "stage_entered_on",
        None,
        some(&d.stage_entered_on),
        Some(state.stage_entered_on.to_string()),
    );
    differ(
        "due_on",
        None,
        d.due_on.clone(),
        state.due_on.map(|x| x.to_string()),
    );
    differ("head_hash", None, some(&d.head_hash), some(last_hash));
    differ(
        "consultant",
        None,
        d.consultant.clone(),
        state.consultant.clone(),
    );
    differ(
        "template",
        None,
        Some(format!("{} v{}", d.template_key, d.template_version)),
        Some(format!("{} v{}", state.template, state.template_version)),
    );
    for (field, stored, rebuilt) in state_differences(&d.state, &state) {
        differ(&field, None, stored, rebuilt);
    }
    compare_spans(d, stored_spans, &spans, &mut differ);
    problems
}

/// The fields of the stored state JSON that differ from the rebuilt state, as
/// (`state.<field>`, stored, rebuilt); the whole `state` when it cannot be read.
fn state_differences(
    stored: &str,
    rebuilt: &DossierState,
) -> Vec<(String, Option<String>, Option<String>)> {
    let rebuilt_json = serde_json::to_value(rebuilt).unwrap_or_default();
    // Compared as the typed state, so that a field an older build left out (read with its
    // default) is no difference.
    let parsed: Option<DossierState> = serde_json::from_str(stored).ok();
    let Some(parsed) = parsed else {
        return vec![(
            "state".into(),
            Some(stored.to_owned()),
            Some(rebuilt_json.to_string()),
        )];
    };
    if parsed == *rebuilt {
        return Vec::new();
    }
    let stored_json = serde_json::to_value(&parsed).unwrap_or_default();
    let (Some(s), Some(r)) = (stored_json.as_object(), rebuilt_json.as_object()) else {
        return Vec::new();
    };
    r.keys()
        .chain(s.keys().filter(|k| !r.contains_key(*k)))
        .filter(|k| s.get(*k) != r.get(*k))
        .map(|k| {
            (
                format!("state.{k}"),
                s.get(k).map(ToString::to_string),
                r.get(k).map(ToString::to_string),
            )
        })
        .collect()
}

fn compare_spans(
    d: &StoredDossier,
    stored: &[StoredSpan],
    rebuilt: &[SpanColumns],
    differ: &mut impl FnMut(&str, Option<i64>, Option<String>, Option<String>),
) {
    let describe = |s: &SpanColumns| format!("{} {} {}", s.stage, s.status, s.from_on);
    for expected in rebuilt {
        let Some(found) = stored.iter().find(|s| s.columns.seq == expected.seq) else {
            differ("span", Some(expected.seq), None, Some(describe(expected)));
            continue;
        };
        let (f, e, seq) = (&found.columns, expected, Some(expected.seq));
        let some = |s: &str| Some(s.to_owned());
        differ("span.stage", seq, some(&f.stage), some(&e.stage));
        differ("span.status", seq, some(&f.status), some(&e.status));
        differ(
            "span.stage_entered_on",
            seq,
            some(&f.stage_entered_on),
            some(&e.stage_entered_on),
        );
        differ("span.due_on", seq, f.due_on.clone(), e.due_on.clone());
        differ("span.from_on", seq, some(&f.from_on), some(&e.from_on));
        differ("span.to_on", seq, f.to_on.clone(), e.to_on.clone());
        differ(
            "span.recorded_at",
            seq,
            some(&f.recorded_at),
            some(&e.recorded_at),
        );
        differ(
            "span.closed_at",
            seq,
            f.closed_at.clone(),
            e.closed_at.clone(),
        );
        // Where a report looks for the span: filed elsewhere, it would go uncounted.
        let number = |n: i64| Some(n.to_string());
        differ("span.from_day", seq, number(f.from_day), number(e.from_day));
        differ("span.bin", seq, number(f.bin), number(e.bin));
        differ(
            "span.template",
            seq,
            Some(format!("{} v{}", f.template_key, f.template_version)),
            Some(format!("{} v{}", e.template_key, e.template_version)),
        );
        // The scope is copied from the dossier row when the span is opened.
        differ(
            "span.province_code",
            seq,
            some(&found.province_code),
            some(&d.province_code),
        );
        differ(
            "span.unit_code",
            seq,
            some(&found.unit_code),
            some(&d.unit_code),
        );
        differ(
            "span.plan_type",
            seq,
            some(&found.plan_type),
            some(&d.plan_type),
        );
    }
    for extra in stored
        .iter()
        .filter(|s| !rebuilt.iter().any(|e| e.seq == s.columns.seq))
    {
        differ(
            "span",
            Some(extra.columns.seq),
            Some(describe(&extra.columns)),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use plantrack_domain::plan::PlanBodies;
    use plantrack_domain::workflow::EventKind;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn events() -> Vec<DossierEvent> {
        let e = |seq, on: &str, kind| DossierEvent {
            dossier_id: 5,
            seq,
            occurred_on: day(on),
            // Fixed, so that every call gives the same events.
            recorded_at: format!("{on}T02:00:00Z").parse().unwrap(),
            actor: "A".into(),
            role: "commune_pc".into(),
            reason: String::new(),
            kind,
            acted_by: None,
        };
        vec![
            e(
                1,
                "2025-07-10",
                EventKind::Opened {
                    plan_id: 1,
                    template: "t".into(),
                    template_version: 1,
                    stage: "a".into(),
                    bodies: PlanBodies::default(),
                    due_on: None,
                },
            ),
            e(
                2,
                "2025-08-01",
                EventKind::Transitioned {
                    action: "go".into(),
                    from: "a".into(),
                    to: "b".into(),
                    due_on: Some(day("2025-09-01")),
                    completes: false,
                },
            ),
        ]
    }

    /// The projection the store writes for `events()`.
    fn stored() -> (StoredDossier, Vec<StoredSpan>) {
        let (state, spans) = spans::rebuild(&events());
        let state = state.unwrap();
        let d = StoredDossier {
            id: 5,
            province_code: "12".into(),
            unit_code: "03478".into(),
            plan_type: "commune_general".into(),
            template_key: "t".into(),
            template_version: 1,
            stage: "b".into(),
            status: "active".into(),
            version: 2,
            stage_entered_on: "2025-08-01".into(),
            due_on: Some("2025-09-01".into()),
            state: serde_json::to_string(&state).unwrap(),
            head_hash: "h2".into(),
            consultant: None,
        };
        let spans = spans
            .into_iter()
            .map(|columns| StoredSpan {
                columns,
                province_code: "12".into(),
                unit_code: "03478".into(),
                plan_type: "commune_general".into(),
            })
            .collect();
        (d, spans)
    }

    #[test]
    fn a_faithful_projection_has_no_problem() {
        let (d, spans) = stored();
        assert_eq!(compare(&d, &spans, &events(), "h2"), []);
    }

    #[test]
    fn each_edited_column_is_named_with_both_values() {
        let (mut d, mut spans) = stored();
        d.stage = "a".into();
        d.status = "completed".into();
        spans[0].columns.to_on = None;
        let problems = compare(&d, &spans, &events(), "h2");
        let named: Vec<_> = problems
            .iter()
            .map(|p| {
                (
                    p.what.as_str(),
                    p.span_seq,
                    p.stored.as_deref(),
                    p.rebuilt.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            named,
            [
                ("stage", None, Some("a"), Some("b")),
                ("status", None, Some("completed"), Some("active")),
                ("span.to_on", Some(1), None, Some("2025-08-01")),
            ]
        );
    }

    #[test]
    fn an_edited_state_names_its_field() {
        let (mut d, spans) = stored();
        d.state = d.state.replace("\"stage\":\"b\"", "\"stage\":\"z\"");
        let problems = compare(&d, &spans, &events(), "h2");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].what, "state.stage");
        assert_eq!(problems[0].stored.as_deref(), Some("\"z\""));
        d.state = "not json".into();
        assert_eq!(compare(&d, &spans, &events(), "h2")[0].what, "state");
    }

    #[test]
    fn a_rolled_back_dossier_and_a_missing_or_extra_span_are_named() {
        let (mut d, mut spans) = stored();
        // The last event's projection kept while the event is gone.
        let first_only = &events()[..1];
        d.head_hash = "h1".into();
        let problems = compare(&d, &spans, first_only, "h1");
        let what: Vec<_> = problems.iter().map(|p| p.what.as_str()).collect();
        assert!(
            what.contains(&"version") && what.contains(&"stage"),
            "{what:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.what == "span" && p.span_seq == Some(2) && p.rebuilt.is_none()),
            "{problems:?}"
        );
        spans.remove(1);
        d.head_hash = "h2".into();
        let problems = compare(&d, &spans, &events(), "h2");
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].what.as_str(), problems[0].stored.as_deref()),
            ("span", None)
        );
    }
}
