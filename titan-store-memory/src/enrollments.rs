use async_trait::async_trait;
use titan_core::model::Enrollment;
use titan_core::ports::{EnrolledCourse, EnrollmentRepository, StoreResult, constraint};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(Enrollment);

const BY_USER_COURSE: usize = 0;
pub(crate) const BY_USER: usize = 0;
pub(crate) const BY_COURSE: usize = 1;

tables! {
    EnrollmentTables {
        enrollments: Table<Enrollment> = Table::<Enrollment>::new("Enrollment")
            .unique(constraint::ENROLLMENT_USER_COURSE, |e| Some(key2(&e.user_id, &e.course_id)))
            .index(|e| Some((e.user_id.clone(), sort_time(e.enrolled_at))))
            .index(|e| Some((e.course_id.clone(), sort_time(e.enrolled_at)))),
    }
}

#[async_trait]
impl EnrollmentRepository for MemoryUnitOfWork {
    async fn get(&mut self, user_id: &str, course_id: &str) -> StoreResult<Option<Enrollment>> {
        let key = key2(user_id, course_id);
        Ok(self
            .state()
            .enrollments
            .enrollments
            .by_unique(BY_USER_COURSE, &key)
            .cloned())
    }

    async fn get_for_update(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Enrollment>> {
        EnrollmentRepository::get(self, user_id, course_id).await
    }

    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Enrollment>> {
        Ok(self
            .state()
            .enrollments
            .enrollments
            .by_index(BY_USER, user_id)
            .cloned()
            .collect())
    }

    async fn courses_of_user(&mut self, user_id: &str) -> StoreResult<Vec<EnrolledCourse>> {
        let state = self.state();
        Ok(state
            .enrollments
            .enrollments
            .by_index(BY_USER, user_id)
            .filter_map(|e| {
                // An enrolment always has its course (the foreign key cascades).
                state
                    .catalog
                    .courses
                    .get(&e.course_id)
                    .map(|c| EnrolledCourse {
                        enrollment: e.clone(),
                        title: c.title.clone(),
                        slug: c.slug.clone(),
                        thumbnail: c.thumbnail.clone(),
                        delivery_mode: c.delivery_mode,
                    })
            })
            .collect())
    }

    async fn of_course(&mut self, course_id: &str) -> StoreResult<Vec<Enrollment>> {
        Ok(self
            .state()
            .enrollments
            .enrollments
            .by_index(BY_COURSE, course_id)
            .cloned()
            .collect())
    }

    async fn seats_taken(&mut self, course_id: &str) -> StoreResult<u32> {
        let n = self
            .state()
            .enrollments
            .enrollments
            .by_index(BY_COURSE, course_id)
            .filter(|e| e.status.takes_seat())
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn insert(&mut self, enrollment: &Enrollment) -> StoreResult<()> {
        self.state_mut()?
            .enrollments
            .enrollments
            .insert(enrollment.clone())
    }

    async fn update(&mut self, enrollment: &Enrollment) -> StoreResult<()> {
        self.state_mut()?
            .enrollments
            .enrollments
            .update(enrollment.clone())
    }
}
