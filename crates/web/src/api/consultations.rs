//! Consultation on the draft plan (issue 15): rounds on a dossier, the register of agencies
//! and their replies, residents' opinions entered by the commune, the answers and topic
//! summaries of the synthesis table, and the table itself as DOCX or XLSX.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use plantrack_domain::Language;
use plantrack_reports::Format;
use plantrack_store::consultation::{
    ConsultationListItem, ConsultationQuery, ConsultationRules, ConsultationSheet, Consultee,
    Extension, NewAnswer, NewConsultee, NewOpinion, NewReply, NewRound, NewSummary, Opinion,
    Reconsultation,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::consultation_table::{TableOptions, consultation_table};
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_consultations))
        .routes(routes!(open_consultation))
        .routes(routes!(get_consultation))
        .routes(routes!(add_consultee))
        .routes(routes!(consult_again))
        .routes(routes!(extend_consultee))
        .routes(routes!(record_reply))
        .routes(routes!(record_opinion))
        .routes(routes!(answer_opinion))
        .routes(routes!(summarise_topic))
        .routes(routes!(table_docx))
        .routes(routes!(table_xlsx))
        .routes(routes!(remove_consultee))
        .routes(routes!(consultation_rules, set_consultation_rules))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsultationParams {
    /// Only one commune's rounds (its unit code).
    pub unit: Option<String>,
    pub dossier: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Consultations {
    pub consultations: Vec<ConsultationListItem>,
}

/// The consultation rounds the caller reads, with their counts of opinions and answered
/// opinions as of today.
#[utoipa::path(get, path = "/consultations", tag = "consultation", params(ConsultationParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Consultations), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem)))]
async fn list_consultations(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ConsultationParams>,
) -> Result<axum::Json<Consultations>, Localized> {
    let consultations = state
        .planning
        .consultations(
            auth.caller(),
            &ConsultationQuery {
                unit: q.unit,
                dossier: q.dossier,
            },
        )
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Consultations { consultations }))
}

/// Open a consultation round on a dossier: residents 20 to 30 days (Law 47/2024/QH15
/// Art 37(7)(b)), agencies 15 days unless longer (Art 37(6)).
#[utoipa::path(post, path = "/dossiers/{id}/consultations", tag = "consultation", params(("id" = i64, Path)), request_body = NewRound, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = ConsultationSheet), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 422, description = "A track outside the law's limits, no form, a document the dossier does not hold", body = crate::error::Problem)))]
async fn open_consultation(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewRound>,
) -> Result<(StatusCode, axum::Json<ConsultationSheet>), Localized> {
    let sheet = state
        .planning
        .open_consultation(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(sheet)))
}

/// A round: its register of agencies with their status today, the opinions with their
/// answers, the topics' summaries and whether the table is complete.
#[utoipa::path(get, path = "/consultations/{id}", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ConsultationSheet), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn get_consultation(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<ConsultationSheet>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .consultation(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Remove a body that has not replied from a round's register (one that replied stays).
#[utoipa::path(delete, path = "/consultees/{id}", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Removed"), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem), (status = 409, description = "It has replied", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn remove_consultee(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<StatusCode, Localized> {
    state
        .planning
        .remove_consultee(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// A province's consultation rules: whether an agency's silence past its deadline counts as
/// agreement.
#[utoipa::path(get, path = "/provinces/{code}/consultation-rules", tag = "consultation", params(("code" = String, Path, description = "The province's code")), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ConsultationRules), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn consultation_rules(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
) -> Result<axum::Json<ConsultationRules>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .consultation_rules(auth.caller(), &code)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Set a province's consultation rules (its leadership, or the administrator).
#[utoipa::path(put, path = "/provinces/{code}/consultation-rules", tag = "consultation", params(("code" = String, Path, description = "The province's code")), request_body = ConsultationRules, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ConsultationRules), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn set_consultation_rules(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
    Body(rules): Body<ConsultationRules>,
) -> Result<axum::Json<ConsultationRules>, Localized> {
    // An unknown province is a 404 before anything is written.
    state
        .planning
        .consultation_rules(auth.caller(), &code)
        .await
        .map_err(fail(lang))?;
    state
        .planning
        .set_silence_is_agreement(auth.caller(), &code, rules.silence_is_agreement)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(
        state
            .planning
            .consultation_rules(auth.caller(), &code)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Add a body to a round's register: an organisation of the province or a named outside body.
#[utoipa::path(post, path = "/consultations/{id}/consultees", tag = "consultation", params(("id" = i64, Path)), request_body = NewConsultee, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Consultee), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already in the register", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn add_consultee(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewConsultee>,
) -> Result<(StatusCode, axum::Json<Consultee>), Localized> {
    let c = state
        .planning
        .add_consultee(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

/// Consult a body (again, after a revision): a new deadline; its earlier replies are kept.
#[utoipa::path(post, path = "/consultees/{id}/consult", tag = "consultation", params(("id" = i64, Path)), request_body = Reconsultation, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Consultee), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn consult_again(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(r): Body<Reconsultation>,
) -> Result<axum::Json<Consultee>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .reconsult(auth.caller(), id, &r)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Give a body that has not replied a later deadline.
#[utoipa::path(post, path = "/consultees/{id}/extension", tag = "consultation", params(("id" = i64, Path)), request_body = Extension, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Consultee), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already replied", body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn extend_consultee(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(e): Body<Extension>,
) -> Result<axum::Json<Consultee>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .extend_consultee(auth.caller(), id, &e)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Record a body's reply: by its own account, or by the commune from its letter (marked as
/// recorded on its behalf).
#[utoipa::path(post, path = "/consultees/{id}/replies", tag = "consultation", params(("id" = i64, Path)), request_body = NewReply, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Consultee), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Not consulted, or not required to reply", body = crate::error::Problem),
              (status = 422, description = "Not the consultee, a day outside the consultation, an empty or too long text", body = crate::error::Problem)))]
