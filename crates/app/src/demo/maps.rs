//! The demo's land-use maps (issue 19): every commune general plan collecting opinions on its
//! draft gets a generated map — deterministic for its unit, drawn inside the commune's real
//! boundary, titled "(demo)" — attached and checked through the same use case as an upload, so
//! that the side-by-side table of the appraisal has plans to compare.
//!
//! The maps themselves are [`plantrack_gis::demo_map`]'s.

use plantrack_domain::access::Caller;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::Actor;
use plantrack_gis::demo_map::generate;
use plantrack_store::blobs::BlobStore;
use plantrack_store::planning::{DossierQuery, LANDUSE_MAP_KIND, Upload};
use plantrack_store::{Planning, StoreError};

/// The stage whose plans get a map: a draft plan is what the consultation reads.
const STAGE: &str = "plan_consultation";

/// The title every generated map is attached with.
pub const TITLE: &str = "Bản đồ quy hoạch sử dụng đất (demo)";

/// A failure of the document store, as the store reports one.
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` hands over
fn files(e: plantrack_store::blobs::BlobError) -> StoreError {
    StoreError::Files(e.to_string())
}

/// Attaches a generated map to every commune general plan of `province` collecting opinions
/// on its draft that has none yet, as the commune's committee; returns how many it attached.
pub async fn attach(
    planning: &Planning,
    documents: &BlobStore,
    province: &str,
) -> Result<usize, StoreError> {
    let (list, _) = planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                province: Some(province.to_owned()),
                plan_type: Some(PlanType::CommuneGeneral),
                stage: Some(STAGE.to_owned()),
                limit: 1000,
                ..Default::default()
            },
        )
        .await?;
    let mut attached = 0;
    for d in list {
        let reading = planning.dossier(Caller::Operator, d.dossier_id).await?;
        if reading.state.has_document(LANDUSE_MAP_KIND) {
            continue;
        }
        let (_, boundary) = planning.unit_boundary(&d.plan.unit_code).await?;
        let Some(boundary) = boundary.and_then(|b| serde_json::to_value(b).ok()) else {
            continue;
        };
        let Some(map) = generate(&d.plan.unit_code, &boundary) else {
            tracing::warn!(unit = %d.plan.unit_code, "no room for the demo map in the boundary");
            continue;
        };
        let filename = format!("ban-do-{}.geojson", d.plan.unit_code);
        let mut writer = documents.writer(&filename).await.map_err(files)?;
        writer
            .write(map.to_string().as_bytes())
            .await
            .map_err(files)?;
        let kept = writer.finish().await.map_err(files)?;
        let actor = Actor {
            name: reading.state.bodies.preparing.clone(),
            role: "commune_pc".to_owned(),
        };
        planning
            .attach_upload(
                Caller::Operator,
                documents,
                d.dossier_id,
                Upload {
                    kept,
                    filename,
                    expected_version: Some(reading.state.version),
                    kind: LANDUSE_MAP_KIND.to_owned(),
                    title: TITLE.to_owned(),
                    reason: None,
                },
                Some(actor),
            )
            .await?;
        attached += 1;
    }
    Ok(attached)
}
