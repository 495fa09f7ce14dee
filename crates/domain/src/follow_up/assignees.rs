//! Who a directive is addressed to. "All communes in the campaign" and "the departments" are
//! how a conclusion names them; each becomes one task per organisation, so that each answers
//! for its own.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FollowUpProblem;
use crate::DomainError;
use crate::access::{OrgKind, Organisation};

/// The addressees of a directive, as the conclusion names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Addressees {
    /// Every commune People's Committee of the province whose unit has a plan in the campaign
    /// (a dossier of the meeting's plan type).
    CampaignCommunes,
    /// The communes whose campaign dossier was in this stage on the meeting's day ("the
    /// communes still preparing their planning task").
    CommunesInStage { stage: String },
    /// Every sector department of the province.
    Departments,
    /// Every consultant firm working in the province.
    Consultants,
    /// Named organisations.
    Organisations {
        #[schema(value_type = Vec<OrganisationId>)]
        ids: Vec<i64>,
    },
}

/// An organisation's id as the API document states it: a whole number well inside what a JSON
/// float carries exactly (a client's float near 2^53 is not the number it meant), as the other
/// ids of the document are bounded.
#[derive(ToSchema)]
#[schema(minimum = 1, maximum = 4_294_967_295_i64)]
pub struct OrganisationId(pub i64);

/// The organisations one directive gives a task to, in the order given (by id), without
/// repeats: `campaign_units` are the unit codes the commune groups stand for (the campaign's,
/// or those in the stage named); `organisations` those of the province. Refuses an organisation outside the province, and a directive addressed to nobody.
pub fn expand(
    addressees: &Addressees,
    province_code: &str,
    campaign_units: &[&str],
    organisations: &[Organisation],
) -> Result<Vec<Organisation>, DomainError> {
    let in_province = |o: &&Organisation| o.province_code == province_code;
    let mut chosen: Vec<Organisation> = match addressees {
        Addressees::CampaignCommunes | Addressees::CommunesInStage { .. } => organisations
            .iter()
            .filter(in_province)
            .filter(|o| {
                o.kind == OrgKind::CommunePc
                    && o.unit_code
                        .as_deref()
                        .is_some_and(|u| campaign_units.contains(&u))
            })
            .cloned()
            .collect(),
        Addressees::Departments => organisations
            .iter()
            .filter(in_province)
            .filter(|o| o.kind == OrgKind::SectorDepartment)
            .cloned()
            .collect(),
        Addressees::Consultants => organisations
            .iter()
            .filter(in_province)
            .filter(|o| o.kind == OrgKind::ConsultantFirm)
            .cloned()
            .collect(),
        Addressees::Organisations { ids } => {
            let mut found = Vec::with_capacity(ids.len());
            for id in ids {
                match organisations.iter().find(|o| o.id == *id) {
                    Some(o) if o.province_code == province_code => found.push(o.clone()),
                    Some(o) => {
                        return Err(DomainError::FollowUp(
                            FollowUpProblem::AssigneeOutsideProvince {
                                name: o.name.clone(),
                            },
                        ));
                    }
                    None => {
                        return Err(DomainError::FollowUp(
                            FollowUpProblem::UnknownOrganisation { id: *id },
                        ));
                    }
                }
            }
            found
        }
    };
    chosen.sort_by_key(|o| o.id);
    chosen.dedup_by_key(|o| o.id);
    if chosen.is_empty() {
        return Err(DomainError::FollowUp(FollowUpProblem::NoAddressee));
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: i64, kind: OrgKind, province: &str, unit: Option<&str>) -> Organisation {
        Organisation {
            id,
            kind,
            name: format!("org {id}"),
            province_code: province.into(),
            unit_code: unit.map(Into::into),
            sector: None,
        }
    }

    fn orgs() -> Vec<Organisation> {
        vec![
            org(1, OrgKind::ProvincialPc, "12", None),
            org(2, OrgKind::SectorDepartment, "12", None),
            org(3, OrgKind::SectorDepartment, "12", None),
            org(4, OrgKind::CommunePc, "12", Some("03388")),
            org(5, OrgKind::CommunePc, "12", Some("03390")),
            org(6, OrgKind::CommunePc, "14", Some("04000")),
            org(7, OrgKind::ConsultantFirm, "12", None),
            org(8, OrgKind::SectorDepartment, "14", None),
        ]
    }

    fn ids(v: &[Organisation]) -> Vec<i64> {
        v.iter().map(|o| o.id).collect()
    }

    #[test]
    fn groups_expand_to_one_organisation_each_within_the_province() {
        let all = orgs();
        let campaign = ["03388", "04000"];
        assert_eq!(
            ids(&expand(&Addressees::CampaignCommunes, "12", &campaign, &all).unwrap()),
            [4]
        );
        assert_eq!(
            ids(&expand(&Addressees::Departments, "12", &campaign, &all).unwrap()),
            [2, 3]
        );
        assert_eq!(
            ids(&expand(&Addressees::Consultants, "12", &campaign, &all).unwrap()),
            [7]
        );
        let named = Addressees::Organisations { ids: vec![5, 2, 5] };
        assert_eq!(ids(&expand(&named, "12", &campaign, &all).unwrap()), [2, 5]);
    }

    #[test]
    fn outside_the_province_unknown_or_nobody_is_refused() {
        let all = orgs();
        for a in [
            Addressees::Organisations { ids: vec![8] },
            Addressees::Organisations { ids: vec![99] },
            Addressees::Organisations { ids: vec![] },
        ] {
            assert!(expand(&a, "12", &[], &all).is_err(), "{a:?}");
        }
        assert!(expand(&Addressees::CampaignCommunes, "12", &[], &all).is_err());
    }
}
