//! The progress report as a document (issue 14): the data the store read
//! ([`ProgressDocumentData`]) put into words in the reader's language, as the report model
//! plantrack-reports lays out. Empty parts are left out. A later part (the forecast) is one
//! more section pushed in [`progress_document`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plantrack_domain::deadline::DeadlineStatus;
use plantrack_domain::forecast::{Forecast, Source, TargetFrom};
use plantrack_domain::plan::PlanType;
use plantrack_domain::progress::{DossierPosition, Movement, ProgressReport};
use plantrack_reports::model::{
    Category, Cell, Chart, ChartKind, Column, Figure, LegendEntry, MapFigure, MapUnit, Report,
    Section, Series, Table, TitleBlock,
};
use plantrack_store::planning::{ProgressDocumentData, ReportForecast};

use crate::document_words::{Words, col};
use crate::i18n::Lang;

/// The plan type the map and the charts show: the campaign's, the communes' general plans.
const MAPPED: PlanType = PlanType::CommuneGeneral;

/// The file name a report is saved under: `bao-cao-tien-do-12-2025-11-25.pdf`.
pub fn file_name(province: Option<&str>, as_of: NaiveDate, extension: &str) -> String {
    format!(
        "bao-cao-tien-do-{}-{as_of}.{extension}",
        province.unwrap_or("ca-nuoc")
    )
}

/// The words of this report that come from its data.
impl Words {
    fn plan_type(&self, t: PlanType) -> String {
        self.lang.t(&format!("plan-type-{}", t.as_str()))
    }

    fn status(&self, p: &DossierPosition) -> String {
        self.lang.t(&format!("status-{}", p.status.as_str()))
    }

    /// A message whose key is built from data (a blocker category's).
    fn t_dynamic(&self, key: &str) -> String {
        self.lang
            .try_t(key)
            .unwrap_or_else(|| self.t("blocker-category-unknown"))
    }
}

fn stage_label(p: &DossierPosition) -> String {
    format!("{}. {}", p.stage_order + 1, p.stage_name)
}

/// The dossiers of a report, every one.
fn positions(r: &ProgressReport) -> Vec<&DossierPosition> {
    r.units.iter().flat_map(|u| &u.plans).collect()
}

fn title_block(data: &ProgressDocumentData, w: &Words) -> TitleBlock {
    let r = &data.report;
    let as_of = r.as_of;
    let (parent_body, issuer, place, subject) = match &data.province_name {
        Some(name) => (
            w.t_args(
                "report-parent-body-province",
                &[("province", name.to_uppercase())],
            ),
            w.t("report-issuer-province"),
            name.clone(),
            w.t_args("report-subject-province", &[("province", name.clone())]),
        ),
        None => (
            w.t("report-parent-body-country"),
            w.t("report-issuer-country"),
            w.t("report-place-country"),
            w.t("report-subject-country"),
        ),
    };
    let basis = match &data.compared {
        Some((earlier, _)) => w.t_args(
            "report-basis-compare",
            &[("as_of", w.date(as_of)), ("compare", w.date(earlier.as_of))],
        ),
        None => w.t_args("report-basis", &[("as_of", w.date(as_of))]),
    };
    TitleBlock {
        parent_body,
        issuer,
        nation: w.t("report-nation"),
        motto: w.t("report-motto"),
        number: w.t("report-number"),
        place_date: w.place_date(place, as_of),
        kind: w.t("report-kind"),
        subject,
        basis,
    }
}

