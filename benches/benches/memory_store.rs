//! Throughput of the learning hot path on the in-memory store with a million progress rows
//! loaded: video heartbeats and lesson completions per second, one task and two tasks.
//!
//! `cargo bench -p titan-benches --bench memory_store` (a plain harness: it prints a table).
//! Target (issue 3): ≥ 100 000 heartbeats/s on one core.

// A bench aborts on any failure: there is no caller to report it to.
#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use titan_core::app::{Actor, Titan};
use titan_core::model::{
    ContentType, Course, DeliveryMode, Enrollment, EnrollmentStatus, Lesson, Module, Progress, User,
};
use titan_core::ports::Store;
use titan_core::rules::progress::{CompletionEvidence, Heartbeat};
use titan_store_memory::MemoryStore;

const LEARNERS: usize = 10_000;
const VIDEO_LESSONS: usize = 100;
const TEXT_LESSONS: usize = 20;
const HEARTBEATS: usize = 200_000;
const COMPLETIONS: usize = 40_000;

struct World {
    titan: Titan,
    learners: Vec<String>,
    videos: Vec<String>,
    texts: Vec<String>,
}

fn course(id: &str, instructor: &str) -> Course {
    let mut c = Course::new(
        id,
        format!("Kursus {id}"),
        id,
        "Kursus untuk pengukuran",
        instructor,
    );
    c.is_published = true;
    c.delivery_mode = DeliveryMode::AsyncOnline;
    c
}

fn lessons(module: &str, prefix: &str, n: usize, kind: ContentType) -> Vec<Lesson> {
    let now = Utc::now();
    (0..n)
        .map(|i| {
            let mut l = Lesson::new(
                format!("{prefix}-{i:03}"),
                module,
                format!("Pelajaran {i}"),
                i32::try_from(i).unwrap_or(0) + 1,
                kind,
                now,
            );
            l.duration = Some(3600);
            l.yt_video_id = Some("abc".into());
            l.content = Some("isi".into());
            l
        })
        .collect()
}

/// Loads 10 000 learners enrolled in a 100-video course (one progress row each: 1 000 000 rows)
/// and a 20-lesson text course.
async fn load() -> World {
    let store = Arc::new(MemoryStore::new());
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 1, 0, 0)
        .single()
        .unwrap_or_default();
    let mut uow = store.begin().await.expect("begin");
    let instructor = User::new("instructor", "guru@titan.go.id");
    uow.users().insert(&instructor).await.expect("instructor");
    let now = Utc::now();
    for (course_id, module_id, prefix, n, kind) in [
        (
            "video-course",
            "video-module",
            "video",
            VIDEO_LESSONS,
            ContentType::Video,
        ),
        (
            "text-course",
            "text-module",
            "text",
            TEXT_LESSONS,
            ContentType::Text,
        ),
    ] {
        uow.catalog()
            .insert_course(&course(course_id, "instructor"))
            .await
            .expect("course");
        uow.catalog()
            .insert_module(&Module {
                id: module_id.into(),
                course_id: course_id.into(),
                title: "Modul".into(),
                description: None,
                order: 1,
                duration: None,
                created_at: now,
                updated_at: now,
            })
            .await
            .expect("module");
        for l in lessons(module_id, prefix, n, kind) {
            uow.catalog().insert_lesson(&l).await.expect("lesson");
        }
    }
    let videos: Vec<String> = (0..VIDEO_LESSONS)
        .map(|i| format!("video-{i:03}"))
        .collect();
    let texts: Vec<String> = (0..TEXT_LESSONS).map(|i| format!("text-{i:03}")).collect();
    let mut learners = Vec::with_capacity(LEARNERS);
    for i in 0..LEARNERS {
        let id = format!("learner-{i:05}");
        let mut user = User::new(&id, format!("{id}@titan.go.id"));
        user.unit_kerja = Some("BKN".into());
        uow.users().insert(&user).await.expect("user");
        for course_id in ["video-course", "text-course"] {
            let mut e = Enrollment::new(format!("{id}-{course_id}"), &id, course_id, start);
            e.status = EnrollmentStatus::InProgress;
            e.started_at = Some(start);
            uow.enrollments().insert(&e).await.expect("enrollment");
        }
        for lesson in &videos {
            let mut p = Progress::new(format!("{id}-{lesson}"), &id, lesson, start);
            p.watched_seconds = Some(0);
            p.last_position = Some(0);
            p.last_elapsed = Some(0);
            uow.progress().insert(&p).await.expect("progress");
        }
        learners.push(id);
    }
    uow.commit().await.expect("commit");
    let titan = Titan::builder(store as Arc<dyn Store>)
        .build()
        .expect("engine");
    World {
        titan,
        learners,
        videos,
        texts,
    }
}

