//! A short tour of the titan-core rules under the recommended policy.
//!
//! Run with `cargo run -p titan-core --example rules_tour`. Every step prints what the rules
//! answered and checks it; an unexpected answer ends the program with an error (exit code 1).
//! All timestamps and "random" bytes are fixed, so the output is the same on every run.

use std::error::Error;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Jakarta;
use rust_decimal::Decimal;
use serde_json::json;
use titan_core::events::DomainEvent;
use titan_core::model::{Coordinates, Question, QuestionAnswer, QuestionType, Quiz, Role};
use titan_core::rules::attendance::{FlagReason, GeofenceOutcome, gps_verdict};
use titan_core::rules::certificate::{
    certificate_number, format_verification_code, normalize_lookup_code, verification_code,
};
use titan_core::rules::gamification::{StreakChange, level_for_points, update_streak};
use titan_core::rules::identity::{
    Action, Actor, CourseFacts, Decision, Resource, authorize, decide, parse_nip,
};
use titan_core::rules::quiz::score_attempt;
use titan_core::rules::xapi::{
    CourseRef, StatementActor, StatementContext, build_statement, validate_statement,
};
use titan_core::{CoreError, ErrorCode, Lang, Policy};

type Outcome<T = ()> = Result<T, Box<dyn Error>>;

/// Fails the tour when a rule gave an unexpected answer.
fn ensure(ok: bool, what: &str) -> Outcome {
    if ok {
        Ok(())
    } else {
        Err(format!("unexpected answer: {what}").into())
    }
}

/// A fixed UTC instant.
fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Outcome<DateTime<Utc>> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .ok_or_else(|| format!("invalid fixed timestamp {y}-{mo}-{d} {h}:{mi}:{s}").into())
}

fn heading(n: u32, title: &str) {
    println!("\n== {n}. {title} ==");
}

fn main() -> Outcome {
    let policy = Policy::recommended();
    println!("titan-core rules tour (recommended policy)");

    step_nip(&policy)?;
    step_authorisation(&policy)?;
    let score = step_quiz(&policy)?;
    step_gps(&policy)?;
    step_gamification(&policy)?;
    step_certificate(&policy)?;
    step_xapi(&policy, score)?;

    println!("\nAll steps gave the expected answers.");
    Ok(())
}

fn step_nip(policy: &Policy) -> Outcome {
    heading(1, "NIP");
    let nip = parse_nip("199001012015031001", &policy.identity)?;
    let parts = nip.parts().ok_or("a structurally valid NIP has parts")?;
    println!("NIP {} (shown publicly as {})", nip.as_str(), nip.masked());
    println!(
        "  born {}, appointed {}-{:02}, gender {}, sequence {:03}",
        parts.birth_date,
        parts.appointment_year,
        parts.appointment_month,
        parts.gender,
        parts.sequence
    );
    ensure(
        nip.appointment() == Some((2015, 3)) && nip.sequence() == Some(1),
        "NIP parts",
    )?;

    // 31 February does not exist: the structural rule names the failing part.
    match parse_nip("199002312015031001", &policy.identity) {
        Ok(_) => return Err("a NIP born on 31 February was accepted".into()),
        Err(err) => {
            let core = CoreError::from(err);
            println!("NIP 199002312015031001 is refused: {}", core.code());
            println!("  id: {}", core.message(Lang::Id));
            println!("  en: {}", core.message(Lang::En));
            ensure(core.code() == "IDENTITY_NIP_BIRTH_DATE", "NIP error code")?;
        }
    }
    Ok(())
}

fn step_authorisation(policy: &Policy) -> Outcome {
    heading(2, "Authorisation");
    let learner = Actor::new("u-learner", Role::Learner, Some("BKN Pusat"));
    let instructor = Actor::new("u-teacher", Role::Instructor, Some("BKN Pusat"));
    let course = Resource::Course(CourseFacts::new("u-teacher", Some("BKN Pusat"), 12));

    match decide(
        Some(&learner),
        Action::PublishCourse,
        &course,
        &policy.identity,
    ) {
        Decision::Deny(reason) => println!(
            "A learner publishing u-teacher's course: denied ({reason}: {})",
            reason.message(Lang::En)
        ),
        Decision::Allow => return Err("a learner may publish someone else's course".into()),
    }
    let refusal = authorize(
        Some(&learner),
        Action::PublishCourse,
        &course,
        &policy.identity,
    )
    .err()
    .ok_or("authorize let the learner publish")?;
    println!("  as an error: {}", refusal.code());
    ensure(
        refusal.code() == "IDENTITY_FORBIDDEN",
        "authorize error code",
    )?;

    let instructor_decision = decide(
        Some(&instructor),
        Action::PublishCourse,
        &course,
        &policy.identity,
    );
    println!(
        "Its instructor publishing it: {}",
        if instructor_decision.is_allowed() {
            "allowed"
        } else {
            "denied"
        }
    );
    ensure(instructor_decision.is_allowed(), "instructor may publish")?;
    authorize(
        Some(&instructor),
        Action::PublishCourse,
        &course,
        &policy.identity,
    )?;
    Ok(())
}

