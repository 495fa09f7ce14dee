//! `plantrack audit`: verifies the tamper-evident history.

use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;

use super::CliError;
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
                        eprint!("\r{n} events checked");
                    }
                })
                .await?;
            if interactive {
                eprintln!();
            }
            match format.format {
                Format::Json => print_json(&report)?,
                Format::Table => match &report.first_broken {
                    None => println!(
                        "{}: {} dossiers, {} events; digest {}",
                        plantrack_web::i18n::Lang::from(lang).pick(
                            "Lịch sử nguyên vẹn",
                            "History intact",
                            "Riwayat utuh"
                        ),
                        report.dossiers,
                        report.events,
                        report.digest
                    ),
                    Some(link) => println!(
                        "BROKEN: dossier {} event {}{}: {}",
                        link.dossier_id,
                        link.seq,
                        link.event_id
                            .map(|id| format!(" (row {id})"))
                            .unwrap_or_default(),
                        link.problem
                    ),
                },
            }
            match report.first_broken {
                None => Ok(()),
                Some(link) => Err(CliError::Usage(format!(
                    "the history is broken at dossier {} event {}",
                    link.dossier_id, link.seq
                ))),
            }
        }
    }
}
