//! The topics opinions are tagged with. A province keeps its own list as data (the store's
//! `consultation_topics`); this is the list every province starts from, named in vi/en/id.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Language;

/// A topic's key and its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TopicName {
    pub key: String,
    pub vi: String,
    pub en: String,
    pub id: String,
}

impl TopicName {
    /// Its name in the reader's language.
    pub fn name(&self, lang: Language) -> &str {
        match lang {
            Language::Vi => &self.vi,
            Language::En => &self.en,
            Language::Id => &self.id,
        }
    }
}

/// The starting list: key, Vietnamese, English, Indonesian.
pub const DEFAULT_TOPICS: [(&str, &str, &str, &str); 8] = [
    ("land_use", "Sử dụng đất", "Land use", "Penggunaan lahan"),
    ("roads", "Giao thông", "Roads", "Jalan"),
    (
        "compensation",
        "Bồi thường, hỗ trợ, tái định cư",
        "Compensation and resettlement",
        "Ganti rugi dan pemukiman kembali",
    ),
    (
        "public_facilities",
        "Công trình công cộng",
        "Public facilities",
        "Fasilitas umum",
    ),
    ("environment", "Môi trường", "Environment", "Lingkungan"),
    (
        "infrastructure",
        "Hạ tầng kỹ thuật",
        "Technical infrastructure",
        "Infrastruktur teknis",
    ),
    (
        "process",
        "Trình tự, thủ tục lập quy hoạch",
        "Planning process",
        "Proses perencanaan",
    ),
    ("other", "Nội dung khác", "Other", "Lainnya"),
];

/// The starting list as names.
pub fn default_topics() -> Vec<TopicName> {
    DEFAULT_TOPICS
        .iter()
        .map(|(key, vi, en, id)| TopicName {
            key: (*key).to_owned(),
            vi: (*vi).to_owned(),
            en: (*en).to_owned(),
            id: (*id).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_topics_have_unique_keys_and_three_names() {
        let topics = default_topics();
        let mut keys: Vec<_> = topics.iter().map(|t| t.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), topics.len());
        for t in &topics {
            for lang in [Language::Vi, Language::En, Language::Id] {
                assert!(!t.name(lang).is_empty());
            }
        }
        assert_eq!(topics[1].name(Language::Vi), "Giao thông");
    }
}
