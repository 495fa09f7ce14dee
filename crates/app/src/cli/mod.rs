//! The command line: its arguments, the dispatch to one module per command, its error and
//! its logging. Every command that prints data has `--format json` for scripts; tables use
//! dd/mm/yyyy dates and đồng with dot grouping (see `output`).
//!
//! Every text meant for a person comes from the Fluent files the web pages use
//! (`crates/web/locales/<lang>/cli.ftl`), in the language of `--lang`; `--format json`,
//! clap's help and the log are not translated.
//!
//! Dependencies go one way: this module uses the command modules; a command module uses
//! `output`, `parse` and `CliError`, never another command module.

pub mod accounts;
pub mod appraisal;
pub mod appraisal_compare;
mod appraisal_report;
pub mod audit;
pub mod backup;
pub mod backup_problems;
pub mod blocker;
pub mod calendar;
pub mod check;
pub mod consultant;
pub mod consultation;
pub mod demo;
pub mod demo_banner;
pub mod digest;
pub mod documents;
pub mod dossier;
pub mod forecast;
pub mod funding;
pub mod layers;
pub mod meeting;
pub mod meeting_papers;
pub mod migrate;
pub mod org;
pub mod output;
pub mod parse;
pub mod progress;
pub mod report;
pub mod request;
pub mod restore;
pub mod serve;
pub mod status_call;
pub mod task;
pub mod templates;
pub mod units;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use plantrack_gis::GisError;
use plantrack_store::planning::Clock;
use plantrack_store::{Planning, StoreError};
use plantrack_web::i18n::translate;

#[derive(Debug, Parser)]
#[command(
    name = "plantrack",
    version,
    about = "Tracks the statutory preparation of land-use plans across a province's communes."
)]
pub struct Cli {
    /// Database URL: sqlite://FILE (created on first start) or postgres://…
    #[arg(
        long,
        global = true,
        env = "PLANTRACK_DB",
        default_value = "sqlite://plantrack.db"
    )]
    pub db: String,
    /// Language of names and messages: vi, en, id.
    #[arg(long, global = true, env = "PLANTRACK_LANG", default_value = "vi")]
    pub lang: plantrack_domain::Language,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Create or bring the database up to this build (`serve` does it at start); with
    /// `--app-role`, grant the application's own database role what it needs (PostgreSQL).
    Migrate(migrate::MigrateArgs),
    /// Serve the web application and the JSON API (migrating the database first).
    Serve(serve::ServeArgs),
    /// Load the Lai Châu demo (as at the meeting of 25/11/2025) into an empty database.
    Demo(output::FormatArg),
    /// Administrative units.
    #[command(subcommand)]
    Units(units::UnitsCmd),
    /// The progress report: dossiers by stage, overdue and due-soon lists, per-unit plans.
    Progress(progress::ProgressArgs),
    /// The progress report as a document (DOCX, PDF, XLSX or CSV) written to a file.
    Report(report::ReportArgs),
    /// Dossiers.
    #[command(subcommand)]
    Dossier(dossier::DossierCmd),
    /// When each dossier is likely to be approved, and the chance it is by a target date (a
    /// statistical estimate); `forecast backtest` scores past forecasts.
    Forecast(forecast::ForecastArgs),
    /// Workflow templates.
    #[command(subcommand)]
    Templates(templates::TemplatesCmd),
    /// Vietnam's working-day calendar and the province's overrides.
    #[command(subcommand)]
    Calendar(calendar::CalendarCmd),
    /// The tamper-evident history.
    #[command(subcommand)]
    Audit(audit::AuditCmd),
    /// Accounts and their organisations (the first administrator is created here).
    #[command(subcommand)]
    User(accounts::UserCmd),
    /// API tokens for integrations.
    #[command(subcommand)]
    Token(accounts::TokenCmd),
    /// Check a plan's land-use map against constraint layers (no database needed).
    Check(check::CheckArgs),
    /// The departments' constraint layers: import a file as a new version, list them.
    #[command(subcommand)]
    Layers(layers::LayersCmd),
    /// Back up the whole store (the database at one instant and every document) into one
    /// file, while the server goes on serving.
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty database and an empty documents folder.
    Restore(restore::RestoreArgs),
    /// Review meetings, their conclusions and the directives they give.
    #[command(subcommand)]
    Meeting(meeting::MeetingCmd),
    /// The tasks directives gave, and reports on them.
    #[command(subcommand)]
    Task(task::TaskCmd),
    /// What holds a dossier back.
    #[command(subcommand)]
    Blocker(blocker::BlockerCmd),
    /// Before a meeting: ask the campaign's communes to confirm their status, and read the answers.
    #[command(subcommand)]
    StatusCall(status_call::StatusCallCmd),
    /// Sectoral information requests to departments, and their turnaround.
    #[command(subcommand)]
    Request(request::RequestCmd),
    /// Consultation on the draft plan: rounds, agencies, residents' opinions, the synthesis table.
    #[command(subcommand)]
    Consultation(consultation::ConsultationCmd),
    /// Consultant firms, their people and certificates, assignments to plans, capacity.
    #[command(subcommand)]
    Consultant(consultant::ConsultantCmd),
    /// Funding of the plans: allocation decisions, lines, consultants' contracts, payments.
    #[command(subcommand)]
    Funding(funding::FundingCmd),
    /// Appraisal against the plan type's content checklist, the automatic items filled in.
    #[command(subcommand)]
    Appraisal(appraisal::AppraisalCmd),
    /// Organisations and where their daily digest goes.
    #[command(subcommand)]
    Org(org::OrgCmd),
    /// The daily digest each organisation receives by mail.
    #[command(subcommand)]
    Digest(digest::DigestCmd),
}

