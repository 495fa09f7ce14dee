//! Consultation rounds (issue 15) on SQLite, or PostgreSQL with PLANTRACK_TEST_DB: Sìn Hồ
//! opens a round on its draft plan (residents 20–30 days, agencies 15 days, as Law 47/2024/QH15
//! Art 37 says), keeps its register of agencies (status read from dates and replies,
//! extension, reconsultation keeping the old replies), enters residents' opinions and answers
//! them; the table is complete when every opinion has a response and every topic used a
//! summary. Every refusal stores nothing; every change is one event of the province's chain.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::consultation::{
    ConsultationForm, ConsultationProblem, ConsulteeStatus, OpinionSource, ReplyPosition,
    ResponseKind, Subject,
};
use plantrack_store::Planning;
use plantrack_store::StoreError;
use plantrack_store::consultation::{
    ConsultationQuery, Extension, NewAnswer, NewConsultee, NewOpinion, NewReply, NewRound,
    NewSummary, Reconsultation,
};
use plantrack_store::testing::TestDb;

mod common;
use common::{account, d, lai_chau_on, noon, open};

struct World {
    _db: TestDb,
    p: Planning,
    hand: Arc<Mutex<DateTime<Utc>>>,
    department: Principal,
    sin_ho: Principal,
    hong_thu: Principal,
    firm: Principal,
    dossier: i64,
}

impl World {
    fn set_today(&self, day: NaiveDate) {
        *self.hand.lock().unwrap() = noon(day);
    }
}

async fn world() -> World {
    let (db, p, hand) = lai_chau_on(d(2026, 3, 1)).await;
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
        "Tư vấn thử",
        "12",
        None,
        Role::Consultant,
        "tu-van",
    )
    .await;
    let dossier = open(&p, "03478").await;
    World {
        _db: db,
        p,
        hand,
        department,
        sin_ho,
        hong_thu,
        firm,
        dossier,
    }
}

fn round(opens: NaiveDate, closes: NaiveDate) -> NewRound {
    NewRound {
        subject: Subject::Plan,
        documents: Vec::new(),
        forms: vec![
            ConsultationForm::PublicDisplay,
            ConsultationForm::ResidentMeeting,
        ],
        opens_on: opens,
        closes_on: closes,
        agencies_opens_on: None,
        agencies_closes_on: None,
    }
}

fn opinion(text: &str, on: NaiveDate) -> NewOpinion {
    NewOpinion {
        source: OpinionSource::Paper,
        author_name: Some("Lò Văn Thử".into()),
        hamlet: "Bản Thử".into(),
        contact: "0912 000 000".into(),
        text: text.into(),
        cosigners: 0,
        received_on: Some(on),
    }
}

fn problem(e: StoreError) -> ConsultationProblem {
    match e {
        StoreError::Domain(DomainError::Consultation(p)) => p,
        other => panic!("expected a consultation problem, got {other:?}"),
    }
}

/// Everything the rounds hold and the chain's length: what a refusal must leave as it was.
async fn record(w: &World) -> (String, u64) {
    let mut all = Vec::new();
    for r in
        w.p.consultations(Caller::Operator, &ConsultationQuery::default())
            .await
            .unwrap()
    {
        all.push(format!(
            "{:?}",
            w.p.consultation(Caller::Operator, r.id).await.unwrap()
        ));
    }
    let report =
        w.p.verify_history(Caller::Operator, &mut |_| {})
            .await
            .unwrap();
    (all.join("\n"), report.follow_up_events)
}

