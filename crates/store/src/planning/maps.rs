//! The province map leadership reads: every commune-level unit, simplified for display, with
//! where its plan of one type stood on a date.

use chrono::NaiveDate;
use geojson::{Feature, FeatureCollection, Geometry};
use plantrack_domain::plan::PlanType;
use serde_json::{Map, Value};

use super::Planning;
use super::ProgressQuery;
use crate::error::Result;

impl Planning {
    /// A GeoJSON FeatureCollection of the province's units, each with `code`, `name`, `kind`
    /// and, when the unit has a plan of `plan_type`, its `dossier_id`, `stage`, `stage_name`,
    /// `stage_order`, `status` and `deadline` on `as_of` (today by default).
    pub async fn province_map(
        &self,
        caller: plantrack_domain::access::Caller<'_>,
        province: &str,
        as_of: Option<NaiveDate>,
        as_known_on: Option<chrono::DateTime<chrono::Utc>>,
        plan_type: PlanType,
        lang: plantrack_domain::Language,
    ) -> Result<FeatureCollection> {
        self.may_read_progress(caller, Some(province), None).await?;
        let report = self
            .report(&ProgressQuery {
                as_of,
                as_known_on,
                province: Some(province.to_owned()),
                plan_type: Some(plan_type),
                lang,
                with_units: Some(true),
                ..Default::default()
            })
            .await?;
        let mut features = Vec::new();
        for (code, name, kind, simplified) in self.db.display_units(province).await?.iter() {
            let mut properties = Map::new();
            properties.insert("code".into(), Value::from(code.clone()));
            properties.insert("name".into(), Value::from(name.clone()));
            properties.insert("kind".into(), Value::from(kind.clone()));
            // A unit may have several plans of a type; the map shows the one least advanced.
            let plan = report
                .units
                .iter()
                .find(|u| u.unit_code == *code)
                .and_then(|u| u.plans.iter().min_by_key(|p| p.stage_order));
            if let Some(p) = plan {
                properties.insert("dossier_id".into(), Value::from(p.dossier_id));
                properties.insert("stage".into(), Value::from(p.stage.clone()));
                properties.insert("stage_name".into(), Value::from(p.stage_name.clone()));
                properties.insert("stage_order".into(), Value::from(p.stage_order));
                properties.insert("status".into(), Value::from(p.status.as_str()));
                properties.insert("deadline".into(), Value::from(p.deadline.status.as_str()));
            }
            features.push(Feature {
                bbox: None,
                geometry: Some(Geometry::new(simplified.clone())),
                id: Some(geojson::feature::Id::String(code.clone())),
                properties: Some(properties),
                foreign_members: None,
            });
        }
        Ok(FeatureCollection {
            bbox: None,
            features,
            foreign_members: None,
        })
    }
}
