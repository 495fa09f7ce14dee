//! Password sign-in, throttled in the database so that every server behind it counts alike.
//!
//! Three counters (table `login_throttle`, migration 0015): the account from addresses it has
//! not signed in from lately, which blocks after [`MAX_FAILURES`]; the client address across
//! accounts, which blocks after [`MAX_ADDRESS_FAILURES`]; and the account at an address it
//! signed in from within [`KNOWN_ADDRESS_FOR`], which backs off exponentially instead — so an
//! attacker elsewhere can block an account only for everyone but its owner.

use std::net::IpAddr;

use super::gate::gate;
use super::*;

/// What a counter limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Account,
    Address,
    AccountAtAddress,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Address => "address",
            Kind::AccountAtAddress => "account_at_address",
        }
    }

    /// How long failures are remembered after the first of them.
    fn window(self) -> TimeDelta {
        match self {
            Kind::Account | Kind::Address => FAILURE_WINDOW,
            Kind::AccountAtAddress => BACKOFF_WINDOW,
        }
    }

    /// Until when the counter is blocked if the attempt that made it `failures` fails.
    fn blocks_until(self, failures: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Kind::Account => (failures >= MAX_FAILURES).then(|| now + LOCK_DURATION),
            Kind::Address => (failures >= MAX_ADDRESS_FAILURES).then(|| now + LOCK_DURATION),
            Kind::AccountAtAddress => Some(now + backoff(failures)),
        }
    }
}

/// The wait after the `failures`-th failure at a known address: 1 s, 2 s, 4 s … up to
/// [`BACKOFF_MAX`].
fn backoff(failures: i64) -> TimeDelta {
    let doublings = (failures - 1).clamp(0, 20) as i32;
    (BACKOFF_FIRST * (1 << doublings)).min(BACKOFF_MAX)
}

