//! The public page of a consultation (`/consultations/{id}`, no sign-in; issue 15, item 3):
//! the round and its dates, the documents consulted on, the land-use map, the published
//! opinions (redacted copies) and the form a resident sends an opinion with. The form posts
//! to the same address as `multipart/form-data` (it may carry a file) and works without a
//! script; the map only fills its hidden longitude and latitude fields.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plantrack_domain::consultation::public::{MAX_ATTACHMENT_BYTES, MAX_PUBLIC_TEXT};
use plantrack_store::blobs::BlobError;
use plantrack_store::consultation::public::{
    PublicAttachment, PublicConsultation, PublicSubmission,
};
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::client::ClientAddr;
use crate::error::ApiError;
use crate::format;

/// The longest text field the form carries, in bytes: the opinion's 5,000 characters of up
/// to four bytes each, with room to spare (the domain refuses the text by its characters).
const MAX_FIELD: usize = 32 * 1024;

/// Files a resident may attach: documents and photos, nothing that runs or unpacks.
const ATTACHMENT_TYPES: [&str; 5] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// The request body the form may send: the attachment and the text fields.
pub fn body_limit() -> usize {
    usize::try_from(MAX_ATTACHMENT_BYTES).unwrap_or(usize::MAX) + 256 * 1024
}

#[derive(Template)]
#[template(path = "public_consultation.html")]
struct PublicPage<'a> {
    c: &'a Ctx,
    p: PublicConsultation,
    token: String,
    /// What was typed, given back with a refusal.
    form: PublicSubmission,
    anonymous: bool,
    error: Option<String>,
    sent: Option<i64>,
    reported: bool,
    tiles: String,
    /// The published points, for the map (JSON).
    points: String,
}

// The template hands its values over by reference.
#[allow(clippy::trivially_copy_pass_by_ref, clippy::ref_option)]
impl PublicPage<'_> {
    fn date(d: &chrono::NaiveDate) -> String {
        format::date(*d)
    }

    fn subject(&self) -> String {
        self.c.tk("consultation-subject-", self.p.subject.as_str())
    }

    fn title(&self) -> String {
        self.c.lang.t_args(
            "public-title",
            &[
                ("subject", self.subject().into()),
                ("unit", self.p.unit_name.clone().into()),
            ],
        )
    }

    fn round(&self) -> String {
        self.c
            .lang
            .t_args("public-round", &[("round", self.p.round_no.into())])
    }

    fn status(&self) -> (String, &'static str) {
        let r = &self.p.residents;
        let day = |d| format::date(d);
        if self.p.open {
            (
                self.c.lang.t_args(
                    "public-open",
                    &[
                        ("opens", day(r.opens_on).into()),
                        ("closes", day(r.closes_on).into()),
                        ("days", self.p.days_left.into()),
                    ],
                ),
                "ok",
            )
        } else if self.p.today < r.opens_on {
            (
                self.c
                    .lang
                    .t_args("public-not-yet", &[("opens", day(r.opens_on).into())]),
                "soon",
            )
        } else {
            (
                self.c
                    .lang
                    .t_args("public-closed", &[("closes", day(r.closes_on).into())]),
                "late",
            )
        }
    }

    fn form_name(&self, f: &plantrack_domain::consultation::ConsultationForm) -> String {
        self.c.tk("public-form-", &f.as_str().replace('_', "-"))
    }

    fn size(&self, bytes: &u64) -> String {
        format::file_size(*bytes, self.c.lang)
    }

    fn text_hint(&self) -> String {
        self.c
            .lang
            .t_args("public-text-hint", &[("max", MAX_PUBLIC_TEXT.into())])
    }

    fn attachment_hint(&self) -> String {
        self.c.lang.t_args(
            "public-attachment-hint",
            &[("mb", (MAX_ATTACHMENT_BYTES / (1024 * 1024)).into())],
        )
    }

    fn sent_text(&self, id: &i64) -> String {
        self.c.lang.t_args("public-sent", &[("id", (*id).into())])
    }

    fn coordinate(v: &Option<f64>) -> String {
        v.map(|x| format!("{x:.6}")).unwrap_or_default()
    }

    fn bbox(&self) -> String {
        self.p
            .bbox
            .map(|b| format!("{},{},{},{}", b[0], b[1], b[2], b[3]))
            .unwrap_or_default()
    }

    fn topic(&self, t: &plantrack_domain::consultation::TopicName) -> String {
        t.name(plantrack_domain::Language::parse(self.c.lang.code()).unwrap_or_default())
            .to_owned()
    }

    fn response(&self, r: &plantrack_domain::consultation::ResponseKind) -> String {
        self.c
            .tk("consultation-response-", &r.as_str().replace('_', "-"))
    }

    fn cosigners(&self, n: &i64) -> String {
        self.c
            .lang
            .t_args("consultation-cosigners", &[("count", (*n).into())])
    }

    fn not_published(&self, source: &plantrack_domain::consultation::OpinionSource) -> String {
        self.c.tk(
            "public-table-not-published-",
            &source.as_str().replace('_', "-"),
        )
    }

    /// The form's address, keeping the reader's language.
    fn action(&self) -> String {
        format!("/consultations/{}?lang={}", self.p.id, self.c.lang.code())
    }
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    sent: Option<i64>,
    reported: Option<String>,
}

