use async_trait::async_trait;
use titan_core::model::{Category, Course, Lesson, Module};
use titan_core::ports::{
    CatalogQuery, CatalogRepository, LessonRef, PlacedLesson, StoreError, StoreResult, constraint,
};

use crate::table::{Table, key2, sort_order};
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(Course, Module, Lesson, Category);

const COURSE_BY_SLUG: usize = 0;
/// Every course, by slug (for slug prefix scans).
const COURSES_BY_SLUG: usize = 0;
/// Published courses by title, in group `""` or `{categoryId}`.
const PUBLISHED: usize = 1;
const MODULES_BY_COURSE: usize = 0;
const LESSONS_BY_MODULE: usize = 0;
const CATEGORIES_IN_ORDER: usize = 0;

const ALL: &str = "";

tables! {
    CatalogTables {
        courses: Table<Course> = Table::<Course>::new("Course")
            .unique(constraint::COURSE_SLUG, |c| Some(c.slug.clone()))
            .unique(constraint::COURSE_YT_PLAYLIST, |c| c.yt_playlist_id.clone())
            .index(|c| Some((ALL.to_owned(), c.slug.clone())))
            .index(|c| c.is_published.then(|| (ALL.to_owned(), key2(&c.title, &c.id)))),
        modules: Table<Module> = Table::<Module>::new("Module")
            .index(|m| Some((m.course_id.clone(), sort_order(m.order)))),
        lessons: Table<Lesson> = Table::<Lesson>::new("Lesson")
            .index(|l| Some((l.module_id.clone(), sort_order(l.order)))),
        categories: Table<Category> = Table::<Category>::new("Category")
            .unique(constraint::CATEGORY_SLUG, |c| Some(c.slug.clone()))
            .index(|c| Some((ALL.to_owned(), key2(&sort_order(c.order), &c.name)))),
    }
}

impl State {
    /// Deletes a lesson and its progress rows.
    pub(crate) fn delete_lesson_cascade(&mut self, lesson_id: &str) -> StoreResult<()> {
        let progress: Vec<String> = self
            .progress
            .progress
            .by_index(crate::progress::BY_LESSON, lesson_id)
            .map(|p| p.id.clone())
            .collect();
        for id in progress {
            self.progress.progress.delete(&id)?;
        }
        self.catalog.lessons.delete(lesson_id).map(|_| ())
    }

    /// Deletes a module with its lessons and quizzes.
    pub(crate) fn delete_module_cascade(&mut self, module_id: &str) -> StoreResult<()> {
        let lessons: Vec<String> = self
            .catalog
            .lessons
            .by_index(LESSONS_BY_MODULE, module_id)
            .map(|l| l.id.clone())
            .collect();
        for id in lessons {
            self.delete_lesson_cascade(&id)?;
        }
        self.delete_quizzes_of_module(module_id)?;
        self.catalog.modules.delete(module_id).map(|_| ())
    }
}

fn modules_of(state: &State, course_id: &str) -> Vec<Module> {
    state
        .catalog
        .modules
        .by_index(MODULES_BY_COURSE, course_id)
        .cloned()
        .collect()
}

#[async_trait]
impl CatalogRepository for MemoryUnitOfWork {
    async fn course(&mut self, id: &str) -> StoreResult<Option<Course>> {
        Ok(self.state().catalog.courses.get(id).cloned())
    }

    async fn course_for_update(&mut self, id: &str) -> StoreResult<Option<Course>> {
        Ok(self.state().catalog.courses.get(id).cloned())
    }

    async fn course_by_slug(&mut self, slug: &str) -> StoreResult<Option<Course>> {
        Ok(self
            .state()
            .catalog
            .courses
            .by_unique(COURSE_BY_SLUG, slug)
            .cloned())
    }

