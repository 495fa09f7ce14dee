//! The document store: uploaded files named by the SHA-256 of their content. The same file
//! uploaded twice is kept once; a version is a new attachment event pointing at a new hash, so
//! nothing is ever overwritten.
//!
//! Files live in one of two places, chosen by `serve --documents`:
//! - a folder (`<root>/ab/cdef…`), on this machine or shared by several servers (NFS, SMB);
//! - an S3-compatible object store (`s3://bucket/prefix`, objects `prefix/ab/cdef…`), which
//!   every server reaches over the network.
//!
//! An upload streams to a temporary file, hashed as it arrives; only when the whole upload
//! arrived within the size limit is it kept under its hash: renamed into place in a folder
//! (the temporary file is in the folder's own `tmp`, so the rename stays on one file system and
//! is atomic), or written as one object (an object appears whole or not at all). A
//! [`BlobWriter`] dropped before [`BlobWriter::finish`] — the client went away, the limit was
//! crossed, the type was refused — removes its temporary file: an interrupted upload leaves
//! nothing behind.
//!
//! Besides uploads, the store lists, reads and restores files by hash ([`BlobStore::list`],
//! [`BlobStore::read`], [`BlobStore::restore`]): what a backup reads and a restore writes.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

mod sweep;
pub use sweep::Swept;

/// Where uploaded files live.
#[derive(Debug, Clone)]
pub struct BlobStore {
    backend: Backend,
    /// Where uploads wait while they arrive, on this machine.
    spool: PathBuf,
    /// The largest file accepted, in bytes.
    pub max_size: u64,
}

#[derive(Debug, Clone)]
enum Backend {
    /// A folder, local or shared by every server.
    Folder(PathBuf),
    /// An object store (S3-compatible), every file under `prefix`.
    Objects {
        store: Arc<dyn ObjectStore>,
        prefix: ObjectPath,
        /// Where it is, for messages: `s3://bucket/prefix`.
        location: String,
    },
}

/// Why the store refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("files of this type are not accepted (PDF, DOCX, XLSX, DXF, DWG, ZIP, PNG, JPEG are)")]
    Type,
    /// Not the 64 lower-case hex digits of a SHA-256.
    #[error("'{0}' is not a SHA-256 in hexadecimal")]
    BadHash(String),
    /// A restored file whose content does not have the hash it was restored under.
    #[error("the content's SHA-256 is {actual}, not {expected}")]
    HashMismatch { expected: String, actual: String },
    #[error("no file with SHA-256 {0} in the document store")]
    Missing(String),
    /// `--documents` names no store this build can open.
    #[error("document store location '{location}': {why}")]
    Location { location: String, why: String },
    #[error("document store: {0}")]
    Io(#[from] io::Error),
    /// The object store failed (unreachable, refused the credentials, …).
    #[error("document store {location}: {message}")]
    Remote { location: String, message: String },
}

/// A file kept: its hash, size, and whether this upload added it (false when the same
/// content was already there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub sha256: String,
    pub size: u64,
    pub media_type: &'static str,
    pub created: bool,
}

/// A file in the store, as listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StoredBlob {
    pub sha256: String,
    pub size: u64,
}

/// Whether `s` has the form of a SHA-256 in lower-case hex.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn checked(sha256: &str) -> Result<&str, BlobError> {
    if is_sha256(sha256) {
        Ok(sha256)
    } else {
        Err(BlobError::BadHash(sha256.chars().take(80).collect()))
    }
}

impl BlobStore {
    /// A store in the folder `root`, created if missing.
    pub fn open(root: impl Into<PathBuf>, max_size: u64) -> io::Result<Self> {
        let root = root.into();
        let spool = root.join("tmp");
        std::fs::create_dir_all(&spool)?;
        Ok(BlobStore {
            backend: Backend::Folder(root),
            spool,
            max_size,
        })
    }

