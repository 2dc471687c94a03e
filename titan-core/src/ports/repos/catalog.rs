use async_trait::async_trait;

use crate::model::{Category, Course, Lesson, Module};
use crate::ports::StoreResult;

/// A lesson with the course it belongs to (through its module): what the learning hot path
/// needs in one read.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLesson {
    /// The lesson.
    pub lesson: Lesson,
    /// Its module's course.
    pub course_id: String,
}

/// A lesson's id and duration: what progress needs of every lesson of a course, read without the
/// lesson's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonRef {
    /// The lesson.
    pub id: String,
    /// Its `duration` in seconds.
    pub duration: Option<i32>,
}

/// Which published courses the catalog lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    /// Only this category.
    pub category_id: Option<String>,
    /// Skip this many (ordered by title, then id).
    pub offset: usize,
    /// At most this many.
    pub limit: usize,
}

/// Courses, modules, lessons and categories.
#[async_trait]
pub trait CatalogRepository: Send {
    /// The course with `id`.
    async fn course(&mut self, id: &str) -> StoreResult<Option<Course>>;

    /// The course with `id`, locked until the unit of work ends (enrolment takes this lock, so
    /// the seat count it reads stays true until it commits).
    async fn course_for_update(&mut self, id: &str) -> StoreResult<Option<Course>>;

    /// The course with this slug.
    async fn course_by_slug(&mut self, slug: &str) -> StoreResult<Option<Course>>;

    /// Slugs equal to `base` or of the form `{base}-{n}`, for [`crate::rules::catalog::unique_slug`].
    async fn slugs_like(&mut self, base: &str) -> StoreResult<Vec<String>>;

    /// Published courses, ordered by title then id.
    async fn published_courses(&mut self, query: &CatalogQuery) -> StoreResult<Vec<Course>>;

    /// Adds a course.
    ///
    /// # Errors
    /// `Conflict` on [`COURSE_SLUG`](crate::ports::constraint::COURSE_SLUG),
    /// [`COURSE_YT_PLAYLIST`](crate::ports::constraint::COURSE_YT_PLAYLIST) or the primary key.
    async fn insert_course(&mut self, course: &Course) -> StoreResult<()>;

    /// Replaces a course.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on slug or playlist id.
    async fn update_course(&mut self, course: &Course) -> StoreResult<()>;

    /// Deletes a course and, as the seed's cascades do, its modules, lessons, quizzes (with
    /// questions, attempts and answers), progress rows, enrolments, sessions (with attendance
    /// and tokens) and certificates.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_course(&mut self, id: &str) -> StoreResult<()>;

    /// The module with `id`.
    async fn module(&mut self, id: &str) -> StoreResult<Option<Module>>;

    /// The course's modules, by `order` then id.
    async fn modules_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Module>>;

    /// Adds a module.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_module(&mut self, module: &Module) -> StoreResult<()>;

    /// Replaces a module.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_module(&mut self, module: &Module) -> StoreResult<()>;

    /// Deletes a module with its lessons (and their progress) and quizzes.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_module(&mut self, id: &str) -> StoreResult<()>;

    /// The lesson with `id`.
    async fn lesson(&mut self, id: &str) -> StoreResult<Option<Lesson>>;

    /// The lesson with `id` and its course id, in one read.
    async fn placed_lesson(&mut self, id: &str) -> StoreResult<Option<PlacedLesson>>;

    /// The module's lessons, by `order` then id.
    async fn lessons_of_module(&mut self, module_id: &str) -> StoreResult<Vec<Lesson>>;

    /// Every lesson of the course, by module `order`, then lesson `order`, then id.
    async fn lessons_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Lesson>>;

    /// The id and duration of every lesson of the course, in the order of
    /// [`lessons_of_course`](Self::lessons_of_course).
    async fn lesson_refs_of_course(&mut self, course_id: &str) -> StoreResult<Vec<LessonRef>>;

    /// Adds a lesson.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_lesson(&mut self, lesson: &Lesson) -> StoreResult<()>;

    /// Replaces a lesson.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_lesson(&mut self, lesson: &Lesson) -> StoreResult<()>;

    /// Deletes a lesson with its progress rows.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_lesson(&mut self, id: &str) -> StoreResult<()>;

    /// The category with `id`.
    async fn category(&mut self, id: &str) -> StoreResult<Option<Category>>;

    /// Every category, by `order`, then name, then id.
    async fn categories(&mut self) -> StoreResult<Vec<Category>>;

    /// Adds a category.
    ///
    /// # Errors
    /// `Conflict` on [`CATEGORY_SLUG`](crate::ports::constraint::CATEGORY_SLUG) or the primary key.
    async fn insert_category(&mut self, category: &Category) -> StoreResult<()>;

    /// Replaces a category.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on the slug.
    async fn update_category(&mut self, category: &Category) -> StoreResult<()>;
}
