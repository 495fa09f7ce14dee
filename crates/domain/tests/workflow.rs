//! The workflow engine against the shipped commune general plan template: refusals, deadlines,
//! and property tests that random command sequences keep the invariants.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use chrono::{Days, NaiveDate, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::calendar::VietnamCalendar;
use plantrack_domain::plan::PlanBodies;
use plantrack_domain::workflow::{
    Actor, Command, CommandKind, DossierEvent, DossierState, DossierStatus, EventKind, Template,
    decide, fold, open_dossier,
};
use proptest::prelude::*;

fn template() -> Template {
    Template::builtin()
        .into_iter()
        .map(|(t, _)| t)
        .find(|t| t.key == "vn.commune_general")
        .expect("commune template ships")
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("valid date")
}

/// A dossier history kept in memory the way the store keeps it: events, and the state
/// written with each.
struct Dossier {
    events: Vec<DossierEvent>,
    state: DossierState,
}

impl Dossier {
    fn open(t: &Template, on: NaiveDate) -> Self {
        let cal = VietnamCalendar::new();
        let kind =
            open_dossier(7, PlanBodies::default(), t, on, d("2030-01-01"), &cal).expect("opens");
        let event = envelope(1, on, "UBND xã", "commune_pc", kind);
        let state = DossierState::apply(None, &event).expect("opened");
        Dossier {
            events: vec![event],
            state,
        }
    }

    /// Decides and, if accepted, appends — the store's job, without the database.
    fn run(&mut self, t: &Template, command: &Command) -> Result<(), DomainError> {
        let cal = VietnamCalendar::new();
        let kind = decide(&self.state, t, &cal, command, d("2030-01-01"))?;
        let event = envelope(
            self.state.version + 1,
            command.effective_on,
            &command.actor.name,
            &command.actor.role,
            kind,
        );
        self.state = DossierState::apply(Some(self.state.clone()), &event).expect("applies");
        self.events.push(event);
        Ok(())
    }
}

fn envelope(seq: u64, on: NaiveDate, actor: &str, role: &str, kind: EventKind) -> DossierEvent {
    DossierEvent {
        dossier_id: 1,
        seq,
        occurred_on: on,
        recorded_at: Utc::now(),
        actor: actor.to_owned(),
        role: role.to_owned(),
        reason: "test".to_owned(),
        kind,
        acted_by: None,
    }
}

/// A dossier opened on `opened` whose consultant was selected on `selected`.
fn in_task_preparation(t: &Template, opened: NaiveDate, selected: NaiveDate) -> Dossier {
    let mut dossier = Dossier::open(t, opened);
    for kind in [
        attach("consultant_contract"),
        transition("select_consultant"),
    ] {
        dossier
            .run(t, &command("commune_pc", selected, kind))
            .unwrap();
    }
    dossier
}

fn command(role: &str, on: NaiveDate, kind: CommandKind) -> Command {
    Command {
        expected_version: None,
        actor: Actor {
            name: format!("actor as {role}"),
            role: role.to_owned(),
        },
        reason: "because".to_owned(),
        effective_on: on,
        kind,
    }
}

fn transition(action: &str) -> CommandKind {
    CommandKind::Transition {
        action: action.to_owned(),
    }
}

fn attach(kind: &str) -> CommandKind {
    CommandKind::AttachDocument {
        kind: kind.to_owned(),
        title: format!("{kind} title"),
        reference: String::new(),
        file: None,
    }
}

