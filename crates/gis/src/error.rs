//! The crate's one error type.

use thiserror::Error;

#[derive(Error, Debug)]
pub enum GisError {
    /// The file could not be read.
    #[error("{file}: cannot read the file: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    /// The file is not valid JSON, CSV or UTF-8; the message says where (line and column when known).
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    /// A feature (or row, or unit) of the file has a missing, mistyped or invalid field.
    #[error("{file}: feature {feature}: field '{field}': {message}")]
    Field {
        file: String,
        feature: String,
        field: String,
        message: String,
    },
    /// A geometry cannot be written as WKB, or bytes are not valid WKB.
    #[error("WKB: {0}")]
    Wkb(String),
    /// A coordinate system could not be set up or a point not transformed.
    #[error("coordinate system: {0}")]
    Crs(String),
    /// The content is none of the formats the importer knows.
    #[error(
        "{file}: unknown format: expected a GeoJSON FeatureCollection of units, a unit list \
         (JSON with 'Wards'), a merges file (JSON with 'merges_new_to_old') or the communes \
         table (CSV with a 'new_code' column)"
    )]
    UnknownFormat { file: String },
    /// An archive unpacks, or claims to, beyond its limits (a zip bomb, or data to send
    /// unpacked): nothing of it is kept.
    #[error("{file}: {source}")]
    ArchiveTooLarge {
        file: String,
        source: crate::archive::TooLarge,
    },
}

impl GisError {
    /// The same error naming `file` (the user's name for it) in place of the path it was read
    /// from, such as a temporary copy of an upload.
    pub fn for_file(self, file: &str) -> GisError {
        match self {
            GisError::Io { source, .. } => GisError::Io {
                file: file.to_owned(),
                source,
            },
            GisError::Parse { message, .. } => GisError::Parse {
                file: file.to_owned(),
                message,
            },
            GisError::Field {
                feature,
                field,
                message,
                ..
            } => GisError::Field {
                file: file.to_owned(),
                feature,
                field,
                message,
            },
            GisError::UnknownFormat { .. } => GisError::UnknownFormat {
                file: file.to_owned(),
            },
            GisError::ArchiveTooLarge { source, .. } => GisError::ArchiveTooLarge {
                file: file.to_owned(),
                source,
            },
            other => other,
        }
    }
}
