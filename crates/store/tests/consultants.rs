//! Consultant firms (issue 16) on SQLite, or PostgreSQL with PLANTRACK_TEST_DB: the Department
//! of Construction registers firms, their people and certificates; communes assign a firm and
//! its lead to their plans, checked against the Decree 175 rule table as of the day of the
//! assignment, with the refusal explained; a certificate expiring during a running assignment
//! is warned about; the capacity page counts each firm's plans and its leads' load against the
//! province's limit. Every refusal stores nothing; every change is one event of the chain.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_domain::consultant::{ConsultantProblem, Grade};
use plantrack_domain::plan::PlanType;
use plantrack_store::StoreError;
use plantrack_store::consultant::{
    NewAssignment, NewCertificate, NewFirm, NewPerson, NewPractisingCertificate,
};

mod common;
use common::{account, d, lai_chau_on, noon, open};

fn problem(e: StoreError) -> ConsultantProblem {
    match e {
        StoreError::Domain(DomainError::Consultant(p)) => p,
        other => panic!("expected a consultant problem, got {other:?}"),
    }
}

fn cert(
    number: &str,
    grade: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> NewCertificate {
    NewCertificate {
        number: number.into(),
        grade: grade.into(),
        issuer: "Sở Xây dựng tỉnh Lai Châu".into(),
        issued_on: from,
        expires_on: to,
    }
}

fn firm(name: &str, tax_code: &str, grade: &str) -> NewFirm {
    NewFirm {
        organisation_id: None,
        name: Some(name.into()),
        province: Some("12".into()),
        tax_code: tax_code.into(),
        address: "Phường Tân Phong, tỉnh Lai Châu".into(),
        contact: "0213 3876 543".into(),
        certificate: cert(
            &format!("LCH-{tax_code}"),
            grade,
            d(2023, 1, 1),
            d(2026, 1, 10),
        ),
    }
}

fn assign(
    dossier: i64,
    firm: Option<i64>,
    person: Option<i64>,
    on: chrono::NaiveDate,
) -> NewAssignment {
    NewAssignment {
        dossier_id: dossier,
        firm_id: firm,
        person_id: person,
        role: person.map(|_| "lead".into()),
        on: Some(on),
    }
}

/// What a refusal must leave as it was: every firm with its people and assignments, and the
/// chain's length.
async fn record(p: &plantrack_store::Planning) -> (String, u64) {
    let mut all = Vec::new();
    for f in p.firms(Caller::Operator, None).await.unwrap() {
        all.push(format!(
            "{:?}",
            p.firm(Caller::Operator, f.id).await.unwrap()
        ));
    }
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds(), "{report:?}");
    (all.join("\n"), report.follow_up_events)
}

