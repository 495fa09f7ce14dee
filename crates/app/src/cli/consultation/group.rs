//! `plantrack consultation group FILE`: similar opinions grouped, from JSON lines
//! (`{"id", "text"}`, optionally `"lon"`, `"lat"`), by the same grouping the pages use. Needs
//! no database. The whole input is read and checked before anything is printed: a bad line
//! names its number and nothing goes to standard output.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use plantrack_domain::Language;
use plantrack_domain::consultation::grouping::{
    Corrections, GroupingSettings, OpinionText, Point, group,
};
use plantrack_web::i18n::translate;
use serde_json::{Value, json};

use crate::cli::CliError;
use crate::cli::output::{Format, outln, print_json};

#[derive(Debug, clap::Args)]
pub struct GroupArgs {
    /// JSON lines, one opinion each: {"id": "…", "text": "…"}, optionally "lon" and "lat"
    /// (WGS 84 degrees); `-` reads standard input.
    pub file: PathBuf,
    /// How alike two groups must be to merge (0 to 1): higher gives smaller, surer groups.
    #[arg(long, default_value_t = GroupingSettings::DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f32,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn parse_threshold(s: &str) -> Result<f32, String> {
    s.parse::<f32>()
        .ok()
        .filter(|t| (0.0..=1.0).contains(t))
        .ok_or_else(|| format!("'{s}' is not a number from 0 to 1"))
}

/// One opinion read, with its id as given (a string or a number), to print it back as is.
struct Read1 {
    id: Value,
    opinion: OpinionText,
}

pub fn run(args: &GroupArgs, lang: Language) -> Result<(), CliError> {
    let name = args.file.display().to_string();
    let input = read_input(args, &name, lang)?;
    let read = parse(&input, &name, lang)?;
    let opinions: Vec<OpinionText> = read.iter().map(|r| r.opinion.clone()).collect();
    let settings = GroupingSettings {
        threshold: args.threshold,
        ..GroupingSettings::default()
    };
    let groups = group(&opinions, &settings, &Corrections::default());
    match args.format {
        Format::Json => print_json(&json!({
            "groups": groups
                .iter()
                .map(|g| json!({"ids": g.members.iter().map(|&i| &read[i].id).collect::<Vec<_>>()}))
                .collect::<Vec<_>>()
        })),
        Format::Table => {
            let l = lang.into();
            outln!(
                "{}",
                translate(
                    l,
                    "cli-group-summary",
                    &[
                        ("opinions", read.len().to_string().into()),
                        ("groups", groups.len().to_string().into())
                    ]
                )
            )?;
            for (n, g) in groups.iter().enumerate() {
                outln!()?;
                outln!(
                    "{}",
                    translate(
                        l,
                        "cli-group-heading",
                        &[
                            ("number", (n + 1).to_string().into()),
                            ("size", g.members.len().into())
                        ]
                    )
                )?;
                outln!("  « {} »", read[g.representative].opinion.text.trim())?;
                let ids: Vec<String> = g.members.iter().map(|&i| show_id(&read[i].id)).collect();
                outln!(
                    "  {}",
                    translate(l, "cli-group-ids", &[("ids", ids.join(", ").into())])
                )?;
            }
            Ok(())
        }
    }
}

fn show_id(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn read_input(args: &GroupArgs, name: &str, lang: Language) -> Result<String, CliError> {
    let unreadable = |e: std::io::Error| {
        CliError::Usage(translate(
            lang.into(),
            "cli-group-unreadable",
            &[("file", name.into()), ("error", e.to_string().into())],
        ))
    };
    if args.file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(unreadable)?;
        Ok(text)
    } else {
        std::fs::read_to_string(&args.file).map_err(unreadable)
    }
}

/// The opinions of the JSON lines; blank lines are skipped.
fn parse(input: &str, name: &str, lang: Language) -> Result<Vec<Read1>, CliError> {
    let fail = |key: &str, line: usize, extra: &[(&str, String)]| {
        let mut args = vec![("file", name.to_owned()), ("line", line.to_string())];
        args.extend(extra.iter().map(|(k, v)| (*k, v.clone())));
        let args: Vec<(&str, _)> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
        CliError::Usage(translate(lang.into(), key, &args))
    };
    let mut read = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| fail("cli-group-not-json", n, &[("error", e.to_string())]))?;
        let Value::Object(fields) = value else {
            return Err(fail("cli-group-not-object", n, &[]));
        };
        let id = match fields.get("id") {
            Some(v @ Value::String(s)) if !s.trim().is_empty() => v.clone(),
            Some(v @ Value::Number(_)) => v.clone(),
            _ => return Err(fail("cli-group-no-id", n, &[])),
        };
        let text = match fields.get("text") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            _ => return Err(fail("cli-group-no-text", n, &[])),
        };
        let point = match (fields.get("lon"), fields.get("lat")) {
            (None | Some(Value::Null), None | Some(Value::Null)) => None,
            (Some(lon), Some(lat)) => {
                let (lon, lat) = (lon.as_f64(), lat.as_f64());
                match (lon, lat) {
                    (Some(lon), Some(lat))
                        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) =>
                    {
                        Some(Point { lon, lat })
                    }
                    _ => return Err(fail("cli-group-bad-point", n, &[])),
                }
            }
            _ => return Err(fail("cli-group-bad-point", n, &[])),
        };
        let key = show_id(&id);
        if let Some(first) = first_line.get(&key) {
            return Err(fail(
                "cli-group-duplicate",
                n,
                &[("id", key), ("first", first.to_string())],
            ));
        }
        first_line.insert(key.clone(), n);
        read.push(Read1 {
            id,
            opinion: OpinionText {
                id: key,
                text: plantrack_domain::consultation::grouping::normalize::nfc(&text),
                point,
            },
        });
    }
    if read.is_empty() {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-group-empty",
            &[("file", name.into())],
        )));
    }
    Ok(read)
}
