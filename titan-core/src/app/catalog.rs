//! The catalog (SPEC §2): courses, modules, lessons and categories; publishing; the public
//! catalog and a course's outline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod content;

pub use content::{LessonInput, ModuleInput};

use super::users::clean;
use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{Category, Course, DeliveryMode, Difficulty, Lesson, Module, Quiz, User};
use crate::ports::{CatalogQuery, UnitOfWork};
use crate::rules::catalog::{
    course_durations, publish_readiness, slugify, unique_slug, validate_course_fields,
};
use crate::rules::identity::{Action, CourseFacts, Resource};

/// A course's editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CourseInput {
    /// At least 3 characters.
    pub title: String,
    /// At least 10 characters.
    pub description: String,
    /// Picture URL.
    pub thumbnail: Option<String>,
    /// Delivery mode (default ASYNC_ONLINE).
    pub delivery_mode: DeliveryMode,
    /// Difficulty (default BEGINNER).
    pub difficulty: Difficulty,
    /// Seats; `None` = unlimited.
    pub capacity: Option<i32>,
    /// Enrolment opens (see the catalog policy's `enrol_before_start`).
    pub start_date: Option<DateTime<Utc>>,
    /// Enrolment closes after this instant.
    pub end_date: Option<DateTime<Utc>>,
    /// Category.
    pub category_id: Option<String>,
}

impl CourseInput {
    /// A course with a title and a description, other fields at their defaults.
    #[must_use]
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            ..Self::default()
        }
    }
}

/// A category's editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CategoryInput {
    /// Name (required); the slug is made from it.
    pub name: String,
    /// Icon name or URL.
    pub icon: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Position in lists.
    pub order: i32,
}

/// One page of the public catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogPage {
    /// Published courses, by title.
    pub courses: Vec<Course>,
}

/// A module with its lessons and quizzes, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutlineModule {
    /// The module.
    pub module: Module,
    /// Its lessons by `order`.
    pub lessons: Vec<Lesson>,
    /// Its quizzes.
    pub quizzes: Vec<Quiz>,
}

/// A course with everything in it, as a learner or an editor sees its structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseOutline {
    /// The course.
    pub course: Course,
    /// Its modules by `order`.
    pub modules: Vec<OutlineModule>,
    /// Course hours in JP (ceil(minutes / 45)).
    pub jp: i32,
}

fn required(field: &'static str, text: &str) -> Result<String> {
    clean(Some(text)).ok_or_else(|| ValidationError::Required { field }.into())
}

fn check_course_input(input: &CourseInput) -> Result<()> {
    validate_course_fields(&input.title, &input.description)?;
    if let Some(capacity) = input.capacity
        && capacity < 0
    {
        return Err(ValidationError::OutOfRange {
            field: "capacity",
            value: capacity.to_string(),
            min: "0".into(),
            max: i32::MAX.to_string(),
        }
        .into());
    }
    if let (Some(start), Some(end)) = (input.start_date, input.end_date)
        && end < start
    {
        return Err(ValidationError::OutOfRange {
            field: "endDate",
            value: end.to_rfc3339(),
            min: start.to_rfc3339(),
            max: "-".into(),
        }
        .into());
    }
    Ok(())
}

fn apply_course_input(course: &mut Course, input: &CourseInput) {
    course.title = input.title.trim().to_owned();
    course.description = input.description.trim().to_owned();
    course.thumbnail = clean(input.thumbnail.as_deref());
    course.delivery_mode = input.delivery_mode;
    course.difficulty = input.difficulty;
    course.capacity = input.capacity;
    course.start_date = input.start_date;
    course.end_date = input.end_date;
    course.category_id = clean(input.category_id.as_deref());
}

impl Titan {
    /// The authorisation facts of a course: its instructor's unit and its seats taken.
    pub(crate) async fn course_facts(
        &self,
        uow: &mut dyn UnitOfWork,
        course: &Course,
    ) -> Result<CourseFacts> {
        let unit = uow
            .users()
            .get(&course.instructor_id)
            .await?
            .and_then(|u| u.unit_kerja);
        let seats = uow.enrollments().seats_taken(&course.id).await?;
        Ok(CourseFacts::of(course, unit.as_deref(), seats))
    }

