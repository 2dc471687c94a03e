//! A course's content: modules and lessons, their dense order, and the durations that follow
//! from the lessons' seconds.

use serde::{Deserialize, Serialize};

use super::super::users::clean;
use super::super::{Actor, Error, Result, Titan, write_tx};
use super::required;
use crate::error::ValidationError;
use crate::model::{ContentType, Course, Lesson, Module};
use crate::ports::UnitOfWork;
use crate::rules::catalog::{Placement, course_durations, renumber, reorder};
use crate::rules::identity::Action;

/// A module's editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ModuleInput {
    /// Title (required).
    pub title: String,
    /// Description.
    pub description: Option<String>,
}

/// A lesson's editable fields: the content field its type needs (see `publish_readiness`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonInput {
    /// Title (required).
    pub title: String,
    /// VIDEO, TEXT, DOCUMENT, QUIZ, SCORM or EXTERNAL.
    pub content_type: ContentType,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// TEXT/DOCUMENT body, or the linked quiz's id for QUIZ.
    #[serde(default)]
    pub content: Option<String>,
    /// VIDEO: a video URL.
    #[serde(default)]
    pub video_url: Option<String>,
    /// VIDEO: a YouTube id.
    #[serde(default)]
    pub yt_video_id: Option<String>,
    /// DOCUMENT: a file URL.
    #[serde(default)]
    pub file_url: Option<String>,
    /// SCORM: the package URL.
    #[serde(default)]
    pub scorm_url: Option<String>,
    /// EXTERNAL: the link.
    #[serde(default)]
    pub external_url: Option<String>,
    /// Seconds.
    #[serde(default)]
    pub duration: Option<i32>,
}

impl LessonInput {
    /// A lesson of `content_type` with only a title.
    #[must_use]
    pub fn new(title: impl Into<String>, content_type: ContentType) -> Self {
        Self {
            title: title.into(),
            content_type,
            description: None,
            content: None,
            video_url: None,
            yt_video_id: None,
            file_url: None,
            scorm_url: None,
            external_url: None,
            duration: None,
        }
    }
}

fn apply_lesson_input(lesson: &mut Lesson, input: &LessonInput) -> Result<()> {
    lesson.title = required("title", &input.title)?;
    lesson.content_type = input.content_type;
    lesson.description = clean(input.description.as_deref());
    lesson.content = input.content.clone().filter(|c| !c.trim().is_empty());
    lesson.video_url = clean(input.video_url.as_deref());
    lesson.yt_video_id = clean(input.yt_video_id.as_deref());
    lesson.file_url = clean(input.file_url.as_deref());
    lesson.scorm_url = clean(input.scorm_url.as_deref());
    lesson.external_url = clean(input.external_url.as_deref());
    if let Some(d) = input.duration
        && d < 0
    {
        return Err(ValidationError::OutOfRange {
            field: "duration",
            value: d.to_string(),
            min: "0".into(),
            max: i32::MAX.to_string(),
        }
        .into());
    }
    lesson.duration = input.duration;
    Ok(())
}

impl Titan {
    /// Recomputes the module and course `duration` (minutes) from the lessons' seconds.
    async fn refresh_durations(&self, uow: &mut dyn UnitOfWork, course: &Course) -> Result<()> {
        let modules = uow.catalog().modules_of_course(&course.id).await?;
        let lessons = uow.catalog().lessons_of_course(&course.id).await?;
        let durations = course_durations(&modules, &lessons);
        let now = self.now();
        for m in &modules {
            let minutes = durations
                .modules
                .iter()
                .find(|d| d.module_id == m.id)
                .map(|d| d.minutes);
            if m.duration != minutes {
                let mut next = m.clone();
                next.duration = minutes;
                next.updated_at = now;
                uow.catalog().update_module(&next).await?;
            }
        }
        let minutes = Some(durations.minutes).filter(|_| !lessons.is_empty());
        if course.duration != minutes
            && let Some(mut current) = uow.catalog().course(&course.id).await?
        {
            current.duration = minutes;
            uow.catalog().update_course(&current).await?;
        }
        Ok(())
    }