#[test]
fn refuses_illegal_moves_with_the_reason() {
    let t = template();
    let mut dossier = Dossier::open(&t, d("2025-07-10"));
    let on = d("2025-07-20");
    // Not a transition from consultant selection.
    let err = dossier
        .run(
            &t,
            &command("provincial_pc", on, transition("approve_plan")),
        )
        .unwrap_err();
    assert!(
        matches!(err, DomainError::IllegalTransition { .. }),
        "{err:?}"
    );
    // The right move by the wrong role.
    let err = dossier
        .run(
            &t,
            &command("consultant", on, transition("select_consultant")),
        )
        .unwrap_err();
    assert!(matches!(err, DomainError::RoleNotAllowed { .. }), "{err:?}");
    // The right move by the right role, before the contract is attached.
    let err = dossier
        .run(
            &t,
            &command("commune_pc", on, transition("select_consultant")),
        )
        .unwrap_err();
    assert_eq!(
        err,
        DomainError::MissingDocuments {
            stage: "consultant_selection".into(),
            missing: "consultant_contract".into()
        }
    );
    // A stale version.
    let mut stale = command("commune_pc", on, attach("consultant_contract"));
    stale.expected_version = Some(5);
    assert!(matches!(
        dossier.run(&t, &stale).unwrap_err(),
        DomainError::VersionConflict { .. }
    ));
    // Before the last event, or without a reason.
    let err = dossier
        .run(
            &t,
            &command("commune_pc", d("2025-07-01"), attach("consultant_contract")),
        )
        .unwrap_err();
    assert!(matches!(err, DomainError::BadDate { .. }), "{err:?}");
    let mut no_reason = command("commune_pc", on, attach("consultant_contract"));
    no_reason.reason = "  ".into();
    assert!(matches!(
        dossier.run(&t, &no_reason).unwrap_err(),
        DomainError::InvalidField { .. }
    ));
    assert_eq!(dossier.events.len(), 1, "refusals append nothing");

    dossier
        .run(
            &t,
            &command("commune_pc", on, attach("consultant_contract")),
        )
        .unwrap();
    dossier
        .run(
            &t,
            &command("commune_pc", on, transition("select_consultant")),
        )
        .unwrap();
    assert_eq!(dossier.state.stage, "task_preparation");
}

#[test]
fn task_preparation_is_due_one_month_after_it_starts() {
    let t = template();
    let dossier = in_task_preparation(&t, d("2025-07-10"), d("2025-07-15"));
    // 15/8/2025 is a Friday and a working day: ≤ 1 month (Decree 178 Art 4(1)(c)).
    assert_eq!(dossier.state.due_on, Some(d("2025-08-15")));
}

#[test]
fn time_on_hold_does_not_count_against_the_limit() {
    let t = template();
    let mut dossier = in_task_preparation(&t, d("2025-07-10"), d("2025-07-15"));
    let due = dossier.state.due_on.unwrap();
    dossier
        .run(
            &t,
            &command("provincial_pc", d("2025-07-25"), CommandKind::Hold),
        )
        .unwrap();
    let err = dossier.run(
        &t,
        &command(
            "commune_pc",
            d("2025-07-26"),
            transition("submit_task_for_consultation"),
        ),
    );
    assert!(matches!(err.unwrap_err(), DomainError::WrongStatus { .. }));
    dossier
        .run(
            &t,
            &command("provincial_pc", d("2025-08-04"), CommandKind::Resume),
        )
        .unwrap();
    assert_eq!(dossier.state.status, DossierStatus::Active);
    let held = Days::new(10);
    assert!(dossier.state.due_on.unwrap() >= due + held);
}

#[test]
fn community_consultation_runs_from_the_published_notice() {
    let t = template();
    let mut dossier = Dossier::open(&t, d("2025-07-01"));
    let steps: [(&str, CommandKind); 12] = [
        ("commune_pc", attach("consultant_contract")),
        ("commune_pc", transition("select_consultant")),
        ("consultant", attach("task_draft")),
        ("commune_pc", transition("submit_task_for_consultation")),
        ("commune_pc", attach("task_opinion_synthesis")),
        ("commune_pc", transition("submit_task_for_appraisal")),
        ("construction_dept", attach("task_appraisal_report")),
        ("construction_dept", transition("forward_task_for_approval")),
        ("provincial_pc", attach("task_approval_decision")),
        ("provincial_pc", transition("approve_task")),
        ("consultant", attach("draft_plan")),
        ("commune_pc", transition("open_plan_consultation")),
    ];
    let mut on = d("2025-07-02");
    for (role, kind) in steps {
        dossier.run(&t, &command(role, on, kind)).unwrap();
        on = on + Days::new(3);
    }
    assert_eq!(dossier.state.stage, "plan_consultation");
    let entered = dossier.state.stage_entered_on;
    let before_notice = dossier.state.due_on.unwrap();
    dossier
        .run(
            &t,
            &command(
                "commune_pc",
                entered + Days::new(5),
                attach("consultation_notice"),
            ),
        )
        .unwrap();
    // At most 30 days from the notice (Law 47 Art 37(7)(b)), later than before.
    let due = dossier.state.due_on.unwrap();
    assert!(due > before_notice);
    assert!(
        due >= entered + Days::new(35) && due <= entered + Days::new(40),
        "{due}"
    );
}

