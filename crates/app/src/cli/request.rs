//! `plantrack request`: sectoral information requests to departments, as they stood on a day;
//! asking, answering, explaining a delay, withdrawing; each department's turnaround.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::follow_up::{InformationTopic, RequestState};
use plantrack_store::Planning;
use plantrack_store::follow_up::{
    DelayExplanation, InformationAnswer, InformationRequest, NewInformationRequest, RequestQuery,
    Withdrawal,
};
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, opt_date, render};
use super::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Subcommand)]
pub enum RequestCmd {
    /// Requests as they stood on a day (today by default).
    List {
        /// Only those addressed to one department (its organisation id).
        #[arg(long)]
        department: Option<i64>,
        /// Only one commune's (its unit code).
        #[arg(long)]
        unit: Option<String>,
        /// Only those still open on that day.
        #[arg(long)]
        open: bool,
        /// Only those open past their due date on that day.
        #[arg(long)]
        overdue: bool,
        /// The day (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        province: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Ask a department for sectoral information: one request per dossier named.
    Ask {
        /// The department asked (its organisation id).
        #[arg(long)]
        department: i64,
        /// The organisation that asks (its id).
        #[arg(long)]
        requester: i64,
        /// A dossier whose plan needs it; repeat for many communes at once.
        #[arg(long = "dossier", required = true)]
        dossiers: Vec<i64>,
        /// forest_protection, defence_land, heritage, minerals, hazard_zones,
        /// transport_irrigation, development_projects, other; repeat for several.
        #[arg(long = "topic", required = true, value_parser = parse_topic)]
        topics: Vec<InformationTopic>,
        #[arg(long)]
        text: String,
        /// The day asked (today by default).
        #[arg(long)]
        on: Option<NaiveDate>,
        /// The due date (15 days after asking by default).
        #[arg(long)]
        due: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record a department's answer: documents and/or a published layer version.
    Answer {
        id: i64,
        #[arg(long, default_value = "")]
        answer: String,
        /// A document the answer carries (an official letter's number, a link); repeatable.
        #[arg(long = "document")]
        documents: Vec<String>,
        /// A published version of the department's own layers (its id).
        #[arg(long)]
        layer_version: Option<i64>,
        /// The day answered (today by default).
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Record a department's explanation of a delay and the day it now expects to answer.
    Delay {
        id: i64,
        #[arg(long)]
        note: String,
        #[arg(long)]
        expected: NaiveDate,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Withdraw a request.
    Withdraw {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Each department's turnaround on a day: median days to answer, share late.
    Turnaround {
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        province: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn parse_topic(s: &str) -> Result<InformationTopic, String> {
    InformationTopic::parse(s).ok_or_else(|| {
        format!(
            "unknown topic '{s}'; one of: forest_protection, defence_land, heritage, minerals, hazard_zones, transport_irrigation, development_projects, other"
        )
    })
}

/// A request's state in the reader's language ("late" when open past its due date).
pub fn state_name(lang: Language, r: &InformationRequest) -> String {
    let key = match r.state {
        RequestState::Open | RequestState::DelayExplained if r.late => "cli-request-late",
        s => match s {
            RequestState::Open => "follow-up-request-open",
            RequestState::DelayExplained => "follow-up-request-delay-explained",
            RequestState::Answered => "follow-up-request-answered",
            RequestState::Withdrawn => "follow-up-request-withdrawn",
        },
    };
    translate(lang.into(), key, &[])
}

/// Topics in the reader's language, comma separated.
fn topic_names(lang: Language, topics: &[InformationTopic]) -> String {
    topics
        .iter()
        .map(|t| {
            translate(
                lang.into(),
                &format!("request-topic-{}", t.as_str().replace('_', "-")),
                &[],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn table(lang: Language, requests: &[InformationRequest]) -> String {
    let rows: Vec<Vec<String>> = requests
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.unit_code.clone(),
                r.department.clone(),
                topic_names(lang, &r.topics),
                date(r.asked_on),
                date(r.due_on),
                state_name(lang, r),
                opt_date(r.closed_on),
            ]
        })
        .collect();
    let header = headings(
        lang,
        &[
            "cli-col-id",
            "cli-col-unit",
            "cli-col-department",
            "cli-col-topics",
            "cli-col-asked-on",
            "cli-col-due",
            "cli-col-status",
            "cli-col-closed-on",
        ],
    );
    render(&header, &rows)
}

pub async fn run(planning: &Planning, cmd: RequestCmd, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    match cmd {
        RequestCmd::List {
            department,
            unit,
            open,
            overdue,
            as_of,
            province,
            format,
        } => {
            let as_of = as_of.unwrap_or_else(|| planning.today());
            let requests = planning
                .information_requests(
                    operator,
                    &RequestQuery {
                        province,
                        as_of: Some(as_of),
                        department,
                        unit,
                        dossier: None,
                        open,
                        overdue,
                    },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({
                    "as_of": as_of,
                    "requests": requests,
                })),
                Format::Table => outp!("{}", table(lang, &requests)),
            }
        }
        RequestCmd::Ask {
            department,
            requester,
            dossiers,
            topics,
            text,
            on,
            due,
            format,
        } => {
            let asked = planning
                .ask_information(
                    operator,
                    &NewInformationRequest {
                        department_id: department,
                        dossiers,
                        topics,
                        text,
                        asked_on: on,
                        due_on: due,
                        requester_id: Some(requester),
                    },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "requests": asked })),
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-request-asked",
                        &[
                            ("count", asked.len().into()),
                            (
                                "department",
                                asked
                                    .first()
                                    .map(|r| r.department.clone())
                                    .unwrap_or_default()
                                    .into()
                            ),
                            (
                                "due",
                                asked
                                    .first()
                                    .map(|r| date(r.due_on))
                                    .unwrap_or_default()
                                    .into()
                            ),
                        ]
                    )
                ),
            }
        }
        RequestCmd::Answer {
            id,
            answer,
            documents,
            layer_version,
            on,
        } => {
            let r = planning
                .answer_information_request(
                    operator,
                    id,
                    &InformationAnswer {
                        answer,
                        documents,
                        layer_version_id: layer_version,
                        on,
                        expected_version: None,
                    },
                )
                .await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-request-answered",
                    &[("id", r.id.into()), ("date", opt_date(r.closed_on).into())]
                )
            )
        }
        RequestCmd::Delay {
            id,
            note,
            expected,
            on,
        } => {
            let r = planning
                .explain_request_delay(
                    operator,
                    id,
                    &DelayExplanation {
                        note,
                        expected_on: expected,
                        on,
                        expected_version: None,
                    },
                )
                .await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-request-delayed",
                    &[
                        ("id", r.id.into()),
                        ("date", opt_date(r.expected_on).into())
                    ]
                )
            )
        }
        RequestCmd::Withdraw { id, reason, on } => {
            let r = planning
                .withdraw_information_request(
                    operator,
                    id,
                    &Withdrawal {
                        reason,
                        on,
                        expected_version: None,
                    },
                )
                .await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-request-withdrawn",
                    &[("id", r.id.into()), ("date", opt_date(r.closed_on).into())]
                )
            )
        }
        RequestCmd::Turnaround {
            as_of,
            province,
            format,
        } => {
            let as_of = as_of.unwrap_or_else(|| planning.today());
            let departments = planning
                .request_turnaround(operator, province.as_deref(), Some(as_of))
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({
                    "as_of": as_of,
                    "departments": departments,
                })),
                Format::Table => {
                    let rows: Vec<Vec<String>> = departments
                        .iter()
                        .map(|d| {
                            let t = &d.turnaround;
                            vec![
                                d.department.clone(),
                                t.count.to_string(),
                                t.answered.to_string(),
                                t.open.to_string(),
                                t.late.to_string(),
                                t.median_days.map_or_else(
                                    || "—".into(),
                                    |m| plantrack_web::format::decimal(m, lang.into()),
                                ),
                                t.share_late
                                    .map_or_else(|| "—".into(), plantrack_web::format::percent),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-department",
                            "cli-col-requests",
                            "cli-col-answered",
                            "cli-col-open",
                            "cli-col-late",
                            "cli-col-median-days",
                            "cli-col-share-late",
                        ],
                    );
                    outp!("{}", render(&header, &rows))
                }
            }
        }
    }
}
