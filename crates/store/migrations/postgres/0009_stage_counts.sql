-- How many dossiers stand in each stage and status, per province, plan type and template
-- version (issue 11, item 7): a projection kept current in each command's own transaction, so
-- that today's counts for a province or the country read a few hundred rows, not every dossier.
-- `plantrack audit verify` compares it with the dossiers it counts.
CREATE TABLE stage_counts (
    province_code    TEXT NOT NULL,
    plan_type        TEXT NOT NULL,
    template_key     TEXT NOT NULL,
    template_version BIGINT NOT NULL,
    stage            TEXT NOT NULL,
    status           TEXT NOT NULL,
    dossiers         BIGINT NOT NULL,
    PRIMARY KEY (province_code, plan_type, template_key, template_version, stage, status)
);

INSERT INTO stage_counts (province_code, plan_type, template_key, template_version, stage, status, dossiers)
SELECT province_code, plan_type, template_key, template_version, stage, status, COUNT(*)
FROM dossiers
GROUP BY province_code, plan_type, template_key, template_version, stage, status;

-- Today's overdue and due-soon counts are ranges of due dates over active dossiers; this index
-- answers them without reading the dossier rows.
CREATE INDEX dossiers_flagged ON dossiers(status, due_on, province_code, plan_type, template_key, template_version, stage);
