//! `consultation rules`: a province's consultation rules — whether an agency's silence past
//! its deadline counts as agreement (off unless the province says so) — read, or set with
//! `--silence-is-agreement on|off`.

use clap::{Args, ValueEnum};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The province's code.
    #[arg(long)]
    pub province: String,
    /// Set whether an agency's silence past its deadline counts as agreement.
    #[arg(long, value_enum)]
    pub silence_is_agreement: Option<Switch>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(planning: &Planning, args: RulesArgs, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    // An unknown province is refused before anything is written.
    planning
        .consultation_rules(operator, &args.province)
        .await?;
    if let Some(switch) = args.silence_is_agreement {
        planning
            .set_silence_is_agreement(operator, &args.province, switch == Switch::On)
            .await?;
    }
    let rules = planning
        .consultation_rules(operator, &args.province)
        .await?;
    match args.format.format {
        Format::Json => print_json(&rules),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                if rules.silence_is_agreement {
                    "cli-consultation-silence-is-agreement"
                } else {
                    "cli-consultation-silence-is-not-agreement"
                },
                &[("province", args.province.clone().into())]
            )
        ),
    }
}
