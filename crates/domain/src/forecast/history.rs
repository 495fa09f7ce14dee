//! What the forecast reads: each dossier's stage spans as known on the forecast's day, and
//! the blockers (and open information requests) that held dossiers back. A run of spans in
//! one stage entered on one day — split by holds, resumptions and extended due dates — is
//! one *visit*; its length, from entering the stage to leaving it, holds and extensions
//! included, is what the forecast learns from.

use chrono::NaiveDate;

use crate::follow_up::BlockerCategory;
use crate::plan::PlanType;
use crate::workflow::{DossierStatus, Template};

/// Where a dossier stood from `from_on` to `to_on` (open: `None`), as known on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanAt {
    pub stage: String,
    pub status: DossierStatus,
    pub stage_entered_on: NaiveDate,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
}

/// A dossier and its spans in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub dossier: i64,
    pub province: String,
    pub unit_code: String,
    pub plan_type: PlanType,
    pub template: String,
    pub template_version: u32,
    pub spans: Vec<SpanAt>,
}

/// A blocker (or an information request, as a sectoral-information blocker) on a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub dossier: i64,
    pub province: String,
    pub category: BlockerCategory,
    pub since_on: NaiveDate,
    /// The day it was lifted, if known by the forecast's day.
    pub lifted_on: Option<NaiveDate>,
}

/// One visit of a dossier to a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit<'a> {
    pub stage: &'a str,
    pub entered_on: NaiveDate,
    /// The day it left, `None` while it is there.
    pub left_on: Option<NaiveDate>,
    /// Where it went.
    pub next: Option<&'a str>,
}

impl History {
    /// Its visits, in order.
    pub fn visits(&self) -> Vec<Visit<'_>> {
        let mut visits: Vec<Visit<'_>> = Vec::new();
        for span in &self.spans {
            let same = visits.last().is_some_and(|v| {
                v.stage == span.stage.as_str() && v.entered_on == span.stage_entered_on
            });
            if same {
                if let Some(v) = visits.last_mut() {
                    v.left_on = span.to_on;
                }
                continue;
            }
            if let Some(v) = visits.last_mut() {
                v.next = Some(span.stage.as_str());
                v.left_on = Some(span.from_on);
            }
            visits.push(Visit {
                stage: &span.stage,
                entered_on: span.stage_entered_on,
                left_on: span.to_on,
                next: None,
            });
        }
        // A last span closed by an event not known yet reads as still open.
        if let Some(v) = visits.last_mut() {
            v.left_on = None;
        }
        visits
    }

    /// Where it stands: its last span.
    pub fn position(&self) -> Option<&SpanAt> {
        self.spans.last()
    }

    /// The day its first span opened.
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.spans.first().map(|s| s.from_on)
    }

    /// Whether its plan is approved where it stands (see [`Template::is_approved`]).
    pub fn approved(&self, template: &Template) -> bool {
        self.position()
            .is_some_and(|p| template.is_approved(&p.stage, p.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn span(
        stage: &str,
        status: DossierStatus,
        entered: &str,
        from: &str,
        to: Option<&str>,
    ) -> SpanAt {
        SpanAt {
            stage: stage.into(),
            status,
            stage_entered_on: d(entered),
            from_on: d(from),
            to_on: to.map(d),
        }
    }

    #[test]
    fn holds_and_extensions_stay_in_one_visit() {
        use DossierStatus::{Active, OnHold};
        let h = History {
            dossier: 1,
            province: "12".into(),
            unit_code: "03598".into(),
            plan_type: PlanType::CommuneGeneral,
            template: "vn.commune_general".into(),
            template_version: 1,
            spans: vec![
                span("a", Active, "2025-07-01", "2025-07-01", Some("2025-07-10")),
                span("a", OnHold, "2025-07-01", "2025-07-10", Some("2025-07-20")),
                span("a", Active, "2025-07-01", "2025-07-20", Some("2025-08-01")),
                span("b", Active, "2025-08-01", "2025-08-01", Some("2025-08-05")),
                span("b", Active, "2025-08-01", "2025-08-05", None),
            ],
        };
        let v = h.visits();
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].stage, v[0].entered_on, v[0].left_on, v[0].next),
            ("a", d("2025-07-01"), Some(d("2025-08-01")), Some("b"))
        );
        assert_eq!((v[1].stage, v[1].left_on, v[1].next), ("b", None, None));
        assert_eq!(h.first_day(), Some(d("2025-07-01")));
    }
}
