//! The document store: uploaded files on disk, named by the SHA-256 of their content
//! (`<root>/ab/cdef…`). The same file uploaded twice is kept once; a version is a new
//! attachment event pointing at a new hash, so nothing is ever overwritten.
//!
//! A file is written to a temporary name in the store's own folder (so the final rename stays
//! on one file system and is atomic), hashed as it streams, and renamed to its hash only when
//! the whole upload arrived within the size limit. A [`BlobWriter`] dropped before
//! [`BlobWriter::finish`] — the client went away, the limit was crossed, the type was
//! refused — removes its temporary file: an interrupted upload leaves nothing behind.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// Where uploaded files live.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
    /// The largest file accepted, in bytes.
    pub max_size: u64,
}

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("files of this type are not accepted (PDF, DOCX, XLSX, DXF, DWG, ZIP, PNG, JPEG are)")]
    Type,
    #[error("document store: {0}")]
    Io(#[from] io::Error),
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

impl BlobStore {
    /// A store under `root`, created if missing.
    pub fn open(root: impl Into<PathBuf>, max_size: u64) -> io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(BlobStore { root, max_size })
    }

    /// The store under `root` as it is, creating nothing: for reading a store that must
    /// already exist (a backup of it).
    pub fn at(root: impl Into<PathBuf>, max_size: u64) -> Self {
        BlobStore {
            root: root.into(),
            max_size,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of the file with this hash, if the hash has the form of one.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256(sha256).then(|| self.root.join(&sha256[..2]).join(&sha256[2..]))
    }

    /// Starts an upload of a file called `filename`.
    pub async fn writer(&self, filename: &str) -> Result<BlobWriter, BlobError> {
        let temp = self
            .root
            .join("tmp")
            .join(format!("upload-{}", uuid::Uuid::new_v4()));
        let file = tokio::fs::File::create(&temp).await?;
        Ok(BlobWriter {
            store: self.clone(),
            temp: Some(temp),
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            filename: filename.to_owned(),
        })
    }

    /// The hashes of every file kept, in order: what a backup copies. Temporary uploads and
    /// anything else in the folder that is not a kept file are left out.
    pub async fn list(&self) -> io::Result<Vec<String>> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut hashes = Vec::new();
            for prefix in std::fs::read_dir(&root)? {
                let prefix = prefix?;
                let name = prefix.file_name().to_string_lossy().into_owned();
                if name.len() != 2 || !prefix.file_type()?.is_dir() {
                    continue;
                }
                for file in std::fs::read_dir(prefix.path())? {
                    let file = file?;
                    let hash = format!("{name}{}", file.file_name().to_string_lossy());
                    if is_sha256(&hash) && file.file_type()?.is_file() {
                        hashes.push(hash);
                    }
                }
            }
            hashes.sort();
            Ok(hashes)
        })
        .await
        .map_err(io::Error::other)?
    }

    /// The content of a kept file.
    pub async fn read(&self, sha256: &str) -> io::Result<Vec<u8>> {
        let path = self
            .path_of(sha256)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256"))?;
        tokio::fs::read(path).await
    }

    /// Whether the store holds no file at all (an empty temporary folder aside).
    pub async fn is_empty(&self) -> io::Result<bool> {
        let mut entries = tokio::fs::read_dir(&self.root).await?;
        while let Some(entry) = entries.next_entry().await? {
            if entry.file_name() == "tmp" {
                let mut temp = tokio::fs::read_dir(entry.path()).await?;
                if temp.next_entry().await?.is_some() {
                    return Ok(false);
                }
            } else {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether the store holds a file with this hash and this content (a file whose
    /// content lost its hash is not held).
    pub async fn holds(&self, sha256: &str) -> io::Result<bool> {
        let Some(path) = self.path_of(sha256) else {
            return Ok(false);
        };
        match tokio::fs::read(path).await {
            Ok(content) => Ok(hex::encode(Sha256::digest(&content)) == sha256),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Puts back a file a backup kept under its hash, once its content is checked against
    /// that hash (the type was checked when it was first uploaded). Returns false when the
    /// content does not have that hash, and then keeps nothing.
    pub async fn put_back(&self, sha256: &str, content: &[u8]) -> io::Result<bool> {
        let Some(target) = self.path_of(sha256) else {
            return Ok(false);
        };
        if hex::encode(Sha256::digest(content)) != sha256 {
            return Ok(false);
        }
        let temp = self
            .root
            .join("tmp")
            .join(format!("restore-{}", uuid::Uuid::new_v4()));
        let mut file = tokio::fs::File::create(&temp).await?;
        let written = async {
            file.write_all(content).await?;
            file.sync_all().await?;
            if let Some(dir) = target.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            tokio::fs::rename(&temp, &target).await
        }
        .await;
        if written.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        written.map(|()| true)
    }

    /// Removes a file by its hash: a restore that failed takes back what it put.
    pub async fn remove(&self, sha256: &str) -> io::Result<()> {
        if let Some(path) = self.path_of(sha256) {
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            if let Some(dir) = path.parent() {
                // Only succeeds when the prefix folder is now empty, as it should then go.
                let _ = tokio::fs::remove_dir(dir).await;
            }
        }
        Ok(())
    }

    /// Removes a file this store kept, when the attachment that was to cite it failed and
    /// nothing else cites it.
    pub async fn forget(&self, kept: &Kept) -> io::Result<()> {
        if kept.created
            && let Some(path) = self.path_of(&kept.sha256)
        {
            match tokio::fs::remove_file(path).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Whether `s` has the form of a SHA-256 in lower-case hex, the only names the store uses.
fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An upload in progress.
pub struct BlobWriter {
    store: BlobStore,
    temp: Option<PathBuf>,
    file: Option<tokio::fs::File>,
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
        if let Some(file) = self.file.as_mut() {
            file.write_all(chunk).await?;
        }
        Ok(())
    }

    /// Checks the type, flushes, and moves the file to its content address.
    pub async fn finish(mut self) -> Result<Kept, BlobError> {
        if self.size == 0 {
            return Err(BlobError::Empty);
        }
        let media_type = media_type(&self.filename, &self.head).ok_or(BlobError::Type)?;
        let mut file = self.file.take().expect("a writer finishes once");
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let target = self
            .store
            .path_of(&sha256)
            .expect("a SHA-256 in hex is a valid name");
        let temp = self.temp.take().expect("a writer finishes once");
        let created = if tokio::fs::try_exists(&target).await? {
            tokio::fs::remove_file(&temp).await?;
            false
        } else {
            if let Some(dir) = target.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            tokio::fs::rename(&temp, &target).await?;
            true
        };
        Ok(Kept {
            sha256,
            size: self.size,
            media_type,
            created,
        })
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            // Synchronous on purpose: Drop cannot await, and the file is ours alone.
            let _ = std::fs::remove_file(temp);
        }
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

    fn store() -> BlobStore {
        let root = std::env::temp_dir().join(format!("plantrack-blobs-{}", uuid::Uuid::new_v4()));
        BlobStore::open(root, 1024).unwrap()
    }

    /// Removes the store's folder when a test ends.
    struct Cleanup(std::path::PathBuf);

    impl Drop for Cleanup {
        fn drop(&mut self) {
            std::fs::remove_dir_all(&self.0).ok();
        }
    }

    fn leftovers(store: &BlobStore) -> usize {
        std::fs::read_dir(store.root().join("tmp")).unwrap().count()
    }

    #[tokio::test]
    async fn keeps_a_file_under_its_hash_once() {
        let store = store();
        let _cleanup = Cleanup(store.root().to_owned());
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
        let path = store.path_of(&kept.sha256).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4\nhello");
        let mut again = store.writer("copy.pdf").await.unwrap();
        again.write(b"%PDF-1.4\nhello").await.unwrap();
        let second = again.finish().await.unwrap();
        assert_eq!(second.sha256, kept.sha256);
        assert!(!second.created, "the same content is kept once");
        assert_eq!(leftovers(&store), 0);
    }

    #[tokio::test]
    async fn an_interrupted_or_refused_upload_leaves_nothing() {
        let store = store();
        let _cleanup = Cleanup(store.root().to_owned());
        let mut w = store.writer("a.pdf").await.unwrap();
        w.write(b"%PDF-1.4 partial").await.unwrap();
        assert_eq!(leftovers(&store), 1);
        drop(w); // the client went away
        assert_eq!(leftovers(&store), 0);

        let mut big = store.writer("big.pdf").await.unwrap();
        let err = big.write(&[b'x'; 2048]).await.unwrap_err();
        assert!(matches!(err, BlobError::TooLarge { limit: 1024 }));
        drop(big);

        let mut fake = store.writer("virus.pdf").await.unwrap();
        fake.write(b"MZ\x90\x00 not a pdf").await.unwrap();
        assert!(matches!(fake.finish().await, Err(BlobError::Type)));
        assert_eq!(leftovers(&store), 0);
        let kept: Vec<_> = std::fs::read_dir(store.root())
            .unwrap()
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_name() != "tmp")
            .collect();
        assert!(kept.is_empty(), "no file was kept: {kept:?}");
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
        let store = store();
        let _cleanup = Cleanup(store.root().to_owned());
        assert!(store.path_of("../../etc/passwd").is_none());
    }
}