#[tokio::test]
async fn firms_are_registered_assigned_as_of_the_day_and_their_load_is_read() {
    let (_db, p, hand) = lai_chau_on(d(2025, 7, 20)).await;
    let set_today = |day| *hand.lock().unwrap() = noon(day);
    let doc = account(
        &p,
        OrgKind::ConstructionDept,
        "Sở Xây dựng",
        "12",
        None,
        Role::Appraiser,
        "so-xd",
    )
    .await;
    let leader = account(
        &p,
        OrgKind::ProvincialPc,
        "UBND tỉnh",
        "12",
        None,
        Role::Leadership,
        "lanhdao",
    )
    .await;
    let sin_ho = account(
        &p,
        OrgKind::CommunePc,
        "UBND xã Sìn Hồ",
        "12",
        Some("03478"),
        Role::CommuneOfficer,
        "xa-03478",
    )
    .await;
    let hong_thu = account(
        &p,
        OrgKind::CommunePc,
        "UBND xã Hồng Thu",
        "12",
        Some("03508"),
        Role::CommuneOfficer,
        "xa-03508",
    )
    .await;
    let firm_b_account = account(
        &p,
        OrgKind::ConsultantFirm,
        "Viện Quy hoạch B",
        "12",
        None,
        Role::Consultant,
        "tv-bb",
    )
    .await;

    // Bad input: a clear refusal, nothing stored.
    let before = record(&p).await;
    for (f, expected) in [
        (firm("A", "62000A2345", "II"), "bad-tax-code"),
        (firm("A", "620001234", "II"), "bad-tax-code"),
        (firm("A", "6200012345-01", "II"), "bad-tax-code"),
        (firm("A", "6200012345", "IV"), "unknown-grade"),
        (
            NewFirm {
                certificate: cert("X", "II", d(2025, 3, 1), d(2024, 3, 1)),
                ..firm("A", "6200012345", "II")
            },
            "expires-before-issued",
        ),
    ] {
        let e = p.register_firm((&doc).into(), &f).await.unwrap_err();
        assert_eq!(problem(e).key(), expected);
    }
    let not_firm = NewFirm {
        organisation_id: Some(sin_ho.organisation.id),
        ..firm("A", "6200012345", "II")
    };
    assert!(matches!(
        problem(p.register_firm((&doc).into(), &not_firm).await.unwrap_err()),
        ConsultantProblem::NotAConsultantFirm { .. }
    ));
    // Only the Department of Construction (or the administrator) registers firms.
    assert!(matches!(
        p.register_firm((&sin_ho).into(), &firm("A", "6200012345", "II"))
            .await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(record(&p).await, before);

    let a = p
        .register_firm(
            (&doc).into(),
            &firm("Công ty CP Tư vấn A", "6200012345", "II"),
        )
        .await
        .unwrap();
    assert_eq!(a.tax_code, "6200012345");
    assert!(a.certificate_valid);
    assert_eq!(a.certificate.grade, Grade::II);
    let b = p
        .register_firm(
            (&doc).into(),
            &NewFirm {
                organisation_id: Some(firm_b_account.organisation.id),
                name: None,
                ..firm("ignored", "6200012345-001", "III")
            },
        )
        .await
        .unwrap();
    assert_eq!(b.name, "Viện Quy hoạch B");
    assert!(matches!(
        p.register_firm((&doc).into(), &firm("C", "6200012345", "I"))
            .await,
        Err(StoreError::Duplicate { .. })
    ));

    // People and their certificates; the grade needs its years of experience.
    let an = p
        .add_person(
            (&doc).into(),
            a.id,
            &NewPerson {
                name: "Nguyễn Văn An".into(),
                experience_from: d(2015, 1, 1),
            },
        )
        .await
        .unwrap();
    let before = record(&p).await;
    let too_soon = NewPractisingCertificate {
        discipline: "architecture_planning".into(),
        certificate: cert("BXD-1", "I", d(2020, 6, 1), d(2025, 8, 12)),
    };
    assert_eq!(
        problem(
            p.add_practising_certificate((&doc).into(), an.id, &too_soon)
                .await
                .unwrap_err()
        ),
        ConsultantProblem::NotEnoughExperience {
            grade: Grade::I,
            needed: 7,
            years: 5
        }
    );
    let bad_field = NewPractisingCertificate {
        discipline: "geology".into(),
        ..too_soon.clone()
    };
    assert_eq!(
        problem(
            p.add_practising_certificate((&doc).into(), an.id, &bad_field)
                .await
                .unwrap_err()
        )
        .key(),
        "unknown-discipline"
    );
    assert_eq!(record(&p).await, before);
    let an = p
        .add_practising_certificate(
            (&doc).into(),
            an.id,
            &NewPractisingCertificate {
                discipline: "architecture_planning".into(),
                certificate: cert("BXD-1", "II", d(2020, 6, 1), d(2025, 8, 12)),
            },
        )
        .await
        .unwrap();
    assert_eq!(an.certificates.len(), 1);
    let cuong = p
        .add_person(
            (&doc).into(),
            a.id,
            &NewPerson {
                name: "Lê Văn Cường".into(),
                experience_from: d(2010, 1, 1),
            },
        )
        .await
        .unwrap();
    p.add_practising_certificate(
        (&doc).into(),
        cuong.id,
        &NewPractisingCertificate {
            discipline: "architecture_planning".into(),
            certificate: cert("BXD-2", "II", d(2019, 1, 1), d(2024, 12, 31)),
        },
    )
    .await
    .unwrap();

    let s = open(&p, "03478").await;
    let h = open(&p, "03508").await;
    let before = record(&p).await;
    // Grade III does not cover a commune general plan; a lead needs a firm on the plan first.
    assert_eq!(
        problem(
            p.assign_consultant(
                Caller::Operator,
                &assign(s, Some(b.id), None, d(2025, 7, 20))
            )
            .await
            .unwrap_err()
        ),
        ConsultantProblem::GradeDoesNotCover {
            grade: Grade::III,
            plan_type: PlanType::CommuneGeneral,
            needed: Grade::II
        }
    );
    assert_eq!(
        problem(
            p.assign_consultant(
                Caller::Operator,
                &assign(s, None, Some(an.id), d(2025, 7, 20))
            )
            .await
            .unwrap_err()
        ),
        ConsultantProblem::NoFirmAssigned
    );
    // Another commune may not assign on Sìn Hồ's plan.
    assert!(matches!(
        p.assign_consultant(
            (&hong_thu).into(),
            &assign(s, Some(a.id), None, d(2025, 7, 20))
        )
        .await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(record(&p).await, before);

    set_today(d(2025, 8, 5));
    let fa = p
        .assign_consultant(
            (&sin_ho).into(),
            &assign(s, Some(a.id), None, d(2025, 7, 25)),
        )
        .await
        .unwrap();
    assert_eq!((fa.role.as_str(), fa.assigned_on), ("firm", d(2025, 7, 25)));
    // The firm is named on the dossier: its accounts reach the plan.
    assert_eq!(
        p.dossier(Caller::Operator, s)
            .await
            .unwrap()
            .state
            .consultant
            .as_deref(),
        Some("Công ty CP Tư vấn A")
    );
    p.assign_consultant(
        (&sin_ho).into(),
        &assign(s, None, Some(an.id), d(2025, 8, 5)),
    )
    .await
    .unwrap();
    p.assign_consultant(
        Caller::Operator,
        &assign(h, Some(a.id), None, d(2025, 8, 5)),
    )
    .await
    .unwrap();
    p.assign_consultant(
        Caller::Operator,
        &assign(h, None, Some(an.id), d(2025, 8, 5)),
    )
    .await
    .unwrap();
    assert!(matches!(
        problem(
            p.assign_consultant(
                Caller::Operator,
                &assign(h, Some(a.id), None, d(2025, 8, 5))
            )
            .await
            .unwrap_err()
        ),
        ConsultantProblem::AlreadyAssigned { .. }
    ));

    // Months later: the lead's certificate expired during the running assignments.
    set_today(d(2025, 11, 26));
    let before = record(&p).await;
    assert_eq!(
        problem(
            p.assign_consultant(
                Caller::Operator,
                &assign(s, None, Some(cuong.id), d(2025, 11, 26))
            )
            .await
            .unwrap_err()
        ),
        ConsultantProblem::CertificateExpired {
            holder: "Lê Văn Cường".into(),
            expired_on: d(2024, 12, 31)
        }
    );
    assert_eq!(record(&p).await, before);
    let (running, warnings) = p.dossier_consultants((&sin_ho).into(), s).await.unwrap();
    assert_eq!(running.len(), 2);
    let shown: Vec<(&str, chrono::NaiveDate, bool)> = warnings
        .iter()
        .map(|w| (w.holder.as_str(), w.expires_on, w.expired))
        .collect();
    assert_eq!(
        shown,
        [
            ("Nguyễn Văn An", d(2025, 8, 12), true),
            ("Công ty CP Tư vấn A", d(2026, 1, 10), false)
        ]
    );
    // The inbox: Sìn Hồ sees its own plan's warnings, the department every plan's.
    assert_eq!(
        p.consultant_warnings((&sin_ho).into(), "12")
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        p.consultant_warnings((&doc).into(), "12")
            .await
            .unwrap()
            .len(),
        4
    );

    // The list: plans in hand, certificate valid today; a firm reads only its own.
    let firms = p.firms((&doc).into(), Some("12")).await.unwrap();
    let in_hand: Vec<(&str, u64, bool)> = firms
        .iter()
        .map(|f| (f.name.as_str(), f.plans_in_hand, f.certificate_valid))
        .collect();
    assert_eq!(
        in_hand,
        [
            ("Công ty CP Tư vấn A", 2, true),
            ("Viện Quy hoạch B", 0, true)
        ]
    );
    let own = p.firms((&firm_b_account).into(), None).await.unwrap();
    assert_eq!(own.iter().map(|f| f.id).collect::<Vec<_>>(), [b.id]);
    assert!(p.firm((&firm_b_account).into(), a.id).await.is_err());

    // Capacity: within the default limit, then over the province's own.
    let c = p.capacity((&leader).into(), "12").await.unwrap();
    assert_eq!(c.max_plans_per_lead, 4);
    assert_eq!(
        (c.plans_open, c.plans_without_firm, c.firms_over_limit),
        (2, 0, 0)
    );
    let fa = c.firms.iter().find(|f| f.firm_id == a.id).unwrap();
    assert_eq!(fa.plans_in_hand, 2);
    assert_eq!(fa.by_stage.get("task_preparation"), Some(&2));
    assert_eq!(
        (fa.leads.len(), fa.leads[0].plans, fa.without_lead),
        (1, 2, 0)
    );
    assert!(matches!(
        p.set_load_limit((&sin_ho).into(), "12", 1).await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(
        problem(
            p.set_load_limit((&leader).into(), "12", 0)
                .await
                .unwrap_err()
        )
        .key(),
        "load-limit-out-of-range"
    );
    p.set_load_limit((&leader).into(), "12", 1).await.unwrap();
    let c = p.capacity((&leader).into(), "12").await.unwrap();
    assert_eq!((c.max_plans_per_lead, c.firms_over_limit), (1, 1));
    assert!(c.firms.iter().find(|f| f.firm_id == a.id).unwrap().leads[0].over_limit);
    assert!(p.capacity((&leader).into(), "01").await.is_err());

    // A new firm on a plan ends the previous firm's assignments and its lead's.
    let a2 = p
        .register_firm(
            (&doc).into(),
            &NewFirm {
                ..firm("Công ty TNHH A2", "6200099999", "I")
            },
        )
        .await
        .unwrap();
    let events_before = record(&p).await.1;
    p.assign_consultant(
        Caller::Operator,
        &assign(h, Some(a2.id), None, d(2025, 11, 26)),
    )
    .await
    .unwrap();
    let sheet = p.firm(Caller::Operator, a.id).await.unwrap();
    let ended: Vec<(i64, Option<chrono::NaiveDate>)> = sheet
        .assignments
        .iter()
        .filter(|x| x.dossier_id == h)
        .map(|x| (x.dossier_id, x.ended_on))
        .collect();
    assert_eq!(
        ended,
        [(h, Some(d(2025, 11, 26))), (h, Some(d(2025, 11, 26)))]
    );
    assert_eq!(
        p.firms(Caller::Operator, Some("12")).await.unwrap()[0].plans_in_hand,
        1
    );
    // The assignment's event, and the dossier's own change_consultant event in its chain.
    assert_eq!(record(&p).await.1, events_before + 1);
}

/// Assigning a firm names it on the dossier (its `change_consultant` event) and records the
/// assignment with its follow-up event in one transaction: when the assignment's row cannot
/// be written (a trigger refuses it here), the dossier keeps its version and its consultant,
/// and neither chain grows. Once the row can be written, the same assignment goes through.
#[tokio::test]
async fn a_failed_assignment_leaves_neither_the_dossier_event_nor_its_row() {
    let (db, p, _hand) = lai_chau_on(d(2025, 7, 20)).await;
    let doc = account(
        &p,
        OrgKind::ConstructionDept,
        "Sở Xây dựng",
        "12",
        None,
        Role::Appraiser,
        "so-xd",
    )
    .await;
    let a = p
        .register_firm((&doc).into(), &firm("Công ty A", "6200012345", "II"))
        .await
        .unwrap();
    let s = open(&p, "03478").await;
    let dossier_before = p.dossier(Caller::Operator, s).await.unwrap().state;
    let before = record(&p).await;

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let postgres = db.url.starts_with("postgres");
    let refuse: &[&str] = if postgres {
        &[
            "CREATE FUNCTION refuse_assignment() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_assignment BEFORE INSERT ON consultant_assignments FOR EACH ROW EXECUTE FUNCTION refuse_assignment()",
        ]
    } else {
        &[
            "CREATE TRIGGER refuse_assignment BEFORE INSERT ON consultant_assignments BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ]
    };
    for sql in refuse {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let failed = p
        .assign_consultant(
            Caller::Operator,
            &assign(s, Some(a.id), None, d(2025, 7, 20)),
        )
        .await;
    assert!(failed.is_err(), "the trigger refuses the row: {failed:?}");
    let dossier_after = p.dossier(Caller::Operator, s).await.unwrap().state;
    assert_eq!(
        (dossier_after.version, &dossier_after.consultant),
        (dossier_before.version, &dossier_before.consultant),
        "no change_consultant event without its assignment"
    );
    assert_eq!(
        record(&p).await,
        before,
        "no assignment row, no follow-up event"
    );

    sqlx::query(if postgres {
        "DROP TRIGGER refuse_assignment ON consultant_assignments"
    } else {
        "DROP TRIGGER refuse_assignment"
    })
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let done = p
        .assign_consultant(
            Caller::Operator,
            &assign(s, Some(a.id), None, d(2025, 7, 20)),
        )
        .await
        .unwrap();
    assert_eq!(done.firm_id, a.id);
    let named = p.dossier(Caller::Operator, s).await.unwrap().state;
    assert_eq!(named.version, dossier_before.version + 1);
    assert_eq!(named.consultant.as_deref(), Some("Công ty A"));
    assert_eq!(record(&p).await.1, before.1 + 1);
}
