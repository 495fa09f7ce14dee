//! Similar opinions grouped (issue 15, item 5) on SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB: Sìn Hồ's round groups its residents' opinions, the officer answers a
//! group at once (one answer per opinion, one event), merges two groups and splits an opinion
//! out; the corrections are kept, and a regrouping after more opinions arrive still respects
//! them. Another commune's officer is refused, and every refusal stores nothing.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::consultation::{
    ConsultationForm, ConsultationProblem, OpinionSource, ResponseKind, Subject,
};
use plantrack_store::Planning;
use plantrack_store::StoreError;
use plantrack_store::consultation::groups::{GroupAnswer, GroupMerge, GroupSplit, OpinionGrouping};
use plantrack_store::consultation::{ConsultationQuery, NewOpinion, NewRound};
use plantrack_store::testing::TestDb;

mod common;
use common::{account, d, lai_chau_on, noon, open};

struct World {
    _db: TestDb,
    p: Planning,
    hand: Arc<Mutex<DateTime<Utc>>>,
    sin_ho: Principal,
    hong_thu: Principal,
    round: i64,
}

const MARKET: [&str; 4] = [
    "Đề nghị giữ chợ ở trung tâm xã",
    "Kính gửi UBND xã, tôi đề nghị giữ nguyen cho o trung tam",
    "Đề nghị giữ chợ ở trung tâm xã, không chuyển chợ đi nơi khác",
    "Chúng tôi muốn giữ chợ trung tâm xã như hiện nay",
];
const COMPENSATION: [&str; 4] = [
    "Giá đền bù đất nông nghiệp quá thấp",
    "gia den bu dat nong nghiep thap qua",
    "Giá đền bù đất nông nghiệp thấp quá, đề nghị xem lại",
    "Đề nghị tăng giá đền bù đất nông nghiệp vì quá thấp",
];

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
    let round = p
        .open_consultation(
            Caller::from(&sin_ho),
            dossier,
            &NewRound {
                subject: Subject::Plan,
                documents: Vec::new(),
                forms: vec![ConsultationForm::PublicDisplay],
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
    let w = World {
        _db: db,
        p,
        hand,
        sin_ho,
        hong_thu,
        round,
    };
    w.set_today(d(2026, 3, 5));
    w
}

impl World {
    fn set_today(&self, day: NaiveDate) {
        *self.hand.lock().unwrap() = noon(day);
    }

    fn commune(&self) -> Caller<'_> {
        Caller::from(&self.sin_ho)
    }

    async fn add(&self, text: &str) -> i64 {
        self.p
            .record_opinion(
                self.commune(),
                self.round,
                &NewOpinion {
                    source: OpinionSource::Meeting,
                    author_name: None,
                    hamlet: "Bản Thử".into(),
                    contact: String::new(),
                    text: text.into(),
                    cosigners: 0,
                    received_on: None,
                },
            )
            .await
            .unwrap()
            .id
    }

    async fn groups(&self) -> OpinionGrouping {
        self.p
            .opinion_groups(self.commune(), self.round)
            .await
            .unwrap()
    }
}

fn group_of(g: &OpinionGrouping, id: i64) -> Vec<i64> {
    g.groups
        .iter()
        .find(|x| x.opinions.contains(&id))
        .unwrap_or_else(|| panic!("opinion {id} is in no group"))
        .opinions
        .clone()
}

fn together(g: &OpinionGrouping, a: i64, b: i64) -> bool {
    group_of(g, a).contains(&b)
}

/// Every opinion in exactly one group.
fn check_partition(g: &OpinionGrouping, ids: &[i64]) {
    let mut seen: Vec<i64> = g.groups.iter().flat_map(|x| x.opinions.clone()).collect();
    seen.sort_unstable();
    let mut want = ids.to_vec();
    want.sort_unstable();
    assert_eq!(seen, want);
}

fn problem(e: StoreError) -> ConsultationProblem {
    match e {
        StoreError::Domain(DomainError::Consultation(p)) => p,
        other => panic!("expected a consultation problem, got {other:?}"),
    }
}

