//! Taking a quiz (the learner, for themself): start or resume, the attempt's sheet in its
//! shuffled order, saving answers, submitting.

use std::collections::HashMap;
use std::slice;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::PlacedQuiz;
use crate::app::effects::Occurrence;
use crate::app::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::model::{Enrollment, QuestionAnswer, QuestionType, Quiz, QuizAttempt};
use crate::ports::{EssayGradingRequest, UnitOfWork};
use crate::rules::quiz::{
    AttemptAdmission, QuizError, SubmissionCheck, admit_attempt, attempt_deadline,
    check_submission, option_order, parse_options, question_order, score_attempt,
};

/// One answer as the learner gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerInput {
    /// The question.
    pub question_id: String,
    /// MULTIPLE_CHOICE / TRUE_FALSE: the chosen options by their original `index` (as the sheet
    /// gives them).
    #[serde(default)]
    pub selected_options: Option<Vec<u32>>,
    /// ESSAY / SHORT_ANSWER: the text.
    #[serde(default)]
    pub answer: Option<String>,
}

impl AnswerInput {
    /// Options chosen by their original index.
    #[must_use]
    pub fn selected(question_id: impl Into<String>, indices: &[u32]) -> Self {
        Self {
            question_id: question_id.into(),
            selected_options: Some(indices.to_vec()),
            answer: None,
        }
    }

    /// A written answer.
    #[must_use]
    pub fn text(question_id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            question_id: question_id.into(),
            selected_options: None,
            answer: Some(text.into()),
        }
    }
}

/// The attempt a learner is taking now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartedAttempt {
    /// The open attempt (`startedAt` set by the server).
    pub attempt: QuizAttempt,
    /// True when an open attempt was resumed rather than a new one started.
    pub resumed: bool,
    /// 1-based number of the attempt among the learner's attempts at the quiz.
    pub attempt_number: usize,
    /// `startedAt + timeLimit`, if the quiz has a time limit.
    pub deadline: Option<DateTime<Utc>>,
    /// An expired open attempt that was closed first (see the module docs), as stored.
    pub closed_attempt: Option<QuizAttempt>,
    /// The learner's enrolment (IN_PROGRESS from the first attempt on).
    pub enrollment: Enrollment,
}

/// An option as shown to the learner: its text and its original index (what answers name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SheetOption {
    /// Original index.
    pub index: usize,
    /// Text.
    pub text: String,
}

/// A question as shown during an attempt: no answer key, no explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SheetQuestion {
    /// The question.
    pub id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    /// Its text.
    pub content: String,
    /// Its points.
    pub points: Decimal,
    /// MULTIPLE_CHOICE / TRUE_FALSE options in the attempt's order (empty for written answers).
    pub options: Vec<SheetOption>,
    /// The saved selection (original indices), if any.
    pub selected_options: Option<Value>,
    /// The saved text, if any.
    pub answer: Option<String>,
}

/// An attempt's sheet: its questions in the attempt's deterministic order, with the saved
/// answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptSheet {
    /// The attempt.
    pub attempt: QuizAttempt,
    /// The quiz's title.
    pub quiz_title: String,
    /// `startedAt + timeLimit`, if the quiz has a time limit.
    pub deadline: Option<DateTime<Utc>>,
    /// The questions, shuffled per attempt when the quiz says so.
    pub questions: Vec<SheetQuestion>,
}

/// What a submission did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptSubmission {
    /// The submitted attempt: `score` and `isPassed` are null while an essay waits for a grade.
    pub attempt: QuizAttempt,
    /// Submitted after the deadline (within the grace period, or auto-submitted).
    pub late: bool,
    /// Past the grace period: only answers saved by the deadline counted.
    pub auto_submitted: bool,
    /// Questions whose answers came too late and were dropped.
    pub discarded_question_ids: Vec<String>,
    /// Essays still waiting for a grade.
    pub pending_essays: usize,
    /// The learner's enrolment after the submission.
    pub enrollment: Enrollment,
}

/// One round of starting: an attempt to take, or an expired one closed first.
enum Admission {
    Started(Box<StartedAttempt>),
    Closed(QuizAttempt, Vec<EssayGradingRequest>),
}

