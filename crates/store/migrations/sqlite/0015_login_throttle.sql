-- Sign-in throttling (issue 12, item 1), kept in the database so that every `plantrack serve`
-- behind it counts alike (item 8). Replaces the per-username failure rows and locks of 0002:
-- anyone could lock any account, the administrator's too, and a burst of parallel guesses
-- could slip past the count.

DROP TABLE login_failures;
DROP TABLE login_locks;

-- One counter per thing that is limited: an account from addresses it has not signed in from
-- ('account', key = the username as typed, known or not, so a block reveals nothing), a
-- client address across accounts ('address', against password spraying), and an account at
-- an address it signed in from lately ('account_at_address', key = username, a space, the
-- address), which backs off exponentially instead of locking, so that an attacker elsewhere
-- cannot lock its owner out. An attempt is counted by one upsert before its password is
-- checked, refused without a check while `blocked_until` is ahead, and uncounted if right.
CREATE TABLE login_throttle (
    kind          TEXT NOT NULL CHECK (kind IN ('account', 'address', 'account_at_address')),
    key           TEXT NOT NULL,
    username      TEXT,              -- the account concerned, for an administrator's unlock
    failures      BIGINT NOT NULL,
    window_start  TEXT NOT NULL,     -- failures before window_start + the kind's window are forgotten
    blocked_until TEXT,
    PRIMARY KEY (kind, key)
);
CREATE INDEX login_throttle_username ON login_throttle(username);
CREATE INDEX login_throttle_window ON login_throttle(window_start);

-- Where each account signed in successfully, and when last: such an address gets backoff
-- rather than the account's block.
CREATE TABLE login_known_addresses (
    username        TEXT NOT NULL,
    address         TEXT NOT NULL,
    last_success_at TEXT NOT NULL,
    PRIMARY KEY (username, address)
);
CREATE INDEX login_known_addresses_time ON login_known_addresses(last_success_at);
