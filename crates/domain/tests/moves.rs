//! The moves a role is shown agree with the engine: for every built-in template, stage, role
//! and kind of dossier state, a move reported available is accepted by `decide`, and a move
//! reported blocked is refused, with the error of its first blocker.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use chrono::{Days, NaiveDate};
use plantrack_domain::DomainError;
use plantrack_domain::appraisal::{AppraisalFacts, AppraisalProblem, AutoVerdict};
use plantrack_domain::calendar::VietnamCalendar;
use plantrack_domain::plan::PlanBodies;
use plantrack_domain::workflow::dossier::{AttachedDocument, BodyRole};
use plantrack_domain::workflow::{
    Actor, AvailableMoves, Blocker, Command, CommandKind, CommandName, DossierEvent, DossierState,
    DossierStatus, Template, available_moves, decide, effective_due_on, fold, open_dossier,
};
use proptest::prelude::*;

fn builtin() -> Vec<Template> {
    Template::builtin().into_iter().map(|(t, _)| t).collect()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("valid date")
}

const TODAY: &str = "2026-03-16";

/// A role the templates do not know: what an account without a workflow role would send.
const READER: &str = "reader";

/// A dossier of `t` standing in `stage` with `status`, holding `documents` (kind, stage).
fn state(
    t: &Template,
    stage: &str,
    status: DossierStatus,
    documents: &[(&str, &str)],
    due_on: Option<NaiveDate>,
    last_event_on: NaiveDate,
) -> DossierState {
    let opened = d("2025-01-06");
    DossierState {
        id: 1,
        plan_id: 7,
        template: t.key.clone(),
        template_version: t.version,
        stage: stage.to_owned(),
        status,
        version: 3 + documents.len() as u64,
        opened_on: opened,
        stage_entered_on: d("2025-06-02"),
        due_on,
        on_hold_since: (status == DossierStatus::OnHold).then_some(last_event_on),
        last_event_on,
        bodies: PlanBodies::default(),
        consultant: None,
        documents: documents
            .iter()
            .enumerate()
            .map(|(i, (kind, in_stage))| AttachedDocument {
                kind: (*kind).to_owned(),
                title: format!("{kind} title"),
                reference: String::new(),
                stage: (*in_stage).to_owned(),
                attached_on: d("2025-06-02"),
                seq: 2 + i as u64,
                actor: "someone".into(),
                file: None,
            })
            .collect(),
        funding: Vec::new(),
        accepted_conflicts: Vec::new(),
        unanswered_opinions: 0,
        findings: Vec::new(),
        overrules: Vec::new(),
        appraisal: None,
    }
}

fn command(state: &DossierState, role: &str, on: NaiveDate, kind: CommandKind) -> Command {
    Command {
        expected_version: Some(state.version),
        actor: Actor {
            name: format!("actor as {role}"),
            role: role.to_owned(),
        },
        reason: "because the meeting decided so".into(),
        effective_on: on,
        kind,
    }
}

/// A command of `name` with valid fields, for a dossier in `state` on `on`.
fn valid_command(
    t: &Template,
    state: &DossierState,
    name: CommandName,
    on: NaiveDate,
) -> CommandKind {
    match name {
        CommandName::Transition => unreachable!("transitions are built from their action"),
        CommandName::Hold => CommandKind::Hold,
        CommandName::Resume => CommandKind::Resume,
        CommandName::AttachDocument => CommandKind::AttachDocument {
            kind: t.documents[0].key.clone(),
            title: "Tờ trình".into(),
            reference: "12/TTr-UBND".into(),
            file: None,
        },
        CommandName::ExtendDeadline => CommandKind::ExtendDeadline {
            new_due_on: state.due_on.map_or(on, |due| due.max(on)) + Days::new(30),
            approver: "Giám đốc Sở Xây dựng".into(),
        },
        CommandName::ChangeBody => CommandKind::ChangeBody {
            body: BodyRole::Appraising,
            name: "Sở Xây dựng".into(),
        },
        CommandName::ChangeConsultant => CommandKind::ChangeConsultant {
            name: "Viện Quy hoạch".into(),
        },
        CommandName::AllocateFunding => CommandKind::AllocateFunding {
            decision_number: "15/QĐ-UBND".into(),
            decision_date: on,
            amount_vnd: 250_000_000,
        },
        CommandName::AcceptConflict => CommandKind::AcceptConflict {
            zone: "ONT-01".into(),
            constraint: "forest".into(),
            layer: "rung_phong_ho".into(),
            accepted_by: "Sở Nông nghiệp".into(),
        },
        CommandName::RecordFinding => CommandKind::RecordFinding {
            checklist: state
                .appraisal
                .as_ref()
                .map_or_else(String::new, |f| f.checklist.clone()),
            item: state
                .appraisal
                .as_ref()
                .and_then(|f| f.items.first().cloned())
                .unwrap_or_default(),
            verdict: plantrack_domain::appraisal::FindingVerdict::NeedsRevision,
            comment: "Bổ sung bản vẽ định hướng".into(),
        },
        CommandName::OverruleFinding => CommandKind::OverruleFinding {
            checklist: state
                .appraisal
                .as_ref()
                .map_or_else(String::new, |f| f.checklist.clone()),
            item: state
                .appraisal_needing_revision()
                .first()
                .cloned()
                .unwrap_or_default(),
        },
    }
}

