//! `plantrack audit`: verifies the tamper-evident history.

use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Recompute every dossier's hash chain; name the first broken link and exit non-zero.
    Verify(FormatArg),
}

pub async fn run(planning: &Planning, cmd: AuditCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        AuditCmd::Verify(format) => {
            let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let report = planning
                .verify_history(Caller::Operator, &mut |n| {
                    if interactive {
                        eprint!(
                            "\r{}",
                            translate(lang.into(), "cli-audit-progress", &[("count", n.into())])
                        );
                    }
                })
                .await?;
            if interactive {
                eprintln!();
            }
            match format.format {
                Format::Json => print_json(&report)?,
                Format::Table => match &report.first_broken {
                    None => outln!(
                        "{}",
                        translate(
                            lang.into(),
                            "cli-audit-intact",
                            &[
                                ("dossiers", report.dossiers.into()),
                                ("events", report.events.into()),
                                ("digest", report.digest.as_str().into()),
                            ]
                        )
                    )?,
                    Some(link) => {
                        let mut args = vec![
                            ("dossier", link.dossier_id.into()),
                            ("seq", link.seq.into()),
                            ("problem", link.problem.as_str().into()),
                        ];
                        let key = match link.event_id {
                            Some(row) => {
                                args.push(("row", row.into()));
                                "cli-audit-broken-row"
                            }
                            None => "cli-audit-broken",
                        };
                        outln!("{}", translate(lang.into(), key, &args))?;
                    }
                },
            }
            match report.first_broken {
                None => Ok(()),
                Some(link) => Err(CliError::Usage(translate(
                    lang.into(),
                    "cli-audit-broken-error",
                    &[
                        ("dossier", link.dossier_id.into()),
                        ("seq", link.seq.into()),
                    ],
                ))),
            }
        }
    }
}
