//! Who handles the money (issue 16): the Department of Finance and the provincial leadership
//! record allocation decisions, their lines and the payments; a commune signs the contracts
//! for its own unit; the Department of Construction reads every figure of its province; a
//! consultant firm reads its own contracts.
//!
//! The Department of Finance is a sector department like the others (an organisation of kind
//! `sector_department`); what tells it apart is its recorded sector, `finance` (set by the
//! operator: `plantrack org sector`), not its name — a department renamed, or named in
//! another way, keeps or lacks the right by what is recorded.

use super::{Denied, OrgKind, Organisation, Principal, Role, Sector, forbid, signed_in, works_in};

/// Whether the organisation is its province's Department of Finance.
pub fn is_finance_department(org: &Organisation) -> bool {
    org.kind == OrgKind::SectorDepartment && org.sector == Some(Sector::Finance)
}

fn in_province(p: &Principal, province: &str) -> bool {
    p.organisation.province_code == province
}

/// Recording an allocation decision, a line of it or a payment: the Department of Finance and
/// the leadership of the province.
pub fn record_funding(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    let records = p.role == Role::Leadership
        || (p.role == Role::DepartmentOfficer && is_finance_department(&p.organisation));
    if !records {
        return Err(forbid(
            p,
            "record_funding",
            "only the Department of Finance and the provincial leadership record funding",
        ));
    }
    if in_province(p, province) {
        Ok(())
    } else {
        Err(forbid(
            p,
            "record_funding",
            "the funding is another province's",
        ))
    }
}

/// Signing a contract with a consultant on a line: the commune of the line's unit.
pub fn sign_contract(p: Option<&Principal>, unit: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if p.role == Role::CommuneOfficer && p.organisation.unit_code.as_deref() == Some(unit) {
        Ok(())
    } else {
        Err(forbid(
            p,
            "sign_contract",
            "a commune signs the contracts of its own unit",
        ))
    }
}

/// Cancelling a contract: the commune that signed it, or those who record the funding.
pub fn cancel_contract(p: Option<&Principal>, province: &str, unit: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    if sign_contract(Some(p), unit).is_ok() || record_funding(Some(p), province).is_ok() {
        Ok(())
    } else {
        Err(forbid(
            p,
            "cancel_contract",
            "only the commune that signed it, the Department of Finance or leadership",
        ))
    }
}

/// How much of a province's money an account reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundingReach {
    /// Every decision, line, contract and payment of the province.
    Province,
    /// The lines and contracts of one unit.
    Unit(String),
    /// The contracts of one consultant firm (by its organisation id).
    Firm(i64),
}

/// Reading a province's funding: leadership, the Department of Construction, the Department
/// of Finance and the administrator all of it; a commune its own unit's; a consultant firm its
/// own contracts.
pub fn read_funding(p: Option<&Principal>, province: &str) -> Result<FundingReach, Denied> {
    let p = signed_in(p)?;
    if !works_in(p, province) {
        return Err(forbid(
            p,
            "read_funding",
            "the funding is another province's",
        ));
    }
    match p.role {
        Role::Administrator | Role::Leadership | Role::Appraiser => Ok(FundingReach::Province),
        Role::DepartmentOfficer if is_finance_department(&p.organisation) => {
            Ok(FundingReach::Province)
        }
        Role::CommuneOfficer => match &p.organisation.unit_code {
            Some(unit) => Ok(FundingReach::Unit(unit.clone())),
            None => Err(forbid(p, "read_funding", "the commune has no unit")),
        },
        Role::Consultant => Ok(FundingReach::Firm(p.organisation.id)),
        Role::DepartmentOfficer | Role::Public => Err(forbid(
            p,
            "read_funding",
            "the funding is read by the offices that handle it",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Authentication;

    fn who(role: Role, kind: OrgKind, name: &str, unit: Option<&str>) -> Principal {
        who_in(role, kind, name, unit, None)
    }

    fn who_in(
        role: Role,
        kind: OrgKind,
        name: &str,
        unit: Option<&str>,
        sector: Option<Sector>,
    ) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            organisation: Organisation {
                id: 7,
                kind,
                name: name.into(),
                province_code: "12".into(),
                unit_code: unit.map(str::to_owned),
                sector,
            },
            authenticated_by: Authentication::Session,
        }
    }

    #[test]
    fn finance_and_leadership_record_the_money() {
        let finance = who_in(
            Role::DepartmentOfficer,
            OrgKind::SectorDepartment,
            "Sở Tài chính tỉnh Lai Châu",
            None,
            Some(Sector::Finance),
        );
        // What counts is the recorded sector, whatever the name.
        let finance_renamed = who_in(
            Role::DepartmentOfficer,
            OrgKind::SectorDepartment,
            "Sở Tài chính - Kế hoạch",
            None,
            Some(Sector::Finance),
        );
        let named_only = who(
            Role::DepartmentOfficer,
            OrgKind::SectorDepartment,
            "Sở Tài chính tỉnh Lai Châu",
            None,
        );
        let farming = who(
            Role::DepartmentOfficer,
            OrgKind::SectorDepartment,
            "Sở Nông nghiệp và Môi trường",
            None,
        );
        let lead = who(Role::Leadership, OrgKind::ProvincialPc, "UBND tỉnh", None);
        let sxd = who(
            Role::Appraiser,
            OrgKind::ConstructionDept,
            "Sở Xây dựng",
            None,
        );
        let commune = who(
            Role::CommuneOfficer,
            OrgKind::CommunePc,
            "UBND xã Sìn Hồ",
            Some("03478"),
        );
        let firm = who(Role::Consultant, OrgKind::ConsultantFirm, "Tư vấn", None);
        assert!(record_funding(Some(&finance), "12").is_ok());
        assert!(record_funding(Some(&finance_renamed), "12").is_ok());
        assert!(record_funding(Some(&named_only), "12").is_err());
        assert!(record_funding(Some(&lead), "12").is_ok());
        assert!(record_funding(Some(&lead), "01").is_err());
        for other in [&farming, &sxd, &commune, &firm] {
            assert!(record_funding(Some(other), "12").is_err());
        }
        assert_eq!(record_funding(None, "12"), Err(Denied::NotSignedIn));

        assert!(sign_contract(Some(&commune), "03478").is_ok());
        assert!(sign_contract(Some(&commune), "03508").is_err());
        assert!(sign_contract(Some(&finance), "03478").is_err());
        assert!(cancel_contract(Some(&commune), "12", "03478").is_ok());
        assert!(cancel_contract(Some(&finance), "12", "03478").is_ok());
        assert!(cancel_contract(Some(&firm), "12", "03478").is_err());

        assert_eq!(read_funding(Some(&sxd), "12"), Ok(FundingReach::Province));
        assert_eq!(
            read_funding(Some(&finance), "12"),
            Ok(FundingReach::Province)
        );
        assert_eq!(
            read_funding(Some(&commune), "12"),
            Ok(FundingReach::Unit("03478".into()))
        );
        assert_eq!(read_funding(Some(&firm), "12"), Ok(FundingReach::Firm(7)));
        assert!(read_funding(Some(&farming), "12").is_err());
        assert!(read_funding(Some(&sxd), "01").is_err());
    }
}
