//! The consultation tables' reads and writes. Writes take the caller's transaction, so that a
//! change's rows and its event of the follow-up chain commit together.

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::consultation::{
    ConsultationForm, OpinionSource, ReplyPosition, ResponseKind, Subject, TopicName, Track,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Answer, ConsultationRound, ConsulteeReply, NewAnswer, NewOpinion, Opinion};
use crate::db::{Db, parse_date};
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

fn opt_date(r: &AnyRow, column: &str) -> Result<Option<NaiveDate>> {
    r.try_get::<Option<String>, _>(column)?
        .as_deref()
        .map(parse_date)
        .transpose()
}

/// A round to insert.
pub(crate) struct NewRoundRow<'a> {
    pub province_code: &'a str,
    pub dossier_id: i64,
    pub unit_code: &'a str,
    pub subject: Subject,
    pub documents: &'a [u64],
    pub forms: &'a [ConsultationForm],
    pub agencies: Track,
    pub residents: Track,
    pub opened_by: &'a str,
}

/// A consultee's new cycle, deadline or both, written if it is still at `version`.
pub(crate) struct ConsulteeChange {
    pub cycle: i64,
    pub consulted_on: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
}

/// A consultee as stored, before its status is read.
pub(crate) struct ConsulteeRow {
    pub id: i64,
    pub round_id: i64,
    pub organisation_id: Option<i64>,
    pub name: String,
    pub required: bool,
    pub cycle: i64,
    pub consulted_on: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub version: i64,
}

const ROUND: &str = "SELECT r.id, r.province_code, r.dossier_id, r.unit_code, r.subject, \
     r.round_no, r.documents, r.forms, r.agencies_opens_on, r.agencies_closes_on, \
     r.residents_opens_on, r.residents_closes_on, r.opened_by FROM consultation_rounds r";

fn round_from(r: &AnyRow) -> Result<ConsultationRound> {
    let subject: String = r.try_get("subject")?;
    let documents: String = r.try_get("documents")?;
    let forms: String = r.try_get("forms")?;
    Ok(ConsultationRound {
        id: r.try_get("id")?,
        province_code: r.try_get("province_code")?,
        dossier_id: r.try_get("dossier_id")?,
        unit_code: r.try_get("unit_code")?,
        subject: Subject::parse(&subject).ok_or_else(|| corrupt("subject", &subject))?,
        round_no: r.try_get("round_no")?,
        documents: serde_json::from_str(&documents)
            .map_err(|_| corrupt("documents", &documents))?,
        forms: serde_json::from_str(&forms).map_err(|_| corrupt("forms", &forms))?,
        agencies: Track {
            opens_on: date(r, "agencies_opens_on")?,
            closes_on: date(r, "agencies_closes_on")?,
        },
        residents: Track {
            opens_on: date(r, "residents_opens_on")?,
            closes_on: date(r, "residents_closes_on")?,
        },
        opened_by: r.try_get("opened_by")?,
    })
}

/// Round ids bound in one query at most (well under SQLite's limit of bound values).
const ROUNDS_PER_QUERY: usize = 500;

/// `$1, $2, …, $n`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const CONSULTEE: &str = "SELECT c.id, c.round_id, c.organisation_id, \
     COALESCE(o.name, c.outside_name) AS name, c.required, c.cycle, c.consulted_on, \
     c.deadline, c.version FROM consultees c LEFT JOIN organisations o ON o.id = c.organisation_id";

fn consultee_from(r: &AnyRow) -> Result<ConsulteeRow> {
    Ok(ConsulteeRow {
        id: r.try_get("id")?,
        round_id: r.try_get("round_id")?,
        organisation_id: r.try_get("organisation_id")?,
        name: r.try_get("name")?,
        required: r.try_get::<i64, _>("required")? != 0,
        cycle: r.try_get("cycle")?,
        consulted_on: opt_date(r, "consulted_on")?,
        deadline: opt_date(r, "deadline")?,
        version: r.try_get("version")?,
    })
}

