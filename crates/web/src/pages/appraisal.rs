//! A dossier's appraisal workspace (issue 19): every item of its plan type's content
//! checklist — the national items and the province's — with its legal basis, what answers it
//! and where it stands; the automatic items measured on the newest checked land-use map; the
//! appraiser's findings of this round beside the round before; leadership's overrules; the
//! returns for revision and what the commune sent back. The appraiser records findings here
//! and leadership overrules them; passing or returning the plan is the dossier's own move.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plantrack_domain::appraisal::checklist::ItemScope;
use plantrack_domain::appraisal::{AutoFinding, Checklist, Evidence, FindingVerdict};
use plantrack_domain::workflow::CommandKind;
use plantrack_store::appraisal::{Appraisal, ItemFinding, ItemVerdict};
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::format;
use crate::i18n::{describe_figure, finding_verdict_name, verdict_name};

/// One checklist item as the page shows it.
pub struct ItemRow {
    pub key: String,
    pub title: String,
    pub province: bool,
    pub source: String,
    /// What answers it: the figures measured, the document (attached or not), the section.
    pub evidence: String,
    /// After a return: what plantrack measured on the map the round before.
    pub evidence_before: Option<String>,
    pub basis: String,
    pub status: String,
    pub verdict: String,
    /// `ok`, `late`, `hold` or `soon`: the badge's colour, never its only sign.
    pub badge: &'static str,
    /// The appraiser's finding of this round: "Cần chỉnh sửa — comment (name, dd/mm/yyyy)".
    pub finding: Option<String>,
    /// The round before's finding, and whether this round closed it or kept it.
    pub before: Option<String>,
    pub overruled: Option<String>,
    /// Whether the item holds the pass back now.
    pub needs_revision: bool,
}

/// A return for revision as the page lists it.
pub struct ReturnRow {
    /// "Lần thẩm định 1".
    pub label: String,
    pub on: String,
    pub by: String,
    pub reason: String,
    pub items: Vec<String>,
}

/// A move out of the appraisal stage the reader may take now.
pub struct DecisionMove {
    pub action: String,
    pub name: String,
    /// Why it cannot be taken now, if it cannot.
    pub blocked: Vec<String>,
}

#[derive(Template)]
#[template(path = "appraisal.html")]
struct AppraisalPage<'a> {
    c: &'a Ctx,
    dossier: i64,
    unit_code: String,
    name: String,
    checklist: String,
    version: u64,
    map_checked_at: Option<String>,
    needs_revision: usize,
    open: usize,
    no_data: usize,
    at_appraisal: bool,
    /// Where the appraisal stands: "Đang thẩm định (lần 2)", "Đã thẩm định", "Chưa thẩm định".
    round_text: String,
    needing_revision: Vec<String>,
    items: Vec<ItemRow>,
    withdrawn: Vec<(String, String)>,
    returns: Vec<ReturnRow>,
    resubmitted: Vec<(String, String, String)>,
    /// The departments' opinions asked since the plan reached appraisal.
    opinions: Vec<super::information_requests::RequestRow>,
    can_record: bool,
    can_overrule: bool,
    decisions: Vec<DecisionMove>,
    message: Option<String>,
    /// "Đã lưu kết quả thẩm định của mục …" after a change.
    saved: Option<String>,
}

/// `?saved=ITEM`: the item whose finding or overrule was just stored, said on the page.
#[derive(Deserialize)]
pub struct Saved {
    saved: Option<String>,
}

pub async fn appraisal_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Result<Response, PageError> {
    let mut page = build(&ctx, &state, id, None).await?;
    page.saved = saved.saved.and_then(|key| {
        page.items.iter().find(|i| i.key == key).map(|i| {
            ctx.lang
                .t_args("appraisal-page-saved", &[("item", i.title.clone().into())])
        })
    });
    Ok(render(&page))
}

