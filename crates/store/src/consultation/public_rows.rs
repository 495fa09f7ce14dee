//! The public page's tables (migration 0026): reads and writes. Writes take the caller's
//! transaction, so that a change's rows and its event of the chain commit together.

use chrono::{DateTime, TimeDelta, Utc};
use plantrack_domain::consultation::public::ModerationState;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use plantrack_domain::consultation::OpinionSource;

use super::Opinion;
use super::public::{PublicAttachmentInfo, PublishedOpinion};
use crate::db::{Db, parse_date};
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A public opinion's moderation row.
#[derive(Debug, Clone)]
pub(crate) struct PublicRow {
    pub opinion_id: i64,
    pub round_id: i64,
    pub state: ModerationState,
    pub point: Option<[f64; 2]>,
    pub attachment: Option<PublicAttachmentInfo>,
    pub redacted_text: Option<String>,
    pub redacted_by: Option<String>,
    pub moderated_by: Option<String>,
    pub reject_reason: String,
    pub reports: u64,
    pub hidden: bool,
}

const PUBLIC: &str = "SELECT opinion_id, round_id, state, lon, lat, attachment_sha256, \
     attachment_name, attachment_type, attachment_size, redacted_text, redacted_by, \
     moderated_by, reject_reason, reports, hidden FROM public_opinions";

fn point(r: &AnyRow) -> Result<Option<[f64; 2]>> {
    Ok(
        match (
            r.try_get::<Option<f64>, _>("lon")?,
            r.try_get::<Option<f64>, _>("lat")?,
        ) {
            (Some(lon), Some(lat)) => Some([lon, lat]),
            _ => None,
        },
    )
}

fn public_from(r: &AnyRow) -> Result<PublicRow> {
    let state: String = r.try_get("state")?;
    let attachment = match r.try_get::<Option<String>, _>("attachment_sha256")? {
        Some(sha256) => Some(PublicAttachmentInfo {
            sha256,
            filename: r
                .try_get::<Option<String>, _>("attachment_name")?
                .unwrap_or_default(),
            media_type: r
                .try_get::<Option<String>, _>("attachment_type")?
                .unwrap_or_default(),
            size: r
                .try_get::<Option<i64>, _>("attachment_size")?
                .unwrap_or(0)
                .max(0) as u64,
        }),
        None => None,
    };
    Ok(PublicRow {
        opinion_id: r.try_get("opinion_id")?,
        round_id: r.try_get("round_id")?,
        state: ModerationState::parse(&state)
            .ok_or_else(|| StoreError::corrupt(format!("moderation state '{state}'")))?,
        point: point(r)?,
        attachment,
        redacted_text: r.try_get("redacted_text")?,
        redacted_by: r.try_get("redacted_by")?,
        moderated_by: r.try_get("moderated_by")?,
        reject_reason: r.try_get("reject_reason")?,
        reports: r.try_get::<i64, _>("reports")?.max(0) as u64,
        hidden: r.try_get::<i64, _>("hidden")? != 0,
    })
}

