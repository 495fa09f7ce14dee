//! Closing the loop of a consultation (issue 15, item 6) on SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB: Sìn Hồ's round with an online page receives an online opinion (with an
//! e-mail address and a phone number in it) and three on paper — one with an address, one
//! named without, one anonymous. Nothing goes out, and no letter is printed, before the table
//! is complete; another commune's officer cannot send; once complete, each address is queued
//! once, a sender claims each once, a failed attempt is tried again and the fifth failure
//! gives it up; every step is an event of the chain. The public page shows the table with the
//! redacted copy only, and the letters are the named ones without an address, by hamlet.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use chrono::TimeDelta;
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_domain::consultation::notice::{MAX_ATTEMPTS, NoticeState};
use plantrack_domain::consultation::{
    ConsultationForm, ConsultationProblem, OpinionSource, ResponseKind, Subject,
};
use plantrack_store::StoreError;
use plantrack_store::consultation::public::{Moderation, PublicSubmission};
use plantrack_store::consultation::{NewAnswer, NewOpinion, NewRound, NewSummary};

mod common;
use common::{account, d, lai_chau_on, noon, open};

fn paper(name: Option<&str>, hamlet: &str, contact: &str, text: &str) -> NewOpinion {
    NewOpinion {
        source: OpinionSource::Paper,
        author_name: name.map(str::to_owned),
        hamlet: hamlet.into(),
        contact: contact.into(),
        text: text.into(),
        cosigners: 0,
        received_on: None,
    }
}

async fn chain(p: &plantrack_store::Planning) -> u64 {
    p.verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap()
        .follow_up_events
}

