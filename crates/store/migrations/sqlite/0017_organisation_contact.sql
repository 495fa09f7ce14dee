-- Where each organisation's daily digest of its follow-up goes (issue 13, item 6): its contact
-- address (none: no digest) and the language it reads. The address is checked by the use case
-- that sets it; the column only bounds it.
ALTER TABLE organisations ADD COLUMN contact_email TEXT CHECK (length(contact_email) <= 254);
ALTER TABLE organisations ADD COLUMN contact_language TEXT NOT NULL DEFAULT 'vi'
    CHECK (contact_language IN ('vi', 'en', 'id'));

-- One row per organisation and day whose digest was sent (or is being sent): claimed in a
-- transaction before the message leaves, so that two servers, or a server restarted, never
-- send the same day's digest twice. A send that fails removes its claim, so a later run
-- retries it.
CREATE TABLE digests_sent (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    day             TEXT NOT NULL,   -- YYYY-MM-DD, the day the digest reports on
    sent_at         TEXT NOT NULL,   -- RFC 3339 UTC, when it was claimed
    recipient       TEXT NOT NULL,
    UNIQUE (organisation_id, day)
);
