-- A meeting's agenda, participants and minutes (issue 13, item 1), and the series it belongs
-- to: the next review meeting follows one before it and takes up its items not done.

ALTER TABLE meetings ADD COLUMN minutes TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN follows_id INTEGER REFERENCES meetings(id);

CREATE TABLE agenda_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    presenter    TEXT NOT NULL DEFAULT '',
    -- Planned duration in minutes.
    duration     INTEGER NOT NULL DEFAULT 0,
    -- The unit it is about, when one.
    unit_code    TEXT,
    state        TEXT NOT NULL CHECK (state IN ('open', 'done', 'carried')),
    outcome      TEXT NOT NULL DEFAULT '',
    -- The item of the previous meeting it takes up.
    carried_from INTEGER REFERENCES agenda_items(id),
    UNIQUE (meeting_id, position)
);

CREATE TABLE meeting_participants (
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    -- NULL until marked while the meeting is held: 1 present, 0 absent.
    attended        INTEGER,
    PRIMARY KEY (meeting_id, organisation_id)
);
