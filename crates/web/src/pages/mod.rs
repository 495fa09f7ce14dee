//! The pages officials use: server-rendered HTML (askama templates in `crates/web/templates/`),
//! enhanced by htmx (`hx-boost`) and, on the dashboard, a Leaflet map. Every text comes from
//! the Fluent files in the reader's language. Handlers here are as thin as the API's: they
//! read through [`plantrack_store::Planning`], check the same policy, and fill a template.
//!
//! A page needs no script to read. Forms that change something are sent by htmx with the
//! session's CSRF token in a header (set once on `<body>`), and a plain form can carry it as
//! a `csrf` field instead; a plain upload (multipart) is let through on the browser's
//! `Sec-Fetch-Site: same-origin`. All are checked by [`crate::auth::csrf_guard`].

mod account;
mod admin;
mod appraisal;
mod appraisal_compare;
mod appraisal_report;
pub(crate) mod consultants;
mod consultation_notices;
pub(crate) mod consultations;
mod dashboard;
mod digest_contact;
mod documents;
mod dossiers;
mod follow_up;
mod forecast;
pub(crate) mod funding;
pub(crate) mod information_requests;
mod layers;
mod meeting_forms;
mod moderation;
pub(crate) mod not_found;
mod opinion_groups;
mod own_tokens;
mod public_consultation;
mod status_calls;
mod templates;
mod units;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use plantrack_domain::access::{self, Principal, Role};

use crate::AppState;
use crate::auth::{Auth, Credential, csrf_token};
use crate::error::{ApiError, Localized};
use crate::i18n::{Lang, Language};

/// The cookie that remembers the language of someone not signed in (kept at this address).
pub use crate::i18n::LANG_COOKIE;