/// What the page shows besides the round: the form as typed and why it was refused, or the
/// query's thank-you.
#[derive(Default)]
struct Shown {
    form: PublicSubmission,
    anonymous: bool,
    error: Option<String>,
    query: Option<PageQuery>,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    status: StatusCode,
    shown: Shown,
) -> Result<Response, PageError> {
    let Shown {
        form,
        anonymous,
        error,
        query: q,
    } = shown;
    let p = state
        .planning
        .public_consultation(id)
        .await
        .map_err(ctx.fail())?;
    let token = state
        .planning
        .public_form_token(id)
        .await
        .map_err(ctx.fail())?;
    let points: Vec<serde_json::Value> = p
        .published
        .iter()
        .filter_map(|o| {
            o.point
                .map(|[lon, lat]| serde_json::json!({"lon": lon, "lat": lat, "id": o.id}))
        })
        .collect();
    let view = PublicPage {
        c: ctx,
        token,
        form,
        anonymous,
        error,
        sent: q.as_ref().and_then(|q| q.sent),
        reported: q.as_ref().is_some_and(|q| q.reported.is_some()),
        tiles: state.map_tiles.clone().unwrap_or_default(),
        points: serde_json::Value::from(points).to_string(),
        p,
    };
    let mut response = (status, render(&view)).into_response();
    // A page with a fresh form token is never served from a cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /consultations/{id}`: the public page.
pub async fn public_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    page(
        &ctx,
        &state,
        id,
        StatusCode::OK,
        Shown {
            query: Some(q),
            ..Shown::default()
        },
    )
    .await
}

