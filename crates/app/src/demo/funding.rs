//! The demo's money (issue 16): Decision 2785/QĐ-UBND of 04/11/2025 as the Department of
//! Finance records it, one line per campaign commune for its plan (the amount the commune's
//! dossier was funded with — invented, "(demo)"), the contract each commune signed with the
//! consultant its dossier names (on the day it engaged it, with the dossier's contract
//! document), and a few advances paid after the decision. Played through the use cases, so
//! every figure passed the ceilings and every change is an event of the province's chain.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use plantrack_domain::access::Caller;
use plantrack_domain::funding::{PaymentKind, Purpose};
use plantrack_domain::workflow::CommandKind;
use plantrack_store::funding::{NewContract, NewFundingDecision, NewFundingLine, NewPayment};
use plantrack_store::{Planning, StoreError};

use super::script::{Action, Script};

/// The decision the demo's lines belong to.
const DECISION: &str = "2785/QĐ-UBND";
/// What the decision allocates beyond its lines: held back for later lines (demo).
const RESERVE_VND: i64 = 2_500_000_000;
/// A contract's value as a share of its line, in percent (demo).
const CONTRACT_PERCENT: i64 = 95;
/// How many contracts get an advance, and its share of the contract, in percent (demo).
const ADVANCES: usize = 6;
const ADVANCE_PERCENT: i64 = 30;

pub async fn play(
    planning: &Planning,
    script: &Script,
    dossiers: &HashMap<String, i64>,
    record_on: &dyn Fn(NaiveDate),
) -> Result<(), StoreError> {
    let Some(decision) = script.decisions.iter().find(|d| d.number == DECISION) else {
        return Ok(());
    };
    // Each campaign commune's funding and consultant, as its dossier's steps have them.
    let mut lines = Vec::new();
    for plan in &script.campaign {
        let unit = &plan.new.unit_code;
        let mut amount = None;
        let mut consultant = None;
        for step in &plan.steps {
            match &step.action {
                Action::Command(CommandKind::AllocateFunding {
                    decision_number,
                    amount_vnd,
                    ..
                }) if decision_number == DECISION => amount = Some(*amount_vnd),
                Action::Command(CommandKind::ChangeConsultant { name }) => {
                    consultant = Some((name.clone(), step.on));
                }
                _ => {}
            }
        }
        if let Some(amount) = amount {
            lines.push((
                unit.clone(),
                dossiers.get(unit).copied(),
                amount,
                consultant,
            ));
        }
    }
    let total = lines
        .iter()
        .map(|(_, _, a, _)| *a)
        .fold(RESERVE_VND, i64::saturating_add);
    record_on(decision.date);
    let recorded = planning
        .record_funding_decision(
            Caller::Operator,
            &NewFundingDecision {
                province: Some(script.province.clone()),
                number: decision.number.clone(),
                issued_on: decision.date,
                issuer: decision.issuer.clone(),
                total_vnd: total,
                document: "2785-QD-UBND (demo).pdf".into(),
            },
        )
        .await?;
    let organisations = planning.organisations(Caller::Operator).await?;
    let paid_on = decision.date + Days::new(16);
    let mut advances = 0;
    for (unit, dossier, amount, consultant) in lines {
        record_on(decision.date);
        let line = planning
            .add_funding_line(
                Caller::Operator,
                recorded.id,
                &NewFundingLine {
                    unit_code: unit.clone(),
                    dossier_id: dossier,
                    purpose: Purpose::Plan,
                    amount_vnd: amount,
                    note: "(demo)".into(),
                },
            )
            .await?;
        let Some((name, signed_on)) = consultant else {
            continue;
        };
        let Some(firm) = organisations.iter().find(|o| o.name == name) else {
            continue;
        };
        let document_seq = match dossier {
            Some(id) => planning
                .dossier(Caller::Operator, id)
                .await?
                .state
                .documents
                .iter()
                .find(|d| d.kind == "consultant_contract")
                .map(|d| d.seq),
            None => None,
        };
        record_on(signed_on);
        let value = amount / 100 * CONTRACT_PERCENT;
        let contract = planning
            .sign_contract(
                Caller::Operator,
                &NewContract {
                    line_id: line.id,
                    consultant_id: firm.id,
                    number: format!("{}/2025/HĐTV (demo)", line.id),
                    value_vnd: value,
                    signed_on,
                    document_seq,
                },
            )
            .await?;
        if advances < ADVANCES {
            advances += 1;
            record_on(paid_on);
            planning
                .record_payment(
                    Caller::Operator,
                    contract.id,
                    &NewPayment {
                        amount_vnd: value / 100 * ADVANCE_PERCENT,
                        paid_on: Some(paid_on),
                        kind: PaymentKind::Advance,
                        document: format!("UNC {} (demo)", contract.id),
                    },
                )
                .await?;
        }
    }
    Ok(())
}
