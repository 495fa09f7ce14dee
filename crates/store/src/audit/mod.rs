//! A tamper-evident history. Every dossier's events form a hash chain: each event stores the
//! hash of the one before it and its own hash over its stored fields, so that editing,
//! deleting or reordering a stored event breaks the chain at that event ([`chain`]).
//!
//! Why one chain per dossier rather than one for the whole store: a dossier is already the
//! unit of consistency (commands carry its version, and its events are numbered 1, 2, 3…), so
//! its chain is extended inside the transaction that already serialises its writers, and
//! commands on different dossiers never wait for each other.
//!
//! The check also rebuilds what people read — each dossier's row and stage spans — from the
//! events and compares ([`projection`]): an edit of the current-state tables is found even
//! though no event changed. What no check inside the database can show — the last events of
//! a dossier removed with its row rolled back to match, or a chain recomputed from an edited
//! event to its end — an anchor kept outside the database shows ([`anchor`]).

pub mod anchor;
pub mod chain;
pub mod projection;

use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

pub use chain::{BrokenLink, StoredActedBy, StoredEvent, event_hash};
pub use projection::ProjectionProblem;

use crate::db::Db;
use crate::error::Result;
use crate::spans::SpanColumns;
use chain::EventRow;
use projection::{StoredDossier, StoredSpan};

/// A dossier's chain as it ends: what an anchor keeps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainHead {
    pub dossier_id: i64,
    /// Its last event's number.
    pub seq: i64,
    /// Its last event's hash.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditReport {
    pub dossiers: u64,
    pub events: u64,
    /// SHA-256 over every dossier's last hash, in dossier order: publish it to anchor the
    /// history outside the database. Empty when a chain is broken.
    pub digest: String,
    /// `None` when every chain holds.
    pub first_broken: Option<BrokenLink>,
    /// The differences between the stored projections and what the events rebuild: the
    /// first [`PROBLEMS_LISTED`] of them.
    pub projection_problems: Vec<ProjectionProblem>,
    /// How many differences there are in all.
    pub projection_problem_count: u64,
    /// Events of the follow-up chains (meetings, directives, tasks, blockers) checked.
    pub follow_up_events: u64,
    /// The first place a follow-up chain does not hold; `None` when all hold.
    pub follow_up_broken: Option<crate::follow_up::events::BrokenFollowUp>,
}

impl AuditReport {
    /// Whether every chain holds and every projection says what its events say.
    pub fn holds(&self) -> bool {
        self.first_broken.is_none()
            && self.projection_problem_count == 0
            && self.follow_up_broken.is_none()
    }
}

/// At most this many projection differences are listed (all are counted): a table rewritten
/// wholesale would otherwise fill the report.
pub const PROBLEMS_LISTED: usize = 1_000;

/// Dossiers are read in pages with their events and spans, so that a national history never
/// sits in memory whole.
const PAGE: i64 = 500;

/// The digest of chain heads, in dossier order: SHA-256 over their hashes.
pub fn heads_digest<'a>(hashes: impl IntoIterator<Item = &'a str>) -> String {
    let mut digest = Sha256::new();
    for h in hashes {
        digest.update(h.as_bytes());
    }
    hex::encode(digest.finalize())
}

const DOSSIER_COLUMNS: &str = "id, province_code, unit_code, plan_type, template_key, template_version, stage, \
     status, version, stage_entered_on, due_on, state, head_hash, consultant";
const EVENT_COLUMNS: &str = "id, dossier_id, seq, occurred_on, recorded_at, actor, role, reason, kind, payload, \
     via, account_id, token_id, prev_hash, hash";
const SPAN_COLUMNS: &str = "dossier_id, seq, province_code, unit_code, plan_type, template_key, \
     template_version, stage, status, stage_entered_on, due_on, from_on, to_on, recorded_at, closed_at, from_day, bin";

fn dossier_from_row(r: &AnyRow) -> Result<StoredDossier> {
    Ok(StoredDossier {
        id: r.try_get("id")?,
        province_code: r.try_get("province_code")?,
        unit_code: r.try_get("unit_code")?,
        plan_type: r.try_get("plan_type")?,
        template_key: r.try_get("template_key")?,
        template_version: r.try_get("template_version")?,
        stage: r.try_get("stage")?,
        status: r.try_get("status")?,
        version: r.try_get("version")?,
        stage_entered_on: r.try_get("stage_entered_on")?,
        due_on: r.try_get("due_on")?,
        state: r.try_get("state")?,
        head_hash: r.try_get("head_hash")?,
        consultant: r.try_get("consultant")?,
    })
}

