//! `plantrack demo`: loads the Lai Châu demo into an empty database.

use plantrack_domain::Language;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::table::date;
use super::output::{Format, FormatArg, print_json};

pub async fn run(planning: &Planning, f: FormatArg, lang: Language) -> Result<(), CliError> {
    let summary = crate::demo::load(planning, &mut |step| {
        eprintln!(
            "{}",
            translate(lang.into(), "cli-demo-step", &[("step", step.into())])
        );
    })
    .await?;
    match f.format {
        Format::Json => print_json(&summary),
        Format::Table => {
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-demo-loaded",
                    &[
                        ("units", summary.units.into()),
                        ("plans", summary.plans.into()),
                        ("events", summary.events.into()),
                        ("date", date(summary.meeting_date).into()),
                    ]
                )
            )?;
            Ok(())
        }
    }
}
