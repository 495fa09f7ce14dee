//! The appraisal report (báo cáo thẩm định, issue 19) of one dossier in the reader's language:
//! read from the dossier's appraisal, its plan and its unit, then laid out as DOCX by
//! plantrack-reports for the appraiser to edit and sign. The page, the API and the command
//! line all make it here.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_domain::appraisal::Evidence;
use plantrack_domain::appraisal::checklist::ItemScope;
use plantrack_domain::plan::Plan;
use plantrack_reports::Format;
use plantrack_reports::appraisal::{
    AppraisalConclusion, AppraisalHeader, AppraisalReport, AppraisalRow, AppraisalWords, AutoRow,
    RowFinding, render_docx,
};
use plantrack_reports::model::{Signature, TitleBlock};
use plantrack_store::Planning;
use plantrack_store::appraisal::{Appraisal, AppraisalItem, ItemVerdict};

use crate::document_words::Words;
use crate::error::ApiError;
use crate::format;
use crate::i18n::{Lang, describe_figure, finding_verdict_name, verdict_name};

/// What the report is made from, as the caller may read it.
#[derive(Debug, Clone)]
pub struct AppraisalReportData {
    pub appraisal: Appraisal,
    pub plan: Plan,
    /// The commune's and the province's Vietnamese names.
    pub commune: String,
    pub province: String,
    /// The report's date.
    pub today: NaiveDate,
}

/// Reads what the report of dossier `id` says; whoever reads the dossier's appraisal may.
pub async fn appraisal_report_data(
    planning: &Planning,
    caller: Caller<'_>,
    id: i64,
) -> Result<AppraisalReportData, plantrack_store::StoreError> {
    let appraisal = planning.appraisal(caller, id).await?;
    let dossier = planning.dossier(caller, id).await?;
    let plan = planning.plan(caller, dossier.state.plan_id).await?;
    let commune = planning.unit(&appraisal.unit_code).await?.unit;
    let province = planning
        .unit(&dossier.place.province_code)
        .await?
        .unit
        .name_vi;
    Ok(AppraisalReportData {
        appraisal,
        plan,
        commune: commune.name_vi,
        province,
        today: planning.today(),
    })
}

/// The file the report is saved under: `bao-cao-tham-dinh-03390-7.docx`.
pub fn file_name(data: &AppraisalReportData) -> String {
    format!(
        "bao-cao-tham-dinh-{}-{}.docx",
        data.appraisal.unit_code, data.appraisal.dossier
    )
}

/// What answers an item, in words: the document and whether the dossier holds one, the
/// section of the explanatory report, or the map the figures are measured on.
pub fn describe_evidence(item: &AppraisalItem, lang: Lang) -> String {
    match &item.evidence {
        Evidence::Auto { .. } => lang.t("appraisal-page-measured-on-map"),
        Evidence::Document { document } => format!(
            "{}: {}",
            item.document_name
                .as_ref()
                .map_or_else(|| document.clone(), |n| n.get(lang).to_owned()),
            lang.t(if item.document_attached == Some(true) {
                "cli-appraisal-document-attached"
            } else {
                "cli-appraisal-document-missing"
            })
        ),
        Evidence::ReportSection { section } => {
            format!("{}: {}", lang.t("col-section"), section.get(lang))
        }
    }
}

fn words(w: &Words) -> AppraisalWords {
    AppraisalWords {
        general: w.t("appraisal-report-general"),
        province: w.t("appraisal-report-province"),
        commune: w.t("appraisal-report-commune"),
        plan: w.t("appraisal-report-plan"),
        dossier: w.t("appraisal-report-dossier"),
        checklist: w.t("appraisal-report-checklist"),
        map_checked_at: w.t("appraisal-report-map-checked"),
        no_map: w.t("cli-appraisal-no-map"),
        round: w.t("appraisal-report-round"),
        items: w.t("appraisal-report-items"),
        items_table: w.t("appraisal-report-items-table"),
        items_columns: [
            w.t("appraisal-report-col-number"),
            w.t("appraisal-page-item"),
            w.t("col-basis"),
            w.t("appraisal-page-evidence"),
            w.t("appraisal-report-col-finding"),
            w.t("appraisal-report-col-comment"),
        ],
        province_item: w.t("appraisal-page-province-item"),
        auto_label: w.t("appraisal-report-auto-label"),
        auto: w.t("appraisal-report-auto"),
        auto_intro: w.t("appraisal-report-auto-intro"),
        auto_table: w.t("appraisal-report-auto-table"),
        auto_columns: [
            w.t("appraisal-report-col-number"),
            w.t("appraisal-page-item"),
            w.t("appraisal-report-col-figures"),
            w.t("appraisal-page-verdict"),
        ],
        no_figures: w.t("appraisal-report-no-figures"),
        conclusion: w.t("appraisal-report-conclusion"),
        pass: w.t("appraisal-report-pass"),
        returned: w.t("appraisal-report-returned"),
        undecided: w.t("appraisal-report-undecided"),
        undecided_items: w.t("appraisal-report-undecided-items"),
        file_title: w.t("appraisal-report-kind"),
    }
}

/// The check's time (RFC 3339) in Vietnam's time; none when it cannot be read.
fn checked_at(at: &str) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(at).ok().map(|t| {
        t.with_timezone(&plantrack_domain::calendar::VIETNAM_TIME)
            .naive_local()
    })
}

