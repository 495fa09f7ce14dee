-- Who acted and a history that cannot be overwritten (issue 11, items 2 and 5), PostgreSQL.

-- The account behind each event and how it acted: 'operator' (the command line, no account),
-- 'session' or 'token'. NULL on events recorded before this migration; their hashes do not
-- cover these columns (see crates/store/src/audit/chain.rs). No foreign keys: the history
-- stands on its own, whatever later happens to the accounts it names (the history page joins
-- them when they are there).
ALTER TABLE dossier_events
    ADD COLUMN via TEXT CHECK (via IN ('operator', 'session', 'token')),
    ADD COLUMN account_id BIGINT,
    ADD COLUMN token_id BIGINT;

-- TRUNCATE fires no row triggers: refuse it with a statement trigger. (An `INSERT … ON
-- CONFLICT DO UPDATE` is an update, which 0001's trigger already refuses.) Triggers bind
-- only a role that cannot disable them: the app connects as a role that does not own the
-- tables (`plantrack migrate --app-role`, README "Database roles").
CREATE TRIGGER dossier_events_no_truncate BEFORE TRUNCATE ON dossier_events
FOR EACH STATEMENT EXECUTE FUNCTION plantrack_append_only();

-- Reports print the digest of every dossier's last hash, in dossier order: read from this
-- index alone, without the wide state column.
CREATE INDEX dossiers_heads ON dossiers(id, head_hash);
