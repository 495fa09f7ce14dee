//! The demo's accounts: one per role and per organisation of the script, all with one
//! password made for the run.

use plantrack_domain::access::Caller;
use plantrack_store::{Planning, StoreError};

use super::script::Script;

/// An organisation of the demo (kind, name, unit) and its accounts (username, name, role).
type DemoOrganisation = (
    plantrack_domain::access::OrgKind,
    String,
    Option<String>,
    Vec<(String, String, plantrack_domain::access::Role)>,
);

/// The demo's accounts: one per role and per organisation, all with one password made for
/// this run. Only `serve --demo` creates them, and only on a database with no accounts.
#[derive(Debug, serde::Serialize)]
pub struct DemoAccounts {
    pub password: String,
    pub usernames: Vec<String>,
}

/// Creates the script's organisations and accounts in its order: `admin` and `lanhdao` (UBND
/// tỉnh), `thamdinh` (Sở Xây dựng), one per sector department, `xa-<code>` for each of the 38
/// communes and wards, `tuvan-1`… `tuvan-4` for the demo consultants, and `congdan` for a
/// resident.
pub async fn create_demo_accounts(planning: &Planning) -> Result<DemoAccounts, StoreError> {
    use plantrack_store::accounts::{NewUser, generate_password};
    let script = Script::lai_chau();
    let db = planning;
    let password = generate_password();
    let mut usernames = Vec::new();
    let mut orgs: Vec<DemoOrganisation> = Vec::new();
    for o in &script.organisations {
        if !o.each_unit {
            let users = o
                .users
                .iter()
                .map(|u| (u.username.clone(), u.display_name.clone(), u.role))
                .collect();
            orgs.push((o.kind, o.name.clone(), None, users));
            continue;
        }
        let filter = plantrack_store::units::UnitFilter {
            parent_code: Some(script.province.clone()),
            limit: 1000,
            ..Default::default()
        };
        for unit in db.units(&filter).await?.0 {
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
            orgs.push((o.kind, fill(&o.name), Some(u.code.clone()), users));
        }
    }
    for (kind, name, unit, users) in orgs {
        let org = db
            .create_organisation(
                Caller::Operator,
                kind,
                &name,
                &script.province,
                unit.as_deref(),
            )
            .await?;
        for (username, display_name, role) in users {
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
