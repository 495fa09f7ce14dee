//! Layer imports running in the background. A department's layer may be hundreds of
//! megabytes: the upload is streamed to a temporary file, the import runs as a task, and the
//! import's page shows how far it has gone until it is done or has failed. Jobs live in
//! memory only; the import itself is one transaction, so a restart loses a progress bar,
//! never half a layer. A finished job is kept an hour for its page, then forgotten.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where an import stands.
#[derive(Debug, Clone, PartialEq)]
pub enum JobState {
    Running,
    Done { version: i64, features: usize },
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct ImportJob {
    /// The account that started it: only it sees the job.
    pub user_id: i64,
    pub key: String,
    pub file_name: String,
    pub done: u64,
    pub total: u64,
    pub state: JobState,
    /// When it ended, for forgetting it an hour later.
    pub ended: Option<std::time::Instant>,
}

impl ImportJob {
    /// Percent read, 0 to 100.
    pub fn percent(&self) -> u64 {
        match (&self.state, self.total) {
            (JobState::Done { .. }, _) => 100,
            (_, 0) => 0,
            _ => (self.done.min(self.total) * 100) / self.total,
        }
    }
}

#[derive(Debug, Default)]
pub struct ImportJobs {
    next: AtomicU64,
    jobs: Mutex<HashMap<u64, ImportJob>>,
}

impl ImportJobs {
    pub fn start(&self, job: ImportJob) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut jobs) = self.jobs.lock() {
            let hour = std::time::Duration::from_secs(3600);
            jobs.retain(|_, j| j.ended.is_none_or(|t| t.elapsed() < hour));
            jobs.insert(id, job);
        }
        id
    }

    pub fn progress(&self, id: u64, done: u64, total: u64) {
        if let Ok(mut jobs) = self.jobs.lock()
            && let Some(job) = jobs.get_mut(&id)
        {
            job.done = done;
            job.total = total;
        }
    }

    pub fn finish(&self, id: u64, state: JobState) {
        if let Ok(mut jobs) = self.jobs.lock()
            && let Some(job) = jobs.get_mut(&id)
        {
            job.state = state;
            job.ended = Some(std::time::Instant::now());
        }
    }

    /// The job, if it exists and belongs to `user_id`.
    pub fn get(&self, id: u64, user_id: i64) -> Option<ImportJob> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(&id).filter(|j| j.user_id == user_id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_seen_by_their_owner_only_and_report_progress() {
        let jobs = ImportJobs::default();
        let id = jobs.start(ImportJob {
            user_id: 7,
            key: "rung".into(),
            file_name: "rung.zip".into(),
            done: 0,
            total: 0,
            state: JobState::Running,
            ended: None,
        });
        assert!(jobs.get(id, 8).is_none());
        jobs.progress(id, 50, 200);
        assert_eq!(jobs.get(id, 7).unwrap().percent(), 25);
        jobs.finish(
            id,
            JobState::Done {
                version: 3,
                features: 10,
            },
        );
        assert_eq!(jobs.get(id, 7).unwrap().percent(), 100);
    }
}
