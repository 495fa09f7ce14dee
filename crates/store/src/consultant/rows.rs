//! The consultant tables' reads and writes. Writes take the caller's transaction, so that a
//! change's rows and its event of the follow-up chain commit together.

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::consultant::{Discipline, Grade};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Assignment, Certificate, Person, PractisingCertificate};
use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn date(r: &AnyRow, column: &str) -> Result<NaiveDate> {
    parse_date(&r.try_get::<String, _>(column)?)
}

fn grade(r: &AnyRow, column: &str) -> Result<Grade> {
    let g: String = r.try_get(column)?;
    Grade::parse(&g).map_err(|_| StoreError::corrupt(format!("grade '{g}'")))
}

fn discipline(s: &str) -> Result<Discipline> {
    Discipline::parse(s).map_err(|_| StoreError::corrupt(format!("discipline '{s}'")))
}

/// A firm as stored, before its load is read on a day.
#[derive(Debug, Clone)]
pub(crate) struct FirmRow {
    pub id: i64,
    pub name: String,
    pub province_code: String,
    pub tax_code: String,
    pub address: String,
    pub contact: String,
    pub certificate: Certificate,
    pub plans_in_hand: u64,
}

/// Plans in hand: running firm assignments on dossiers not completed.
const FIRM: &str = "SELECT o.id, o.name, o.province_code, f.tax_code, f.address, f.contact, \
     f.certificate_number, f.certificate_grade, f.certificate_issuer, f.certificate_issued_on, \
     f.certificate_expires_on, \
     (SELECT COUNT(*) FROM consultant_assignments a JOIN dossiers d ON d.id = a.dossier_id \
      WHERE a.firm_id = f.organisation_id AND a.role = 'firm' AND a.ended_on IS NULL \
      AND d.status <> 'completed') AS plans_in_hand \
     FROM consultant_firms f JOIN organisations o ON o.id = f.organisation_id";

fn firm_from(r: &AnyRow) -> Result<FirmRow> {
    Ok(FirmRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        province_code: r.try_get("province_code")?,
        tax_code: r.try_get("tax_code")?,
        address: r.try_get("address")?,
        contact: r.try_get("contact")?,
        certificate: Certificate {
            number: r.try_get("certificate_number")?,
            grade: grade(r, "certificate_grade")?,
            issuer: r.try_get("certificate_issuer")?,
            issued_on: date(r, "certificate_issued_on")?,
            expires_on: date(r, "certificate_expires_on")?,
        },
        plans_in_hand: u64::try_from(r.try_get::<i64, _>("plans_in_hand")?).unwrap_or(0),
    })
}

const ASSIGNMENT: &str = "SELECT a.id, a.dossier_id, d.unit_code, a.firm_id, o.name AS firm_name, \
     a.person_id, p.name AS person_name, a.role, a.discipline, a.assigned_on, a.ended_on \
     FROM consultant_assignments a JOIN dossiers d ON d.id = a.dossier_id \
     JOIN organisations o ON o.id = a.firm_id \
     LEFT JOIN consultant_people p ON p.id = a.person_id";

fn assignment_from(r: &AnyRow) -> Result<Assignment> {
    let d: String = r.try_get("discipline")?;
    Ok(Assignment {
        id: r.try_get("id")?,
        dossier_id: r.try_get("dossier_id")?,
        unit_code: r.try_get("unit_code")?,
        firm_id: r.try_get("firm_id")?,
        firm_name: r.try_get("firm_name")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        role: r.try_get("role")?,
        discipline: if d.is_empty() {
            None
        } else {
            Some(discipline(&d)?)
        },
        assigned_on: date(r, "assigned_on")?,
        ended_on: r
            .try_get::<Option<String>, _>("ended_on")?
            .as_deref()
            .map(parse_date)
            .transpose()?,
    })
}

/// A stage visit of a dossier that has ended: how many days it took.
#[derive(Debug, Clone)]
pub(crate) struct StageVisit {
    pub dossier_id: i64,
    pub stage: String,
    pub days: i64,
}