    /// The store `location` names: `s3://bucket/prefix` for an S3-compatible object store
    /// (endpoint and credentials from the `AWS_*` environment variables, see
    /// [`BlobStore::s3`]), anything else a folder. An object store is asked once whether it
    /// can be reached with these credentials, so that a wrong setting stops the server at
    /// start rather than at the first upload.
    pub async fn open_location(location: &str, max_size: u64) -> Result<Self, BlobError> {
        let trimmed = location.trim();
        if trimmed.is_empty() {
            return Err(BlobError::Location {
                location: location.to_owned(),
                why: "empty: give a folder or s3://bucket/prefix".into(),
            });
        }
        if let Some((scheme, _)) = trimmed.split_once("://") {
            if !scheme.eq_ignore_ascii_case("s3") {
                return Err(BlobError::Location {
                    location: location.to_owned(),
                    why: format!(
                        "'{scheme}://' is not a store plantrack knows: give a folder or s3://bucket/prefix"
                    ),
                });
            }
            let store = Self::s3(trimmed, max_size)?;
            store.reachable().await?;
            return Ok(store);
        }
        Ok(Self::open(trimmed, max_size)?)
    }

    /// An S3-compatible object store at `url` (`s3://bucket/prefix`), configured by the
    /// environment as the AWS tools are: `AWS_ENDPOINT_URL` (a MinIO, Ceph or other server;
    /// Amazon's own when unset), `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`
    /// (or `AWS_DEFAULT_REGION`), and `AWS_ALLOW_HTTP=true` for an endpoint without TLS.
    pub fn s3(url: &str, max_size: u64) -> Result<Self, BlobError> {
        Self::s3_with(url, std::iter::empty::<(&str, &str)>(), max_size)
    }

