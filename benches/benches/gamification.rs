//! Bench: evaluating a 10-node badge criteria tree (target < 10 µs), plus parsing it and the
//! level curves for reference.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use titan_benches::gamification::{badge_tree_10, learner_stats};
use titan_core::rules::gamification::{LevelCurve, evaluate, level_for_points, parse_criteria};

fn badge_tree(c: &mut Criterion) {
    let doc = badge_tree_10();
    let stats = learner_stats();
    let criteria = parse_criteria(&doc).expect("the fixture is a valid tree");
    c.bench_function("gamification/evaluate_badge_tree_10", |b| {
        b.iter(|| evaluate(black_box(&criteria), black_box(&stats)))
    });
    c.bench_function("gamification/parse_badge_tree_10", |b| {
        b.iter(|| parse_criteria(black_box(&doc)))
    });
}

fn levels(c: &mut Criterion) {
    let relative = LevelCurve::Relative {
        base: 120,
        factor: rust_decimal::Decimal::new(13, 1),
    };
    c.bench_function("gamification/level_relative_1m_points", |b| {
        b.iter(|| level_for_points(black_box(1_000_000), black_box(&relative)))
    });
}

criterion_group!(benches, badge_tree, levels);
criterion_main!(benches);
