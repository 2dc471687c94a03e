use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::{FeedbackResponse, FeedbackSurvey};
use titan_core::ports::{StoreResult, SurveyRepository};

use crate::PgUnitOfWork;
use crate::codec::{build, get, get_time, get_time_opt, insert_sql, time, time_opt, update_sql};

const SURVEY: &str = "feedback_surveys";
const SURVEY_COLUMNS: [&str; 10] = [
    "id",
    "courseId",
    "sessionId",
    "title",
    "description",
    "isActive",
    "startsAt",
    "endsAt",
    "createdAt",
    "updatedAt",
];

const RESPONSE: &str = "feedback_responses";
const RESPONSE_COLUMNS: [&str; 12] = [
    "id",
    "surveyId",
    "userId",
    "instructorRating",
    "materialRating",
    "facilityRating",
    "overallRating",
    "strengths",
    "improvements",
    "suggestions",
    "isAnonymous",
    "submittedAt",
];

fn survey_by_id(id: &str) -> SelectStatement {
    Query::select()
        .columns(SURVEY_COLUMNS)
        .from(SURVEY)
        .and_where(Expr::col("id").eq(id))
        .to_owned()
}

fn decode_survey(row: &PgRow) -> StoreResult<FeedbackSurvey> {
    Ok(FeedbackSurvey {
        id: get(row, "id")?,
        course_id: get(row, "courseId")?,
        session_id: get(row, "sessionId")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        is_active: get(row, "isActive")?,
        starts_at: get_time_opt(row, "startsAt")?,
        ends_at: get_time_opt(row, "endsAt")?,
        created_at: get_time(row, "createdAt")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

fn survey_values(s: &FeedbackSurvey) -> Vec<SimpleExpr> {
    vec![
        Expr::val(s.id.clone()),
        Expr::val(s.course_id.clone()),
        Expr::val(s.session_id.clone()),
        Expr::val(s.title.clone()),
        Expr::val(s.description.clone()),
        Expr::val(s.is_active),
        Expr::val(time_opt(s.starts_at)),
        Expr::val(time_opt(s.ends_at)),
        Expr::val(time(s.created_at)),
        Expr::val(time(s.updated_at)),
    ]
}

fn responses_where(column: &'static str, value: &str) -> SelectStatement {
    Query::select()
        .columns(RESPONSE_COLUMNS)
        .from(RESPONSE)
        .and_where(Expr::col(column).eq(value))
        .to_owned()
}

fn decode_response(row: &PgRow) -> StoreResult<FeedbackResponse> {
    Ok(FeedbackResponse {
        id: get(row, "id")?,
        survey_id: get(row, "surveyId")?,
        user_id: get(row, "userId")?,
        instructor_rating: get(row, "instructorRating")?,
        material_rating: get(row, "materialRating")?,
        facility_rating: get(row, "facilityRating")?,
        overall_rating: get(row, "overallRating")?,
        strengths: get(row, "strengths")?,
        improvements: get(row, "improvements")?,
        suggestions: get(row, "suggestions")?,
        is_anonymous: get(row, "isAnonymous")?,
        submitted_at: get_time(row, "submittedAt")?,
    })
}

fn response_values(r: &FeedbackResponse) -> Vec<SimpleExpr> {
    vec![
        Expr::val(r.id.clone()),
        Expr::val(r.survey_id.clone()),
        Expr::val(r.user_id.clone()),
        Expr::val(r.instructor_rating),
        Expr::val(r.material_rating),
        Expr::val(r.facility_rating),
        Expr::val(r.overall_rating),
        Expr::val(r.strengths.clone()),
        Expr::val(r.improvements.clone()),
        Expr::val(r.suggestions.clone()),
        Expr::val(r.is_anonymous),
        Expr::val(time(r.submitted_at)),
    ]
}

#[async_trait]
impl SurveyRepository for PgUnitOfWork {
    async fn survey(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>> {
        self.one(build(&survey_by_id(id)), decode_survey).await
    }

    async fn survey_for_update(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>> {
        let sql = self.locked(survey_by_id(id));
        self.one(sql, decode_survey).await
    }

    async fn surveys_of_course(&mut self, course_id: &str) -> StoreResult<Vec<FeedbackSurvey>> {
        let q = Query::select()
            .columns(SURVEY_COLUMNS)
            .from(SURVEY)
            .and_where(Expr::col("courseId").eq(course_id))
            .order_by("createdAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_survey).await
    }

    async fn insert_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()> {
        let sql = insert_sql(SURVEY, &SURVEY_COLUMNS, survey_values(survey))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()> {
        let sql = update_sql(SURVEY, &SURVEY_COLUMNS, survey_values(survey), &survey.id);
        self.exec_one(sql, SURVEY, &survey.id).await
    }

    async fn response_of_user(
        &mut self,
        survey_id: &str,
        user_id: &str,
    ) -> StoreResult<Option<FeedbackResponse>> {
        let q = responses_where("surveyId", survey_id)
            .and_where(Expr::col("userId").eq(user_id))
            .to_owned();
        self.one(build(&q), decode_response).await
    }

    async fn responses_of_survey(&mut self, survey_id: &str) -> StoreResult<Vec<FeedbackResponse>> {
        let q = responses_where("surveyId", survey_id)
            .order_by("submittedAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_response).await
    }

    async fn insert_response(&mut self, response: &FeedbackResponse) -> StoreResult<()> {
        let sql = insert_sql(RESPONSE, &RESPONSE_COLUMNS, response_values(response))?;
        self.exec(sql).await.map(|_| ())
    }
}
