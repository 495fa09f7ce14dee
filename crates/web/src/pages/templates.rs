//! The template viewer: each statutory workflow's stages in order, their time limits with
//! the legal basis and how sure we are of it, the documents each stage needs, and who may
//! make each move.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use plantrack_domain::workflow::{LimitUnit, RunsFrom, Template as Workflow, Verification};

use super::dossiers::role_name;
use super::{Ctx, PageError, render};
use crate::AppState;
use crate::format;

pub struct TemplateRow {
    pub key: String,
    pub name: String,
    pub version: u32,
    pub country: String,
    pub stages: usize,
    pub unverified: usize,
}

#[derive(Template)]
#[template(path = "templates.html")]
struct ListPage<'a> {
    c: &'a Ctx,
    templates: Vec<TemplateRow>,
}

pub async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    ctx.principal()?;
    let lang = ctx.lang;
    let mut templates: Vec<TemplateRow> = state
        .planning
        .templates()
        .iter()
        .map(|t| TemplateRow {
            key: t.key.clone(),
            name: t.name.get(lang).to_owned(),
            version: t.version,
            country: t.country.clone(),
            stages: t.stages.len(),
            unverified: t
                .stages
                .iter()
                .flat_map(|s| &s.time_limits)
                .filter(|l| l.status == Verification::Unverified)
                .count(),
        })
        .collect();
    templates.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(render(&ListPage { c: &ctx, templates }))
}

pub struct LimitRow {
    pub name: String,
    pub length: String,
    pub runs_from: String,
    pub basis: String,
    pub status_tag: &'static str,
    pub status: String,
    pub note: String,
}

pub struct StageRow {
    pub number: usize,
    pub key: String,
    pub name: String,
    pub basis: String,
    pub terminal: bool,
    pub limits: Vec<LimitRow>,
    pub documents: Vec<String>,
    /// The rule that the stage is left only with every opinion answered, in words; empty
    /// where the stage has no such rule.
    pub answers_required: String,
    pub moves: Vec<String>,
}

#[derive(Template)]
#[template(path = "template.html")]
struct ShowPage<'a> {
    c: &'a Ctx,
    name: String,
    key: String,
    version: u32,
    legal_basis: Vec<String>,
    stages: Vec<StageRow>,
    permissions: Vec<(String, String)>,
}

pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let t: Arc<Workflow> = state.planning.template(&key, None).map_err(ctx.fail())?;
    let lang = ctx.lang;
    let doc = |k: &str| {
        t.documents
            .iter()
            .find(|d| d.key == k)
            .map_or_else(|| k.to_owned(), |d| d.name.get(lang).to_owned())
    };
    let roles = |list: &[String]| {
        list.iter()
            .map(|r| role_name(&t, r, lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let stages = t
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageRow {
            number: i + 1,
            key: s.key.clone(),
            name: s.name.get(lang).to_owned(),
            basis: format::legal_text(&s.basis, lang),
            terminal: s.terminal,
            limits: s
                .time_limits
                .iter()
                .map(|l| LimitRow {
                    name: l.name.get(lang).to_owned(),
                    length: ctx.lang.t_args(
                        match l.unit {
                            LimitUnit::CalendarDays => "limit-calendar-days",
                            LimitUnit::WorkingDays => "limit-working-days",
                            LimitUnit::Months => "limit-months",
                        },
                        &[("n", i64::from(l.length).into())],
                    ),
                    runs_from: match &l.runs_from {
                        RunsFrom::StageEntered => ctx.t("limit-from-stage"),
                        RunsFrom::DocumentAttached(k) => {
                            format!("{} {}", ctx.t("limit-from-document"), doc(k))
                        }
                    },
                    basis: format::legal_text(&l.basis, lang),
                    status_tag: l.status.tag(),
                    status: ctx.t(&format!("verification-{}", l.status.tag())),
                    note: format::legal_text(&l.note, lang),
                })
                .collect(),
            documents: s.required_documents.iter().map(|k| doc(k)).collect(),
            answers_required: s
                .answer_every_opinion
                .map(|_| ctx.t("template-answer-every-opinion"))
                .unwrap_or_default(),
            moves: t
                .transitions_from(&s.key)
                .map(|m| {
                    let to = t
                        .stage(&m.to)
                        .map_or_else(|| m.to.clone(), |x| x.name.get(lang).to_owned());
                    format!("{} → {} ({})", m.name.get(lang), to, roles(&m.roles))
                })
                .collect(),
        })
        .collect();
    let permissions = t
        .permissions
        .iter()
        .map(|(command, list)| (ctx.t(&format!("permission-{command}")), roles(list)))
        .collect();
    Ok(render(&ShowPage {
        c: &ctx,
        name: t.name.get(lang).to_owned(),
        key: t.key.clone(),
        version: t.version,
        legal_basis: t
            .legal_basis
            .iter()
            .map(|b| format::legal_text(b, lang))
            .collect(),
        stages,
        permissions,
    }))
}
