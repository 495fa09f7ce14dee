-- Funding of the plans (issue 16): allocation decisions, their lines per unit, plan and
-- purpose, contracts with consultant firms on a line, and the payments under a contract.
-- Amounts are whole đồng (INTEGER). A contract keeps the running total of its payments
-- (`paid_vnd`), raised by one conditional UPDATE per payment, so that payments racing on one
-- contract cannot together exceed its value. Every change is also an event of
-- `follow_up_events` (0014), the province's hash chain, in the same transaction.

CREATE TABLE funding_decisions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT NOT NULL,
    -- As written on the decision: "2785/QĐ-UBND".
    number        TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    total_vnd     INTEGER NOT NULL CHECK (total_vnd > 0),
    -- The decision's document: its file reference or link.
    document      TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (province_code, number)
);

CREATE TABLE funding_lines (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id  INTEGER NOT NULL REFERENCES funding_decisions(id),
    unit_code    TEXT NOT NULL REFERENCES units(code),
    -- The plan's dossier, when the line is for one plan.
    dossier_id   INTEGER REFERENCES dossiers(id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('task', 'plan', 'survey_base_maps',
                     'consultation', 'publication', 'boundary_markers')),
    amount_vnd   INTEGER NOT NULL CHECK (amount_vnd > 0),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX funding_lines_decision ON funding_lines(decision_id);
CREATE INDEX funding_lines_unit ON funding_lines(unit_code);

CREATE TABLE funding_contracts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    line_id          INTEGER NOT NULL REFERENCES funding_lines(id),
    -- A consultant firm: an organisation of kind consultant_firm.
    consultant_id    INTEGER NOT NULL REFERENCES organisations(id),
    number           TEXT NOT NULL,
    value_vnd        INTEGER NOT NULL CHECK (value_vnd > 0),
    signed_on        TEXT NOT NULL,
    -- The dossier's consultant_contract document, by its number in the dossier.
    document_seq     INTEGER,
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    cancelled_on     TEXT,
    cancel_reason    TEXT,
    paid_vnd         INTEGER NOT NULL DEFAULT 0 CHECK (paid_vnd >= 0 AND paid_vnd <= value_vnd),
    signed_by        TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX funding_contracts_line ON funding_contracts(line_id);
CREATE INDEX funding_contracts_consultant ON funding_contracts(consultant_id);

CREATE TABLE funding_payments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id  INTEGER NOT NULL REFERENCES funding_contracts(id),
    paid_on      TEXT NOT NULL,
    amount_vnd   INTEGER NOT NULL CHECK (amount_vnd > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('advance', 'settlement')),
    -- The payment order's number or a link.
    document     TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX funding_payments_contract ON funding_payments(contract_id);
