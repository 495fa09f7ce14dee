//! `funding summary`, `show`, `contracts` and `estimate`: the reads.

use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_store::funding::Contract;
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::table::{date, headings, render, vnd};
use crate::cli::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// One province (its code); the whole country when absent.
    #[arg(long)]
    pub province: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The decision (its id).
    pub id: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ContractsArgs {
    #[arg(long)]
    pub province: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The commune (its unit code).
    #[arg(long)]
    pub unit: String,
    /// Its natural area in hectares.
    #[arg(long)]
    pub area_ha: u64,
    /// Its population.
    #[arg(long)]
    pub population: u64,
    #[command(flatten)]
    pub format: FormatArg,
}

fn money_heads(lang: Language, first: &[&str]) -> Vec<String> {
    let mut keys = first.to_vec();
    keys.extend([
        "cli-funding-col-allocated",
        "cli-funding-col-contracted",
        "cli-funding-col-paid",
    ]);
    headings(lang, &keys)
}

pub async fn summary(
    planning: &Planning,
    args: SummaryArgs,
    lang: Language,
) -> Result<(), CliError> {
    let s = planning
        .funding_summary(Caller::Operator, args.province.as_deref())
        .await?;
    match args.format.format {
        // The contract's keys (issue 16): decisions with number and the three amounts.
        Format::Json => print_json(&s),
        Format::Table => {
            let rows: Vec<Vec<String>> = s
                .decisions
                .iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        d.number.clone(),
                        date(d.issued_on),
                        vnd(d.total_vnd),
                        vnd(d.allocated_vnd),
                        vnd(d.contracted_vnd),
                        vnd(d.paid_vnd),
                    ]
                })
                .collect();
            let header = money_heads(
                lang,
                &[
                    "cli-col-id",
                    "cli-funding-col-decision",
                    "cli-col-date",
                    "cli-funding-col-total",
                ],
            );
            outp!("{}", render(&header, &rows))?;
            let rows: Vec<Vec<String>> = s
                .units
                .iter()
                .map(|u| {
                    vec![
                        u.unit_code.clone(),
                        u.unit_name.clone(),
                        vnd(u.totals.allocated_vnd),
                        vnd(u.totals.contracted_vnd),
                        vnd(u.totals.paid_vnd),
                    ]
                })
                .collect();
            outln!()?;
            outp!(
                "{}",
                render(&money_heads(lang, &["cli-col-unit", "cli-col-name"]), &rows)
            )?;
            if !s.missing_contracts.is_empty() {
                outln!()?;
                outln!(
                    "{}",
                    translate(lang.into(), "cli-funding-missing-contracts", &[])
                )?;
                for m in &s.missing_contracts {
                    outln!("  {} {} ({})", m.unit_code, m.unit_name, m.dossier_id)?;
                }
            }
            Ok(())
        }
    }
}

fn contract_rows(contracts: &[Contract], lang: Language) -> Vec<Vec<String>> {
    contracts
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.unit_code.clone(),
                c.number.clone(),
                c.consultant_name.clone(),
                date(c.signed_on),
                vnd(c.value_vnd),
                vnd(c.paid_vnd),
                translate(
                    lang.into(),
                    &format!("funding-contract-{}", c.status.as_str()),
                    &[],
                ),
            ]
        })
        .collect()
}

fn contract_heads(lang: Language) -> Vec<String> {
    headings(
        lang,
        &[
            "cli-col-id",
            "cli-col-unit",
            "cli-funding-col-contract",
            "cli-funding-col-consultant",
            "cli-funding-col-signed",
            "cli-funding-col-value",
            "cli-funding-col-paid",
            "cli-col-status",
        ],
    )
}

pub async fn show(planning: &Planning, args: ShowArgs, lang: Language) -> Result<(), CliError> {
    let sheet = planning.funding_decision(Caller::Operator, args.id).await?;
    match args.format.format {
        Format::Json => print_json(&sheet),
        Format::Table => {
            let d = &sheet.decision;
            outln!(
                "{} — {} — {} ({})",
                d.number,
                date(d.issued_on),
                d.issuer,
                vnd(d.total_vnd)
            )?;
            let rows: Vec<Vec<String>> = sheet
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.id.to_string(),
                        l.unit_name.clone(),
                        translate(
                            lang.into(),
                            &format!("funding-purpose-{}", l.purpose.as_str().replace('_', "-")),
                            &[],
                        ),
                        vnd(l.amount_vnd),
                        vnd(l.contracted_vnd),
                        vnd(l.paid_vnd),
                        translate(
                            lang.into(),
                            &format!("funding-line-{}", l.status.as_str().replace('_', "-")),
                            &[],
                        ),
                    ]
                })
                .collect();
            let mut header = money_heads(
                lang,
                &["cli-col-id", "cli-col-unit", "cli-funding-col-purpose"],
            );
            header.push(translate(lang.into(), "cli-col-status", &[]));
            outp!("{}", render(&header, &rows))?;
            if !sheet.contracts.is_empty() {
                outln!()?;
                outp!(
                    "{}",
                    render(
                        &contract_heads(lang),
                        &contract_rows(&sheet.contracts, lang)
                    )
                )?;
            }
            Ok(())
        }
    }
}

pub async fn contracts(
    planning: &Planning,
    args: ContractsArgs,
    lang: Language,
) -> Result<(), CliError> {
    let list = planning
        .contracts(Caller::Operator, args.province.as_deref())
        .await?;
    match args.format.format {
        Format::Json => print_json(&serde_json::json!({ "contracts": list })),
        Format::Table => outp!(
            "{}",
            render(&contract_heads(lang), &contract_rows(&list, lang))
        ),
    }
}

pub async fn estimate(
    planning: &Planning,
    args: EstimateArgs,
    lang: Language,
) -> Result<(), CliError> {
    let e = planning
        .cost_estimate(Caller::Operator, &args.unit, args.area_ha, args.population)
        .await?;
    match args.format.format {
        Format::Json => print_json(&e),
        Format::Table => {
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-funding-estimate",
                    &[
                        ("task", vnd(e.estimate.task_vnd).into()),
                        ("plan", vnd(e.estimate.plan_vnd).into()),
                        ("total", vnd(e.estimate.total_vnd).into()),
                        ("allocated", vnd(e.allocated_vnd).into()),
                        ("difference", vnd(e.difference_vnd).into()),
                    ],
                )
            )?;
            outln!("{}", e.estimate.basis.get(lang))
        }
    }
}
