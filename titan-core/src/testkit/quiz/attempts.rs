//! Taking a quiz: admission, resume, the sheet, saving, submitting, and parallel starts.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::json;

use crate::app::{Actor, AnswerInput, QuestionInput, QuizInput};
use crate::assert_code;
use crate::model::{EnrollmentStatus, QuizType};
use crate::ports::{Clock, Store};
use crate::rules::quiz::{option_order, question_order};

use super::{QuizWorld, dec, id_of, stored_answers, stored_attempts, true_statements};

pub async fn taking_a_quiz_needs_an_enrolment_and_a_question(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
        &true_statements(2),
    )
    .await;
    let t = &w.fx.titan;
    let stranger = w.fx.learner("asing").await;
    assert_code!(
        t.start_attempt(&stranger, &w.quiz.id).await,
        "PROGRESS_NOT_ENROLLED"
    );
    assert_code!(
        t.start_attempt(&w.teacher, &w.quiz.id).await,
        "PROGRESS_NOT_ENROLLED"
    );
    assert_code!(
        t.start_attempt(&Actor::Anonymous, &w.quiz.id).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        t.start_attempt(&Actor::System, &w.quiz.id).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    let learner = w.learner("budi").await;
    assert_code!(t.start_attempt(&learner, "no-quiz").await, "NOT_FOUND");
    let empty = t
        .create_quiz(
            &w.teacher,
            &w.course.module.id,
            &QuizInput::new("Kosong", QuizType::KnowledgeCheck),
        )
        .await
        .unwrap();
    assert_code!(
        t.start_attempt(&learner, &empty.id).await,
        "QUIZ_NO_QUESTIONS"
    );
    let dropper = w.learner("cici").await;
    t.drop_enrolment(&dropper, &w.course.course.id, None)
        .await
        .unwrap();
    assert_code!(
        t.start_attempt(&dropper, &w.quiz.id).await,
        "PROGRESS_ENROLLMENT_DROPPED"
    );
    // Dropping mid-attempt closes the door on saving and submitting too.
    let leaver = w.learner("dedi").await;
    let open = t.start_attempt(&leaver, &w.quiz.id).await.unwrap().attempt;
    t.drop_enrolment(&leaver, &w.course.course.id, None)
        .await
        .unwrap();
    assert_code!(
        t.save_answers(&leaver, &open.id, &[AnswerInput::selected(w.q(0), &[0])])
            .await,
        "PROGRESS_ENROLLMENT_DROPPED"
    );
    assert_code!(
        t.submit_attempt(&leaver, &open.id, &[]).await,
        "PROGRESS_ENROLLMENT_DROPPED"
    );
    assert_code!(t.save_answers(&learner, "nope", &[]).await, "NOT_FOUND");
    let store = w.store();
    assert!(stored_answers(&store, &open.id).await.is_empty());
    for actor in [&stranger, &learner, &dropper] {
        assert!(
            stored_attempts(&store, &id_of(actor), &w.quiz.id)
                .await
                .is_empty(),
            "refusals wrote nothing"
        );
    }
}

