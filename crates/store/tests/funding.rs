//! Funding (issue 16) on SQLite, or PostgreSQL with PLANTRACK_TEST_DB: the Department of
//! Finance records Decision 2785/QĐ-UBND and its lines, Sìn Hồ signs its consultant's contract,
//! Finance pays an advance and a settlement. Each ceiling — the decision's total, the line's
//! amount, the contract's value — refuses with its figures and stores nothing; payments racing
//! on one contract are accepted exactly as far as they fit; every change is one event of the
//! province's chain.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::funding::{ContractStatus, FundingProblem, PaymentKind, Purpose};
use plantrack_store::funding::{
    ContractCancellation, LineStatus, NewContract, NewFundingDecision, NewFundingLine, NewPayment,
};
use plantrack_store::testing::TestDb;
use plantrack_store::{Planning, StoreError};

mod common;
use common::{account, d, lai_chau_on, open};

struct World {
    _db: TestDb,
    p: Planning,
    _hand: Arc<Mutex<DateTime<Utc>>>,
    finance: Principal,
    farming: Principal,
    sin_ho: Principal,
    hong_thu: Principal,
    firm: Principal,
    other_firm: Principal,
    appraiser: Principal,
    dossier: i64,
}

async fn world() -> World {
    let (db, p, hand) = lai_chau_on(d(2025, 12, 15)).await;
    let named = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Tài chính tỉnh Lai Châu",
        "12",
        None,
        Role::DepartmentOfficer,
        "so-taichinh",
    )
    .await;
    // Its name does not make it the Department of Finance: its recorded sector does.
    assert!(!plantrack_domain::access::is_finance_department(
        &named.organisation
    ));
    let org = p
        .set_organisation_sector(
            Caller::Operator,
            &named.organisation.id.to_string(),
            Some(plantrack_domain::access::Sector::Finance),
        )
        .await
        .unwrap();
    assert_eq!(org.sector, Some(plantrack_domain::access::Sector::Finance));
    let finance = p
        .principal_of(Caller::Operator, "so-taichinh")
        .await
        .unwrap();
    assert!(plantrack_domain::access::is_finance_department(
        &finance.organisation
    ));
    let farming = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Nông nghiệp và Môi trường",
        "12",
        None,
        Role::DepartmentOfficer,
        "so-nnmt",
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
    let firm = account(
        &p,
        OrgKind::ConsultantFirm,
        "Tư vấn Tây Bắc (thử)",
        "12",
        None,
        Role::Consultant,
        "tuvan-1",
    )
    .await;
    let other_firm = account(
        &p,
        OrgKind::ConsultantFirm,
        "Tư vấn Sông Đà (thử)",
        "12",
        None,
        Role::Consultant,
        "tuvan-2",
    )
    .await;
    let appraiser = account(
        &p,
        OrgKind::ConstructionDept,
        "Sở Xây dựng tỉnh Lai Châu",
        "12",
        None,
        Role::Appraiser,
        "thamdinh",
    )
    .await;
    let dossier = open(&p, "03478").await;
    World {
        _db: db,
        p,
        _hand: hand,
        finance,
        farming,
        sin_ho,
        hong_thu,
        firm,
        other_firm,
        appraiser,
        dossier,
    }
}

fn decision(total: i64) -> NewFundingDecision {
    NewFundingDecision {
        province: None,
        number: "2785/QĐ-UBND".into(),
        issued_on: d(2025, 11, 4),
        issuer: "UBND tỉnh Lai Châu".into(),
        total_vnd: total,
        document: "2785-QD-UBND.pdf".into(),
    }
}

fn line(unit: &str, purpose: Purpose, amount: i64) -> NewFundingLine {
    NewFundingLine {
        unit_code: unit.into(),
        dossier_id: None,
        purpose,
        amount_vnd: amount,
        note: String::new(),
    }
}

fn payment(amount: i64, kind: PaymentKind) -> NewPayment {
    NewPayment {
        amount_vnd: amount,
        paid_on: Some(d(2025, 12, 10)),
        kind,
        document: "UNC 01".into(),
    }
}

