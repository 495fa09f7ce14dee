//! The synthesis and explanation table of a consultation round (bảng tổng hợp, giải trình,
//! tiếp thu ý kiến) as the report model: printed across A4 as a Vietnamese administration
//! prints it (STT, who gave the opinion, the opinion, its topic, the explanation or what was
//! taken in), then the summary per topic. An anonymised variant leaves out names and
//! contacts. Opinions are data: the renderers write them as text, never as markup.

use chrono::{DateTime, Utc};
use plantrack_domain::Language;
use plantrack_domain::calendar::VIETNAM_TIME;
use plantrack_reports::model::{Cell, Report, Section, Table, TitleBlock};
use plantrack_store::consultation::{ConsultationSheet, Consultee, Opinion};

use crate::document_words::{Words, col, section};
use crate::format;
use crate::i18n::Lang;

/// The reader's language as the domain names it (topic names are data in vi/en/id).
fn language(w: &Words) -> Language {
    Language::parse(w.lang.code()).unwrap_or_default()
}

/// How the table is exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// Without the names and contacts of those who gave opinions.
    pub anonymised: bool,
    /// Only the opinions answered under this topic (a key of the province's list).
    pub topic: Option<String>,
    /// Who exports it, and when: the cover line.
    pub exported_by: String,
    pub exported_at: DateTime<Utc>,
    /// The commune's name, for the heading.
    pub unit_name: String,
    /// The body that prepares the plan ("UBND xã Sìn Hồ"): the heading's issuer.
    pub issuer: String,
}

/// The topic's name in the reader's language, or its key if the list no longer has it.
fn topic_name(sheet: &ConsultationSheet, key: &str, w: &Words) -> String {
    sheet
        .topics
        .iter()
        .find(|t| t.topic.key == key)
        .map_or_else(|| key.to_owned(), |t| t.topic.name(language(w)).to_owned())
}

fn author(o: &Opinion, anonymised: bool, w: &Words) -> String {
    let mut parts = Vec::new();
    match (&o.author_name, anonymised) {
        (Some(name), false) => parts.push(name.clone()),
        _ => parts.push(w.t("consultation-anonymous")),
    }
    if o.cosigners > 0 {
        parts.push(w.t_args(
            "consultation-cosigners",
            &[("count", w.locale.integer(o.cosigners))],
        ));
    }
    if !o.hamlet.is_empty() {
        parts.push(o.hamlet.clone());
    }
    if !anonymised && !o.contact.is_empty() {
        parts.push(o.contact.clone());
    }
    parts.join("\n")
}

