//! Anchors: the history's state written outside the database, so that a later check can show
//! that today's history still *extends* the anchored one. Inside the database, someone who
//! can write every table can delete a dossier's last events and roll its row back to match,
//! or edit an event and recompute its chain to the end; every check then holds. An anchor
//! keeps each dossier's chain end (its last event's number and hash) at anchor time: a
//! dossier now shorter or gone, or whose event at the anchored number no longer has the
//! anchored hash, has been rewritten. Events added since are fine.
//!
//! An anchor is one line of JSON in an append-only file (JSON Lines): the time, the digest
//! (the one `audit verify` prints, which can also be published), the counts and the heads.
//! The digest is a function of the heads, so a line whose heads were edited no longer gives
//! its own (published) digest.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{AuditReport, ChainHead, heads_digest};
use crate::db::Db;
use crate::error::Result;

/// The form of an anchor line this build writes.
pub const ANCHOR_FORMAT: u32 = 1;

/// The history's state at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub format: u32,
    /// When it was taken (RFC 3339, UTC).
    pub anchored_at: DateTime<Utc>,
    /// SHA-256 over the heads' hashes in dossier order ([`heads_digest`]).
    pub digest: String,
    pub dossiers: u64,
    pub events: u64,
    /// Every dossier's chain end, in dossier order, as `[dossier_id, seq, hash]`: compact,
    /// since a national history has tens of thousands.
    pub heads: Vec<(i64, i64, String)>,
}

/// Why an anchor file cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnchorFileError {
    #[error("cannot read or write the anchor file: {0}")]
    Io(String),
    #[error("the anchor file holds no anchor")]
    Empty,
    #[error("line {line} of the anchor file is not an anchor: {why}")]
    Malformed { line: usize, why: String },
    /// The line's heads do not give its digest: the line was edited.
    #[error("line {line} of the anchor file does not add up to its own digest")]
    Inconsistent { line: usize },
}

/// How today's history fails to extend an anchored dossier's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Departure {
    /// The dossier is gone, or has no events.
    Gone,
    /// Its chain now ends before the anchored event.
    Shorter { now: i64 },
    /// The event at the anchored number has another hash: edited, and the chain recomputed.
    Rewritten,
}

/// An anchored dossier whose history today does not extend the anchored one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorProblem {
    pub dossier_id: i64,
    /// The anchored chain's last event.
    pub anchored_seq: i64,
    #[serde(flatten)]
    pub departure: Departure,
}

impl Anchor {
    /// The anchor of a verified history: `heads` are its chains' ends.
    pub fn of(report: &AuditReport, heads: Vec<ChainHead>, at: DateTime<Utc>) -> Anchor {
        Anchor {
            format: ANCHOR_FORMAT,
            anchored_at: at,
            digest: report.digest.clone(),
            dossiers: report.dossiers,
            events: report.events,
            heads: heads
                .into_iter()
                .map(|h| (h.dossier_id, h.seq, h.hash))
                .collect(),
        }
    }

    /// Whether the heads give the digest the line states.
    fn adds_up(&self) -> bool {
        heads_digest(self.heads.iter().map(|h| h.2.as_str())) == self.digest
    }

    /// The last anchor of a JSON Lines text (blank lines are skipped). Earlier lines are
    /// older anchors: the last one covers the most, since a history only grows.
    pub fn last_of(text: &str) -> Result<Anchor, AnchorFileError> {
        let (index, line) = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .last()
            .ok_or(AnchorFileError::Empty)?;
        let line_no = index + 1;
        let anchor: Anchor =
            serde_json::from_str(line).map_err(|e| AnchorFileError::Malformed {
                line: line_no,
                why: e.to_string(),
            })?;
        if anchor.format != ANCHOR_FORMAT {
            return Err(AnchorFileError::Malformed {
                line: line_no,
                why: format!(
                    "format {} (this build reads {ANCHOR_FORMAT})",
                    anchor.format
                ),
            });
        }
        if !anchor.adds_up() {
            return Err(AnchorFileError::Inconsistent { line: line_no });
        }
        Ok(anchor)
    }

    /// Reads the last anchor of a file.
    pub fn read_last(path: &Path) -> Result<Anchor, AnchorFileError> {
        let text = std::fs::read_to_string(path).map_err(|e| AnchorFileError::Io(e.to_string()))?;
        Anchor::last_of(&text)
    }

    /// Appends this anchor as one line, creating the file if needed and never truncating it.
    pub fn append_to(&self, path: &Path) -> Result<(), AnchorFileError> {
        let mut line =
            serde_json::to_string(self).map_err(|e| AnchorFileError::Io(e.to_string()))?;
        line.push('\n');
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| AnchorFileError::Io(e.to_string()))?;
        // One write of the whole line: appends are never interleaved within it.
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| AnchorFileError::Io(e.to_string()))
    }
}