    /// Stores new dense orders where they differ.
    async fn apply_module_orders(
        &self,
        uow: &mut dyn UnitOfWork,
        modules: &[Module],
        placements: &[Placement],
    ) -> Result<()> {
        let now = self.now();
        for p in placements {
            if let Some(m) = modules.iter().find(|m| m.id == p.id && m.order != p.order) {
                let mut next = m.clone();
                next.order = p.order;
                next.updated_at = now;
                uow.catalog().update_module(&next).await?;
            }
        }
        Ok(())
    }

    async fn apply_lesson_orders(
        &self,
        uow: &mut dyn UnitOfWork,
        lessons: &[Lesson],
        placements: &[Placement],
    ) -> Result<()> {
        let now = self.now();
        for p in placements {
            if let Some(l) = lessons.iter().find(|l| l.id == p.id && l.order != p.order) {
                let mut next = l.clone();
                next.order = p.order;
                next.updated_at = now;
                uow.catalog().update_lesson(&next).await?;
            }
        }
        Ok(())
    }

    /// Adds a module at the end of a course (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (title).
    pub async fn create_module(
        &self,
        actor: &Actor,
        course_id: &str,
        input: &ModuleInput,
    ) -> Result<Module> {
        let title = required("title", &input.title)?;
        write_tx!(self, |uow| {
            self.course_for(uow, actor, Action::EditCourse, course_id)
                .await?;
            let count = uow.catalog().modules_of_course(course_id).await?.len();
            let now = self.now();
            let module = Module {
                id: self.ids().uuid(),
                course_id: course_id.to_owned(),
                title: title.clone(),
                description: clean(input.description.as_deref()),
                order: i32::try_from(count).unwrap_or(i32::MAX).saturating_add(1),
                duration: None,
                created_at: now,
                updated_at: now,
            };
            uow.catalog().insert_module(&module).await?;
            Ok(module)
        })
    }

    /// Renames or redescribes a module (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (title).
    pub async fn update_module(
        &self,
        actor: &Actor,
        module_id: &str,
        input: &ModuleInput,
    ) -> Result<Module> {
        let title = required("title", &input.title)?;
        write_tx!(self, |uow| {
            let (_, _, mut module) = self
                .module_for(uow, actor, Action::EditCourse, module_id)
                .await?;
            module.title = title.clone();
            module.description = clean(input.description.as_deref());
            module.updated_at = self.now();
            uow.catalog().update_module(&module).await?;
            Ok(module)
        })
    }

    /// Moves a module to `position` (1-based); every module is renumbered 1..n.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CATALOG_POSITION_OUT_OF_RANGE`.
    pub async fn reorder_module(
        &self,
        actor: &Actor,
        module_id: &str,
        position: i32,
    ) -> Result<Vec<Module>> {
        write_tx!(self, |uow| {
            let (_, course, _) = self
                .module_for(uow, actor, Action::EditCourse, module_id)
                .await?;
            let modules = uow.catalog().modules_of_course(&course.id).await?;
            let ids: Vec<&str> = modules.iter().map(|m| m.id.as_str()).collect();
            let placements = reorder(&ids, module_id, position)?;
            self.apply_module_orders(uow, &modules, &placements).await?;
            Ok(uow.catalog().modules_of_course(&course.id).await?)
        })
    }

