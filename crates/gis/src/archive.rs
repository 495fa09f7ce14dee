//! Unpacking zip archives within bounds, against zip bombs: a 1 MB upload must not become
//! gigabytes on disk or in memory. Every archive plantrack opens (zipped Shapefiles, backups)
//! goes through [`BoundedZip`]:
//!
//! - the sizes the central directory declares are added up before anything is unpacked, and
//!   an archive declaring more than its budget is refused at once;
//! - declared sizes can lie (the deflate stream is bounded by its compressed size only), so
//!   every byte read is also counted, and reading stops with an error at the budget: no
//!   caller ever receives, and so never writes, a byte beyond it.
//!
//! The budget is the smaller of an absolute cap and a ratio times the archive's own size,
//! shared by all the archive's entries.

use std::io::{Read, Seek};

/// How far an archive may unpack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// The most bytes all entries together may unpack to.
    pub max_bytes: u64,
    /// The most times the archive's own size all entries together may unpack to.
    pub max_ratio: u64,
}

impl ArchiveLimits {
    /// The default absolute cap, in MiB (`--max-unpacked-mb`).
    pub const DEFAULT_MB: u64 = 500;
    /// Real Shapefiles and backups compress 2–10×; 20× leaves room and refuses bombs, which
    /// reach 1000× and more.
    pub const DEFAULT_RATIO: u64 = 20;

    /// The default ratio with an absolute cap of `mb` MiB.
    pub fn from_mb(mb: u64) -> Self {
        ArchiveLimits {
            max_bytes: mb.saturating_mul(1 << 20),
            max_ratio: Self::DEFAULT_RATIO,
        }
    }

    /// The absolute cap in MiB, as the user gave it.
    pub fn max_mb(&self) -> u64 {
        self.max_bytes >> 20
    }

    /// The bytes an archive of `archive_bytes` may unpack to.
    pub fn budget(&self, archive_bytes: u64) -> u64 {
        self.max_bytes
            .min(archive_bytes.saturating_mul(self.max_ratio))
    }
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self::from_mb(Self::DEFAULT_MB)
    }
}

/// An archive that unpacks (or claims to) beyond its [`ArchiveLimits`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the archive unpacks to more than {budget} bytes (limits: {} MiB, or {}× the archive's {archive_bytes} bytes): send the data unpacked, or split it",
    limits.max_mb(),
    limits.max_ratio
)]
pub struct TooLarge {
    pub limits: ArchiveLimits,
    pub archive_bytes: u64,
    /// The bytes this archive was allowed.
    pub budget: u64,
}

impl TooLarge {
    /// The [`TooLarge`] an I/O error from a [`BoundedEntry`] carries, if it is one.
    pub fn in_io(e: &std::io::Error) -> Option<&TooLarge> {
        e.get_ref()?.downcast_ref::<TooLarge>()
    }
}

/// A zip archive whose entries are read within a budget shared by all of them.
pub struct BoundedZip<R> {
    archive: zip::ZipArchive<R>,
    over: TooLarge,
    /// Bytes handed out so far, across entries.
    read: u64,
}

impl<R: Read + Seek> BoundedZip<R> {
    /// Wraps an opened archive of `archive_bytes` bytes; refuses it at once if its central
    /// directory declares more than the budget.
    pub fn new(
        mut archive: zip::ZipArchive<R>,
        archive_bytes: u64,
        limits: ArchiveLimits,
    ) -> Result<Self, TooLarge> {
        let over = TooLarge {
            limits,
            archive_bytes,
            budget: limits.budget(archive_bytes),
        };
        let mut declared: u64 = 0;
        for index in 0..archive.len() {
            // An entry whose header cannot be read is the caller's error to report when it
            // reads it; here only the sizes matter.
            if let Ok(entry) = archive.by_index_raw(index) {
                declared = declared.saturating_add(entry.size());
            }
            if declared > over.budget {
                return Err(over);
            }
        }
        Ok(BoundedZip {
            archive,
            over,
            read: 0,
        })
    }

    /// The names of the archive's entries.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.archive.file_names()
    }

    /// The entry `name`, read within what is left of the budget.
    pub fn by_name(&mut self, name: &str) -> zip::result::ZipResult<BoundedEntry<'_, R>> {
        let BoundedZip {
            archive,
            over,
            read,
        } = self;
        Ok(BoundedEntry {
            inner: archive.by_name(name)?,
            over,
            read,
        })
    }
}

