//! Essay grading by a person and by the grader port, and regrades.

use std::sync::Arc;

use crate::app::{Actor, AnswerInput, QuestionInput, QuizInput};
use crate::assert_code;
use crate::model::{QuestionType, QuizAttempt, QuizType};
use crate::ports::{GraderError, Store};
use crate::rules::quiz::EssayGrade;

use super::{
    QuizWorld, ScriptedGrader, dec, id_of, ledger_keys, recorded, stored_answers, stored_attempts,
    true_statements,
};

fn with_essay() -> Vec<QuestionInput> {
    let mut questions = true_statements(1);
    questions.push(QuestionInput {
        model_answer: Some("Melayani dengan sepenuh hati.".into()),
        ..QuestionInput::new(QuestionType::Essay, "Apa makna berorientasi pelayanan?")
    });
    questions
}

fn grade(fraction: &str) -> EssayGrade {
    EssayGrade {
        fraction: dec(fraction),
        feedback: Some("Cukup baik.".into()),
    }
}

pub async fn an_essay_waits_for_a_person(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
        &with_essay(),
    )
    .await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let attempt = t.start_attempt(&learner, &w.quiz.id).await.unwrap().attempt;
    let answers = [
        AnswerInput::selected(w.q(0), &[0]),
        AnswerInput::text(w.q(1), "Mengutamakan kebutuhan masyarakat."),
    ];
    let submitted = t
        .submit_attempt(&learner, &attempt.id, &answers)
        .await
        .unwrap();
    assert_eq!(
        (submitted.attempt.score, submitted.attempt.is_passed),
        (None, None),
        "pending until graded"
    );
    assert_eq!(submitted.pending_essays, 1);
    let store = w.store();
    let key = |verb: &str| format!("{verb}:{}:{}:{}", id_of(&learner), w.quiz.id, attempt.id);
    assert!(
        !recorded(&store, &key("quiz_pass")).await && !recorded(&store, &key("quiz_fail")).await
    );

    let queue = t.essays_to_grade(&w.teacher, &w.quiz.id).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].attempt_id.as_str(), queue[0].question_id.as_str()),
        (attempt.id.as_str(), w.q(1).as_str())
    );
    assert_code!(
        t.essays_to_grade(&learner, &w.quiz.id).await,
        "IDENTITY_FORBIDDEN"
    );

    // Refusals: the learner, a non-essay, an out-of-range grade, an open attempt.
    assert_code!(
        t.grade_essay_answer(&learner, &attempt.id, &w.q(1), &grade("1"))
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.grade_essay_answer(&w.teacher, &attempt.id, &w.q(0), &grade("1"))
            .await,
        "QUIZ_NOT_AN_ESSAY"
    );
    assert_code!(
        t.grade_essay_answer(&w.teacher, &attempt.id, &w.q(1), &grade("1.5"))
            .await,
        "QUIZ_INVALID_GRADE"
    );
    assert_code!(
        t.grade_essay_answer(&w.teacher, "nope", &w.q(1), &grade("1"))
            .await,
        "NOT_FOUND"
    );
    let other = w.learner("cici").await;
    let open = t.start_attempt(&other, &w.quiz.id).await.unwrap().attempt;
    t.save_answers(
        &other,
        &open.id,
        &[AnswerInput::text(w.q(1), "Belum selesai")],
    )
    .await
    .unwrap();
    assert_code!(
        t.grade_essay_answer(&w.teacher, &open.id, &w.q(1), &grade("1"))
            .await,
        "QUIZ_NOT_SUBMITTED"
    );
    let stored = stored_attempts(&store, &id_of(&learner), &w.quiz.id).await;
    assert_eq!(stored[0].score, None, "refusals changed nothing");

    let graded = t
        .grade_essay_answer(&w.teacher, &attempt.id, &w.q(1), &grade("0.5"))
        .await
        .unwrap();
    assert_eq!(graded.pending_essays, 0);
    assert_eq!(graded.attempt.score, Some(dec("75")), "(1 + 0.5) of 2");
    assert_eq!(graded.attempt.is_passed, Some(true));
    assert_eq!(graded.answer.points_earned, Some(dec("0.5")));
    assert_eq!(graded.answer.ai_feedback.as_deref(), Some("Cukup baik."));
    assert!(
        recorded(&store, &key("quiz_pass")).await,
        "the pass event on the last grade"
    );
    assert!(
        t.essays_to_grade(&w.teacher, &w.quiz.id)
            .await
            .unwrap()
            .is_empty()
    );
    // A second opinion replaces the grade; the pass is not paid twice.
    let regraded = t
        .grade_essay_answer(&w.teacher, &attempt.id, &w.q(1), &grade("1"))
        .await
        .unwrap();
    assert_eq!(regraded.attempt.score, Some(dec("100")));
    let paid = ledger_keys(&store, &id_of(&learner)).await;
    assert_eq!(
        paid.iter().filter(|k| k.starts_with("quiz_pass:")).count(),
        1
    );
}