fn question(
    id: &str,
    order: i32,
    question_type: QuestionType,
    content: &str,
    options: serde_json::Value,
) -> Question {
    Question {
        id: id.into(),
        quiz_id: "quiz-etika".into(),
        question_type,
        content: content.into(),
        explanation: None,
        order,
        points: Decimal::ONE,
        options: Some(options),
        rubric: None,
        model_answer: None,
    }
}

fn answer(
    question_id: &str,
    selected: serde_json::Value,
    saved_at: DateTime<Utc>,
) -> QuestionAnswer {
    QuestionAnswer {
        id: format!("ans-{question_id}"),
        attempt_id: "attempt-1".into(),
        question_id: question_id.into(),
        answer: None,
        selected_options: Some(selected),
        is_correct: None,
        points_earned: None,
        ai_feedback: None,
        saved_at: Some(saved_at),
    }
}

fn step_quiz(policy: &Policy) -> Outcome<Decimal> {
    heading(3, "Quiz scoring");
    let created = at(2026, 3, 1, 2, 0, 0)?;
    let saved = at(2026, 3, 2, 3, 10, 0)?;
    let quiz = Quiz::new("quiz-etika", "module-1", "Etika ASN: post-test", created);
    let questions = [
        question(
            "q1",
            1,
            QuestionType::TrueFalse,
            "ASN must stay politically neutral.",
            json!([{"text": "Benar", "isCorrect": true}, {"text": "Salah", "isCorrect": false}]),
        ),
        question(
            "q2",
            2,
            QuestionType::MultipleChoice,
            "Which law governs ASN?",
            json!([
                {"text": "UU 20/2023", "isCorrect": true},
                {"text": "UU 13/2003", "isCorrect": false},
                {"text": "UU 24/2009", "isCorrect": false}
            ]),
        ),
        question(
            "q3",
            3,
            QuestionType::MultipleChoice,
            "Which are core values of BerAKHLAK?",
            json!([
                {"text": "Akuntabel", "isCorrect": true},
                {"text": "Kompeten", "isCorrect": true},
                {"text": "Birokratis", "isCorrect": false},
                {"text": "Tertutup", "isCorrect": false}
            ]),
        ),
    ];
    let answers = [
        answer("q1", json!([0]), saved),
        answer("q2", json!([0]), saved),
        // Both correct options and one wrong one: +1/2 +1/2 −1/2 = 0.5 (partial credit).
        answer("q3", json!([0, 1, 2]), saved),
    ];
    let result = score_attempt(&quiz, &questions, &answers, &policy.quiz)?;
    for (q, r) in questions.iter().zip(&result.questions) {
        println!(
            "  {} {:<15} earned {} of {}",
            q.id,
            q.question_type.as_str(),
            r.points_earned.unwrap_or_default(),
            q.points
        );
    }
    let score = result.score.ok_or("no essay, so the score is known")?;
    let passed = result.is_passed.ok_or("no essay, so pass is known")?;
    println!(
        "Score {score} ({} of {} points); pass mark {}: {}",
        result.earned,
        result.possible,
        quiz.passing_score,
        if passed { "PASSED" } else { "not passed" }
    );
    let fractions: Vec<Option<Decimal>> = result.questions.iter().map(|r| r.fraction).collect();
    ensure(
        fractions
            == [
                Some(Decimal::ONE),
                Some(Decimal::ONE),
                Some(Decimal::new(5, 1)),
            ],
        "per-question fractions",
    )?;
    ensure(
        score == Decimal::new(8333, 2) && passed,
        "quiz score 83.33, passed",
    )?;
    Ok(score)
}

