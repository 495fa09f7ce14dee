//! `plantrack meeting`: review meetings (prepared, held, closed), their conclusions and the
//! directives they give. The operator acts; the same use cases serve the API and the pages.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::follow_up::AgendaState;
use plantrack_domain::follow_up::{Addressees, MeetingKind, MeetingState};
use plantrack_domain::plan::PlanType;
use plantrack_store::Planning;
use plantrack_store::follow_up::{Meeting, NewDirective, NewMeeting};
use plantrack_web::i18n::translate;
use plantrack_web::meeting_papers::Paper;

use super::CliError;
use super::meeting_papers::PaperArgs;
use super::output::table::{date, headings, render};
use super::output::{Format, FormatArg, outln, outp, print_json};
use super::parse::parse_plan_type;

#[derive(Debug, Subcommand)]
pub enum MeetingCmd {
    /// The meetings of a province (every province's without --province), latest first.
    List {
        #[arg(long)]
        province: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// A meeting with its conclusions and directives.
    Show {
        id: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Prepare a meeting (a draft until it is scheduled).
    Create {
        /// The province (its code, e.g. 12).
        #[arg(long)]
        province: String,
        #[arg(long)]
        title: String,
        /// The day it is held (YYYY-MM-DD).
        #[arg(long)]
        on: NaiveDate,
        /// Its time, e.g. 14:00.
        #[arg(long, default_value = "")]
        starts_at: String,
        #[arg(long, value_parser = parse_kind)]
        kind: MeetingKind,
        #[arg(long, default_value = "")]
        venue: String,
        #[arg(long, default_value = "")]
        chair: String,
        /// The campaign: the plan type whose communes "all communes" means.
        #[arg(long, value_parser = parse_plan_type)]
        plan_type: PlanType,
        /// Units connected online.
        #[arg(long, default_value_t = 0)]
        connected_units: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Move a meeting on: scheduled, in_progress, closed (or back to draft before it is held).
    State {
        id: i64,
        #[arg(long, value_parser = parse_state)]
        to: MeetingState,
        #[arg(long)]
        reason: String,
    },
    /// Write a conclusion during the meeting; after it closed, amend one with --amends.
    Conclude {
        id: i64,
        #[arg(long)]
        text: String,
        #[arg(long)]
        amends: Option<i64>,
    },
    /// Make a meeting recur every N days until a day (the next one of the series is prepared
    /// when it closes), or stop it recurring with --stop.
    Repeat {
        id: i64,
        /// Every so many days, 7 to 92 (14: every two weeks).
        #[arg(long, required_unless_present = "stop")]
        every_days: Option<u16>,
        /// The last day of the series (YYYY-MM-DD), e.g. the campaign's end.
        #[arg(long, required_unless_present = "stop")]
        until: Option<NaiveDate>,
        #[arg(long, conflicts_with_all = ["every_days", "until"])]
        stop: bool,
    },
    /// Give a directive: one task per addressee, due as the meeting said it.
    Direct {
        id: i64,
        #[arg(long)]
        text: String,
        /// As said: 2025-11-28, 28/11/2025, "tuần này", "trong 5 ngày làm việc", "Q1 2026",
        /// "cuối tháng", "end of year".
        #[arg(long)]
        due: String,
        /// campaign_communes, departments, consultants, or organisation ids (3,7,12).
        #[arg(long, value_parser = parse_addressees)]
        to: Addressees,
        /// A commune's task is done by itself when its dossier leaves this stage.
        #[arg(long)]
        done_when_left: Option<String>,
        #[arg(long)]
        conclusion: Option<i64>,
        /// The issuing authority; the meeting's chair by default.
        #[arg(long)]
        issuer: Option<String>,
        /// The notice that carries it, e.g. 412/TB-UBND.
        #[arg(long, default_value = "")]
        notice_number: String,
        #[arg(long)]
        notice_date: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The meeting's minutes (biên bản) as DOCX or PDF.
    Minutes(PaperArgs),
    /// The meeting's conclusion notice (thông báo kết luận) as DOCX or PDF.
    Notice(PaperArgs),
}

fn parse_kind(s: &str) -> Result<MeetingKind, String> {
    MeetingKind::parse(s)
        .ok_or_else(|| format!("unknown kind '{s}'; one of: in_person, online, hybrid"))
}

fn parse_state(s: &str) -> Result<MeetingState, String> {
    MeetingState::parse(s).ok_or_else(|| {
        format!("unknown state '{s}'; one of: draft, scheduled, in_progress, closed")
    })
}

fn parse_addressees(s: &str) -> Result<Addressees, String> {
    match s.trim() {
        "campaign_communes" => Ok(Addressees::CampaignCommunes),
        "departments" => Ok(Addressees::Departments),
        "consultants" => Ok(Addressees::Consultants),
        list => list
            .split(',')
            .map(|id| id.trim().parse::<i64>())
            .collect::<Result<Vec<_>, _>>()
            .map(|ids| Addressees::Organisations { ids })
            .map_err(|_| {
                format!(
                    "'{list}': campaign_communes, departments, consultants, or organisation ids separated by commas"
                )
            }),
    }
}

/// A meeting state in the reader's language.
pub fn state_name(lang: Language, state: MeetingState) -> String {
    let key = match state {
        MeetingState::Draft => "cli-meeting-draft",
        MeetingState::Scheduled => "cli-meeting-scheduled",
        MeetingState::InProgress => "cli-meeting-in-progress",
        MeetingState::Closed => "cli-meeting-closed",
    };
    translate(lang.into(), key, &[])
}

pub async fn run(planning: &Planning, cmd: MeetingCmd, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    match cmd {
        MeetingCmd::Minutes(args) => {
            super::meeting_papers::run(planning, Paper::Minutes, args, lang).await
        }
        MeetingCmd::Notice(args) => {
            super::meeting_papers::run(planning, Paper::Notice, args, lang).await
        }
        MeetingCmd::List { province, format } => {
            let meetings = planning.meetings(operator, province.as_deref()).await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "meetings": meetings })),
                Format::Table => {
                    let rows: Vec<Vec<String>> = meetings
                        .iter()
                        .map(|m| {
                            vec![
                                m.id.to_string(),
                                date(m.held_on),
                                m.province_code.clone(),
                                state_name(lang, m.state),
                                m.title.clone(),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-date",
                            "cli-col-province",
                            "cli-col-status",
                            "cli-col-title",
                        ],
                    );
                    outp!("{}", render(&header, &rows))
                }
            }
        }
        MeetingCmd::Show { id, format } => {
            let meeting = planning.meeting(operator, id).await?;
            let conclusions = planning.conclusions(operator, id).await?;
            let directives = planning.directives(operator, id).await?;
            let agenda = planning.meeting_agenda(operator, id).await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({
                    "meeting": meeting, "conclusions": conclusions, "directives": directives,
                    "agenda": agenda,
                })),
                Format::Table => {
                    outln!(
                        "{} — {} ({})",
                        date(meeting.held_on),
                        meeting.title,
                        state_name(lang, meeting.state)
                    )?;
                    for i in &agenda.items {
                        outln!(
                            "[{}] {} — {} ({})",
                            i.position,
                            i.title,
                            i.presenter,
                            translate(
                                lang.into(),
                                match i.state {
                                    AgendaState::Open => "cli-agenda-open",
                                    AgendaState::Done => "cli-agenda-done",
                                    AgendaState::Carried => "cli-agenda-carried",
                                },
                                &[]
                            )
                        )?;
                    }
                    print_series(planning, lang, &meeting)?;
                    let came = agenda
                        .participants
                        .iter()
                        .filter(|p| p.attended == Some(true))
                        .count();
                    outln!(
                        "{}",
                        translate(
                            lang.into(),
                            "cli-meeting-attendance",
                            &[
                                ("came", came.into()),
                                ("invited", agenda.participants.len().into())
                            ]
                        )
                    )?;
                    for c in &conclusions {
                        outln!("{}. {}", c.position, c.text)?;
                    }
                    let rows: Vec<Vec<String>> = directives
                        .iter()
                        .map(|d| vec![d.id.to_string(), date(d.due_on), d.text.clone()])
                        .collect();
                    let header =
                        headings(lang, &["cli-col-id", "cli-col-due", "cli-col-directive"]);
                    outp!("{}", render(&header, &rows))
                }
            }
        }
        MeetingCmd::Create {
            province,
            title,
            on,
            starts_at,
            kind,
            venue,
            chair,
            plan_type,
            connected_units,
            format,
        } => {
            let meeting = planning
                .create_meeting(
                    operator,
                    &NewMeeting {
                        province: Some(province),
                        title,
                        held_on: on,
                        starts_at,
                        kind,
                        venue,
                        chair,
                        plan_type,
                        connected_units,
                    },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&meeting),
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-meeting-created",
                        &[
                            ("id", meeting.id.into()),
                            ("date", date(meeting.held_on).into())
                        ]
                    )
                ),
            }
        }
        MeetingCmd::State { id, to, reason } => {
            let meeting = planning
                .change_meeting_state(operator, id, to, &reason)
                .await?;
            outln!("{}", state_name(lang, meeting.state))
        }
        MeetingCmd::Repeat {
            id,
            every_days,
            until,
            stop: _,
        } => {
            let rule = every_days.zip(until);
            let meeting = planning.set_recurrence(operator, id, rule).await?;
            if meeting.recurrence.is_none() {
                outln!(
                    "{}",
                    translate(lang.into(), "cli-meeting-does-not-recur", &[])
                )?;
            }
            print_series(planning, lang, &meeting)
        }
        MeetingCmd::Conclude { id, text, amends } => {
            let c = planning.add_conclusion(operator, id, &text, amends).await?;
            outln!("{}. {}", c.position, c.text)
        }
        MeetingCmd::Direct {
            id,
            text,
            due,
            to,
            done_when_left,
            conclusion,
            issuer,
            notice_number,
            notice_date,
            format,
        } => {
            let (directive, tasks) = planning
                .issue_directive(
                    operator,
                    &NewDirective {
                        meeting_id: id,
                        conclusion_id: conclusion,
                        text,
                        issuer,
                        notice_number,
                        notice_date,
                        due,
                        addressees: to,
                        done_when_left,
                    },
                )
                .await?;
            match format.format {
                Format::Json => {
                    print_json(&serde_json::json!({ "directive": directive, "tasks": tasks }))
                }
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-directive-given",
                        &[
                            ("id", directive.id.into()),
                            ("tasks", tasks.len().into()),
                            ("due", date(directive.due_on).into())
                        ]
                    )
                ),
            }
        }
    }
}

/// Says how the meeting recurs and the days of its series still to come.
fn print_series(planning: &Planning, lang: Language, meeting: &Meeting) -> Result<(), CliError> {
    let Some(rule) = meeting.recurrence else {
        return Ok(());
    };
    let next: Vec<String> = planning
        .upcoming_meetings(meeting)
        .into_iter()
        .map(date)
        .collect();
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-meeting-recurs",
            &[
                ("every", rule.every_days.into()),
                ("until", date(rule.until).into()),
                ("next", next.join(", ").into()),
            ]
        )
    )?;
    Ok(())
}
