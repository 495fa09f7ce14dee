//! Funding (issue 16): allocation decisions and their lines, contracts with consultant firms
//! and the payments under them, and what the dashboard, the dossier and the decision page
//! read of them. Each change asks `domain::access`, lets the domain decide (bounds, the three
//! ceilings) under the decision's lock, and writes its rows with one event of the province's
//! follow-up chain in one transaction; a refusal stores nothing.

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller, FundingReach};
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::funding::{
    CostNorms, FundingProblem, Purpose, Totals, budget, checked_amount, needs,
};
use serde_json::json;

use super::Planning;
use super::follow_up::actor;
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, FollowUpEvent};
use crate::funding::rows::{DecisionRow, Reach};
use crate::funding::{
    Contract, ContractCancellation, DecisionSheet, EstimateComparison, FundingDecision,
    FundingSummary, MissingContract, NewContract, NewFundingDecision, NewFundingLine, NewPayment,
    UnitFunding,
};

/// Longest reference, number or note.
const MAX_TEXT: usize = 500;

fn refused(p: FundingProblem) -> StoreError {
    DomainError::Funding(p).into()
}

fn text(field: &'static str, value: &str, required: bool) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(refused(FundingProblem::EmptyText { field }));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(refused(FundingProblem::TextTooLong {
            field,
            max: MAX_TEXT,
        }));
    }
    Ok(value.to_owned())
}

