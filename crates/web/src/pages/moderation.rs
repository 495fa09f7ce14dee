//! The moderation queue of a consultation's public page (`/consultations/{id}/moderation`),
//! for the commune's officers: each opinion as submitted, the redactions plantrack proposes,
//! the copy to publish (accepted or edited), and rejection with a reason.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_store::consultation::public::{Moderation, ModerationItem};
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format;

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage<'a> {
    c: &'a Ctx,
    round_id: i64,
    items: Vec<ModerationItem>,
    error: Option<String>,
    done: bool,
}

// The template hands its values over by reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
impl ModerationPage<'_> {
    fn date(d: &chrono::NaiveDate) -> String {
        format::date(*d)
    }

    fn state(&self, i: &ModerationItem) -> String {
        self.c.tk("moderation-state-", i.state.as_str())
    }

    fn hidden(&self, i: &ModerationItem) -> String {
        self.c
            .lang
            .t_args("moderation-hidden", &[("count", i.reports.into())])
    }

    fn kinds(&self, i: &ModerationItem) -> String {
        if i.proposed.is_empty() {
            return self.c.t("moderation-proposed-none");
        }
        i.proposed
            .iter()
            .map(|r| {
                format!(
                    "{} «{}»",
                    self.c.tk("moderation-kind-", r.kind.as_str()),
                    r.text
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The copy in the editor: the one published, else the proposal.
    fn copy(i: &ModerationItem) -> &str {
        i.redacted_text.as_deref().unwrap_or(&i.proposed_text)
    }

    fn size(&self, bytes: &u64) -> String {
        format::file_size(*bytes, self.c.lang)
    }
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    status: StatusCode,
    error: Option<String>,
    done: bool,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let items = state
        .planning
        .moderation_queue(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let view = ModerationPage {
        c: ctx,
        round_id: id,
        items,
        error,
        done,
    };
    Ok((status, render(&view)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /consultations/{id}/moderation`.
pub async fn queue(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> Result<Response, PageError> {
    page(&ctx, &state, id, StatusCode::OK, None, q.done.is_some()).await
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    decision: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    reason: String,
    round: i64,
}

/// `POST /public-opinions/{id}/moderation`: publish the copy or reject, then back to the queue.
pub async fn decide(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let m = match f.decision.as_str() {
        "publish" => Moderation::Publish { text: f.text },
        "reject" => Moderation::Reject { reason: f.reason },
        _ => {
            return Err(ctx.error(ApiError::bad_request(
                "decision",
                ctx.t("meeting-form-unknown"),
            )));
        }
    };
    match state
        .planning
        .moderate_public_opinion(ctx.caller(), id, &m)
        .await
    {
        Ok(_) => Ok(see_other(
            &headers,
            &format!("/consultations/{}/moderation?done=1#opinion-{id}", f.round),
        )),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            page(&ctx, &state, f.round, status, Some(problem.detail), false).await
        }
    }
}

/// `GET /public-opinions/{id}/attachment`: the file a resident attached, for the officers.
pub async fn attachment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let (info, bytes) = state
        .planning
        .public_attachment(ctx.caller(), &state.documents, id)
        .await
        .map_err(ctx.fail())?;
    Ok(crate::documents::file_response(
        &info.filename,
        &info.media_type,
        &info.sha256,
        bytes,
        "private, no-store",
    ))
}
