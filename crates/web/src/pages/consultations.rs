//! The consultation workspace of the offices (issue 15): the rounds in the reader's scope,
//! with how far each has come and which ended with the synthesis table not done; and a round's
//! sheet, where the commune records opinions collected on paper or at meetings, answers each
//! under the province's topics and summarises every topic — the table the stage requires
//! before the plan goes to appraisal. Residents' own page is `/consultations/{id}`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::consultation::{OpinionSource, ResponseKind, Subject};
use plantrack_store::consultation::{
    ConsultationListItem, ConsultationQuery, ConsultationSheet, NewAnswer, NewOpinion, NewSummary,
    RoundRights,
};
use serde::Deserialize;

use super::{Ctx, PageError, parse_day, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format::{date, percent};

/// One round as a row of the list.
pub struct RoundRow {
    pub id: i64,
    pub unit_code: String,
    /// The unit's name where the page knows it, else its code.
    pub unit_name: String,
    pub dossier: i64,
    /// "đồ án quy hoạch — đợt 2".
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    /// Days left, "ended", or the day it opens.
    pub when: String,
    pub opinions: u64,
    pub answered: u64,
    pub share_answered: String,
    pub consultees: u64,
    pub replied: u64,
    /// `ok` (complete), `soon` (running), `late` (ended, table not done).
    pub badge: &'static str,
    pub state: String,
}

/// Whether a round's residents' track ended with its table not done: what the dashboard and
/// the list put first.
pub fn ended_undone(r: &ConsultationListItem, today: NaiveDate) -> bool {
    r.closes_on < today && !r.table_complete
}

fn subject_words(ctx: &Ctx, subject: Subject, round_no: i64) -> String {
    ctx.lang.t_args(
        "consultation-page-round-title",
        &[
            (
                "subject",
                ctx.tk("consultation-subject-", subject.as_str()).into(),
            ),
            ("round", round_no.into()),
        ],
    )
}

pub(crate) fn round_row(ctx: &Ctx, r: &ConsultationListItem, today: NaiveDate) -> RoundRow {
    let (badge, state) = if r.table_complete && r.closes_on < today {
        ("ok", ctx.t("consultation-page-state-complete"))
    } else if ended_undone(r, today) {
        ("late", ctx.t("consultation-page-state-ended-undone"))
    } else if r.opens_on > today {
        ("hold", ctx.t("consultation-page-state-not-open"))
    } else {
        ("soon", ctx.t("consultation-page-state-open"))
    };
    let when = if today < r.opens_on {
        ctx.lang.t_args(
            "consultation-page-opens-on",
            &[("date", date(r.opens_on).into())],
        )
    } else if today <= r.closes_on {
        ctx.lang.t_args(
            "days-left",
            &[("days", (r.closes_on - today).num_days().into())],
        )
    } else {
        ctx.t("consultation-page-ended")
    };
    RoundRow {
        id: r.id,
        unit_code: r.unit_code.clone(),
        unit_name: r.unit_code.clone(),
        dossier: r.dossier,
        title: subject_words(ctx, r.subject, r.round_no),
        opens_on: date(r.opens_on),
        closes_on: date(r.closes_on),
        when,
        opinions: r.opinions,
        answered: r.answered,
        share_answered: if r.opinions == 0 {
            "—".into()
        } else {
            percent(r.answered as f64 / r.opinions as f64)
        },
        consultees: r.consultees,
        replied: r.replied,
        badge,
        state,
    }
}

#[derive(Debug, Deserialize)]
pub struct RoundsQuery {
    pub unit: Option<String>,
}

#[derive(Template)]
#[template(path = "consultation_rounds.html")]
struct RoundsPage<'a> {
    c: &'a Ctx,
    today: String,
    /// Rounds whose residents' track ended with the table not done.
    undone: Vec<RoundRow>,
    rounds: Vec<RoundRow>,
}

/// The rounds the reader's office reads, the ones that ended with the table not done first.
pub async fn rounds_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<RoundsQuery>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let today = state.planning.today();
    let items = state
        .planning
        .consultations(
            ctx.caller(),
            &ConsultationQuery {
                unit: q.unit,
                dossier: None,
            },
        )
        .await
        .map_err(ctx.fail())?;
    let undone = items
        .iter()
        .filter(|r| ended_undone(r, today))
        .map(|r| round_row(&ctx, r, today))
        .collect();
    let rounds = items.iter().map(|r| round_row(&ctx, r, today)).collect();
    Ok(render(&RoundsPage {
        c: &ctx,
        today: date(today),
        undone,
        rounds,
    }))
}

pub struct ConsulteeRow {
    pub name: String,
    pub status_key: String,
    pub badge: &'static str,
    pub deadline: String,
    pub replies: Vec<String>,
}

pub struct AnswerRow {
    pub point: String,
    pub topic: String,
    pub response: String,
    pub text: String,
    pub answered: String,
}

