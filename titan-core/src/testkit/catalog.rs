//! The catalog and enrolment: courses, modules, lessons, categories, publishing, enrol, drop,
//! and the last seat under concurrency.

use std::sync::Arc;

use chrono::Duration;

use crate::app::{Actor, CategoryInput, CourseInput, LessonInput, ModuleInput};
use crate::assert_code;
use crate::model::{ContentType, EnrollmentStatus, Role};
use crate::policy::Policy;
use crate::ports::{CatalogQuery, Clock, Store};

use super::fixture::{Fixture, text_lesson, video_lesson};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_catalog {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            catalog,
            [
                course_fields_are_checked_and_slugs_stay_unique,
                only_instructors_and_admins_create_courses_unless_legacy,
                publishing_needs_a_ready_course,
                modules_and_lessons_keep_a_dense_order_and_durations,
                editing_is_for_course_editors,
                drafts_stay_out_of_the_catalog,
                categories_are_platform_wide,
                a_course_is_deleted_with_its_content_only_while_nobody_is_enrolled,
                enrolment_checks_publication_dates_and_duplicates,
                the_last_seat_goes_to_one_learner,
                dropping_keeps_progress_and_re_enrolling_reactivates,
                enrolling_others_is_for_editors_and_unit_admins,
                legacy_enrolment_checks_only_the_duplicate,
            ]
        );
    };
}

pub async fn course_fields_are_checked_and_slugs_stay_unique(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    assert_code!(
        fx.titan
            .create_course(&teacher, &CourseInput::new("AB", "Deskripsi yang cukup"))
            .await,
        "CATALOG_TITLE_TOO_SHORT"
    );
    assert_code!(
        fx.titan
            .create_course(&teacher, &CourseInput::new("Etika ASN", "pendek"))
            .await,
        "CATALOG_DESCRIPTION_TOO_SHORT"
    );
    let mut negative = CourseInput::new("Etika ASN", "Deskripsi yang cukup");
    negative.capacity = Some(-1);
    assert_code!(
        fx.titan.create_course(&teacher, &negative).await,
        "VALIDATION_OUT_OF_RANGE"
    );
    let mut backwards = CourseInput::new("Etika ASN", "Deskripsi yang cukup");
    backwards.start_date = Some(fx.clock.now());
    backwards.end_date = Some(fx.clock.now() - Duration::days(1));
    assert_code!(
        fx.titan.create_course(&teacher, &backwards).await,
        "VALIDATION_OUT_OF_RANGE"
    );
    let mut unknown_category = CourseInput::new("Etika ASN", "Deskripsi yang cukup");
    unknown_category.category_id = Some("nope".into());
    assert_code!(
        fx.titan.create_course(&teacher, &unknown_category).await,
        "NOT_FOUND"
    );

    let input = CourseInput::new("Etika & Integritas ASN", "Deskripsi yang cukup");
    let a = fx.titan.create_course(&teacher, &input).await.unwrap();
    let b = fx.titan.create_course(&teacher, &input).await.unwrap();
    let c = fx.titan.create_course(&teacher, &input).await.unwrap();
    assert_eq!(a.slug, "etika-integritas-asn");
    assert_eq!(b.slug, "etika-integritas-asn-2");
    assert_eq!(c.slug, "etika-integritas-asn-3");
    assert!(!a.is_published);
}

