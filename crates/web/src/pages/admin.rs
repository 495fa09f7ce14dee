//! The administrator's page: accounts (people's and service accounts), API tokens (its own
//! and service accounts'; revocable) and the history's audit.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_domain::access::{self, Organisation, Role, TokenHolder};
use plantrack_store::accounts::{NewServiceAccount, NewUser, TokenInfo, User};
use plantrack_store::audit::AuditReport;
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    c: &'a Ctx,
    users: Vec<User>,
    tokens: Vec<TokenInfo>,
    organisations: Vec<Organisation>,
    roles: Vec<(&'static str, String)>,
    audit: Option<AuditReport>,
    /// The audit's projection differences, in the reader's words.
    audit_problems: Vec<String>,
    /// A secret shown once: a new account's password or a new token.
    secret: Option<(String, String)>,
    error: Option<String>,
}

impl AdminPage<'_> {
    fn when(t: &chrono::DateTime<chrono::Utc>) -> String {
        format::timestamp(*t)
    }
    fn role(&self, u: &User) -> String {
        self.c.t(&format!("role-{}", u.role.as_str()))
    }
    /// Whether the token form offers this account: one the policy lets the reader make a
    /// token for (its own, or a service account), and not disabled.
    fn may_hold_token(&self, u: &User) -> bool {
        let holder = TokenHolder {
            user_id: u.id,
            service_account: u.service_account,
        };
        u.disabled_at.is_none() && access::create_token(self.c.user.as_ref(), holder).is_ok()
    }
}

/// What the page shows besides the lists.
#[derive(Default)]
struct Outcome {
    audit: Option<AuditReport>,
    secret: Option<(String, String)>,
    /// A refusal, with the status the page answers with.
    error: Option<(StatusCode, String)>,
}

async fn page(ctx: &Ctx, state: &AppState, outcome: Outcome) -> Result<Response, PageError> {
    let db = &state.planning;
    let caller = ctx.caller();
    let users = db.users(caller).await.map_err(ctx.fail())?;
    let tokens = db.tokens(caller, None).await.map_err(ctx.fail())?;
    let organisations = db.organisations(caller).await.map_err(ctx.fail())?;
    let (status, error) = match outcome.error {
        Some((status, said)) => (status, Some(said)),
        None => (StatusCode::OK, None),
    };
    let view = AdminPage {
        c: ctx,
        users,
        tokens,
        organisations,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), ctx.t(&format!("role-{}", r.as_str()))))
            .collect(),
        audit_problems: outcome.audit.as_ref().map_or_else(Vec::new, |a| {
            a.projection_problems
                .iter()
                .map(|p| crate::i18n::describe_projection_problem(ctx.lang, p))
                .collect()
        }),
        audit: outcome.audit,
        secret: outcome.secret,
        error,
    };
    Ok((status, render(&view)).into_response())
}

/// A store refusal as a sentence for the page, with its status: 403 for the policy's, 422 for
/// a form the store could not take; anything else is an error page.
fn refusal(ctx: &Ctx, e: plantrack_store::StoreError) -> Result<(StatusCode, String), PageError> {
    use plantrack_store::StoreError;
    match e {
        StoreError::Domain(_)
        | StoreError::Duplicate { .. }
        | StoreError::NotFound { .. }
        | StoreError::Denied(_) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let status = if status == StatusCode::FORBIDDEN {
                status
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok((status, format!("{}: {}", problem.title, problem.detail)))
        }
        internal => Err(ctx.error(internal)),
    }
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    role: String,
    organisation_id: i64,
    /// The checkbox: an integration's account, with no password, acting through tokens.
    service_account: Option<String>,
}

/// Creates an account with a generated password, shown once on the page; or a service
/// account, which has no password to show.
pub async fn create_user(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageError> {
    let role = Role::parse(&form.role)
        .ok_or_else(|| ctx.error(ApiError::bad_request("role", ctx.t("invalid-choice"))))?;
    if form.service_account.is_some() {
        let created = state
            .planning
            .create_service_account(
                ctx.caller(),
                NewServiceAccount {
                    username: form.username.trim().to_owned(),
                    display_name: form.display_name,
                    role,
                    organisation_id: form.organisation_id,
                },
            )
            .await;
        let outcome = match created {
            Ok(_) => Outcome::default(),
            Err(e) => Outcome {
                error: Some(refusal(&ctx, e)?),
                ..Default::default()
            },
        };
        return page(&ctx, &state, outcome).await;
    }
    let password = plantrack_store::accounts::generate_password();
    let outcome = match state
        .planning
        .create_user(
            ctx.caller(),
            NewUser {
                username: form.username.trim().to_owned(),
                display_name: form.display_name,
                password: password.clone(),
                role,
                organisation_id: form.organisation_id,
            },
        )
        .await
    {
        Ok(user) => Outcome {
            secret: Some((
                format!("{} {}", ctx.t("user-created-password"), user.username),
                password,
            )),
            ..Default::default()
        },
        Err(e) => Outcome {
            error: Some(refusal(&ctx, e)?),
            ..Default::default()
        },
    };
    page(&ctx, &state, outcome).await
}

#[derive(Deserialize)]
pub struct NewTokenForm {
    user_id: i64,
    label: String,
}

/// Creates an API token for the administrator itself or a service account (the store refuses
/// any other account, and the page says why); its secret is shown once.
pub async fn create_token(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<NewTokenForm>,
) -> Result<Response, PageError> {
    let outcome = match state
        .planning
        .create_token(ctx.caller(), form.user_id, &form.label, chrono::Utc::now())
        .await
    {
        Ok((secret, info)) => Outcome {
            secret: Some((
                format!("{} {} ({})", ctx.t("token-created"), info.id, info.username),
                secret,
            )),
            ..Default::default()
        },
        Err(e) => Outcome {
            error: Some(refusal(&ctx, e)?),
            ..Default::default()
        },
    };
    page(&ctx, &state, outcome).await
}

pub async fn admin_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    page(&ctx, &state, Outcome::default()).await
}

/// Re-hashes every dossier's history and shows the first broken link, if any.
pub async fn verify_audit(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let report = state
        .planning
        .verify_history(ctx.caller(), &mut |_| {})
        .await
        .map_err(ctx.fail())?;
    page(
        &ctx,
        &state,
        Outcome {
            audit: Some(report),
            ..Default::default()
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct Empty {}

/// Disables (`/disable`) or enables again (`/enable`) an account.
pub async fn set_user_enabled(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((username, action)): Path<(String, String)>,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    let planning = &state.planning;
    match action.as_str() {
        "disable" => planning.disable_user(ctx.caller(), &username).await,
        "enable" => planning.enable_user(ctx.caller(), &username).await,
        _ => return Err(ctx.error(ApiError::NotFound)),
    }
    .map_err(ctx.fail())?;
    Ok(see_other(&headers, "/admin"))
}

pub async fn revoke_token(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    super::own_tokens::revoke_and_return(&ctx, &state, &headers, id, "/admin").await
}