    /// [`BlobStore::s3`], with `settings` (the same names in lower case: `aws_endpoint_url`,
    /// `aws_access_key_id`, …) over the environment's.
    pub fn s3_with<K: AsRef<str>, V: Into<String>>(
        url: &str,
        settings: impl IntoIterator<Item = (K, V)>,
        max_size: u64,
    ) -> Result<Self, BlobError> {
        let location_error = |why: String| BlobError::Location {
            location: url.to_owned(),
            why,
        };
        let rest = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .trim_end_matches('/');
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(location_error("no bucket: write s3://bucket/prefix".into()));
        }
        // TLS for the store's HTTPS is rustls with ring (see Cargo.toml); installing it twice
        // is harmless, so every store opened tries.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = object_store::aws::AmazonS3Builder::from_env();
        for (key, value) in settings {
            let key = key
                .as_ref()
                .parse()
                .map_err(|e: object_store::Error| location_error(e.to_string()))?;
            builder = builder.with_config(key, value);
        }
        let store = builder
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| location_error(e.to_string()))?;
        let prefix = ObjectPath::parse(prefix.trim_matches('/'))
            .map_err(|e| location_error(e.to_string()))?;
        Ok(Self::in_object_store(
            Arc::new(store),
            prefix,
            format!("s3://{rest}"),
            max_size,
        ))
    }

    /// A store in any object store (S3, or memory in tests), under `prefix`. Uploads wait in
    /// the system's temporary folder.
    pub fn in_object_store(
        store: Arc<dyn ObjectStore>,
        prefix: ObjectPath,
        location: String,
        max_size: u64,
    ) -> Self {
        BlobStore {
            backend: Backend::Objects {
                store,
                prefix,
                location,
            },
            spool: std::env::temp_dir(),
            max_size,
        }
    }

    /// Uploads wait in `dir` (on this machine) while they arrive.
    pub fn with_spool(mut self, dir: PathBuf) -> Self {
        self.spool = dir;
        self
    }

    /// Where the files are: the folder, or `s3://bucket/prefix`.
    pub fn location(&self) -> String {
        match &self.backend {
            Backend::Folder(root) => root.display().to_string(),
            Backend::Objects { location, .. } => location.clone(),
        }
    }

    /// The folder the files are in; `None` for an object store.
    pub fn folder(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Folder(root) => Some(root),
            Backend::Objects { .. } => None,
        }
    }

    fn remote(&self, e: &object_store::Error) -> BlobError {
        BlobError::Remote {
            location: self.location(),
            message: e.to_string(),
        }
    }

    /// Whether the store answers: a folder that exists, a bucket that lists with these
    /// credentials (at most 256 folder names come back).
    pub async fn reachable(&self) -> Result<(), BlobError> {
        match &self.backend {
            Backend::Folder(root) => {
                drop(tokio::fs::read_dir(root).await?);
            }
            Backend::Objects { store, prefix, .. } => {
                store
                    .list_with_delimiter(Some(prefix))
                    .await
                    .map_err(|e| self.remote(&e))?;
            }
        }
        Ok(())
    }

    fn file_path(root: &Path, sha256: &str) -> PathBuf {
        root.join(&sha256[..2]).join(&sha256[2..])
    }

    fn object_path(prefix: &ObjectPath, sha256: &str) -> ObjectPath {
        prefix.clone().join(&sha256[..2]).join(&sha256[2..])
    }

    /// Whether a file with this hash is kept.
    pub async fn exists(&self, sha256: &str) -> Result<bool, BlobError> {
        let sha256 = checked(sha256)?;
        match &self.backend {
            Backend::Folder(root) => {
                Ok(tokio::fs::try_exists(Self::file_path(root, sha256)).await?)
            }
            Backend::Objects { store, prefix, .. } => {
                match store.head(&Self::object_path(prefix, sha256)).await {
                    Ok(_) => Ok(true),
                    Err(object_store::Error::NotFound { .. }) => Ok(false),
                    Err(e) => Err(self.remote(&e)),
                }
            }
        }
    }

    /// The content of the file with this hash.
    pub async fn read(&self, sha256: &str) -> Result<Vec<u8>, BlobError> {
        let sha256 = checked(sha256)?;
        match &self.backend {
            Backend::Folder(root) => match tokio::fs::read(Self::file_path(root, sha256)).await {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    Err(BlobError::Missing(sha256.to_owned()))
                }
                read => Ok(read?),
            },
            Backend::Objects { store, prefix, .. } => {
                let got = match store.get(&Self::object_path(prefix, sha256)).await {
                    Ok(got) => got,
                    Err(object_store::Error::NotFound { .. }) => {
                        return Err(BlobError::Missing(sha256.to_owned()));
                    }
                    Err(e) => return Err(self.remote(&e)),
                };
                Ok(got.bytes().await.map_err(|e| self.remote(&e))?.to_vec())
            }
        }
    }

    /// Every file kept, by hash (a backup's list). Anything else in the store — an upload
    /// under way, a file someone put there by hand — is not listed.
    pub async fn list(&self) -> Result<Vec<StoredBlob>, BlobError> {
        Ok(self
            .list_dated()
            .await?
            .into_iter()
            .map(|(blob, _)| blob)
            .collect())
    }

    /// Every file kept, with when it was last written (for the start-up sweep's age guard).
    async fn list_dated(&self) -> Result<Vec<(StoredBlob, SystemTime)>, BlobError> {
        let mut found = Vec::new();
        match &self.backend {
            Backend::Folder(root) => {
                let mut dirs = tokio::fs::read_dir(root).await?;
                while let Some(dir) = dirs.next_entry().await? {
                    let head = dir.file_name().to_string_lossy().into_owned();
                    if head.len() != 2 || !dir.file_type().await?.is_dir() {
                        continue;
                    }
                    let mut files = tokio::fs::read_dir(dir.path()).await?;
                    while let Some(file) = files.next_entry().await? {
                        let sha256 = format!("{head}{}", file.file_name().to_string_lossy());
                        let meta = file.metadata().await?;
                        if meta.is_file() && is_sha256(&sha256) {
                            let blob = StoredBlob {
                                sha256,
                                size: meta.len(),
                            };
                            found.push((blob, meta.modified()?));
                        }
                    }
                }
            }
            Backend::Objects { store, prefix, .. } => {
                let mut objects = store.list(Some(prefix));
                while let Some(meta) = objects.next().await {
                    let meta = meta.map_err(|e| self.remote(&e))?;
                    let parts: Vec<_> = meta
                        .location
                        .prefix_match(prefix)
                        .map(|p| p.map(|part| part.as_ref().to_owned()).collect())
                        .unwrap_or_default();
                    if let [head, tail] = parts.as_slice() {
                        let sha256 = format!("{head}{tail}");
                        if head.len() == 2 && is_sha256(&sha256) {
                            let blob = StoredBlob {
                                sha256,
                                size: meta.size,
                            };
                            found.push((blob, SystemTime::from(meta.last_modified)));
                        }
                    }
                }
            }
        }
        found.sort();
        Ok(found)
    }

    /// When the file with this hash was last written; `None` if it is not kept.
    async fn modified(&self, sha256: &str) -> Result<Option<SystemTime>, BlobError> {
        let sha256 = checked(sha256)?;
        match &self.backend {
            Backend::Folder(root) => {
                match tokio::fs::metadata(Self::file_path(root, sha256)).await {
                    Ok(meta) => Ok(Some(meta.modified()?)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e.into()),
                }
            }
            Backend::Objects { store, prefix, .. } => {
                match store.head(&Self::object_path(prefix, sha256)).await {
                    Ok(meta) => Ok(Some(SystemTime::from(meta.last_modified))),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(self.remote(&e)),
                }
            }
        }
    }

    /// Keeps `content` under `sha256` (a restore from a backup), after checking that it is
    /// that content. Returns whether it was added (false: already kept).
    pub async fn restore(&self, sha256: &str, content: &[u8]) -> Result<bool, BlobError> {
        let sha256 = checked(sha256)?;
        let actual = hex::encode(Sha256::digest(content));
        if actual != sha256 {
            return Err(BlobError::HashMismatch {
                expected: sha256.to_owned(),
                actual,
            });
        }
        let mut temp = Spooled::create(&self.spool).await?;
        temp.file()?.write_all(content).await?;
        self.keep(temp, sha256).await
    }

    /// Starts an upload of a file called `filename`.
    pub async fn writer(&self, filename: &str) -> Result<BlobWriter, BlobError> {
        Ok(BlobWriter {
            store: self.clone(),
            temp: Some(Spooled::create(&self.spool).await?),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            filename: filename.to_owned(),
        })
    }

    /// Moves a complete temporary file to its content address; false if that content was
    /// already kept.
    async fn keep(&self, mut temp: Spooled, sha256: &str) -> Result<bool, BlobError> {
        let mut file = temp.file.take().expect("a spooled file is kept once");
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        match &self.backend {
            Backend::Folder(root) => {
                let target = Self::file_path(root, sha256);
                if tokio::fs::try_exists(&target).await? {
                    // The same content is about to be cited again: made young, so that the
                    // start-up sweep (`sweep`) of another server cannot take it as unused.
                    touch(&target).await?;
                    return Ok(false);
                }
                if let Some(dir) = target.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                tokio::fs::rename(temp.path(), &target).await?;
                temp.kept();
                Ok(true)
            }
            Backend::Objects { store, prefix, .. } => {
                let target = Self::object_path(prefix, sha256);
                // Already there, it is written again all the same (the same bytes under the
                // same name): an object cannot be touched, and a fresh date is what keeps
                // the start-up sweep (`sweep`) of another server from taking it as unused.
                let created = match store.head(&target).await {
                    Ok(_) => false,
                    Err(object_store::Error::NotFound { .. }) => true,
                    Err(e) => return Err(self.remote(&e)),
                };
                // Large files go up in parts; either way the object appears only once whole.
                let mut upload = object_store::buffered::BufWriter::new(store.clone(), target);
                let mut source = tokio::fs::File::open(temp.path()).await?;
                let sent = tokio::io::copy(&mut source, &mut upload).await;
                match sent {
                    Ok(_) => upload.shutdown().await?,
                    Err(e) => {
                        let _ = upload.abort().await;
                        return Err(e.into());
                    }
                }
                Ok(created)
            }
        }
    }

    /// Removes a file this store kept, when the attachment that was to cite it failed and
    /// nothing else cites it.
    pub async fn forget(&self, kept: &Kept) -> Result<(), BlobError> {
        if !kept.created {
            return Ok(());
        }
        self.remove(&kept.sha256).await
    }

    /// Removes the file with this hash; one already gone is no error.
    async fn remove(&self, sha256: &str) -> Result<(), BlobError> {
        let sha256 = checked(sha256)?;
        match &self.backend {
            Backend::Folder(root) => {
                match tokio::fs::remove_file(Self::file_path(root, sha256)).await {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e.into()),
                    _ => Ok(()),
                }
            }
            Backend::Objects { store, prefix, .. } => {
                match store.delete(&Self::object_path(prefix, sha256)).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(self.remote(&e)),
                }
            }
        }
    }
}

