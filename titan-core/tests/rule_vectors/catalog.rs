//! Dispatcher for the `catalog.*` rule vectors (SPEC §2).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{Course, Enrollment, Lesson, Module, Quiz};
use titan_core::rules::catalog::{self, Placement};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CourseFields {
    title: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Title {
    title: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UniqueSlug {
    base: String,
    #[serde(default)]
    existing: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Publish {
    course: Course,
    #[serde(default)]
    modules: Vec<Module>,
    #[serde(default)]
    lessons: Vec<Lesson>,
    #[serde(default)]
    quizzes: Vec<Quiz>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Renumber {
    items: Vec<Placement>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reorder {
    ids: Vec<String>,
    moved_id: String,
    new_position: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Minutes {
    minutes: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LessonSeconds {
    lesson_seconds: Vec<Option<i32>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Durations {
    modules: Vec<Module>,
    lessons: Vec<Lesson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Admit {
    course: Course,
    existing: Option<Enrollment>,
    #[serde(default)]
    seats_taken: u32,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Drop {
    enrollment: Enrollment,
}

pub fn run(rule: &str, policy: &Policy, raw: &Value) -> Option<Result<Value, CoreError>> {
    let result = match rule {
        "catalog.validate_course_fields" => {
            let i: CourseFields = input(raw);
            catalog::validate_course_fields(&i.title, &i.description)
                .map(|()| json!({"valid": true}))
        }
        "catalog.slugify" => {
            let i: Title = input(raw);
            Ok(json!({ "slug": catalog::slugify(&i.title) }))
        }
        "catalog.unique_slug" => {
            let i: UniqueSlug = input(raw);
            Ok(json!({ "slug": catalog::unique_slug(&i.base, &i.existing) }))
        }
        "catalog.publish_readiness" => {
            let i: Publish = input(raw);
            catalog::publish_readiness(&i.course, &i.modules, &i.lessons, &i.quizzes)
                .map(|()| json!({"ready": true}))
        }
        "catalog.renumber" => {
            let i: Renumber = input(raw);
            Ok(json!({ "items": output(catalog::renumber(&i.items)) }))
        }
        "catalog.reorder" => {
            let i: Reorder = input(raw);
            catalog::reorder(&i.ids, &i.moved_id, i.new_position)
                .map(|items| json!({ "items": output(items) }))
        }
        "catalog.jp_from_minutes" => {
            let i: Minutes = input(raw);
            Ok(json!({ "jp": catalog::jp_from_minutes(i.minutes) }))
        }
        "catalog.total_minutes" => {
            let i: LessonSeconds = input(raw);
            Ok(json!({ "minutes": catalog::total_minutes(i.lesson_seconds) }))
        }
        "catalog.course_durations" => {
            let i: Durations = input(raw);
            Ok(output(catalog::course_durations(&i.modules, &i.lessons)))
        }
        "catalog.admit_enrolment" => {
            let i: Admit = input(raw);
            catalog::admit_enrolment(
                &i.course,
                i.existing.as_ref(),
                i.seats_taken,
                i.now,
                &policy.catalog,
            )
            .map(output)
        }
        "catalog.drop_enrolment" => {
            let i: Drop = input(raw);
            catalog::drop_enrolment(&i.enrollment).map(output)
        }
        _ => return None,
    };
    Some(result.map_err(CoreError::from))
}
