-- The public page of a consultation (issue 15, item 3). An opinion a resident sends is a row
-- of `consultation_opinions` (source 'online', kept as submitted, never edited) and one row
-- here: where it stands in moderation, the point on the map, the attachment, and the
-- redacted copy that is published with who redacted it. Every change is also an event of
-- the province's chain (0014) in the same transaction.

CREATE TABLE public_opinions (
    opinion_id        INTEGER PRIMARY KEY REFERENCES consultation_opinions(id),
    round_id          INTEGER NOT NULL REFERENCES consultation_rounds(id),
    state             TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'published', 'rejected')),
    lon               REAL,
    lat               REAL,
    attachment_sha256 TEXT,
    attachment_name   TEXT,
    attachment_type   TEXT,
    attachment_size   BIGINT,
    submitted_at      TEXT NOT NULL,
    -- The copy shown to the public, and who made it (NULL until published).
    redacted_text     TEXT,
    redacted_by       TEXT,
    redacted_at       TEXT,
    moderated_by      TEXT,
    moderated_at      TEXT,
    reject_reason     TEXT NOT NULL DEFAULT '',
    -- Readers' reports; the page hides the opinion at the threshold until moderated again.
    reports           BIGINT NOT NULL DEFAULT 0,
    hidden            BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX public_opinions_round ON public_opinions(round_id, state);

-- One report per reader's address and opinion: the same reader reporting twice counts once.
CREATE TABLE public_opinion_reports (
    opinion_id   INTEGER NOT NULL REFERENCES public_opinions(opinion_id),
    address_key  TEXT NOT NULL,
    reported_at  TEXT NOT NULL,
    PRIMARY KEY (opinion_id, address_key)
);

-- Opinions sent per client address in the current window (like `login_throttle`, 0015): one
-- upsert counts a submission, so parallel ones from an address are counted one by one, and
-- every server behind the database counts alike.
CREATE TABLE public_submission_throttle (
    address_key   TEXT PRIMARY KEY,
    sent          BIGINT NOT NULL,
    window_start  TEXT NOT NULL
);

-- The key the public form's timestamp is signed with (HMAC-SHA-256), made on first use and
-- shared by every server.
CREATE TABLE public_form_keys (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    secret  TEXT NOT NULL
);
