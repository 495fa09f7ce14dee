//! `plantrack check`: a consultant's conformance check of a draft plan against the
//! departments' layers, before submission. Needs no database: the plan, the layers and the
//! rule table are files.

use std::path::{Path, PathBuf};

use plantrack_domain::Language;
use plantrack_web::i18n::translate;

use plantrack_gis::check::rules::{Rules, Verdict};
use plantrack_gis::check::stream::LayerFile;
use plantrack_gis::check::{self, CheckReport, CheckVerdict, FullReport, LayerStatus, Plan};

use plantrack_gis::archive::ArchiveLimits;
use plantrack_gis::crs::{Crs, Transformer};
use plantrack_gis::import::{CadLayerMap, ImportOptions, Imported, TextEncoding};

use super::CliError;
use super::output::Format;
use super::output::progress::ProgressLine;
use super::output::table::{headings, render};
use super::output::{outln, outp};
use super::parse::{parse_crs, parse_encoding};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The plan's land-use map: zones with a `category` property, as GeoJSON, a zipped
    /// Shapefile (or .shp), a GeoPackage or a DXF drawing (categories from its CAD layers).
    #[arg(long)]
    pub plan: PathBuf,
    /// A folder of constraint layers, one file per layer (features with `category`), in any
    /// of the plan's formats.
    #[arg(long)]
    pub layers: PathBuf,
    /// The rule table (TOML); the shipped defaults when absent.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// The province whose VN-2000 TM-3 plane areas are measured in.
    #[arg(long, env = "PLANTRACK_PROVINCE", default_value = "12")]
    pub province: String,
    /// The unit's boundary (GeoJSON), to check that the zones cover it and stay inside.
    #[arg(long)]
    pub boundary: Option<PathBuf>,
    /// The plan's population, for the land-use balance in m² per person against the norms.
    #[arg(long)]
    pub population: Option<u64>,
    /// Only the conflicts with the layers (skip the plan's own geometry, coverage, balance and
    /// services): what the benchmark against shapely compares.
    #[arg(long)]
    pub conflicts_only: bool,
    /// The coordinate system of files that do not say theirs (DXF drawings, Shapefiles
    /// without a usable .prj): wgs84, vn2000, utm48, utm49 or tm3:<central meridian>.
    #[arg(long, value_parser = parse_crs)]
    pub crs: Option<Crs>,
    /// The text encoding of Shapefile attributes and DXF layer names, over a .cpg:
    /// utf-8, cp1258 or tcvn3 (TCVN 5712, the ABC fonts).
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<TextEncoding>,
    /// A TOML file mapping CAD layers to categories (`[layers]` "CAD layer" = "category"),
    /// for DXF drawings; without it a CAD layer's name is its category.
    #[arg(long)]
    pub cad_layers: Option<PathBuf>,
    /// The most a zipped Shapefile (the plan or a layer) may unpack to, in MiB (and at most
    /// 20 times its size).
    #[arg(long, env = "PLANTRACK_MAX_UNPACKED_MB", default_value_t = ArchiveLimits::DEFAULT_MB)]
    pub max_unpacked_mb: u64,
    /// The TM-3 central meridian in degrees, for a province plantrack has none for.
    #[arg(long)]
    pub meridian: Option<f64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Indent the JSON for people (it is compact by default: a large plan's report is
    /// several times smaller).
    #[arg(long)]
    pub pretty: bool,
}

fn gis(e: plantrack_gis::GisError) -> CliError {
    CliError::Gis(e)
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

/// An input file that is empty: said as such, not as a parser's "EOF while parsing".
fn not_empty(path: &Path, lang: Language) -> Result<(), CliError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == 0 => Err(CliError::Usage(translate(
            lang.into(),
            "cli-check-empty-file",
            &[("file", path.display().to_string().into())],
        ))),
        _ => Ok(()),
    }
}

