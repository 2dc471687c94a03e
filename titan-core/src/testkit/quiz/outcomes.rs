//! What a graded attempt leads to: scores under both presets, QUIZ_PASS points, course and
//! lesson completion, reviews, results and learning gain.

use std::sync::Arc;

use crate::app::{Actor, AnswerInput, LessonInput, QuizInput, Titan};
use crate::assert_code;
use crate::model::{ContentType, EnrollmentStatus, QuizType};
use crate::policy::Policy;
use crate::ports::Store;
use crate::rules::progress::CompletionEvidence;

use super::{QuizWorld, dec, id_of, ledger_keys, recorded, true_statements};

/// Starts and submits an attempt answering the first `right` questions with "Benar" (right)
/// and the rest with "Salah".
async fn sit(
    titan: &Titan,
    w: &QuizWorld,
    quiz_id: &str,
    who: &Actor,
    right: usize,
    of: usize,
) -> crate::app::AttemptSubmission {
    let ids: Vec<String> = {
        let detail = w.fx.titan.quiz_detail(&w.teacher, quiz_id).await.unwrap();
        detail.questions.into_iter().map(|q| q.id).collect()
    };
    let attempt = titan.start_attempt(who, quiz_id).await.unwrap().attempt;
    let answers: Vec<AnswerInput> = ids
        .iter()
        .take(of)
        .enumerate()
        .map(|(i, q)| AnswerInput::selected(q, &[u32::from(i >= right)]))
        .collect();
    titan
        .submit_attempt(who, &attempt.id, &answers)
        .await
        .unwrap()
}

pub async fn the_score_denominator_differs_under_legacy(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
        &true_statements(4),
    )
    .await;
    let legacy = w.fx.engine_with(Policy::legacy());
    let (a, b) = (w.learner("budi").await, w.learner("cici").await);
    // Two right answers, two questions left blank.
    let recommended = sit(&w.fx.titan, &w, &w.quiz.id, &a, 2, 2).await;
    assert_eq!(
        recommended.attempt.score,
        Some(dec("50")),
        "over all questions"
    );
    assert_eq!(recommended.attempt.is_passed, Some(false));
    let old = sit(&legacy, &w, &w.quiz.id, &b, 2, 2).await;
    assert_eq!(
        old.attempt.score,
        Some(dec("100")),
        "legacy: over answered questions"
    );
    assert_eq!(old.attempt.is_passed, Some(true));
    let key = |who: &Actor, verb: &str, attempt: &str| {
        format!("{verb}:{}:{}:{attempt}", id_of(who), w.quiz.id)
    };
    let store = w.store();
    assert!(recorded(&store, &key(&a, "quiz_fail", &recommended.attempt.id)).await);
    assert!(recorded(&store, &key(&b, "quiz_pass", &old.attempt.id)).await);
    assert!(!recorded(&store, &key(&a, "quiz_pass", &recommended.attempt.id)).await);
}

pub async fn quiz_pass_pays_once_per_quiz_unless_legacy(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.max_attempts = Some(3);
    let w = QuizWorld::new(store, input, &true_statements(2)).await;
    let legacy = w.fx.engine_with(Policy::legacy());
    let (a, b) = (w.learner("budi").await, w.learner("cici").await);
    let store = w.store();
    let passes = |keys: Vec<String>| {
        keys.into_iter()
            .filter(|k| k.starts_with("quiz_pass:"))
            .collect::<Vec<_>>()
    };

    let a1 = sit(&w.fx.titan, &w, &w.quiz.id, &a, 2, 2).await;
    let a2 = sit(&w.fx.titan, &w, &w.quiz.id, &a, 2, 2).await;
    assert_eq!(a1.attempt.is_passed, Some(true));
    assert_eq!(a2.attempt.is_passed, Some(true));
    assert_eq!(
        passes(ledger_keys(&store, &id_of(&a)).await),
        vec![format!("quiz_pass:{}:{}", id_of(&a), w.quiz.id)],
        "paid once per quiz"
    );
    for attempt in [&a1.attempt.id, &a2.attempt.id] {
        let key = format!("quiz_pass:{}:{}:{attempt}", id_of(&a), w.quiz.id);
        assert!(
            recorded(&store, &key).await,
            "each passing attempt is a statement"
        );
    }

    let b1 = sit(&legacy, &w, &w.quiz.id, &b, 2, 2).await;
    let b2 = sit(&legacy, &w, &w.quiz.id, &b, 2, 2).await;
    let mut expected = vec![
        format!("quiz_pass:{}:{}:{}", id_of(&b), w.quiz.id, b1.attempt.id),
        format!("quiz_pass:{}:{}:{}", id_of(&b), w.quiz.id, b2.attempt.id),
    ];
    expected.sort();
    let mut paid = passes(ledger_keys(&store, &id_of(&b)).await);
    paid.sort();
    assert_eq!(paid, expected, "legacy pays every passing attempt");
}

