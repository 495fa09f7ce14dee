-- Consultation on the draft plan (issue 15): rounds on a dossier, the agencies consulted and
-- their replies, residents' opinions, the answers of the synthesis and explanation table and
-- a summary per topic. Statuses are not stored: the domain reads them on a day from these
-- dates. Every change is also an event of `follow_up_events` (0014), the province's hash
-- chain, in the same transaction.

CREATE TABLE consultation_rounds (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code       TEXT NOT NULL,
    dossier_id          INTEGER NOT NULL REFERENCES dossiers(id),
    unit_code           TEXT NOT NULL,
    subject             TEXT NOT NULL CHECK (subject IN ('task', 'plan')),
    -- 1, 2, … per dossier and subject: a revised plan is consulted on again.
    round_no            INTEGER NOT NULL,
    -- JSON array of the dossier's documents consulted on (their numbers in the dossier).
    documents           TEXT NOT NULL DEFAULT '[]',
    -- JSON array of domain::consultation::ConsultationForm keys.
    forms               TEXT NOT NULL,
    agencies_opens_on   TEXT NOT NULL,
    agencies_closes_on  TEXT NOT NULL,
    residents_opens_on  TEXT NOT NULL,
    residents_closes_on TEXT NOT NULL,
    opened_by           TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    UNIQUE (dossier_id, subject, round_no)
);
CREATE INDEX consultation_rounds_unit ON consultation_rounds(unit_code);
CREATE INDEX consultation_rounds_province ON consultation_rounds(province_code);

-- The register of bodies consulted: an organisation of the system, or a named outside body.
CREATE TABLE consultees (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id          INTEGER NOT NULL REFERENCES consultation_rounds(id),
    organisation_id   INTEGER REFERENCES organisations(id),
    outside_name      TEXT,
    required          INTEGER NOT NULL DEFAULT 1,
    -- 0 before it is first consulted; each reconsultation starts the next cycle.
    cycle             INTEGER NOT NULL DEFAULT 0,
    consulted_on      TEXT,
    deadline          TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    CHECK ((organisation_id IS NULL) <> (outside_name IS NULL))
);
CREATE INDEX consultees_round ON consultees(round_id);

-- Replies, kept across reconsultations: `cycle` says which consultation each answers.
CREATE TABLE consultee_replies (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    consultee_id   INTEGER NOT NULL REFERENCES consultees(id),
    cycle          INTEGER NOT NULL,
    position       TEXT NOT NULL CHECK (position IN ('agrees', 'agrees_with_comments', 'disagrees')),
    text           TEXT NOT NULL,
    document       TEXT NOT NULL DEFAULT '',
    replied_on     TEXT NOT NULL,
    -- Entered by the agency's own account, or recorded from its letter by the commune.
    on_behalf      INTEGER NOT NULL,
    entered_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX consultee_replies_consultee ON consultee_replies(consultee_id);

-- Residents' opinions, kept as submitted. Source 'online' is the public page's (later work).
CREATE TABLE consultation_opinions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id       INTEGER NOT NULL REFERENCES consultation_rounds(id),
    source         TEXT NOT NULL CHECK (source IN ('paper', 'meeting', 'public_display', 'online')),
    -- NULL for an anonymous opinion.
    author_name    TEXT,
    hamlet         TEXT NOT NULL DEFAULT '',
    contact        TEXT NOT NULL DEFAULT '',
    text           TEXT NOT NULL,
    cosigners      INTEGER NOT NULL DEFAULT 0,
    received_on    TEXT NOT NULL,
    entered_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX consultation_opinions_round ON consultation_opinions(round_id);

-- The table's answers: an opinion (or a point of it) under a topic, with its response.
CREATE TABLE opinion_answers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id         INTEGER NOT NULL REFERENCES consultation_rounds(id),
    opinion_id       INTEGER NOT NULL REFERENCES consultation_opinions(id),
    point            TEXT NOT NULL DEFAULT '',
    topic            TEXT NOT NULL,
    response         TEXT NOT NULL CHECK (response IN ('accepted', 'explained', 'not_in_scope')),
    response_text    TEXT NOT NULL,
    answered_on      TEXT NOT NULL,
    answered_by      TEXT NOT NULL,
    answered_by_org  INTEGER REFERENCES organisations(id),
    created_at       TEXT NOT NULL
);
CREATE INDEX opinion_answers_round ON opinion_answers(round_id);
CREATE INDEX opinion_answers_opinion ON opinion_answers(opinion_id);

-- One summary per topic of a round; a new one replaces the last (the history keeps it).
CREATE TABLE topic_summaries (
    round_id     INTEGER NOT NULL REFERENCES consultation_rounds(id),
    topic        TEXT NOT NULL,
    text         TEXT NOT NULL,
    written_on   TEXT NOT NULL,
    written_by   TEXT NOT NULL,
    PRIMARY KEY (round_id, topic)
);

-- The topics opinions are tagged with, as data: province '' is the list every province
-- starts from; a province's own rows replace it.
CREATE TABLE consultation_topics (
    province_code  TEXT NOT NULL,
    key            TEXT NOT NULL,
    position       INTEGER NOT NULL,
    name_vi        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    name_id        TEXT NOT NULL,
    PRIMARY KEY (province_code, key)
);
INSERT INTO consultation_topics (province_code, key, position, name_vi, name_en, name_id) VALUES
    ('', 'land_use', 1, 'Sử dụng đất', 'Land use', 'Penggunaan lahan'),
    ('', 'roads', 2, 'Giao thông', 'Roads', 'Jalan'),
    ('', 'compensation', 3, 'Bồi thường, hỗ trợ, tái định cư', 'Compensation and resettlement', 'Ganti rugi dan pemukiman kembali'),
    ('', 'public_facilities', 4, 'Công trình công cộng', 'Public facilities', 'Fasilitas umum'),
    ('', 'environment', 5, 'Môi trường', 'Environment', 'Lingkungan'),
    ('', 'infrastructure', 6, 'Hạ tầng kỹ thuật', 'Technical infrastructure', 'Infrastruktur teknis'),
    ('', 'process', 7, 'Trình tự, thủ tục lập quy hoạch', 'Planning process', 'Proses perencanaan'),
    ('', 'other', 8, 'Nội dung khác', 'Other', 'Lainnya');

-- A province's consultation rules: whether an agency's silence past its deadline counts as
-- agreement (off unless the province says so).
CREATE TABLE consultation_rules (
    province_code         TEXT PRIMARY KEY,
    silence_is_agreement  INTEGER NOT NULL DEFAULT 0
);