/// The rounds' sheets, the groups and the chain's length: what a refusal leaves as it was.
async fn record(w: &World) -> (String, u64) {
    let mut all = Vec::new();
    for r in
        w.p.consultations(Caller::Operator, &ConsultationQuery::default())
            .await
            .unwrap()
    {
        all.push(format!(
            "{:?}\n{:?}",
            w.p.consultation(Caller::Operator, r.id).await.unwrap(),
            w.p.opinion_groups(Caller::Operator, r.id).await.unwrap()
        ));
    }
    let report =
        w.p.verify_history(Caller::Operator, &mut |_| {})
            .await
            .unwrap();
    (all.join("\n"), report.follow_up_events)
}

#[tokio::test]
async fn similar_opinions_are_grouped_and_a_group_is_answered_at_once() {
    let w = world().await;
    let mut market = Vec::new();
    for t in MARKET {
        market.push(w.add(t).await);
    }
    let mut money = Vec::new();
    for t in COMPENSATION {
        money.push(w.add(t).await);
    }
    let all: Vec<i64> = market.iter().chain(&money).copied().collect();
    let g = w.groups().await;
    check_partition(&g, &all);
    // The same grouping as the command line's: the two subjects are told apart.
    assert!(together(&g, market[0], market[1]), "{g:?}");
    assert!(together(&g, money[0], money[1]), "{g:?}");
    assert!(!together(&g, market[0], money[0]), "{g:?}");
    assert_eq!((g.together, g.apart), (0, 0));

    // Refusals store nothing: another commune's officer, no opinion, an unknown topic, an
    // opinion of no round.
    let before = record(&w).await;
    let answer = |opinions: Vec<i64>, topic: &str| GroupAnswer {
        opinions,
        topic: topic.into(),
        response: ResponseKind::Explained,
        text: "Chợ giữ ở trung tâm xã theo quy hoạch.".into(),
        on: None,
    };
    let market_group = group_of(&g, market[0]);
    let denied =
        w.p.answer_group(
            Caller::from(&w.hong_thu),
            w.round,
            &answer(market_group.clone(), "public_facilities"),
        )
        .await;
    assert!(matches!(denied, Err(StoreError::Denied(_))), "{denied:?}");
    let empty =
        w.p.answer_group(
            w.commune(),
            w.round,
            &answer(Vec::new(), "public_facilities"),
        )
        .await
        .unwrap_err();
    assert_eq!(problem(empty), ConsultationProblem::EmptyGroup);
    let topic =
        w.p.answer_group(
            w.commune(),
            w.round,
            &answer(market_group.clone(), "weather"),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        problem(topic),
        ConsultationProblem::UnknownTopic { .. }
    ));
    let mut stray = market_group.clone();
    stray.push(999_999);
    let stray =
        w.p.answer_group(w.commune(), w.round, &answer(stray, "public_facilities"))
            .await
            .unwrap_err();
    assert_eq!(
        problem(stray),
        ConsultationProblem::OpinionNotInRound { id: 999_999 }
    );
    let mut no_text = answer(market_group.clone(), "public_facilities");
    no_text.text = String::new();
    assert!(
        w.p.answer_group(w.commune(), w.round, &no_text)
            .await
            .is_err()
    );
    assert_eq!(record(&w).await, before, "a refusal stores nothing");

    // The group answered at once: one answer per opinion, linked to it, one event.
    let answered =
        w.p.answer_group(
            w.commune(),
            w.round,
            &answer(market_group.clone(), "public_facilities"),
        )
        .await
        .unwrap();
    assert_eq!(
        answered.iter().map(|o| o.id).collect::<Vec<_>>(),
        market_group
    );
    for o in &answered {
        assert_eq!(o.answers.len(), 1);
        assert_eq!(o.answers[0].opinion_id, o.id);
        assert_eq!(o.answers[0].topic, "public_facilities");
        assert_eq!(o.answers[0].response, ResponseKind::Explained);
        assert_eq!(o.answers[0].answered_by, w.sin_ho.display_name);
    }
    let after = record(&w).await;
    assert_eq!(after.1, before.1 + 1, "one event for the whole group");
    let sheet = w.p.consultation(w.commune(), w.round).await.unwrap();
    assert_eq!(
        sheet.completeness.unanswered,
        (all.len() - market_group.len()) as u64
    );
    let g = w.groups().await;
    let row = g
        .groups
        .iter()
        .find(|x| x.opinions.contains(&market[0]))
        .unwrap();
    assert_eq!(row.answered, market_group.len() as u64);
}

