//! `consultation list`, `open` and `show`.

use chrono::NaiveDate;
use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::consultation::{ConsultationForm, Subject};
use plantrack_store::Planning;
use plantrack_store::consultation::{ConsultationQuery, ConsultationSheet, NewRound};
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::table::{date, headings, opt_date, render};
use crate::cli::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only one commune's rounds (its unit code).
    #[arg(long)]
    pub unit: Option<String>,
    /// Only one dossier's rounds.
    #[arg(long)]
    pub dossier: Option<i64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The dossier consulted on.
    #[arg(long)]
    pub dossier: i64,
    /// What is consulted on: task or plan.
    #[arg(long, value_parser = parse_subject, default_value = "plan")]
    pub subject: Subject,
    /// The public notice: the residents' track opens (YYYY-MM-DD).
    #[arg(long)]
    pub opens: NaiveDate,
    /// The residents' track closes: 20 to 30 days after it opens.
    #[arg(long)]
    pub closes: NaiveDate,
    /// The agencies' track opens (the residents' opening day by default).
    #[arg(long)]
    pub agencies_opens: Option<NaiveDate>,
    /// The agencies' deadline (15 days after their track opens by default; never sooner).
    #[arg(long)]
    pub agencies_closes: Option<NaiveDate>,
    /// written_request, public_display, online_page, resident_meeting; repeat for several.
    #[arg(long = "form", required = true, value_parser = parse_form)]
    pub forms: Vec<ConsultationForm>,
    /// A document of the dossier consulted on (its number in the dossier); repeatable.
    #[arg(long = "document")]
    pub documents: Vec<u64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

fn parse_subject(s: &str) -> Result<Subject, String> {
    Subject::parse(s).ok_or_else(|| format!("unknown subject '{s}'; one of: task, plan"))
}

fn parse_form(s: &str) -> Result<ConsultationForm, String> {
    ConsultationForm::parse(s).ok_or_else(|| {
        format!(
            "unknown form '{s}'; one of: written_request, public_display, online_page, resident_meeting"
        )
    })
}

pub async fn list(planning: &Planning, args: ListArgs, lang: Language) -> Result<(), CliError> {
    let rounds = planning
        .consultations(
            Caller::Operator,
            &ConsultationQuery {
                unit: args.unit,
                dossier: args.dossier,
            },
        )
        .await?;
    match args.format.format {
        // The contract's keys, exactly (issue 15).
        Format::Json => print_json(&serde_json::json!({
            "consultations": rounds.iter().map(|r| serde_json::json!({
                "id": r.id,
                "dossier": r.dossier,
                "unit_code": r.unit_code,
                "opens_on": r.opens_on,
                "closes_on": r.closes_on,
                "opinions": r.opinions,
                "answered": r.answered,
            })).collect::<Vec<_>>(),
        })),
        Format::Table => {
            let rows: Vec<Vec<String>> = rounds
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.dossier.to_string(),
                        r.unit_code.clone(),
                        r.round_no.to_string(),
                        date(r.opens_on),
                        date(r.closes_on),
                        r.opinions.to_string(),
                        r.answered.to_string(),
                        format!("{}/{}", r.replied, r.consultees),
                    ]
                })
                .collect();
            let header = headings(
                lang,
                &[
                    "cli-col-id",
                    "cli-col-dossier",
                    "cli-col-unit",
                    "cli-col-round",
                    "cli-col-opens-on",
                    "cli-col-closes-on",
                    "cli-col-opinions",
                    "cli-col-answered",
                    "cli-col-replies",
                ],
            );
            outp!("{}", render(&header, &rows))
        }
    }
}

pub async fn open(planning: &Planning, args: OpenArgs, lang: Language) -> Result<(), CliError> {
    let sheet = planning
        .open_consultation(
            Caller::Operator,
            args.dossier,
            &NewRound {
                subject: args.subject,
                documents: args.documents,
                forms: args.forms,
                opens_on: args.opens,
                closes_on: args.closes,
                agencies_opens_on: args.agencies_opens,
                agencies_closes_on: args.agencies_closes,
            },
        )
        .await?;
    match args.format.format {
        Format::Json => print_json(&sheet),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-consultation-opened",
                &[
                    ("id", sheet.round.id.into()),
                    ("round", sheet.round.round_no.into()),
                    ("opens", date(sheet.round.residents.opens_on).into()),
                    ("closes", date(sheet.round.residents.closes_on).into()),
                    ("agencies", date(sheet.round.agencies.closes_on).into()),
                ]
            )
        ),
    }
}

pub async fn show(planning: &Planning, args: ShowArgs, lang: Language) -> Result<(), CliError> {
    let sheet = planning.consultation(Caller::Operator, args.id).await?;
    match args.format.format {
        Format::Json => print_json(&sheet),
        Format::Table => outp!("{}", sheet_text(&sheet, lang)),
    }
}

fn sheet_text(sheet: &ConsultationSheet, lang: Language) -> String {
    let r = &sheet.round;
    let mut out = translate(
        lang.into(),
        "cli-consultation-heading",
        &[
            ("id", r.id.into()),
            ("round", r.round_no.into()),
            ("unit", r.unit_code.clone().into()),
            ("opens", date(r.residents.opens_on).into()),
            ("closes", date(r.residents.closes_on).into()),
            ("agencies", date(r.agencies.closes_on).into()),
        ],
    );
    out.push_str("\n\n");
    let consultees: Vec<Vec<String>> = sheet
        .consultees
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.name.clone(),
                super::status_words(c.status, lang),
                opt_date(c.deadline),
                c.replies.len().to_string(),
            ]
        })
        .collect();
    out.push_str(&render(
        &headings(
            lang,
            &[
                "cli-col-id",
                "cli-col-organisation",
                "cli-col-status",
                "cli-col-due",
                "cli-col-replies",
            ],
        ),
        &consultees,
    ));
    out.push('\n');
    let opinions: Vec<Vec<String>> = sheet
        .opinions
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.author_name
                    .clone()
                    .unwrap_or_else(|| translate(lang.into(), "consultation-anonymous", &[])),
                date(o.received_on),
                o.text.chars().take(60).collect(),
                o.answers.len().to_string(),
            ]
        })
        .collect();
    out.push_str(&render(
        &headings(
            lang,
            &[
                "cli-col-id",
                "cli-col-name",
                "cli-col-date",
                "cli-col-opinions",
                "cli-col-answered",
            ],
        ),
        &opinions,
    ));
    out.push('\n');
    let c = &sheet.completeness;
    out.push_str(&if c.complete {
        translate(lang.into(), "cli-consultation-complete", &[])
    } else {
        translate(
            lang.into(),
            "cli-consultation-incomplete",
            &[
                ("unanswered", c.unanswered.into()),
                (
                    "topics",
                    c.topics_without_summary
                        .iter()
                        .map(|k| {
                            sheet
                                .topics
                                .iter()
                                .find(|t| &t.topic.key == k)
                                .map_or(k.as_str(), |t| t.topic.name(lang))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                ),
            ],
        )
    });
    out.push('\n');
    out
}
