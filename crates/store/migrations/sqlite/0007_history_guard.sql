-- Who acted and a history that cannot be overwritten (issue 11, items 2 and 5), SQLite.

-- The account behind each event and how it acted: 'operator' (the command line, no account),
-- 'session' or 'token'. NULL on events recorded before this migration; their hashes do not
-- cover these columns (see crates/store/src/audit/chain.rs). No foreign keys: the history
-- stands on its own, whatever later happens to the accounts it names (the history page joins
-- them when they are there).
ALTER TABLE dossier_events ADD COLUMN via TEXT CHECK (via IN ('operator', 'session', 'token'));
ALTER TABLE dossier_events ADD COLUMN account_id INTEGER;
ALTER TABLE dossier_events ADD COLUMN token_id INTEGER;

-- `INSERT OR REPLACE` deletes the conflicting row without firing delete triggers, so the
-- update and delete guards of 0001 do not stop it from rewriting an event: refuse any insert
-- that would meet an existing event, before the conflict is resolved.
CREATE TRIGGER dossier_events_no_replace BEFORE INSERT ON dossier_events
WHEN EXISTS (SELECT 1 FROM dossier_events WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM dossier_events WHERE dossier_id = NEW.dossier_id AND seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: an event is never replaced'); END;

-- Reports print the digest of every dossier's last hash, in dossier order: read from this
-- index alone, without the wide state column.
CREATE INDEX dossiers_heads ON dossiers(id, head_hash);