/// A closed attempt and what closing it left to do.
pub(super) struct Finished {
    pub(super) attempt: QuizAttempt,
    pub(super) enrollment: Enrollment,
    /// Essays waiting for a grade, as the grader is asked about them.
    pub(super) essays: Vec<EssayGradingRequest>,
}

impl Titan {
    /// Starts an attempt at a quiz, or resumes the open one (the learner, enrolled in the quiz's
    /// course). Every started attempt counts toward `maxAttempts`; an open attempt whose time
    /// and grace are over is closed (and scored) first, and stays closed even when the limit
    /// then refuses a new one. The first attempt moves an ENROLLED enrolment to
    /// IN_PROGRESS.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `PROGRESS_NOT_ENROLLED`; `PROGRESS_ENROLLMENT_DROPPED`;
    /// `QUIZ_NO_QUESTIONS`; `QUIZ_MAX_ATTEMPTS`.
    pub async fn start_attempt(&self, actor: &Actor, quiz_id: &str) -> Result<StartedAttempt> {
        let mut closed = None;
        // Each round closes one expired open attempt (committed on its own, so a refusal that
        // follows keeps it closed and scored), so this ends.
        loop {
            match write_tx!(self, |uow| self.start_in(uow, actor, quiz_id).await)? {
                Admission::Started(mut started) => {
                    started.closed_attempt = closed;
                    return Ok(*started);
                }
                Admission::Closed(attempt, essays) => {
                    let graded = if essays.is_empty() {
                        None
                    } else {
                        self.grade_pending_essays(&attempt.id, &essays).await
                    };
                    closed = Some(graded.map_or(attempt, |g| g.attempt));
                }
            }
        }
    }

    async fn start_in(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        quiz_id: &str,
    ) -> Result<Admission> {
        let learner_id = self.quiz_taker(uow, actor).await?;
        let placed = self.placed_quiz(uow, quiz_id).await?;
        let enrollment = self
            .taker_enrollment(uow, &learner_id, &placed.course_id)
            .await?;
        if uow.quizzes().questions_of_quiz(quiz_id).await?.is_empty() {
            return Err(QuizError::NoQuestions {
                quiz_id: quiz_id.to_owned(),
            }
            .into());
        }
        let now = self.now();
        let attempts = uow
            .quizzes()
            .attempts_of_user_in_quizzes(&learner_id, &[quiz_id.to_owned()])
            .await?;
        let find = |id: &str| {
            attempts
                .iter()
                .enumerate()
                .find(|(_, a)| a.id == id)
                .map(|(i, a)| (i, a.clone()))
                .ok_or_else(|| Error::not_found("QuizAttempt", id))
        };
        let mut occurrences = Vec::new();
        let (attempt, resumed, number, enrollment) =
            match admit_attempt(&placed.quiz, &attempts, now, &self.policy().quiz)? {
                AttemptAdmission::Resume { attempt_id, .. } => {
                    let (i, attempt) = find(&attempt_id)?;
                    (attempt, true, i.saturating_add(1), enrollment)
                }
                AttemptAdmission::CloseExpired { attempt_id, .. } => {
                    let (_, attempt) = find(&attempt_id)?;
                    let finished = self
                        .close_expired(uow, &placed, &enrollment, &attempt, now, &mut occurrences)
                        .await?;
                    self.record(uow, occurrences, now).await?;
                    return Ok(Admission::Closed(finished.attempt, finished.essays));
                }
                AttemptAdmission::Start { attempt_number } => {
                    let attempt = QuizAttempt {
                        id: self.ids().uuid(),
                        user_id: learner_id.clone(),
                        quiz_id: quiz_id.to_owned(),
                        started_at: now,
                        submitted_at: None,
                        score: None,
                        is_passed: None,
                    };
                    uow.quizzes().insert_attempt(&attempt).await?;
                    let enrollment = self
                        .refresh_enrollment(uow, &enrollment, true, now, &mut occurrences)
                        .await?;
                    (attempt, false, attempt_number, enrollment)
                }
            };
        if !occurrences.is_empty() {
            self.record(uow, occurrences, now).await?;
        }
        Ok(Admission::Started(Box::new(StartedAttempt {
            deadline: attempt_deadline(&placed.quiz, &attempt),
            attempt,
            resumed,
            attempt_number: number,
            closed_attempt: None,
            enrollment,
        })))
    }

