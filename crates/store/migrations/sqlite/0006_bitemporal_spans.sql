-- Bitemporal stage spans (issue 11). A span says where a dossier stood from `from_on` to
-- `to_on` (valid time, the days the events took effect) and, new here, since when the store
-- knew it: `recorded_at` is the record time of the event that opened the span, `closed_at`
-- that of the event that closed it. A report "as of D as known on T" reads the spans recorded
-- by T that were open on D as far as was known at T — a span closed after T still counts as
-- open — so a change recorded late never rewrites what an earlier report said.

ALTER TABLE stage_spans ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE stage_spans ADD COLUMN closed_at TEXT;

UPDATE stage_spans SET recorded_at = (
    SELECT e.recorded_at FROM dossier_events e
    WHERE e.dossier_id = stage_spans.dossier_id AND e.seq = stage_spans.seq
);

-- The event that closed a span is the one that opened the dossier's next span.
UPDATE stage_spans SET closed_at = (
    SELECT e.recorded_at FROM dossier_events e
    WHERE e.dossier_id = stage_spans.dossier_id
      AND e.seq = (SELECT MIN(n.seq) FROM stage_spans n
                   WHERE n.dossier_id = stage_spans.dossier_id AND n.seq > stage_spans.seq)
)
WHERE to_on IS NOT NULL;