async fn build<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    id: i64,
    message: Option<String>,
) -> Result<AppraisalPage<'a>, PageError> {
    ctx.principal()?;
    let a = state
        .planning
        .appraisal(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let reading = state
        .planning
        .dossier(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let lang = ctx.lang;
    let count = |v: ItemVerdict| a.items.iter().filter(|i| i.verdict == v).count();
    let title = |key: &str| {
        a.items
            .iter()
            .find(|i| i.key == key)
            .map_or_else(|| key.to_owned(), |i| i.title.get(lang).to_owned())
    };
    let finding_text = |f: &ItemFinding| {
        let verdict = finding_verdict_name(lang, f.verdict);
        let (by, on) = (&f.by, format::date(f.on));
        if f.comment.is_empty() {
            format!("{verdict} ({by}, {on})")
        } else {
            format!("{verdict} — {} ({by}, {on})", f.comment)
        }
    };
    let figures = |auto: &AutoFinding| {
        auto.figures
            .iter()
            .map(|f| describe_figure(lang, f))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let items = a
        .items
        .iter()
        .map(|i| {
            let evidence = match (&i.evidence, &i.auto) {
                (Evidence::Auto { .. }, Some(auto)) if !auto.figures.is_empty() => figures(auto),
                _ => crate::appraisal_report::describe_evidence(i, lang),
            };
            let before = i.previous.as_ref().map(|p| {
                let outcome = match (p.verdict, i.finding.as_ref().map(|f| f.verdict)) {
                    (FindingVerdict::NeedsRevision, Some(FindingVerdict::NeedsRevision)) => {
                        ctx.t("appraisal-page-kept")
                    }
                    (FindingVerdict::NeedsRevision, Some(_)) => ctx.t("appraisal-page-closed"),
                    (FindingVerdict::NeedsRevision, None) => ctx.t("appraisal-page-to-review"),
                    _ => String::new(),
                };
                let text = finding_text(p);
                if outcome.is_empty() {
                    text
                } else {
                    format!("{text} — {outcome}")
                }
            });
            ItemRow {
                key: i.key.clone(),
                title: i.title.get(lang).to_owned(),
                province: i.scope == ItemScope::Province,
                source: ctx.tk("appraisal-source-", &i.source),
                evidence,
                evidence_before: i
                    .previous_auto
                    .as_ref()
                    .filter(|p| !p.figures.is_empty())
                    .map(figures),
                basis: format::legal_text(&i.basis, lang),
                status: ctx.tk("verification-", i.status.tag()),
                verdict: verdict_name(lang, i.verdict),
                badge: match i.verdict {
                    ItemVerdict::Meets => "ok",
                    ItemVerdict::NeedsRevision => "late",
                    ItemVerdict::NoData | ItemVerdict::NotApplicable => "hold",
                    ItemVerdict::Open => "soon",
                },
                finding: i.finding.as_ref().map(finding_text),
                before,
                overruled: i
                    .overruled
                    .as_ref()
                    .map(|o| format!("{} ({}, {})", o.reason, o.by, format::date(o.on))),
                needs_revision: a.needing_revision.contains(&i.key),
            }
        })
        .collect();
    let moves = &reading.moves;
    let template = &reading.template;
    let decisions = if a.at_appraisal {
        moves
            .transitions
            .iter()
            .filter(|t| {
                t.allowed_for_role
                    && template
                        .transition(&a.stage, &t.action)
                        .is_some_and(|tr| tr.appraisal.is_some())
            })
            .map(|t| DecisionMove {
                action: t.action.clone(),
                name: t.name.get(lang).to_owned(),
                blocked: t
                    .blocked_by
                    .iter()
                    .map(|b| super::dossiers::blocker_text(b, lang))
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AppraisalPage {
        c: ctx,
        dossier: a.dossier,
        unit_code: a.unit_code.clone(),
        name: a.name.get(lang).to_owned(),
        checklist: a.checklist.clone(),
        version: reading.state.version,
        map_checked_at: a.map_checked_at.as_deref().map(format::stored_timestamp),
        needs_revision: count(ItemVerdict::NeedsRevision),
        open: count(ItemVerdict::Open),
        no_data: count(ItemVerdict::NoData),
        at_appraisal: a.at_appraisal,
        round_text: {
            let round = [("round", a.round.into())];
            if a.at_appraisal {
                lang.t_args("appraisal-page-at-appraisal", &round)
            } else if a.round > 0 {
                lang.t_args("appraisal-page-after-appraisal", &round)
            } else {
                ctx.t("appraisal-page-before-appraisal")
            }
        },
        needing_revision: a.needing_revision.iter().map(|k| title(k)).collect(),
        items,
        withdrawn: a
            .withdrawn
            .iter()
            .map(|w| {
                let name = Checklist::item_title(&w.key)
                    .map_or_else(|| w.key.clone(), |t| t.get(lang).to_owned());
                (name, w.reason.get(lang).to_owned())
            })
            .collect(),
        returns: returns(&a, lang, &title),
        resubmitted: a
            .resubmitted
            .iter()
            .map(|d| {
                let kind = template
                    .documents
                    .iter()
                    .find(|k| k.key == d.kind)
                    .map_or_else(|| d.kind.clone(), |k| k.name.get(lang).to_owned());
                (format::date(d.on), kind, d.title.clone())
            })
            .collect(),
        opinions: a
            .opinions
            .iter()
            .map(|r| super::information_requests::row(ctx, r))
            .collect(),
        can_record: a.at_appraisal && moves.record_finding.available,
        can_overrule: a.at_appraisal && moves.overrule_finding.available,
        decisions,
        message,
        saved: None,
    })
}

fn returns(
    a: &Appraisal,
    lang: crate::i18n::Lang,
    title: &dyn Fn(&str) -> String,
) -> Vec<ReturnRow> {
    a.returns
        .iter()
        .map(|r| ReturnRow {
            label: lang.t_args("appraisal-round", &[("round", r.round.into())]),
            on: format::date(r.on),
            by: r.by.clone(),
            reason: r.reason.clone(),
            items: r.items.iter().map(|k| title(k)).collect(),
        })
        .collect()
}

#[derive(Deserialize)]
pub struct FindingForm {
    version: u64,
    checklist: String,
    item: String,
    verdict: Option<String>,
    #[serde(default)]
    comment: String,
}

#[derive(Deserialize)]
pub struct OverruleForm {
    version: u64,
    checklist: String,
    item: String,
    #[serde(default)]
    reason: String,
}

/// Records the appraiser's finding on one item, as the signed-in account.
pub async fn record_finding(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<FindingForm>,
) -> Result<Response, PageError> {
    let verdict = match form.verdict.as_deref() {
        Some("meets") => FindingVerdict::Meets,
        Some("needs_revision") => FindingVerdict::NeedsRevision,
        Some("not_applicable") => FindingVerdict::NotApplicable,
        _ => {
            let message = ctx.t("appraisal-page-choose-verdict");
            let page = build(&ctx, &state, id, Some(message)).await?;
            return Ok(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response(),
            );
        }
    };
    // The history's "why" of a finding is its comment, or that it was judged on the checklist.
    let reason = if form.comment.trim().is_empty() {
        ctx.t("appraisal-page-link")
    } else {
        form.comment.clone()
    };
    let anchor = form.item.clone();
    run(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        reason,
        CommandKind::RecordFinding {
            checklist: form.checklist,
            item: form.item,
            verdict,
            comment: form.comment,
        },
        &anchor,
    )
    .await
}

/// Overrules a finding that needs revision, as the signed-in leader, with the reason.
pub async fn overrule_finding(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<OverruleForm>,
) -> Result<Response, PageError> {
    let anchor = form.item.clone();
    run(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::OverruleFinding {
            checklist: form.checklist,
            item: form.item,
        },
        &anchor,
    )
    .await
}

/// Runs one command of the workspace; on refusal shows the workspace again with the reason
/// (and the status the API would give).
#[allow(clippy::too_many_arguments)]
async fn run(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    version: u64,
    reason: String,
    kind: CommandKind,
    item: &str,
) -> Result<Response, PageError> {
    match super::dossiers::execute_form(ctx, state, id, version, reason, kind).await? {
        Ok(()) => Ok(see_other(
            headers,
            // A new query, not only a new fragment: the browser must load the page again.
            &format!("/dossiers/{id}/appraisal?saved={item}#item-{item}"),
        )),
        Err((status, message)) => {
            let page = build(ctx, state, id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}