fn step_gps(policy: &Policy) -> Outcome {
    heading(4, "GPS check-in (Monas, radius 50 m)");
    let monas = Coordinates::new(-6.175392, 106.827153)?;
    let radius = 50;
    let rules = &policy.attendance;

    let near = Coordinates::new(-6.175700, 106.827153)?;
    let inside = gps_verdict(monas, radius, near, Some(12.0), rules)?;
    println!(
        "  {:.0} m away, accuracy 12 m: {:?}",
        inside.distance_m, inside.outcome
    );
    ensure(inside.outcome == GeofenceOutcome::Inside, "inside")?;

    let flagged = gps_verdict(monas, radius, near, Some(150.0), rules)?;
    println!(
        "  {:.0} m away, accuracy 150 m: {:?} (accepted, marked for review)",
        flagged.distance_m, flagged.outcome
    );
    ensure(
        flagged.outcome
            == GeofenceOutcome::Flagged {
                reason: FlagReason::LowAccuracy,
            },
        "flagged for low accuracy",
    )?;

    let far = Coordinates::new(-6.178100, 106.827153)?;
    match gps_verdict(monas, radius, far, Some(10.0), rules) {
        Ok(v) => return Err(format!("a far check-in was accepted: {v:?}").into()),
        Err(err) => {
            println!("  ~300 m away, accuracy 10 m: refused, {}", err.code());
            println!("    id: {}", err.message(Lang::Id));
            println!("    en: {}", err.message(Lang::En));
            ensure(err.code() == "ATTENDANCE_OUTSIDE_GEOFENCE", "refusal code")?;
        }
    }
    Ok(())
}

fn step_gamification(policy: &Policy) -> Outcome {
    heading(5, "Levels and streaks");
    let info = level_for_points(450, &policy.gamification.level_curve);
    println!(
        "450 points: level {} \"{}\", {} points to the next level ({}% of the way)",
        info.level,
        info.title,
        info.points_to_next.unwrap_or(0),
        info.progress_to_next
    );
    ensure(
        info.level == 3 && info.title == "Terampil",
        "level 3 Terampil",
    )?;

    // 23:30 WIB on 2 March, then 00:15 WIB on 3 March: only 45 minutes apart, but a new day.
    let last = at(2026, 3, 2, 16, 30, 0)?;
    let now = at(2026, 3, 2, 17, 15, 0)?;
    let update = update_streak(4, 6, Some(last), now, Jakarta, &policy.gamification);
    println!(
        "Streak 4, last active {} WIB, active again {} WIB:",
        last.with_timezone(&Jakarta).format("%Y-%m-%d %H:%M"),
        now.with_timezone(&Jakarta).format("%Y-%m-%d %H:%M")
    );
    println!(
        "  {:?} -> streak {} (longest {}), DAILY_ACTIVE due: {}",
        update.change, update.streak, update.longest_streak, update.daily_active_award
    );
    ensure(
        update.change == StreakChange::Extended && update.streak == 5 && update.daily_active_award,
        "streak extended across midnight in Asia/Jakarta",
    )?;
    Ok(())
}

fn step_certificate(policy: &Policy) -> Outcome {
    heading(6, "Certificate number and verification code");
    // Stand-in for the CSPRNG bytes the Secrets port would supply.
    let random: [u8; 16] = [
        0x3a, 0x7f, 0x12, 0xc4, 0x9e, 0x05, 0x66, 0xd1, 0x00, 0x2b, 0x8c, 0x4f, 0x71, 0xe3, 0x19,
        0xa8,
    ];
    let issued = at(2026, 3, 2, 4, 0, 0)?;
    let number = certificate_number(&policy.certificate, issued, 42, &random)?;
    let code = verification_code(&random, policy.certificate.code_scheme);
    let shown = format_verification_code(&code);
    println!("certificateNo {number}, verificationCode {code}, printed as {shown}");
    ensure(number == "CERT/2026/000042", "certificate number")?;
    ensure(
        shown.len() == 11 && shown.find('-') == Some(5),
        "XXXXX-XXXXX format",
    )?;

    let typed = format!(" {} ", shown.to_lowercase());
    let found = normalize_lookup_code(&typed)?;
    println!("A visitor types {typed:?}: looked up as {found}");
    ensure(found == code, "normalised lookup finds the stored code")?;
    Ok(())
}

fn step_xapi(policy: &Policy, score: Decimal) -> Outcome {
    heading(7, "xAPI statement for a passed quiz");
    let event = DomainEvent::QuizPassed {
        user_id: "u-learner".into(),
        course_id: "course-etika".into(),
        quiz_id: "quiz-etika".into(),
        attempt_id: "attempt-1".into(),
        score,
        occurred_at: at(2026, 3, 2, 3, 15, 0)?,
    };
    let context = StatementContext {
        actor: StatementActor {
            email: Some("budi@example.go.id".into()),
            name: Some("Budi Santoso".into()),
        },
        course: Some(CourseRef {
            slug: "etika-asn".into(),
            title: Some("Etika ASN".into()),
        }),
        object_title: Some("Etika ASN: post-test".into()),
        ..StatementContext::default()
    };
    let statement = build_statement(&event, &context, &policy.xapi)?;
    validate_statement(&statement)?;
    println!("Built and validated (xAPI 1.0.3):");
    println!("{}", serde_json::to_string_pretty(&statement)?);
    ensure(
        statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed",
        "verb passed",
    )?;
    Ok(())
}
