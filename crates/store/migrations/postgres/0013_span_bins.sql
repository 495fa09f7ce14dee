-- Stage spans filed in bins of day ranges (issue 11, item 7): a past day's report reads the
-- spans of the 18 bins that hold that day instead of every span (crates/store/src/span_bins.rs
-- explains the scheme and computes the same numbers). `from_day` is `from_on` as a number of
-- days since 2000-01-01; `bin` is where the span is filed, from `from_day` and the day it
-- closed (1114112 while it is open). `plantrack audit verify` recomputes both.

ALTER TABLE stage_spans ADD COLUMN from_day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stage_spans ADD COLUMN bin BIGINT NOT NULL DEFAULT 1114112;

UPDATE stage_spans SET from_day = GREATEST(0, from_on::date - DATE '2000-01-01');
UPDATE stage_spans SET bin = CASE WHEN to_on IS NULL THEN 1114112
        WHEN from_day / 1 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 1 THEN 0 + from_day / 1
        WHEN from_day / 2 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 2 THEN 65536 + from_day / 2
        WHEN from_day / 4 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 4 THEN 131072 + from_day / 4
        WHEN from_day / 8 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 8 THEN 196608 + from_day / 8
        WHEN from_day / 16 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 16 THEN 262144 + from_day / 16
        WHEN from_day / 32 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 32 THEN 327680 + from_day / 32
        WHEN from_day / 64 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 64 THEN 393216 + from_day / 64
        WHEN from_day / 128 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 128 THEN 458752 + from_day / 128
        WHEN from_day / 256 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 256 THEN 524288 + from_day / 256
        WHEN from_day / 512 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 512 THEN 589824 + from_day / 512
        WHEN from_day / 1024 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 1024 THEN 655360 + from_day / 1024
        WHEN from_day / 2048 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 2048 THEN 720896 + from_day / 2048
        WHEN from_day / 4096 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 4096 THEN 786432 + from_day / 4096
        WHEN from_day / 8192 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 8192 THEN 851968 + from_day / 8192
        WHEN from_day / 16384 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 16384 THEN 917504 + from_day / 16384
        WHEN from_day / 32768 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 32768 THEN 983040 + from_day / 32768
        WHEN from_day / 65536 = (CASE WHEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 > from_day THEN GREATEST(0, to_on::date - DATE '2000-01-01') - 1 ELSE from_day END) / 65536 THEN 1048576 + from_day / 65536
        ELSE 1114112 END;

-- The spans of a day's bins that began by that day, with what a report counts and lists,
-- read from the index alone.
CREATE INDEX stage_spans_binned ON stage_spans(bin, from_on, to_on, recorded_at, closed_at, plan_type, template_key, template_version, stage, status, due_on, stage_entered_on, province_code, unit_code, dossier_id);
-- As known at an earlier instant: the spans whose end was recorded after it.
CREATE INDEX stage_spans_closed ON stage_spans(closed_at) WHERE closed_at IS NOT NULL;
-- Replaced by the two above.
DROP INDEX stage_spans_as_of;
DROP INDEX stage_spans_flagged;
-- Past-day lists read the day's bins too; a plan that read every span due before a day lost to them.
DROP INDEX stage_spans_due;
