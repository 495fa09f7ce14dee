//! The follow-up loop (issue 13) on SQLite, or PostgreSQL with PLANTRACK_TEST_DB: a meeting's
//! directive becomes one task per campaign commune, due as the meeting said it; a task is
//! done by its dossier leaving the stage or by its commune's report; late tasks escalate;
//! conclusions freeze when the meeting closes; blockers are recorded and lifted; and every
//! refusal changes nothing.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::follow_up::{
    Addressees, BlockerCategory, MeetingKind, MeetingState, TaskResolution, TaskStatus,
};
use plantrack_domain::plan::PlanType;
use plantrack_domain::progress::ProgressReport;
use plantrack_domain::workflow::CommandKind;
use plantrack_store::Planning;
use plantrack_store::StoreError;
use plantrack_store::follow_up::{NewBlocker, NewDirective, NewMeeting, TaskQuery, TaskUpdate};
use plantrack_store::planning::ProgressQuery;
use plantrack_store::testing::TestDb;

mod common;
use common::{account, d, lai_chau_on, noon, open, order};

struct World {
    db: TestDb,
    p: Planning,
    hand: Arc<Mutex<DateTime<Utc>>>,
    leader: Principal,
    department: Principal,
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
        db,
        p,
        hand,
        leader,
        department,
        sin_ho,
        hong_thu,
        dossiers,
    }
}

fn meeting() -> NewMeeting {
    NewMeeting {
        province: None,
        title: "Họp đẩy nhanh lập quy hoạch chung xã (thử)".into(),
        held_on: d(2025, 11, 25),
        starts_at: "14:00".into(),
        kind: MeetingKind::Hybrid,
        venue: "UBND tỉnh".into(),
        chair: "Phó Chủ tịch UBND tỉnh".into(),
        plan_type: PlanType::CommuneGeneral,
        connected_units: 34,
    }
}

fn directive(meeting_id: i64, due: &str) -> NewDirective {
    NewDirective {
        meeting_id,
        conclusion_id: None,
        text: "Hoàn thành hồ sơ nhiệm vụ quy hoạch".into(),
        issuer: None,
        notice_number: "412/TB-UBND (thử)".into(),
        notice_date: Some(d(2025, 11, 26)),
        due: due.into(),
        addressees: Addressees::CampaignCommunes,
        done_when_left: Some("task_preparation".into()),
    }
}

fn statuses(tasks: &[plantrack_store::follow_up::Task]) -> Vec<(Option<String>, TaskStatus)> {
    tasks
        .iter()
        .map(|t| (t.unit_code.clone(), t.status))
        .collect()
}