/// What a round's list row counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RoundCounts {
    pub opinions: u64,
    pub answered: u64,
    /// Topics named by an answer that have no summary yet.
    pub unsummarised_topics: u64,
}

impl Db {
    pub(crate) async fn insert_round(
        &self,
        tx: &mut Tx,
        n: &NewRoundRow<'_>,
        at: DateTime<Utc>,
    ) -> Result<(i64, i64)> {
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(round_no) FROM consultation_rounds WHERE dossier_id = $1 AND subject = $2",
        )
        .bind(n.dossier_id)
        .bind(n.subject.as_str())
        .fetch_one(&mut **tx)
        .await?;
        let round_no = last.unwrap_or(0) + 1;
        let id = sqlx::query_scalar(
            "INSERT INTO consultation_rounds (province_code, dossier_id, unit_code, subject, \
             round_no, documents, forms, agencies_opens_on, agencies_closes_on, \
             residents_opens_on, residents_closes_on, opened_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(n.province_code)
        .bind(n.dossier_id)
        .bind(n.unit_code)
        .bind(n.subject.as_str())
        .bind(round_no)
        .bind(serde_json::to_string(n.documents).map_err(StoreError::corrupt)?)
        .bind(serde_json::to_string(n.forms).map_err(StoreError::corrupt)?)
        .bind(n.agencies.opens_on.to_string())
        .bind(n.agencies.closes_on.to_string())
        .bind(n.residents.opens_on.to_string())
        .bind(n.residents.closes_on.to_string())
        .bind(n.opened_by)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?;
        Ok((id, round_no))
    }

