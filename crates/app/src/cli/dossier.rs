//! `plantrack dossier`: listing, showing and moving dossiers along their templates.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::Planning;
use plantrack_store::planning::{DossierQuery, Order};

use super::CliError;
use super::output::table::{date, opt_date, render, vnd};
use super::output::{Format, FormatArg, print_json};
use super::parse::parse_plan_type;

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

pub async fn run(planning: &Planning, cmd: DossierCmd, lang: Language) -> Result<(), CliError> {
    let (id, kind, who) = match cmd {
        DossierCmd::List {
            province,
            unit,
            plan_type,
            stage,
            overdue,
            format,
        } => {
            let query = DossierQuery {
                province,
                unit,
                plan_type,
                stage,
                overdue,
                limit: 100_000,
                ..Default::default()
            };
            let (items, _) = planning.dossiers(Caller::Operator, query).await?;
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
                                d.status.as_str().to_owned(),
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
                Some(d) => planning.dossier_as_of(Caller::Operator, id, d).await?,
                None => planning.dossier(Caller::Operator, id).await?,
            }
            .state;
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
            let events = planning.events(Caller::Operator, id, None).await?;
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
    // The operator acts on the version as it stands, naming who acts and in which role.
    let current = planning.dossier(Caller::Operator, id).await?.state;
    let order = Order {
        expected_version: Some(current.version),
        actor: Some(Actor {
            name: who.actor,
            role: who.role,
        }),
        reason: who.reason,
        effective_on: who.on,
        kind,
    };
    let (event, reading) = planning.execute(Caller::Operator, id, order).await?;
    let state = reading.state;
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