pub fn router(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route("/language", post(account::set_language))
        .route("/account", get(account::account_page))
        .route("/account/password", post(account::change_password))
        .route("/account/weekly-report", post(account::set_weekly_report))
        .route(
            "/account/tokens",
            get(own_tokens::own_tokens_page).post(own_tokens::create_own_token),
        )
        .route(
            "/account/tokens/{id}/revoke",
            post(own_tokens::revoke_own_token),
        )
        .route("/provinces/{code}", get(dashboard::dashboard))
        .route("/provinces/{code}/forecast", get(forecast::risk))
        .route(
            "/provinces/{code}/consultants",
            get(consultants::capacity_page),
        )
        .route("/consultant-firms/{id}", get(consultants::firm_page))
        .route("/provinces/{code}/funding", get(funding::funding_page))
        .route(
            "/provinces/{code}/appraisal-comparison",
            get(appraisal_compare::compare_page),
        )
        .route("/funding/decisions/{id}", get(funding::decision_page))
        .route("/dossiers/{id}/forecast", get(forecast::fan))
        .route("/dossiers/{id}/appraisal", get(appraisal::appraisal_page))
        .route(
            "/dossiers/{id}/appraisal/findings",
            post(appraisal::record_finding),
        )
        .route(
            "/dossiers/{id}/appraisal/overrules",
            post(appraisal::overrule_finding),
        )
        .route(
            "/dossiers/{id}/appraisal/report.docx",
            get(appraisal_report::report_docx),
        )
        .route("/units/{code}", get(units::unit_page))
        .route("/dossiers", get(dossiers::list_page))
        .route("/dossiers/{id}", get(dossiers::dossier_page))
        .route("/dossiers/{id}/transition", post(dossiers::transition))
        .route("/dossiers/{id}/hold", post(dossiers::hold))
        .route("/dossiers/{id}/resume", post(dossiers::resume))
        .route("/dossiers/{id}/extend", post(dossiers::extend))
        .route("/dossiers/{id}/blockers", post(dossiers::record_blocker))
        .route("/blockers/{id}/lift", post(dossiers::lift_blocker))
        .route(
            "/dossiers/{id}/information-requests",
            post(dossiers::ask_information),
        )
        .route(
            "/information-requests/{id}/withdraw",
            post(dossiers::withdraw_information),
        )
        .route(
            "/dossiers/{id}/accept-conflict",
            post(dossiers::accept_conflict),
        )
        .route(
            "/dossiers/{id}/documents",
            post(documents::upload_form).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/dossiers/{id}/documents/{sha256}",
            get(documents::download_page),
        )
        .route(
            "/layers",
            get(layers::layers_page)
                .post(layers::upload_layer)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route("/layers/imports/{id}", get(layers::import_page))
        .route("/meetings", get(follow_up::meetings_page))
        .route("/meetings/{id}", get(follow_up::meeting_page))
        .route("/meetings/{id}/state", post(meeting_forms::change_state))
        .route("/meetings/{id}/agenda", post(meeting_forms::add_item))
        .route(
            "/agenda-items/{id}/settle",
            post(meeting_forms::settle_item),
        )
        .route("/meetings/{id}/participants", post(meeting_forms::invite))
        .route(
            "/meetings/{id}/attendance",
            post(meeting_forms::mark_attendance),
        )
        .route("/meetings/{id}/minutes", post(meeting_forms::write_minutes))
        .route(
            "/meetings/{id}/conclusions",
            post(meeting_forms::add_conclusion),
        )
        .route(
            "/meetings/{id}/recurrence",
            post(meeting_forms::set_recurrence),
        )
        .route("/consultation-rounds", get(consultations::rounds_page))
        .route("/consultation-rounds/{id}", get(consultations::round_page))
        .route(
            "/consultation-rounds/{id}/opinions",
            post(consultations::record_opinion),
        )
        .route(
            "/consultation-rounds/{id}/answers",
            post(consultations::answer),
        )
        .route(
            "/consultation-rounds/{id}/summaries",
            post(consultations::summarise),
        )
        .route(
            "/consultation-rounds/{id}/group-answers",
            post(opinion_groups::answer_group),
        )
        .route(
            "/consultation-rounds/{id}/group-merges",
            post(opinion_groups::merge),
        )
        .route(
            "/consultation-rounds/{id}/group-splits",
            post(opinion_groups::split),
        )
        .route(
            "/consultation-rounds/{id}/notices",
            get(consultation_notices::notices_page).post(consultation_notices::queue),
        )
        .route("/tasks", get(follow_up::tracker_page))
        .route("/tasks/{id}/done", post(follow_up::report_done))
        .route("/inbox", get(follow_up::inbox_page))
        .route("/status-calls/{id}/answer", post(status_calls::answer))
        .route(
            "/information-requests",
            get(information_requests::requests_page),
        )
        .route(
            "/information-requests/{id}/answer",
            post(information_requests::answer_from_inbox),
        )
        .route(
            "/information-requests/{id}/delay",
            post(information_requests::delay_from_inbox),
        )
        .route("/inbox/contact", post(digest_contact::set_contact))
        .route("/templates", get(templates::list))
        .route("/templates/{key}", get(templates::show))
        .route("/admin", get(admin::admin_page))
        .route("/admin/audit", post(admin::verify_audit))
        .route("/admin/users", post(admin::create_user))
        .route("/admin/tokens", post(admin::create_token))
        .route(
            "/admin/users/{username}/{action}",
            post(admin::set_user_enabled),
        )
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        // The public page of a consultation (no sign-in) and its moderation queue.
        .route(
            "/consultations/{id}",
            get(public_consultation::public_page)
                .post(public_consultation::submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    public_consultation::body_limit(),
                )),
        )
        .route(
            "/consultations/{id}/opinions/{opinion}/report",
            post(public_consultation::report),
        )
        .route(
            "/consultations/{id}/documents/{seq}",
            get(public_consultation::document),
        )
        .route("/consultations/{id}/map", get(public_consultation::map))
        .route("/consultations/{id}/moderation", get(moderation::queue))
        .route("/public-opinions/{id}/moderation", post(moderation::decide))
        .route(
            "/public-opinions/{id}/attachment",
            get(moderation::attachment),
        )
}

/// The values of a field a form repeats (ticked checkboxes), parsed; a value that does not
/// parse is refused with the form's "not a choice it offers".
pub(crate) fn repeated<T>(
    ctx: &Ctx,
    pairs: &[(String, String)],
    field: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, PageError> {
    pairs
        .iter()
        .filter(|(k, _)| k == field)
        .map(|(_, v)| {
            parse(v).ok_or_else(|| {
                ctx.error(ApiError::bad_request(field, ctx.t("meeting-form-unknown")))
            })
        })
        .collect()
}

/// Who is reading, in which language, and the token their forms must carry.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<Principal>,
    pub csrf: Option<String>,
    /// The path and query of this page, to come back to after signing in or switching language.
    pub here: String,
    /// The page to come back to after signing in: this page for a GET; for a form that was
    /// sent, the page it was sent from (the form's own address cannot be opened).
    pub back: String,
}

