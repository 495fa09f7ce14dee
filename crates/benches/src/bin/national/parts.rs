//! Where a progress report's time goes: its SQL alone, its rows through `Any` and the native
//! driver, decoded; and what index-friendly or database-side alternatives would cost.

use std::fmt::Write as _;

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;

use crate::BoxError;
use crate::scenarios::Scenario;

/// The positions query of `Db::positions`, kept in step by hand: used only to split the
/// report's time into its parts.
pub(crate) const POSITIONS_SQL: &str = "SELECT s.dossier_id, d.plan_id, p.name AS plan_name, s.plan_type, d.unit_code, u.name_vi AS unit_name, \
     s.province_code, d.template_key, d.template_version, s.stage, s.status, s.stage_entered_on, s.due_on \
     FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id JOIN plans p ON p.id = d.plan_id \
     JOIN units u ON u.code = d.unit_code \
     WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1) \
     AND ($2 IS NULL OR s.province_code = $2) AND ($3 IS NULL OR s.plan_type = $3) \
     AND ($4 IS NULL OR d.unit_code = $4)";

/// The same database through sqlx's own driver, without `Any`: the baseline for the cost of
/// `Any`'s row conversion.
pub(crate) enum Native {
    /// With sqlx's default row buffer (50 rows between the SQLite worker thread and the
    /// task), and with one large enough for a whole report.
    Sqlite(sqlx::SqlitePool, sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Native {
    pub(crate) async fn connect(url: &str) -> Result<Self, BoxError> {
        Ok(if url.starts_with("postgres") {
            Native::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .connect(url)
                    .await?,
            )
        } else {
            {
                use std::str::FromStr;
                let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
                let pool = |options| {
                    sqlx::sqlite::SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                };
                Native::Sqlite(
                    pool(options.clone()).await?,
                    pool(options.row_buffer_size(16_384)).await?,
                )
            }
        })
    }

    pub(crate) async fn close(&self) {
        match self {
            Native::Sqlite(p, q) => {
                p.close().await;
                q.close().await;
            }
            Native::Postgres(p) => p.close().await,
        }
    }

    /// Rows of the positions query, fetched and not decoded.
    pub(crate) async fn fetch(
        &self,
        as_of: &str,
        province: Option<&str>,
        buffered: bool,
    ) -> Result<usize, BoxError> {
        Ok(match self {
            Native::Sqlite(p, q) => sqlx::query(POSITIONS_SQL)
                .bind(as_of)
                .bind(province)
                .bind(None::<String>)
                .bind(None::<String>)
                .fetch_all(if buffered { q } else { p })
                .await?
                .len(),
            Native::Postgres(p) => sqlx::query(POSITIONS_SQL)
                .bind(as_of)
                .bind(province)
                .bind(None::<String>)
                .bind(None::<String>)
                .fetch_all(p)
                .await?
                .len(),
        })
    }
}

/// The parts of a progress report's time, and an index-friendly alternative to its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// `COUNT(*)` over the store's query: the database's own work, one row back.
    SqlCount,
    /// The store's query, rows fetched through `Any`, not decoded.
    FetchAny,
    /// The same through the native driver.
    FetchNative,
    /// The same with SQLite's row buffer raised from 50 to 16,384 rows.
    FetchNativeBuffered,
    /// `Planning::progress`: the whole report.
    Progress,
    /// The query a fix would send: the filters only when given (no `$n IS NULL OR`), and
    /// the `dossiers` projection when the date is today (the current spans are its rows).
    FixedCount,
    FixedFetchAny,
    /// The fixed query without the plan and unit names (a cache would supply them).
    FixedSlimFetchAny,
    /// The report's stage counts computed by the database (`GROUP BY`), through `Any`.
    AggregateCounts,
    /// Only the rows the report lists one by one: overdue and due soon, through `Any`.
    FlaggedRows,
}

impl Variant {
    pub(crate) const ALL: [Variant; 10] = [
        Variant::SqlCount,
        Variant::FetchAny,
        Variant::FetchNative,
        Variant::FetchNativeBuffered,
        Variant::Progress,
        Variant::FixedCount,
        Variant::FixedFetchAny,
        Variant::FixedSlimFetchAny,
        Variant::AggregateCounts,
        Variant::FlaggedRows,
    ];

    /// Whether it returns one row per dossier in scope.
    pub(crate) fn per_dossier(self) -> bool {
        !matches!(self, Variant::AggregateCounts | Variant::FlaggedRows)
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Variant::SqlCount => "sql_count",
            Variant::FetchAny => "fetch_any",
            Variant::FetchNative => "fetch_native",
            Variant::FetchNativeBuffered => "fetch_native_buffered",
            Variant::Progress => "progress_report",
            Variant::FixedCount => "fixed_sql_count",
            Variant::FixedFetchAny => "fixed_sql_fetch_any",
            Variant::FixedSlimFetchAny => "fixed_slim_fetch_any",
            Variant::AggregateCounts => "aggregate_counts",
            Variant::FlaggedRows => "flagged_rows",
        }
    }
}

