//! The tax code (mã số thuế, MST) a firm is known by: 10 digits, or 10 digits, "-" and 3 digits
//! for a branch (a dependent unit). Only the shape is checked: the check digit's algorithm is
//! not in the sources read, and a wrong one would refuse real firms.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ConsultantProblem, refuse};
use crate::DomainError;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct TaxCode(String);

impl TaxCode {
    /// Reads a tax code as typed: spaces around it are dropped, nothing else is forgiven.
    pub fn parse(given: &str) -> Result<TaxCode, DomainError> {
        let s = given.trim();
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        let ok = match s.split_once('-') {
            None => digits(s, 10),
            Some((head, branch)) => digits(head, 10) && digits(branch, 3),
        };
        if ok {
            Ok(TaxCode(s.to_owned()))
        } else {
            refuse(ConsultantProblem::BadTaxCode {
                given: given.to_owned(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TaxCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digits_or_a_branch_of_three() {
        assert_eq!(
            TaxCode::parse(" 6200012345 ").unwrap().as_str(),
            "6200012345"
        );
        assert_eq!(
            TaxCode::parse("6200012345-001").unwrap().as_str(),
            "6200012345-001"
        );
        for bad in [
            "620001234",
            "62000123456",
            "62000A2345",
            "6200012345-01",
            "6200012345-0011",
            "6200012345-",
            "-001",
            "6200012345_001",
            "６２００１２３４５",
            "",
        ] {
            assert_eq!(
                TaxCode::parse(bad),
                Err(DomainError::Consultant(ConsultantProblem::BadTaxCode {
                    given: bad.to_owned()
                })),
                "{bad}"
            );
        }
    }
}
