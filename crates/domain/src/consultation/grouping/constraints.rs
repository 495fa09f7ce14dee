//! The officer's corrections to a grouping: "these belong together" (must-link, a merge) and
//! "these do not" (cannot-link, a split). They are kept with the consultation and given to
//! every later grouping, which never undoes them.
//!
//! When they contradict each other (A with B, B with C, but not A with C), the split wins: a
//! merge that would put a cannot-link pair in one group is not applied. Ids no opinion has
//! (an opinion withdrawn since) are ignored.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    /// Pairs of opinion ids that must be in the same group.
    pub must_link: Vec<(String, String)>,
    /// Pairs of opinion ids that must be in different groups.
    pub cannot_link: Vec<(String, String)>,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.must_link.is_empty() && self.cannot_link.is_empty()
    }
}

/// The corrections on opinion indices: the groups the merges make (every opinion in exactly
/// one, alone when no merge names it), and for each opinion those it may not join.
#[derive(Debug)]
pub(super) struct Resolved {
    pub components: Vec<Vec<u32>>,
    pub cannot: Vec<Vec<u32>>,
}

pub(super) fn resolve(index: &HashMap<&str, u32>, n: usize, c: &Corrections) -> Resolved {
    let pair = |(a, b): &(String, String)| {
        Some((*index.get(a.as_str())?, *index.get(b.as_str())?)).filter(|(a, b)| a != b)
    };
    let mut cannot: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (a, b) in c.cannot_link.iter().filter_map(pair) {
        cannot[a as usize].push(b);
        cannot[b as usize].push(a);
    }
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    // What each component's members may not join, kept on its root.
    let mut blocked: Vec<Vec<u32>> = cannot.clone();
    for (a, b) in c.must_link.iter().filter_map(pair) {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra == rb {
            continue;
        }
        let conflict = blocked[ra as usize]
            .clone()
            .into_iter()
            .any(|x| find(&mut parent, x) == rb);
        if conflict {
            continue;
        }
        // The smaller root joins the larger one's index, so the result does not depend on
        // which end of the pair was named first.
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[gone as usize] = keep;
        let moved = std::mem::take(&mut members[gone as usize]);
        members[keep as usize].extend(moved);
        let moved = std::mem::take(&mut blocked[gone as usize]);
        blocked[keep as usize].extend(moved);
    }
    let components = members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect();
    Resolved { components, cannot }
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn a_split_wins_over_a_merge_that_contradicts_it() {
        let ids = ["a", "b", "c", "d"];
        let index: HashMap<&str, u32> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, i as u32))
            .collect();
        let c = Corrections {
            must_link: pairs(&[("a", "b"), ("b", "c"), ("zz", "a")]),
            cannot_link: pairs(&[("a", "c")]),
        };
        let r = resolve(&index, 4, &c);
        assert_eq!(r.components, vec![vec![0, 1], vec![2], vec![3]]);
        assert_eq!(r.cannot[0], vec![2]);
    }
}