impl Db {
    /// The key public forms are signed with: made on first use, then the same for every
    /// server (two servers making it at once agree on the first one written).
    pub(crate) async fn public_form_key(&self) -> Result<String> {
        if let Some(k) = sqlx::query_scalar("SELECT secret FROM public_form_keys WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
        {
            return Ok(k);
        }
        sqlx::query(
            "INSERT INTO public_form_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
        )
        .bind(crate::accounts::secrets::random_secret())
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT secret FROM public_form_keys WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub(crate) async fn public_row(&self, opinion_id: i64) -> Result<Option<PublicRow>> {
        sqlx::query(&format!("{PUBLIC} WHERE opinion_id = $1"))
            .bind(opinion_id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(public_from)
            .transpose()
    }

    pub(crate) async fn public_rows(&self, round_id: i64) -> Result<Vec<PublicRow>> {
        sqlx::query(&format!("{PUBLIC} WHERE round_id = $1 ORDER BY opinion_id"))
            .bind(round_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(public_from)
            .collect()
    }

    /// A round's rejected public opinions, as submitted (the table leaves them out).
    pub(crate) async fn rejected_opinions(&self, round_id: i64) -> Result<Vec<Opinion>> {
        let rows = sqlx::query(
            "SELECT o.id, o.author_name, o.hamlet, o.contact, o.text, o.cosigners, \
             o.received_on, o.entered_by FROM consultation_opinions o \
             JOIN public_opinions p ON p.opinion_id = o.id \
             WHERE o.round_id = $1 AND p.state = 'rejected' ORDER BY o.id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Opinion {
                    id: r.try_get("id")?,
                    round_id,
                    source: OpinionSource::Online,
                    author_name: r.try_get("author_name")?,
                    hamlet: r.try_get("hamlet")?,
                    contact: r.try_get("contact")?,
                    text: r.try_get("text")?,
                    cosigners: r.try_get("cosigners")?,
                    received_on: parse_date(&r.try_get::<String, _>("received_on")?)?,
                    entered_by: r.try_get("entered_by")?,
                    answers: Vec::new(),
                })
            })
            .collect()
    }

    /// A round's published opinions that readers' reports have not hidden, newest first.
    pub(crate) async fn published_opinions(&self, round_id: i64) -> Result<Vec<PublishedOpinion>> {
        let rows = sqlx::query(
            "SELECT o.id, o.hamlet, o.received_on, p.redacted_text, p.lon, p.lat \
             FROM consultation_opinions o JOIN public_opinions p ON p.opinion_id = o.id \
             WHERE o.round_id = $1 AND p.state = 'published' AND p.hidden = 0 \
             ORDER BY o.received_on DESC, o.id DESC",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishedOpinion {
                    id: r.try_get("id")?,
                    hamlet: r.try_get("hamlet")?,
                    text: r
                        .try_get::<Option<String>, _>("redacted_text")?
                        .unwrap_or_default(),
                    received_on: parse_date(&r.try_get::<String, _>("received_on")?)?,
                    point: point(r)?,
                })
            })
            .collect()
    }

    /// Counts one opinion from `address`: the number sent in the current window with this one,
    /// and when the window started. One upsert, so parallel submissions from one address are
    /// counted one after the other.
    pub(crate) async fn count_public_submission(
        &self,
        tx: &mut Tx,
        address: &str,
        now: DateTime<Utc>,
        window: TimeDelta,
    ) -> Result<(u32, DateTime<Utc>)> {
        let (sent, start): (i64, String) = sqlx::query_as(
            "INSERT INTO public_submission_throttle (address_key, sent, window_start) \
             VALUES ($1, 1, $2) ON CONFLICT (address_key) DO UPDATE SET \
               sent = CASE WHEN public_submission_throttle.window_start <= $3 THEN 1 \
                           ELSE public_submission_throttle.sent + 1 END, \
               window_start = CASE WHEN public_submission_throttle.window_start <= $3 THEN $2 \
                                   ELSE public_submission_throttle.window_start END \
             RETURNING sent, window_start",
        )
        .bind(address)
        .bind(stamp(now))
        .bind(stamp(now - window))
        .fetch_one(&mut **tx)
        .await?;
        let start = DateTime::parse_from_rfc3339(&start)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| StoreError::corrupt(format!("bad timestamp '{start}'")))?;
        Ok((u32::try_from(sent).unwrap_or(u32::MAX), start))
    }

    pub(crate) async fn insert_public(
        &self,
        tx: &mut Tx,
        opinion_id: i64,
        round_id: i64,
        point: Option<(f64, f64)>,
        attachment: Option<&PublicAttachmentInfo>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // Not cached: the place is an optional float (see `Db::connect`); a cached statement
        // first run without a place would refuse the next opinion that has one.
        sqlx::query(
            "INSERT INTO public_opinions (opinion_id, round_id, state, lon, lat, \
             attachment_sha256, attachment_name, attachment_type, attachment_size, submitted_at) \
             VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9)",
        )
        .persistent(false)
        .bind(opinion_id)
        .bind(round_id)
        .bind(point.map(|p| p.0))
        .bind(point.map(|p| p.1))
        .bind(attachment.map(|a| a.sha256.clone()))
        .bind(attachment.map(|a| a.filename.clone()))
        .bind(attachment.map(|a| a.media_type.clone()))
        .bind(attachment.map(|a| i64::try_from(a.size).unwrap_or(i64::MAX)))
        .bind(stamp(at))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Records a reader's report; None when this address reported the opinion already.
    /// Otherwise the reports now counted, the opinion hidden at `hide_at`.
    pub(crate) async fn add_report(
        &self,
        tx: &mut Tx,
        opinion_id: i64,
        address: &str,
        at: DateTime<Utc>,
        hide_at: u32,
    ) -> Result<Option<(u64, bool)>> {
        let added = sqlx::query(
            "INSERT INTO public_opinion_reports (opinion_id, address_key, reported_at) \
             VALUES ($1, $2, $3) ON CONFLICT (opinion_id, address_key) DO NOTHING",
        )
        .bind(opinion_id)
        .bind(address)
        .bind(stamp(at))
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if added == 0 {
            return Ok(None);
        }
        let (reports, hidden): (i64, i64) = sqlx::query_as(
            "UPDATE public_opinions SET reports = reports + 1, \
             hidden = CASE WHEN reports + 1 >= $2 THEN 1 ELSE hidden END \
             WHERE opinion_id = $1 RETURNING reports, hidden",
        )
        .bind(opinion_id)
        .bind(i64::from(hide_at))
        .fetch_one(&mut **tx)
        .await?;
        Ok(Some((reports.max(0) as u64, hidden != 0)))
    }

    /// Writes an officer's decision: the state, the published copy and who made it; a new
    /// decision clears the readers' reports (the officer has looked again).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn set_moderation(
        &self,
        tx: &mut Tx,
        opinion_id: i64,
        state: ModerationState,
        redacted_text: Option<&str>,
        reject_reason: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let at = stamp(at);
        sqlx::query(
            "UPDATE public_opinions SET state = $2, \
             redacted_text = COALESCE($3, redacted_text), \
             redacted_by = CASE WHEN $3 IS NULL THEN redacted_by ELSE $5 END, \
             redacted_at = CASE WHEN $3 IS NULL THEN redacted_at ELSE $6 END, \
             reject_reason = $4, moderated_by = $5, moderated_at = $6, reports = 0, hidden = 0 \
             WHERE opinion_id = $1",
        )
        .bind(opinion_id)
        .bind(state.as_str())
        .bind(redacted_text)
        .bind(reject_reason)
        .bind(by)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        sqlx::query("DELETE FROM public_opinion_reports WHERE opinion_id = $1")
            .bind(opinion_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The dossier's latest checked land-use map, by its hash.
    pub(crate) async fn latest_landuse_map(&self, dossier_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT sha256 FROM landuse_checks WHERE dossier_id = $1 ORDER BY event_seq DESC LIMIT 1",
        )
        .bind(dossier_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every file residents attached (kept by the document sweep).
    pub(crate) async fn public_attachments(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT attachment_sha256 FROM public_opinions WHERE attachment_sha256 IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
