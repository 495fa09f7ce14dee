//! Opening the document store a command names (`--documents`: a folder or s3://bucket/prefix),
//! with the reason it cannot be used in the reader's language.

use plantrack_domain::Language;
use plantrack_store::blobs::BlobStore;
use plantrack_web::i18n::translate;

use super::CliError;

/// The document store at `location`, accepting files up to `max_size` bytes.
pub async fn open(location: &str, max_size: u64, lang: Language) -> Result<BlobStore, CliError> {
    BlobStore::open_location(location, max_size)
        .await
        .map_err(|e| {
            CliError::Usage(translate(
                lang.into(),
                "cli-documents-unusable",
                &[
                    ("location", location.into()),
                    ("error", e.to_string().into()),
                ],
            ))
        })
}
