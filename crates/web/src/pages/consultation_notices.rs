//! Answering those who gave opinions (`/consultation-rounds/{id}/notices`, issue 15, item 6):
//! once the table is complete, the commune's officer sends the answers — an e-mail to each
//! opinion whose contact holds an address (sent by the server's mail sender, retried after a
//! failure) — sees where each e-mail stands, and prints the letters for the others.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_store::consultation::notices::{Notice, NoticesQueued};
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;

#[derive(Template)]
#[template(path = "consultation_notices.html")]
struct NoticesPage<'a> {
    c: &'a Ctx,
    round_id: i64,
    notices: Vec<Notice>,
    complete: bool,
    may_send: bool,
    queued: Option<NoticesQueued>,
    error: Option<String>,
}

// The template hands its values over by reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
impl NoticesPage<'_> {
    fn state(&self, n: &Notice) -> String {
        self.c
            .tk("notice-state-", &n.state.as_str().replace('_', "-"))
    }

    fn badge(n: &Notice) -> &'static str {
        match n.state.as_str() {
            "sent" => "ok",
            "gave_up" => "late",
            _ => "soon",
        }
    }

    fn sent_at(n: &Notice) -> String {
        n.sent_at.map(crate::format::timestamp).unwrap_or_default()
    }

    fn queued_text(&self, q: &NoticesQueued) -> String {
        self.c.lang.t_args(
            "notice-page-queued",
            &[
                ("queued", (q.queued + q.requeued).into()),
                ("already", q.already.into()),
                ("letters", q.letters.into()),
                ("published", q.published_only.into()),
            ],
        )
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticesQuery {
    queued: Option<u64>,
    already: Option<u64>,
    letters: Option<u64>,
    published: Option<u64>,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    status: StatusCode,
    queued: Option<NoticesQueued>,
    error: Option<String>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let sheet = state
        .planning
        .consultation(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let rights = state
        .planning
        .consultation_rights(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let notices = state
        .planning
        .consultation_notices(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let view = NoticesPage {
        c: ctx,
        round_id: id,
        notices,
        complete: sheet.completeness.complete,
        may_send: rights.answer,
        queued,
        error,
    };
    Ok((status, render(&view)).into_response())
}

/// The round's notices, and the button that sends the answers.
pub async fn notices_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<NoticesQuery>,
) -> Result<Response, PageError> {
    let queued = q.queued.map(|queued| NoticesQueued {
        queued,
        requeued: 0,
        already: q.already.unwrap_or(0),
        letters: q.letters.unwrap_or(0),
        published_only: q.published.unwrap_or(0),
    });
    page(&ctx, &state, id, StatusCode::OK, queued, None).await
}

/// Queues the answers of the complete table for e-mail.
pub async fn queue(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    match state
        .planning
        .queue_consultation_notices(ctx.caller(), id)
        .await
    {
        Ok(q) => Ok(see_other(
            &headers,
            &format!(
                "/consultation-rounds/{id}/notices?queued={}&already={}&letters={}&published={}",
                q.queued + q.requeued,
                q.already,
                q.letters,
                q.published_only
            ),
        )),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            if status == StatusCode::NOT_FOUND {
                return Err(ctx.error(ApiError::NotFound));
            }
            page(&ctx, &state, id, status, None, Some(problem.detail)).await
        }
    }
}