/// The CLI's error: what to tell the user, and the exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Backup(#[from] plantrack_store::backup::BackupError),
    /// A file the command read itself (`check`).
    #[error("{0}")]
    Gis(#[from] plantrack_gis::GisError),
    /// The command ran and printed what it found, which is a problem: it exits with this
    /// code and says nothing more (`check`: 1, conflicts or invalid geometry).
    #[error("exit {0}")]
    Verdict(u8),
}

/// `plantrack check`'s exit codes, as linters have them (README "Checking a draft plan").
pub mod check_exit {
    /// Checked against every layer, nothing wrong.
    pub const CLEAN: u8 = 0;
    /// Conflicts, or invalid geometry, found.
    pub const FOUND: u8 = 1;
    /// An input could not be read, or is empty: nothing was checked.
    pub const UNREADABLE: u8 = 2;
}

fn init_logging(demo: bool) {
    use tracing_subscriber::EnvFilter;
    // The demo makes some fifty accounts at its first start: one line each would bury the
    // banner's; the history keeps them.
    let default = if demo {
        "info,sqlx=warn,plantrack_store::accounts::users=warn"
    } else {
        "info,sqlx=warn"
    };
    let filter =
        EnvFilter::try_from_env("PLANTRACK_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    // Colour codes only for a terminal: a log file or a pipe gets plain text.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logging(matches!(&cli.command, Cmd::Serve(args) if args.demo));
    let lang = plantrack_web::i18n::Lang::from(cli.lang);
    // A check that could not read its input exits 2, not 1: 1 says it found problems.
    let failure = if matches!(cli.command, Cmd::Check(_)) {
        ExitCode::from(check_exit::UNREADABLE)
    } else {
        ExitCode::FAILURE
    };
    let result = execute(cli).await;
    if let Err(CliError::Verdict(code)) = result {
        return ExitCode::from(code);
    }
    let code = report(result, lang);
    if code == ExitCode::FAILURE {
        failure
    } else {
        code
    }
}

/// Says why a command failed, in the reader's language, and gives its exit code.
fn report(result: Result<(), CliError>, lang: plantrack_web::i18n::Lang) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Verdict(code)) => ExitCode::from(code),
        Err(CliError::Store(StoreError::Domain(e))) => {
            // Refusals read the same as in the API, in the user's language.
            let (title, detail) = plantrack_web::error::describe_domain(&e, lang);
            eprintln!("{title}: {detail}");
            ExitCode::FAILURE
        }
        Err(CliError::Store(StoreError::NotMigrated { pending })) => {
            eprintln!(
                "{}",
                translate(lang, "cli-not-migrated", &[("pending", pending.into())])
            );
            ExitCode::FAILURE
        }
        Err(CliError::Store(StoreError::Denied(denied))) => {
            // The policy's reason is written for developers; the log keeps it. An action
            // whose refusal needs saying more precisely has its own sentence, as in the API.
            tracing::info!(reason = %denied, "refused");
            let precise = match &denied {
                plantrack_domain::access::Denied::Forbidden { action, .. } => {
                    lang.try_t(&format!("denied-{}", action.replace('_', "-")))
                }
                plantrack_domain::access::Denied::NotSignedIn => None,
            };
            eprintln!(
                "{}",
                precise.unwrap_or_else(|| translate(lang, "cli-denied", &[]))
            );
            ExitCode::FAILURE
        }
        Err(
            CliError::Store(StoreError::Import(GisError::ArchiveTooLarge { file, source }))
            | CliError::Gis(GisError::ArchiveTooLarge { file, source }),
        ) => {
            let (_, detail) = plantrack_web::error::describe_archive_too_large(&source, lang);
            eprintln!("{file}: {detail}");
            ExitCode::FAILURE
        }
        Err(CliError::Backup(e)) => {
            eprintln!("{}", backup_problems::describe(&e, lang));
            ExitCode::FAILURE
        }
        Err(CliError::Store(
            e @ (StoreError::NotFound { .. }
            | StoreError::Duplicate { .. }
            | StoreError::Conflict { .. }),
        )) => {
            // Said as the API says it, in the user's language.
            let (_, problem) = plantrack_web::error::ApiError::from(e)
                .in_lang(lang)
                .to_problem();
            eprintln!("{}: {}", problem.title, problem.detail);
            ExitCode::FAILURE
        }
        Err(CliError::Store(
            e @ (StoreError::Corrupt(_)
            | StoreError::Database(_)
            | StoreError::Files(_)
            | StoreError::Migrate(_)),
        )) => {
            // The technical detail is for whoever investigates: in the log, marked as such;
            // the sentence the user reads is in their language.
            tracing::error!(error = %e, "the command failed");
            eprintln!("{}", translate(lang, "cli-internal-error", &[]));
            ExitCode::FAILURE
        }
        // A reader that stopped early (`| head`) is not an error.
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}",
                translate(lang, "cli-error", &[("message", e.to_string().into())])
            );
            ExitCode::FAILURE
        }
    }
}

