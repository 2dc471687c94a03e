use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::{Category, Course, Lesson, Module};
use titan_core::ports::{CatalogQuery, CatalogRepository, LessonRef, PlacedLesson, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{
    build, delete_sql, enum_text, enum_text_as, enum_value, get, get_enum, get_time, get_time_opt,
    insert_sql, time, time_opt, update_sql,
};

const COURSE: &str = "Course";
const COURSE_COLUMNS: [&str; 19] = [
    "id",
    "title",
    "slug",
    "description",
    "thumbnail",
    "isPublished",
    "duration",
    "capacity",
    "startDate",
    "endDate",
    "ytPlaylistId",
    "isProcessing",
    "processingStatus",
    "lastProcessedAt",
    "syncConfig",
    "instructorId",
    "categoryId",
    "deliveryMode",
    "difficulty",
];

fn select_courses() -> SelectStatement {
    Query::select()
        .columns(COURSE_COLUMNS[..17].iter().copied())
        .expr(enum_text("deliveryMode"))
        .expr(enum_text("difficulty"))
        .from(COURSE)
        .to_owned()
}

fn decode_course(row: &PgRow) -> StoreResult<Course> {
    Ok(Course {
        id: get(row, "id")?,
        title: get(row, "title")?,
        slug: get(row, "slug")?,
        description: get(row, "description")?,
        thumbnail: get(row, "thumbnail")?,
        delivery_mode: get_enum(row, "deliveryMode")?,
        difficulty: get_enum(row, "difficulty")?,
        is_published: get(row, "isPublished")?,
        duration: get(row, "duration")?,
        capacity: get(row, "capacity")?,
        start_date: get_time_opt(row, "startDate")?,
        end_date: get_time_opt(row, "endDate")?,
        yt_playlist_id: get(row, "ytPlaylistId")?,
        is_processing: get(row, "isProcessing")?,
        processing_status: get(row, "processingStatus")?,
        last_processed_at: get_time_opt(row, "lastProcessedAt")?,
        sync_config: get(row, "syncConfig")?,
        instructor_id: get(row, "instructorId")?,
        category_id: get(row, "categoryId")?,
    })
}

fn course_values(c: &Course) -> Vec<SimpleExpr> {
    vec![
        Expr::val(c.id.clone()),
        Expr::val(c.title.clone()),
        Expr::val(c.slug.clone()),
        Expr::val(c.description.clone()),
        Expr::val(c.thumbnail.clone()),
        Expr::val(c.is_published),
        Expr::val(c.duration),
        Expr::val(c.capacity),
        Expr::val(time_opt(c.start_date)),
        Expr::val(time_opt(c.end_date)),
        Expr::val(c.yt_playlist_id.clone()),
        Expr::val(c.is_processing),
        Expr::val(c.processing_status.clone()),
        Expr::val(time_opt(c.last_processed_at)),
        Expr::val(c.sync_config.clone()),
        Expr::val(c.instructor_id.clone()),
        Expr::val(c.category_id.clone()),
        enum_value("DeliveryMode", c.delivery_mode.as_str()),
        enum_value("Difficulty", c.difficulty.as_str()),
    ]
}

const MODULE: &str = "Module";
const MODULE_COLUMNS: [&str; 8] = [
    "id",
    "courseId",
    "title",
    "description",
    "order",
    "duration",
    "createdAt",
    "updatedAt",
];

fn select_modules() -> SelectStatement {
    Query::select()
        .columns(MODULE_COLUMNS)
        .from(MODULE)
        .to_owned()
}

fn decode_module(row: &PgRow) -> StoreResult<Module> {
    Ok(Module {
        id: get(row, "id")?,
        course_id: get(row, "courseId")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        order: get(row, "order")?,
        duration: get(row, "duration")?,
        created_at: get_time(row, "createdAt")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

fn module_values(m: &Module) -> Vec<SimpleExpr> {
    vec![
        Expr::val(m.id.clone()),
        Expr::val(m.course_id.clone()),
        Expr::val(m.title.clone()),
        Expr::val(m.description.clone()),
        Expr::val(m.order),
        Expr::val(m.duration),
        Expr::val(time(m.created_at)),
        Expr::val(time(m.updated_at)),
    ]
}

const LESSON: &str = "Lesson";
const LESSON_COLUMNS: [&str; 15] = [
    "id",
    "moduleId",
    "title",
    "description",
    "order",
    "content",
    "videoUrl",
    "ytVideoId",
    "fileUrl",
    "scormUrl",
    "externalUrl",
    "duration",
    "createdAt",
    "updatedAt",
    "contentType",
];

/// Lesson columns qualified by the table (for joins).
fn select_lessons() -> SelectStatement {
    let mut q = Query::select();
    for c in &LESSON_COLUMNS[..14] {
        q.column((LESSON, *c));
    }
    q.expr(enum_text_as(LESSON, "contentType", "contentType"))
        .from(LESSON);
    q
}

fn decode_lesson(row: &PgRow) -> StoreResult<Lesson> {
    Ok(Lesson {
        id: get(row, "id")?,
        module_id: get(row, "moduleId")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        order: get(row, "order")?,
        content_type: get_enum(row, "contentType")?,
        content: get(row, "content")?,
        video_url: get(row, "videoUrl")?,
        yt_video_id: get(row, "ytVideoId")?,
        file_url: get(row, "fileUrl")?,
        scorm_url: get(row, "scormUrl")?,
        external_url: get(row, "externalUrl")?,
        duration: get(row, "duration")?,
        created_at: get_time(row, "createdAt")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

fn lesson_values(l: &Lesson) -> Vec<SimpleExpr> {
    vec![
        Expr::val(l.id.clone()),
        Expr::val(l.module_id.clone()),
        Expr::val(l.title.clone()),
        Expr::val(l.description.clone()),
        Expr::val(l.order),
        Expr::val(l.content.clone()),
        Expr::val(l.video_url.clone()),
        Expr::val(l.yt_video_id.clone()),
        Expr::val(l.file_url.clone()),
        Expr::val(l.scorm_url.clone()),
        Expr::val(l.external_url.clone()),
        Expr::val(l.duration),
        Expr::val(time(l.created_at)),
        Expr::val(time(l.updated_at)),
        enum_value("ContentType", l.content_type.as_str()),
    ]
}

/// Lessons of a course's modules, joined, by module order, lesson order, id.
fn lessons_of_course_query(course_id: &str) -> SelectStatement {
    select_lessons()
        .inner_join(
            MODULE,
            Expr::col((MODULE, "id")).equals((LESSON, "moduleId")),
        )
        .and_where(Expr::col((MODULE, "courseId")).eq(course_id))
        .order_by((MODULE, "order"), Order::Asc)
        .order_by((MODULE, "id"), Order::Asc)
        .order_by((LESSON, "order"), Order::Asc)
        .order_by((LESSON, "id"), Order::Asc)
        .to_owned()
}

const CATEGORY: &str = "Category";
const CATEGORY_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "slug",
    "icon",
    "description",
    "order",
    "createdAt",
    "updatedAt",
];

fn decode_category(row: &PgRow) -> StoreResult<Category> {
    Ok(Category {
        id: get(row, "id")?,
        name: get(row, "name")?,
        slug: get(row, "slug")?,
        icon: get(row, "icon")?,
        description: get(row, "description")?,
        order: get(row, "order")?,
        created_at: get_time(row, "createdAt")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

fn category_values(c: &Category) -> Vec<SimpleExpr> {
    vec![
        Expr::val(c.id.clone()),
        Expr::val(c.name.clone()),
        Expr::val(c.slug.clone()),
        Expr::val(c.icon.clone()),
        Expr::val(c.description.clone()),
        Expr::val(c.order),
        Expr::val(time(c.created_at)),
        Expr::val(time(c.updated_at)),
    ]
}

/// A `LIKE` pattern matching `text` literally.
fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The ids and durations of a course's lessons, in course order (module `order`, lesson
/// `order`, ids breaking ties); read back by [`decode_lesson_ref`].
pub(super) fn lesson_refs_of(course_id: &str) -> SelectStatement {
    Query::select()
        .column((LESSON, "id"))
        .column((LESSON, "duration"))
        .from(LESSON)
        .inner_join(
            MODULE,
            Expr::col((MODULE, "id")).equals((LESSON, "moduleId")),
        )
        .and_where(Expr::col((MODULE, "courseId")).eq(course_id))
        .order_by((MODULE, "order"), Order::Asc)
        .order_by((MODULE, "id"), Order::Asc)
        .order_by((LESSON, "order"), Order::Asc)
        .order_by((LESSON, "id"), Order::Asc)
        .to_owned()
}

/// A row of [`lesson_refs_of`].
pub(super) fn decode_lesson_ref(row: &PgRow) -> StoreResult<LessonRef> {
    Ok(LessonRef {
        id: get(row, "id")?,
        duration: get(row, "duration")?,
    })
}

#[async_trait]
impl CatalogRepository for PgUnitOfWork {
    async fn course(&mut self, id: &str) -> StoreResult<Option<Course>> {
        let q = select_courses()
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        self.one(build(&q), decode_course).await
    }

    async fn course_for_update(&mut self, id: &str) -> StoreResult<Option<Course>> {
        let sql = self.locked(
            select_courses()
                .and_where(Expr::col("id").eq(id))
                .to_owned(),
        );
        self.one(sql, decode_course).await
    }

    async fn course_by_slug(&mut self, slug: &str) -> StoreResult<Option<Course>> {
        let q = select_courses()
            .and_where(Expr::col("slug").eq(slug))
            .to_owned();
        self.one(build(&q), decode_course).await
    }

    async fn slugs_like(&mut self, base: &str) -> StoreResult<Vec<String>> {
        let prefix = format!("{}-%", like_literal(base));
        let q = Query::select()
            .column("slug")
            .from(COURSE)
            .cond_where(
                sea_query::Cond::any()
                    .add(Expr::col("slug").eq(base))
                    .add(Expr::col("slug").like(sea_query::LikeExpr::new(prefix).escape('\\'))),
            )
            .to_owned();
        let slugs: Vec<String> = self.all(build(&q), |r| get(r, "slug")).await?;
        let dashed = format!("{base}-");
        Ok(slugs
            .into_iter()
            .filter(|s| {
                s == base
                    || s.strip_prefix(&dashed)
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .collect())
    }

    async fn published_courses(&mut self, query: &CatalogQuery) -> StoreResult<Vec<Course>> {
        let mut q = select_courses();
        q.and_where(Expr::col("isPublished").eq(true));
        if let Some(category) = &query.category_id {
            q.and_where(Expr::col("categoryId").eq(category.as_str()));
        }
        q.order_by("title", Order::Asc)
            .order_by("id", Order::Asc)
            .offset(u64::try_from(query.offset).unwrap_or(u64::MAX))
            .limit(u64::try_from(query.limit).unwrap_or(u64::MAX));
        self.all(build(&q), decode_course).await
    }

    async fn insert_course(&mut self, course: &Course) -> StoreResult<()> {
        let sql = insert_sql(COURSE, &COURSE_COLUMNS, course_values(course))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_course(&mut self, course: &Course) -> StoreResult<()> {
        let sql = update_sql(COURSE, &COURSE_COLUMNS, course_values(course), &course.id);
        self.exec_one(sql, "Course", &course.id).await
    }

    async fn delete_course(&mut self, id: &str) -> StoreResult<()> {
        // Modules, lessons, quizzes (with questions, attempts, answers), progress, enrolments,
        // sessions (with attendance and tokens) and certificates go with it through the seed's
        // cascading foreign keys; a survey still referencing it refuses the delete
        // (`feedback_surveys_courseId_fkey`), as the seed has no cascade there.
        self.exec_one(delete_sql(COURSE, id), "Course", id).await
    }

    async fn module(&mut self, id: &str) -> StoreResult<Option<Module>> {
        let q = select_modules()
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        self.one(build(&q), decode_module).await
    }

    async fn modules_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Module>> {
        let q = select_modules()
            .and_where(Expr::col("courseId").eq(course_id))
            .order_by("order", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_module).await
    }

    async fn insert_module(&mut self, module: &Module) -> StoreResult<()> {
        let sql = insert_sql(MODULE, &MODULE_COLUMNS, module_values(module))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_module(&mut self, module: &Module) -> StoreResult<()> {
        let sql = update_sql(MODULE, &MODULE_COLUMNS, module_values(module), &module.id);
        self.exec_one(sql, "Module", &module.id).await
    }

    async fn delete_module(&mut self, id: &str) -> StoreResult<()> {
        // Lessons (with progress) and quizzes (with their rows) cascade.
        self.exec_one(delete_sql(MODULE, id), "Module", id).await
    }

    async fn lesson(&mut self, id: &str) -> StoreResult<Option<Lesson>> {
        let q = select_lessons()
            .and_where(Expr::col((LESSON, "id")).eq(id))
            .to_owned();
        self.one(build(&q), decode_lesson).await
    }

    async fn placed_lesson(&mut self, id: &str) -> StoreResult<Option<PlacedLesson>> {
        let q = select_lessons()
            .expr_as(Expr::col((MODULE, "courseId")), "placedCourseId")
            .inner_join(
                MODULE,
                Expr::col((MODULE, "id")).equals((LESSON, "moduleId")),
            )
            .and_where(Expr::col((LESSON, "id")).eq(id))
            .to_owned();
        self.one(build(&q), |row| {
            Ok(PlacedLesson {
                lesson: decode_lesson(row)?,
                course_id: get(row, "placedCourseId")?,
            })
        })
        .await
    }

    async fn lessons_of_module(&mut self, module_id: &str) -> StoreResult<Vec<Lesson>> {
        let q = select_lessons()
            .and_where(Expr::col((LESSON, "moduleId")).eq(module_id))
            .order_by((LESSON, "order"), Order::Asc)
            .order_by((LESSON, "id"), Order::Asc)
            .to_owned();
        self.all(build(&q), decode_lesson).await
    }

    async fn lessons_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Lesson>> {
        self.all(build(&lessons_of_course_query(course_id)), decode_lesson)
            .await
    }

    async fn lesson_refs_of_course(&mut self, course_id: &str) -> StoreResult<Vec<LessonRef>> {
        self.all(build(&lesson_refs_of(course_id)), decode_lesson_ref)
            .await
    }

    async fn insert_lesson(&mut self, lesson: &Lesson) -> StoreResult<()> {
        let sql = insert_sql(LESSON, &LESSON_COLUMNS, lesson_values(lesson))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_lesson(&mut self, lesson: &Lesson) -> StoreResult<()> {
        let sql = update_sql(LESSON, &LESSON_COLUMNS, lesson_values(lesson), &lesson.id);
        self.exec_one(sql, "Lesson", &lesson.id).await
    }

    async fn delete_lesson(&mut self, id: &str) -> StoreResult<()> {
        self.exec_one(delete_sql(LESSON, id), "Lesson", id).await
    }

    async fn category(&mut self, id: &str) -> StoreResult<Option<Category>> {
        let q = Query::select()
            .columns(CATEGORY_COLUMNS)
            .from(CATEGORY)
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        self.one(build(&q), decode_category).await
    }

    async fn categories(&mut self) -> StoreResult<Vec<Category>> {
        let q = Query::select()
            .columns(CATEGORY_COLUMNS)
            .from(CATEGORY)
            .order_by("order", Order::Asc)
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_category).await
    }

    async fn insert_category(&mut self, category: &Category) -> StoreResult<()> {
        let sql = insert_sql(CATEGORY, &CATEGORY_COLUMNS, category_values(category))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_category(&mut self, category: &Category) -> StoreResult<()> {
        let sql = update_sql(
            CATEGORY,
            &CATEGORY_COLUMNS,
            category_values(category),
            &category.id,
        );
        self.exec_one(sql, "Category", &category.id).await
    }
}
