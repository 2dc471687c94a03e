//! [`Fixture`]: a [`Titan`] over the store under test with deterministic ports, and builders for
//! the people and courses most tests need.

use std::sync::Arc;

use crate::app::{Actor, CourseInput, LessonInput, ModuleInput, Registration, Titan};
use crate::model::{ContentType, Course, Lesson, Module, Role, User};
use crate::policy::Policy;
use crate::ports::Store;
use crate::ports::system::Argon2Passwords;

use super::ports::{ManualClock, SeededSecrets, SequentialIds};

/// The password every fixture user has.
pub const PASSWORD: &str = "rahasia-123";

/// The engine under test, its clock, and the platform's super admin.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The engine.
    pub titan: Titan,
    /// Its clock (tests move it).
    pub clock: Arc<ManualClock>,
    /// The store under test.
    pub store: Arc<dyn Store>,
    /// The platform's first `SUPER_ADMIN`.
    pub admin: Actor,
    ids: Arc<SequentialIds>,
}

/// A published course built by [`Fixture::course`].
#[derive(Debug, Clone)]
pub struct CourseFixture {
    /// The course as published.
    pub course: Course,
    /// Its one module.
    pub module: Module,
    /// Its lessons, in order.
    pub lessons: Vec<Lesson>,
    /// Its instructor.
    pub instructor: Actor,
}

impl Fixture {
    /// A fixture with the recommended policy.
    pub async fn new(store: Arc<dyn Store>) -> Self {
        Self::with_policy(store, Policy::recommended()).await
    }

    /// A fixture with `policy`.
    pub async fn with_policy(store: Arc<dyn Store>, policy: Policy) -> Self {
        let clock = Arc::new(ManualClock::default());
        let ids = Arc::new(SequentialIds::default());
        let titan = build(Arc::clone(&store), policy, clock.clone(), ids.clone());
        let admin = titan
            .bootstrap_super_admin(
                &Registration::new("admin@titan.go.id", PASSWORD).named("Admin Pusat"),
            )
            .await
            .expect("the first super admin");
        Self {
            titan,
            clock,
            store,
            admin: Actor::user(admin.id),
            ids,
        }
    }

    /// Another engine over the same store and clock, with `policy` (e.g. to compare presets on
    /// the same data).
    #[must_use]
    pub fn engine_with(&self, policy: Policy) -> Titan {
        build(
            Arc::clone(&self.store),
            policy,
            self.clock.clone(),
            self.ids.clone(),
        )
    }

    /// A new user with `role` in `unit`; `name` also makes the e-mail (`{name}@titan.go.id`).
    pub async fn user(&self, name: &str, role: Role, unit: Option<&str>) -> (Actor, User) {
        let mut registration =
            Registration::new(format!("{name}@titan.go.id"), PASSWORD).named(name);
        registration.unit_kerja = unit.map(str::to_owned);
        let user = self
            .titan
            .register_user(&Actor::Anonymous, &registration)
            .await
            .expect("registration");
        let user = if role == Role::Learner {
            user
        } else {
            self.titan
                .change_role(&self.admin, &user.id, role)
                .await
                .expect("role change")
        };
        (Actor::user(user.id.clone()), user)
    }

    /// A learner in unit "BKN".
    pub async fn learner(&self, name: &str) -> Actor {
        self.user(name, Role::Learner, Some("BKN")).await.0
    }

    /// An instructor in unit "BKN".
    pub async fn instructor(&self, name: &str) -> Actor {
        self.user(name, Role::Instructor, Some("BKN")).await.0
    }

    /// A published course taught by `instructor` with one module holding `lessons`, changed by
    /// `tweak` before it is saved.
    pub async fn course_with(
        &self,
        instructor: &Actor,
        title: &str,
        lessons: &[LessonInput],
        tweak: impl FnOnce(&mut CourseInput),
    ) -> CourseFixture {
        let mut input = CourseInput::new(title, format!("{title}: materi pelatihan ASN."));
        tweak(&mut input);
        let course = self
            .titan
            .create_course(instructor, &input)
            .await
            .expect("create course");
        let module = self
            .titan
            .create_module(
                instructor,
                &course.id,
                &ModuleInput {
                    title: "Modul 1".into(),
                    description: None,
                },
            )
            .await
            .expect("create module");
        let mut made = Vec::new();
        for lesson in lessons {
            made.push(
                self.titan
                    .create_lesson(instructor, &module.id, lesson)
                    .await
                    .expect("create lesson"),
            );
        }
        let course = self
            .titan
            .publish_course(instructor, &course.id)
            .await
            .expect("publish course");
        CourseFixture {
            course,
            module,
            lessons: made,
            instructor: instructor.clone(),
        }
    }

    /// A published ASYNC_ONLINE course with one TEXT lesson.
    pub async fn course(&self, instructor: &Actor, title: &str) -> CourseFixture {
        self.course_with(instructor, title, &[text_lesson("Bacaan 1")], |_| {})
            .await
    }
}

fn build(
    store: Arc<dyn Store>,
    policy: Policy,
    clock: Arc<ManualClock>,
    ids: Arc<SequentialIds>,
) -> Titan {
    Titan::builder(store)
        .policy(policy)
        .clock(clock)
        .ids(ids)
        .secrets(Arc::new(SeededSecrets::default()))
        .passwords(Arc::new(
            Argon2Passwords::with_cost(8, 1).expect("argon2 accepts its minimum cost"),
        ))
        .build()
        .expect("the policy is valid")
}

/// A TEXT lesson with a body.
#[must_use]
pub fn text_lesson(title: &str) -> LessonInput {
    LessonInput {
        content: Some(format!("{title}: isi bacaan.")),
        ..LessonInput::new(title, ContentType::Text)
    }
}

/// A VIDEO lesson of `seconds`.
#[must_use]
pub fn video_lesson(title: &str, seconds: i32) -> LessonInput {
    LessonInput {
        yt_video_id: Some("dQw4w9WgXcQ".into()),
        duration: Some(seconds),
        ..LessonInput::new(title, ContentType::Video)
    }
}
