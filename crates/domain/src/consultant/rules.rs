//! The Decree 175/2024/NĐ-CP rule table (`rules/vn.decree_175.toml`), data like the workflow
//! templates: the experience behind each grade and the lowest grade that covers each plan
//! type, each rule with its basis and verification tag. The checks made when a certificate is
//! recorded and when a firm or a person is assigned to a plan on a day read it.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{CertificateDates, ConsultantProblem, Discipline, Grade, PlanRole, refuse};
use crate::DomainError;
use crate::plan::PlanType;
use crate::workflow::{LocalText, Verification};

const BUILTIN: &str = include_str!("../../rules/vn.decree_175.toml");

/// Years of experience a grade needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExperienceRule {
    pub grade: Grade,
    pub years: u32,
    pub basis: LocalText,
    pub status: Verification,
}

/// The lowest grade that covers a plan type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CoverageRule {
    pub plan_type: PlanType,
    pub min_grade: Grade,
    pub basis: LocalText,
    pub status: Verification,
}

/// A rule without figures: who must hold a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BasisRule {
    pub basis: LocalText,
    pub status: Verification,
}

/// The rule table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CapabilityRules {
    pub key: String,
    pub name: LocalText,
    pub experience: Vec<ExperienceRule>,
    pub coverage: Vec<CoverageRule>,
    #[serde(default)]
    pub certificates_required: Vec<BasisRule>,
}

/// A certificate as the checks read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateHeld<'a> {
    pub number: &'a str,
    pub grade: Grade,
    pub dates: CertificateDates,
}

fn invalid(message: String) -> DomainError {
    DomainError::InvalidTemplate {
        template: "vn.decree_175".into(),
        message,
    }
}

