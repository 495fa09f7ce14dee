//! What the dossier page offers the reader: its forms and its checklist, taken from the
//! moves the engine computed ([`AvailableMoves`]), never re-derived here.

use plantrack_domain::workflow::{AvailableMoves, Blocker, CommandName};

use crate::i18n::Lang;

/// A transition form: the move, where it leads, and what still stops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionForm {
    pub action: String,
    pub name: String,
    pub to_name: String,
    /// Why the engine would refuse it now, in the reader's words; empty when it would not.
    pub blocked_by: Vec<String>,
}

/// A required document of the stage, and whether it is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub name: String,
    pub done: bool,
}

/// The page's forms and checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMoves {
    pub checklist: Vec<ChecklistItem>,
    /// The transitions the reader's role may take while the dossier's status allows any.
    pub actions: Vec<ActionForm>,
    pub can_hold: bool,
    pub can_resume: bool,
    pub can_extend: bool,
    pub can_attach: bool,
    pub can_accept: bool,
}

impl PageMoves {
    pub fn of(moves: &AvailableMoves, lang: Lang) -> Self {
        let checklist = moves
            .required_documents
            .iter()
            .map(|d| ChecklistItem {
                name: d.name.get(lang).to_owned(),
                done: d.attached,
            })
            .collect();
        // A move the role may not take is not offered at all; nor are transitions while the
        // status allows none (a dossier on hold offers to resume instead).
        let moving = CommandName::Transition.allowed_in(moves.status);
        let actions = moves
            .transitions
            .iter()
            .filter(|t| moving && t.allowed_for_role)
            .map(|t| ActionForm {
                action: t.action.clone(),
                name: t.name.get(lang).to_owned(),
                to_name: t.to_name.get(lang).to_owned(),
                blocked_by: t.blocked_by.iter().map(|b| blocker_text(b, lang)).collect(),
            })
            .collect();
        PageMoves {
            checklist,
            actions,
            can_hold: moves.hold.available,
            can_resume: moves.resume.available,
            can_extend: moves.extend_deadline.available,
            can_attach: moves.attach_document.available,
            can_accept: moves.accept_conflict.available,
        }
    }
}

/// What stops a move, as a reader is told it.
pub fn blocker_text(b: &Blocker, lang: Lang) -> String {
    match b {
        Blocker::MissingDocument { name, .. } => name.get(lang).to_owned(),
        Blocker::WrongStatus { status } => lang.t(&format!("status-{}", status.as_str())),
        Blocker::RoleNotAllowed { .. } => lang.t("blocker-role"),
        Blocker::LastEventAfterToday { last_event_on } => lang.t_args(
            "blocker-last-event-after-today",
            &[("date", crate::format::date(*last_event_on).into())],
        ),
        Blocker::UnansweredOpinions { count } => {
            lang.t_args("blocker-unanswered-opinions", &[("count", (*count).into())])
        }
        Blocker::FindingsNeedRevision { items } => lang.t_args(
            "blocker-findings-need-revision",
            &[("count", items.len().into())],
        ),
        Blocker::NotAtAppraisal => lang.t("blocker-not-at-appraisal"),
        Blocker::NothingToOverrule => lang.t("blocker-nothing-to-overrule"),
    }
}

#[cfg(test)]
mod tests {
    //! The page and the engine agree: every form the page offers as ready is a command the
    //! engine accepts, and every command the engine accepts has its form, for every built-in
    //! template, stage and role, with and without the stage's documents.

    use chrono::NaiveDate;
    use plantrack_domain::calendar::VietnamCalendar;
    use plantrack_domain::plan::PlanBodies;
    use plantrack_domain::workflow::dossier::AttachedDocument;
    use plantrack_domain::workflow::{
        self, Actor, Command, CommandKind, DossierState, DossierStatus, Template, available_moves,
    };

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn accepts(
        state: &DossierState,
        template: &Template,
        role: &str,
        kind: CommandKind,
        today: NaiveDate,
    ) -> bool {
        let command = Command {
            expected_version: Some(state.version),
            actor: Actor {
                name: "Cán bộ".into(),
                role: role.into(),
            },
            reason: "kiểm tra".into(),
            effective_on: today,
            kind,
        };
        workflow::decide(
            state,
            template,
            &VietnamCalendar::default(),
            &command,
            today,
        )
        .is_ok()
    }