pub async fn passing_the_post_test_completes_the_course_with_a_certificate(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.max_attempts = Some(3);
    let w = QuizWorld::new(store, input, &true_statements(2)).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    t.complete_lesson(
        &learner,
        &w.course.lessons[0].id,
        &CompletionEvidence::MarkedDone {
            dwell_seconds: None,
        },
    )
    .await
    .unwrap();
    let failed = sit(t, &w, &w.quiz.id, &learner, 1, 2).await;
    assert_eq!(failed.attempt.is_passed, Some(false));
    assert_eq!(failed.enrollment.status, EnrollmentStatus::InProgress);
    assert_eq!(
        failed.enrollment.progress,
        dec("50"),
        "the lesson, not the post-test"
    );

    let passed = sit(t, &w, &w.quiz.id, &learner, 2, 2).await;
    assert_eq!(passed.attempt.is_passed, Some(true));
    assert_eq!(passed.enrollment.status, EnrollmentStatus::Completed);
    assert_eq!(passed.enrollment.progress, dec("100"));
    let store = w.store();
    let user = id_of(&learner);
    let course = &w.course.course.id;
    assert!(recorded(&store, &format!("course_complete:{user}:{course}")).await);
    assert!(recorded(&store, &format!("certificate_earned:{user}:{course}")).await);
    let mut uow = store.begin_read().await.unwrap();
    let certificate = uow
        .certificates()
        .for_user_course(&user, course)
        .await
        .unwrap();
    assert!(certificate.is_some(), "issued automatically");
}

pub async fn passing_completes_the_linked_quiz_lesson(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Cek pemahaman", QuizType::KnowledgeCheck),
        &true_statements(2),
    )
    .await;
    let t = &w.fx.titan;
    let lesson = t
        .create_lesson(
            &w.teacher,
            &w.course.module.id,
            &LessonInput {
                content: Some(w.quiz.id.clone()),
                ..LessonInput::new("Kuis modul", ContentType::Quiz)
            },
        )
        .await
        .unwrap();
    let learner = w.learner("budi").await;
    let store = w.store();
    let user = id_of(&learner);
    let done = || async {
        let mut uow = store.begin_read().await.unwrap();
        uow.progress()
            .get(&user, &lesson.id)
            .await
            .unwrap()
            .is_some_and(|p| p.is_completed)
    };
    sit(t, &w, &w.quiz.id, &learner, 0, 2).await;
    assert!(!done().await, "a failed attempt completes nothing");
    let passed = sit(t, &w, &w.quiz.id, &learner, 2, 2).await;
    assert!(done().await, "passing completes the QUIZ lesson");
    assert!(recorded(&store, &format!("lesson_complete:{user}:{}", lesson.id)).await);
    assert_eq!(
        passed.enrollment.progress,
        dec("50"),
        "one of two lessons (knowledge checks do not count)"
    );
}