/// Runs the check and prints its report. `Ok` when the plan was checked against every layer
/// and nothing is wrong; [`CliError::Verdict`] with 1 when conflicts or invalid geometry were
/// found; any other error (exit 2) when an input could not be read or is empty.
pub fn run(args: &CheckArgs, lang: Language) -> Result<(), CliError> {
    not_empty(&args.plan, lang)?;
    let rules = match &args.rules {
        Some(path) => Rules::from_toml(&path.display().to_string(), &read(path)?).map_err(gis)?,
        None => Rules::default_rules(),
    };
    let plane = match args.meridian {
        Some(m) if (100.0..=112.0).contains(&m) => Crs::Vn2000Tm3 {
            central_meridian: m,
        },
        Some(m) => {
            return Err(CliError::Usage(translate(
                lang.into(),
                "cli-check-bad-meridian",
                &[("meridian", m.to_string().into())],
            )));
        }
        None => {
            let known = plantrack_gis::crs::province_meridian(&args.province).ok_or_else(|| {
                CliError::Usage(translate(
                    lang.into(),
                    "cli-check-no-meridian",
                    &[("province", args.province.as_str().into())],
                ))
            })?;
            // A merged province whose former provinces measured in different zones: say which
            // zone is assumed and where a map may be in another.
            if !known.other_zones.is_empty() {
                let others: Vec<String> = known
                    .other_zones
                    .iter()
                    .map(|(name, degrees)| format!("{name} ({degrees}°)"))
                    .collect();
                eprintln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-check-meridian-unconfirmed",
                        &[
                            ("province", args.province.as_str().into()),
                            ("meridian", known.degrees.to_string().into()),
                            ("others", others.join(", ").into()),
                        ],
                    )
                );
            }
            Crs::Vn2000Tm3 {
                central_meridian: known.degrees,
            }
        }
    };
    let crs_name = match plane {
        Crs::Vn2000Tm3 { central_meridian } => match plane.epsg() {
            Some(code) => format!("VN-2000 / TM-3 {central_meridian}° (EPSG:{code})"),
            None => format!("VN-2000 / TM-3 {central_meridian}° (k = 0.9999)"),
        },
        other => format!("{other:?}"),
    };
    let to_plane = Transformer::new(Crs::Wgs84, plane).map_err(gis)?;
    let to_lonlat = Transformer::new(plane, Crs::Wgs84).map_err(gis)?;
    let plan_file = args.plan.display().to_string();
    eprintln!(
        "{}",
        translate(
            lang.into(),
            "cli-check-plan",
            &[("file", plan_file.as_str().into())]
        )
    );
    let options = ImportOptions {
        crs: args.crs,
        encoding: args.encoding,
        cad_layers: match &args.cad_layers {
            Some(path) => Some(
                CadLayerMap::from_toml(&path.display().to_string(), &read(path)?).map_err(gis)?,
            ),
            None => None,
        },
        archive_limits: ArchiveLimits::from_mb(args.max_unpacked_mb),
    };
    let plan_progress = ProgressLine::new(
        translate(
            lang.into(),
            "cli-check-reading",
            &[("file", plan_file.as_str().into())],
        ),
        1,
    );
    let zones = check::read_plan_path(&args.plan, &options, &rules, &to_plane, &mut |d, t| {
        plan_progress.update(0, d, t);
    })
    .map_err(gis)?;
    eprintln!();
    let zones = show_warnings(zones);
    if zones.is_empty() {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-check-no-zones",
            &[("file", plan_file.as_str().into())],
        )));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.layers)
        .map_err(|e| CliError::Usage(format!("{}: {e}", args.layers.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                plantrack_gis::import::EXTENSIONS
                    .iter()
                    .any(|known| x.eq_ignore_ascii_case(known))
            })
        })
        .collect();
    files.sort();
    for file in &files {
        not_empty(file, lang)?;
    }
    if files.is_empty() {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-check-no-layers",
            &[
                ("folder", args.layers.display().to_string().into()),
                (
                    "extensions",
                    format!(".{}", plantrack_gis::import::EXTENSIONS.join(", .")).into(),
                ),
            ],
        )));
    }
    let boundary = match &args.boundary {
        Some(path) if !args.conflicts_only => {
            let read = check::read_boundary_path(path, &options, &rules, &to_plane).map_err(gis)?;
            Some(show_warnings(read))
        }
        _ => None,
    };
    let plan = Plan {
        boundary: boundary.as_ref(),
        population: args.population,
        conflicts_only: args.conflicts_only,
    };
    // Each layer is read and checked feature by feature, a file per core at a time: memory
    // holds the plan and the conflicts, not the layers.
    let layer_files: Vec<LayerFile> = files
        .iter()
        .map(|path| LayerFile {
            name: path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("layer")
                .to_owned(),
            path: path.clone(),
        })
        .collect();
    let layers_progress = ProgressLine::new(
        translate(
            lang.into(),
            "cli-check-checking",
            &[("count", layer_files.len().into())],
        ),
        layer_files.len(),
    );
    let report = check::stream::check_files(
        &zones,
        &layer_files,
        &options,
        &rules,
        &crs_name,
        &to_plane,
        &to_lonlat,
        &plan,
        &|index, done, total| layers_progress.update(index, done, total),
    )
    .map_err(gis)?;
    eprintln!();
    let report = show_warnings(report);
    // A layer with no feature checks nothing: "no conflict" with it would mislead.
    if let Some(empty) = report.conflicts.layers.iter().find(|l| l.features == 0) {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-check-empty-layer",
            &[("file", empty.file.as_str().into())],
        )));
    }
    warn_left_out(&report, lang);
    match args.format {
        Format::Json => {
            use std::io::Write;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if args.pretty {
                serde_json::to_writer_pretty(&mut out, &report)
            } else {
                serde_json::to_writer(&mut out, &report)
            }
            .map_err(|e| CliError::Io(e.into()))?;
            writeln!(out)?;
            out.flush()?;
        }
        Format::Table => print_table(&report, lang)?,
    }
    match report.verdict {
        CheckVerdict::Clean => Ok(()),
        CheckVerdict::ProblemsFound => Err(CliError::Verdict(super::check_exit::FOUND)),
    }
}

