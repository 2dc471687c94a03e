//! Enrolment progress and completion criteria, from one learner's facts for one course.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{DeliveryMode, QuizType};
use crate::rules::common::{percent, round_dp};

use super::{ProgressItems, ProgressPolicy, ProgressWeighting};

/// One lesson of the course, for one learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonFact {
    /// The lesson.
    pub lesson_id: String,
    /// Its `duration` in seconds, if known.
    #[serde(default)]
    pub duration_seconds: Option<i32>,
    /// Whether the learner completed it (`Progress.isCompleted`).
    #[serde(default)]
    pub completed: bool,
}

impl LessonFact {
    /// A lesson fact.
    #[must_use]
    pub fn new(
        lesson_id: impl Into<String>,
        duration_seconds: Option<i32>,
        completed: bool,
    ) -> Self {
        Self {
            lesson_id: lesson_id.into(),
            duration_seconds,
            completed,
        }
    }
}

/// One quiz of the course, for one learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizFact {
    /// The quiz.
    pub quiz_id: String,
    /// PRE_TEST, POST_TEST or KNOWLEDGE_CHECK.
    pub quiz_type: QuizType,
    /// Its duration in seconds (e.g. `timeLimit` × 60), if known; used by `by_duration`.
    #[serde(default)]
    pub duration_seconds: Option<i32>,
    /// Whether the learner has a submitted attempt.
    #[serde(default)]
    pub submitted: bool,
    /// Whether an attempt that counts has passed.
    #[serde(default)]
    pub passed: bool,
}

impl QuizFact {
    /// A quiz fact without a duration.
    #[must_use]
    pub fn new(
        quiz_id: impl Into<String>,
        quiz_type: QuizType,
        submitted: bool,
        passed: bool,
    ) -> Self {
        Self {
            quiz_id: quiz_id.into(),
            quiz_type,
            duration_seconds: None,
            submitted,
            passed,
        }
    }

    /// Whether this quiz counts as done: a PRE_TEST once submitted, a POST_TEST once passed,
    /// a KNOWLEDGE_CHECK never gates anything (`None`).
    #[must_use]
    pub fn done(&self) -> Option<bool> {
        match self.quiz_type {
            QuizType::PreTest => Some(self.submitted || self.passed),
            QuizType::PostTest => Some(self.passed),
            QuizType::KnowledgeCheck => None,
        }
    }
}

/// Everything progress and completion need about one learner in one course. A use case builds
/// it from the course's lessons and quizzes and that learner's progress rows, best attempts
/// and attendance rate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EnrollmentFacts {
    /// The course's delivery mode (ON_CLASSROOM and HYBRID need attendance).
    pub delivery_mode: DeliveryMode,
    /// Every lesson of the course.
    pub lessons: Vec<LessonFact>,
    /// Every quiz of the course.
    pub quizzes: Vec<QuizFact>,
    /// The learner's attendance rate in percent (§5), `None` while it is not measured yet (no
    /// session has ended; the use cases also wait for the last session, so a rate that can
    /// still fall never completes a course).
    pub attendance_rate: Option<Decimal>,
}

/// Progress % of one enrolment: completed required items / required items × 100, rounded half
/// away from zero to `progress_decimal_places`. Required items are the lessons plus (unless
/// *legacy* `lessons_only`) POST_TEST quizzes, done when passed, and PRE_TEST quizzes, done when
/// submitted; KNOWLEDGE_CHECK never counts. Under `by_duration` an item weighs its seconds
/// (`default_item_seconds` when unknown); if every weight is 0 the items weigh equally.
/// 0 when nothing is required.
#[must_use]
pub fn compute_enrollment_progress(facts: &EnrollmentFacts, policy: &ProgressPolicy) -> Decimal {
    let with_tests = policy.progress_items == ProgressItems::LessonsAndTests;
    let lessons = facts
        .lessons
        .iter()
        .map(|l| (l.duration_seconds, l.completed));
    let quizzes = facts
        .quizzes
        .iter()
        .filter(|_| with_tests)
        .filter_map(|q| q.done().map(|done| (q.duration_seconds, done)));

    let default_weight = i64::from(policy.default_item_seconds);
    let (mut count, mut done_count, mut weight, mut done_weight) = (0_i64, 0_i64, 0_i64, 0_i64);
    for (duration, done) in lessons.chain(quizzes) {
        let w = duration
            .filter(|d| *d > 0)
            .map_or(default_weight, i64::from);
        count += 1;
        weight = weight.saturating_add(w);
        if done {
            done_count += 1;
            done_weight = done_weight.saturating_add(w);
        }
    }
    let (part, whole) = match policy.progress_weighting {
        ProgressWeighting::ByDuration if weight > 0 => (done_weight, weight),
        _ => (done_count, count),
    };
    let value = percent(Decimal::from(part), Decimal::from(whole));
    let mut rounded = round_dp(
        value.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED),
        policy.progress_decimal_places,
    );
    // Same number of places for every value ("60.00", not "60"), as stored and shown.
    rounded.rescale(policy.progress_decimal_places);
    rounded
}