pub struct OpinionRow {
    pub id: i64,
    pub number: usize,
    pub author: String,
    pub hamlet: String,
    pub source: String,
    pub received_on: String,
    pub text: String,
    pub answers: Vec<AnswerRow>,
}

pub struct TopicRow {
    pub key: String,
    pub name: String,
    pub opinions: u64,
    pub summary: String,
    pub written: String,
}

pub struct Choice {
    pub key: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "consultation_round.html")]
pub struct RoundPage<'a> {
    c: &'a Ctx,
    id: i64,
    unit_code: String,
    unit_name: String,
    dossier: i64,
    title: String,
    residents: String,
    agencies: String,
    open: bool,
    /// Residents give their opinions on the public page (the round uses the online form).
    public: bool,
    unanswered: u64,
    topics_without_summary: String,
    complete: bool,
    consultees: Vec<ConsulteeRow>,
    opinions: Vec<OpinionRow>,
    topics: Vec<TopicRow>,
    topic_choices: Vec<Choice>,
    response_choices: Vec<Choice>,
    source_choices: Vec<Choice>,
    rights: RoundRights,
    /// Similar opinions grouped, the officer's merges and splits kept.
    groups: Vec<super::opinion_groups::GroupRow>,
    /// Why the last form was refused, in the reader's words.
    message: Option<String>,
}

