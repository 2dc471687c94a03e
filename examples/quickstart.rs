//! # Quickstart: one civil servant's journey through Titan
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! `TITAN_DATABASE_URL=postgres://… cargo run --example quickstart` runs the same journey on
//! PostgreSQL (an empty database; it is migrated first).
//!
//! Everything runs in this process: the in-memory store (`titan-store-memory`), a clock the
//! example moves by hand (so the story happens over three days in a few milliseconds), and
//! otherwise the production ports (UUIDv7 ids, the OS random source, argon2id at a low cost).
//!
//! The story, in Yogyakarta, week of 2 March 2026 (times in WIB):
//! 1. Bu Ratna bootstraps the platform as the first `SUPER_ADMIN`; Pak Agus registers and is
//!    made `INSTRUCTOR`; Budi, an ASN with a NIP, registers as a learner.
//! 2. Pak Agus builds a HYBRID course (video, reading, post-test, two classroom sessions) and
//!    publishes it; Bu Ratna creates a badge.
//! 3. Budi learns online, fails then passes the post-test, attends both sessions (QR and GPS);
//!    the absentee job runs after the sessions and the course completes.
//! 4. Points, level, streak, badge, certificate (verified by its code).
//! 5. A PBGM (mentored project) with one revision round.
//! 6. A feedback survey and its report.
//! 7. An AI curation session finalised into a draft course.
//! 8. The xAPI statements all of this produced, relayed to an in-process LRS.
//!
//! Every step is checked: the example exits with status 1 at the first surprise.

use std::fmt::Display;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Duration, FixedOffset, Offset, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use titan_core::app::{
    AbsenteeSweep, Actor, AnswerInput, BadgeInput, CandidateBatch, CandidateInput, CourseInput,
    CurationSessionInput, GpsPosition, LessonInput, MAX_OUTBOX_BATCH, MilestoneInput, ModuleInput,
    ParticipantInput, ProgramInput, QuestionInput, QuizInput, Registration, ReviewInput,
    ReviewerAssignmentInput, SessionInput, SubmissionInput, SurveyInput, SurveyResponseInput,
    Titan,
};
use titan_core::error::Lang;
use titan_core::model::{
    AttendanceStatus, BadgeType, CheckInMethod, ContentType, Course, CourseSession, CurationStatus,
    DeliveryMode, EnrollmentStatus, Lesson, OutboxStatus, Question, Quiz, QuizType, Recommendation,
    Role, SessionType, WblmEnrollmentStatus, WblmMilestoneStatus, WblmReviewDecision, XapiOutbox,
};
use titan_core::ports::system::Argon2Passwords;
use titan_core::ports::{Clock, Lrs, LrsError, LrsResponse, Store, StoreError};
use titan_core::rules::certificate::{Verdict, format_verification_code};
use titan_core::rules::progress::{CompletionEvidence, Heartbeat, UnmetCriterion};
use titan_store_memory::MemoryStore;
use titan_store_postgres::{PgConfig, PgStore};

// ---------------------------------------------------------------------------------------------
// Small plumbing: an error that says which step failed, a clock we move, an LRS that says yes.
// ---------------------------------------------------------------------------------------------

/// Why the journey stopped: the step and what went wrong.
#[derive(Debug)]
struct Failure(String);

impl Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

type Outcome<T = ()> = Result<T, Failure>;

/// Names the step a use case (or a store read) belongs to when it fails.
trait Step<T> {
    fn step(self, what: &str) -> Outcome<T>;
}

impl<T> Step<T> for Result<T, titan_core::app::Error> {
    fn step(self, what: &str) -> Outcome<T> {
        self.map_err(|e| Failure(format!("{what}: {} ({})", e.code(), e.message(Lang::En))))
    }
}

impl<T> Step<T> for Result<T, StoreError> {
    fn step(self, what: &str) -> Outcome<T> {
        self.map_err(|e| Failure(format!("{what}: store error {e}")))
    }
}

/// A check of the story: `Err` (and exit status 1) unless `ok`.
fn ensure(ok: bool, what: impl Display) -> Outcome {
    if ok {
        Ok(())
    } else {
        Err(Failure(format!("check failed: {what}")))
    }
}

/// A clock that shows what the story says (milliseconds since the epoch; stores keep ms).
#[derive(Debug)]
struct DemoClock(AtomicI64);

impl DemoClock {
    fn at(t: DateTime<Utc>) -> Self {
        Self(AtomicI64::new(t.timestamp_millis()))
    }

    fn set(&self, t: DateTime<Utc>) {
        self.0.store(t.timestamp_millis(), Ordering::SeqCst);
    }

    fn advance(&self, by: Duration) {
        self.0.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }
}

impl Clock for DemoClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.load(Ordering::SeqCst)).unwrap_or_default()
    }
}

/// An LRS in this process that stores everything (HTTP 200), counting what it received.
#[derive(Debug, Default)]
struct AcceptingLrs {
    received: AtomicUsize,
}

#[async_trait]
impl Lrs for AcceptingLrs {
    async fn send(&self, statement: &Value) -> Result<LrsResponse, LrsError> {
        if statement.get("id").and_then(Value::as_str).is_none() {
            // A real LRS would answer 400: the relay dead-letters it (and the checks catch it).
            return Ok(LrsResponse {
                status: 400,
                body: "statement without an id".into(),
            });
        }
        self.received.fetch_add(1, Ordering::SeqCst);
        Ok(LrsResponse {
            status: 200,
            body: String::new(),
        })
    }
}

/// Western Indonesia Time (UTC+7), the zone of the story.
fn wib_zone() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix())
}

/// An instant given in WIB.
fn wib(day: u32, hour: u32, minute: u32) -> Outcome<DateTime<Utc>> {
    wib_zone()
        .with_ymd_and_hms(2026, 3, day, hour, minute, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| Failure(format!("no such time: 2026-03-{day} {hour}:{minute} WIB")))
}

fn short(t: DateTime<Utc>) -> String {
    t.with_timezone(&wib_zone())
        .format("%a %d %b %H:%M")
        .to_string()
}