/// A completion criterion the learner has not met yet (for the UI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "criterion",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum UnmetCriterion {
    /// Lessons not complete yet.
    LessonsIncomplete {
        /// Their ids, in the given order.
        lesson_ids: Vec<String>,
    },
    /// POST_TEST quizzes not passed yet.
    PostTestsNotPassed {
        /// Their ids.
        quiz_ids: Vec<String>,
    },
    /// PRE_TEST quizzes not submitted yet.
    PreTestsNotSubmitted {
        /// Their ids.
        quiz_ids: Vec<String>,
    },
    /// The attendance rate is below the minimum (ON_CLASSROOM, HYBRID).
    AttendanceBelowMinimum {
        /// The learner's rate, percent.
        rate: Decimal,
        /// The minimum, percent.
        minimum: Decimal,
    },
    /// No session has ended yet, so attendance cannot be judged (ON_CLASSROOM, HYBRID).
    AttendanceNotMeasured {
        /// The minimum that will apply, percent.
        minimum: Decimal,
    },
}

/// Whether an enrolment's completion criteria hold, and which do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionCheck {
    /// All criteria hold.
    pub met: bool,
    /// The criteria that do not, in a fixed order (lessons, post-tests, pre-tests, attendance).
    pub unmet: Vec<UnmetCriterion>,
}

fn ids<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    items.map(str::to_owned).collect()
}

/// The completion criteria (all must hold): every lesson complete; every POST_TEST passed;
/// every PRE_TEST submitted; for ON_CLASSROOM and HYBRID courses an attendance rate ≥
/// `min_attendance_rate`. A classroom course whose rate is unknown (no session ended yet) is
/// not complete. KNOWLEDGE_CHECK quizzes never gate. The criteria do not depend on
/// `progress_items`.
#[must_use]
pub fn completion_criteria(facts: &EnrollmentFacts, policy: &ProgressPolicy) -> CompletionCheck {
    let mut unmet = Vec::new();
    let lessons = ids(facts
        .lessons
        .iter()
        .filter(|l| !l.completed)
        .map(|l| l.lesson_id.as_str()));
    if !lessons.is_empty() {
        unmet.push(UnmetCriterion::LessonsIncomplete {
            lesson_ids: lessons,
        });
    }
    let pending = |kind: QuizType| {
        ids(facts
            .quizzes
            .iter()
            .filter(|q| q.quiz_type == kind && q.done() == Some(false))
            .map(|q| q.quiz_id.as_str()))
    };
    let post = pending(QuizType::PostTest);
    if !post.is_empty() {
        unmet.push(UnmetCriterion::PostTestsNotPassed { quiz_ids: post });
    }
    let pre = pending(QuizType::PreTest);
    if !pre.is_empty() {
        unmet.push(UnmetCriterion::PreTestsNotSubmitted { quiz_ids: pre });
    }
    if facts.delivery_mode.has_classroom() {
        let minimum = policy.min_attendance_rate;
        match facts.attendance_rate {
            None => unmet.push(UnmetCriterion::AttendanceNotMeasured { minimum }),
            Some(rate) if rate < minimum => {
                unmet.push(UnmetCriterion::AttendanceBelowMinimum { rate, minimum });
            }
            Some(_) => {}
        }
    }
    CompletionCheck {
        met: unmet.is_empty(),
        unmet,
    }
}

/// Progress and completion criteria of one enrolment, computed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentEvaluation {
    /// [`compute_enrollment_progress`].
    pub progress: Decimal,
    /// [`completion_criteria`].
    pub criteria: CompletionCheck,
}