#[tokio::test]
async fn the_officers_merges_and_splits_hold_when_opinions_are_added_and_regrouped() {
    let w = world().await;
    let mut market = Vec::new();
    for t in &MARKET[..3] {
        market.push(w.add(t).await);
    }
    let mut money = Vec::new();
    for t in &COMPENSATION[..3] {
        money.push(w.add(t).await);
    }
    let g = w.groups().await;
    assert!(!together(&g, market[0], money[0]), "{g:?}");
    assert!(together(&g, market[0], market[1]), "{g:?}");
    assert!(together(&g, money[0], money[1]), "{g:?}");

    // Refusals store nothing: another commune, one group merged with itself, an opinion
    // alone split, an opinion of no round.
    let before = record(&w).await;
    let merge = GroupMerge {
        first: market[0],
        second: money[0],
    };
    let denied =
        w.p.merge_opinion_groups(Caller::from(&w.hong_thu), w.round, &merge)
            .await;
    assert!(matches!(denied, Err(StoreError::Denied(_))), "{denied:?}");
    let same =
        w.p.merge_opinion_groups(
            w.commune(),
            w.round,
            &GroupMerge {
                first: market[0],
                second: market[1],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        problem(same),
        ConsultationProblem::SameGroup {
            first: market[0],
            second: market[1]
        }
    );
    let stray =
        w.p.split_opinion_group(w.commune(), w.round, &GroupSplit { opinion: 999_999 })
            .await
            .unwrap_err();
    assert_eq!(
        problem(stray),
        ConsultationProblem::OpinionNotInRound { id: 999_999 }
    );
    assert_eq!(record(&w).await, before, "a refusal stores nothing");

    // The officer merges the market's group with the compensation's (say the commune's
    // residents tie the two), then takes the second market opinion out of it.
    let lone = w.add("Hoan nghênh ban soạn thảo làm việc tận tụy").await;
    let g =
        w.p.merge_opinion_groups(w.commune(), w.round, &merge)
            .await
            .unwrap();
    assert!(together(&g, market[0], money[0]), "{g:?}");
    assert!(together(&g, market[1], money[1]), "{g:?}");
    let former: Vec<i64> = group_of(&g, market[1])
        .into_iter()
        .filter(|x| *x != market[1])
        .collect();
    assert!(former.contains(&money[0]) && former.contains(&market[0]));
    let g =
        w.p.split_opinion_group(w.commune(), w.round, &GroupSplit { opinion: market[1] })
            .await
            .unwrap();
    for x in &former {
        assert!(!together(&g, market[1], *x), "{g:?}");
    }
    assert!(g.together > 0 && g.apart > 0);
    assert_eq!(group_of(&g, lone), vec![lone], "{g:?}");
    let alone =
        w.p.split_opinion_group(w.commune(), w.round, &GroupSplit { opinion: lone })
            .await
            .unwrap_err();
    assert_eq!(
        problem(alone),
        ConsultationProblem::AloneInGroup { id: lone }
    );
    let after = record(&w).await;
    assert_eq!(
        after.1,
        before.1 + 3,
        "the opinion added, then one event per correction"
    );

    // More opinions arrive; the next grouping keeps both corrections, and the new ones join
    // by their words.
    w.set_today(d(2026, 3, 9));
    let late_market = w.add(MARKET[3]).await;
    let late_money = w.add(COMPENSATION[3]).await;
    let mut all: Vec<i64> = market.iter().chain(&money).copied().collect();
    all.extend([lone, late_market, late_money]);
    let g = w.groups().await;
    check_partition(&g, &all);
    assert!(together(&g, market[0], money[0]), "the merge holds: {g:?}");
    assert!(together(&g, market[0], money[1]), "the merge holds: {g:?}");
    for x in &former {
        assert!(!together(&g, market[1], *x), "the split holds: {g:?}");
    }

    // A later merge undoes the split it contradicts: the newer decision wins.
    let g =
        w.p.merge_opinion_groups(
            w.commune(),
            w.round,
            &GroupMerge {
                first: market[1],
                second: market[0],
            },
        )
        .await
        .unwrap();
    assert!(together(&g, market[1], market[0]), "{g:?}");
    assert!(together(&g, market[1], money[0]), "{g:?}");
}
