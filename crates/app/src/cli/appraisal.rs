//! `appraisal show`: a dossier measured against its plan type's content checklist — every
//! item with its evidence, the automatic ones filled in from the newest checked land-use map.

use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::appraisal::{Evidence, FindingVerdict};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::Planning;
use plantrack_store::appraisal::Appraisal;
use plantrack_store::planning::Order;
use plantrack_web::i18n::{Lang, describe_figure, translate, verdict_name};
use serde_json::json;

use crate::cli::CliError;
use crate::cli::dossier::Who;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Subcommand)]
pub enum AppraisalCmd {
    /// A dossier's appraisal: every checklist item, its evidence and its verdict.
    Show(ShowArgs),
    /// The dossier's appraisal report (báo cáo thẩm định) as DOCX, to edit and sign.
    Report(super::appraisal_report::ReportArgs),
    /// Every plan of a type in a province side by side, outliers flagged.
    Compare(super::appraisal_compare::CompareArgs),
    /// Record the appraiser's finding on one item (an event in the dossier's history).
    Find(FindArgs),
    /// Let the appraisal pass although an item needs revision (provincial leadership; the
    /// reason is required).
    Overrule(OverruleArgs),
}

#[derive(Debug, Args)]
pub struct FindArgs {
    pub dossier: i64,
    /// The checklist item's key (see `appraisal show`).
    pub item: String,
    #[arg(long, value_enum)]
    pub verdict: VerdictArg,
    /// Why, or what must change: required unless the item plainly meets the standard.
    #[arg(long, default_value = "")]
    pub comment: String,
    /// The checklist version the finding is made against; the dossier's current one when
    /// absent.
    #[arg(long)]
    pub checklist: Option<String>,
    #[command(flatten)]
    pub who: Who,
}

#[derive(Debug, Args)]
pub struct OverruleArgs {
    pub dossier: i64,
    pub item: String,
    #[arg(long)]
    pub checklist: Option<String>,
    #[command(flatten)]
    pub who: Who,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum VerdictArg {
    Meets,
    NeedsRevision,
    NotApplicable,
}

impl From<VerdictArg> for FindingVerdict {
    fn from(v: VerdictArg) -> Self {
        match v {
            VerdictArg::Meets => Self::Meets,
            VerdictArg::NeedsRevision => Self::NeedsRevision,
            VerdictArg::NotApplicable => Self::NotApplicable,
        }
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The dossier's number.
    pub dossier: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(planning: &Planning, cmd: AppraisalCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        AppraisalCmd::Show(args) => {
            let appraisal = planning.appraisal(Caller::Operator, args.dossier).await?;
            match args.format.format {
                Format::Json => print_json(&as_json(&appraisal, lang)),
                Format::Table => print(&appraisal, lang.into()),
            }
        }
        AppraisalCmd::Report(args) => super::appraisal_report::run(planning, args, lang).await,
        AppraisalCmd::Compare(args) => super::appraisal_compare::run(planning, args, lang).await,
        AppraisalCmd::Find(args) => {
            let checklist = match args.checklist {
                Some(c) => c,
                None => {
                    planning
                        .appraisal(Caller::Operator, args.dossier)
                        .await?
                        .checklist
                }
            };
            let kind = CommandKind::RecordFinding {
                checklist,
                item: args.item.clone(),
                verdict: args.verdict.into(),
                comment: args.comment,
            };
            judge(planning, args.dossier, &args.item, kind, args.who, lang).await
        }
        AppraisalCmd::Overrule(args) => {
            let checklist = match args.checklist {
                Some(c) => c,
                None => {
                    planning
                        .appraisal(Caller::Operator, args.dossier)
                        .await?
                        .checklist
                }
            };
            let kind = CommandKind::OverruleFinding {
                checklist,
                item: args.item.clone(),
            };
            judge(planning, args.dossier, &args.item, kind, args.who, lang).await
        }
    }
}

/// Runs a finding or an overrule as the named actor and prints the item as it now stands.
async fn judge(
    planning: &Planning,
    dossier: i64,
    item: &str,
    kind: CommandKind,
    who: Who,
    lang: Language,
) -> Result<(), CliError> {
    let current = planning.dossier(Caller::Operator, dossier).await?.state;
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
    let (event, _) = planning.execute(Caller::Operator, dossier, order).await?;
    let appraisal = planning.appraisal(Caller::Operator, dossier).await?;
    let now = appraisal.items.iter().find(|i| i.key == item);
    match who.format.format {
        Format::Json => print_json(&json!({
            "event": event,
            "item": now,
            "needing_revision": appraisal.needing_revision,
        })),
        Format::Table => {
            if let Some(i) = now {
                let overruled = if i.overruled.is_some() {
                    format!(" ({})", translate(lang.into(), "appraisal-overruled", &[]))
                } else {
                    String::new()
                };
                outln!(
                    "{} — {}{overruled}",
                    i.title.get(lang),
                    verdict_name(lang.into(), i.verdict)
                )?;
            }
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-appraisal-needing-revision",
                    &[("count", appraisal.needing_revision.len().into())]
                )
            )?;
            Ok(())
        }
    }
}

