use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::model::{DeliveryMode, Enrollment};
use crate::ports::StoreResult;

/// An enrolment with what a learner's dashboard shows of its course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolledCourse {
    /// The enrolment: status, progress and dates.
    pub enrollment: Enrollment,
    /// The course's title.
    pub title: String,
    /// The course's slug.
    pub slug: String,
    /// The course's thumbnail.
    pub thumbnail: Option<String>,
    /// How the course is delivered.
    pub delivery_mode: DeliveryMode,
}

/// Course enrolments.
#[async_trait]
pub trait EnrollmentRepository: Send {
    /// The learner's enrolment in the course.
    async fn get(&mut self, user_id: &str, course_id: &str) -> StoreResult<Option<Enrollment>>;

    /// The learner's enrolment in the course, locked until the unit of work ends. Every change
    /// to a learner's standing in a course (progress, attempts, attendance) takes this lock
    /// first, so one learner's concurrent events in one course apply one after the other.
    async fn get_for_update(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Enrollment>>;

    /// The learner's enrolments, by `enrolledAt` then id.
    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Enrollment>>;

    /// The learner's enrolments with their courses (one read: the dashboard's hot path), by
    /// `enrolledAt` then id.
    async fn courses_of_user(&mut self, user_id: &str) -> StoreResult<Vec<EnrolledCourse>>;

    /// The course's enrolments, by `enrolledAt` then id.
    async fn of_course(&mut self, course_id: &str) -> StoreResult<Vec<Enrollment>>;

    /// How many of the course's enrolments hold a seat (ENROLLED, IN_PROGRESS, COMPLETED).
    async fn seats_taken(&mut self, course_id: &str) -> StoreResult<u32>;

    /// Adds an enrolment.
    ///
    /// # Errors
    /// `Conflict` on [`ENROLLMENT_USER_COURSE`](crate::ports::constraint::ENROLLMENT_USER_COURSE)
    /// or the primary key.
    async fn insert(&mut self, enrollment: &Enrollment) -> StoreResult<()>;

    /// Replaces an enrolment.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update(&mut self, enrollment: &Enrollment) -> StoreResult<()>;
}