/// What the store may read beside a dossier at `stage`: nothing outside an appraisal; at one,
/// no checklist, a checklist whose items all meet the standard, or one with an item plantrack
/// measured as needing revision (which holds the pass back and can be overruled).
fn appraisal_facts(t: &Template, stage: &str) -> Vec<Option<AppraisalFacts>> {
    if !t.is_appraisal_stage(stage) {
        return vec![None];
    }
    let with = |verdict| AppraisalFacts {
        checklist: "vn.commune_general@1".into(),
        items: vec!["conflicts".into(), "report".into()],
        auto: [("conflicts".to_owned(), verdict)].into(),
        round: 1,
    };
    vec![
        None,
        Some(with(AutoVerdict::Meets)),
        Some(with(AutoVerdict::NeedsRevision)),
    ]
}

const OTHER_COMMANDS: [CommandName; 10] = [
    CommandName::RecordFinding,
    CommandName::OverruleFinding,
    CommandName::Hold,
    CommandName::Resume,
    CommandName::ExtendDeadline,
    CommandName::AttachDocument,
    CommandName::AcceptConflict,
    CommandName::ChangeBody,
    CommandName::ChangeConsultant,
    CommandName::AllocateFunding,
];

/// The error a refusal for `blocked_by` must be: its first blocker's.
fn matches_first_blocker(err: &DomainError, blocked_by: &[Blocker]) -> bool {
    match blocked_by.first() {
        Some(Blocker::WrongStatus { .. }) => matches!(err, DomainError::WrongStatus { .. }),
        Some(Blocker::RoleNotAllowed { .. }) => {
            matches!(err, DomainError::RoleNotAllowed { .. })
        }
        Some(Blocker::MissingDocument { .. }) => {
            let kinds: Vec<&str> = blocked_by
                .iter()
                .filter_map(|b| match b {
                    Blocker::MissingDocument { kind, .. } => Some(kind.as_str()),
                    _ => None,
                })
                .collect();
            matches!(err, DomainError::MissingDocuments { missing, .. } if *missing == kinds.join(", "))
        }
        Some(Blocker::LastEventAfterToday { .. }) => matches!(err, DomainError::BadDate { .. }),
        Some(Blocker::UnansweredOpinions { count }) => {
            matches!(err, DomainError::UnansweredOpinions { count: c, .. } if c == count)
        }
        Some(Blocker::FindingsNeedRevision { items }) => matches!(
            err,
            DomainError::Appraisal(AppraisalProblem::FindingsNeedRevision { items: i }) if i == items
        ),
        Some(Blocker::NotAtAppraisal) => matches!(
            err,
            DomainError::Appraisal(AppraisalProblem::NotAtAppraisal { .. })
        ),
        Some(Blocker::NothingToOverrule) => matches!(
            err,
            DomainError::Appraisal(AppraisalProblem::NothingToOverrule { .. })
        ),
        None => false,
    }
}