/// The JSON the contract names — `{"items": [{"key", "source", "verdict", "basis"}]}` — with
/// the texts in the command's language and everything else the appraisal holds.
fn as_json(a: &Appraisal, lang: Language) -> serde_json::Value {
    let items: Vec<_> = a
        .items
        .iter()
        .map(|i| {
            json!({
                "key": i.key,
                "source": i.source,
                "scope": i.scope,
                "title": i.title.get(lang),
                "basis": i.basis.get(lang),
                "status": i.status,
                "evidence": i.evidence,
                "document_attached": i.document_attached,
                "auto": i.auto,
                "verdict": i.verdict,
                "finding": i.finding,
                "previous": i.previous,
                "previous_auto": i.previous_auto,
                "overruled": i.overruled,
            })
        })
        .collect();
    json!({
        "dossier": a.dossier,
        "unit_code": a.unit_code,
        "checklist": a.checklist,
        "map_sha256": a.map_sha256,
        "map_checked_at": a.map_checked_at,
        "items": items,
        "withdrawn": a.withdrawn,
        "stage": a.stage,
        "at_appraisal": a.at_appraisal,
        "round": a.round,
        "needing_revision": a.needing_revision,
        "returns": a.returns,
        "resubmitted": a.resubmitted,
    })
}

fn print(a: &Appraisal, lang: Lang) -> Result<(), CliError> {
    let t = |key: &str| translate(lang, key, &[]);
    outln!(
        "{}",
        translate(
            lang,
            "cli-appraisal-header",
            &[
                ("dossier", a.dossier.into()),
                ("unit", a.unit_code.clone().into()),
                ("name", a.name.get(lang).to_owned().into()),
                ("checklist", a.checklist.clone().into()),
            ],
        )
    )?;
    match &a.map_checked_at {
        Some(at) => outln!(
            "{}",
            translate(
                lang,
                "cli-appraisal-map",
                &[("at", plantrack_web::format::stored_timestamp(at).into())]
            )
        )?,
        None => outln!("{}", t("cli-appraisal-no-map"))?,
    }
    for item in &a.items {
        outln!()?;
        outln!(
            "[{}] {} — {} ({})",
            verdict_name(lang, item.verdict),
            item.key,
            item.title.get(lang),
            t(&format!("appraisal-source-{}", item.source)),
        )?;
        let mut details: Vec<String> = Vec::new();
        if let Some(auto) = &item.auto {
            details.extend(auto.figures.iter().map(|f| describe_figure(lang, f)));
        }
        match (&item.evidence, item.document_attached) {
            (Evidence::ReportSection { section }, _) => {
                details.push(format!("{}: {}", t("col-section"), section.get(lang)));
            }
            (Evidence::Document { .. }, Some(true)) => {
                details.push(t("cli-appraisal-document-attached"));
            }
            (Evidence::Document { .. }, _) => details.push(t("cli-appraisal-document-missing")),
            (Evidence::Auto { .. }, _) => {}
        }
        if !details.is_empty() {
            outln!("    {}", details.join("; "))?;
        }
        outln!(
            "    {}: {} ({})",
            t("col-basis"),
            item.basis.get(lang),
            t(&format!("verification-{}", item.status.tag())),
        )?;
    }
    for w in &a.withdrawn {
        outln!()?;
        outln!(
            "{}",
            translate(
                lang,
                "cli-appraisal-withdrawn",
                &[
                    ("key", w.key.clone().into()),
                    ("reason", w.reason.get(lang).to_owned().into())
                ],
            )
        )?;
    }
    Ok(())
}
