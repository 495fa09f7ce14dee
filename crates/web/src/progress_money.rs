//! The money and the consultants in the progress report (issue 14, from issue 16's records):
//! what each allocation decision gave, what was contracted and paid, the communes whose stage
//! needs a consultant contract they lack, and whether the firms can carry the plans they hold.
//! The figures are the province's as they stand, so only a report of today carries them.

use plantrack_reports::model::{Cell, Section, Table};
use plantrack_store::planning::ProgressDocumentData;

use crate::document_words::{Words, col, section};
use crate::format::vnd;

/// The section, or none when the report has neither money nor firms to show (a country
/// report, a past day, a province with no decision and no firm, or a reader who reads neither).
pub(crate) fn money_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    let funding = data.funding.as_ref().filter(|f| !f.decisions.is_empty());
    let capacity = data.capacity.as_ref().filter(|c| !c.firms.is_empty());
    if funding.is_none() && capacity.is_none() {
        return None;
    }
    let mut paragraphs = Vec::new();
    let mut tables = Vec::new();
    if let Some(f) = funding {
        paragraphs.push(w.t_args(
            "report-money-summary",
            &[
                ("decisions", w.int(f.decisions.len() as u64)),
                ("allocated", vnd(f.totals.allocated_vnd, w.lang)),
                ("contracted", vnd(f.totals.contracted_vnd, w.lang)),
                ("paid", vnd(f.totals.paid_vnd, w.lang)),
            ],
        ));
        if !f.missing_contracts.is_empty() {
            // A commune once, however many of its dossiers lack a contract, in the list's order.
            let mut seen = std::collections::HashSet::new();
            let names: Vec<&str> = f
                .missing_contracts
                .iter()
                .filter(|m| seen.insert(m.unit_code.as_str()))
                .map(|m| m.unit_name.as_str())
                .collect();
            paragraphs.push(w.t_args(
                "report-money-missing",
                &[
                    ("count", w.int(names.len() as u64)),
                    ("units", names.join(", ")),
                ],
            ));
        }
        tables.push(Table {
            key: w.t("report-sheet-money"),
            title: w.t("report-table-money"),
            columns: vec![
                col(w.t("funding-page-col-decision"), 8),
                col(w.t("funding-page-issued-on"), 6),
                col(w.t("report-col-total-vnd"), 8),
                col(w.t("report-col-allocated-vnd"), 8),
                col(w.t("report-col-contracted-vnd"), 8),
                col(w.t("report-col-paid-vnd"), 8),
            ],
            rows: f
                .decisions
                .iter()
                .map(|d| {
                    vec![
                        Cell::text(d.number.clone()),
                        Cell::Date(d.issued_on),
                        Cell::Money(d.total_vnd),
                        Cell::Money(d.allocated_vnd),
                        Cell::Money(d.contracted_vnd),
                        Cell::Money(d.paid_vnd),
                    ]
                })
                .collect(),
        });
    }
    if let Some(c) = capacity {
        let held: u64 = c.firms.iter().map(|f| f.plans_in_hand).sum();
        paragraphs.push(w.t_args(
            "report-capacity-summary",
            &[
                ("firms", w.int(c.firms.len() as u64)),
                ("held", w.int(held)),
                ("open", w.int(c.plans_open)),
                ("without", w.int(c.plans_without_firm)),
                ("over", w.int(c.firms_over_limit)),
                ("limit", w.int(c.max_plans_per_lead.unsigned_abs())),
            ],
        ));
        for warning in &c.warnings {
            paragraphs.push(
                w.t_args(
                    if warning.expired {
                        "report-capacity-expired"
                    } else {
                        "report-capacity-expires"
                    },
                    &[
                        ("holder", warning.holder.clone()),
                        ("number", warning.certificate_number.clone()),
                        ("date", w.date(warning.expires_on)),
                        // The commune by its name where the report's map holds it.
                        (
                            "unit",
                            data.map
                                .iter()
                                .find(|u| u.code == warning.unit_code)
                                .map_or_else(|| warning.unit_code.clone(), |u| u.name.clone()),
                        ),
                    ],
                ),
            );
        }
        tables.push(Table {
            key: w.t("report-sheet-firms"),
            title: w.t("report-table-firms"),
            columns: vec![
                col(w.t("consultant-page-col-firm"), 10),
                col(w.t("consultant-page-col-certificate"), 5),
                col(w.t("consultant-page-col-in-hand"), 5),
                col(w.t("consultant-page-col-overdue"), 5),
                col(w.t("consultant-page-col-leads"), 12),
            ],
            rows: c
                .firms
                .iter()
                .map(|f| {
                    let leads = f
                        .leads
                        .iter()
                        .map(|l| {
                            let load = format!(
                                "{} ({}/{})",
                                l.name,
                                w.int(l.plans),
                                w.int(c.max_plans_per_lead.unsigned_abs())
                            );
                            if l.over_limit {
                                format!("{load} — {}", w.t("consultant-page-over-limit"))
                            } else {
                                load
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    vec![
                        Cell::text(f.name.clone()),
                        Cell::text(w.t(if f.certificate_valid {
                            "consultant-page-valid"
                        } else {
                            "consultant-page-invalid"
                        })),
                        Cell::Integer(f.plans_in_hand as i64),
                        Cell::Integer(f.overdue as i64),
                        Cell::text(leads),
                    ]
                })
                .collect(),
        });
    }
    Some(Section {
        paragraphs,
        tables,
        ..section("money", w.t("report-section-money"))
    })
}