/// Checks every move of `moves` against `decide` for `role` on `today`; returns how many
/// moves were available, so the caller can see the check is not vacuous.
fn check_against_engine(
    t: &Template,
    state: &DossierState,
    role: Option<&str>,
    moves: &AvailableMoves,
    today: NaiveDate,
) -> Result<usize, String> {
    let cal = VietnamCalendar::new();
    let sent_role = role.unwrap_or(READER);
    let ctx = |what: &str| {
        format!(
            "{} stage {} {:?} role {role:?} docs {:?}: {what}",
            t.key,
            state.stage,
            state.status,
            state.documents.iter().map(|d| &d.kind).collect::<Vec<_>>()
        )
    };
    let mut available = 0;
    let reported: Vec<&str> = moves
        .transitions
        .iter()
        .map(|m| m.action.as_str())
        .collect();
    let expected: Vec<&str> = t
        .transitions_from(&state.stage)
        .map(|tr| tr.action.as_str())
        .collect();
    if reported != expected {
        return Err(ctx(&format!(
            "transitions {reported:?}, expected {expected:?}"
        )));
    }
    for m in &moves.transitions {
        if m.available != m.blocked_by.is_empty() {
            return Err(ctx(&format!(
                "{}: available disagrees with blockers",
                m.action
            )));
        }
        if m.allowed_for_role != role.is_some_and(|r| m.roles.iter().any(|x| x == r)) {
            return Err(ctx(&format!("{}: allowed_for_role is wrong", m.action)));
        }
        let kind = CommandKind::Transition {
            action: m.action.clone(),
        };
        let decided = decide(
            state,
            t,
            &cal,
            &command(state, sent_role, today, kind),
            today,
        );
        match (&decided, m.available) {
            (Ok(_), true) => available += 1,
            (Err(err), false) if matches_first_blocker(err, &m.blocked_by) => {}
            _ => {
                return Err(ctx(&format!(
                    "transition {} reported {:?}, decided {decided:?}",
                    m.action, m.blocked_by
                )));
            }
        }
    }
    for name in OTHER_COMMANDS {
        let m = moves
            .command(name)
            .expect("every other command has an entry");
        if m.command != name || m.available != m.blocked_by.is_empty() {
            return Err(ctx(&format!("{name:?}: inconsistent entry {m:?}")));
        }
        if m.allowed_for_role != role.is_some_and(|r| m.roles.iter().any(|x| x == r)) {
            return Err(ctx(&format!("{name:?}: allowed_for_role is wrong")));
        }
        let kind = valid_command(t, state, name, today);
        let decided = decide(
            state,
            t,
            &cal,
            &command(state, sent_role, today, kind),
            today,
        );
        match (&decided, m.available) {
            (Ok(_), true) => available += 1,
            (Err(err), false) if matches_first_blocker(err, &m.blocked_by) => {}
            _ => {
                return Err(ctx(&format!(
                    "{name:?} reported {:?}, decided {decided:?}",
                    m.blocked_by
                )));
            }
        }
    }
    Ok(available)
}

/// The workflow roles a template mentions (its role list, its transitions, its permissions),
/// and no role.
fn roles(t: &Template) -> Vec<Option<String>> {
    let mut all: Vec<String> = t.roles.iter().map(|r| r.key.clone()).collect();
    all.extend(t.transitions.iter().flat_map(|tr| tr.roles.clone()));
    all.extend(t.permissions.values().flatten().cloned());
    all.sort();
    all.dedup();
    let mut out: Vec<Option<String>> = all.into_iter().map(Some).collect();
    out.push(None);
    out
}

