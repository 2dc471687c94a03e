//! Publish readiness: what a course needs before learners can see it.

use crate::model::{ContentType, Course, Lesson, Module, Quiz};

use super::course::{DESCRIPTION_MIN_CHARS, TITLE_MIN_CHARS};
use super::{CatalogError, PublishProblem};

fn filled(value: Option<&String>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

/// The fields a lesson of `content_type` may hold its content in (any one suffices).
fn content_fields(content_type: ContentType) -> &'static [&'static str] {
    match content_type {
        ContentType::Video => &["videoUrl", "ytVideoId"],
        ContentType::Text => &["content"],
        ContentType::Document => &["fileUrl", "content"],
        ContentType::Scorm => &["scormUrl"],
        ContentType::External => &["externalUrl"],
        ContentType::Quiz => &["content"],
    }
}

fn field<'a>(lesson: &'a Lesson, name: &str) -> Option<&'a String> {
    match name {
        "videoUrl" => lesson.video_url.as_ref(),
        "ytVideoId" => lesson.yt_video_id.as_ref(),
        "content" => lesson.content.as_ref(),
        "fileUrl" => lesson.file_url.as_ref(),
        "scormUrl" => lesson.scorm_url.as_ref(),
        "externalUrl" => lesson.external_url.as_ref(),
        _ => None,
    }
}

fn lesson_problem(lesson: &Lesson, quizzes: &[Quiz]) -> Option<PublishProblem> {
    let fields = content_fields(lesson.content_type);
    if !fields.iter().any(|name| filled(field(lesson, name))) {
        return Some(PublishProblem::MissingContent {
            module_id: lesson.module_id.clone(),
            lesson_id: lesson.id.clone(),
            content_type: lesson.content_type,
            fields: fields.to_vec(),
        });
    }
    if lesson.content_type == ContentType::Quiz {
        let quiz_id = lesson.content.as_deref().unwrap_or_default().trim();
        let linked = quizzes
            .iter()
            .any(|q| q.id == quiz_id && q.module_id == lesson.module_id);
        if !linked {
            return Some(PublishProblem::QuizNotInModule {
                module_id: lesson.module_id.clone(),
                lesson_id: lesson.id.clone(),
                quiz_id: quiz_id.to_owned(),
            });
        }
    }
    None
}

