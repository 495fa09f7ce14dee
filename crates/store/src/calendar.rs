//! The province's calendar overrides: extra days off and make-up working days.

use plantrack_domain::calendar::{DayOverride, DayOverrideKind, VietnamCalendar};
use sqlx::Row;

use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

fn kind_str(kind: DayOverrideKind) -> &'static str {
    match kind {
        DayOverrideKind::DayOff => "day_off",
        DayOverrideKind::WorkingDay => "working_day",
    }
}

impl Db {
    pub(crate) async fn calendar_overrides(&self) -> Result<Vec<DayOverride>> {
        let rows = sqlx::query("SELECT day, kind, note FROM calendar_overrides ORDER BY day")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(DayOverride {
                    date: parse_date(&row.try_get::<String, _>("day")?)?,
                    kind: match kind.as_str() {
                        "day_off" => DayOverrideKind::DayOff,
                        "working_day" => DayOverrideKind::WorkingDay,
                        other => {
                            return Err(StoreError::corrupt(format!("calendar kind '{other}'")));
                        }
                    },
                    note: row.try_get("note")?,
                })
            })
            .collect()
    }

    /// Sets (or replaces) the override for one day.
    pub(crate) async fn set_calendar_override(&self, o: &DayOverride) -> Result<()> {
        sqlx::query(
            "INSERT INTO calendar_overrides (day, kind, note) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note",
        )
        .bind(o.date.to_string())
        .bind(kind_str(o.kind))
        .bind(&o.note)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(crate) async fn delete_calendar_override(&self, day: chrono::NaiveDate) -> Result<bool> {
        let done = sqlx::query("DELETE FROM calendar_overrides WHERE day = $1")
            .bind(day.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub(crate) async fn calendar(&self) -> Result<VietnamCalendar> {
        Ok(VietnamCalendar::with_overrides(
            self.calendar_overrides().await?,
        ))
    }
}
