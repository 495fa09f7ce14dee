//! `plantrack demo`: loads the Lai Châu demo into an empty database.

use plantrack_store::Planning;

use super::CliError;
use super::output::table::date;
use super::output::{Format, FormatArg, print_json};

pub async fn run(planning: &Planning, f: FormatArg) -> Result<(), CliError> {
    let summary = crate::demo::load(planning, &mut |step| eprintln!("demo: {step}")).await?;
    match f.format {
        Format::Json => print_json(&summary),
        Format::Table => {
            println!(
                "Lai Châu demo loaded: {} units, {} plans, {} events; meeting date {}.",
                summary.units,
                summary.plans,
                summary.events,
                date(summary.meeting_date)
            );
            Ok(())
        }
    }
}