/// An item's title in the reader's language, by its key.
fn title_of(a: &Appraisal, key: &str, lang: Lang) -> String {
    a.items
        .iter()
        .find(|i| i.key == key)
        .map_or_else(|| key.to_owned(), |i| i.title.get(lang).to_owned())
}

/// How the appraisal stands: undecided while the dossier is at appraisal (or never was), else
/// returned when its last round ended in a return, else passed on to approval.
fn conclusion(a: &Appraisal, lang: Lang) -> AppraisalConclusion {
    let titles = |keys: &[String]| keys.iter().map(|k| title_of(a, k, lang)).collect();
    if a.at_appraisal || a.round == 0 {
        // What needs revision as things stand: the findings, else the automatic verdicts
        // (before the appraisal the store lists no item as holding a pass back).
        return AppraisalConclusion::Undecided {
            needs_revision: a
                .items
                .iter()
                .filter(|i| i.verdict == ItemVerdict::NeedsRevision && i.overruled.is_none())
                .map(|i| i.title.get(lang).to_owned())
                .collect(),
        };
    }
    match a.returns.last().filter(|r| r.round == a.round) {
        Some(r) => AppraisalConclusion::Return {
            items: titles(&r.items),
        },
        None => AppraisalConclusion::Pass,
    }
}

/// The appraiser's finding on an item, with leadership's overrule when there is one.
fn finding(i: &AppraisalItem, w: &Words) -> Option<RowFinding> {
    let f = i.finding.as_ref()?;
    let mut comment = f.comment.clone();
    if let Some(o) = &i.overruled {
        if !comment.is_empty() {
            comment.push('\n');
        }
        comment.push_str(&w.t_args(
            "appraisal-report-overruled",
            &[
                ("by", o.by.clone()),
                ("on", w.date(o.on)),
                ("reason", o.reason.clone()),
            ],
        ));
    }
    Some(RowFinding {
        verdict: finding_verdict_name(w.lang, f.verdict),
        comment,
    })
}

/// The report in the reader's language: the findings of the appraisal's current round (an
/// item not judged yet leaves its cells to the appraiser) and its conclusion.
pub fn appraisal_report(data: &AppraisalReportData, lang: Lang) -> AppraisalReport {
    let w = Words::new(lang);
    let a = &data.appraisal;
    let rows: Vec<AppraisalRow> = a
        .items
        .iter()
        .map(|i| AppraisalRow {
            title: i.title.get(lang).to_owned(),
            province_item: i.scope == ItemScope::Province,
            basis: format::legal_text(&i.basis, lang),
            evidence: describe_evidence(i, lang),
            auto: i.auto.as_ref().map(|auto| AutoRow {
                figures: auto
                    .figures
                    .iter()
                    .map(|f| describe_figure(lang, f))
                    .collect(),
                verdict: verdict_name(lang, auto.verdict.into()),
            }),
            finding: finding(i, &w),
        })
        .collect();
    let plan_type = w.t(&format!("plan-type-{}", data.plan.plan_type.as_str()));
    AppraisalReport {
        locale: w.locale,
        title: TitleBlock {
            parent_body: w.t_args(
                "report-parent-body-province",
                &[("province", data.province.to_uppercase())],
            ),
            issuer: w.t("report-issuer-province"),
            nation: w.t("report-nation"),
            motto: w.t("report-motto"),
            number: w.t("report-number"),
            place_date: w.place_date(data.province.clone(), data.today),
            kind: w.t("appraisal-report-kind"),
            subject: w.t_args(
                "appraisal-report-subject",
                &[
                    ("plan_type", plan_type.to_uppercase()),
                    ("commune", data.commune.to_uppercase()),
                ],
            ),
            basis: String::new(),
        },
        header: AppraisalHeader {
            province: data.province.clone(),
            commune: data.commune.clone(),
            plan: data.plan.name.clone(),
            dossier: a.dossier,
            checklist_name: a.name.get(lang).to_owned(),
            checklist_version: a.checklist.clone(),
            map_checked_at: a.map_checked_at.as_deref().and_then(checked_at),
            round: (a.round > 0).then_some(a.round),
        },
        rows,
        conclusion: conclusion(a, lang),
        signature: Signature {
            recipients_title: w.t("appraisal-report-recipients"),
            recipients: vec![
                w.t_args(
                    "appraisal-report-recipient-commune",
                    &[("commune", data.commune.clone())],
                ),
                w.t("appraisal-report-recipient-archive"),
            ],
            signer_title: vec![w.t("appraisal-report-signer")],
            signer_note: w.t("appraisal-report-signer-note"),
        },
        words: words(&w),
    }
}

/// The report of dossier `id` as DOCX in `lang`, with the name to save it under.
pub async fn appraisal_report_docx(
    planning: &Planning,
    caller: Caller<'_>,
    id: i64,
    lang: Lang,
) -> Result<(String, Vec<u8>), ApiError> {
    let data = appraisal_report_data(planning, caller, id).await?;
    let name = file_name(&data);
    let report = appraisal_report(&data, lang);
    // Laying out a document is CPU work: off the runtime's threads.
    let bytes = tokio::task::spawn_blocking(move || render_docx(&report))
        .await
        .map_err(|e| ApiError::Document(e.to_string()))?
        .map_err(|e| ApiError::Document(e.to_string()))?;
    Ok((name, bytes))
}

/// The DOCX as a download.
pub fn docx_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, Format::Docx.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
