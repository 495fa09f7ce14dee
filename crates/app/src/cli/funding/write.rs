//! `funding decision`, `line`, `contract`, `cancel` and `pay`: the changes.

use chrono::NaiveDate;
use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::funding::{PaymentKind, Purpose};
use plantrack_store::Planning;
use plantrack_store::funding::{
    Contract, ContractCancellation, NewContract, NewFundingDecision, NewFundingLine, NewPayment,
};
use plantrack_web::i18n::translate;

use super::amount;
use crate::cli::CliError;
use crate::cli::output::table::vnd;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Args)]
pub struct DecisionArgs {
    /// As written on the decision: "2785/QĐ-UBND".
    #[arg(long)]
    pub number: String,
    /// The day it was issued (YYYY-MM-DD).
    #[arg(long)]
    pub on: NaiveDate,
    #[arg(long)]
    pub issuer: String,
    /// What it allocates in all: whole đồng in digits.
    #[arg(long, allow_hyphen_values = true)]
    pub total: String,
    /// The decision's document: its file reference or link.
    #[arg(long, default_value = "")]
    pub document: String,
    /// The province whose decision it is (its code, e.g. 12).
    #[arg(long)]
    pub province: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct LineArgs {
    /// The decision (its id).
    #[arg(long)]
    pub decision: i64,
    /// The unit funded (its code).
    #[arg(long)]
    pub unit: String,
    /// task, plan, survey_base_maps, consultation, publication, boundary_markers.
    #[arg(long, value_parser = parse_purpose)]
    pub purpose: Purpose,
    /// Whole đồng in digits.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    /// The plan's dossier, when the line is for one plan.
    #[arg(long)]
    pub dossier: Option<i64>,
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ContractArgs {
    /// The line it is signed on (its id).
    #[arg(long)]
    pub line: i64,
    /// The consultant firm (its organisation id).
    #[arg(long)]
    pub consultant: i64,
    /// The contract's number.
    #[arg(long)]
    pub number: String,
    /// Its value: whole đồng in digits.
    #[arg(long, allow_hyphen_values = true)]
    pub value: String,
    /// The day it was signed (YYYY-MM-DD).
    #[arg(long)]
    pub signed: NaiveDate,
    /// The dossier's consultant_contract document (its number in the dossier).
    #[arg(long)]
    pub document: Option<u64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The contract (its id).
    pub id: i64,
    #[arg(long)]
    pub reason: String,
    /// The day it was cancelled (today by default).
    #[arg(long)]
    pub on: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct PayArgs {
    /// The contract paid under (its id).
    #[arg(long)]
    pub contract: i64,
    /// Whole đồng in digits.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    /// The day it was paid (YYYY-MM-DD).
    #[arg(long)]
    pub on: NaiveDate,
    /// advance or settlement.
    #[arg(long, value_parser = parse_kind, default_value = "advance")]
    pub kind: PaymentKind,
    /// The payment order's number or a link.
    #[arg(long, default_value = "")]
    pub document: String,
    #[command(flatten)]
    pub format: FormatArg,
}

fn parse_purpose(s: &str) -> Result<Purpose, String> {
    Purpose::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Purpose::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown purpose '{s}'; one of: {}", all.join(", "))
    })
}

fn parse_kind(s: &str) -> Result<PaymentKind, String> {
    PaymentKind::parse(s).ok_or_else(|| format!("unknown kind '{s}'; one of: advance, settlement"))
}

/// The contract after a change, as JSON or one sentence.
fn print_contract(c: &Contract, format: Format, lang: Language, key: &str) -> Result<(), CliError> {
    match format {
        Format::Json => print_json(c),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                key,
                &[
                    ("id", c.id.into()),
                    ("number", c.number.clone().into()),
                    ("value", vnd(c.value_vnd).into()),
                    ("paid", vnd(c.paid_vnd).into()),
                ],
            )
        ),
    }
}

pub async fn decision(
    planning: &Planning,
    args: DecisionArgs,
    lang: Language,
) -> Result<(), CliError> {
    let total = amount(&args.total)?;
    let d = planning
        .record_funding_decision(
            Caller::Operator,
            &NewFundingDecision {
                province: Some(args.province),
                number: args.number,
                issued_on: args.on,
                issuer: args.issuer,
                total_vnd: total,
                document: args.document,
            },
        )
        .await?;
    match args.format.format {
        Format::Json => print_json(&d),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-funding-decision-recorded",
                &[
                    ("id", d.id.into()),
                    ("number", d.number.clone().into()),
                    ("total", vnd(d.total_vnd).into()),
                ],
            )
        ),
    }
}

pub async fn line(planning: &Planning, args: LineArgs, lang: Language) -> Result<(), CliError> {
    let amount = amount(&args.amount)?;
    let l = planning
        .add_funding_line(
            Caller::Operator,
            args.decision,
            &NewFundingLine {
                unit_code: args.unit,
                dossier_id: args.dossier,
                purpose: args.purpose,
                amount_vnd: amount,
                note: args.note,
            },
        )
        .await?;
    match args.format.format {
        Format::Json => print_json(&l),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-funding-line-added",
                &[
                    ("id", l.id.into()),
                    ("unit", l.unit_name.clone().into()),
                    ("amount", vnd(l.amount_vnd).into()),
                ],
            )
        ),
    }
}

pub async fn contract(
    planning: &Planning,
    args: ContractArgs,
    lang: Language,
) -> Result<(), CliError> {
    let value = amount(&args.value)?;
    let c = planning
        .sign_contract(
            Caller::Operator,
            &NewContract {
                line_id: args.line,
                consultant_id: args.consultant,
                number: args.number,
                value_vnd: value,
                signed_on: args.signed,
                document_seq: args.document,
            },
        )
        .await?;
    print_contract(&c, args.format.format, lang, "cli-funding-contract-signed")
}

pub async fn cancel(planning: &Planning, args: CancelArgs, lang: Language) -> Result<(), CliError> {
    let c = planning
        .cancel_contract(
            Caller::Operator,
            args.id,
            &ContractCancellation {
                on: args.on,
                reason: args.reason,
            },
        )
        .await?;
    print_contract(
        &c,
        args.format.format,
        lang,
        "cli-funding-contract-cancelled",
    )
}

pub async fn pay(planning: &Planning, args: PayArgs, lang: Language) -> Result<(), CliError> {
    let amount = amount(&args.amount)?;
    let c = planning
        .record_payment(
            Caller::Operator,
            args.contract,
            &NewPayment {
                amount_vnd: amount,
                paid_on: Some(args.on),
                kind: args.kind,
                document: args.document,
            },
        )
        .await?;
    print_contract(&c, args.format.format, lang, "cli-funding-paid")
}
