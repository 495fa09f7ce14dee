-- The status call before a review meeting (issue 13, item 5): the Department of Construction
-- asks every commune of the campaign to confirm where its plan stands by a day. One reply row
-- per commune asked, written when the call is sent and filled when the commune answers (a
-- later answer replaces the earlier; the follow-up chain keeps both).

CREATE TABLE status_calls (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT NOT NULL,
    meeting_id    INTEGER REFERENCES meetings(id),
    plan_type     TEXT NOT NULL,
    asked_on      TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX status_calls_province ON status_calls(province_code, asked_on);
CREATE INDEX status_calls_meeting ON status_calls(meeting_id);

CREATE TABLE status_replies (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id         INTEGER NOT NULL REFERENCES status_calls(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    unit_code       TEXT NOT NULL,
    -- The answer, once given.
    answered_on     TEXT,
    stage_reported  TEXT,
    -- The stage plantrack held when the answer came (NULL: no dossier of the campaign).
    stage_recorded  TEXT,
    next_step_on    TEXT,
    blocker         TEXT CHECK (blocker IS NULL OR blocker IN ('higher_plan',
                        'sectoral_information', 'consultant_capacity', 'funding',
                        'land_dispute', 'other')),
    comment         TEXT NOT NULL DEFAULT '',
    recorded_at     TEXT,
    UNIQUE (call_id, organisation_id)
);
CREATE INDEX status_replies_organisation ON status_replies(organisation_id);
