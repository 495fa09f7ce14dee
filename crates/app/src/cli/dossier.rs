//! `plantrack dossier`: listing, showing and moving dossiers along their templates.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::Planning;
use plantrack_store::planning::{DossierQuery, Order};
use plantrack_web::i18n::{FluentValue, translate};

use super::CliError;
use super::output::table::{date, headings, opt_date, render, vnd};
use super::output::{Format, FormatArg, print_json};
use super::output::{outln, outp};
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
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-unit",
                            "cli-col-plan-type",
                            "cli-col-stage",
                            "cli-col-status",
                            "cli-col-due",
                        ],
                    );
                    outp!("{}", render(&header, &rows))?;
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
                    let say = |key: &str, args: &[(&str, FluentValue<'_>)]| {
                        outln!("{}", translate(lang.into(), key, args))
                    };
                    say(
                        "cli-dossier-title",
                        &[
                            ("id", state.id.into()),
                            ("plan", state.plan_id.into()),
                            ("template", state.template.as_str().into()),
                            ("version", state.template_version.into()),
                        ],
                    )?;
                    say(
                        "cli-dossier-stage",
                        &[
                            ("stage", stage.into()),
                            ("since", date(state.stage_entered_on).into()),
                            ("status", state.status.as_str().into()),
                        ],
                    )?;
                    say("cli-dossier-due", &[("due", opt_date(state.due_on).into())])?;
                    if let Some(c) = &state.consultant {
                        say("cli-dossier-consultant", &[("name", c.as_str().into())])?;
                    }
                    for f in &state.funding {
                        say(
                            "cli-dossier-funding",
                            &[
                                ("amount", vnd(f.amount_vnd).into()),
                                ("decision", f.decision_number.as_str().into()),
                                ("date", date(f.decision_date).into()),
                            ],
                        )?;
                    }
                    for d in &state.documents {
                        say(
                            "cli-dossier-document",
                            &[
                                ("kind", d.kind.as_str().into()),
                                ("title", d.title.as_str().into()),
                                ("date", date(d.attached_on).into()),
                            ],
                        )?;
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
                    let mut header = vec!["#".to_owned()];
                    header.extend(headings(
                        lang,
                        &[
                            "cli-col-date",
                            "cli-col-event",
                            "cli-col-who",
                            "cli-col-why",
                        ],
                    ));
                    outp!("{}", render(&header, &rows))?;
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
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-dossier-moved",
                    &[
                        ("id", id.into()),
                        ("event", event.kind.tag().into()),
                        ("stage", state.stage.as_str().into()),
                        ("version", state.version.into()),
                    ]
                )
            )?;
            Ok(())
        }
    }
}
