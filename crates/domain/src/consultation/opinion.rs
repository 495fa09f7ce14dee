//! A resident's opinion: where it came from and the bounds of what it holds. The text is kept
//! as submitted and never edited; what is published later is a redacted copy.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ConsultationProblem, Track, refuse};
use crate::DomainError;

/// The longest opinion: a long letter, not a file.
pub const MAX_OPINION_TEXT: usize = 20_000;
/// Names, hamlets and contacts.
pub const MAX_SHORT_TEXT: usize = 200;
/// Co-signers of one petition: more than a commune's adults.
pub const MAX_COSIGNERS: i64 = 100_000;

/// How an opinion reached the commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpinionSource {
    /// A letter or a form on paper.
    Paper,
    /// Said at a meeting with residents.
    Meeting,
    /// Written in the book at the public display.
    PublicDisplay,
    /// Sent through the public page (entered by the resident, not the commune).
    Online,
}

impl OpinionSource {
    pub const ALL: [OpinionSource; 4] = [
        OpinionSource::Paper,
        OpinionSource::Meeting,
        OpinionSource::PublicDisplay,
        OpinionSource::Online,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OpinionSource::Paper => "paper",
            OpinionSource::Meeting => "meeting",
            OpinionSource::PublicDisplay => "public_display",
            OpinionSource::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<OpinionSource> {
        OpinionSource::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the commune enters opinions of this source; online ones come from the public
    /// page itself.
    pub fn entered_by_commune(self) -> bool {
        self != OpinionSource::Online
    }
}

/// Checks the day an opinion was received: within the residents' track, and not after today.
pub fn check_received(
    track: &Track,
    received_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if received_on > today {
        return refuse(ConsultationProblem::DayInFuture);
    }
    if received_on > track.closes_on {
        return refuse(ConsultationProblem::RoundClosed {
            closes_on: track.closes_on,
        });
    }
    if received_on < track.opens_on {
        return refuse(ConsultationProblem::RoundNotOpen {
            opens_on: track.opens_on,
        });
    }
    Ok(())
}

/// Checks the number of co-signers beside the author.
pub fn check_cosigners(n: i64) -> Result<(), DomainError> {
    if (0..=MAX_COSIGNERS).contains(&n) {
        Ok(())
    } else {
        refuse(ConsultationProblem::CosignersOutOfRange { max: MAX_COSIGNERS })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn an_opinion_is_received_while_the_round_is_open() {
        let t = Track {
            opens_on: d(1),
            closes_on: d(25),
        };
        assert!(check_received(&t, d(1), d(30)).is_ok());
        assert!(check_received(&t, d(25), d(30)).is_ok());
        assert_eq!(
            check_received(&t, d(26), d(30)),
            Err(DomainError::Consultation(
                ConsultationProblem::RoundClosed { closes_on: d(25) }
            ))
        );
        assert!(check_received(&t, d(10), d(5)).is_err(), "in the future");
        let later = Track {
            opens_on: d(10),
            closes_on: d(31),
        };
        assert!(check_received(&later, d(5), d(30)).is_err());
    }

    #[test]
    fn sources_and_cosigners() {
        for s in OpinionSource::ALL {
            assert_eq!(OpinionSource::parse(s.as_str()), Some(s));
        }
        assert!(!OpinionSource::Online.entered_by_commune());
        assert!(check_cosigners(0).is_ok());
        assert!(check_cosigners(-1).is_err());
        assert!(check_cosigners(MAX_COSIGNERS + 1).is_err());
    }
}
