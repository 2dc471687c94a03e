//! Bench: recompute the progress of one enrolment in a 300-lesson course (target < 10 µs).
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use titan_benches::progress::course_facts;
use titan_core::rules::progress::{
    ProgressPolicy, ProgressWeighting, compute_enrollment_progress, evaluate_enrollment,
};

fn recompute(c: &mut Criterion) {
    let facts = course_facts(300);
    let equal = ProgressPolicy::recommended();
    let by_duration = ProgressPolicy {
        progress_weighting: ProgressWeighting::ByDuration,
        ..ProgressPolicy::recommended()
    };
    c.bench_function("progress/recompute_300_lessons", |b| {
        b.iter(|| compute_enrollment_progress(black_box(&facts), black_box(&equal)))
    });
    c.bench_function("progress/recompute_300_lessons_by_duration", |b| {
        b.iter(|| compute_enrollment_progress(black_box(&facts), black_box(&by_duration)))
    });
    c.bench_function("progress/evaluate_300_lessons", |b| {
        b.iter(|| evaluate_enrollment(black_box(&facts), black_box(&equal)))
    });
}

criterion_group!(benches, recompute);
criterion_main!(benches);
