//! An opinion as a sparse vector: its syllables, its syllable bigrams (the pairs that carry a
//! Vietnamese word: "trung tâm", "đền bù"), and character trigrams of each syllable so that a
//! typo ("duogn") still shares most of its weight with the word. TF-IDF over the
//! consultation's own set: a word every opinion uses ("đề nghị") weighs little.

use std::collections::HashMap;

/// One opinion's features: (feature id, weight), sorted by id, of unit length (or empty).
pub type SparseVec = Vec<(u32, f32)>;

/// How much each kind of feature counts, before TF-IDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureWeights {
    pub syllable: f32,
    pub bigram: f32,
    pub trigram: f32,
}

impl Default for FeatureWeights {
    fn default() -> Self {
        Self {
            syllable: 1.0,
            bigram: 1.0,
            trigram: 0.3,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Syllable,
    Bigram,
    Trigram,
}

/// The TF-IDF vectors of a set of opinions, each given as its syllables
/// ([`super::normalize::syllables`]), in the same order.
///
/// ```
/// use plantrack_domain::consultation::grouping::features::{vectorize, FeatureWeights, cosine};
/// let docs = [vec!["giu".to_owned(), "cho".to_owned()], vec!["giu".to_owned(), "cho".to_owned()]];
/// let v = vectorize(&docs, FeatureWeights::default());
/// assert!((cosine(&v[0], &v[1]) - 1.0).abs() < 1e-5);
/// ```
pub fn vectorize(docs: &[Vec<String>], weights: FeatureWeights) -> Vec<SparseVec> {
    let mut ids: HashMap<(Kind, String), u32> = HashMap::new();
    let mut kinds: Vec<Kind> = Vec::new();
    // Raw term counts per document, then document frequencies.
    let counted: Vec<HashMap<u32, u32>> = docs
        .iter()
        .map(|syllables| {
            let mut counts: HashMap<u32, u32> = HashMap::new();
            let mut add = |kind: Kind, key: String| {
                let next = ids.len() as u32;
                let id = *ids.entry((kind, key)).or_insert_with(|| {
                    kinds.push(kind);
                    next
                });
                *counts.entry(id).or_default() += 1;
            };
            for s in syllables {
                add(Kind::Syllable, s.clone());
                for t in trigrams(s) {
                    add(Kind::Trigram, t);
                }
            }
            for pair in syllables.windows(2) {
                add(Kind::Bigram, format!("{} {}", pair[0], pair[1]));
            }
            counts
        })
        .collect();
    let mut df = vec![0u32; kinds.len()];
    for counts in &counted {
        for id in counts.keys() {
            df[*id as usize] += 1;
        }
    }
    let n = docs.len() as f32;
    counted
        .into_iter()
        .map(|counts| {
            let mut v: SparseVec = counts
                .into_iter()
                .filter(|(id, _)| df[*id as usize] > 1)
                .map(|(id, tf)| {
                    let kind = match kinds[id as usize] {
                        Kind::Syllable => weights.syllable,
                        Kind::Bigram => weights.bigram,
                        Kind::Trigram => weights.trigram,
                    };
                    let idf = ((1.0 + n) / (1.0 + df[id as usize] as f32)).ln() + 1.0;
                    (id, kind * (1.0 + (tf as f32).ln()) * idf)
                })
                .collect();
            v.sort_unstable_by_key(|(id, _)| *id);
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        })
        .collect()
}

/// A syllable's character trigrams, with its start and end marked ("^ch", "cho", "ho$").
fn trigrams(syllable: &str) -> Vec<String> {
    let chars: Vec<char> = std::iter::once('^')
        .chain(syllable.chars())
        .chain(std::iter::once('$'))
        .collect();
    if chars.len() < 4 {
        // One letter: the syllable itself says it.
        return Vec::new();
    }
    chars.windows(3).map(|w| w.iter().collect()).collect()
}

/// The cosine similarity of two unit vectors.
pub fn cosine(a: &SparseVec, b: &SparseVec) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::super::normalize::syllables;
    use super::*;

    fn vectors(texts: &[&str]) -> Vec<SparseVec> {
        let docs: Vec<Vec<String>> = texts.iter().map(|t| syllables(t)).collect();
        vectorize(&docs, FeatureWeights::default())
    }

    #[test]
    fn a_typo_keeps_most_of_the_similarity() {
        let v = vectors(&[
            "đường mới cắt ngang ruộng",
            "duogn moi cat ngang ruong",
            "giữ chợ ở trung tâm",
            "chợ trung tâm",
        ]);
        assert!(cosine(&v[0], &v[1]) > 0.5, "{}", cosine(&v[0], &v[1]));
        assert!(cosine(&v[0], &v[2]) < 0.1);
    }

    #[test]
    fn vectors_have_unit_length() {
        let v = vectors(&["giữ chợ", "giữ chợ trung tâm", "chợ"]);
        for x in &v {
            let norm: f32 = x.iter().map(|(_, w)| w * w).sum();
            assert!((norm - 1.0).abs() < 1e-4);
        }
    }
}
