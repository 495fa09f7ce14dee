//! `plantrack calendar`: Vietnam's working-day calendar and the province's overrides.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::calendar::{DayOverride, DayOverrideKind, WorkingCalendar, holidays};
use plantrack_store::Planning;

use super::CliError;
use super::output::table::{date, render};
use super::output::{Format, FormatArg, print_json};

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// A year's public holidays (lunar ones computed), compensatory days and overrides.
    Show {
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Make a day an extra day off, or a make-up working day.
    Set {
        date: NaiveDate,
        #[arg(long, value_parser = parse_override_kind)]
        kind: DayOverrideKind,
        /// Why (e.g. the decision that moved the day).
        #[arg(long)]
        note: String,
    },
    /// Remove a day's override.
    Unset { date: NaiveDate },
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
        CalendarCmd::Show { year, format } => {
            if !(1950..=2100).contains(&year) {
                return Err(CliError::Usage("year must be between 1950 and 2100".into()));
            }
            let calendar = planning.calendar();
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
                    "year": year, "holidays": holidays, "overrides": overrides, "working_days": working_days,
                })),
                Format::Table => {
                    let mut rows: Vec<Vec<String>> = holidays
                        .iter()
                        .map(|h| {
                            vec![
                                date(h.date),
                                if lang == Language::Vi {
                                    h.name_vi
                                } else {
                                    h.name_en
                                }
                                .to_owned(),
                            ]
                        })
                        .collect();
                    rows.extend(overrides.iter().map(|o| {
                        let kind = match o.kind {
                            DayOverrideKind::DayOff => "day off",
                            DayOverrideKind::WorkingDay => "working day",
                        };
                        vec![date(o.date), format!("{kind}: {}", o.note)]
                    }));
                    print!("{}", render(&["date", "holiday"], &rows));
                    println!("{working_days} working days in {year}");
                    Ok(())
                }
            }
        }
        CalendarCmd::Set {
            date: day,
            kind,
            note,
        } => {
            if note.trim().is_empty() {
                return Err(CliError::Usage("--note must say why".into()));
            }
            let o = DayOverride {
                date: day,
                kind,
                note: note.trim().to_owned(),
            };
            planning.set_calendar_override(Caller::Operator, &o).await?;
            println!("{}: set", date(day));
            Ok(())
        }
        CalendarCmd::Unset { date: day } => {
            if planning
                .delete_calendar_override(Caller::Operator, day)
                .await?
            {
                println!("{}: removed", date(day));
                Ok(())
            } else {
                Err(CliError::Usage(format!("{} has no override", date(day))))
            }
        }
    }
}
