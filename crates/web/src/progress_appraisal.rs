//! The appraisal part of the progress report (issue 19, item 5): the province's commune general
//! plans with a checked land-use map side by side — the indicators of the comparison page, one
//! column each, and each plan's outliers named in words — so that "consistent and uniform" is
//! in what leadership reads. Kept apart from the report's other sections.

use plantrack_domain::appraisal::compare::value_of;
use plantrack_reports::model::{Cell, Section, Table};
use plantrack_store::planning::ProgressDocumentData;

use crate::document_words::{Words, col, section};
use crate::i18n::{indicator_name, indicator_value, outlier_text, shown_indicators};

/// The section, or none when the report has no comparison (a country report, a past day, no
/// plan with a checked map, or a reader who does not read it).
pub(crate) fn appraisal_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    let cmp = data.appraisal.as_ref()?;
    let lang = w.lang;
    let indicators = shown_indicators();
    let flagged = cmp.plans.iter().filter(|p| !p.outliers.is_empty()).count();
    let mut paragraphs = vec![w.t_args(
        "report-appraisal-summary",
        &[
            ("plans", w.int(cmp.plans.len() as u64)),
            ("without", w.int(cmp.plans_without_map.unsigned_abs())),
            ("flagged", w.int(flagged as u64)),
        ],
    )];
    paragraphs.push(w.t("compare-rule"));
    if !cmp.population_known {
        paragraphs.push(w.t("compare-no-population"));
    }
    let mut columns = vec![col(w.t("report-col-unit"), 8)];
    columns.extend(indicators.iter().map(|i| col(indicator_name(lang, i), 5)));
    columns.push(col(w.t("compare-outliers"), 12));
    let rows = cmp
        .plans
        .iter()
        .map(|p| {
            let mut row = vec![Cell::text(format!("{} ({})", p.unit_name, p.unit_code))];
            row.extend(indicators.iter().map(|i| {
                Cell::text(
                    value_of(&p.indicators, i)
                        .map_or_else(|| w.t("compare-no-data"), |v| indicator_value(lang, i, v)),
                )
            }));
            row.push(Cell::text(if p.outliers.is_empty() {
                w.t("compare-page-none")
            } else {
                p.outliers
                    .iter()
                    .map(|o| outlier_text(lang, o))
                    .collect::<Vec<_>>()
                    .join("; ")
            }));
            row
        })
        .collect();
    Some(Section {
        paragraphs,
        tables: vec![Table {
            key: w.t("report-sheet-appraisal"),
            title: w.t("report-table-appraisal"),
            columns,
            rows,
        }],
        ..section("appraisal", w.t("report-section-appraisal"))
    })
}
