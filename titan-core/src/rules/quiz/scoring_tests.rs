#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::*;
use crate::rules::quiz::test_support::*;

fn policy() -> QuizPolicy {
    QuizPolicy::default()
}

fn score(questions: &[Question], answers: &[QuestionAnswer]) -> AttemptScore {
    score_attempt(&quiz(), questions, answers, &policy()).unwrap()
}

fn fraction_with(
    mode: MultiSelectMode,
    question: &Question,
    selection: serde_json::Value,
) -> Decimal {
    let policy = QuizPolicy {
        multi_select_mode: mode,
        ..QuizPolicy::default()
    };
    let result = score_attempt(
        &quiz(),
        std::slice::from_ref(question),
        &[selected(&question.id, selection)],
        &policy,
    )
    .unwrap();
    result.questions[0].fraction.unwrap()
}

#[test]
fn true_false_and_single_choice_are_all_or_nothing() {
    let questions = [
        true_false("q1", 0),
        choice("q2", 4, &[2]),
        choice("q3", 4, &[2]),
    ];
    let answers = [
        selected("q1", json!([0])),
        selected("q2", json!(2)),
        selected("q3", json!([1])),
    ];
    let s = score(&questions, &answers);
    let fractions: Vec<_> = s.questions.iter().map(|r| r.fraction).collect();
    assert_eq!(
        fractions,
        [Some(Decimal::ONE), Some(Decimal::ONE), Some(Decimal::ZERO)]
    );
    assert_eq!(s.score, Some(dec!(66.67)));
    assert_eq!(s.is_passed, Some(false));
    assert_eq!(s.questions[2].is_correct, Some(false));
}

#[test]
fn two_picks_on_a_single_answer_question_are_wrong() {
    let q = choice("q", 3, &[0]);
    assert_eq!(
        fraction_with(MultiSelectMode::Partial, &q, json!([0, 1])),
        Decimal::ZERO
    );
}

#[test]
fn multiple_answers_partial_as_moodle() {
    // c = 2 correct (0, 1), w = 2 wrong (2, 3).
    let q = choice("q", 4, &[0, 1]);
    let m = MultiSelectMode::Partial;
    assert_eq!(fraction_with(m, &q, json!([0, 1])), Decimal::ONE);
    assert_eq!(fraction_with(m, &q, json!([0])), dec!(0.5));
    assert_eq!(fraction_with(m, &q, json!([0, 2])), Decimal::ZERO);
    assert_eq!(fraction_with(m, &q, json!([0, 1, 2])), dec!(0.5));
    assert_eq!(fraction_with(m, &q, json!([2, 3])), Decimal::ZERO);
    assert_eq!(fraction_with(m, &q, json!([0, 1, 2, 3])), Decimal::ZERO);
    // c = 3, w = 1: one right → 1/3.
    let q = choice("q", 4, &[0, 1, 2]);
    assert_eq!(fraction_with(m, &q, json!([0])), dec!(0.3333));
}

#[test]
fn multiple_answers_with_no_wrong_option() {
    let q = choice("q", 3, &[0, 1, 2]);
    for mode in [
        MultiSelectMode::Partial,
        MultiSelectMode::RightMinusWrong,
        MultiSelectMode::AllOrNothing,
    ] {
        assert_eq!(fraction_with(mode, &q, json!([0, 1, 2])), Decimal::ONE);
    }
    assert_eq!(
        fraction_with(MultiSelectMode::Partial, &q, json!([0])),
        dec!(0.3333)
    );
    assert_eq!(
        fraction_with(MultiSelectMode::AllOrNothing, &q, json!([0])),
        Decimal::ZERO
    );
}

#[test]
fn multiple_answers_right_minus_wrong_and_all_or_nothing() {
    let q = choice("q", 5, &[0, 1, 2]);
    let rmw = MultiSelectMode::RightMinusWrong;
    assert_eq!(fraction_with(rmw, &q, json!([0, 1, 3])), dec!(0.3333));
    assert_eq!(fraction_with(rmw, &q, json!([0, 3, 4])), Decimal::ZERO);
    assert_eq!(fraction_with(rmw, &q, json!([0, 1, 2])), Decimal::ONE);
    let aon = MultiSelectMode::AllOrNothing;
    assert_eq!(fraction_with(aon, &q, json!([0, 1, 2])), Decimal::ONE);
    assert_eq!(fraction_with(aon, &q, json!([0, 1, 2, 3])), Decimal::ZERO);
    assert_eq!(fraction_with(aon, &q, json!([0, 1])), Decimal::ZERO);
}