fn problem(e: StoreError) -> FundingProblem {
    match e {
        StoreError::Domain(DomainError::Funding(p)) => p,
        other => panic!("expected a funding problem, got {other:?}"),
    }
}

fn denied(e: &StoreError) {
    assert!(
        matches!(e, StoreError::Denied(_)),
        "expected a refusal, got {e:?}"
    );
}

/// The summary and the chain's length: what a refusal must leave as it was.
async fn record(p: &Planning) -> (String, u64) {
    let summary = p
        .funding_summary(Caller::Operator, Some("12"))
        .await
        .unwrap();
    let contracts = p.contracts(Caller::Operator, Some("12")).await.unwrap();
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds());
    (
        format!("{summary:?}\n{contracts:?}"),
        report.follow_up_events,
    )
}

#[tokio::test]
async fn money_flows_from_decision_to_payment_within_each_ceiling() {
    let w = world().await;
    let p = &w.p;
    let finance = Caller::from(&w.finance);
    let dec = p
        .record_funding_decision(finance, &decision(2_000_000_000))
        .await
        .unwrap();
    assert_eq!(dec.province_code, "12");
    assert_eq!(dec.total_vnd, 2_000_000_000);
    let mut plan_line = line("03478", Purpose::Plan, 900_000_000);
    plan_line.dossier_id = Some(w.dossier);
    let l1 = p
        .add_funding_line(finance, dec.id, &plan_line)
        .await
        .unwrap();
    assert_eq!(l1.status, LineStatus::NoContract);
    p.add_funding_line(
        finance,
        dec.id,
        &line("03508", Purpose::Plan, 1_000_000_000),
    )
    .await
    .unwrap();

    // Over-allocation: 1.9 billion in lines, 2 billion decided, 100,000,001 more refused.
    let before = record(p).await;
    let e = p
        .add_funding_line(finance, dec.id, &line("03478", Purpose::Task, 100_000_001))
        .await
        .unwrap_err();
    assert_eq!(
        problem(e),
        FundingProblem::DecisionOverAllocated {
            total: 2_000_000_000,
            allocated: 1_900_000_000,
            asked: 100_000_001
        }
    );
    assert_eq!(record(p).await, before, "a refusal stores nothing");

    // The commune signs; the contract document is its dossier's consultant contract.
    let seq = p
        .dossier(Caller::Operator, w.dossier)
        .await
        .unwrap()
        .state
        .documents
        .iter()
        .find(|d| d.kind == "consultant_contract")
        .unwrap()
        .seq;
    let new_contract = NewContract {
        line_id: l1.id,
        consultant_id: w.firm.organisation.id,
        number: "15/2025/HĐTV".into(),
        value_vnd: 950_000_000,
        signed_on: d(2025, 11, 20),
        document_seq: Some(seq),
    };
    let e = p
        .sign_contract(Caller::from(&w.sin_ho), &new_contract)
        .await
        .unwrap_err();
    assert_eq!(
        problem(e),
        FundingProblem::ContractAboveLine {
            line: 900_000_000,
            contracted: 0,
            asked: 950_000_000
        }
    );
    let contract = p
        .sign_contract(
            Caller::from(&w.sin_ho),
            &NewContract {
                value_vnd: 850_000_000,
                ..new_contract.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(contract.status, ContractStatus::Active);
    assert_eq!(contract.consultant_name, "Tư vấn Tây Bắc (thử)");

    // Finance pays an advance, then a settlement; one đồng more is refused with the figures.
    p.record_payment(
        finance,
        contract.id,
        &payment(255_000_000, PaymentKind::Advance),
    )
    .await
    .unwrap();
    let before = record(p).await;
    let e = p
        .record_payment(
            finance,
            contract.id,
            &payment(595_000_001, PaymentKind::Settlement),
        )
        .await
        .unwrap_err();
    assert_eq!(
        problem(e),
        FundingProblem::PaymentAboveContract {
            value: 850_000_000,
            paid: 255_000_000,
            asked: 595_000_001
        }
    );
    assert_eq!(record(p).await, before, "a refusal stores nothing");
    let paid = p
        .record_payment(
            finance,
            contract.id,
            &payment(595_000_000, PaymentKind::Settlement),
        )
        .await
        .unwrap();
    assert_eq!(paid.paid_vnd, 850_000_000);
    assert_eq!(paid.payments.len(), 2);

    // The summary, per decision and per commune; the decision page's lines and statuses.
    let summary = p
        .funding_summary(Caller::Operator, Some("12"))
        .await
        .unwrap();
    assert_eq!(summary.decisions.len(), 1);
    let s = &summary.decisions[0];
    assert_eq!(
        (
            s.number.as_str(),
            s.allocated_vnd,
            s.contracted_vnd,
            s.paid_vnd
        ),
        ("2785/QĐ-UBND", 1_900_000_000, 850_000_000, 850_000_000)
    );
    let hong_thu = summary
        .units
        .iter()
        .find(|u| u.unit_code == "03508")
        .unwrap();
    assert_eq!(hong_thu.totals.allocated_vnd, 1_000_000_000);
    assert_eq!(hong_thu.totals.contracted_vnd, 0);
    let sheet = p
        .funding_decision(Caller::from(&w.appraiser), dec.id)
        .await
        .unwrap();
    assert_eq!(sheet.lines.len(), 2);
    let statuses: Vec<_> = sheet
        .lines
        .iter()
        .map(|l| (l.unit_code.as_str(), l.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("03478", LineStatus::Paid),
            ("03508", LineStatus::NoContract)
        ]
    );
    assert_eq!(sheet.decision.totals.paid_vnd, 850_000_000);

    // Every change is one event of the chain: Finance's sector, decision, 2 lines, contract,
    // 2 payments.
    let (_, events) = record(p).await;
    assert_eq!(events, 1 + 6);
}

#[tokio::test]
async fn only_those_who_handle_the_money_change_it_and_each_reads_its_own() {
    let w = world().await;
    let p = &w.p;
    let finance = Caller::from(&w.finance);
    for who in [&w.farming, &w.sin_ho, &w.firm, &w.appraiser] {
        denied(
            &p.record_funding_decision(Caller::from(who), &decision(1_000))
                .await
                .unwrap_err(),
        );
    }
    let dec = p
        .record_funding_decision(finance, &decision(3_000_000))
        .await
        .unwrap();
    let l1 = p
        .add_funding_line(finance, dec.id, &line("03478", Purpose::Plan, 1_000_000))
        .await
        .unwrap();
    let l2 = p
        .add_funding_line(finance, dec.id, &line("03508", Purpose::Plan, 1_000_000))
        .await
        .unwrap();
    let sign = |line_id: i64, firm: &Principal| NewContract {
        line_id,
        consultant_id: firm.organisation.id,
        number: format!("HĐ-{line_id}"),
        value_vnd: 500_000,
        signed_on: d(2025, 12, 1),
        document_seq: None,
    };
    // Finance does not sign; Hồng Thu does not sign Sìn Hồ's.
    denied(
        &p.sign_contract(finance, &sign(l1.id, &w.firm))
            .await
            .unwrap_err(),
    );
    denied(
        &p.sign_contract(Caller::from(&w.hong_thu), &sign(l1.id, &w.firm))
            .await
            .unwrap_err(),
    );
    // A contract is with a consultant firm, nobody else.
    let mut not_a_firm = sign(l1.id, &w.firm);
    not_a_firm.consultant_id = w.farming.organisation.id;
    assert!(matches!(
        problem(
            p.sign_contract(Caller::from(&w.sin_ho), &not_a_firm)
                .await
                .unwrap_err()
        ),
        FundingProblem::NotAConsultantFirm { .. }
    ));
    let c1 = p
        .sign_contract(Caller::from(&w.sin_ho), &sign(l1.id, &w.firm))
        .await
        .unwrap();
    let c2 = p
        .sign_contract(Caller::from(&w.hong_thu), &sign(l2.id, &w.other_firm))
        .await
        .unwrap();
    // The commune does not pay.
    denied(
        &p.record_payment(
            Caller::from(&w.sin_ho),
            c1.id,
            &payment(1, PaymentKind::Advance),
        )
        .await
        .unwrap_err(),
    );
    // Each firm reads its own contracts; a commune its own unit's; Construction all.
    let own = p.contracts(Caller::from(&w.firm), None).await.unwrap();
    assert_eq!(own.iter().map(|c| c.id).collect::<Vec<_>>(), vec![c1.id]);
    assert!(p.contract(Caller::from(&w.firm), c2.id).await.is_err());
    let commune = p
        .funding_summary(Caller::from(&w.hong_thu), None)
        .await
        .unwrap();
    assert_eq!(commune.units.len(), 1);
    assert_eq!(commune.units[0].unit_code, "03508");
    assert_eq!(
        p.contracts(Caller::from(&w.appraiser), None)
            .await
            .unwrap()
            .len(),
        2
    );
    denied(
        &p.funding_summary(Caller::from(&w.farming), None)
            .await
            .unwrap_err(),
    );
}

#[tokio::test]
async fn a_cancelled_contract_takes_no_payment_and_frees_its_line() {
    let w = world().await;
    let p = &w.p;
    let finance = Caller::from(&w.finance);
    let dec = p
        .record_funding_decision(finance, &decision(1_000_000))
        .await
        .unwrap();
    let l = p
        .add_funding_line(finance, dec.id, &line("03478", Purpose::Plan, 1_000_000))
        .await
        .unwrap();
    let contract = |value| NewContract {
        line_id: l.id,
        consultant_id: w.firm.organisation.id,
        number: "HĐ 1".into(),
        value_vnd: value,
        signed_on: d(2025, 12, 1),
        document_seq: None,
    };
    let c = p
        .sign_contract(Caller::from(&w.sin_ho), &contract(800_000))
        .await
        .unwrap();
    p.record_payment(finance, c.id, &payment(100_000, PaymentKind::Advance))
        .await
        .unwrap();
    let cancelled = p
        .cancel_contract(
            Caller::from(&w.sin_ho),
            c.id,
            &ContractCancellation {
                on: Some(d(2025, 12, 12)),
                reason: "Đơn vị tư vấn không đủ năng lực".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(cancelled.status, ContractStatus::Cancelled);
    let before = record(p).await;
    assert_eq!(
        problem(
            p.record_payment(finance, c.id, &payment(1, PaymentKind::Advance))
                .await
                .unwrap_err()
        ),
        FundingProblem::ContractCancelled
    );
    assert_eq!(record(p).await, before);
    // The advance paid stays held; the rest (900,000) is free for a new contract.
    assert_eq!(
        problem(
            p.sign_contract(Caller::from(&w.sin_ho), &contract(900_001))
                .await
                .unwrap_err()
        ),
        FundingProblem::ContractAboveLine {
            line: 1_000_000,
            contracted: 100_000,
            asked: 900_001
        }
    );
    p.sign_contract(Caller::from(&w.sin_ho), &contract(900_000))
        .await
        .unwrap();
}

#[tokio::test]
async fn bad_amounts_and_days_are_refused_and_store_nothing() {
    let w = world().await;
    let p = &w.p;
    let finance = Caller::from(&w.finance);
    let before = record(p).await;
    for total in [0, -5, i64::MAX, 1_000_000_000_001] {
        assert!(matches!(
            problem(
                p.record_funding_decision(finance, &decision(total))
                    .await
                    .unwrap_err()
            ),
            FundingProblem::AmountNotPositive { .. } | FundingProblem::AmountTooLarge { .. }
        ));
    }
    let mut future = decision(1_000);
    future.issued_on = d(2026, 1, 1);
    assert_eq!(
        problem(
            p.record_funding_decision(finance, &future)
                .await
                .unwrap_err()
        ),
        FundingProblem::DayInFuture
    );
    assert_eq!(record(p).await, before);
    let dec = p
        .record_funding_decision(finance, &decision(1_000))
        .await
        .unwrap();
    assert!(matches!(
        problem(
            p.record_funding_decision(finance, &decision(1_000))
                .await
                .unwrap_err()
        ),
        FundingProblem::DuplicateDecision { .. }
    ));
    // A line for a unit that is not one of the province's communes.
    assert!(matches!(
        problem(
            p.add_funding_line(finance, dec.id, &line("00004", Purpose::Plan, 10))
                .await
                .unwrap_err()
        ),
        FundingProblem::UnitOutsideProvince { .. }
    ));
}

#[tokio::test]
async fn the_dashboard_lists_communes_whose_stage_needs_a_contract_they_lack() {
    let w = world().await;
    let p = &w.p;
    // Sìn Hồ's plan is past the selection of its consultant and no contract is recorded.
    let summary = p
        .funding_summary(Caller::Operator, Some("12"))
        .await
        .unwrap();
    let missing: Vec<_> = summary
        .missing_contracts
        .iter()
        .map(|m| m.dossier_id)
        .collect();
    assert_eq!(missing, vec![w.dossier]);
    let finance = Caller::from(&w.finance);
    let dec = p
        .record_funding_decision(finance, &decision(1_000))
        .await
        .unwrap();
    let l = p
        .add_funding_line(finance, dec.id, &line("03478", Purpose::Plan, 1_000))
        .await
        .unwrap();
    p.sign_contract(
        Caller::from(&w.sin_ho),
        &NewContract {
            line_id: l.id,
            consultant_id: w.firm.organisation.id,
            number: "HĐ".into(),
            value_vnd: 1_000,
            signed_on: d(2025, 12, 1),
            document_seq: None,
        },
    )
    .await
    .unwrap();
    let summary = p
        .funding_summary(Caller::Operator, Some("12"))
        .await
        .unwrap();
    assert!(summary.missing_contracts.is_empty());
    // The estimate for Sìn Hồ beside its allocation (the norm table is unverified).
    let e = p
        .cost_estimate(finance, "03478", 10_000, 10_000)
        .await
        .unwrap();
    assert_eq!(e.allocated_vnd, 1_000);
    assert_eq!(e.difference_vnd, 1_000 - e.estimate.total_vnd);
    assert!(e.estimate.total_vnd > 0);
}

/// Twelve payments of 150 against a contract of 1,000, all at once: six fit (900), the other
/// six are refused — never seven, whatever the order the database runs them in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_payments_are_accepted_exactly_as_far_as_they_fit() {
    let w = world().await;
    let p = w.p.clone();
    let finance = Caller::from(&w.finance);
    let dec = p
        .record_funding_decision(finance, &decision(10_000))
        .await
        .unwrap();
    let l = p
        .add_funding_line(finance, dec.id, &line("03478", Purpose::Plan, 5_000))
        .await
        .unwrap();
    let c = p
        .sign_contract(
            Caller::from(&w.sin_ho),
            &NewContract {
                line_id: l.id,
                consultant_id: w.firm.organisation.id,
                number: "HĐ".into(),
                value_vnd: 1_000,
                signed_on: d(2025, 12, 1),
                document_seq: None,
            },
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let p = p.clone();
        let finance = w.finance.clone();
        tasks.push(tokio::spawn(async move {
            p.record_payment(
                Caller::from(&finance),
                c.id,
                &payment(150, PaymentKind::Advance),
            )
            .await
        }));
    }
    let mut accepted = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => accepted += 1,
            Err(e) => assert!(matches!(
                problem(e),
                FundingProblem::PaymentAboveContract {
                    value: 1_000,
                    paid: 900,
                    asked: 150
                }
            )),
        }
    }
    assert_eq!(accepted, 6);
    let after = p.contract(Caller::Operator, c.id).await.unwrap();
    assert_eq!(after.paid_vnd, 900);
    assert_eq!(after.payments.len(), 6);
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds());
    // Finance's sector, the decision, its line and contract, and the 6 payments.
    assert_eq!(report.follow_up_events, 1 + 3 + 6);
}
