//! The funding tables' reads and writes. Writes take the caller's transaction, so that a
//! change's rows and its event of the follow-up chain commit together.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::funding::{ContractStatus, PaymentKind, Purpose, Totals};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{
    Contract, DecisionSummary, FundingLine, NewContract, NewFundingLine, Payment, UnitSummary,
    line_status,
};
use crate::db::{Backend, Db, parse_date};
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::corrupt(format!("{what} '{value}'"))
}

fn date(r: &AnyRow, column: &str) -> Result<NaiveDate> {
    parse_date(&r.try_get::<String, _>(column)?)
}

/// What the reads are narrowed to (the policy's reach): a province, a unit, a firm.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach<'a> {
    pub province: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub firm: Option<i64>,
}

/// A decision as stored, before its totals are added.
pub(crate) struct DecisionRow {
    pub id: i64,
    pub province_code: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub total_vnd: i64,
    pub document: String,
    pub recorded_by: String,
}

/// A contract's figures, read under its decision's lock before a payment or a cancellation.
pub(crate) struct ContractHead {
    pub line_id: i64,
    pub province_code: String,
    pub unit_code: String,
    pub status: ContractStatus,
    pub value_vnd: i64,
    pub paid_vnd: i64,
    pub signed_on: NaiveDate,
}

/// A line's figures, read under its decision's lock before a contract.
pub(crate) struct LineHead {
    pub id: i64,
    pub decision_id: i64,
    pub province_code: String,
    pub unit_code: String,
    pub dossier_id: Option<i64>,
    pub amount_vnd: i64,
}

const CONTRACT: &str = "SELECT c.id, c.line_id, l.decision_id, d.number AS decision_number, \
     d.province_code, l.unit_code, l.dossier_id, l.purpose, c.consultant_id, \
     o.name AS consultant_name, c.number, c.value_vnd, c.signed_on, c.document_seq, c.status, \
     c.cancelled_on, c.cancel_reason, c.paid_vnd, c.signed_by \
     FROM funding_contracts c JOIN funding_lines l ON l.id = c.line_id \
     JOIN funding_decisions d ON d.id = l.decision_id \
     JOIN organisations o ON o.id = c.consultant_id";

fn purpose(r: &AnyRow) -> Result<Purpose> {
    let p: String = r.try_get("purpose")?;
    Purpose::parse(&p).ok_or_else(|| corrupt("purpose", &p))
}

fn contract_from(r: &AnyRow) -> Result<Contract> {
    let status: String = r.try_get("status")?;
    Ok(Contract {
        id: r.try_get("id")?,
        line_id: r.try_get("line_id")?,
        decision_id: r.try_get("decision_id")?,
        decision_number: r.try_get("decision_number")?,
        province_code: r.try_get("province_code")?,
        unit_code: r.try_get("unit_code")?,
        dossier_id: r.try_get("dossier_id")?,
        purpose: purpose(r)?,
        consultant_id: r.try_get("consultant_id")?,
        consultant_name: r.try_get("consultant_name")?,
        number: r.try_get("number")?,
        value_vnd: r.try_get("value_vnd")?,
        signed_on: date(r, "signed_on")?,
        document_seq: r
            .try_get::<Option<i64>, _>("document_seq")?
            .map(|s| u64::try_from(s).unwrap_or(0)),
        status: ContractStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        cancelled_on: r
            .try_get::<Option<String>, _>("cancelled_on")?
            .as_deref()
            .map(parse_date)
            .transpose()?,
        cancel_reason: r.try_get("cancel_reason")?,
        paid_vnd: r.try_get("paid_vnd")?,
        signed_by: r.try_get("signed_by")?,
        payments: Vec::new(),
    })
}

/// What a contract holds of its line, in SQL: its value while active, its payments once
/// cancelled (`domain::funding::budget::committed`).
const COMMITTED: &str = "CASE WHEN c.status = 'active' THEN c.value_vnd ELSE c.paid_vnd END";