/// [`compute_enrollment_progress`] and [`completion_criteria`] over the same facts; feed the
/// result to [`super::advance_enrollment`].
#[must_use]
pub fn evaluate_enrollment(
    facts: &EnrollmentFacts,
    policy: &ProgressPolicy,
) -> EnrollmentEvaluation {
    EnrollmentEvaluation {
        progress: compute_enrollment_progress(facts, policy),
        criteria: completion_criteria(facts, policy),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    use super::*;

    fn rec() -> ProgressPolicy {
        ProgressPolicy::recommended()
    }

    fn facts(
        lessons: &[(Option<i32>, bool)],
        quizzes: &[(QuizType, bool, bool)],
    ) -> EnrollmentFacts {
        EnrollmentFacts {
            lessons: lessons
                .iter()
                .enumerate()
                .map(|(i, (d, c))| LessonFact::new(format!("l{i}"), *d, *c))
                .collect(),
            quizzes: quizzes
                .iter()
                .enumerate()
                .map(|(i, (t, s, p))| QuizFact::new(format!("q{i}"), *t, *s, *p))
                .collect(),
            ..EnrollmentFacts::default()
        }
    }

    #[test]
    fn lessons_and_tests_count_equally() {
        let f = facts(
            &[(None, true), (None, true), (None, false)],
            &[
                (QuizType::PreTest, true, false),
                (QuizType::PostTest, true, false),
                (QuizType::KnowledgeCheck, false, false),
            ],
        );
        // 2 lessons + the submitted pre-test of 5 required items.
        assert_eq!(compute_enrollment_progress(&f, &rec()), dec!(60));
    }

    #[test]
    fn thirds_round_to_two_places() {
        let f = facts(&[(None, true), (None, false), (None, false)], &[]);
        assert_eq!(compute_enrollment_progress(&f, &rec()), dec!(33.33));
        let f = facts(&[(None, true), (None, true), (None, false)], &[]);
        assert_eq!(compute_enrollment_progress(&f, &rec()), dec!(66.67));
    }

    #[test]
    fn legacy_counts_lessons_only_and_rounds_to_whole_percent() {
        let f = facts(
            &[(None, true), (None, true), (None, false)],
            &[(QuizType::PostTest, false, false)],
        );
        assert_eq!(compute_enrollment_progress(&f, &rec()), dec!(50));
        assert_eq!(
            compute_enrollment_progress(&f, &ProgressPolicy::legacy()),
            dec!(67)
        );
    }

    #[test]
    fn by_duration_weighs_seconds() {
        let policy = ProgressPolicy {
            progress_weighting: ProgressWeighting::ByDuration,
            ..rec()
        };
        let f = facts(&[(Some(900), true), (Some(300), false), (None, false)], &[]);
        // 900 of 900 + 300 + 300 (default) seconds.
        assert_eq!(compute_enrollment_progress(&f, &policy), dec!(60));
        let zero = ProgressPolicy {
            default_item_seconds: 0,
            ..policy
        };
        let f = facts(&[(None, true), (None, false)], &[]);
        assert_eq!(compute_enrollment_progress(&f, &zero), dec!(50));
    }

    #[test]
    fn nothing_required_is_zero() {
        assert_eq!(
            compute_enrollment_progress(&EnrollmentFacts::default(), &rec()),
            Decimal::ZERO
        );
    }

    #[test]
    fn criteria_list_what_is_missing() {
        let mut f = facts(
            &[(None, true), (None, false)],
            &[
                (QuizType::PostTest, true, false),
                (QuizType::PreTest, false, false),
                (QuizType::KnowledgeCheck, false, false),
            ],
        );
        f.delivery_mode = DeliveryMode::Hybrid;
        f.attendance_rate = Some(dec!(75));
        let check = completion_criteria(&f, &rec());
        assert!(!check.met);
        assert_eq!(
            check.unmet,
            vec![
                UnmetCriterion::LessonsIncomplete {
                    lesson_ids: vec!["l1".into()]
                },
                UnmetCriterion::PostTestsNotPassed {
                    quiz_ids: vec!["q0".into()]
                },
                UnmetCriterion::PreTestsNotSubmitted {
                    quiz_ids: vec!["q1".into()]
                },
                UnmetCriterion::AttendanceBelowMinimum {
                    rate: dec!(75),
                    minimum: dec!(80)
                },
            ]
        );
    }

    #[test]
    fn criteria_hold_when_everything_is_done() {
        let mut f = facts(
            &[(None, true)],
            &[
                (QuizType::PostTest, true, true),
                (QuizType::PreTest, true, false),
                (QuizType::KnowledgeCheck, false, false),
            ],
        );
        assert!(completion_criteria(&f, &rec()).met);
        f.delivery_mode = DeliveryMode::OnClassroom;
        f.attendance_rate = Some(dec!(80));
        assert!(completion_criteria(&f, &rec()).met);
        f.attendance_rate = None;
        assert_eq!(
            completion_criteria(&f, &rec()).unmet,
            vec![UnmetCriterion::AttendanceNotMeasured { minimum: dec!(80) }]
        );
        // Online courses ignore attendance.
        f.delivery_mode = DeliveryMode::SyncOnline;
        assert!(completion_criteria(&f, &rec()).met);
    }

    #[test]
    fn evaluate_combines_both() {
        let f = facts(&[(None, true)], &[(QuizType::PostTest, true, true)]);
        let e = evaluate_enrollment(&f, &rec());
        assert_eq!(e.progress, dec!(100));
        assert!(e.criteria.met);
    }

    fn arb_facts() -> impl Strategy<Value = EnrollmentFacts> {
        let lesson = (prop::option::of(-10_i32..4000), any::<bool>());
        let quiz = (
            prop::sample::select(QuizType::ALL.to_vec()),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(0_i32..4000),
        );
        (
            prop::collection::vec(lesson, 0..40),
            prop::collection::vec(quiz, 0..6),
        )
            .prop_map(|(ls, qs)| EnrollmentFacts {
                lessons: ls
                    .into_iter()
                    .enumerate()
                    .map(|(i, (d, c))| LessonFact::new(format!("l{i}"), d, c))
                    .collect(),
                quizzes: qs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (t, s, p, d))| QuizFact {
                        duration_seconds: d,
                        ..QuizFact::new(format!("q{i}"), t, s, p)
                    })
                    .collect(),
                ..EnrollmentFacts::default()
            })
    }

    fn arb_policy() -> impl Strategy<Value = ProgressPolicy> {
        (any::<bool>(), any::<bool>(), 0_u32..600).prop_map(|(legacy, by_duration, default)| {
            let base = if legacy {
                ProgressPolicy::legacy()
            } else {
                rec()
            };
            ProgressPolicy {
                progress_weighting: if by_duration {
                    ProgressWeighting::ByDuration
                } else {
                    ProgressWeighting::Equal
                },
                default_item_seconds: default,
                ..base
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn progress_stays_in_range(f in arb_facts(), policy in arb_policy()) {
            let p = compute_enrollment_progress(&f, &policy);
            prop_assert!(p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED);
        }

        #[test]
        fn a_completed_item_never_lowers_progress(
            f in arb_facts(),
            policy in arb_policy(),
            duration in prop::option::of(-10_i32..4000),
            post_test in any::<bool>(),
        ) {
            let before = compute_enrollment_progress(&f, &policy);
            let mut more = f.clone();
            if post_test {
                more.quizzes.push(QuizFact {
                    duration_seconds: duration,
                    ..QuizFact::new("new", QuizType::PostTest, true, true)
                });
            } else {
                more.lessons.push(LessonFact::new("new", duration, true));
            }
            prop_assert!(compute_enrollment_progress(&more, &policy) >= before);
        }

        #[test]
        fn completing_a_lesson_never_lowers_progress(
            f in arb_facts(),
            policy in arb_policy(),
            index in any::<prop::sample::Index>(),
        ) {
            prop_assume!(!f.lessons.is_empty());
            let before = compute_enrollment_progress(&f, &policy);
            let mut more = f.clone();
            let i = index.index(more.lessons.len());
            if let Some(l) = more.lessons.get_mut(i) {
                l.completed = true;
            }
            prop_assert!(compute_enrollment_progress(&more, &policy) >= before);
        }

        #[test]
        fn all_done_means_criteria_met_and_full_progress(f in arb_facts()) {
            let mut all = f.clone();
            for l in &mut all.lessons {
                l.completed = true;
            }
            for q in &mut all.quizzes {
                q.submitted = true;
                q.passed = true;
            }
            let e = evaluate_enrollment(&all, &rec());
            prop_assert!(e.criteria.met);
            let required = all.lessons.len()
                + all.quizzes.iter().filter(|q| q.quiz_type != QuizType::KnowledgeCheck).count();
            if required > 0 {
                prop_assert_eq!(e.progress, Decimal::ONE_HUNDRED);
            }
        }
    }
}