/// The index-friendly positions query and its parameters.
pub(crate) fn fixed_sql(
    as_of: NaiveDate,
    today: NaiveDate,
    province: Option<&str>,
    slim: bool,
) -> (String, Vec<String>) {
    let current = as_of >= today;
    let t = if current { "d" } else { "s" };
    let columns = if slim {
        format!(
            "{t}.dossier_id, d.plan_id, {t}.plan_type, d.unit_code, {t}.province_code, d.template_key, \
             d.template_version, {t}.stage, {t}.status, {t}.stage_entered_on, {t}.due_on"
        )
    } else {
        format!(
            "{t}.dossier_id, d.plan_id, p.name AS plan_name, {t}.plan_type, d.unit_code, u.name_vi AS unit_name, \
             {t}.province_code, d.template_key, d.template_version, {t}.stage, {t}.status, {t}.stage_entered_on, {t}.due_on"
        )
    };
    let columns = if current {
        columns.replace("d.dossier_id", "d.id AS dossier_id")
    } else {
        columns
    };
    let joins = if slim {
        ""
    } else {
        " JOIN plans p ON p.id = d.plan_id JOIN units u ON u.code = d.unit_code"
    };
    let mut params = Vec::new();
    let mut sql = if current {
        format!("SELECT {columns} FROM dossiers d{joins} WHERE 1 = 1")
    } else {
        params.push(as_of.to_string());
        format!(
            "SELECT {columns} FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id{joins} \
             WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1)"
        )
    };
    if let Some(p) = province {
        params.push(p.to_owned());
        let _ = write!(sql, " AND {t}.province_code = ${}", params.len());
    }
    (sql, params)
}

/// What a report computed by the database would send: the stage counts, or the overdue and
/// due-soon rows.
pub(crate) fn summary_sql(
    v: Variant,
    as_of: NaiveDate,
    today: NaiveDate,
    province: Option<&str>,
    due_soon_days: i64,
) -> (String, Vec<String>) {
    let current = as_of >= today;
    let t = if current { "d" } else { "s" };
    let from = if current {
        "FROM dossiers d WHERE $1 = $1 AND $2 = $2".to_owned()
    } else {
        "FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id \
         WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1) AND $2 = $2"
            .to_owned()
    };
    let soon = (as_of + chrono::Days::new(due_soon_days.unsigned_abs())).to_string();
    let mut params = vec![as_of.to_string(), soon];
    let scope = match province {
        Some(p) => {
            params.push(p.to_owned());
            format!(" AND {t}.province_code = $3")
        }
        None => String::new(),
    };
    let sql = if v == Variant::AggregateCounts {
        format!(
            "SELECT {t}.plan_type, d.template_key, d.template_version, {t}.stage, {t}.status, COUNT(*) AS n, \
             SUM(CASE WHEN {t}.status = 'active' AND {t}.due_on < $1 THEN 1 ELSE 0 END) AS overdue, \
             SUM(CASE WHEN {t}.status = 'active' AND {t}.due_on >= $1 AND {t}.due_on <= $2 THEN 1 ELSE 0 END) AS due_soon \
             {from}{scope} GROUP BY {t}.plan_type, d.template_key, d.template_version, {t}.stage, {t}.status"
        )
    } else {
        let (rows, _) = fixed_sql(as_of, today, None, false);
        let (select, _) = rows.split_once(" FROM ").unwrap_or((rows.as_str(), ""));
        let joins = " JOIN plans p ON p.id = d.plan_id JOIN units u ON u.code = d.unit_code";
        let from = from.replacen(" WHERE", &format!("{joins} WHERE"), 1);
        format!("{select} {from}{scope} AND {t}.status = 'active' AND {t}.due_on <= $2")
    };
    (sql, params)
}

pub(crate) async fn probe(
    v: Variant,
    s: &Scenario,
    today: NaiveDate,
    planning: &Planning,
    raw: &sqlx::AnyPool,
    native: &Native,
) -> Result<usize, BoxError> {
    let province = s.query.province.as_deref();
    let as_of = s.as_of.to_string();
    let fixed = |slim| fixed_sql(s.as_of, today, province, slim);
    let fetch_fixed = |(sql, params): (String, Vec<String>), count: bool| async move {
        let sql = if count {
            format!("SELECT COUNT(*) FROM ({sql}) q")
        } else {
            sql
        };
        let mut q = sqlx::query(&sql);
        for p in &params {
            q = q.bind(p.clone());
        }
        let rows = q.fetch_all(raw).await?;
        if count {
            use sqlx::Row;
            Ok::<_, BoxError>(usize::try_from(rows[0].try_get::<i64, _>(0)?)?)
        } else {
            Ok(rows.len())
        }
    };
    Ok(match v {
        Variant::SqlCount => {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({POSITIONS_SQL}) q"))
                .bind(&as_of)
                .bind(province)
                .bind(None::<String>)
                .bind(None::<String>)
                .fetch_one(raw)
                .await?;
            usize::try_from(n)?
        }
        Variant::FetchAny => sqlx::query(POSITIONS_SQL)
            .bind(&as_of)
            .bind(province)
            .bind(None::<String>)
            .bind(None::<String>)
            .fetch_all(raw)
            .await?
            .len(),
        Variant::FetchNative => native.fetch(&as_of, province, false).await?,
        Variant::FetchNativeBuffered => native.fetch(&as_of, province, true).await?,
        Variant::Progress => {
            usize::try_from(planning.progress(Caller::Operator, &s.query).await?.total)?
        }
        Variant::FixedCount => fetch_fixed(fixed(false), true).await?,
        Variant::FixedFetchAny => fetch_fixed(fixed(false), false).await?,
        Variant::FixedSlimFetchAny => fetch_fixed(fixed(true), false).await?,
        Variant::AggregateCounts | Variant::FlaggedRows => {
            let (sql, params) = summary_sql(v, s.as_of, today, province, planning.due_soon_days);
            fetch_fixed((sql, params), false).await?
        }
    })
}