pub async fn the_essay_grader_grades_after_the_submission_commits(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
        &with_essay(),
    )
    .await;
    let grader = Arc::new(ScriptedGrader::new(w.store(), vec![Ok(grade("1"))]));
    let titan = w.engine_with_grader(grader.clone());
    let learner = w.learner("budi").await;
    let attempt = titan
        .start_attempt(&learner, &w.quiz.id)
        .await
        .unwrap()
        .attempt;
    grader.watch(&attempt.id);
    let answers = [
        AnswerInput::selected(w.q(0), &[0]),
        AnswerInput::text(w.q(1), "Melayani dengan sepenuh hati."),
    ];
    let result = titan
        .submit_attempt(&learner, &attempt.id, &answers)
        .await
        .unwrap();
    assert_eq!(
        grader.calls(),
        vec![true],
        "called once, after the submission committed"
    );
    assert_eq!(result.pending_essays, 0);
    assert_eq!(result.attempt.score, Some(dec("100")));
    assert_eq!(result.attempt.is_passed, Some(true));
    let store = w.store();
    let essay = stored_answers(&store, &attempt.id)
        .await
        .into_iter()
        .find(|a| a.question_id == w.q(1))
        .unwrap();
    assert_eq!(
        (essay.is_correct, essay.ai_feedback.as_deref()),
        (Some(true), Some("Cukup baik."))
    );
    let key = format!("quiz_pass:{}:{}:{}", id_of(&learner), w.quiz.id, attempt.id);
    assert!(recorded(&store, &key).await);
}