#[tokio::test]
async fn answers_go_out_once_the_table_is_complete() {
    let (_db, p, hand) = lai_chau_on(d(2026, 3, 1)).await;
    let set = |at| *hand.lock().unwrap() = at;
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
    let commune = Caller::from(&sin_ho);
    let dossier = open(&p, "03478").await;
    let round = p
        .open_consultation(
            commune,
            dossier,
            &NewRound {
                subject: Subject::Plan,
                documents: Vec::new(),
                forms: vec![
                    ConsultationForm::OnlinePage,
                    ConsultationForm::PublicDisplay,
                ],
                opens_on: d(2026, 3, 2),
                closes_on: d(2026, 3, 27),
                agencies_opens_on: None,
                agencies_closes_on: None,
            },
        )
        .await
        .unwrap()
        .round
        .id;
    set(noon(d(2026, 3, 5)));
    // Online: a resident's opinion, published as the redacted copy plantrack proposes.
    let token = p.public_form_token(round).await.unwrap();
    set(noon(d(2026, 3, 5)) + TimeDelta::seconds(30));
    let online = p
        .submit_public_opinion(
            round,
            &PublicSubmission {
                author_name: Some("Lò Văn Mạng".into()),
                hamlet: "Bản Thẳm".into(),
                contact: "mang@mail.vn".into(),
                text: "Giữ chợ ở trung tâm, gọi tôi 0912 345 678".into(),
                form_token: token,
                ..PublicSubmission::default()
            },
            None,
            "203.0.113.7".parse().unwrap(),
        )
        .await
        .unwrap()
        .opinion_id;
    p.moderate_public_opinion(commune, online, &Moderation::Publish { text: None })
        .await
        .unwrap();
    let mut ids = vec![online];
    for o in [
        paper(
            Some("Lò Thị Thư"),
            "Bản Nà Thử",
            "0912 000 111, thu@mail.vn",
            "Đường mới cắt ruộng",
        ),
        paper(
            Some("Vàng A Páo"),
            "Bản Nà Thử",
            "0987 654 321",
            "Cần thêm trường mầm non",
        ),
        paper(Some("Lò Văn Bun"), "Bản Hua Bum", "", "Giữ rừng đầu nguồn"),
        paper(None, "Bản Thẳm", "", "Mở rộng chợ"),
    ] {
        ids.push(p.record_opinion(commune, round, &o).await.unwrap().id);
    }

    // Not complete: refused, with how far it is; nothing queued, no letters, no table.
    let before = chain(&p).await;
    let refused = p
        .queue_consultation_notices(commune, round)
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            StoreError::Domain(DomainError::Consultation(
                ConsultationProblem::TableNotComplete {
                    unanswered: 5,
                    topics: 0
                }
            ))
        ),
        "{refused:?}"
    );
    assert!(p.consultation_letters(commune, round).await.is_err());
    assert!(p.public_consultation(round).await.unwrap().table.is_none());
    assert_eq!(chain(&p).await, before, "nothing stored");
    assert!(
        p.notices_to_send(Caller::Operator, None)
            .await
            .unwrap()
            .is_empty()
    );

    for (i, id) in ids.iter().enumerate() {
        p.answer_opinion(
            commune,
            round,
            &NewAnswer {
                opinion_id: *id,
                point: String::new(),
                topic: if i % 2 == 0 { "land_use" } else { "roads" }.into(),
                response: ResponseKind::Explained,
                text: format!("Trả lời số {i}"),
                on: None,
            },
        )
        .await
        .unwrap();
    }
    p.summarise_topic(
        commune,
        round,
        &NewSummary {
            topic: "land_use".into(),
            text: "Đã tổng hợp đất".into(),
        },
    )
    .await
    .unwrap();
    let half = p
        .queue_consultation_notices(commune, round)
        .await
        .unwrap_err();
    assert!(
        matches!(
            half,
            StoreError::Domain(DomainError::Consultation(
                ConsultationProblem::TableNotComplete {
                    unanswered: 0,
                    topics: 1
                }
            ))
        ),
        "{half:?}"
    );
    p.summarise_topic(
        commune,
        round,
        &NewSummary {
            topic: "roads".into(),
            text: "Đã tổng hợp đường".into(),
        },
    )
    .await
    .unwrap();

    // Another commune's officer sends nothing.
    let before = chain(&p).await;
    assert!(matches!(
        p.queue_consultation_notices(Caller::from(&hong_thu), round)
            .await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(chain(&p).await, before);

    // The two addresses are queued, once; two letters; one anonymous.
    let q = p.queue_consultation_notices(commune, round).await.unwrap();
    assert_eq!(
        (q.queued, q.already, q.letters, q.published_only),
        (2, 0, 2, 1)
    );
    assert_eq!(chain(&p).await, before + 1, "one event");
    let again = p.queue_consultation_notices(commune, round).await.unwrap();
    assert_eq!((again.queued, again.already), (0, 2));
    let notices = p.consultation_notices(commune, round).await.unwrap();
    let addresses: Vec<&str> = notices.iter().map(|n| n.address.as_str()).collect();
    assert_eq!(addresses, ["mang@mail.vn", "thu@mail.vn"]);
    assert!(notices.iter().all(|n| n.state == NoticeState::Pending));

    // A sender claims each once; a second claim of the same is refused.
    let due = p
        .notices_to_send(Caller::Operator, Some(round))
        .await
        .unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[1].opinion.text, "Đường mới cắt ruộng");
    assert_eq!(due[1].opinion.answers[0].text, "Trả lời số 1");
    assert_eq!(due[1].unit_name, "Sìn Hồ");
    assert!(
        p.notices_to_send(Caller::from(&sin_ho), None)
            .await
            .is_err(),
        "the operator's"
    );
    let (first, second) = (due[0].notice.opinion_id, due[1].notice.opinion_id);
    assert!(p.claim_notice(Caller::Operator, first).await.unwrap());
    assert!(
        !p.claim_notice(Caller::Operator, first).await.unwrap(),
        "taken"
    );
    let sent = p
        .finish_notice(Caller::Operator, first, None)
        .await
        .unwrap();
    assert_eq!((sent.state, sent.attempts), (NoticeState::Sent, 1));
    assert!(sent.sent_at.is_some());
    assert!(
        !p.claim_notice(Caller::Operator, first).await.unwrap(),
        "sent once"
    );

    // The other fails: back in the queue with the server's answer, until the last attempt.
    for attempt in 1..=MAX_ATTEMPTS {
        assert!(p.claim_notice(Caller::Operator, second).await.unwrap());
        let n = p
            .finish_notice(Caller::Operator, second, Some("421 try later"))
            .await
            .unwrap();
        assert_eq!(n.attempts, attempt);
        assert_eq!(n.last_error, "421 try later");
        let expected = if attempt == MAX_ATTEMPTS {
            NoticeState::GaveUp
        } else {
            NoticeState::Pending
        };
        assert_eq!(n.state, expected);
    }
    assert!(
        !p.claim_notice(Caller::Operator, second).await.unwrap(),
        "given up"
    );
    assert!(
        p.notices_to_send(Caller::Operator, None)
            .await
            .unwrap()
            .is_empty()
    );
    // Sent once and failed five times: six events, besides the two queueings.
    assert_eq!(chain(&p).await, before + 2 + 1 + MAX_ATTEMPTS as u64);
    // The officer queues it again: tried afresh.
    let requeued = p.queue_consultation_notices(commune, round).await.unwrap();
    assert_eq!(
        (requeued.queued, requeued.requeued, requeued.already),
        (0, 1, 1)
    );
    assert!(p.claim_notice(Caller::Operator, second).await.unwrap());
    let n = p
        .finish_notice(Caller::Operator, second, None)
        .await
        .unwrap();
    assert_eq!((n.state, n.attempts), (NoticeState::Sent, 1));

    // The letters: the named ones without an address, by hamlet.
    let letters = p.consultation_letters(commune, round).await.unwrap();
    let named: Vec<(&str, Option<&str>)> = letters
        .opinions
        .iter()
        .map(|o| (o.hamlet.as_str(), o.author_name.as_deref()))
        .collect();
    assert_eq!(
        named,
        [
            ("Bản Hua Bum", Some("Lò Văn Bun")),
            ("Bản Nà Thử", Some("Vàng A Páo"))
        ]
    );
    assert!(
        p.consultation_letters(Caller::from(&hong_thu), round)
            .await
            .is_err()
    );

    // The public page: the table, the redacted copy only, no names or contacts.
    let page = p.public_consultation(round).await.unwrap();
    let table = page.table.expect("the table once complete");
    assert_eq!(table.rows.len(), 5);
    let shown = serde_json::to_string(&table).unwrap();
    for private in [
        "Lò Văn Mạng",
        "0912 345 678",
        "mang@mail.vn",
        "thu@mail.vn",
        "Vàng A Páo",
        "Đường mới cắt ruộng",
    ] {
        assert!(!shown.contains(private), "{private} in {shown}");
    }
    let online_row = table
        .rows
        .iter()
        .find(|r| r.source == OpinionSource::Online)
        .unwrap();
    assert!(
        online_row
            .text
            .as_deref()
            .unwrap()
            .starts_with("Giữ chợ ở trung tâm")
    );
    assert!(
        table
            .rows
            .iter()
            .filter(|r| r.source == OpinionSource::Paper)
            .all(|r| r.text.is_none())
    );
    assert!(table.rows.iter().all(|r| r.answers.len() == 1));
    assert!(shown.contains("Trả lời số 1") && shown.contains("Đã tổng hợp đường"));
}
