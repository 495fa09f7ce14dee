//! `plantrack migrate`: brings the database up to this build (creating a SQLite file if
//! needed). Other commands refuse an older database and say to run this; `serve` runs it
//! itself at start.

use plantrack_domain::Language;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

pub async fn run(db: &str, f: FormatArg, lang: Language) -> Result<(), CliError> {
    let applied = Planning::migrate(db).await?;
    match f.format {
        Format::Json => print_json(&serde_json::json!({ "applied": applied })),
        Format::Table => {
            if applied.is_empty() {
                outln!("{}", translate(lang.into(), "cli-migrate-up-to-date", &[]))?;
            } else {
                let list: Vec<String> = applied.iter().map(i64::to_string).collect();
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-migrate-applied",
                        &[
                            ("count", applied.len().into()),
                            ("list", list.join(", ").into())
                        ]
                    )
                )?;
            }
            Ok(())
        }
    }
}
