//! Similar opinions of a round grouped (issue 15, item 5): the groups as the officer reads
//! them, a response given to a whole group, and the officer's corrections — two groups merged,
//! an opinion split out of its group — kept as pairs of opinions (migration 0028) that every
//! later grouping of the round respects.

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::consultation::ResponseKind;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::{Result, StoreError};

type Tx = Transaction<'static, Any>;

/// A group of similar opinions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpinionGroup {
    /// Its opinions, in the table's order.
    pub opinions: Vec<i64>,
    /// The opinion most like the others: the one shown for the group.
    pub representative: i64,
    /// How many of its opinions have a response.
    pub answered: u64,
}

/// A round's opinions grouped, the largest groups first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpinionGrouping {
    pub round_id: i64,
    /// Every opinion of the table in exactly one group.
    pub groups: Vec<OpinionGroup>,
    /// The officer's corrections kept for the round: pairs of opinions put together (by
    /// merges) and kept apart (by splits).
    pub together: u64,
    pub apart: u64,
}

/// One response given to every opinion of a group: one answer per opinion, in one
/// transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GroupAnswer {
    /// The opinions answered (the group's, as the officer saw it).
    pub opinions: Vec<i64>,
    /// A key of the province's topic list.
    pub topic: String,
    pub response: ResponseKind,
    #[serde(default)]
    pub text: String,
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// Two groups made one: the group of `first` and the group of `second`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GroupMerge {
    pub first: i64,
    pub second: i64,
}

/// An opinion taken out of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GroupSplit {
    pub opinion: i64,
}

/// A kept correction: two opinions together or apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkKind {
    Together,
    Apart,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Together => "together",
            Self::Apart => "apart",
        }
    }
}

/// A pair of opinions, the smaller id first.
pub(crate) fn pair(a: i64, b: i64) -> (i64, i64) {
    if a < b { (a, b) } else { (b, a) }
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl Db {
    /// A round's kept corrections: each pair (smaller id first) and its kind.
    pub(crate) async fn group_links(&self, round_id: i64) -> Result<Vec<((i64, i64), LinkKind)>> {
        sqlx::query(
            "SELECT opinion_a, opinion_b, kind FROM opinion_group_links WHERE round_id = $1 \
             ORDER BY opinion_a, opinion_b",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let kind = match kind.as_str() {
                "together" => LinkKind::Together,
                "apart" => LinkKind::Apart,
                other => return Err(StoreError::corrupt(format!("group link '{other}'"))),
            };
            Ok((
                (
                    r.try_get::<i64, _>("opinion_a")?,
                    r.try_get::<i64, _>("opinion_b")?,
                ),
                kind,
            ))
        })
        .collect()
    }

    /// Keeps a pair together or apart, replacing what was kept for it.
    pub(crate) async fn set_group_link(
        &self,
        tx: &mut Tx,
        round_id: i64,
        (a, b): (i64, i64),
        kind: LinkKind,
        made_by: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO opinion_group_links (round_id, opinion_a, opinion_b, kind, made_by, \
             made_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (round_id, opinion_a, opinion_b) DO UPDATE SET kind = excluded.kind, \
             made_by = excluded.made_by, made_at = excluded.made_at",
        )
        .bind(round_id)
        .bind(a)
        .bind(b)
        .bind(kind.as_str())
        .bind(made_by)
        .bind(stamp(at))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Forgets what was kept for a pair.
    pub(crate) async fn delete_group_link(
        &self,
        tx: &mut Tx,
        round_id: i64,
        (a, b): (i64, i64),
    ) -> Result<()> {
        sqlx::query(
            "DELETE FROM opinion_group_links WHERE round_id = $1 AND opinion_a = $2 \
             AND opinion_b = $3",
        )
        .bind(round_id)
        .bind(a)
        .bind(b)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
