//! The consultation part of the progress report (issue 15, item 7): per round of the units
//! reported on, the residents' opinions, the share answered, the days left on the day
//! reported on and the agencies that replied; then the communes whose consultation ended
//! but whose synthesis table is not done. Kept apart from the report's other sections.

use std::collections::BTreeMap;

use plantrack_reports::model::{Cell, Section, Table};
use plantrack_store::consultation::ConsultationListItem;
use plantrack_store::planning::ProgressDocumentData;

use crate::document_words::{Words, col, section};

/// Whether a round's residents' track ended on `as_of` with its table not done.
fn ended_undone(r: &ConsultationListItem, as_of: chrono::NaiveDate) -> bool {
    r.closes_on < as_of && !r.table_complete
}

/// The share of opinions answered, as "75 %" ("—" with no opinions).
fn share(r: &ConsultationListItem, w: &Words) -> String {
    if r.opinions == 0 {
        return "—".into();
    }
    let pct = (r.answered as f64 * 100.0 / r.opinions as f64).round() as u64;
    format!("{} %", w.int(pct))
}

/// The section, or none when the report's units have no round.
pub(crate) fn consultation_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    if data.consultations.is_empty() {
        return None;
    }
    let as_of = data.report.as_of;
    let names: BTreeMap<&str, &str> = data
        .report
        .units
        .iter()
        .flat_map(|u| &u.plans)
        .map(|p| (p.unit_code.as_str(), p.unit_name.as_str()))
        .collect();
    let name = |r: &ConsultationListItem| {
        names
            .get(r.unit_code.as_str())
            .map_or_else(|| r.unit_code.clone(), |n| (*n).to_owned())
    };
    let mut rounds: Vec<&ConsultationListItem> = data.consultations.iter().collect();
    rounds.sort_by_key(|a| (name(a), a.round_no, a.id));
    let round_words = |r: &ConsultationListItem| {
        w.t_args(
            "report-consultation-round",
            &[
                (
                    "subject",
                    w.t(&format!("consultation-subject-{}", r.subject.as_str())),
                ),
                ("round", r.round_no.to_string()),
            ],
        )
    };
    let days_left = |r: &ConsultationListItem| {
        if as_of < r.opens_on {
            Cell::text(w.t_args("report-consultation-opens", &[("date", w.date(r.opens_on))]))
        } else if as_of > r.closes_on {
            Cell::text(w.t("report-consultation-ended"))
        } else {
            Cell::Integer((r.closes_on - as_of).num_days() + 1)
        }
    };
    let rows = rounds
        .iter()
        .map(|r| {
            vec![
                Cell::text(name(r)),
                Cell::text(round_words(r)),
                Cell::text(format!("{} – {}", w.date(r.opens_on), w.date(r.closes_on))),
                Cell::Integer(r.opinions as i64),
                Cell::text(share(r, w)),
                days_left(r),
                Cell::text(format!("{}/{}", w.int(r.replied), w.int(r.consultees))),
                Cell::text(if r.table_complete {
                    w.t("report-consultation-table-done")
                } else {
                    w.t("report-consultation-table-undone")
                }),
            ]
        })
        .collect();
    let mut tables = vec![Table {
        key: w.t("report-sheet-consultations"),
        title: w.t("report-table-consultations"),
        columns: vec![
            col(w.t("report-col-unit"), 7),
            col(w.t("report-consultation-col-round"), 7),
            col(w.t("report-consultation-col-residents"), 8),
            col(w.t("report-consultation-col-opinions"), 4),
            col(w.t("report-consultation-col-answered"), 4),
            col(w.t("report-consultation-col-days-left"), 5),
            col(w.t("report-consultation-col-agencies"), 4),
            col(w.t("report-consultation-col-table"), 6),
        ],
        rows,
    }];
    let undone: Vec<&&ConsultationListItem> =
        rounds.iter().filter(|r| ended_undone(r, as_of)).collect();
    let mut paragraphs = vec![w.t_args(
        "report-consultation-summary",
        &[
            ("rounds", w.int(rounds.len() as u64)),
            (
                "opinions",
                w.int(rounds.iter().map(|r| r.opinions).sum::<u64>()),
            ),
            (
                "answered",
                w.int(rounds.iter().map(|r| r.answered).sum::<u64>()),
            ),
            ("undone", w.int(undone.len() as u64)),
        ],
    )];
    if undone.is_empty() {
        paragraphs.push(w.t("report-consultation-none-undone"));
    } else {
        tables.push(Table {
            key: w.t("report-sheet-consultations-undone"),
            title: w.t("report-table-consultations-undone"),
            columns: vec![
                col(w.t("report-col-unit"), 8),
                col(w.t("report-consultation-col-round"), 8),
                col(w.t("report-consultation-col-closed"), 6),
                col(w.t("report-consultation-col-unanswered"), 5),
            ],
            rows: undone
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(name(r)),
                        Cell::text(round_words(r)),
                        Cell::text(w.date(r.closes_on)),
                        Cell::Integer(r.opinions.saturating_sub(r.answered) as i64),
                    ]
                })
                .collect(),
        });
    }
    Some(Section {
        paragraphs,
        tables,
        ..section("consultations", w.t("report-section-consultations"))
    })
}
