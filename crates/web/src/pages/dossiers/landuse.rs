//! The latest check of the dossier's land-use map, as the dossier page shows it.

use plantrack_gis::check::Conflict;
use plantrack_gis::check::rules::Verdict;

use crate::format;
use crate::pages::Ctx;

/// One conflict of the latest land-use check, as the page shows it.
pub struct ConflictRow {
    /// "accepted by X on D: reason", when someone accepted it.
    pub accepted: Option<String>,
    pub zone: String,
    /// The zone's land-use category, named in the reader's language.
    pub zone_category: String,
    pub constraint: String,
    /// The constraint category's name in the reader's language.
    pub constraint_category: String,
    pub layer: String,
    pub forbidden: bool,
    pub area: String,
    pub department: String,
    pub location: String,
}

/// The latest check of the dossier's land-use map.
pub struct LanduseView {
    pub checked_at: String,
    pub zones: i64,
    pub layers: String,
    pub forbidden: usize,
    pub consult: usize,
    pub conflicts: Vec<ConflictRow>,
    pub geometry_issues: usize,
    pub service_issues: usize,
    /// Layers of the province the check could not use (no published version), with owners.
    pub not_checked: String,
    /// The checked map's download address, which the map draws.
    pub map_url: String,
    /// The conflicts as the map's markers (JSON: zone, constraint, verdict, label, lon, lat).
    pub markers: String,
}

pub(super) fn landuse_view(
    ctx: &Ctx,
    check: &plantrack_store::layers::LanduseCheck,
    accepted: &[plantrack_domain::workflow::dossier::AcceptedConflict],
) -> LanduseView {
    let r = &check.report.check;
    let found = &r.conflicts;
    let forbidden = |c: &Conflict| c.verdict == Verdict::Forbidden;
    let markers: Vec<serde_json::Value> = found
        .conflicts
        .iter()
        .map(|c| {
            serde_json::json!({
                "zone": c.zone, "constraint": c.constraint, "verdict": c.verdict,
                "label": ctx.t(if forbidden(c) { "landuse-forbidden" } else { "landuse-consult" }),
                "lon": c.location[0], "lat": c.location[1],
            })
        })
        .collect();
    let conflicts = found
        .conflicts
        .iter()
        .map(|c| ConflictRow {
            accepted: accepted
                .iter()
                .rev()
                .find(|a| a.zone == c.zone && a.constraint == c.constraint && a.layer == c.layer)
                .map(|a| {
                    format!(
                        "{} {} ({}): {}",
                        ctx.t("landuse-accepted-by"),
                        a.accepted_by,
                        format::date(a.accepted_on),
                        a.reason
                    )
                }),
            zone: c.zone.clone(),
            zone_category: crate::i18n::landuse_name(ctx.lang, &c.zone_category),
            constraint: c.constraint.clone(),
            constraint_category: crate::i18n::constraint_name(ctx.lang, &c.constraint_category),
            layer: c.layer.clone(),
            forbidden: forbidden(c),
            area: format::number(c.area_m2.round() as i64, ctx.lang),
            department: c.department.clone(),
            location: format!("{:.5}, {:.5}", c.location[0], c.location[1]),
        })
        .collect();
    LanduseView {
        checked_at: format::stored_timestamp(&check.checked_at),
        zones: check.zones,
        layers: if check.layers.is_empty() {
            ctx.t("landuse-no-layers")
        } else {
            check
                .layers
                .iter()
                .map(|l| format!("{} v{}", l.key, l.version))
                .collect::<Vec<_>>()
                .join(", ")
        },
        forbidden: found.forbidden,
        consult: found.consult,
        conflicts,
        geometry_issues: r.geometry.len(),
        service_issues: r.services.len(),
        not_checked: check
            .report
            .not_checked
            .iter()
            .map(|l| format!("{} ({})", l.layer, l.owner))
            .collect::<Vec<_>>()
            .join(", "),
        map_url: format!("/dossiers/{}/documents/{}", check.dossier_id, check.sha256),
        markers: serde_json::Value::from(markers).to_string(),
    }
}
