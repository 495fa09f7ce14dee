-- Issue 11, items 3 and 6 (SQLite): service accounts, and calendar overrides and decisions
-- that belong to a province.

-- A service account is an integration (a GIS sync, a reporting job), not a person: it never
-- signs in with a password (it is made with a random one nobody is shown) and acts only
-- through API tokens, which the administrator may make for it. A person's tokens are made
-- by that person alone.
ALTER TABLE users ADD COLUMN service_account INTEGER NOT NULL DEFAULT 0
    CHECK (service_account IN (0, 1));

-- Calendar overrides belong to a province; national holidays come from the law (the
-- domain's holiday rules), and the Government's yearly arrangements (a swapped Tết day) are
-- national overrides, entered by the operator: province_code NULL.
--
-- Rows from before this migration were set for every province at once (the table had no
-- province), and the deadlines already stored were computed with them. They are kept as
-- national (NULL), so that no dossier's deadline moves on migration; the operator can move
-- one to a province with `plantrack calendar unset DATE --national` and `set … --province`.
-- SQLite cannot drop a primary key, so the table is rebuilt.
CREATE TABLE calendar_overrides_by_province (
    province_code TEXT,   -- NULL: national
    day           TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day')),
    note          TEXT NOT NULL
);
INSERT INTO calendar_overrides_by_province (province_code, day, kind, note)
    SELECT NULL, day, kind, note FROM calendar_overrides;
DROP TABLE calendar_overrides;
ALTER TABLE calendar_overrides_by_province RENAME TO calendar_overrides;
-- One override a day in each province, and one national one.
CREATE UNIQUE INDEX calendar_overrides_province_day ON calendar_overrides(province_code, day)
    WHERE province_code IS NOT NULL;
CREATE UNIQUE INDEX calendar_overrides_national_day ON calendar_overrides(day)
    WHERE province_code IS NULL;

-- Decisions belong to the province that issued them, and their numbers are unique within it
-- ("12/QĐ-UBND" exists in every province). Decisions recorded before this migration keep a
-- NULL province and stay listed with every province's, as they were.
CREATE TABLE decisions_by_province (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT,
    number        TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    title         TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
INSERT INTO decisions_by_province (id, province_code, number, issued_on, issuer, title, recorded_at)
    SELECT id, NULL, number, issued_on, issuer, title, recorded_at FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_by_province RENAME TO decisions;
CREATE UNIQUE INDEX decisions_province_number ON decisions(province_code, number);
