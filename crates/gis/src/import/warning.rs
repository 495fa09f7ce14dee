//! What a reader passed over without failing. The library prints nothing: readers return their
//! warnings with what they read, and the caller shows them (the CLI) or logs them (the server).

use std::collections::BTreeMap;
use std::fmt;

/// Something a reader skipped or guessed while reading a file it did not refuse.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ImportWarning {
    /// Closed shapes of a DXF drawing on layers the CAD layer map does not name, counted per
    /// layer.
    SkippedLayers {
        file: String,
        layers: BTreeMap<String, usize>,
    },
}

impl ImportWarning {
    /// The same warning naming `file` (the user's name for it) in place of the path it was
    /// read from, such as a temporary copy of an upload.
    pub fn for_file(self, file: &str) -> ImportWarning {
        match self {
            ImportWarning::SkippedLayers { layers, .. } => ImportWarning::SkippedLayers {
                file: file.to_owned(),
                layers,
            },
        }
    }
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportWarning::SkippedLayers { file, layers } => {
                let layers: Vec<String> =
                    layers.iter().map(|(l, n)| format!("{l} ({n})")).collect();
                write!(
                    f,
                    "{file}: skipped closed shapes on layers not in the layer map: {}",
                    layers.join(", ")
                )
            }
        }
    }
}

/// What a read gave, with the warnings of the files it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported<T> {
    pub value: T,
    pub warnings: Vec<ImportWarning>,
}

impl<T> Imported<T> {
    /// A read that passed over nothing.
    pub fn clean(value: T) -> Self {
        Imported {
            value,
            warnings: Vec::new(),
        }
    }

    /// The same warnings with the value changed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Imported<U> {
        Imported {
            value: f(self.value),
            warnings: self.warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_layers_read_as_before() {
        let warning = ImportWarning::SkippedLayers {
            file: "a.dxf".into(),
            layers: BTreeMap::from([("KHUNG".into(), 2), ("TEXT".into(), 1)]),
        };
        assert_eq!(
            warning.to_string(),
            "a.dxf: skipped closed shapes on layers not in the layer map: KHUNG (2), TEXT (1)"
        );
    }
}
