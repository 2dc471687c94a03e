//! Results: the review of an attempt, a learner's attempts at a quiz, and pre/post learning
//! gain.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{PlacedQuiz, actor_id};
use crate::app::{Actor, Error, Result, Titan, read_tx};
use crate::model::{QuestionType, Quiz, QuizAttempt, QuizType};
use crate::ports::UnitOfWork;
use crate::rules::quiz::{
    AggregateScore, AttemptGrading, LearningGain, ReviewVisibility, aggregate_attempts,
    learning_gain, parse_options, passes, review_visibility,
};

/// An option in a review; `isCorrect` only when right answers are shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewOption {
    /// Original index.
    pub index: usize,
    /// Text.
    pub text: String,
    /// Whether it is right (`None` while right answers are hidden).
    pub is_correct: Option<bool>,
}

/// A question in a review, in the quiz's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewQuestion {
    /// The question.
    pub id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    /// Its text.
    pub content: String,
    /// Its points.
    pub points: Decimal,
    /// MULTIPLE_CHOICE / TRUE_FALSE options; SHORT_ANSWER accepted answers only when right
    /// answers are shown.
    pub options: Vec<ReviewOption>,
    /// The learner's selection (original indices).
    pub selected_options: Option<Value>,
    /// The learner's text.
    pub answer: Option<String>,
    /// Full marks (`None` while hidden or pending).
    pub is_correct: Option<bool>,
    /// Points earned (`None` while hidden or pending).
    pub points_earned: Option<Decimal>,
    /// Essay feedback.
    pub feedback: Option<String>,
    /// The explanation (only with right answers).
    pub explanation: Option<String>,
}

/// The review of an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptReview {
    /// The attempt (`score` and `isPassed` null while hidden).
    pub attempt: QuizAttempt,
    /// What is shown.
    pub visibility: ReviewVisibility,
    /// The questions (empty while responses are hidden).
    pub questions: Vec<ReviewQuestion>,
}

/// A learner's attempts at a quiz and the grade they give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizResults {
    /// The quiz.
    pub quiz: Quiz,
    /// The attempts, by `startedAt`.
    pub attempts: Vec<QuizAttempt>,
    /// The grade under the policy's `attempt_grading` (`None` before a graded attempt).
    pub grade: Option<AggregateScore>,
    /// Whether the grade reaches the pass mark.
    pub passed: bool,
    /// Attempts left (`None` = unlimited).
    pub attempts_left: Option<usize>,
}

/// A learner's pre-test to post-test gain in a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningGainReport {
    /// The course's first PRE_TEST (module order).
    pub pre_test_id: Option<String>,
    /// The course's last POST_TEST (module order).
    pub post_test_id: Option<String>,
    /// The baseline: the first graded pre-test attempt.
    pub pre_score: Option<Decimal>,
    /// The post-test grade under the policy's `attempt_grading`.
    pub post_score: Option<Decimal>,
    /// post − pre and the normalised gain, once both scores exist.
    pub gain: Option<LearningGain>,
}

impl Titan {
    /// The review of an attempt (the learner, course editors). The learner sees what
    /// `review_visibility` allows: nothing while open; then score and responses; right answers,
    /// marks and explanations per `showCorrectAnswers`, and on a POST_TEST not while attempts
    /// remain and the quiz is not passed. Course editors see everything of a submitted attempt.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `QUIZ_INVALID_OPTIONS` for a broken stored question.
    pub async fn review_attempt(&self, actor: &Actor, attempt_id: &str) -> Result<AttemptReview> {
        read_tx!(self, |uow| {
            let attempt = uow
                .quizzes()
                .attempt(attempt_id)
                .await?
                .ok_or_else(|| Error::not_found("QuizAttempt", attempt_id))?;
            let placed = self.placed_quiz(uow, &attempt.quiz_id).await?;
            self.learner_record_for(uow, actor, &attempt.user_id, &placed.course_id)
                .await?;
            let visibility = if actor_id(actor) == attempt.user_id {
                let used = uow
                    .quizzes()
                    .attempts_of_user_in_quizzes(
                        &attempt.user_id,
                        std::slice::from_ref(&placed.quiz.id),
                    )
                    .await?
                    .len();
                let passed = self
                    .has_passed_quiz(uow, &attempt.user_id, &placed.quiz.id)
                    .await?;
                review_visibility(&placed.quiz, &attempt, used, passed)
            } else {
                let submitted = attempt.submitted_at.is_some();
                ReviewVisibility {
                    show_score: submitted,
                    show_responses: submitted,
                    show_correct_answers: submitted,
                }
            };
            let questions = if visibility.show_responses {
                self.review_questions(uow, &placed, &attempt, visibility)
                    .await?
            } else {
                Vec::new()
            };
            let attempt = if visibility.show_score {
                attempt
            } else {
                QuizAttempt {
                    score: None,
                    is_passed: None,
                    ..attempt
                }
            };
            Ok(AttemptReview {
                attempt,
                visibility,
                questions,
            })
        })
    }