pub async fn an_open_attempt_is_resumed_and_every_start_counts(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.max_attempts = Some(2);
    input.time_limit = Some(15);
    let w = QuizWorld::new(store, input, &true_statements(2)).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let first = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    assert!(!first.resumed);
    assert_eq!(first.attempt_number, 1);
    assert_eq!(
        first.attempt.started_at,
        w.fx.clock.now(),
        "the server sets startedAt"
    );
    assert_eq!(
        first.deadline,
        Some(w.fx.clock.now() + chrono::Duration::minutes(15))
    );
    assert_eq!(first.enrollment.status, EnrollmentStatus::InProgress);
    w.fx.clock.advance(chrono::Duration::minutes(1));
    let again = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    assert!(again.resumed);
    assert_eq!(again.attempt, first.attempt, "resumed, not duplicated");
    assert_eq!(again.attempt_number, 1);

    t.submit_attempt(&learner, &first.attempt.id, &[])
        .await
        .unwrap();
    let second = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    assert_eq!((second.resumed, second.attempt_number), (false, 2));
    t.submit_attempt(&learner, &second.attempt.id, &[])
        .await
        .unwrap();
    let refused = t.start_attempt(&learner, &w.quiz.id).await;
    assert_code!(refused.clone(), "QUIZ_MAX_ATTEMPTS");
    let facts = refused.unwrap_err().facts();
    assert_eq!(
        (facts["limit"].clone(), facts["used"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(
        stored_attempts(&w.store(), &id_of(&learner), &w.quiz.id)
            .await
            .len(),
        2
    );
    // Unlimited once the limit is lifted.
    let mut open = QuizInput::new("Post-test", QuizType::PostTest);
    open.max_attempts = None;
    t.update_quiz(&w.teacher, &w.quiz.id, &open).await.unwrap();
    let third = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    assert_eq!(third.attempt_number, 3);
}

pub async fn the_sheet_is_shuffled_per_attempt_and_hides_the_key(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Kuis", QuizType::KnowledgeCheck);
    input.shuffle_questions = true;
    let mut questions: Vec<QuestionInput> = (1..=6)
        .map(|i| {
            QuestionInput::choice(
                format!("Soal {i}"),
                &[("A", true), ("B", false), ("C", false), ("D", false)],
            )
        })
        .collect();
    questions.push(QuestionInput::true_false("Benar?", false));
    let w = QuizWorld::new(store, input, &questions).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let started = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    let attempt_id = started.attempt.id.clone();
    t.save_answers(
        &learner,
        &attempt_id,
        &[AnswerInput::selected(w.q(1), &[3])],
    )
    .await
    .unwrap();
    let sheet = t.attempt_sheet(&learner, &attempt_id).await.unwrap();
    let expected: Vec<String> = question_order(&w.quiz, &attempt_id, 7)
        .into_iter()
        .map(|i| w.q(i))
        .collect();
    let shown: Vec<String> = sheet.questions.iter().map(|q| q.id.clone()).collect();
    assert_eq!(shown, expected, "the attempt's deterministic order");
    for q in &sheet.questions {
        let indices: Vec<usize> = q.options.iter().map(|o| o.index).collect();
        if q.id == w.q(6) {
            assert_eq!(indices, [0, 1], "TRUE_FALSE keeps its order");
        } else {
            assert_eq!(indices, option_order(&attempt_id, &q.id, 4));
        }
    }
    let saved = sheet.questions.iter().find(|q| q.id == w.q(1)).unwrap();
    assert_eq!(saved.selected_options, Some(json!([3])));
    let text = serde_json::to_string(&sheet).unwrap();
    assert!(!text.contains("isCorrect") && !text.contains("explanation"));
    assert_eq!(t.attempt_sheet(&learner, &attempt_id).await.unwrap(), sheet);
    let other = w.learner("cici").await;
    assert_code!(
        t.attempt_sheet(&other, &attempt_id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(t.attempt_sheet(&learner, "nope").await, "NOT_FOUND");
}

pub async fn answers_are_saved_in_original_indices_and_checked(store: Arc<dyn Store>) {
    let questions = [
        QuestionInput::choice("Pilih", &[("A", false), ("B", false), ("C", true)]),
        QuestionInput::new(crate::model::QuestionType::Essay, "Jelaskan."),
    ];
    let w = QuizWorld::new(
        store,
        QuizInput::new("Kuis", QuizType::KnowledgeCheck),
        &questions,
    )
    .await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let attempt = t.start_attempt(&learner, &w.quiz.id).await.unwrap().attempt;
    let saved = t
        .save_answers(
            &learner,
            &attempt.id,
            &[
                AnswerInput::selected(w.q(0), &[1]),
                AnswerInput::text(w.q(1), "Berorientasi pelayanan."),
            ],
        )
        .await
        .unwrap();
    assert_eq!(saved.len(), 2);
    w.fx.clock.advance(chrono::Duration::seconds(30));
    let saved = t
        .save_answers(
            &learner,
            &attempt.id,
            &[AnswerInput::selected(w.q(0), &[2])],
        )
        .await
        .unwrap();
    let mc = saved.iter().find(|a| a.question_id == w.q(0)).unwrap();
    assert_eq!(
        mc.selected_options,
        Some(json!([2])),
        "original index, replaced"
    );
    assert_eq!(mc.saved_at, Some(w.fx.clock.now()));
    assert_eq!(saved.len(), 2, "one answer per question");

    let before = stored_answers(&w.store(), &attempt.id).await;
    assert_code!(
        t.save_answers(
            &learner,
            &attempt.id,
            &[
                AnswerInput::text(w.q(1), "Diubah"),
                AnswerInput::selected(w.q(0), &[9]),
            ]
        )
        .await,
        "QUIZ_INVALID_SELECTION"
    );
    let other = t
        .create_quiz(
            &w.teacher,
            &w.course.module.id,
            &QuizInput::new("Lain", QuizType::KnowledgeCheck),
        )
        .await
        .unwrap();
    let foreign = t
        .create_question(&w.teacher, &other.id, &QuestionInput::true_false("?", true))
        .await
        .unwrap();
    assert_code!(
        t.save_answers(
            &learner,
            &attempt.id,
            &[AnswerInput::selected(&foreign.id, &[0])]
        )
        .await,
        "NOT_FOUND"
    );
    let intruder = w.learner("cici").await;
    assert_code!(
        t.save_answers(
            &intruder,
            &attempt.id,
            &[AnswerInput::selected(w.q(0), &[0])]
        )
        .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.submit_attempt(&intruder, &attempt.id, &[]).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_eq!(
        stored_answers(&w.store(), &attempt.id).await,
        before,
        "refused saves changed nothing"
    );
}

pub async fn a_submitted_attempt_is_closed_for_good(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Kuis", QuizType::KnowledgeCheck),
        &true_statements(4),
    )
    .await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let attempt = t.start_attempt(&learner, &w.quiz.id).await.unwrap().attempt;
    t.save_answers(
        &learner,
        &attempt.id,
        &[AnswerInput::selected(w.q(0), &[0])],
    )
    .await
    .unwrap();
    let result = t
        .submit_attempt(
            &learner,
            &attempt.id,
            &[
                AnswerInput::selected(w.q(1), &[0]),
                AnswerInput::selected(w.q(2), &[1]),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        result.attempt.score,
        Some(dec("50")),
        "2 of 4, over all questions"
    );
    assert_eq!(result.attempt.is_passed, Some(false));
    assert_eq!(result.attempt.submitted_at, Some(w.fx.clock.now()));
    assert!(!result.late && !result.auto_submitted && result.pending_essays == 0);
    let answers = stored_answers(&w.store(), &attempt.id).await;
    assert_eq!(answers.len(), 3);
    let right = answers.iter().find(|a| a.question_id == w.q(1)).unwrap();
    assert_eq!(
        (right.is_correct, right.points_earned),
        (Some(true), Some(dec("1")))
    );
    let wrong = answers.iter().find(|a| a.question_id == w.q(2)).unwrap();
    assert_eq!(
        (wrong.is_correct, wrong.points_earned),
        (Some(false), Some(dec("0")))
    );

    assert_code!(
        t.submit_attempt(&learner, &attempt.id, &[]).await,
        "QUIZ_ALREADY_SUBMITTED"
    );
    assert_code!(
        t.save_answers(
            &learner,
            &attempt.id,
            &[AnswerInput::selected(w.q(3), &[0])]
        )
        .await,
        "QUIZ_ALREADY_SUBMITTED"
    );
    let stored = stored_attempts(&w.store(), &id_of(&learner), &w.quiz.id).await;
    assert_eq!(stored, vec![result.attempt.clone()]);
    assert_eq!(stored_answers(&w.store(), &attempt.id).await, answers);
}

pub async fn parallel_starts_open_one_attempt(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.max_attempts = Some(3);
    let w = QuizWorld::new(store, input, &true_statements(2)).await;
    let learner = w.learner("budi").await;
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let titan = w.fx.titan.clone();
            let (learner, quiz) = (learner.clone(), w.quiz.id.clone());
            tokio::spawn(async move { titan.start_attempt(&learner, &quiz).await })
        })
        .collect();
    let mut ids = HashSet::new();
    let mut fresh = 0;
    for task in tasks {
        let started = task.await.unwrap().unwrap();
        ids.insert(started.attempt.id);
        fresh += usize::from(!started.resumed);
    }
    assert_eq!(
        (ids.len(), fresh),
        (1, 1),
        "one started, fifteen resumed it"
    );
    let stored = stored_attempts(&w.store(), &id_of(&learner), &w.quiz.id).await;
    assert_eq!(stored.len(), 1);
}

pub async fn parallel_starts_and_submits_never_exceed_max_attempts(store: Arc<dyn Store>) {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.max_attempts = Some(3);
    let w = QuizWorld::new(store, input, &true_statements(2)).await;
    let learner = w.learner("budi").await;
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let titan = w.fx.titan.clone();
            let (learner, quiz) = (learner.clone(), w.quiz.id.clone());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                loop {
                    match titan.start_attempt(&learner, &quiz).await {
                        Ok(started) => {
                            seen.push(started.attempt.id.clone());
                            // Another task may have submitted it meanwhile.
                            match titan
                                .submit_attempt(&learner, &started.attempt.id, &[])
                                .await
                            {
                                Ok(_) => {}
                                Err(e) => assert_eq!(e.code(), "QUIZ_ALREADY_SUBMITTED"),
                            }
                        }
                        Err(e) => {
                            assert_eq!(e.code(), "QUIZ_MAX_ATTEMPTS");
                            return seen;
                        }
                    }
                }
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for task in tasks {
        ids.extend(task.await.unwrap());
    }
    let stored = stored_attempts(&w.store(), &id_of(&learner), &w.quiz.id).await;
    assert_eq!(stored.len(), 3, "exactly maxAttempts attempts");
    assert_eq!(ids.len(), 3);
    assert!(
        stored.iter().all(|a| a.submitted_at.is_some()),
        "no attempt left open, so never two open at once"
    );
}
