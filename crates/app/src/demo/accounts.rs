//! The demo's accounts: one per role and per organisation of the script, all with one
//! password made for the run.

use plantrack_domain::access::Caller;
use plantrack_store::{Planning, StoreError};

use super::script::Script;

/// An organisation of the demo and its accounts (username, name, role).
struct DemoOrganisation {
    kind: plantrack_domain::access::OrgKind,
    name: String,
    unit: Option<String>,
    /// Where its digest goes, and in which language.
    contact: Option<(String, plantrack_domain::Language)>,
    sector: Option<plantrack_domain::access::Sector>,
    users: Vec<(String, String, plantrack_domain::access::Role)>,
}

/// The demo's accounts: one per role and per organisation, all with one password made for
/// this run. Only `serve --demo` creates them, and only on a database with no accounts.
#[derive(Debug, serde::Serialize)]
pub struct DemoAccounts {
    pub password: String,
    pub usernames: Vec<String>,
}

/// The script's organisations in its order, with their accounts: the entry standing for each
/// unit expanded to one per commune and ward of the province.
async fn demo_organisations(planning: &Planning) -> Result<Vec<DemoOrganisation>, StoreError> {
    let script = Script::lai_chau();
    let mut orgs: Vec<DemoOrganisation> = Vec::new();
    for o in &script.organisations {
        if !o.each_unit {
            let users = o
                .users
                .iter()
                .map(|u| (u.username.clone(), u.display_name.clone(), u.role))
                .collect();
            orgs.push(DemoOrganisation {
                kind: o.kind,
                name: o.name.clone(),
                unit: None,
                contact: o.contact_email.clone().map(|e| (e, o.contact_language)),
                sector: o.sector,
                users,
            });
            continue;
        }
        let filter = plantrack_store::units::UnitFilter {
            parent_code: Some(script.province.clone()),
            limit: 1000,
            ..Default::default()
        };
        for unit in planning.units(&filter).await?.0 {
            let u = unit.unit;
            // "Xã Sìn Hồ" → "xã Sìn Hồ", as the communes sign their documents.
            let mut kind_word = u.full_name.chars();
            let full = match kind_word.next() {
                Some(first) => format!("{}{}", first.to_lowercase(), kind_word.as_str()),
                None => u.full_name.clone(),
            };
            let fill = |text: &str| text.replace("{unit}", &full).replace("{code}", &u.code);
            let users = o
                .users
                .iter()
                .map(|d| (fill(&d.username), fill(&d.display_name), d.role))
                .collect();
            orgs.push(DemoOrganisation {
                kind: o.kind,
                name: fill(&o.name),
                unit: Some(u.code.clone()),
                contact: o
                    .contact_email
                    .as_deref()
                    .map(|e| (fill(e), o.contact_language)),
                sector: o.sector,
                users,
            });
        }
    }
    Ok(orgs)
}

/// The organisation of this name, created with its contact if it is not there yet (an
/// existing one keeps the contact it has: someone may have set it).
async fn organisation(
    planning: &Planning,
    province: &str,
    o: &DemoOrganisation,
) -> Result<plantrack_domain::access::Organisation, StoreError> {
    if let Some(existing) = planning
        .organisation_by_name(Caller::Operator, &o.name)
        .await?
    {
        return Ok(existing);
    }
    let created = planning
        .create_organisation(
            Caller::Operator,
            o.kind,
            &o.name,
            province,
            o.unit.as_deref(),
        )
        .await?;
    let created = match o.sector {
        Some(sector) => {
            planning
                .set_organisation_sector(Caller::Operator, &created.id.to_string(), Some(sector))
                .await?
        }
        None => created,
    };
    if let Some((email, language)) = &o.contact {
        planning
            .set_organisation_contact(
                Caller::Operator,
                &created.id.to_string(),
                Some(email),
                *language,
            )
            .await?;
    }
    Ok(created)
}

/// Creates the script's organisations (without accounts) that are not there yet: the demo's
/// meeting addresses its directives to them.
pub async fn create_demo_organisations(planning: &Planning) -> Result<(), StoreError> {
    let province = Script::lai_chau().province;
    for o in demo_organisations(planning).await? {
        organisation(planning, &province, &o).await?;
    }
    Ok(())
}

/// Creates the script's organisations (those not there yet) and their accounts in its order:
/// `admin` and `lanhdao` (UBND tỉnh), `thamdinh` (Sở Xây dựng), one per sector department,
/// `xa-<code>` for each of the 38 communes and wards, `tuvan-1`… `tuvan-4` for the demo
/// consultants, and `congdan` for a resident.
pub async fn create_demo_accounts(planning: &Planning) -> Result<DemoAccounts, StoreError> {
    use plantrack_store::accounts::{NewUser, generate_password};
    let province = Script::lai_chau().province;
    let db = planning;
    let password = generate_password();
    let mut usernames = Vec::new();
    for o in demo_organisations(planning).await? {
        let org = organisation(planning, &province, &o).await?;
        for (username, display_name, role) in o.users {
            usernames.push(username.clone());
            db.create_user(
                Caller::Operator,
                NewUser {
                    username,
                    display_name,
                    password: password.clone(),
                    role,
                    organisation_id: org.id,
                },
            )
            .await?;
        }
    }
    Ok(DemoAccounts {
        password,
        usernames,
    })
}
