//! `plantrack blocker`: what holds a dossier back, recorded and lifted.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::follow_up::BlockerCategory;
use plantrack_store::Planning;
use plantrack_store::follow_up::NewBlocker;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, opt_date, render};
use super::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Subcommand)]
pub enum BlockerCmd {
    /// What holds a dossier back, lifted ones included.
    List {
        dossier: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record what holds a dossier back.
    Add {
        dossier: i64,
        /// higher_plan, sectoral_information, consultant_capacity, funding, land_dispute, other.
        #[arg(long, value_parser = parse_category)]
        category: BlockerCategory,
        #[arg(long)]
        note: String,
        /// Since when (today by default).
        #[arg(long)]
        since: Option<NaiveDate>,
        /// The organisation that can lift it (its id).
        #[arg(long)]
        organisation: Option<i64>,
    },
    /// Lift a blocker.
    Lift {
        id: i64,
        #[arg(long)]
        reason: String,
        /// The day (today by default).
        #[arg(long)]
        on: Option<NaiveDate>,
    },
}

fn parse_category(s: &str) -> Result<BlockerCategory, String> {
    BlockerCategory::parse(s).ok_or_else(|| {
        format!(
            "unknown category '{s}'; one of: higher_plan, sectoral_information, consultant_capacity, funding, land_dispute, other"
        )
    })
}

/// A blocker's category in the reader's language.
pub fn category_name(lang: Language, c: BlockerCategory) -> String {
    let key = match c {
        BlockerCategory::HigherPlan => "cli-blocker-higher-plan",
        BlockerCategory::SectoralInformation => "cli-blocker-sectoral-information",
        BlockerCategory::ConsultantCapacity => "cli-blocker-consultant-capacity",
        BlockerCategory::Funding => "cli-blocker-funding",
        BlockerCategory::LandDispute => "cli-blocker-land-dispute",
        BlockerCategory::Other => "cli-blocker-other",
    };
    translate(lang.into(), key, &[])
}

pub async fn run(planning: &Planning, cmd: BlockerCmd, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    match cmd {
        BlockerCmd::List { dossier, format } => {
            let blockers = planning.blockers(operator, dossier).await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "blockers": blockers })),
                Format::Table => {
                    let rows: Vec<Vec<String>> = blockers
                        .iter()
                        .map(|b| {
                            vec![
                                b.id.to_string(),
                                category_name(lang, b.category),
                                date(b.since_on),
                                opt_date(b.lifted_on),
                                b.note.clone(),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-blocker",
                            "cli-col-since",
                            "cli-col-lifted",
                            "cli-col-why",
                        ],
                    );
                    outp!("{}", render(&header, &rows))
                }
            }
        }
        BlockerCmd::Add {
            dossier,
            category,
            note,
            since,
            organisation,
        } => {
            let b = planning
                .record_blocker(
                    operator,
                    dossier,
                    &NewBlocker {
                        category,
                        organisation_id: organisation,
                        since_on: since,
                        note,
                    },
                )
                .await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-blocker-recorded",
                    &[
                        ("id", b.id.into()),
                        ("category", category_name(lang, b.category).into())
                    ]
                )
            )
        }
        BlockerCmd::Lift { id, reason, on } => {
            let b = planning.lift_blocker(operator, id, on, &reason).await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-blocker-lifted",
                    &[("id", b.id.into()), ("date", opt_date(b.lifted_on).into())]
                )
            )
        }
    }
}