/// The sheet of a round in the reader's language, with the forms the reader may use.
async fn sheet_page<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    id: i64,
    message: Option<String>,
) -> Result<RoundPage<'a>, PageError> {
    ctx.principal()?;
    let sheet: ConsultationSheet = state
        .planning
        .consultation(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let rights = state
        .planning
        .consultation_rights(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let grouping = state
        .planning
        .opinion_groups(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let groups = super::opinion_groups::group_rows(&grouping, &sheet.opinions);
    let language = ctx.lang.language();
    let catalogue = state
        .planning
        .consultation_topics(&sheet.round.province_code)
        .await
        .map_err(ctx.fail())?;
    let topic_name = |key: &str| {
        catalogue
            .iter()
            .find(|t| t.key == key)
            .map_or_else(|| key.to_owned(), |t| t.name(language).to_owned())
    };
    // The unit's name for the heading; its code if the unit is not known.
    let unit_name = state
        .planning
        .unit(&sheet.round.unit_code)
        .await
        .map_or_else(|_| sheet.round.unit_code.clone(), |u| u.unit.full_name);
    let span = |opens: NaiveDate, closes: NaiveDate| format!("{} – {}", date(opens), date(closes));
    let round = &sheet.round;
    let consultees = sheet
        .consultees
        .iter()
        .map(|c| ConsulteeRow {
            name: c.name.clone(),
            status_key: c.status.as_str().replace('_', "-"),
            badge: match c.status.as_str() {
                "replied" | "not_required" => "ok",
                "no_reply" => "late",
                _ => "soon",
            },
            deadline: c.deadline.map(date).unwrap_or_default(),
            replies: c
                .replies
                .iter()
                .map(|r| {
                    let mut words = format!(
                        "{}: {}",
                        date(r.replied_on),
                        ctx.tk(
                            "consultation-position-",
                            &r.position.as_str().replace('_', "-")
                        )
                    );
                    if !r.text.is_empty() {
                        words.push_str(" — ");
                        words.push_str(&r.text);
                    }
                    if r.on_behalf {
                        words.push_str(" (");
                        words.push_str(&ctx.t("consultation-on-behalf"));
                        words.push(')');
                    }
                    words
                })
                .collect(),
        })
        .collect();
    let opinions = sheet
        .opinions
        .iter()
        .enumerate()
        .map(|(i, o)| OpinionRow {
            id: o.id,
            number: i + 1,
            author: match &o.author_name {
                Some(name) if o.cosigners > 0 => format!(
                    "{name} {}",
                    ctx.lang
                        .t_args("consultation-cosigners", &[("count", o.cosigners.into())])
                ),
                Some(name) => name.clone(),
                None => ctx.t("consultation-anonymous"),
            },
            hamlet: o.hamlet.clone(),
            source: ctx.tk(
                "consultation-page-source-",
                &o.source.as_str().replace('_', "-"),
            ),
            received_on: date(o.received_on),
            text: o.text.clone(),
            answers: o
                .answers
                .iter()
                .map(|a| AnswerRow {
                    point: a.point.clone(),
                    topic: topic_name(&a.topic),
                    response: ctx.tk(
                        "consultation-response-",
                        &a.response.as_str().replace('_', "-"),
                    ),
                    text: a.text.clone(),
                    answered: format!("{}, {}", a.answered_by, date(a.answered_on)),
                })
                .collect(),
        })
        .collect();
    let topics = sheet
        .topics
        .iter()
        .map(|t| TopicRow {
            key: t.topic.key.clone(),
            name: t.topic.name(language).to_owned(),
            opinions: t.opinions,
            summary: t.summary.clone().unwrap_or_default(),
            written: match (&t.written_by, t.written_on) {
                (Some(who), Some(on)) => format!("{who}, {}", date(on)),
                _ => String::new(),
            },
        })
        .collect();
    Ok(RoundPage {
        c: ctx,
        id,
        unit_code: round.unit_code.clone(),
        unit_name,
        dossier: round.dossier_id,
        title: subject_words(ctx, round.subject, round.round_no),
        residents: span(round.residents.opens_on, round.residents.closes_on),
        agencies: span(round.agencies.opens_on, round.agencies.closes_on),
        open: sheet.open,
        public: round
            .forms
            .contains(&plantrack_domain::consultation::ConsultationForm::OnlinePage),
        unanswered: sheet.completeness.unanswered,
        topics_without_summary: sheet
            .completeness
            .topics_without_summary
            .iter()
            .map(|k| topic_name(k))
            .collect::<Vec<_>>()
            .join(", "),
        complete: sheet.completeness.complete,
        consultees,
        opinions,
        topics,
        topic_choices: catalogue
            .iter()
            .map(|t| Choice {
                key: t.key.clone(),
                name: t.name(language).to_owned(),
            })
            .collect(),
        response_choices: ResponseKind::ALL
            .iter()
            .map(|k| Choice {
                key: k.as_str().to_owned(),
                name: ctx.tk("consultation-response-", &k.as_str().replace('_', "-")),
            })
            .collect(),
        // Online opinions come through the public page only.
        source_choices: [
            OpinionSource::Paper,
            OpinionSource::Meeting,
            OpinionSource::PublicDisplay,
        ]
        .iter()
        .map(|s| Choice {
            key: s.as_str().to_owned(),
            name: ctx.tk("consultation-page-source-", &s.as_str().replace('_', "-")),
        })
        .collect(),
        rights,
        groups,
        message,
    })
}

/// A round's sheet.
pub async fn round_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(render(&sheet_page(&ctx, &state, id, None).await?))
}

/// After a form: back to the sheet, or the sheet again with why the form was refused.
pub(super) async fn after<T>(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    outcome: Result<T, plantrack_store::StoreError>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(_) => Ok(see_other(headers, &format!("/consultation-rounds/{id}"))),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            if status == StatusCode::NOT_FOUND {
                return Err(ctx.error(ApiError::NotFound));
            }
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = sheet_page(ctx, state, id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct OpinionForm {
    pub source: String,
    #[serde(default)]
    pub author_name: String,
    #[serde(default)]
    pub hamlet: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub cosigners: String,
    /// dd/mm/yyyy; today when empty.
    #[serde(default)]
    pub received_on: String,
}

/// The commune records an opinion collected on paper, at a meeting or at the public display.
pub async fn record_opinion(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<OpinionForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(source) = OpinionSource::parse(&form.source) else {
        return Err(ctx.error(ApiError::bad_request(
            "source",
            ctx.t("consultation-page-source-unknown"),
        )));
    };
    let cosigners = match form.cosigners.trim() {
        "" => 0,
        n => n.parse::<i64>().map_err(|_| {
            ctx.error(ApiError::bad_request(
                "cosigners",
                ctx.t("consultation-page-cosigners-not-a-number"),
            ))
        })?,
    };
    let received_on = parse_day(&ctx, "received_on", Some(&form.received_on))?;
    let name = form.author_name.trim();
    let opinion = NewOpinion {
        source,
        author_name: (!name.is_empty()).then(|| name.to_owned()),
        hamlet: form.hamlet,
        contact: form.contact,
        text: form.text,
        cosigners,
        received_on,
    };
    let outcome = state
        .planning
        .record_opinion(ctx.caller(), id, &opinion)
        .await;
    after(&ctx, &state, &headers, id, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    pub opinion_id: i64,
    #[serde(default)]
    pub point: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub text: String,
}

/// The commune answers an opinion (or a point of it) under a topic.
pub async fn answer(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(response) = ResponseKind::parse(&form.response) else {
        return Err(ctx.error(ApiError::bad_request(
            "response",
            ctx.t("consultation-page-response-unknown"),
        )));
    };
    let answer = NewAnswer {
        opinion_id: form.opinion_id,
        point: form.point,
        topic: form.topic,
        response,
        text: form.text,
        on: None,
    };
    let outcome = state
        .planning
        .answer_opinion(ctx.caller(), id, &answer)
        .await;
    after(&ctx, &state, &headers, id, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct SummaryForm {
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub text: String,
}

/// The commune summarises a topic of the table.
pub async fn summarise(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<SummaryForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let summary = NewSummary {
        topic: form.topic,
        text: form.text,
    };
    let outcome = state
        .planning
        .summarise_topic(ctx.caller(), id, &summary)
        .await;
    after(&ctx, &state, &headers, id, outcome).await
}
