//! Bench: attendance rules. The GPS verdict is on every GPS check-in's hot path (target
//! < 100 ns, no allocation); the iCalendar export is what a course calendar download costs.
use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use titan_benches::attendance::{course_sessions, gps_case};
use titan_core::rules::attendance::{AttendancePolicy, gps_verdict, haversine_m, render_ics};

fn gps(c: &mut Criterion) {
    let Some(case) = gps_case() else { return };
    let recommended = AttendancePolicy::recommended();
    let legacy = AttendancePolicy::legacy();
    c.bench_function("attendance/haversine", |b| {
        b.iter(|| haversine_m(black_box(case.session_point), black_box(case.device)))
    });
    c.bench_function("attendance/gps_verdict/accuracy_aware", |b| {
        b.iter(|| {
            gps_verdict(
                black_box(case.session_point),
                black_box(case.radius_m),
                black_box(case.device),
                black_box(case.accuracy_m),
                black_box(&recommended),
            )
        })
    });
    c.bench_function("attendance/gps_verdict/strict_radius_refused", |b| {
        b.iter(|| {
            gps_verdict(
                black_box(case.session_point),
                black_box(case.radius_m),
                black_box(case.device),
                black_box(case.accuracy_m),
                black_box(&legacy),
            )
        })
    });
}

fn ics(c: &mut Criterion) {
    let sessions = course_sessions(12);
    let now = DateTime::<Utc>::UNIX_EPOCH;
    c.bench_function("attendance/render_ics/12_sessions", |b| {
        b.iter(|| {
            render_ics(
                black_box("Pelatihan Kepemimpinan Pengawas"),
                black_box(&sessions),
                now,
            )
        })
    });
}

criterion_group!(benches, gps, ics);
criterion_main!(benches);
