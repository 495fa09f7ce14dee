-- Issue 11, items 3 and 6 (PostgreSQL): service accounts, and calendar overrides and
-- decisions that belong to a province.

-- A service account is an integration (a GIS sync, a reporting job), not a person: it never
-- signs in with a password (it is made with a random one nobody is shown) and acts only
-- through API tokens, which the administrator may make for it. A person's tokens are made
-- by that person alone.
ALTER TABLE users ADD COLUMN service_account BIGINT NOT NULL DEFAULT 0
    CHECK (service_account IN (0, 1));

-- Calendar overrides belong to a province; national holidays come from the law (the
-- domain's holiday rules), and the Government's yearly arrangements (a swapped Tết day) are
-- national overrides, entered by the operator: province_code NULL.
--
-- Rows from before this migration were set for every province at once (the table had no
-- province), and the deadlines already stored were computed with them. They are kept as
-- national (NULL), so that no dossier's deadline moves on migration; the operator can move
-- one to a province with `plantrack calendar unset DATE --national` and `set … --province`.
ALTER TABLE calendar_overrides DROP CONSTRAINT calendar_overrides_pkey;
ALTER TABLE calendar_overrides ADD COLUMN province_code TEXT;
-- One override a day in each province, and one national one.
CREATE UNIQUE INDEX calendar_overrides_province_day ON calendar_overrides(province_code, day)
    WHERE province_code IS NOT NULL;
CREATE UNIQUE INDEX calendar_overrides_national_day ON calendar_overrides(day)
    WHERE province_code IS NULL;

-- Decisions belong to the province that issued them, and their numbers are unique within it
-- ("12/QĐ-UBND" exists in every province). Decisions recorded before this migration keep a
-- NULL province and stay listed with every province's, as they were.
ALTER TABLE decisions ADD COLUMN province_code TEXT;
ALTER TABLE decisions DROP CONSTRAINT decisions_number_key;
CREATE UNIQUE INDEX decisions_province_number ON decisions(province_code, number);