/// A link of the main navigation.
pub struct NavLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The text of a key made of a prefix and a value (`status-` + `active`).
    pub fn tk(&self, prefix: &str, value: &str) -> String {
        self.lang.t(&format!("{prefix}{value}"))
    }

    /// The user's start page: their province's dashboard, their commune, or the dossier list.
    pub fn home(&self) -> String {
        match &self.user {
            None => "/login".into(),
            Some(p) => match (p.role, p.organisation.unit_code.as_deref()) {
                (Role::CommuneOfficer, Some(unit)) => format!("/units/{unit}"),
                (Role::Consultant | Role::Public, _) => "/dossiers".into(),
                _ => format!("/provinces/{}", p.organisation.province_code),
            },
        }
    }

    pub fn nav(&self) -> Vec<NavLink> {
        let Some(p) = &self.user else {
            return Vec::new();
        };
        let mut links = Vec::new();
        let mut add = |href: String, key: &str| {
            let current = self.here == href
                || (href != "/" && self.here.starts_with(&format!("{href}?")))
                || (href == "/dossiers" && self.here.starts_with("/dossiers/"));
            links.push(NavLink {
                label: self.t(key),
                href,
                current,
            });
        };
        match p.role {
            Role::CommuneOfficer => {
                if let Some(unit) = &p.organisation.unit_code {
                    add(format!("/units/{unit}"), "nav-my-unit");
                }
            }
            Role::Consultant | Role::Public => {}
            _ => add(
                format!("/provinces/{}", p.organisation.province_code),
                "nav-dashboard",
            ),
        }
        add("/dossiers".into(), "nav-dossiers");
        if !matches!(p.role, Role::Public) {
            add("/meetings".into(), "nav-meetings");
        }
        if !matches!(p.role, Role::Public | Role::Administrator) {
            add("/inbox".into(), "nav-inbox");
        }
        if !matches!(p.role, Role::Public) {
            add("/information-requests".into(), "nav-requests");
            add("/consultation-rounds".into(), "nav-consultations");
        }
        // Issue 16: the province's firms and their capacity; its money, for whoever reads it.
        let province = &p.organisation.province_code;
        if access::read_firms(Some(p), province).is_ok() {
            add(
                format!("/provinces/{province}/consultants"),
                "nav-consultants",
            );
        }
        if access::read_funding(Some(p), province).is_ok() {
            add(format!("/provinces/{province}/funding"), "nav-funding");
        }
        // Residents read the published OGC collections, not the layers' page.
        if access::read_layers(Some(p), &p.organisation.province_code).is_ok() {
            add("/layers".into(), "nav-layers");
        }
        add("/templates".into(), "nav-templates");
        add("/account".into(), "nav-account");
        if p.role == Role::Administrator {
            add("/admin".into(), "nav-admin");
        }
        links
    }

    pub fn user_label(&self) -> String {
        self.user
            .as_ref()
            .map(|p| format!("{} — {}", p.display_name, p.organisation.name))
            .unwrap_or_default()
    }

    /// The `hx-headers` attribute's JSON: the CSRF token htmx sends with every request.
    pub fn hx_headers(&self) -> Option<String> {
        self.csrf
            .as_ref()
            .map(|t| format!("{{\"x-csrf-token\": \"{t}\"}}"))
    }

    pub fn error(&self, e: impl Into<ApiError>) -> PageError {
        PageError {
            ctx: Box::new(self.clone()),
            error: e.into(),
        }
    }

    pub fn fail(&self) -> impl Fn(plantrack_store::StoreError) -> PageError + '_ {
        move |e| self.error(e)
    }

    /// The reader, as the store's use cases take it.
    pub fn caller(&self) -> plantrack_domain::access::Caller<'_> {
        plantrack_domain::access::Caller::Account(self.user.as_ref())
    }

    pub fn principal(&self) -> Result<&Principal, PageError> {
        self.user
            .as_ref()
            .ok_or_else(|| self.error(ApiError::Unauthorized))
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
        let fallback_lang = page_lang(&parts.headers, parts.uri.query(), None);
        let back = if parts.method == axum::http::Method::GET {
            here.clone()
        } else {
            referer_path(&parts.headers)
        };
        let auth =
            Auth::from_request_parts(parts, state)
                .await
                .map_err(|Localized(error, _)| PageError {
                    ctx: Box::new(Ctx {
                        lang: fallback_lang,
                        user: None,
                        csrf: None,
                        here: here.clone(),
                        back: back.clone(),
                    }),
                    error,
                })?;
        let chosen = match &auth.principal {
            Some(p) => state.planning.user_language(p).await.ok().flatten(),
            None => None,
        };
        let lang = page_lang(&parts.headers, parts.uri.query(), chosen);
        let csrf = match &auth.credential {
            Credential::Session(secret) => Some(csrf_token(secret)),
            _ => None,
        };
        Ok(Ctx {
            lang,
            user: auth.principal,
            csrf,
            here,
            back,
        })
    }
}