pub async fn the_review_hides_post_test_answers_while_attempts_remain(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.max_attempts = Some(3);
    let mut questions = true_statements(2);
    questions[0].explanation = Some("Karena benar.".into());
    let w = QuizWorld::new(store, input, &questions).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let open = t.start_attempt(&learner, &w.quiz.id).await.unwrap().attempt;
    let review = t.review_attempt(&learner, &open.id).await.unwrap();
    assert!(!review.visibility.show_score && review.questions.is_empty());
    t.submit_attempt(&learner, &open.id, &[AnswerInput::selected(w.q(0), &[1])])
        .await
        .unwrap();
    let review = t.review_attempt(&learner, &open.id).await.unwrap();
    assert!(review.visibility.show_score && review.visibility.show_responses);
    assert!(
        !review.visibility.show_correct_answers,
        "attempts left, not passed"
    );
    assert_eq!(review.attempt.score, Some(dec("0")));
    let first = &review.questions[0];
    assert_eq!(first.selected_options, Some(serde_json::json!([1])));
    assert!(first.is_correct.is_none() && first.explanation.is_none());
    assert!(first.options.iter().all(|o| o.is_correct.is_none()));
    // The course's editor sees everything.
    let full = t.review_attempt(&w.teacher, &open.id).await.unwrap();
    assert_eq!(full.questions[0].is_correct, Some(false));
    assert_eq!(
        full.questions[0].explanation.as_deref(),
        Some("Karena benar.")
    );
    let other = w.learner("cici").await;
    assert_code!(
        t.review_attempt(&other, &open.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(t.review_attempt(&learner, "nope").await, "NOT_FOUND");

    let passed = sit(t, &w, &w.quiz.id, &learner, 2, 2).await;
    let review = t
        .review_attempt(&learner, &passed.attempt.id)
        .await
        .unwrap();
    assert!(review.visibility.show_correct_answers, "passed: shown");
    assert_eq!(review.questions[0].is_correct, Some(true));
    assert_eq!(review.questions[0].options[0].is_correct, Some(true));
}

pub async fn results_and_learning_gain(store: Arc<dyn Store>) {
    let mut pre = QuizInput::new("Pre-test", QuizType::PreTest);
    pre.passing_score = 0;
    let w = QuizWorld::new(store, pre, &true_statements(4)).await;
    let t = &w.fx.titan;
    let mut post = QuizInput::new("Post-test", QuizType::PostTest);
    post.max_attempts = Some(3);
    let post = t
        .create_quiz(&w.teacher, &w.course.module.id, &post)
        .await
        .unwrap();
    for q in true_statements(4) {
        t.create_question(&w.teacher, &post.id, &q).await.unwrap();
    }
    let learner = w.learner("budi").await;
    let user = id_of(&learner);
    let course = w.course.course.id.clone();
    let none = t.learning_gain(&learner, &user, &course).await.unwrap();
    assert_eq!((none.pre_score, none.gain), (None, None));
    assert_eq!(none.pre_test_id.as_deref(), Some(w.quiz.id.as_str()));

    let pre_result = sit(t, &w, &w.quiz.id, &learner, 1, 4).await;
    assert_eq!(pre_result.attempt.score, Some(dec("25")));
    assert_eq!(
        pre_result.enrollment.progress,
        dec("33.33"),
        "a submitted pre-test counts in progress"
    );
    sit(t, &w, &post.id, &learner, 2, 4).await;
    sit(t, &w, &post.id, &learner, 3, 4).await;
    let gain = t.learning_gain(&learner, &user, &course).await.unwrap();
    assert_eq!(gain.pre_score, Some(dec("25")));
    assert_eq!(
        gain.post_score,
        Some(dec("75")),
        "the best post-test attempt"
    );
    let g = gain.gain.unwrap();
    assert_eq!(
        (g.gain, g.normalized_gain),
        (dec("50"), Some(dec("0.6667")))
    );
    assert_eq!(
        t.learning_gain(&w.teacher, &user, &course).await.unwrap(),
        gain
    );

    let results = t.quiz_results(&learner, &user, &post.id).await.unwrap();
    assert_eq!(results.attempts.len(), 2);
    assert_eq!(results.grade.as_ref().map(|g| g.score), Some(dec("75")));
    assert!(results.passed);
    assert_eq!(results.attempts_left, Some(1));
    assert_eq!(
        t.quiz_results(&w.teacher, &user, &post.id).await.unwrap(),
        results
    );
    let other = w.learner("cici").await;
    assert_code!(
        t.quiz_results(&other, &user, &post.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.learning_gain(&other, &user, &course).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(t.quiz_results(&learner, &user, "nope").await, "NOT_FOUND");
    assert_code!(t.learning_gain(&learner, &user, "nope").await, "NOT_FOUND");
}