#[tokio::test]
async fn a_directive_gives_each_campaign_commune_a_task_due_that_friday() {
    let w = world().await;
    let p = &w.p;
    let leader = Caller::from(&w.leader);
    w.set_today(d(2025, 11, 25));
    let m = p.create_meeting(leader, &meeting()).await.unwrap();
    assert_eq!(m.state, MeetingState::Draft);
    // No directive from a meeting not yet held; only leadership and Construction hold them.
    assert!(
        p.issue_directive(leader, &directive(m.id, "tuần này"))
            .await
            .is_err()
    );
    assert!(matches!(
        p.create_meeting(Caller::from(&w.department), &meeting())
            .await,
        Err(StoreError::Denied(_))
    ));
    p.change_meeting_state(leader, m.id, MeetingState::Scheduled, "mời họp")
        .await
        .unwrap();
    let started = p
        .change_meeting_state(leader, m.id, MeetingState::InProgress, "khai mạc")
        .await
        .unwrap();
    assert!(started.report_known_at.is_some());

    // Bad input changes nothing: a due date before the meeting, words nobody can read.
    for due in ["20/11/2025", "sớm nhất có thể"] {
        assert!(matches!(
            p.issue_directive(leader, &directive(m.id, due)).await,
            Err(StoreError::Domain(_))
        ));
    }
    assert!(p.directives(leader, m.id).await.unwrap().is_empty());

    let (given, tasks) = p
        .issue_directive(leader, &directive(m.id, "tuần này"))
        .await
        .unwrap();
    assert_eq!(given.due_on, d(2025, 11, 28));
    assert_eq!(
        statuses(&tasks),
        [
            (Some("03478".into()), TaskStatus::Open),
            (Some("03508".into()), TaskStatus::Open)
        ]
    );
    assert!(tasks.iter().all(|t| t.due_on == d(2025, 11, 28)));

    // Sìn Hồ's dossier leaves the task's preparation on 27/11: its task is done by itself.
    w.set_today(d(2025, 11, 27));
    let sin_ho = w.dossiers[0];
    p.execute(
        Caller::Operator,
        sin_ho,
        order(
            CommandKind::AttachDocument {
                kind: "task_draft".into(),
                title: "Dự thảo nhiệm vụ".into(),
                reference: String::new(),
                file: None,
            },
            None,
        ),
    )
    .await
    .unwrap();
    p.execute(
        Caller::Operator,
        sin_ho,
        order(
            CommandKind::Transition {
                action: "submit_task_for_consultation".into(),
            },
            None,
        ),
    )
    .await
    .unwrap();

    // On 03/12 Hồng Thu's is late (3 working days: 1, 2, 3/12), not yet escalated; on 04/12 it is.
    w.set_today(d(2025, 12, 4));
    let on = |day| TaskQuery {
        as_of: Some(day),
        ..TaskQuery::default()
    };
    let dec3 = p.tasks(leader, &on(d(2025, 12, 3))).await.unwrap();
    assert_eq!(
        statuses(&dec3),
        [
            (Some("03478".into()), TaskStatus::Done),
            (Some("03508".into()), TaskStatus::Late)
        ]
    );
    assert!(dec3[0].done_by_dossier);
    assert_eq!(dec3[0].resolved_on, Some(d(2025, 11, 27)));
    assert_eq!(dec3[1].working_days_late, 3);
    assert!(!dec3[1].escalated);
    let dec4 = p.tasks(leader, &on(d(2025, 12, 4))).await.unwrap();
    assert!(dec4[1].escalated);
    // As of the day after the meeting both were open; before the meeting there was none.
    let nov26 = p.tasks(leader, &on(d(2025, 11, 26))).await.unwrap();
    assert!(nov26.iter().all(|t| t.status == TaskStatus::Open));
    assert!(
        p.tasks(leader, &on(d(2025, 11, 24)))
            .await
            .unwrap()
            .is_empty()
    );
    let overdue = p
        .tasks(
            leader,
            &TaskQuery {
                overdue: true,
                ..on(d(2025, 12, 4))
            },
        )
        .await
        .unwrap();
    assert_eq!(
        statuses(&overdue),
        [(Some("03508".into()), TaskStatus::Late)]
    );

    // A commune reads and reports on its own task only.
    let hong_thu = Caller::from(&w.hong_thu);
    let own = p.tasks(hong_thu, &TaskQuery::default()).await.unwrap();
    assert_eq!(own.len(), 1);
    let others = dec4[0].id;
    assert!(matches!(
        p.update_task(hong_thu, others, &report(TaskResolution::Done))
            .await,
        Err(StoreError::Denied(_))
    ));
    // Nor may it cancel its own.
    assert!(matches!(
        p.update_task(
            hong_thu,
            own[0].id,
            &TaskUpdate {
                explanation: "không kịp".into(),
                ..report(TaskResolution::Cancelled)
            }
        )
        .await,
        Err(StoreError::Denied(_))
    ));
    let done = p
        .update_task(hong_thu, own[0].id, &report(TaskResolution::Done))
        .await
        .unwrap();
    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(done.resolved_on, Some(d(2025, 12, 4)));
    // Reported on 04/12: on 03/12 it was still late.
    let again = p.tasks(leader, &on(d(2025, 12, 3))).await.unwrap();
    assert_eq!(again[1].status, TaskStatus::Late);
    // A stale version is refused.
    assert!(
        p.update_task(
            hong_thu,
            own[0].id,
            &TaskUpdate {
                expected_version: Some(own[0].version),
                ..report(TaskResolution::Open)
            }
        )
        .await
        .is_err()
    );
    let _ = w.sin_ho;
}

