//! What a dossier's page and its commune's page show of the follow-up loop: what holds the
//! dossier back (and whether the reader may record or lift it), and the tasks its commune
//! was given, so a commune officer sees on the dossier what leadership asked of it.

use plantrack_domain::access::{self, Caller};

use super::Planning;
use crate::error::{Result, StoreError};
use crate::follow_up::{Blocker, Task, TaskQuery};

/// The follow-up of one dossier, as the caller may read it.
#[derive(Debug, Clone)]
pub struct DossierFollowUp {
    /// Every blocker, lifted ones included (the page shows them apart).
    pub blockers: Vec<Blocker>,
    /// The caller may record a blocker on this dossier or lift one.
    pub may_record_blocker: bool,
    /// The tasks addressed to the dossier's commune that the caller reads, as of today.
    pub tasks: Vec<Task>,
}

impl Planning {
    /// The dossier's blockers and its commune's tasks. Whoever reads the dossier reads its
    /// blockers; its commune's tasks only who reads the follow-up (nobody from the public).
    pub async fn dossier_follow_up(
        &self,
        caller: Caller<'_>,
        dossier_id: i64,
    ) -> Result<DossierFollowUp> {
        let place = self.db.dossier_place(dossier_id).await?;
        caller.allowed(|p| access::read_dossier(p, &place.scope()))?;
        let blockers = self.db.blockers_of(dossier_id).await?;
        let may_record_blocker = caller
            .allowed(|p| access::record_blocker(p, &place.scope()))
            .is_ok();
        let query = TaskQuery {
            province: Some(place.province_code.clone()),
            unit: Some(place.unit_code.clone()),
            ..TaskQuery::default()
        };
        let tasks = match self.tasks(caller, &query).await {
            Ok(tasks) => tasks,
            // A reader of the dossier who is not one of the follow-up's readers sees none.
            Err(StoreError::Denied(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        Ok(DossierFollowUp {
            blockers,
            may_record_blocker,
            tasks,
        })
    }
}
