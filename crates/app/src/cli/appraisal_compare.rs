//! `appraisal compare`: every plan of a type in a province side by side — the same indicators
//! measured on each plan's newest checked land-use map, and those outside the province's
//! distribution.

use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::appraisal::compare::value_of;
use plantrack_domain::plan::PlanType;
use plantrack_store::Planning;
use plantrack_store::appraisal_compare::AppraisalComparison;
use plantrack_web::i18n::{
    Lang, indicator_name, indicator_value, outlier_text, shown_indicators, translate,
};

use crate::cli::CliError;
use crate::cli::output::{Format, FormatArg, outln, print_json, table};
use crate::cli::parse::parse_plan_type;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The province's code (e.g. 12 for Lai Châu); the whole country when absent, each plan's
    /// outliers measured against its own province's plans.
    #[arg(long)]
    pub province: Option<String>,
    /// The plan type compared (e.g. commune_general).
    #[arg(long, value_parser = parse_plan_type)]
    pub plan_type: PlanType,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(planning: &Planning, args: CompareArgs, lang: Language) -> Result<(), CliError> {
    let comparison = match &args.province {
        Some(province) => {
            planning
                .appraisal_comparison(Caller::Operator, province, args.plan_type)
                .await?
        }
        None => {
            planning
                .appraisal_comparison_country(Caller::Operator, args.plan_type)
                .await?
        }
    };
    match args.format.format {
        // The contract's `{"plans": [{"dossier", "unit_code", "indicators", "outliers"}]}`,
        // with the rest of the comparison beside it.
        Format::Json => print_json(&comparison),
        Format::Table => print(&comparison, lang.into()),
    }
}

fn print(c: &AppraisalComparison, lang: Lang) -> Result<(), CliError> {
    // The whole country's list has no province code: its header says so, and each row
    // names the plan's province.
    let country = c.province_code.is_empty();
    let plan_type = translate(lang, &format!("plan-type-{}", c.plan_type.as_str()), &[]);
    outln!(
        "{}",
        translate(
            lang,
            if country {
                "cli-compare-header-country"
            } else {
                "cli-compare-header"
            },
            &[
                ("province", c.province_code.clone().into()),
                ("plan_type", plan_type.into()),
                ("plans", c.plans.len().into()),
                ("without", c.plans_without_map.into()),
            ],
        )
    )?;
    let mut header = vec![
        translate(lang, "cli-col-unit", &[]),
        translate(lang, "cli-col-dossier", &[]),
    ];
    header.extend(shown_indicators().iter().map(|i| indicator_name(lang, i)));
    header.push(translate(lang, "compare-outliers", &[]));
    let rows: Vec<Vec<String>> = c
        .plans
        .iter()
        .map(|p| {
            let mut row = vec![
                if country {
                    format!("{} · {} {}", p.province_code, p.unit_code, p.unit_name)
                } else {
                    format!("{} {}", p.unit_code, p.unit_name)
                },
                p.dossier.to_string(),
            ];
            row.extend(shown_indicators().iter().map(|i| {
                value_of(&p.indicators, i).map_or_else(
                    || translate(lang, "compare-no-data", &[]),
                    |v| indicator_value(lang, i, v),
                )
            }));
            row.push(if p.outliers.is_empty() {
                "—".into()
            } else {
                p.outliers
                    .iter()
                    .map(|o| outlier_text(lang, o))
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            row
        })
        .collect();
    if !rows.is_empty() {
        crate::cli::output::out(&table::render(&header, &rows))?;
    }
    outln!("{}", translate(lang, "compare-rule", &[]))?;
    if !c.population_known {
        outln!("{}", translate(lang, "compare-no-population", &[]))?;
    }
    Ok(())
}