    async fn review_questions(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedQuiz,
        attempt: &QuizAttempt,
        visibility: ReviewVisibility,
    ) -> Result<Vec<ReviewQuestion>> {
        let show = visibility.show_correct_answers;
        let questions = uow.quizzes().questions_of_quiz(&placed.quiz.id).await?;
        let answers = uow.quizzes().answers_of_attempt(&attempt.id).await?;
        let mut out = Vec::with_capacity(questions.len());
        for q in &questions {
            let listed = match q.question_type {
                QuestionType::MultipleChoice | QuestionType::TrueFalse => true,
                QuestionType::ShortAnswer => show,
                QuestionType::Essay => false,
            };
            let options = if listed {
                parse_options(q)?
                    .into_iter()
                    .enumerate()
                    .map(|(index, o)| ReviewOption {
                        index,
                        text: o.text,
                        is_correct: show.then_some(o.is_correct),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let answer = answers.iter().find(|a| a.question_id == q.id);
            out.push(ReviewQuestion {
                id: q.id.clone(),
                question_type: q.question_type,
                content: q.content.clone(),
                points: q.points,
                options,
                selected_options: answer.and_then(|a| a.selected_options.clone()),
                answer: answer.and_then(|a| a.answer.clone()),
                is_correct: answer.and_then(|a| a.is_correct).filter(|_| show),
                points_earned: answer.and_then(|a| a.points_earned).filter(|_| show),
                feedback: answer.and_then(|a| a.ai_feedback.clone()),
                explanation: q.explanation.clone().filter(|_| show),
            });
        }
        Ok(out)
    }

    /// A learner's attempts at a quiz, their grade and the attempts left (the learner, course
    /// editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn quiz_results(
        &self,
        actor: &Actor,
        learner_id: &str,
        quiz_id: &str,
    ) -> Result<QuizResults> {
        read_tx!(self, |uow| {
            let placed = self.placed_quiz(uow, quiz_id).await?;
            self.learner_record_for(uow, actor, learner_id, &placed.course_id)
                .await?;
            let attempts = uow
                .quizzes()
                .attempts_of_user_in_quizzes(learner_id, &[quiz_id.to_owned()])
                .await?;
            let grade = aggregate_attempts(&attempts, self.policy().quiz.attempt_grading);
            let passed = grade
                .as_ref()
                .is_some_and(|g| passes(g.score, placed.quiz.passing_score));
            let attempts_left = placed.quiz.max_attempts.filter(|&m| m > 0).map(|m| {
                usize::try_from(m)
                    .unwrap_or(0)
                    .saturating_sub(attempts.len())
            });
            Ok(QuizResults {
                quiz: placed.quiz,
                attempts,
                grade,
                passed,
                attempts_left,
            })
        })
    }

    /// A learner's learning gain in a course (the learner, course editors): the baseline is the
    /// first graded attempt of the course's first PRE_TEST, the outcome the grade of its last
    /// POST_TEST (under `attempt_grading`); gain = post − pre, normalised (post − pre) /
    /// (100 − pre).
    ///
    /// # Errors
    /// `NOT_FOUND` (course); `IDENTITY_*`.
    pub async fn learning_gain(
        &self,
        actor: &Actor,
        learner_id: &str,
        course_id: &str,
    ) -> Result<LearningGainReport> {
        read_tx!(self, |uow| {
            self.learner_record_for(uow, actor, learner_id, course_id)
                .await?;
            let quizzes = uow.quizzes().quizzes_of_course(course_id).await?;
            let pre = quizzes.iter().find(|q| q.quiz_type == QuizType::PreTest);
            let post = quizzes
                .iter()
                .rev()
                .find(|q| q.quiz_type == QuizType::PostTest);
            let ids: Vec<String> = pre
                .iter()
                .chain(post.iter())
                .map(|q| q.id.clone())
                .collect();
            let attempts = if ids.is_empty() {
                Vec::new()
            } else {
                uow.quizzes()
                    .attempts_of_user_in_quizzes(learner_id, &ids)
                    .await?
            };
            let grade_of = |quiz: Option<&Quiz>, grading: AttemptGrading| {
                let quiz = quiz?;
                let mine: Vec<QuizAttempt> = attempts
                    .iter()
                    .filter(|a| a.quiz_id == quiz.id)
                    .cloned()
                    .collect();
                aggregate_attempts(&mine, grading).map(|g| g.score)
            };
            let pre_score = grade_of(pre, AttemptGrading::First);
            let post_score = grade_of(post, self.policy().quiz.attempt_grading);
            let gain = match (pre_score, post_score) {
                (Some(p), Some(q)) => Some(learning_gain(p, q)?),
                _ => None,
            };
            Ok(LearningGainReport {
                pre_test_id: pre.map(|q| q.id.clone()),
                post_test_id: post.map(|q| q.id.clone()),
                pre_score,
                post_score,
                gain,
            })
        })
    }
}
