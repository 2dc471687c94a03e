//! Authoring quizzes and questions.

use std::sync::Arc;

use serde_json::json;

use crate::app::{AnswerInput, LessonInput, QuestionInput, QuizInput};
use crate::assert_code;
use crate::model::{ContentType, QuestionType, QuizType};
use crate::ports::Store;

use super::{QuizWorld, dec, stored_attempts, true_statements};

pub async fn quizzes_are_validated_and_only_editors_author_them(store: Arc<dyn Store>) {
    let w = QuizWorld::new(store, QuizInput::new("Pre-test", QuizType::PreTest), &[]).await;
    let (fx, module) = (&w.fx, w.course.module.id.clone());
    let count = || async {
        fx.titan
            .course_outline(&w.teacher, &w.course.course.id)
            .await
            .unwrap()
            .modules[0]
            .quizzes
            .len()
    };
    let with = |f: fn(&mut QuizInput)| {
        let mut input = QuizInput::new("Post-test", QuizType::PostTest);
        f(&mut input);
        input
    };
    let t = &fx.titan;
    assert_code!(
        t.create_quiz(&w.teacher, &module, &with(|q| q.title = "  ".into()))
            .await,
        "VALIDATION_REQUIRED"
    );
    assert_code!(
        t.create_quiz(&w.teacher, &module, &with(|q| q.passing_score = 101))
            .await,
        "VALIDATION_OUT_OF_RANGE"
    );
    assert_code!(
        t.create_quiz(&w.teacher, &module, &with(|q| q.passing_score = -1))
            .await,
        "VALIDATION_OUT_OF_RANGE"
    );
    assert_code!(
        t.create_quiz(&w.teacher, &module, &with(|q| q.time_limit = Some(0)))
            .await,
        "VALIDATION_OUT_OF_RANGE"
    );
    assert_code!(
        t.create_quiz(&w.teacher, &module, &with(|q| q.penalty = dec("1.5")))
            .await,
        "QUIZ_INVALID_PENALTY"
    );
    let learner = w.learner("budi").await;
    let other = fx.instructor("guru2").await;
    let input = with(|_| {});
    assert_code!(
        t.create_quiz(&learner, &module, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.create_quiz(&other, &module, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.create_quiz(&w.teacher, "no-module", &input).await,
        "NOT_FOUND"
    );
    assert_eq!(count().await, 1, "refusals wrote nothing");

    let quiz = t
        .create_quiz(
            &w.teacher,
            &module,
            &with(|q| {
                q.max_attempts = Some(-1);
                q.time_limit = Some(30);
                q.penalty = dec("0.25");
            }),
        )
        .await
        .unwrap();
    assert_eq!(quiz.max_attempts, None, "≤ 0 is stored as unlimited");
    assert_eq!((quiz.time_limit, quiz.penalty), (Some(30), dec("0.25")));
    assert_eq!(quiz.quiz_type, QuizType::PostTest);
    assert_eq!(count().await, 2);

    let updated = t
        .update_quiz(
            &fx.admin,
            &quiz.id,
            &with(|q| {
                q.title = "Post-test akhir".into();
                q.max_attempts = Some(3);
                q.passing_score = 80;
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            updated.title.as_str(),
            updated.max_attempts,
            updated.passing_score
        ),
        ("Post-test akhir", Some(3), 80)
    );
    assert_code!(
        t.update_quiz(&other, &quiz.id, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.update_quiz(&w.teacher, &quiz.id, &with(|q| q.passing_score = 200))
            .await,
        "VALIDATION_OUT_OF_RANGE"
    );
    assert_code!(t.update_quiz(&w.teacher, "nope", &input).await, "NOT_FOUND");
    assert_code!(
        t.quiz_detail(&learner, &quiz.id).await,
        "IDENTITY_FORBIDDEN"
    );
    let detail = t.quiz_detail(&w.teacher, &quiz.id).await.unwrap();
    assert_eq!(detail.quiz, updated, "a refused update changed nothing");
}

pub async fn question_options_and_points_are_validated(store: Arc<dyn Store>) {
    let w = QuizWorld::new(store, QuizInput::new("Kuis", QuizType::KnowledgeCheck), &[]).await;
    let t = &w.fx.titan;
    let quiz = w.quiz.id.clone();
    let refused = [
        (
            QuestionInput::choice("Satu pilihan?", &[("A", true)]),
            "QUIZ_INVALID_OPTIONS",
        ),
        (
            QuestionInput::choice("Tanpa kunci?", &[("A", false), ("B", false)]),
            "QUIZ_INVALID_OPTIONS",
        ),
        (
            QuestionInput {
                options: Some(json!([{"text": "Benar", "isCorrect": true}])),
                ..QuestionInput::new(QuestionType::TrueFalse, "Benar atau salah?")
            },
            "QUIZ_INVALID_OPTIONS",
        ),
        (
            QuestionInput::new(QuestionType::MultipleChoice, "Tanpa pilihan?"),
            "QUIZ_INVALID_OPTIONS",
        ),
        (
            QuestionInput::new(QuestionType::ShortAnswer, "Tanpa jawaban?"),
            "QUIZ_INVALID_OPTIONS",
        ),
        (
            QuestionInput {
                points: dec("-1"),
                ..QuestionInput::true_false("Poin negatif?", true)
            },
            "QUIZ_INVALID_POINTS",
        ),
        (
            QuestionInput::true_false("   ", true),
            "VALIDATION_REQUIRED",
        ),
    ];
    for (input, code) in &refused {
        assert_code!(t.create_question(&w.teacher, &quiz, input).await, *code);
    }
    let learner = w.learner("budi").await;
    assert_code!(
        t.create_question(&learner, &quiz, &QuestionInput::true_false("Boleh?", true))
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        t.create_question(&w.teacher, "nope", &QuestionInput::true_false("?", true))
            .await,
        "NOT_FOUND"
    );
    assert!(
        t.quiz_detail(&w.teacher, &quiz)
            .await
            .unwrap()
            .questions
            .is_empty(),
        "refusals wrote nothing"
    );

    // The legacy option shape, a short answer by model answer, an essay, zero points.
    let legacy = t
        .create_question(
            &w.teacher,
            &quiz,
            &QuestionInput {
                options: Some(json!({"choices": ["3", "4"], "correctIndex": 1})),
                ..QuestionInput::new(QuestionType::MultipleChoice, "2 + 2 = ?")
            },
        )
        .await
        .unwrap();
    assert_eq!(legacy.order, 1);
    let short = QuestionInput {
        model_answer: Some("Pancasila".into()),
        ..QuestionInput::new(QuestionType::ShortAnswer, "Dasar negara?")
    };
    t.create_question(&w.teacher, &quiz, &short).await.unwrap();
    let essay = QuestionInput {
        points: dec("0"),
        ..QuestionInput::new(QuestionType::Essay, "Jelaskan nilai BerAKHLAK.")
    };
    let essay = t.create_question(&w.teacher, &quiz, &essay).await.unwrap();
    assert_eq!(essay.points, dec("0"));
    assert_code!(
        t.update_question(
            &w.teacher,
            &legacy.id,
            &QuestionInput::choice("Satu?", &[("A", true)])
        )
        .await,
        "QUIZ_INVALID_OPTIONS"
    );
    assert_code!(
        t.update_question(&w.teacher, "nope", &short).await,
        "NOT_FOUND"
    );
    assert_code!(
        t.update_question(&learner, &legacy.id, &short).await,
        "IDENTITY_FORBIDDEN"
    );
    let detail = t.quiz_detail(&w.teacher, &quiz).await.unwrap();
    assert_eq!(
        detail.questions[0], legacy,
        "a refused update changed nothing"
    );
}

pub async fn questions_keep_a_dense_order_and_spread_points(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Kuis", QuizType::KnowledgeCheck),
        &true_statements(3),
    )
    .await;
    let t = &w.fx.titan;
    let ids = |qs: &[crate::model::Question]| {
        qs.iter()
            .map(|q| (q.id.clone(), q.order))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        w.questions.iter().map(|q| q.order).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let moved = t.reorder_question(&w.teacher, &w.q(2), 1).await.unwrap();
    assert_eq!(
        ids(&moved),
        [(w.q(2), 1), (w.q(0), 2), (w.q(1), 3)],
        "moved first, the others follow densely"
    );
    assert_code!(
        t.reorder_question(&w.teacher, &w.q(0), 4).await,
        "CATALOG_POSITION_OUT_OF_RANGE"
    );
    let learner = w.learner("budi").await;
    assert_code!(
        t.reorder_question(&learner, &w.q(0), 1).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(t.reorder_question(&w.teacher, "nope", 1).await, "NOT_FOUND");
    assert_code!(t.spread_quiz_points(&w.teacher, "nope").await, "NOT_FOUND");

    let spread = t.spread_quiz_points(&w.teacher, &w.quiz.id).await.unwrap();
    assert_eq!(
        spread.iter().map(|q| q.points).collect::<Vec<_>>(),
        [dec("34"), dec("33"), dec("33")],
        "floor(100/3), the first in order gets the extra point"
    );
    assert_eq!(spread[0].id, w.q(2));
    assert_code!(
        t.spread_quiz_points(&learner, &w.quiz.id).await,
        "IDENTITY_FORBIDDEN"
    );

    let left = t.delete_question(&w.teacher, &w.q(0)).await.unwrap();
    assert_eq!(ids(&left), [(w.q(2), 1), (w.q(1), 2)]);
    assert_code!(
        t.delete_question(&learner, &w.q(1)).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(t.delete_question(&w.teacher, &w.q(0)).await, "NOT_FOUND");
    let spread = t.spread_quiz_points(&w.teacher, &w.quiz.id).await.unwrap();
    assert_eq!(
        spread.iter().map(|q| q.points).collect::<Vec<_>>(),
        [dec("50"), dec("50")]
    );
}

pub async fn a_linked_quiz_cannot_be_deleted_and_deleting_cascades(store: Arc<dyn Store>) {
    let w = QuizWorld::new(
        store,
        QuizInput::new("Post-test", QuizType::PostTest),
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
                ..LessonInput::new("Kuis akhir", ContentType::Quiz)
            },
        )
        .await
        .unwrap();
    let learner = w.learner("budi").await;
    let started = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    t.submit_attempt(
        &learner,
        &started.attempt.id,
        &[AnswerInput::selected(w.q(0), &[0])],
    )
    .await
    .unwrap();

    assert_code!(
        t.delete_quiz(&w.teacher, &w.quiz.id).await,
        "QUIZ_LINKED_TO_LESSON"
    );
    assert_code!(
        t.delete_quiz(&learner, &w.quiz.id).await,
        "IDENTITY_FORBIDDEN"
    );
    let store = w.store();
    let user = super::id_of(&learner);
    assert_eq!(stored_attempts(&store, &user, &w.quiz.id).await.len(), 1);

    t.delete_lesson(&w.teacher, &lesson.id).await.unwrap();
    t.delete_quiz(&w.teacher, &w.quiz.id).await.unwrap();
    assert_code!(t.quiz_detail(&w.teacher, &w.quiz.id).await, "NOT_FOUND");
    assert!(
        stored_attempts(&store, &user, &w.quiz.id).await.is_empty(),
        "attempts go with the quiz"
    );
    assert!(
        super::stored_answers(&store, &started.attempt.id)
            .await
            .is_empty()
    );
    assert_code!(t.delete_quiz(&w.teacher, &w.quiz.id).await, "NOT_FOUND");
}

pub async fn an_edit_that_orphans_a_submitted_selection_is_refused(store: Arc<dyn Store>) {
    let three = QuestionInput::choice("Pilih satu", &[("A", true), ("B", false), ("C", false)]);
    let w = QuizWorld::new(
        store,
        QuizInput::new("Kuis", QuizType::KnowledgeCheck),
        std::slice::from_ref(&three),
    )
    .await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let started = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    t.submit_attempt(
        &learner,
        &started.attempt.id,
        &[AnswerInput::selected(w.q(0), &[2])],
    )
    .await
    .unwrap();
    let two = QuestionInput::choice("Pilih satu", &[("A", true), ("B", false)]);
    assert_code!(
        t.update_question(&w.teacher, &w.q(0), &two).await,
        "QUIZ_INVALID_SELECTION"
    );
    let detail = t.quiz_detail(&w.teacher, &w.quiz.id).await.unwrap();
    assert_eq!(detail.questions, w.questions, "nothing changed");
    // Re-keying without removing the option is fine.
    let rekeyed = QuestionInput::choice("Pilih satu", &[("A", false), ("B", false), ("C", true)]);
    t.update_question(&w.teacher, &w.q(0), &rekeyed)
        .await
        .unwrap();
}
