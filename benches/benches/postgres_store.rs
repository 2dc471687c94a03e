//! Titan on PostgreSQL beside `pgbench`, on one server, with the same client counts (2, 4, 8)
//! and the same duration: Titan's lesson completions per second against `pgbench -N`
//! transactions per second, and Titan's learner-dashboard reads per second against
//! `pgbench -S`. It prints each pair and its ratio.
//!
//! Then it measures what the server alone can do with Titan's own statements: `pgbench -M
//! prepared` replaying, on Titan's database, the statements a completion and a dashboard send
//! (`benches/sql/completion.sql`, `benches/sql/dashboard.sql`, captured with `log_statement`),
//! beside Titan's figures. That ratio is the share of the time Titan's side (sqlx, the use
//! cases, the rules) costs; the first table's ratio is that times how much more work Titan's
//! statements are than pgbench's.
//!
//! Last, the floor, beside `pgbench -N`: every statement of `completion.sql` sent as one (one
//! round trip, no rule in between), and the six rows a completion must write alone, as one
//! statement with no read (both composed from `completion.sql` by [`floor_script`]): what a
//! completion could reach on this server even with every rule run inside it. It also prints
//! the CPU steal of the runs (a shared VM's neighbours take cores while it runs).
//!
//! `scripts/bench-postgres` starts a throwaway server and runs it; or, against a server of
//! your own, `TITAN_BENCH_DATABASE_URL=postgres://superuser@host/postgres cargo bench -p
//! titan-benches --bench postgres_store` (it creates, and drops at the end, two databases).
//! `TITAN_BENCH_SECONDS` sets the duration of each run (default 10), `PGBENCH` the pgbench
//! binary. Targets (issue 4): completions ≥ 0.8 × pgbench -N, dashboard reads ≥ 0.5 ×
//! pgbench -S.

// A bench aborts on any failure: there is no caller to report it to.
#![allow(clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use rust_decimal::Decimal;
use sqlx::{Connection, PgConnection};
use titan_core::app::{Actor, Titan};
use titan_core::model::{
    ContentType, Course, DeliveryMode, Enrollment, EnrollmentStatus, Lesson, Module, Progress, User,
};
use titan_core::ports::Store;
use titan_core::rules::progress::CompletionEvidence;
use titan_store_postgres::{PgConfig, PgStore};

const USERS: usize = 10_000;
const COURSES: usize = 100;
const MODULES_PER_COURSE: usize = 5;
const LESSONS_PER_MODULE: usize = 10;
const LESSONS_PER_COURSE: usize = MODULES_PER_COURSE * LESSONS_PER_MODULE;
/// Each learner is enrolled in this many courses: 100 000 enrolments.
const COURSES_PER_USER: usize = 10;
/// Rows per loading transaction.
const BATCH: usize = 500;
const CLIENTS: [usize; 3] = [2, 4, 8];
/// `pgbench -i` scale: 1 000 000 accounts.
const PGBENCH_SCALE: &str = "10";

fn user_id(u: usize) -> String {
    format!("learner-{u:05}")
}

fn course_id(c: usize) -> String {
    format!("course-{c:03}")
}

fn lesson_id(c: usize, l: usize) -> String {
    format!("course-{c:03}-lesson-{l:02}")
}

/// The `k`-th course of learner `u`: every course gets 1 000 learners.
fn course_of(u: usize, k: usize) -> usize {
    (u + k * (COURSES / COURSES_PER_USER)) % COURSES
}

/// Replaces the database of a `postgres://` URL (keeping its query).
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{db}{query}", &base[..authority_end])
}

async fn admin(url: &str, sql: String) {
    let mut conn = PgConnection::connect(url).await.expect("connect (admin)");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("admin statement");
}

async fn load_catalog(store: &PgStore) {
    let now = Utc::now();
    let mut uow = store.begin().await.expect("begin");
    let instructor = User::new("instructor", "guru@titan.go.id");
    uow.users().insert(&instructor).await.expect("instructor");
    for c in 0..COURSES {
        let id = course_id(c);
        let mut course = Course::new(&id, format!("Kursus {c}"), &id, "Pengukuran", "instructor");
        course.is_published = true;
        course.delivery_mode = DeliveryMode::AsyncOnline;
        uow.catalog().insert_course(&course).await.expect("course");
        for m in 0..MODULES_PER_COURSE {
            let module_id = format!("{id}-module-{m}");
            let order = i32::try_from(m + 1).expect("order");
            let module = Module {
                id: module_id.clone(),
                course_id: id.clone(),
                title: format!("Modul {m}"),
                description: None,
                order,
                duration: None,
                created_at: now,
                updated_at: now,
            };
            uow.catalog().insert_module(&module).await.expect("module");
            for i in 0..LESSONS_PER_MODULE {
                let l = m * LESSONS_PER_MODULE + i;
                let order = i32::try_from(i + 1).expect("order");
                let mut lesson = Lesson::new(
                    lesson_id(c, l),
                    &module_id,
                    format!("Pelajaran {l}"),
                    order,
                    ContentType::Text,
                    now,
                );
                lesson.content = Some("isi".into());
                lesson.duration = Some(600);
                uow.catalog().insert_lesson(&lesson).await.expect("lesson");
            }
        }
    }
    uow.commit().await.expect("commit catalog");
}

