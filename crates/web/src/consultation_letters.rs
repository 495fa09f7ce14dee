//! Closing the loop of a consultation (issue 15, item 6): the answer to each opinion, as the
//! e-mail sent to one who left an address and as the printed letters, one section per person
//! grouped by hamlet, for those who left a name and no address (A4, a Vietnamese
//! administration's heading). What residents wrote is data: written as text, never markup.

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_domain::consultation::TopicName;
use plantrack_reports::model::{Report, Section, TitleBlock};
use plantrack_store::consultation::notices::{LetterSheet, NoticeToSend};
use plantrack_store::consultation::{ConsultationRound, Opinion};

use crate::document_words::Words;
use crate::i18n::Lang;

fn language(w: &Words) -> Language {
    Language::parse(w.lang.code()).unwrap_or_default()
}

fn topic_name(topics: &[TopicName], key: &str, w: &Words) -> String {
    topics
        .iter()
        .find(|t| t.key == key)
        .map_or_else(|| key.to_owned(), |t| t.name(language(w)).to_owned())
}

/// The answers to an opinion, a line each: "Giao thông — giải trình: …".
fn answer_lines(o: &Opinion, topics: &[TopicName], w: &Words) -> Vec<String> {
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
                "- {point}{} — {kind}{text}",
                topic_name(topics, &a.topic, w)
            )
        })
        .collect()
}

fn subject(round: &ConsultationRound, unit: &str, w: &Words) -> String {
    w.t_args(
        "notice-subject",
        &[
            (
                "subject",
                w.t(&format!("consultation-subject-{}", round.subject.as_str())),
            ),
            ("round", round.round_no.to_string()),
            ("unit", unit.to_owned()),
        ],
    )
}

/// The letter's paragraphs for one opinion: greeting, thanks, the opinion, the answers.
fn letter_body(
    o: &Opinion,
    round: &ConsultationRound,
    unit: &str,
    issuer: &str,
    topics: &[TopicName],
    w: &Words,
) -> Vec<String> {
    let mut out = vec![
        w.t_args(
            "notice-dear",
            &[(
                "name",
                o.author_name
                    .clone()
                    .unwrap_or_else(|| w.t("notice-dear-anonymous")),
            )],
        ),
        w.t_args(
            "notice-thanks",
            &[
                ("issuer", issuer.to_owned()),
                (
                    "subject",
                    w.t(&format!("consultation-subject-{}", round.subject.as_str())),
                ),
                ("unit", unit.to_owned()),
                ("round", round.round_no.to_string()),
                ("opens", w.date(round.residents.opens_on)),
                ("closes", w.date(round.residents.closes_on)),
            ],
        ),
        w.t_args("notice-opinion", &[("received", w.date(o.received_on))]),
        o.text.clone(),
        w.t("notice-answers"),
    ];
    out.extend(answer_lines(o, topics, w));
    out.push(w.t("notice-closing"));
    out
}

/// The e-mail to one who left an address: its subject and plain-text body.
pub fn notice_mail(n: &NoticeToSend, lang: Lang) -> (String, String) {
    let w = Words::new(lang);
    let body = letter_body(&n.opinion, &n.round, &n.unit_name, &n.issuer, &n.topics, &w);
    (
        subject(&n.round, &n.unit_name, &w),
        format!("{}\n\n{}\n", body.join("\n\n"), w.t("notice-signature")),
    )
}

/// The letters of a round as a document: one section per person, grouped by hamlet (the
/// hamlet heads each of its letters), ready to print on A4.
pub fn letters(sheet: &LetterSheet, today: NaiveDate, lang: Lang) -> Report {
    let w = Words::new(lang);
    let round = &sheet.round;
    let no_hamlet = w.t("notice-no-hamlet");
    let sections: Vec<Section> = sheet
        .opinions
        .iter()
        .map(|o| {
            let hamlet = if o.hamlet.trim().is_empty() {
                no_hamlet.clone()
            } else {
                o.hamlet.trim().to_owned()
            };
            Section {
                key: format!("opinion-{}", o.id),
                heading: w.t_args(
                    "notice-letter-heading",
                    &[
                        ("hamlet", hamlet),
                        ("name", o.author_name.clone().unwrap_or_default()),
                        ("id", o.id.to_string()),
                    ],
                ),
                paragraphs: letter_body(
                    o,
                    round,
                    &sheet.unit_name,
                    &sheet.issuer,
                    &sheet.topics,
                    &w,
                ),
                tables: Vec::new(),
                figures: Vec::new(),
            }
        })
        .collect();
    let preamble = if sections.is_empty() {
        vec![w.t("notice-no-letters")]
    } else {
        vec![w.t_args(
            "notice-letters-preamble",
            &[("count", w.int(sections.len() as u64))],
        )]
    };
    Report {
        locale: w.locale,
        title: TitleBlock {
            parent_body: String::new(),
            issuer: sheet.issuer.to_uppercase(),
            nation: w.t("report-nation"),
            motto: w.t("report-motto"),
            number: String::new(),
            place_date: w.place_date(sheet.unit_name.clone(), today),
            kind: w.t("notice-letters-kind"),
            subject: subject(round, &sheet.unit_name, &w),
            basis: w.t_args(
                "consultation-table-basis",
                &[
                    ("opens", w.date(round.residents.opens_on)),
                    ("closes", w.date(round.residents.closes_on)),
                ],
            ),
        },
        preamble,
        sections,
        closing: vec![w.t("notice-signature")],
        csv_table: String::new(),
        file_title: w.t("notice-letters-kind"),
    }
}