/// The commands a random walk may try: every action of the template, and the others.
fn any_command(t: &Template) -> impl Strategy<Value = (String, CommandKind, u64)> {
    let roles: Vec<String> = t.roles.iter().map(|r| r.key.clone()).collect();
    let mut kinds: Vec<CommandKind> = t
        .transitions
        .iter()
        .map(|tr| transition(&tr.action))
        .collect();
    kinds.extend(t.documents.iter().map(|doc| attach(&doc.key)));
    kinds.extend([
        CommandKind::Hold,
        CommandKind::Resume,
        CommandKind::ChangeConsultant {
            name: "Tư vấn".into(),
        },
        CommandKind::ExtendDeadline {
            new_due_on: d("2027-01-01"),
            approver: "Giám đốc Sở".into(),
        },
    ]);
    (
        prop::sample::select(roles),
        prop::sample::select(kinds),
        0u64..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_commands_keep_the_invariants(
        steps in prop::collection::vec(any_command(&template()), 1..120)
    ) {
        let t = template();
        let mut dossier = Dossier::open(&t, d("2025-07-01"));
        let mut on = d("2025-07-01");
        for (role, kind, gap) in steps {
            on = on + Days::new(gap);
            let before = dossier.state.clone();
            let events_before = dossier.events.len();
            if let Ok(()) = dossier.run(&t, &command(&role, on, kind)) {
                // Versions increase by one per accepted command.
                prop_assert_eq!(dossier.state.version, before.version + 1);
                prop_assert_eq!(dossier.events.len(), events_before + 1);
                // Only legal stages, reached only by the template's transitions.
                prop_assert!(t.stage(&dossier.state.stage).is_some());
                if let EventKind::Transitioned { from, action, to, .. } = &dossier.events.last().unwrap().kind {
                    let legal = t.transition(from, action).unwrap();
                    prop_assert_eq!(&legal.to, to);
                    prop_assert!(legal.roles.contains(&role));
                }
            } else {
                // A refused command changes nothing.
                prop_assert_eq!(&dossier.state, &before);
                prop_assert_eq!(dossier.events.len(), events_before);
            }
            // The state is always the fold of the events.
            let folded = fold(&dossier.events, None).unwrap();
            prop_assert_eq!(&folded, &dossier.state);
            prop_assert_eq!(folded.version as usize, dossier.events.len());
        }
        // The state as of any past day is the fold of that day's prefix.
        let middle = dossier.events[dossier.events.len() / 2].occurred_on;
        let as_of = fold(&dossier.events, Some(middle)).unwrap();
        let prefix: Vec<_> = dossier.events.iter().take_while(|e| e.occurred_on <= middle).cloned().collect();
        prop_assert_eq!(as_of, fold(&prefix, None).unwrap());
    }
}

#[test]
fn the_timeline_shows_each_stage_entered_left_and_due() {
    use plantrack_domain::workflow::timeline::timeline;
    let t = template();
    let dossier = in_task_preparation(&t, d("2025-08-01"), d("2025-08-20"));
    let line = timeline(&t, &dossier.events);
    assert_eq!(line.visits.len(), 2);
    let first = &line.visits[0];
    assert_eq!(
        (first.stage.as_str(), first.entered_on, first.left_on),
        (
            "consultant_selection",
            d("2025-08-01"),
            Some(d("2025-08-20"))
        )
    );
    assert_eq!(first.due_on, dossier.events[0].kind_due_on());
    let current = &line.visits[1];
    assert_eq!(current.stage, dossier.state.stage);
    assert_eq!(current.left_on, None);
    assert_eq!(
        current.due_on, dossier.state.due_on,
        "the visit's due date is the state's"
    );
    // Every later stage of the template is still ahead, in order.
    let ahead: Vec<usize> = line.ahead.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        ahead,
        (current.order + 1..t.stages.len()).collect::<Vec<_>>()
    );
}

trait OpenedDue {
    fn kind_due_on(&self) -> Option<NaiveDate>;
}

