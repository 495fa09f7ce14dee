//! The start-up sweep of the document store: what a killed server left behind. A partial
//! upload in the spool (a kill skips the writer's clean-up) and a file kept under its hash
//! whose attachment never committed (a kill between the two) are removed, and counted.
//!
//! Other servers may share the store and be uploading at this very moment, so only what has
//! not been written for `min_age` is touched: an upload under way writes its temporary file
//! as the bytes arrive, and a file about to be cited was written (or, for the same content
//! uploaded again, touched: see `BlobStore::keep`) just before its attachment commits.

use std::collections::HashSet;
use std::io;
use std::time::{Duration, SystemTime};

use super::{BlobError, BlobStore, SPOOL_PREFIX};

/// What a sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Swept {
    pub partial_uploads: u64,
    pub partial_bytes: u64,
    pub unreferenced_files: u64,
    pub unreferenced_bytes: u64,
}

impl Swept {
    /// The bytes freed in all.
    pub fn bytes(&self) -> u64 {
        self.partial_bytes.saturating_add(self.unreferenced_bytes)
    }
}

/// Whether `name` is one of the spool's temporary uploads: the prefix, then a UUID (other
/// programs' files in a shared temporary folder are not).
fn is_spooled(name: &str) -> bool {
    name.strip_prefix(SPOOL_PREFIX)
        .is_some_and(|rest| uuid::Uuid::try_parse(rest).is_ok())
}

impl BlobStore {
    /// Removes the partial uploads in the spool and the kept files no hash in `referenced`
    /// names, of those last written more than `min_age` before `now`.
    pub async fn sweep(
        &self,
        referenced: &HashSet<String>,
        now: SystemTime,
        min_age: Duration,
    ) -> Result<Swept, BlobError> {
        let cutoff = now.checked_sub(min_age).unwrap_or(SystemTime::UNIX_EPOCH);
        let mut swept = Swept::default();
        match tokio::fs::read_dir(&self.spool).await {
            Ok(mut entries) => {
                while let Some(entry) = entries.next_entry().await? {
                    if !is_spooled(&entry.file_name().to_string_lossy()) {
                        continue;
                    }
                    let meta = entry.metadata().await?;
                    if !meta.is_file() || meta.modified()? > cutoff {
                        continue;
                    }
                    match tokio::fs::remove_file(entry.path()).await {
                        Ok(()) => {
                            swept.partial_uploads += 1;
                            swept.partial_bytes += meta.len();
                        }
                        // Another server's sweep took it first.
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        for (blob, written) in self.list_dated().await? {
            if referenced.contains(&blob.sha256) || written > cutoff {
                continue;
            }
            // Looked at again just before: the same content uploaded since the listing
            // made it young.
            if self
                .modified(&blob.sha256)
                .await?
                .is_none_or(|written| written > cutoff)
            {
                continue;
            }
            self.remove(&blob.sha256).await?;
            swept.unreferenced_files += 1;
            swept.unreferenced_bytes += blob.size;
        }
        Ok(swept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use object_store::path::Path as ObjectPath;

    const HOUR: Duration = Duration::from_secs(3600);

    async fn upload(store: &BlobStore, text: &str) -> String {
        let mut w = store.writer("a.pdf").await.unwrap();
        w.write(format!("%PDF-1.4\n{text}").as_bytes())
            .await
            .unwrap();
        w.finish().await.unwrap().sha256
    }

    /// A partial upload as a kill leaves it: the writer never dropped.
    async fn killed_upload(store: &BlobStore) {
        let mut w = store.writer("b.pdf").await.unwrap();
        w.write(b"%PDF-1.4\npart").await.unwrap();
        std::mem::forget(w);
    }

    /// What both kinds of store must do: nothing young is touched, the old partial and the
    /// old unreferenced file go, the referenced one stays.
    async fn sweeps_what_a_kill_left(store: &BlobStore) {
        let cited = upload(store, "cited").await;
        let orphan = upload(store, "orphan").await;
        killed_upload(store).await;
        // A file another program keeps in the same temporary folder.
        let foreign = store.spool.join("plantrack-upload-notes.txt");
        std::fs::write(&foreign, b"x").unwrap();
        let referenced = HashSet::from([cited.clone()]);

        let now = SystemTime::now();
        let young = store.sweep(&referenced, now, HOUR).await.unwrap();
        assert_eq!(young, Swept::default(), "nothing is an hour old yet");

        let later = now + 2 * HOUR;
        let swept = store.sweep(&referenced, later, HOUR).await.unwrap();
        assert_eq!(swept.partial_uploads, 1);
        assert_eq!(swept.partial_bytes, 13);
        assert_eq!(swept.unreferenced_files, 1);
        assert_eq!(swept.unreferenced_bytes, 15);
        assert!(store.exists(&cited).await.unwrap());
        assert!(!store.exists(&orphan).await.unwrap());
        assert!(foreign.exists(), "not one of ours");
        assert_eq!(
            store.sweep(&referenced, later, HOUR).await.unwrap(),
            Swept::default(),
            "a second sweep finds nothing"
        );
        std::fs::remove_file(foreign).ok();
    }

    #[tokio::test]
    async fn a_folder_is_swept_of_what_a_kill_left() {
        let root = std::env::temp_dir().join(format!("plantrack-sweep-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::open(&root, 1024).unwrap();
        sweeps_what_a_kill_left(&store).await;
        std::fs::remove_dir_all(root).ok();
    }

    #[tokio::test]
    async fn an_object_store_is_swept_of_what_a_kill_left() {
        let spool = std::env::temp_dir().join(format!("plantrack-sweep-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&spool).unwrap();
        let store = BlobStore::in_object_store(
            Arc::new(object_store::memory::InMemory::new()),
            ObjectPath::from("province/12"),
            "memory://province/12".into(),
            1024,
        )
        .with_spool(spool.clone());
        sweeps_what_a_kill_left(&store).await;
        std::fs::remove_dir_all(spool).ok();
    }

    #[tokio::test]
    async fn the_same_content_uploaded_again_is_young_again() {
        let root = std::env::temp_dir().join(format!("plantrack-sweep-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::open(&root, 1024).unwrap();
        let sha = upload(&store, "again").await;
        let path = BlobStore::file_path(&root, &sha);
        let old = SystemTime::now() - 3 * HOUR;
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // Uploaded again (not yet cited): touched, so a sweep now leaves it.
        assert_eq!(upload(&store, "again").await, sha);
        let swept = store
            .sweep(&HashSet::new(), SystemTime::now(), HOUR)
            .await
            .unwrap();
        assert_eq!(swept.unreferenced_files, 0);
        assert!(store.exists(&sha).await.unwrap());
        std::fs::remove_dir_all(root).ok();
    }
}
