//! The public page of a consultation over the API (issue 15, item 3): what anyone reads of a
//! public round, readers' reports, and the commune's moderation queue and decisions. Residents
//! send opinions through the page's form (`POST /consultations/{id}`), which carries the
//! signed form time and the honeypot.

use axum::extract::State;
use plantrack_store::consultation::public::{
    Moderation, ModerationItem, PublicConsultation, ReportOutcome,
};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::client::ClientAddr;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public_consultation))
        .routes(routes!(report_opinion))
        .routes(routes!(moderation_queue))
        .routes(routes!(moderate_opinion))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ModerationQueue {
    pub items: Vec<ModerationItem>,
}

/// A public round as anyone reads it, without signing in: its dates, the documents consulted
/// on (once opened), whether it has a map, and the published (redacted) opinions. Rounds
/// without an online page are not found.
#[utoipa::path(get, path = "/consultations/{id}/public", tag = "consultation", params(("id" = i64, Path)),
    responses((status = 200, body = PublicConsultation), (status = 404, body = crate::error::Problem)))]
async fn public_consultation(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<PublicConsultation>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .public_consultation(id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Report a published opinion as inappropriate (no sign-in; one report per address counts).
/// At the province's threshold it is hidden until the commune moderates it again.
#[utoipa::path(post, path = "/public-opinions/{id}/reports", tag = "consultation", params(("id" = i64, Path)),
    responses((status = 200, body = ReportOutcome), (status = 404, description = "No published opinion with this number", body = crate::error::Problem)))]
async fn report_opinion(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<ReportOutcome>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .report_public_opinion(id, client)
            .await
            .map_err(fail(lang))?,
    ))
}

/// The round's opinions sent through the public page, for its commune's officers: waiting
/// ones first, then those hidden by reports; each as submitted, with the redactions
/// plantrack proposes.
#[utoipa::path(get, path = "/consultations/{id}/moderation", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ModerationQueue), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn moderation_queue(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<ModerationQueue>, Localized> {
    let items = state
        .planning
        .moderation_queue(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(ModerationQueue { items }))
}

/// Publish a public opinion's redacted copy (the proposal, or the text given) or reject it
/// with a reason. The original is never changed; each decision is an event of the history.
#[utoipa::path(post, path = "/public-opinions/{id}/moderation", tag = "consultation", params(("id" = i64, Path)), request_body = Moderation, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ModerationItem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "A rejected opinion is not published", body = crate::error::Problem),
              (status = 422, description = "An empty copy or reason, too long, or not a public opinion", body = crate::error::Problem)))]
async fn moderate_opinion(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(m): Body<Moderation>,
) -> Result<axum::Json<ModerationItem>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .moderate_public_opinion(auth.caller(), id, &m)
            .await
            .map_err(fail(lang))?,
    ))
}
