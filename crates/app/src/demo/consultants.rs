//! The demo's consultant firms (issue 16): the four firms the campaign's plans engage, with
//! their tax codes, capability certificates, lead planners and practising certificates
//! (all invented, marked "(demo)"), each firm and a lead assigned to the plans that engaged
//! the firm, as of the day it was engaged. Two stories are told: Hoàng Liên's capability
//! certificate expires on 20/12/2025, during its running assignments (a warning on its
//! dossiers and in the inbox); Tây Bắc's one lead carries all its eight plans, over the
//! default limit of plans per lead (the firm is flagged on the capacity page).

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_domain::workflow::EventKind;
use plantrack_store::consultant::{
    NewAssignment, NewCertificate, NewFirm, NewPerson, NewPractisingCertificate,
};
use plantrack_store::planning::DossierQuery;
use plantrack_store::{Planning, StoreError};

/// A firm of the demo: its name as the script's organisation, MST, capability certificate
/// (grade, issued, expires) and its leads (name, experience from, grade, issued, expires).
struct DemoFirm {
    name: &'static str,
    tax_code: &'static str,
    grade: &'static str,
    issued: (i32, u32, u32),
    expires: (i32, u32, u32),
    leads: &'static [DemoLead],
}

struct DemoLead {
    name: &'static str,
    experience_from: (i32, u32, u32),
    grade: &'static str,
    issued: (i32, u32, u32),
    expires: (i32, u32, u32),
}

const FIRMS: [DemoFirm; 4] = [
    DemoFirm {
        name: "Công ty CP Tư vấn Quy hoạch Tây Bắc (demo)",
        tax_code: "6200100101",
        grade: "I",
        issued: (2021, 3, 10),
        expires: (2026, 3, 10),
        leads: &[DemoLead {
            name: "Nguyễn Văn Hùng (demo)",
            experience_from: (2009, 6, 1),
            grade: "I",
            issued: (2021, 4, 2),
            expires: (2026, 4, 2),
        }],
    },
    DemoFirm {
        name: "Viện Quy hoạch Nông thôn Miền núi (demo)",
        tax_code: "0100234567",
        grade: "II",
        issued: (2022, 5, 20),
        expires: (2027, 5, 20),
        leads: &[
            DemoLead {
                name: "Trần Thị Mai (demo)",
                experience_from: (2012, 9, 1),
                grade: "II",
                issued: (2022, 1, 15),
                expires: (2027, 1, 15),
            },
            DemoLead {
                name: "Lò Văn Thành (demo)",
                experience_from: (2016, 3, 1),
                grade: "II",
                issued: (2023, 6, 1),
                expires: (2028, 6, 1),
            },
        ],
    },
    DemoFirm {
        name: "Công ty TNHH Kiến trúc và Quy hoạch Hoàng Liên (demo)",
        tax_code: "6200200202",
        grade: "II",
        issued: (2020, 12, 20),
        expires: (2025, 12, 20),
        leads: &[
            DemoLead {
                name: "Phạm Quốc Khánh (demo)",
                experience_from: (2011, 1, 1),
                grade: "II",
                issued: (2021, 8, 12),
                expires: (2026, 8, 12),
            },
            DemoLead {
                name: "Vàng Thị Dung (demo)",
                experience_from: (2014, 7, 1),
                grade: "II",
                issued: (2022, 11, 3),
                expires: (2027, 11, 3),
            },
        ],
    },
    DemoFirm {
        name: "Trung tâm Tư vấn Quy hoạch Sông Đà (demo)",
        tax_code: "5400345678-001",
        grade: "II",
        issued: (2023, 1, 10),
        expires: (2028, 1, 10),
        leads: &[
            DemoLead {
                name: "Đỗ Minh Tuấn (demo)",
                experience_from: (2010, 4, 1),
                grade: "I",
                issued: (2020, 2, 20),
                expires: (2030, 2, 20),
            },
            DemoLead {
                name: "Hà Thị Lan (demo)",
                experience_from: (2015, 5, 1),
                grade: "II",
                issued: (2021, 10, 5),
                expires: (2026, 10, 5),
            },
        ],
    },
];

fn day((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

const ISSUER: &str = "Sở Xây dựng tỉnh Lai Châu (demo)";

/// Registers the firms and their leads, then assigns each campaign plan's engaged firm and
/// one of its leads (in turn) as of the day the plan engaged it.
pub async fn play(planning: &Planning, province: &str) -> Result<usize, StoreError> {
    let op = Caller::Operator;
    let mut leads_of = std::collections::HashMap::new();
    for (i, f) in FIRMS.iter().enumerate() {
        let org = planning
            .organisation_by_name(op, f.name)
            .await?
            .ok_or_else(|| StoreError::Duplicate {
                what: "organisation",
                key: f.name.into(),
            })?;
        let firm = planning
            .register_firm(
                op,
                &NewFirm {
                    organisation_id: Some(org.id),
                    name: None,
                    province: Some(province.to_owned()),
                    tax_code: f.tax_code.into(),
                    address: "Phường Tân Phong, tỉnh Lai Châu (demo)".into(),
                    contact: format!("0213 3800 10{i}"),
                    certificate: NewCertificate {
                        number: format!("LCH-{:05}", 101 + i),
                        grade: f.grade.into(),
                        issuer: ISSUER.into(),
                        issued_on: day(f.issued),
                        expires_on: day(f.expires),
                    },
                },
            )
            .await?;
        let mut leads = Vec::new();
        for (j, l) in f.leads.iter().enumerate() {
            let person = planning
                .add_person(
                    op,
                    firm.id,
                    &NewPerson {
                        name: l.name.into(),
                        experience_from: day(l.experience_from),
                    },
                )
                .await?;
            planning
                .add_practising_certificate(
                    op,
                    person.id,
                    &NewPractisingCertificate {
                        discipline: "architecture_planning".into(),
                        certificate: NewCertificate {
                            number: format!("BXD-00-{:05}", 10 * (i + 1) + j),
                            grade: l.grade.into(),
                            issuer: ISSUER.into(),
                            issued_on: day(l.issued),
                            expires_on: day(l.expires),
                        },
                    },
                )
                .await?;
            leads.push(person.id);
        }
        leads_of.insert(f.name, (firm.id, leads));
    }
    let (dossiers, _) = planning
        .dossiers(
            op,
            DossierQuery {
                province: Some(province.to_owned()),
                limit: 1000,
                ..Default::default()
            },
        )
        .await?;
    let mut turn: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    let mut assigned = 0;
    for d in &dossiers {
        let events = planning.events(op, d.dossier_id, None).await?;
        let Some((name, on)) = events.iter().rev().find_map(|e| match &e.kind {
            EventKind::ConsultantChanged { name } => Some((name.clone(), e.occurred_on)),
            _ => None,
        }) else {
            continue;
        };
        let Some((firm, leads)) = leads_of.get(name.as_str()) else {
            continue;
        };
        planning
            .assign_consultant(
                op,
                &NewAssignment {
                    dossier_id: d.dossier_id,
                    firm_id: Some(*firm),
                    person_id: None,
                    role: None,
                    on: Some(on),
                },
            )
            .await?;
        let n = turn.entry(*firm).or_default();
        let lead = leads[*n % leads.len()];
        *n += 1;
        planning
            .assign_consultant(
                op,
                &NewAssignment {
                    dossier_id: d.dossier_id,
                    firm_id: None,
                    person_id: Some(lead),
                    role: Some("lead".into()),
                    on: Some(on),
                },
            )
            .await?;
        assigned += 1;
    }
    Ok(assigned)
}
