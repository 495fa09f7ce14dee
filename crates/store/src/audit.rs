//! A tamper-evident history. Every dossier's events form a hash chain: each event stores the
//! hash of the one before it and its own hash over its stored fields, so that editing,
//! deleting or reordering a stored event breaks the chain at that event.
//!
//! Why one chain per dossier rather than one for the whole store: a dossier is already the
//! unit of consistency (commands carry its version, and its events are numbered 1, 2, 3…), so
//! its chain is extended inside the transaction that already serialises its writers, and
//! commands on different dossiers never wait for each other. What a per-dossier chain alone
//! cannot show — the last events of a dossier removed — the check catches by comparing the
//! chain's length with the version the dossier's projection records; removing both together
//! needs the history anchored outside the database (a published digest), which the verify
//! report provides as `digest`.

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::db::Db;
use crate::error::Result;

/// The fields of an event as stored, which its hash covers.
#[derive(Debug, Clone, Copy)]
pub struct StoredEvent<'a> {
    pub dossier_id: i64,
    pub seq: i64,
    pub occurred_on: &'a str,
    pub recorded_at: &'a str,
    pub actor: &'a str,
    pub role: &'a str,
    pub reason: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
}

/// The hash of an event chained to `prev_hash`: SHA-256, hex, over the fields separated by a
/// byte no text field can hold unescaped in JSON or a date (0x1f, the unit separator).
pub fn event_hash(prev_hash: &str, e: &StoredEvent<'_>) -> String {
    let mut h = Sha256::new();
    for field in [
        prev_hash,
        &e.dossier_id.to_string(),
        &e.seq.to_string(),
        e.occurred_on,
        e.recorded_at,
        e.actor,
        e.role,
        e.reason,
        e.kind,
        e.payload,
    ] {
        h.update(field.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// The first place where the history does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    pub dossier_id: i64,
    /// The event's number in its dossier, as stored.
    pub seq: i64,
    /// The row's id in the event table.
    pub event_id: Option<i64>,
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditReport {
    pub dossiers: u64,
    pub events: u64,
    /// SHA-256 over every dossier's last hash, in dossier order: publish it to anchor the
    /// history outside the database.
    pub digest: String,
    /// `None` when every chain holds.
    pub first_broken: Option<BrokenLink>,
}

/// Events are read in pages, so that a national history never sits in memory whole.
const PAGE: i64 = 5_000;

impl Db {
    /// Walks every dossier's chain in order (of one province's dossiers, if named),
    /// recomputing each hash; stops at the first broken link. `progress(events_checked)` is
    /// called after each page.
    pub(crate) async fn verify_history(
        &self,
        province: Option<&str>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<AuditReport> {
        let versions: Vec<(i64, i64, String)> = sqlx::query(
            "SELECT id, version, head_hash FROM dossiers \
             WHERE $1 IS NULL OR province_code = $1 ORDER BY id",
        )
        .bind(province)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("version")?,
                r.try_get("head_hash")?,
            ))
        })
        .collect::<Result<_>>()?;
        let mut versions = versions.into_iter().peekable();
        let mut report = AuditReport {
            dossiers: 0,
            events: 0,
            digest: String::new(),
            first_broken: None,
        };
        let mut digest = Sha256::new();
        // The chain being walked: dossier, last seq and last hash.
        let mut current: Option<(i64, i64, String)> = None;
        let mut after = (i64::MIN, i64::MIN);
        let broken = |dossier_id, seq, event_id, problem: String| BrokenLink {
            dossier_id,
            seq,
            event_id,
            problem,
        };
        // Closes a dossier's chain: its length must be the version its projection records.
        let close =
            |chain: &(i64, i64, String),
             versions: &mut std::iter::Peekable<std::vec::IntoIter<(i64, i64, String)>>| {
                let (dossier, last_seq, last_hash) = chain;
                if let Some((id, version, _)) = versions.next_if(|(id, _, _)| id < dossier) {
                    return Err(broken(
                        id,
                        1,
                        None,
                        format!("dossier records version {version} but has no events"),
                    ));
                }
                match versions.next_if(|(id, _, _)| id == dossier) {
                    Some((_, version, _)) if version != *last_seq => Err(broken(
                        *dossier,
                        last_seq + 1,
                        None,
                        format!(
                            "dossier records version {version} but its events end at {last_seq}"
                        ),
                    )),
                    Some((_, _, head)) if head != *last_hash => Err(broken(
                        *dossier,
                        *last_seq,
                        None,
                        "the dossier's recorded head is not its last event's hash".into(),
                    )),
                    Some(_) => Ok(()),
                    None => Err(broken(
                        *dossier,
                        1,
                        None,
                        "events of a dossier that does not exist".into(),
                    )),
                }
            };
        loop {
            let rows = sqlx::query(
                "SELECT id, dossier_id, seq, occurred_on, recorded_at, actor, role, reason, kind, payload, \
                 prev_hash, hash FROM dossier_events WHERE (dossier_id > $1 OR (dossier_id = $1 AND seq > $2)) \
                 AND ($4 IS NULL OR dossier_id IN (SELECT id FROM dossiers WHERE province_code = $4)) \
                 ORDER BY dossier_id, seq LIMIT $3",
            )
            .bind(after.0)
            .bind(after.1)
            .bind(PAGE)
            .bind(province)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let dossier_id: i64 = row.try_get("dossier_id")?;
                let seq: i64 = row.try_get("seq")?;
                let text = |c: &str| -> Result<String> { Ok(row.try_get::<String, _>(c)?) };
                let (occurred_on, recorded_at, actor, role, reason, kind, payload, prev_hash, hash) = (
                    text("occurred_on")?,
                    text("recorded_at")?,
                    text("actor")?,
                    text("role")?,
                    text("reason")?,
                    text("kind")?,
                    text("payload")?,
                    text("prev_hash")?,
                    text("hash")?,
                );
                after = (dossier_id, seq);
                let expected_prev = match &current {
                    Some((d, last_seq, last_hash)) if *d == dossier_id => {
                        if seq != last_seq + 1 {
                            report.first_broken = Some(broken(
                                dossier_id,
                                seq,
                                Some(id),
                                format!(
                                    "event {seq} follows event {last_seq}: events are missing or moved"
                                ),
                            ));
                            return Ok(report);
                        }
                        last_hash.clone()
                    }
                    previous => {
                        if let Some(chain) = previous {
                            digest.update(chain.2.as_bytes());
                            if let Err(link) = close(chain, &mut versions) {
                                report.first_broken = Some(link);
                                return Ok(report);
                            }
                        }
                        report.dossiers += 1;
                        if seq != 1 {
                            report.first_broken = Some(broken(
                                dossier_id,
                                seq,
                                Some(id),
                                format!("the dossier's history starts at event {seq}, not 1"),
                            ));
                            return Ok(report);
                        }
                        String::new()
                    }
                };
                if prev_hash != expected_prev {
                    report.first_broken = Some(broken(
                        dossier_id,
                        seq,
                        Some(id),
                        "does not link to the event before it (events deleted, moved or swapped)"
                            .into(),
                    ));
                    return Ok(report);
                }
                let stored = StoredEvent {
                    dossier_id,
                    seq,
                    occurred_on: &occurred_on,
                    recorded_at: &recorded_at,
                    actor: &actor,
                    role: &role,
                    reason: &reason,
                    kind: &kind,
                    payload: &payload,
                };
                if event_hash(&prev_hash, &stored) != hash {
                    report.first_broken = Some(broken(
                        dossier_id,
                        seq,
                        Some(id),
                        "its content was changed after it was written".into(),
                    ));
                    return Ok(report);
                }
                report.events += 1;
                current = Some((dossier_id, seq, hash));
            }
            progress(report.events);
        }
        if let Some(chain) = &current {
            digest.update(chain.2.as_bytes());
            if let Err(link) = close(chain, &mut versions) {
                report.first_broken = Some(link);
                return Ok(report);
            }
        }
        if let Some((id, version, _)) = versions.next() {
            report.first_broken = Some(broken(
                id,
                1,
                None,
                format!("dossier records version {version} but has no events"),
            ));
            return Ok(report);
        }
        report.digest = hex::encode(digest.finalize());
        Ok(report)
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
                .create_plan(&new, &actor, "mở hồ sơ", Some(day("2025-07-10")))
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

    async fn broken(p: &Planning) -> super::BrokenLink {
        let report = p.db.verify_history(None, &mut |_| {}).await.unwrap();
        report.first_broken.expect("the tampering is detected")
    }

    #[tokio::test]
    async fn an_untouched_history_verifies() {
        let (_db, p) = history().await;
        let report = p.db.verify_history(None, &mut |_| {}).await.unwrap();
        assert_eq!(report.first_broken, None);
        assert_eq!((report.dossiers, report.events), (3, 12));
        assert_eq!(report.digest.len(), 64);
        // The digest is a function of the history: the same again, different after a change.
        assert_eq!(
            p.db.verify_history(None, &mut |_| {}).await.unwrap().digest,
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
        let link = broken(&p).await;
        assert_eq!((link.dossier_id, link.seq), (3, 4), "{link:?}");
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
}
