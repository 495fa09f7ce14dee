//! What a dossier's page and its commune's page show of the follow-up loop: what holds the
//! dossier back (and whether the reader may record or lift it), and the tasks its commune
//! was given, so a commune officer sees on the dossier what leadership asked of it; and the
//! information requests about it, with the departments the reader may ask.

use plantrack_domain::access::{self, Caller, OrgKind};

use super::Planning;
use crate::error::{Result, StoreError};
use crate::follow_up::{Blocker, InformationRequest, RequestQuery, Task, TaskQuery};

/// The follow-up of one dossier, as the caller may read it.
#[derive(Debug, Clone)]
pub struct DossierFollowUp {
    /// Every blocker, lifted ones included (the page shows them apart).
    pub blockers: Vec<Blocker>,
    /// The caller may record a blocker on this dossier or lift one.
    pub may_record_blocker: bool,
    /// The tasks addressed to the dossier's commune that the caller reads, as of today.
    pub tasks: Vec<Task>,
    /// The information requests about the dossier that the caller reads, as of today.
    pub requests: Vec<InformationRequest>,
    /// The requests among them the caller may withdraw (its organisation asked them).
    pub withdrawable: Vec<i64>,
    /// The departments of the dossier's province the caller may ask about it, by name: none
    /// when the caller may not ask.
    pub departments: Vec<(i64, String)>,
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
        let requests: Vec<InformationRequest> = match self
            .information_requests(
                caller,
                &RequestQuery {
                    province: Some(place.province_code.clone()),
                    dossier: Some(dossier_id),
                    ..RequestQuery::default()
                },
            )
            .await
        {
            Ok(requests) => requests,
            Err(StoreError::Denied(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        let withdrawable = requests
            .iter()
            .filter(|r| r.state.is_open())
            .filter(|r| {
                caller
                    .allowed(|p| access::withdraw_information(p, &r.province_code, r.requester_id))
                    .is_ok()
            })
            .map(|r| r.id)
            .collect();
        let departments = if caller
            .allowed(|p| access::ask_information(p, &place.scope()))
            .is_ok()
        {
            self.db
                .organisations()
                .await?
                .into_iter()
                .filter(|o| o.province_code == place.province_code)
                .filter(|o| {
                    matches!(
                        o.kind,
                        OrgKind::SectorDepartment | OrgKind::ConstructionDept
                    )
                })
                .map(|o| (o.id, o.name))
                .collect()
        } else {
            Vec::new()
        };
        Ok(DossierFollowUp {
            blockers,
            may_record_blocker,
            tasks,
            requests,
            withdrawable,
            departments,
        })
    }
}
