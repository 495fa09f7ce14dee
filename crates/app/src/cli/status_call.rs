//! `plantrack status-call`: before a review meeting, ask every commune of the campaign to
//! confirm its status by a day, record an answer, and read who answered and whose stage
//! disagrees with plantrack's.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::follow_up::{BlockerCategory, ReplyState, StageCheck, StatusReport};
use plantrack_store::Planning;
use plantrack_store::follow_up::{NewStatusCall, StatusCallSheet};
use plantrack_web::i18n::translate;

use super::CliError;
use super::blocker::category_name;
use super::output::table::{date, headings, opt_date, render};
use super::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Subcommand)]
pub enum StatusCallCmd {
    /// A province's status calls, latest first.
    List {
        #[arg(long)]
        province: Option<String>,
        /// Only those preparing this meeting.
        #[arg(long)]
        meeting: Option<i64>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// A status call with every commune's answer, or its absence.
    Show {
        id: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Ask every commune of the campaign to confirm its status by a day.
    Create {
        /// The meeting it prepares (its province and campaign are the call's).
        #[arg(long)]
        meeting: Option<i64>,
        #[arg(long)]
        province: Option<String>,
        /// The day the answers are due (YYYY-MM-DD).
        #[arg(long)]
        due: NaiveDate,
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record a commune's answer (given by telephone or in writing).
    Answer {
        id: i64,
        /// The commune's organisation id.
        #[arg(long)]
        organisation: i64,
        /// The stage it says it is at (a stage key, e.g. task_preparation).
        #[arg(long)]
        stage: String,
        /// When it expects its next step (YYYY-MM-DD).
        #[arg(long)]
        next_step: Option<NaiveDate>,
        /// What holds it back: higher_plan, sectoral_information, consultant_capacity,
        /// funding, land_dispute, other.
        #[arg(long, value_parser = parse_category)]
        blocker: Option<BlockerCategory>,
        #[arg(long, default_value = "")]
        comment: String,
    },
}

fn parse_category(s: &str) -> Result<BlockerCategory, String> {
    BlockerCategory::parse(s).ok_or_else(|| {
        format!(
            "unknown category '{s}'; one of: higher_plan, sectoral_information, consultant_capacity, funding, land_dispute, other"
        )
    })
}

fn reply_state_name(lang: Language, s: ReplyState) -> String {
    let key = match s {
        ReplyState::Answered => "cli-reply-answered",
        ReplyState::AnsweredLate => "cli-reply-answered-late",
        ReplyState::Awaited => "cli-reply-awaited",
        ReplyState::Missing => "cli-reply-missing",
    };
    translate(lang.into(), key, &[])
}

fn check_name(lang: Language, c: Option<StageCheck>) -> String {
    let key = match c {
        None => return String::new(),
        Some(StageCheck::Matches) => "cli-stage-check-matches",
        Some(StageCheck::Differs) => "cli-stage-check-differs",
        Some(StageCheck::NoDossier) => "cli-stage-check-no-dossier",
    };
    translate(lang.into(), key, &[])
}

fn print_sheet(
    planning: &Planning,
    sheet: &StatusCallSheet,
    lang: Language,
    format: Format,
) -> Result<(), CliError> {
    // A stage by its name in the reader's language, from the campaign's templates.
    let stage_name = |key: &str| {
        planning
            .templates()
            .iter()
            .filter(|t| t.plan_types.contains(&sheet.call.plan_type))
            .find_map(|t| t.stage(key).map(|s| s.name.get(lang).to_owned()))
            .unwrap_or_else(|| key.to_owned())
    };
    match format {
        Format::Json => print_json(sheet),
        Format::Table => {
            let rows: Vec<Vec<String>> = sheet
                .replies
                .iter()
                .map(|r| {
                    let report = r.report.as_ref();
                    vec![
                        r.unit_code.clone(),
                        r.organisation.clone(),
                        reply_state_name(lang, r.state),
                        opt_date(r.answered_on),
                        report.map(|x| stage_name(&x.stage)).unwrap_or_default(),
                        check_name(lang, r.check),
                        opt_date(report.and_then(|x| x.next_step_on)),
                        report
                            .and_then(|x| x.blocker)
                            .map(|b| category_name(lang, b))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            let header = headings(
                lang,
                &[
                    "cli-col-unit",
                    "cli-col-organisation",
                    "cli-col-status",
                    "cli-col-date",
                    "cli-col-stage",
                    "cli-col-stage-check",
                    "cli-col-next-step",
                    "cli-col-blocker",
                ],
            );
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-status-call-head",
                    &[
                        ("id", sheet.call.id.into()),
                        ("asked", date(sheet.call.asked_on).into()),
                        ("due", date(sheet.call.due_on).into()),
                    ]
                )
            )?;
            outp!("{}", render(&header, &rows))
        }
    }
}

pub async fn run(planning: &Planning, cmd: StatusCallCmd, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    match cmd {
        StatusCallCmd::List {
            province,
            meeting,
            format,
        } => {
            let calls = planning
                .status_calls(operator, province.as_deref(), meeting)
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "status_calls": calls })),
                Format::Table => {
                    let rows: Vec<Vec<String>> = calls
                        .iter()
                        .map(|c| {
                            vec![
                                c.id.to_string(),
                                c.province_code.clone(),
                                date(c.asked_on),
                                date(c.due_on),
                                c.meeting_id.map(|m| m.to_string()).unwrap_or_default(),
                                c.note.clone(),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-province",
                            "cli-col-date",
                            "cli-col-due",
                            "cli-col-meeting",
                            "cli-col-note",
                        ],
                    );
                    outp!("{}", render(&header, &rows))
                }
            }
        }
        StatusCallCmd::Show { id, format } => {
            let sheet = planning.status_call(operator, id).await?;
            print_sheet(planning, &sheet, lang, format.format)
        }
        StatusCallCmd::Create {
            meeting,
            province,
            due,
            note,
            format,
        } => {
            let sheet = planning
                .call_for_status(
                    operator,
                    &NewStatusCall {
                        province,
                        meeting_id: meeting,
                        plan_type: None,
                        due_on: due,
                        note,
                    },
                )
                .await?;
            print_sheet(planning, &sheet, lang, format.format)
        }
        StatusCallCmd::Answer {
            id,
            organisation,
            stage,
            next_step,
            blocker,
            comment,
        } => {
            let reply = planning
                .answer_status_call(
                    operator,
                    id,
                    Some(organisation),
                    &StatusReport {
                        stage,
                        next_step_on: next_step,
                        blocker,
                        comment,
                    },
                )
                .await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-status-answered",
                    &[
                        ("organisation", reply.organisation.clone().into()),
                        ("check", check_name(lang, reply.check).into()),
                    ]
                )
            )
        }
    }
}