fn report(resolution: TaskResolution) -> TaskUpdate {
    TaskUpdate {
        resolution,
        on: None,
        evidence: "Tờ trình số 15/TTr-UBND (thử)".into(),
        explanation: String::new(),
        expected_version: None,
    }
}

#[tokio::test]
async fn conclusions_freeze_when_the_meeting_closes_and_are_amended_dated() {
    let w = world().await;
    let p = &w.p;
    let leader = Caller::from(&w.leader);
    w.set_today(d(2025, 11, 25));
    let m = p.create_meeting(leader, &meeting()).await.unwrap();
    assert!(
        p.add_conclusion(leader, m.id, "Chưa họp", None)
            .await
            .is_err()
    );
    p.change_meeting_state(leader, m.id, MeetingState::Scheduled, "mời")
        .await
        .unwrap();
    p.change_meeting_state(leader, m.id, MeetingState::InProgress, "họp")
        .await
        .unwrap();
    let first = p
        .add_conclusion(
            leader,
            m.id,
            "Các xã hoàn thành hồ sơ nhiệm vụ trong tuần",
            None,
        )
        .await
        .unwrap();
    p.change_meeting_state(leader, m.id, MeetingState::Closed, "bế mạc")
        .await
        .unwrap();
    assert!(
        p.change_meeting_state(leader, m.id, MeetingState::InProgress, "mở lại")
            .await
            .is_err()
    );
    assert!(
        p.add_conclusion(leader, m.id, "Thêm sau khi họp", None)
            .await
            .is_err()
    );
    w.set_today(d(2025, 11, 27));
    let amended = p
        .add_conclusion(
            leader,
            m.id,
            "Sửa: hoàn thành trước 28/11/2025",
            Some(first.id),
        )
        .await
        .unwrap();
    assert_eq!(amended.amends_id, Some(first.id));
    assert_eq!(amended.amended_on, Some(d(2025, 11, 27)));
    let all = p.conclusions(leader, m.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].text, first.text);
    // A meeting of the province is read by its offices, not by a resident nor another province.
    assert_eq!(
        p.meetings(Caller::from(&w.sin_ho), None)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        p.meetings(Caller::from(&w.sin_ho), Some("01"))
            .await
            .is_err()
    );
    // Nobody signed in reads no province's follow-up, named or not.
    for named in [None, Some("12")] {
        assert!(matches!(
            p.meetings(Caller::Account(None), named).await,
            Err(StoreError::Denied(_))
        ));
        let q = TaskQuery {
            province: named.map(Into::into),
            ..TaskQuery::default()
        };
        assert!(matches!(
            p.tasks(Caller::Account(None), &q).await,
            Err(StoreError::Denied(_))
        ));
    }
}

