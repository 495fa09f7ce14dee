-- The weekly report by e-mail (issue 14, item 3): the address a leadership account receives
-- it at (NULL: it has not opted in, the default), and which ISO weeks went out to whom, so
-- that a second run, a restarted server or a second one never sends a week twice. A send
-- that fails removes its claim, so a later run retries it.

ALTER TABLE users ADD COLUMN weekly_report_email TEXT;

CREATE TABLE weekly_reports_sent (
    user_id   BIGINT NOT NULL REFERENCES users(id),
    week      TEXT NOT NULL,   -- ISO week, e.g. 2025-W49
    sent_at   TEXT NOT NULL,   -- RFC 3339 UTC, when it was claimed
    recipient TEXT NOT NULL,
    UNIQUE (user_id, week)
);
