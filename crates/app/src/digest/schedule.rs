//! `serve`'s daily sending: every day at the configured hour, Vietnam's time, each
//! organisation's digest of that day. A server started after the hour sends the day's at
//! once; the store's claims keep a restarted server, or a second one, from sending twice.

use std::time::Duration;

use chrono::{FixedOffset, NaiveDateTime, NaiveTime, TimeDelta};
use plantrack_store::Planning;

use super::mail::Mailer;

/// Vietnam's offset from UTC: the days and hours the province works by.
fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is an offset")
}

/// When the next run is due after `now` (local time): today's hour if it is still ahead,
/// else tomorrow's.
fn next_run(now: NaiveDateTime, at: NaiveTime) -> NaiveDateTime {
    let today = now.date().and_time(at);
    if today > now {
        today
    } else {
        today + TimeDelta::days(1)
    }
}

/// Starts the daily sending in the background.
pub fn spawn(planning: Planning, mailer: Mailer, at: NaiveTime) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let local = || planning.clock.now().with_timezone(&vietnam()).naive_local();
        // Started after the hour: today's digests are due now.
        let mut due = if local().time() >= at {
            local()
        } else {
            next_run(local(), at)
        };
        loop {
            let wait = (due - local()).to_std().unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait).await;
            let day = due.date();
            match super::send_all(&planning, super::Run::Send(&mailer), None, day).await {
                Ok(deliveries) => {
                    let failed = deliveries
                        .iter()
                        .filter(|d| d.outcome.status() == "failed")
                        .count();
                    let sent = deliveries
                        .iter()
                        .filter(|d| d.outcome.status() == "sent")
                        .count();
                    tracing::info!(%day, sent, failed, "daily digests");
                }
                Err(e) => tracing::error!(%day, error = %e, "daily digests not sent"),
            }
            due = next_run(local().max(due), at);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_run_is_todays_hour_if_ahead_else_tomorrows() {
        let at = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(next_run(t("2025-12-01 06:59"), at), t("2025-12-01 07:00"));
        assert_eq!(next_run(t("2025-12-01 07:00"), at), t("2025-12-02 07:00"));
        assert_eq!(next_run(t("2025-12-31 23:00"), at), t("2026-01-01 07:00"));
    }
}
