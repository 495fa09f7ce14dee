-- Sectoral information requests (issue 13, item 4): a commune, its consultant or the
-- Department of Construction asks a department for what a dossier's plan needs, by a due date;
-- the department answers with documents and/or a published layer version, or explains a
-- delay. Every change is also an event of `follow_up_events` (0014), the province's one hash
-- chain, so the requests are as tamper-evident as the meetings and tasks. An open request holds
-- its dossier back: the progress report counts it under 'sectoral_information'.

CREATE TABLE information_requests (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code     TEXT NOT NULL,
    dossier_id        INTEGER NOT NULL REFERENCES dossiers(id),
    unit_code         TEXT NOT NULL,
    -- The organisation that asked, and the department asked.
    requester_id      INTEGER NOT NULL REFERENCES organisations(id),
    department_id     INTEGER NOT NULL REFERENCES organisations(id),
    -- JSON array of domain::follow_up::InformationTopic keys.
    topics            TEXT NOT NULL,
    text              TEXT NOT NULL,
    asked_on          TEXT NOT NULL,
    due_on            TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('open', 'delay_explained', 'answered', 'withdrawn')),
    -- The day it was answered or withdrawn (valid time), and when that was recorded.
    closed_on         TEXT,
    closed_at         TEXT,
    answer            TEXT NOT NULL DEFAULT '',
    -- JSON array of the documents the answer carries (official letter numbers, file links).
    answer_documents  TEXT NOT NULL DEFAULT '[]',
    layer_version_id  INTEGER REFERENCES layer_versions(id),
    -- The department's latest explanation of a delay: why, when it expects to answer, and
    -- the day it explained (valid time).
    delay_note        TEXT NOT NULL DEFAULT '',
    expected_on       TEXT,
    delayed_on        TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX information_requests_province ON information_requests(province_code, asked_on);
CREATE INDEX information_requests_department ON information_requests(department_id, due_on);
CREATE INDEX information_requests_dossier ON information_requests(dossier_id);
CREATE INDEX information_requests_unit ON information_requests(unit_code);