/// The user id behind an actor.
fn uid(actor: &Actor) -> &str {
    match actor {
        Actor::User { id } => id,
        Actor::Anonymous | Actor::System => "",
    }
}

/// The engine, its clock and store, and a narrator that stamps each line with the story's time.
struct Demo {
    titan: Titan,
    clock: Arc<DemoClock>,
    store: Arc<dyn Store>,
}

impl Demo {
    fn say(&self, line: impl Display) {
        println!("  [{} WIB] {line}", short(self.clock.now()));
    }

    fn table(&self, line: impl Display) {
        println!("      {line}");
    }
}

fn heading(title: &str) {
    println!("\n== {title}");
}

/// The three people of the story.
struct People {
    admin: Actor,
    instructor: Actor,
    learner: Actor,
}

/// Pak Agus's course as built.
struct HybridCourse {
    course: Course,
    video: Lesson,
    text: Lesson,
    quiz: Quiz,
    questions: Vec<Question>,
    classroom: CourseSession,
    field_visit: CourseSession,
}

const PASSWORD: &str = "Rahasia#2026";
const BUDI_NIP: &str = "199203152019031004";

// ---------------------------------------------------------------------------------------------
// The story.
// ---------------------------------------------------------------------------------------------

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let started = Instant::now();
    match journey().await {
        Ok(()) => {
            println!(
                "\nSelesai! Every step behaved as expected ({} ms).",
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("\nGAGAL (failed): {failure}");
            ExitCode::FAILURE
        }
    }
}

/// The in-memory store, or PostgreSQL (migrated first) when `TITAN_DATABASE_URL` is set. The
/// journey creates the platform's first super admin, so give it an empty database.
async fn open_store() -> Result<(Arc<dyn Store>, &'static str), Failure> {
    match std::env::var("TITAN_DATABASE_URL") {
        Ok(url) => {
            let store = PgStore::connect(&PgConfig::from_url(url).pool_size(4))
                .await
                .map_err(|e| Failure(format!("connect to TITAN_DATABASE_URL: {e}")))?;
            let report = store
                .migrate()
                .await
                .map_err(|e| Failure(format!("migrate: {e}")))?;
            println!(
                "migrated: {} applied now, {} already applied",
                report.applied.len(),
                report.already_applied
            );
            Ok((Arc::new(store), "PostgreSQL store"))
        }
        Err(_) => Ok((Arc::new(MemoryStore::new()), "in-memory store")),
    }
}

async fn journey() -> Outcome {
    let clock = Arc::new(DemoClock::at(wib(2, 8, 0)?));
    let (store, kind) = open_store().await?;
    // Production ports except the clock; argon2id at its minimum cost so the demo is quick
    // (keep `Argon2Passwords::default()`, the OWASP parameters, in a real deployment).
    let passwords =
        Argon2Passwords::with_cost(8, 1).map_err(|e| Failure(format!("argon2 parameters: {e}")))?;
    let titan = Titan::builder(Arc::clone(&store))
        .clock(clock.clone())
        .passwords(Arc::new(passwords))
        .build()
        .step("build the engine")?;
    let demo = Demo {
        titan,
        clock,
        store,
    };
    println!("Titan quickstart — {kind}, recommended policy, Yogyakarta, March 2026");

    let people = people(&demo).await?;
    let course = build_course(&demo, &people).await?;
    learn_online(&demo, &people, &course).await?;
    attend_sessions(&demo, &people, &course).await?;
    rewards(&demo, &people, &course).await?;
    mentored_project(&demo, &people).await?;
    feedback_survey(&demo, &people, &course).await?;
    curation(&demo, &people).await?;
    xapi(&demo).await
}

/// 1. The first super admin, an instructor, a learner.
async fn people(d: &Demo) -> Outcome<People> {
    heading("1. Orang-orang — the people");
    let t = &d.titan;
    let ratna = t
        .bootstrap_super_admin(
            &Registration::new("ratna@bkpsdm.jogjakota.go.id", PASSWORD).named("Ratna Wulandari"),
        )
        .await
        .step("bootstrap the first super admin")?;
    ensure(ratna.role == Role::SuperAdmin, "Bu Ratna is SUPER_ADMIN")?;
    ensure(
        ratna.password.is_none(),
        "use cases never return a password hash",
    )?;
    let again = t
        .bootstrap_super_admin(&Registration::new("lain@bkpsdm.jogjakota.go.id", PASSWORD))
        .await;
    ensure(again.is_err(), "a second bootstrap is refused")?;
    d.say(format!(
        "Bu Ratna bootstraps the platform: {} (a second bootstrap is refused)",
        ratna.role
    ));
    let admin = Actor::user(&ratna.id);

    let agus = t
        .register_user(
            &Actor::Anonymous,
            &Registration::new("agus.widodo@bkpsdm.jogjakota.go.id", PASSWORD)
                .named("Dr. Agus Widodo")
                .in_unit("BKPSDM Kota Yogyakarta"),
        )
        .await
        .step("Pak Agus registers")?;
    let agus = t
        .change_role(&admin, &agus.id, Role::Instructor)
        .await
        .step("Bu Ratna makes Pak Agus an instructor")?;
    ensure(agus.role == Role::Instructor, "Pak Agus is INSTRUCTOR")?;
    d.say(format!(
        "Pak Agus registers; Bu Ratna changes his role to {}",
        agus.role
    ));

    let mut registration = Registration::new("budi.santoso@jogjakota.go.id", PASSWORD)
        .named("Budi Santoso")
        .in_unit("Dinas Penanaman Modal dan PTSP");
    registration.nip = Some(BUDI_NIP.into());
    registration.jabatan = Some("Analis Pelayanan".into());
    let budi = t
        .register_user(&Actor::Anonymous, &registration)
        .await
        .step("Budi registers")?;
    ensure(budi.role == Role::Learner, "Budi is a LEARNER")?;
    ensure(
        budi.nip.as_deref() == Some(BUDI_NIP),
        "Budi's NIP is stored",
    )?;
    let signed_in = t
        .authenticate(BUDI_NIP, PASSWORD)
        .await
        .step("Budi signs in with his NIP")?;
    ensure(signed_in.id == budi.id, "signing in by NIP finds Budi")?;
    d.say(format!(
        "Budi registers as {} with NIP {} ({}), and signs in with his NIP",
        budi.role,
        BUDI_NIP,
        budi.unit_kerja.as_deref().unwrap_or("-")
    ));
    Ok(People {
        admin,
        instructor: Actor::user(&agus.id),
        learner: Actor::user(&budi.id),
    })
}

