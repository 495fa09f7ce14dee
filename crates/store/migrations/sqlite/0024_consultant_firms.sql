-- Consultant firms, their people and certificates, and who is assigned to which plan (issue
-- 16). A firm is an `organisations` row of kind 'consultant_firm' (its accounts sign in as it;
-- contracts name it by that id); this table adds what the firm is known by. Whether a
-- certificate holds, and whether a lead carries too much, is read on a day by the domain from
-- these dates. Every change is also an event of `follow_up_events` (0014), the province's
-- hash chain, in the same transaction.

CREATE TABLE consultant_firms (
    organisation_id        INTEGER PRIMARY KEY REFERENCES organisations(id),
    -- MST: 10 digits, or 10 digits, '-' and 3 digits (checked by the domain).
    tax_code               TEXT NOT NULL UNIQUE,
    address                TEXT NOT NULL,
    contact                TEXT NOT NULL DEFAULT '',
    -- The organisation's capability certificate for planning.
    certificate_number     TEXT NOT NULL,
    certificate_grade      TEXT NOT NULL CHECK (certificate_grade IN ('I', 'II', 'III')),
    certificate_issuer     TEXT NOT NULL,
    certificate_issued_on  TEXT NOT NULL,
    certificate_expires_on TEXT NOT NULL,
    registered_at          TEXT NOT NULL,
    CHECK (certificate_expires_on > certificate_issued_on)
);

-- The people a firm puts on plans; `experience_from` is when their professional experience
-- began (Decree 175/2024 Art 79(2) counts years of it behind each grade).
CREATE TABLE consultant_people (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    firm_id          INTEGER NOT NULL REFERENCES consultant_firms(organisation_id),
    name             TEXT NOT NULL,
    experience_from  TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX consultant_people_firm ON consultant_people(firm_id);

CREATE TABLE practising_certificates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id   INTEGER NOT NULL REFERENCES consultant_people(id),
    number      TEXT NOT NULL UNIQUE,
    discipline  TEXT NOT NULL CHECK (discipline IN ('architecture_planning', 'transport',
                    'water_supply_drainage', 'electricity', 'environment', 'economics')),
    grade       TEXT NOT NULL CHECK (grade IN ('I', 'II', 'III')),
    issuer      TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (expires_on > issued_on)
);
CREATE INDEX practising_certificates_person ON practising_certificates(person_id);

-- Who works on a plan: the firm, its lead planner, its discipline leads. Running while
-- `ended_on` is NULL; a new firm on the plan ends the previous firm's assignments.
CREATE TABLE consultant_assignments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
    province_code  TEXT NOT NULL,
    firm_id        INTEGER NOT NULL REFERENCES consultant_firms(organisation_id),
    person_id      INTEGER REFERENCES consultant_people(id),
    role           TEXT NOT NULL CHECK (role IN ('firm', 'lead', 'discipline_lead')),
    -- '' unless a discipline lead: the unique index below needs a value, not NULL.
    discipline     TEXT NOT NULL DEFAULT '',
    assigned_on    TEXT NOT NULL,
    ended_on       TEXT,
    assigned_by    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK ((role = 'firm') = (person_id IS NULL)),
    CHECK ((role = 'discipline_lead') = (discipline <> ''))
);
-- One running firm, one running lead and one running lead per discipline on a plan.
CREATE UNIQUE INDEX consultant_assignments_running
    ON consultant_assignments(dossier_id, role, discipline) WHERE ended_on IS NULL;
CREATE INDEX consultant_assignments_firm ON consultant_assignments(firm_id);
CREATE INDEX consultant_assignments_province ON consultant_assignments(province_code);

-- A province's limit of plans one lead carries at once (the default when it has no row).
CREATE TABLE consultant_rules (
    province_code       TEXT PRIMARY KEY,
    max_plans_per_lead  INTEGER NOT NULL CHECK (max_plans_per_lead >= 1)
);