    /// Closes an open attempt whose time and grace are over: auto-submitted on the answers saved
    /// by the deadline, or (policy `reject`) scored with none.
    async fn close_expired(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedQuiz,
        enrollment: &Enrollment,
        attempt: &QuizAttempt,
        now: DateTime<Utc>,
        occurrences: &mut Vec<Occurrence>,
    ) -> Result<Finished> {
        let stored = uow.quizzes().answers_of_attempt(&attempt.id).await?;
        let check = match check_submission(&placed.quiz, attempt, &stored, now, &self.policy().quiz)
        {
            Ok(check) => check,
            Err(QuizError::DeadlinePassed { deadline, .. }) => SubmissionCheck {
                deadline: Some(deadline),
                submitted_at: deadline,
                late: true,
                auto_submitted: true,
                counted_answers: Vec::new(),
                discarded_question_ids: stored.iter().map(|a| a.question_id.clone()).collect(),
            },
            Err(e) => return Err(e.into()),
        };
        self.finish_attempt(uow, placed, enrollment, attempt, &check, now, occurrences)
            .await
    }

    /// Scores and closes `attempt` per `check`: drops the answers that do not count, stores
    /// each answer's result and the attempt's score, and settles what follows.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn finish_attempt(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedQuiz,
        enrollment: &Enrollment,
        attempt: &QuizAttempt,
        check: &SubmissionCheck,
        now: DateTime<Utc>,
        occurrences: &mut Vec<Occurrence>,
    ) -> Result<Finished> {
        let stored = uow.quizzes().answers_of_attempt(&attempt.id).await?;
        for answer in &stored {
            if !check.counted_answers.iter().any(|c| c.id == answer.id) {
                uow.quizzes().delete_answer(&answer.id).await?;
            }
        }
        let questions = uow.quizzes().questions_of_quiz(&placed.quiz.id).await?;
        let score = score_attempt(
            &placed.quiz,
            &questions,
            &check.counted_answers,
            &self.policy().quiz,
        )?;
        let mut essays = Vec::new();
        for result in &score.questions {
            let Some(answer) = check
                .counted_answers
                .iter()
                .find(|a| a.question_id == result.question_id)
            else {
                continue;
            };
            let next = QuestionAnswer {
                is_correct: result.is_correct,
                points_earned: result.points_earned,
                ..answer.clone()
            };
            if next != *answer {
                uow.quizzes().update_answer(&next).await?;
            }
            if result.pending
                && let Some(question) = questions.iter().find(|q| q.id == result.question_id)
            {
                essays.push(EssayGradingRequest {
                    question_id: question.id.clone(),
                    question: question.content.clone(),
                    rubric: question.rubric.clone(),
                    model_answer: question.model_answer.clone(),
                    answer: answer.answer.clone().unwrap_or_default(),
                });
            }
        }
        let after = QuizAttempt {
            submitted_at: Some(check.submitted_at),
            score: score.score,
            is_passed: score.is_passed,
            ..attempt.clone()
        };
        uow.quizzes().update_attempt(&after).await?;
        let enrollment = self
            .settle_attempt(
                uow,
                placed,
                Some(enrollment),
                attempt,
                &after,
                true,
                now,
                occurrences,
            )
            .await?
            .unwrap_or_else(|| enrollment.clone());
        Ok(Finished {
            attempt: after,
            enrollment,
            essays,
        })
    }

    /// Stores the learner's answers (original indices, `savedAt` now) after checking each
    /// against its question with the scoring rule.
    async fn store_answers(
        &self,
        uow: &mut dyn UnitOfWork,
        quiz: &Quiz,
        attempt: &QuizAttempt,
        inputs: &[AnswerInput],
        now: DateTime<Utc>,
    ) -> Result<()> {
        if inputs.is_empty() {
            return Ok(());
        }
        let questions = uow.quizzes().questions_of_quiz(&quiz.id).await?;
        let mut existing: HashMap<String, QuestionAnswer> = uow
            .quizzes()
            .answers_of_attempt(&attempt.id)
            .await?
            .into_iter()
            .map(|a| (a.question_id.clone(), a))
            .collect();
        for input in inputs {
            let question = questions
                .iter()
                .find(|q| q.id == input.question_id)
                .ok_or_else(|| Error::not_found("Question", input.question_id.clone()))?;
            let previous = existing.get(&question.id);
            let answer = QuestionAnswer {
                id: previous.map_or_else(|| self.ids().uuid(), |p| p.id.clone()),
                attempt_id: attempt.id.clone(),
                question_id: question.id.clone(),
                answer: input.answer.clone().filter(|t| !t.trim().is_empty()),
                selected_options: input.selected_options.as_ref().map(|s| json!(s)),
                is_correct: None,
                points_earned: None,
                ai_feedback: None,
                saved_at: Some(now),
            };
            score_attempt(
                quiz,
                slice::from_ref(question),
                slice::from_ref(&answer),
                &self.policy().quiz,
            )?;
            if previous.is_some() {
                uow.quizzes().update_answer(&answer).await?;
            } else {
                uow.quizzes().insert_answer(&answer).await?;
            }
            existing.insert(question.id.clone(), answer);
        }
        Ok(())
    }

    /// The open attempt of the actor, locked behind their enrolment, with its quiz.
    async fn open_attempt(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        attempt_id: &str,
    ) -> Result<(PlacedQuiz, Enrollment, QuizAttempt)> {
        let attempt = self.own_attempt(uow, actor, attempt_id).await?;
        let placed = self.placed_quiz(uow, &attempt.quiz_id).await?;
        let enrollment = self
            .taker_enrollment(uow, &attempt.user_id, &placed.course_id)
            .await?;
        // Read again under the lock: a parallel submit may have closed it.
        let attempt = uow
            .quizzes()
            .attempt(attempt_id)
            .await?
            .ok_or_else(|| Error::not_found("QuizAttempt", attempt_id))?;
        Ok((placed, enrollment, attempt))
    }

    /// Saves answers of an open attempt (the learner): each replaces the question's previous
    /// answer and is stamped `savedAt` (what the deadline rule reads). Returns the attempt's
    /// saved answers.
    ///
    /// # Errors
    /// `NOT_FOUND` (attempt, question of another quiz); `IDENTITY_*`; `PROGRESS_NOT_ENROLLED`;
    /// `PROGRESS_ENROLLMENT_DROPPED`; `QUIZ_ALREADY_SUBMITTED`; `QUIZ_DEADLINE_PASSED` (time
    /// and grace are over); `QUIZ_INVALID_SELECTION`.
    pub async fn save_answers(
        &self,
        actor: &Actor,
        attempt_id: &str,
        answers: &[AnswerInput],
    ) -> Result<Vec<QuestionAnswer>> {
        write_tx!(self, |uow| {
            let (placed, _, attempt) = self.open_attempt(uow, actor, attempt_id).await?;
            let now = self.now();
            let check = check_submission(&placed.quiz, &attempt, &[], now, &self.policy().quiz)?;
            if check.auto_submitted {
                return Err(QuizError::DeadlinePassed {
                    deadline: check.deadline.unwrap_or(now),
                    grace_seconds: self.policy().quiz.grace_seconds,
                    submitted_at: now,
                }
                .into());
            }
            self.store_answers(uow, &placed.quiz, &attempt, answers, now)
                .await?;
            Ok(uow.quizzes().answers_of_attempt(attempt_id).await?)
        })
    }

    /// Submits an attempt (the learner) with its last answers, which are saved first: scores it
    /// (`score_attempt`), stores each answer's result, emits `QUIZ_PASSED` / `QUIZ_FAILED` once
    /// it has a score, refreshes the enrolment and completes the QUIZ lessons passing unlocks.
    /// Up to the grace period after the deadline every answer counts; later, `auto_submit`
    /// keeps only the answers saved by the deadline (ignoring those sent now) and `reject`
    /// refuses. Essays are then offered to the essay grader, outside the submission's unit of
    /// work.
    ///
    /// # Errors
    /// As [`Titan::save_answers`], with `QUIZ_DEADLINE_PASSED` only under policy `reject`;
    /// `QUIZ_INVALID_OPTIONS` / `QUIZ_INVALID_POINTS` for a broken stored question.
    pub async fn submit_attempt(
        &self,
        actor: &Actor,
        attempt_id: &str,
        answers: &[AnswerInput],
    ) -> Result<AttemptSubmission> {
        let (mut result, essays) = write_tx!(self, |uow| {
            let (placed, enrollment, attempt) = self.open_attempt(uow, actor, attempt_id).await?;
            let now = self.now();
            let policy = &self.policy().quiz;
            let stored = uow.quizzes().answers_of_attempt(attempt_id).await?;
            let mut check = check_submission(&placed.quiz, &attempt, &stored, now, policy)?;
            if !check.auto_submitted && !answers.is_empty() {
                self.store_answers(uow, &placed.quiz, &attempt, answers, now)
                    .await?;
                let saved = uow.quizzes().answers_of_attempt(attempt_id).await?;
                check = check_submission(&placed.quiz, &attempt, &saved, now, policy)?;
            }
            let mut occurrences = Vec::new();
            let finished = self
                .finish_attempt(
                    uow,
                    &placed,
                    &enrollment,
                    &attempt,
                    &check,
                    now,
                    &mut occurrences,
                )
                .await?;
            self.record(uow, occurrences, now).await?;
            Ok((
                AttemptSubmission {
                    attempt: finished.attempt,
                    late: check.late,
                    auto_submitted: check.auto_submitted,
                    discarded_question_ids: check.discarded_question_ids,
                    pending_essays: finished.essays.len(),
                    enrollment: finished.enrollment,
                },
                finished.essays,
            ))
        })?;
        if !essays.is_empty()
            && let Some(graded) = self.grade_pending_essays(attempt_id, &essays).await
        {
            result.attempt = graded.attempt;
            result.pending_essays = graded.pending_essays;
            if let Some(enrollment) = graded.enrollment {
                result.enrollment = enrollment;
            }
        }
        Ok(result)
    }

    /// The sheet of the actor's attempt: questions in the attempt's deterministic order
    /// (`question_order`), multiple-choice options in theirs (`option_order`, when the quiz
    /// shuffles), without answer keys, with the saved answers.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `QUIZ_INVALID_OPTIONS` for a broken stored question.
    pub async fn attempt_sheet(&self, actor: &Actor, attempt_id: &str) -> Result<AttemptSheet> {
        read_tx!(self, |uow| {
            let attempt = self.own_attempt(uow, actor, attempt_id).await?;
            let placed = self.placed_quiz(uow, &attempt.quiz_id).await?;
            let questions = uow.quizzes().questions_of_quiz(&placed.quiz.id).await?;
            let answers = uow.quizzes().answers_of_attempt(attempt_id).await?;
            let mut sheet = Vec::with_capacity(questions.len());
            for index in question_order(&placed.quiz, &attempt.id, questions.len()) {
                let Some(q) = questions.get(index) else {
                    continue;
                };
                let options = match q.question_type {
                    QuestionType::MultipleChoice | QuestionType::TrueFalse => {
                        let parsed = parse_options(q)?;
                        let shuffled = placed.quiz.shuffle_questions
                            && q.question_type == QuestionType::MultipleChoice;
                        let order: Vec<usize> = if shuffled {
                            option_order(&attempt.id, &q.id, parsed.len())
                        } else {
                            (0..parsed.len()).collect()
                        };
                        order
                            .into_iter()
                            .filter_map(|i| {
                                parsed.get(i).map(|o| SheetOption {
                                    index: i,
                                    text: o.text.clone(),
                                })
                            })
                            .collect()
                    }
                    QuestionType::Essay | QuestionType::ShortAnswer => Vec::new(),
                };
                let saved = answers.iter().find(|a| a.question_id == q.id);
                sheet.push(SheetQuestion {
                    id: q.id.clone(),
                    question_type: q.question_type,
                    content: q.content.clone(),
                    points: q.points,
                    options,
                    selected_options: saved.and_then(|a| a.selected_options.clone()),
                    answer: saved.and_then(|a| a.answer.clone()),
                });
            }
            Ok(AttemptSheet {
                deadline: attempt_deadline(&placed.quiz, &attempt),
                quiz_title: placed.quiz.title,
                attempt,
                questions: sheet,
            })
        })
    }
}