/// 2. A badge, and a HYBRID course with a video, a reading, a post-test and two sessions.
async fn build_course(d: &Demo, p: &People) -> Outcome<HybridCourse> {
    heading("2. Kursus — Pak Agus builds a HYBRID course");
    let t = &d.titan;
    let badge = t
        .create_badge(
            &p.admin,
            &BadgeInput::new(
                "Lulusan Pertama",
                BadgeType::Achievement,
                Some(json!({"type": "course_complete", "count": 1})),
            ),
        )
        .await
        .step("Bu Ratna creates a badge")?;
    d.say(format!(
        "Bu Ratna creates the badge \"{}\" (criteria {})",
        badge.name,
        badge.criteria.clone().unwrap_or(Value::Null)
    ));

    let course = t
        .create_course(
            &p.instructor,
            &CourseInput {
                delivery_mode: DeliveryMode::Hybrid,
                ..CourseInput::new(
                    "Pelayanan Publik Prima",
                    "Standar pelayanan, maklumat pelayanan dan praktik di Mal Pelayanan Publik.",
                )
            },
        )
        .await
        .step("create the course")?;
    let module = t
        .create_module(
            &p.instructor,
            &course.id,
            &ModuleInput {
                title: "Modul 1: Dasar Pelayanan Publik".into(),
                description: None,
            },
        )
        .await
        .step("create the module")?;
    let video = t
        .create_lesson(
            &p.instructor,
            &module.id,
            &LessonInput {
                yt_video_id: Some("pelayanan-prima-01".into()),
                duration: Some(120),
                ..LessonInput::new("Video: Mengenal UU 25/2009", ContentType::Video)
            },
        )
        .await
        .step("create the video lesson")?;
    let text = t
        .create_lesson(
            &p.instructor,
            &module.id,
            &LessonInput {
                content: Some(
                    "Standar pelayanan memuat persyaratan, prosedur, waktu, biaya…".into(),
                ),
                ..LessonInput::new("Bacaan: Komponen Standar Pelayanan", ContentType::Text)
            },
        )
        .await
        .step("create the text lesson")?;
    let quiz = t
        .create_quiz(
            &p.instructor,
            &module.id,
            &QuizInput {
                passing_score: 70,
                max_attempts: Some(3),
                ..QuizInput::new("Post-test Pelayanan Publik", QuizType::PostTest)
            },
        )
        .await
        .step("create the post-test")?;
    let question_inputs = [
        QuestionInput::choice(
            "Asas pelayanan publik yang menjamin setiap warga dilayani tanpa diskriminasi?",
            &[
                ("Kesamaan hak", true),
                ("Keuntungan", false),
                ("Kecepatan", false),
            ],
        ),
        QuestionInput {
            points: Decimal::from(2),
            ..QuestionInput::choice(
                "Mana yang termasuk komponen standar pelayanan? (pilih semua yang benar)",
                &[
                    ("Persyaratan", true),
                    ("Biaya/tarif", true),
                    ("Selera petugas", false),
                    ("Warna seragam", false),
                ],
            )
        },
        QuestionInput::true_false("Maklumat pelayanan wajib dipublikasikan.", true),
    ];
    let mut questions = Vec::new();
    for input in &question_inputs {
        questions.push(
            t.create_question(&p.instructor, &quiz.id, input)
                .await
                .step("add a question")?,
        );
    }

    let classroom = t
        .create_session(
            &p.instructor,
            &course.id,
            &SessionInput {
                location: Some("Aula BKPSDM Kota Yogyakarta".into()),
                latitude: Some(-7.801_194),
                longitude: Some(110.364_917),
                radius: Some(150),
                ..SessionInput::new(
                    "Kelas: Standar Pelayanan",
                    SessionType::Classroom,
                    wib(3, 8, 0)?,
                    wib(3, 10, 0)?,
                )
            },
        )
        .await
        .step("create the classroom session")?;
    let field_visit = t
        .create_session(
            &p.instructor,
            &course.id,
            &SessionInput {
                location: Some("Mal Pelayanan Publik Kota Yogyakarta".into()),
                latitude: Some(-7.797_068),
                longitude: Some(110.370_529),
                radius: Some(100),
                ..SessionInput::new(
                    "Praktik Lapangan di MPP",
                    SessionType::Classroom,
                    wib(3, 10, 0)?,
                    wib(3, 12, 0)?,
                )
            },
        )
        .await
        .step("create the field-visit session")?;

    let course = t
        .publish_course(&p.instructor, &course.id)
        .await
        .step("publish the course")?;
    ensure(course.is_published, "the course is published")?;
    let outline = t
        .course_outline(&p.learner, &course.id)
        .await
        .step("Budi reads the outline")?;
    let lessons: usize = outline.modules.iter().map(|m| m.lessons.len()).sum();
    let quizzes: usize = outline.modules.iter().map(|m| m.quizzes.len()).sum();
    ensure(
        lessons == 2 && quizzes == 1,
        "the outline shows 2 lessons and 1 quiz",
    )?;
    d.say(format!(
        "\"{}\" ({}, slug {}) published: {} module, {lessons} lessons, {quizzes} post-test \
         ({} questions), 2 sessions, {} JP",
        course.title,
        course.delivery_mode,
        course.slug,
        outline.modules.len(),
        questions.len(),
        outline.jp
    ));
    for s in [&classroom, &field_visit] {
        d.table(format!(
            "session \"{}\" {}–{} at {} (geofence {} m)",
            s.title,
            short(s.start_time),
            s.end_time.with_timezone(&wib_zone()).format("%H:%M"),
            s.location.as_deref().unwrap_or("-"),
            s.radius.unwrap_or(0)
        ));
    }
    Ok(HybridCourse {
        course,
        video,
        text,
        quiz,
        questions,
        classroom,
        field_visit,
    })
}

