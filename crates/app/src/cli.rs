//! The command line. Every command that prints data has `--format json` for scripts; tables
//! use dd/mm/yyyy dates and đồng with dot grouping.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use plantrack_domain::calendar::{DayOverride, DayOverrideKind, WorkingCalendar, holidays};
use plantrack_domain::plan::PlanType;
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::{Actor, Command, CommandKind};
use plantrack_store::planning::{Clock, ProgressQuery};
use plantrack_store::plans::DossierFilter;
use plantrack_store::units::UnitFilter;
use plantrack_store::{Planning, StoreError};

use crate::table::{date, opt_date, render, vnd};

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
    pub lang: String,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Serve the web application and the JSON API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the Lai Châu demo first if the database holds no plans.
        #[arg(long)]
        demo: bool,
        /// The folder where uploaded documents are kept (content-addressed).
        #[arg(
            long,
            env = "PLANTRACK_DOCUMENTS",
            default_value = "plantrack-documents"
        )]
        documents: std::path::PathBuf,
        /// The largest document accepted, in MB.
        #[arg(long, env = "PLANTRACK_MAX_UPLOAD_MB", default_value_t = 50)]
        max_upload_mb: u64,
        /// A base-map tile URL for the dashboard map, e.g. https://tile.example.org/{z}/{x}/{y}.png
        /// (off by default: the map needs no internet).
        #[arg(long, env = "PLANTRACK_MAP_TILES")]
        map_tiles: Option<String>,
    },
    /// Load the Lai Châu demo (as at the meeting of 25/11/2025) into an empty database.
    Demo(FormatArg),
    /// Administrative units.
    #[command(subcommand)]
    Units(UnitsCmd),
    /// The progress report: dossiers by stage, overdue and due-soon lists, per-unit plans.
    Progress {
        /// The day to report on (YYYY-MM-DD); today when absent.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Province code (e.g. 12 for Lai Châu); the whole country when absent.
        #[arg(long)]
        province: Option<String>,
        /// One commune-level unit's plans (GSO code).
        #[arg(long, conflicts_with = "province")]
        unit: Option<String>,
        /// Plan type, e.g. commune_general.
        #[arg(long, value_parser = parse_plan_type)]
        plan_type: Option<PlanType>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Dossiers.
    #[command(subcommand)]
    Dossier(DossierCmd),
    /// Workflow templates.
    #[command(subcommand)]
    Templates(TemplatesCmd),
    /// Vietnam's working-day calendar and the province's overrides.
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// The tamper-evident history.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Accounts and their organisations (the first administrator is created here).
    #[command(subcommand)]
    User(crate::accounts_cli::UserCmd),
    /// API tokens for integrations.
    #[command(subcommand)]
    Token(crate::accounts_cli::TokenCmd),
    /// Check a plan's land-use map against constraint layers (no database needed).
    Check(crate::check_cli::CheckArgs),
    /// The departments' constraint layers: import a file as a new version, list them.
    #[command(subcommand)]
    Layers(crate::layers_cli::LayersCmd),
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Recompute every dossier's hash chain; name the first broken link and exit non-zero.
    Verify(FormatArg),
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// A year's public holidays (lunar ones computed), compensatory days and overrides.
    Show {
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Make a day an extra day off, or a make-up working day.
    Set {
        date: NaiveDate,
        #[arg(long, value_parser = parse_override_kind)]
        kind: DayOverrideKind,
        /// Why (e.g. the decision that moved the day).
        #[arg(long)]
        note: String,
    },
    /// Remove a day's override.
    Unset { date: NaiveDate },
}

fn parse_override_kind(s: &str) -> Result<DayOverrideKind, String> {
    match s {
        "day_off" => Ok(DayOverrideKind::DayOff),
        "working_day" => Ok(DayOverrideKind::WorkingDay),
        _ => Err(format!("unknown kind '{s}'; one of: day_off, working_day")),
    }
}

#[derive(Debug, Subcommand)]
pub enum UnitsCmd {
    /// Import units, boundaries or lineage from a file (format detected from its content).
    Import {
        files: Vec<PathBuf>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// List units.
    List {
        #[arg(long)]
        province: Option<String>,
        #[arg(long, value_parser = parse_unit_kind)]
        kind: Option<UnitKind>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Show one unit with its lineage.
    Show {
        code: String,
        #[command(flatten)]
        format: FormatArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum DossierCmd {
    /// List dossiers as they stand now.
    List {
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_parser = parse_plan_type)]
        plan_type: Option<PlanType>,
        #[arg(long)]
        stage: Option<String>,
        /// Only dossiers past their due date.
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Show a dossier now, or as it stood on a past day.
    Show {
        id: i64,
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// A dossier's history.
    History {
        id: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Move a dossier along a transition of its template.
    Transition {
        id: i64,
        action: String,
        #[command(flatten)]
        who: Who,
    },
    /// Put a dossier on hold.
    Hold {
        id: i64,
        #[command(flatten)]
        who: Who,
    },
    /// Resume a dossier on hold.
    Resume {
        id: i64,
        #[command(flatten)]
        who: Who,
    },
    /// Attach a document (a kind the dossier's template knows, e.g. task_draft).
    Attach {
        id: i64,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        title: String,
        /// The document's number or file reference.
        #[arg(long, default_value = "")]
        reference: String,
        #[command(flatten)]
        who: Who,
    },
    /// Extend the current stage's deadline, with the approver of the extension.
    Extend {
        id: i64,
        /// The new due date (YYYY-MM-DD).
        #[arg(long)]
        until: NaiveDate,
        #[arg(long)]
        approver: String,
        #[command(flatten)]
        who: Who,
    },
}

/// Who acts, in which role, why, and when.
#[derive(Debug, Args)]
pub struct Who {
    #[arg(long)]
    pub actor: String,
    /// The workflow role (e.g. commune_pc, construction_dept, provincial_pc).
    #[arg(long)]
    pub role: String,
    #[arg(long)]
    pub reason: String,
    /// The day it takes effect; today when absent.
    #[arg(long)]
    pub on: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCmd {
    /// The latest version of every template.
    List(FormatArg),
    /// One template's stages, limits and transitions.
    Show {
        key: String,
        #[arg(long)]
        version: Option<u32>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Load a province's own template (TOML).
    Load {
        file: PathBuf,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn parse_plan_type(s: &str) -> Result<PlanType, String> {
    PlanType::parse(s).ok_or_else(|| {
        let all: Vec<&str> = PlanType::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown plan type '{s}'; one of: {}", all.join(", "))
    })
}

fn parse_unit_kind(s: &str) -> Result<UnitKind, String> {
    UnitKind::parse(s).ok_or_else(|| {
        format!("unknown unit kind '{s}'; one of: province, commune, ward, special_zone")
    })
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

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| CliError::Io(e.into()))?;
    writeln!(out)?;
    Ok(())
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
    let lang = plantrack_web::i18n::Lang::parse(&cli.lang).unwrap_or(plantrack_web::i18n::Lang::Vi);
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
            return tokio::task::spawn_blocking(move || crate::check_cli::run(args))
                .await
                .map_err(|e| CliError::Usage(format!("the check stopped: {e}")))?;
        }
        other => other,
    };
    let planning = Planning::open(&cli.db, Clock::vietnam()).await?;
    let lang = cli.lang.as_str();
    match command {
        Cmd::Serve {
            addr,
            demo,
            documents,
            max_upload_mb,
            map_tiles,
        } => {
            let documents = plantrack_store::blobs::BlobStore::open(
                &documents,
                max_upload_mb.saturating_mul(1_000_000),
            )?;
            let mut state = plantrack_web::AppState::new(planning, documents);
            state.map_tiles = map_tiles.filter(|t| !t.trim().is_empty());
            serve(state, &addr, demo).await
        }
        Cmd::Demo(f) => {
            let summary =
                crate::demo::load(&planning, &mut |step| eprintln!("demo: {step}")).await?;
            match f.format {
                Format::Json => print_json(&summary),
                Format::Table => {
                    println!(
                        "Lai Châu demo loaded: {} units, {} plans, {} events; meeting date {}.",
                        summary.units,
                        summary.plans,
                        summary.events,
                        date(summary.meeting_date)
                    );
                    Ok(())
                }
            }
        }
        Cmd::Units(cmd) => units(&planning, cmd).await,
        Cmd::Layers(cmd) => crate::layers_cli::run(&planning, cmd).await,
        Cmd::User(cmd) => crate::accounts_cli::run_user(&planning, cmd).await,
        Cmd::Token(cmd) => crate::accounts_cli::run_token(&planning, cmd).await,
        // Answered above, without a database.
        Cmd::Check(_) => Ok(()),
        Cmd::Progress {
            as_of,
            province,
            unit,
            plan_type,
            format,
        } => {
            let query = ProgressQuery {
                as_of,
                province,
                unit,
                plan_type,
                lang: lang.to_owned(),
                with_units: None,
                list_limit: None,
            };
            let report = planning.progress(&query).await?;
            match format.format {
                Format::Json => print_json(&report),
                Format::Table => {
                    println!(
                        "Tiến độ / Progress — {} — {} dossiers",
                        date(report.as_of),
                        report.total
                    );
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
                    print!(
                        "{}",
                        render(
                            &[
                                "plan type",
                                "stage",
                                "count",
                                "overdue",
                                "due soon",
                                "on hold"
                            ],
                            &rows
                        )
                    );
                    if !report.overdue.is_empty() {
                        println!("\nQuá hạn / Overdue:");
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
                        print!("{}", render(&["unit", "stage", "due", "days late"], &rows));
                    }
                    Ok(())
                }
            }
        }
        Cmd::Dossier(cmd) => dossier(&planning, cmd, lang).await,
        Cmd::Templates(cmd) => templates(&planning, cmd, lang).await,
        Cmd::Calendar(cmd) => calendar(&planning, cmd, lang).await,
        Cmd::Audit(AuditCmd::Verify(format)) => {
            let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let report = planning
                .db
                .verify_history(&mut |n| {
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
                        plantrack_web::i18n::Lang::parse(lang)
                            .unwrap_or(plantrack_web::i18n::Lang::Vi)
                            .pick("Lịch sử nguyên vẹn", "History intact", "Riwayat utuh"),
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

async fn serve(state: plantrack_web::AppState, addr: &str, demo: bool) -> Result<(), CliError> {
    let planning = &state.planning;
    if demo {
        let (_, plans) = planning
            .db
            .dossiers(&DossierFilter {
                limit: 1,
                ..Default::default()
            })
            .await?;
        if plans == 0 {
            tracing::info!("loading the Lai Châu demo");
            let summary =
                crate::demo::load(planning, &mut |step| tracing::debug!("demo: {step}")).await?;
            tracing::info!(
                plans = summary.plans,
                events = summary.events,
                "demo loaded"
            );
        }
        if planning.db.users().await?.is_empty() {
            let accounts = crate::demo::create_demo_accounts(planning).await?;
            // Loud on purpose: these accounts share one password and exist for the demo only.
            eprintln!(
                "\n=== DEMO MODE — demo accounts, not for real use ===\n\
                 users: {}\npassword (all of them, this run only): {}\n\
                 ===================================================\n",
                accounts.usernames.join(", "),
                accounts.password
            );
        }
        tracing::warn!("running in DEMO MODE: demo data and demo accounts");
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("plantrack listening on http://{}", listener.local_addr()?);
    eprintln!(
        "plantrack: open http://{} in a browser",
        listener.local_addr()?
    );
    plantrack_web::serve(listener, state).await?;
    Ok(())
}

async fn units(planning: &Planning, cmd: UnitsCmd) -> Result<(), CliError> {
    match cmd {
        UnitsCmd::Import { files, format } => {
            if files.is_empty() {
                return Err(CliError::Usage("give at least one file to import".into()));
            }
            let mut results = Vec::new();
            for file in files {
                let mut last = 0;
                let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
                let summary = planning
                    .import_units_file(&file, &mut |done, total| {
                        // Report every tenth, not every feature.
                        let step = total.max(10) / 10;
                        if interactive && (done == total || done >= last + step) {
                            last = done;
                            eprint!("\r{}: {done}/{total}", file.display());
                        }
                    })
                    .await?;
                if interactive {
                    eprintln!();
                }
                results.push(
                    serde_json::json!({"file": file.display().to_string(), "summary": summary}),
                );
                if let Format::Table = format.format {
                    println!(
                        "{}: {} units, {} boundaries, {} lineage entries",
                        file.display(),
                        summary.units,
                        summary.boundaries,
                        summary.lineage_units
                    );
                }
            }
            if let Format::Json = format.format {
                print_json(&results)?;
            }
            Ok(())
        }
        UnitsCmd::List {
            province,
            kind,
            format,
        } => {
            let filter = UnitFilter {
                parent_code: province,
                kind,
                limit: 10_000,
                offset: 0,
            };
            let (units, _) = planning.db.units(&filter).await?;
            match format.format {
                Format::Json => print_json(&units),
                Format::Table => {
                    let rows: Vec<Vec<String>> = units
                        .iter()
                        .map(|u| {
                            vec![
                                u.unit.code.clone(),
                                u.unit.full_name.clone(),
                                u.unit.kind.as_str().to_owned(),
                                u.unit
                                    .area_km2
                                    .map_or_else(String::new, |a| format!("{a:.2}")),
                                u.unit.lineage.len().to_string(),
                            ]
                        })
                        .collect();
                    print!(
                        "{}",
                        render(&["code", "name", "kind", "km²", "merged from"], &rows)
                    );
                    Ok(())
                }
            }
        }
        UnitsCmd::Show { code, format } => {
            let unit = planning.db.unit(&code).await?;
            match format.format {
                Format::Json => print_json(&unit),
                Format::Table => {
                    println!(
                        "{} ({}) — {}",
                        unit.unit.full_name,
                        unit.unit.code,
                        unit.unit.kind.as_str()
                    );
                    if let Some(a) = unit.unit.area_km2 {
                        println!("area: {a:.2} km²");
                    }
                    for f in &unit.unit.lineage {
                        println!("  ← {} {} ({})", f.code, f.name, f.merge_type);
                    }
                    Ok(())
                }
            }
        }
    }
}

async fn dossier(planning: &Planning, cmd: DossierCmd, lang: &str) -> Result<(), CliError> {
    let (id, kind, who) = match cmd {
        DossierCmd::List {
            province,
            unit,
            plan_type,
            stage,
            overdue,
            format,
        } => {
            let filter = DossierFilter {
                province_code: province,
                unit_code: unit,
                plan_type,
                stage,
                overdue_on: overdue.then(|| planning.today()),
                limit: 100_000,
                ..Default::default()
            };
            let (items, _) = planning.db.dossiers(&filter).await?;
            return match format.format {
                Format::Json => print_json(&items),
                Format::Table => {
                    let rows: Vec<Vec<String>> = items
                        .iter()
                        .map(|d| {
                            vec![
                                d.dossier_id.to_string(),
                                d.unit_name.clone(),
                                d.plan.plan_type.as_str().to_owned(),
                                d.stage.clone(),
                                d.status.clone(),
                                opt_date(d.due_on),
                            ]
                        })
                        .collect();
                    print!(
                        "{}",
                        render(
                            &["id", "unit", "plan type", "stage", "status", "due"],
                            &rows
                        )
                    );
                    Ok(())
                }
            };
        }
        DossierCmd::Show { id, as_of, format } => {
            let state = match as_of {
                Some(d) => planning.dossier_as_of(id, d).await?,
                None => planning.db.dossier(id).await?,
            };
            return match format.format {
                Format::Json => print_json(&state),
                Format::Table => {
                    let template =
                        planning.template(&state.template, Some(state.template_version))?;
                    let stage = template
                        .stage(&state.stage)
                        .map_or(state.stage.as_str(), |s| s.name.get(lang));
                    println!(
                        "dossier {} — plan {} — {} v{}",
                        state.id, state.plan_id, state.template, state.template_version
                    );
                    println!(
                        "stage: {stage} (since {}), status: {}",
                        date(state.stage_entered_on),
                        state.status.as_str()
                    );
                    println!("due: {}", opt_date(state.due_on));
                    if let Some(c) = &state.consultant {
                        println!("consultant: {c}");
                    }
                    for f in &state.funding {
                        println!(
                            "funding: {} ({} of {})",
                            vnd(f.amount_vnd),
                            f.decision_number,
                            date(f.decision_date)
                        );
                    }
                    for d in &state.documents {
                        println!(
                            "document: {} — {} ({})",
                            d.kind,
                            d.title,
                            date(d.attached_on)
                        );
                    }
                    Ok(())
                }
            };
        }
        DossierCmd::History { id, format } => {
            let events = planning.db.events(id, None).await?;
            if events.is_empty() {
                planning.db.dossier(id).await?;
            }
            return match format.format {
                Format::Json => print_json(&events),
                Format::Table => {
                    let rows: Vec<Vec<String>> = events
                        .iter()
                        .map(|e| {
                            vec![
                                e.seq.to_string(),
                                date(e.occurred_on),
                                e.kind.tag().to_owned(),
                                format!("{} ({})", e.actor, e.role),
                                e.reason.clone(),
                            ]
                        })
                        .collect();
                    print!("{}", render(&["#", "date", "event", "who", "why"], &rows));
                    Ok(())
                }
            };
        }
        DossierCmd::Transition { id, action, who } => (id, CommandKind::Transition { action }, who),
        DossierCmd::Hold { id, who } => (id, CommandKind::Hold, who),
        DossierCmd::Resume { id, who } => (id, CommandKind::Resume, who),
        DossierCmd::Attach {
            id,
            kind,
            title,
            reference,
            who,
        } => (
            id,
            CommandKind::AttachDocument {
                kind,
                title,
                reference,
                file: None,
            },
            who,
        ),
        DossierCmd::Extend {
            id,
            until,
            approver,
            who,
        } => (
            id,
            CommandKind::ExtendDeadline {
                new_due_on: until,
                approver,
            },
            who,
        ),
    };
    let current = planning.db.dossier(id).await?;
    let command = Command {
        expected_version: Some(current.version),
        actor: Actor {
            name: who.actor,
            role: who.role,
        },
        reason: who.reason,
        effective_on: who.on.unwrap_or_else(|| planning.today()),
        kind,
    };
    let (event, state) = planning.execute(id, &command).await?;
    match who.format.format {
        Format::Json => print_json(&serde_json::json!({"event": event, "dossier": state})),
        Format::Table => {
            println!(
                "dossier {}: {} → stage {} (version {})",
                id,
                event.kind.tag(),
                state.stage,
                state.version
            );
            Ok(())
        }
    }
}

async fn templates(planning: &Planning, cmd: TemplatesCmd, lang: &str) -> Result<(), CliError> {
    match cmd {
        TemplatesCmd::List(f) => {
            let list = planning.templates();
            match f.format {
                Format::Json => print_json(&list.iter().map(|t| t.as_ref()).collect::<Vec<_>>()),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|t| {
                            vec![
                                t.key.clone(),
                                t.version.to_string(),
                                t.country.clone(),
                                t.name.get(lang).to_owned(),
                                t.stages.len().to_string(),
                            ]
                        })
                        .collect();
                    print!(
                        "{}",
                        render(&["key", "version", "country", "name", "stages"], &rows)
                    );
                    Ok(())
                }
            }
        }
        TemplatesCmd::Show {
            key,
            version,
            format,
        } => {
            let t = planning.template(&key, version)?;
            match format.format {
                Format::Json => print_json(t.as_ref()),
                Format::Table => {
                    println!("{} v{} — {}", t.key, t.version, t.name.get(lang));
                    let mut rows = Vec::new();
                    for s in &t.stages {
                        let limits: Vec<String> = s
                            .time_limits
                            .iter()
                            .map(|l| {
                                let unit = match l.unit {
                                    plantrack_domain::workflow::LimitUnit::CalendarDays => "days",
                                    plantrack_domain::workflow::LimitUnit::WorkingDays => {
                                        "working days"
                                    }
                                    plantrack_domain::workflow::LimitUnit::Months => "months",
                                };
                                format!("≤{} {unit} [{}] {}", l.length, l.status.tag(), l.basis)
                            })
                            .collect();
                        rows.push(vec![
                            s.key.clone(),
                            s.name.get(lang).to_owned(),
                            limits.join("; "),
                        ]);
                    }
                    print!("{}", render(&["stage", "name", "time limits"], &rows));
                    Ok(())
                }
            }
        }
        TemplatesCmd::Load { file, format } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| CliError::Usage(format!("{}: {e}", file.display())))?;
            let (t, load) = planning.load_template(&text).await?;
            match format.format {
                Format::Json => print_json(
                    &serde_json::json!({"key": t.key, "version": t.version, "load": load}),
                ),
                Format::Table => {
                    println!("{} v{}: {:?}", t.key, t.version, load);
                    Ok(())
                }
            }
        }
    }
}

async fn calendar(planning: &Planning, cmd: CalendarCmd, lang: &str) -> Result<(), CliError> {
    match cmd {
        CalendarCmd::Show { year, format } => {
            if !(1950..=2100).contains(&year) {
                return Err(CliError::Usage("year must be between 1950 and 2100".into()));
            }
            let calendar = planning.calendar();
            let holidays = holidays::public_holidays(year);
            let overrides: Vec<&DayOverride> = calendar
                .overrides()
                .filter(|o| chrono::Datelike::year(&o.date) == year)
                .collect();
            let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
            let working_days = first
                .iter_days()
                .take_while(|d| chrono::Datelike::year(d) == year)
                .filter(|d| calendar.is_working_day(*d))
                .count();
            match format.format {
                Format::Json => print_json(&serde_json::json!({
                    "year": year, "holidays": holidays, "overrides": overrides, "working_days": working_days,
                })),
                Format::Table => {
                    let mut rows: Vec<Vec<String>> = holidays
                        .iter()
                        .map(|h| {
                            vec![
                                date(h.date),
                                if lang == "vi" { h.name_vi } else { h.name_en }.to_owned(),
                            ]
                        })
                        .collect();
                    rows.extend(overrides.iter().map(|o| {
                        let kind = match o.kind {
                            DayOverrideKind::DayOff => "day off",
                            DayOverrideKind::WorkingDay => "working day",
                        };
                        vec![date(o.date), format!("{kind}: {}", o.note)]
                    }));
                    print!("{}", render(&["date", "holiday"], &rows));
                    println!("{working_days} working days in {year}");
                    Ok(())
                }
            }
        }
        CalendarCmd::Set {
            date: day,
            kind,
            note,
        } => {
            if note.trim().is_empty() {
                return Err(CliError::Usage("--note must say why".into()));
            }
            let o = DayOverride {
                date: day,
                kind,
                note: note.trim().to_owned(),
            };
            planning.set_calendar_override(&o).await?;
            println!("{}: set", date(day));
            Ok(())
        }
        CalendarCmd::Unset { date: day } => {
            if planning.delete_calendar_override(day).await? {
                println!("{}: removed", date(day));
                Ok(())
            } else {
                Err(CliError::Usage(format!("{} has no override", date(day))))
            }
        }
    }
}