#[tokio::test]
async fn a_round_runs_from_opening_to_a_complete_table() {
    let w = world().await;
    let p = &w.p;
    let commune = Caller::from(&w.sin_ho);
    let documents = p
        .dossier(Caller::Operator, w.dossier)
        .await
        .unwrap()
        .state
        .documents;
    let mut new = round(d(2026, 3, 2), d(2026, 3, 27));
    new.documents = vec![documents[0].seq];
    let sheet = p.open_consultation(commune, w.dossier, &new).await.unwrap();
    let id = sheet.round.id;
    assert_eq!(sheet.round.round_no, 1);
    assert_eq!(sheet.round.agencies.closes_on, d(2026, 3, 17), "15 days");
    assert_eq!(sheet.round.documents, vec![documents[0].seq]);
    let second = p
        .open_consultation(
            Caller::from(&w.firm),
            w.dossier,
            &round(d(2026, 3, 2), d(2026, 3, 22)),
        )
        .await;
    // A firm not contracted for this plan cannot open a round on it.
    assert!(matches!(second, Err(StoreError::Denied(_))));

    // The register: a department, consulted today; an outside body not yet consulted.
    w.set_today(d(2026, 3, 3));
    let dept = p
        .add_consultee(
            commune,
            id,
            &NewConsultee {
                organisation_id: Some(w.department.organisation.id),
                outside_name: None,
                required: true,
                consulted_on: Some(d(2026, 3, 3)),
                deadline: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(dept.status, ConsulteeStatus::AwaitingReply);
    assert_eq!(dept.deadline, Some(d(2026, 3, 18)));
    let power = p
        .add_consultee(
            commune,
            id,
            &NewConsultee {
                organisation_id: None,
                outside_name: Some("Điện lực Sìn Hồ".into()),
                required: true,
                consulted_on: None,
                deadline: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(power.status, ConsulteeStatus::NotConsulted);

    // Another commune cannot answer in the department's name; the department can.
    let reply = NewReply {
        position: ReplyPosition::AgreesWithComments,
        text: "Đề nghị bổ sung ranh giới rừng phòng hộ".into(),
        document: "Công văn 123/SNNMT".into(),
        on: None,
    };
    assert!(matches!(
        problem(
            p.record_reply(Caller::from(&w.hong_thu), dept.id, &reply)
                .await
                .unwrap_err()
        ),
        ConsultationProblem::NotTheConsultee { .. }
    ));
    let replied = p
        .record_reply(Caller::from(&w.department), dept.id, &reply)
        .await
        .unwrap();
    assert_eq!(replied.status, ConsulteeStatus::Replied);
    assert!(!replied.replies[0].on_behalf);

    // Reconsultation after a revision: a new deadline, the old reply kept.
    w.set_today(d(2026, 3, 10));
    let again = p
        .reconsult(commune, dept.id, &Reconsultation::default())
        .await
        .unwrap();
    assert_eq!(again.cycle, 2);
    assert_eq!(again.deadline, Some(d(2026, 3, 25)));
    assert_eq!(again.status, ConsulteeStatus::AwaitingReply);
    assert_eq!(again.replies.len(), 1, "the old reply is kept");
    let extended = p
        .extend_consultee(
            commune,
            dept.id,
            &Extension {
                deadline: d(2026, 3, 30),
            },
        )
        .await
        .unwrap();
    assert_eq!(extended.deadline, Some(d(2026, 3, 30)));
    // The commune records the outside body's letter on its behalf.
    let consulted = p
        .reconsult(commune, power.id, &Reconsultation::default())
        .await
        .unwrap();
    assert_eq!(consulted.cycle, 1);
    let letter = p
        .record_reply(
            commune,
            power.id,
            &NewReply {
                position: ReplyPosition::Agrees,
                text: String::new(),
                document: "CV 45/ĐL".into(),
                on: None,
            },
        )
        .await
        .unwrap();
    assert!(letter.replies[0].on_behalf);

    // Opinions, answers, summaries.
    let one = p
        .record_opinion(
            commune,
            id,
            &opinion("Giữ chợ ở trung tâm xã", d(2026, 3, 5)),
        )
        .await
        .unwrap();
    let two = p
        .record_opinion(
            commune,
            id,
            &NewOpinion {
                author_name: None,
                cosigners: 12,
                source: OpinionSource::Meeting,
                ..opinion(
                    "Đường mới cắt qua ruộng của bản <script>alert(1)</script>",
                    d(2026, 3, 6),
                )
            },
        )
        .await
        .unwrap();
    assert_eq!(two.author_name, None);
    assert!(two.text.contains("<script>"), "kept as given");
    let sheet = p.consultation(commune, id).await.unwrap();
    assert_eq!(sheet.completeness.unanswered, 2);
    assert!(!sheet.completeness.complete);

    // Only the commune's own officers answer.
    let answer = NewAnswer {
        opinion_id: one.id,
        point: String::new(),
        topic: "public_facilities".into(),
        response: ResponseKind::Accepted,
        text: "Giữ vị trí chợ hiện hữu trong đồ án".into(),
        on: None,
    };
    assert!(matches!(
        p.answer_opinion(Caller::from(&w.hong_thu), id, &answer)
            .await,
        Err(StoreError::Denied(_))
    ));
    let answered = p.answer_opinion(commune, id, &answer).await.unwrap();
    assert_eq!(answered.answers.len(), 1);
    p.answer_opinion(
        commune,
        id,
        &NewAnswer {
            opinion_id: two.id,
            topic: "roads".into(),
            response: ResponseKind::Explained,
            text: "Tuyến đường theo quy hoạch tỉnh; bồi thường theo quy định".into(),
            ..answer.clone()
        },
    )
    .await
    .unwrap();
    let sheet = p.consultation(commune, id).await.unwrap();
    assert_eq!(sheet.completeness.unanswered, 0);
    assert_eq!(
        sheet.completeness.topics_without_summary,
        vec!["public_facilities".to_owned(), "roads".to_owned()]
    );
    for topic in ["roads", "public_facilities"] {
        p.summarise_topic(
            commune,
            id,
            &NewSummary {
                topic: topic.into(),
                text: format!("Tổng hợp {topic}"),
            },
        )
        .await
        .unwrap();
    }
    let sheet = p.consultation(commune, id).await.unwrap();
    assert!(sheet.completeness.complete);
    assert_eq!(sheet.topics[0].topic.key, "roads", "the province's order");

    let list = p
        .consultations(commune, &ConsultationQuery::default())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].opinions, list[0].answered), (2, 2));
    assert_eq!((list[0].consultees, list[0].replied), (2, 1));
    assert!(
        p.consultations(Caller::from(&w.hong_thu), &ConsultationQuery::default())
            .await
            .unwrap()
            .is_empty()
    );

    // After a revision the plan is consulted on again: round 2.
    let again = p
        .open_consultation(commune, w.dossier, &round(d(2026, 3, 28), d(2026, 4, 20)))
        .await
        .unwrap();
    assert_eq!(again.round.round_no, 2);

    // Every change is one event of the chain, and it holds.
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds());
    // opened, 2 added, reply, reconsulted, extended, consulted, reply, 2 opinions,
    // 2 answers, 2 summaries, round 2 opened.
    assert_eq!(report.follow_up_events, 15);
}