/// Learners `users` with their enrolments, in transactions of [`BATCH`] learners.
async fn load_learners(store: PgStore, users: std::ops::Range<usize>) {
    let start = Utc::now() - chrono::Duration::days(1);
    let ids: Vec<usize> = users.collect();
    for batch in ids.chunks(BATCH / COURSES_PER_USER) {
        let mut uow = store.begin().await.expect("begin");
        for &u in batch {
            let id = user_id(u);
            let mut user = User::new(&id, format!("{id}@titan.go.id"));
            user.unit_kerja = Some("BKN".into());
            uow.users().insert(&user).await.expect("user");
            for k in 0..COURSES_PER_USER {
                let course = course_id(course_of(u, k));
                let mut e = Enrollment::new(format!("{id}-{course}"), &id, &course, start);
                e.status = EnrollmentStatus::InProgress;
                e.started_at = Some(start);
                // One of the course's lessons, all of equal duration.
                e.progress = Decimal::from(100) / Decimal::from(LESSONS_PER_COURSE);
                uow.enrollments().insert(&e).await.expect("enrolment");
                // Each enrolment starts with its course's last lesson done, so the progress
                // table holds a row per enrolment when the pools open, as a live platform's
                // does (ADR 0005); the runs complete lessons from the first on and never meet it.
                let last = lesson_id(course_of(u, k), LESSONS_PER_COURSE - 1);
                let mut done = Progress::new(format!("{id}-{last}"), &id, &last, start);
                done.is_completed = true;
                done.completed_at = Some(start);
                uow.progress().insert(&done).await.expect("progress");
            }
        }
        uow.commit().await.expect("commit learners");
    }
}

async fn load(url: &str) {
    let store = PgStore::connect(&PgConfig::from_url(url).pool_size(8))
        .await
        .expect("connect");
    store.migrate().await.expect("migrate");
    load_catalog(&store).await;
    let loaders = 4;
    let per = USERS / loaders;
    let tasks: Vec<_> = (0..loaders)
        .map(|t| tokio::spawn(load_learners(store.clone(), t * per..(t + 1) * per)))
        .collect();
    for t in tasks {
        t.await.expect("loader");
    }
    admin(url, "VACUUM ANALYZE".to_owned()).await;
    store.pool().close().await;
}

/// Completion `j` of the run: learner `j mod USERS`, their next lesson. No two jobs repeat a
/// lesson, and one learner's jobs are `USERS` apart (clients never queue on one learner).
fn completion_job(j: usize) -> (Actor, String) {
    let u = j % USERS;
    let nth = j / USERS;
    let course = course_of(u, (nth / LESSONS_PER_COURSE) % COURSES_PER_USER);
    (
        Actor::user(user_id(u)),
        lesson_id(course, nth % LESSONS_PER_COURSE),
    )
}

/// Runs `clients` tasks for `duration`, each taking the next job number and running `op`;
/// returns operations per second.
async fn run<F, Fut>(
    titan: Arc<Titan>,
    clients: usize,
    duration: Duration,
    jobs: Arc<AtomicUsize>,
    op: F,
) -> f64
where
    F: Fn(Arc<Titan>, usize) -> Fut + Copy + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (titan, jobs, done) = (Arc::clone(&titan), Arc::clone(&jobs), Arc::clone(&done));
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    op(Arc::clone(&titan), jobs.fetch_add(1, Ordering::Relaxed)).await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("client");
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

async fn complete(titan: Arc<Titan>, j: usize) {
    let (actor, lesson) = completion_job(j);
    let evidence = CompletionEvidence::MarkedDone {
        dwell_seconds: None,
    };
    titan
        .complete_lesson(&actor, &lesson, &evidence)
        .await
        .expect("lesson completion");
}