fn stages_section(data: &ProgressDocumentData, w: &Words) -> Section {
    let r = &data.report;
    let earlier = data.compared.as_ref().map(|(e, _)| e);
    let before: BTreeMap<(PlanType, &str, &str), u64> = earlier
        .map(|e| {
            e.stages
                .iter()
                .map(|s| {
                    (
                        (s.plan_type, s.template.as_str(), s.stage.as_str()),
                        s.count,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut columns = vec![
        col(w.t("report-col-plan-type"), 8),
        col(w.t("report-col-stage"), 12),
        col(w.t("report-col-count"), 3),
    ];
    if let Some(e) = earlier {
        columns.push(col(
            w.t_args("report-col-change", &[("compare", w.date(e.as_of))]),
            4,
        ));
    }
    columns.extend([
        col(w.t("report-col-overdue"), 3),
        col(w.t("report-col-due-soon"), 3),
        col(w.t("report-col-on-hold"), 3),
    ]);
    let mut rows: Vec<Vec<Cell>> = r
        .stages
        .iter()
        .map(|s| {
            let mut row = vec![
                Cell::text(w.plan_type(s.plan_type)),
                Cell::text(format!("{}. {}", s.stage_order + 1, s.stage_name)),
                Cell::Integer(s.count as i64),
            ];
            if earlier.is_some() {
                let then = before
                    .get(&(s.plan_type, s.template.as_str(), s.stage.as_str()))
                    .copied()
                    .unwrap_or(0);
                row.push(Cell::Change(s.count as i64 - then as i64));
            }
            row.extend([
                Cell::Integer(s.overdue as i64),
                Cell::Integer(s.due_soon as i64),
                Cell::Integer(s.on_hold as i64),
            ]);
            row
        })
        .collect();
    // Stages that emptied since the compared day still show where the dossiers left.
    if let Some(e) = earlier {
        for s in &e.stages {
            let present = r.stages.iter().any(|n| {
                (n.plan_type, &n.template, &n.stage) == (s.plan_type, &s.template, &s.stage)
            });
            if !present {
                rows.push(vec![
                    Cell::text(w.plan_type(s.plan_type)),
                    Cell::text(format!("{}. {}", s.stage_order + 1, s.stage_name)),
                    Cell::Integer(0),
                    Cell::Change(-(s.count as i64)),
                    Cell::Integer(0),
                    Cell::Integer(0),
                    Cell::Integer(0),
                ]);
            }
        }
    }
    let mut total = vec![
        Cell::text(w.t("report-total")),
        Cell::Empty,
        Cell::Integer(r.total as i64),
    ];
    if let Some(e) = earlier {
        total.push(Cell::Change(r.total as i64 - e.total as i64));
    }
    total.extend([
        Cell::Integer(r.overdue_total as i64),
        Cell::Integer(r.due_soon_total as i64),
        Cell::Integer(r.stages.iter().map(|s| s.on_hold).sum::<u64>() as i64),
    ]);
    rows.push(total);
    let mut paragraphs = vec![w.t_args(
        "report-summary",
        &[
            ("total", w.int(r.total)),
            ("overdue", w.int(r.overdue_total)),
            ("due_soon", w.int(r.due_soon_total)),
        ],
    )];
    if let Some((e, moved)) = &data.compared {
        paragraphs.push(w.t_args(
            "report-summary-change",
            &[
                ("compare", w.date(e.as_of)),
                ("advanced", w.int(moved.advanced.len() as u64)),
                ("slipped", w.int(moved.slipped.len() as u64)),
                ("opened", w.int(moved.opened.len() as u64)),
            ],
        ));
    }
    // The chart: the mapped plan type's stages, on the day and on the compared day.
    let mapped: Vec<_> = r.stages.iter().filter(|s| s.plan_type == MAPPED).collect();
    let mut figures = Vec::new();
    if !mapped.is_empty() {
        let mut series = vec![Series {
            name: w.date(r.as_of),
            values: mapped.iter().map(|s| s.count as f64).collect(),
        }];
        if let Some(e) = earlier {
            series.push(Series {
                name: w.date(e.as_of),
                values: mapped
                    .iter()
                    .map(|s| {
                        before
                            .get(&(s.plan_type, s.template.as_str(), s.stage.as_str()))
                            .copied()
                            .unwrap_or(0) as f64
                    })
                    .collect(),
            });
        }
        figures.push(Figure::Chart(Chart {
            key: w.t("report-sheet-chart-stages"),
            title: w.t_args("report-chart-stages", &[("plan_type", w.plan_type(MAPPED))]),
            kind: ChartKind::Bar,
            category_title: w.t("report-col-stage"),
            value_title: w.t("report-col-count"),
            categories: mapped
                .iter()
                .map(|s| Category::Text(format!("{}. {}", s.stage_order + 1, s.stage_name)))
                .collect(),
            series,
        }));
    }
    Section {
        key: "stages".into(),
        heading: w.t("report-section-stages"),
        paragraphs,
        tables: vec![Table {
            key: w.t("report-sheet-stages"),
            title: w.t("report-table-stages"),
            columns,
            rows,
        }],
        figures,
    }
}

fn map_polygons(g: &geojson::GeometryValue) -> Vec<Vec<Vec<[f64; 2]>>> {
    let ring = |r: &Vec<geojson::Position>| {
        r.iter()
            .filter(|p| p.len() >= 2)
            .map(|p| [p[0], p[1]])
            .collect::<Vec<_>>()
    };
    match g {
        geojson::GeometryValue::Polygon { coordinates } => {
            vec![coordinates.iter().map(ring).collect()]
        }
        geojson::GeometryValue::MultiPolygon { coordinates } => coordinates
            .iter()
            .map(|poly| poly.iter().map(ring).collect())
            .collect(),
        _ => Vec::new(),
    }
}

fn units_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    let r = &data.report;
    // Each unit at its least advanced plan of the mapped type, as the dashboard's map.
    let mut at: BTreeMap<&str, &DossierPosition> = BTreeMap::new();
    for p in positions(r).into_iter().filter(|p| p.plan_type == MAPPED) {
        let e = at.entry(p.unit_code.as_str()).or_insert(p);
        if p.stage_order < e.stage_order {
            *e = p;
        }
    }
    if at.is_empty() {
        return None;
    }
    let mut by_stage: BTreeMap<u32, (String, Vec<&str>)> = BTreeMap::new();
    for p in at.values() {
        by_stage
            .entry(p.stage_order)
            .or_insert_with(|| (p.stage_name.clone(), Vec::new()))
            .1
            .push(p.unit_name.as_str());
    }
    let rows = by_stage
        .iter()
        .map(|(order, (name, units))| {
            let mut units = units.clone();
            units.sort_unstable();
            vec![
                Cell::text(format!("{}. {name}", order + 1)),
                Cell::Integer(units.len() as i64),
                Cell::text(units.join(", ")),
            ]
        })
        .collect();
    let mut rows: Vec<Vec<Cell>> = rows;
    let mut without: Vec<&str> = data
        .map
        .iter()
        .filter(|u| !at.contains_key(u.code.as_str()))
        .map(|u| u.name.as_str())
        .collect();
    if !without.is_empty() {
        without.sort_unstable();
        rows.push(vec![
            Cell::text(w.t("report-map-no-plan")),
            Cell::Integer(without.len() as i64),
            Cell::text(without.join(", ")),
        ]);
    }
    let mut figures = Vec::new();
    if !data.map.is_empty() {
        let legend = by_stage
            .iter()
            .map(|(order, (name, units))| LegendEntry {
                number: order + 1,
                label: name.clone(),
                count: units.len() as u64,
            })
            .collect();
        figures.push(Figure::Map(MapFigure {
            key: w.t("report-sheet-map"),
            title: w.t_args("report-map-title", &[("plan_type", w.plan_type(MAPPED))]),
            units: data
                .map
                .iter()
                .map(|u| MapUnit {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    stage: at.get(u.code.as_str()).map(|p| p.stage_order + 1),
                    polygons: map_polygons(&u.boundary),
                })
                .collect(),
            legend,
            no_plan: w.t("report-map-no-plan"),
            legend_headers: [
                w.t("report-map-col-number"),
                w.t("report-col-stage"),
                w.t("report-col-unit-count"),
            ],
        }));
    }
    Some(Section {
        key: "units".into(),
        heading: w.t_args(
            "report-section-units",
            &[("plan_type", w.plan_type(MAPPED))],
        ),
        paragraphs: Vec::new(),
        tables: vec![Table {
            key: w.t("report-sheet-units"),
            title: w.t("report-table-stage-units"),
            columns: vec![
                col(w.t("report-col-stage"), 8),
                col(w.t("report-col-unit-count"), 2),
                col(w.t("report-col-units"), 16),
            ],
            rows,
        }],
        figures,
    })
}

/// Where each moved dossier stands now.
fn after(list: &[Movement]) -> Vec<&DossierPosition> {
    list.iter().map(|m| &m.after).collect()
}

fn late_rows(list: &[&DossierPosition], w: &Words) -> Vec<Vec<Cell>> {
    list.iter()
        .map(|p| {
            vec![
                Cell::text(p.unit_name.clone()),
                Cell::text(w.plan_type(p.plan_type)),
                Cell::text(stage_label(p)),
                Cell::date(p.due_on),
                Cell::Integer(p.deadline.days_late),
            ]
        })
        .collect()
}

fn late_columns(w: &Words) -> Vec<Column> {
    vec![
        col(w.t("report-col-unit"), 5),
        col(w.t("report-col-plan-type"), 5),
        col(w.t("report-col-stage"), 9),
        col(w.t("report-col-due"), 3),
        col(w.t("report-col-days-late"), 3),
    ]
}

fn changes_section(data: &ProgressDocumentData, w: &Words) -> Section {
    let r = &data.report;
    let mut tables = Vec::new();
    let mut paragraphs = Vec::new();
    let heading;
    if let Some((earlier, moved)) = &data.compared {
        heading = w.t_args(
            "report-section-changes",
            &[("compare", w.date(earlier.as_of))],
        );
        if !moved.advanced.is_empty() {
            tables.push(Table {
                key: w.t("report-sheet-advanced"),
                title: w.t("report-table-advanced"),
                columns: vec![
                    col(w.t("report-col-unit"), 5),
                    col(w.t("report-col-plan-type"), 5),
                    col(w.t("report-col-from-stage"), 8),
                    col(w.t("report-col-to-stage"), 8),
                ],
                rows: moved
                    .advanced
                    .iter()
                    .map(|m| {
                        vec![
                            Cell::text(m.after.unit_name.clone()),
                            Cell::text(w.plan_type(m.after.plan_type)),
                            Cell::text(m.before.as_ref().map(stage_label).unwrap_or_default()),
                            Cell::text(stage_label(&m.after)),
                        ]
                    })
                    .collect(),
            });
        }
        for (list, key, title) in [
            (
                after(&moved.slipped),
                w.t("report-sheet-slipped"),
                w.t("report-table-slipped"),
            ),
            (
                after(&moved.still_late),
                w.t("report-sheet-still-late"),
                w.t("report-table-still-late"),
            ),
        ] {
            if !list.is_empty() {
                tables.push(Table {
                    key,
                    title,
                    columns: late_columns(w),
                    rows: late_rows(&list, w),
                });
            }
        }
        if !moved.opened.is_empty() {
            tables.push(Table {
                key: w.t("report-sheet-opened"),
                title: w.t("report-table-opened"),
                columns: vec![
                    col(w.t("report-col-unit"), 5),
                    col(w.t("report-col-plan-type"), 5),
                    col(w.t("report-col-stage"), 9),
                ],
                rows: moved
                    .opened
                    .iter()
                    .map(|p| {
                        vec![
                            Cell::text(p.unit_name.clone()),
                            Cell::text(w.plan_type(p.plan_type)),
                            Cell::text(stage_label(p)),
                        ]
                    })
                    .collect(),
            });
        }
        if tables.is_empty() {
            paragraphs.push(w.t("report-no-changes"));
        }
    } else {
        heading = w.t("report-section-overdue");
        let late: Vec<&DossierPosition> = r.overdue.iter().collect();
        if late.is_empty() {
            paragraphs.push(w.t("report-none-overdue"));
        } else {
            tables.push(Table {
                key: w.t("report-sheet-overdue"),
                title: w.t("report-table-overdue"),
                columns: late_columns(w),
                rows: late_rows(&late, w),
            });
        }
    }
    Section {
        key: "changes".into(),
        heading,
        paragraphs,
        tables,
        figures: Vec::new(),
    }
}

fn blockers_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    let r = &data.report;
    let mut tables = Vec::new();
    let blocker_rows: Vec<Vec<Cell>> = r
        .stages
        .iter()
        .flat_map(|s| {
            s.blockers.iter().map(move |b| {
                vec![
                    Cell::text(w.plan_type(s.plan_type)),
                    Cell::text(format!("{}. {}", s.stage_order + 1, s.stage_name)),
                    Cell::text(w.t_dynamic(&format!(
                        "blocker-category-{}",
                        b.category.as_str().replace('_', "-")
                    ))),
                    Cell::Integer(b.count as i64),
                ]
            })
        })
        .collect();
    if !blocker_rows.is_empty() {
        tables.push(Table {
            key: w.t("report-sheet-blockers"),
            title: w.t("report-table-blockers"),
            columns: vec![
                col(w.t("report-col-plan-type"), 5),
                col(w.t("report-col-stage"), 8),
                col(w.t("report-col-blocker"), 8),
                col(w.t("report-col-count"), 3),
            ],
            rows: blocker_rows,
        });
    }
    let names: BTreeMap<&str, &str> = positions(r)
        .into_iter()
        .map(|p| (p.unit_code.as_str(), p.unit_name.as_str()))
        .collect();
    if !data.open_requests.is_empty() {
        tables.push(Table {
            key: w.t("report-sheet-requests"),
            title: w.t("report-table-requests"),
            columns: vec![
                col(w.t("report-col-unit"), 4),
                col(w.t("report-col-department"), 5),
                col(w.t("report-col-request"), 9),
                col(w.t("report-col-asked-on"), 3),
                col(w.t("report-col-due"), 3),
                col(w.t("report-col-late"), 2),
            ],
            rows: data
                .open_requests
                .iter()
                .map(|q| {
                    vec![
                        Cell::text(
                            names
                                .get(q.unit_code.as_str())
                                .map_or_else(|| q.unit_code.clone(), |n| (*n).to_owned()),
                        ),
                        Cell::text(q.department.clone()),
                        Cell::text(q.text.clone()),
                        Cell::Date(q.asked_on),
                        Cell::Date(q.due_on),
                        Cell::text(w.t(if q.late { "report-yes" } else { "report-no" })),
                    ]
                })
                .collect(),
        });
    }
    if !data.late_tasks.is_empty() {
        tables.push(Table {
            key: w.t("report-sheet-tasks"),
            title: w.t("report-table-tasks"),
            columns: vec![
                col(w.t("report-col-directive"), 10),
                col(w.t("report-col-assignee"), 5),
                col(w.t("report-col-due"), 3),
                col(w.t("report-col-working-days-late"), 3),
            ],
            rows: data
                .late_tasks
                .iter()
                .map(|t| {
                    vec![
                        Cell::text(t.directive_text.clone()),
                        Cell::text(t.assignee.clone()),
                        Cell::Date(t.due_on),
                        Cell::Integer(t.working_days_late),
                    ]
                })
                .collect(),
        });
    }
    (!tables.is_empty()).then(|| Section {
        key: "blockers".into(),
        heading: w.t("report-section-blockers"),
        paragraphs: Vec::new(),
        tables,
        figures: Vec::new(),
    })
}

fn timeline_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    // Stages of the mapped type met anywhere on the way, in order.
    let mut stages: BTreeMap<u32, String> = BTreeMap::new();
    for p in &data.timeline {
        for s in p.stages.iter().filter(|s| s.plan_type == MAPPED) {
            stages
                .entry(s.stage_order)
                .or_insert_with(|| s.stage_name.clone());
        }
    }
    // The first stage reached is every dossier: the lines start from the second.
    let shown: Vec<(u32, String)> = stages.into_iter().skip(1).collect();
    if shown.is_empty() || data.timeline.len() < 2 {
        return None;
    }
    let series = shown
        .iter()
        .map(|(order, name)| Series {
            name: format!("{}. {name}", order + 1),
            values: data
                .timeline
                .iter()
                .map(|p| {
                    p.stages
                        .iter()
                        .filter(|s| s.plan_type == MAPPED && s.stage_order >= *order)
                        .map(|s| s.count)
                        .sum::<u64>() as f64
                })
                .collect(),
        })
        .collect();
    Some(Section {
        key: "timeline".into(),
        heading: w.t("report-section-timeline"),
        paragraphs: vec![w.t_args(
            "report-timeline-note",
            &[("begins", w.date(data.data_begins))],
        )],
        tables: Vec::new(),
        figures: vec![Figure::Chart(Chart {
            key: w.t("report-sheet-chart-timeline"),
            title: w.t_args(
                "report-chart-timeline",
                &[("plan_type", w.plan_type(MAPPED))],
            ),
            kind: ChartKind::Line,
            category_title: w.t("report-axis-date"),
            value_title: w.t("report-col-count"),
            categories: data.timeline.iter().map(|p| Category::Date(p.on)).collect(),
            series,
        })],
    })
}

fn dossiers_section(data: &ProgressDocumentData, w: &Words) -> Section {
    let r = &data.report;
    let earlier: BTreeMap<i64, &DossierPosition> = data
        .compared
        .as_ref()
        .map(|(e, _)| {
            positions(e)
                .into_iter()
                .map(|p| (p.dossier_id, p))
                .collect()
        })
        .unwrap_or_default();
    let mut columns = vec![
        col(w.t("report-col-unit-code"), 3),
        col(w.t("report-col-unit"), 5),
        col(w.t("report-col-plan-type"), 5),
        col(w.t("report-col-stage"), 9),
        col(w.t("report-col-status"), 4),
        col(w.t("report-col-entered"), 3),
        col(w.t("report-col-due"), 3),
        col(w.t("report-col-days-late"), 2),
    ];
    if let Some((e, _)) = &data.compared {
        columns.push(col(
            w.t_args("report-col-stage-then", &[("compare", w.date(e.as_of))]),
            9,
        ));
    }
    let rows = positions(r)
        .into_iter()
        .map(|p| {
            let mut row = vec![
                Cell::text(p.unit_code.clone()),
                Cell::text(p.unit_name.clone()),
                Cell::text(w.plan_type(p.plan_type)),
                Cell::text(stage_label(p)),
                Cell::text(w.status(p)),
                Cell::Date(p.stage_entered_on),
                Cell::date(p.due_on),
                if p.deadline.status == DeadlineStatus::Overdue {
                    Cell::Integer(p.deadline.days_late)
                } else {
                    Cell::Empty
                },
            ];
            if data.compared.is_some() {
                row.push(
                    earlier
                        .get(&p.dossier_id)
                        .map_or(Cell::Empty, |b| Cell::text(stage_label(b))),
                );
            }
            row
        })
        .collect();
    Section {
        key: "dossiers".into(),
        heading: w.t("report-section-dossiers"),
        paragraphs: Vec::new(),
        tables: vec![Table {
            key: w.t("report-sheet-dossiers"),
            title: w.t("report-table-dossiers"),
            columns,
            rows,
        }],
        figures: Vec::new(),
    }
}

/// Communes at risk printed in the forecast's table; the rest are counted.
const AT_RISK_ROWS: usize = 60;

/// The forecast: how many dossiers are likely to be approved by the target, the communes at
/// risk, and what the estimate rests on. A target already past is said in one line.
fn forecast_section(data: &ProgressDocumentData, w: &Words) -> Option<Section> {
    let forecast = data.forecast.as_ref()?;
    let f = match forecast {
        ReportForecast::TargetPassed { target } => {
            return Some(Section {
                key: "forecast".to_owned(),
                heading: w.t_args("report-section-forecast", &[("target", w.date(*target))]),
                paragraphs: vec![w.t_args(
                    "report-forecast-target-passed",
                    &[
                        ("target", w.date(*target)),
                        ("as_of", w.date(data.report.as_of)),
                    ],
                )],
                tables: Vec::new(),
                figures: Vec::new(),
            });
        }
        ReportForecast::Made(f) => f,
    };
    let likely = f.dossiers.iter().filter(|d| d.p_meet_target >= 0.5).count();
    let unlikely = f.dossiers.len() - likely;
    let from = match f.target_from {
        TargetFrom::Given => w.t("report-forecast-target-given"),
        TargetFrom::Directive => w.t("report-forecast-target-directive"),
        TargetFrom::Default => w.t("report-forecast-target-default"),
    };
    let mut paragraphs = vec![
        w.t_args(
            "report-forecast-summary",
            &[
                ("target", w.date(f.target)),
                ("from", from),
                ("likely", w.int(likely as u64)),
                ("unlikely", w.int(unlikely as u64)),
                ("approved", w.int(f.approved as u64)),
            ],
        ),
        w.t_args(
            "report-forecast-note",
            &[
                ("as_of", w.date(f.as_of)),
                ("simulations", w.int(u64::from(f.simulations))),
                ("seed", f.seed.to_string()),
            ],
        ),
    ];
    // Least likely first, as the forecast lists them.
    let at_risk: Vec<_> = f
        .dossiers
        .iter()
        .filter(|d| d.p_meet_target < 0.5)
        .collect();
    if at_risk.len() > AT_RISK_ROWS {
        paragraphs.push(w.t_args(
            "report-forecast-more",
            &[
                ("shown", w.int(AT_RISK_ROWS as u64)),
                ("total", w.int(at_risk.len() as u64)),
            ],
        ));
    }
    let mut tables = Vec::new();
    if !at_risk.is_empty() {
        tables.push(Table {
            key: w.t("report-sheet-forecast"),
            title: w.t_args("report-table-at-risk", &[("target", w.date(f.target))]),
            columns: vec![
                col(w.t("report-col-unit"), 8),
                col(w.t("report-col-stage"), 10),
                col(w.t("report-col-probability"), 4),
                col(w.t("report-col-p50"), 4),
            ],
            rows: at_risk
                .iter()
                .take(AT_RISK_ROWS)
                .map(|d| {
                    vec![
                        Cell::text(if d.unit_name.is_empty() {
                            d.unit_code.clone()
                        } else {
                            d.unit_name.clone()
                        }),
                        Cell::text(d.stage_name.clone()),
                        Cell::Integer((d.p_meet_target * 100.0).round() as i64),
                        Cell::Date(d.p50),
                    ]
                })
                .collect(),
        });
    }
    tables.extend(basis_table(f, data, w));
    Some(Section {
        key: "forecast".to_owned(),
        heading: w.t_args("report-section-forecast", &[("target", w.date(f.target))]),
        paragraphs,
        tables,
        figures: Vec::new(),
    })
}

/// What each stage's expected length rests on, for a province's report (the country's would
/// repeat it for every province).
fn basis_table(f: &Forecast, data: &ProgressDocumentData, w: &Words) -> Option<Table> {
    data.province_name.as_ref()?;
    if f.basis.is_empty() {
        return None;
    }
    Some(Table {
        key: w.t("report-sheet-forecast-basis"),
        title: w.t("report-table-forecast-basis"),
        columns: vec![
            col(w.t("report-col-stage"), 10),
            col(w.t("report-col-basis"), 6),
            col(w.t("report-col-ended"), 4),
            col(w.t("report-col-median"), 4),
        ],
        rows: f
            .basis
            .iter()
            .map(|b| {
                let source = match b.source {
                    Source::Province => "report-basis-province",
                    Source::Country => "report-basis-country",
                    Source::Statutory => "report-basis-statutory",
                    Source::Assumed => "report-basis-assumed",
                };
                vec![
                    Cell::text(b.stage_name.clone()),
                    Cell::text(w.t(source)),
                    Cell::Integer(b.ended as i64),
                    Cell::Decimal(b.median_working_days),
                ]
            })
            .collect(),
    })
}

/// The progress report on `data` in `lang`.
pub fn progress_document(data: &ProgressDocumentData, lang: Lang) -> Report {
    let w = Words::new(lang);
    let r = &data.report;
    let mut sections = vec![stages_section(data, &w)];
    sections.extend(units_section(data, &w));
    sections.push(changes_section(data, &w));
    sections.extend(blockers_section(data, &w));
    sections.extend(timeline_section(data, &w));
    sections.extend(forecast_section(data, &w));
    sections.extend(crate::progress_consultation::consultation_section(data, &w));
    sections.extend(crate::progress_appraisal::appraisal_section(data, &w));
    sections.extend(crate::progress_money::money_section(data, &w));
    sections.push(dossiers_section(data, &w));
    let mut closing = vec![w.t("report-closing-source")];
    if let Some(known) = r.as_known_on {
        closing.push(w.t_args(
            "report-closing-known-on",
            &[(
                "time",
                known.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            )],
        ));
    }
    if let Some(digest) = &r.history_digest {
        closing.push(w.t_args("report-closing-digest", &[("digest", digest.clone())]));
    }
    let csv_table = w.t("report-sheet-dossiers");
    Report {
        locale: w.locale,
        title: title_block(data, &w),
        preamble: vec![w.t_args("report-preamble", &[("as_of", w.date(r.as_of))])],
        sections,
        closing,
        csv_table,
        file_title: w.t_args("report-file-title", &[("as_of", w.date(r.as_of))]),
    }
}
