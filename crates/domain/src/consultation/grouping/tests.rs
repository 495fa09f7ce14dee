//! The grouping as a whole: its guarantees (every opinion once, the corrections kept, the
//! same result every run) and its quality on the synthetic set.

use proptest::prelude::*;

use super::measure::pair_scores;
use super::synthetic::{TOPICS, opinions};
use super::*;

fn members(groups: &[Group]) -> Vec<Vec<usize>> {
    groups.iter().map(|g| g.members.clone()).collect()
}

fn label_of(groups: &[Group], n: usize) -> Vec<usize> {
    let mut label = vec![usize::MAX; n];
    for (g, group) in groups.iter().enumerate() {
        for &i in &group.members {
            assert_eq!(label[i], usize::MAX, "opinion {i} in two groups");
            label[i] = g;
        }
    }
    assert!(
        label.iter().all(|&l| l != usize::MAX),
        "an opinion in no group"
    );
    label
}

/// The figure the README reports: the threshold was tuned on seed 1; this is seed 2, which
/// the tuning never saw. The floor leaves a margin under what it measures (see the README).
#[test]
fn pairs_are_found_with_high_precision_and_recall_on_an_unseen_seed() {
    let set = opinions(400, 2);
    let texts: Vec<OpinionText> = set.iter().map(|l| l.opinion.clone()).collect();
    let labels: Vec<usize> = set.iter().map(|l| l.topic).collect();
    let groups = group(
        &texts,
        &GroupingSettings::default(),
        &Corrections::default(),
    );
    let s = pair_scores(&members(&groups), &labels);
    assert!(s.precision >= 0.9, "{s:?}");
    assert!(s.recall >= 0.8, "{s:?}");
}

#[test]
fn the_same_input_gives_the_same_groups() {
    let set: Vec<OpinionText> = opinions(300, 5).into_iter().map(|l| l.opinion).collect();
    let a = group(&set, &GroupingSettings::default(), &Corrections::default());
    let b = group(&set, &GroupingSettings::default(), &Corrections::default());
    assert_eq!(a, b);
    // Largest first; within a group, input order; the representative a member.
    assert!(
        a.windows(2)
            .all(|w| w[0].members.len() >= w[1].members.len())
    );
    for g in &a {
        assert!(g.members.windows(2).all(|w| w[0] < w[1]));
        assert!(g.members.contains(&g.representative));
    }
}

#[test]
fn a_higher_threshold_gives_smaller_groups() {
    let set: Vec<OpinionText> = opinions(300, 3).into_iter().map(|l| l.opinion).collect();
    let loose = group(&set, &GroupingSettings::default(), &Corrections::default());
    let strict = GroupingSettings {
        threshold: 0.6,
        ..GroupingSettings::default()
    };
    assert!(group(&set, &strict, &Corrections::default()).len() > loose.len());
}

#[test]
fn near_pins_add_similarity_and_far_pins_take_some_away() {
    let docs: Vec<Vec<String>> = ["đường vào thôn hẹp", "đường vào thôn hẹp", "nước sạch"]
        .iter()
        .map(|t| normalize::syllables(t))
        .collect();
    let vectors = features::vectorize(&docs, FeatureWeights::default());
    let here = Point {
        lon: 103.45,
        lat: 22.40,
    };
    let next_door = Point {
        lon: 103.45,
        lat: 22.4005,
    };
    let far = Point {
        lon: 103.45,
        lat: 22.45,
    };
    let similarity = |b: Option<Point>| {
        let graph = cluster::similarity_graph(
            &vectors,
            &[Some(here), b, None],
            0.05,
            &LocationSettings::default(),
        );
        graph[0].iter().find(|(j, _)| *j == 1).map(|(_, s)| *s)
    };
    let (near, unknown, apart) = (
        similarity(Some(next_door)).unwrap(),
        similarity(None).unwrap(),
        similarity(Some(far)).unwrap(),
    );
    assert!(
        near > unknown && unknown > apart,
        "{near} {unknown} {apart}"
    );
}

