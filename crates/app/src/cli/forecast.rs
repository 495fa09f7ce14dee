//! `plantrack forecast`: when each dossier is likely to be approved and the probability it is
//! by a target date; `plantrack forecast backtest`: how good such forecasts were.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::forecast::{Backtest, Forecast, TargetFrom};
use plantrack_domain::plan::PlanType;
use plantrack_store::Planning;
use plantrack_store::planning::{BacktestQuery, ForecastQuery};
use plantrack_web::format::percent;
use plantrack_web::i18n::translate;
use serde_json::json;

use super::CliError;
use super::output::table::{date, headings, render};
use super::output::{Format, FormatArg, outln, outp, print_json};
use super::parse::parse_plan_type;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ForecastArgs {
    #[command(subcommand)]
    pub backtest: Option<ForecastCmd>,
    /// The day to forecast from (YYYY-MM-DD), with only what was recorded by its end; today
    /// when absent.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// The target date (YYYY-MM-DD); the due date of the province's latest directive to
    /// finish the plans, else 2026-03-31, when absent.
    #[arg(long)]
    pub target: Option<NaiveDate>,
    /// Province code (e.g. 12 for Lai Châu); the whole country when absent.
    #[arg(long)]
    pub province: Option<String>,
    /// Plan type, e.g. commune_general.
    #[arg(long, value_parser = parse_plan_type)]
    pub plan_type: Option<PlanType>,
    /// The Monte Carlo's seed (the same seed gives the same forecast).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Futures drawn per dossier (default 10000).
    #[arg(long)]
    pub simulations: Option<u32>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum ForecastCmd {
    /// Forecasts made on --from with what was known then, for the target --to, against what
    /// happened: the Brier score and a calibration table by decile.
    Backtest(BacktestArgs),
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    #[arg(long)]
    pub from: NaiveDate,
    #[arg(long)]
    pub to: NaiveDate,
    #[arg(long)]
    pub province: Option<String>,
    #[arg(long, value_parser = parse_plan_type)]
    pub plan_type: Option<PlanType>,
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long)]
    pub simulations: Option<u32>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(planning: &Planning, args: ForecastArgs, lang: Language) -> Result<(), CliError> {
    if let Some(ForecastCmd::Backtest(b)) = args.backtest {
        return backtest(planning, b, lang).await;
    }
    let q = ForecastQuery {
        as_of: args.as_of,
        target: args.target,
        province: args.province,
        unit: None,
        plan_type: args.plan_type,
        seed: args.seed,
        simulations: args.simulations,
        lang,
    };
    let f = planning.forecast(Caller::Operator, &q).await?;
    match args.format.format {
        Format::Json => print_json(&forecast_json(&f)),
        Format::Table => print_forecast(&f, lang),
    }
}

/// The contract's shape (`target`, `dossiers` with `dossier`, `unit_code`, `stage`,
/// `p_meet_target`, `p10`, `p50`, `p90`), with the rest of the forecast beside it.
fn forecast_json(f: &Forecast) -> serde_json::Value {
    let mut v = serde_json::to_value(f).unwrap_or_else(|_| json!({}));
    v["note"] = json!(
        "A statistical estimate: Monte Carlo over the stage lengths observed (see basis), not a promise."
    );
    v
}

fn print_forecast(f: &Forecast, lang: Language) -> Result<(), CliError> {
    let from = match f.target_from {
        TargetFrom::Given => translate(lang.into(), "cli-forecast-target-given", &[]),
        TargetFrom::Directive => translate(lang.into(), "cli-forecast-target-directive", &[]),
        TargetFrom::Default => translate(lang.into(), "cli-forecast-target-default", &[]),
    };
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-forecast-title",
            &[
                ("date", date(f.as_of).into()),
                ("target", date(f.target).into()),
                ("from", from.into()),
                ("count", f.dossiers.len().into()),
                ("approved", f.approved.into()),
            ]
        )
    )?;
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-forecast-estimate",
            &[
                ("simulations", u64::from(f.simulations).into()),
                ("seed", f.seed.to_string().into())
            ]
        )
    )?;
    let rows: Vec<Vec<String>> = f
        .dossiers
        .iter()
        .map(|d| {
            vec![
                d.dossier.to_string(),
                if d.unit_name.is_empty() {
                    d.unit_code.clone()
                } else {
                    format!("{} ({})", d.unit_name, d.unit_code)
                },
                d.stage_name.clone(),
                percent(d.p_meet_target),
                date(d.p10),
                date(d.p50),
                format!("{}{}", date(d.p90), if d.beyond_horizon { "+" } else { "" }),
            ]
        })
        .collect();
    let header = headings(
        lang,
        &[
            "cli-col-dossier",
            "cli-col-unit",
            "cli-col-stage",
            "cli-col-p-meet",
            "cli-col-p10",
            "cli-col-p50",
            "cli-col-p90",
        ],
    );
    outp!("{}", render(&header, &rows))?;
    Ok(())
}

async fn backtest(planning: &Planning, args: BacktestArgs, lang: Language) -> Result<(), CliError> {
    let q = BacktestQuery {
        from: args.from,
        to: args.to,
        province: args.province,
        plan_type: args.plan_type,
        seed: args.seed,
        simulations: args.simulations,
    };
    let b = planning.forecast_backtest(Caller::Operator, &q).await?;
    match args.format.format {
        Format::Json => print_json(&b),
        Format::Table => print_backtest(&b, lang),
    }
}

fn print_backtest(b: &Backtest, lang: Language) -> Result<(), CliError> {
    let l = lang.into();
    let three = |x: f64| {
        let text = format!("{x:.3}");
        if lang == Language::En {
            text
        } else {
            text.replace('.', ",")
        }
    };
    outln!(
        "{}",
        translate(
            l,
            "cli-backtest-title",
            &[
                ("from", date(b.from).into()),
                ("to", date(b.to).into()),
                ("count", b.dossiers.into()),
                ("approved", b.approved.into()),
            ]
        )
    )?;
    outln!(
        "{}",
        translate(
            l,
            "cli-backtest-brier",
            &[
                ("brier", three(b.brier).into()),
                ("reference", three(b.reference_brier).into()),
            ]
        )
    )?;
    let rows: Vec<Vec<String>> = b
        .calibration
        .iter()
        .map(|c| {
            vec![
                format!("{}–{}", percent(c.from), percent(c.to)),
                c.count.to_string(),
                if c.count == 0 {
                    String::new()
                } else {
                    percent(c.predicted_mean)
                },
                if c.count == 0 {
                    String::new()
                } else {
                    percent(c.observed_share)
                },
            ]
        })
        .collect();
    let header = headings(
        lang,
        &[
            "cli-col-decile",
            "cli-col-count",
            "cli-col-predicted",
            "cli-col-observed",
        ],
    );
    outp!("{}", render(&header, &rows))?;
    Ok(())
}
