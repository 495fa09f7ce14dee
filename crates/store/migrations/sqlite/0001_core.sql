-- plantrack core schema (SQLite). Dates are ISO 'YYYY-MM-DD' text and timestamps RFC 3339
-- text in both backends: the two schemas stay parallel and the values compare in order.

CREATE TABLE units (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES units(code),
    kind        TEXT NOT NULL CHECK (kind IN ('province', 'commune', 'ward', 'special_zone')),
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    area_km2    REAL,
    boundary    BLOB,            -- OGC WKB, WGS 84 lon/lat
    min_lon     REAL, min_lat REAL, max_lon REAL, max_lat REAL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_code);

CREATE TABLE unit_lineage (
    unit_code   TEXT NOT NULL REFERENCES units(code),
    former_code TEXT NOT NULL,
    former_name TEXT NOT NULL,
    merge_type  TEXT NOT NULL,
    PRIMARY KEY (unit_code, former_code)
);

CREATE TABLE workflow_templates (
    key       TEXT NOT NULL,
    version   INTEGER NOT NULL,
    source    TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE plans (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_code      TEXT NOT NULL REFERENCES units(code),
    plan_type      TEXT NOT NULL,
    name           TEXT NOT NULL,
    horizon_year   INTEGER,
    vision_year    INTEGER,
    map_scale      INTEGER,
    area_ha        REAL,
    preparing_body TEXT NOT NULL,
    appraising_body TEXT NOT NULL,
    approving_body TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX plans_unit ON plans(unit_code);

-- The current state of each dossier: a projection of its events, written in the same
-- transaction as each event. Scope columns are copied here so reports need no joins.
CREATE TABLE dossiers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id          INTEGER NOT NULL UNIQUE REFERENCES plans(id),
    province_code    TEXT NOT NULL,
    unit_code        TEXT NOT NULL,
    plan_type        TEXT NOT NULL,
    template_key     TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    stage            TEXT NOT NULL,
    status           TEXT NOT NULL,
    version          INTEGER NOT NULL,
    stage_entered_on TEXT NOT NULL,
    due_on           TEXT,
    state            TEXT NOT NULL,   -- the folded DossierState, JSON
    head_hash        TEXT NOT NULL DEFAULT '',  -- the hash of its last event (audit.rs)
    consultant       TEXT,            -- the firm named on the plan, for scoped reading
    FOREIGN KEY (template_key, template_version) REFERENCES workflow_templates(key, version)
);
-- Covers the report's counts, so they never read the wide state column.
CREATE INDEX dossiers_report ON dossiers(province_code, plan_type, template_key, template_version, stage, status, due_on);
CREATE INDEX dossiers_unit ON dossiers(unit_code);
CREATE INDEX dossiers_due ON dossiers(due_on);

-- The append-only history. Nothing updates or deletes a row (enforced by triggers below).
CREATE TABLE dossier_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    seq         INTEGER NOT NULL,
    occurred_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    -- The dossier's hash chain (see crates/store/src/audit.rs): the previous event's hash
    -- ('' for the first) and this event's, over its stored fields.
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (dossier_id, seq)
);
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;

-- Where each dossier stood between two events: answers "as of a past date" without
-- refolding every history. [from_on, to_on) with to_on NULL for the current span.
CREATE TABLE stage_spans (
    dossier_id       INTEGER NOT NULL REFERENCES dossiers(id),
    seq              INTEGER NOT NULL,
    province_code    TEXT NOT NULL,
    unit_code        TEXT NOT NULL,
    plan_type        TEXT NOT NULL,
    template_key     TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    stage            TEXT NOT NULL,
    status           TEXT NOT NULL,
    stage_entered_on TEXT NOT NULL,
    due_on           TEXT,
    from_on          TEXT NOT NULL,
    to_on            TEXT,
    PRIMARY KEY (dossier_id, seq)
);
CREATE INDEX stage_spans_open ON stage_spans(dossier_id) WHERE to_on IS NULL;
CREATE INDEX stage_spans_scope ON stage_spans(province_code, from_on);
CREATE INDEX stage_spans_unit ON stage_spans(unit_code, from_on);
-- The report's overdue and due-soon lists are ranges of due dates.
CREATE INDEX stage_spans_due ON stage_spans(due_on);

CREATE TABLE calendar_overrides (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day')),
    note TEXT NOT NULL
);

CREATE TABLE decisions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    number    TEXT NOT NULL UNIQUE,
    issued_on TEXT NOT NULL,
    issuer    TEXT NOT NULL,
    title     TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