#[test]
fn short_answers_normalise_and_take_wildcards() {
    let q = short_answer("q", &["Bhinneka Tunggal Ika", "bhineka*"]);
    let cases = [
        ("  bhinneka   TUNGGAL ika ", true),
        ("ＢＨＩＮＮＥＫＡ tunggal ika", true),
        ("Bhineka saja", true),
        ("Pancasila", false),
    ];
    for (text, right) in cases {
        let s = score(std::slice::from_ref(&q), &[typed("q", text)]);
        assert_eq!(s.questions[0].is_correct, Some(right), "{text}");
    }
}

#[test]
fn short_answers_may_keep_case() {
    let q = short_answer("q", &["NKRI"]);
    let policy = QuizPolicy {
        short_answer_case_sensitive: true,
        ..QuizPolicy::default()
    };
    let s = score_attempt(
        &quiz(),
        std::slice::from_ref(&q),
        &[typed("q", "nkri")],
        &policy,
    )
    .unwrap();
    assert_eq!(s.questions[0].is_correct, Some(false));
    let s = score_attempt(
        &quiz(),
        std::slice::from_ref(&q),
        &[typed("q", " NKRI ")],
        &policy,
    )
    .unwrap();
    assert_eq!(s.questions[0].is_correct, Some(true));
}

#[test]
fn short_answers_fall_back_to_the_model_answer() {
    let mut q = question("q", QuestionType::ShortAnswer, serde_json::Value::Null);
    q.model_answer = Some("Undang-Undang *".into());
    let s = score(
        std::slice::from_ref(&q),
        &[typed("q", "undang-undang dasar")],
    );
    assert_eq!(s.score, Some(Decimal::ONE_HUNDRED));
    let blank = score(std::slice::from_ref(&q), &[typed("q", "   ")]);
    assert!(!blank.questions[0].answered);
}

#[test]
fn essays_are_pending_until_graded() {
    let questions = [true_false("q1", 0), essay("e1")];
    let mut answers = vec![selected("q1", json!([0])), typed("e1", "Menurut saya ...")];
    let s = score(&questions, &answers);
    assert!(s.pending);
    assert_eq!((s.score, s.is_passed), (None, None));
    assert!(s.questions[1].pending);
    assert_eq!(s.questions[1].is_correct, None);

    let grade = EssayGrade {
        fraction: dec!(0.5),
        feedback: Some("Cukup".into()),
    };
    answers[1] = grade_essay(&questions[1], &answers[1], &grade).unwrap();
    assert_eq!(answers[1].ai_feedback.as_deref(), Some("Cukup"));
    let s = score(&questions, &answers);
    assert!(!s.pending);
    assert_eq!(s.score, Some(dec!(75)));
    assert_eq!(s.is_passed, Some(true));
}

#[test]
fn legacy_essay_rows_with_zero_points_stay_pending() {
    // The app stored pointsEarned 0 and isCorrect null for an essay it never graded.
    let mut answer = typed("e1", "jawaban");
    answer.points_earned = Some(Decimal::ZERO);
    let s = score(&[essay("e1")], &[answer]);
    assert!(s.pending);
}

#[test]
fn a_blank_essay_earns_zero_without_waiting() {
    let s = score(
        &[essay("e1"), true_false("q1", 0)],
        &[selected("q1", json!(0))],
    );
    assert!(!s.pending);
    assert_eq!(s.score, Some(dec!(50)));
}

#[test]
fn essay_grades_outside_zero_to_one_are_refused() {
    let e = essay("e1");
    let answer = typed("e1", "x");
    for bad in [dec!(-0.1), dec!(1.01)] {
        let grade = EssayGrade {
            fraction: bad,
            feedback: None,
        };
        assert_eq!(
            grade_essay(&e, &answer, &grade),
            Err(QuizError::InvalidGrade { fraction: bad })
        );
    }
    let grade = EssayGrade {
        fraction: Decimal::ONE,
        feedback: None,
    };
    assert!(matches!(
        grade_essay(&true_false("q", 0), &answer, &grade),
        Err(QuizError::NotAnEssay { .. })
    ));
}

