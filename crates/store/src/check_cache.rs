//! Land-use checks kept parsed in memory, by map version.
//!
//! A check is written once, in the transaction of the event that attached its map, and never
//! changed; so a check parsed once stays right for as long as the process runs, on every
//! server. Parsing the stored report of a 5,000-zone map checked against the province's
//! layers takes most of an appraisal page or of a side-by-side table (≈ 30 ms and ≈ 20 ms on
//! this machine); reading it from here, well under a millisecond. An entry is taken only when
//! the stored row's map hash and check time are the same as the entry's, so a database
//! restored under the same process cannot be shown another check's report. The memory is
//! bounded by the size of the stored reports, the oldest entry out first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::layers::LanduseCheck;

/// What the entries' stored reports may add up to (their JSON, a fair proxy for the parsed
/// size): a province's plans with a few maps each, with room to spare.
const BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// A dossier's check, by the event that attached its map.
type Key = (i64, i64);

#[derive(Debug, Default)]
pub(crate) struct CheckCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<Key, (Arc<LanduseCheck>, usize)>,
    /// Keys in the order they came, for eviction.
    order: VecDeque<Key>,
    bytes: usize,
}

impl CheckCache {
    /// The check of `dossier_id` at `event_seq`, if kept and still the stored one.
    pub(crate) fn get(
        &self,
        dossier_id: i64,
        event_seq: i64,
        sha256: &str,
        checked_at: &str,
    ) -> Option<Arc<LanduseCheck>> {
        let inner = self.inner.lock().ok()?;
        let (check, _) = inner.entries.get(&(dossier_id, event_seq))?;
        (check.sha256 == sha256 && check.checked_at == checked_at).then(|| Arc::clone(check))
    }

    /// Keeps `check`, whose stored report was `bytes` long; the oldest entries go when the
    /// budget is spent. A report over the whole budget is not kept.
    pub(crate) fn put(&self, check: Arc<LanduseCheck>, bytes: usize) {
        if bytes > BUDGET_BYTES {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let key = (check.dossier_id, check.event_seq);
        if let Some((_, old)) = inner.entries.insert(key, (check, bytes)) {
            inner.bytes -= old;
            inner.order.retain(|k| *k != key);
        }
        inner.order.push_back(key);
        inner.bytes += bytes;
        while inner.bytes > BUDGET_BYTES {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, size)) = inner.entries.remove(&oldest) {
                inner.bytes -= size;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::LanduseReport;

    fn check(dossier_id: i64, event_seq: i64, sha256: &str) -> Arc<LanduseCheck> {
        let report: LanduseReport = serde_json::from_value(serde_json::json!({
            "verdict": "clean", "rules": "vn.default", "crs": "EPSG:9210", "zones": 0,
            "plan_area_m2": 0.0, "layers": [], "forbidden": 0, "consult": 0, "conflicts": [],
            "invalid_zones": [], "geometry": [], "balance": [], "services": []
        }))
        .unwrap();
        Arc::new(LanduseCheck {
            dossier_id,
            event_seq,
            sha256: sha256.into(),
            zones: 0,
            layers: Vec::new(),
            report,
            checked_at: "2025-11-20T08:00:00Z".into(),
        })
    }

    #[test]
    fn an_entry_is_given_only_for_the_same_stored_check() {
        let cache = CheckCache::default();
        cache.put(check(1, 7, "aa"), 10);
        assert!(cache.get(1, 7, "aa", "2025-11-20T08:00:00Z").is_some());
        // Another map under the same event (a restored database), or another time.
        assert!(cache.get(1, 7, "bb", "2025-11-20T08:00:00Z").is_none());
        assert!(cache.get(1, 7, "aa", "2025-11-21T08:00:00Z").is_none());
        assert!(cache.get(2, 7, "aa", "2025-11-20T08:00:00Z").is_none());
    }

    #[test]
    fn the_oldest_go_when_the_budget_is_spent() {
        let cache = CheckCache::default();
        let third = BUDGET_BYTES / 3 + 1;
        for seq in 1..=3 {
            cache.put(check(1, seq, "aa"), third);
        }
        let at = "2025-11-20T08:00:00Z";
        assert!(cache.get(1, 1, "aa", at).is_none(), "the oldest went");
        assert!(cache.get(1, 2, "aa", at).is_some());
        assert!(cache.get(1, 3, "aa", at).is_some());
        // Kept again under the same key: counted once.
        cache.put(check(1, 3, "aa"), third);
        assert!(cache.get(1, 2, "aa", at).is_some());
        // Over the whole budget: not kept, nothing else lost.
        cache.put(check(1, 4, "aa"), BUDGET_BYTES + 1);
        assert!(cache.get(1, 4, "aa", at).is_none());
        assert!(cache.get(1, 3, "aa", at).is_some());
    }
}
