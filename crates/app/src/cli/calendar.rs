//! `plantrack calendar`: Vietnam's working-day calendar, national and per province. The
//! law's holidays are computed; the national overrides (the Government's yearly arrangements)
//! apply in every province and only the operator enters them, here, with `--national`; a
//! province's own overrides (`--province CODE`) move the deadlines of its dossiers alone.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::calendar::{DayOverride, DayOverrideKind, WorkingCalendar, holidays};
use plantrack_store::Planning;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, render};
use super::output::{Format, FormatArg, print_json};
use super::output::{outln, outp};

/// Whose overrides a change is about: one of the two must be said.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct RegionArg {
    /// The province (its code, e.g. 12): only its dossiers' deadlines follow the change.
    #[arg(long)]
    province: Option<String>,
    /// The national calendar (the Government's arrangements), which every province follows.
    #[arg(long)]
    national: bool,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// A year's public holidays (lunar ones computed), compensatory days and overrides: a
    /// province's (with the national ones), or the national calendar without --province.
    Show {
        #[arg(long)]
        year: i32,
        /// The province (its code, e.g. 12).
        #[arg(long)]
        province: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Make a day an extra day off, or a make-up working day.
    Set {
        date: NaiveDate,
        #[command(flatten)]
        region: RegionArg,
        #[arg(long, value_parser = parse_override_kind)]
        kind: DayOverrideKind,
        /// Why (e.g. the decision that moved the day).
        #[arg(long)]
        note: String,
    },
    /// Remove a day's override.
    Unset {
        date: NaiveDate,
        #[command(flatten)]
        region: RegionArg,
    },
}

fn parse_override_kind(s: &str) -> Result<DayOverrideKind, String> {
    match s {
        "day_off" => Ok(DayOverrideKind::DayOff),
        "working_day" => Ok(DayOverrideKind::WorkingDay),
        _ => Err(format!("unknown kind '{s}'; one of: day_off, working_day")),
    }
}

pub async fn run(planning: &Planning, cmd: CalendarCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        CalendarCmd::Show {
            year,
            province,
            format,
        } => {
            if !(1950..=2100).contains(&year) {
                return Err(CliError::Usage(translate(
                    lang.into(),
                    "cli-year-out-of-range",
                    &[],
                )));
            }
            let (province, calendar) = planning
                .calendar_for(Caller::Operator, province.as_deref())
                .await?;
            let holidays = holidays::public_holidays(year);
            let overrides: Vec<&DayOverride> = calendar
                .overrides()
                .filter(|o| chrono::Datelike::year(&o.date) == year)
                .collect();
            let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
            let working_days = first
                .iter_days()
                .take_while(|d| chrono::Datelike::year(d) == year)
                .filter(|d| calendar.is_working_day(*d))
                .count();
            match format.format {
                Format::Json => print_json(&serde_json::json!({
                    "year": year, "province": province, "holidays": holidays, "overrides": overrides,
                    "working_days": working_days,
                })),
                Format::Table => {
                    // Named as the web calendar names them (`holiday-<key>` in the Fluent files).
                    let named = plantrack_web::api::calendar::holiday_views(&holidays, lang.into());
                    let mut rows: Vec<Vec<String>> = named
                        .into_iter()
                        .map(|h| vec![date(h.date), h.name])
                        .collect();
                    rows.extend(overrides.iter().map(|o| {
                        let kind = match o.kind {
                            DayOverrideKind::DayOff => translate(lang.into(), "cli-day-off", &[]),
                            DayOverrideKind::WorkingDay => {
                                translate(lang.into(), "cli-working-day", &[])
                            }
                        };
                        vec![date(o.date), format!("{kind}: {}", o.note)]
                    }));
                    let header = headings(lang, &["cli-col-date", "cli-col-holiday"]);
                    outp!("{}", render(&header, &rows))?;
                    outln!(
                        "{}",
                        translate(
                            lang.into(),
                            "cli-working-days",
                            &[
                                ("count", working_days.into()),
                                ("year", year.to_string().into())
                            ]
                        )
                    )?;
                    Ok(())
                }
            }
        }
        CalendarCmd::Set {
            date: day,
            region,
            kind,
            note,
        } => {
            if note.trim().is_empty() {
                return Err(CliError::Usage(translate(
                    lang.into(),
                    "cli-note-required",
                    &[],
                )));
            }
            let o = DayOverride {
                date: day,
                kind,
                note: note.trim().to_owned(),
            };
            planning
                .set_calendar_override(Caller::Operator, region.province.as_deref(), &o)
                .await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-override-set",
                    &[("date", date(day).into())]
                )
            )?;
            Ok(())
        }
        CalendarCmd::Unset { date: day, region } => {
            if planning
                .delete_calendar_override(Caller::Operator, region.province.as_deref(), day)
                .await?
            {
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-override-removed",
                        &[("date", date(day).into())]
                    )
                )?;
                Ok(())
            } else {
                Err(CliError::Usage(translate(
                    lang.into(),
                    "cli-no-override",
                    &[("date", date(day).into())],
                )))
            }
        }
    }
}