#[test]
fn an_officers_merge_and_split_are_kept_by_the_next_grouping() {
    let set: Vec<OpinionText> = opinions(200, 7).into_iter().map(|l| l.opinion).collect();
    let first = group(&set, &GroupingSettings::default(), &Corrections::default());
    let label = label_of(&first, set.len());
    // The officer splits the largest group's first two and merges the two largest groups'
    // representatives.
    let (a, b) = (first[0].members[0], first[0].members[1]);
    let (c, d) = (first[0].representative, first[1].representative);
    assert_eq!(label[a], label[b]);
    assert_ne!(label[c], label[d]);
    let id = |i: usize| set[i].id.clone();
    let corrections = Corrections {
        must_link: vec![(id(c), id(d))],
        cannot_link: vec![(id(a), id(b))],
    };
    let next = group(&set, &GroupingSettings::default(), &corrections);
    let label = label_of(&next, set.len());
    assert_ne!(label[a], label[b]);
    assert_eq!(label[c], label[d]);
}

#[test]
fn the_synthetic_set_is_deterministic_and_covers_every_subject() {
    let a = opinions(300, 11);
    let b = opinions(300, 11);
    assert_eq!(
        a.iter().map(|l| &l.opinion.text).collect::<Vec<_>>(),
        b.iter().map(|l| &l.opinion.text).collect::<Vec<_>>()
    );
    for t in 0..TOPICS.len() {
        assert_eq!(a.iter().filter(|l| l.topic == t).count(), 15);
    }
    // Some typed without diacritics, some pinned.
    assert!(a.iter().any(|l| l.opinion.text.is_ascii()));
    assert!(a.iter().any(|l| l.opinion.point.is_some()));
}

/// Opinions drawn from a few subjects in few words, a hidden partition of them, and
/// corrections consistent with it: merges inside a part, splits across parts.
fn case() -> impl Strategy<Value = (Vec<OpinionText>, Corrections)> {
    const WORDS: &[&str] = &[
        "chợ",
        "trung",
        "tâm",
        "đường",
        "ruộng",
        "đền",
        "bù",
        "giá",
        "nước",
        "sạch",
    ];
    (2usize..40)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..6), n),
                prop::collection::vec(0usize..3, n),
                prop::collection::vec((0..n, 0..n), 0..10),
                prop::collection::vec((0..n, 0..n), 0..10),
            )
        })
        .prop_map(|(texts, part, must, cannot)| {
            let ops: Vec<OpinionText> = texts
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let text: Vec<&str> = w.iter().map(|&k| WORDS[k]).collect();
                    OpinionText::new(format!("o{i}"), text.join(" "))
                })
                .collect();
            let id = |i: usize| format!("o{i}");
            let corrections = Corrections {
                must_link: must
                    .into_iter()
                    .filter(|(a, b)| part[*a] == part[*b])
                    .map(|(a, b)| (id(a), id(b)))
                    .collect(),
                cannot_link: cannot
                    .into_iter()
                    .filter(|(a, b)| part[*a] != part[*b])
                    .map(|(a, b)| (id(a), id(b)))
                    .collect(),
            };
            (ops, corrections)
        })
}

proptest! {
    #[test]
    fn every_opinion_is_in_one_group_and_the_corrections_hold(
        (ops, corrections) in case(),
        threshold in 0.0f32..0.9,
    ) {
        let settings = GroupingSettings { threshold, ..GroupingSettings::default() };
        let groups = group(&ops, &settings, &corrections);
        let label = label_of(&groups, ops.len());
        let index = |id: &str| ops.iter().position(|o| o.id == id).unwrap();
        for (a, b) in &corrections.must_link {
            prop_assert_eq!(label[index(a)], label[index(b)]);
        }
        for (a, b) in &corrections.cannot_link {
            prop_assert_ne!(label[index(a)], label[index(b)]);
        }
    }
}

/// The threshold's tuning, on seed 1 only: `cargo test -p plantrack-domain --release --
/// tuning --ignored --nocapture`.
#[test]
#[ignore = "a sweep for tuning, not a check"]
fn tuning() {
    let set = opinions(400, 1);
    let texts: Vec<OpinionText> = set.iter().map(|l| l.opinion.clone()).collect();
    let labels: Vec<usize> = set.iter().map(|l| l.topic).collect();
    for t in [0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2] {
        let settings = GroupingSettings {
            threshold: t,
            ..GroupingSettings::default()
        };
        let groups = group(&texts, &settings, &Corrections::default());
        let s = pair_scores(&members(&groups), &labels);
        println!(
            "threshold {t:.2}: precision {:.3} recall {:.3} groups {}",
            s.precision,
            s.recall,
            groups.len()
        );
    }
}
