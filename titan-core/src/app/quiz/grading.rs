//! Grading: essays by the [`EssayGrader`](crate::ports::EssayGrader) port (after the submission
//! commits) or by a course editor, the grading queue, and regrades after a question changed.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PlacedQuiz;
use crate::app::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::model::{Enrollment, QuestionAnswer, QuestionType, QuizAttempt};
use crate::ports::{EssayGradingRequest, UnitOfWork};
use crate::rules::identity::Action;
use crate::rules::quiz::{
    AttemptAnswers, EssayGrade, QuizError, RegradeChange, grade_essay, regrade_diff, score_attempt,
};

/// What grading an essay did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GradedEssay {
    /// The attempt, with its score once no essay is pending.
    pub attempt: QuizAttempt,
    /// The graded answer (`pointsEarned`, `isCorrect`, feedback in `aiFeedback`).
    pub answer: QuestionAnswer,
    /// Essays of the attempt still waiting for a grade.
    pub pending_essays: usize,
    /// The learner's enrolment after the grade (`None` if they are no longer enrolled).
    pub enrollment: Option<Enrollment>,
}

/// An essay waiting for a person's grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingEssay {
    /// The attempt.
    pub attempt_id: String,
    /// The learner.
    pub user_id: String,
    /// The question.
    pub question_id: String,
    /// The learner's text.
    pub answer: String,
    /// When the attempt was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A regrade: the attempts whose result changes (dry run), or changed (applied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegradeReport {
    /// Attempt, old and new score and pass/fail, by `startedAt`.
    pub changes: Vec<RegradeChange>,
    /// Whether the new results were stored.
    pub applied: bool,
}

/// What automatic grading left the attempt as.
pub(super) struct AutoGraded {
    pub(super) attempt: QuizAttempt,
    pub(super) pending_essays: usize,
    pub(super) enrollment: Option<Enrollment>,
}

/// Essays graded in one unit of work.
struct EssayOutcome {
    attempt: QuizAttempt,
    answers: Vec<QuestionAnswer>,
    pending_essays: usize,
    enrollment: Option<Enrollment>,
}

impl Titan {
    /// Asks the essay grader about each pending essay (no unit of work is open meanwhile), then
    /// applies the grades it gave in one unit of work. `None` when nothing was graded or the
    /// grades could not be stored: the essays stay pending for a person.
    pub(super) async fn grade_pending_essays(
        &self,
        attempt_id: &str,
        essays: &[EssayGradingRequest],
    ) -> Option<AutoGraded> {
        let mut grades = Vec::new();
        for request in essays {
            if let Ok(grade) = self.grader().grade(request).await {
                grades.push((request.question_id.clone(), grade));
            }
        }
        if grades.is_empty() {
            return None;
        }
        self.store_machine_grades(attempt_id, &grades).await.ok()
    }

    async fn store_machine_grades(
        &self,
        attempt_id: &str,
        grades: &[(String, EssayGrade)],
    ) -> Result<AutoGraded> {
        let outcome = write_tx!(self, |uow| {
            let attempt = uow
                .quizzes()
                .attempt(attempt_id)
                .await?
                .ok_or_else(|| Error::not_found("QuizAttempt", attempt_id))?;
            let placed = self.placed_quiz(uow, &attempt.quiz_id).await?;
            self.apply_essay_grades(uow, &placed, attempt_id, grades, true)
                .await
        })?;
        Ok(AutoGraded {
            attempt: outcome.attempt,
            pending_essays: outcome.pending_essays,
            enrollment: outcome.enrollment,
        })
    }