/// A dossier still being prepared, as the capacity page reads it.
#[derive(Debug, Clone)]
pub(crate) struct OpenDossier {
    pub id: i64,
    pub stage: String,
    pub overdue: bool,
}

/// An assignment to write.
pub(crate) struct NewAssignmentRow<'a> {
    pub dossier_id: i64,
    pub province_code: &'a str,
    pub firm_id: i64,
    pub person_id: Option<i64>,
    pub role: &'a str,
    pub discipline: &'a str,
    pub assigned_on: NaiveDate,
    pub assigned_by: &'a str,
}

impl Db {
    /// Firms registered in `province` or working on its plans (every firm when `None`).
    pub(crate) async fn firm_rows(&self, province: Option<&str>) -> Result<Vec<FirmRow>> {
        sqlx::query(&format!(
            "{FIRM} WHERE $1 IS NULL OR o.province_code = $1 OR EXISTS (SELECT 1 FROM \
             consultant_assignments x WHERE x.firm_id = f.organisation_id AND x.province_code = $1) \
             ORDER BY o.name"
        ))
        .bind(province)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(firm_from)
        .collect()
    }

    pub(crate) async fn firm_row(&self, id: i64) -> Result<FirmRow> {
        sqlx::query(&format!("{FIRM} WHERE f.organisation_id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(firm_from)
            .transpose()?
            .ok_or_else(|| StoreError::not_found("firm", &id))
    }

    /// Whether a firm already has this tax code.
    pub(crate) async fn tax_code_taken(&self, tx: &mut Tx, tax_code: &str) -> Result<bool> {
        Ok(
            sqlx::query("SELECT 1 FROM consultant_firms WHERE tax_code = $1")
                .bind(tax_code)
                .fetch_optional(&mut **tx)
                .await?
                .is_some(),
        )
    }

    pub(crate) async fn certificate_number_taken(&self, tx: &mut Tx, number: &str) -> Result<bool> {
        Ok(
            sqlx::query("SELECT 1 FROM practising_certificates WHERE number = $1")
                .bind(number)
                .fetch_optional(&mut **tx)
                .await?
                .is_some(),
        )
    }

    pub(crate) async fn firm_registered(&self, tx: &mut Tx, organisation_id: i64) -> Result<bool> {
        Ok(
            sqlx::query("SELECT 1 FROM consultant_firms WHERE organisation_id = $1")
                .bind(organisation_id)
                .fetch_optional(&mut **tx)
                .await?
                .is_some(),
        )
    }

    /// A new consultant organisation; its id.
    pub(crate) async fn insert_firm_organisation(
        &self,
        tx: &mut Tx,
        name: &str,
        province: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO organisations (kind, name, province_code, unit_code, created_at) \
             VALUES ('consultant_firm', $1, $2, NULL, $3) RETURNING id",
        )
        .bind(name)
        .bind(province)
        .bind(stamp(now))
        .fetch_one(&mut **tx)
        .await?)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_firm(
        &self,
        tx: &mut Tx,
        organisation_id: i64,
        tax_code: &str,
        address: &str,
        contact: &str,
        c: &Certificate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO consultant_firms (organisation_id, tax_code, address, contact, \
             certificate_number, certificate_grade, certificate_issuer, certificate_issued_on, \
             certificate_expires_on, registered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(organisation_id)
        .bind(tax_code)
        .bind(address)
        .bind(contact)
        .bind(&c.number)
        .bind(c.grade.as_str())
        .bind(&c.issuer)
        .bind(c.issued_on.to_string())
        .bind(c.expires_on.to_string())
        .bind(stamp(now))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A renewed capability certificate replaces the firm's.
    pub(crate) async fn update_firm_certificate(
        &self,
        tx: &mut Tx,
        firm_id: i64,
        c: &Certificate,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE consultant_firms SET certificate_number = $2, certificate_grade = $3, \
             certificate_issuer = $4, certificate_issued_on = $5, certificate_expires_on = $6 \
             WHERE organisation_id = $1",
        )
        .bind(firm_id)
        .bind(&c.number)
        .bind(c.grade.as_str())
        .bind(&c.issuer)
        .bind(c.issued_on.to_string())
        .bind(c.expires_on.to_string())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    pub(crate) async fn insert_person(
        &self,
        tx: &mut Tx,
        firm_id: i64,
        name: &str,
        experience_from: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO consultant_people (firm_id, name, experience_from, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(firm_id)
        .bind(name)
        .bind(experience_from.to_string())
        .bind(stamp(now))
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn insert_practising_certificate(
        &self,
        tx: &mut Tx,
        person_id: i64,
        d: Discipline,
        c: &Certificate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO practising_certificates (person_id, number, discipline, grade, issuer, \
             issued_on, expires_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(person_id)
        .bind(&c.number)
        .bind(d.as_str())
        .bind(c.grade.as_str())
        .bind(&c.issuer)
        .bind(c.issued_on.to_string())
        .bind(c.expires_on.to_string())
        .bind(stamp(now))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// The people of firms (of one firm, or all), with their certificates.
    pub(crate) async fn people(&self, firm: Option<i64>) -> Result<Vec<Person>> {
        let rows = sqlx::query(
            "SELECT p.id, p.firm_id, p.name, p.experience_from, c.id AS cid, c.number, \
             c.discipline, c.grade, c.issuer, c.issued_on, c.expires_on \
             FROM consultant_people p LEFT JOIN practising_certificates c ON c.person_id = p.id \
             WHERE $1 IS NULL OR p.firm_id = $1 ORDER BY p.name, p.id, c.expires_on DESC, c.id",
        )
        .bind(firm)
        .fetch_all(&self.pool)
        .await?;
        let mut people: Vec<Person> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            if people.last().is_none_or(|p| p.id != id) {
                people.push(Person {
                    id,
                    firm_id: r.try_get("firm_id")?,
                    name: r.try_get("name")?,
                    experience_from: date(r, "experience_from")?,
                    certificates: Vec::new(),
                });
            }
            let Some(cid) = r.try_get::<Option<i64>, _>("cid")? else {
                continue;
            };
            let d: String = r.try_get("discipline")?;
            let person = people
                .last_mut()
                .ok_or_else(|| StoreError::corrupt("person"))?;
            person.certificates.push(PractisingCertificate {
                id: cid,
                person_id: id,
                discipline: discipline(&d)?,
                certificate: Certificate {
                    number: r.try_get("number")?,
                    grade: grade(r, "grade")?,
                    issuer: r.try_get("issuer")?,
                    issued_on: date(r, "issued_on")?,
                    expires_on: date(r, "expires_on")?,
                },
            });
        }
        Ok(people)
    }

    pub(crate) async fn person(&self, id: i64) -> Result<Person> {
        let firm: Option<i64> =
            sqlx::query_scalar("SELECT firm_id FROM consultant_people WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let firm = firm.ok_or_else(|| StoreError::not_found("person", &id))?;
        self.people(Some(firm))
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| StoreError::not_found("person", &id))
    }

    /// Assignments: of a firm, of a dossier, or running in a province.
    pub(crate) async fn assignments(
        &self,
        firm: Option<i64>,
        dossier: Option<i64>,
        running_in: Option<&str>,
    ) -> Result<Vec<Assignment>> {
        sqlx::query(&format!(
            "{ASSIGNMENT} WHERE ($1 IS NULL OR a.firm_id = $1) AND ($2 IS NULL OR a.dossier_id = $2) \
             AND ($3 IS NULL OR (a.province_code = $3 AND a.ended_on IS NULL \
             AND d.status <> 'completed')) \
             ORDER BY a.ended_on IS NOT NULL, a.assigned_on DESC, a.id DESC"
        ))
        .bind(firm)
        .bind(dossier)
        .bind(running_in)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(assignment_from)
        .collect()
    }

    /// The running assignments of a dossier, read in the writing transaction.
    pub(crate) async fn running_on_dossier(
        &self,
        tx: &mut Tx,
        dossier: i64,
    ) -> Result<Vec<Assignment>> {
        sqlx::query(&format!(
            "{ASSIGNMENT} WHERE a.dossier_id = $1 AND a.ended_on IS NULL ORDER BY a.id"
        ))
        .bind(dossier)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(assignment_from)
        .collect()
    }

    pub(crate) async fn end_assignments(
        &self,
        tx: &mut Tx,
        ids: &[i64],
        ended_on: NaiveDate,
    ) -> Result<()> {
        for id in ids {
            sqlx::query("UPDATE consultant_assignments SET ended_on = $2 WHERE id = $1")
                .bind(id)
                .bind(ended_on.to_string())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub(crate) async fn insert_assignment(
        &self,
        tx: &mut Tx,
        a: &NewAssignmentRow<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO consultant_assignments (dossier_id, province_code, firm_id, person_id, \
             role, discipline, assigned_on, ended_on, assigned_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9) RETURNING id",
        )
        .bind(a.dossier_id)
        .bind(a.province_code)
        .bind(a.firm_id)
        .bind(a.person_id)
        .bind(a.role)
        .bind(a.discipline)
        .bind(a.assigned_on.to_string())
        .bind(a.assigned_by)
        .bind(stamp(now))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// The province's limit of plans per lead, if it set one.
    pub(crate) async fn load_limit(&self, province: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT max_plans_per_lead FROM consultant_rules WHERE province_code = $1",
        )
        .bind(province)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub(crate) async fn set_load_limit(
        &self,
        tx: &mut Tx,
        province: &str,
        limit: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO consultant_rules (province_code, max_plans_per_lead) VALUES ($1, $2) \
             ON CONFLICT (province_code) DO UPDATE SET max_plans_per_lead = $2",
        )
        .bind(province)
        .bind(limit)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The province's dossiers still being prepared, overdue as of `today`.
    pub(crate) async fn open_dossiers(
        &self,
        province: &str,
        today: NaiveDate,
    ) -> Result<Vec<OpenDossier>> {
        sqlx::query(
            "SELECT id, stage, CASE WHEN status = 'active' AND due_on IS NOT NULL \
             AND due_on < $2 THEN 1 ELSE 0 END AS overdue FROM dossiers \
             WHERE province_code = $1 AND status <> 'completed'",
        )
        .bind(province)
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OpenDossier {
                id: r.try_get("id")?,
                stage: r.try_get("stage")?,
                overdue: r.try_get::<i64, _>("overdue")? != 0,
            })
        })
        .collect()
    }

    /// The province's ended stage visits: a visit is the spans of one dossier sharing a
    /// stage and the day it entered it (holds and extensions split a visit into spans); it
    /// ended when none of them is open, on the last one's end.
    pub(crate) async fn stage_visits(&self, province: &str) -> Result<Vec<StageVisit>> {
        let rows = sqlx::query(
            "SELECT dossier_id, stage, stage_entered_on, MAX(to_on) AS left_on, \
             COUNT(*) - COUNT(to_on) AS open FROM stage_spans WHERE province_code = $1 \
             GROUP BY dossier_id, stage, stage_entered_on",
        )
        .bind(province)
        .fetch_all(&self.pool)
        .await?;
        let mut visits = Vec::with_capacity(rows.len());
        for r in &rows {
            if r.try_get::<i64, _>("open")? != 0 {
                continue;
            }
            let Some(left) = r.try_get::<Option<String>, _>("left_on")? else {
                continue;
            };
            let entered = date(r, "stage_entered_on")?;
            visits.push(StageVisit {
                dossier_id: r.try_get("dossier_id")?,
                stage: r.try_get("stage")?,
                days: (parse_date(&left)? - entered).num_days(),
            });
        }
        Ok(visits)
    }

    /// The plan type of a dossier (what the capability rules are keyed by).
    pub(crate) async fn dossier_plan_type(&self, dossier: i64) -> Result<String> {
        sqlx::query_scalar("SELECT plan_type FROM dossiers WHERE id = $1")
            .bind(dossier)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("dossier", &dossier))
    }
}
