//! Bench: scoring a 50-question mixed attempt (TF, single and multiple MC, short answer with a
//! wildcard). Target: < 10 µs.
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use titan_benches::quiz::mixed_attempt;
use titan_core::rules::quiz::{QuizPolicy, score_attempt, shuffle_order};

fn scoring(c: &mut Criterion) {
    let fixture = mixed_attempt(50);
    let policy = QuizPolicy::default();
    c.bench_function("quiz/score_attempt_50_mixed", |b| {
        b.iter(|| {
            score_attempt(
                black_box(&fixture.quiz),
                black_box(&fixture.questions),
                black_box(&fixture.answers),
                black_box(&policy),
            )
        })
    });
    c.bench_function("quiz/shuffle_order_50", |b| {
        b.iter(|| shuffle_order(black_box("0190c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f"), 50))
    });
}

criterion_group!(benches, scoring);
criterion_main!(benches);