pub async fn execute(cli: Cli) -> Result<(), CliError> {
    let lang = cli.lang;
    // The consultant's check reads files only: no database is opened or created.
    let command = match cli.command {
        Cmd::Check(args) => {
            return tokio::task::spawn_blocking(move || check::run(&args, lang))
                .await
                .map_err(|e| {
                    CliError::Usage(translate(
                        lang.into(),
                        "cli-check-stopped",
                        &[("error", e.to_string().into())],
                    ))
                })?;
        }
        // Grouping reads a file only, as the check does.
        Cmd::Consultation(consultation::ConsultationCmd::Group(args)) => {
            return consultation::group::run(&args, lang);
        }
        other => other,
    };
    let command = match command {
        Cmd::Migrate(f) => return migrate::run(&cli.db, f, lang).await,
        // Neither needs the database at this build's schema: a backup records the one it
        // has, a restore's target may be new.
        Cmd::Backup(args) => return backup::run(&cli.db, args, lang).await,
        Cmd::Restore(args) => return restore::run(&cli.db, args, lang).await,
        // The server brings its database up to date as it starts; no other command does.
        Cmd::Serve(args) => {
            Planning::migrate(&cli.db).await?;
            let planning = Planning::open(&cli.db, Clock::vietnam()).await?;
            return serve::run(planning, args, lang).await;
        }
        other => other,
    };
    let planning = Planning::open(&cli.db, Clock::vietnam()).await?;
    match command {
        // Answered above (the check and the grouping, without a database).
        Cmd::Migrate(_)
        | Cmd::Serve(_)
        | Cmd::Check(_)
        | Cmd::Backup(_)
        | Cmd::Restore(_)
        | Cmd::Consultation(consultation::ConsultationCmd::Group(_)) => Ok(()),
        Cmd::Demo(f) => demo::run(&planning, f, lang).await,
        Cmd::Units(cmd) => units::run(&planning, cmd, lang).await,
        Cmd::Layers(cmd) => layers::run(&planning, cmd, lang).await,
        Cmd::User(cmd) => accounts::run_user(&planning, cmd, lang).await,
        Cmd::Token(cmd) => accounts::run_token(&planning, cmd, lang).await,
        Cmd::Progress(args) => progress::run(&planning, args, lang).await,
        Cmd::Report(args) => report::run(&planning, args, lang).await,
        Cmd::Dossier(cmd) => dossier::run(&planning, cmd, lang).await,
        Cmd::Forecast(args) => forecast::run(&planning, args, lang).await,
        Cmd::Templates(cmd) => templates::run(&planning, cmd, lang).await,
        Cmd::Calendar(cmd) => calendar::run(&planning, cmd, lang).await,
        Cmd::Audit(cmd) => audit::run(&planning, cmd, lang).await,
        Cmd::Meeting(cmd) => meeting::run(&planning, cmd, lang).await,
        Cmd::Task(cmd) => task::run(&planning, cmd, lang).await,
        Cmd::Blocker(cmd) => blocker::run(&planning, cmd, lang).await,
        Cmd::StatusCall(cmd) => status_call::run(&planning, cmd, lang).await,
        Cmd::Request(cmd) => request::run(&planning, cmd, lang).await,
        Cmd::Consultation(cmd) => consultation::run(&planning, cmd, lang).await,
        Cmd::Consultant(cmd) => consultant::run(&planning, cmd, lang).await,
        Cmd::Funding(cmd) => funding::run(&planning, cmd, lang).await,
        Cmd::Appraisal(cmd) => appraisal::run(&planning, cmd, lang).await,
        Cmd::Org(cmd) => org::run(&planning, cmd, lang).await,
        Cmd::Digest(cmd) => digest::run(&planning, cmd, lang).await,
    }
}

