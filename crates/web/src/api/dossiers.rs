//! Dossiers: their state now or on a past date, their history, and the commands that move them.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::deadline::{DeadlineInfo, assess};
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::{
    AvailableMoves, CommandKind, CommandName, DossierEvent, DossierState, TimeLimit,
};
use plantrack_store::Planning;
use plantrack_store::planning::{DossierReading, Order};
use plantrack_store::plans::DossierSummary;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Page, Params, PathParam, fail, paging};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_dossiers))
        .routes(routes!(get_dossier))
        .routes(routes!(get_events))
        .routes(routes!(post_command))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(upload_document))
                // The document store enforces its own limit while the file streams in.
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .routes(routes!(download_document))
        .routes(routes!(landuse_checks))
}

/// The checks the server ran on the dossier's land-use maps (GeoJSON documents of kind
/// `gis_data`), newest first: conflicts with the published layers, the layer versions checked
/// against, the plan's own geometry, services and land-use balance.
#[utoipa::path(get, path = "/dossiers/{id}/landuse-checks", tag = "dossiers", params(("id" = i64, Path)), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<plantrack_store::layers::LanduseCheck>), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn landuse_checks(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Vec<plantrack_store::layers::LanduseCheck>>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .landuse_checks(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// The dossier's version as an entity tag.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// A move the dossier can make from its current stage.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NextAction {
    pub action: String,
    pub name: String,
    pub to: String,
    pub roles: Vec<String>,
}

/// A dossier's state with what a reader needs beside it: the stage's name, the deadline's
/// status, the moves out of the stage, what is still missing to leave it, and what the
/// reading account may do now (`moves`, as the engine decides it).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DossierView {
    #[serde(flatten)]
    pub state: DossierState,
    pub stage_name: String,
    pub deadline: DeadlineInfo,
    /// The day the view describes (today, or the `as_of` asked for).
    pub as_of: NaiveDate,
    pub next_actions: Vec<NextAction>,
    pub missing_documents: Vec<String>,
    /// What the account reading may do now, and what stops each move: the engine's own
    /// decision, so a move shown as available is one the engine accepts.
    pub moves: AvailableMoves,
    /// The current stage's time limits with their legal basis and verification status
    /// (`U` marks an unverified default the province should confirm, not law).
    pub stage_limits: Vec<TimeLimit>,
}