#[test]
fn every_move_shown_is_what_the_engine_decides() {
    let today = d(TODAY);
    let mut checked = 0;
    let mut accepted = 0;
    for t in builtin() {
        let other_stage = t.initial_stage().key.clone();
        for stage in &t.stages {
            let required: Vec<&str> = stage
                .required_documents
                .iter()
                .map(String::as_str)
                .collect();
            // Without documents, with the first only, with all attached in this stage, and
            // with all attached in an earlier stage (which the engine counts).
            let mut document_sets: Vec<Vec<(&str, &str)>> = vec![
                Vec::new(),
                required.iter().map(|k| (*k, stage.key.as_str())).collect(),
                required
                    .iter()
                    .map(|k| (*k, other_stage.as_str()))
                    .collect(),
            ];
            if required.len() > 1 {
                document_sets.push(vec![(required[0], stage.key.as_str())]);
            }
            let statuses: &[DossierStatus] = if stage.terminal {
                &[DossierStatus::Completed]
            } else {
                &[DossierStatus::Active, DossierStatus::OnHold]
            };
            for &status in statuses {
                for documents in &document_sets {
                    for due_on in [None, Some(d("2026-04-30"))] {
                        // A last event before today, and one after (the clock was set back).
                        for last in [d("2026-03-02"), d("2026-03-20")] {
                            for facts in appraisal_facts(&t, &stage.key) {
                                let mut s = state(&t, &stage.key, status, documents, due_on, last);
                                s.appraisal = facts;
                                for role in roles(&t) {
                                    let moves = available_moves(&t, &s, role.as_deref(), today);
                                    accepted += check_against_engine(
                                        &t,
                                        &s,
                                        role.as_deref(),
                                        &moves,
                                        today,
                                    )
                                    .unwrap_or_else(|e| panic!("{e}"));
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "{checked} combinations");
    assert!(accepted > 1000, "{accepted} moves accepted");
}

#[test]
fn a_reader_may_do_nothing_and_is_told_why() {
    for t in builtin() {
        let stage = &t.initial_stage().key;
        let s = state(&t, stage, DossierStatus::Active, &[], None, d("2026-03-02"));
        let moves = available_moves(&t, &s, None, d(TODAY));
        assert!(moves.role.is_none());
        assert!(!moves.transitions.is_empty());
        for m in &moves.transitions {
            assert!(!m.available && !m.allowed_for_role);
            assert!(
                m.blocked_by.contains(&Blocker::RoleNotAllowed {
                    allowed: m.roles.clone()
                }),
                "{m:?}"
            );
        }
        for name in OTHER_COMMANDS {
            let m = moves.command(name).unwrap();
            assert!(!m.available && !m.allowed_for_role, "{m:?}");
        }
    }
}

#[test]
fn a_document_attached_in_an_earlier_stage_counts_as_the_engine_counts_it() {
    // Find a stage that requires a document, and attach it in another stage.
    for t in builtin() {
        let Some(stage) = t
            .stages
            .iter()
            .find(|s| !s.required_documents.is_empty() && !s.terminal)
        else {
            continue;
        };
        let earlier = t.initial_stage().key.as_str();
        let docs: Vec<(&str, &str)> = stage
            .required_documents
            .iter()
            .map(|k| (k.as_str(), earlier))
            .collect();
        let s = state(
            &t,
            &stage.key,
            DossierStatus::Active,
            &docs,
            None,
            d("2026-03-02"),
        );
        let role = t.transitions_from(&stage.key).next().unwrap().roles[0].clone();
        let moves = available_moves(&t, &s, Some(&role), d(TODAY));
        assert!(moves.missing_documents.is_empty(), "{}", t.key);
        assert!(moves.required_documents.iter().all(|r| r.attached));
        assert!(
            moves.transitions.iter().all(|m| !m
                .blocked_by
                .iter()
                .any(|b| matches!(b, Blocker::MissingDocument { .. }))),
            "{}",
            t.key
        );

        // Without them: each is missing, named, and blocks every transition.
        let bare = state(
            &t,
            &stage.key,
            DossierStatus::Active,
            &[],
            None,
            d("2026-03-02"),
        );
        let moves = available_moves(&t, &bare, Some(&role), d(TODAY));
        assert_eq!(moves.missing_documents, stage.required_documents);
        assert!(moves.required_documents.iter().all(|r| !r.attached));
        assert!(
            moves
                .required_documents
                .iter()
                .all(|r| !r.name.vi.is_empty())
        );
        for m in &moves.transitions {
            let missing: Vec<&str> = m
                .blocked_by
                .iter()
                .filter_map(|b| match b {
                    Blocker::MissingDocument { kind, name } => {
                        assert!(!name.vi.is_empty());
                        Some(kind.as_str())
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(missing, stage.required_documents, "{}", m.action);
        }
    }
}

#[test]
fn the_due_date_counts_only_while_the_dossier_is_active() {
    let due = Some(d("2026-04-30"));
    assert_eq!(effective_due_on(DossierStatus::Active, due), due);
    assert_eq!(effective_due_on(DossierStatus::OnHold, due), None);
    assert_eq!(effective_due_on(DossierStatus::Completed, due), None);
    let t = &builtin()[0];
    let stage = &t.initial_stage().key;
    for (status, expected) in [(DossierStatus::Active, due), (DossierStatus::OnHold, None)] {
        let s = state(t, stage, status, &[], due, d("2026-03-02"));
        assert_eq!(s.effective_due_on(), expected);
        assert_eq!(available_moves(t, &s, None, d(TODAY)).due_on, expected);
    }
}

#[test]
fn moves_serialize_with_tagged_blockers() {
    let t = &builtin()[0];
    let s = state(
        t,
        &t.initial_stage().key,
        DossierStatus::OnHold,
        &[],
        None,
        d("2026-03-02"),
    );
    let moves = available_moves(t, &s, None, d(TODAY));
    let json = serde_json::to_value(&moves).unwrap();
    assert_eq!(json["status"], "on_hold");
    assert_eq!(json["hold"]["command"], "hold");
    assert_eq!(json["hold"]["blocked_by"][0]["blocker"], "wrong_status");
    assert_eq!(json["hold"]["blocked_by"][1]["blocker"], "role_not_allowed");
    let back: AvailableMoves = serde_json::from_value(json).unwrap();
    assert_eq!(back, moves);
}

/// A dossier walked by random commands: at every step, the moves shown to the acting role
/// agree with the engine's decision on the command it sends.
fn open(t: &Template, on: NaiveDate) -> (Vec<DossierEvent>, DossierState) {
    let cal = VietnamCalendar::new();
    let kind = open_dossier(7, PlanBodies::default(), t, on, on, &cal).expect("opens");
    let event = DossierEvent {
        dossier_id: 1,
        seq: 1,
        occurred_on: on,
        recorded_at: chrono::Utc::now(),
        actor: "UBND".into(),
        role: "opener".into(),
        reason: "test".into(),
        kind,
        acted_by: None,
    };
    let state = DossierState::apply(None, &event).expect("opened");
    (vec![event], state)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn random_walks_agree_with_the_engine(
        template in 0usize..7,
        steps in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), -3i64..6), 1..150)
    ) {
        let t = builtin().swap_remove(template);
        let roles = roles(&t);
        let cal = VietnamCalendar::new();
        let start = d("2025-07-01");
        let (mut events, mut s) = open(&t, start);
        let mut on = start;
        for (role_at, command_at, gap) in steps {
            on = on.checked_add_signed(chrono::Duration::days(gap)).unwrap().max(start);
            let role = role_at.get(&roles).as_deref();
            let moves = available_moves(&t, &s, role, on);
            // Any of the transitions out of the stage (and one that is not), or another command.
            let mut kinds: Vec<(CommandKind, Option<bool>)> = moves
                .transitions
                .iter()
                .map(|m| (CommandKind::Transition { action: m.action.clone() }, Some(m.available)))
                .collect();
            kinds.push((CommandKind::Transition { action: "no_such_move".into() }, Some(false)));
            for name in OTHER_COMMANDS {
                kinds.push((valid_command(&t, &s, name, on), moves.command(name).map(|m| m.available)));
            }
            let (kind, available) = command_at.get(&kinds).clone();
            let sent = command(&s, role.unwrap_or(READER), on, kind);
            let decided = decide(&s, &t, &cal, &sent, on);
            prop_assert_eq!(decided.is_ok(), available.unwrap(), "{:?} → {:?}", sent, decided);
            if let Ok(kind) = decided {
                let event = DossierEvent {
                    dossier_id: 1,
                    seq: s.version + 1,
                    occurred_on: on,
                    recorded_at: chrono::Utc::now(),
                    actor: sent.actor.name.clone(),
                    role: sent.actor.role.clone(),
                    reason: sent.reason.clone(),
                    kind,
                    acted_by: None,
                };
                s = DossierState::apply(Some(s), &event).expect("applies");
                events.push(event);
            }
        }
        prop_assert_eq!(fold(&events, None).unwrap(), s);
    }
}
