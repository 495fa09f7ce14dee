//! Closing the loop (issue 15, item 6): `consultation notify ID` queues the answers of a
//! complete table and sends the e-mails through the configured server (`PLANTRACK_SMTP_*`),
//! once each — a run again sends only what failed before; `consultation letters ID --out
//! FILE` writes the printable letters (PDF, A4, one section per person grouped by hamlet) for
//! those who left a name and no e-mail address.

use std::path::PathBuf;

use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format as DocFormat;
use plantrack_store::Planning;
use plantrack_web::consultation_letters::letters;
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::{Format, FormatArg, outln, print_json};
use crate::digest::mail::{MailArgs, Mailer};
use crate::digest::notices::send_due;

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// The round.
    pub id: i64,
    #[command(flatten)]
    pub mail: MailArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct LettersArgs {
    /// The round.
    pub id: i64,
    /// The PDF written.
    #[arg(long)]
    pub out: PathBuf,
}

pub async fn notify(planning: &Planning, args: NotifyArgs, lang: Language) -> Result<(), CliError> {
    let mailer = Mailer::from_args(&args.mail)
        .map_err(|e| {
            CliError::Usage(translate(
                lang.into(),
                "cli-digest-bad-mail",
                &[("error", e.describe(lang).into())],
            ))
        })?
        .ok_or_else(|| CliError::Usage(translate(lang.into(), "cli-digest-mail-off", &[])))?;
    let queued = planning
        .queue_consultation_notices(Caller::Operator, args.id)
        .await?;
    let done = send_due(planning, &mailer, Some(args.id)).await?;
    let failed = done.iter().filter(|d| d.status == "failed").count();
    match args.format.format {
        Format::Json => print_json(&serde_json::json!({
            "round": args.id,
            "server": mailer.server,
            "queued": queued,
            "notices": done,
        }))?,
        Format::Table => {
            for d in &done {
                let key = match d.status {
                    "sent" => "cli-notice-sent",
                    "failed" => "cli-notice-failed",
                    _ => "cli-notice-taken",
                };
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        key,
                        &[
                            ("opinion", d.opinion_id.into()),
                            ("address", d.address.clone().into()),
                            ("error", d.error.clone().unwrap_or_default().into()),
                        ]
                    )
                )?;
            }
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-notice-summary",
                    &[
                        (
                            "sent",
                            done.iter().filter(|d| d.status == "sent").count().into()
                        ),
                        ("failed", failed.into()),
                        ("letters", queued.letters.into()),
                        ("published", queued.published_only.into()),
                    ]
                )
            )?;
        }
    }
    if failed > 0 {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-digest-some-failed",
            &[("count", failed.into()), ("server", mailer.server.into())],
        )));
    }
    Ok(())
}

pub async fn write_letters(
    planning: &Planning,
    args: LettersArgs,
    lang: Language,
) -> Result<(), CliError> {
    let sheet = planning
        .consultation_letters(Caller::Operator, args.id)
        .await?;
    let count = sheet.opinions.len();
    let report = letters(&sheet, planning.today(), lang.into());
    let bytes =
        tokio::task::spawn_blocking(move || plantrack_reports::render(&report, DocFormat::Pdf))
            .await
            .map_err(|e| CliError::Usage(e.to_string()))?
            .map_err(|e| CliError::Usage(e.to_string()))?;
    std::fs::write(&args.out, &bytes)?;
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-notice-letters-written",
            &[
                ("file", args.out.display().to_string().into()),
                ("count", count.into()),
            ]
        )
    )
}