impl Db {
    /// On PostgreSQL, holds the decision's row until the transaction ends: every change to a
    /// decision's lines, contracts and payments runs one at a time, so that two that each fit
    /// cannot together pass a ceiling (SQLite's write transaction already runs alone).
    pub(crate) async fn lock_funding_decision(&self, tx: &mut Tx, id: i64) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM funding_decisions WHERE id = $1 FOR UPDATE")
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub(crate) async fn funding_decision_id_by_number(
        &self,
        province: &str,
        number: &str,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM funding_decisions WHERE province_code = $1 AND number = $2",
        )
        .bind(province)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_funding_decision(
        &self,
        tx: &mut Tx,
        province: &str,
        number: &str,
        issued_on: NaiveDate,
        issuer: &str,
        total_vnd: i64,
        document: &str,
        recorded_by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO funding_decisions (province_code, number, issued_on, issuer, total_vnd, \
             document, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(province)
        .bind(number)
        .bind(issued_on.to_string())
        .bind(issuer)
        .bind(total_vnd)
        .bind(document)
        .bind(recorded_by)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn funding_decision_row(&self, id: i64) -> Result<DecisionRow> {
        let r = sqlx::query(
            "SELECT id, province_code, number, issued_on, issuer, total_vnd, document, \
             recorded_by FROM funding_decisions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("funding decision", &id))?;
        Ok(DecisionRow {
            id: r.try_get("id")?,
            province_code: r.try_get("province_code")?,
            number: r.try_get("number")?,
            issued_on: date(&r, "issued_on")?,
            issuer: r.try_get("issuer")?,
            total_vnd: r.try_get("total_vnd")?,
            document: r.try_get("document")?,
            recorded_by: r.try_get("recorded_by")?,
        })
    }

    /// The sum of a decision's lines, read in the transaction (after its lock).
    pub(crate) async fn allocated_in(&self, tx: &mut Tx, decision: i64) -> Result<i64> {
        let sum: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(amount_vnd) AS BIGINT) FROM funding_lines WHERE decision_id = $1",
        )
        .bind(decision)
        .fetch_one(&mut **tx)
        .await?;
        Ok(sum.unwrap_or(0))
    }

    pub(crate) async fn insert_funding_line(
        &self,
        tx: &mut Tx,
        decision: i64,
        n: &NewFundingLine,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO funding_lines (decision_id, unit_code, dossier_id, purpose, amount_vnd, \
             note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(decision)
        .bind(&n.unit_code)
        .bind(n.dossier_id)
        .bind(n.purpose.as_str())
        .bind(n.amount_vnd)
        .bind(note)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn line_head(&self, id: i64) -> Result<LineHead> {
        let r = sqlx::query(
            "SELECT l.id, l.decision_id, d.province_code, l.unit_code, l.dossier_id, \
             l.amount_vnd FROM funding_lines l JOIN funding_decisions d ON d.id = l.decision_id \
             WHERE l.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("funding line", &id))?;
        Ok(LineHead {
            id: r.try_get("id")?,
            decision_id: r.try_get("decision_id")?,
            province_code: r.try_get("province_code")?,
            unit_code: r.try_get("unit_code")?,
            dossier_id: r.try_get("dossier_id")?,
            amount_vnd: r.try_get("amount_vnd")?,
        })
    }

    /// What a line's contracts hold, read in the transaction (after its decision's lock).
    pub(crate) async fn contracted_on(&self, tx: &mut Tx, line: i64) -> Result<i64> {
        let sum: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT CAST(SUM({COMMITTED}) AS BIGINT) FROM funding_contracts c WHERE c.line_id = $1"
        ))
        .bind(line)
        .fetch_one(&mut **tx)
        .await?;
        Ok(sum.unwrap_or(0))
    }

    pub(crate) async fn insert_contract(
        &self,
        tx: &mut Tx,
        n: &NewContract,
        number: &str,
        signed_by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO funding_contracts (line_id, consultant_id, number, value_vnd, signed_on, \
             document_seq, signed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(n.line_id)
        .bind(n.consultant_id)
        .bind(number)
        .bind(n.value_vnd)
        .bind(n.signed_on.to_string())
        .bind(n.document_seq.map(|s| i64::try_from(s).unwrap_or(i64::MAX)))
        .bind(signed_by)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// A contract's decision, without a lock: which decision to lock first.
    pub(crate) async fn contract_decision(&self, id: i64) -> Result<i64> {
        sqlx::query_scalar(
            "SELECT l.decision_id FROM funding_contracts c JOIN funding_lines l ON l.id = c.line_id \
             WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("contract", &id))
    }

    /// A contract's figures, read in the transaction (after its decision's lock).
    pub(crate) async fn contract_head(&self, tx: &mut Tx, id: i64) -> Result<ContractHead> {
        let r = sqlx::query(
            "SELECT c.line_id, d.province_code, l.unit_code, c.status, \
             c.value_vnd, c.paid_vnd, c.signed_on FROM funding_contracts c \
             JOIN funding_lines l ON l.id = c.line_id \
             JOIN funding_decisions d ON d.id = l.decision_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::not_found("contract", &id))?;
        let status: String = r.try_get("status")?;
        Ok(ContractHead {
            line_id: r.try_get("line_id")?,
            province_code: r.try_get("province_code")?,
            unit_code: r.try_get("unit_code")?,
            status: ContractStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            value_vnd: r.try_get("value_vnd")?,
            paid_vnd: r.try_get("paid_vnd")?,
            signed_on: date(&r, "signed_on")?,
        })
    }

    pub(crate) async fn cancel_contract_row(
        &self,
        tx: &mut Tx,
        id: i64,
        on: NaiveDate,
        reason: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE funding_contracts SET status = 'cancelled', cancelled_on = $2, \
             cancel_reason = $3 WHERE id = $1 AND status = 'active'",
        )
        .bind(id)
        .bind(on.to_string())
        .bind(reason)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds a payment to the contract's running total, if it still fits and the contract
    /// still runs: the domain decided under the lock; the condition holds it on disk too.
    pub(crate) async fn add_paid(&self, tx: &mut Tx, id: i64, amount: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE funding_contracts SET paid_vnd = paid_vnd + $2 \
             WHERE id = $1 AND status = 'active' AND paid_vnd + $2 <= value_vnd",
        )
        .bind(id)
        .bind(amount)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_payment(
        &self,
        tx: &mut Tx,
        contract: i64,
        paid_on: NaiveDate,
        amount: i64,
        kind: PaymentKind,
        document: &str,
        recorded_by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO funding_payments (contract_id, paid_on, amount_vnd, kind, document, \
             recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(contract)
        .bind(paid_on.to_string())
        .bind(amount)
        .bind(kind.as_str())
        .bind(document)
        .bind(recorded_by)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Contracts within the reach, and of one decision or unit if asked.
    pub(crate) async fn contracts(
        &self,
        reach: &Reach<'_>,
        decision: Option<i64>,
        unit: Option<&str>,
    ) -> Result<Vec<Contract>> {
        let rows = sqlx::query(&format!(
            "{CONTRACT} WHERE ($1 IS NULL OR d.province_code = $1) \
             AND ($2 IS NULL OR l.unit_code = $2) AND ($3 IS NULL OR c.consultant_id = $3) \
             AND ($4 IS NULL OR l.decision_id = $4) AND ($5 IS NULL OR l.unit_code = $5) \
             ORDER BY l.unit_code, c.signed_on, c.id"
        ))
        .bind(reach.province)
        .bind(reach.unit)
        .bind(reach.firm)
        .bind(decision)
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(contract_from).collect()
    }

    pub(crate) async fn contract(&self, id: i64) -> Result<Contract> {
        let row = sqlx::query(&format!("{CONTRACT} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("contract", &id))?;
        let mut contract = contract_from(&row)?;
        let rows = sqlx::query(
            "SELECT id, contract_id, paid_on, amount_vnd, kind, document, recorded_by \
             FROM funding_payments WHERE contract_id = $1 ORDER BY paid_on, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let kind: String = r.try_get("kind")?;
            contract.payments.push(Payment {
                id: r.try_get("id")?,
                contract_id: r.try_get("contract_id")?,
                paid_on: date(r, "paid_on")?,
                amount_vnd: r.try_get("amount_vnd")?,
                kind: PaymentKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                document: r.try_get("document")?,
                recorded_by: r.try_get("recorded_by")?,
            });
        }
        Ok(contract)
    }

    /// Lines within the reach (a firm reads the lines it holds a contract on), of one decision
    /// or unit if asked, with what their contracts hold and paid.
    pub(crate) async fn funding_lines(
        &self,
        reach: &Reach<'_>,
        decision: Option<i64>,
        unit: Option<&str>,
    ) -> Result<Vec<FundingLine>> {
        let rows = sqlx::query(&format!(
            "SELECT l.id, l.decision_id, d.number AS decision_number, l.unit_code, \
             u.name_vi AS unit_name, l.dossier_id, l.purpose, l.amount_vnd, l.note, \
             CAST(COALESCE((SELECT SUM({COMMITTED}) FROM funding_contracts c WHERE c.line_id = l.id), 0) AS BIGINT) AS contracted, \
             CAST(COALESCE((SELECT SUM(c.paid_vnd) FROM funding_contracts c WHERE c.line_id = l.id), 0) AS BIGINT) AS paid \
             FROM funding_lines l JOIN funding_decisions d ON d.id = l.decision_id \
             JOIN units u ON u.code = l.unit_code \
             WHERE ($1 IS NULL OR d.province_code = $1) AND ($2 IS NULL OR l.unit_code = $2) \
             AND ($3 IS NULL OR EXISTS (SELECT 1 FROM funding_contracts f \
                  WHERE f.line_id = l.id AND f.consultant_id = $3)) \
             AND ($4 IS NULL OR l.decision_id = $4) AND ($5 IS NULL OR l.unit_code = $5) \
             ORDER BY l.unit_code, l.purpose, l.id"
        ))
        .bind(reach.province)
        .bind(reach.unit)
        .bind(reach.firm)
        .bind(decision)
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let contracted: i64 = r.try_get("contracted")?;
                let paid: i64 = r.try_get("paid")?;
                Ok(FundingLine {
                    id: r.try_get("id")?,
                    decision_id: r.try_get("decision_id")?,
                    decision_number: r.try_get("decision_number")?,
                    unit_code: r.try_get("unit_code")?,
                    unit_name: r.try_get("unit_name")?,
                    dossier_id: r.try_get("dossier_id")?,
                    purpose: purpose(r)?,
                    amount_vnd: r.try_get("amount_vnd")?,
                    note: r.try_get("note")?,
                    contracted_vnd: contracted,
                    paid_vnd: paid,
                    status: line_status(contracted, paid),
                })
            })
            .collect()
    }

    /// Per decision and per unit: allocated (lines), contracted, paid, within the reach. Two
    /// grouped queries over the lines and two over the contracts, whatever the number of
    /// decisions and units.
    pub(crate) async fn funding_totals(
        &self,
        reach: &Reach<'_>,
    ) -> Result<(Vec<DecisionSummary>, Vec<UnitSummary>)> {
        let firm_lines = "($3 IS NULL OR EXISTS (SELECT 1 FROM funding_contracts f \
             WHERE f.line_id = l.id AND f.consultant_id = $3))";
        let decisions = sqlx::query(
            "SELECT d.id, d.province_code, d.number, d.issued_on, d.total_vnd \
             FROM funding_decisions d WHERE ($1 IS NULL OR d.province_code = $1) \
             ORDER BY d.issued_on, d.id",
        )
        .bind(reach.province)
        .fetch_all(&self.pool)
        .await?;
        let mut by_decision: BTreeMap<i64, Totals> = BTreeMap::new();
        let mut by_unit: BTreeMap<String, (String, Totals)> = BTreeMap::new();
        let lines = sqlx::query(&format!(
            "SELECT l.decision_id, l.unit_code, u.name_vi, CAST(SUM(l.amount_vnd) AS BIGINT) AS s \
             FROM funding_lines l JOIN funding_decisions d ON d.id = l.decision_id \
             JOIN units u ON u.code = l.unit_code \
             WHERE ($1 IS NULL OR d.province_code = $1) AND ($2 IS NULL OR l.unit_code = $2) \
             AND {firm_lines} GROUP BY l.decision_id, l.unit_code, u.name_vi"
        ))
        .bind(reach.province)
        .bind(reach.unit)
        .bind(reach.firm)
        .fetch_all(&self.pool)
        .await?;
        for r in &lines {
            let s: i64 = r.try_get("s")?;
            let unit: String = r.try_get("unit_code")?;
            let t = Totals {
                allocated_vnd: s,
                ..Totals::default()
            };
            by_decision
                .entry(r.try_get("decision_id")?)
                .or_default()
                .add(t);
            by_unit
                .entry(unit)
                .or_insert_with(|| (r.try_get("name_vi").unwrap_or_default(), Totals::default()))
                .1
                .add(t);
        }
        let contracts = sqlx::query(&format!(
            "SELECT l.decision_id, l.unit_code, u.name_vi, \
             CAST(SUM({COMMITTED}) AS BIGINT) AS held, CAST(SUM(c.paid_vnd) AS BIGINT) AS paid \
             FROM funding_contracts c JOIN funding_lines l ON l.id = c.line_id \
             JOIN funding_decisions d ON d.id = l.decision_id \
             JOIN units u ON u.code = l.unit_code \
             WHERE ($1 IS NULL OR d.province_code = $1) AND ($2 IS NULL OR l.unit_code = $2) \
             AND ($3 IS NULL OR c.consultant_id = $3) \
             GROUP BY l.decision_id, l.unit_code, u.name_vi"
        ))
        .bind(reach.province)
        .bind(reach.unit)
        .bind(reach.firm)
        .fetch_all(&self.pool)
        .await?;
        for r in &contracts {
            let unit: String = r.try_get("unit_code")?;
            let t = Totals {
                allocated_vnd: 0,
                contracted_vnd: r.try_get("held")?,
                paid_vnd: r.try_get("paid")?,
            };
            by_decision
                .entry(r.try_get("decision_id")?)
                .or_default()
                .add(t);
            by_unit
                .entry(unit)
                .or_insert_with(|| (r.try_get("name_vi").unwrap_or_default(), Totals::default()))
                .1
                .add(t);
        }
        let mut summaries = Vec::with_capacity(decisions.len());
        for r in &decisions {
            let id: i64 = r.try_get("id")?;
            // A firm or a commune reads only the decisions that fund it.
            let Some(t) = by_decision
                .get(&id)
                .copied()
                .or_else(|| (reach.unit.is_none() && reach.firm.is_none()).then(Totals::default))
            else {
                continue;
            };
            summaries.push(DecisionSummary {
                id,
                province_code: r.try_get("province_code")?,
                number: r.try_get("number")?,
                issued_on: date(r, "issued_on")?,
                total_vnd: r.try_get("total_vnd")?,
                allocated_vnd: t.allocated_vnd,
                contracted_vnd: t.contracted_vnd,
                paid_vnd: t.paid_vnd,
            });
        }
        let units = by_unit
            .into_iter()
            .map(|(unit_code, (unit_name, totals))| UnitSummary {
                unit_code,
                unit_name,
                totals,
            })
            .collect();
        Ok((summaries, units))
    }

    /// Units that hold a running contract, among those asked about.
    pub(crate) async fn units_with_contract(
        &self,
        province: Option<&str>,
    ) -> Result<std::collections::BTreeSet<String>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT l.unit_code FROM funding_contracts c \
             JOIN funding_lines l ON l.id = c.line_id \
             JOIN funding_decisions d ON d.id = l.decision_id \
             WHERE c.status = 'active' AND ($1 IS NULL OR d.province_code = $1)",
        )
        .bind(province)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Open dossiers with where they stand: id, unit, unit name, plan type, template, stage.
    pub(crate) async fn open_dossier_stages(
        &self,
        province: Option<&str>,
        unit: Option<&str>,
    ) -> Result<Vec<(i64, String, String, String, String, i64, String)>> {
        let rows = sqlx::query(
            "SELECT d.id, d.unit_code, u.name_vi, d.plan_type, d.template_key, \
             d.template_version, d.stage FROM dossiers d JOIN units u ON u.code = d.unit_code \
             WHERE d.status <> 'completed' AND ($1 IS NULL OR d.province_code = $1) \
             AND ($2 IS NULL OR d.unit_code = $2) ORDER BY d.unit_code, d.id",
        )
        .bind(province)
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("unit_code")?,
                    r.try_get("name_vi")?,
                    r.try_get("plan_type")?,
                    r.try_get("template_key")?,
                    r.try_get("template_version")?,
                    r.try_get("stage")?,
                ))
            })
            .collect()
    }

    /// A unit's province (its parent), if it is a commune-level unit.
    pub(crate) async fn unit_province(&self, unit: &str) -> Result<Option<String>> {
        let parent: Option<Option<String>> = sqlx::query_scalar(
            "SELECT parent_code FROM units WHERE code = $1 AND kind <> 'province'",
        )
        .bind(unit)
        .fetch_optional(&self.pool)
        .await?;
        Ok(parent.flatten())
    }

    /// The kind and name of an organisation.
    pub(crate) async fn organisation_kind(&self, id: i64) -> Result<Option<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT kind, name FROM organisations WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
