-- Several `plantrack serve` processes behind one database (issue 12, item 8; on SQLite they
-- share one file on one machine): what one server knows, every server must know, so it lives
-- here rather than in a process.

-- Layer imports running in the background, with their progress, for their pages on any
-- server. The server running one writes its progress a few times a second at most and its
-- heartbeat every few seconds; a running job whose heartbeat stopped belongs to a server that
-- stopped, and reads as interrupted. Finished jobs are forgotten an hour after they end.
CREATE TABLE import_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    layer_key    TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    version      INTEGER,
    features     INTEGER,
    error        TEXT,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX import_jobs_ended ON import_jobs(ended_at);
CREATE INDEX import_jobs_running ON import_jobs(layer_key, state, heartbeat_at);

-- Templates and calendar overrides are kept in each server's memory (every deadline reads
-- them); any change to them, by any server or the command line, moves this number, and a
-- server that sees it moved reads them again.
CREATE TABLE settings_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO settings_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER workflow_templates_inserted AFTER INSERT ON workflow_templates
BEGIN UPDATE settings_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER workflow_templates_updated AFTER UPDATE ON workflow_templates
BEGIN UPDATE settings_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER workflow_templates_deleted AFTER DELETE ON workflow_templates
BEGIN UPDATE settings_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_overrides_inserted AFTER INSERT ON calendar_overrides
BEGIN UPDATE settings_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_overrides_updated AFTER UPDATE ON calendar_overrides
BEGIN UPDATE settings_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_overrides_deleted AFTER DELETE ON calendar_overrides
BEGIN UPDATE settings_generation SET generation = generation + 1 WHERE id = 1; END;
