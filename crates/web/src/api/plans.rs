//! Plans: registering one opens its dossier.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::plan::{NewPlan, Plan};
use plantrack_domain::workflow::Actor;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::dossiers::{DossierView, etag};
use super::{Body, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::error::Localized;
use crate::i18n::Lang;
use plantrack_domain::access;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_plan))
        .routes(routes!(get_plan))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreatePlan {
    /// The plan to register. Nested rather than flattened so that errors name its fields.
    pub plan: NewPlan,
    #[serde(default)]
    pub reason: String,
    /// The day the dossier opened; today when absent.
    pub opened_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanCreated {
    pub plan: Plan,
    pub dossier: DossierView,
}

/// Register a plan and open its dossier in the first stage of its template.
#[utoipa::path(post, path = "/plans", tag = "plans", request_body = CreatePlan,
    responses((status = 201, body = PlanCreated), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn create_plan(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(req): Body<CreatePlan>,
) -> Result<Response, Localized> {
    let planning = &state.planning;
    let principal = auth
        .principal
        .as_ref()
        .ok_or_else(|| ApiError::Unauthorized.in_lang(lang))?;
    let province = planning
        .province_of(&req.plan.unit_code)
        .await
        .map_err(fail(lang))?;
    let role = access::create_plan(Some(principal), &province, &req.plan.unit_code)
        .map_err(|denied| ApiError::from(denied).in_lang(lang))?;
    let actor = Actor {
        name: principal.display_name.clone(),
        role: role.to_owned(),
    };
    let (plan, dossier) = planning
        .create_plan(&req.plan, &actor, &req.reason, req.opened_on)
        .await
        .map_err(fail(lang))?;
    let view = DossierView::build(planning, dossier, None, lang).map_err(fail(lang))?;
    let headers = [
        (header::ETAG, etag(view.state.version)),
        (
            header::LOCATION,
            format!("/api/v1/dossiers/{}", view.state.id),
        ),
    ];
    Ok((
        StatusCode::CREATED,
        headers,
        axum::Json(PlanCreated {
            plan,
            dossier: view,
        }),
    )
        .into_response())
}

/// One plan.
#[utoipa::path(get, path = "/plans/{id}", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = Plan), (status = 404, body = crate::error::Problem)))]
async fn get_plan(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Plan>, Localized> {
    Ok(axum::Json(
        state.planning.db.plan(id).await.map_err(fail(lang))?,
    ))
}
