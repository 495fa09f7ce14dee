//! The public page's guards, without a third-party service (issue 15, item 3): a form must
//! have been open a few seconds before it is sent (a script posts at once) and not for days;
//! its hidden honeypot field must stay empty (a script fills every field); one address sends
//! a limited number of opinions an hour; a published opinion that enough readers report is
//! hidden until an officer looks again. What an opinion may hold is bounded here too.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::opinion::MAX_SHORT_TEXT;
use super::{ConsultationProblem, checked_text, refuse};
use crate::DomainError;

/// The longest opinion the public form takes: a long letter (the commune's own entry takes
/// more, a transcribed petition).
pub const MAX_PUBLIC_TEXT: usize = 5_000;
/// The largest attachment the public form takes, in bytes.
pub const MAX_ATTACHMENT_BYTES: u64 = 5 * 1024 * 1024;

/// The guards' settings; [`PublicLimits::default`] is what a server runs with unless told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicLimits {
    /// Opinions one address may send in an hour (`serve --public-opinions-per-hour`).
    pub opinions_per_hour: u32,
    /// Reports by different readers after which a published opinion is hidden.
    pub reports_to_hide: u32,
    /// Seconds a form must have been open before it is sent.
    pub min_fill_seconds: i64,
    /// Hours a form stays valid.
    pub form_valid_hours: i64,
}

impl Default for PublicLimits {
    fn default() -> Self {
        PublicLimits {
            opinions_per_hour: 5,
            reports_to_hide: 3,
            min_fill_seconds: 5,
            form_valid_hours: 24,
        }
    }
}

/// The window the per-address limit counts in.
pub const RATE_WINDOW: TimeDelta = TimeDelta::hours(1);

/// Where an opinion sent through the public page stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModerationState {
    /// Waiting for an officer: not shown to the public.
    Pending,
    /// Shown on the public page, as its redacted copy.
    Published,
    /// Not shown (abuse, spam, off topic); kept, and out of the synthesis table.
    Rejected,
}

