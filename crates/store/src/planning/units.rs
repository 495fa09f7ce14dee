//! Administrative units: public reference data (names, codes, boundaries, lineage), read by
//! anyone, signed in or not.

use std::sync::Arc;

use plantrack_domain::access::{self, Caller};
use plantrack_domain::workflow::{DossierEvent, DossierState, Template};

use super::Planning;
use crate::error::{Result, StoreError};
use crate::features::UnitFeature;
use crate::plans::{DossierFilter, DossierSummary};
use crate::units::{UnitFilter, UnitRecord};

/// One of a unit's plans with its dossier, history and template.
#[derive(Debug, Clone)]
pub struct UnitPlan {
    pub summary: DossierSummary,
    pub state: DossierState,
    pub events: Vec<DossierEvent>,
    pub template: Arc<Template>,
}

impl Planning {
    pub async fn units(&self, filter: &UnitFilter) -> Result<(Vec<UnitRecord>, i64)> {
        self.db.units(filter).await
    }

    pub async fn unit(&self, code: &str) -> Result<UnitRecord> {
        self.db.unit(code).await
    }

    /// The unit and its boundary (WGS 84), if it has one.
    pub async fn unit_boundary(
        &self,
        code: &str,
    ) -> Result<(UnitRecord, Option<geojson::GeometryValue>)> {
        let unit = self.db.unit(code).await?;
        let boundary = match self.db.unit_boundary(code).await? {
            Some(wkb) => Some(plantrack_gis::wkb::from_wkb(&wkb).map_err(|e| {
                tracing::error!(error = %e, code, "stored boundary does not decode");
                StoreError::corrupt(format!("boundary of {code}"))
            })?),
            None => None,
        };
        Ok((unit, boundary))
    }

    /// Units with a boundary meeting `bbox`, a page of them, and how many match.
    pub async fn unit_features(
        &self,
        bbox: Option<[f64; 4]>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<UnitFeature>, i64)> {
        self.db.unit_features(bbox, limit, offset).await
    }

    pub async fn unit_feature(&self, code: &str) -> Result<Option<UnitFeature>> {
        self.db.unit_feature(code).await
    }

    /// A unit and the plans of it the caller may read (at most 100), each with its dossier
    /// and history.
    pub async fn unit_plans(
        &self,
        caller: Caller<'_>,
        code: &str,
    ) -> Result<(UnitRecord, Vec<UnitPlan>)> {
        let unit = self.db.unit(code).await?;
        let province = unit.unit.parent_code.clone().unwrap_or_default();
        let scope = match caller {
            Caller::Operator => access::ListScope::default(),
            Caller::Account(p) => access::read_unit_plans(p, &province, code)?,
        };
        let (summaries, _) = self
            .db
            .dossiers(&DossierFilter {
                unit_code: Some(code.to_owned()),
                consultant: scope.consultant,
                completed_only: scope.completed_only,
                limit: 100,
                ..Default::default()
            })
            .await?;
        let mut plans = Vec::with_capacity(summaries.len());
        // The list is already narrowed to what the caller may read.
        for summary in summaries {
            let state = self.db.dossier(summary.dossier_id).await?;
            let events = self.db.events(summary.dossier_id, None).await?;
            let template = self.template(&state.template, Some(state.template_version))?;
            plans.push(UnitPlan {
                summary,
                state,
                events,
                template,
            });
        }
        Ok((unit, plans))
    }
}
