//! The cap on password hashing (issue 12, item 1). One argon2id hash needs [`ARGON2_COST`]'s
//! 19 MiB; with nothing capping them, 128 parallel sign-ins took a server from 256 MiB to
//! 4 GiB, and the allocator kept it. So:
//!
//! - hashes run on at most one blocking thread per core ([`Gate::workers`]), each with a work
//!   buffer taken from a pool and put back, so memory stays at workers × 19 MiB however many
//!   ask;
//! - at most [`Gate::admitted`] sign-ins wait for or run a hash at once (the sign-in gate);
//!   the next one is refused at once ([`LoginError::Busy`]) rather than queued without end;
//! - hashing for an account's creation or a password reset (the administrator's or the
//!   command line's) waits for a worker without being refused.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::Block;
use argon2::password_hash::{Output, ParamsString, Salt};
use tokio::sync::Semaphore;

use super::*;

/// How long a refused sign-in is told to wait: the admitted ones are through in well under a
/// second (each hash takes tens of milliseconds, one per core at once).
pub const BUSY_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Sign-ins admitted at once per core, unless set ([`set_sign_in_limit`]).
pub const SIGN_INS_PER_CORE: usize = 5;

/// The process's gate: memory is the process's, whatever database it serves.
static GATE: OnceLock<Gate> = OnceLock::new();

pub(super) fn gate() -> &'static Gate {
    GATE.get_or_init(|| {
        let workers = cores();
        Gate::new(workers, workers * SIGN_INS_PER_CORE)
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Sets how many sign-ins may wait for or run a hash at once (at least 1; `serve
/// --max-sign-ins`); the default is [`SIGN_INS_PER_CORE`] per core.
pub fn set_sign_in_limit(admitted: usize) {
    gate().admitted.store(admitted.max(1), Ordering::Relaxed);
}

/// The number of sign-ins admitted at once, and of hashes run at once.
pub fn sign_in_limits() -> (usize, usize) {
    let g = gate();
    (g.admitted.load(Ordering::Relaxed), g.workers)
}

pub(super) struct Gate {
    workers: usize,
    admitted: AtomicUsize,
    inside: AtomicUsize,
    hashing: Arc<Semaphore>,
    buffers: Mutex<Vec<Vec<Block>>>,
}

/// A sign-in let through the gate; leaving (dropping it) lets the next one in.
pub(super) struct Admission<'a>(&'a Gate);

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.inside.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Gate {
    pub(super) fn new(workers: usize, admitted: usize) -> Gate {
        Gate {
            workers,
            admitted: AtomicUsize::new(admitted.max(1)),
            inside: AtomicUsize::new(0),
            hashing: Arc::new(Semaphore::new(workers)),
            buffers: Mutex::new(Vec::new()),
        }
    }

    /// Lets a sign-in in, or says to come back later: counted atomically, so a burst cannot
    /// slip past the limit.
    pub(super) fn admit(&self) -> Result<Admission<'_>, LoginError> {
        let limit = self.admitted.load(Ordering::Relaxed);
        self.inside
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .map(|_| Admission(self))
            .map_err(|_| LoginError::Busy(BUSY_RETRY_AFTER))
    }

    /// Runs `f` with a work buffer of at least `blocks` blocks on a blocking thread, once one
    /// of the [`Gate::workers`] is free. The worker's permit and the buffer go with the task,
    /// so a caller that gives up (a client gone) does not free them while the hash still runs.
    async fn run<T: Send + 'static>(
        &'static self,
        blocks: usize,
        f: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T> {
        let permit = Arc::clone(&self.hashing)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::corrupt("the password hashing gate was closed"))?;
        blocking(move || {
            let _permit = permit;
            let mut buffer = self
                .buffers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop()
                .unwrap_or_default();
            if buffer.len() < blocks {
                buffer.resize(blocks, Block::default());
            }
            let out = f(&mut buffer[..blocks]);
            self.buffers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(buffer);
            out
        })
        .await
    }
}

/// The parameters, algorithm and version of a stored hash.
fn hasher_of(parsed: &PasswordHash<'_>) -> Result<(Argon2<'static>, Params)> {
    let corrupt =
        |e: argon2::password_hash::Error| StoreError::corrupt(format!("stored password hash: {e}"));
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(corrupt)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| StoreError::corrupt(format!("stored password hash: {e}")))?
        .unwrap_or_default();
    let params = Params::try_from(parsed).map_err(corrupt)?;
    Ok((Argon2::new(algorithm, version, params.clone()), params))
}