#[tokio::test]
async fn bad_input_is_refused_in_words_and_stores_nothing() {
    let w = world().await;
    let p = &w.p;
    let commune = Caller::from(&w.sin_ho);
    // 19 and 31 days: outside Art 37(7)(b).
    for closes in [d(2026, 3, 21), d(2026, 4, 2)] {
        assert!(matches!(
            problem(
                p.open_consultation(commune, w.dossier, &round(d(2026, 3, 2), closes))
                    .await
                    .unwrap_err()
            ),
            ConsultationProblem::ResidentsSpanOutOfRange { .. }
        ));
    }
    let mut short = round(d(2026, 3, 2), d(2026, 3, 27));
    short.agencies_closes_on = Some(d(2026, 3, 10));
    assert!(matches!(
        problem(
            p.open_consultation(commune, w.dossier, &short)
                .await
                .unwrap_err()
        ),
        ConsultationProblem::AgencyDeadlineTooSoon { .. }
    ));
    let mut unknown = round(d(2026, 3, 2), d(2026, 3, 27));
    unknown.documents = vec![999];
    assert_eq!(
        problem(
            p.open_consultation(commune, w.dossier, &unknown)
                .await
                .unwrap_err()
        ),
        ConsultationProblem::UnknownDocument { seq: 999 }
    );
    let mut none = round(d(2026, 3, 2), d(2026, 3, 27));
    none.forms.clear();
    assert_eq!(
        problem(
            p.open_consultation(commune, w.dossier, &none)
                .await
                .unwrap_err()
        ),
        ConsultationProblem::NoForm
    );
    assert!(matches!(
        p.open_consultation(
            Caller::from(&w.hong_thu),
            w.dossier,
            &round(d(2026, 3, 2), d(2026, 3, 27))
        )
        .await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(record(&w).await.1, 0, "nothing stored");

    let id = p
        .open_consultation(commune, w.dossier, &round(d(2026, 3, 2), d(2026, 3, 27)))
        .await
        .unwrap()
        .round
        .id;
    let before = record(&w).await;
    // A comment on a closed round.
    w.set_today(d(2026, 4, 5));
    assert_eq!(
        problem(
            p.record_opinion(commune, id, &opinion("Muộn", d(2026, 3, 28)))
                .await
                .unwrap_err()
        ),
        ConsultationProblem::RoundClosed {
            closes_on: d(2026, 3, 27)
        }
    );
    // Empty text, text over the bound, a day to come, too many co-signers, online.
    assert_eq!(
        problem(
            p.record_opinion(commune, id, &opinion("   ", d(2026, 3, 5)))
                .await
                .unwrap_err()
        ),
        ConsultationProblem::EmptyText { field: "text" }
    );
    let long = "ý".repeat(20_001);
    assert!(matches!(
        problem(
            p.record_opinion(commune, id, &opinion(&long, d(2026, 3, 5)))
                .await
                .unwrap_err()
        ),
        ConsultationProblem::TextTooLong { .. }
    ));
    assert_eq!(
        problem(
            p.record_opinion(commune, id, &opinion("Sớm", d(2026, 4, 6)))
                .await
                .unwrap_err()
        ),
        ConsultationProblem::DayInFuture
    );
    assert!(matches!(
        problem(
            p.record_opinion(
                commune,
                id,
                &NewOpinion {
                    cosigners: -1,
                    ..opinion("Kiến nghị", d(2026, 3, 5))
                }
            )
            .await
            .unwrap_err()
        ),
        ConsultationProblem::CosignersOutOfRange { .. }
    ));
    assert_eq!(
        problem(
            p.record_opinion(
                commune,
                id,
                &NewOpinion {
                    source: OpinionSource::Online,
                    ..opinion("Trực tuyến", d(2026, 3, 5))
                }
            )
            .await
            .unwrap_err()
        ),
        ConsultationProblem::OnlineThroughPublicPage
    );
    // An outside body and an organisation at once; an unknown topic; a response without text.
    assert_eq!(
        problem(
            p.add_consultee(
                commune,
                id,
                &NewConsultee {
                    organisation_id: Some(w.department.organisation.id),
                    outside_name: Some("Cả hai".into()),
                    required: true,
                    consulted_on: None,
                    deadline: None,
                },
            )
            .await
            .unwrap_err()
        ),
        ConsultationProblem::ConsulteeNeedsOneName
    );
    assert_eq!(record(&w).await, before, "nothing stored");

    let o = p
        .record_opinion(commune, id, &opinion("Giữ trường học", d(2026, 3, 5)))
        .await
        .unwrap();
    let before = record(&w).await;
    let bad = NewAnswer {
        opinion_id: o.id,
        point: String::new(),
        topic: "weather".into(),
        response: ResponseKind::Accepted,
        text: "Đã điều chỉnh".into(),
        on: None,
    };
    assert_eq!(
        problem(p.answer_opinion(commune, id, &bad).await.unwrap_err()),
        ConsultationProblem::UnknownTopic {
            topic: "weather".into()
        }
    );
    assert_eq!(
        problem(
            p.answer_opinion(
                commune,
                id,
                &NewAnswer {
                    topic: "public_facilities".into(),
                    response: ResponseKind::Explained,
                    text: " ".into(),
                    ..bad.clone()
                }
            )
            .await
            .unwrap_err()
        ),
        ConsultationProblem::ResponseNeedsText {
            kind: ResponseKind::Explained
        }
    );
    assert!(matches!(
        p.answer_opinion(
            Caller::from(&w.department),
            id,
            &NewAnswer {
                topic: "public_facilities".into(),
                ..bad.clone()
            }
        )
        .await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(record(&w).await, before, "nothing stored");
}

#[tokio::test]
async fn silence_counts_as_agreement_only_where_the_province_says_so() {
    let w = world().await;
    let p = &w.p;
    let commune = Caller::from(&w.sin_ho);
    let id = p
        .open_consultation(commune, w.dossier, &round(d(2026, 3, 1), d(2026, 3, 25)))
        .await
        .unwrap()
        .round
        .id;
    let c = p
        .add_consultee(
            commune,
            id,
            &NewConsultee {
                organisation_id: Some(w.department.organisation.id),
                outside_name: None,
                required: true,
                consulted_on: Some(d(2026, 3, 1)),
                deadline: None,
            },
        )
        .await
        .unwrap();
    w.set_today(d(2026, 3, 20));
    let sheet = p.consultation(commune, id).await.unwrap();
    assert_eq!(sheet.consultees[0].status, ConsulteeStatus::NoReply);
    assert!(
        !sheet.consultees[0].silence_counts_as_agreement,
        "off by default"
    );
    assert!(matches!(
        p.set_silence_is_agreement(commune, "12", true).await,
        Err(StoreError::Denied(_))
    ));
    p.set_silence_is_agreement(Caller::Operator, "12", true)
        .await
        .unwrap();
    let sheet = p.consultation(commune, id).await.unwrap();
    assert!(sheet.silence_is_agreement);
    assert!(sheet.consultees[0].silence_counts_as_agreement);
    // A late reply is still a reply; a consultee that replied stays in the register.
    p.record_reply(
        Caller::from(&w.department),
        c.id,
        &NewReply {
            position: ReplyPosition::Disagrees,
            text: "Trùng đất rừng phòng hộ".into(),
            document: String::new(),
            on: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        problem(p.remove_consultee(commune, c.id).await.unwrap_err()),
        ConsultationProblem::ConsulteeHasReplies
    );
}

/// The commune's order as the operator gives it, acting as `role`.
fn order_as(
    role: &str,
    kind: plantrack_domain::workflow::CommandKind,
) -> plantrack_store::planning::Order {
    let mut order = common::order(kind, None);
    order.actor = Some(plantrack_domain::workflow::Actor {
        name: format!("thử ({role})"),
        role: role.into(),
    });
    order
}

/// The built-in Vietnamese templates let a plan go to appraisal only with a complete
/// synthesis table: the refusal counts the opinions without an answer, the dossier page's
/// moves show the same blocker, and once every opinion is answered the plan moves.
#[tokio::test]
async fn the_plan_goes_to_appraisal_only_with_every_opinion_answered() {
    use plantrack_domain::workflow::{Blocker, CommandKind};
    let w = world().await;
    let p = &w.p;
    let attach = |kind: &str| CommandKind::AttachDocument {
        kind: kind.into(),
        title: format!("{kind} (thử)"),
        reference: String::new(),
        file: None,
    };
    let go = |action: &str| CommandKind::Transition {
        action: action.into(),
    };
    for (role, kind) in [
        ("consultant", attach("task_draft")),
        ("commune_pc", go("submit_task_for_consultation")),
        ("commune_pc", attach("task_opinion_synthesis")),
        ("commune_pc", go("submit_task_for_appraisal")),
        ("construction_dept", attach("task_appraisal_report")),
        ("construction_dept", go("forward_task_for_approval")),
        ("provincial_pc", attach("task_approval_decision")),
        ("provincial_pc", go("approve_task")),
        ("consultant", attach("draft_plan")),
        ("commune_pc", go("open_plan_consultation")),
        ("commune_pc", attach("opinion_synthesis_report")),
    ] {
        p.execute(Caller::Operator, w.dossier, order_as(role, kind))
            .await
            .unwrap();
    }
    let commune = Caller::from(&w.sin_ho);
    let id = p
        .open_consultation(commune, w.dossier, &round(d(2026, 3, 1), d(2026, 3, 25)))
        .await
        .unwrap()
        .round
        .id;
    let first = p
        .record_opinion(
            commune,
            id,
            &opinion("Giữ chợ ở trung tâm xã", d(2026, 3, 1)),
        )
        .await
        .unwrap();
    let second = p
        .record_opinion(commune, id, &opinion("Mở rộng trường học", d(2026, 3, 1)))
        .await
        .unwrap();
    let answer = |opinion_id: i64| NewAnswer {
        opinion_id,
        point: String::new(),
        topic: "public_facilities".into(),
        response: ResponseKind::Accepted,
        text: "Tiếp thu trong đồ án".into(),
        on: None,
    };
    p.answer_opinion(commune, id, &answer(first.id))
        .await
        .unwrap();

    let reading = p.dossier(commune, w.dossier).await.unwrap();
    let submit = reading
        .moves
        .transitions
        .iter()
        .find(|m| m.action == "submit_plan_for_appraisal")
        .expect("the move is listed");
    assert!(
        submit
            .blocked_by
            .contains(&Blocker::UnansweredOpinions { count: 1 }),
        "{:?}",
        submit.blocked_by
    );
    let version = reading.state.version;
    let refused = p
        .execute(
            Caller::Operator,
            w.dossier,
            order_as("commune_pc", go("submit_plan_for_appraisal")),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            StoreError::Domain(DomainError::UnansweredOpinions { ref stage, count: 1 })
                if stage == "plan_consultation"
        ),
        "{refused:?}"
    );
    let after = p.dossier(commune, w.dossier).await.unwrap().state;
    assert_eq!(
        (after.stage.as_str(), after.version),
        ("plan_consultation", version)
    );

    p.answer_opinion(commune, id, &answer(second.id))
        .await
        .unwrap();
    let (_, moved) = p
        .execute(
            Caller::Operator,
            w.dossier,
            order_as("commune_pc", go("submit_plan_for_appraisal")),
        )
        .await
        .unwrap();
    assert_eq!(moved.state.stage, "plan_appraisal");
}
