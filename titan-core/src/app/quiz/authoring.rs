//! Authoring (course editors): quizzes in a module, their questions in a dense order, and the
//! "spread 100 points" helper.

use std::slice;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::PlacedQuiz;
use crate::app::users::clean;
use crate::app::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{ContentType, Question, QuestionType, Quiz, QuizType};
use crate::ports::UnitOfWork;
use crate::rules::catalog::{Placement, renumber, reorder};
use crate::rules::identity::Action;
use crate::rules::quiz::{QuizError, parse_options, score_attempt, spread_points};

/// A quiz's editable fields (the seed's defaults when absent: POST_TEST, pass at 70, no time
/// limit, unlimited attempts, questions in order, answers shown, no penalty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizInput {
    /// Title (required).
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// PRE_TEST, POST_TEST or KNOWLEDGE_CHECK.
    #[serde(rename = "type", default)]
    pub quiz_type: QuizType,
    /// Pass mark, percent 0..100.
    #[serde(default = "seventy")]
    pub passing_score: i32,
    /// Minutes (≥ 1); `None` = no time limit.
    #[serde(default)]
    pub time_limit: Option<i32>,
    /// Attempts allowed; `None` or ≤ 0 = unlimited (stored as `None`).
    #[serde(default)]
    pub max_attempts: Option<i32>,
    /// Shuffle questions (and the options of multiple-choice questions) per attempt.
    #[serde(default)]
    pub shuffle_questions: bool,
    /// Show right answers in reviews (see `review_visibility`).
    #[serde(default = "yes")]
    pub show_correct_answers: bool,
    /// Negative marking: the fraction 0..1 of a question's points lost on a wrong single answer.
    #[serde(default)]
    pub penalty: Decimal,
}

const fn seventy() -> i32 {
    70
}

const fn yes() -> bool {
    true
}

impl QuizInput {
    /// A quiz of `quiz_type` with the seed's defaults.
    #[must_use]
    pub fn new(title: impl Into<String>, quiz_type: QuizType) -> Self {
        Self {
            title: title.into(),
            description: None,
            quiz_type,
            passing_score: seventy(),
            time_limit: None,
            max_attempts: None,
            shuffle_questions: false,
            show_correct_answers: true,
            penalty: Decimal::ZERO,
        }
    }
}

/// A question's editable fields. Its place is kept by the quiz (appended, then reordered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionInput {
    /// MULTIPLE_CHOICE, TRUE_FALSE, ESSAY or SHORT_ANSWER.
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    /// The question text (required).
    pub content: String,
    /// Shown with the right answer in reviews.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Points (≥ 0, default 1).
    #[serde(default = "one")]
    pub points: Decimal,
    /// `[{text, isCorrect}]` (or the legacy `{choices, correctIndex}`); SHORT_ANSWER: the
    /// accepted answers.
    #[serde(default)]
    pub options: Option<Value>,
    /// ESSAY: the grading rubric.
    #[serde(default)]
    pub rubric: Option<Value>,
    /// ESSAY: a model answer; SHORT_ANSWER: the accepted answer when no option is.
    #[serde(default)]
    pub model_answer: Option<String>,
}

fn one() -> Decimal {
    Decimal::ONE
}

impl QuestionInput {
    /// A question of `question_type` worth 1 point, without options.
    #[must_use]
    pub fn new(question_type: QuestionType, content: impl Into<String>) -> Self {
        Self {
            question_type,
            content: content.into(),
            explanation: None,
            points: one(),
            options: None,
            rubric: None,
            model_answer: None,
        }
    }

    /// A MULTIPLE_CHOICE question with `(text, is_correct)` options.
    #[must_use]
    pub fn choice(content: impl Into<String>, options: &[(&str, bool)]) -> Self {
        let options: Vec<Value> = options
            .iter()
            .map(|(text, ok)| json!({"text": text, "isCorrect": ok}))
            .collect();
        Self {
            options: Some(Value::Array(options)),
            ..Self::new(QuestionType::MultipleChoice, content)
        }
    }

