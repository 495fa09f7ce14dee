-- Accounts (issue 3): organisations, users, login throttling, sessions and API tokens
-- (SQLite). No secret is stored: a password as its argon2id PHC string (salt and parameters
-- included), a session id or an API token as the SHA-256 (hex) of its secret. Timestamps are
-- fixed-width RFC 3339 UTC text with microseconds, so they compare in order as text.

CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL CHECK (kind IN ('provincial_pc', 'construction_dept',
                      'sector_department', 'commune_pc', 'consultant_firm', 'public')),
    name          TEXT NOT NULL UNIQUE,
    province_code TEXT NOT NULL,
    unit_code     TEXT REFERENCES units(code),
    created_at    TEXT NOT NULL,
    -- A commune People's Committee has its unit; no other kind has one.
    CHECK ((kind = 'commune_pc') = (unit_code IS NOT NULL))
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    password_hash       TEXT NOT NULL,   -- argon2id PHC string
    role                TEXT NOT NULL CHECK (role IN ('administrator', 'leadership', 'appraiser',
                            'department_officer', 'commune_officer', 'consultant', 'public')),
    organisation_id     INTEGER NOT NULL REFERENCES organisations(id),
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    disabled_at         TEXT
);
CREATE INDEX users_organisation ON users(organisation_id);

-- Failed logins of the last 15 minutes, per username as typed (known or not, so that a lock
-- tells nothing about which accounts exist). An attempt is written before its password is
-- checked and removed when it succeeds, so parallel guesses are counted too.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    username  TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, failed_at);
CREATE INDEX login_failures_time ON login_failures(failed_at);

CREATE TABLE login_locks (
    username     TEXT PRIMARY KEY,
    locked_until TEXT NOT NULL
);

-- Server-side sessions. Idle expiry is last_seen_at + 30 minutes; expires_at is the absolute one.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,   -- SHA-256 of the secret in the browser's cookie
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- API tokens for integrations, scoped to the role and organisation their user had when the
-- token was made: if either changes, the token stops working.
CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash      TEXT NOT NULL UNIQUE,   -- SHA-256 of the secret shown once
    user_id         INTEGER NOT NULL REFERENCES users(id),
    role            TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    label           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_used_at    TEXT,
    revoked_at      TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
