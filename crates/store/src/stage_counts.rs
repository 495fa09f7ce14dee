//! Today's counts by stage: a projection of the dossier rows, moved in the same transaction as
//! each row (see migration 0009). A report of today for a province or the country reads these
//! few hundred rows, and the overdue and due-soon counts from an index of due dates, instead
//! of grouping every dossier.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use plantrack_domain::plan::PlanType;
use sqlx::Row;

use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::progress::{CountRow, Scope};

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Which count a dossier row adds to: its place and template, which no command changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CountedAs {
    pub province_code: String,
    pub plan_type: String,
    pub template_key: String,
    pub template_version: i64,
}

/// Moves one dossier from the count of `from` (stage, status) to that of `to`; `from` is
/// `None` for a dossier not counted yet. Nothing moves when they are the same.
pub(crate) async fn move_count(
    tx: &mut Tx<'_>,
    key: &CountedAs,
    from: Option<(&str, &str)>,
    to: (&str, &str),
) -> Result<()> {
    if from == Some(to) {
        return Ok(());
    }
    // One statement for both moves: the row left (which exists, since the dossier was counted
    // there) loses one, the row entered gains one or is created.
    let mut moves = vec![(to.0, to.1, 1_i64)];
    if let Some((stage, status)) = from {
        moves.push((stage, status, -1));
    }
    // Rows locked in one order by every command, so two commands moving dossiers in opposite
    // directions cannot deadlock.
    moves.sort_unstable();
    let values = (0..moves.len())
        .map(|i| {
            let p = 5 + i * 3;
            format!("($1, $2, $3, $4, ${}, ${}, ${})", p, p + 1, p + 2)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO stage_counts (province_code, plan_type, template_key, template_version, stage, status, dossiers) \
         VALUES {values} \
         ON CONFLICT (province_code, plan_type, template_key, template_version, stage, status) \
         DO UPDATE SET dossiers = stage_counts.dossiers + excluded.dossiers"
    );
    let mut query = sqlx::query(&sql)
        .bind(&key.province_code)
        .bind(&key.plan_type)
        .bind(&key.template_key)
        .bind(key.template_version);
    for (stage, status, change) in moves {
        query = query.bind(stage).bind(status).bind(change);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// A count's key: plan type, template, version, stage.
type StageKey = (String, String, i64, String);

impl Db {
    /// Today's counts by stage for a province or the country (not a unit: the projection
    /// counts by province), with those on hold, overdue on `today` and due by `soon_until`.
    pub(crate) async fn current_stage_counts(
        &self,
        scope: Scope<'_>,
        today: &str,
        soon_until: &str,
    ) -> Result<Vec<CountRow>> {
        let mut filters = String::new();
        let mut args: Vec<&str> = Vec::new();
        if let Some(p) = scope.province {
            args.push(p);
            let _ = write!(filters, " AND province_code = ${}", args.len());
        }
        if let Some(t) = scope.plan_type {
            args.push(t.as_str());
            let _ = write!(filters, " AND plan_type = ${}", args.len());
        }
        let counts_sql = format!(
            "SELECT plan_type, template_key, template_version, stage, \
             CAST(SUM(dossiers) AS BIGINT) AS n, \
             CAST(SUM(CASE WHEN status = 'on_hold' THEN dossiers ELSE 0 END) AS BIGINT) AS on_hold \
             FROM stage_counts WHERE dossiers > 0{filters} \
             GROUP BY plan_type, template_key, template_version, stage"
        );
        let mut counts: BTreeMap<StageKey, CountRow> = BTreeMap::new();
        let mut q = sqlx::query(&counts_sql);
        for a in &args {
            q = q.bind(*a);
        }
        for row in q.fetch_all(&self.pool).await? {
            let key = stage_key(&row)?;
            let count = CountRow {
                plan_type: parse_plan_type(&key.0)?,
                template: key.1.clone(),
                template_version: u32::try_from(key.2).map_err(StoreError::corrupt)?,
                stage: key.3.clone(),
                count: row.try_get::<i64, _>("n")?.unsigned_abs(),
                on_hold: row.try_get::<i64, _>("on_hold")?.unsigned_abs(),
                overdue: 0,
                due_soon: 0,
            };
            counts.insert(key, count);
        }
        // Active dossiers due before today, and due from today to the window's end: two ranges
        // of one index.
        let (day, until) = (args.len() + 1, args.len() + 2);
        let flagged_sql = format!(
            "SELECT plan_type, template_key, template_version, stage, \
             CAST(SUM(CASE WHEN due_on < ${day} THEN 1 ELSE 0 END) AS BIGINT) AS overdue, \
             CAST(SUM(CASE WHEN due_on >= ${day} THEN 1 ELSE 0 END) AS BIGINT) AS due_soon \
             FROM dossiers WHERE status = 'active' AND due_on <= ${until}{filters} \
             GROUP BY plan_type, template_key, template_version, stage"
        );
        let mut q = sqlx::query(&flagged_sql);
        for a in &args {
            q = q.bind(*a);
        }
        for row in q.bind(today).bind(soon_until).fetch_all(&self.pool).await? {
            let key = stage_key(&row)?;
            let Some(count) = counts.get_mut(&key) else {
                return Err(StoreError::corrupt(format!(
                    "dossiers in {key:?} that the stage counts do not hold (run plantrack audit verify)"
                )));
            };
            count.overdue = row.try_get::<i64, _>("overdue")?.unsigned_abs();
            count.due_soon = row.try_get::<i64, _>("due_soon")?.unsigned_abs();
        }
        Ok(counts.into_values().collect())
    }
}

/// The stored counts and the counts of the dossier rows, where they differ: (province,
/// plan type, template, version, stage, status) with the stored and the counted number. Both
/// are read in `tx`, so that they describe one state of the database.
pub(crate) async fn differences(
    tx: &mut Tx<'_>,
    province: Option<&str>,
) -> Result<Vec<(String, i64, i64)>> {
    let filter = if province.is_some() {
        " WHERE province_code = $1"
    } else {
        ""
    };
    let columns = "province_code, plan_type, template_key, template_version, stage, status";
    let stored = counts_by_key(
        tx,
        &format!("SELECT {columns}, CAST(dossiers AS BIGINT) AS n FROM stage_counts{filter}"),
        province,
    )
    .await?;
    let counted = counts_by_key(
        tx,
        &format!(
            "SELECT {columns}, CAST(COUNT(*) AS BIGINT) AS n FROM dossiers{filter} GROUP BY {columns}"
        ),
        province,
    )
    .await?;
    let keys: std::collections::BTreeSet<&String> = stored.keys().chain(counted.keys()).collect();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let (s, c) = (
                stored.get(k).copied().unwrap_or(0),
                counted.get(k).copied().unwrap_or(0),
            );
            (s != c).then(|| (k.clone(), s, c))
        })
        .collect())
}

