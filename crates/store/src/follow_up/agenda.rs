//! A meeting's agenda items, participants and minutes, as stored.

use chrono::NaiveDate;
use plantrack_domain::follow_up::{AgendaState, Recurrence};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

/// One item of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub presenter: String,
    /// Planned duration, in minutes.
    pub duration_minutes: i64,
    /// The commune or ward it is about, when one.
    pub unit_code: Option<String>,
    pub state: AgendaState,
    pub outcome: String,
    /// The previous meeting's item it takes up.
    pub carried_from: Option<i64>,
}

/// An item to put on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewAgendaItem {
    pub title: String,
    #[serde(default)]
    pub presenter: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 600)]
    pub duration_minutes: i64,
    #[serde(default)]
    pub unit_code: Option<String>,
}

/// How an item was dealt with at the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Settlement {
    pub state: AgendaState,
    #[serde(default)]
    pub outcome: String,
}

/// An organisation invited, and whether it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Participant {
    pub organisation_id: i64,
    pub organisation: String,
    /// Marked while the meeting is held; none before.
    pub attended: Option<bool>,
}

/// The agenda, participants and minutes of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeetingAgenda {
    pub meeting_id: i64,
    /// The meeting of the series it follows.
    pub follows: Option<i64>,
    pub items: Vec<AgendaItem>,
    pub participants: Vec<Participant>,
    pub minutes: String,
    /// The days of the series' meetings still to come, when the meeting recurs.
    pub upcoming: Vec<NaiveDate>,
}

fn item_from_row(r: &AnyRow) -> Result<AgendaItem> {
    let state: String = r.try_get("state")?;
    Ok(AgendaItem {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        position: r.try_get("position")?,
        title: r.try_get("title")?,
        presenter: r.try_get("presenter")?,
        duration_minutes: r.try_get("duration")?,
        unit_code: r.try_get("unit_code")?,
        state: AgendaState::parse(&state)
            .ok_or_else(|| StoreError::corrupt(format!("agenda state '{state}'")))?,
        outcome: r.try_get("outcome")?,
        carried_from: r.try_get("carried_from")?,
    })
}

const ITEM_COLUMNS: &str =
    "id, meeting_id, position, title, presenter, duration, unit_code, state, outcome, carried_from";

impl Db {
    pub(crate) async fn agenda_items(&self, meeting_id: i64) -> Result<Vec<AgendaItem>> {
        sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE meeting_id = $1 ORDER BY position"
        ))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(item_from_row)
        .collect()
    }

    pub(crate) async fn agenda_item(&self, id: i64) -> Result<AgendaItem> {
        let row = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("agenda item", &id))?;
        item_from_row(&row)
    }

    pub(crate) async fn insert_agenda_item(
        &self,
        tx: &mut Tx,
        meeting_id: i64,
        item: &NewAgendaItem,
        carried_from: Option<i64>,
    ) -> Result<i64> {
        let position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1",
        )
        .bind(meeting_id)
        .fetch_one(&mut **tx)
        .await?;
        Ok(sqlx::query_scalar(
            "INSERT INTO agenda_items (meeting_id, position, title, presenter, duration, \
             unit_code, state, carried_from) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) \
             RETURNING id",
        )
        .bind(meeting_id)
        .bind(position)
        .bind(&item.title)
        .bind(&item.presenter)
        .bind(item.duration_minutes)
        .bind(item.unit_code.as_deref())
        .bind(carried_from)
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(crate) async fn settle_agenda_item(
        &self,
        tx: &mut Tx,
        id: i64,
        s: &Settlement,
    ) -> Result<()> {
        sqlx::query("UPDATE agenda_items SET state = $2, outcome = $3 WHERE id = $1")
            .bind(id)
            .bind(s.state.as_str())
            .bind(&s.outcome)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub(crate) async fn participants(&self, meeting_id: i64) -> Result<Vec<Participant>> {
        let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT p.organisation_id, o.name, p.attended FROM meeting_participants p \
             JOIN organisations o ON o.id = p.organisation_id WHERE p.meeting_id = $1 \
             ORDER BY o.kind, o.name",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(organisation_id, organisation, attended)| Participant {
                organisation_id,
                organisation,
                attended: attended.map(|a| a != 0),
            })
            .collect())
    }

    /// Invites an organisation; false if it already was.
    pub(crate) async fn invite(&self, tx: &mut Tx, meeting_id: i64, org: i64) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO meeting_participants (meeting_id, organisation_id) VALUES ($1, $2) \
             ON CONFLICT (meeting_id, organisation_id) DO NOTHING",
        )
        .bind(meeting_id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks an invited organisation present or absent; false if it was not invited.
    pub(crate) async fn mark_attendance(
        &self,
        tx: &mut Tx,
        meeting_id: i64,
        org: i64,
        attended: bool,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE meeting_participants SET attended = $3 \
             WHERE meeting_id = $1 AND organisation_id = $2",
        )
        .bind(meeting_id)
        .bind(org)
        .bind(i64::from(attended))
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn meeting_minutes(&self, meeting_id: i64) -> Result<(String, Option<i64>)> {
        Ok(
            sqlx::query_as("SELECT minutes, follows_id FROM meetings WHERE id = $1")
                .bind(meeting_id)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub(crate) async fn write_minutes(
        &self,
        tx: &mut Tx,
        meeting_id: i64,
        text: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE meetings SET minutes = $2 WHERE id = $1")
            .bind(meeting_id)
            .bind(text)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub(crate) async fn set_recurrence(
        &self,
        tx: &mut Tx,
        meeting_id: i64,
        recurrence: Option<Recurrence>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE meetings SET repeat_every_days = $2, repeat_until = $3, repeat_from = $4 \
             WHERE id = $1",
        )
        .bind(meeting_id)
        .bind(recurrence.map(|r| i64::from(r.every_days)))
        .bind(recurrence.map(|r| r.until.to_string()))
        .bind(recurrence.map(|r| r.from.to_string()))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The meeting that follows this one in its series, if one was prepared.
    pub(crate) async fn follower(&self, tx: &mut Tx, meeting_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM meetings WHERE follows_id = $1 ORDER BY id LIMIT 1")
                .bind(meeting_id)
                .fetch_optional(&mut **tx)
                .await?,
        )
    }

    pub(crate) async fn set_follows(
        &self,
        tx: &mut Tx,
        meeting_id: i64,
        follows: i64,
    ) -> Result<()> {
        sqlx::query("UPDATE meetings SET follows_id = $2 WHERE id = $1")
            .bind(meeting_id)
            .bind(follows)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}