/// Whether `course` can be published: a valid title and description, ≥ 1 module holding
/// ≥ 1 lesson, and every lesson holding the field its content type needs (VIDEO `videoUrl` or
/// `ytVideoId`; TEXT `content`; DOCUMENT `fileUrl` or `content`; SCORM `scormUrl`; EXTERNAL
/// `externalUrl`; QUIZ `content` = the id of a quiz in the same module). Blank strings count as
/// missing. Only `modules` of this course and their lessons are considered; an empty module
/// beside modules with lessons does not block publishing.
///
/// # Errors
/// [`CatalogError::NotReadyToPublish`] listing every problem, in course order.
pub fn publish_readiness(
    course: &Course,
    modules: &[Module],
    lessons: &[Lesson],
    quizzes: &[Quiz],
) -> Result<(), CatalogError> {
    let mut problems = Vec::new();
    let title_len = course.title.trim().chars().count();
    if title_len < TITLE_MIN_CHARS {
        problems.push(PublishProblem::TitleTooShort {
            min: TITLE_MIN_CHARS,
            actual: title_len,
        });
    }
    let description_len = course.description.trim().chars().count();
    if description_len < DESCRIPTION_MIN_CHARS {
        problems.push(PublishProblem::DescriptionTooShort {
            min: DESCRIPTION_MIN_CHARS,
            actual: description_len,
        });
    }

    let mut own_modules: Vec<&Module> = modules
        .iter()
        .filter(|m| m.course_id == course.id)
        .collect();
    own_modules.sort_by_key(|m| m.order);
    if own_modules.is_empty() {
        problems.push(PublishProblem::NoModules);
    }
    let mut any_lesson = false;
    for module in &own_modules {
        let mut module_lessons: Vec<&Lesson> = lessons
            .iter()
            .filter(|l| l.module_id == module.id)
            .collect();
        module_lessons.sort_by_key(|l| l.order);
        any_lesson |= !module_lessons.is_empty();
        problems.extend(
            module_lessons
                .into_iter()
                .filter_map(|l| lesson_problem(l, quizzes)),
        );
    }
    if !own_modules.is_empty() && !any_lesson {
        problems.push(PublishProblem::NoLessons);
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(CatalogError::NotReadyToPublish { problems })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
    }

    fn course() -> Course {
        Course::new(
            "c1",
            "Etika ASN",
            "etika-asn",
            "Etika dan integritas ASN",
            "i1",
        )
    }

    fn module(id: &str, order: i32) -> Module {
        Module {
            id: id.to_owned(),
            course_id: "c1".to_owned(),
            title: id.to_owned(),
            description: None,
            order,
            duration: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    fn lesson(id: &str, module: &str, order: i32, ct: ContentType) -> Lesson {
        Lesson::new(id, module, id, order, ct, now())
    }

    fn problems(result: Result<(), CatalogError>) -> Vec<PublishProblem> {
        match result {
            Err(CatalogError::NotReadyToPublish { problems }) => problems,
            other => panic!("expected NotReadyToPublish, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_course_is_ready() {
        let mut video = lesson("l1", "m1", 1, ContentType::Video);
        video.yt_video_id = Some("dQw4w9WgXcQ".into());
        let mut text = lesson("l2", "m1", 2, ContentType::Text);
        text.content = Some("Materi".into());
        let mut doc = lesson("l3", "m1", 3, ContentType::Document);
        doc.file_url = Some("https://x/doc.pdf".into());
        let mut scorm = lesson("l4", "m1", 4, ContentType::Scorm);
        scorm.scorm_url = Some("https://x/pkg.zip".into());
        let mut ext = lesson("l5", "m1", 5, ContentType::External);
        ext.external_url = Some("https://x".into());
        let mut quiz_lesson = lesson("l6", "m1", 6, ContentType::Quiz);
        quiz_lesson.content = Some(" q1 ".into());
        let quiz = Quiz::new("q1", "m1", "Post-test", now());
        let modules = [module("m1", 1), module("m2", 2)];
        assert_eq!(
            publish_readiness(
                &course(),
                &modules,
                &[video, text, doc, scorm, ext, quiz_lesson],
                &[quiz]
            ),
            Ok(())
        );
    }

    #[test]
    fn no_modules_and_short_fields_are_all_reported() {
        let mut c = course();
        c.title = "AB".into();
        c.description = "pendek".into();
        assert_eq!(
            problems(publish_readiness(&c, &[], &[], &[])),
            vec![
                PublishProblem::TitleTooShort { min: 3, actual: 2 },
                PublishProblem::DescriptionTooShort { min: 10, actual: 6 },
                PublishProblem::NoModules,
            ]
        );
    }

    #[test]
    fn modules_without_lessons_are_refused() {
        let mut other = module("mx", 1);
        other.course_id = "another".into();
        let stray = lesson("lx", "mx", 1, ContentType::Text);
        assert_eq!(
            problems(publish_readiness(&course(), &[other], &[stray], &[])),
            vec![PublishProblem::NoModules]
        );
        assert_eq!(
            problems(publish_readiness(&course(), &[module("m1", 1)], &[], &[])),
            vec![PublishProblem::NoLessons]
        );
    }

    #[test]
    fn each_missing_field_names_the_lesson() {
        let mut blank_video = lesson("v", "m1", 1, ContentType::Video);
        blank_video.video_url = Some("   ".into());
        let cases = [
            (blank_video, vec!["videoUrl", "ytVideoId"]),
            (lesson("t", "m1", 2, ContentType::Text), vec!["content"]),
            (
                lesson("d", "m1", 3, ContentType::Document),
                vec!["fileUrl", "content"],
            ),
            (lesson("s", "m1", 4, ContentType::Scorm), vec!["scormUrl"]),
            (
                lesson("e", "m1", 5, ContentType::External),
                vec!["externalUrl"],
            ),
            (lesson("q", "m1", 6, ContentType::Quiz), vec!["content"]),
        ];
        for (l, fields) in cases {
            let got = problems(publish_readiness(
                &course(),
                &[module("m1", 1)],
                std::slice::from_ref(&l),
                &[],
            ));
            assert_eq!(
                got,
                vec![PublishProblem::MissingContent {
                    module_id: "m1".into(),
                    lesson_id: l.id.clone(),
                    content_type: l.content_type,
                    fields,
                }]
            );
        }
    }

    #[test]
    fn a_quiz_lesson_must_name_a_quiz_of_its_own_module() {
        let mut l = lesson("lq", "m1", 1, ContentType::Quiz);
        l.content = Some("q2".into());
        let elsewhere = Quiz::new("q2", "m2", "Kuis", now());
        assert_eq!(
            problems(publish_readiness(
                &course(),
                &[module("m1", 1), module("m2", 2)],
                &[l],
                &[elsewhere]
            )),
            vec![PublishProblem::QuizNotInModule {
                module_id: "m1".into(),
                lesson_id: "lq".into(),
                quiz_id: "q2".into(),
            }]
        );
    }
}