impl DossierView {
    pub fn build(
        planning: &Planning,
        reading: DossierReading,
        as_of: Option<NaiveDate>,
        lang: Lang,
    ) -> Self {
        let DossierReading {
            state,
            template,
            moves,
            ..
        } = reading;
        let as_of = as_of.unwrap_or_else(|| planning.today());
        let stage = template.stage(&state.stage);
        let next_actions = if CommandName::Transition.allowed_in(state.status) {
            moves
                .transitions
                .iter()
                .map(|t| NextAction {
                    action: t.action.clone(),
                    name: t.name.get(lang).to_owned(),
                    to: t.to.clone(),
                    roles: t.roles.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let stage_limits = stage.map(|s| s.time_limits.clone()).unwrap_or_default();
        DossierView {
            stage_limits,
            stage_name: stage.map_or_else(|| state.stage.clone(), |s| s.name.get(lang).to_owned()),
            deadline: assess(state.effective_due_on(), as_of, planning.due_soon_days),
            as_of,
            next_actions,
            missing_documents: moves.missing_documents.clone(),
            moves,
            state,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DossierQuery {
    pub province: Option<String>,
    pub unit: Option<String>,
    pub plan_type: Option<PlanType>,
    pub stage: Option<String>,
    /// Only active dossiers past their due date today.
    pub overdue: Option<bool>,
    /// Words to find in the unit's or the plan's name.
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// List dossiers as they stand now, filtered by province, unit, plan type, stage or lateness.
#[utoipa::path(get, path = "/dossiers", tag = "dossiers", params(DossierQuery), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = Page<DossierSummary>), (status = 400, body = crate::error::Problem),
              (status = 403, description = "The list asked for is outside the account's scope", body = crate::error::Problem)))]
async fn list_dossiers(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<DossierQuery>,
) -> Result<axum::Json<Page<DossierSummary>>, Localized> {
    let (limit, offset) = paging(q.limit, q.offset);
    let query = plantrack_store::planning::DossierQuery {
        province: q.province,
        unit: q.unit,
        plan_type: q.plan_type,
        stage: q.stage,
        overdue: q.overdue.unwrap_or(false),
        search: q.q,
        limit,
        offset,
    };
    let (items, total) = state
        .planning
        .dossiers(auth.caller(), query)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Page::new(items, total, limit, offset)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The day to describe (YYYY-MM-DD); now when absent.
    pub as_of: Option<NaiveDate>,
}

/// A dossier now (with its version as ETag), or as it stood at the end of a past day.
#[utoipa::path(get, path = "/dossiers/{id}", tag = "dossiers", params(("id" = i64, Path), AsOfQuery), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = DossierView, headers(("etag" = String, description = "The dossier's version"))),
              (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 422, description = "A day out of range", body = crate::error::Problem)))]
async fn get_dossier(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Params(q): Params<AsOfQuery>,
) -> Result<Response, Localized> {
    let planning = &state.planning;
    let reading = match q.as_of {
        Some(day) => planning.dossier_as_of(auth.caller(), id, day).await,
        None => planning.dossier(auth.caller(), id).await,
    }
    .map_err(fail(lang))?;
    let view = DossierView::build(planning, reading, q.as_of, lang);
    Ok(([(header::ETAG, etag(view.state.version))], axum::Json(view)).into_response())
}

/// The dossier's append-only history, oldest first.
#[utoipa::path(get, path = "/dossiers/{id}/events", tag = "dossiers", params(("id" = i64, Path), AsOfQuery), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<DossierEvent>), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, description = "A day out of range", body = crate::error::Problem)))]
async fn get_events(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Params(q): Params<AsOfQuery>,
) -> Result<axum::Json<Vec<DossierEvent>>, Localized> {
    let events = state
        .planning
        .events(auth.caller(), id, q.as_of)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(events))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CommandRequest {
    #[serde(flatten)]
    pub command: CommandKind,
    pub reason: String,
    /// The day it takes effect; today when absent.
    pub effective_on: Option<NaiveDate>,
    /// The version the client saw; alternatively send it as `If-Match`.
    pub expected_version: Option<u64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommandOutcome {
    pub event: DossierEvent,
    pub dossier: DossierView,
}

/// Issue a command on a dossier. The version the client saw must be given (If-Match or
/// `expected_version`): of two concurrent commands, exactly one succeeds and the other gets 412.
#[utoipa::path(post, path = "/dossiers/{id}/commands", tag = "dossiers", params(("id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "The dossier's ETag as last read",
         pattern = "^(W/)?(\"[0-9]{1,19}\"|[0-9]{1,19})$")),
    request_body = CommandRequest, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = CommandOutcome, headers(("etag" = String, description = "The dossier's new version"))), (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
async fn post_command(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(id): PathParam<i64>,
    auth: Auth,
    headers: HeaderMap,
    Body(req): Body<CommandRequest>,
) -> Result<Response, Localized> {
    let planning = &state.planning;
    // Who acts comes from the account, never from the request: the use case asks the policy
    // which workflow role the account plays on this dossier, and the template decides.
    if auth.principal.is_none() {
        return Err(ApiError::Unauthorized.in_lang(lang));
    }
    let if_match = match headers.get(header::IF_MATCH) {
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(version_from_if_match)
                .ok_or_else(|| {
                    ApiError::bad_request("If-Match", "expected the ETag of a dossier, e.g. \"3\"")
                        .in_lang(lang)
                })?,
        ),
        None => None,
    };
    let expected = if_match.or(req.expected_version).ok_or_else(|| {
        ApiError::Precondition(lang.t("problem-precondition-dossier-version")).in_lang(lang)
    })?;
    if let CommandKind::AttachDocument { file: Some(_), .. } = &req.command {
        return Err(ApiError::bad_request(
            "file",
            "files are uploaded with POST /api/v1/dossiers/{id}/documents",
        )
        .in_lang(lang));
    }
    let order = Order {
        expected_version: Some(expected),
        actor: None,
        reason: req.reason,
        effective_on: req.effective_on,
        kind: req.command,
    };
    let (event, reading) = planning
        .execute(auth.caller(), id, order)
        .await
        .map_err(fail(lang))?;
    let view = DossierView::build(planning, reading, None, lang);
    Ok((
        [(header::ETAG, etag(view.state.version))],
        axum::Json(CommandOutcome {
            event,
            dossier: view,
        }),
    )
        .into_response())
}