/// One entry of a [`BoundedZip`]: reading past the budget fails with an I/O error carrying
/// [`TooLarge`] (see [`TooLarge::in_io`]), and no byte beyond it is returned.
pub struct BoundedEntry<'a, R: Read> {
    inner: zip::read::ZipFile<'a, R>,
    over: &'a TooLarge,
    read: &'a mut u64,
}

impl<R: Read> Read for BoundedEntry<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let left = self.over.budget.saturating_sub(*self.read);
        // One byte more than is left: getting it is how the overflow shows.
        let ask = buf
            .len()
            .min(usize::try_from(left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..ask])?;
        if n as u64 > left {
            return Err(std::io::Error::other(self.over.clone()));
        }
        *self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    /// A zip of `entries` files of `each` zero bytes, deflated (about 1000× smaller).
    fn zeros(entries: usize, each: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let chunk = vec![0u8; 1 << 16];
        for i in 0..entries {
            zip.start_file(format!("f{i}"), SimpleFileOptions::default())
                .unwrap();
            let mut left = each;
            while left > 0 {
                let n = left.min(chunk.len());
                zip.write_all(&chunk[..n]).unwrap();
                left -= n;
            }
        }
        zip.finish().unwrap().into_inner()
    }

    fn open(bytes: &[u8], limits: ArchiveLimits) -> Result<BoundedZip<Cursor<&[u8]>>, TooLarge> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        BoundedZip::new(archive, bytes.len() as u64, limits)
    }

    #[test]
    fn budgets_take_the_smaller_limit() {
        let limits = ArchiveLimits::from_mb(500);
        assert_eq!(limits.budget(1000), 20_000);
        assert_eq!(limits.budget(1 << 30), 500 << 20);
        assert_eq!(limits.budget(u64::MAX), 500 << 20);
        assert_eq!(limits.max_mb(), 500);
    }

    #[test]
    fn declared_sizes_over_the_budget_are_refused_up_front() {
        let bomb = zeros(2, 4 << 20);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let err = open(&bomb, ArchiveLimits::default()).err().unwrap();
        assert_eq!(err.budget, bomb.len() as u64 * 20);
        // Within a generous ratio it opens, and reads whole.
        let loose = ArchiveLimits {
            max_bytes: 1 << 30,
            max_ratio: 100_000,
        };
        let mut zip = open(&bomb, loose).unwrap();
        let mut all = Vec::new();
        zip.by_name("f1").unwrap().read_to_end(&mut all).unwrap();
        assert_eq!(all.len(), 4 << 20);
    }

    #[test]
    fn reading_stops_at_the_budget_when_sizes_lie() {
        let mut bomb = zeros(1, 4 << 20);
        // Rewrite the central directory's uncompressed size (offset 24 in its header) to 10.
        let at = bomb.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bomb[at + 24..at + 28].copy_from_slice(&10u32.to_le_bytes());
        let limits = ArchiveLimits {
            max_bytes: 1 << 20,
            max_ratio: 100_000,
        };
        let mut zip = open(&bomb, limits).expect("the directory claims 10 bytes");
        let mut out = Vec::new();
        let err = zip
            .by_name("f0")
            .unwrap()
            .read_to_end(&mut out)
            .unwrap_err();
        assert_eq!(TooLarge::in_io(&err).unwrap().budget, 1 << 20);
        assert!(out.len() as u64 <= 1 << 20, "{}", out.len());
    }

    #[test]
    fn the_budget_is_shared_by_the_entries() {
        let bomb = zeros(3, 1 << 20);
        let limits = ArchiveLimits {
            max_bytes: (5 << 20) / 2,
            max_ratio: 100_000,
        };
        // Declared 3 MiB against 2.5 MiB: refused up front.
        assert!(open(&bomb, limits).is_err());
        let limits = ArchiveLimits {
            max_bytes: 3 << 20,
            ..limits
        };
        let mut zip = open(&bomb, limits).unwrap();
        for name in ["f0", "f1", "f2"] {
            std::io::copy(&mut zip.by_name(name).unwrap(), &mut std::io::sink()).unwrap();
        }
    }
}
