//! Invariants: scores stay in 0..100 whatever the answers, shuffles are stable permutations,
//! aggregates lie between the graded scores.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::test_support::*;
use super::*;
use crate::model::{Question, QuestionAnswer, QuizAttempt};

fn any_question() -> impl Strategy<Value = Question> {
    let tf = (0usize..2).prop_map(|c| true_false("", c));
    let mc = (2usize..6, prop::collection::vec(any::<bool>(), 6)).prop_map(|(n, flags)| {
        let mut correct: Vec<usize> = (0..n).filter(|&i| flags.get(i) == Some(&true)).collect();
        if correct.is_empty() {
            correct.push(0);
        }
        choice("", n, &correct)
    });
    let sa = "[a-c*]{1,4}".prop_map(|p| short_answer("", &[p.as_str()]));
    let es = Just(essay(""));
    (prop_oneof![tf, mc, sa, es], 0u32..5).prop_map(|(mut q, points)| {
        q.points = Decimal::from(points);
        q
    })
}

fn any_selection() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        (0u64..6).prop_map(|i| json!(i)),
        prop::collection::vec(0u64..6, 0..5).prop_map(|v| json!(v)),
    ]
}

fn any_answer() -> impl Strategy<Value = Option<(Value, Option<String>, Option<bool>)>> {
    prop::option::of((
        any_selection(),
        prop::option::of("[a-cA-C ]{0,5}"),
        prop::option::of(any::<bool>()),
    ))
}

fn any_policy() -> impl Strategy<Value = QuizPolicy> {
    (0usize..3, any::<bool>(), any::<bool>()).prop_map(|(mode, case, answered_only)| QuizPolicy {
        multi_select_mode: [
            MultiSelectMode::Partial,
            MultiSelectMode::RightMinusWrong,
            MultiSelectMode::AllOrNothing,
        ][mode],
        short_answer_case_sensitive: case,
        score_denominator: if answered_only {
            ScoreDenominator::AnsweredOnly
        } else {
            ScoreDenominator::AllQuestions
        },
        ..QuizPolicy::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn score_is_always_within_0_and_100(
        questions in prop::collection::vec(any_question(), 0..8),
        answers in prop::collection::vec(any_answer(), 8),
        penalty in 0u32..=4,
        policy in any_policy(),
    ) {
        let questions: Vec<Question> = questions
            .into_iter()
            .enumerate()
            .map(|(i, mut q)| { q.id = format!("q{i}"); q })
            .collect();
        let answers: Vec<QuestionAnswer> = answers
            .into_iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let (selection, text, graded) = a?;
                let mut answer = selected(&format!("q{i}"), selection);
                answer.answer = text;
                answer.is_correct = graded;
                answer.points_earned = graded.map(|_| Decimal::ONE);
                Some(answer)
            })
            .collect();
        let mut quiz = quiz();
        quiz.penalty = Decimal::new(i64::from(penalty), 2) * Decimal::from(25);
        // Out-of-range selections are refused, never a panic; everything else scores in range.
        if let Ok(s) = score_attempt(&quiz, &questions, &answers, &policy) {
            prop_assert!(s.earned >= Decimal::ZERO);
            if let Some(score) = s.score {
                prop_assert!(score >= Decimal::ZERO && score <= Decimal::ONE_HUNDRED);
                prop_assert_eq!(s.is_passed, Some(score >= Decimal::from(quiz.passing_score)));
            } else {
                prop_assert!(s.pending && s.is_passed.is_none());
            }
            for r in &s.questions {
                if let Some(f) = r.fraction {
                    prop_assert!(f >= Decimal::ZERO && f <= Decimal::ONE);
                }
            }
        }
    }

    #[test]
    fn shuffle_is_a_stable_permutation(key in ".{0,40}", n in 0usize..200) {
        let order = shuffle_order(&key, n);
        prop_assert_eq!(&order, &shuffle_order(&key, n));
        let mut sorted = order.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        for (displayed, &original) in order.iter().enumerate() {
            prop_assert_eq!(to_displayed(&order, original), Some(displayed));
        }
    }

    #[test]
    fn aggregate_lies_between_the_graded_scores(
        scores in prop::collection::vec(prop::option::of(0u32..=10000), 0..12),
        grading in 0usize..4,
    ) {
        let grading = [
            AttemptGrading::Highest,
            AttemptGrading::Last,
            AttemptGrading::First,
            AttemptGrading::Average,
        ][grading];
        let attempts: Vec<QuizAttempt> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| QuizAttempt {
                submitted_at: s.map(|_| at(59, 0)),
                score: s.map(|s| Decimal::new(i64::from(s), 2)),
                ..attempt(&format!("a{i}"), at(u32::try_from(i).unwrap_or(0), 0))
            })
            .collect();
        let graded: Vec<Decimal> = attempts.iter().filter_map(|a| a.score).collect();
        match aggregate_attempts(&attempts, grading) {
            None => prop_assert!(graded.is_empty()),
            Some(agg) => {
                let min = graded.iter().min().copied().unwrap();
                let max = graded.iter().max().copied().unwrap();
                prop_assert!(agg.score >= min && agg.score <= max);
                prop_assert_eq!(agg.graded_attempts, graded.len());
                if grading == AttemptGrading::Highest {
                    prop_assert_eq!(agg.score, max);
                }
            }
        }
    }
}
