//! Similar opinions grouped on a round's sheet (issue 15, item 5): each group with the
//! opinion that stands for it, a form to answer the whole group at once, and the officer's
//! corrections — merge two groups, take an opinion out of its group — which every later
//! grouping of the round keeps. Forms work without JavaScript; a refusal shows on the sheet.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use plantrack_domain::consultation::ResponseKind;
use plantrack_store::consultation::Opinion;
use plantrack_store::consultation::groups::{GroupAnswer, GroupMerge, GroupSplit, OpinionGrouping};
use serde::Deserialize;

use super::consultations::after;
use super::{Ctx, PageError};
use crate::AppState;
use crate::error::ApiError;

/// An opinion of a group: its number in the table and the start of its text.
pub struct MemberRow {
    pub id: i64,
    pub number: usize,
    pub excerpt: String,
}

/// A group as the sheet shows it.
pub struct GroupRow {
    /// 1, 2, … in the page's order (the largest first).
    pub number: usize,
    pub representative: i64,
    /// The representative opinion's text.
    pub text: String,
    pub members: Vec<MemberRow>,
    /// The group's opinion ids, comma-separated: what the answer form sends.
    pub ids: String,
    pub answered: u64,
    /// The other groups, to merge with: (their representative, their number).
    pub others: Vec<(i64, usize)>,
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let t = text.trim();
    if t.chars().count() <= MAX {
        t.to_owned()
    } else {
        let mut s: String = t.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// The sheet's groups, numbered, from the grouping and the table's opinions (in the table's
/// order, which gives each opinion its number).
pub fn group_rows(grouping: &OpinionGrouping, opinions: &[Opinion]) -> Vec<GroupRow> {
    let number = |id: i64| {
        opinions
            .iter()
            .position(|o| o.id == id)
            .map_or(0, |i| i + 1)
    };
    let text = |id: i64| {
        opinions
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.text.clone())
            .unwrap_or_default()
    };
    let all: Vec<(i64, usize)> = grouping
        .groups
        .iter()
        .enumerate()
        .map(|(n, g)| (g.representative, n + 1))
        .collect();
    grouping
        .groups
        .iter()
        .enumerate()
        .map(|(n, g)| GroupRow {
            number: n + 1,
            representative: g.representative,
            text: text(g.representative),
            members: g
                .opinions
                .iter()
                .map(|&id| MemberRow {
                    id,
                    number: number(id),
                    excerpt: excerpt(&text(id)),
                })
                .collect(),
            ids: g
                .opinions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            answered: g.answered,
            others: all.iter().filter(|(_, m)| *m != n + 1).copied().collect(),
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct GroupAnswerForm {
    /// The group's opinion ids, comma-separated.
    #[serde(default)]
    pub opinions: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub text: String,
}

/// The commune answers every opinion of a group at once.
pub async fn answer_group(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<GroupAnswerForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(response) = ResponseKind::parse(&form.response) else {
        return Err(ctx.error(ApiError::bad_request(
            "response",
            ctx.t("consultation-page-response-unknown"),
        )));
    };
    let opinions = form
        .opinions
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            ctx.error(ApiError::bad_request(
                "opinions",
                ctx.t("opinion-groups-page-bad-ids"),
            ))
        })?;
    let answer = GroupAnswer {
        opinions,
        topic: form.topic,
        response,
        text: form.text,
        on: None,
    };
    let outcome = state.planning.answer_group(ctx.caller(), id, &answer).await;
    after(&ctx, &state, &headers, id, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct MergeForm {
    pub first: i64,
    pub second: i64,
}

/// The officer makes two groups one.
pub async fn merge(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<MergeForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let merge = GroupMerge {
        first: form.first,
        second: form.second,
    };
    let outcome = state
        .planning
        .merge_opinion_groups(ctx.caller(), id, &merge)
        .await;
    after(&ctx, &state, &headers, id, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct SplitForm {
    pub opinion: i64,
}

/// The officer takes an opinion out of its group.
pub async fn split(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<SplitForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let split = GroupSplit {
        opinion: form.opinion,
    };
    let outcome = state
        .planning
        .split_opinion_group(ctx.caller(), id, &split)
        .await;
    after(&ctx, &state, &headers, id, outcome).await
}