/// 3a. Enrol, watch, read, fail then pass the post-test.
async fn learn_online(d: &Demo, p: &People, c: &HybridCourse) -> Outcome {
    heading("3. Belajar — Budi learns");
    let t = &d.titan;
    d.clock.set(wib(2, 9, 0)?);
    let enrolment = t
        .enrol(&p.learner, &c.course.id, None)
        .await
        .step("Budi enrols")?;
    ensure(
        enrolment.status == EnrollmentStatus::Enrolled,
        "a new enrolment is ENROLLED",
    )?;
    d.say(format!("Budi enrols: {}", enrolment.status));

    // The player reports every 10 s; the lesson completes at 90 % of its 120 s.
    let mut beats = 0;
    let mut completed = None;
    for second in (10..=120).step_by(10) {
        d.clock.advance(Duration::seconds(10));
        let position = f64::from(second);
        let beat = t
            .record_heartbeat(
                &p.learner,
                &c.video.id,
                &Heartbeat {
                    position_s: position,
                    client_elapsed_s: position,
                    ended: false,
                },
            )
            .await
            .step("a video heartbeat")?;
        beats += 1;
        if beat.outcome.newly_completed {
            completed = Some(beat);
            break;
        }
    }
    let Some(done) = completed else {
        return Err(Failure(format!(
            "check failed: the video did not complete after {beats} heartbeats"
        )));
    };
    ensure(
        done.progress.is_completed && done.outcome.watched_seconds >= 108,
        "the video completes at 90 % watched",
    )?;
    d.say(format!(
        "watches the video: {beats} heartbeats, {} of 120 s credited → completed; enrolment {} \
         at {}%",
        done.outcome.watched_seconds, done.enrollment.status, done.enrollment.progress
    ));

    d.clock.advance(Duration::minutes(4));
    let read = t
        .complete_lesson(
            &p.learner,
            &c.text.id,
            &CompletionEvidence::MarkedDone {
                dwell_seconds: Some(240),
            },
        )
        .await
        .step("Budi marks the reading done")?;
    ensure(
        read.newly_completed,
        "the reading completes on an explicit done",
    )?;
    d.say(format!(
        "reads the text and marks it done → progress {}%",
        read.enrollment.progress
    ));

    let [single, multiple, true_false] = c.questions.as_slice() else {
        return Err(Failure("check failed: the quiz has 3 questions".into()));
    };
    // First try: right on the single choice, half of the multiple choice, wrong on the true/false.
    d.clock.set(wib(2, 9, 15)?);
    let first = t
        .start_attempt(&p.learner, &c.quiz.id)
        .await
        .step("Budi starts the post-test")?;
    d.clock.advance(Duration::minutes(5));
    let first = t
        .submit_attempt(
            &p.learner,
            &first.attempt.id,
            &[
                AnswerInput::selected(&single.id, &[0]),
                AnswerInput::selected(&multiple.id, &[0]),
                AnswerInput::selected(&true_false.id, &[1]),
            ],
        )
        .await
        .step("Budi submits attempt 1")?;
    ensure(
        first.attempt.is_passed == Some(false) && first.attempt.score == Some(Decimal::from(50)),
        format!(
            "attempt 1 scores 50 and fails (got {:?}, passed {:?})",
            first.attempt.score, first.attempt.is_passed
        ),
    )?;
    d.say(format!(
        "post-test attempt 1: score {} (pass mark {}) → not passed",
        first.attempt.score.unwrap_or_default(),
        c.quiz.passing_score
    ));

    d.clock.set(wib(2, 9, 40)?);
    let second = t
        .start_attempt(&p.learner, &c.quiz.id)
        .await
        .step("Budi starts attempt 2")?;
    ensure(
        !second.resumed && second.attempt_number == 2,
        "a new attempt, number 2",
    )?;
    d.clock.advance(Duration::minutes(5));
    let second = t
        .submit_attempt(
            &p.learner,
            &second.attempt.id,
            &[
                AnswerInput::selected(&single.id, &[0]),
                AnswerInput::selected(&multiple.id, &[0, 1]),
                AnswerInput::selected(&true_false.id, &[0]),
            ],
        )
        .await
        .step("Budi submits attempt 2")?;
    ensure(second.attempt.is_passed == Some(true), "attempt 2 passes")?;
    let results = t
        .quiz_results(&p.learner, uid(&p.learner), &c.quiz.id)
        .await
        .step("Budi's quiz results")?;
    ensure(
        results.passed && results.attempts_left == Some(1),
        "passed, 1 attempt left",
    )?;
    d.say(format!(
        "post-test attempt 2: score {} → passed ({} attempt left)",
        second.attempt.score.unwrap_or_default(),
        results.attempts_left.unwrap_or(0)
    ));

    let standing = t
        .learner_progress(&p.learner, uid(&p.learner), &c.course.id)
        .await
        .step("Budi's progress")?;
    ensure(
        standing.enrollment.status == EnrollmentStatus::InProgress
            && matches!(
                standing.criteria.unmet.as_slice(),
                [UnmetCriterion::AttendanceNotMeasured { .. }]
            ),
        "online work done; only the attendance criterion is open",
    )?;
    d.say(format!(
        "online part done: {} at {}%, waiting for attendance (no session has ended yet)",
        standing.enrollment.status, standing.enrollment.progress
    ));
    Ok(())
}