async fn record_reply(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewReply>,
) -> Result<(StatusCode, axum::Json<Consultee>), Localized> {
    let c = state
        .planning
        .record_reply(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

/// Enter a resident's opinion collected on paper, at a meeting or at the public display. The
/// text is kept as given.
#[utoipa::path(post, path = "/consultations/{id}/opinions", tag = "consultation", params(("id" = i64, Path)), request_body = NewOpinion, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Opinion), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The round is closed (or not open yet) on that day", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn record_opinion(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewOpinion>,
) -> Result<(StatusCode, axum::Json<Opinion>), Localized> {
    let o = state
        .planning
        .record_opinion(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(o)))
}

/// Answer an opinion (or a point of it) under a topic. Only the commune's own officers answer.
#[utoipa::path(post, path = "/consultations/{id}/answers", tag = "consultation", params(("id" = i64, Path)), request_body = NewAnswer, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Opinion), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 422, description = "An unknown topic, a response without its text, an opinion of another round", body = crate::error::Problem)))]
async fn answer_opinion(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewAnswer>,
) -> Result<(StatusCode, axum::Json<Opinion>), Localized> {
    let o = state
        .planning
        .answer_opinion(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(o)))
}

/// Write a topic's summary (it replaces the last one; the history keeps each).
#[utoipa::path(post, path = "/consultations/{id}/summaries", tag = "consultation", params(("id" = i64, Path)), request_body = NewSummary, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ConsultationSheet), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn summarise_topic(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewSummary>,
) -> Result<axum::Json<ConsultationSheet>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .summarise_topic(auth.caller(), id, &n)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TableParams {
    /// Without the names and contacts of those who gave opinions.
    pub anonymised: Option<bool>,
    /// Only the opinions answered under one topic (its key).
    pub topic: Option<String>,
}

/// The synthesis and explanation table as a file.
async fn table_file(
    state: AppState,
    lang: Lang,
    auth: Auth,
    id: i64,
    q: TableParams,
    format: Format,
) -> Result<axum::response::Response, Localized> {
    let caller = auth.caller();
    let sheet = state
        .planning
        .consultation(caller, id)
        .await
        .map_err(fail(lang))?;
    let unit = state
        .planning
        .unit(&sheet.round.unit_code)
        .await
        .map_err(fail(lang))?;
    let dossier = state
        .planning
        .dossier(caller, sheet.round.dossier_id)
        .await
        .map_err(fail(lang))?;
    let opts = TableOptions {
        anonymised: q.anonymised.unwrap_or(false),
        topic: q.topic,
        exported_by: auth
            .principal
            .as_ref()
            .map(|p| p.display_name.clone())
            .unwrap_or_default(),
        exported_at: state.planning.clock.now(),
        unit_name: match Language::parse(lang.code()) {
            Some(Language::En) => unit.unit.name_en,
            _ => unit.unit.name_vi,
        },
        issuer: dossier.state.bodies.preparing.clone(),
    };
    let name = format!(
        "bang-tong-hop-y-kien-{}-dot-{}{}.{}",
        sheet.round.unit_code,
        sheet.round.round_no,
        if opts.anonymised { "-an-danh" } else { "" },
        format.extension()
    );
    let report = consultation_table(&sheet, &opts, lang);
    // Laying out a document is CPU work: off the runtime's threads.
    let bytes =
        tokio::task::spawn_blocking(move || plantrack_reports::render_landscape(&report, format))
            .await
            .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?
            .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The synthesis and explanation table (bảng tổng hợp, giải trình, tiếp thu ý kiến) as DOCX,
/// A4 landscape, with a cover line: who exported it, when, with which filters.
#[utoipa::path(get, path = "/consultations/{id}/table.docx", tag = "consultation", params(("id" = i64, Path), TableParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The table (Content-Disposition names the file)",
               content(("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn table_docx(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Params(q): Params<TableParams>,
) -> Result<axum::response::Response, Localized> {
    table_file(state, lang, auth, id, q, Format::Docx).await
}

/// The synthesis and explanation table as XLSX.
#[utoipa::path(get, path = "/consultations/{id}/table.xlsx", tag = "consultation", params(("id" = i64, Path), TableParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The table (Content-Disposition names the file)",
               content(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn table_xlsx(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Params(q): Params<TableParams>,
) -> Result<axum::response::Response, Localized> {
    table_file(state, lang, auth, id, q, Format::Xlsx).await
}
