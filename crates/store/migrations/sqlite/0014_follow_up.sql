-- The follow-up loop (issue 13): review meetings, their conclusions, the directives those give
-- and one task per addressee, and what holds each dossier back. Every change to these tables
-- is also an event of `follow_up_events`, one hash chain per province (as dossier events are
-- one per dossier), so the follow-up record is as tamper-evident as the dossiers'.

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code   TEXT NOT NULL,
    title           TEXT NOT NULL,
    held_on         TEXT NOT NULL,
    starts_at       TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('in_person', 'online', 'hybrid')),
    venue           TEXT NOT NULL DEFAULT '',
    chair           TEXT NOT NULL DEFAULT '',
    -- The campaign: the plan type whose communes "all communes" means.
    plan_type       TEXT NOT NULL,
    connected_units INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'in_progress', 'closed')),
    -- The instant the meeting's report is read "as known at": set when it starts.
    report_known_at TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX meetings_province ON meetings(province_code, held_on);

CREATE TABLE conclusions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    -- A correction made after the meeting closed: the conclusion it amends, and when.
    amends_id    INTEGER REFERENCES conclusions(id),
    amended_on   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX conclusions_meeting ON conclusions(meeting_id, position);

CREATE TABLE directives (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
    conclusion_id  INTEGER REFERENCES conclusions(id),
    province_code  TEXT NOT NULL,
    text           TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    notice_number  TEXT NOT NULL DEFAULT '',
    notice_date    TEXT,
    -- The due date as said ("this_week", "quarter:2026-Q1", …) and as it falls.
    due_rule       TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    -- The addressees as said (JSON of domain::follow_up::Addressees).
    addressees     TEXT NOT NULL,
    -- A task is done by itself on the day its commune's dossier leaves this stage.
    done_when_left TEXT,
    issued_on      TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX directives_province ON directives(province_code, issued_on);

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    directive_id    INTEGER NOT NULL REFERENCES directives(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    province_code   TEXT NOT NULL,
    unit_code       TEXT,
    due_on          TEXT NOT NULL,
    resolution      TEXT NOT NULL CHECK (resolution IN ('open', 'done', 'cancelled')),
    -- The day it was done or cancelled (valid time), when it was.
    resolved_on     TEXT,
    evidence        TEXT NOT NULL DEFAULT '',
    explanation     TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    UNIQUE (directive_id, organisation_id)
);
CREATE INDEX tasks_province_due ON tasks(province_code, due_on);
CREATE INDEX tasks_organisation ON tasks(organisation_id, due_on);
CREATE INDEX tasks_unit ON tasks(unit_code);

CREATE TABLE blockers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id      INTEGER NOT NULL REFERENCES dossiers(id),
    province_code   TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('higher_plan', 'sectoral_information',
                        'consultant_capacity', 'funding', 'land_dispute', 'other')),
    -- The organisation that can lift it, when one can.
    organisation_id INTEGER REFERENCES organisations(id),
    since_on        TEXT NOT NULL,
    note            TEXT NOT NULL,
    lifted_on       TEXT,
    recorded_at     TEXT NOT NULL,
    lifted_at       TEXT
);
CREATE INDEX blockers_dossier ON blockers(dossier_id);
CREATE INDEX blockers_province ON blockers(province_code, since_on);

CREATE TABLE follow_up_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    occurred_on   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    actor         TEXT NOT NULL,
    role          TEXT NOT NULL,
    account_id    INTEGER,
    reason        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    payload       TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    UNIQUE (province_code, seq)
);
CREATE TRIGGER follow_up_events_no_update BEFORE UPDATE ON follow_up_events
BEGIN SELECT RAISE(ABORT, 'follow_up_events is append-only'); END;
CREATE TRIGGER follow_up_events_no_delete BEFORE DELETE ON follow_up_events
BEGIN SELECT RAISE(ABORT, 'follow_up_events is append-only'); END;
CREATE TRIGGER follow_up_events_no_replace BEFORE INSERT ON follow_up_events
WHEN EXISTS (SELECT 1 FROM follow_up_events WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM follow_up_events WHERE province_code = NEW.province_code AND seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'follow_up_events is append-only: an event is never replaced'); END;