/// 3b. QR at the classroom, GPS at the field visit, the absentee job, completion.
async fn attend_sessions(d: &Demo, p: &People, c: &HybridCourse) -> Outcome {
    let t = &d.titan;
    d.clock.set(wib(3, 8, 5)?);
    let qr = t
        .mint_qr_token(&p.instructor, &c.classroom.id)
        .await
        .step("Pak Agus shows a QR code")?;
    d.clock.advance(Duration::seconds(8));
    let scanned = t
        .check_in_qr(&p.learner, &c.classroom.id, &qr.payload)
        .await
        .step("Budi scans the QR code")?;
    ensure(
        scanned.attendance.status == AttendanceStatus::Present
            && scanned.attendance.check_in_method == CheckInMethod::QrCode,
        "QR check-in: PRESENT",
    )?;
    let replay = t
        .check_in_qr(&p.learner, &c.classroom.id, &qr.payload)
        .await;
    ensure(
        replay.as_ref().err().map(titan_core::app::Error::code)
            == Some("ATTENDANCE_ALREADY_CHECKED_IN"),
        "a second scan is refused",
    )?;
    d.say(format!(
        "Pak Agus mints a QR token (valid until {}); Budi scans \"{}…\" → {} by {} \
         (a second scan is refused)",
        qr.token
            .expires_at
            .with_timezone(&wib_zone())
            .format("%H:%M:%S"),
        qr.payload.chars().take(24).collect::<String>(),
        scanned.attendance.status,
        scanned.attendance.check_in_method
    ));

    // The class walks to the MPP; check-in there opens 30 min before its 10:00 start.
    d.clock.set(wib(3, 9, 50)?);
    let position = GpsPosition {
        latitude: -7.796_708, // about 40 m north of the MPP's geofence centre
        longitude: 110.370_529,
        accuracy: Some(8.0),
    };
    let gps = t
        .check_in_gps(&p.learner, &c.field_visit.id, &position)
        .await
        .step("Budi checks in by GPS")?;
    ensure(
        gps.attendance.status == AttendanceStatus::Present
            && gps.attendance.check_in_method == CheckInMethod::Gps
            && !gps.attendance.flagged,
        "GPS check-in inside the geofence: PRESENT, not flagged",
    )?;
    d.say(format!(
        "Budi checks in at the MPP by GPS ({:.6}, {:.6} ±8 m, inside the 100 m geofence) → {} \
         by {}",
        position.latitude,
        position.longitude,
        gps.attendance.status,
        gps.attendance.check_in_method
    ));

    d.clock.set(wib(3, 12, 5)?);
    let sweep = t
        .mark_absentees(&Actor::System, &AbsenteeSweep::default())
        .await
        .step("the absentee job")?;
    let standing = t
        .learner_progress(&p.learner, uid(&p.learner), &c.course.id)
        .await
        .step("Budi's progress after the sessions")?;
    ensure(
        sweep.sessions_checked == 2 && sweep.marked.is_empty(),
        "2 ended sessions, nobody absent",
    )?;
    ensure(
        sweep.completed_enrollments == [standing.enrollment.id.clone()],
        "the sweep completes Budi's enrolment",
    )?;
    ensure(
        standing.enrollment.status == EnrollmentStatus::Completed && standing.criteria.met,
        "the course is COMPLETED",
    )?;
    d.say(format!(
        "both sessions have ended; the absentee job checks {} sessions, marks {} absent, and \
         completes {} enrolment → Budi's course is {} ({}%)",
        sweep.sessions_checked,
        sweep.marked.len(),
        sweep.completed_enrollments.len(),
        standing.enrollment.status,
        standing.enrollment.progress
    ));
    Ok(())
}

/// 4. Points, level, streak, badges, and the certificate verified by its code.
async fn rewards(d: &Demo, p: &People, c: &HybridCourse) -> Outcome {
    heading("4. Penghargaan — points, level, badge, certificate");
    let t = &d.titan;
    d.clock.set(wib(3, 12, 10)?);
    let me = uid(&p.learner);
    let summary = t
        .gamification_summary(&p.learner, me)
        .await
        .step("Budi's gamification summary")?;

    let mut uow = d.store.begin_read().await.step("open a read")?;
    let ledger = uow
        .gamification()
        .ledger_of_user(me)
        .await
        .step("Budi's points ledger")?;
    let _ = uow.rollback().await;
    let mut lines: Vec<(String, i32, i32)> = Vec::new();
    for entry in &ledger {
        match lines
            .iter_mut()
            .find(|(reason, _, _)| *reason == entry.reason)
        {
            Some(line) => {
                line.1 += 1;
                line.2 += entry.points;
            }
            None => lines.push((entry.reason.clone(), 1, entry.points)),
        }
    }
    let award = &t.policy().gamification.award_points;
    // 2 lessons, 1 first pass, 1 course, 2 active days (Mon, Tue), 2 sessions on time.
    let expected = 2 * award.lesson_complete
        + award.quiz_pass
        + award.course_complete
        + 2 * award.daily_active
        + 2 * award.attendance_present;
    let ledger_total: i64 = ledger.iter().map(|e| i64::from(e.points)).sum();
    ensure(
        summary.points == i64::from(expected) && ledger_total == summary.points,
        format!(
            "points are the ledger's sum, {expected} (got {}, ledger {ledger_total})",
            summary.points
        ),
    )?;
    ensure(
        summary.streak == 2,
        format!("a 2-day streak (got {})", summary.streak),
    )?;
    d.say(format!(
        "Budi has {} points → level {} \"{}\" ({} to the next), streak {} day(s) (longest {})",
        summary.points,
        summary.level.level,
        summary.level.title,
        summary.level.points_to_next.unwrap_or(0),
        summary.streak,
        summary.longest_streak
    ));
    for (reason, count, points) in &lines {
        d.table(format!("{reason:<20} {count} × → {points:>4} points"));
    }
    ensure(
        summary
            .badges
            .iter()
            .any(|b| b.badge.name == "Lulusan Pertama"),
        "the course_complete badge is earned",
    )?;
    let names: Vec<&str> = summary
        .badges
        .iter()
        .map(|b| b.badge.name.as_str())
        .collect();
    d.say(format!("badges: {}", names.join(", ")));

    let [certificate] = summary.certificates.as_slice() else {
        return Err(Failure(format!(
            "check failed: one certificate (got {})",
            summary.certificates.len()
        )));
    };
    ensure(
        certificate.course_id == c.course.id,
        "the certificate is for the course",
    )?;
    let code = format_verification_code(&certificate.verification_code);
    ensure(
        code.len() == 11 && code.as_bytes().get(5) == Some(&b'-'),
        format!("the code shows as XXXXX-XXXXX (got {code})"),
    )?;
    d.say(format!(
        "certificate {} issued automatically, verification code {code}",
        certificate.certificate_no
    ));
    let typed = code.to_lowercase();
    let verification = t
        .verify_certificate(&Actor::Anonymous, &typed)
        .await
        .step("anyone verifies the certificate")?;
    ensure(
        verification.verdict == Verdict::Valid
            && verification.certificate_no.as_deref() == Some(certificate.certificate_no.as_str()),
        "verification answers VALID for this certificate",
    )?;
    ensure(
        verification.masked_nip.as_deref() != Some(BUDI_NIP),
        "the public page masks the NIP",
    )?;
    // The verdict's wire name (VALID, EXPIRED, REVOKED, NOT_FOUND), as the bindings see it.
    let verdict = serde_json::to_value(verification.verdict)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    d.say(format!(
        "a visitor types \"{typed}\" on the verify page → {verdict}: {}, NIP {}, {}, \"{}\" ({} JP)",
        verification.holder_name.as_deref().unwrap_or("-"),
        verification.masked_nip.as_deref().unwrap_or("-"),
        verification.unit_kerja.as_deref().unwrap_or("-"),
        verification.course_title.as_deref().unwrap_or("-"),
        verification.jp.unwrap_or(0)
    ));
    let unread = t
        .unread_notification_count(&p.learner)
        .await
        .step("Budi's unread notifications")?;
    ensure(unread > 0, "Budi has been notified")?;
    d.say(format!("Budi has {unread} unread notifications"));
    Ok(())
}

