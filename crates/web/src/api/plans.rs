//! Plans: registering one opens its dossier.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::plan::{NewPlan, Plan};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::dossiers::{DossierView, etag};
use super::{Body, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

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
#[utoipa::path(post, path = "/plans", tag = "plans", request_body = CreatePlan, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = PlanCreated, headers(
                  ("etag" = String, description = "The new dossier's version"),
                  ("location" = String, description = "The new dossier"))), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn create_plan(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(req): Body<CreatePlan>,
) -> Result<Response, Localized> {
    let planning = &state.planning;
    let (plan, reading) = planning
        .register_plan(auth.caller(), &req.plan, &req.reason, req.opened_on, None)
        .await
        .map_err(fail(lang))?;
    let view = DossierView::build(planning, reading, None, lang);
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
#[utoipa::path(get, path = "/plans/{id}", tag = "plans", params(("id" = i64, Path)), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = Plan), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn get_plan(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Plan>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .plan(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}
