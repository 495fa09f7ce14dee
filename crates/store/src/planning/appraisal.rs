//! The appraisal: a dossier measured against its plan type's content checklist, the
//! appraiser's findings of each round, and what the commune sent back after a return.

use std::collections::{BTreeMap, BTreeSet};

use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller};
use plantrack_domain::appraisal::checklist::{Checklist, EffectiveChecklist};
use plantrack_domain::appraisal::finding::{findings_of_round, standing_overrule, visits};
use plantrack_domain::appraisal::{AppraisalFacts, AutoFinding, AutoVerdict, Evidence, Finding};
use plantrack_domain::workflow::dossier::{DossierEvent, DossierState, EventKind};
use plantrack_domain::workflow::{AppraisalOutcome, Template};
use plantrack_gis::check::appraisal::evaluate;
use plantrack_gis::check::rules::Rules;

use super::Planning;
use crate::appraisal::{
    Appraisal, AppraisalItem, AppraisalReturn, ItemFinding, ItemOverrule, ItemVerdict,
    ResubmittedDocument,
};
use crate::dossiers::DossierPlace;
use crate::error::Result;
use crate::layers::LanduseCheck;

/// What an appraisal reads beside the dossier: its checklist and the checks of its maps.
struct AppraisalContext {
    checklist: EffectiveChecklist,
    /// Every check of the dossier's land-use maps, newest first.
    checks: Vec<std::sync::Arc<LanduseCheck>>,
    /// The constraint categories of the province's layers, by layer key: an automatic item
    /// whose layers were not checked reads "no data", not "meets".
    categories: BTreeMap<String, Vec<String>>,
}