/// The form as sent: its fields, and the attachment kept in the document store.
async fn read_form(
    state: &AppState,
    mut multipart: Multipart,
) -> Result<(PublicSubmission, bool, Option<PublicAttachment>), ApiError> {
    let mut s = PublicSubmission::default();
    let mut anonymous = false;
    let mut attachment = None;
    let bad = |field: &str, e: axum::extract::multipart::MultipartError| {
        ApiError::bad_request(field, e.body_text())
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|e| bad("body", e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "attachment" {
            let filename = field
                .file_name()
                .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
                .unwrap_or_default();
            let mut writer = None;
            let mut size: u64 = 0;
            while let Some(chunk) = field.chunk().await.map_err(|e| bad("attachment", e))? {
                if chunk.is_empty() {
                    continue;
                }
                size += chunk.len() as u64;
                if size > MAX_ATTACHMENT_BYTES {
                    // Dropped, the writer removes what it wrote.
                    return Err(ApiError::FileRefused(BlobError::TooLarge {
                        limit: MAX_ATTACHMENT_BYTES,
                    }));
                }
                if writer.is_none() {
                    writer = Some(
                        state
                            .documents
                            .writer(&filename)
                            .await
                            .map_err(ApiError::FileRefused)?,
                    );
                }
                if let Some(w) = writer.as_mut() {
                    w.write(&chunk).await.map_err(ApiError::FileRefused)?;
                }
            }
            // An empty file input sends an empty part: no attachment.
            if let Some(w) = writer {
                let kept = w.finish().await.map_err(ApiError::FileRefused)?;
                if !ATTACHMENT_TYPES.contains(&kept.media_type) {
                    let _ = state.documents.forget(&kept).await;
                    return Err(ApiError::FileRefused(BlobError::Type));
                }
                attachment = Some(PublicAttachment { kept, filename });
            }
            continue;
        }
        let mut raw = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| bad(&name, e))? {
            if raw.len() + chunk.len() > MAX_FIELD {
                return Err(ApiError::bad_request(name, "too long"));
            }
            raw.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(raw)
            .map_err(|_| ApiError::bad_request(name.clone(), "not valid UTF-8 text"))?;
        let number = |t: &str| -> Result<Option<f64>, ApiError> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>().map(Some).map_err(|_| {
                ApiError::from(plantrack_store::StoreError::from(
                    plantrack_domain::DomainError::Consultation(
                        plantrack_domain::consultation::ConsultationProblem::PointOutOfRange,
                    ),
                ))
            })
        };
        match name.as_str() {
            "name" => s.author_name = Some(text),
            "anonymous" => anonymous = !text.is_empty(),
            "hamlet" => s.hamlet = text,
            "contact" => s.contact = text,
            "text" => s.text = text,
            "lon" => s.lon = number(&text)?,
            "lat" => s.lat = number(&text)?,
            "website" => s.honeypot = text,
            "form_token" => s.form_token = text,
            _ => {}
        }
    }
    if anonymous {
        s.author_name = None;
    }
    Ok((s, anonymous, attachment))
}

/// `POST /consultations/{id}`: a resident's opinion. Received, the reader goes back to the
/// page with a thank-you; refused, the page says why (422, 409 closed, 429 flood, 413 file)
/// with what they typed, and nothing is kept.
pub async fn submit(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let (form, anonymous, outcome) = match read_form(&state, multipart).await {
        Ok((form, anonymous, attachment)) => {
            let outcome = state
                .planning
                .submit_public_opinion(id, &form, attachment.map(|a| (a, &state.documents)), client)
                .await
                .map_err(ApiError::from);
            (form, anonymous, outcome)
        }
        Err(e) => (PublicSubmission::default(), false, Err(e)),
    };
    match outcome {
        Ok(receipt) => Ok(see_other(
            &headers,
            &format!(
                "/consultations/{id}?lang={}&sent={}#sent",
                ctx.lang.code(),
                receipt.opinion_id
            ),
        )),
        Err(e) => {
            let retry_after = e.retry_after();
            let (status, problem) = e.in_lang(ctx.lang).to_problem();
            let message = if problem.detail.is_empty() {
                problem.title
            } else {
                problem.detail
            };
            let mut response = page(
                &ctx,
                &state,
                id,
                status,
                Shown {
                    form,
                    anonymous,
                    error: Some(message),
                    query: None,
                },
            )
            .await?;
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(response)
        }
    }
}

/// `POST /consultations/{id}/opinions/{opinion}/report`: a reader reports a published opinion.
pub async fn report(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Path((id, opinion)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    state
        .planning
        .report_public_opinion(opinion, client)
        .await
        .map_err(ctx.fail())?;
    Ok(see_other(
        &headers,
        &format!(
            "/consultations/{id}?lang={}&reported=1#published",
            ctx.lang.code()
        ),
    ))
}

/// `GET /consultations/{id}/documents/{seq}`: a document consulted on.
pub async fn document(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, seq)): Path<(i64, u64)>,
) -> Result<Response, PageError> {
    let (file, bytes) = state
        .planning
        .public_document(&state.documents, id, seq)
        .await
        .map_err(ctx.fail())?;
    Ok(crate::documents::file_response(
        &file.filename,
        &file.media_type,
        &file.sha256,
        bytes,
        "public, max-age=3600",
    ))
}

/// `GET /consultations/{id}/map`: the dossier's checked land-use map, as GeoJSON.
pub async fn map(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let bytes = state
        .planning
        .public_landuse_map(&state.documents, id)
        .await
        .map_err(ctx.fail())?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        bytes,
    )
        .into_response())
}
