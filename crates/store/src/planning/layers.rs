//! The departments' sectoral layers: the list every office of the province reads, the
//! versions a department adds to its own layers, and the published features the OGC API
//! serves to the province's signed-in callers.

use plantrack_domain::access::{self, AdminAction, Caller, Denied, LayerVersions, Principal};
use plantrack_gis::check::rules::Rules;
use plantrack_gis::crs::Crs;
use plantrack_gis::import::ImportOptions;
use serde_json::Value;

use super::Planning;
use crate::error::{Result, StoreError};
use crate::import_jobs::{ImportJob, ImportTracker};
use crate::layer_features::PublishedLayer;
use crate::layer_import::{ImportProgress, LayerFile};
use crate::layers::{LayerRef, LayerSummary, NewLayerVersion};

/// A layer file on disk to import as a new version of the department's layer `key`.
#[derive(Debug, Clone)]
pub struct LayerUpload {
    pub key: String,
    pub name: String,
    pub publish: bool,
    pub path: std::path::PathBuf,
    /// The name the file had, for messages (and its format, by extension).
    pub file_name: String,
    /// How to read it. A file that does not say its coordinate system is taken to be in
    /// `options.crs`, by default the province's VN-2000 TM-3 plane (as Vietnamese survey
    /// and CAD data are).
    pub options: ImportOptions,
}

impl Planning {
    /// The department account that publishes layers.
    fn publisher(caller: Caller<'_>) -> Result<&Principal> {
        Self::administer(caller, AdminAction::PublishLayer)?;
        // Layers belong to a department: the operator publishes as an account (`--as`).
        Ok(caller.principal().ok_or(Denied::NotSignedIn)?)
    }

    /// Whether the caller may add versions of its department's layers (the layers page
    /// offers the upload form, and refuses an upload before reading it).
    pub fn may_publish_layers(&self, caller: Caller<'_>) -> Result<()> {
        Self::publisher(caller).map(|_| ())
    }

    /// A province's layers with their newest and newest published versions: the caller's
    /// own province when none is named. Communes and consultants see published versions
    /// only (`access::read_layers`).
    pub async fn layers(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<Vec<LayerSummary>> {
        let province = match (province, caller.principal()) {
            (Some(p), _) => p.to_owned(),
            (None, Some(p)) => p.organisation.province_code.clone(),
            (None, None) => return Err(Denied::NotSignedIn.into()),
        };
        let versions = match caller {
            Caller::Operator => LayerVersions::WithDrafts,
            Caller::Account(p) => access::read_layers(p, &province)?,
        };
        self.db
            .layers(&province, versions == LayerVersions::PublishedOnly)
            .await
    }

    /// Adds a version of the caller's department's layer from GeoJSON text.
    pub async fn add_layer_version(
        &self,
        caller: Caller<'_>,
        key: String,
        name: String,
        content: String,
        publish: bool,
    ) -> Result<LayerRef> {
        let p = Self::publisher(caller)?;
        let new = NewLayerVersion {
            key,
            name,
            province_code: p.organisation.province_code.clone(),
            owner_org_id: p.organisation.id,
            content,
            uploaded_by: p.display_name.clone(),
            publish,
        };
        self.db
            .add_layer_version(&new, &Rules::default_rules())
            .await
    }

    /// Imports a layer file as a new version of the caller's department's layer, in
    /// batches; `progress(done, total)` as it reads. Returns the version and its features.
    pub async fn import_layer(
        &self,
        caller: Caller<'_>,
        upload: LayerUpload,
        progress: ImportProgress,
    ) -> Result<(LayerRef, usize)> {
        let p = Self::publisher(caller)?;
        let province = p.organisation.province_code.clone();
        let mut options = upload.options;
        options.crs = options.crs.or_else(|| Crs::province_tm3(&province));
        let file = LayerFile {
            key: upload.key,
            name: upload.name,
            province_code: province,
            owner_org_id: p.organisation.id,
            uploaded_by: p.display_name.clone(),
            publish: upload.publish,
            path: upload.path,
            file_name: upload.file_name,
            options,
        };
        self.db
            .import_layer_file(file, Rules::default_rules(), progress)
            .await
    }

    /// Starts a background import of layer `key` from `file_name` as the caller: authorised
    /// and checked before anything is read, then recorded as a running job every server can
    /// show. The import itself is [`Planning::import_layer`] with the tracker's progress, ended
    /// by [`ImportTracker::finish`].
    pub async fn start_layer_import(
        &self,
        caller: Caller<'_>,
        key: &str,
        name: &str,
        file_name: &str,
    ) -> Result<ImportTracker> {
        let p = Self::publisher(caller)?;
        crate::layer_import::validate_layer(key, name)?;
        let file_name: String = file_name.chars().take(255).collect();
        let id = self
            .db
            .start_import_job(p.user_id, key, &file_name, self.clock.now())
            .await?;
        Ok(ImportTracker::start(
            self.db.clone(),
            self.clock.clone(),
            id,
        ))
    }

    /// The caller's import job `id`, as it stands (on whichever server runs it).
    pub async fn import_job(&self, caller: Caller<'_>, id: i64) -> Result<ImportJob> {
        let p = caller.principal().ok_or(Denied::NotSignedIn)?;
        self.db
            .import_job(id, p.user_id, self.clock.now())
            .await?
            .ok_or_else(|| StoreError::not_found("import", &id))
    }

    /// The newest published version of each of the caller's province's layers; none for a
    /// caller who may not read them.
    pub async fn published_layers(&self, caller: Caller<'_>) -> Result<Vec<PublishedLayer>> {
        let Some(p) = caller.principal() else {
            return Ok(Vec::new());
        };
        let province = &p.organisation.province_code;
        if access::read_layers(Some(p), province).is_err() {
            return Ok(Vec::new());
        }
        self.db.published_layer_list(province).await
    }

    /// The newest published version of the caller's province's layer `key`.
    pub async fn published_layer(&self, caller: Caller<'_>, key: &str) -> Result<PublishedLayer> {
        let p = caller.principal().ok_or(Denied::NotSignedIn)?;
        let province = &p.organisation.province_code;
        access::read_layers(Some(p), province)?;
        self.db
            .published_layer_list(province)
            .await?
            .into_iter()
            .find(|l| l.layer.key == key)
            .ok_or_else(|| StoreError::not_found("layer", &key))
    }

    /// A page of a published layer's features meeting `bbox`, and how many meet it.
    pub async fn layer_features_page(
        &self,
        caller: Caller<'_>,
        key: &str,
        bbox: Option<[f64; 4]>,
        limit: i64,
        offset: i64,
    ) -> Result<(PublishedLayer, Vec<Value>, i64)> {
        let layer = self.published_layer(caller, key).await?;
        let (features, matched) = self
            .db
            .layer_features_page(layer.version_id, bbox, limit, offset)
            .await?;
        Ok((layer, features, matched))
    }

    /// One feature of a published layer.
    pub async fn layer_feature(
        &self,
        caller: Caller<'_>,
        key: &str,
        feature_id: &str,
    ) -> Result<(PublishedLayer, Value)> {
        let layer = self.published_layer(caller, key).await?;
        let feature = self
            .db
            .layer_feature(layer.version_id, feature_id)
            .await?
            .ok_or_else(|| StoreError::not_found("feature", &feature_id))?;
        Ok((layer, feature))
    }
}