    /// A TRUE_FALSE question ("Benar" / "Salah").
    #[must_use]
    pub fn true_false(content: impl Into<String>, is_true: bool) -> Self {
        Self {
            options: Some(json!([
                {"text": "Benar", "isCorrect": is_true},
                {"text": "Salah", "isCorrect": !is_true},
            ])),
            ..Self::new(QuestionType::TrueFalse, content)
        }
    }
}

/// A quiz with its questions (answer keys included), as its editors see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizDetail {
    /// The quiz.
    pub quiz: Quiz,
    /// Its questions by `order`.
    pub questions: Vec<Question>,
}

fn out_of_range(field: &'static str, value: i32, min: i32, max: i32) -> Error {
    ValidationError::OutOfRange {
        field,
        value: value.to_string(),
        min: min.to_string(),
        max: max.to_string(),
    }
    .into()
}

fn apply_quiz_input(quiz: &mut Quiz, input: &QuizInput) -> Result<()> {
    quiz.title = clean(Some(&input.title)).ok_or(ValidationError::Required { field: "title" })?;
    if !(0..=100).contains(&input.passing_score) {
        return Err(out_of_range("passingScore", input.passing_score, 0, 100));
    }
    if let Some(minutes) = input.time_limit
        && minutes < 1
    {
        return Err(out_of_range("timeLimit", minutes, 1, i32::MAX));
    }
    if input.penalty < Decimal::ZERO || input.penalty > Decimal::ONE {
        return Err(QuizError::InvalidPenalty {
            penalty: input.penalty,
        }
        .into());
    }
    quiz.description = clean(input.description.as_deref());
    quiz.quiz_type = input.quiz_type;
    quiz.passing_score = input.passing_score;
    quiz.time_limit = input.time_limit;
    quiz.max_attempts = input.max_attempts.filter(|&m| m > 0);
    quiz.shuffle_questions = input.shuffle_questions;
    quiz.show_correct_answers = input.show_correct_answers;
    quiz.penalty = input.penalty;
    Ok(())
}

impl Titan {
    /// A question built from `input`, checked by the quiz rules: options readable for its type
    /// (`parse_options`), points ≥ 0.
    fn checked_question(
        &self,
        quiz: &Quiz,
        mut question: Question,
        input: &QuestionInput,
    ) -> Result<Question> {
        question.question_type = input.question_type;
        question.content =
            clean(Some(&input.content)).ok_or(ValidationError::Required { field: "content" })?;
        question.explanation = clean(input.explanation.as_deref());
        question.points = input.points;
        question.options = input.options.clone().filter(|v| !v.is_null());
        question.rubric = input.rubric.clone().filter(|v| !v.is_null());
        question.model_answer = clean(input.model_answer.as_deref());
        parse_options(&question)?;
        // Scoring an empty attempt applies the points check (≥ 0, bounded).
        score_attempt(quiz, slice::from_ref(&question), &[], &self.policy().quiz)?;
        Ok(question)
    }

    /// Loads a quiz for editing (course editors) and locks it.
    async fn quiz_to_edit(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        quiz_id: &str,
    ) -> Result<PlacedQuiz> {
        let (_, _, mut placed) = self
            .quiz_for(uow, actor, Action::EditCourse, quiz_id)
            .await?;
        placed.quiz = uow
            .quizzes()
            .quiz_for_update(quiz_id)
            .await?
            .ok_or_else(|| Error::not_found("Quiz", quiz_id))?;
        Ok(placed)
    }

    /// Loads a question and its quiz for editing (course editors), the quiz locked.
    async fn question_to_edit(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        question_id: &str,
    ) -> Result<(PlacedQuiz, Question)> {
        let question = uow
            .quizzes()
            .question(question_id)
            .await?
            .ok_or_else(|| Error::not_found("Question", question_id))?;
        let placed = self.quiz_to_edit(uow, actor, &question.quiz_id).await?;
        Ok((placed, question))
    }