/// 5. A PBGM program: submit, revision requested, resubmit, accepted.
async fn mentored_project(d: &Demo, p: &People) -> Outcome {
    heading("5. PBGM — a mentored change project");
    let t = &d.titan;
    d.clock.set(wib(4, 8, 0)?);
    let program = t
        .create_program(
            &p.instructor,
            &ProgramInput {
                reviewer_pool_ids: vec![uid(&p.admin).to_owned()],
                ..ProgramInput::new("Proyek Perubahan: Layanan Perizinan Daring", 8)
            },
        )
        .await
        .step("Pak Agus creates a program")?;
    let milestone = t
        .create_milestone(
            &p.instructor,
            &program.id,
            &MilestoneInput::new("Rancangan Proyek Perubahan", &["proposal"]),
        )
        .await
        .step("add a milestone")?;
    let enrolment = t
        .enrol_participant(
            &p.instructor,
            &program.id,
            &ParticipantInput {
                participant_user_id: uid(&p.learner).to_owned(),
                supervisor_user_id: None,
            },
        )
        .await
        .step("enrol Budi")?;
    t.assign_reviewer(
        &p.instructor,
        &program.id,
        &ReviewerAssignmentInput {
            participant_user_id: uid(&p.learner).to_owned(),
            reviewer_user_id: uid(&p.admin).to_owned(),
            ..ReviewerAssignmentInput::default()
        },
    )
    .await
    .step("assign Bu Ratna as reviewer")?;
    let published = t
        .publish_program(&p.instructor, &program.id)
        .await
        .step("publish the program")?;
    let started = t
        .start_program(&p.instructor, &program.id)
        .await
        .step("start the program")?;
    d.say(format!(
        "Pak Agus creates \"{}\" with milestone \"{}\", enrols Budi ({}), assigns Bu Ratna as \
         reviewer, publishes ({}) and starts it ({})",
        program.title,
        milestone.name,
        enrolment.status,
        published.program.status,
        started.program.status
    ));

    let files = json!([{
        "storageUrl": "https://berkas.jogjakota.go.id/proyek/rancangan-v1.pdf",
        "filename": "rancangan-v1.pdf",
        "mime": "application/pdf",
        "size": 245_760
    }]);
    d.clock.set(wib(4, 9, 0)?);
    let v1 = t
        .submit_milestone(
            &p.learner,
            &milestone.id,
            &SubmissionInput {
                title: Some("Rancangan awal".into()),
                notes: None,
                files: files.clone(),
            },
        )
        .await
        .step("Budi submits v1")?;
    ensure(
        v1.submission.version_number == 1 && v1.status == WblmMilestoneStatus::Submitted,
        "v1 SUBMITTED",
    )?;
    d.say(format!(
        "Budi submits v{} → {}",
        v1.submission.version_number, v1.status
    ));

    d.clock.set(wib(4, 10, 0)?);
    let asked = t
        .review_submission(
            &p.admin,
            &v1.submission.id,
            &ReviewInput {
                comments_richtext: Some("Tambahkan indikator keberhasilan dan jadwal.".into()),
                ..ReviewInput::new(WblmReviewDecision::RequestRevision)
            },
        )
        .await
        .step("Bu Ratna asks for a revision")?;
    ensure(
        asked.status == WblmMilestoneStatus::RevisionRequested,
        "REVISION_REQUESTED",
    )?;
    d.say(format!(
        "Bu Ratna reviews v1: {} → {}",
        asked.review.decision, asked.status
    ));

    d.clock.set(wib(4, 11, 0)?);
    let v2 = t
        .submit_milestone(
            &p.learner,
            &milestone.id,
            &SubmissionInput {
                title: Some("Rancangan dengan indikator".into()),
                notes: Some("Sudah ditambah indikator dan jadwal.".into()),
                files,
            },
        )
        .await
        .step("Budi resubmits")?;
    ensure(
        v2.submission.version_number == 2 && v2.status == WblmMilestoneStatus::Resubmitted,
        "v2 RESUBMITTED",
    )?;
    d.say(format!(
        "Budi resubmits v{} → {}",
        v2.submission.version_number, v2.status
    ));

    d.clock.set(wib(4, 11, 30)?);
    let accepted = t
        .review_submission(
            &p.admin,
            &v2.submission.id,
            &ReviewInput::new(WblmReviewDecision::Accept),
        )
        .await
        .step("Bu Ratna accepts v2")?;
    ensure(
        accepted.status == WblmMilestoneStatus::ApprovedFinal
            && accepted.enrollment.status == WblmEnrollmentStatus::Completed,
        "v2 APPROVED_FINAL and the participant COMPLETED",
    )?;
    d.say(format!(
        "Bu Ratna accepts v2 ({}/{} accepts) → {}",
        accepted.accepts, accepted.accepts_required, accepted.status
    ));

    let standing = t
        .participant_progress(&p.learner, &program.id, None)
        .await
        .step("Budi's program progress")?;
    ensure(
        standing.progress.all_approved && standing.progress.percent == Decimal::from(100),
        "progress 100 %",
    )?;
    d.say(format!(
        "Budi's progress: {}/{} milestones approved ({}%), enrolment {}",
        standing.progress.approved,
        standing.progress.total,
        standing.progress.percent,
        standing.enrollment.status
    ));
    for m in &standing.milestones {
        d.table(format!(
            "{:<30} {:<16} latest v{}",
            m.milestone.name,
            m.status.to_string(),
            m.latest_version.unwrap_or(0)
        ));
    }
    Ok(())
}