/// A day a record took effect: within plantrack's days, not still to come.
fn past(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate> {
    if !within_bounds(day) {
        return Err(refused(FundingProblem::DayOutOfBounds));
    }
    if day > today {
        return Err(refused(FundingProblem::DayInFuture));
    }
    Ok(day)
}

fn decision_of(row: DecisionRow, totals: Totals) -> FundingDecision {
    FundingDecision {
        id: row.id,
        province_code: row.province_code,
        number: row.number,
        issued_on: row.issued_on,
        issuer: row.issuer,
        total_vnd: row.total_vnd,
        document: row.document,
        recorded_by: row.recorded_by,
        totals,
    }
}

/// The reads' narrowing for an account's reach in a province.
fn reach_of<'a>(province: Option<&'a str>, reach: &'a FundingReach) -> Reach<'a> {
    match reach {
        FundingReach::Province => Reach {
            province,
            unit: None,
            firm: None,
        },
        FundingReach::Unit(u) => Reach {
            province,
            unit: Some(u),
            firm: None,
        },
        FundingReach::Firm(id) => Reach {
            province,
            unit: None,
            firm: Some(*id),
        },
    }
}

/// The caller's reach in `province` (the operator's: all).
/// The whole country's money: the operator's only. An account always reads a province (its
/// own when it names none), so the account here is nobody signed in.
fn country_reach(caller: Caller<'_>) -> Result<FundingReach> {
    match caller {
        Caller::Operator => Ok(FundingReach::Province),
        Caller::Account(_) => Err(access::Denied::NotSignedIn.into()),
    }
}

fn funding_reach(caller: Caller<'_>, province: &str) -> Result<FundingReach> {
    match caller {
        Caller::Operator => Ok(FundingReach::Province),
        Caller::Account(p) => Ok(access::read_funding(p, province)?),
    }
}

impl Planning {
    /// Appends one change to the province's chain, in the change's transaction.
    #[allow(clippy::too_many_arguments)]
    async fn funding_event(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        caller: Caller<'_>,
        province: &str,
        occurred_on: NaiveDate,
        kind: &str,
        subject: String,
        payload: serde_json::Value,
    ) -> Result<()> {
        let who = actor(caller);
        events::append(
            tx,
            FollowUpEvent {
                province_code: province,
                occurred_on,
                actor: &who,
                reason: kind,
                kind,
                subject,
                payload,
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        Ok(())
    }

    /// Records an allocation decision: its number (unique in the province), day, issuer,
    /// total and document.
    pub async fn record_funding_decision(
        &self,
        caller: Caller<'_>,
        n: &NewFundingDecision,
    ) -> Result<FundingDecision> {
        let province = self
            .province_in_scope(caller, n.province.as_deref(), access::record_funding)
            .await?
            .ok_or_else(|| DomainError::invalid("province", "name the province"))?;
        let number = text("number", &n.number, true)?;
        let issuer = text("issuer", &n.issuer, true)?;
        let document = text("document", &n.document, false)?;
        let total = checked_amount(n.total_vnd)?;
        let issued_on = past(n.issued_on, self.today())?;
        if self
            .db
            .funding_decision_id_by_number(&province, &number)
            .await?
            .is_some()
        {
            return Err(refused(FundingProblem::DuplicateDecision { number }));
        }
        let who = actor(caller);
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_funding_decision(
                &mut tx,
                &province,
                &number,
                issued_on,
                &issuer,
                total,
                &document,
                &who.name,
                self.clock.now(),
            )
            .await
            .map_err(|e| match e {
                // Two recording the same number at once: the unique key refuses the second.
                StoreError::Database(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                    refused(FundingProblem::DuplicateDecision {
                        number: number.clone(),
                    })
                }
                other => other,
            })?;
        self.funding_event(
            &mut tx,
            caller,
            &province,
            issued_on,
            "funding_decision_recorded",
            format!("funding_decision:{id}"),
            json!({"number": number, "issued_on": issued_on, "issuer": issuer,
                   "total_vnd": total, "document": document}),
        )
        .await?;
        tx.commit().await?;
        Ok(decision_of(
            self.db.funding_decision_row(id).await?,
            Totals::default(),
        ))
    }

    /// Adds a line to a decision, refused with the figures if the lines would pass its total.
    pub async fn add_funding_line(
        &self,
        caller: Caller<'_>,
        decision_id: i64,
        n: &NewFundingLine,
    ) -> Result<crate::funding::FundingLine> {
        let decision = self.db.funding_decision_row(decision_id).await?;
        caller.allowed(|p| access::record_funding(p, &decision.province_code))?;
        let amount = checked_amount(n.amount_vnd)?;
        let note = text("note", &n.note, false)?;
        if self.db.unit_province(&n.unit_code).await?.as_deref()
            != Some(decision.province_code.as_str())
        {
            return Err(refused(FundingProblem::UnitOutsideProvince {
                unit: n.unit_code.clone(),
            }));
        }
        if let Some(dossier) = n.dossier_id {
            let (_, _, place) = self.db.dossier_row(dossier).await?;
            if place.unit_code != n.unit_code {
                return Err(refused(FundingProblem::DossierNotOfUnit {
                    unit: n.unit_code.clone(),
                }));
            }
        }
        let mut tx = self.db.begin_write().await?;
        self.db.lock_funding_decision(&mut tx, decision_id).await?;
        let allocated = self.db.allocated_in(&mut tx, decision_id).await?;
        budget::allocate(decision.total_vnd, allocated, amount)?;
        let line = NewFundingLine {
            amount_vnd: amount,
            ..n.clone()
        };
        let id = self
            .db
            .insert_funding_line(&mut tx, decision_id, &line, &note, self.clock.now())
            .await?;
        self.funding_event(
            &mut tx,
            caller,
            &decision.province_code,
            self.today(),
            "funding_line_added",
            format!("funding_line:{id}"),
            json!({"decision": decision_id, "unit": n.unit_code, "dossier": n.dossier_id,
                   "purpose": n.purpose, "amount_vnd": amount, "note": note}),
        )
        .await?;
        tx.commit().await?;
        let reach = Reach::default();
        self.db
            .funding_lines(&reach, Some(decision_id), None)
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| StoreError::not_found("funding line", &id))
    }

    /// Signs a contract with a consultant firm on a line, refused with the figures if the
    /// line's contracts would pass its amount.
    pub async fn sign_contract(&self, caller: Caller<'_>, n: &NewContract) -> Result<Contract> {
        let line = self.db.line_head(n.line_id).await?;
        caller.allowed(|p| access::sign_contract(p, &line.unit_code))?;
        let value = checked_amount(n.value_vnd)?;
        let number = text("number", &n.number, true)?;
        let signed_on = past(n.signed_on, self.today())?;
        match self.db.organisation_kind(n.consultant_id).await? {
            Some((kind, _)) if kind == "consultant_firm" => {}
            _ => {
                return Err(refused(FundingProblem::NotAConsultantFirm {
                    id: n.consultant_id,
                }));
            }
        }
        if let Some(seq) = n.document_seq {
            let is_contract = match line.dossier_id {
                Some(dossier) => {
                    let (state, _, _) = self.db.dossier_row(dossier).await?;
                    state
                        .documents
                        .iter()
                        .any(|d| d.seq == seq && d.kind == needs::CONTRACT_DOCUMENT)
                }
                None => false,
            };
            if !is_contract {
                return Err(refused(FundingProblem::NotAContractDocument { seq }));
            }
        }
        let who = actor(caller);
        let mut tx = self.db.begin_write().await?;
        self.db
            .lock_funding_decision(&mut tx, line.decision_id)
            .await?;
        let held = self.db.contracted_on(&mut tx, line.id).await?;
        budget::contract(line.amount_vnd, held, value)?;
        let signed = NewContract {
            value_vnd: value,
            signed_on,
            ..n.clone()
        };
        let id = self
            .db
            .insert_contract(&mut tx, &signed, &number, &who.name, self.clock.now())
            .await?;
        self.funding_event(
            &mut tx,
            caller,
            &line.province_code,
            signed_on,
            "funding_contract_signed",
            format!("funding_contract:{id}"),
            json!({"line": line.id, "consultant": n.consultant_id, "number": number,
                   "value_vnd": value, "signed_on": signed_on,
                   "document_seq": n.document_seq}),
        )
        .await?;
        tx.commit().await?;
        self.db.contract(id).await
    }

    /// Cancels a contract: its payments stay, the rest of its value returns to its line.
    pub async fn cancel_contract(
        &self,
        caller: Caller<'_>,
        id: i64,
        c: &ContractCancellation,
    ) -> Result<Contract> {
        let decision = self.db.contract_decision(id).await?;
        let reason = text("reason", &c.reason, true)?;
        let on = past(c.on.unwrap_or_else(|| self.today()), self.today())?;
        let mut tx = self.db.begin_write().await?;
        self.db.lock_funding_decision(&mut tx, decision).await?;
        let head = self.db.contract_head(&mut tx, id).await?;
        caller.allowed(|p| access::cancel_contract(p, &head.province_code, &head.unit_code))?;
        if head.status == plantrack_domain::funding::ContractStatus::Cancelled {
            return Err(refused(FundingProblem::ContractCancelled));
        }
        if on < head.signed_on {
            return Err(refused(FundingProblem::DayBefore {
                earliest: head.signed_on,
            }));
        }
        if !self
            .db
            .cancel_contract_row(&mut tx, id, on, &reason)
            .await?
        {
            return Err(refused(FundingProblem::ContractCancelled));
        }
        self.funding_event(
            &mut tx,
            caller,
            &head.province_code,
            on,
            "funding_contract_cancelled",
            format!("funding_contract:{id}"),
            json!({"line": head.line_id, "on": on, "reason": reason,
                   "paid_vnd": head.paid_vnd}),
        )
        .await?;
        tx.commit().await?;
        self.db.contract(id).await
    }

    /// Records a payment under a contract: refused with the figures if the payments would pass
    /// its value, and on a cancelled contract. Payments racing on one contract run one at a
    /// time under the decision's lock: exactly those that fit are accepted.
    pub async fn record_payment(
        &self,
        caller: Caller<'_>,
        contract_id: i64,
        n: &NewPayment,
    ) -> Result<Contract> {
        let decision = self.db.contract_decision(contract_id).await?;
        let amount = checked_amount(n.amount_vnd)?;
        let document = text("document", &n.document, false)?;
        let today = self.today();
        let paid_on = past(n.paid_on.unwrap_or(today), today)?;
        let who = actor(caller);
        let mut tx = self.db.begin_write().await?;
        self.db.lock_funding_decision(&mut tx, decision).await?;
        let head = self.db.contract_head(&mut tx, contract_id).await?;
        caller.allowed(|p| access::record_funding(p, &head.province_code))?;
        budget::pay(head.status, head.value_vnd, head.paid_vnd, amount)?;
        if paid_on < head.signed_on {
            return Err(refused(FundingProblem::DayBefore {
                earliest: head.signed_on,
            }));
        }
        if !self.db.add_paid(&mut tx, contract_id, amount).await? {
            // The lock makes this unreachable; the condition on disk stays the last word.
            return Err(refused(FundingProblem::PaymentAboveContract {
                value: head.value_vnd,
                paid: head.paid_vnd,
                asked: amount,
            }));
        }
        let id = self
            .db
            .insert_payment(
                &mut tx,
                contract_id,
                paid_on,
                amount,
                n.kind,
                &document,
                &who.name,
                self.clock.now(),
            )
            .await?;
        self.funding_event(
            &mut tx,
            caller,
            &head.province_code,
            paid_on,
            "funding_payment_recorded",
            format!("funding_payment:{id}"),
            json!({"contract": contract_id, "amount_vnd": amount, "kind": n.kind,
                   "paid_on": paid_on, "document": document,
                   "paid_before_vnd": head.paid_vnd, "value_vnd": head.value_vnd}),
        )
        .await?;
        tx.commit().await?;
        self.db.contract(contract_id).await
    }

    /// The money per decision and per unit, and the dossiers that need a contract and have
    /// none: of a province, or of the country for the operator naming none.
    pub async fn funding_summary(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<FundingSummary> {
        let province = self
            .province_in_scope(caller, province, |p, prov| {
                access::read_funding(p, prov).map(|_| ())
            })
            .await?;
        let reach = match &province {
            Some(prov) => funding_reach(caller, prov)?,
            None => country_reach(caller)?,
        };
        let r = reach_of(province.as_deref(), &reach);
        let (decisions, units) = self.db.funding_totals(&r).await?;
        let mut totals = Totals::default();
        for u in &units {
            totals.add(u.totals);
        }
        // A firm is not told which communes lack a contract.
        let missing_contracts = match reach {
            FundingReach::Firm(_) => Vec::new(),
            _ => self.missing_contracts(province.as_deref(), r.unit).await?,
        };
        Ok(FundingSummary {
            province,
            decisions,
            units,
            missing_contracts,
            totals,
        })
    }

    /// Open dossiers whose stage needs a signed contract while their unit has none running.
    async fn missing_contracts(
        &self,
        province: Option<&str>,
        unit: Option<&str>,
    ) -> Result<Vec<MissingContract>> {
        let with = self.db.units_with_contract(province).await?;
        let mut out = Vec::new();
        for (dossier_id, unit_code, unit_name, plan_type, key, version, stage) in
            self.db.open_dossier_stages(province, unit).await?
        {
            if with.contains(&unit_code) {
                continue;
            }
            let version = u32::try_from(version).ok();
            let Ok(template) = self.template(&key, version) else {
                continue;
            };
            if needs::stage_needs_contract(&template, &stage) {
                out.push(MissingContract {
                    dossier_id,
                    unit_code,
                    unit_name,
                    plan_type,
                    stage,
                });
            }
        }
        Ok(out)
    }

    /// A decision with its lines and contracts, as far as the caller reads them.
    pub async fn funding_decision(&self, caller: Caller<'_>, id: i64) -> Result<DecisionSheet> {
        let row = self.db.funding_decision_row(id).await?;
        let reach = funding_reach(caller, &row.province_code)?;
        let r = reach_of(Some(&row.province_code), &reach);
        let lines = self.db.funding_lines(&r, Some(id), None).await?;
        let contracts = self.db.contracts(&r, Some(id), None).await?;
        let mut totals = Totals::default();
        for l in &lines {
            totals.add(Totals {
                allocated_vnd: l.amount_vnd,
                contracted_vnd: 0,
                paid_vnd: 0,
            });
        }
        for c in &contracts {
            totals.add(Totals {
                allocated_vnd: 0,
                contracted_vnd: budget::committed(c.status, c.value_vnd, c.paid_vnd),
                paid_vnd: c.paid_vnd,
            });
        }
        Ok(DecisionSheet {
            decision: decision_of(row, totals),
            lines,
            contracts,
        })
    }

    /// A contract with its payments.
    pub async fn contract(&self, caller: Caller<'_>, id: i64) -> Result<Contract> {
        let c = self.db.contract(id).await?;
        let reach = funding_reach(caller, &c.province_code)?;
        let visible = match reach {
            FundingReach::Province => true,
            FundingReach::Unit(u) => u == c.unit_code,
            FundingReach::Firm(f) => f == c.consultant_id,
        };
        if !visible {
            return Err(StoreError::not_found("contract", &id));
        }
        Ok(c)
    }

    /// Contracts the caller reads in its province (the operator's: a province's, or all).
    pub async fn contracts(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<Vec<Contract>> {
        let province = self
            .province_in_scope(caller, province, |p, prov| {
                access::read_funding(p, prov).map(|_| ())
            })
            .await?;
        let reach = match &province {
            Some(prov) => funding_reach(caller, prov)?,
            None => country_reach(caller)?,
        };
        let r = reach_of(province.as_deref(), &reach);
        self.db.contracts(&r, None, None).await
    }

    /// A unit's lines and contracts over every decision: the commune's and dossier's money.
    pub async fn unit_funding(&self, caller: Caller<'_>, unit: &str) -> Result<UnitFunding> {
        let province = self
            .db
            .unit_province(unit)
            .await?
            .ok_or_else(|| StoreError::not_found("unit", unit))?;
        let reach = funding_reach(caller, &province)?;
        let r = reach_of(Some(&province), &reach);
        let lines = self.db.funding_lines(&r, None, Some(unit)).await?;
        let contracts = self.db.contracts(&r, None, Some(unit)).await?;
        let mut totals = Totals::default();
        for l in &lines {
            totals.allocated_vnd = totals.allocated_vnd.saturating_add(l.amount_vnd);
        }
        for c in &contracts {
            totals.add(Totals {
                allocated_vnd: 0,
                contracted_vnd: budget::committed(c.status, c.value_vnd, c.paid_vnd),
                paid_vnd: c.paid_vnd,
            });
        }
        Ok(UnitFunding {
            unit_code: unit.to_owned(),
            totals,
            lines,
            contracts,
        })
    }

    /// A commune general plan's cost from the norm table, beside the unit's allocation for
    /// its task and plan.
    pub async fn cost_estimate(
        &self,
        caller: Caller<'_>,
        unit: &str,
        area_ha: u64,
        population: u64,
    ) -> Result<EstimateComparison> {
        let funding = self.unit_funding(caller, unit).await?;
        let estimate = CostNorms::builtin().estimate(area_ha, population);
        let allocated: i64 = funding
            .lines
            .iter()
            .filter(|l| matches!(l.purpose, Purpose::Task | Purpose::Plan))
            .map(|l| l.amount_vnd)
            .fold(0i64, i64::saturating_add);
        Ok(EstimateComparison {
            unit_code: unit.to_owned(),
            difference_vnd: allocated.saturating_sub(estimate.total_vnd),
            allocated_vnd: allocated,
            estimate,
        })
    }
}