impl ModerationState {
    pub const ALL: [ModerationState; 3] = [
        ModerationState::Pending,
        ModerationState::Published,
        ModerationState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ModerationState::Pending => "pending",
            ModerationState::Published => "published",
            ModerationState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ModerationState> {
        ModerationState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Checks the form's age: issued at least `min_fill_seconds` and at most `form_valid_hours`
/// before `now`. An issue time in the future (a forged form, a clock gone back) is refused.
pub fn check_fill_time(
    issued_at: DateTime<Utc>,
    now: DateTime<Utc>,
    limits: &PublicLimits,
) -> Result<(), DomainError> {
    let age = now - issued_at;
    if age < TimeDelta::zero() || age > TimeDelta::hours(limits.form_valid_hours) {
        return refuse(ConsultationProblem::FormExpired);
    }
    if age < TimeDelta::seconds(limits.min_fill_seconds) {
        return refuse(ConsultationProblem::FilledTooFast {
            seconds: limits.min_fill_seconds,
        });
    }
    Ok(())
}

/// The honeypot: a field people do not see, which must stay empty.
pub fn check_honeypot(value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        Ok(())
    } else {
        refuse(ConsultationProblem::HoneypotFilled)
    }
}

/// Whether one more opinion from an address that sent `sent` in the current window is
/// refused; the refusal says how many an hour are taken and when to try again.
pub fn check_rate(
    sent: u32,
    window_start: DateTime<Utc>,
    now: DateTime<Utc>,
    limits: &PublicLimits,
) -> Result<(), DomainError> {
    if sent < limits.opinions_per_hour {
        return Ok(());
    }
    let retry = (window_start + RATE_WINDOW - now).num_seconds().max(1);
    refuse(ConsultationProblem::TooManyOpinions {
        per_hour: limits.opinions_per_hour,
        retry_after_seconds: u64::try_from(retry).unwrap_or(1),
    })
}

/// Whether a published opinion with `reports` reports is hidden.
pub fn hidden_by_reports(reports: u32, limits: &PublicLimits) -> bool {
    reports >= limits.reports_to_hide
}

/// A point a resident put on the map: both coordinates or neither, in WGS 84 degrees.
pub fn check_point(lon: Option<f64>, lat: Option<f64>) -> Result<Option<(f64, f64)>, DomainError> {
    match (lon, lat) {
        (None, None) => Ok(None),
        (Some(lon), Some(lat))
            if lon.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(&lon)
                && (-90.0..=90.0).contains(&lat) =>
        {
            Ok(Some((lon, lat)))
        }
        _ => refuse(ConsultationProblem::PointOutOfRange),
    }
}

/// What a resident sends, checked: text required and bounded, the rest bounded, a name of
/// only spaces is anonymous.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSubmission {
    pub author_name: Option<String>,
    pub hamlet: String,
    pub contact: String,
    pub text: String,
    pub point: Option<(f64, f64)>,
}

pub fn check_submission(
    author_name: Option<&str>,
    hamlet: &str,
    contact: &str,
    text: &str,
    lon: Option<f64>,
    lat: Option<f64>,
) -> Result<CheckedSubmission, DomainError> {
    Ok(CheckedSubmission {
        text: checked_text("text", text, MAX_PUBLIC_TEXT, true)?,
        author_name: author_name
            .map(|s| checked_text("name", s, MAX_SHORT_TEXT, false))
            .transpose()?
            .filter(|s| !s.is_empty()),
        hamlet: checked_text("hamlet", hamlet, MAX_SHORT_TEXT, false)?,
        contact: checked_text("contact", contact, MAX_SHORT_TEXT, false)?,
        point: check_point(lon, lat)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + s, 0).unwrap()
    }

    fn problem(e: DomainError) -> ConsultationProblem {
        match e {
            DomainError::Consultation(p) => p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_form_sent_too_fast_too_late_or_from_the_future_is_refused() {
        let l = PublicLimits::default();
        assert!(check_fill_time(at(0), at(5), &l).is_ok());
        assert!(check_fill_time(at(0), at(24 * 3600), &l).is_ok());
        assert_eq!(
            problem(check_fill_time(at(0), at(4), &l).unwrap_err()),
            ConsultationProblem::FilledTooFast { seconds: 5 }
        );
        assert_eq!(
            problem(check_fill_time(at(0), at(24 * 3600 + 1), &l).unwrap_err()),
            ConsultationProblem::FormExpired
        );
        assert_eq!(
            problem(check_fill_time(at(10), at(0), &l).unwrap_err()),
            ConsultationProblem::FormExpired
        );
    }

    #[test]
    fn the_honeypot_must_stay_empty() {
        assert!(check_honeypot("").is_ok());
        assert!(check_honeypot("  ").is_ok());
        assert_eq!(
            problem(check_honeypot("http://spam").unwrap_err()),
            ConsultationProblem::HoneypotFilled
        );
    }

    #[test]
    fn an_address_sends_its_hourly_share_and_is_told_when_to_come_back() {
        let l = PublicLimits {
            opinions_per_hour: 2,
            ..PublicLimits::default()
        };
        assert!(check_rate(0, at(0), at(10), &l).is_ok());
        assert!(check_rate(1, at(0), at(10), &l).is_ok());
        assert_eq!(
            problem(check_rate(2, at(0), at(600), &l).unwrap_err()),
            ConsultationProblem::TooManyOpinions {
                per_hour: 2,
                retry_after_seconds: 3000
            }
        );
    }

    #[test]
    fn reports_hide_at_the_threshold() {
        let l = PublicLimits::default();
        assert!(!hidden_by_reports(2, &l));
        assert!(hidden_by_reports(3, &l));
    }

    #[test]
    fn points_and_submissions() {
        assert_eq!(check_point(None, None).unwrap(), None);
        assert_eq!(
            check_point(Some(103.2), Some(22.4)).unwrap(),
            Some((103.2, 22.4))
        );
        assert!(check_point(Some(103.2), None).is_err());
        assert!(check_point(Some(200.0), Some(22.4)).is_err());
        assert!(check_point(Some(f64::NAN), Some(22.4)).is_err());
        let s = check_submission(Some("  "), " Bản Thẳm ", "", " Giữ chợ ", None, None).unwrap();
        assert_eq!(s.author_name, None, "a blank name is anonymous");
        assert_eq!(
            (s.hamlet.as_str(), s.text.as_str()),
            ("Bản Thẳm", "Giữ chợ")
        );
        assert!(check_submission(None, "", "", "   ", None, None).is_err());
        let long = "ý".repeat(MAX_PUBLIC_TEXT + 1);
        assert_eq!(
            problem(check_submission(None, "", "", &long, None, None).unwrap_err()),
            ConsultationProblem::TextTooLong {
                field: "text",
                max: MAX_PUBLIC_TEXT
            }
        );
        for m in ModerationState::ALL {
            assert_eq!(ModerationState::parse(m.as_str()), Some(m));
        }
    }
}