impl CapabilityRules {
    /// The table plantrack carries.
    pub fn builtin() -> &'static CapabilityRules {
        static RULES: OnceLock<CapabilityRules> = OnceLock::new();
        RULES.get_or_init(|| {
            // The embedded file is checked by this crate's tests; a broken one cannot ship.
            CapabilityRules::parse(BUILTIN).unwrap_or_else(|e| panic!("{e}"))
        })
    }

    /// Reads a table and checks it: every grade has its experience, each plan type at most
    /// one coverage rule, every rule a Vietnamese basis.
    pub fn parse(text: &str) -> Result<CapabilityRules, DomainError> {
        let rules: CapabilityRules =
            toml::from_str(text).map_err(|e| invalid(e.message().to_owned()))?;
        for grade in Grade::ALL {
            let n = rules.experience.iter().filter(|r| r.grade == grade).count();
            if n != 1 {
                return Err(invalid(format!(
                    "grade {} has {n} experience rules, not 1",
                    grade.as_str()
                )));
            }
        }
        for t in PlanType::ALL {
            if rules.coverage.iter().filter(|r| r.plan_type == t).count() > 1 {
                return Err(invalid(format!("{} is covered twice", t.as_str())));
            }
        }
        let bases = rules
            .experience
            .iter()
            .map(|r| &r.basis)
            .chain(rules.coverage.iter().map(|r| &r.basis));
        if bases.into_iter().any(|b| b.vi.trim().is_empty()) {
            return Err(invalid("a rule has no basis".into()));
        }
        Ok(rules)
    }

    /// The years of experience `grade` needs.
    pub fn years_for(&self, grade: Grade) -> u32 {
        self.experience
            .iter()
            .find(|r| r.grade == grade)
            .map_or(0, |r| r.years)
    }

    /// The lowest grade that covers `plan_type`, if a rule says.
    pub fn min_grade(&self, plan_type: PlanType) -> Option<Grade> {
        self.coverage
            .iter()
            .find(|r| r.plan_type == plan_type)
            .map(|r| r.min_grade)
    }

    /// A practising certificate of `grade` issued on `issued_on` to someone whose experience
    /// began on `experience_from`: whole years between the two, against the grade's rule.
    pub fn check_experience(
        &self,
        grade: Grade,
        experience_from: NaiveDate,
        issued_on: NaiveDate,
    ) -> Result<(), DomainError> {
        let needed = self.years_for(grade);
        let years = issued_on.years_since(experience_from).map_or(0, i64::from);
        if years < i64::from(needed) {
            return refuse(ConsultantProblem::NotEnoughExperience {
                grade,
                needed,
                years,
            });
        }
        Ok(())
    }

    fn needed(&self, plan_type: PlanType) -> Result<Grade, DomainError> {
        self.min_grade(plan_type)
            .map_or_else(|| refuse(ConsultantProblem::NoRuleFor { plan_type }), Ok)
    }

    /// Assigning firm `firm` to a plan of `plan_type` on `day`: its capability certificate
    /// must hold that day and its grade cover the plan.
    pub fn check_firm(
        &self,
        plan_type: PlanType,
        day: NaiveDate,
        firm: &str,
        certificate: Option<CertificateHeld<'_>>,
    ) -> Result<(), DomainError> {
        let needed = self.needed(plan_type)?;
        let Some(c) = certificate else {
            return refuse(ConsultantProblem::NoCertificate {
                holder: firm.to_owned(),
                discipline: None,
            });
        };
        c.dates
            .holds_on(day, firm)
            .map_err(DomainError::Consultant)?;
        if !c.grade.covers(needed) {
            return refuse(ConsultantProblem::GradeDoesNotCover {
                grade: c.grade,
                plan_type,
                needed,
            });
        }
        Ok(())
    }

    /// Assigning `person` to a plan of `plan_type` in `role` on `day`: one of their
    /// certificates in the role's field must hold that day with a grade that covers the plan.
    /// A refusal explains the nearest miss: a certificate that holds but of too low a grade,
    /// else the one that expired last (or is issued first).
    pub fn check_person(
        &self,
        plan_type: PlanType,
        day: NaiveDate,
        role: PlanRole,
        person: &str,
        certificates: &[(Discipline, CertificateHeld<'_>)],
    ) -> Result<(), DomainError> {
        let needed = self.needed(plan_type)?;
        let field = role.discipline();
        let mut in_field: Vec<&CertificateHeld<'_>> = certificates
            .iter()
            .filter(|(d, _)| *d == field)
            .map(|(_, c)| c)
            .collect();
        if in_field.is_empty() {
            return refuse(ConsultantProblem::NoCertificate {
                holder: person.to_owned(),
                discipline: Some(field),
            });
        }
        let holding: Vec<&&CertificateHeld<'_>> = in_field
            .iter()
            .filter(|c| c.dates.holds_on(day, person).is_ok())
            .collect();
        if holding.iter().any(|c| c.grade.covers(needed)) {
            return Ok(());
        }
        if let Some(best) = holding.iter().map(|c| c.grade).min() {
            return refuse(ConsultantProblem::GradeDoesNotCover {
                grade: best,
                plan_type,
                needed,
            });
        }
        // None holds that day: the latest to expire says most (expired, or not yet issued).
        in_field.sort_by_key(|c| c.dates.expires_on);
        let nearest = in_field[in_field.len() - 1];
        match nearest.dates.holds_on(day, person) {
            Err(p) => refuse(p),
            Ok(()) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cert(grade: Grade, from: NaiveDate, to: NaiveDate) -> CertificateHeld<'static> {
        CertificateHeld {
            number: "BXD-00001",
            grade,
            dates: CertificateDates::new(from, to).unwrap(),
        }
    }

    #[test]
    fn the_builtin_table_reads_and_covers_every_vietnamese_plan_type() {
        let rules = CapabilityRules::builtin();
        assert_eq!(rules.years_for(Grade::I), 7);
        assert_eq!(rules.years_for(Grade::II), 4);
        assert_eq!(rules.years_for(Grade::III), 2);
        for t in PlanType::ALL {
            if t != PlanType::Rdtr {
                assert!(rules.min_grade(t).is_some(), "{t:?}");
            }
        }
        for r in &rules.coverage {
            assert!(!r.basis.en.is_empty() && !r.basis.id.is_empty());
        }
        // Unverified defaults say so in the reader's language.
        let commune = rules
            .coverage
            .iter()
            .find(|r| r.plan_type == PlanType::CommuneGeneral)
            .unwrap();
        assert_eq!(commune.status, Verification::Unverified);
        assert!(commune.basis.vi.contains("tỉnh cần xác nhận"));
    }

    #[test]
    fn a_broken_table_is_refused() {
        let text = BUILTIN.replace("grade = \"II\"\nyears = 4", "grade = \"I\"\nyears = 4");
        assert!(CapabilityRules::parse(&text).is_err());
        assert!(CapabilityRules::parse("key = 1").is_err());
    }

    #[test]
    fn experience_is_counted_in_whole_years_to_the_issue() {
        let rules = CapabilityRules::builtin();
        assert!(
            rules
                .check_experience(Grade::I, d(2015, 3, 1), d(2022, 3, 1))
                .is_ok()
        );
        assert_eq!(
            rules.check_experience(Grade::I, d(2015, 3, 2), d(2022, 3, 1)),
            Err(DomainError::Consultant(
                ConsultantProblem::NotEnoughExperience {
                    grade: Grade::I,
                    needed: 7,
                    years: 6
                }
            ))
        );
    }

    #[test]
    fn a_firm_needs_a_certificate_holding_on_the_day_with_a_covering_grade() {
        let rules = CapabilityRules::builtin();
        let t = PlanType::CommuneGeneral;
        let on = d(2025, 9, 1);
        assert!(matches!(
            rules.check_firm(t, on, "F", None),
            Err(DomainError::Consultant(
                ConsultantProblem::NoCertificate { .. }
            ))
        ));
        let ok = cert(Grade::II, d(2023, 1, 1), d(2028, 1, 1));
        assert!(rules.check_firm(t, on, "F", Some(ok)).is_ok());
        let low = cert(Grade::III, d(2023, 1, 1), d(2028, 1, 1));
        assert_eq!(
            rules.check_firm(t, on, "F", Some(low)),
            Err(DomainError::Consultant(
                ConsultantProblem::GradeDoesNotCover {
                    grade: Grade::III,
                    plan_type: t,
                    needed: Grade::II
                }
            ))
        );
        assert!(
            rules
                .check_firm(PlanType::Detailed, on, "F", Some(low))
                .is_ok()
        );
        let old = cert(Grade::I, d(2020, 1, 1), d(2025, 8, 12));
        assert_eq!(
            rules.check_firm(t, on, "F", Some(old)),
            Err(DomainError::Consultant(
                ConsultantProblem::CertificateExpired {
                    holder: "F".into(),
                    expired_on: d(2025, 8, 12)
                }
            ))
        );
        // As of the day of the assignment: the same certificate held a month earlier.
        assert!(rules.check_firm(t, d(2025, 8, 1), "F", Some(old)).is_ok());
        assert!(matches!(
            rules.check_firm(PlanType::Rdtr, on, "F", Some(ok)),
            Err(DomainError::Consultant(ConsultantProblem::NoRuleFor { .. }))
        ));
    }

    #[test]
    fn a_person_needs_a_certificate_in_the_roles_field_and_the_nearest_miss_is_explained() {
        let rules = CapabilityRules::builtin();
        let t = PlanType::CommuneGeneral;
        let on = d(2025, 9, 1);
        let transport = (
            Discipline::Transport,
            cert(Grade::I, d(2020, 1, 1), d(2030, 1, 1)),
        );
        assert!(matches!(
            rules.check_person(t, on, PlanRole::Lead, "A", &[transport]),
            Err(DomainError::Consultant(ConsultantProblem::NoCertificate {
                discipline: Some(Discipline::ArchitecturePlanning),
                ..
            }))
        ));
        assert!(
            rules
                .check_person(
                    t,
                    on,
                    PlanRole::DisciplineLead(Discipline::Transport),
                    "A",
                    &[transport]
                )
                .is_ok()
        );
        let expired = (
            Discipline::ArchitecturePlanning,
            cert(Grade::I, d(2020, 1, 1), d(2025, 8, 12)),
        );
        let low = (
            Discipline::ArchitecturePlanning,
            cert(Grade::III, d(2024, 1, 1), d(2029, 1, 1)),
        );
        assert_eq!(
            rules.check_person(t, on, PlanRole::Lead, "A", &[expired]),
            Err(DomainError::Consultant(
                ConsultantProblem::CertificateExpired {
                    holder: "A".into(),
                    expired_on: d(2025, 8, 12)
                }
            ))
        );
        assert!(matches!(
            rules.check_person(t, on, PlanRole::Lead, "A", &[expired, low]),
            Err(DomainError::Consultant(
                ConsultantProblem::GradeDoesNotCover {
                    grade: Grade::III,
                    ..
                }
            ))
        ));
        assert!(
            rules
                .check_person(t, d(2025, 8, 1), PlanRole::Lead, "A", &[expired, low])
                .is_ok()
        );
    }
}