/// The local path of the page that sent this request (its Referer on this site), or `/`.
fn referer_path(headers: &HeaderMap) -> String {
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let path = referer
        .split_once("://")
        .and_then(|(_, rest)| rest.strip_prefix(host))
        .filter(|_| !host.is_empty());
    local_path(path)
}

/// `?lang=` first, then the person's saved choice, then the language cookie, then
/// Vietnamese. The browser's languages are not asked: many officials' computers are set up
/// in English, and the pages are meant to open in Vietnamese.
fn page_lang(headers: &HeaderMap, query: Option<&str>, chosen: Option<Language>) -> Lang {
    let from_cookie = || Lang::from_cookie(&axum_extra::extract::CookieJar::from_headers(headers));
    Lang::from_query(query)
        .or_else(|| chosen.map(Lang::from))
        .or_else(from_cookie)
        .unwrap_or(Lang::Vi)
}

/// A page that could not be shown: the reason, in the reader's language, inside the layout.
#[derive(Debug)]
pub struct PageError {
    ctx: Box<Ctx>,
    error: ApiError,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a Ctx,
    status: u16,
    title: String,
    detail: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError { ctx, error } = self;
        if matches!(error, ApiError::Unauthorized) {
            let next = urlencode(&ctx.back);
            return see_other(&HeaderMap::new(), &format!("/login?next={next}"));
        }
        let (status, problem) = error.in_lang(ctx.lang).to_problem();
        let page = ErrorPage {
            c: &ctx,
            status: status.as_u16(),
            title: problem.title,
            detail: problem.detail,
        };
        (status, render(&page)).into_response()
    }
}

/// Renders a template; a template that fails to render is a bug, logged and shown as such.
/// A day a reader typed in a query (dd/mm/yyyy or YYYY-MM-DD); a clear refusal if it is not one.
pub(crate) fn parse_day(
    ctx: &Ctx,
    field: &str,
    value: Option<&str>,
) -> Result<Option<chrono::NaiveDate>, PageError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => crate::format::parse_date(v)
            .map(Some)
            .ok_or_else(|| ctx.error(ApiError::bad_request(field, ctx.t("invalid-date")))),
    }
}

pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

/// After a form succeeded: go to `to`. htmx is told to load it as a whole page (so that the
/// address bar and the page's scripts are right); a plain form gets a 303.
pub fn see_other(request_headers: &HeaderMap, to: &str) -> Response {
    if request_headers.contains_key("hx-request") {
        let mut response = StatusCode::NO_CONTENT.into_response();
        if let Ok(v) = HeaderValue::from_str(to) {
            response.headers_mut().insert("hx-redirect", v);
        }
        response
    } else {
        Redirect::to(to).into_response()
    }
}

/// A path on this site to go back to, or `/`: never another host.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && p.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

pub use crate::format::urlencode;

/// `/`: the signed-in person's start page, or the sign-in page.
async fn home(ctx: Ctx, headers: HeaderMap, State(_): State<AppState>) -> Response {
    see_other(&headers, &ctx.home())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/units/12")), "/units/12");
        assert_eq!(local_path(Some("//evil.example/x")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("/a\r\nSet-Cookie: x=1")), "/");
        assert_eq!(local_path(Some("/a\u{7f}")), "/");
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn the_saved_choice_beats_the_cookie_and_the_browser() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9".parse().unwrap());
        assert_eq!(
            page_lang(&h, None, None),
            Lang::Vi,
            "Vietnamese, whatever the browser"
        );
        h.insert(header::COOKIE, "plantrack_lang=id".parse().unwrap());
        assert_eq!(page_lang(&h, None, None), Lang::Id);
        assert_eq!(page_lang(&h, None, Some(Language::Vi)), Lang::Vi);
        assert_eq!(
            page_lang(&h, Some("x=1&lang=en"), Some(Language::Vi)),
            Lang::En
        );
        assert_eq!(page_lang(&HeaderMap::new(), None, None), Lang::Vi);
    }
}