    /// Stores `placements` where they differ from `questions`' orders; returns the new list.
    async fn apply_question_orders(
        &self,
        uow: &mut dyn UnitOfWork,
        quiz_id: &str,
        questions: &[Question],
        placements: &[Placement],
    ) -> Result<Vec<Question>> {
        for p in placements {
            if let Some(q) = questions
                .iter()
                .find(|q| q.id == p.id && q.order != p.order)
            {
                let mut next = q.clone();
                next.order = p.order;
                uow.quizzes().update_question(&next).await?;
            }
        }
        Ok(uow.quizzes().questions_of_quiz(quiz_id).await?)
    }

    /// Adds a quiz to a module (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND` (module); `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (title);
    /// `VALIDATION_OUT_OF_RANGE` (`passingScore` outside 0..100, `timeLimit` < 1);
    /// `QUIZ_INVALID_PENALTY` (outside 0..1).
    pub async fn create_quiz(
        &self,
        actor: &Actor,
        module_id: &str,
        input: &QuizInput,
    ) -> Result<Quiz> {
        write_tx!(self, |uow| {
            self.module_for(uow, actor, Action::EditCourse, module_id)
                .await?;
            let mut quiz = Quiz::new(self.ids().uuid(), module_id, "", self.now());
            apply_quiz_input(&mut quiz, input)?;
            uow.quizzes().insert_quiz(&quiz).await?;
            Ok(quiz)
        })
    }

    /// Updates a quiz's settings (course editors). Stored results keep their scores: a changed
    /// pass mark or penalty reaches past attempts through [`Titan::apply_regrade`].
    ///
    /// # Errors
    /// `NOT_FOUND`; as [`Titan::create_quiz`].
    pub async fn update_quiz(
        &self,
        actor: &Actor,
        quiz_id: &str,
        input: &QuizInput,
    ) -> Result<Quiz> {
        write_tx!(self, |uow| {
            let placed = self.quiz_to_edit(uow, actor, quiz_id).await?;
            let mut quiz = placed.quiz;
            apply_quiz_input(&mut quiz, input)?;
            quiz.updated_at = self.now();
            uow.quizzes().update_quiz(&quiz).await?;
            Ok(quiz)
        })
    }

