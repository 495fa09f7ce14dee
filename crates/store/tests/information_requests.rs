//! Sectoral information requests (issue 13, item 4) on SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB: the Department of Construction asks a department for two communes at
//! once (one request each, due in 15 days); open requests hold their dossiers back in the
//! progress report; only the addressed department answers or explains a delay; lateness and
//! turnaround are read on a day; every refusal changes nothing; the history check covers it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::follow_up::{
    BlockerCategory, FollowUpProblem, InformationTopic, RequestState,
};
use plantrack_store::Planning;
use plantrack_store::StoreError;
use plantrack_store::follow_up::{
    DelayExplanation, InformationAnswer, NewInformationRequest, RequestQuery, Withdrawal,
};
use plantrack_store::planning::ProgressQuery;
use plantrack_store::testing::TestDb;

mod common;
use common::{account, d, lai_chau_on, noon, open};

struct World {
    /// Kept for the test's length: dropping it removes the database.
    _db: TestDb,
    p: Planning,
    hand: Arc<Mutex<DateTime<Utc>>>,
    leader: Principal,
    department: Principal,
    culture: Principal,
    construction: Principal,
    sin_ho: Principal,
    hong_thu: Principal,
    dossiers: Vec<i64>,
}

impl World {
    fn set_today(&self, day: NaiveDate) {
        *self.hand.lock().unwrap() = noon(day);
    }
}

/// Lai Châu's units; Sìn Hồ (03478) and Hồng Thu (03508) have plans, Lai Châu's leadership,
/// a department and both communes have accounts.
async fn world() -> World {
    let (db, p, hand) = lai_chau_on(d(2025, 11, 20)).await;
    let leader = account(
        &p,
        OrgKind::ProvincialPc,
        "UBND tỉnh Lai Châu",
        "12",
        None,
        Role::Leadership,
        "lanhdao",
    )
    .await;
    let department = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Nông nghiệp và Môi trường",
        "12",
        None,
        Role::DepartmentOfficer,
        "so-nnmt",
    )
    .await;
    let culture = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Văn hóa, Thể thao và Du lịch",
        "12",
        None,
        Role::DepartmentOfficer,
        "so-vhttdl",
    )
    .await;
    let construction = account(
        &p,
        OrgKind::ConstructionDept,
        "Sở Xây dựng",
        "12",
        None,
        Role::Appraiser,
        "so-xd",
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
    let dossiers = vec![open(&p, "03478").await, open(&p, "03508").await];
    World {
        _db: db,
        p,
        hand,
        leader,
        department,
        culture,
        construction,
        sin_ho,
        hong_thu,
        dossiers,
    }
}

fn ask(w: &World) -> NewInformationRequest {
    NewInformationRequest {
        department_id: w.department.organisation.id,
        dossiers: w.dossiers.clone(),
        topics: vec![
            InformationTopic::ForestProtection,
            InformationTopic::HazardZones,
        ],
        text: "Đề nghị cung cấp ranh giới rừng phòng hộ và vùng nguy cơ sạt lở (thử)".into(),
        asked_on: None,
        due_on: None,
        requester_id: None,
    }
}

fn problem(e: StoreError) -> FollowUpProblem {
    match e {
        StoreError::Domain(DomainError::FollowUp(p)) => p,
        other => panic!("expected a follow-up problem, got {other:?}"),
    }
}

/// The requests and the length of the follow-up chain: what a refusal must leave as it was.
async fn record(w: &World) -> (String, u64) {
    let all =
        w.p.information_requests(Caller::Operator, &RequestQuery::default())
            .await
            .unwrap();
    let report =
        w.p.verify_history(Caller::Operator, &mut |_| {})
            .await
            .unwrap();
    (format!("{all:?}"), report.follow_up_events)
}

async fn sectoral(w: &World, day: NaiveDate) -> u64 {
    let report =
        w.p.progress(
            Caller::from(&w.leader),
            &ProgressQuery {
                as_of: Some(day),
                province: Some("12".into()),
                ..ProgressQuery::default()
            },
        )
        .await
        .unwrap();
    report
        .stages
        .iter()
        .flat_map(|s| &s.blockers)
        .filter(|b| b.category == BlockerCategory::SectoralInformation)
        .map(|b| b.count)
        .sum()
}