/// Says on stderr, on lines of their own, what the overlay left out: invalid zones and
/// constraints, and overlaps under the sliver threshold.
fn warn_left_out(report: &FullReport, lang: Language) {
    let c = &report.conflicts;
    if !c.invalid_zones.is_empty() {
        eprintln!(
            "{}",
            translate(
                lang.into(),
                "cli-check-invalid-zones",
                &[
                    ("count", c.invalid_zones.len().into()),
                    ("zones", c.invalid_zones.join(", ").into()),
                ]
            )
        );
    }
    for layer in &c.layers {
        if layer.invalid_features > 0 {
            eprintln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-check-invalid-features",
                    &[
                        ("layer", layer.layer.as_str().into()),
                        ("count", layer.invalid_features.into()),
                    ]
                )
            );
        }
        if layer.dropped_small > 0 {
            eprintln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-check-dropped-small",
                    &[
                        ("layer", layer.layer.as_str().into()),
                        ("count", layer.dropped_small.into()),
                        ("area", format!("{:.2}", layer.dropped_small_m2).into()),
                    ]
                )
            );
        }
    }
}

/// What the readers passed over, on stderr: the value read.
fn show_warnings<T>(read: Imported<T>) -> T {
    for warning in &read.warnings {
        eprintln!("{warning}");
    }
    read.value
}