/// Heartbeat `i` of the run: every (learner, lesson) pair in turn, 10 s further each round.
fn heartbeat_job(world: &World, i: usize) -> (Actor, &str, Heartbeat) {
    let pair = i % (LEARNERS * VIDEO_LESSONS);
    let round = (i / (LEARNERS * VIDEO_LESSONS) + 1) as f64;
    let learner = &world.learners[pair % LEARNERS];
    let lesson = &world.videos[pair / LEARNERS];
    (
        Actor::user(learner.clone()),
        lesson,
        Heartbeat {
            position_s: 10.0 * round,
            client_elapsed_s: 10.0 * round,
            ended: false,
        },
    )
}

async fn heartbeats(world: Arc<World>, range: std::ops::Range<usize>) {
    for i in range {
        let (actor, lesson, beat) = heartbeat_job(&world, i);
        world
            .titan
            .record_heartbeat(&actor, lesson, &beat)
            .await
            .expect("heartbeat");
    }
}

async fn completions(world: Arc<World>, range: std::ops::Range<usize>) {
    let done = CompletionEvidence::MarkedDone {
        dwell_seconds: None,
    };
    for i in range {
        let learner = Actor::user(world.learners[i % LEARNERS].clone());
        let lesson = &world.texts[(i / LEARNERS) % TEXT_LESSONS];
        world
            .titan
            .complete_lesson(&learner, lesson, &done)
            .await
            .expect("completion");
    }
}

fn runtime(threads: usize) -> tokio::runtime::Runtime {
    if threads == 1 {
        tokio::runtime::Builder::new_current_thread().build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .build()
    }
    .expect("runtime")
}

/// Runs `total` operations split over `tasks` tasks; returns operations per second.
fn measure<F, Fut>(world: &Arc<World>, tasks: usize, range: std::ops::Range<usize>, op: F) -> f64
where
    F: Fn(Arc<World>, std::ops::Range<usize>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let rt = runtime(tasks);
    let total = range.len();
    let chunk = total / tasks;
    let started = Instant::now();
    rt.block_on(async {
        let handles: Vec<_> = (0..tasks)
            .map(|t| {
                let from = range.start + t * chunk;
                tokio::spawn(op(Arc::clone(world), from..from + chunk))
            })
            .collect();
        for h in handles {
            h.await.expect("task");
        }
    });
    (chunk * tasks) as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let loading = Instant::now();
    let world = Arc::new(runtime(1).block_on(load()));
    println!(
        "loaded {} learners, {} progress rows in {:.1} s",
        LEARNERS,
        LEARNERS * VIDEO_LESSONS,
        loading.elapsed().as_secs_f64()
    );
    println!("| operation | tasks | per second |");
    println!("|---|---|---|");
    let mut next = 0;
    for tasks in [1, 2] {
        let rate = measure(&world, tasks, next..next + HEARTBEATS, heartbeats);
        next += HEARTBEATS;
        println!("| video heartbeat | {tasks} | {rate:.0} |");
    }
    let mut next = 0;
    for tasks in [1, 2] {
        let rate = measure(&world, tasks, next..next + COMPLETIONS, completions);
        next += COMPLETIONS;
        println!("| lesson completion (text) | {tasks} | {rate:.0} |");
    }
}
