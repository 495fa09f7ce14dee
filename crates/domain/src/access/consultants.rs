//! Who may read and change consultant firms, their people, certificates and assignments
//! (issue 16).
//!
//! Why this split: the Department of Construction examines candidates and issues practising
//! certificates (Decree 144/2025 Art 4), so it — and the administrator — registers firms,
//! their people and certificates; a firm does not certify itself. The commune People's
//! Committee signs the consultancy contract and engages the consultant (the templates give
//! `change_consultant` to `commune_pc`), so a commune officer assigns firms and leads to its
//! own commune's plans. Leadership sets the province's load limit, as it sets the other
//! province rules. Every office of the province reads the firms (a commune chooses among
//! them; leadership asks whether they can deliver); a consultant reads its own firm only,
//! since one firm's people and load are not its competitors' business.

use super::Denied;
use super::{DossierScope, Principal, Role, forbid, in_scope, signed_in};

/// Which firms an account reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirmReach {
    /// Every firm (working in the province asked).
    All,
    /// Only this organisation's own firm.
    Own(i64),
}

/// Reading the firms of a province, their people, certificates and workload.
pub fn read_firms(p: Option<&Principal>, province: &str) -> Result<FirmReach, Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(FirmReach::All),
        Role::Consultant => Ok(FirmReach::Own(p.organisation.id)),
        Role::Public => Err(forbid(
            p,
            "read_firms",
            "residents read published plans only",
        )),
        _ if p.organisation.province_code == province => Ok(FirmReach::All),
        _ => Err(forbid(p, "read_firms", "the firms are another province's")),
    }
}

/// Registering or changing a firm, its people and their certificates: the Department of
/// Construction of the province, and the administrator.
pub fn register_firms(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        Role::Appraiser if p.organisation.province_code == province => Ok(()),
        _ => Err(forbid(
            p,
            "register_firms",
            "only the Department of Construction or the administrator",
        )),
    }
}

/// Assigning a firm, a lead or discipline leads to a plan: the commune whose plan it is.
pub fn assign_consultant(p: Option<&Principal>, d: &DossierScope<'_>) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::CommuneOfficer if in_scope(p, d) => Ok(()),
        _ => Err(forbid(
            p,
            "assign_consultant",
            "only the commune whose plan it is",
        )),
    }
}

/// Setting the province's limit of plans per lead: its leadership, and the administrator.
pub fn set_load_limit(p: Option<&Principal>, province: &str) -> Result<(), Denied> {
    let p = signed_in(p)?;
    match p.role {
        Role::Administrator => Ok(()),
        Role::Leadership if p.organisation.province_code == province => Ok(()),
        _ => Err(forbid(
            p,
            "set_load_limit",
            "only the province's leadership or the administrator",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Authentication, OrgKind, Organisation};

    fn principal(role: Role, org: i64, unit: Option<&str>, name: &str) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            organisation: Organisation {
                id: org,
                kind: role.organisation_kind(),
                name: name.into(),
                province_code: "12".into(),
                unit_code: unit.map(str::to_owned),
                sector: None,
            },
            authenticated_by: Authentication::Session,
        }
    }

    const SIN_HO: DossierScope<'static> = DossierScope {
        province_code: "12",
        unit_code: "03478",
        consultant: None,
        published: false,
    };

    #[test]
    fn construction_registers_communes_assign_and_firms_read_their_own() {
        let doc = principal(Role::Appraiser, 2, None, "Sở Xây dựng");
        let lead = principal(Role::Leadership, 1, None, "UBND tỉnh");
        let commune = principal(Role::CommuneOfficer, 3, Some("03478"), "UBND xã Sìn Hồ");
        let other = principal(Role::CommuneOfficer, 4, Some("03508"), "UBND xã Hồng Thu");
        let firm = principal(Role::Consultant, 9, None, "Tư vấn A");
        let resident = principal(Role::Public, 5, None, "");
        let admin = principal(Role::Administrator, 1, None, "UBND tỉnh");
        assert_eq!(read_firms(Some(&doc), "12"), Ok(FirmReach::All));
        assert_eq!(read_firms(Some(&lead), "12"), Ok(FirmReach::All));
        assert!(read_firms(Some(&lead), "01").is_err());
        assert_eq!(read_firms(Some(&firm), "12"), Ok(FirmReach::Own(9)));
        assert!(read_firms(Some(&resident), "12").is_err());
        assert_eq!(read_firms(None, "12"), Err(Denied::NotSignedIn));
        assert!(register_firms(Some(&doc), "12").is_ok());
        assert!(register_firms(Some(&doc), "01").is_err());
        assert!(register_firms(Some(&admin), "01").is_ok());
        for p in [&lead, &commune, &firm, &resident] {
            assert!(register_firms(Some(p), "12").is_err(), "{:?}", p.role);
        }
        assert!(assign_consultant(Some(&commune), &SIN_HO).is_ok());
        assert!(assign_consultant(Some(&other), &SIN_HO).is_err());
        assert!(assign_consultant(Some(&doc), &SIN_HO).is_err());
        assert!(assign_consultant(Some(&firm), &SIN_HO).is_err());
        assert!(set_load_limit(Some(&lead), "12").is_ok());
        assert!(set_load_limit(Some(&lead), "01").is_err());
        assert!(set_load_limit(Some(&doc), "12").is_err());
        assert_eq!(
            OrgKind::ConsultantFirm,
            Role::Consultant.organisation_kind()
        );
    }
}