/// A new argon2id PHC string of `password` with [`ARGON2_COST`], through the gate.
pub(super) async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    let hasher = argon2();
    let blocks = hasher.params().block_count();
    gate()
        .run(blocks, move |memory| {
            let salt = SaltString::generate(&mut OsRng);
            let mut raw_salt = [0u8; Salt::MAX_LENGTH];
            let raw_salt = salt
                .decode_b64(&mut raw_salt)
                .expect("a generated salt decodes");
            let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
            hasher
                .hash_password_into_with_memory(password.as_bytes(), raw_salt, &mut out, memory)
                .expect("argon2id hashing of a bounded password with fixed parameters cannot fail");
            PasswordHash {
                algorithm: argon2::ARGON2ID_IDENT,
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(hasher.params())
                    .expect("ARGON2_COST is a valid parameter set"),
                salt: Some(salt.as_salt()),
                hash: Some(Output::new(&out).expect("32 bytes is a valid output length")),
            }
            .to_string()
        })
        .await
}

/// Whether `password` matches the stored PHC string (verified with the parameters it records),
/// through the gate.
pub(super) async fn verify_password(password: &str, stored: &str) -> Result<bool> {
    let blocks = {
        let parsed = PasswordHash::new(stored)
            .map_err(|e| StoreError::corrupt(format!("stored password hash: {e}")))?;
        hasher_of(&parsed)?.1.block_count()
    };
    let password = password.to_owned();
    let stored = stored.to_owned();
    gate()
        .run(blocks, move |memory| {
            verify_with(&password, &stored, memory)
        })
        .await?
}

fn verify_with(password: &str, stored: &str, memory: &mut [Block]) -> Result<bool> {
    let corrupt =
        |e: &dyn std::fmt::Display| StoreError::corrupt(format!("stored password hash: {e}"));
    let parsed = PasswordHash::new(stored).map_err(|e| corrupt(&e))?;
    let (hasher, _) = hasher_of(&parsed)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(corrupt(&"no salt or no hash"));
    };
    let mut raw_salt = [0u8; Salt::MAX_LENGTH];
    let raw_salt = salt.decode_b64(&mut raw_salt).map_err(|e| corrupt(&e))?;
    let mut out = vec![0u8; expected.len()];
    match hasher.hash_password_into_with_memory(password.as_bytes(), raw_salt, &mut out, memory) {
        // `Output`'s comparison takes the same time wherever the first difference is.
        Ok(()) => Ok(Output::new(&out).map_err(|e| corrupt(&e))? == expected),
        Err(argon2::Error::PwdTooLong) => Ok(false),
        Err(e) => Err(corrupt(&e)),
    }
}

/// Spends the time of a real verification, so that an unknown username answers no faster
/// than a wrong password.
pub(super) async fn dummy_verify(password: &str) -> Result<()> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let dummy = DUMMY
        .get_or_try_init(|| hash_password("plantrack: no such account"))
        .await?;
    verify_password(password, dummy).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_admits_its_limit_and_no_more() {
        let gate = Gate::new(1, 2);
        let a = gate.admit().unwrap();
        let _b = gate.admit().unwrap();
        assert!(matches!(gate.admit(), Err(LoginError::Busy(d)) if d == BUSY_RETRY_AFTER));
        drop(a);
        let _c = gate.admit().unwrap();
        assert!(gate.admit().is_err());
    }

    #[tokio::test]
    async fn hashes_made_with_a_reused_buffer_verify_and_match_the_library() {
        let stored = hash_password("correct horse battery").await.unwrap();
        assert!(
            verify_password("correct horse battery", &stored)
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery", &stored)
                .await
                .unwrap()
        );
        // The same PHC string as the library's own hasher makes and verifies.
        let parsed = PasswordHash::new(&stored).unwrap();
        assert!(
            argon2()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        let theirs = argon2()
            .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(
            verify_password("correct horse battery", &theirs)
                .await
                .unwrap()
        );
        // Buffers are kept for reuse, never more than one per worker.
        let kept = gate().buffers.lock().unwrap().len();
        assert!((1..=gate().workers).contains(&kept), "{kept}");
    }
}
