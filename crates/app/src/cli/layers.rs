//! `plantrack layers`: a department's layers from the command line — importing a file of any
//! size as a new version, with a progress bar, and listing a province's layers.

use std::path::PathBuf;
use std::sync::Arc;

use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_gis::archive::ArchiveLimits;
use plantrack_gis::crs::Crs;
use plantrack_gis::import::{CadLayerMap, ImportOptions, TextEncoding};
use plantrack_store::Planning;
use plantrack_store::planning::LayerUpload;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::progress::ProgressLine;
use super::output::table::{headings, render};
use super::output::{Format, FormatArg, print_json};
use super::output::{outln, outp};
use super::parse::{parse_crs, parse_encoding};

#[derive(Debug, clap::Subcommand)]
pub enum LayersCmd {
    /// Import a layer file (GeoJSON, zipped Shapefile, GeoPackage or DXF) as a new version.
    Import {
        /// The file; its extension gives its format.
        file: PathBuf,
        /// The layer's key (a-z, 0-9, '-', '_'), e.g. quoc-phong.
        #[arg(long)]
        key: String,
        /// The layer's name, e.g. "Đất quốc phòng".
        #[arg(long)]
        name: String,
        /// The department account importing it: its organisation owns the layer.
        #[arg(long = "as")]
        username: String,
        /// Publish the version to communes and consultants at once.
        #[arg(long)]
        publish: bool,
        /// The coordinate system of a file that does not say its own (the province's TM-3
        /// plane when absent).
        #[arg(long, value_parser = parse_crs)]
        crs: Option<Crs>,
        /// The text encoding of attributes (utf-8, cp1258, tcvn3), over a .cpg.
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<TextEncoding>,
        /// A TOML map of CAD layers to categories, for DXF drawings.
        #[arg(long)]
        cad_layers: Option<PathBuf>,
        /// The most a zipped Shapefile may unpack to, in MiB (and at most 20 times its size).
        #[arg(long, env = "PLANTRACK_MAX_UNPACKED_MB", default_value_t = ArchiveLimits::DEFAULT_MB)]
        max_unpacked_mb: u64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// A province's layers, each with its newest and newest published version.
    List {
        #[arg(long, default_value = "12")]
        province: String,
        #[command(flatten)]
        format: FormatArg,
    },
}

pub async fn run(planning: &Planning, cmd: LayersCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        LayersCmd::Import {
            file,
            key,
            name,
            username,
            publish,
            crs,
            encoding,
            cad_layers,
            max_unpacked_mb,
            format,
        } => {
            // The operator imports as a department's account (`--as`): the layer is its.
            let principal = planning.principal_of(Caller::Operator, &username).await?;
            let caller = Caller::from(&principal);
            planning.may_publish_layers(caller)?;
            let cad_layers = match &cad_layers {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
                    Some(
                        CadLayerMap::from_toml(&path.display().to_string(), &text)
                            .map_err(|e| CliError::Usage(e.to_string()))?,
                    )
                }
                None => None,
            };
            let file_name = file.display().to_string();
            let upload = LayerUpload {
                key,
                name,
                publish,
                path: file,
                file_name: file_name.clone(),
                options: ImportOptions {
                    crs,
                    encoding,
                    cad_layers,
                    archive_limits: ArchiveLimits::from_mb(max_unpacked_mb),
                },
            };
            let bar = Arc::new(ProgressLine::new(
                translate(
                    lang.into(),
                    "cli-layers-importing",
                    &[("file", file_name.as_str().into())],
                ),
                1,
            ));
            let shown = bar.clone();
            let (layer, features) = planning
                .import_layer(
                    caller,
                    upload,
                    Arc::new(move |done, total| shown.update(0, done, total)),
                )
                .await?;
            eprintln!();
            match format.format {
                Format::Json => print_json(
                    &serde_json::json!({"key": layer.key, "version": layer.version, "features": features, "published": publish}),
                )?,
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        if publish {
                            "cli-layers-imported-published"
                        } else {
                            "cli-layers-imported"
                        },
                        &[
                            ("key", layer.key.as_str().into()),
                            ("version", layer.version.into()),
                            ("features", features.into()),
                        ]
                    )
                )?,
            }
            Ok(())
        }
        LayersCmd::List { province, format } => {
            let layers = planning.layers(Caller::Operator, Some(&province)).await?;
            match format.format {
                Format::Json => print_json(&layers)?,
                Format::Table => {
                    let rows: Vec<Vec<String>> = layers
                        .iter()
                        .map(|l| {
                            vec![
                                l.key.clone(),
                                l.name.clone(),
                                l.owner.clone(),
                                l.latest_version.to_string(),
                                l.published_version
                                    .map_or_else(|| "–".into(), |v| v.to_string()),
                                l.features.to_string(),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-key",
                            "cli-col-name",
                            "cli-col-owner",
                            "cli-col-latest",
                            "cli-col-published",
                            "cli-col-features",
                        ],
                    );
                    outp!("{}", render(&header, &rows))?;
                }
            }
            Ok(())
        }
    }
}
