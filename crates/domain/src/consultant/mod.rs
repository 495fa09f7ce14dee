//! Consultant firms and the people who lead plans (issue 16): the tax code a firm is known
//! by, certificate grades and disciplines, the Decree 175/2024/NĐ-CP rule table (data, with
//! basis and verification tag) and the check made when a firm or a lead is assigned to a plan
//! on a day; and the figures of a firm's workload.
//!
//! - [`tax_code`]: the MST, checked.
//! - [`certificate`]: grades, disciplines, roles on a plan; a certificate's dates and whether
//!   it holds on a day.
//! - [`rules`]: the rule table and the assignment check.
//! - [`capacity`]: loads, medians and the province's limit.
//! - [`problem`]: why something is refused, a sentence per reason.

pub mod capacity;
pub mod certificate;
pub mod problem;
pub mod rules;
pub mod tax_code;

pub use certificate::{CertificateDates, Discipline, Grade, PlanRole};
pub use problem::ConsultantProblem;
pub use rules::{CapabilityRules, CertificateHeld};
pub use tax_code::TaxCode;

use crate::DomainError;

/// The longest name, address or number a firm's record holds.
pub const MAX_FIELD: usize = 300;

/// The refusal of a consultant problem.
pub(crate) fn refuse<T>(p: ConsultantProblem) -> Result<T, DomainError> {
    Err(DomainError::Consultant(p))
}

/// A text field checked: trimmed, not empty when required, at most [`MAX_FIELD`] characters.
pub fn checked_text(
    field: &'static str,
    value: &str,
    required: bool,
) -> Result<String, DomainError> {
    let value = value.trim();
    if required && value.is_empty() {
        return refuse(ConsultantProblem::EmptyText { field });
    }
    if value.chars().count() > MAX_FIELD {
        return refuse(ConsultantProblem::TextTooLong {
            field,
            max: MAX_FIELD,
        });
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_required_and_bounded() {
        assert_eq!(checked_text("name", "  Tây Bắc ", true).unwrap(), "Tây Bắc");
        assert_eq!(
            checked_text("name", " ", true),
            Err(DomainError::Consultant(ConsultantProblem::EmptyText {
                field: "name"
            }))
        );
        assert_eq!(checked_text("contact", "", false).unwrap(), "");
        assert!(checked_text("name", &"ệ".repeat(MAX_FIELD), true).is_ok());
        assert!(checked_text("name", &"ệ".repeat(MAX_FIELD + 1), true).is_err());
    }
}
