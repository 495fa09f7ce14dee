//! `plantrack templates`: listing, showing and loading workflow templates.

use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use std::path::PathBuf;

use clap::Subcommand;
use plantrack_store::Planning;
use plantrack_store::templates::TemplateLoad;
use plantrack_web::format::legal_text;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{headings, render};
use super::output::{Format, FormatArg, print_json};
use super::output::{outln, outp};

#[derive(Debug, Subcommand)]
pub enum TemplatesCmd {
    /// The latest version of every template.
    List(FormatArg),
    /// One template's stages, limits and transitions.
    Show {
        key: String,
        #[arg(long)]
        version: Option<u32>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Load a province's own template (TOML).
    Load {
        file: PathBuf,
        #[command(flatten)]
        format: FormatArg,
    },
}

pub async fn run(planning: &Planning, cmd: TemplatesCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        TemplatesCmd::List(f) => {
            let list = planning.templates();
            match f.format {
                Format::Json => print_json(
                    &list
                        .iter()
                        .map(std::convert::AsRef::as_ref)
                        .collect::<Vec<_>>(),
                ),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|t| {
                            vec![
                                t.key.clone(),
                                t.version.to_string(),
                                t.country.clone(),
                                t.name.get(lang).to_owned(),
                                t.stages.len().to_string(),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-key",
                            "cli-col-version",
                            "cli-col-country",
                            "cli-col-name",
                            "cli-col-stages",
                        ],
                    );
                    outp!("{}", render(&header, &rows))?;
                    Ok(())
                }
            }
        }
        TemplatesCmd::Show {
            key,
            version,
            format,
        } => {
            let t = planning.template(&key, version)?;
            match format.format {
                Format::Json => print_json(t.as_ref()),
                Format::Table => {
                    outln!("{} v{} — {}", t.key, t.version, t.name.get(lang))?;
                    let mut rows = Vec::new();
                    for s in &t.stages {
                        let limits: Vec<String> = s
                            .time_limits
                            .iter()
                            .map(|l| {
                                use plantrack_domain::workflow::LimitUnit;
                                let key = match l.unit {
                                    LimitUnit::CalendarDays => "cli-limit-days",
                                    LimitUnit::WorkingDays => "cli-limit-working-days",
                                    LimitUnit::Months => "cli-limit-months",
                                };
                                let length =
                                    translate(lang.into(), key, &[("length", l.length.into())]);
                                let status = translate(
                                    lang.into(),
                                    &format!("verification-{}", l.status.tag()),
                                    &[],
                                );
                                let basis = legal_text(&l.basis, lang.into());
                                format!("{length} ({status}) {basis}")
                            })
                            .collect();
                        rows.push(vec![
                            s.key.clone(),
                            s.name.get(lang).to_owned(),
                            limits.join("; "),
                        ]);
                    }
                    let header = headings(
                        lang,
                        &["cli-col-stage", "cli-col-name", "cli-col-time-limits"],
                    );
                    outp!("{}", render(&header, &rows))?;
                    Ok(())
                }
            }
        }
        TemplatesCmd::Load { file, format } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| CliError::Usage(format!("{}: {e}", file.display())))?;
            let (t, load) = planning.load_template(Caller::Operator, &text).await?;
            match format.format {
                Format::Json => print_json(
                    &serde_json::json!({"key": t.key, "version": t.version, "load": load}),
                ),
                Format::Table => {
                    let key = match load {
                        TemplateLoad::Added => "cli-template-added",
                        TemplateLoad::AlreadyPresent => "cli-template-present",
                    };
                    outln!(
                        "{}",
                        translate(
                            lang.into(),
                            key,
                            &[
                                ("key", t.key.as_str().into()),
                                ("version", t.version.into())
                            ]
                        )
                    )?;
                    Ok(())
                }
            }
        }
    }
}