/// Judges one anchored head against the dossier today: its chain's length now (`None` when
/// it has no events) and the hash of its event at the anchored number, if there is one.
pub fn judge(
    anchored: (i64, i64, &str),
    length_now: Option<i64>,
    hash_now: Option<&str>,
) -> Option<AnchorProblem> {
    let (dossier_id, anchored_seq, anchored_hash) = anchored;
    let departure = match (length_now, hash_now) {
        (None, _) => Departure::Gone,
        (Some(now), _) if now < anchored_seq => Departure::Shorter { now },
        (Some(_), Some(hash)) if hash == anchored_hash => return None,
        (Some(_), _) => Departure::Rewritten,
    };
    Some(AnchorProblem {
        dossier_id,
        anchored_seq,
        departure,
    })
}

/// Anchored heads are looked up this many at a time.
const CHUNK: usize = 200;

impl Db {
    /// Every anchored dossier whose history today does not extend the anchored one.
    pub(crate) async fn departures_from(&self, anchor: &Anchor) -> Result<Vec<AnchorProblem>> {
        let mut problems = Vec::new();
        for chunk in anchor.heads.chunks(CHUNK) {
            let ids = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT dossier_id, MAX(seq) AS length FROM dossier_events WHERE dossier_id IN ({ids}) \
                 GROUP BY dossier_id"
            );
            let mut q = sqlx::query(&sql);
            for h in chunk {
                q = q.bind(h.0);
            }
            let lengths: HashMap<i64, i64> = q
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get("dossier_id")?, r.try_get("length")?)))
                .collect::<Result<_>>()?;
            let pairs = (0..chunk.len())
                .map(|i| format!("(dossier_id = ${} AND seq = ${})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>()
                .join(" OR ");
            let sql = format!("SELECT dossier_id, seq, hash FROM dossier_events WHERE {pairs}");
            let mut q = sqlx::query(&sql);
            for h in chunk {
                q = q.bind(h.0).bind(h.1);
            }
            let hashes: HashMap<i64, String> = q
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get("dossier_id")?, r.try_get("hash")?)))
                .collect::<Result<_>>()?;
            problems.extend(chunk.iter().filter_map(|(id, seq, hash)| {
                judge(
                    (*id, *seq, hash),
                    lengths.get(id).copied(),
                    hashes.get(id).map(String::as_str),
                )
            }));
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor() -> Anchor {
        let heads = vec![(1, 4, "a".repeat(64)), (2, 3, "b".repeat(64))];
        Anchor {
            format: ANCHOR_FORMAT,
            anchored_at: "2026-12-03T08:00:00Z".parse().unwrap(),
            digest: heads_digest(heads.iter().map(|h| h.2.as_str())),
            dossiers: 2,
            events: 7,
            heads,
        }
    }

    #[test]
    fn the_last_line_is_the_anchor_read() {
        let mut older = anchor();
        older.heads.pop();
        older.digest = heads_digest(older.heads.iter().map(|h| h.2.as_str()));
        let text = format!(
            "{}\n{}\n\n",
            serde_json::to_string(&older).unwrap(),
            serde_json::to_string(&anchor()).unwrap()
        );
        assert_eq!(Anchor::last_of(&text), Ok(anchor()));
        // The time is RFC 3339.
        assert!(
            text.contains("\"anchored_at\":\"2026-12-03T08:00:00Z\""),
            "{text}"
        );
    }

    #[test]
    fn an_empty_malformed_or_edited_file_is_refused() {
        assert_eq!(Anchor::last_of("\n \n"), Err(AnchorFileError::Empty));
        assert!(matches!(
            Anchor::last_of("{}\nnot json"),
            Err(AnchorFileError::Malformed { line: 2, .. })
        ));
        let mut edited = anchor();
        edited.heads[0].2 = "c".repeat(64);
        let line = serde_json::to_string(&edited).unwrap();
        assert_eq!(
            Anchor::last_of(&line),
            Err(AnchorFileError::Inconsistent { line: 1 })
        );
    }

    #[test]
    fn appending_keeps_what_the_file_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("anchors.jsonl");
        std::fs::write(&path, "kept\n").unwrap();
        anchor().append_to(&path).unwrap();
        anchor().append_to(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("kept\n"));
        assert_eq!(text.lines().count(), 3);
        assert_eq!(Anchor::read_last(&path), Ok(anchor()));
    }

    #[test]
    fn a_history_extends_its_anchor_unless_rolled_back_or_rewritten() {
        let h = "a".repeat(64);
        assert_eq!(judge((1, 4, &h), Some(4), Some(&h)), None);
        // New events since the anchor are fine.
        assert_eq!(judge((1, 4, &h), Some(9), Some(&h)), None);
        let departure = |length, hash| judge((1, 4, &h), length, hash).map(|p| p.departure);
        assert_eq!(
            departure(Some(3), None),
            Some(Departure::Shorter { now: 3 })
        );
        assert_eq!(departure(None, None), Some(Departure::Gone));
        assert_eq!(departure(Some(4), Some("f")), Some(Departure::Rewritten));
    }
}
