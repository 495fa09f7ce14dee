//! Why a consultant firm, a person, a certificate or an assignment is refused: each reason has
//! its own sentence in every language (`consultant-problem-…` in the Fluent files), citing the
//! rule where a rule decides.

use chrono::NaiveDate;

use super::{Discipline, Grade};
use crate::plan::PlanType;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsultantProblem {
    /// A tax code (MST) is 10 digits, or 10 digits, "-" and 3 digits for a branch.
    BadTaxCode {
        given: String,
    },
    /// Grades are I, II and III.
    UnknownGrade {
        given: String,
    },
    UnknownDiscipline {
        given: String,
    },
    /// A certificate that would expire on or before the day it was issued.
    ExpiresBeforeIssued {
        issued: NaiveDate,
        expires: NaiveDate,
    },
    EmptyText {
        field: &'static str,
    },
    TextTooLong {
        field: &'static str,
        max: usize,
    },
    DayInFuture,
    DayOutOfBounds,
    /// The organisation named is not a consultant firm.
    NotAConsultantFirm {
        id: i64,
    },
    /// The firm is registered already.
    AlreadyRegistered {
        name: String,
    },
    /// A certificate's holder has not the experience its grade needs (Decree 175 Art 79(2)).
    NotEnoughExperience {
        grade: Grade,
        needed: u32,
        years: i64,
    },
    /// No certificate (the firm's capability certificate; a person's in the discipline).
    NoCertificate {
        holder: String,
        discipline: Option<Discipline>,
    },
    CertificateNotYetIssued {
        holder: String,
        issued_on: NaiveDate,
    },
    CertificateExpired {
        holder: String,
        expired_on: NaiveDate,
    },
    /// The grade held does not cover the plan's type (the rule table's coverage).
    GradeDoesNotCover {
        grade: Grade,
        plan_type: PlanType,
        needed: Grade,
    },
    /// The rule table has no coverage rule for this plan type: nobody can be checked for it.
    NoRuleFor {
        plan_type: PlanType,
    },
    /// A person of another firm.
    PersonNotOfFirm {
        person: String,
        firm: String,
    },
    /// A lead is assigned to a plan only after a firm is.
    NoFirmAssigned,
    /// The firm (or the person, in that role) is already on the plan.
    AlreadyAssigned {
        name: String,
    },
    /// A load limit outside 1..=max plans per lead.
    LoadLimitOutOfRange {
        max: i64,
    },
    /// An assignment dated before the dossier was opened.
    BeforeDossierOpened {
        opened_on: NaiveDate,
    },
}

impl ConsultantProblem {
    /// Whether it refuses what the record's state forbids (HTTP 409) rather than bad input
    /// (HTTP 422).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Self::AlreadyRegistered { .. } | Self::AlreadyAssigned { .. } | Self::NoFirmAssigned
        )
    }

    /// The Fluent key of its sentence (`consultant-problem-<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            Self::BadTaxCode { .. } => "bad-tax-code",
            Self::UnknownGrade { .. } => "unknown-grade",
            Self::UnknownDiscipline { .. } => "unknown-discipline",
            Self::ExpiresBeforeIssued { .. } => "expires-before-issued",
            Self::EmptyText { .. } => "empty-text",
            Self::TextTooLong { .. } => "text-too-long",
            Self::DayInFuture => "day-in-future",
            Self::DayOutOfBounds => "day-out-of-bounds",
            Self::NotAConsultantFirm { .. } => "not-a-consultant-firm",
            Self::AlreadyRegistered { .. } => "already-registered",
            Self::NotEnoughExperience { .. } => "not-enough-experience",
            Self::NoCertificate {
                discipline: None, ..
            } => "no-certificate",
            Self::NoCertificate {
                discipline: Some(_),
                ..
            } => "no-certificate-in-field",
            Self::CertificateNotYetIssued { .. } => "certificate-not-yet-issued",
            Self::CertificateExpired { .. } => "certificate-expired",
            Self::GradeDoesNotCover { .. } => "grade-does-not-cover",
            Self::NoRuleFor { .. } => "no-rule-for",
            Self::PersonNotOfFirm { .. } => "person-not-of-firm",
            Self::NoFirmAssigned => "no-firm-assigned",
            Self::AlreadyAssigned { .. } => "already-assigned",
            Self::LoadLimitOutOfRange { .. } => "load-limit-out-of-range",
            Self::BeforeDossierOpened { .. } => "before-dossier-opened",
        }
    }
}

impl std::fmt::Display for ConsultantProblem {
    /// English, for the log; readers get the translated sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadTaxCode { given } => write!(
                f,
                "'{given}' is not a tax code: 10 digits, or 10 digits, '-' and 3 digits"
            ),
            Self::UnknownGrade { given } => write!(f, "'{given}' is not a grade (I, II, III)"),
            Self::UnknownDiscipline { given } => write!(f, "'{given}' is not a discipline"),
            Self::ExpiresBeforeIssued { issued, expires } => {
                write!(
                    f,
                    "a certificate issued on {issued} cannot expire on {expires}"
                )
            }
            Self::EmptyText { field } => write!(f, "{field} must not be empty"),
            Self::TextTooLong { field, max } => {
                write!(f, "{field} is longer than {max} characters")
            }
            Self::DayInFuture => write!(f, "the day is still to come"),
            Self::DayOutOfBounds => write!(f, "the day is outside those plantrack accepts"),
            Self::NotAConsultantFirm { id } => {
                write!(f, "organisation {id} is not a consultant firm")
            }
            Self::AlreadyRegistered { name } => write!(f, "{name} is already registered"),
            Self::NotEnoughExperience {
                grade,
                needed,
                years,
            } => write!(
                f,
                "grade {} needs {needed} years of experience (Decree 175/2024/NĐ-CP Art 79(2)); the holder had {years}",
                grade.as_str()
            ),
            Self::NoCertificate {
                holder,
                discipline: None,
            } => write!(f, "{holder} holds no capability certificate"),
            Self::NoCertificate {
                holder,
                discipline: Some(d),
            } => write!(f, "{holder} holds no certificate in {}", d.as_str()),
            Self::CertificateNotYetIssued { holder, issued_on } => {
                write!(
                    f,
                    "the certificate of {holder} is issued only on {issued_on}"
                )
            }
            Self::CertificateExpired { holder, expired_on } => {
                write!(f, "the certificate of {holder} expired on {expired_on}")
            }
            Self::GradeDoesNotCover {
                grade,
                plan_type,
                needed,
            } => write!(
                f,
                "grade {} does not cover a {} plan (grade {} or better)",
                grade.as_str(),
                plan_type.as_str(),
                needed.as_str()
            ),
            Self::NoRuleFor { plan_type } => {
                write!(f, "no capability rule covers a {} plan", plan_type.as_str())
            }
            Self::PersonNotOfFirm { person, firm } => {
                write!(f, "{person} does not work for {firm}")
            }
            Self::NoFirmAssigned => write!(f, "assign a firm to the plan first"),
            Self::AlreadyAssigned { name } => write!(f, "{name} is already on the plan"),
            Self::LoadLimitOutOfRange { max } => {
                write!(f, "the limit is 1 to {max} plans per lead")
            }
            Self::BeforeDossierOpened { opened_on } => {
                write!(f, "the dossier was opened on {opened_on}")
            }
        }
    }
}
