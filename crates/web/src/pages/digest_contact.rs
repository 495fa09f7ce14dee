//! The daily digest's settings on the inbox: where the organisation's digest goes and in
//! which language. Its own offices (and the administrator) set them; a bad address shows the
//! inbox again with why, and changes nothing.

use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plantrack_domain::Language;
use serde::Deserialize;

use super::follow_up::inbox;
use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;

/// The form's current values.
pub struct ContactView {
    pub email: String,
    pub language: &'static str,
}

/// The signed-in account's organisation's digest settings.
pub(super) async fn view(ctx: &Ctx, state: &AppState) -> Result<ContactView, PageError> {
    let me = ctx.principal()?;
    let contact = state
        .planning
        .organisation_contact(ctx.caller(), me.organisation.id)
        .await
        .map_err(ctx.fail())?;
    Ok(ContactView {
        email: contact.contact_email.unwrap_or_default(),
        language: contact.contact_language.code(),
    })
}

#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub email: String,
    pub language: String,
}

/// Saves the settings and goes back to the inbox; an empty address stops the digest.
pub async fn set_contact(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ContactForm>,
) -> Result<Response, PageError> {
    let me = ctx.principal()?;
    let language = Language::parse(&form.language)
        .filter(|l| l.code() == form.language.trim())
        .ok_or_else(|| ctx.error(ApiError::bad_request("language", ctx.t("invalid-choice"))))?;
    let email = Some(form.email.as_str()).filter(|e| !e.trim().is_empty());
    match state
        .planning
        .set_organisation_contact(
            ctx.caller(),
            &me.organisation.id.to_string(),
            email,
            language,
        )
        .await
    {
        Ok(_) => Ok(see_other(&headers, "/inbox")),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = inbox(&ctx, &state, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}
