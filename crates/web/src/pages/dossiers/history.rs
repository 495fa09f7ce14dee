//! A dossier's history in the reader's words, and the names of workflow roles.

use plantrack_domain::workflow::{ActedBy, DossierEvent, EventKind, Template as Workflow, Via};

use crate::format;
use crate::i18n::Lang;
use crate::pages::Ctx;

/// One line of a history, in the reader's words.
pub struct EventLine {
    pub seq: u64,
    pub date: String,
    pub recorded: String,
    /// "Recorded 384 days late", for an event dated before the day it was entered; empty
    /// otherwise.
    pub late: String,
    pub who: String,
    /// The account behind the event, its organisation and how it acted (a token, the
    /// command line); empty for events recorded before plantrack kept it.
    pub acted: String,
    pub what: String,
    pub reason: String,
}

/// Describes each event for people: "Chuyển sang: Lập nhiệm vụ", "Đính kèm: Hợp đồng tư vấn".
pub fn describe_events(ctx: &Ctx, template: &Workflow, events: &[DossierEvent]) -> Vec<EventLine> {
    let lang = ctx.lang;
    let stage = |key: &str| {
        template
            .stage(key)
            .map_or_else(|| key.to_owned(), |s| s.name.get(lang).to_owned())
    };
    let doc = |key: &str| {
        template
            .documents
            .iter()
            .find(|d| d.key == key)
            .map_or_else(|| key.to_owned(), |d| d.name.get(lang).to_owned())
    };
    let item_title = |key: &str| {
        plantrack_domain::appraisal::Checklist::item_title(key)
            .map_or_else(|| key.to_owned(), |t| t.get(lang).to_owned())
    };
    events
        .iter()
        .map(|e| {
            let what = match &e.kind {
                EventKind::Opened { stage: s, .. } => {
                    format!("{}: {}", ctx.t("event-opened"), stage(s))
                }
                EventKind::Transitioned { from, to, .. } => {
                    format!(
                        "{}: {} → {}",
                        ctx.t("event-transitioned"),
                        stage(from),
                        stage(to)
                    )
                }
                EventKind::PutOnHold => ctx.t("event-put-on-hold"),
                EventKind::Resumed { .. } => ctx.t("event-resumed"),
                EventKind::DocumentAttached { kind, title, .. } => {
                    format!(
                        "{}: {} — {}",
                        ctx.t("event-document-attached"),
                        doc(kind),
                        title
                    )
                }
                EventKind::DeadlineExtended {
                    new_due_on,
                    approver,
                    ..
                } => format!(
                    "{}: {} ({})",
                    ctx.t("event-deadline-extended"),
                    format::date(*new_due_on),
                    approver
                ),
                EventKind::BodyChanged { name, .. } => {
                    format!("{}: {}", ctx.t("event-body-changed"), name)
                }
                EventKind::ConsultantChanged { name } => {
                    format!("{}: {}", ctx.t("event-consultant-changed"), name)
                }
                EventKind::ConflictAccepted {
                    zone,
                    constraint,
                    layer,
                    accepted_by,
                } => format!(
                    "{}: {zone} × {constraint} ({layer}) — {accepted_by}",
                    ctx.t("event-conflict-accepted")
                ),
                EventKind::FindingRecorded {
                    item,
                    verdict,
                    comment,
                    round,
                    ..
                } => {
                    let mut line = format!(
                        "{}: {} — {} ({})",
                        ctx.t("event-finding-recorded"),
                        item_title(item),
                        crate::i18n::finding_verdict_name(lang, *verdict),
                        ctx.lang
                            .t_args("appraisal-round", &[("round", (*round).into())])
                    );
                    if !comment.is_empty() {
                        line.push_str(" — ");
                        line.push_str(comment);
                    }
                    line
                }
                EventKind::FindingOverruled { item, .. } => {
                    format!("{}: {}", ctx.t("event-finding-overruled"), item_title(item))
                }
                EventKind::FundingAllocated {
                    decision_number,
                    amount_vnd,
                    decision_date,
                } => format!(
                    "{}: {} — {} {} {}",
                    ctx.t("event-funding"),
                    format::vnd(*amount_vnd, ctx.lang),
                    decision_number,
                    ctx.t("dated"),
                    format::date(*decision_date)
                ),
            };
            EventLine {
                seq: e.seq,
                date: format::date(e.occurred_on),
                recorded: format::timestamp(e.recorded_at),
                late: match e.days_recorded_late() {
                    0 => String::new(),
                    days => ctx
                        .lang
                        .t_args("history-recorded-late", &[("days", days.into())]),
                },
                who: format!("{}, {}", e.actor, role_name(template, &e.role, lang)),
                acted: e
                    .acted_by
                    .as_ref()
                    .map_or_else(String::new, |a| acted(lang, a)),
                what,
                reason: e.reason.clone(),
            }
        })
        .collect()
}

/// Who acted, in the reader's words: the person and their organisation as the account
/// says now ("Nguyễn Thị Lan (lan), UBND xã Sìn Hồ"), and "through token T" or "the
/// operator at the command line". The display name the event was recorded under is shown
/// beside it, unchanged.
pub fn acted(lang: Lang, a: &ActedBy) -> String {
    let person = match (&a.account, a.account_id) {
        (Some(names), _) => lang.t_args(
            "event-acted-person",
            &[
                ("person", names.display_name.as_str().into()),
                ("username", names.username.as_str().into()),
                ("organisation", names.organisation.as_str().into()),
            ],
        ),
        // An account the store no longer has: its number is what the event keeps.
        (None, Some(id)) => lang.t_args("event-acted-account", &[("id", id.into())]),
        (None, None) => String::new(),
    };
    let how = match a.via {
        Via::Operator => lang.t("event-acted-operator"),
        Via::Session => String::new(),
        Via::Token => lang.t_args(
            "event-acted-token",
            &[
                ("token", a.token_label.clone().unwrap_or_default().into()),
                ("id", a.token_id.unwrap_or_default().into()),
            ],
        ),
    };
    [person, how]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A workflow role's name as the template gives it.
pub fn role_name(template: &Workflow, role: &str, lang: Lang) -> String {
    template
        .roles
        .iter()
        .find(|r| r.key == role)
        .map_or_else(|| role.to_owned(), |r| r.name.get(lang).to_owned())
}