/// 6. A feedback survey: Budi answers, Pak Agus reads the report.
async fn feedback_survey(d: &Demo, p: &People, c: &HybridCourse) -> Outcome {
    heading("6. Survei — course feedback");
    let t = &d.titan;
    d.clock.set(wib(4, 13, 0)?);
    let survey = t
        .create_survey(
            &p.instructor,
            &c.course.id,
            None,
            &SurveyInput::new("Evaluasi Pelatihan Pelayanan Publik Prima"),
        )
        .await
        .step("Pak Agus opens a survey")?;
    let offered = t
        .active_survey(&p.learner, &c.course.id, None)
        .await
        .step("the survey Budi is offered")?;
    ensure(
        offered
            .as_ref()
            .is_some_and(|a| a.survey.id == survey.id && !a.already_responded),
        "Budi is offered the survey",
    )?;
    t.respond_survey(
        &p.learner,
        &survey.id,
        &SurveyResponseInput {
            overall_rating: Some(5),
            instructor_rating: Some(5),
            material_rating: Some(4),
            facility_rating: Some(4),
            strengths: Some("Praktik langsung di MPP sangat membantu.".into()),
            improvements: Some("Videonya bisa lebih panjang.".into()),
            ..SurveyResponseInput::default()
        },
    )
    .await
    .step("Budi responds")?;
    let twice = t
        .respond_survey(&p.learner, &survey.id, &SurveyResponseInput::overall(1))
        .await;
    ensure(
        twice.as_ref().err().map(titan_core::app::Error::code) == Some("SURVEY_ALREADY_RESPONDED"),
        "one response per learner",
    )?;
    d.say(format!(
        "Pak Agus opens \"{}\"; Budi answers (overall 5) — a second answer is refused",
        survey.title
    ));

    let report = t
        .survey_report(&p.instructor, &survey.id)
        .await
        .step("Pak Agus reads the report")?;
    ensure(
        report.count == 1 && report.means.overall == Some(Decimal::from(5)),
        "1 response, overall mean 5",
    )?;
    let mean = |m: Option<Decimal>| m.map_or_else(|| "-".to_owned(), |v| v.to_string());
    d.say(format!(
        "report: {} response(s); means overall {}, instructor {}, material {}, facility {}",
        report.count,
        mean(report.means.overall),
        mean(report.means.instructor),
        mean(report.means.material),
        mean(report.means.facility)
    ));
    for comment in &report.comments {
        d.table(format!(
            "{}: + \"{}\"  Δ \"{}\"",
            comment
                .respondent
                .as_ref()
                .and_then(|r| r.name.as_deref())
                .unwrap_or("(anonim)"),
            comment.strengths.as_deref().unwrap_or("-"),
            comment.improvements.as_deref().unwrap_or("-")
        ));
    }
    for unit in &report.by_unit {
        d.table(format!(
            "unit {}: {} response(s){}",
            unit.unit_kerja.as_deref().unwrap_or("(none)"),
            unit.count,
            if unit.withheld {
                " — withheld (group too small to stay anonymous)"
            } else {
                ""
            }
        ));
    }
    Ok(())
}

/// One video as the AI workflow scores it.
fn candidate(
    video_id: &str,
    title: &str,
    channel: &str,
    minutes: i32,
    [relevance, level_fit, pedagogy, technical]: [i32; 4],
) -> CandidateInput {
    CandidateInput {
        video_id: video_id.into(),
        video_title: title.into(),
        video_url: Some(format!("https://www.youtube.com/watch?v={video_id}")),
        video_thumbnail: None,
        channel_title: Some(channel.into()),
        published_at: None,
        duration_seconds: Some(minutes * 60),
        relevance_score: relevance,
        level_fit_score: level_fit,
        pedagogy_score: pedagogy,
        technical_score: technical,
        role_suggestion: None,
        key_topics: None,
        prerequisites: None,
        ai_summary: Some(format!("Ringkasan: {title}")),
        ai_notes: None,
    }
}

