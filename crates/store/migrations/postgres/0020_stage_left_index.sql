-- The day each commune's dossier left a stage, for the tasks a directive marks done when the
-- dossier leaves it (issue 13): read from the index alone, a province's spans of one stage,
-- instead of every span of the province looked up in the table.
CREATE INDEX stage_spans_left ON stage_spans(province_code, plan_type, stage, to_on, closed_at, unit_code);