#[tokio::test]
async fn a_blocker_is_recorded_lifted_once_and_only_by_those_on_the_dossier() {
    let w = world().await;
    let p = &w.p;
    w.set_today(d(2025, 11, 25));
    let dossier = w.dossiers[1];
    let new = NewBlocker {
        category: BlockerCategory::HigherPlan,
        organisation_id: None,
        since_on: Some(d(2025, 11, 20)),
        note: "Chờ chỉ đạo điều chỉnh phạm vi Khu du lịch quốc gia".into(),
    };
    assert!(matches!(
        p.record_blocker(Caller::from(&w.department), dossier, &new)
            .await,
        Err(StoreError::Denied(_))
    ));
    assert!(matches!(
        p.record_blocker(Caller::from(&w.sin_ho), dossier, &new)
            .await,
        Err(StoreError::Denied(_))
    ));
    let future = NewBlocker {
        since_on: Some(d(2025, 12, 1)),
        ..new.clone()
    };
    assert!(
        p.record_blocker(Caller::from(&w.hong_thu), dossier, &future)
            .await
            .is_err()
    );
    let b = p
        .record_blocker(Caller::from(&w.hong_thu), dossier, &new)
        .await
        .unwrap();
    assert_eq!(b.lifted_on, None);
    let leader = Caller::from(&w.leader);
    let held = |report: ProgressReport| -> Vec<(String, Vec<(BlockerCategory, u64)>)> {
        report
            .stages
            .into_iter()
            .map(|s| {
                (
                    s.stage,
                    s.blockers
                        .into_iter()
                        .map(|b| (b.category, b.count))
                        .collect(),
                )
            })
            .collect()
    };
    let on = |day, known: Option<DateTime<Utc>>| ProgressQuery {
        as_of: Some(day),
        as_known_on: known,
        province: Some("12".into()),
        ..ProgressQuery::default()
    };
    let before_lift = w.hand.lock().unwrap().to_owned();
    assert_eq!(
        held(
            p.progress(leader, &on(d(2025, 11, 25), None))
                .await
                .unwrap()
        ),
        [(
            "task_preparation".to_string(),
            vec![(BlockerCategory::HigherPlan, 1)]
        )]
    );
    w.set_today(d(2025, 11, 26));
    assert!(
        p.lift_blocker(leader, b.id, Some(d(2025, 11, 19)), "sai ngày")
            .await
            .is_err()
    );
    assert!(p.lift_blocker(leader, b.id, None, " ").await.is_err());
    let lifted = p
        .lift_blocker(leader, b.id, Some(d(2025, 11, 24)), "Đã có chỉ đạo")
        .await
        .unwrap();
    assert_eq!(lifted.lifted_on, Some(d(2025, 11, 24)));
    // Lifted as of 24/11; on 23/11 it held the dossier back; and what was known before the
    // lift was recorded still says it held the dossier back on 25/11.
    assert_eq!(
        held(
            p.progress(leader, &on(d(2025, 11, 25), None))
                .await
                .unwrap()
        ),
        [("task_preparation".to_string(), vec![])]
    );
    assert_eq!(
        held(
            p.progress(leader, &on(d(2025, 11, 23), None))
                .await
                .unwrap()
        ),
        [(
            "task_preparation".to_string(),
            vec![(BlockerCategory::HigherPlan, 1)]
        )]
    );
    assert_eq!(
        held(
            p.progress(leader, &on(d(2025, 11, 25), Some(before_lift)))
                .await
                .unwrap()
        ),
        [(
            "task_preparation".to_string(),
            vec![(BlockerCategory::HigherPlan, 1)]
        )]
    );
    assert!(p.lift_blocker(leader, b.id, None, "lần nữa").await.is_err());
    assert_eq!(p.blockers(leader, dossier).await.unwrap(), [lifted]);
}