pub async fn only_instructors_and_admins_create_courses_unless_legacy(store: Arc<dyn Store>) {
    let fx = Fixture::new(store.clone()).await;
    let learner = fx.learner("budi").await;
    let input = CourseInput::new("Kursus Pribadi", "Catatan belajar pribadi saya");
    assert_code!(
        fx.titan.create_course(&learner, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.create_course(&Actor::Anonymous, &input).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    let (admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    fx.titan.create_course(&admin, &input).await.unwrap();
    fx.titan.create_course(&fx.admin, &input).await.unwrap();
}

pub async fn publishing_needs_a_ready_course(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let course = fx
        .titan
        .create_course(
            &teacher,
            &CourseInput::new("Etika ASN", "Deskripsi yang cukup"),
        )
        .await
        .unwrap();
    assert_code!(
        fx.titan.publish_course(&teacher, &course.id).await,
        "CATALOG_NOT_READY_TO_PUBLISH"
    );
    let module = fx
        .titan
        .create_module(
            &teacher,
            &course.id,
            &ModuleInput {
                title: "Modul".into(),
                description: None,
            },
        )
        .await
        .unwrap();
    assert_code!(
        fx.titan.publish_course(&teacher, &course.id).await,
        "CATALOG_NOT_READY_TO_PUBLISH"
    );
    let empty_video = fx
        .titan
        .create_lesson(
            &teacher,
            &module.id,
            &LessonInput::new("Video", ContentType::Video),
        )
        .await
        .unwrap();
    let err = fx
        .titan
        .publish_course(&teacher, &course.id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "CATALOG_NOT_READY_TO_PUBLISH");
    let mut fixed = LessonInput::new("Video", ContentType::Video);
    fixed.yt_video_id = Some("abc123".into());
    fx.titan
        .update_lesson(&teacher, &empty_video.id, &fixed)
        .await
        .unwrap();
    let published = fx.titan.publish_course(&teacher, &course.id).await.unwrap();
    assert!(published.is_published);
    let hidden = fx
        .titan
        .unpublish_course(&teacher, &course.id)
        .await
        .unwrap();
    assert!(!hidden.is_published);
}

pub async fn modules_and_lessons_keep_a_dense_order_and_durations(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let course = fx
        .titan
        .create_course(
            &teacher,
            &CourseInput::new("Etika ASN", "Deskripsi yang cukup"),
        )
        .await
        .unwrap();
    let mut modules = Vec::new();
    for title in ["A", "B", "C"] {
        modules.push(
            fx.titan
                .create_module(
                    &teacher,
                    &course.id,
                    &ModuleInput {
                        title: title.into(),
                        description: None,
                    },
                )
                .await
                .unwrap(),
        );
    }
    assert_eq!(
        modules.iter().map(|m| m.order).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let reordered = fx
        .titan
        .reorder_module(&teacher, &modules[2].id, 1)
        .await
        .unwrap();
    assert_eq!(
        reordered
            .iter()
            .map(|m| m.title.as_str())
            .collect::<Vec<_>>(),
        ["C", "A", "B"]
    );
    assert_eq!(
        reordered.iter().map(|m| m.order).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_code!(
        fx.titan.reorder_module(&teacher, &modules[0].id, 9).await,
        "CATALOG_POSITION_OUT_OF_RANGE"
    );
    assert_code!(
        fx.titan
            .create_module(
                &teacher,
                &course.id,
                &ModuleInput {
                    title: " ".into(),
                    description: None
                }
            )
            .await,
        "VALIDATION_REQUIRED"
    );

    let m = &modules[0].id;
    let l1 = fx
        .titan
        .create_lesson(&teacher, m, &video_lesson("V1", 600))
        .await
        .unwrap();
    let l2 = fx
        .titan
        .create_lesson(&teacher, m, &video_lesson("V2", 1201))
        .await
        .unwrap();
    let l3 = fx
        .titan
        .create_lesson(&teacher, m, &text_lesson("T3"))
        .await
        .unwrap();
    assert_eq!([l1.order, l2.order, l3.order], [1, 2, 3]);
    let outline = fx.titan.course_outline(&teacher, &course.id).await.unwrap();
    assert_eq!(outline.course.duration, Some(31), "ceil(1801 s / 60)");
    assert_eq!(outline.jp, 1);
    let module_a = outline
        .modules
        .iter()
        .find(|om| om.module.id == *m)
        .unwrap();
    assert_eq!(module_a.module.duration, Some(31));

    fx.titan.delete_lesson(&teacher, &l1.id).await.unwrap();
    let lessons = fx.titan.reorder_lesson(&teacher, &l3.id, 1).await.unwrap();
    assert_eq!(
        lessons.iter().map(|l| l.title.as_str()).collect::<Vec<_>>(),
        ["T3", "V2"]
    );
    assert_eq!(lessons.iter().map(|l| l.order).collect::<Vec<_>>(), [1, 2]);
    let mut negative = text_lesson("X");
    negative.duration = Some(-5);
    assert_code!(
        fx.titan.create_lesson(&teacher, m, &negative).await,
        "VALIDATION_OUT_OF_RANGE"
    );

    fx.titan
        .delete_module(&teacher, &modules[2].id)
        .await
        .unwrap();
    let outline = fx.titan.course_outline(&teacher, &course.id).await.unwrap();
    assert_eq!(
        outline
            .modules
            .iter()
            .map(|om| (om.module.title.as_str(), om.module.order))
            .collect::<Vec<_>>(),
        [("A", 1), ("B", 2)]
    );
    assert_eq!(outline.course.duration, Some(21));
}

pub async fn editing_is_for_course_editors(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let other_teacher = fx.instructor("guru2").await;
    let (unit_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let (far_admin, _) = fx.user("adminlan", Role::AdminUnit, Some("LAN")).await;
    let course = fx.course(&teacher, "Etika ASN").await;
    let input = CourseInput::new("Etika ASN Baru", "Deskripsi yang diperbarui");
    assert_code!(
        fx.titan
            .update_course(&other_teacher, &course.course.id, &input)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .update_course(&far_admin, &course.course.id, &input)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let updated = fx
        .titan
        .update_course(&unit_admin, &course.course.id, &input)
        .await
        .unwrap();
    assert_eq!(updated.title, "Etika ASN Baru");
    assert_eq!(updated.slug, course.course.slug, "the slug stays");
    assert_code!(
        fx.titan.update_course(&teacher, "nope", &input).await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .create_lesson(&other_teacher, &course.module.id, &text_lesson("X"))
            .await,
        "IDENTITY_FORBIDDEN"
    );
}

pub async fn drafts_stay_out_of_the_catalog(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let published = fx.course(&teacher, "Etika ASN").await;
    let draft = fx
        .titan
        .create_course(
            &teacher,
            &CourseInput::new("Draf Kursus", "Belum siap tayang"),
        )
        .await
        .unwrap();
    let page = fx
        .titan
        .list_catalog(&Actor::Anonymous, &CatalogQuery::default())
        .await
        .unwrap();
    assert_eq!(
        page.courses
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        [published.course.id.as_str()]
    );
    assert_code!(
        fx.titan.course_outline(&learner, &draft.id).await,
        "NOT_FOUND"
    );
    fx.titan.course_outline(&teacher, &draft.id).await.unwrap();
    let outline = fx
        .titan
        .course_outline(&Actor::Anonymous, &published.course.id)
        .await
        .unwrap();
    assert_eq!(outline.modules.len(), 1);
    assert_eq!(outline.modules[0].lessons.len(), 1);
}

pub async fn categories_are_platform_wide(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let input = CategoryInput {
        name: "Manajemen ASN".into(),
        ..CategoryInput::default()
    };
    assert_code!(
        fx.titan.create_category(&teacher, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .create_category(&fx.admin, &CategoryInput::default())
            .await,
        "VALIDATION_REQUIRED"
    );
    let a = fx.titan.create_category(&fx.admin, &input).await.unwrap();
    let b = fx.titan.create_category(&fx.admin, &input).await.unwrap();
    assert_eq!(a.slug, "manajemen-asn");
    assert_eq!(b.slug, "manajemen-asn-2");
    let renamed = CategoryInput {
        name: "Manajemen SDM".into(),
        order: -1,
        ..CategoryInput::default()
    };
    fx.titan
        .update_category(&fx.admin, &b.id, &renamed)
        .await
        .unwrap();
    let all = fx.titan.list_categories().await.unwrap();
    assert_eq!(
        all.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Manajemen SDM", "Manajemen ASN"]
    );
    let mut in_category = CourseInput::new("Etika ASN", "Deskripsi yang cukup");
    in_category.category_id = Some(a.id.clone());
    fx.titan
        .create_course(&teacher, &in_category)
        .await
        .unwrap();
}

pub async fn a_course_is_deleted_with_its_content_only_while_nobody_is_enrolled(
    store: Arc<dyn Store>,
) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    assert_code!(
        fx.titan.delete_course(&teacher, &course.course.id).await,
        "IDENTITY_FORBIDDEN"
    );
    fx.titan
        .drop_enrolment(&learner, &course.course.id, None)
        .await
        .unwrap();
    fx.titan
        .delete_course(&teacher, &course.course.id)
        .await
        .unwrap();
    assert_code!(
        fx.titan.course_outline(&teacher, &course.course.id).await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .update_lesson(&teacher, &course.lessons[0].id, &text_lesson("X"))
            .await,
        "NOT_FOUND"
    );
}

pub async fn enrolment_checks_publication_dates_and_duplicates(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let draft = fx
        .titan
        .create_course(
            &teacher,
            &CourseInput::new("Draf Kursus", "Belum siap tayang"),
        )
        .await
        .unwrap();
    assert_code!(
        fx.titan.enrol(&learner, &draft.id, None).await,
        "CATALOG_COURSE_NOT_PUBLISHED"
    );
    assert_code!(fx.titan.enrol(&learner, "nope", None).await, "NOT_FOUND");
    let now = fx.clock.now();
    let ended = fx
        .course_with(&teacher, "Sudah Selesai", &[text_lesson("T")], |c| {
            c.start_date = Some(now - Duration::days(30));
            c.end_date = Some(now - Duration::days(1));
        })
        .await;
    assert_code!(
        fx.titan.enrol(&learner, &ended.course.id, None).await,
        "CATALOG_ENROLMENT_CLOSED"
    );
    let open = fx
        .course_with(&teacher, "Akan Datang", &[text_lesson("T")], |c| {
            c.start_date = Some(now + Duration::days(7));
        })
        .await;
    let enrollment = fx
        .titan
        .enrol(&learner, &open.course.id, None)
        .await
        .unwrap();
    assert_eq!(enrollment.status, EnrollmentStatus::Enrolled);
    assert_code!(
        fx.titan.enrol(&learner, &open.course.id, None).await,
        "CATALOG_ALREADY_ENROLLED"
    );
    assert_code!(
        fx.titan
            .enrol(&Actor::Anonymous, &open.course.id, None)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );

    let mut not_before = Policy::recommended();
    not_before.catalog.enrol_before_start = false;
    let strict = fx.engine_with(not_before);
    let citra = fx.learner("citra").await;
    assert_code!(
        strict.enrol(&citra, &open.course.id, None).await,
        "CATALOG_ENROLMENT_NOT_OPEN"
    );
}

pub async fn the_last_seat_goes_to_one_learner(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let course = fx
        .course_with(&teacher, "Kelas Terbatas", &[text_lesson("T")], |c| {
            c.capacity = Some(3)
        })
        .await;
    let mut learners = Vec::new();
    for i in 0..12 {
        learners.push(fx.learner(&format!("peserta{i}")).await);
    }
    let tasks: Vec<_> = learners
        .iter()
        .map(|l| {
            let titan = fx.titan.clone();
            let l = l.clone();
            let id = course.course.id.clone();
            tokio::spawn(async move { titan.enrol(&l, &id, None).await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e.code(), "CATALOG_COURSE_FULL"),
        }
    }
    assert_eq!(ok, 3);
    let mut uow = fx.store.begin_read().await.unwrap();
    assert_eq!(
        uow.enrollments()
            .seats_taken(&course.course.id)
            .await
            .unwrap(),
        3
    );
}

pub async fn dropping_keeps_progress_and_re_enrolling_reactivates(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Dua Bacaan",
            &[text_lesson("T1"), text_lesson("T2")],
            |_| {},
        )
        .await;
    let id = &course.course.id;
    fx.titan.enrol(&learner, id, None).await.unwrap();
    let done = fx
        .titan
        .complete_lesson(
            &learner,
            &course.lessons[0].id,
            &crate::rules::progress::CompletionEvidence::MarkedDone {
                dwell_seconds: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(done.enrollment.status, EnrollmentStatus::InProgress);
    let dropped = fx.titan.drop_enrolment(&learner, id, None).await.unwrap();
    assert_eq!(dropped.status, EnrollmentStatus::Dropped);
    assert_code!(
        fx.titan.drop_enrolment(&learner, id, None).await,
        "CATALOG_DROP_NOT_ALLOWED"
    );
    let back = fx.titan.enrol(&learner, id, None).await.unwrap();
    assert_eq!(back.id, dropped.id, "the same row comes back");
    assert_eq!(back.status, EnrollmentStatus::InProgress);
    assert_eq!(back.progress, dropped.progress);
    // One registration statement, even after re-enrolling.
    let mut uow = fx.store.begin_read().await.unwrap();
    let learner_id = match &learner {
        Actor::User { id } => id.clone(),
        _ => unreachable!(),
    };
    let key = format!("enrollment:{learner_id}:{id}");
    assert!(
        uow.outbox()
            .by_idempotency_key(&key)
            .await
            .unwrap()
            .is_some()
    );
    let journey = uow
        .activity()
        .of_user(&learner_id, Some(id), 100)
        .await
        .unwrap();
    assert_eq!(
        journey
            .iter()
            .filter(|a| a.activity_type == "ENROLLMENT")
            .count(),
        1
    );
}

pub async fn enrolling_others_is_for_editors_and_unit_admins(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let (budi, budi_user) = fx.user("budi", Role::Learner, Some("BKN")).await;
    let (_, ani_user) = fx.user("ani", Role::Learner, Some("BKN")).await;
    let (_, far_user) = fx.user("jauh", Role::Learner, Some("LAN")).await;
    let (unit_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let other_teacher = fx.user("guru2", Role::Instructor, Some("LAN")).await.0;
    let course = fx.course(&other_teacher, "Etika ASN").await;
    let id = &course.course.id;
    assert_code!(
        fx.titan.enrol(&budi, id, Some(&ani_user.id)).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.enrol(&teacher, id, Some(&ani_user.id)).await,
        "IDENTITY_FORBIDDEN"
    );
    fx.titan
        .enrol(&other_teacher, id, Some(&ani_user.id))
        .await
        .unwrap();
    fx.titan
        .enrol(&unit_admin, id, Some(&budi_user.id))
        .await
        .unwrap();
    assert_code!(
        fx.titan.enrol(&unit_admin, id, Some(&far_user.id)).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.enrol(&unit_admin, id, Some("nobody")).await,
        "NOT_FOUND"
    );
}

pub async fn legacy_enrolment_checks_only_the_duplicate(store: Arc<dyn Store>) {
    let fx = Fixture::with_policy(store, Policy::legacy()).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let draft = fx
        .titan
        .create_course(
            &teacher,
            &CourseInput::new("Draf Kursus", "Belum siap tayang"),
        )
        .await
        .unwrap();
    fx.titan.enrol(&learner, &draft.id, None).await.unwrap();
    assert_code!(
        fx.titan.enrol(&learner, &draft.id, None).await,
        "CATALOG_ALREADY_ENROLLED"
    );
    let learner_course = fx
        .titan
        .create_course(
            &learner,
            &CourseInput::new("Kursus Pribadi", "Catatan belajar pribadi saya"),
        )
        .await;
    assert!(
        learner_course.is_ok(),
        "legacy learners create personal courses"
    );
}