/// How a temporary upload's name starts (a UUID follows): what the start-up sweep looks for.
const SPOOL_PREFIX: &str = "plantrack-upload-";

/// Sets a file's modification time to now.
async fn touch(path: &Path) -> io::Result<()> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        std::fs::File::options()
            .write(true)
            .open(path)?
            .set_modified(SystemTime::now())
    })
    .await
    .map_err(io::Error::other)?
}

/// A temporary file for an upload, removed when dropped unless it was kept.
struct Spooled {
    path: Option<PathBuf>,
    file: Option<tokio::fs::File>,
}

impl Spooled {
    async fn create(dir: &Path) -> io::Result<Self> {
        let path = dir.join(format!("{SPOOL_PREFIX}{}", uuid::Uuid::new_v4()));
        let file = tokio::fs::File::create(&path).await?;
        Ok(Spooled {
            path: Some(path),
            file: Some(file),
        })
    }

    fn path(&self) -> &Path {
        self.path
            .as_deref()
            .expect("a spooled file has its path until kept")
    }

    fn file(&mut self) -> io::Result<&mut tokio::fs::File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the upload was already finished"))
    }

    /// Renamed into the store: nothing to remove.
    fn kept(&mut self) {
        self.path = None;
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        drop(self.file.take());
        if let Some(path) = self.path.take() {
            // Synchronous on purpose: Drop cannot await, and the file is ours alone.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An upload in progress.
pub struct BlobWriter {
    store: BlobStore,
    temp: Option<Spooled>,
    hasher: Sha256,
    size: u64,
    /// The first bytes, to recognise the type by its signature.
    head: Vec<u8>,
    filename: String,
}

const HEAD_LEN: usize = 64;

impl BlobWriter {
    /// Appends a chunk; refuses once the total passes the store's limit.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), BlobError> {
        self.size += chunk.len() as u64;
        if self.size > self.store.max_size {
            return Err(BlobError::TooLarge {
                limit: self.store.max_size,
            });
        }
        if self.head.len() < HEAD_LEN {
            let take = (HEAD_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        if let Some(temp) = self.temp.as_mut() {
            temp.file()?.write_all(chunk).await?;
        }
        Ok(())
    }

    /// Checks the type and keeps the file under its content address.
    pub async fn finish(mut self) -> Result<Kept, BlobError> {
        if self.size == 0 {
            return Err(BlobError::Empty);
        }
        let media_type = media_type(&self.filename, &self.head).ok_or(BlobError::Type)?;
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let temp = self.temp.take().expect("a writer finishes once");
        let created = self.store.keep(temp, &sha256).await?;
        Ok(Kept {
            sha256,
            size: self.size,
            media_type,
            created,
        })
    }
}

/// The media type of an accepted file, from its extension confirmed by its first bytes; `None`
/// for a type plantrack does not keep, or a file whose content is not what its name says.
pub fn media_type(filename: &str, head: &[u8]) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())?;
    let zip = head.starts_with(b"PK\x03\x04");
    match ext.as_str() {
        "pdf" if head.starts_with(b"%PDF-") => Some("application/pdf"),
        "docx" if zip => {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        "xlsx" if zip => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "zip" if zip => Some("application/zip"),
        // AutoCAD drawings start with their version, "AC1015" and so on.
        "dwg" if head.starts_with(b"AC10") => Some("image/vnd.dwg"),
        // DXF is text: group code 0 then SECTION (or a 999 comment), possibly indented.
        "dxf" if is_dxf(head) => Some("image/vnd.dxf"),
        "png" if head.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        // A land-use map or a layer: a JSON object (the content is read and checked later).
        "geojson" | "json" if head.trim_ascii_start().starts_with(b"{") => {
            Some("application/geo+json")
        }
        "jpg" | "jpeg" if head.starts_with(&[0xff, 0xd8, 0xff]) => Some("image/jpeg"),
        _ => None,
    }
}

fn is_dxf(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().map(str::trim);
    matches!(
        (lines.next(), lines.next()),
        (Some("0"), Some("SECTION")) | (Some("999"), Some(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_store() -> BlobStore {
        let root = std::env::temp_dir().join(format!("plantrack-blobs-{}", uuid::Uuid::new_v4()));
        BlobStore::open(root, 1024).unwrap()
    }

    /// A store in memory, its uploads spooled in a folder of its own (to count leftovers).
    fn object_store() -> (BlobStore, Cleanup) {
        let spool = std::env::temp_dir().join(format!("plantrack-spool-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&spool).unwrap();
        let store = BlobStore::in_object_store(
            Arc::new(object_store::memory::InMemory::new()),
            ObjectPath::from("province/12"),
            "memory://province/12".into(),
            1024,
        )
        .with_spool(spool.clone());
        (store, Cleanup(spool))
    }

    /// Removes a folder when a test ends.
    struct Cleanup(std::path::PathBuf);

    impl Drop for Cleanup {
        fn drop(&mut self) {
            std::fs::remove_dir_all(&self.0).ok();
        }
    }

    fn leftovers(store: &BlobStore) -> usize {
        std::fs::read_dir(&store.spool).unwrap().count()
    }

    /// What both kinds of store must do with the same uploads.
    async fn keeps_a_file_under_its_hash_once(store: &BlobStore) {
        let mut w = store.writer("quyet-dinh.pdf").await.unwrap();
        w.write(b"%PDF-1.4\n").await.unwrap();
        w.write(b"hello").await.unwrap();
        let kept = w.finish().await.unwrap();
        // sha256("%PDF-1.4\nhello"), computed independently with `sha256sum`.
        assert_eq!(
            kept.sha256,
            "73385d8fcafde55d190f94c212e5e94a4ef181f602356414e4353f75823f2664"
        );
        assert_eq!(kept.size, 14);
        assert!(kept.created);
        assert_eq!(store.read(&kept.sha256).await.unwrap(), b"%PDF-1.4\nhello");
        assert!(store.exists(&kept.sha256).await.unwrap());
        let mut again = store.writer("copy.pdf").await.unwrap();
        again.write(b"%PDF-1.4\nhello").await.unwrap();
        let second = again.finish().await.unwrap();
        assert_eq!(second.sha256, kept.sha256);
        assert!(!second.created, "the same content is kept once");
        assert_eq!(leftovers(store), 0);
        assert_eq!(
            store.list().await.unwrap(),
            vec![StoredBlob {
                sha256: kept.sha256.clone(),
                size: 14
            }]
        );
        // What a backup listed and read, a restore puts back — checked against its hash.
        let png = b"\x89PNG\r\n\x1a\nrest";
        let png_hash = hex::encode(Sha256::digest(png));
        let wrong = store.restore(&kept.sha256, png).await.unwrap_err();
        assert!(matches!(wrong, BlobError::HashMismatch { .. }), "{wrong}");
        assert!(store.restore(&png_hash, png).await.unwrap());
        assert!(!store.restore(&png_hash, png).await.unwrap());
        assert_eq!(store.read(&png_hash).await.unwrap(), png);
        assert_eq!(store.list().await.unwrap().len(), 2);
        store.forget(&kept).await.unwrap();
        assert!(matches!(
            store.read(&kept.sha256).await,
            Err(BlobError::Missing(_))
        ));
        assert!(matches!(
            store.read("../../etc/passwd").await,
            Err(BlobError::BadHash(_))
        ));
        assert_eq!(leftovers(store), 0);
    }

    async fn an_interrupted_or_refused_upload_leaves_nothing(store: &BlobStore) {
        let mut w = store.writer("a.pdf").await.unwrap();
        w.write(b"%PDF-1.4 partial").await.unwrap();
        assert_eq!(leftovers(store), 1);
        drop(w); // the client went away
        assert_eq!(leftovers(store), 0);

        let mut big = store.writer("big.pdf").await.unwrap();
        let err = big.write(&[b'x'; 2048]).await.unwrap_err();
        assert!(matches!(err, BlobError::TooLarge { limit: 1024 }));
        drop(big);

        let mut fake = store.writer("virus.pdf").await.unwrap();
        fake.write(b"MZ\x90\x00 not a pdf").await.unwrap();
        assert!(matches!(fake.finish().await, Err(BlobError::Type)));
        let empty = store.writer("empty.pdf").await.unwrap();
        assert!(matches!(empty.finish().await, Err(BlobError::Empty)));
        assert_eq!(leftovers(store), 0);
        assert!(store.list().await.unwrap().is_empty(), "no file was kept");
    }

    #[tokio::test]
    async fn a_folder_keeps_a_file_under_its_hash_once() {
        let store = folder_store();
        let _cleanup = Cleanup(store.folder().unwrap().to_owned());
        keeps_a_file_under_its_hash_once(&store).await;
        // The layout a backup of the folder sees: <root>/ab/cdef…
        let png_hash = hex::encode(Sha256::digest(b"\x89PNG\r\n\x1a\nrest"));
        let on_disk = store
            .folder()
            .unwrap()
            .join(&png_hash[..2])
            .join(&png_hash[2..]);
        assert!(on_disk.is_file());
    }

    #[tokio::test]
    async fn an_object_store_keeps_a_file_under_its_hash_once() {
        let (store, _cleanup) = object_store();
        keeps_a_file_under_its_hash_once(&store).await;
    }

    #[tokio::test]
    async fn a_folder_keeps_nothing_of_an_interrupted_or_refused_upload() {
        let store = folder_store();
        let _cleanup = Cleanup(store.folder().unwrap().to_owned());
        an_interrupted_or_refused_upload_leaves_nothing(&store).await;
        let kept: Vec<_> = std::fs::read_dir(store.folder().unwrap())
            .unwrap()
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_name() != "tmp")
            .collect();
        assert!(kept.is_empty(), "no file was kept: {kept:?}");
    }

    #[tokio::test]
    async fn an_object_store_keeps_nothing_of_an_interrupted_or_refused_upload() {
        let (store, _cleanup) = object_store();
        an_interrupted_or_refused_upload_leaves_nothing(&store).await;
    }

    #[tokio::test]
    async fn a_location_names_a_folder_or_an_s3_bucket() {
        for bad in ["", "  ", "ftp://host/x", "s3://", "s3:///prefix"] {
            let err = BlobStore::open_location(bad, 1024).await.unwrap_err();
            assert!(matches!(err, BlobError::Location { .. }), "{bad}: {err}");
        }
        let root = std::env::temp_dir().join(format!("plantrack-blobs-{}", uuid::Uuid::new_v4()));
        let _cleanup = Cleanup(root.clone());
        let folder = BlobStore::open_location(root.to_str().unwrap(), 1024)
            .await
            .unwrap();
        assert_eq!(folder.folder(), Some(root.as_path()));
        // Opening an S3 store reads its settings; reaching it is `open_location`'s check.
        let s3 = BlobStore::s3("s3://plans/province-12/", 1024).unwrap();
        assert_eq!(s3.location(), "s3://plans/province-12");
        assert!(s3.folder().is_none());
    }

    #[test]
    fn recognises_types_by_name_and_signature() {
        assert_eq!(media_type("a.PDF", b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(media_type("a.pdf", b"PK\x03\x04"), None);
        assert!(media_type("plan.docx", b"PK\x03\x04rest").is_some());
        assert!(media_type("plan.xlsx", b"PK\x03\x04rest").is_some());
        assert_eq!(
            media_type("ban-ve.dwg", b"AC1032\0\0"),
            Some("image/vnd.dwg")
        );
        assert_eq!(
            media_type("ban-ve.dxf", b"  0\r\nSECTION\r\n  2\r\nHEADER"),
            Some("image/vnd.dxf")
        );
        assert_eq!(
            media_type("anh.jpg", &[0xff, 0xd8, 0xff, 0xe0]),
            Some("image/jpeg")
        );
        assert_eq!(media_type("script.exe", b"MZ"), None);
        assert_eq!(
            media_type("ban-do.geojson", b" \n{\"type\""),
            Some("application/geo+json")
        );
        assert_eq!(media_type("ban-do.geojson", b"<html>"), None);
        assert_eq!(media_type("no-extension", b"%PDF-"), None);
        assert!(!is_sha256("../../etc/passwd"));
        assert!(
            !is_sha256(&"A".repeat(64)),
            "upper case is not how hashes are named"
        );
    }
}