    /// Loads a course and authorises `action` on it (course editors, …).
    ///
    /// # Errors
    /// `NOT_FOUND`; the authorisation refusal.
    pub(crate) async fn course_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: Action,
        course_id: &str,
    ) -> Result<(User, Course)> {
        let course = uow
            .catalog()
            .course(course_id)
            .await?
            .ok_or_else(|| Error::not_found("Course", course_id))?;
        let facts = self.course_facts(uow, &course).await?;
        let me = self
            .authorize(uow, actor, action, &Resource::Course(facts))
            .await?;
        Ok((me, course))
    }

    /// Loads a course and authorises `VIEW_LEARNER_RECORD` of `learner_id` in it (the learner,
    /// course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; the authorisation refusal.
    pub(crate) async fn learner_record_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        learner_id: &str,
        course_id: &str,
    ) -> Result<Course> {
        let course = uow
            .catalog()
            .course(course_id)
            .await?
            .ok_or_else(|| Error::not_found("Course", course_id))?;
        let facts = self.course_facts(uow, &course).await?;
        self.authorize(
            uow,
            actor,
            Action::ViewLearnerRecord,
            &Resource::LearnerRecord {
                learner_id: learner_id.to_owned(),
                course: facts,
            },
        )
        .await?;
        Ok(course)
    }

    /// Loads a module and its course and authorises `action` on the course.
    pub(crate) async fn module_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: Action,
        module_id: &str,
    ) -> Result<(User, Course, Module)> {
        let module = uow
            .catalog()
            .module(module_id)
            .await?
            .ok_or_else(|| Error::not_found("Module", module_id))?;
        let (me, course) = self
            .course_for(uow, actor, action, &module.course_id)
            .await?;
        Ok((me, course, module))
    }

    /// Creates a course (draft) taught by the actor, with a unique slug from its title.
    ///
    /// # Errors
    /// `IDENTITY_FORBIDDEN` (learners, unless the legacy policy lets them); `CATALOG_*`
    /// title/description errors; `VALIDATION_OUT_OF_RANGE` (capacity, dates); `NOT_FOUND`
    /// (category).
    pub async fn create_course(&self, actor: &Actor, input: &CourseInput) -> Result<Course> {
        check_course_input(input)?;
        write_tx!(self, |uow| {
            let me = self
                .authorize(uow, actor, Action::CreateCourse, &Resource::Platform)
                .await?;
            if let Some(category) = clean(input.category_id.as_deref())
                && uow.catalog().category(&category).await?.is_none()
            {
                return Err(Error::not_found("Category", category));
            }
            let base = slugify(&input.title);
            let slug = unique_slug(&base, uow.catalog().slugs_like(&base).await?);
            let mut course = Course::new(self.ids().uuid(), "", slug, "", me.id.clone());
            apply_course_input(&mut course, input);
            uow.catalog().insert_course(&course).await?;
            Ok(course)
        })
    }

    /// Updates a course's fields (course editors). The slug stays, so links keep working.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; the field errors of [`Titan::create_course`].
    pub async fn update_course(
        &self,
        actor: &Actor,
        course_id: &str,
        input: &CourseInput,
    ) -> Result<Course> {
        check_course_input(input)?;
        write_tx!(self, |uow| {
            let (_, mut course) = self
                .course_for(uow, actor, Action::EditCourse, course_id)
                .await?;
            if let Some(category) = clean(input.category_id.as_deref())
                && uow.catalog().category(&category).await?.is_none()
            {
                return Err(Error::not_found("Category", category));
            }
            apply_course_input(&mut course, input);
            uow.catalog().update_course(&course).await?;
            Ok(course)
        })
    }

    /// Publishes a course (course editors) once it is ready: ≥ 1 module with ≥ 1 lesson, every
    /// lesson with the content its type needs, every QUIZ lesson linked to a quiz of its module.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CATALOG_NOT_READY_TO_PUBLISH` listing every problem.
    pub async fn publish_course(&self, actor: &Actor, course_id: &str) -> Result<Course> {
        write_tx!(self, |uow| {
            let (_, mut course) = self
                .course_for(uow, actor, Action::PublishCourse, course_id)
                .await?;
            let modules = uow.catalog().modules_of_course(course_id).await?;
            let lessons = uow.catalog().lessons_of_course(course_id).await?;
            let quizzes = uow.quizzes().quizzes_of_course(course_id).await?;
            publish_readiness(&course, &modules, &lessons, &quizzes)?;
            if !course.is_published {
                course.is_published = true;
                uow.catalog().update_course(&course).await?;
            }
            Ok(course)
        })
    }

    /// Takes a course out of the catalog (course editors); enrolled learners keep access.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn unpublish_course(&self, actor: &Actor, course_id: &str) -> Result<Course> {
        write_tx!(self, |uow| {
            let (_, mut course) = self
                .course_for(uow, actor, Action::PublishCourse, course_id)
                .await?;
            if course.is_published {
                course.is_published = false;
                uow.catalog().update_course(&course).await?;
            }
            Ok(course)
        })
    }

    /// Deletes a course and everything in it (course editors, only while nobody is enrolled).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN` (`HAS_ENROLMENTS`).
    pub async fn delete_course(&self, actor: &Actor, course_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            self.course_for(uow, actor, Action::DeleteCourse, course_id)
                .await?;
            uow.catalog().delete_course(course_id).await?;
            Ok(())
        })
    }

    /// Creates a category (`SUPER_ADMIN`: categories are platform-wide).
    ///
    /// # Errors
    /// `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (name).
    pub async fn create_category(&self, actor: &Actor, input: &CategoryInput) -> Result<Category> {
        let name = required("name", &input.name)?;
        write_tx!(self, |uow| {
            self.authorize(uow, actor, Action::ManageSettings, &Resource::Platform)
                .await?;
            let existing: Vec<String> = uow
                .catalog()
                .categories()
                .await?
                .into_iter()
                .map(|c| c.slug)
                .collect();
            let now = self.now();
            let category = Category {
                id: self.ids().cuid(),
                name: name.clone(),
                slug: unique_slug(&slugify(&name), existing),
                icon: clean(input.icon.as_deref()),
                description: clean(input.description.as_deref()),
                order: input.order,
                created_at: now,
                updated_at: now,
            };
            uow.catalog().insert_category(&category).await?;
            Ok(category)
        })
    }

    /// Updates a category (`SUPER_ADMIN`); its slug stays.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (name).
    pub async fn update_category(
        &self,
        actor: &Actor,
        category_id: &str,
        input: &CategoryInput,
    ) -> Result<Category> {
        let name = required("name", &input.name)?;
        write_tx!(self, |uow| {
            self.authorize(uow, actor, Action::ManageSettings, &Resource::Platform)
                .await?;
            let mut category = uow
                .catalog()
                .category(category_id)
                .await?
                .ok_or_else(|| Error::not_found("Category", category_id))?;
            category.name = name.clone();
            category.icon = clean(input.icon.as_deref());
            category.description = clean(input.description.as_deref());
            category.order = input.order;
            category.updated_at = self.now();
            uow.catalog().update_category(&category).await?;
            Ok(category)
        })
    }

    /// Every category, by `order` (anyone).
    ///
    /// # Errors
    /// Store failures only.
    pub async fn list_categories(&self) -> Result<Vec<Category>> {
        read_tx!(self, |uow| Ok(uow.catalog().categories().await?))
    }

    /// Published courses (anyone), by title; `limit` 0 means 50.
    ///
    /// # Errors
    /// Store failures only.
    pub async fn list_catalog(&self, actor: &Actor, query: &CatalogQuery) -> Result<CatalogPage> {
        let mut query = query.clone();
        if query.limit == 0 {
            query.limit = 50;
        }
        read_tx!(self, |uow| {
            let principal = self.principal(uow, actor).await?;
            crate::rules::identity::authorize(
                principal.as_ref().map(|(a, _)| a),
                Action::ViewCatalog,
                &Resource::Platform,
                &self.policy().identity,
            )?;
            Ok(CatalogPage {
                courses: uow.catalog().published_courses(&query).await?,
            })
        })
    }

    /// A course's structure: anyone for a published course, course editors for a draft.
    ///
    /// # Errors
    /// `NOT_FOUND` (also for a draft the actor may not see).
    pub async fn course_outline(&self, actor: &Actor, course_id: &str) -> Result<CourseOutline> {
        read_tx!(self, |uow| {
            let course = uow
                .catalog()
                .course(course_id)
                .await?
                .ok_or_else(|| Error::not_found("Course", course_id))?;
            if !course.is_published {
                let facts = self.course_facts(uow, &course).await?;
                let principal = self.principal(uow, actor).await?;
                crate::rules::identity::authorize(
                    principal.as_ref().map(|(a, _)| a),
                    Action::ViewUnpublishedCourse,
                    &Resource::Course(facts),
                    &self.policy().identity,
                )
                .map_err(|_| Error::not_found("Course", course_id))?;
            }
            let modules = uow.catalog().modules_of_course(course_id).await?;
            let lessons = uow.catalog().lessons_of_course(course_id).await?;
            let quizzes = uow.quizzes().quizzes_of_course(course_id).await?;
            let jp = course_durations(&modules, &lessons).jp;
            let modules = modules
                .into_iter()
                .map(|module| OutlineModule {
                    lessons: lessons
                        .iter()
                        .filter(|l| l.module_id == module.id)
                        .cloned()
                        .collect(),
                    quizzes: quizzes
                        .iter()
                        .filter(|q| q.module_id == module.id)
                        .cloned()
                        .collect(),
                    module,
                })
                .collect();
            Ok(CourseOutline {
                course,
                modules,
                jp,
            })
        })
    }
}