impl OpenedDue for DossierEvent {
    fn kind_due_on(&self) -> Option<NaiveDate> {
        match &self.kind {
            EventKind::Opened { due_on, .. } => *due_on,
            _ => None,
        }
    }
}

#[test]
fn a_conflict_is_accepted_by_the_authorities_with_who_and_why() {
    let t = template();
    let mut dossier = in_task_preparation(&t, d("2025-08-01"), d("2025-08-20"));
    let accept = |by: &str| CommandKind::AcceptConflict {
        zone: "R-1".into(),
        constraint: "QP-7".into(),
        layer: "quoc-phong".into(),
        accepted_by: by.into(),
    };
    // The template names no `accept_conflict` roles: those who extend deadlines accept.
    assert!(t.roles_for("accept_conflict").is_empty());
    assert_eq!(
        t.roles_accepting_conflicts(),
        t.roles_for("extend_deadline")
    );
    let by_commune = dossier.run(&t, &command("commune_pc", d("2025-09-01"), accept("Xã")));
    assert!(
        matches!(by_commune, Err(DomainError::RoleNotAllowed { .. })),
        "{by_commune:?}"
    );
    let nameless = dossier.run(
        &t,
        &command("construction_dept", d("2025-09-01"), accept(" ")),
    );
    assert!(
        matches!(nameless, Err(DomainError::InvalidField { .. })),
        "{nameless:?}"
    );
    dossier
        .run(
            &t,
            &command("construction_dept", d("2025-09-01"), accept("Nguyễn Văn A")),
        )
        .unwrap();
    let accepted = &dossier.state.accepted_conflicts;
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        (
            accepted[0].accepted_by.as_str(),
            accepted[0].reason.as_str(),
            accepted[0].accepted_on
        ),
        // The reason is the event's (this file's envelope records "test").
        ("Nguyễn Văn A", "test", d("2025-09-01"))
    );
    // Folding the history gives the same state.
    assert_eq!(fold(&dossier.events, None).unwrap(), dossier.state);
}

/// The plan goes to appraisal only with a complete synthesis table: the refusal counts the
/// opinions without an answer, and another command in the stage is not held up by them.
#[test]
fn a_consultation_is_left_only_when_every_opinion_is_answered() {
    let t = template();
    let mut dossier = Dossier::open(&t, d("2025-07-01"));
    let steps: [(&str, CommandKind); 12] = [
        ("commune_pc", attach("consultant_contract")),
        ("commune_pc", transition("select_consultant")),
        ("consultant", attach("task_draft")),
        ("commune_pc", transition("submit_task_for_consultation")),
        ("commune_pc", attach("task_opinion_synthesis")),
        ("commune_pc", transition("submit_task_for_appraisal")),
        ("construction_dept", attach("task_appraisal_report")),
        ("construction_dept", transition("forward_task_for_approval")),
        ("provincial_pc", attach("task_approval_decision")),
        ("provincial_pc", transition("approve_task")),
        ("consultant", attach("draft_plan")),
        ("commune_pc", transition("open_plan_consultation")),
    ];
    let mut on = d("2025-07-02");
    for (role, kind) in steps {
        dossier.run(&t, &command(role, on, kind)).unwrap();
        on = on + Days::new(3);
    }
    assert_eq!(dossier.state.stage, "plan_consultation");
    // What the store reads beside the events before deciding.
    dossier.state.unanswered_opinions = 3;
    dossier
        .run(
            &t,
            &command("commune_pc", on, attach("opinion_synthesis_report")),
        )
        .expect("attaching is not held up by unanswered opinions");
    assert_eq!(dossier.state.unanswered_opinions, 3, "still the same stage");
    let submit = command("commune_pc", on, transition("submit_plan_for_appraisal"));
    assert_eq!(
        dossier.run(&t, &submit),
        Err(DomainError::UnansweredOpinions {
            stage: "plan_consultation".to_owned(),
            count: 3,
        })
    );
    assert_eq!(dossier.state.stage, "plan_consultation", "nothing moved");
    dossier.state.unanswered_opinions = 0;
    dossier.run(&t, &submit).expect("every opinion answered");
    assert_eq!(dossier.state.stage, "plan_appraisal");
}
