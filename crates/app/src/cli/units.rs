//! `plantrack units`: importing, listing and showing administrative units.

use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use std::path::PathBuf;

use clap::Subcommand;
use plantrack_domain::unit::UnitKind;
use plantrack_store::Planning;
use plantrack_store::units::UnitFilter;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{headings, render};
use super::output::{Format, FormatArg, print_json};
use super::output::{outln, outp};

#[derive(Debug, Subcommand)]
pub enum UnitsCmd {
    /// Import units, boundaries or lineage from a file (format detected from its content).
    Import {
        files: Vec<PathBuf>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// List units.
    List {
        #[arg(long)]
        province: Option<String>,
        #[arg(long, value_parser = parse_unit_kind)]
        kind: Option<UnitKind>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Show one unit with its lineage.
    Show {
        code: String,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn parse_unit_kind(s: &str) -> Result<UnitKind, String> {
    UnitKind::parse(s).ok_or_else(|| {
        format!("unknown unit kind '{s}'; one of: province, commune, ward, special_zone")
    })
}

pub async fn run(planning: &Planning, cmd: UnitsCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        UnitsCmd::Import { files, format } => {
            if files.is_empty() {
                return Err(CliError::Usage(translate(
                    lang.into(),
                    "cli-units-no-file",
                    &[],
                )));
            }
            let mut results = Vec::new();
            for file in files {
                let mut last = 0;
                let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
                let summary = planning
                    .import_units_file(Caller::Operator, &file, &mut |done, total| {
                        // Report every tenth, not every feature.
                        let step = total.max(10) / 10;
                        if interactive && (done == total || done >= last + step) {
                            last = done;
                            eprint!("\r{}: {done}/{total}", file.display());
                        }
                    })
                    .await?;
                if interactive {
                    eprintln!();
                }
                results.push(
                    serde_json::json!({"file": file.display().to_string(), "summary": summary}),
                );
                if let Format::Table = format.format {
                    outln!(
                        "{}",
                        translate(
                            lang.into(),
                            "cli-units-imported",
                            &[
                                ("file", file.display().to_string().into()),
                                ("units", summary.units.into()),
                                ("boundaries", summary.boundaries.into()),
                                ("lineage", summary.lineage_units.into()),
                            ]
                        )
                    )?;
                }
            }
            if let Format::Json = format.format {
                print_json(&results)?;
            }
            Ok(())
        }
        UnitsCmd::List {
            province,
            kind,
            format,
        } => {
            let filter = UnitFilter {
                parent_code: province,
                kind,
                limit: 10_000,
                offset: 0,
            };
            let (units, _) = planning.units(&filter).await?;
            match format.format {
                Format::Json => print_json(&units),
                Format::Table => {
                    let rows: Vec<Vec<String>> = units
                        .iter()
                        .map(|u| {
                            vec![
                                u.unit.code.clone(),
                                u.unit.full_name.clone(),
                                u.unit.kind.as_str().to_owned(),
                                u.unit
                                    .area_km2
                                    .map_or_else(String::new, |a| format!("{a:.2}")),
                                u.unit.lineage.len().to_string(),
                            ]
                        })
                        .collect();
                    let mut header =
                        headings(lang, &["cli-col-code", "cli-col-name", "cli-col-kind"]);
                    // A unit symbol, the same in every language.
                    header.push("km²".to_owned());
                    header.extend(headings(lang, &["cli-col-merged-from"]));
                    outp!("{}", render(&header, &rows))?;
                    Ok(())
                }
            }
        }
        UnitsCmd::Show { code, format } => {
            let unit = planning.unit(&code).await?;
            match format.format {
                Format::Json => print_json(&unit),
                Format::Table => {
                    outln!(
                        "{} ({}) — {}",
                        unit.unit.full_name,
                        unit.unit.code,
                        unit.unit.kind.as_str()
                    )?;
                    if let Some(a) = unit.unit.area_km2 {
                        outln!(
                            "{}",
                            translate(
                                lang.into(),
                                "cli-unit-area",
                                &[("area", format!("{a:.2}").into())]
                            )
                        )?;
                    }
                    for f in &unit.unit.lineage {
                        outln!("  ← {} {} ({})", f.code, f.name, f.merge_type)?;
                    }
                    Ok(())
                }
            }
        }
    }
}
