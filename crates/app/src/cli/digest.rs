//! `plantrack digest send`: each organisation's daily digest of a day, mailed to its contact
//! address through the configured server (`PLANTRACK_SMTP_*`), once a day each. Prints one
//! line per organisation; fails if any message could not be sent.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, render};
use super::output::{Format, FormatArg, outp, print_json};
use crate::digest::mail::{MailArgs, Mailer};
use crate::digest::{Delivery, Outcome, Run, send_all, weekly};

#[derive(Debug, Subcommand)]
pub enum DigestCmd {
    /// Send the digests of a day (today by default).
    Send {
        /// The day (YYYY-MM-DD).
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Only the organisations of one province (its code, e.g. 12).
        #[arg(long)]
        province: Option<String>,
        /// Say what would be sent, and send nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        mail: MailArgs,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Send the weekly progress report (PDF) to the accounts that opted in, once a week each.
    Weekly {
        /// The day reported on (YYYY-MM-DD), compared with 7 days earlier; today by default.
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Say who would get what, and send nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        mail: MailArgs,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn outcome_text(lang: Language, outcome: &Outcome) -> String {
    let key = match outcome {
        Outcome::Sent => "cli-digest-sent",
        Outcome::WouldSend => "cli-digest-would-send",
        Outcome::NoAddress => "cli-digest-no-address",
        Outcome::Empty => "cli-digest-empty",
        Outcome::AlreadySent => "cli-digest-already-sent",
        Outcome::Failed(why) => {
            return translate(
                lang.into(),
                "cli-digest-failed",
                &[("why", why.as_str().into())],
            );
        }
    };
    translate(lang.into(), key, &[])
}

fn json_delivery(d: &Delivery) -> serde_json::Value {
    serde_json::json!({
        "organisation_id": d.organisation_id,
        "organisation": d.organisation,
        "address": d.address,
        "language": d.language,
        "counts": { "overdue": d.overdue, "due_soon": d.due_soon, "replies": d.replies },
        "status": d.outcome.status(),
        "outcome": d.outcome,
    })
}

pub async fn run(planning: &Planning, cmd: DigestCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        DigestCmd::Send {
            on,
            province,
            dry_run,
            mail,
            format,
        } => send(planning, on, province, dry_run, mail, format, lang).await,
        DigestCmd::Weekly {
            on,
            dry_run,
            mail,
            format,
        } => weekly(planning, on, dry_run, mail, format, lang).await,
    }
}

/// The configured mailer and what the run does with it.
fn mailer_and_run(
    mail: &MailArgs,
    dry_run: bool,
    lang: Language,
) -> Result<Option<Mailer>, CliError> {
    let mailer = Mailer::from_args(mail).map_err(|e| {
        CliError::Usage(translate(
            lang.into(),
            "cli-digest-bad-mail",
            &[("error", e.describe(lang).into())],
        ))
    })?;
    if mailer.is_none() && !dry_run {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-digest-mail-off",
            &[],
        )));
    }
    Ok(mailer)
}