#[tokio::test]
async fn construction_asks_for_many_communes_and_only_the_department_answers() {
    let w = world().await;
    let p = &w.p;
    w.set_today(d(2025, 11, 21));
    let construction = Caller::from(&w.construction);
    let asked = p.ask_information(construction, &ask(&w)).await.unwrap();
    assert_eq!(asked.len(), 2, "one request per dossier");
    assert!(asked.iter().all(|r| r.due_on == d(2025, 12, 6)));
    assert!(
        asked
            .iter()
            .all(|r| r.state == RequestState::Open && !r.late)
    );
    assert_eq!(asked[0].requester, "Sở Xây dựng");
    assert_eq!(sectoral(&w, d(2025, 11, 21)).await, 2);
    assert_eq!(sectoral(&w, d(2025, 11, 20)).await, 0, "not yet asked");

    // Refusals change nothing.
    let before = record(&w).await;
    let other_commune = NewInformationRequest {
        dossiers: vec![w.dossiers[1]],
        ..ask(&w)
    };
    assert!(matches!(
        p.ask_information(Caller::from(&w.sin_ho), &other_commune)
            .await,
        Err(StoreError::Denied(_))
    ));
    let early = NewInformationRequest {
        due_on: Some(d(2025, 11, 20)),
        ..ask(&w)
    };
    assert_eq!(
        problem(p.ask_information(construction, &early).await.unwrap_err()),
        FollowUpProblem::DueBeforeAsked {
            due: d(2025, 11, 20),
            asked: d(2025, 11, 21)
        }
    );
    let to_commune = NewInformationRequest {
        department_id: w.hong_thu.organisation.id,
        ..ask(&w)
    };
    assert!(matches!(
        problem(
            p.ask_information(construction, &to_commune)
                .await
                .unwrap_err()
        ),
        FollowUpProblem::AddresseeNotDepartment { .. }
    ));
    let nothing = NewInformationRequest {
        topics: vec![],
        ..ask(&w)
    };
    assert_eq!(
        problem(p.ask_information(construction, &nothing).await.unwrap_err()),
        FollowUpProblem::NoTopic
    );
    let answer = InformationAnswer {
        answer: "Gửi kèm ranh giới rừng phòng hộ (thử)".into(),
        documents: vec!["Công văn 123/SNNMT-KL (thử)".into()],
        layer_version_id: None,
        on: None,
        expected_version: None,
    };
    w.set_today(d(2025, 11, 28));
    for wrong in [&w.culture, &w.sin_ho, &w.construction] {
        assert_eq!(
            problem(
                p.answer_information_request(Caller::from(wrong), asked[0].id, &answer)
                    .await
                    .unwrap_err()
            ),
            FollowUpProblem::RequestNotAddressedToCaller {
                department: "Sở Nông nghiệp và Môi trường".into()
            }
        );
    }
    assert!(matches!(
        p.answer_information_request(Caller::Account(None), asked[0].id, &answer)
            .await,
        Err(StoreError::Denied(_))
    ));
    let dept = Caller::from(&w.department);
    let empty = InformationAnswer {
        documents: vec![" ".into()],
        ..answer.clone()
    };
    assert_eq!(
        problem(
            p.answer_information_request(dept, asked[0].id, &empty)
                .await
                .unwrap_err()
        ),
        FollowUpProblem::EmptyAnswer
    );
    let no_layer = InformationAnswer {
        layer_version_id: Some(999),
        ..answer.clone()
    };
    assert_eq!(
        problem(
            p.answer_information_request(dept, asked[0].id, &no_layer)
                .await
                .unwrap_err()
        ),
        FollowUpProblem::LayerVersionNotTheDepartments { id: 999 }
    );
    assert_eq!(record(&w).await, before);

    // The department answers the first in 7 days; the second it explains.
    let answered = p
        .answer_information_request(dept, asked[0].id, &answer)
        .await
        .unwrap();
    assert_eq!(answered.state, RequestState::Answered);
    assert_eq!(answered.closed_on, Some(d(2025, 11, 28)));
    assert!(matches!(
        problem(
            p.answer_information_request(dept, asked[0].id, &answer)
                .await
                .unwrap_err()
        ),
        FollowUpProblem::RequestClosed {
            state: RequestState::Answered
        }
    ));
    let too_soon = DelayExplanation {
        note: "Đang rà soát số liệu kiểm kê rừng (thử)".into(),
        expected_on: d(2025, 12, 3),
        on: None,
        expected_version: None,
    };
    assert!(matches!(
        problem(
            p.explain_request_delay(dept, asked[1].id, &too_soon)
                .await
                .unwrap_err()
        ),
        FollowUpProblem::ExpectedNotLater { .. }
    ));
    let explained = p
        .explain_request_delay(
            dept,
            asked[1].id,
            &DelayExplanation {
                expected_on: d(2025, 12, 15),
                ..too_soon
            },
        )
        .await
        .unwrap();
    assert_eq!(explained.state, RequestState::DelayExplained);
    assert_eq!(explained.expected_on, Some(d(2025, 12, 15)));
    assert_eq!(sectoral(&w, d(2025, 11, 28)).await, 1);
    assert_eq!(
        sectoral(&w, d(2025, 11, 27)).await,
        2,
        "answered on the 28th"
    );

    // On 8/12 the second is overdue; a commune reads only its own.
    w.set_today(d(2025, 12, 8));
    let overdue = p
        .information_requests(
            Caller::from(&w.leader),
            &RequestQuery {
                overdue: true,
                ..RequestQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].unit_code, "03508");
    assert!(overdue[0].late);
    let by_department = p
        .information_requests(
            Caller::from(&w.leader),
            &RequestQuery {
                department: Some(w.culture.organisation.id),
                ..RequestQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(by_department.is_empty());
    let own = p
        .information_requests(Caller::from(&w.hong_thu), &RequestQuery::default())
        .await
        .unwrap();
    assert!(own.is_empty(), "asked by Construction, not by the commune");
    let as_of_earlier = p
        .information_requests(
            Caller::from(&w.leader),
            &RequestQuery {
                as_of: Some(d(2025, 11, 23)),
                open: true,
                ..RequestQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(as_of_earlier.len(), 2, "both open on 23/11");
    // What was said later is not yet said then: no answer, no explained delay.
    assert!(as_of_earlier.iter().all(|r| r.state == RequestState::Open
        && r.answer_documents.is_empty()
        && r.expected_on.is_none()));

    let turnaround = p
        .request_turnaround(Caller::from(&w.leader), None, None)
        .await
        .unwrap();
    assert_eq!(turnaround.len(), 1);
    let t = &turnaround[0].turnaround;
    assert_eq!(turnaround[0].department, "Sở Nông nghiệp và Môi trường");
    assert_eq!((t.count, t.answered, t.open, t.late), (2, 1, 1, 1));
    assert_eq!(t.median_days, Some(7.0));
    assert_eq!(t.share_late, Some(0.5));

    // The commune cannot withdraw Construction's request; Construction can.
    let withdrawal = Withdrawal {
        reason: "Đã có dữ liệu từ nguồn khác (thử)".into(),
        on: None,
        expected_version: None,
    };
    assert!(matches!(
        p.withdraw_information_request(Caller::from(&w.hong_thu), asked[1].id, &withdrawal)
            .await,
        Err(StoreError::Denied(_))
    ));
    let withdrawn = p
        .withdraw_information_request(construction, asked[1].id, &withdrawal)
        .await
        .unwrap();
    assert_eq!(withdrawn.state, RequestState::Withdrawn);
    assert_eq!(sectoral(&w, d(2025, 12, 8)).await, 0);

    // Every change is an event of the province's chain, and the chain holds.
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds());
    assert_eq!(
        report.follow_up_events, 4,
        "asked, answered, explained, withdrawn"
    );
}

#[tokio::test]
async fn a_commune_asks_for_its_own_dossier_and_reads_its_inbox() {
    let w = world().await;
    let p = &w.p;
    w.set_today(d(2025, 11, 21));
    let mine = NewInformationRequest {
        department_id: w.culture.organisation.id,
        dossiers: vec![w.dossiers[0]],
        topics: vec![InformationTopic::Heritage],
        due_on: Some(d(2025, 11, 30)),
        ..ask(&w)
    };
    let asked = p
        .ask_information(Caller::from(&w.sin_ho), &mine)
        .await
        .unwrap();
    assert_eq!(asked[0].due_on, d(2025, 11, 30), "the due date said");
    assert_eq!(asked[0].requester, "UBND xã Sìn Hồ");
    let own = p
        .information_requests(Caller::from(&w.sin_ho), &RequestQuery::default())
        .await
        .unwrap();
    assert_eq!(own.len(), 1);
    let others = p
        .information_requests(Caller::from(&w.hong_thu), &RequestQuery::default())
        .await
        .unwrap();
    assert!(others.is_empty());
    assert!(matches!(
        p.information_request(Caller::from(&w.hong_thu), asked[0].id)
            .await,
        Err(StoreError::NotFound { .. })
    ));
    // A department of another province is refused.
    let elsewhere = account(
        p,
        OrgKind::SectorDepartment,
        "Sở Văn hóa tỉnh khác (thử)",
        "01",
        None,
        Role::DepartmentOfficer,
        "so-khac",
    )
    .await;
    let outside = NewInformationRequest {
        department_id: elsewhere.organisation.id,
        ..mine.clone()
    };
    assert!(matches!(
        problem(
            p.ask_information(Caller::from(&w.sin_ho), &outside)
                .await
                .unwrap_err()
        ),
        FollowUpProblem::DepartmentOutsideProvince { .. }
    ));
}
