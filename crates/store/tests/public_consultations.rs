//! The public page of a consultation (issue 15, item 3) on SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB: Sìn Hồ opens a round with an online page; a resident sends an opinion
//! holding a phone number and their name; it waits for the commune's officer, who publishes
//! the copy plantrack proposes (personal data hidden) and later edits it; the original is
//! never changed. The guards — honeypot, fill time, signed form, the round's dates, sizes,
//! the per-address limit — refuse and store nothing; readers' reports hide an opinion at the
//! threshold; a rejected opinion leaves the synthesis table. Every change is one event.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::consultation::public::{ModerationState, PublicLimits};
use plantrack_domain::consultation::redaction::PersonalKind;
use plantrack_domain::consultation::{ConsultationForm, ConsultationProblem, Subject};
use plantrack_domain::workflow::{CommandKind, StoredFile};
use plantrack_store::Planning;
use plantrack_store::StoreError;
use plantrack_store::blobs::BlobStore;
use plantrack_store::consultation::NewRound;
use plantrack_store::consultation::public::{Moderation, PublicAttachment, PublicSubmission};
use plantrack_store::testing::TestDb;

mod common;
use common::{account, d, lai_chau_on, noon, open, order};

struct World {
    _db: TestDb,
    p: Planning,
    hand: Arc<Mutex<DateTime<Utc>>>,
    sin_ho: Principal,
    hong_thu: Principal,
    round: i64,
    /// A round without an online page: not public.
    hall_only: i64,
    blobs: BlobStore,
    /// The dossier's documents: the one consulted on, and one that is not.
    consulted: u64,
    not_consulted: u64,
}

impl World {
    fn set(&self, at: DateTime<Utc>) {
        *self.hand.lock().unwrap() = at;
    }

    fn later(&self, seconds: i64) {
        let now = *self.hand.lock().unwrap();
        self.set(now + TimeDelta::seconds(seconds));
    }

    /// A form made now and sent ten seconds later, as a person would.
    async fn form(&self, round: i64) -> String {
        let token = self.p.public_form_token(round).await.unwrap();
        self.later(10);
        token
    }

    async fn submit(
        &self,
        s: &PublicSubmission,
        from: &str,
    ) -> Result<plantrack_store::consultation::public::PublicReceipt, StoreError> {
        self.p
            .submit_public_opinion(self.round, s, None, ip(from))
            .await
    }