#[cfg(test)]
mod message_tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use plantrack_web::i18n::Lang;

    /// The web crate's locale folder: the one set of Fluent files the CLI shares.
    fn locales() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/locales")
    }

    /// The message keys defined in the `.ftl` files of one language, and those of its
    /// `cli.ftl` alone.
    fn keys(lang: Lang) -> (BTreeSet<String>, BTreeSet<String>) {
        let (mut all, mut cli) = (BTreeSet::new(), BTreeSet::new());
        for entry in std::fs::read_dir(locales().join(lang.code())).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "ftl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                let Some((key, _)) = line.split_once(" =") else {
                    continue;
                };
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    all.insert(key.to_owned());
                    if path.file_name().is_some_and(|n| n == "cli.ftl") {
                        cli.insert(key.to_owned());
                    }
                }
            }
        }
        (all, cli)
    }

    /// Every key the crate's code names: the literal second argument of each `translate(`
    /// call, and every `"cli-…"` literal (column headers and keys chosen by a `match`).
    fn used_keys() -> BTreeSet<String> {
        fn literal(rest: &str) -> Option<&str> {
            let rest = rest.strip_prefix('"')?;
            rest.find('"').map(|end| &rest[..end])
        }
        fn walk(dir: &Path, used: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, used);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("translate(") {
                    // Skip the language argument, up to the first comma.
                    let rest = &text[i + "translate(".len()..];
                    if let Some(comma) = rest.find(',')
                        && let Some(key) = literal(rest[comma + 1..].trim_start())
                    {
                        used.insert(key.to_owned());
                    }
                }
                for (i, _) in text.match_indices("\"cli-") {
                    // Whole keys only (not this test's own patterns).
                    if let Some(key) = literal(&text[i..]).filter(|k| {
                        !k.ends_with('-')
                            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    }) {
                        used.insert(key.to_owned());
                    }
                }
            }
        }
        let mut used = BTreeSet::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut used,
        );
        used
    }

    #[test]
    fn every_key_the_command_line_uses_exists_in_every_language() {
        let used = used_keys();
        assert!(used.len() > 100, "found only {} keys", used.len());
        for lang in Lang::ALL {
            let (all, cli) = keys(lang);
            let missing: Vec<_> = used.iter().filter(|k| !all.contains(*k)).collect();
            assert!(
                missing.is_empty(),
                "missing from {}: {missing:?}",
                lang.code()
            );
            // And cli.ftl holds nothing the command line no longer says.
            let unused: Vec<_> = cli.iter().filter(|k| !used.contains(*k)).collect();
            assert!(
                unused.is_empty(),
                "unused in {}/cli.ftl: {unused:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn messages_render_in_the_three_languages() {
        use plantrack_web::i18n::translate;
        assert_eq!(
            translate(
                Lang::Vi,
                "cli-migrate-applied",
                &[("count", 2.into()), ("list", "1, 2".into())]
            ),
            "Đã áp dụng 2 bước nâng cấp cơ sở dữ liệu: 1, 2."
        );
        assert_eq!(
            translate(
                Lang::En,
                "cli-migrate-applied",
                &[("count", 1.into()), ("list", "7".into())]
            ),
            "Applied 1 migration: 7."
        );
        assert_eq!(
            translate(Lang::Id, "cli-check-no-conflict", &[]),
            "Tidak ada konflik."
        );
    }
}
