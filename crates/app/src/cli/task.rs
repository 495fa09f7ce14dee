//! `plantrack task`: the tasks directives gave, as they stood on a day, and reports on them.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::follow_up::{TaskResolution, TaskStatus};
use plantrack_store::Planning;
use plantrack_store::follow_up::{Task, TaskQuery, TaskUpdate};
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, opt_date, render};
use super::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Tasks as they stood on a day (today by default): open, done, late or cancelled.
    List {
        /// The day (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Only tasks late on that day.
        #[arg(long)]
        overdue: bool,
        /// Only the tasks of one commune (its unit code).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        directive: Option<i64>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Report on a task: done (with evidence), open again, or cancelled (with why).
    Report {
        id: i64,
        #[arg(long, value_parser = parse_resolution)]
        status: TaskResolution,
        /// The day it took effect (today by default).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        evidence: String,
        #[arg(long, default_value = "")]
        explanation: String,
    },
}

fn parse_resolution(s: &str) -> Result<TaskResolution, String> {
    TaskResolution::parse(s)
        .ok_or_else(|| format!("unknown status '{s}'; one of: open, done, cancelled"))
}

/// A task's status in the reader's language.
pub fn status_name(lang: Language, status: TaskStatus) -> String {
    let key = match status {
        TaskStatus::Open => "cli-task-open",
        TaskStatus::Done => "cli-task-done",
        TaskStatus::Late => "cli-task-late",
        TaskStatus::Cancelled => "cli-task-cancelled",
    };
    translate(lang.into(), key, &[])
}

/// What `--format json` prints of a task: the contract's fields first.
fn json_task(t: &Task) -> serde_json::Value {
    let mut v = serde_json::to_value(t).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "due_on".into(),
            t.due_on.format("%Y-%m-%d").to_string().into(),
        );
    }
    v
}

pub async fn run(planning: &Planning, cmd: TaskCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        TaskCmd::List {
            as_of,
            overdue,
            unit,
            province,
            directive,
            format,
        } => {
            let tasks = planning
                .tasks(
                    Caller::Operator,
                    &TaskQuery {
                        province,
                        as_of,
                        overdue,
                        unit,
                        directive,
                        assignee: None,
                    },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({
                    "as_of": as_of.unwrap_or_else(|| planning.today()),
                    "tasks": tasks.iter().map(json_task).collect::<Vec<_>>(),
                })),
                Format::Table => {
                    let rows: Vec<Vec<String>> = tasks
                        .iter()
                        .map(|t| {
                            vec![
                                t.id.to_string(),
                                t.assignee.clone(),
                                date(t.due_on),
                                status_name(lang, t.status),
                                opt_date(t.resolved_on),
                                t.directive_text.clone(),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-assignee",
                            "cli-col-due",
                            "cli-col-status",
                            "cli-col-done-on",
                            "cli-col-directive",
                        ],
                    );
                    outp!("{}", render(&header, &rows))
                }
            }
        }
        TaskCmd::Report {
            id,
            status,
            on,
            evidence,
            explanation,
        } => {
            let task = planning
                .update_task(
                    Caller::Operator,
                    id,
                    &TaskUpdate {
                        resolution: status,
                        on,
                        evidence,
                        explanation,
                        expected_version: None,
                    },
                )
                .await?;
            outln!("{}: {}", task.assignee, status_name(lang, task.status))
        }
    }
}
