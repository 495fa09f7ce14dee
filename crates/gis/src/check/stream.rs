//! The check with each layer read from its file one feature at a time: the zones are indexed
//! once, and each constraint is overlaid with the zones it may touch as soon as it is read,
//! then dropped. Memory holds the plan and the conflicts, not the layers, so a department's
//! layer of hundreds of megabytes can be checked on a consultant's laptop. The report is the
//! same as [`full_check`](super::full_check)'s on the same layers: conflicts come out zones
//! in order, then each layer's constraints in file order.

use std::path::PathBuf;

use geo::Area;
use rstar::primitives::GeomWithData;
use rstar::{RTree, RTreeObject};

use super::{
    Conflict, Dropped, FullReport, Indexed, Layer, LayerResult, Plan, PlaneFeature, assemble,
    checkable, complete, conflict, constraint_feature, envelope,
};
use crate::crs::Transformer;
use crate::error::GisError;
use crate::import::{self, ImportOptions, ImportWarning, Imported};

/// A layer file and the name its conflicts are reported under.
#[derive(Debug, Clone)]
pub struct LayerFile {
    pub name: String,
    pub path: PathBuf,
}

/// How far each layer file has been read, `(file index, done, total)`.
pub type FileProgress<'a> = &'a (dyn Fn(usize, u64, u64) + Sync);

/// Checks the plan's zones against each layer file, reading the files on every core. The
/// warnings of the files come in file order.
#[allow(clippy::too_many_arguments)]
pub fn check_files(
    zones: &[PlaneFeature],
    files: &[LayerFile],
    options: &ImportOptions,
    rules: &super::rules::Rules,
    crs: &str,
    to_plane: &Transformer,
    to_lonlat: &Transformer,
    plan: &Plan<'_>,
    progress: FileProgress<'_>,
) -> Result<Imported<FullReport>, GisError> {
    let zone_areas: Vec<f64> = zones.iter().map(|z| z.geometry.unsigned_area()).collect();
    let tree: RTree<Indexed> = RTree::bulk_load(
        zones
            .iter()
            .enumerate()
            .filter(|(_, z)| checkable(&z.geometry))
            .filter_map(|(i, z)| envelope(&z.geometry).map(|e| GeomWithData::new(e, i)))
            .collect(),
    );
    let indexed: Vec<(usize, &LayerFile)> = files.iter().enumerate().collect();
    let per_layer = crate::parallel::map(&indexed, |(index, file)| {
        check_file(
            zones,
            &zone_areas,
            &tree,
            file,
            options,
            rules,
            to_plane,
            to_lonlat,
            &mut |done, total| progress(*index, done, total),
        )
    });
    // Road corridors are kept for the services check: every other constraint is gone.
    let mut results = Vec::with_capacity(per_layer.len());
    let mut road_layers = Vec::new();
    let mut warnings = Vec::new();
    for result in per_layer {
        match result {
            Ok((conflicts, layer_result, roads, passed_over)) => {
                results.push(Ok((conflicts, layer_result)));
                road_layers.push(roads);
                warnings.extend(passed_over);
            }
            Err(e) => results.push(Err(e)),
        }
    }
    let conflicts = assemble(zones, &zone_areas, results, rules, crs)?;
    let report = complete(zones, conflicts, &road_layers, rules, to_lonlat, plan)?;
    Ok(Imported {
        value: report,
        warnings,
    })
}

type Checked = (Vec<Conflict>, LayerResult, Layer, Vec<ImportWarning>);

#[allow(clippy::too_many_arguments)]
fn check_file(
    zones: &[PlaneFeature],
    zone_areas: &[f64],
    tree: &RTree<Indexed>,
    file: &LayerFile,
    options: &ImportOptions,
    rules: &super::rules::Rules,
    to_plane: &Transformer,
    to_lonlat: &Transformer,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Checked, GisError> {
    let file_name = file.path.display().to_string();
    let roads: Vec<&str> = rules
        .roads
        .as_ref()
        .map(|r| r.network.iter().map(String::as_str).collect())
        .unwrap_or_default();
    // (zone, constraint, conflict): sorted at the end into the order of the in-memory check.
    let mut found: Vec<(usize, usize, Conflict)> = Vec::new();
    let mut kept = Vec::new();
    let mut count = 0usize;
    let mut invalid = 0usize;
    let mut dropped = Dropped::default();
    let warnings = import::for_each_feature(&file.path, options, progress, &mut |feature| {
        let constraint = constraint_feature(&file_name, count, &feature, rules, to_plane)?;
        let index = count;
        count += 1;
        if !checkable(&constraint.geometry) {
            invalid += 1;
        } else if let Some(e) = envelope(&constraint.geometry) {
            for candidate in tree.locate_in_envelope_intersecting(&e.envelope()) {
                let z = candidate.data;
                if let Some(c) = dropped.keep(conflict(
                    &zones[z],
                    zone_areas[z],
                    &constraint,
                    &file.name,
                    rules,
                    to_lonlat,
                )?) {
                    found.push((z, index, c));
                }
            }
        }
        if roads.contains(&constraint.category.as_str()) {
            kept.push(constraint);
        }
        Ok(())
    })?
    .warnings;
    found.sort_by_key(|(z, c, _)| (*z, *c));
    let conflicts: Vec<Conflict> = found.into_iter().map(|(_, _, c)| c).collect();
    let result = LayerResult {
        layer: file.name.clone(),
        file: file_name.clone(),
        features: count,
        conflicts: conflicts.len(),
        invalid_features: invalid,
        dropped_small: dropped.count,
        dropped_small_m2: dropped.area_m2,
        status: super::conflicts::LayerStatus::Checked,
    };
    let roads = Layer {
        name: file.name.clone(),
        file: file_name,
        features: kept,
    };
    Ok((conflicts, result, roads, warnings))
}
