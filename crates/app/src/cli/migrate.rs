//! `plantrack migrate`: brings the database up to this build (creating a SQLite file if
//! needed). Other commands refuse an older database and say to run this; `serve` runs it
//! itself at start.

use plantrack_domain::Language;
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    /// PostgreSQL: the role the server and the command line connect as, which must not own
    /// the tables. It is granted exactly what the application needs: it reads, writes the
    /// current-state tables and appends to the history, and can neither change nor remove
    /// an event nor switch the history's guards off. Run this as the tables' owner, after
    /// every upgrade.
    #[arg(long, value_name = "ROLE")]
    pub app_role: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(db: &str, args: MigrateArgs, lang: Language) -> Result<(), CliError> {
    let MigrateArgs {
        app_role,
        format: f,
    } = args;
    let applied = Planning::migrate_granting(db, app_role.as_deref()).await?;

    match f.format {
        Format::Json => {
            print_json(&serde_json::json!({ "applied": applied, "app_role": app_role }))
        }
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
            if let Some(role) = app_role {
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-migrate-app-role",
                        &[("role", role.into())]
                    )
                )?;
            }
            Ok(())
        }
    }
}
