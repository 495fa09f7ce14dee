//! `serve`'s daily sending: every day at the configured hour, Vietnam's time, each
//! organisation's digest of that day. A server started after the hour sends the day's at
//! once; the store's claims keep a restarted server, or a second one, from sending twice.
//! On Mondays the same run sends the weekly report to the accounts that opted in.

use std::time::Duration;

use chrono::{Datelike, FixedOffset, IsoWeek, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
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

/// Whether the weekly report is due at `now` (local time): on a Monday at or after the
/// digest hour, unless this week's went out already (`last_sent`, the week last sent).
fn weekly_report_due(now: NaiveDateTime, at: NaiveTime, last_sent: Option<IsoWeek>) -> bool {
    now.weekday() == Weekday::Mon && now.time() >= at && last_sent != Some(now.date().iso_week())
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
        let mut weekly_sent: Option<IsoWeek> = None;
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
            if weekly_report_due(due, at, weekly_sent) {
                match super::weekly::send_all(&planning, super::Run::Send(&mailer), day).await {
                    Ok(deliveries) => {
                        let sent = deliveries
                            .iter()
                            .filter(|d| d.outcome.status() == "sent")
                            .count();
                        let failed = deliveries
                            .iter()
                            .filter(|d| d.outcome.status() == "failed")
                            .count();
                        tracing::info!(%day, sent, failed, "weekly reports");
                        // Failed ones are retried at the next start; the claims keep the rest.
                        weekly_sent = Some(day.iso_week());
                    }
                    Err(e) => tracing::error!(%day, error = %e, "weekly reports not sent"),
                }
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

    #[test]
    fn the_weekly_report_is_due_on_mondays_at_the_hour_once_a_week() {
        let at = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 01/12/2025 is a Monday.
        assert!(weekly_report_due(t("2025-12-01 07:00"), at, None));
        assert!(weekly_report_due(t("2025-12-01 15:30"), at, None));
        assert!(!weekly_report_due(t("2025-12-01 06:59"), at, None));
        assert!(
            !weekly_report_due(t("2025-11-30 07:00"), at, None),
            "Sunday"
        );
        assert!(
            !weekly_report_due(t("2025-12-02 07:00"), at, None),
            "Tuesday"
        );
        let this_week = t("2025-12-01 07:00").date().iso_week();
        assert!(!weekly_report_due(
            t("2025-12-01 08:00"),
            at,
            Some(this_week)
        ));
        let last_week = t("2025-11-24 07:00").date().iso_week();
        assert!(weekly_report_due(
            t("2025-12-01 08:00"),
            at,
            Some(last_week)
        ));
    }
}