/// A count per key read by `sql` (its one parameter, if any, is the province).
async fn counts_by_key(
    tx: &mut Tx<'_>,
    sql: &str,
    province: Option<&str>,
) -> Result<BTreeMap<String, i64>> {
    let mut q = sqlx::query(sql);
    if let Some(p) = province {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&mut **tx).await?;
    rows.iter()
        .map(|r| {
            let key = format!(
                "{}/{}/{}@{}/{}/{}",
                r.try_get::<String, _>("province_code")?,
                r.try_get::<String, _>("plan_type")?,
                r.try_get::<String, _>("template_key")?,
                r.try_get::<i64, _>("template_version")?,
                r.try_get::<String, _>("stage")?,
                r.try_get::<String, _>("status")?,
            );
            Ok((key, r.try_get::<i64, _>("n")?))
        })
        .collect()
}

fn stage_key(row: &sqlx::any::AnyRow) -> Result<StageKey> {
    Ok((
        row.try_get("plan_type")?,
        row.try_get("template_key")?,
        row.try_get("template_version")?,
        row.try_get("stage")?,
    ))
}

fn parse_plan_type(s: &str) -> Result<PlanType> {
    PlanType::parse(s).ok_or_else(|| StoreError::corrupt(format!("plan type '{s}'")))
}