async fn dashboard(titan: Arc<Titan>, j: usize) {
    // A spread of learners (7919 is prime to USERS).
    let u = (j * 7919) % USERS;
    let id = user_id(u);
    let board = titan
        .learner_dashboard(&Actor::user(id.clone()), &id)
        .await
        .expect("dashboard");
    assert_eq!(board.courses.len(), COURSES_PER_USER);
}

/// The machine's CPU time so far and the part of it stolen by the hypervisor, in ticks (the
/// `cpu` line of Linux's `/proc/stat`); `None` elsewhere.
fn cpu_times() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .take(8)
        .map(|t| t.parse().unwrap_or(0))
        .collect();
    Some((ticks.iter().sum(), *ticks.get(7)?))
}

fn sql_path(script: &str) -> String {
    format!("{}/sql/{script}", env!("CARGO_MANIFEST_DIR"))
}

/// A pgbench script of the floor, written to a temporary file (its path returned): the
/// statements of `completion.sql` (one per line between its `BEGIN;` and `END;`) as one
/// statement of CTEs, every one of them or only its writes. One round trip, nothing decided
/// between the reads and the writes (PostgreSQL runs a data-modifying CTE whether or not the
/// final `SELECT` reads it); the final `SELECT` counts the reads' rows.
fn floor_script(name: &str, writes_only: bool) -> String {
    let replay = std::fs::read_to_string(sql_path("completion.sql")).expect("completion.sql");
    let lines = replay
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("--"));
    let (sets, statements): (Vec<&str>, Vec<&str>) = lines
        .filter(|l| !matches!(*l, "BEGIN;" | "END;"))
        .partition(|l| l.starts_with("\\set"));
    let statements: Vec<(String, &str)> = statements
        .into_iter()
        .map(|l| l.trim_end_matches(';'))
        .filter(|l| !writes_only || l.starts_with("INSERT") || l.starts_with("UPDATE"))
        .enumerate()
        .map(|(i, l)| (format!("s{i}"), l))
        .collect();
    let ctes: Vec<String> = statements
        .iter()
        .map(|(cte, sql)| format!("{cte} AS ({sql})"))
        .collect();
    let counts: Vec<String> = statements
        .iter()
        .filter(|(_, sql)| sql.starts_with("SELECT"))
        .map(|(cte, _)| format!("(SELECT count(*) FROM {cte})"))
        .collect();
    let select = if counts.is_empty() {
        "1".to_owned()
    } else {
        counts.join(", ")
    };
    let script = format!(
        "{}\nWITH {}\nSELECT {select};\n",
        sets.join("\n"),
        ctes.join(",\n")
    );
    let path = std::env::temp_dir().join(format!(
        "titan-bench-{}-completion-{name}.sql",
        std::process::id()
    ));
    std::fs::write(&path, script).expect("write the floor script");
    path.to_string_lossy().into_owned()
}

fn pgbench_binary() -> String {
    std::env::var("PGBENCH").unwrap_or_else(|_| "pgbench".to_owned())
}