#[tokio::test]
async fn the_history_check_covers_the_follow_up_chain() {
    let w = world().await;
    let p = &w.p;
    let leader = Caller::from(&w.leader);
    w.set_today(d(2025, 11, 25));
    let m = p.create_meeting(leader, &meeting()).await.unwrap();
    p.change_meeting_state(leader, m.id, MeetingState::Scheduled, "mời")
        .await
        .unwrap();
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds());
    assert_eq!(report.follow_up_events, 2);
    // An event slipped into the chain with a made-up hash, past a gap: the check names the
    // gap, and the history no longer holds.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&w.db.url).await.unwrap();
    sqlx::query(
        "INSERT INTO follow_up_events (province_code, seq, occurred_on, recorded_at, actor, \
         role, account_id, reason, kind, subject, payload, prev_hash, hash) \
         VALUES ('12', 4, '2025-11-25', '2025-11-25T05:00:00.000000Z', 'x', 'x', NULL, 'x', \
         'task_updated', 'task:1', '{}', 'x', 'x')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(!report.holds());
    let broken = report.follow_up_broken.unwrap();
    assert_eq!((broken.province_code.as_str(), broken.seq), ("12", 4));
    assert_eq!(
        broken.problem,
        plantrack_store::follow_up::events::FollowUpProblem::Missing
    );
    // And the chain cannot be rewritten in place.
    assert!(
        sqlx::query("UPDATE follow_up_events SET reason = 'y' WHERE seq = 1")
            .execute(&pool)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_status_call_asks_each_campaign_commune_and_checks_its_answer() {
    use plantrack_domain::follow_up::{ReplyState, StageCheck, StatusReport};
    use plantrack_store::follow_up::NewStatusCall;

    let w = world().await;
    let p = &w.p;
    let leader = Caller::from(&w.leader);
    w.set_today(d(2025, 11, 18));
    let m = p.create_meeting(leader, &meeting()).await.unwrap();
    let call = |due| NewStatusCall {
        province: None,
        meeting_id: Some(m.id),
        plan_type: None,
        due_on: due,
        note: "Báo cáo tình hình trước cuộc họp ngày 25/11/2025 (thử)".into(),
    };
    let events_before = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap()
        .follow_up_events;
    // Refusals change nothing: due before it is sent; a commune cannot send one.
    let err = p
        .call_for_status(leader, &call(d(2025, 11, 17)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(plantrack_domain::DomainError::FollowUp(
                plantrack_domain::follow_up::FollowUpProblem::StatusDueBeforeAsked { .. }
            ))
        ),
        "{err:?}"
    );
    assert!(matches!(
        p.call_for_status(Caller::from(&w.sin_ho), &call(d(2025, 11, 21)))
            .await
            .unwrap_err(),
        StoreError::Denied(_)
    ));
    assert_eq!(
        p.verify_history(Caller::Operator, &mut |_| {})
            .await
            .unwrap()
            .follow_up_events,
        events_before
    );

    let sheet = p
        .call_for_status(leader, &call(d(2025, 11, 21)))
        .await
        .unwrap();
    let units: Vec<_> = sheet.replies.iter().map(|r| r.unit_code.as_str()).collect();
    assert_eq!(units, ["03478", "03508"]);
    assert!(sheet.replies.iter().all(|r| r.state == ReplyState::Awaited));
    assert_eq!(
        p.unanswered_status_calls(Caller::from(&w.sin_ho))
            .await
            .unwrap()
            .len(),
        1
    );

    // Sìn Hồ answers on the 20th with the stage plantrack holds; Hồng Thu says it is further
    // on than the record. The department was not asked.
    w.set_today(d(2025, 11, 20));
    let said = |stage: &str| StatusReport {
        stage: stage.into(),
        next_step_on: Some(d(2025, 11, 28)),
        blocker: Some(BlockerCategory::SectoralInformation),
        comment: "Chờ số liệu rừng (thử)".into(),
    };
    let sin_ho = p
        .answer_status_call(
            Caller::from(&w.sin_ho),
            sheet.call.id,
            None,
            &said("task_preparation"),
        )
        .await
        .unwrap();
    assert_eq!(sin_ho.state, ReplyState::Answered);
    assert_eq!(sin_ho.check, Some(StageCheck::Matches));
    let err = p
        .answer_status_call(
            Caller::from(&w.department),
            sheet.call.id,
            None,
            &said("task_preparation"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(plantrack_domain::DomainError::FollowUp(
                plantrack_domain::follow_up::FollowUpProblem::NotAskedOfYou
            ))
        ),
        "{err:?}"
    );
    // Sìn Hồ cannot answer for Hồng Thu; a stage that is not the campaign's is refused; a
    // next step in the past too.
    assert!(matches!(
        p.answer_status_call(
            Caller::from(&w.sin_ho),
            sheet.call.id,
            Some(w.hong_thu.organisation.id),
            &said("task_preparation"),
        )
        .await
        .unwrap_err(),
        StoreError::Denied(_)
    ));
    assert!(
        p.answer_status_call(
            Caller::from(&w.hong_thu),
            sheet.call.id,
            None,
            &said("no_such_stage")
        )
        .await
        .is_err()
    );
    let mut past = said("task_consultation");
    past.next_step_on = Some(d(2025, 11, 19));
    assert!(
        p.answer_status_call(Caller::from(&w.hong_thu), sheet.call.id, None, &past)
            .await
            .is_err()
    );
    // Hồng Thu answers on the 24th, after the due day.
    w.set_today(d(2025, 11, 24));
    let hong_thu = p
        .answer_status_call(
            Caller::from(&w.hong_thu),
            sheet.call.id,
            None,
            &said("task_consultation"),
        )
        .await
        .unwrap();
    assert_eq!(hong_thu.state, ReplyState::AnsweredLate);
    assert_eq!(hong_thu.check, Some(StageCheck::Differs));
    assert_eq!(hong_thu.stage_recorded.as_deref(), Some("task_preparation"));

    // Leadership reads both replies; a commune only its own.
    let read = p.status_call(leader, sheet.call.id).await.unwrap();
    assert_eq!(read.replies.len(), 2);
    let own = p
        .status_call(Caller::from(&w.sin_ho), sheet.call.id)
        .await
        .unwrap();
    assert_eq!(own.replies.len(), 1);
    assert_eq!(own.replies[0].unit_code, "03478");
    assert_eq!(
        p.status_calls(leader, None, Some(m.id))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        p.unanswered_status_calls(Caller::from(&w.sin_ho))
            .await
            .unwrap()
            .is_empty()
    );
    // Sent, and two answers: three events, and the chain holds.
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds());
    assert_eq!(report.follow_up_events, events_before + 3);
}

#[tokio::test]
async fn an_agenda_is_settled_while_held_and_its_open_items_carry_to_the_next_meeting() {
    use plantrack_domain::follow_up::AgendaState;
    use plantrack_store::follow_up::{NewAgendaItem, Settlement};

    let w = world().await;
    let p = &w.p;
    let leader = Caller::from(&w.leader);
    w.set_today(d(2025, 11, 18));
    let m = p.create_meeting(leader, &meeting()).await.unwrap();
    let item = |title: &str, unit: Option<&str>| NewAgendaItem {
        title: title.into(),
        presenter: "Sở Xây dựng (thử)".into(),
        duration_minutes: 20,
        unit_code: unit.map(str::to_owned),
    };
    let report = p
        .add_agenda_item(
            leader,
            m.id,
            &item("Báo cáo tiến độ lập quy hoạch (thử)", None),
        )
        .await
        .unwrap();
    let plateau = p
        .add_agenda_item(
            leader,
            m.id,
            &item("Vướng mắc KDL quốc gia, xã Sìn Hồ (thử)", Some("03478")),
        )
        .await
        .unwrap();
    assert_eq!((report.position, plateau.position), (1, 2));
    // A unit of another province, a commune preparing the agenda, too long an item: refused.
    assert!(
        p.add_agenda_item(leader, m.id, &item("x", Some("00001")))
            .await
            .is_err()
    );
    assert!(matches!(
        p.add_agenda_item(Caller::from(&w.sin_ho), m.id, &item("x", None))
            .await
            .unwrap_err(),
        StoreError::Denied(_)
    ));
    let mut long = item("x", None);
    long.duration_minutes = 601;
    assert!(p.add_agenda_item(leader, m.id, &long).await.is_err());
    let invited = p
        .invite(
            leader,
            m.id,
            &[w.sin_ho.organisation.id, w.department.organisation.id],
        )
        .await
        .unwrap();
    assert_eq!(invited.len(), 2);
    assert!(invited.iter().all(|x| x.attended.is_none()));
    // Before the meeting is held, nobody is marked and nothing settled.
    let err = p
        .mark_attendance(leader, m.id, w.sin_ho.organisation.id, true)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(plantrack_domain::DomainError::FollowUp(
                plantrack_domain::follow_up::FollowUpProblem::NotBeingHeld { .. }
            ))
        ),
        "{err:?}"
    );

    w.set_today(d(2025, 11, 25));
    for to in [MeetingState::Scheduled, MeetingState::InProgress] {
        p.change_meeting_state(leader, m.id, to, "họp")
            .await
            .unwrap();
    }
    p.mark_attendance(leader, m.id, w.sin_ho.organisation.id, true)
        .await
        .unwrap();
    p.mark_attendance(leader, m.id, w.department.organisation.id, false)
        .await
        .unwrap();
    // Hồng Thu was not invited.
    assert!(
        p.mark_attendance(leader, m.id, w.hong_thu.organisation.id, true)
            .await
            .is_err()
    );
    p.settle_agenda_item(
        leader,
        report.id,
        &Settlement {
            state: AgendaState::Done,
            outcome: "Đã nghe báo cáo (thử)".into(),
        },
    )
    .await
    .unwrap();
    p.settle_agenda_item(
        leader,
        plateau.id,
        &Settlement {
            state: AgendaState::Carried,
            outcome: "Chờ ý kiến của Bộ (thử)".into(),
        },
    )
    .await
    .unwrap();
    p.write_minutes(leader, m.id, "Biên bản cuộc họp (thử)")
        .await
        .unwrap();
    p.change_meeting_state(leader, m.id, MeetingState::Closed, "kết thúc")
        .await
        .unwrap();
    // Closed: the minutes and the agenda are frozen.
    assert!(p.write_minutes(leader, m.id, "sửa").await.is_err());
    assert!(
        p.add_agenda_item(leader, m.id, &item("x", None))
            .await
            .is_err()
    );
    let held = p.meeting_agenda(leader, m.id).await.unwrap();
    assert_eq!(held.minutes, "Biên bản cuộc họp (thử)");
    let attended: Vec<_> = held.participants.iter().map(|x| x.attended).collect();
    assert!(attended.contains(&Some(true)) && attended.contains(&Some(false)));

    // The next meeting of the series, two weeks on: the carried item again, the same invited.
    assert!(
        p.schedule_next_meeting(leader, m.id, d(2025, 11, 25))
            .await
            .is_err()
    );
    let next = p
        .schedule_next_meeting(leader, m.id, d(2025, 12, 9))
        .await
        .unwrap();
    assert_eq!(next.state, MeetingState::Draft);
    assert_eq!(next.held_on, d(2025, 12, 9));
    let agenda = p.meeting_agenda(leader, next.id).await.unwrap();
    assert_eq!(agenda.follows, Some(m.id));
    assert_eq!(agenda.items.len(), 1);
    assert_eq!(agenda.items[0].carried_from, Some(plateau.id));
    assert_eq!(agenda.items[0].state, AgendaState::Open);
    assert_eq!(agenda.participants.len(), 2);
    assert!(agenda.participants.iter().all(|x| x.attended.is_none()));
    let audit = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(audit.holds());
}