    /// Deletes a module with its lessons and quizzes; the others are renumbered.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn delete_module(&self, actor: &Actor, module_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            let (_, course, _) = self
                .module_for(uow, actor, Action::EditCourse, module_id)
                .await?;
            uow.catalog().delete_module(module_id).await?;
            let modules = uow.catalog().modules_of_course(&course.id).await?;
            let placements = renumber(
                &modules
                    .iter()
                    .map(|m| Placement {
                        id: m.id.clone(),
                        order: m.order,
                    })
                    .collect::<Vec<_>>(),
            );
            self.apply_module_orders(uow, &modules, &placements).await?;
            self.refresh_durations(uow, &course).await?;
            Ok(())
        })
    }

    /// Adds a lesson at the end of a module (course editors); durations follow.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` (title);
    /// `VALIDATION_OUT_OF_RANGE` (negative duration).
    pub async fn create_lesson(
        &self,
        actor: &Actor,
        module_id: &str,
        input: &LessonInput,
    ) -> Result<Lesson> {
        write_tx!(self, |uow| {
            let (_, course, _) = self
                .module_for(uow, actor, Action::EditCourse, module_id)
                .await?;
            let count = uow.catalog().lessons_of_module(module_id).await?.len();
            let order = i32::try_from(count).unwrap_or(i32::MAX).saturating_add(1);
            let mut lesson = Lesson::new(
                self.ids().uuid(),
                module_id,
                "",
                order,
                input.content_type,
                self.now(),
            );
            apply_lesson_input(&mut lesson, input)?;
            uow.catalog().insert_lesson(&lesson).await?;
            self.refresh_durations(uow, &course).await?;
            Ok(lesson)
        })
    }

    /// Updates a lesson's fields (course editors); durations follow.
    ///
    /// # Errors
    /// As [`Titan::create_lesson`].
    pub async fn update_lesson(
        &self,
        actor: &Actor,
        lesson_id: &str,
        input: &LessonInput,
    ) -> Result<Lesson> {
        write_tx!(self, |uow| {
            let mut lesson = uow
                .catalog()
                .lesson(lesson_id)
                .await?
                .ok_or_else(|| Error::not_found("Lesson", lesson_id))?;
            let (_, course, _) = self
                .module_for(uow, actor, Action::EditCourse, &lesson.module_id)
                .await?;
            apply_lesson_input(&mut lesson, input)?;
            lesson.updated_at = self.now();
            uow.catalog().update_lesson(&lesson).await?;
            self.refresh_durations(uow, &course).await?;
            Ok(lesson)
        })
    }

    /// Moves a lesson to `position` (1-based) within its module.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CATALOG_POSITION_OUT_OF_RANGE`.
    pub async fn reorder_lesson(
        &self,
        actor: &Actor,
        lesson_id: &str,
        position: i32,
    ) -> Result<Vec<Lesson>> {
        write_tx!(self, |uow| {
            let lesson = uow
                .catalog()
                .lesson(lesson_id)
                .await?
                .ok_or_else(|| Error::not_found("Lesson", lesson_id))?;
            self.module_for(uow, actor, Action::EditCourse, &lesson.module_id)
                .await?;
            let lessons = uow.catalog().lessons_of_module(&lesson.module_id).await?;
            let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
            let placements = reorder(&ids, lesson_id, position)?;
            self.apply_lesson_orders(uow, &lessons, &placements).await?;
            Ok(uow.catalog().lessons_of_module(&lesson.module_id).await?)
        })
    }

    /// Deletes a lesson (and its progress rows); the module's lessons are renumbered.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn delete_lesson(&self, actor: &Actor, lesson_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            let lesson = uow
                .catalog()
                .lesson(lesson_id)
                .await?
                .ok_or_else(|| Error::not_found("Lesson", lesson_id))?;
            let (_, course, _) = self
                .module_for(uow, actor, Action::EditCourse, &lesson.module_id)
                .await?;
            uow.catalog().delete_lesson(lesson_id).await?;
            let lessons = uow.catalog().lessons_of_module(&lesson.module_id).await?;
            let placements = renumber(
                &lessons
                    .iter()
                    .map(|l| Placement {
                        id: l.id.clone(),
                        order: l.order,
                    })
                    .collect::<Vec<_>>(),
            );
            self.apply_lesson_orders(uow, &lessons, &placements).await?;
            self.refresh_durations(uow, &course).await?;
            Ok(())
        })
    }
}