fn event_row_from_row(r: &AnyRow) -> Result<EventRow> {
    Ok(EventRow {
        id: r.try_get("id")?,
        dossier_id: r.try_get("dossier_id")?,
        seq: r.try_get("seq")?,
        occurred_on: r.try_get("occurred_on")?,
        recorded_at: r.try_get("recorded_at")?,
        actor: r.try_get("actor")?,
        role: r.try_get("role")?,
        reason: r.try_get("reason")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        via: r.try_get("via")?,
        account_id: r.try_get("account_id")?,
        token_id: r.try_get("token_id")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

fn span_from_row(r: &AnyRow) -> Result<(i64, StoredSpan)> {
    Ok((
        r.try_get("dossier_id")?,
        StoredSpan {
            columns: SpanColumns {
                seq: r.try_get("seq")?,
                template_key: r.try_get("template_key")?,
                template_version: r.try_get("template_version")?,
                stage: r.try_get("stage")?,
                status: r.try_get("status")?,
                stage_entered_on: r.try_get("stage_entered_on")?,
                due_on: r.try_get("due_on")?,
                from_on: r.try_get("from_on")?,
                to_on: r.try_get("to_on")?,
                recorded_at: r.try_get("recorded_at")?,
                closed_at: r.try_get("closed_at")?,
                from_day: r.try_get("from_day")?,
                bin: r.try_get("bin")?,
            },
            province_code: r.try_get("province_code")?,
            unit_code: r.try_get("unit_code")?,
            plan_type: r.try_get("plan_type")?,
        },
    ))
}

/// The rows of one page, grouped by dossier: `(dossier_id, row)` pairs in dossier order.
fn take_group<T>(
    rows: &mut std::iter::Peekable<impl Iterator<Item = (i64, T)>>,
    id: i64,
) -> Vec<T> {
    let mut group = Vec::new();
    while let Some((_, row)) = rows.next_if(|(d, _)| *d == id) {
        group.push(row);
    }
    group
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the province as `$3` when there is one (the SQL then names it).
fn with_province<'q>(q: AnyQuery<'q>, province: Option<&'q str>) -> AnyQuery<'q> {
    match province {
        Some(p) => q.bind(p),
        None => q,
    }
}

/// The digests [`Db::recorded_digest`] last computed, by province (`None`: all), each with the
/// newest event id it covered.
pub(crate) type DigestCache = std::sync::Arc<
    std::sync::Mutex<std::collections::HashMap<Option<String>, (Option<i64>, String)>>,
>;

impl Db {
    /// Walks every dossier: re-hashes its chain and, where the chain holds, rebuilds its row
    /// and stage spans from its events and compares them with what is stored. The first
    /// broken chain and every projection difference are reported. `progress(events_checked)`
    /// is called after each page; `heads`, when given, receives every chain's end. With a
    /// `province`, only its dossiers are walked (and their events and spans read).
    pub(crate) async fn verify_history(
        &self,
        province: Option<&str>,
        progress: &mut (dyn FnMut(u64) + Send),
        mut heads: Option<&mut Vec<ChainHead>>,
    ) -> Result<AuditReport> {
        // Filters enter the SQL only when given (see progress.rs): each query keeps its index.
        let (in_province, of_province) = match province {
            Some(_) => (
                " AND province_code = $3",
                " AND dossier_id IN (SELECT id FROM dossiers WHERE province_code = $3)",
            ),
            None => ("", ""),
        };
        let mut report = AuditReport {
            dossiers: 0,
            events: 0,
            digest: String::new(),
            first_broken: None,
            projection_problems: Vec::new(),
            projection_problem_count: 0,
            follow_up_events: 0,
            follow_up_broken: None,
        };
        let mut digest = Sha256::new();
        let mut after = i64::MIN;
        // Every page and the counts from one snapshot: commands may go on meanwhile.
        let mut tx = self.begin_snapshot().await?;
        loop {
            let sql = format!(
                "SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE id > $1{in_province} ORDER BY id LIMIT $2"
            );
            let dossiers = with_province(sqlx::query(&sql).bind(after).bind(PAGE), province)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(dossier_from_row)
                .collect::<Result<Vec<_>>>()?;
            // The last page reaches the end, so that events of no dossier are found too.
            let until = dossiers.last().map_or(i64::MAX, |d| d.id);
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM dossier_events WHERE dossier_id > $1 AND dossier_id <= $2\
                 {of_province} ORDER BY dossier_id, seq"
            );
            let events = with_province(sqlx::query(&sql).bind(after).bind(until), province)
                .fetch_all(&mut *tx)
                .await?;
            let sql = format!(
                "SELECT {SPAN_COLUMNS} FROM stage_spans WHERE dossier_id > $1 AND dossier_id <= $2\
                 {of_province} ORDER BY dossier_id, seq"
            );
            let spans = with_province(sqlx::query(&sql).bind(after).bind(until), province)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(span_from_row)
                .collect::<Result<Vec<_>>>()?;
            let event_rows = events
                .iter()
                .map(|r| Ok((event_row_from_row(r)?, r)))
                .collect::<Result<Vec<_>>>()?;
            let mut event_rows = event_rows
                .into_iter()
                .map(|(e, r)| (e.dossier_id, (e, r)))
                .peekable();
            let mut spans = spans.into_iter().peekable();
            for d in &dossiers {
                // Rows of dossiers that do not exist sort before this one.
                while let Some((orphan, (e, _))) = event_rows.next_if(|(id, _)| *id < d.id) {
                    report.first_broken.get_or_insert(BrokenLink {
                        dossier_id: orphan,
                        seq: e.seq,
                        event_id: Some(e.id),
                        problem: "events of a dossier that does not exist".into(),
                    });
                    take_group(&mut event_rows, orphan);
                }
                while let Some((orphan, span)) = spans.next_if(|(id, _)| *id < d.id) {
                    report.note(ProjectionProblem {
                        dossier_id: orphan,
                        what: "span".into(),
                        span_seq: Some(span.columns.seq),
                        stored: Some(span.columns.stage),
                        rebuilt: None,
                    });
                }
                let rows = take_group(&mut event_rows, d.id);
                let stored_spans = take_group(&mut spans, d.id);
                report.dossiers += 1;
                report.events += rows.len() as u64;
                let chain: Vec<EventRow> = rows.iter().map(|(e, _)| e.clone()).collect();
                let last_hash = match chain::check_chain(d.id, d.version, &chain) {
                    Ok(hash) => hash,
                    Err(link) => {
                        report.first_broken.get_or_insert(link);
                        continue;
                    }
                };
                digest.update(last_hash.as_bytes());
                if let Some(heads) = heads.as_deref_mut() {
                    heads.push(ChainHead {
                        dossier_id: d.id,
                        seq: chain.last().map_or(0, |e| e.seq),
                        hash: last_hash.clone(),
                    });
                }
                let parsed = rows
                    .iter()
                    .map(|(_, r)| crate::dossiers::event_from_row(r))
                    .collect::<Result<Vec<_>>>();
                let Ok(events) = parsed else {
                    // A chain that verifies with an unreadable payload was written so.
                    report.first_broken.get_or_insert(BrokenLink {
                        dossier_id: d.id,
                        seq: 1,
                        event_id: None,
                        problem: "an event's content cannot be read".into(),
                    });
                    continue;
                };
                for problem in projection::compare(d, &stored_spans, &events, &last_hash) {
                    report.note(problem);
                }
            }
            if let Some((orphan, (e, _))) = event_rows.next() {
                report.first_broken.get_or_insert(BrokenLink {
                    dossier_id: orphan,
                    seq: e.seq,
                    event_id: Some(e.id),
                    problem: "events of a dossier that does not exist".into(),
                });
            }
            for (orphan, span) in spans {
                report.note(ProjectionProblem {
                    dossier_id: orphan,
                    what: "span".into(),
                    span_seq: Some(span.columns.seq),
                    stored: Some(span.columns.stage),
                    rebuilt: None,
                });
            }
            progress(report.events);
            if dossiers.is_empty() {
                break;
            }
            after = until;
        }
        // The stage counts are a projection of the dossier rows just checked.
        for (key, stored, counted) in crate::stage_counts::differences(&mut tx, province).await? {
            report.note(ProjectionProblem {
                dossier_id: 0,
                what: format!("stage_count.{key}"),
                span_seq: None,
                stored: Some(stored.to_string()),
                rebuilt: Some(counted.to_string()),
            });
        }
        let (checked, broken) = crate::follow_up::events::verify(&mut tx, province).await?;
        report.follow_up_events = checked;
        report.follow_up_broken = broken;
        tx.rollback().await?;
        if report.first_broken.is_none() {
            report.digest = hex::encode(digest.finalize());
        }
        Ok(report)
    }

    /// The digest of every dossier's recorded head (of one province's, if named), in dossier
    /// order: what a report prints to say which history it was computed from. It equals the
    /// verified [`AuditReport`]'s digest (and an anchor's) of the same scope while the
    /// projections match their events.
    pub(crate) async fn recorded_digest(&self, province: Option<&str>) -> Result<String> {
        // Every change of a head comes with a new event, so the newest event's id (one index
        // step) says whether the digest last computed for this scope still holds.
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM dossier_events")
            .fetch_one(&self.pool)
            .await?;
        let scope = province.map(str::to_owned);
        if let Some((seen, digest)) = self.digests.lock().expect("digest cache").get(&scope)
            && *seen == newest
        {
            return Ok(digest.clone());
        }
        let heads: Vec<String> = match province {
            Some(p) => {
                sqlx::query_scalar(
                    "SELECT head_hash FROM dossiers WHERE province_code = $1 ORDER BY id",
                )
                .bind(p)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_scalar("SELECT head_hash FROM dossiers ORDER BY id")
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        let digest = heads_digest(heads.iter().map(String::as_str));
        self.digests
            .lock()
            .expect("digest cache")
            .insert(scope, (newest, digest.clone()));
        Ok(digest)
    }
}

impl AuditReport {
    fn note(&mut self, problem: ProjectionProblem) {
        self.projection_problem_count += 1;
        if self.projection_problems.len() < PROBLEMS_LISTED {
            self.projection_problems.push(problem);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use plantrack_domain::plan::{NewPlan, PlanType};
    use plantrack_domain::workflow::{Actor, Command, CommandKind};
    use sqlx::Executor;

    use crate::planning::Clock;
    use crate::testing::TestDb;
    use crate::{Backend, Planning};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Three dossiers of four events each (opened, contract attached, consultant selected,
    /// task draft attached).
    async fn history() -> (TestDb, Planning) {
        let db = TestDb::new().await;
        Planning::migrate(&db.url).await.unwrap();
        let p = Planning::open(&db.url, Clock::fixed(day("2025-11-25")))
            .await
            .unwrap();
        let units = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/laichau_units_2025.json");
        p.import_units_file(
            plantrack_domain::access::Caller::Operator,
            &units,
            &mut |_, _| {},
        )
        .await
        .unwrap();
        let actor = Actor {
            name: "UBND xã".into(),
            role: "commune_pc".into(),
        };
        for unit in ["03478", "03508", "03532"] {
            let new = NewPlan::new(
                unit,
                PlanType::CommuneGeneral,
                format!("Quy hoạch chung xã {unit}"),
            );
            let (_, mut state) = p
                .create_plan(
                    plantrack_domain::access::Caller::Operator,
                    &new,
                    &actor,
                    "mở hồ sơ",
                    Some(day("2025-07-10")),
                )
                .await
                .unwrap();
            let steps = [
                CommandKind::AttachDocument {
                    kind: "consultant_contract".into(),
                    title: "Hợp đồng".into(),
                    reference: String::new(),
                    file: None,
                },
                CommandKind::Transition {
                    action: "select_consultant".into(),
                },
                CommandKind::AttachDocument {
                    kind: "task_draft".into(),
                    title: "Dự thảo nhiệm vụ".into(),
                    reference: String::new(),
                    file: None,
                },
            ];
            for kind in steps {
                let command = Command {
                    expected_version: Some(state.version),
                    actor: actor.clone(),
                    reason: "bước".into(),
                    effective_on: day("2025-08-01"),
                    kind,
                };
                state = p.apply(state.id, &command).await.unwrap().1;
            }
        }
        (db, p)
    }

    /// Runs SQL as someone with direct access to the database would, past the append-only
    /// guard.
    async fn tamper(p: &Planning, sql: &str) {
        let unguard = match p.db.backend {
            Backend::Sqlite => {
                "DROP TRIGGER dossier_events_no_update; DROP TRIGGER dossier_events_no_delete;"
            }
            Backend::Postgres => {
                "ALTER TABLE dossier_events DISABLE TRIGGER dossier_events_append_only;"
            }
        };
        p.db.pool.execute(unguard).await.unwrap();
        p.db.pool.execute(sql).await.unwrap();
    }

    /// A check run while commands are being recorded reads one state of the store: no
    /// difference is reported for a dossier whose event it saw without its projection, or a
    /// count it read before a new dossier was counted.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_check_during_commands_sees_one_state() {
        let (_db, p) = history().await;
        let writer = {
            let p = p.clone();
            tokio::spawn(async move {
                let actor = Actor {
                    name: "UBND xã".into(),
                    role: "commune_pc".into(),
                };
                // Several plans of one commune, each opened and then given a document.
                for i in 0..40 {
                    let new = NewPlan::new(
                        "03478",
                        PlanType::Detailed,
                        format!("Quy hoạch chi tiết {i}"),
                    );
                    let (_, state) = p
                        .create_plan(
                            plantrack_domain::access::Caller::Operator,
                            &new,
                            &actor,
                            "mở hồ sơ",
                            Some(day("2025-08-01")),
                        )
                        .await
                        .unwrap();
                    let command = Command {
                        expected_version: Some(state.version),
                        actor: actor.clone(),
                        reason: "bước".into(),
                        effective_on: day("2025-08-02"),
                        kind: CommandKind::AttachDocument {
                            kind: "task_draft".into(),
                            title: "Dự thảo".into(),
                            reference: String::new(),
                            file: None,
                        },
                    };
                    p.apply(state.id, &command).await.unwrap();
                }
            })
        };
        let mut checks = 0;
        while !writer.is_finished() {
            let report = p.db.verify_history(None, &mut |_| {}, None).await.unwrap();
            assert_eq!(report.projection_problems, [], "check {checks}");
            assert!(report.first_broken.is_none(), "check {checks}");
            checks += 1;
        }
        writer.await.unwrap();
        assert!(checks > 0);
    }

    async fn broken(p: &Planning) -> super::BrokenLink {
        let report = p.db.verify_history(None, &mut |_| {}, None).await.unwrap();
        report.first_broken.expect("the tampering is detected")
    }

    #[tokio::test]
    async fn an_untouched_history_verifies() {
        let (_db, p) = history().await;
        let report = p.db.verify_history(None, &mut |_| {}, None).await.unwrap();
        assert_eq!(report.first_broken, None);
        assert_eq!((report.dossiers, report.events), (3, 12));
        assert_eq!(report.digest.len(), 64);
        // The digest is a function of the history: the same again, different after a change.
        assert_eq!(
            p.db.verify_history(None, &mut |_| {}, None)
                .await
                .unwrap()
                .digest,
            report.digest
        );
    }

    #[tokio::test]
    async fn the_store_refuses_to_edit_an_event() {
        let (_db, p) = history().await;
        let update =
            p.db.pool
                .execute("UPDATE dossier_events SET reason = 'x' WHERE dossier_id = 2")
                .await;
        assert!(update.is_err(), "the append-only guard");
        let delete =
            p.db.pool
                .execute("DELETE FROM dossier_events WHERE dossier_id = 2")
                .await;
        assert!(delete.is_err(), "the append-only guard");
    }

    #[tokio::test]
    async fn an_edited_event_is_named() {
        let (_db, p) = history().await;
        tamper(
            &p,
            "UPDATE dossier_events SET reason = 'sửa lén' WHERE dossier_id = 2 AND seq = 3",
        )
        .await;
        let link = broken(&p).await;
        assert_eq!((link.dossier_id, link.seq), (2, 3), "{link:?}");
        assert!(link.problem.contains("changed"), "{link:?}");
    }

    #[tokio::test]
    async fn an_edit_with_its_hash_recomputed_breaks_the_next_link() {
        let (_db, p) = history().await;
        // Rewrite event 2 of dossier 2 and give it a consistent hash of its own.
        let row: (String, String, String, String, String, String, String, String) = sqlx::query_as(
            "SELECT occurred_on, recorded_at, actor, role, reason, kind, payload, prev_hash FROM dossier_events \
             WHERE dossier_id = 2 AND seq = 2",
        )
        .fetch_one(&p.db.pool)
        .await
        .unwrap();
        let forged = super::event_hash(
            &row.7,
            &super::StoredEvent {
                dossier_id: 2,
                seq: 2,
                occurred_on: &row.0,
                recorded_at: &row.1,
                actor: "người khác",
                role: &row.3,
                reason: &row.4,
                kind: &row.5,
                payload: &row.6,
                acted_by: Some(super::StoredActedBy {
                    via: "operator",
                    account_id: None,
                    token_id: None,
                }),
            },
        );
        tamper(
            &p,
            &format!("UPDATE dossier_events SET actor = 'người khác', hash = '{forged}' WHERE dossier_id = 2 AND seq = 2"),
        )
        .await;
        let link = broken(&p).await;
        assert_eq!((link.dossier_id, link.seq), (2, 3), "{link:?}");
    }

    #[tokio::test]
    async fn a_deleted_event_is_named() {
        let (_db, p) = history().await;
        tamper(
            &p,
            "DELETE FROM dossier_events WHERE dossier_id = 2 AND seq = 2",
        )
        .await;
        let link = broken(&p).await;
        assert_eq!((link.dossier_id, link.seq), (2, 3), "{link:?}");
    }

    #[tokio::test]
    async fn a_deleted_last_event_is_found_by_the_version() {
        let (_db, p) = history().await;
        tamper(
            &p,
            "DELETE FROM dossier_events WHERE dossier_id = 3 AND seq = 4",
        )
        .await;
        let report = p.db.verify_history(None, &mut |_| {}, None).await.unwrap();
        assert_eq!(report.first_broken, None, "the chain that is left holds");
        assert!(!report.holds());
        let version = differences(&report, 3)
            .into_iter()
            .find(|d| d.0 == "version")
            .expect("the version is named");
        assert_eq!(
            version,
            ("version".into(), Some("4".into()), Some("3".into()))
        );
    }

    #[tokio::test]
    async fn swapped_events_are_named() {
        let (_db, p) = history().await;
        tamper(
            &p,
            "UPDATE dossier_events SET seq = -1 WHERE dossier_id = 1 AND seq = 2; \
             UPDATE dossier_events SET seq = 2 WHERE dossier_id = 1 AND seq = 3; \
             UPDATE dossier_events SET seq = 3 WHERE dossier_id = 1 AND seq = -1;",
        )
        .await;
        let link = broken(&p).await;
        assert_eq!((link.dossier_id, link.seq), (1, 2), "{link:?}");
    }

    /// What differs for a dossier, as (what, stored, rebuilt).
    fn differences(
        report: &super::AuditReport,
        dossier: i64,
    ) -> Vec<(String, Option<String>, Option<String>)> {
        report
            .projection_problems
            .iter()
            .filter(|p| p.dossier_id == dossier)
            .map(|p| (p.what.clone(), p.stored.clone(), p.rebuilt.clone()))
            .collect()
    }

    async fn verified(p: &Planning) -> super::AuditReport {
        p.db.verify_history(None, &mut |_| {}, None).await.unwrap()
    }

    async fn anchored(p: &Planning) -> super::anchor::Anchor {
        let (report, anchor) = p
            .anchor_history(plantrack_domain::access::Caller::Operator, &mut |_| {})
            .await
            .unwrap();
        assert!(report.holds(), "{report:?}");
        anchor.expect("a history that holds is anchored")
    }

    /// The SQL that recomputes a dossier's whole chain (and its recorded head) from its rows
    /// as they now stand, as someone rewriting the history would.
    async fn recompute_chain(p: &Planning, dossier: i64) -> String {
        use std::fmt::Write;
        let rows = sqlx::query(&format!(
            "SELECT {} FROM dossier_events WHERE dossier_id = $1 ORDER BY seq",
            super::EVENT_COLUMNS
        ))
        .bind(dossier)
        .fetch_all(&p.db.pool)
        .await
        .unwrap();
        let mut prev = String::new();
        let mut sql = String::new();
        for row in &rows {
            let mut e = super::event_row_from_row(row).unwrap();
            e.prev_hash.clone_from(&prev);
            e.hash = e.recomputed_hash();
            writeln!(
                sql,
                "UPDATE dossier_events SET prev_hash = '{}', hash = '{}' WHERE id = {};",
                e.prev_hash, e.hash, e.id
            )
            .unwrap();
            prev = e.hash;
        }
        writeln!(
            sql,
            "UPDATE dossiers SET head_hash = '{prev}' WHERE id = {dossier};"
        )
        .unwrap();
        sql
    }

    #[tokio::test]
    async fn edits_of_what_people_read_are_named_with_both_values() {
        let (_db, p) = history().await;
        assert!(verified(&p).await.holds());
        // Projections are not append-only: no guard to lift.
        p.db.pool
            .execute(
                "UPDATE dossiers SET stage = 'plan_appraisal' WHERE id = 1; \
                 UPDATE dossiers SET status = 'completed' WHERE id = 2; \
                 UPDATE stage_spans SET from_on = '2025-01-01' WHERE dossier_id = 3 AND seq = 1;",
            )
            .await
            .unwrap();
        let report = verified(&p).await;
        assert!(!report.holds());
        assert_eq!(report.first_broken, None);
        assert_eq!(
            differences(&report, 1),
            [(
                "stage".into(),
                Some("plan_appraisal".into()),
                Some("task_preparation".into())
            )]
        );
        assert_eq!(
            differences(&report, 2),
            [(
                "status".into(),
                Some("completed".into()),
                Some("active".into())
            )]
        );
        assert_eq!(
            differences(&report, 3),
            [(
                "span.from_on".into(),
                Some("2025-01-01".into()),
                Some("2025-07-10".into())
            )]
        );
        // The stage counts, kept by the commands, no longer match the edited rows either: the
        // count both edits left, and the one each entered.
        assert_eq!(differences(&report, 0).len(), 3, "{report:?}");
        assert_eq!(report.projection_problem_count, 6);
    }

    #[tokio::test]
    async fn an_edited_stage_count_is_named() {
        let (_db, p) = history().await;
        p.db.pool
            .execute(
                "UPDATE stage_counts SET dossiers = dossiers + 5 WHERE stage = 'task_preparation'",
            )
            .await
            .unwrap();
        let report = verified(&p).await;
        assert!(!report.holds());
        assert_eq!(
            differences(&report, 0),
            [(
                "stage_count.12/commune_general/vn.commune_general@3/task_preparation/active"
                    .into(),
                Some("8".into()),
                Some("3".into())
            )]
        );
    }

    #[tokio::test]
    async fn an_edited_state_and_a_removed_span_are_named() {
        let (_db, p) = history().await;
        let state: String = sqlx::query_scalar("SELECT state FROM dossiers WHERE id = 2")
            .fetch_one(&p.db.pool)
            .await
            .unwrap();
        let edited = state.replace("\"status\":\"active\"", "\"status\":\"completed\"");
        assert_ne!(edited, state);
        sqlx::query("UPDATE dossiers SET state = $1 WHERE id = 2")
            .bind(&edited)
            .execute(&p.db.pool)
            .await
            .unwrap();
        p.db.pool
            .execute("DELETE FROM stage_spans WHERE dossier_id = 1 AND to_on IS NULL")
            .await
            .unwrap();
        let report = verified(&p).await;
        assert_eq!(
            differences(&report, 2),
            [(
                "state.status".into(),
                Some("\"completed\"".into()),
                Some("\"active\"".into())
            )]
        );
        let span = &differences(&report, 1)[0];
        assert_eq!((span.0.as_str(), &span.1), ("span", &None), "{span:?}");
    }

    #[tokio::test]
    async fn a_rollback_of_the_last_event_is_found_by_the_anchor() {
        let (_db, p) = history().await;
        let anchor = anchored(&p).await;
        assert_eq!((anchor.dossiers, anchor.events), (3, 12));
        // Dossier 3's last event removed, with its row rolled back to agree: the version,
        // the head and everything the first three events leave.
        let events = p.db.events(3, None).await.unwrap();
        let (state, spans) = crate::spans::rebuild(&events[..3]);
        let state = state.unwrap();
        let head: String =
            sqlx::query_scalar("SELECT hash FROM dossier_events WHERE dossier_id = 3 AND seq = 3")
                .fetch_one(&p.db.pool)
                .await
                .unwrap();
        tamper(
            &p,
            "DELETE FROM dossier_events WHERE dossier_id = 3 AND seq = 4",
        )
        .await;
        sqlx::query(
            "UPDATE dossiers SET version = 3, head_hash = $1, state = $2, due_on = $3 WHERE id = 3",
        )
        .bind(&head)
        .bind(serde_json::to_string(&state).unwrap())
        .bind(state.due_on.map(|d| d.to_string()))
        .execute(&p.db.pool)
        .await
        .unwrap();
        let last_span = spans.last().unwrap();
        sqlx::query("DELETE FROM stage_spans WHERE dossier_id = 3 AND seq > $1")
            .bind(last_span.seq)
            .execute(&p.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE stage_spans SET to_on = NULL WHERE dossier_id = 3 AND seq = $1")
            .bind(last_span.seq)
            .execute(&p.db.pool)
            .await
            .unwrap();
        // Inside the database, everything agrees…
        let report = verified(&p).await;
        assert!(report.holds(), "{report:?}");
        assert_ne!(report.digest, anchor.digest);
        // …but the history no longer extends the anchored one.
        let departures = p.db.departures_from(&anchor).await.unwrap();
        assert_eq!(
            departures,
            [super::anchor::AnchorProblem {
                dossier_id: 3,
                anchored_seq: 4,
                departure: super::anchor::Departure::Shorter { now: 3 },
            }]
        );
    }

    #[tokio::test]
    async fn a_rewritten_chain_is_found_by_the_anchor_and_new_events_are_fine() {
        let (_db, p) = history().await;
        let anchor = anchored(&p).await;
        // A new event after the anchor extends the history.
        let state = p.db.dossier(1).await.unwrap();
        p.apply(
            1,
            &Command {
                expected_version: Some(state.version),
                actor: Actor {
                    name: "UBND tỉnh".into(),
                    role: "provincial_pc".into(),
                },
                reason: "tạm dừng".into(),
                effective_on: day("2025-09-01"),
                kind: CommandKind::Hold,
            },
        )
        .await
        .unwrap();
        assert_eq!(p.db.departures_from(&anchor).await.unwrap(), []);
        // Event 3 of dossier 2 reworded and its chain recomputed to the end.
        tamper(
            &p,
            "UPDATE dossier_events SET reason = 'lý do khác' WHERE dossier_id = 2 AND seq = 3",
        )
        .await;
        let rehash = recompute_chain(&p, 2).await;
        p.db.pool.execute(rehash.as_str()).await.unwrap();
        assert!(verified(&p).await.holds(), "nothing inside shows it");
        let departures = p.db.departures_from(&anchor).await.unwrap();
        assert_eq!(
            departures,
            [super::anchor::AnchorProblem {
                dossier_id: 2,
                anchored_seq: 4,
                departure: super::anchor::Departure::Rewritten,
            }]
        );
    }

    #[tokio::test]
    async fn a_conflicting_insert_cannot_replace_an_event() {
        let (_db, p) = history().await;
        let copy = "SELECT id, dossier_id, seq, occurred_on, recorded_at, actor, 'x', reason, kind, payload, \
                    prev_hash, hash FROM dossier_events WHERE dossier_id = 2 AND seq = 2";
        let columns = "id, dossier_id, seq, occurred_on, recorded_at, actor, role, reason, kind, payload, prev_hash, hash";
        let attempts = match p.db.backend {
            Backend::Sqlite => vec![
                format!("INSERT OR REPLACE INTO dossier_events ({columns}) {copy}"),
                format!("REPLACE INTO dossier_events ({columns}) {copy}"),
            ],
            Backend::Postgres => vec![
                format!(
                    "INSERT INTO dossier_events ({columns}) {copy} ON CONFLICT (id) DO UPDATE SET role = 'x'"
                ),
                "TRUNCATE dossier_events CASCADE".to_owned(),
            ],
        };
        for sql in attempts {
            let refused = p.db.pool.execute(sql.as_str()).await;
            assert!(refused.is_err(), "{sql} was allowed");
        }
        assert!(verified(&p).await.holds());
        let role: String =
            sqlx::query_scalar("SELECT role FROM dossier_events WHERE dossier_id = 2 AND seq = 2")
                .fetch_one(&p.db.pool)
                .await
                .unwrap();
        assert_eq!(role, "commune_pc");
    }
}
