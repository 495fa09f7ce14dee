//! Calendar overrides: extra days off and make-up working days, national (the Government's
//! yearly arrangements, entered by the operator) or one province's. A province's calendar
//! is the law's holidays, then the national overrides, then its own, which win on the same
//! day: a dossier's deadlines are counted with its province's.

use std::collections::BTreeMap;
use std::sync::Arc;

use plantrack_domain::calendar::{DayOverride, DayOverrideKind, VietnamCalendar};
use sqlx::Row;

use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

/// Whose overrides: the nation's or one province's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarRegion<'a> {
    National,
    Province(&'a str),
}

impl CalendarRegion<'_> {
    /// The stored `province_code`: NULL for the nation.
    fn province_code(self) -> Option<String> {
        match self {
            CalendarRegion::National => None,
            CalendarRegion::Province(code) => Some(code.to_owned()),
        }
    }
}

/// Every province's working-day calendar, built once from the overrides stored.
#[derive(Debug, Clone, Default)]
pub struct ProvinceCalendars {
    national: Arc<VietnamCalendar>,
    provinces: BTreeMap<String, Arc<VietnamCalendar>>,
}

impl ProvinceCalendars {
    fn build(national: Vec<DayOverride>, provincial: BTreeMap<String, Vec<DayOverride>>) -> Self {
        let provinces = provincial
            .into_iter()
            .map(|(code, own)| {
                // The last override of a day wins: the province's own over the nation's.
                let calendar = VietnamCalendar::with_overrides(national.iter().cloned().chain(own));
                (code, Arc::new(calendar))
            })
            .collect();
        ProvinceCalendars {
            national: Arc::new(VietnamCalendar::with_overrides(national)),
            provinces,
        }
    }

    /// The calendar of a region: a province without overrides of its own has the nation's.
    pub fn of(&self, region: CalendarRegion<'_>) -> Arc<VietnamCalendar> {
        match region {
            CalendarRegion::National => self.national.clone(),
            CalendarRegion::Province(code) => {
                self.provinces.get(code).unwrap_or(&self.national).clone()
            }
        }
    }
}

fn kind_str(kind: DayOverrideKind) -> &'static str {
    match kind {
        DayOverrideKind::DayOff => "day_off",
        DayOverrideKind::WorkingDay => "working_day",
    }
}

impl Db {
    /// Every override stored, national and provincial, as calendars.
    pub(crate) async fn province_calendars(&self) -> Result<ProvinceCalendars> {
        let rows = sqlx::query(
            "SELECT province_code, day, kind, note FROM calendar_overrides ORDER BY day",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut national = Vec::new();
        let mut provincial: BTreeMap<String, Vec<DayOverride>> = BTreeMap::new();
        for row in &rows {
            let kind: String = row.try_get("kind")?;
            let o = DayOverride {
                date: parse_date(&row.try_get::<String, _>("day")?)?,
                kind: match kind.as_str() {
                    "day_off" => DayOverrideKind::DayOff,
                    "working_day" => DayOverrideKind::WorkingDay,
                    other => {
                        return Err(StoreError::corrupt(format!("calendar kind '{other}'")));
                    }
                },
                note: row.try_get("note")?,
            };
            match row.try_get::<Option<String>, _>("province_code")? {
                None => national.push(o),
                Some(code) => provincial.entry(code).or_default().push(o),
            }
        }
        Ok(ProvinceCalendars::build(national, provincial))
    }

    /// Sets (or replaces) a region's override for one day.
    pub(crate) async fn set_calendar_override(
        &self,
        region: CalendarRegion<'_>,
        o: &DayOverride,
    ) -> Result<()> {
        // Each region's days are unique by a partial index of their own (NULL is no value
        // to be unique on), which the conflict target names.
        let target = match region {
            CalendarRegion::National => "(day) WHERE province_code IS NULL",
            CalendarRegion::Province(_) => "(province_code, day) WHERE province_code IS NOT NULL",
        };
        sqlx::query(&format!(
            "INSERT INTO calendar_overrides (province_code, day, kind, note) VALUES ($1, $2, $3, $4) \
             ON CONFLICT {target} DO UPDATE SET kind = excluded.kind, note = excluded.note"
        ))
        .bind(region.province_code())
        .bind(o.date.to_string())
        .bind(kind_str(o.kind))
        .bind(&o.note)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes a region's override of one day; false if it had none.
    pub(crate) async fn delete_calendar_override(
        &self,
        region: CalendarRegion<'_>,
        day: chrono::NaiveDate,
    ) -> Result<bool> {
        let done = match region {
            CalendarRegion::National => {
                sqlx::query(
                    "DELETE FROM calendar_overrides WHERE day = $1 AND province_code IS NULL",
                )
                .bind(day.to_string())
                .execute(&self.pool)
                .await?
            }
            CalendarRegion::Province(code) => {
                sqlx::query("DELETE FROM calendar_overrides WHERE day = $1 AND province_code = $2")
                    .bind(day.to_string())
                    .bind(code)
                    .execute(&self.pool)
                    .await?
            }
        };
        Ok(done.rows_affected() > 0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use plantrack_domain::calendar::WorkingCalendar;

    use super::*;

    fn day_off(date: NaiveDate) -> DayOverride {
        DayOverride {
            date,
            kind: DayOverrideKind::DayOff,
            note: "thử".into(),
        }
    }

    #[test]
    fn a_province_has_the_nations_overrides_and_its_own_over_them() {
        let monday = NaiveDate::from_ymd_opt(2031, 3, 3).unwrap();
        let tuesday = monday.succ_opt().unwrap();
        let calendars = ProvinceCalendars::build(
            vec![day_off(monday)],
            BTreeMap::from([(
                "12".to_owned(),
                vec![
                    day_off(tuesday),
                    DayOverride {
                        kind: DayOverrideKind::WorkingDay,
                        ..day_off(monday)
                    },
                ],
            )]),
        );
        let lai_chau = calendars.of(CalendarRegion::Province("12"));
        let ha_noi = calendars.of(CalendarRegion::Province("01"));
        let nation = calendars.of(CalendarRegion::National);
        assert!(lai_chau.is_working_day(monday), "its own override wins");
        assert!(!lai_chau.is_working_day(tuesday));
        assert!(!ha_noi.is_working_day(monday), "the nation's override");
        assert!(ha_noi.is_working_day(tuesday), "not Lai Châu's day off");
        assert!(!nation.is_working_day(monday));
        assert!(nation.is_working_day(tuesday));
    }
}
