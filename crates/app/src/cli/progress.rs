//! `plantrack progress`: the progress report — dossiers by stage, overdue and due-soon lists.

use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::plan::PlanType;
use plantrack_store::Planning;
use plantrack_store::planning::ProgressQuery;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, opt_date, render};
use super::output::{Format, FormatArg, print_json};
use super::output::{outln, outp};
use super::parse::{parse_known_on, parse_plan_type};

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// The day to report on (YYYY-MM-DD); today when absent.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// What was known then (record time): a date (YYYY-MM-DD, the end of that day in Vietnam)
    /// or an RFC 3339 time; everything recorded so far when absent. The report prints the
    /// instant it shows: give it here to print the same report again.
    #[arg(long, value_parser = parse_known_on)]
    pub as_known_on: Option<DateTime<Utc>>,
    /// Province code (e.g. 12 for Lai Châu); the whole country when absent.
    #[arg(long)]
    pub province: Option<String>,
    /// One commune-level unit's plans (GSO code).
    #[arg(long, conflicts_with = "province")]
    pub unit: Option<String>,
    /// Plan type, e.g. commune_general.
    #[arg(long, value_parser = parse_plan_type)]
    pub plan_type: Option<PlanType>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(planning: &Planning, args: ProgressArgs, lang: Language) -> Result<(), CliError> {
    let ProgressArgs {
        as_of,
        as_known_on,
        province,
        unit,
        plan_type,
        format,
    } = args;
    let query = ProgressQuery {
        as_of,
        as_known_on,
        province,
        unit,
        plan_type,
        lang,
        with_units: None,
        list_limit: None,
    };
    let report = planning.progress(Caller::Operator, &query).await?;
    match format.format {
        Format::Json => print_json(&report),
        Format::Table => {
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-progress-title",
                    &[
                        ("date", date(report.as_of).into()),
                        ("total", report.total.into())
                    ]
                )
            )?;
            if let Some(known) = report.as_known_on {
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-progress-known-on",
                        &[(
                            "time",
                            known
                                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                                .into()
                        )]
                    )
                )?;
            }
            if let Some(digest) = &report.history_digest {
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-progress-digest",
                        &[("digest", digest.as_str().into())]
                    )
                )?;
            }
            let rows: Vec<Vec<String>> = report
                .stages
                .iter()
                .map(|s| {
                    vec![
                        s.plan_type.as_str().to_owned(),
                        s.stage_name.clone(),
                        s.count.to_string(),
                        s.overdue.to_string(),
                        s.due_soon.to_string(),
                        s.on_hold.to_string(),
                    ]
                })
                .collect();
            let header = headings(
                lang,
                &[
                    "cli-col-plan-type",
                    "cli-col-stage",
                    "cli-col-count",
                    "cli-col-overdue",
                    "cli-col-due-soon",
                    "cli-col-on-hold",
                ],
            );
            outp!("{}", render(&header, &rows))?;
            if !report.overdue.is_empty() {
                outln!("\n{}", translate(lang.into(), "cli-progress-overdue", &[]))?;
                let rows: Vec<Vec<String>> = report
                    .overdue
                    .iter()
                    .map(|p| {
                        vec![
                            p.unit_name.clone(),
                            p.stage_name.clone(),
                            opt_date(p.due_on),
                            p.deadline.days_late.to_string(),
                        ]
                    })
                    .collect();
                let header = headings(
                    lang,
                    &[
                        "cli-col-unit",
                        "cli-col-stage",
                        "cli-col-due",
                        "cli-col-days-late",
                    ],
                );
                outp!("{}", render(&header, &rows))?;
            }
            Ok(())
        }
    }
}