    pub(crate) async fn consultation_round(&self, id: i64) -> Result<ConsultationRound> {
        let row = sqlx::query(&format!("{ROUND} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("consultation", &id))?;
        round_from(&row)
    }

    /// Rounds in a scope, with their opinions, answered opinions and topics still without a
    /// summary counted.
    pub(crate) async fn consultation_rounds(
        &self,
        province: Option<&str>,
        unit: Option<&str>,
        consultant: Option<&str>,
        dossier: Option<i64>,
    ) -> Result<Vec<(ConsultationRound, RoundCounts)>> {
        let rows = sqlx::query(&format!(
            "{ROUND} JOIN dossiers d ON d.id = r.dossier_id \
             WHERE ($1 IS NULL OR r.province_code = $1) AND ($2 IS NULL OR r.unit_code = $2) \
             AND ($3 IS NULL OR d.consultant = $3) AND ($4 IS NULL OR r.dossier_id = $4) \
             ORDER BY r.unit_code, r.dossier_id, r.id"
        ))
        .bind(province)
        .bind(unit)
        .bind(consultant)
        .bind(dossier)
        .fetch_all(&self.pool)
        .await?;
        let counts: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT r.id, (SELECT COUNT(*) FROM consultation_opinions o WHERE o.round_id = r.id \
             AND NOT EXISTS (SELECT 1 FROM public_opinions p WHERE p.opinion_id = o.id \
             AND p.state = 'rejected')), \
             (SELECT COUNT(DISTINCT a.opinion_id) FROM opinion_answers a WHERE a.round_id = r.id), \
             (SELECT COUNT(DISTINCT a.topic) FROM opinion_answers a WHERE a.round_id = r.id \
              AND NOT EXISTS (SELECT 1 FROM topic_summaries s \
                              WHERE s.round_id = a.round_id AND s.topic = a.topic)) \
             FROM consultation_rounds r",
        )
        .fetch_all(&self.pool)
        .await?;
        let counts: std::collections::HashMap<i64, RoundCounts> = counts
            .into_iter()
            .map(|(id, opinions, answered, unsummarised)| {
                let n = |v: i64| u64::try_from(v).unwrap_or(0);
                (
                    id,
                    RoundCounts {
                        opinions: n(opinions),
                        answered: n(answered),
                        unsummarised_topics: n(unsummarised),
                    },
                )
            })
            .collect();
        rows.iter()
            .map(|r| {
                let round = round_from(r)?;
                let counted = counts.get(&round.id).copied().unwrap_or_default();
                Ok((round, counted))
            })
            .collect()
    }

    pub(crate) async fn consultees(&self, round_id: i64) -> Result<Vec<ConsulteeRow>> {
        self.consultees_of_rounds(&[round_id]).await
    }

    /// The registers of several rounds in one query per batch (a list of rounds reads them
    /// all, not one round at a time).
    pub(crate) async fn consultees_of_rounds(
        &self,
        round_ids: &[i64],
    ) -> Result<Vec<ConsulteeRow>> {
        let mut out = Vec::new();
        for ids in round_ids.chunks(ROUNDS_PER_QUERY) {
            let sql = format!(
                "{CONSULTEE} WHERE c.round_id IN ({}) ORDER BY c.id",
                placeholders(ids.len())
            );
            let mut query = sqlx::query(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&self.pool).await? {
                out.push(consultee_from(&row)?);
            }
        }
        Ok(out)
    }

    pub(crate) async fn consultee(&self, id: i64) -> Result<ConsulteeRow> {
        let row = sqlx::query(&format!("{CONSULTEE} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("consultee", &id))?;
        consultee_from(&row)
    }

    /// Every reply of a round's consultees, by consultee, oldest first.
    pub(crate) async fn consultee_replies(
        &self,
        round_id: i64,
    ) -> Result<Vec<(i64, ConsulteeReply)>> {
        self.consultee_replies_of_rounds(&[round_id]).await
    }

    /// Every reply of several rounds' consultees, by consultee, oldest first in each batch.
    pub(crate) async fn consultee_replies_of_rounds(
        &self,
        round_ids: &[i64],
    ) -> Result<Vec<(i64, ConsulteeReply)>> {
        let mut rows = Vec::new();
        for ids in round_ids.chunks(ROUNDS_PER_QUERY) {
            let sql = format!(
                "SELECT p.id, p.consultee_id, p.cycle, p.position, p.text, p.document, \
                 p.replied_on, p.on_behalf, p.entered_by FROM consultee_replies p \
                 JOIN consultees c ON c.id = p.consultee_id WHERE c.round_id IN ({}) \
                 ORDER BY p.replied_on, p.id",
                placeholders(ids.len())
            );
            let mut query = sqlx::query(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            rows.extend(query.fetch_all(&self.pool).await?);
        }
        rows.iter()
            .map(|r| {
                let position: String = r.try_get("position")?;
                Ok((
                    r.try_get("consultee_id")?,
                    ConsulteeReply {
                        id: r.try_get("id")?,
                        cycle: r.try_get("cycle")?,
                        position: ReplyPosition::parse(&position)
                            .ok_or_else(|| corrupt("reply position", &position))?,
                        text: r.try_get("text")?,
                        document: r.try_get("document")?,
                        replied_on: date(r, "replied_on")?,
                        on_behalf: r.try_get::<i64, _>("on_behalf")? != 0,
                        entered_by: r.try_get("entered_by")?,
                    },
                ))
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_consultee(
        &self,
        tx: &mut Tx,
        round_id: i64,
        organisation_id: Option<i64>,
        outside_name: Option<&str>,
        required: bool,
        change: &ConsulteeChange,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO consultees (round_id, organisation_id, outside_name, required, cycle, \
             consulted_on, deadline, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(round_id)
        .bind(organisation_id)
        .bind(outside_name)
        .bind(i64::from(required))
        .bind(change.cycle)
        .bind(change.consulted_on.map(|d| d.to_string()))
        .bind(change.deadline.map(|d| d.to_string()))
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Removes a consultee with no reply; false if it changed meanwhile or has one.
    pub(crate) async fn delete_consultee(
        &self,
        tx: &mut Tx,
        id: i64,
        version: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM consultees WHERE id = $1 AND version = $2 AND NOT EXISTS \
             (SELECT 1 FROM consultee_replies p WHERE p.consultee_id = $1)",
        )
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Writes a consultee's cycle and deadline if it is still at `version`.
    pub(crate) async fn change_consultee(
        &self,
        tx: &mut Tx,
        id: i64,
        version: i64,
        c: &ConsulteeChange,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE consultees SET cycle = $3, consulted_on = $4, deadline = $5, \
             version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(c.cycle)
        .bind(c.consulted_on.map(|d| d.to_string()))
        .bind(c.deadline.map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_reply(
        &self,
        tx: &mut Tx,
        consultee_id: i64,
        cycle: i64,
        position: ReplyPosition,
        text: &str,
        document: &str,
        replied_on: NaiveDate,
        on_behalf: bool,
        entered_by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO consultee_replies (consultee_id, cycle, position, text, document, \
             replied_on, on_behalf, entered_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(consultee_id)
        .bind(cycle)
        .bind(position.as_str())
        .bind(text)
        .bind(document)
        .bind(replied_on.to_string())
        .bind(i64::from(on_behalf))
        .bind(entered_by)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// A round's opinions with their answers, in the order received; those sent through the
    /// public page and rejected by the moderator (spam, abuse) are not part of the table.
    pub(crate) async fn opinions(&self, round_id: i64) -> Result<Vec<Opinion>> {
        let answers = sqlx::query(
            "SELECT id, opinion_id, point, topic, response, response_text, answered_on, \
             answered_by FROM opinion_answers WHERE round_id = $1 ORDER BY id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let mut answers: Vec<Answer> = answers
            .iter()
            .map(|r| {
                let response: String = r.try_get("response")?;
                Ok(Answer {
                    id: r.try_get("id")?,
                    opinion_id: r.try_get("opinion_id")?,
                    point: r.try_get("point")?,
                    topic: r.try_get("topic")?,
                    response: ResponseKind::parse(&response)
                        .ok_or_else(|| corrupt("response", &response))?,
                    text: r.try_get("response_text")?,
                    answered_on: date(r, "answered_on")?,
                    answered_by: r.try_get("answered_by")?,
                })
            })
            .collect::<Result<_>>()?;
        let rows = sqlx::query(
            "SELECT id, round_id, source, author_name, hamlet, contact, text, cosigners, \
             received_on, entered_by FROM consultation_opinions o WHERE round_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM public_opinions p WHERE p.opinion_id = o.id \
             AND p.state = 'rejected') ORDER BY received_on, id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let source: String = r.try_get("source")?;
                let id: i64 = r.try_get("id")?;
                let (mine, rest): (Vec<Answer>, Vec<Answer>) = std::mem::take(&mut answers)
                    .into_iter()
                    .partition(|a| a.opinion_id == id);
                answers = rest;
                Ok(Opinion {
                    id,
                    round_id: r.try_get("round_id")?,
                    source: OpinionSource::parse(&source)
                        .ok_or_else(|| corrupt("opinion source", &source))?,
                    author_name: r.try_get("author_name")?,
                    hamlet: r.try_get("hamlet")?,
                    contact: r.try_get("contact")?,
                    text: r.try_get("text")?,
                    cosigners: r.try_get("cosigners")?,
                    received_on: date(r, "received_on")?,
                    entered_by: r.try_get("entered_by")?,
                    answers: mine,
                })
            })
            .collect()
    }

    /// How many opinions of the dossier's rounds on `subject` have no answer yet: what keeps
    /// a stage that requires a complete synthesis table from being left.
    pub(crate) async fn unanswered_opinions(
        &self,
        dossier_id: i64,
        subject: plantrack_domain::consultation::Subject,
    ) -> Result<u32> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM consultation_opinions o \
             JOIN consultation_rounds r ON r.id = o.round_id \
             WHERE r.dossier_id = $1 AND r.subject = $2 \
             AND NOT EXISTS (SELECT 1 FROM opinion_answers a WHERE a.opinion_id = o.id) \
             AND NOT EXISTS (SELECT 1 FROM public_opinions p WHERE p.opinion_id = o.id \
                             AND p.state = 'rejected')",
        )
        .bind(dossier_id)
        .bind(subject.as_str())
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// The round an opinion belongs to and the day it was received.
    pub(crate) async fn opinion_place(&self, id: i64) -> Result<(i64, NaiveDate)> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT round_id, received_on FROM consultation_opinions WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let (round, on) = row.ok_or_else(|| StoreError::not_found("opinion", &id))?;
        Ok((round, parse_date(&on)?))
    }

    pub(crate) async fn insert_opinion(
        &self,
        tx: &mut Tx,
        round_id: i64,
        o: &NewOpinion,
        received_on: NaiveDate,
        entered_by: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO consultation_opinions (round_id, source, author_name, hamlet, contact, \
             text, cosigners, received_on, entered_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(round_id)
        .bind(o.source.as_str())
        .bind(o.author_name.as_deref())
        .bind(&o.hamlet)
        .bind(&o.contact)
        .bind(&o.text)
        .bind(o.cosigners)
        .bind(received_on.to_string())
        .bind(entered_by)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_answer(
        &self,
        tx: &mut Tx,
        round_id: i64,
        a: &NewAnswer,
        answered_on: NaiveDate,
        answered_by: &str,
        answered_by_org: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO opinion_answers (round_id, opinion_id, point, topic, response, \
             response_text, answered_on, answered_by, answered_by_org, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(round_id)
        .bind(a.opinion_id)
        .bind(&a.point)
        .bind(&a.topic)
        .bind(a.response.as_str())
        .bind(&a.text)
        .bind(answered_on.to_string())
        .bind(answered_by)
        .bind(answered_by_org)
        .bind(stamp(at))
        .fetch_one(&mut **tx)
        .await?)
    }

    /// A round's summaries: topic, text, who wrote it and when.
    pub(crate) async fn topic_summaries(
        &self,
        round_id: i64,
    ) -> Result<Vec<(String, String, String, NaiveDate)>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT topic, text, written_by, written_on FROM topic_summaries WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(t, x, by, on)| Ok((t, x, by, parse_date(&on)?)))
            .collect()
    }

    pub(crate) async fn write_summary(
        &self,
        tx: &mut Tx,
        round_id: i64,
        topic: &str,
        text: &str,
        on: NaiveDate,
        by: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO topic_summaries (round_id, topic, text, written_on, written_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (round_id, topic) DO UPDATE SET \
             text = excluded.text, written_on = excluded.written_on, \
             written_by = excluded.written_by",
        )
        .bind(round_id)
        .bind(topic)
        .bind(text)
        .bind(on.to_string())
        .bind(by)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The province's topics: its own list, else the list every province starts from.
    pub(crate) async fn consultation_topics(&self, province: &str) -> Result<Vec<TopicName>> {
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT province_code, key, name_vi, name_en, name_id FROM consultation_topics \
             WHERE province_code = $1 OR province_code = '' ORDER BY position, key",
        )
        .bind(province)
        .fetch_all(&self.pool)
        .await?;
        let own = rows.iter().any(|r| r.0 == province && !province.is_empty());
        Ok(rows
            .into_iter()
            .filter(|r| !own || r.0 == province)
            .map(|(_, key, vi, en, id)| TopicName { key, vi, en, id })
            .collect())
    }

    pub(crate) async fn silence_is_agreement(&self, province: &str) -> Result<bool> {
        let v: Option<i64> = sqlx::query_scalar(
            "SELECT silence_is_agreement FROM consultation_rules WHERE province_code = $1",
        )
        .bind(province)
        .fetch_optional(&self.pool)
        .await?;
        Ok(v.unwrap_or(0) != 0)
    }

    pub(crate) async fn set_silence_is_agreement(
        &self,
        tx: &mut Tx,
        province: &str,
        on: bool,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO consultation_rules (province_code, silence_is_agreement) VALUES ($1, $2) \
             ON CONFLICT (province_code) DO UPDATE SET \
             silence_is_agreement = excluded.silence_is_agreement",
        )
        .bind(province)
        .bind(i64::from(on))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
