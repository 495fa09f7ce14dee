//! Similarity clustering: the pairs of opinions whose cosine similarity reaches a floor, found
//! through an inverted index (only opinions that share a feature are ever compared, so 5,000
//! opinions are not 12.5 million comparisons), then average-link agglomeration over that
//! sparse graph: the two groups whose mean pairwise similarity is highest merge, until no two
//! groups reach the threshold. Pairs below the floor count as zero. Ties are broken by index,
//! so the result is the same on every run.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use super::features::SparseVec;
use super::location::{LocationSettings, Point, adjustment};

/// Each opinion's neighbours: (other opinion, similarity), both directions.
pub(super) type Graph = Vec<Vec<(u32, f32)>>;

/// The similarity graph: text similarity at least `floor`, adjusted by the pins' distance.
pub(super) fn similarity_graph(
    vectors: &[SparseVec],
    points: &[Option<Point>],
    floor: f32,
    location: &LocationSettings,
) -> Graph {
    let n = vectors.len();
    let features = vectors
        .iter()
        .flat_map(|v| v.iter().map(|(f, _)| *f as usize + 1))
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); features];
    for (i, v) in vectors.iter().enumerate() {
        for (f, w) in v {
            postings[*f as usize].push((i as u32, *w));
        }
    }
    let mut graph: Graph = vec![Vec::new(); n];
    let mut acc = vec![0f32; n];
    let mut touched: Vec<u32> = Vec::new();
    // The pairs of `i` that reach the floor: few, where `touched` is nearly everyone once
    // common words are shared; only these are sorted.
    let mut hits: Vec<(u32, f32)> = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        for (f, w) in v {
            let list = &postings[*f as usize];
            // Only later opinions: each pair is computed once.
            let start = list.partition_point(|(j, _)| *j as usize <= i);
            for (j, wj) in &list[start..] {
                let a = &mut acc[*j as usize];
                if *a == 0.0 {
                    touched.push(*j);
                }
                *a += w * wj;
            }
        }
        for &j in &touched {
            let text = std::mem::take(&mut acc[j as usize]);
            if text >= floor {
                hits.push((j, text));
            }
        }
        touched.clear();
        hits.sort_unstable_by_key(|(j, _)| *j);
        for &(j, text) in &hits {
            let s = text + adjustment(points[i], points[j as usize], location);
            if s > 0.0 {
                graph[i].push((j, s));
                graph[j as usize].push((i as u32, s));
            }
        }
        hits.clear();
    }
    graph
}

/// A candidate merge in the queue; `versions` say whether it is still current.
#[derive(PartialEq)]
struct Candidate {
    score: f64,
    a: u32,
    b: u32,
    versions: (u32, u32),
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        // Highest score first; among equals the lowest indices first.
        self.score
            .total_cmp(&other.score)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
            .then_with(|| other.versions.cmp(&self.versions))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-link agglomeration from `start` (every opinion in exactly one, the officer's
/// merges already made), never joining an opinion with one in its `cannot` list. Returns the
/// groups, members in index order.
pub(super) fn average_link(
    graph: &Graph,
    start: Vec<Vec<u32>>,
    cannot: &[Vec<u32>],
    threshold: f32,
) -> Vec<Vec<u32>> {
    let n = graph.len();
    let k = start.len();
    let mut label = vec![0u32; n];
    for (c, members) in start.iter().enumerate() {
        for &i in members {
            label[i as usize] = c as u32;
        }
    }
    let mut members = start;
    let mut links: Vec<HashMap<u32, f64>> = vec![HashMap::new(); k];
    for (i, neighbours) in graph.iter().enumerate() {
        for &(j, s) in neighbours {
            let (ci, cj) = (label[i], label[j as usize]);
            // Each pair once (i < j), between different groups.
            if (i as u32) < j && ci != cj {
                *links[ci as usize].entry(cj).or_default() += f64::from(s);
                *links[cj as usize].entry(ci).or_default() += f64::from(s);
            }
        }
    }
    let mut version = vec![0u32; k];
    let mut alive = vec![true; k];
    let mut queue = BinaryHeap::new();
    let candidate = |a: u32, b: u32, sum: f64, members: &[Vec<u32>], version: &[u32]| {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        Candidate {
            score: sum / (members[a as usize].len() * members[b as usize].len()) as f64,
            a,
            b,
            versions: (version[a as usize], version[b as usize]),
        }
    };
    for (a, l) in links.iter().enumerate() {
        for (&b, &sum) in l {
            if (a as u32) < b {
                queue.push(candidate(a as u32, b, sum, &members, &version));
            }
        }
    }
    let threshold = f64::from(threshold);
    while let Some(c) = queue.pop() {
        let (a, b) = (c.a as usize, c.b as usize);
        if !alive[a] || !alive[b] || (version[a], version[b]) != c.versions {
            continue;
        }
        if c.score < threshold {
            break;
        }
        let blocked = members[a]
            .iter()
            .any(|&x| cannot[x as usize].iter().any(|&y| label[y as usize] == c.b));
        if blocked {
            continue;
        }
        // The group with more neighbours absorbs the other: fewer entries move.
        let (keep, gone) = if links[b].len() > links[a].len() {
            (b, a)
        } else {
            (a, b)
        };
        let moved = std::mem::take(&mut members[gone]);
        for &i in &moved {
            label[i as usize] = keep as u32;
        }
        members[keep].extend(moved);
        let gone_links = std::mem::take(&mut links[gone]);
        links[keep].remove(&(gone as u32));
        for (other, sum) in gone_links {
            if other as usize == keep {
                continue;
            }
            links[other as usize].remove(&(gone as u32));
            *links[keep].entry(other).or_default() += sum;
            *links[other as usize].entry(keep as u32).or_default() += sum;
        }
        alive[gone] = false;
        version[keep] += 1;
        for (&other, &sum) in &links[keep] {
            queue.push(candidate(keep as u32, other, sum, &members, &version));
        }
    }
    members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect()
}