    /// Deletes a quiz with its questions, attempts and answers (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `QUIZ_LINKED_TO_LESSON` while a QUIZ lesson of the
    /// course links it.
    pub async fn delete_quiz(&self, actor: &Actor, quiz_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            let placed = self.quiz_to_edit(uow, actor, quiz_id).await?;
            let lessons = uow.catalog().lessons_of_course(&placed.course_id).await?;
            if let Some(lesson) = lessons.iter().find(|l| {
                l.content_type == ContentType::Quiz
                    && l.content.as_deref().map(str::trim) == Some(quiz_id)
            }) {
                return Err(QuizError::LinkedToLesson {
                    quiz_id: quiz_id.to_owned(),
                    lesson_id: lesson.id.clone(),
                }
                .into());
            }
            uow.quizzes().delete_quiz(quiz_id).await?;
            Ok(())
        })
    }

    /// A quiz with its questions and answer keys (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn quiz_detail(&self, actor: &Actor, quiz_id: &str) -> Result<QuizDetail> {
        read_tx!(self, |uow| {
            let (_, _, placed) = self
                .quiz_for(uow, actor, Action::EditCourse, quiz_id)
                .await?;
            let questions = uow.quizzes().questions_of_quiz(quiz_id).await?;
            Ok(QuizDetail {
                quiz: placed.quiz,
                questions,
            })
        })
    }

    /// Adds a question at the end of a quiz (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (content);
    /// `QUIZ_INVALID_OPTIONS`; `QUIZ_INVALID_POINTS`.
    pub async fn create_question(
        &self,
        actor: &Actor,
        quiz_id: &str,
        input: &QuestionInput,
    ) -> Result<Question> {
        write_tx!(self, |uow| {
            let placed = self.quiz_to_edit(uow, actor, quiz_id).await?;
            let count = uow.quizzes().questions_of_quiz(quiz_id).await?.len();
            let order = i32::try_from(count).unwrap_or(i32::MAX).saturating_add(1);
            let blank = Question {
                id: self.ids().uuid(),
                quiz_id: quiz_id.to_owned(),
                question_type: input.question_type,
                content: String::new(),
                explanation: None,
                order,
                points: Decimal::ONE,
                options: None,
                rubric: None,
                model_answer: None,
            };
            let question = self.checked_question(&placed.quiz, blank, input)?;
            uow.quizzes().insert_question(&question).await?;
            Ok(question)
        })
    }

    /// Updates a question (course editors); its place stays. Stored scores are not changed:
    /// preview and apply them with [`Titan::preview_regrade`] / [`Titan::apply_regrade`]. An
    /// edit that would make a stored answer unreadable (a selected option removed) is refused,
    /// so open attempts can still be submitted and a regrade always remains possible.
    ///
    /// # Errors
    /// As [`Titan::create_question`]; `QUIZ_INVALID_SELECTION` (a stored answer, submitted or
    /// saved, selects an option the new version lacks).
    pub async fn update_question(
        &self,
        actor: &Actor,
        question_id: &str,
        input: &QuestionInput,
    ) -> Result<Question> {
        write_tx!(self, |uow| {
            let (placed, current) = self.question_to_edit(uow, actor, question_id).await?;
            let question = self.checked_question(&placed.quiz, current, input)?;
            let attempts: Vec<String> = uow
                .quizzes()
                .attempts_of_quiz(&placed.quiz.id)
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect();
            if !attempts.is_empty() {
                let answers = uow.quizzes().answers_of_attempts(&attempts).await?;
                for answer in answers.iter().filter(|a| a.question_id == question_id) {
                    score_attempt(
                        &placed.quiz,
                        slice::from_ref(&question),
                        slice::from_ref(answer),
                        &self.policy().quiz,
                    )?;
                }
            }
            uow.quizzes().update_question(&question).await?;
            Ok(question)
        })
    }

    /// Deletes a question with its answers (course editors); the others are renumbered 1..n.
    /// Stored scores are not changed (see [`Titan::apply_regrade`]).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn delete_question(&self, actor: &Actor, question_id: &str) -> Result<Vec<Question>> {
        write_tx!(self, |uow| {
            let (placed, _) = self.question_to_edit(uow, actor, question_id).await?;
            uow.quizzes().delete_question(question_id).await?;
            let questions = uow.quizzes().questions_of_quiz(&placed.quiz.id).await?;
            let placements = renumber(
                &questions
                    .iter()
                    .map(|q| Placement {
                        id: q.id.clone(),
                        order: q.order,
                    })
                    .collect::<Vec<_>>(),
            );
            self.apply_question_orders(uow, &placed.quiz.id, &questions, &placements)
                .await
        })
    }

    /// Moves a question to `position` (1-based); every question is renumbered 1..n.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CATALOG_POSITION_OUT_OF_RANGE`.
    pub async fn reorder_question(
        &self,
        actor: &Actor,
        question_id: &str,
        position: i32,
    ) -> Result<Vec<Question>> {
        write_tx!(self, |uow| {
            let (placed, _) = self.question_to_edit(uow, actor, question_id).await?;
            let questions = uow.quizzes().questions_of_quiz(&placed.quiz.id).await?;
            let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
            let placements = reorder(&ids, question_id, position)?;
            self.apply_question_orders(uow, &placed.quiz.id, &questions, &placements)
                .await
        })
    }

    /// Rewrites the quiz's question points so they total 100: floor(100/n) each, the first
    /// 100 mod n (in `order`) one more (course editors). Stored scores are not changed (see
    /// [`Titan::apply_regrade`]).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn spread_quiz_points(&self, actor: &Actor, quiz_id: &str) -> Result<Vec<Question>> {
        write_tx!(self, |uow| {
            self.quiz_to_edit(uow, actor, quiz_id).await?;
            let questions = uow.quizzes().questions_of_quiz(quiz_id).await?;
            let points = spread_points(questions.len());
            for (question, points) in questions.iter().zip(points) {
                if question.points != points {
                    let mut next = question.clone();
                    next.points = points;
                    uow.quizzes().update_question(&next).await?;
                }
            }
            Ok(uow.quizzes().questions_of_quiz(quiz_id).await?)
        })
    }
}