    /// Applies essay grades to a submitted attempt under its learner's enrolment lock, scores it
    /// again and settles a new result. A machine's grade never replaces an existing grade, and
    /// one the rules refuse is skipped; a person's replaces it, and a refusal is returned.
    async fn apply_essay_grades(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedQuiz,
        attempt_id: &str,
        grades: &[(String, EssayGrade)],
        machine: bool,
    ) -> Result<EssayOutcome> {
        let user_id = uow
            .quizzes()
            .attempt(attempt_id)
            .await?
            .map(|a| a.user_id)
            .unwrap_or_default();
        let enrollment = uow
            .enrollments()
            .get_for_update(&user_id, &placed.course_id)
            .await?;
        let attempt = uow
            .quizzes()
            .attempt(attempt_id)
            .await?
            .ok_or_else(|| Error::not_found("QuizAttempt", attempt_id))?;
        if attempt.submitted_at.is_none() {
            return Err(QuizError::NotSubmitted {
                attempt_id: attempt_id.to_owned(),
            }
            .into());
        }
        let questions = uow.quizzes().questions_of_quiz(&placed.quiz.id).await?;
        let mut answers = uow.quizzes().answers_of_attempt(attempt_id).await?;
        for (question_id, grade) in grades {
            let question = questions
                .iter()
                .find(|q| &q.id == question_id)
                .ok_or_else(|| Error::not_found("Question", question_id.clone()))?;
            let Some(answer) = answers.iter_mut().find(|a| &a.question_id == question_id) else {
                return Err(Error::not_found(
                    "QuestionAnswer",
                    format!("{attempt_id}:{question_id}"),
                ));
            };
            if machine && answer.is_correct.is_some() {
                continue;
            }
            let graded = match grade_essay(question, answer, grade) {
                Ok(graded) => graded,
                Err(_) if machine => continue,
                Err(e) => return Err(e.into()),
            };
            uow.quizzes().update_answer(&graded).await?;
            *answer = graded;
        }
        let score = score_attempt(&placed.quiz, &questions, &answers, &self.policy().quiz)?;
        let after = QuizAttempt {
            score: score.score,
            is_passed: score.is_passed,
            ..attempt.clone()
        };
        if after != attempt {
            uow.quizzes().update_attempt(&after).await?;
        }
        let now = self.now();
        let mut occurrences = Vec::new();
        let enrollment = self
            .settle_attempt(
                uow,
                placed,
                enrollment.as_ref(),
                &attempt,
                &after,
                false,
                now,
                &mut occurrences,
            )
            .await?;
        self.record(uow, occurrences, now).await?;
        Ok(EssayOutcome {
            attempt: after,
            answers,
            pending_essays: score.questions.iter().filter(|q| q.pending).count(),
            enrollment,
        })
    }

    /// Grades an essay answer by hand (course editors) with a fraction 0..1 of its points and
    /// feedback; a grade given before (by a person or the grader) is replaced. When the last
    /// pending essay is graded the attempt gets its score and its pass/fail event.
    ///
    /// # Errors
    /// `NOT_FOUND` (attempt, question, answer); `IDENTITY_FORBIDDEN`; `QUIZ_NOT_SUBMITTED`;
    /// `QUIZ_NOT_AN_ESSAY`; `QUIZ_INVALID_GRADE`.
    pub async fn grade_essay_answer(
        &self,
        actor: &Actor,
        attempt_id: &str,
        question_id: &str,
        grade: &EssayGrade,
    ) -> Result<GradedEssay> {
        write_tx!(self, |uow| {
            let attempt = uow
                .quizzes()
                .attempt(attempt_id)
                .await?
                .ok_or_else(|| Error::not_found("QuizAttempt", attempt_id))?;
            let (_, _, placed) = self
                .quiz_for(uow, actor, Action::GradeEssay, &attempt.quiz_id)
                .await?;
            let grades = [(question_id.to_owned(), grade.clone())];
            let outcome = self
                .apply_essay_grades(uow, &placed, attempt_id, &grades, false)
                .await?;
            let answer = outcome
                .answers
                .into_iter()
                .find(|a| a.question_id == question_id)
                .ok_or_else(|| Error::not_found("QuestionAnswer", question_id))?;
            Ok(GradedEssay {
                attempt: outcome.attempt,
                answer,
                pending_essays: outcome.pending_essays,
                enrollment: outcome.enrollment,
            })
        })
    }