/// How a client address is counted: an IPv6 client by its /64, which one subscriber usually
/// holds whole (a new address in it costs nothing), an IPv4-mapped one as IPv4.
pub(crate) fn address_key(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                v4.to_string()
            } else {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

struct Counter {
    kind: Kind,
    key: String,
    username: Option<String>,
}

impl Counter {
    fn account(username: &str) -> Counter {
        Counter {
            kind: Kind::Account,
            key: username.to_owned(),
            username: Some(username.to_owned()),
        }
    }

    fn address(address: &str) -> Counter {
        Counter {
            kind: Kind::Address,
            key: address.to_owned(),
            username: None,
        }
    }

    fn account_at(username: &str, address: &str) -> Counter {
        Counter {
            kind: Kind::AccountAtAddress,
            // Usernames hold no space (`validate_username`).
            key: format!("{username} {address}"),
            username: Some(username.to_owned()),
        }
    }
}

/// Counts one attempt on `counter`, unless it is blocked: then says until when, counting
/// nothing. One upsert, whose `WHERE` reads the row under its lock, so parallel attempts are
/// counted one after the other and none slips past a block another has just set.
async fn count(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    counter: &Counter,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let kind = counter.kind;
    let now_text = ts(now);
    let failures: Option<i64> = sqlx::query_scalar(
        "INSERT INTO login_throttle (kind, key, username, failures, window_start, blocked_until) \
         VALUES ($1, $2, $3, 1, $4, NULL) \
         ON CONFLICT (kind, key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_start <= $5 THEN 1 \
                           ELSE login_throttle.failures + 1 END, \
           window_start = CASE WHEN login_throttle.window_start <= $5 THEN $4 \
                               ELSE login_throttle.window_start END, \
           blocked_until = NULL \
         WHERE login_throttle.blocked_until IS NULL OR login_throttle.blocked_until <= $4 \
         RETURNING failures",
    )
    .bind(kind.as_str())
    .bind(&counter.key)
    .bind(counter.username.as_deref())
    .bind(&now_text)
    .bind(ts(now - kind.window()))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(failures) = failures else {
        let until: Option<String> = sqlx::query_scalar(
            "SELECT blocked_until FROM login_throttle WHERE kind = $1 AND key = $2",
        )
        .bind(kind.as_str())
        .bind(&counter.key)
        .fetch_one(&mut **tx)
        .await?;
        let until = until.ok_or_else(|| StoreError::corrupt("a refused count with no block"))?;
        return Ok(Some(parse_ts(&until)?));
    };
    // Blocked already, before the password is checked: an attempt running in parallel with
    // this one is refused; this one's success lifts it (`forgive`).
    if let Some(until) = kind.blocks_until(failures, now) {
        sqlx::query("UPDATE login_throttle SET blocked_until = $3 WHERE kind = $1 AND key = $2")
            .bind(kind.as_str())
            .bind(&counter.key)
            .bind(ts(until))
            .execute(&mut **tx)
            .await?;
        if kind != Kind::AccountAtAddress {
            tracing::warn!(
                kind = kind.as_str(),
                key = %counter.key,
                blocked_until = %ts(until),
                "sign-ins blocked after {failures} failures within {} minutes",
                kind.window().num_minutes()
            );
        }
    }
    Ok(None)
}

/// Takes back the count of an attempt whose password was right: the account at a known
/// address starts its backoff again; the account and address counters lose one failure.
async fn forgive(tx: &mut sqlx::Transaction<'_, sqlx::Any>, counter: &Counter) -> Result<()> {
    let sql = if counter.kind == Kind::AccountAtAddress {
        "DELETE FROM login_throttle WHERE kind = $1 AND key = $2"
    } else {
        "UPDATE login_throttle SET failures = failures - 1, blocked_until = NULL \
         WHERE kind = $1 AND key = $2 AND failures > 0"
    };
    sqlx::query(sql)
        .bind(counter.kind.as_str())
        .bind(&counter.key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Db {
    /// Checks a username and password from `client`.
    ///
    /// First through the gate ([`super::gate`]): beyond the sign-ins it admits at once,
    /// [`LoginError::Busy`] with nothing else done. Then the attempt is counted before its
    /// password is checked (see the module); while a counter is blocked the attempt is refused
    /// with [`LoginError::LockedUntil`] unchecked, even with the right password. Unknown
    /// usernames are counted and blocked like real ones and take the same work (a dummy
    /// verification), so neither the answer nor its time tells which accounts exist.
    /// [`LoginError::Disabled`] is said only to someone who gave the right password.
    pub(crate) async fn authenticate(
        &self,
        username: &str,
        password: &str,
        client: IpAddr,
        now: DateTime<Utc>,
    ) -> Result<Principal, LoginError> {
        let _admitted = gate().admit().inspect_err(|_| {
            tracing::warn!("sign-in refused: too many at once");
        })?;
        let username = username.trim().to_lowercase();
        let address = address_key(client);
        let well_formed = validate_username(&username).is_ok();
        let known = well_formed && self.known_address(&username, &address, now).await?;
        let counters = if known {
            vec![Counter::account_at(&username, &address)]
        } else if well_formed {
            vec![Counter::address(&address), Counter::account(&username)]
        } else {
            // No such account can exist: only the address counts it.
            vec![Counter::address(&address)]
        };
        // All counted or none (in this order everywhere, so PostgreSQL's row locks cannot
        // deadlock): a refused attempt costs its sender nothing it could learn from.
        let mut tx = self.pool.begin().await?;
        for counter in &counters {
            if let Some(until) = count(&mut tx, counter, now).await? {
                tx.rollback().await?;
                if well_formed {
                    tracing::warn!(%username, %address, blocked_until = %ts(until), "login refused: blocked");
                } else {
                    tracing::warn!(%address, blocked_until = %ts(until), "login refused: blocked");
                }
                return Err(LoginError::LockedUntil(until));
            }
        }
        tx.commit().await?;
        let row = if well_formed {
            sqlx::query("SELECT id, password_hash, disabled_at FROM users WHERE username = $1")
                .bind(&username)
                .fetch_optional(&self.pool)
                .await?
        } else {
            None
        };
        let account = if let Some(row) = &row {
            let hash: String = row.try_get("password_hash")?;
            if verify_password(password, &hash).await? {
                let id: i64 = row.try_get("id")?;
                let disabled: Option<String> = row.try_get("disabled_at")?;
                Some((id, disabled.is_some()))
            } else {
                None
            }
        } else {
            dummy_verify(password).await?;
            None
        };
        let Some((user_id, disabled)) = account else {
            if well_formed {
                tracing::warn!(%username, %address, known, "login failed: bad credentials");
            } else {
                // Log nothing of what was typed.
                tracing::warn!(%address, "login failed: malformed username");
            }
            return Err(LoginError::BadCredentials);
        };
        let mut tx = self.pool.begin().await?;
        for counter in &counters {
            forgive(&mut tx, counter).await?;
        }
        if !disabled {
            sqlx::query(
                "INSERT INTO login_known_addresses (username, address, last_success_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (username, address) \
                 DO UPDATE SET last_success_at = excluded.last_success_at",
            )
            .bind(&username)
            .bind(&address)
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        // Sign-ins that succeed are few (people, not floods): each sweeps what is over.
        self.purge_login_throttle(now).await?;
        if disabled {
            tracing::warn!(%username, "login refused: account disabled");
            return Err(LoginError::Disabled);
        }
        Ok(self.principal(user_id).await?)
    }

    /// Whether `username` signed in from `address` within [`KNOWN_ADDRESS_FOR`].
    async fn known_address(
        &self,
        username: &str,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_known_addresses \
             WHERE username = $1 AND address = $2 AND last_success_at > $3",
        )
        .bind(username)
        .bind(address)
        .bind(ts(now - KNOWN_ADDRESS_FOR))
        .fetch_one(&self.pool)
        .await?;
        Ok(found > 0)
    }

    /// Forgets counters whose failures and block are over and addresses not used for
    /// [`KNOWN_ADDRESS_FOR`], so that a flood of made-up usernames leaves nothing behind.
    pub(crate) async fn purge_login_throttle(&self, now: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        let counters = sqlx::query(
            "DELETE FROM login_throttle WHERE window_start <= $1 \
             AND (blocked_until IS NULL OR blocked_until <= $2)",
        )
        .bind(ts(now - FAILURE_WINDOW.max(BACKOFF_WINDOW)))
        .bind(ts(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let addresses =
            sqlx::query("DELETE FROM login_known_addresses WHERE last_success_at <= $1")
                .bind(ts(now - KNOWN_ADDRESS_FOR))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(counters + addresses)
    }

    pub(super) async fn active_user(&self, user_id: i64) -> Result<()> {
        let disabled: Option<Option<String>> =
            sqlx::query_scalar("SELECT disabled_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        match disabled {
            None => Err(StoreError::not_found("user", &user_id)),
            Some(Some(_)) => {
                Err(DomainError::invalid("username", "the account is disabled").into())
            }
            Some(None) => Ok(()),
        }
    }
}
