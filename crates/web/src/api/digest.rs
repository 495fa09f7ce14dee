//! Where an organisation's daily digest goes (issue 13, item 6): its contact address and the
//! language it reads, read and set by the organisation's own accounts or the administrator.

use axum::extract::State;
use plantrack_domain::Language;
use plantrack_store::accounts::OrganisationContact;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_contact, set_contact))
}

/// The new settings: no address stops the digest.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactUpdate {
    /// The address, e.g. vanphong@ubnd.laichau.gov.vn; null or empty for none.
    #[serde(default)]
    pub email: Option<String>,
    /// vi, en or id.
    pub language: Language,
}

/// An organisation's digest settings.
#[utoipa::path(get, path = "/organisations/{id}/contact", tag = "follow-up", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = OrganisationContact), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn get_contact(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<OrganisationContact>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .organisation_contact(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Sets where an organisation's daily digest goes and in which language.
#[utoipa::path(put, path = "/organisations/{id}/contact", tag = "follow-up", params(("id" = i64, Path)), request_body = ContactUpdate, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = OrganisationContact), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, description = "Not an address a mail server accepts", body = crate::error::Problem)))]
async fn set_contact(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(update): Body<ContactUpdate>,
) -> Result<axum::Json<OrganisationContact>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .set_organisation_contact(
                auth.caller(),
                &id.to_string(),
                update.email.as_deref(),
                update.language,
            )
            .await
            .map_err(fail(lang))?,
    ))
}