#[test]
fn negative_marking_costs_wrong_single_answers_only() {
    let mut quiz = quiz();
    quiz.penalty = dec!(0.25);
    let mut questions = vec![
        true_false("q1", 0),
        choice("q2", 4, &[1]),
        choice("q3", 4, &[0, 1]),
        true_false("q4", 0),
    ];
    questions[1].points = dec!(2);
    let answers = [
        selected("q1", json!([1])), // wrong TF: −0.25
        selected("q2", json!([0])), // wrong single MC: −0.5
        selected("q3", json!([2])), // wrong multi: no penalty
                                    // q4 unanswered: no penalty
    ];
    let s = score_attempt(&quiz, &questions, &answers, &policy()).unwrap();
    let penalties: Vec<_> = s.questions.iter().map(|r| r.penalty).collect();
    assert_eq!(
        penalties,
        [dec!(0.25), dec!(0.5), Decimal::ZERO, Decimal::ZERO]
    );
    assert_eq!(s.questions[0].points_earned, Some(dec!(-0.25)));
    // The total never goes below 0.
    assert_eq!(s.earned, Decimal::ZERO);
    assert_eq!(s.score, Some(Decimal::ZERO));

    let answers = [
        selected("q1", json!([0])),
        selected("q2", json!([1])),
        selected("q3", json!([0, 1])),
        selected("q4", json!([1])),
    ];
    let s = score_attempt(&quiz, &questions, &answers, &policy()).unwrap();
    // q4 is wrong: 1 + 2 + 1 − 0.25 of 5.
    assert_eq!(s.earned, dec!(3.75));
    assert_eq!(s.score, Some(dec!(75)));
}

#[test]
fn a_penalty_outside_zero_to_one_is_refused() {
    let mut quiz = quiz();
    quiz.penalty = dec!(1.5);
    assert_eq!(
        score_attempt(&quiz, &[], &[], &policy()),
        Err(QuizError::InvalidPenalty { penalty: dec!(1.5) })
    );
}

#[test]
fn negative_or_huge_points_are_refused() {
    for bad in [dec!(-1), dec!(1000001)] {
        let mut q = true_false("q", 0);
        q.points = bad;
        assert!(matches!(
            score_attempt(&quiz(), &[q], &[], &policy()),
            Err(QuizError::InvalidPoints { .. })
        ));
    }
}

#[test]
fn unanswered_questions_count_in_the_denominator() {
    let questions = [
        true_false("q1", 0),
        true_false("q2", 0),
        true_false("q3", 0),
        true_false("q4", 0),
    ];
    let answers = [selected("q1", json!([0])), selected("q2", json!([0]))];
    let s = score(&questions, &answers);
    assert_eq!((s.possible, s.score), (dec!(4), Some(dec!(50))));
    // Legacy: answered questions only.
    let s = score_attempt(&quiz(), &questions, &answers, &QuizPolicy::legacy()).unwrap();
    assert_eq!((s.possible, s.score), (dec!(2), Some(dec!(100))));
}

#[test]
fn exactly_at_the_pass_mark_passes() {
    let questions: Vec<_> = (0..10).map(|i| true_false(&format!("q{i}"), 0)).collect();
    let answers: Vec<_> = (0..7)
        .map(|i| selected(&format!("q{i}"), json!([0])))
        .collect();
    let s = score(&questions, &answers);
    assert_eq!((s.score, s.is_passed), (Some(dec!(70)), Some(true)));
}

#[test]
fn no_points_means_a_score_of_zero() {
    let s = score(&[], &[]);
    assert_eq!(
        (s.possible, s.score, s.is_passed),
        (Decimal::ZERO, Some(Decimal::ZERO), Some(false))
    );
    let mut pre = quiz();
    pre.passing_score = 0;
    let s = score_attempt(&pre, &[], &[], &policy()).unwrap();
    assert_eq!(s.is_passed, Some(true));
}

#[test]
fn answers_in_any_order_and_the_first_duplicate_wins() {
    let questions = [
        true_false("q1", 0),
        true_false("q2", 0),
        true_false("q3", 0),
    ];
    let answers = [
        selected("q3", json!([0])),
        selected("other-quiz", json!([9])),
        selected("q1", json!([0])),
        selected("q1", json!([1])),
    ];
    let s = score(&questions, &answers);
    let correct: Vec<_> = s.questions.iter().map(|r| r.is_correct).collect();
    assert_eq!(correct, [Some(true), Some(false), Some(true)]);
    assert!(!s.questions[1].answered);
}

#[test]
fn a_bad_selection_is_refused() {
    let err = score_attempt(
        &quiz(),
        &[true_false("q1", 0)],
        &[selected("q1", json!([2]))],
        &policy(),
    );
    assert_eq!(
        err,
        Err(QuizError::InvalidSelection {
            question_id: "q1".into(),
            value: "2".into(),
            option_count: 2
        })
    );
}

#[test]
fn malformed_options_are_refused() {
    let q = question(
        "q1",
        QuestionType::MultipleChoice,
        json!({"choices": ["A"], "correctIndex": 3}),
    );
    assert!(matches!(
        score_attempt(&quiz(), &[q], &[], &policy()),
        Err(QuizError::InvalidOptions { .. })
    ));
}
