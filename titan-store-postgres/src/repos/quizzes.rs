use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use titan_core::ports::{QuizRepository, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{
    build, delete_sql, double, enum_text, enum_text_as, enum_value, get, get_decimal,
    get_decimal_opt, get_enum, get_time, get_time_opt, insert_sql, time, time_opt, update_sql,
};

const QUIZ: &str = "Quiz";
const QUIZ_COLUMNS: [&str; 13] = [
    "id",
    "moduleId",
    "title",
    "description",
    "passingScore",
    "timeLimit",
    "maxAttempts",
    "shuffleQuestions",
    "showCorrectAnswers",
    "createdAt",
    "updatedAt",
    "penalty",
    "type",
];

const QUESTION: &str = "Question";
const QUESTION_COLUMNS: [&str; 10] = [
    "id",
    "quizId",
    "content",
    "explanation",
    "order",
    "points",
    "options",
    "rubric",
    "modelAnswer",
    "type",
];

const ATTEMPT: &str = "QuizAttempt";
const ATTEMPT_COLUMNS: [&str; 7] = [
    "id",
    "userId",
    "quizId",
    "startedAt",
    "submittedAt",
    "score",
    "isPassed",
];

const ANSWER: &str = "QuestionAnswer";
const ANSWER_COLUMNS: [&str; 9] = [
    "id",
    "attemptId",
    "questionId",
    "answer",
    "selectedOptions",
    "isCorrect",
    "pointsEarned",
    "aiFeedback",
    "savedAt",
];

fn select_quizzes() -> SelectStatement {
    Query::select()
        .columns(QUIZ_COLUMNS[..12].iter().map(|c| (QUIZ, *c)))
        .expr(enum_text_as(QUIZ, "type", "type"))
        .from(QUIZ)
        .to_owned()
}

fn decode_quiz(row: &PgRow) -> StoreResult<Quiz> {
    Ok(Quiz {
        id: get(row, "id")?,
        module_id: get(row, "moduleId")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        quiz_type: get_enum(row, "type")?,
        passing_score: get(row, "passingScore")?,
        time_limit: get(row, "timeLimit")?,
        max_attempts: get(row, "maxAttempts")?,
        shuffle_questions: get(row, "shuffleQuestions")?,
        show_correct_answers: get(row, "showCorrectAnswers")?,
        created_at: get_time(row, "createdAt")?,
        updated_at: get_time(row, "updatedAt")?,
        penalty: get_decimal(row, "penalty")?,
    })
}

fn quiz_values(q: &Quiz) -> Vec<SimpleExpr> {
    vec![
        Expr::val(q.id.clone()),
        Expr::val(q.module_id.clone()),
        Expr::val(q.title.clone()),
        Expr::val(q.description.clone()),
        Expr::val(q.passing_score),
        Expr::val(q.time_limit),
        Expr::val(q.max_attempts),
        Expr::val(q.shuffle_questions),
        Expr::val(q.show_correct_answers),
        Expr::val(time(q.created_at)),
        Expr::val(time(q.updated_at)),
        Expr::val(double(q.penalty)),
        enum_value("QuizType", q.quiz_type.as_str()),
    ]
}

fn select_questions() -> SelectStatement {
    Query::select()
        .columns(QUESTION_COLUMNS[..9].iter().copied())
        .expr(enum_text("type"))
        .from(QUESTION)
        .to_owned()
}

fn decode_question(row: &PgRow) -> StoreResult<Question> {
    Ok(Question {
        id: get(row, "id")?,
        quiz_id: get(row, "quizId")?,
        question_type: get_enum(row, "type")?,
        content: get(row, "content")?,
        explanation: get(row, "explanation")?,
        order: get(row, "order")?,
        points: get_decimal(row, "points")?,
        options: get(row, "options")?,
        rubric: get(row, "rubric")?,
        model_answer: get(row, "modelAnswer")?,
    })
}

fn question_values(q: &Question) -> Vec<SimpleExpr> {
    vec![
        Expr::val(q.id.clone()),
        Expr::val(q.quiz_id.clone()),
        Expr::val(q.content.clone()),
        Expr::val(q.explanation.clone()),
        Expr::val(q.order),
        Expr::val(double(q.points)),
        Expr::val(q.options.clone()),
        Expr::val(q.rubric.clone()),
        Expr::val(q.model_answer.clone()),
        enum_value("QuestionType", q.question_type.as_str()),
    ]
}

fn select_attempts() -> SelectStatement {
    Query::select()
        .columns(ATTEMPT_COLUMNS)
        .from(ATTEMPT)
        .to_owned()
}

fn decode_attempt(row: &PgRow) -> StoreResult<QuizAttempt> {
    Ok(QuizAttempt {
        id: get(row, "id")?,
        user_id: get(row, "userId")?,
        quiz_id: get(row, "quizId")?,
        started_at: get_time(row, "startedAt")?,
        submitted_at: get_time_opt(row, "submittedAt")?,
        score: get_decimal_opt(row, "score")?,
        is_passed: get(row, "isPassed")?,
    })
}

fn attempt_values(a: &QuizAttempt) -> Vec<SimpleExpr> {
    vec![
        Expr::val(a.id.clone()),
        Expr::val(a.user_id.clone()),
        Expr::val(a.quiz_id.clone()),
        Expr::val(time(a.started_at)),
        Expr::val(time_opt(a.submitted_at)),
        Expr::val(a.score.map(double)),
        Expr::val(a.is_passed),
    ]
}

fn by_start(q: &mut SelectStatement) -> SelectStatement {
    q.order_by("startedAt", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned()
}

fn select_answers() -> SelectStatement {
    Query::select()
        .columns(ANSWER_COLUMNS)
        .from(ANSWER)
        .to_owned()
}

fn decode_answer(row: &PgRow) -> StoreResult<QuestionAnswer> {
    Ok(QuestionAnswer {
        id: get(row, "id")?,
        attempt_id: get(row, "attemptId")?,
        question_id: get(row, "questionId")?,
        answer: get(row, "answer")?,
        selected_options: get(row, "selectedOptions")?,
        is_correct: get(row, "isCorrect")?,
        points_earned: get_decimal_opt(row, "pointsEarned")?,
        ai_feedback: get(row, "aiFeedback")?,
        saved_at: get_time_opt(row, "savedAt")?,
    })
}

fn answer_values(a: &QuestionAnswer) -> Vec<SimpleExpr> {
    vec![
        Expr::val(a.id.clone()),
        Expr::val(a.attempt_id.clone()),
        Expr::val(a.question_id.clone()),
        Expr::val(a.answer.clone()),
        Expr::val(a.selected_options.clone()),
        Expr::val(a.is_correct),
        Expr::val(a.points_earned.map(double)),
        Expr::val(a.ai_feedback.clone()),
        Expr::val(time_opt(a.saved_at)),
    ]
}

fn by_id(mut q: SelectStatement, id: &str) -> SelectStatement {
    q.and_where(Expr::col("id").eq(id)).to_owned()
}

#[async_trait]
impl QuizRepository for PgUnitOfWork {
    async fn quiz(&mut self, id: &str) -> StoreResult<Option<Quiz>> {
        self.one(build(&by_id(select_quizzes(), id)), decode_quiz)
            .await
    }

    async fn quiz_for_update(&mut self, id: &str) -> StoreResult<Option<Quiz>> {
        let sql = self.locked(by_id(select_quizzes(), id));
        self.one(sql, decode_quiz).await
    }

    async fn quizzes_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Quiz>> {
        let q = select_quizzes()
            .inner_join(
                "Module",
                Expr::col(("Module", "id")).equals((QUIZ, "moduleId")),
            )
            .and_where(Expr::col(("Module", "courseId")).eq(course_id))
            .order_by(("Module", "order"), Order::Asc)
            .order_by(("Module", "id"), Order::Asc)
            .order_by((QUIZ, "id"), Order::Asc)
            .to_owned();
        self.all(build(&q), decode_quiz).await
    }

    async fn insert_quiz(&mut self, quiz: &Quiz) -> StoreResult<()> {
        let sql = insert_sql(QUIZ, &QUIZ_COLUMNS, quiz_values(quiz))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_quiz(&mut self, quiz: &Quiz) -> StoreResult<()> {
        let sql = update_sql(QUIZ, &QUIZ_COLUMNS, quiz_values(quiz), &quiz.id);
        self.exec_one(sql, "Quiz", &quiz.id).await
    }

    async fn delete_quiz(&mut self, id: &str) -> StoreResult<()> {
        // Questions, attempts and answers go with it (ON DELETE CASCADE).
        self.exec_one(delete_sql(QUIZ, id), "Quiz", id).await
    }

    async fn question(&mut self, id: &str) -> StoreResult<Option<Question>> {
        self.one(build(&by_id(select_questions(), id)), decode_question)
            .await
    }

    async fn questions_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<Question>> {
        let q = select_questions()
            .and_where(Expr::col("quizId").eq(quiz_id))
            .order_by("order", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_question).await
    }

    async fn insert_question(&mut self, question: &Question) -> StoreResult<()> {
        let sql = insert_sql(QUESTION, &QUESTION_COLUMNS, question_values(question))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_question(&mut self, question: &Question) -> StoreResult<()> {
        let sql = update_sql(
            QUESTION,
            &QUESTION_COLUMNS,
            question_values(question),
            &question.id,
        );
        self.exec_one(sql, "Question", &question.id).await
    }

    async fn delete_question(&mut self, id: &str) -> StoreResult<()> {
        self.exec_one(delete_sql(QUESTION, id), "Question", id)
            .await
    }

    async fn attempt(&mut self, id: &str) -> StoreResult<Option<QuizAttempt>> {
        self.one(build(&by_id(select_attempts(), id)), decode_attempt)
            .await
    }

    async fn attempts_of_user_in_quizzes(
        &mut self,
        user_id: &str,
        quiz_ids: &[String],
    ) -> StoreResult<Vec<QuizAttempt>> {
        if quiz_ids.is_empty() {
            return Ok(Vec::new());
        }
        let q = by_start(
            select_attempts()
                .and_where(Expr::col("userId").eq(user_id))
                .and_where(Expr::col("quizId").is_in(quiz_ids.iter().cloned())),
        );
        self.all(build(&q), decode_attempt).await
    }

    async fn attempts_of_user(&mut self, user_id: &str) -> StoreResult<Vec<QuizAttempt>> {
        let q = by_start(select_attempts().and_where(Expr::col("userId").eq(user_id)));
        self.all(build(&q), decode_attempt).await
    }

    async fn attempts_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<QuizAttempt>> {
        let q = by_start(select_attempts().and_where(Expr::col("quizId").eq(quiz_id)));
        self.all(build(&q), decode_attempt).await
    }

    async fn insert_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()> {
        let sql = insert_sql(ATTEMPT, &ATTEMPT_COLUMNS, attempt_values(attempt))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()> {
        let sql = update_sql(
            ATTEMPT,
            &ATTEMPT_COLUMNS,
            attempt_values(attempt),
            &attempt.id,
        );
        self.exec_one(sql, "QuizAttempt", &attempt.id).await
    }

    async fn answers_of_attempt(&mut self, attempt_id: &str) -> StoreResult<Vec<QuestionAnswer>> {
        let q = select_answers()
            .and_where(Expr::col("attemptId").eq(attempt_id))
            .order_by("questionId", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_answer).await
    }

    async fn answers_of_attempts(
        &mut self,
        attempt_ids: &[String],
    ) -> StoreResult<Vec<QuestionAnswer>> {
        if attempt_ids.is_empty() {
            return Ok(Vec::new());
        }
        let q = select_answers()
            .and_where(Expr::col("attemptId").is_in(attempt_ids.iter().cloned()))
            .order_by("attemptId", Order::Asc)
            .order_by("questionId", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_answer).await
    }

    async fn insert_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()> {
        let sql = insert_sql(ANSWER, &ANSWER_COLUMNS, answer_values(answer))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()> {
        let sql = update_sql(ANSWER, &ANSWER_COLUMNS, answer_values(answer), &answer.id);
        self.exec_one(sql, "QuestionAnswer", &answer.id).await
    }

    async fn delete_answer(&mut self, id: &str) -> StoreResult<()> {
        self.exec_one(delete_sql(ANSWER, id), "QuestionAnswer", id)
            .await
    }
}