    async fn slugs_like(&mut self, base: &str) -> StoreResult<Vec<String>> {
        let prefix = format!("{base}-");
        Ok(self
            .state()
            .catalog
            .courses
            .by_index_from(COURSES_BY_SLUG, ALL, base)
            .map(|c| &c.slug)
            .take_while(|s| s.starts_with(base))
            .filter(|s| {
                *s == base
                    || s.strip_prefix(&prefix)
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .cloned()
            .collect())
    }

    async fn published_courses(&mut self, query: &CatalogQuery) -> StoreResult<Vec<Course>> {
        Ok(self
            .state()
            .catalog
            .courses
            .by_index(PUBLISHED, ALL)
            .filter(|c| {
                query
                    .category_id
                    .as_deref()
                    .is_none_or(|cat| c.category_id.as_deref() == Some(cat))
            })
            .skip(query.offset)
            .take(query.limit)
            .cloned()
            .collect())
    }

    async fn insert_course(&mut self, course: &Course) -> StoreResult<()> {
        self.state_mut()?.catalog.courses.insert(course.clone())
    }

    async fn update_course(&mut self, course: &Course) -> StoreResult<()> {
        self.state_mut()?.catalog.courses.update(course.clone())
    }

    async fn delete_course(&mut self, id: &str) -> StoreResult<()> {
        let state = self.state_mut()?;
        if state.catalog.courses.get(id).is_none() {
            return Err(StoreError::NotFound {
                entity: "Course",
                id: id.to_owned(),
            });
        }
        // feedback_surveys.courseId has no cascade in the seed: PostgreSQL refuses the delete.
        if state.surveys_reference_course(id) {
            return Err(StoreError::conflict("feedback_surveys_courseId_fkey"));
        }
        for m in modules_of(state, id) {
            state.delete_module_cascade(&m.id)?;
        }
        let enrollments: Vec<String> = state
            .enrollments
            .enrollments
            .by_index(crate::enrollments::BY_COURSE, id)
            .map(|e| e.id.clone())
            .collect();
        for e in enrollments {
            state.enrollments.enrollments.delete(&e)?;
        }
        state.delete_sessions_of_course(id)?;
        state.delete_certificates_of_course(id)?;
        state.catalog.courses.delete(id).map(|_| ())
    }

    async fn module(&mut self, id: &str) -> StoreResult<Option<Module>> {
        Ok(self.state().catalog.modules.get(id).cloned())
    }

    async fn modules_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Module>> {
        Ok(modules_of(self.state(), course_id))
    }

    async fn insert_module(&mut self, module: &Module) -> StoreResult<()> {
        self.state_mut()?.catalog.modules.insert(module.clone())
    }

    async fn update_module(&mut self, module: &Module) -> StoreResult<()> {
        self.state_mut()?.catalog.modules.update(module.clone())
    }

    async fn delete_module(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.delete_module_cascade(id)
    }

    async fn lesson(&mut self, id: &str) -> StoreResult<Option<Lesson>> {
        Ok(self.state().catalog.lessons.get(id).cloned())
    }

    async fn placed_lesson(&mut self, id: &str) -> StoreResult<Option<PlacedLesson>> {
        let catalog = &self.state().catalog;
        Ok(catalog.lessons.get(id).and_then(|lesson| {
            catalog
                .modules
                .get(&lesson.module_id)
                .map(|m| PlacedLesson {
                    lesson: lesson.clone(),
                    course_id: m.course_id.clone(),
                })
        }))
    }

    async fn lessons_of_module(&mut self, module_id: &str) -> StoreResult<Vec<Lesson>> {
        Ok(self
            .state()
            .catalog
            .lessons
            .by_index(LESSONS_BY_MODULE, module_id)
            .cloned()
            .collect())
    }

    async fn lessons_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Lesson>> {
        let state = self.state();
        Ok(state
            .catalog
            .modules
            .by_index(MODULES_BY_COURSE, course_id)
            .flat_map(|m| state.catalog.lessons.by_index(LESSONS_BY_MODULE, &m.id))
            .cloned()
            .collect())
    }

    async fn lesson_refs_of_course(&mut self, course_id: &str) -> StoreResult<Vec<LessonRef>> {
        let state = self.state();
        Ok(state
            .catalog
            .modules
            .by_index(MODULES_BY_COURSE, course_id)
            .flat_map(|m| state.catalog.lessons.by_index(LESSONS_BY_MODULE, &m.id))
            .map(|l| LessonRef {
                id: l.id.clone(),
                duration: l.duration,
            })
            .collect())
    }

    async fn insert_lesson(&mut self, lesson: &Lesson) -> StoreResult<()> {
        self.state_mut()?.catalog.lessons.insert(lesson.clone())
    }

    async fn update_lesson(&mut self, lesson: &Lesson) -> StoreResult<()> {
        self.state_mut()?.catalog.lessons.update(lesson.clone())
    }

    async fn delete_lesson(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.delete_lesson_cascade(id)
    }

    async fn category(&mut self, id: &str) -> StoreResult<Option<Category>> {
        Ok(self.state().catalog.categories.get(id).cloned())
    }

    async fn categories(&mut self) -> StoreResult<Vec<Category>> {
        Ok(self
            .state()
            .catalog
            .categories
            .by_index(CATEGORIES_IN_ORDER, ALL)
            .cloned()
            .collect())
    }

    async fn insert_category(&mut self, category: &Category) -> StoreResult<()> {
        self.state_mut()?
            .catalog
            .categories
            .insert(category.clone())
    }

    async fn update_category(&mut self, category: &Category) -> StoreResult<()> {
        self.state_mut()?
            .catalog
            .categories
            .update(category.clone())
    }
}
