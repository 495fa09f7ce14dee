//! Signing in and out, the language switch and the password change, as pages.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::{Ctx, PageError, local_path, render, see_other};
use crate::AppState;
use crate::api::session::{login_error, with_retry_after};
use crate::auth::{over_tls, session_clear_cookie, session_cookie, session_set_cookie};
use crate::client::ClientAddr;
use crate::error::ApiError;
use crate::i18n::{Lang, language_cookie};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    c: &'a Ctx,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    render(&LoginPage {
        c: &ctx,
        next: local_path(q.next.as_deref()),
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let db = &state.planning;
    let now = chrono::Utc::now();
    let principal = match db
        .authenticate(&form.username, &form.password, client, now)
        .await
    {
        Ok(p) => p,
        Err(e) => {
            let error = login_error(e);
            let retry_after = error.retry_after();
            let (status, problem) = error.in_lang(ctx.lang).to_problem();
            let page = LoginPage {
                c: &ctx,
                next: local_path(form.next.as_deref()),
                username: form.username,
                error: Some(format!("{}. {}", problem.title, problem.detail)),
            };
            return Ok(with_retry_after(
                (status, render(&page)).into_response(),
                retry_after,
            ));
        }
    };
    if let Some(old) = session_cookie(&jar) {
        db.delete_session(&old).await.map_err(ctx.fail())?;
    }
    let (secret, expires_at) = db
        .create_session(principal.user_id, now)
        .await
        .map_err(ctx.fail())?;
    let max_age = (expires_at - now).num_seconds().max(0);
    let cookie = session_set_cookie(secret, max_age, over_tls(&headers));
    // Where to go: the page asked for, else the person's start page.
    let next = match form.next.as_deref() {
        Some(n) if local_path(Some(n)) != "/" => local_path(Some(n)),
        _ => Ctx {
            user: Some(principal),
            ..ctx
        }
        .home(),
    };
    Ok((jar.add(cookie), see_other(&headers, &next)).into_response())
}

pub async fn logout(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<Response, PageError> {
    if let Some(secret) = session_cookie(&jar) {
        state
            .planning
            .delete_session(&secret)
            .await
            .map_err(ctx.fail())?;
    }
    Ok((
        jar.add(session_clear_cookie()),
        see_other(&headers, "/login"),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// Switches the page language: kept on the account when signed in, and in a cookie.
pub async fn set_language(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LanguageForm>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&form.lang)
        .ok_or_else(|| ctx.error(ApiError::bad_request("lang", "must be vi, en or id")))?;
    if let Some(p) = &ctx.user {
        state
            .planning
            .set_user_language(p, lang.language())
            .await
            .map_err(ctx.fail())?;
    }
    // Drop a `lang=` the page address may carry, or it would win over the new choice.
    let next = local_path(form.next.as_deref());
    let next = match next.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|kv| !kv.starts_with("lang="))
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => next,
    };
    Ok((jar.add(language_cookie(lang)), see_other(&headers, &next)).into_response())
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    c: &'a Ctx,
    error: Option<String>,
    /// The weekly report toggle, for the roles that may receive it.
    weekly: Option<WeeklyToggle>,
}

/// The weekly report by e-mail as the account page shows it.
struct WeeklyToggle {
    /// The address it goes to; none when off.
    email: Option<String>,
    /// The address typed in when it was refused, to show it again.
    typed: String,
    error: Option<String>,
}

/// The weekly report's state for the signed-in account, if its role may receive it.
async fn weekly_toggle(ctx: &Ctx, state: &AppState) -> Result<Option<WeeklyToggle>, PageError> {
    let principal = ctx.principal()?;
    if !plantrack_domain::access::receive_weekly_report(principal.role) {
        return Ok(None);
    }
    let email = state
        .planning
        .weekly_report_email(ctx.caller(), &principal.username)
        .await
        .map_err(ctx.fail())?;
    Ok(Some(WeeklyToggle {
        typed: email.clone().unwrap_or_default(),
        email,
        error: None,
    }))
}

pub async fn account_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    ctx.principal()?;
    let weekly = weekly_toggle(&ctx, &state).await?;
    Ok(render(&AccountPage {
        c: &ctx,
        error: None,
        weekly,
    }))
}

#[derive(Deserialize)]
pub struct WeeklyReportForm {
    /// Present ("on") when the box is ticked.
    enabled: Option<String>,
    #[serde(default)]
    email: String,
}

/// Turns the weekly report by e-mail on (at the address given) or off for the signed-in
/// account; a bad address, or a role that does not receive it, shows the page again with why.
pub async fn set_weekly_report(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<WeeklyReportForm>,
) -> Result<Response, PageError> {
    let principal = ctx.principal()?;
    let email = form.enabled.is_some().then_some(form.email.as_str());
    match state
        .planning
        .set_weekly_report(ctx.caller(), &principal.username, email)
        .await
    {
        Ok(_) => Ok(see_other(&headers, "/account").into_response()),
        Err(e) => {
            let (_, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let weekly = WeeklyToggle {
                email: None,
                typed: form.email.clone(),
                error: Some(format!("{}. {}", problem.title, problem.detail)),
            };
            let page = AccountPage {
                c: &ctx,
                error: None,
                weekly: Some(weekly),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

// The fields are the form's input names.
#[allow(clippy::struct_field_names)]
#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// Changes the password; every session of the account ends and its API tokens are revoked, so
/// the person signs in again.
pub async fn change_password(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let principal = ctx.principal()?;
    let weekly = weekly_toggle(&ctx, &state).await?;
    let failed = |message: String| {
        let page = AccountPage {
            c: &ctx,
            error: Some(message),
            weekly: weekly.as_ref().map(|w| WeeklyToggle {
                email: w.email.clone(),
                typed: w.typed.clone(),
                error: None,
            }),
        };
        (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response()
    };
    if form.new_password != form.confirm_password {
        return Ok(failed(ctx.t("account-password-mismatch")));
    }
    if let Err(e) = state
        .planning
        .change_password(
            principal,
            &form.current_password,
            &form.new_password,
            client,
            chrono::Utc::now(),
        )
        .await
    {
        let error = login_error(e);
        let retry_after = error.retry_after();
        let (status, problem) = error.in_lang(ctx.lang).to_problem();
        let mut response = failed(format!("{}. {}", problem.title, problem.detail));
        *response.status_mut() = status;
        return Ok(with_retry_after(response, retry_after));
    }
    Ok((
        jar.add(session_clear_cookie()),
        see_other(&headers, "/login?changed=1"),
    )
        .into_response())
}
