//! One dossier's hash chain: the hash of an event, and the check that a dossier's stored
//! events still form the chain they were written as.

use sha2::{Digest, Sha256};

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
    /// Who acted; `None` for events recorded before plantrack kept it.
    pub acted_by: Option<StoredActedBy<'a>>,
}

/// The account behind an event, as stored (`via`, `account_id`, `token_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredActedBy<'a> {
    pub via: &'a str,
    pub account_id: Option<i64>,
    pub token_id: Option<i64>,
}

/// The hash of an event chained to `prev_hash`: SHA-256, hex, over the fields separated by a
/// byte no text field can hold unescaped in JSON or a date (0x1f, the unit separator).
///
/// Who acted (`via`, account, token) was added to events later. It is hashed after the
/// original fields, and only when present: an event written before it existed keeps the hash
/// it was written with, so old histories still verify, while every new event (which always
/// records at least `via`) has it covered. Stripping it from a new event changes the hash
/// input, so the event no longer verifies unless its chain is recomputed, which an anchor
/// (`audit anchor`) shows.
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
    if let Some(who) = e.acted_by {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        for field in [who.via, &id(who.account_id), &id(who.token_id)] {
            h.update(field.as_bytes());
            h.update([0x1f]);
        }
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

/// An event row as stored, for checking its place in the chain.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub id: i64,
    pub dossier_id: i64,
    pub seq: i64,
    pub occurred_on: String,
    pub recorded_at: String,
    pub actor: String,
    pub role: String,
    pub reason: String,
    pub kind: String,
    pub payload: String,
    pub via: Option<String>,
    pub account_id: Option<i64>,
    pub token_id: Option<i64>,
    pub prev_hash: String,
    pub hash: String,
}

impl EventRow {
    pub(crate) fn recomputed_hash(&self) -> String {
        event_hash(
            &self.prev_hash,
            &StoredEvent {
                dossier_id: self.dossier_id,
                seq: self.seq,
                occurred_on: &self.occurred_on,
                recorded_at: &self.recorded_at,
                actor: &self.actor,
                role: &self.role,
                reason: &self.reason,
                kind: &self.kind,
                payload: &self.payload,
                acted_by: self.via.as_deref().map(|via| StoredActedBy {
                    via,
                    account_id: self.account_id,
                    token_id: self.token_id,
                }),
            },
        )
    }
}

/// Checks a dossier's events (in `seq` order): numbered 1, 2, 3…, each linked to the one
/// before it, each hashing to what it stores. Returns the last event's hash.
pub(crate) fn check_chain(
    dossier_id: i64,
    recorded_version: i64,
    events: &[EventRow],
) -> Result<String, BrokenLink> {
    let broken = |seq, event_id, problem: String| BrokenLink {
        dossier_id,
        seq,
        event_id,
        problem,
    };
    if events.is_empty() {
        return Err(broken(
            1,
            None,
            format!("dossier records version {recorded_version} but has no events"),
        ));
    }
    let mut last: Option<&EventRow> = None;
    for e in events {
        let expected_prev = match last {
            None if e.seq != 1 => {
                return Err(broken(
                    e.seq,
                    Some(e.id),
                    format!("the dossier's history starts at event {}, not 1", e.seq),
                ));
            }
            None => "",
            Some(l) if e.seq != l.seq + 1 => {
                return Err(broken(
                    e.seq,
                    Some(e.id),
                    format!(
                        "event {} follows event {}: events are missing or moved",
                        e.seq, l.seq
                    ),
                ));
            }
            Some(l) => l.hash.as_str(),
        };
        if e.prev_hash != expected_prev {
            return Err(broken(
                e.seq,
                Some(e.id),
                "does not link to the event before it (events deleted, moved or swapped)".into(),
            ));
        }
        if e.recomputed_hash() != e.hash {
            return Err(broken(
                e.seq,
                Some(e.id),
                "its content was changed after it was written".into(),
            ));
        }
        last = Some(e);
    }
    Ok(last.map(|e| e.hash.clone()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<EventRow> {
        let mut rows: Vec<EventRow> = Vec::new();
        for seq in 1..=n {
            let mut row = EventRow {
                id: 100 + seq,
                dossier_id: 9,
                seq,
                occurred_on: "2025-07-10".into(),
                recorded_at: "2025-07-10T01:00:00.000000Z".into(),
                actor: "A".into(),
                role: "commune_pc".into(),
                reason: "r".into(),
                kind: "put_on_hold".into(),
                payload: "{}".into(),
                via: (seq > 1).then(|| "token".into()),
                account_id: (seq > 1).then_some(3),
                token_id: (seq > 1).then_some(4),
                prev_hash: rows.last().map(|r| r.hash.clone()).unwrap_or_default(),
                hash: String::new(),
            };
            row.hash = row.recomputed_hash();
            rows.push(row);
        }
        rows
    }

    #[test]
    fn an_event_without_who_acted_keeps_the_hash_it_was_written_with() {
        let rows = chain(1);
        // The form hashed before `via` existed: the ten original fields only.
        let mut h = Sha256::new();
        for f in [
            "",
            "9",
            "1",
            "2025-07-10",
            "2025-07-10T01:00:00.000000Z",
            "A",
            "commune_pc",
            "r",
            "put_on_hold",
            "{}",
        ] {
            h.update(f.as_bytes());
            h.update([0x1f]);
        }
        assert_eq!(rows[0].hash, hex::encode(h.finalize()));
    }

    #[test]
    fn who_acted_is_covered_by_the_hash() {
        let mut rows = chain(3);
        assert_eq!(check_chain(9, 3, &rows), Ok(rows[2].hash.clone()));
        rows[1].token_id = Some(5);
        let link = check_chain(9, 3, &rows).unwrap_err();
        assert_eq!((link.seq, link.event_id), (2, Some(102)));
        let mut rows = chain(3);
        rows[2].via = None;
        assert_eq!(check_chain(9, 3, &rows).unwrap_err().seq, 3);
    }

    #[test]
    fn gaps_and_a_missing_history_are_named() {
        let mut rows = chain(3);
        rows.remove(1);
        assert!(
            check_chain(9, 3, &rows)
                .unwrap_err()
                .problem
                .contains("missing")
        );
        assert!(
            check_chain(9, 3, &[])
                .unwrap_err()
                .problem
                .contains("no events")
        );
    }
}