impl AppraisalContext {
    /// The automatic items measured on `check`.
    fn auto(&self, check: Option<&LanduseCheck>) -> BTreeMap<String, AutoFinding> {
        let rules = Rules::default_rules();
        let checked: BTreeSet<String> = check
            .map(|c| {
                c.layers
                    .iter()
                    .filter_map(|l| self.categories.get(&l.key))
                    .flatten()
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        self.checklist
            .items
            .iter()
            .filter_map(|effective| match &effective.item.evidence {
                Evidence::Auto {
                    check: kind,
                    constraints,
                } => Some((
                    effective.item.key.clone(),
                    match check {
                        Some(c) => evaluate(*kind, constraints, &c.report.check, &checked, &rules),
                        None => AutoFinding::no_data(*kind),
                    },
                )),
                _ => None,
            })
            .collect()
    }
}

/// The stage where the dossier's appraisal is held: the current one when it is an appraisal
/// stage, else the template's first (where findings of past rounds were made).
fn appraisal_stage<'t>(template: &'t Template, state: &'t DossierState) -> Option<&'t str> {
    if template.is_appraisal_stage(&state.stage) {
        return Some(&state.stage);
    }
    template
        .stages
        .iter()
        .map(|s| s.key.as_str())
        .find(|s| template.is_appraisal_stage(s))
}

impl Planning {
    /// The checklist the dossier is appraised against and the checks of its maps; `None` when
    /// no checklist exists for its plan type.
    async fn appraisal_context(
        &self,
        state: &DossierState,
        place: &DossierPlace,
        template: &Template,
    ) -> Result<Option<AppraisalContext>> {
        let plan = self.db.plan(state.plan_id).await?;
        let Some(checklist) = Checklist::effective_for(
            Checklist::builtin(),
            &template.country,
            &place.province_code,
            plan.plan_type,
        ) else {
            return Ok(None);
        };
        let checklist = checklist?;
        let checks = self.db.landuse_checks_kept(state.id).await?;
        let categories = if checks.is_empty() {
            BTreeMap::new()
        } else {
            self.db
                .layers(&place.province_code, false)
                .await?
                .into_iter()
                .map(|l| (l.key, l.categories))
                .collect()
        };
        Ok(Some(AppraisalContext {
            checklist,
            checks,
            categories,
        }))
    }

    /// The state with its appraisal's facts when it stands at an appraisal stage with a
    /// checklist: what the engine needs to judge a finding or a pass. Other stages cost no
    /// query.
    pub(crate) async fn with_appraisal_facts(
        &self,
        mut state: DossierState,
        place: &DossierPlace,
    ) -> Result<DossierState> {
        let template = self.template(&state.template, Some(state.template_version))?;
        if !template.is_appraisal_stage(&state.stage) {
            return Ok(state);
        }
        if let Some(context) = self.appraisal_context(&state, place, &template).await? {
            let events = self.db.events(state.id, None).await?;
            state.appraisal = Some(facts(&context, &events, &state.stage));
        }
        Ok(state)
    }

    /// The dossier's appraisal as it stands: every item of its checklist with its evidence,
    /// the automatic items measured on the newest checked land-use map, the appraiser's
    /// findings of this round beside the round before, and the returns for revision. Anyone
    /// who reads the dossier reads it (the commune and its consultant answer the findings).
    pub async fn appraisal(&self, caller: Caller<'_>, id: i64) -> Result<Appraisal> {
        // The stored state, without the engine's facts: this reading computes them itself,
        // from the same context, once.
        let (state, _, place) = self.db.dossier_row(id).await?;
        caller.allowed(|p| access::read_dossier(p, &place.scope()))?;
        let template = self.template(&state.template, Some(state.template_version))?;
        let context = self
            .appraisal_context(&state, &place, &template)
            .await?
            .ok_or_else(|| {
                DomainError::invalid(
                    "plan_type",
                    "no appraisal checklist exists for plans of this type",
                )
            })?;
        let events = self.db.events(id, None).await?;
        let stage = appraisal_stage(&template, &state)
            .unwrap_or(&state.stage)
            .to_owned();
        let at_appraisal = template.is_appraisal_stage(&state.stage);
        let round = visits(&events, &stage);
        let returns = returns(&template, &events, &state, &stage);
        let newest = context.checks.first().map(AsRef::as_ref);
        let auto = context.auto(newest);
        // The map as it was checked when the last round was returned.
        let last_return_seq = returns.last().map(|(seq, _)| *seq);
        let previous_auto = last_return_seq.map(|seq| {
            context.auto(
                context
                    .checks
                    .iter()
                    .find(|c| (c.event_seq as u64) < seq)
                    .map(AsRef::as_ref),
            )
        });
        let current = findings_of_round(&state.findings, &stage, round);
        let before = findings_of_round(&state.findings, &stage, round.saturating_sub(1));
        let items = context
            .checklist
            .items
            .iter()
            .map(|effective| {
                let item = &effective.item;
                let key = item.key.as_str();
                let (document_attached, document_name) = match &item.evidence {
                    Evidence::Document { document } => (
                        Some(state.has_document(document)),
                        template
                            .documents
                            .iter()
                            .find(|d| &d.key == document)
                            .map(|d| d.name.clone()),
                    ),
                    _ => (None, None),
                };
                let finding = current.get(key).copied();
                let auto = auto.get(key).cloned();
                let verdict = match (finding, &auto) {
                    (Some(f), _) => f.verdict.into(),
                    (None, Some(a)) => a.verdict.into(),
                    (None, None) => ItemVerdict::Open,
                };
                let overruled = standing_overrule(&state.overrules, finding, &stage, round, key)
                    .map(|o| ItemOverrule {
                        reason: o.reason.clone(),
                        by: o.by.clone(),
                        on: o.on,
                        seq: o.seq,
                    });
                AppraisalItem {
                    key: item.key.clone(),
                    source: item.evidence.source().to_owned(),
                    scope: effective.scope,
                    title: item.title.clone(),
                    basis: item.basis.clone(),
                    status: item.status,
                    evidence: item.evidence.clone(),
                    document_attached,
                    document_name,
                    auto,
                    verdict,
                    finding: finding.map(shown),
                    previous: if returns.is_empty() {
                        None
                    } else {
                        before.get(key).map(|f| shown(f))
                    },
                    previous_auto: previous_auto.as_ref().and_then(|p| p.get(key).cloned()),
                    overruled,
                }
            })
            .collect();
        let needing_revision = if at_appraisal {
            plantrack_domain::appraisal::finding::needing_revision(
                &facts(&context, &events, &stage),
                &state.findings,
                &state.overrules,
                &stage,
            )
        } else {
            Vec::new()
        };
        let resubmitted = last_return_seq
            .map(|seq| {
                state
                    .documents
                    .iter()
                    .filter(|d| d.seq > seq)
                    .map(|d| ResubmittedDocument {
                        kind: d.kind.clone(),
                        title: d.title.clone(),
                        on: d.attached_on,
                        seq: d.seq,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let opinions = self.appraisal_opinions(id, &events, &stage).await?;
        Ok(Appraisal {
            dossier: id,
            unit_code: place.unit_code,
            checklist: context.checklist.version.clone(),
            name: context.checklist.name.clone(),
            map_sha256: newest.map(|c| c.sha256.clone()),
            map_checked_at: newest.map(|c| c.checked_at.clone()),
            items,
            withdrawn: context.checklist.withdrawn.clone(),
            stage,
            at_appraisal,
            round,
            needing_revision,
            returns: returns.into_iter().map(|(_, r)| r).collect(),
            resubmitted,
            opinions,
        })
    }

    /// The information requests of dossier `id` asked since it first reached `stage`, as they
    /// stand today: the departments' opinions the appraiser asked for. Whoever reads the
    /// dossier reads them here, as the findings they bear on.
    async fn appraisal_opinions(
        &self,
        id: i64,
        events: &[DossierEvent],
        stage: &str,
    ) -> Result<Vec<crate::follow_up::requests::InformationRequest>> {
        let Some(reached) = events.iter().find_map(|e| match &e.kind {
            EventKind::Opened { stage: s, .. } | EventKind::Transitioned { to: s, .. }
                if s == stage =>
            {
                Some(e.occurred_on)
            }
            _ => None,
        }) else {
            return Ok(Vec::new());
        };
        let today = self.today();
        let rows = self
            .db
            .information_requests(&crate::follow_up::requests::RequestFilter {
                province: None,
                asked_by: Some(today),
                department: None,
                unit: None,
                dossier: Some(id),
                organisation: None,
            })
            .await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.asked_on >= reached)
            .map(|r| super::information_requests::on_day(r, today))
            .collect())
    }
}

/// The engine's facts of an appraisal held at `stage`.
fn facts(context: &AppraisalContext, events: &[DossierEvent], stage: &str) -> AppraisalFacts {
    AppraisalFacts {
        checklist: context.checklist.version.clone(),
        items: context
            .checklist
            .items
            .iter()
            .map(|i| i.item.key.clone())
            .collect(),
        auto: context
            .auto(context.checks.first().map(AsRef::as_ref))
            .into_iter()
            .filter(|(_, a)| a.verdict != AutoVerdict::NoData)
            .map(|(k, a)| (k, a.verdict))
            .collect(),
        round: visits(events, stage),
    }
}

fn shown(f: &Finding) -> ItemFinding {
    ItemFinding {
        verdict: f.verdict,
        comment: f.comment.clone(),
        by: f.by.clone(),
        role: f.role.clone(),
        on: f.on,
        seq: f.seq,
    }
}

/// The rounds of the appraisal at `stage` that ended in a return for revision, each with the
/// event that returned it and the items that had to change then.
fn returns(
    template: &Template,
    events: &[DossierEvent],
    state: &DossierState,
    stage: &str,
) -> Vec<(u64, AppraisalReturn)> {
    let mut round = 0u32;
    let mut out = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::Opened { stage: s, .. } if s == stage => round += 1,
            EventKind::Transitioned { to, .. } if to == stage => round += 1,
            EventKind::Transitioned { action, from, .. }
                if from == stage
                    && template.transition(from, action).and_then(|t| t.appraisal)
                        == Some(AppraisalOutcome::Return) =>
            {
                let findings = findings_of_round(&state.findings, stage, round);
                out.push((
                    e.seq,
                    AppraisalReturn {
                        round,
                        on: e.occurred_on,
                        by: e.actor.clone(),
                        reason: e.reason.clone(),
                        items: findings
                            .values()
                            .filter(|f| {
                                f.verdict
                                    == plantrack_domain::appraisal::FindingVerdict::NeedsRevision
                            })
                            .map(|f| f.item.clone())
                            .collect(),
                    },
                ));
            }
            _ => {}
        }
    }
    out
}
