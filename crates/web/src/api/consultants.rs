//! Consultant firms (issue 16): the firms of a province with their load, a firm's page, its
//! registration, people and certificates, the assignment of firms and leads to plans (checked
//! as of the assignment's day), a dossier's consultants and warnings, and the capacity of a
//! province's firms against its limit of plans per lead.

use axum::extract::State;
use axum::http::StatusCode;
use plantrack_store::consultant::{
    Assignment, CapacityReport, ExpiryWarning, Firm, FirmSheet, NewAssignment, NewCertificate,
    NewFirm, NewPerson, NewPractisingCertificate, Person,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_firms, register_firm))
        .routes(routes!(get_firm))
        .routes(routes!(add_person))
        .routes(routes!(renew_certificate))
        .routes(routes!(add_certificate))
        .routes(routes!(assign))
        .routes(routes!(dossier_consultants))
        .routes(routes!(capacity))
        .routes(routes!(set_limit))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FirmParams {
    /// The province (the caller's by default).
    pub province: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Firms {
    pub firms: Vec<Firm>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DossierConsultants {
    /// Who works on the plan now.
    pub assignments: Vec<Assignment>,
    /// Their certificates that expire (or expired) during the assignment.
    pub warnings: Vec<ExpiryWarning>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LoadLimit {
    /// Plans one lead planner may carry at once.
    pub max_plans_per_lead: i64,
}

/// The consultant firms of a province (registered there or working on its plans), with their
/// plans in hand and whether their capability certificate holds today. A consultant reads
/// its own firm only.
#[utoipa::path(get, path = "/consultant-firms", tag = "consultant", params(FirmParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Firms), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem)))]
async fn list_firms(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<FirmParams>,
) -> Result<axum::Json<Firms>, Localized> {
    let firms = state
        .planning
        .firms(auth.caller(), q.province.as_deref())
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Firms { firms }))
}

/// Register a firm: an existing consultant organisation, or a new one, with its tax code
/// (10 digits, or 10 + "-" + 3) and its capability certificate. The Department of
/// Construction or the administrator.
#[utoipa::path(post, path = "/consultant-firms", tag = "consultant", request_body = NewFirm, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Firm), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 409, description = "Tax code or firm already registered", body = crate::error::Problem),
              (status = 422, description = "A bad tax code, a grade that does not exist, a certificate expiring before it is issued", body = crate::error::Problem)))]
async fn register_firm(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(n): Body<NewFirm>,
) -> Result<(StatusCode, axum::Json<Firm>), Localized> {
    let firm = state
        .planning
        .register_firm(auth.caller(), &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(firm)))
}

/// A firm: its people and certificates, its assignments and the warnings on them.
#[utoipa::path(get, path = "/consultant-firms/{id}", tag = "consultant", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = FirmSheet), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn get_firm(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<FirmSheet>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .firm(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Add a person to a firm.
#[utoipa::path(post, path = "/consultant-firms/{id}/people", tag = "consultant", params(("id" = i64, Path)), request_body = NewPerson, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Person), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn add_person(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewPerson>,
) -> Result<(StatusCode, axum::Json<Person>), Localized> {
    let person = state
        .planning
        .add_person(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(person)))
}

/// Replace a firm's capability certificate with its renewal.
#[utoipa::path(put, path = "/consultant-firms/{id}/certificate", tag = "consultant", params(("id" = i64, Path)), request_body = NewCertificate, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Firm), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn renew_certificate(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewCertificate>,
) -> Result<axum::Json<Firm>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .renew_firm_certificate(auth.caller(), id, &n)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Record a person's practising certificate; its grade needs its years of experience
/// (Decree 175/2024/NĐ-CP Art 79(2)).
#[utoipa::path(post, path = "/consultant-people/{id}/certificates", tag = "consultant", params(("id" = i64, Path)), request_body = NewPractisingCertificate, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Person), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 409, description = "The certificate number is recorded already", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn add_certificate(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewPractisingCertificate>,
) -> Result<(StatusCode, axum::Json<Person>), Localized> {
    let person = state
        .planning
        .add_practising_certificate(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(person)))
}

/// Assign a firm, or one of its people (lead or a discipline's lead), to a plan: checked as
/// of the day of the assignment; a refusal says why ("the certificate of … expired on …").
#[utoipa::path(post, path = "/consultant-assignments", tag = "consultant", request_body = NewAssignment, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Assignment), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 409, description = "Already assigned, or no firm on the plan yet", body = crate::error::Problem),
              (status = 412, body = crate::error::Problem),
              (status = 422, description = "A certificate that does not hold that day, or whose grade does not cover the plan", body = crate::error::Problem)))]
async fn assign(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(n): Body<NewAssignment>,
) -> Result<(StatusCode, axum::Json<Assignment>), Localized> {
    let a = state
        .planning
        .assign_consultant(auth.caller(), &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(a)))
}

/// Who works on a dossier's plan now, and the certificates expiring during the assignment.
#[utoipa::path(get, path = "/dossiers/{id}/consultants", tag = "consultant", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = DossierConsultants), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn dossier_consultants(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<DossierConsultants>, Localized> {
    let (assignments, warnings) = state
        .planning
        .dossier_consultants(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(DossierConsultants {
        assignments,
        warnings,
    }))
}

/// The workload of a province's firms: plans in hand by stage, each lead's load against the
/// province's limit, the share overdue and median days per stage against the province's.
#[utoipa::path(get, path = "/provinces/{code}/consultant-capacity", tag = "consultant", params(("code" = String, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = CapacityReport), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn capacity(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
) -> Result<axum::Json<CapacityReport>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .capacity(auth.caller(), &code)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Set the province's limit of plans one lead carries at once: its leadership.
#[utoipa::path(put, path = "/provinces/{code}/consultant-limit", tag = "consultant", params(("code" = String, Path)), request_body = LoadLimit, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = LoadLimit), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn set_limit(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
    Body(n): Body<LoadLimit>,
) -> Result<axum::Json<LoadLimit>, Localized> {
    let max_plans_per_lead = state
        .planning
        .set_load_limit(auth.caller(), &code, n.max_plans_per_lead)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(LoadLimit { max_plans_per_lead }))
}