fn pgbench(args: &[&str], url: &str) -> String {
    let out = Command::new(pgbench_binary())
        .args(args)
        .arg(url)
        .output()
        .expect("run pgbench (set PGBENCH to its path)");
    if !out.status.success() {
        panic!(
            "pgbench {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pgbench <workload…>` with `clients` clients (one thread each) for `seconds`: transactions
/// per second (without the initial connection time).
fn pgbench_tps(workload: &[&str], clients: usize, seconds: u64, url: &str) -> f64 {
    let c = clients.to_string();
    let t = seconds.to_string();
    let mut args = workload.to_vec();
    args.extend(["-n", "-c", &c, "-j", &c, "-T", &t]);
    let out = pgbench(&args, url);
    out.lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no tps in pgbench output:\n{out}"))
}

fn engine(url: &str, clients: usize, rt: &tokio::runtime::Runtime) -> Arc<Titan> {
    rt.block_on(async {
        let config = PgConfig::from_url(url).pool_size(u32::try_from(clients).expect("clients"));
        let store = PgStore::connect(&config).await.expect("connect");
        Arc::new(
            Titan::builder(Arc::new(store) as Arc<dyn Store>)
                .build()
                .expect("engine"),
        )
    })
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Ok(admin_url) = std::env::var("TITAN_BENCH_DATABASE_URL") else {
        eprintln!(
            "TITAN_BENCH_DATABASE_URL is not set: run scripts/bench-postgres (it starts a \
             throwaway server), or point it at a server where this user may create databases"
        );
        std::process::exit(2);
    };
    let seconds: u64 = std::env::var("TITAN_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let duration = Duration::from_secs(seconds);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let suffix = std::process::id();
    let (titan_db, bench_db) = (format!("titan_bench_{suffix}"), format!("pgbench_{suffix}"));
    let (titan_url, bench_url) = (
        with_database(&admin_url, &titan_db),
        with_database(&admin_url, &bench_db),
    );
    rt.block_on(async {
        admin(&admin_url, format!("CREATE DATABASE \"{titan_db}\"")).await;
        admin(&admin_url, format!("CREATE DATABASE \"{bench_db}\"")).await;
    });

    let loading = Instant::now();
    rt.block_on(load(&titan_url));
    println!(
        "loaded {USERS} users, {COURSES} courses of {LESSONS_PER_COURSE} lessons, {} enrolments \
         (each with one lesson done) in {:.1} s",
        USERS * COURSES_PER_USER,
        loading.elapsed().as_secs_f64()
    );
    pgbench(&["-i", "-q", "-s", PGBENCH_SCALE], &bench_url);
    println!("pgbench -i -s {PGBENCH_SCALE}; each run lasts {seconds} s\n");

    let steal_at_start = cpu_times();
    println!(
        "| clients | Titan completions/s | pgbench -N tps | ratio | Titan dashboards/s | pgbench -S tps | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut titan_figures = Vec::new();
    let completions = Arc::new(AtomicUsize::new(0));
    let reads = Arc::new(AtomicUsize::new(0));
    for clients in CLIENTS {
        let titan = engine(&titan_url, clients, &rt);
        let done = rt.block_on(run(
            Arc::clone(&titan),
            clients,
            duration,
            Arc::clone(&completions),
            complete,
        ));
        let simple_update = pgbench_tps(&["-N"], clients, seconds, &bench_url);
        let read = rt.block_on(run(
            Arc::clone(&titan),
            clients,
            duration,
            Arc::clone(&reads),
            dashboard,
        ));
        let select_only = pgbench_tps(&["-S"], clients, seconds, &bench_url);
        println!(
            "| {clients} | {done:.0} | {simple_update:.0} | {:.2} | {read:.0} | {select_only:.0} | {:.2} |",
            done / simple_update,
            read / select_only
        );
        titan_figures.push((clients, done, simple_update, read));
    }

    // After every Titan run: the replayed completions write rows Titan's runs would meet.
    println!(
        "\npgbench -M prepared replaying Titan's statements on Titan's database (the server's \
         share alone):\n"
    );
    println!(
        "| clients | Titan completions/s | replayed completions tps | ratio | Titan dashboards/s | replayed dashboards tps | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    let (whole_script, writes_script) =
        (floor_script("whole", false), floor_script("writes", true));
    let mut floors = Vec::new();
    for (clients, done, simple_update, read) in titan_figures {
        let replay = |path: &str| {
            pgbench_tps(
                &["-M", "prepared", "-f", path],
                clients,
                seconds,
                &titan_url,
            )
        };
        let (completion, dashboard) = (
            replay(&sql_path("completion.sql")),
            replay(&sql_path("dashboard.sql")),
        );
        println!(
            "| {clients} | {done:.0} | {completion:.0} | {:.2} | {read:.0} | {dashboard:.0} | {:.2} |",
            done / completion,
            read / dashboard
        );
        floors.push((
            clients,
            simple_update,
            replay(&whole_script),
            replay(&writes_script),
        ));
    }
    let _ = std::fs::remove_file(&whole_script);
    let _ = std::fs::remove_file(&writes_script);

    println!(
        "\nThe floor, beside the same clients' pgbench -N above: completion.sql's statements as \
         one statement, and its writes alone as one statement:\n"
    );
    println!(
        "| clients | pgbench -N tps | one-statement completions tps | ratio | writes alone tps | ratio |"
    );
    println!("|---|---|---|---|---|---|");
    for (clients, simple_update, whole, writes) in floors {
        println!(
            "| {clients} | {simple_update:.0} | {whole:.0} | {:.2} | {writes:.0} | {:.2} |",
            whole / simple_update,
            writes / simple_update
        );
    }
    if let (Some(before), Some(after)) = (steal_at_start, cpu_times()) {
        let (total, steal) = (after.0 - before.0, after.1 - before.1);
        println!(
            "\nCPU steal (time the hypervisor gave to other guests) during the runs: {:.0} %",
            100.0 * steal as f64 / total.max(1) as f64
        );
    }

    rt.block_on(async {
        admin(
            &admin_url,
            format!("DROP DATABASE \"{titan_db}\" WITH (FORCE)"),
        )
        .await;
        admin(
            &admin_url,
            format!("DROP DATABASE \"{bench_db}\" WITH (FORCE)"),
        )
        .await;
    });
}