    /// What a refusal must leave as it was: the opinions of both rounds (rejected ones too,
    /// through the queue) and the chain's length.
    async fn record(&self) -> (String, u64) {
        let sheet = self
            .p
            .consultation(Caller::Operator, self.round)
            .await
            .unwrap();
        let queue = self
            .p
            .moderation_queue(Caller::from(&self.sin_ho), self.round)
            .await
            .unwrap();
        let report = self
            .p
            .verify_history(Caller::Operator, &mut |_| {})
            .await
            .unwrap();
        (
            format!("{:?}\n{queue:?}", sheet.opinions),
            report.follow_up_events,
        )
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn submission(text: &str, token: String) -> PublicSubmission {
    PublicSubmission {
        author_name: Some("Lò Văn Thử".into()),
        hamlet: "Bản Thẳm".into(),
        contact: "0912 345 678".into(),
        text: text.into(),
        form_token: token,
        ..PublicSubmission::default()
    }
}

fn problem(e: StoreError) -> ConsultationProblem {
    match e {
        StoreError::Domain(DomainError::Consultation(p)) => p,
        other => panic!("expected a consultation problem, got {other:?}"),
    }
}

fn new_round(forms: Vec<ConsultationForm>, documents: Vec<u64>) -> NewRound {
    NewRound {
        subject: Subject::Plan,
        documents,
        forms,
        opens_on: d(2026, 3, 2),
        closes_on: d(2026, 3, 27),
        agencies_opens_on: None,
        agencies_closes_on: None,
    }
}

async fn attach(p: &Planning, blobs: &BlobStore, dossier: i64, title: &str, body: &[u8]) -> u64 {
    let mut w = blobs.writer(&format!("{title}.pdf")).await.unwrap();
    w.write(body).await.unwrap();
    let kept = w.finish().await.unwrap();
    let file = StoredFile {
        sha256: kept.sha256,
        size: kept.size,
        media_type: kept.media_type.into(),
        filename: format!("{title}.pdf"),
    };
    let (event, _) = p
        .execute(
            Caller::Operator,
            dossier,
            order(
                CommandKind::AttachDocument {
                    kind: "consultant_contract".into(),
                    title: title.into(),
                    reference: String::new(),
                    file: Some(file),
                },
                None,
            ),
        )
        .await
        .unwrap();
    event.seq
}

async fn world() -> World {
    let (db, p, hand) = lai_chau_on(d(2026, 3, 1)).await;
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
    let dossier = open(&p, "03478").await;
    let root = std::env::temp_dir().join(format!("plantrack-public-{}", uuid::Uuid::new_v4()));
    let blobs = BlobStore::open(root, 10_000_000).unwrap();
    let consulted = attach(&p, &blobs, dossier, "du-thao", b"%PDF-1.4 du thao").await;
    let not_consulted = attach(&p, &blobs, dossier, "noi-bo", b"%PDF-1.4 noi bo").await;
    let commune = Caller::from(&sin_ho);
    let round = p
        .open_consultation(
            commune,
            dossier,
            &new_round(
                vec![
                    ConsultationForm::OnlinePage,
                    ConsultationForm::PublicDisplay,
                ],
                vec![consulted],
            ),
        )
        .await
        .unwrap()
        .round
        .id;
    let hall_only = p
        .open_consultation(
            commune,
            dossier,
            &new_round(vec![ConsultationForm::PublicDisplay], vec![consulted]),
        )
        .await
        .unwrap()
        .round
        .id;
    World {
        _db: db,
        p,
        hand,
        sin_ho,
        hong_thu,
        round,
        hall_only,
        blobs,
        consulted,
        not_consulted,
    }
}

#[tokio::test]
async fn an_opinion_waits_for_moderation_and_is_published_as_a_redacted_copy() {
    let w = world().await;
    let p = &w.p;

    // Before it opens: the page says so, without documents, and takes nothing.
    let page = p.public_consultation(w.round).await.unwrap();
    assert!(!page.open && page.documents.is_empty() && page.days_left == 0);
    assert!(
        p.public_document(&w.blobs, w.round, w.consulted)
            .await
            .is_err(),
        "not before it opens"
    );
    let token = w.form(w.round).await;
    let before = w.record().await;
    let early = w.submit(&submission("Sớm quá", token), "203.0.113.1").await;
    assert_eq!(
        problem(early.unwrap_err()),
        ConsultationProblem::RoundNotOpen {
            opens_on: d(2026, 3, 2)
        }
    );
    assert_eq!(w.record().await, before, "nothing stored");

    // Open: 23 days left on 05/03 (the 27th included); the consulted document only.
    w.set(noon(d(2026, 3, 5)));
    let page = p.public_consultation(w.round).await.unwrap();
    assert!(page.open);
    assert_eq!(page.days_left, 23);
    assert_eq!(page.unit_code, "03478");
    assert_eq!(
        page.documents.iter().map(|d| d.seq).collect::<Vec<_>>(),
        vec![w.consulted]
    );
    let (file, bytes) = p
        .public_document(&w.blobs, w.round, w.consulted)
        .await
        .unwrap();
    assert_eq!(
        (file.filename.as_str(), &bytes[..]),
        ("du-thao.pdf", &b"%PDF-1.4 du thao"[..])
    );
    assert!(matches!(
        p.public_document(&w.blobs, w.round, w.not_consulted).await,
        Err(StoreError::NotFound { .. })
    ));
    // A round without an online page is not public at all.
    assert!(matches!(
        p.public_consultation(w.hall_only).await,
        Err(StoreError::NotFound { .. })
    ));

    let text =
        "Tôi là Lò Văn Thử, gọi 0912 345 678. Đề nghị giữ chợ ở trung tâm <script>x</script>.";
    let token = w.form(w.round).await;
    let receipt = w
        .submit(&submission(text, token), "203.0.113.1")
        .await
        .unwrap();
    assert_eq!(receipt.state, ModerationState::Pending);
    assert_eq!(receipt.received_on, d(2026, 3, 5));
    assert!(
        p.public_consultation(w.round)
            .await
            .unwrap()
            .published
            .is_empty(),
        "not shown before moderation"
    );
    // In the table already, as received: it must be answered whatever its publication.
    let sheet = p.consultation(Caller::Operator, w.round).await.unwrap();
    assert_eq!(sheet.opinions.len(), 1);
    assert_eq!(sheet.opinions[0].text, text);

    // The queue: only the commune's officers, with what plantrack proposes to hide.
    assert!(matches!(
        p.moderation_queue(Caller::from(&w.hong_thu), w.round).await,
        Err(StoreError::Denied(_))
    ));
    let queue = p
        .moderation_queue(Caller::from(&w.sin_ho), w.round)
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    let kinds: Vec<PersonalKind> = queue[0].proposed.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, vec![PersonalKind::Name, PersonalKind::Phone]);
    assert_eq!(
        queue[0].proposed_text,
        "Tôi là […], gọi […]. Đề nghị giữ chợ ở trung tâm <script>x</script>."
    );
    assert!(matches!(
        p.moderate_public_opinion(
            Caller::from(&w.hong_thu),
            receipt.opinion_id,
            &Moderation::Publish { text: None }
        )
        .await,
        Err(StoreError::Denied(_))
    ));

    let (_, events) = w.record().await;
    let published = p
        .moderate_public_opinion(
            Caller::from(&w.sin_ho),
            receipt.opinion_id,
            &Moderation::Publish { text: None },
        )
        .await
        .unwrap();
    assert_eq!(published.state, ModerationState::Published);
    assert_eq!(
        published.redacted_by.as_deref(),
        Some("UBND xã Sìn Hồ (thử)")
    );
    let page = p.public_consultation(w.round).await.unwrap();
    assert_eq!(page.published.len(), 1);
    assert_eq!(page.published[0].text, queue[0].proposed_text);
    assert_eq!(page.published[0].hamlet, "Bản Thẳm");
    assert!(!format!("{page:?}").contains("0912"), "no phone anywhere");

    // The officer edits the copy: a new redaction; the original stays as submitted.
    let edited = p
        .moderate_public_opinion(
            Caller::from(&w.sin_ho),
            receipt.opinion_id,
            &Moderation::Publish {
                text: Some("Đề nghị giữ chợ ở trung tâm.".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        edited.redacted_text.as_deref(),
        Some("Đề nghị giữ chợ ở trung tâm.")
    );
    assert_eq!(edited.opinion.text, text, "the original is never changed");
    assert_eq!(
        p.public_consultation(w.round).await.unwrap().published[0].text,
        "Đề nghị giữ chợ ở trung tâm."
    );
    let (_, after) = w.record().await;
    assert_eq!(
        after,
        events + 2,
        "published, then redacted: one event each"
    );
}

#[tokio::test]
async fn the_guards_refuse_and_store_nothing() {
    let mut w = world().await;
    w.p.public_limits = PublicLimits {
        opinions_per_hour: 2,
        ..PublicLimits::default()
    };
    w.set(noon(d(2026, 3, 5)));
    let before = w.record().await;
    let refused = |r: Result<_, StoreError>| problem(r.unwrap_err());

    let mut s = submission("Ý kiến", w.form(w.round).await);
    s.honeypot = "http://spam.example".into();
    assert_eq!(
        refused(w.submit(&s, "203.0.113.1").await),
        ConsultationProblem::HoneypotFilled
    );

    // Sent two seconds after the page was made: faster than a person.
    let token = w.p.public_form_token(w.round).await.unwrap();
    w.later(2);
    assert_eq!(
        refused(
            w.submit(&submission("Ý kiến", token.clone()), "203.0.113.1")
                .await
        ),
        ConsultationProblem::FilledTooFast { seconds: 5 }
    );
    // A day and more later: out of date.
    w.later(25 * 3600);
    assert_eq!(
        refused(w.submit(&submission("Ý kiến", token), "203.0.113.1").await),
        ConsultationProblem::FormExpired
    );
    w.set(noon(d(2026, 3, 5)));
    // Forged, or made for another round.
    let good = w.form(w.round).await;
    // The last character changed (to '1' when it was '0': the same token is no forgery).
    let last = if good.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &good[..good.len() - 1]);
    for token in [forged, "garbage".into(), w.form(w.hall_only).await] {
        assert_eq!(
            refused(w.submit(&submission("Ý kiến", token), "203.0.113.1").await),
            ConsultationProblem::FormExpired
        );
    }
    // Too long, empty, a point off the globe.
    let long = "ý".repeat(5_001);
    assert!(matches!(
        refused(
            w.submit(&submission(&long, w.form(w.round).await), "203.0.113.1")
                .await
        ),
        ConsultationProblem::TextTooLong { max: 5_000, .. }
    ));
    assert!(matches!(
        refused(
            w.submit(&submission("  ", w.form(w.round).await), "203.0.113.1")
                .await
        ),
        ConsultationProblem::EmptyText { .. }
    ));
    let mut s = submission("Ý kiến", w.form(w.round).await);
    s.lon = Some(103.2);
    assert_eq!(
        refused(w.submit(&s, "203.0.113.1").await),
        ConsultationProblem::PointOutOfRange
    );
    // A round that is not public takes nothing.
    assert!(matches!(
        w.p.submit_public_opinion(
            w.hall_only,
            &submission("Ý kiến", w.form(w.hall_only).await),
            None,
            ip("203.0.113.1")
        )
        .await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(w.record().await, before, "nothing stored");

    // The flood: two an hour from one address, the third refused with when to come back;
    // another address is not held back; an hour later the first may send again.
    for _ in 0..2 {
        let token = w.form(w.round).await;
        w.submit(&submission("Giữ chợ", token), "203.0.113.1")
            .await
            .unwrap();
    }
    let flooded = w.record().await;
    let token = w.form(w.round).await;
    match refused(w.submit(&submission("Giữ chợ", token), "203.0.113.1").await) {
        ConsultationProblem::TooManyOpinions {
            per_hour: 2,
            retry_after_seconds,
        } => assert!(
            (3500..=3600).contains(&retry_after_seconds),
            "{retry_after_seconds}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(w.record().await, flooded, "nothing stored");
    // An IPv6 client is counted by its /64: another address in it is the same client.
    for (addr, ok) in [
        ("2001:db8::1", true),
        ("2001:db8::2", true),
        ("2001:db8::3", false),
    ] {
        let token = w.form(w.round).await;
        assert_eq!(
            w.submit(&submission("Giữ chợ", token), addr).await.is_ok(),
            ok,
            "{addr}"
        );
    }
    w.later(3600);
    let token = w.form(w.round).await;
    w.submit(&submission("Giữ chợ", token), "203.0.113.1")
        .await
        .unwrap();

    // An attachment refused with its opinion is removed from the store.
    let mut writer = w.blobs.writer("anh.png").await.unwrap();
    writer.write(b"\x89PNG\r\n\x1a\nrest").await.unwrap();
    let kept = writer.finish().await.unwrap();
    let sha = kept.sha256.clone();
    let mut s = submission("Ảnh", w.form(w.round).await);
    s.honeypot = "x".into();
    assert!(
        w.p.submit_public_opinion(
            w.round,
            &s,
            Some((
                PublicAttachment {
                    kept,
                    filename: "anh.png".into()
                },
                &w.blobs
            )),
            ip("198.51.100.7")
        )
        .await
        .is_err()
    );
    assert!(
        !w.blobs.exists(&sha).await.unwrap(),
        "the file went with the refusal"
    );

    // Closed: the sentence names the last day.
    w.set(noon(d(2026, 3, 28)));
    let token = w.form(w.round).await;
    assert_eq!(
        refused(w.submit(&submission("Muộn", token), "198.51.100.7").await),
        ConsultationProblem::RoundClosed {
            closes_on: d(2026, 3, 27)
        }
    );
    let page = w.p.public_consultation(w.round).await.unwrap();
    assert!(!page.open && page.days_left == 0);
}

#[tokio::test]
async fn reports_hide_and_a_rejected_opinion_leaves_the_table() {
    let w = world().await;
    let p = &w.p;
    let officer = Caller::from(&w.sin_ho);
    w.set(noon(d(2026, 3, 5)));
    let mut ids = Vec::new();
    for (text, from) in [
        ("Giữ chợ ở trung tâm", "203.0.113.1"),
        ("quảng cáo mua bán", "203.0.113.2"),
    ] {
        let token = w.form(w.round).await;
        ids.push(
            w.submit(&submission(text, token), from)
                .await
                .unwrap()
                .opinion_id,
        );
    }
    // Only a published opinion can be reported.
    assert!(
        p.report_public_opinion(ids[0], ip("198.51.100.1"))
            .await
            .is_err()
    );
    p.moderate_public_opinion(officer, ids[0], &Moderation::Publish { text: None })
        .await
        .unwrap();
    let (_, events) = w.record().await;
    let first = p
        .report_public_opinion(ids[0], ip("198.51.100.1"))
        .await
        .unwrap();
    assert_eq!((first.reports, first.hidden), (1, false));
    let again = p
        .report_public_opinion(ids[0], ip("198.51.100.1"))
        .await
        .unwrap();
    assert_eq!(
        (again.reports, again.hidden),
        (1, false),
        "one reader counts once"
    );
    p.report_public_opinion(ids[0], ip("198.51.100.2"))
        .await
        .unwrap();
    let third = p
        .report_public_opinion(ids[0], ip("198.51.100.3"))
        .await
        .unwrap();
    assert_eq!(
        (third.reports, third.hidden),
        (3, true),
        "hidden at the third"
    );
    assert!(
        p.public_consultation(w.round)
            .await
            .unwrap()
            .published
            .is_empty()
    );
    assert_eq!(
        w.record().await.1,
        events + 3,
        "three reports counted, three events"
    );
    let queue = p.moderation_queue(officer, w.round).await.unwrap();
    assert_eq!(
        queue
            .iter()
            .map(|i| (i.opinion.id, i.state, i.hidden))
            .collect::<Vec<_>>(),
        vec![
            (ids[1], ModerationState::Pending, false),
            (ids[0], ModerationState::Published, true),
        ],
        "waiting first, then hidden"
    );
    // The officer looks again and publishes: shown, reports cleared.
    p.moderate_public_opinion(officer, ids[0], &Moderation::Publish { text: None })
        .await
        .unwrap();
    assert_eq!(
        p.public_consultation(w.round)
            .await
            .unwrap()
            .published
            .len(),
        1
    );

    // Rejected: kept, off the page and out of the table; it cannot be published after.
    let rejected = p
        .moderate_public_opinion(
            officer,
            ids[1],
            &Moderation::Reject {
                reason: "Quảng cáo".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(rejected.state, ModerationState::Rejected);
    assert_eq!(rejected.opinion.text, "quảng cáo mua bán");
    let sheet = p.consultation(Caller::Operator, w.round).await.unwrap();
    assert_eq!(
        sheet.opinions.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![ids[0]]
    );
    let list = p
        .consultations(
            Caller::Operator,
            &plantrack_store::consultation::ConsultationQuery::default(),
        )
        .await
        .unwrap();
    assert_eq!(list.iter().find(|r| r.id == w.round).unwrap().opinions, 1);
    assert_eq!(
        problem(
            p.moderate_public_opinion(officer, ids[1], &Moderation::Publish { text: None })
                .await
                .unwrap_err()
        ),
        ConsultationProblem::OpinionRejected
    );
    // An opinion the commune entered is not moderated.
    let entered = p
        .record_opinion(
            officer,
            w.round,
            &plantrack_store::consultation::NewOpinion {
                source: plantrack_domain::consultation::OpinionSource::Paper,
                author_name: None,
                hamlet: String::new(),
                contact: String::new(),
                text: "Trên giấy".into(),
                cosigners: 0,
                received_on: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        problem(
            p.moderate_public_opinion(officer, entered.id, &Moderation::Publish { text: None })
                .await
                .unwrap_err()
        ),
        ConsultationProblem::NotAPublicOpinion { id: entered.id }
    );
}

/// A resident may mark a place or not. On PostgreSQL an opinion without a place, then one
/// with, on the same connection once failed ("incorrect binary data format"): the driver
/// had cached the first statement with a NULL place's type.
#[tokio::test]
async fn opinions_with_and_without_a_place_are_all_kept() {
    let w = world().await;
    w.set(noon(d(2026, 3, 5)));
    let places = [None, Some((103.45, 22.4)), None, Some((103.46, 22.41))];
    for (i, place) in places.iter().enumerate() {
        let mut s = submission(&format!("Ý kiến số {i}"), w.form(w.round).await);
        s.lon = place.map(|p| p.0);
        s.lat = place.map(|p| p.1);
        w.submit(&s, &format!("203.0.113.{}", 10 + i))
            .await
            .unwrap_or_else(|e| panic!("opinion {i}: {e:?}"));
    }
    let queue =
        w.p.moderation_queue(Caller::from(&w.sin_ho), w.round)
            .await
            .unwrap();
    let mut kept: Vec<_> = queue
        .iter()
        .map(|q| (q.opinion.text.clone(), q.point))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let expected: Vec<_> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("Ý kiến số {i}"), p.map(|p| [p.0, p.1])))
        .collect();
    assert_eq!(kept, expected);
}