fn response(o: &Opinion, w: &Words) -> String {
    if o.answers.is_empty() {
        return w.t("consultation-unanswered");
    }
    o.answers
        .iter()
        .map(|a| {
            let kind = w.t(&format!(
                "consultation-response-{}",
                a.response.as_str().replace('_', "-")
            ));
            let point = if a.point.is_empty() {
                String::new()
            } else {
                format!("«{}» ", a.point)
            };
            let text = if a.text.is_empty() {
                String::new()
            } else {
                format!(": {}", a.text)
            };
            format!(
                "{point}{kind}{text} ({}, {})",
                a.answered_by,
                w.date(a.answered_on)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A consultee's replies of its current consultation, a line each: "thống nhất: … (CV 45/ĐL,
/// 20/11/2026; do UBND xã ghi nhận thay)"; earlier cycles' replies are marked as such.
fn replies(c: &Consultee, w: &Words) -> String {
    c.replies
        .iter()
        .map(|r| {
            let position = w.t(&format!(
                "consultation-position-{}",
                r.position.as_str().replace('_', "-")
            ));
            let text = if r.text.is_empty() {
                String::new()
            } else {
                format!(": {}", r.text)
            };
            let mut said = vec![w.date(r.replied_on)];
            if !r.document.is_empty() {
                said.insert(0, r.document.clone());
            }
            if r.on_behalf {
                said.push(w.t("consultation-on-behalf"));
            }
            let earlier = if r.cycle == c.cycle {
                String::new()
            } else {
                format!(
                    "[{}] ",
                    w.t_args(
                        "consultation-earlier-cycle",
                        &[("cycle", r.cycle.to_string())]
                    )
                )
            };
            format!("{earlier}{position}{text} ({})", said.join("; "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The register of agencies consulted: each body, its status, its deadline and its reply.
fn agencies_table(sheet: &ConsultationSheet, w: &Words) -> Table {
    Table {
        key: "agencies".into(),
        title: w.t("consultation-table-agencies"),
        columns: vec![
            col(w.t("consultation-col-no"), 3),
            col(w.t("consultation-col-agency"), 14),
            col(w.t("consultation-col-status"), 8),
            col(w.t("consultation-col-deadline"), 7),
            col(w.t("consultation-col-reply"), 30),
        ],
        rows: sheet
            .consultees
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut status = w.t(&format!(
                    "consultation-status-{}",
                    c.status.as_str().replace('_', "-")
                ));
                if c.silence_counts_as_agreement {
                    status = format!("{status}\n{}", w.t("consultation-silence-agrees"));
                }
                vec![
                    Cell::Integer(i as i64 + 1),
                    Cell::text(c.name.clone()),
                    Cell::text(status),
                    Cell::date(c.deadline),
                    if c.replies.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::text(replies(c, w))
                    },
                ]
            })
            .collect(),
    }
}

/// The table as the report model.
pub fn consultation_table(sheet: &ConsultationSheet, opts: &TableOptions, lang: Lang) -> Report {
    let w = Words::new(lang);
    let round = &sheet.round;
    let opinions: Vec<&Opinion> = sheet
        .opinions
        .iter()
        .filter(|o| {
            opts.topic
                .as_ref()
                .is_none_or(|t| o.answers.iter().any(|a| &a.topic == t))
        })
        .collect();
    let rows: Vec<Vec<Cell>> = opinions
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut topics: Vec<String> = Vec::new();
            for a in &o.answers {
                let name = topic_name(sheet, &a.topic, &w);
                if !topics.contains(&name) {
                    topics.push(name);
                }
            }
            vec![
                Cell::Integer(i as i64 + 1),
                Cell::text(author(o, opts.anonymised, &w)),
                Cell::text(o.text.clone()),
                Cell::text(topics.join(", ")),
                Cell::text(response(o, &w)),
            ]
        })
        .collect();
    let opinions_table = Table {
        key: "opinions".into(),
        title: w.t("consultation-table-opinions"),
        columns: vec![
            col(w.t("consultation-col-no"), 3),
            col(w.t("consultation-col-author"), 10),
            col(w.t("consultation-col-opinion"), 24),
            col(w.t("consultation-col-topic"), 8),
            col(w.t("consultation-col-response"), 24),
        ],
        rows,
    };
    let summaries = Table {
        key: "topics".into(),
        title: w.t("consultation-table-summaries"),
        columns: vec![
            col(w.t("consultation-col-no"), 3),
            col(w.t("consultation-col-topic"), 10),
            col(w.t("consultation-col-count"), 5),
            col(w.t("consultation-col-summary"), 40),
        ],
        rows: sheet
            .topics
            .iter()
            .filter(|t| opts.topic.as_ref().is_none_or(|k| &t.topic.key == k))
            .enumerate()
            .map(|(i, t)| {
                vec![
                    Cell::Integer(i as i64 + 1),
                    Cell::text(t.topic.name(language(&w))),
                    Cell::Integer(t.opinions as i64),
                    t.summary.clone().map_or(Cell::Empty, Cell::Text),
                ]
            })
            .collect(),
    };
    let filters = match &opts.topic {
        Some(t) => format!(
            "{}: {}",
            w.t("consultation-col-topic"),
            topic_name(sheet, t, &w)
        ),
        None => w.t("consultation-table-no-filter"),
    };
    let mut preamble = vec![w.t_args(
        "consultation-table-cover",
        &[
            ("who", opts.exported_by.clone()),
            ("when", format::timestamp(opts.exported_at)),
            ("filters", filters),
        ],
    )];
    if opts.anonymised {
        preamble.push(w.t("consultation-table-cover-anonymised"));
    }
    let subject = w.t(&format!("consultation-subject-{}", round.subject.as_str()));
    let day = opts.exported_at.with_timezone(&VIETNAM_TIME).date_naive();
    Report {
        locale: w.locale,
        title: TitleBlock {
            parent_body: String::new(),
            issuer: opts.issuer.to_uppercase(),
            nation: w.t("report-nation"),
            motto: w.t("report-motto"),
            number: String::new(),
            place_date: w.place_date(opts.unit_name.clone(), day),
            kind: w.t("consultation-table-kind"),
            subject: w.t_args(
                "consultation-table-subject",
                &[
                    ("subject", subject),
                    ("round", round.round_no.to_string()),
                    ("unit", opts.unit_name.clone()),
                ],
            ),
            basis: w.t_args(
                "consultation-table-basis",
                &[
                    ("opens", w.date(round.residents.opens_on)),
                    ("closes", w.date(round.residents.closes_on)),
                ],
            ),
        },
        preamble,
        sections: vec![Section {
            tables: vec![opinions_table, summaries, agencies_table(sheet, &w)],
            ..section("synthesis", w.t("consultation-table-kind"))
        }],
        closing: Vec::new(),
        csv_table: "opinions".into(),
        file_title: w.t("consultation-table-kind"),
    }
}
