//! Bench: curation rules — playlist assembly over 200 candidates (target < 10 µs).
//!
//! `recommended` counts a 60-minute target in whole minutes (resolution 60, the default);
//! `resolution_600` in 6-second units, for comparison of the knapsack's O(m × W) cost.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use titan_benches::curation::{candidates, session};
use titan_core::rules::curation::{CurationPolicy, assemble_playlist};

fn playlist(c: &mut Criterion) {
    let session = session();
    let candidates = candidates(200);
    let policy = CurationPolicy::recommended();
    c.bench_function("curation/assemble_playlist_200", |b| {
        b.iter(|| assemble_playlist(black_box(&session), black_box(&candidates), &policy))
    });
    let fine = CurationPolicy {
        duration_resolution: 600,
        ..CurationPolicy::recommended()
    };
    c.bench_function("curation/assemble_playlist_200_resolution_600", |b| {
        b.iter(|| assemble_playlist(black_box(&session), black_box(&candidates), &fine))
    });
}

criterion_group!(benches, playlist);
criterion_main!(benches);