    /// The quiz's essays waiting for a person's grade, by attempt `startedAt`, then question
    /// order (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn essays_to_grade(&self, actor: &Actor, quiz_id: &str) -> Result<Vec<PendingEssay>> {
        read_tx!(self, |uow| {
            self.quiz_for(uow, actor, Action::GradeEssay, quiz_id)
                .await?;
            let questions = uow.quizzes().questions_of_quiz(quiz_id).await?;
            let submitted: Vec<QuizAttempt> = uow
                .quizzes()
                .attempts_of_quiz(quiz_id)
                .await?
                .into_iter()
                .filter(|a| a.submitted_at.is_some())
                .collect();
            let ids: Vec<String> = submitted.iter().map(|a| a.id.clone()).collect();
            let answers = uow.quizzes().answers_of_attempts(&ids).await?;
            let mut pending = Vec::new();
            for attempt in &submitted {
                for question in questions
                    .iter()
                    .filter(|q| q.question_type == QuestionType::Essay)
                {
                    let answer = answers
                        .iter()
                        .find(|a| a.attempt_id == attempt.id && a.question_id == question.id);
                    if let Some(answer) = answer
                        && answer.is_correct.is_none()
                        && let Some(text) =
                            answer.answer.as_deref().filter(|t| !t.trim().is_empty())
                    {
                        pending.push(PendingEssay {
                            attempt_id: attempt.id.clone(),
                            user_id: attempt.user_id.clone(),
                            question_id: question.id.clone(),
                            answer: text.to_owned(),
                            submitted_at: attempt.submitted_at,
                        });
                    }
                }
            }
            Ok(pending)
        })
    }

    /// Every attempt at the quiz with its answers.
    async fn stored_attempts(
        &self,
        uow: &mut dyn UnitOfWork,
        quiz_id: &str,
    ) -> Result<Vec<AttemptAnswers>> {
        let attempts = uow.quizzes().attempts_of_quiz(quiz_id).await?;
        let ids: Vec<String> = attempts.iter().map(|a| a.id.clone()).collect();
        let mut answers: HashMap<String, Vec<QuestionAnswer>> = HashMap::new();
        for answer in uow.quizzes().answers_of_attempts(&ids).await? {
            answers
                .entry(answer.attempt_id.clone())
                .or_default()
                .push(answer);
        }
        Ok(attempts
            .into_iter()
            .map(|attempt| AttemptAnswers {
                answers: answers.remove(&attempt.id).unwrap_or_default(),
                attempt,
            })
            .collect())
    }

    /// What re-scoring the quiz's submitted attempts against its current questions and
    /// settings would change (dry run, course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `QUIZ_INVALID_SELECTION` (a stored answer selects an
    /// option that no longer exists); `QUIZ_INVALID_OPTIONS` / `QUIZ_INVALID_POINTS`.
    pub async fn preview_regrade(&self, actor: &Actor, quiz_id: &str) -> Result<RegradeReport> {
        read_tx!(self, |uow| {
            let (_, _, placed) = self.quiz_for(uow, actor, Action::Regrade, quiz_id).await?;
            let questions = uow.quizzes().questions_of_quiz(quiz_id).await?;
            let stored = self.stored_attempts(uow, quiz_id).await?;
            let changes = regrade_diff(&placed.quiz, &questions, &stored, &self.policy().quiz)?;
            Ok(RegradeReport {
                changes,
                applied: false,
            })
        })
    }

    /// Re-scores the quiz's submitted attempts and stores the new results (course editors):
    /// each answer's result (essay grades stay), each attempt's score and pass/fail. An attempt
    /// that newly passes emits `QUIZ_PASSED` (once per attempt, whatever happened before) and
    /// completes the linked QUIZ lessons; every affected learner's standing is refreshed.
    ///
    /// # Errors
    /// As [`Titan::preview_regrade`].
    pub async fn apply_regrade(&self, actor: &Actor, quiz_id: &str) -> Result<RegradeReport> {
        write_tx!(self, |uow| {
            let (_, _, placed) = self.quiz_for(uow, actor, Action::Regrade, quiz_id).await?;
            uow.quizzes().quiz_for_update(quiz_id).await?;
            // Lock every learner's enrolment (in id order, so two regrades cannot deadlock),
            // then read their attempts again.
            let mut enrollments: BTreeMap<String, Option<Enrollment>> = uow
                .quizzes()
                .attempts_of_quiz(quiz_id)
                .await?
                .into_iter()
                .map(|a| (a.user_id, None))
                .collect();
            for (user_id, slot) in &mut enrollments {
                *slot = uow
                    .enrollments()
                    .get_for_update(user_id, &placed.course_id)
                    .await?;
            }
            let questions = uow.quizzes().questions_of_quiz(quiz_id).await?;
            let stored = self.stored_attempts(uow, quiz_id).await?;
            let policy = &self.policy().quiz;
            let changes = regrade_diff(&placed.quiz, &questions, &stored, policy)?;
            let essays: Vec<&str> = questions
                .iter()
                .filter(|q| q.question_type == QuestionType::Essay)
                .map(|q| q.id.as_str())
                .collect();
            let now = self.now();
            let mut occurrences = Vec::new();
            for s in stored.iter().filter(|s| s.attempt.submitted_at.is_some()) {
                let score = score_attempt(&placed.quiz, &questions, &s.answers, policy)?;
                for result in score
                    .questions
                    .iter()
                    .filter(|r| !essays.contains(&r.question_id.as_str()))
                {
                    if let Some(answer) = s
                        .answers
                        .iter()
                        .find(|a| a.question_id == result.question_id)
                        && (answer.is_correct, answer.points_earned)
                            != (result.is_correct, result.points_earned)
                    {
                        let next = QuestionAnswer {
                            is_correct: result.is_correct,
                            points_earned: result.points_earned,
                            ..answer.clone()
                        };
                        uow.quizzes().update_answer(&next).await?;
                    }
                }
                let after = QuizAttempt {
                    score: score.score,
                    is_passed: score.is_passed,
                    ..s.attempt.clone()
                };
                if after == s.attempt {
                    continue;
                }
                uow.quizzes().update_attempt(&after).await?;
                let enrollment = enrollments.get(&after.user_id).cloned().flatten();
                let refreshed = self
                    .settle_attempt(
                        uow,
                        &placed,
                        enrollment.as_ref(),
                        &s.attempt,
                        &after,
                        false,
                        now,
                        &mut occurrences,
                    )
                    .await?;
                enrollments.insert(after.user_id.clone(), refreshed);
            }
            self.record(uow, occurrences, now).await?;
            Ok(RegradeReport {
                changes,
                applied: true,
            })
        })
    }
}
