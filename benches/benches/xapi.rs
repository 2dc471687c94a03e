//! Bench: xAPI rules — build and validate one statement (target < 10 µs).
//! `build_statement` validates what it builds; the second bench validates a stored one alone.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use titan_benches::xapi::{context, quiz_passed};
use titan_core::rules::xapi::{XapiPolicy, build_statement, validate_statement};

fn statements(c: &mut Criterion) {
    let event = quiz_passed();
    let ctx = context();
    let policy = XapiPolicy::recommended();
    c.bench_function("xapi/build_and_validate_statement", |b| {
        b.iter(|| build_statement(black_box(&event), black_box(&ctx), &policy))
    });
    if let Ok(statement) = build_statement(&event, &ctx, &policy) {
        c.bench_function("xapi/validate_statement", |b| {
            b.iter(|| validate_statement(black_box(&statement)))
        });
    }
}

criterion_group!(benches, statements);
criterion_main!(benches);