/// The dossier version an `If-Match` header names: its ETag (`"3"`, or weak `W/"3"`) or the
/// bare number, as the document's pattern for the header says.
fn version_from_if_match(value: &str) -> Option<u64> {
    let tag = value.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    let digits = tag
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(tag);
    let well_formed =
        (1..=19).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    well_formed.then(|| digits.parse().ok()).flatten()
}

/// The upload form: `version`, `kind`, `title`, `reason` and the `file` itself.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // describes the multipart body for the OpenAPI document only
pub struct DocumentUpload {
    /// The dossier version you read (its ETag).
    version: u64,
    /// A document kind of the dossier's template.
    kind: String,
    title: String,
    reason: Option<String>,
    /// PDF, DOCX, XLSX, DXF, DWG, ZIP, PNG or JPEG, within the server's size limit.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a file and attach it to the dossier's current stage: kept content-addressed
/// (SHA-256), recorded as one event with its hash, size, type, name, uploader and time. A
/// refused upload keeps nothing.
#[utoipa::path(post, path = "/dossiers/{id}/documents", tag = "dossiers", params(("id" = i64, Path)),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = CommandOutcome, headers(("etag" = String, description = "The dossier's new version"))), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
              (status = 413, description = "The file, or the archive unpacked (archive-too-large), is too large", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn upload_document(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(id): PathParam<i64>,
    auth: Auth,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Localized> {
    if auth.principal.is_none() {
        return Err(ApiError::Unauthorized.in_lang(lang));
    }
    // Not a multipart body (or no boundary): a problem document, not axum's plain text.
    let multipart = multipart
        .map_err(|e| ApiError::bad_request("content-type", e.body_text()).in_lang(lang))?;
    let (event, reading) = crate::documents::receive(&state, auth.caller(), id, multipart)
        .await
        .map_err(|e| e.in_lang(lang))?;
    let view = DossierView::build(&state.planning, reading, None, lang);
    Ok((
        [(header::ETAG, etag(view.state.version))],
        axum::Json(CommandOutcome {
            event,
            dossier: view,
        }),
    )
        .into_response())
}

/// Download a file attached to the dossier, by its SHA-256.
#[utoipa::path(get, path = "/dossiers/{id}/documents/{sha256}", tag = "dossiers",
    params(("id" = i64, Path), ("sha256" = String, Path)), security((), ("bearer" = []), ("session" = [])),
    // Served with the type its content was confirmed as on upload (`blobs::media_type`).
    responses((status = 200, description = "The file, with the type its content was confirmed as on upload",
               content(("application/pdf"),
                       ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("application/zip"), ("application/geo+json"), ("image/vnd.dwg"),
                       ("image/vnd.dxf"), ("image/png"), ("image/jpeg"),
                       ("application/octet-stream"))),
              (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn download_document(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam((id, sha256)): PathParam<(i64, String)>,
) -> Result<Response, Localized> {
    crate::documents::send(&state, auth.caller(), id, &sha256)
        .await
        .map_err(|e| e.in_lang(lang))
}

#[cfg(test)]
mod tests {
    use super::version_from_if_match;

    #[test]
    fn if_match_names_a_version_as_an_etag_or_a_number() {
        for (header, version) in [("\"3\"", 3), ("W/\"3\"", 3), ("3", 3), ("W/12", 12)] {
            assert_eq!(version_from_if_match(header), Some(version), "{header}");
        }
        let longest = "9".repeat(19);
        assert_eq!(version_from_if_match(&longest), longest.parse().ok());
        for header in [
            "",
            "\"\"",
            "\"3",
            "3\"",
            "\"\"3\"\"",
            "W/W/3",
            "*",
            "-1",
            "+3",
            "3.0",
        ] {
            assert_eq!(version_from_if_match(header), None, "{header}");
        }
        assert_eq!(version_from_if_match(&"1".repeat(20)), None);
    }
}
