//! The command line: its arguments, the dispatch to one module per command, its error and
//! its logging. Every command that prints data has `--format json` for scripts; tables use
//! dd/mm/yyyy dates and đồng with dot grouping (see `output`).
//!
//! Dependencies go one way: this module uses the command modules; a command module uses
//! `output`, `parse` and `CliError`, never another command module.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod check;
pub mod demo;
pub mod dossier;
pub mod layers;
pub mod migrate;
pub mod output;
pub mod parse;
pub mod progress;
pub mod serve;
pub mod templates;
pub mod units;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use plantrack_store::planning::Clock;
use plantrack_store::{Planning, StoreError};

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
    /// Create or bring the database up to this build (`serve` does it at start).
    Migrate(output::FormatArg),
    /// Serve the web application and the JSON API (migrating the database first).
    Serve(serve::ServeArgs),
    /// Load the Lai Châu demo (as at the meeting of 25/11/2025) into an empty database.
    Demo(output::FormatArg),
    /// Administrative units.
    #[command(subcommand)]
    Units(units::UnitsCmd),
    /// The progress report: dossiers by stage, overdue and due-soon lists, per-unit plans.
    Progress(progress::ProgressArgs),
    /// Dossiers.
    #[command(subcommand)]
    Dossier(dossier::DossierCmd),
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
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("PLANTRACK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let lang = plantrack_web::i18n::Lang::from(cli.lang);
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Store(StoreError::Domain(e))) => {
            // Refusals read the same as in the API, in the user's language.
            let (title, detail) = plantrack_web::i18n::describe_domain(&e, lang);
            eprintln!("{title}: {detail}");
            ExitCode::FAILURE
        }
        // A reader that stopped early (`| head`) is not an error.
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", lang.pick("Lỗi", "Error", "Kesalahan"));
            ExitCode::FAILURE
        }
    }
}

pub async fn execute(cli: Cli) -> Result<(), CliError> {
    // The consultant's check reads files only: no database is opened or created.
    let command = match cli.command {
        Cmd::Check(args) => {
            return tokio::task::spawn_blocking(move || check::run(args))
                .await
                .map_err(|e| CliError::Usage(format!("the check stopped: {e}")))?;
        }
        other => other,
    };
    let command = match command {
        Cmd::Migrate(f) => return migrate::run(&cli.db, f).await,
        // The server brings its database up to date as it starts; no other command does.
        Cmd::Serve(args) => {
            Planning::migrate(&cli.db).await?;
            let planning = Planning::open(&cli.db, Clock::vietnam()).await?;
            return serve::run(planning, args).await;
        }
        other => other,
    };
    let planning = Planning::open(&cli.db, Clock::vietnam()).await?;
    let lang = cli.lang;
    match command {
        // Answered above.
        Cmd::Migrate(_) | Cmd::Serve(_) => Ok(()),
        Cmd::Demo(f) => demo::run(&planning, f).await,
        Cmd::Units(cmd) => units::run(&planning, cmd).await,
        Cmd::Layers(cmd) => layers::run(&planning, cmd).await,
        Cmd::User(cmd) => accounts::run_user(&planning, cmd).await,
        Cmd::Token(cmd) => accounts::run_token(&planning, cmd).await,
        // Answered above, without a database.
        Cmd::Check(_) => Ok(()),
        Cmd::Progress(args) => progress::run(&planning, args, lang).await,
        Cmd::Dossier(cmd) => dossier::run(&planning, cmd, lang).await,
        Cmd::Templates(cmd) => templates::run(&planning, cmd, lang).await,
        Cmd::Calendar(cmd) => calendar::run(&planning, cmd, lang).await,
        Cmd::Audit(cmd) => audit::run(&planning, cmd, lang).await,
    }
}