    /// A dossier of `template` in `stage` with `status`, holding the stage's required
    /// documents or none.
    fn state_in(
        template: &Template,
        stage: &str,
        status: DossierStatus,
        with_documents: bool,
    ) -> DossierState {
        let documents = if with_documents {
            template
                .stage(stage)
                .map(|s| s.required_documents.clone())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        DossierState {
            id: 1,
            plan_id: 1,
            template: template.key.clone(),
            template_version: template.version,
            stage: stage.to_owned(),
            status,
            version: 3,
            opened_on: day(2025, 7, 1),
            stage_entered_on: day(2025, 9, 1),
            due_on: Some(day(2026, 1, 15)),
            on_hold_since: (status == DossierStatus::OnHold).then_some(day(2025, 10, 1)),
            last_event_on: day(2025, 10, 1),
            bodies: PlanBodies::default(),
            consultant: None,
            documents: documents
                .into_iter()
                .enumerate()
                .map(|(i, kind)| AttachedDocument {
                    kind,
                    title: "x".into(),
                    reference: String::new(),
                    stage: stage.to_owned(),
                    attached_on: day(2025, 9, 2),
                    seq: 2 + i as u64,
                    actor: "Cán bộ".into(),
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

    #[test]
    fn the_page_offers_what_the_engine_accepts() {
        let today = day(2025, 11, 25);
        let mut checked = 0;
        for (template, _) in Template::builtin() {
            for stage in &template.stages {
                for (status, with_documents, needing_revision) in [
                    (DossierStatus::Active, false, false),
                    (DossierStatus::Active, true, false),
                    (DossierStatus::Active, true, true),
                    (DossierStatus::OnHold, true, false),
                    (DossierStatus::Completed, true, false),
                ] {
                    let mut state = state_in(&template, &stage.key, status, with_documents);
                    if template.is_appraisal_stage(&stage.key) {
                        // An appraisal with one item plantrack measured as needing revision
                        // (or none): the pass is offered exactly when the engine takes it.
                        state.appraisal = Some(plantrack_domain::appraisal::AppraisalFacts {
                            checklist: "vn.commune_general@1".into(),
                            items: vec!["conflicts".into()],
                            auto: [(
                                "conflicts".to_owned(),
                                if needing_revision {
                                    plantrack_domain::appraisal::AutoVerdict::NeedsRevision
                                } else {
                                    plantrack_domain::appraisal::AutoVerdict::Meets
                                },
                            )]
                            .into(),
                            round: 1,
                        });
                    }
                    for role in template.roles.iter().map(|r| r.key.as_str()) {
                        let moves = available_moves(&template, &state, Some(role), today);
                        let page = PageMoves::of(&moves, Lang::Vi);
                        for t in template.transitions_from(&stage.key) {
                            let accepted = accepts(
                                &state,
                                &template,
                                role,
                                CommandKind::Transition {
                                    action: t.action.clone(),
                                },
                                today,
                            );
                            let ready = page
                                .actions
                                .iter()
                                .any(|a| a.action == t.action && a.blocked_by.is_empty());
                            assert_eq!(
                                ready, accepted,
                                "{} {} {role} {}",
                                template.key, stage.key, t.action
                            );
                            checked += 1;
                        }
                        let cases = [
                            (page.can_hold, CommandKind::Hold),
                            (page.can_resume, CommandKind::Resume),
                            (
                                page.can_extend,
                                CommandKind::ExtendDeadline {
                                    new_due_on: day(2027, 1, 1),
                                    approver: "Chủ tịch".into(),
                                },
                            ),
                            (
                                page.can_attach,
                                CommandKind::AttachDocument {
                                    kind: template.documents[0].key.clone(),
                                    title: "x".into(),
                                    reference: String::new(),
                                    file: None,
                                },
                            ),
                            (
                                page.can_accept,
                                CommandKind::AcceptConflict {
                                    zone: "R-1".into(),
                                    constraint: "QP-1".into(),
                                    layer: "quoc-phong".into(),
                                    accepted_by: "Giám đốc Sở".into(),
                                },
                            ),
                        ];
                        for (offered, kind) in cases {
                            let name = kind.permission();
                            assert_eq!(
                                offered,
                                accepts(&state, &template, role, kind, today),
                                "{} {} {role} {name}",
                                template.key,
                                stage.key
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 500, "{checked} moves compared");
    }
}