#[tokio::test]
async fn a_recurring_review_prepares_its_next_meeting_when_it_closes_until_the_series_ends() {
    use plantrack_domain::follow_up::{AgendaState, FollowUpProblem};
    use plantrack_store::follow_up::NewAgendaItem;

    let w = world().await;
    let p = &w.p;
    let leader = Caller::from(&w.leader);
    w.set_today(d(2025, 11, 18));
    let m = p.create_meeting(leader, &meeting()).await.unwrap();
    // Too often, an end before the meeting, a commune setting it: refused, nothing kept.
    let refused = |e: StoreError| match e {
        StoreError::Domain(plantrack_domain::DomainError::FollowUp(p)) => p,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(
            p.set_recurrence(leader, m.id, Some((3, d(2026, 3, 31))))
                .await
                .unwrap_err()
        ),
        FollowUpProblem::RecurrenceIntervalOutOfRange { min: 7, max: 92 }
    );
    assert!(matches!(
        refused(
            p.set_recurrence(leader, m.id, Some((14, d(2025, 11, 1))))
                .await
                .unwrap_err()
        ),
        FollowUpProblem::RecurrenceUntilOutOfRange { .. }
    ));
    assert!(matches!(
        p.set_recurrence(Caller::from(&w.sin_ho), m.id, Some((14, d(2026, 3, 31))))
            .await
            .unwrap_err(),
        StoreError::Denied(_)
    ));
    assert_eq!(p.meeting(leader, m.id).await.unwrap().recurrence, None);

    // Every two weeks until 23/12/2025: the meetings of 09/12 and 23/12 are still to come.
    let m = p
        .set_recurrence(leader, m.id, Some((14, d(2025, 12, 23))))
        .await
        .unwrap();
    assert_eq!(
        p.meeting_agenda(leader, m.id).await.unwrap().upcoming,
        vec![d(2025, 12, 9), d(2025, 12, 23)]
    );
    let open_item = p
        .add_agenda_item(
            leader,
            m.id,
            &NewAgendaItem {
                title: "Dữ liệu chuyên ngành (thử)".into(),
                presenter: String::new(),
                duration_minutes: 10,
                unit_code: None,
            },
        )
        .await
        .unwrap();
    p.invite(leader, m.id, &[w.sin_ho.organisation.id])
        .await
        .unwrap();

    // Held and closed with the item not settled: the next meeting appears by itself.
    let hold = |id: i64, day: NaiveDate| {
        w.set_today(day);
        async move {
            for to in [
                MeetingState::Scheduled,
                MeetingState::InProgress,
                MeetingState::Closed,
            ] {
                p.change_meeting_state(leader, id, to, "họp").await.unwrap();
            }
        }
    };
    hold(m.id, d(2025, 11, 25)).await;
    let meetings = p.meetings(leader, None).await.unwrap();
    assert_eq!(meetings.len(), 2);
    let second = meetings.iter().find(|x| x.id != m.id).cloned().unwrap();
    assert_eq!(second.held_on, d(2025, 12, 9));
    assert_eq!(second.state, MeetingState::Draft);
    assert_eq!(second.recurrence, m.recurrence);
    let agenda = p.meeting_agenda(leader, second.id).await.unwrap();
    assert_eq!(agenda.follows, Some(m.id));
    assert_eq!(agenda.items[0].carried_from, Some(open_item.id));
    assert_eq!(agenda.items[0].state, AgendaState::Open);
    assert_eq!(agenda.participants.len(), 1);
    assert_eq!(agenda.upcoming, vec![d(2025, 12, 23)]);

    // The last of the series, then no more.
    hold(second.id, d(2025, 12, 9)).await;
    let third = p
        .meetings(leader, None)
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.held_on == d(2025, 12, 23))
        .unwrap();
    assert_eq!(third.recurrence, None);
    hold(third.id, d(2025, 12, 23)).await;
    assert_eq!(p.meetings(leader, None).await.unwrap().len(), 3);

    // A series whose next meeting was prepared by hand is not doubled; one stopped prepares none.
    w.set_today(d(2026, 1, 5));
    let mut fresh = meeting();
    fresh.held_on = d(2026, 1, 6);
    let by_hand = p.create_meeting(leader, &fresh).await.unwrap();
    p.set_recurrence(leader, by_hand.id, Some((14, d(2026, 3, 31))))
        .await
        .unwrap();
    p.schedule_next_meeting(leader, by_hand.id, d(2026, 1, 20))
        .await
        .unwrap();
    hold(by_hand.id, d(2026, 1, 6)).await;
    fresh.held_on = d(2026, 2, 3);
    let stopped = p.create_meeting(leader, &fresh).await.unwrap();
    p.set_recurrence(leader, stopped.id, Some((14, d(2026, 3, 31))))
        .await
        .unwrap();
    p.set_recurrence(leader, stopped.id, None).await.unwrap();
    hold(stopped.id, d(2026, 2, 3)).await;
    assert_eq!(p.meetings(leader, None).await.unwrap().len(), 6);
    let audit = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(audit.holds());
}
