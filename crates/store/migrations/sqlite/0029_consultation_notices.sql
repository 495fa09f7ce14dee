-- Closing the loop of a consultation (issue 15, item 6): the answer to each opinion whose
-- contact holds an e-mail address, queued once the table is complete and sent through the
-- mail server (an outbox). A row is claimed before sending, so that two senders never send
-- it twice; a failed attempt puts it back with its error, up to a few attempts. Every
-- queueing, sending and failure is also an event of the province's chain (0014).

CREATE TABLE consultation_notices (
    opinion_id  INTEGER PRIMARY KEY REFERENCES consultation_opinions(id),
    round_id    INTEGER NOT NULL REFERENCES consultation_rounds(id),
    address     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'gave_up')),
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    queued_by   TEXT NOT NULL,
    queued_at   TEXT NOT NULL,
    claimed_at  TEXT,
    sent_at     TEXT
);
CREATE INDEX consultation_notices_round ON consultation_notices(round_id, state);
