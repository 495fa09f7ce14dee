//! Certificates: a firm's capability certificate for planning and a person's practising
//! certificates, each of grade I, II or III (I the highest), issued and expiring on given
//! days; the disciplines a plan is led in, and the roles people take on it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ConsultantProblem, refuse};
use crate::DomainError;

/// A certificate's grade. Ordered from the highest: `I < II < III`, so a grade covers what
/// needs it or any grade after it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum Grade {
    I,
    II,
    III,
}

impl Grade {
    pub const ALL: [Grade; 3] = [Grade::I, Grade::II, Grade::III];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::I => "I",
            Grade::II => "II",
            Grade::III => "III",
        }
    }

    /// Reads a grade as people write it: "I", "II", "III" (any case) or 1, 2, 3.
    pub fn parse(given: &str) -> Result<Grade, DomainError> {
        match given.trim().to_ascii_uppercase().as_str() {
            "I" | "1" => Ok(Grade::I),
            "II" | "2" => Ok(Grade::II),
            "III" | "3" => Ok(Grade::III),
            _ => refuse(ConsultantProblem::UnknownGrade {
                given: given.to_owned(),
            }),
        }
    }

    /// Whether this grade is enough where `needed` is asked.
    pub fn covers(self, needed: Grade) -> bool {
        self <= needed
    }
}

/// The disciplines of a planning team (chủ trì bộ môn), and the field of a practising
/// certificate. The lead planner (chủ nhiệm đồ án) holds one in architecture and planning.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    ArchitecturePlanning,
    Transport,
    WaterSupplyDrainage,
    Electricity,
    Environment,
    Economics,
}

impl Discipline {
    pub const ALL: [Discipline; 6] = [
        Discipline::ArchitecturePlanning,
        Discipline::Transport,
        Discipline::WaterSupplyDrainage,
        Discipline::Electricity,
        Discipline::Environment,
        Discipline::Economics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Discipline::ArchitecturePlanning => "architecture_planning",
            Discipline::Transport => "transport",
            Discipline::WaterSupplyDrainage => "water_supply_drainage",
            Discipline::Electricity => "electricity",
            Discipline::Environment => "environment",
            Discipline::Economics => "economics",
        }
    }

    pub fn parse(given: &str) -> Result<Discipline, DomainError> {
        let key = given.trim().replace('-', "_");
        Discipline::ALL
            .into_iter()
            .find(|d| d.as_str() == key)
            .map_or_else(
                || {
                    refuse(ConsultantProblem::UnknownDiscipline {
                        given: given.to_owned(),
                    })
                },
                Ok,
            )
    }
}

/// What a person does on a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(tag = "role", content = "discipline", rename_all = "snake_case")]
pub enum PlanRole {
    /// Chủ nhiệm đồ án: answers for the whole plan.
    Lead,
    /// Chủ trì bộ môn: answers for one discipline.
    DisciplineLead(Discipline),
}

impl PlanRole {
    /// The field of the certificate the role needs.
    pub fn discipline(self) -> Discipline {
        match self {
            PlanRole::Lead => Discipline::ArchitecturePlanning,
            PlanRole::DisciplineLead(d) => d,
        }
    }

    /// `lead`, or `discipline_lead` (its discipline stored beside it).
    pub fn kind(self) -> &'static str {
        match self {
            PlanRole::Lead => "lead",
            PlanRole::DisciplineLead(_) => "discipline_lead",
        }
    }

    /// From its stored kind and discipline.
    pub fn from_parts(kind: &str, discipline: Option<&str>) -> Option<PlanRole> {
        match (kind, discipline) {
            ("lead", _) => Some(PlanRole::Lead),
            ("discipline_lead", Some(d)) => Discipline::parse(d).ok().map(PlanRole::DisciplineLead),
            _ => None,
        }
    }
}

/// When a certificate holds: from the day it is issued to the day it expires, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CertificateDates {
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
}

impl CertificateDates {
    /// Refuses a certificate that expires on or before the day it is issued.
    pub fn new(issued_on: NaiveDate, expires_on: NaiveDate) -> Result<Self, DomainError> {
        if expires_on <= issued_on {
            return refuse(ConsultantProblem::ExpiresBeforeIssued {
                issued: issued_on,
                expires: expires_on,
            });
        }
        Ok(CertificateDates {
            issued_on,
            expires_on,
        })
    }

    /// Whether it holds on `day`, and if not, why (naming its holder).
    pub fn holds_on(self, day: NaiveDate, holder: &str) -> Result<(), ConsultantProblem> {
        if day < self.issued_on {
            Err(ConsultantProblem::CertificateNotYetIssued {
                holder: holder.to_owned(),
                issued_on: self.issued_on,
            })
        } else if day > self.expires_on {
            Err(ConsultantProblem::CertificateExpired {
                holder: holder.to_owned(),
                expired_on: self.expires_on,
            })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn grades_read_as_written_and_the_higher_covers_the_lower() {
        assert_eq!(Grade::parse("ii").unwrap(), Grade::II);
        assert_eq!(Grade::parse(" 3 ").unwrap(), Grade::III);
        for bad in ["IV", "0", "", "hạng I"] {
            assert!(Grade::parse(bad).is_err(), "{bad}");
        }
        assert!(Grade::I.covers(Grade::II));
        assert!(Grade::II.covers(Grade::II));
        assert!(!Grade::III.covers(Grade::II));
    }

    #[test]
    fn a_certificate_expires_after_it_is_issued_and_holds_between() {
        assert_eq!(
            CertificateDates::new(d(2025, 3, 1), d(2025, 3, 1)),
            Err(DomainError::Consultant(
                ConsultantProblem::ExpiresBeforeIssued {
                    issued: d(2025, 3, 1),
                    expires: d(2025, 3, 1)
                }
            ))
        );
        let c = CertificateDates::new(d(2021, 8, 12), d(2025, 8, 12)).unwrap();
        assert!(c.holds_on(d(2025, 8, 12), "A").is_ok());
        assert_eq!(
            c.holds_on(d(2025, 8, 13), "A"),
            Err(ConsultantProblem::CertificateExpired {
                holder: "A".into(),
                expired_on: d(2025, 8, 12)
            })
        );
        assert!(matches!(
            c.holds_on(d(2021, 8, 11), "A"),
            Err(ConsultantProblem::CertificateNotYetIssued { .. })
        ));
    }

    #[test]
    fn roles_name_the_field_they_need_and_round_trip() {
        assert_eq!(
            PlanRole::Lead.discipline(),
            Discipline::ArchitecturePlanning
        );
        let r = PlanRole::DisciplineLead(Discipline::Transport);
        assert_eq!(PlanRole::from_parts(r.kind(), Some("transport")), Some(r));
        assert_eq!(
            Discipline::parse("water-supply-drainage").unwrap(),
            Discipline::WaterSupplyDrainage
        );
        assert!(Discipline::parse("geology").is_err());
    }
}