pub async fn a_grader_failure_leaves_the_essay_pending(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
        &with_essay(),
    )
    .await;
    let grader = Arc::new(ScriptedGrader::new(
        w.store(),
        vec![
            Err(GraderError {
                reason: "model unavailable".into(),
            }),
            Ok(grade("2")),
        ],
    ));
    let titan = w.engine_with_grader(grader.clone());
    let store = w.store();
    for name in ["budi", "cici"] {
        let learner = w.learner(name).await;
        let attempt = titan
            .start_attempt(&learner, &w.quiz.id)
            .await
            .unwrap()
            .attempt;
        let answers = [
            AnswerInput::selected(w.q(0), &[0]),
            AnswerInput::text(w.q(1), "Jawaban."),
        ];
        let result = titan
            .submit_attempt(&learner, &attempt.id, &answers)
            .await
            .unwrap();
        assert_eq!(result.pending_essays, 1, "{name}: still pending");
        assert_eq!(result.attempt.score, None);
        let essay = stored_answers(&store, &attempt.id)
            .await
            .into_iter()
            .find(|a| a.question_id == w.q(1))
            .unwrap();
        assert_eq!((essay.is_correct, essay.points_earned), (None, None));
    }
    assert_eq!(
        grader.calls().len(),
        2,
        "an error, then a grade out of range"
    );
    assert_eq!(
        titan
            .essays_to_grade(&w.teacher, &w.quiz.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

/// An attempt answering question 1 "Benar" and question 2 with `second`.
async fn sit_two(w: &QuizWorld, who: &Actor, second: u32) -> QuizAttempt {
    let t = &w.fx.titan;
    let attempt = t.start_attempt(who, &w.quiz.id).await.unwrap().attempt;
    let answers = [
        AnswerInput::selected(w.q(0), &[0]),
        AnswerInput::selected(w.q(1), &[second]),
    ];
    t.submit_attempt(who, &attempt.id, &answers)
        .await
        .unwrap()
        .attempt
}

pub async fn a_regrade_previews_then_applies_and_pays_new_passes_once(store: Arc<dyn Store>) {
    // The key of question 2 is wrong: "Salah" (index 1) is right.
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
        &true_statements(2),
    )
    .await;
    let t = &w.fx.titan;
    let (a, b) = (w.learner("budi").await, w.learner("cici").await);
    let a1 = sit_two(&w, &a, 1).await;
    let b1 = sit_two(&w, &b, 0).await;
    assert_eq!((a1.score, b1.score), (Some(dec("50")), Some(dec("100"))));

    t.update_question(
        &w.teacher,
        &w.q(1),
        &QuestionInput::true_false("Pernyataan 2 benar?", false),
    )
    .await
    .unwrap();
    assert_code!(
        t.preview_regrade(&a, &w.quiz.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(t.apply_regrade(&a, &w.quiz.id).await, "IDENTITY_FORBIDDEN");
    let preview = t.preview_regrade(&w.teacher, &w.quiz.id).await.unwrap();
    assert!(!preview.applied);
    let changes: Vec<_> = preview
        .changes
        .iter()
        .map(|c| (c.attempt_id.clone(), c.old_score, c.new_score, c.new_passed))
        .collect();
    assert_eq!(
        changes,
        vec![
            (a1.id.clone(), Some(dec("50")), Some(dec("100")), Some(true)),
            (
                b1.id.clone(),
                Some(dec("100")),
                Some(dec("50")),
                Some(false)
            ),
        ]
    );
    let store = w.store();
    assert_eq!(
        stored_attempts(&store, &id_of(&a), &w.quiz.id).await,
        vec![a1.clone()],
        "a dry run writes nothing"
    );

    let applied = t.apply_regrade(&w.teacher, &w.quiz.id).await.unwrap();
    assert!(applied.applied);
    assert_eq!(applied.changes, preview.changes);
    let a_now = stored_attempts(&store, &id_of(&a), &w.quiz.id).await;
    assert_eq!(
        (a_now[0].score, a_now[0].is_passed),
        (Some(dec("100")), Some(true))
    );
    let b_now = stored_attempts(&store, &id_of(&b), &w.quiz.id).await;
    assert_eq!(
        (b_now[0].score, b_now[0].is_passed),
        (Some(dec("50")), Some(false))
    );
    let answer = stored_answers(&store, &a1.id)
        .await
        .into_iter()
        .find(|x| x.question_id == w.q(1))
        .unwrap();
    assert_eq!(
        answer.is_correct,
        Some(true),
        "answer rows follow the new key"
    );
    let key = format!("quiz_pass:{}:{}:{}", id_of(&a), w.quiz.id, a1.id);
    assert!(recorded(&store, &key).await, "a new pass is an event");
    let paid = |keys: Vec<String>| keys.iter().filter(|k| k.starts_with("quiz_pass:")).count();
    assert_eq!(paid(ledger_keys(&store, &id_of(&a)).await), 1);
    assert_eq!(
        paid(ledger_keys(&store, &id_of(&b)).await),
        1,
        "earned before, kept"
    );

    let again = t.apply_regrade(&w.teacher, &w.quiz.id).await.unwrap();
    assert!(again.changes.is_empty(), "nothing left to change");
    assert_eq!(
        paid(ledger_keys(&store, &id_of(&a)).await),
        1,
        "never paid twice"
    );
}