async fn weekly(
    planning: &Planning,
    on: Option<NaiveDate>,
    dry_run: bool,
    mail: MailArgs,
    format: FormatArg,
    lang: Language,
) -> Result<(), CliError> {
    let mailer = mailer_and_run(&mail, dry_run, lang)?;
    let run = match (&mailer, dry_run) {
        (Some(mailer), false) => Run::Send(mailer),
        _ => Run::DryRun,
    };
    let day = on.unwrap_or_else(|| planning.today());
    let deliveries = weekly::send_all(planning, run, day).await?;
    match format.format {
        Format::Json => print_json(&serde_json::json!({
            "day": day,
            "week": plantrack_store::accounts::iso_week(day),
            "dry_run": dry_run,
            "server": mailer.as_ref().map(|m| m.server.clone()),
            "recipients": deliveries.iter().map(|d| serde_json::json!({
                "username": d.username,
                "address": d.address,
                "language": d.language,
                "province": d.province,
                "attachment": d.attachment,
                "status": d.outcome.status(),
                "outcome": d.outcome,
            })).collect::<Vec<_>>(),
        }))?,
        Format::Table => {
            let rows: Vec<Vec<String>> = deliveries
                .iter()
                .map(|d| {
                    vec![
                        d.username.clone(),
                        d.address.clone(),
                        d.attachment.clone(),
                        outcome_text(lang, &d.outcome),
                    ]
                })
                .collect();
            let header = headings(
                lang,
                &[
                    "cli-col-username",
                    "cli-col-email",
                    "cli-col-attachment",
                    "cli-col-status",
                ],
            );
            outp!(
                "{}\n",
                translate(
                    lang.into(),
                    "cli-weekly-day",
                    &[
                        ("date", date(day).into()),
                        ("week", plantrack_store::accounts::iso_week(day).into())
                    ]
                )
            )?;
            outp!("{}", render(&header, &rows))?;
        }
    }
    fail_if_any_failed(deliveries.iter().map(|d| &d.outcome), mailer.as_ref(), lang)
}

fn fail_if_any_failed<'a>(
    outcomes: impl Iterator<Item = &'a Outcome>,
    mailer: Option<&Mailer>,
    lang: Language,
) -> Result<(), CliError> {
    let failed = outcomes.filter(|o| matches!(o, Outcome::Failed(_))).count();
    if failed > 0 {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-digest-some-failed",
            &[
                ("count", failed.into()),
                (
                    "server",
                    mailer.map(|m| m.server.clone()).unwrap_or_default().into(),
                ),
            ],
        )));
    }
    Ok(())
}

async fn send(
    planning: &Planning,
    on: Option<NaiveDate>,
    province: Option<String>,
    dry_run: bool,
    mail: MailArgs,
    format: FormatArg,
    lang: Language,
) -> Result<(), CliError> {
    let mailer = Mailer::from_args(&mail).map_err(|e| {
        CliError::Usage(translate(
            lang.into(),
            "cli-digest-bad-mail",
            &[("error", e.describe(lang).into())],
        ))
    })?;
    let run = match (&mailer, dry_run) {
        (_, true) => Run::DryRun,
        (Some(mailer), false) => Run::Send(mailer),
        (None, false) => {
            return Err(CliError::Usage(translate(
                lang.into(),
                "cli-digest-mail-off",
                &[],
            )));
        }
    };
    let day = on.unwrap_or_else(|| planning.today());
    let deliveries = send_all(planning, run, province.as_deref(), day).await?;
    match format.format {
        Format::Json => print_json(&serde_json::json!({
            "day": day,
            "dry_run": dry_run,
            "server": mailer.as_ref().map(|m| m.server.clone()),
            "organisations": deliveries.iter().map(json_delivery).collect::<Vec<_>>(),
        }))?,
        Format::Table => {
            let rows: Vec<Vec<String>> = deliveries
                .iter()
                .map(|d| {
                    vec![
                        d.organisation.clone(),
                        d.address.clone().unwrap_or_else(|| "—".into()),
                        d.overdue.to_string(),
                        d.due_soon.to_string(),
                        d.replies.to_string(),
                        outcome_text(lang, &d.outcome),
                    ]
                })
                .collect();
            let header = headings(
                lang,
                &[
                    "cli-col-organisation",
                    "cli-col-email",
                    "cli-col-overdue",
                    "cli-col-due-soon",
                    "cli-col-replies",
                    "cli-col-status",
                ],
            );
            outp!(
                "{}\n",
                translate(lang.into(), "cli-digest-day", &[("date", date(day).into())])
            )?;
            outp!("{}", render(&header, &rows))?;
        }
    }
    let failed = deliveries
        .iter()
        .filter(|d| matches!(d.outcome, Outcome::Failed(_)))
        .count();
    if failed > 0 {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-digest-some-failed",
            &[
                ("count", failed.into()),
                (
                    "server",
                    mailer.map(|m| m.server).unwrap_or_default().into(),
                ),
            ],
        )));
    }
    Ok(())
}
