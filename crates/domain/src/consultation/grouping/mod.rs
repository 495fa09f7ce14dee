//! Similar opinions grouped, so the officer can answer a group at once (issue 15, item 5).
//! Offline, for Vietnamese: [`normalize`] folds the text (NFC, no diacritics, no stop
//! words), [`features`] weighs its syllables, syllable pairs and character trigrams by TF-IDF,
//! [`cluster`] groups by average-link on the cosine similarity, [`location`] lets map pins
//! count, and [`constraints`] keeps the officer's merges and splits.
//!
//! ```
//! use plantrack_domain::consultation::grouping::{group, Corrections, GroupingSettings, OpinionText};
//! let texts = [
//!     "Đề nghị giữ chợ ở trung tâm xã",
//!     "Kính gửi UBND xã, tôi đề nghị giữ nguyen cho o trung tam",
//!     "Giá đền bù đất nông nghiệp quá thấp",
//!     "gia den bu dat nong nghiep thap qua",
//! ];
//! let opinions: Vec<OpinionText> = texts
//!     .iter()
//!     .enumerate()
//!     .map(|(i, t)| OpinionText::new(i.to_string(), *t))
//!     .collect();
//! let groups = group(&opinions, &GroupingSettings::default(), &Corrections::default());
//! let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
//! assert_eq!(members, [&[0, 1][..], &[2, 3][..]]);
//! ```

pub mod cluster;
pub mod constraints;
pub mod features;
pub mod location;
pub mod measure;
pub mod normalize;
#[cfg(any(test, feature = "synthetic"))]
pub mod synthetic;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use constraints::Corrections;
pub use features::FeatureWeights;
pub use location::{LocationSettings, Point};

/// An opinion as the grouping reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpinionText {
    pub id: String,
    pub text: String,
    /// Where the resident pinned it on the map, if they did.
    pub point: Option<Point>,
}

impl OpinionText {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            point: None,
        }
    }
}

/// The grouping's knobs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GroupingSettings {
    /// Two groups merge while their mean pairwise similarity reaches this (0 to 1): higher
    /// gives smaller, surer groups.
    pub threshold: f32,
    /// Pairs less similar than this count as unrelated (and are never compared twice).
    pub floor: f32,
    #[serde(skip)]
    pub features: FeatureWeights,
    pub location: LocationSettings,
}

impl GroupingSettings {
    /// The default threshold, tuned on the synthetic set of seed 1 (README, "Grouping
    /// similar opinions").
    pub const DEFAULT_THRESHOLD: f32 = 0.04;
}

impl Default for GroupingSettings {
    fn default() -> Self {
        Self {
            threshold: Self::DEFAULT_THRESHOLD,
            floor: 0.2,
            features: FeatureWeights::default(),
            location: LocationSettings::default(),
        }
    }
}

/// A group of similar opinions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Indices into the opinions given, in their order.
    pub members: Vec<usize>,
    /// The member most like the others: the one to show for the group.
    pub representative: usize,
}

/// Groups the opinions: every one in exactly one group; the corrections respected (see
/// [`constraints`]); the largest groups first, then by their first opinion. Ids should be
/// unique; corrections name an opinion by its id (the first with it).
pub fn group(
    opinions: &[OpinionText],
    settings: &GroupingSettings,
    corrections: &Corrections,
) -> Vec<Group> {
    let docs: Vec<Vec<String>> = opinions
        .iter()
        .map(|o| normalize::syllables(&o.text))
        .collect();
    let vectors = features::vectorize(&docs, settings.features);
    let points: Vec<Option<Point>> = opinions.iter().map(|o| o.point).collect();
    let graph = cluster::similarity_graph(&vectors, &points, settings.floor, &settings.location);
    let mut index: HashMap<&str, u32> = HashMap::with_capacity(opinions.len());
    for (i, o) in opinions.iter().enumerate() {
        index.entry(o.id.as_str()).or_insert(i as u32);
    }
    let resolved = constraints::resolve(&index, opinions.len(), corrections);
    let clusters = cluster::average_link(
        &graph,
        resolved.components,
        &resolved.cannot,
        settings.threshold,
    );
    let mut label = vec![0usize; opinions.len()];
    for (c, members) in clusters.iter().enumerate() {
        for &i in members {
            label[i as usize] = c;
        }
    }
    let mut groups: Vec<Group> = clusters
        .iter()
        .enumerate()
        .map(|(c, members)| {
            // The medoid: the highest total similarity to the rest of its group.
            let centrality = |i: u32| -> f32 {
                graph[i as usize]
                    .iter()
                    .filter(|(j, _)| label[*j as usize] == c)
                    .map(|(_, s)| s)
                    .sum()
            };
            let mut representative = members[0];
            let mut best = centrality(representative);
            for &i in &members[1..] {
                let s = centrality(i);
                if s > best {
                    (representative, best) = (i, s);
                }
            }
            Group {
                members: members.iter().map(|&i| i as usize).collect(),
                representative: representative as usize,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });
    groups
}