/// 7. A curation session: scored candidates in, a 30-minute playlist, a draft course out.
async fn curation(d: &Demo, p: &People) -> Outcome {
    heading("7. Kurasi — an AI-curated playlist becomes a draft course");
    let t = &d.titan;
    d.clock.set(wib(4, 14, 0)?);
    let session = t
        .create_curation_session(
            &p.instructor,
            &CurationSessionInput {
                target_duration_min: Some(30),
                exclude_channels: vec!["Kanal Hoaks".into()],
                ..CurationSessionInput::new("Etika dan Integritas ASN")
            },
        )
        .await
        .step("Pak Agus starts a curation session")?;
    let batch = CandidateBatch {
        candidates: vec![
            candidate(
                "etk001",
                "Nilai Dasar BerAKHLAK",
                "BKN RI",
                12,
                [95, 85, 90, 80],
            ),
            candidate(
                "etk002",
                "Kode Etik dan Kode Perilaku ASN",
                "LAN RI",
                10,
                [90, 80, 80, 85],
            ),
            candidate(
                "etk003",
                "Studi Kasus Gratifikasi",
                "KPK RI",
                9,
                [85, 75, 80, 70],
            ),
            candidate(
                "etk004",
                "Sejarah Birokrasi Indonesia",
                "Arsip Nasional",
                14,
                [60, 70, 65, 60],
            ),
            candidate("etk005", "Vlog Kantor", "Kanal Santai", 6, [30, 40, 35, 50]),
            candidate(
                "etk006",
                "Rahasia Naik Pangkat Instan",
                "Kanal Hoaks",
                8,
                [95, 95, 95, 95],
            ),
        ],
        finished: true,
    };
    // The AI workflow calls back as the platform.
    let ingest = t
        .ingest_curation_candidates(&Actor::System, &session.id, &batch)
        .await
        .step("the workflow ingests scored candidates")?;
    ensure(
        ingest.session.status == CurationStatus::Ready
            && ingest.inserted == 6
            && ingest.channel_excluded == 1,
        "6 candidates stored, 1 excluded by channel, session ready",
    )?;
    let count = |r: Recommendation| {
        ingest
            .candidates
            .iter()
            .filter(|c| c.recommendation == Some(r))
            .count()
    };
    d.say(format!(
        "Pak Agus asks for 30 min on \"{}\"; the AI workflow sends {} scored videos → session {} \
         (include {}, maybe {}, exclude {} — {} of them by channel)",
        session.topic,
        ingest.inserted,
        ingest.session.status,
        count(Recommendation::Include),
        count(Recommendation::Maybe),
        count(Recommendation::Exclude),
        ingest.channel_excluded
    ));
    for c in &ingest.candidates {
        d.table(format!(
            "{:<32} {:<15} {:>2} min  overall {:>3}  {}",
            c.video_title,
            c.channel_title.as_deref().unwrap_or("-"),
            c.duration_seconds.unwrap_or(0) / 60,
            c.overall_score.unwrap_or(0),
            c.recommendation.map_or_else(String::new, |r| r.to_string())
        ));
    }

    let playlist = t
        .assemble_curation_playlist(&p.instructor, &session.id)
        .await
        .step("assemble the playlist")?;
    ensure(
        !playlist.items.is_empty()
            && (playlist.band.min_seconds..=playlist.band.max_seconds)
                .contains(&playlist.total_duration_seconds),
        "the playlist fits the 30-minute band",
    )?;
    d.say(format!(
        "playlist assembled: {} videos, {} min (band {}–{} min), total score {}",
        playlist.items.len(),
        playlist.total_duration_seconds / 60,
        playlist.band.min_seconds / 60,
        playlist.band.max_seconds / 60,
        playlist.total_score
    ));

    let finalized = t
        .finalize_curation_session(&p.instructor, &session.id)
        .await
        .step("finalize the session")?;
    ensure(
        finalized.session.status == CurationStatus::Finalized
            && !finalized.course.is_published
            && finalized.lessons.len() == playlist.items.len()
            && finalized
                .lessons
                .iter()
                .all(|l| l.content_type == ContentType::Video),
        "a draft course with one video lesson per playlist item",
    )?;
    d.say(format!(
        "finalized → draft course \"{}\" (published: {}), module \"{}\", {} min:",
        finalized.course.title,
        finalized.course.is_published,
        finalized.module.title,
        finalized.course.duration.unwrap_or(0)
    ));
    for lesson in &finalized.lessons {
        d.table(format!("{}. {}", lesson.order, lesson.title));
    }
    Ok(())
}

/// 8. The outbox: the statements produced, relayed once to an LRS.
async fn xapi(d: &Demo) -> Outcome {
    heading("8. xAPI — the statements all this produced");
    let t = &d.titan;
    d.clock.set(wib(4, 17, 0)?);
    let mut uow = d.store.begin_read().await.step("open a read")?;
    let rows: Vec<XapiOutbox> = uow
        .outbox()
        .by_status(OutboxStatus::Pending, MAX_OUTBOX_BATCH)
        .await
        .step("list the outbox")?;
    let _ = uow.rollback().await;
    let before = t
        .outbox_backlog(&Actor::System)
        .await
        .step("the backlog before the relay")?;
    ensure(
        !rows.is_empty() && before.pending == rows.len() && before.dead_lettered == 0,
        "every statement is pending",
    )?;
    d.say(format!(
        "{} statements wait in the outbox (oldest {}):",
        rows.len(),
        before.oldest_pending_at.map_or_else(String::new, short)
    ));
    let text = |v: &Value, path: &[&str]| {
        path.iter()
            .try_fold(v, |v, key| v.get(*key))
            .and_then(Value::as_str)
            .unwrap_or("-")
            .to_owned()
    };
    for (i, row) in rows.iter().enumerate() {
        let verb = text(&row.statement, &["verb", "display", "en"]);
        let object = text(&row.statement, &["object", "id"]);
        let name = text(&row.statement, &["object", "definition", "name", "en"]);
        d.table(format!(
            "{:>2}. {}  {:<11} {object}{}",
            i + 1,
            short(row.created_at),
            verb,
            if name == "-" {
                String::new()
            } else {
                format!("  \"{name}\"")
            }
        ));
    }
    if let Some(passed) = rows
        .iter()
        .find(|r| text(&r.statement, &["verb", "display", "en"]) == "passed")
    {
        let pretty = serde_json::to_string_pretty(&passed.statement)
            .map_err(|e| Failure(format!("print a statement: {e}")))?;
        d.say("the \"passed\" statement in full:");
        for line in pretty.lines() {
            d.table(line);
        }
    }

    let lrs = AcceptingLrs::default();
    let report = t
        .relay_once(&Actor::System, &lrs, MAX_OUTBOX_BATCH)
        .await
        .step("relay the outbox once")?;
    let after = t
        .outbox_backlog(&Actor::System)
        .await
        .step("the backlog after the relay")?;
    ensure(
        report.claimed == rows.len()
            && report.sent == rows.len()
            && lrs.received.load(Ordering::SeqCst) == rows.len(),
        "every statement reaches the LRS",
    )?;
    ensure(
        after.pending == 0 && after.dead_lettered == 0,
        "the backlog is empty",
    )?;
    d.say(format!(
        "relay → LRS: claimed {}, sent {}, retried {}, dead-lettered {}; backlog pending {} → {}",
        report.claimed,
        report.sent,
        report.retried,
        report.dead_lettered,
        before.pending,
        after.pending
    ));
    Ok(())
}