fn print_table(full: &FullReport, lang: Language) -> Result<(), CliError> {
    if full.geometry.is_empty() {
        outln!("{}", translate(lang.into(), "cli-check-zones-valid", &[]))?;
    } else {
        let rows: Vec<Vec<String>> = full
            .geometry
            .iter()
            .map(|g| {
                vec![
                    g.zone.clone(),
                    g.problem.clone(),
                    g.area_m2.map(|a| format!("{a:.1}")).unwrap_or_default(),
                    format!("{:.6}, {:.6}", g.location[0], g.location[1]),
                ]
            })
            .collect();
        let header = headings(
            lang,
            &[
                "cli-col-zone",
                "cli-col-problem",
                "cli-col-area",
                "cli-col-lon-lat",
            ],
        );
        outp!("{}", render(&header, &rows))?;
    }
    if let Some(c) = &full.coverage {
        outln!(
            "{}",
            translate(
                lang.into(),
                "cli-check-coverage",
                &[
                    ("unit", format!("{:.0}", c.unit_area_m2).into()),
                    ("zones", format!("{:.0}", c.zones_area_m2).into()),
                    ("left", format!("{:.1}", c.left_out_m2).into()),
                    ("outside", format!("{:.1}", c.outside_m2).into()),
                ]
            )
        )?;
    }
    let rows: Vec<Vec<String>> = full
        .balance
        .iter()
        .filter(|b| b.area_m2 > 0.0 || b.norm_min_m2_per_person.is_some())
        .map(|b| {
            vec![
                b.name.clone(),
                format!("{:.0}", b.area_m2),
                format!("{:.1} %", b.share * 100.0),
                b.m2_per_person
                    .map(|v| format!("{v:.1}"))
                    .unwrap_or_default(),
                b.norm_min_m2_per_person
                    .map(|v| format!("≥ {v}"))
                    .unwrap_or_default(),
                match b.meets_norm {
                    Some(true) => translate(lang.into(), "cli-check-ok", &[]),
                    Some(false) => translate(lang.into(), "cli-check-below-norm", &[]),
                    None => String::new(),
                },
            ]
        })
        .collect();
    let header = headings(
        lang,
        &[
            "cli-col-land-use",
            "cli-col-area",
            "cli-col-share",
            "cli-col-per-person",
            "cli-col-norm",
            "cli-col-assessment",
        ],
    );
    outp!("{}", render(&header, &rows))?;
    if full.services.is_empty() {
        outln!("{}", translate(lang.into(), "cli-check-services-ok", &[]))?;
    } else {
        let rows: Vec<Vec<String>> = full
            .services
            .iter()
            .map(|s| {
                vec![
                    s.facility.clone(),
                    s.zone.clone().unwrap_or_default(),
                    s.problem.clone(),
                    s.location
                        .map(|l| format!("{:.6}, {:.6}", l[0], l[1]))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        let header = headings(
            lang,
            &[
                "cli-col-facility",
                "cli-col-zone",
                "cli-col-problem",
                "cli-col-lon-lat",
            ],
        );
        outp!("{}", render(&header, &rows))?;
    }
    print_conflicts(&full.conflicts, lang)?;
    Ok(())
}

fn print_conflicts(report: &CheckReport, lang: Language) -> Result<(), CliError> {
    outln!(
        "{}",
        translate(
            lang.into(),
            "cli-check-summary",
            &[
                ("zones", report.zones.into()),
                ("area", format!("{:.0}", report.plan_area_m2).into()),
                ("crs", report.crs.as_str().into()),
                ("layers", report.layers.len().into()),
                ("forbidden", report.forbidden.into()),
                ("consult", report.consult.into()),
            ]
        )
    )?;
    let layers: Vec<Vec<String>> = report
        .layers
        .iter()
        .map(|l| {
            vec![
                l.layer.clone(),
                l.features.to_string(),
                l.conflicts.to_string(),
                match l.status {
                    LayerStatus::Checked => translate(lang.into(), "cli-check-layer-checked", &[]),
                },
            ]
        })
        .collect();
    let header = headings(
        lang,
        &[
            "cli-col-layer",
            "cli-col-features",
            "cli-col-conflicts",
            "cli-col-status",
        ],
    );
    outp!("{}", render(&header, &layers))?;
    if report.conflicts.is_empty() {
        let invalid = report.invalid_zones.len()
            + report
                .layers
                .iter()
                .map(|l| l.invalid_features)
                .sum::<usize>();
        if invalid == 0 {
            outln!("{}", translate(lang.into(), "cli-check-no-conflict", &[]))?;
        } else {
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-check-no-conflict-among-valid",
                    &[("count", invalid.into())]
                )
            )?;
        }
        return Ok(());
    }
    let rows: Vec<Vec<String>> = report
        .conflicts
        .iter()
        .map(|c| {
            vec![
                c.zone.clone(),
                c.zone_category.clone(),
                c.constraint.clone(),
                c.constraint_category.clone(),
                c.layer.clone(),
                match c.verdict {
                    Verdict::Forbidden => translate(lang.into(), "cli-verdict-forbidden", &[]),
                    Verdict::Consult => translate(lang.into(), "cli-verdict-consult", &[]),
                    Verdict::Allowed => translate(lang.into(), "cli-verdict-allowed", &[]),
                },
                format!("{:.1}", c.area_m2),
                format!("{:.1} %", c.share_of_zone * 100.0),
                format!("{:.6}, {:.6}", c.location[0], c.location[1]),
                c.department.clone(),
            ]
        })
        .collect();
    let header = headings(
        lang,
        &[
            "cli-col-zone",
            "cli-col-land-use",
            "cli-col-constraint",
            "cli-col-category",
            "cli-col-layer",
            "cli-col-verdict",
            "cli-col-area",
            "cli-col-of-zone",
            "cli-col-lon-lat",
            "cli-col-department",
        ],
    );
    outp!("{}", render(&header, &rows))?;
    Ok(())
}
