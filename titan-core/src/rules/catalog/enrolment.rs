//! Enrolment admission and dropping.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Course, Enrollment, EnrollmentStatus};

use super::{CatalogError, CatalogPolicy, EnrolmentChecks};

/// What an admitted enrolment request does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "outcome",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum EnrolmentAdmission {
    /// Create a new ENROLLED row.
    NewEnrolment,
    /// Reactivate the learner's DROPPED row, keeping its progress and dates.
    Reactivate {
        /// The row to reactivate.
        enrollment_id: String,
        /// Its new status: IN_PROGRESS when the learner had started, else ENROLLED.
        status: EnrollmentStatus,
    },
}

/// Decides whether a learner may enrol in `course` at `now`.
///
/// `existing` is the learner's row for this course, if any; `seats_taken` counts the course's
/// ENROLLED, IN_PROGRESS and COMPLETED rows (the store reads it under a lock). With
/// `enrolment_checks = full` the course must be published, have started (unless
/// `enrol_before_start`), not have ended (`now > endDate` is closed) and have a free seat
/// (`capacity` null = unlimited; 0 or less = no seats). *legacy* (`duplicate_only`) checks only
/// the duplicate. A DROPPED row is reactivated rather than duplicated.
///
/// # Errors
/// [`CatalogError::AlreadyEnrolled`], [`CatalogError::CourseNotPublished`],
/// [`CatalogError::EnrolmentNotOpen`], [`CatalogError::EnrolmentClosed`],
/// [`CatalogError::CourseFull`], checked in that order.
pub fn admit_enrolment(
    course: &Course,
    existing: Option<&Enrollment>,
    seats_taken: u32,
    now: DateTime<Utc>,
    policy: &CatalogPolicy,
) -> Result<EnrolmentAdmission, CatalogError> {
    let admission = match existing {
        None => EnrolmentAdmission::NewEnrolment,
        Some(row) if row.status == EnrollmentStatus::Dropped => EnrolmentAdmission::Reactivate {
            enrollment_id: row.id.clone(),
            status: if row.started_at.is_some() {
                EnrollmentStatus::InProgress
            } else {
                EnrollmentStatus::Enrolled
            },
        },
        Some(row) => return Err(CatalogError::AlreadyEnrolled { status: row.status }),
    };
    if policy.enrolment_checks == EnrolmentChecks::DuplicateOnly {
        return Ok(admission);
    }
    if !course.is_published {
        return Err(CatalogError::CourseNotPublished {
            course_id: course.id.clone(),
        });
    }
    if let Some(start_date) = course.start_date
        && !policy.enrol_before_start
        && now < start_date
    {
        return Err(CatalogError::EnrolmentNotOpen { start_date });
    }
    if let Some(end_date) = course.end_date
        && now > end_date
    {
        return Err(CatalogError::EnrolmentClosed { end_date });
    }
    if let Some(capacity) = course.capacity
        && i64::from(seats_taken) >= i64::from(capacity)
    {
        return Err(CatalogError::CourseFull {
            capacity,
            seats_taken,
        });
    }
    Ok(admission)
}

/// Drops an enrolment: allowed from ENROLLED and IN_PROGRESS; progress and dates are kept so a
/// later re-enrolment can reactivate the row.
///
/// # Errors
/// [`CatalogError::DropNotAllowed`] from COMPLETED (final) or DROPPED.
pub fn drop_enrolment(enrollment: &Enrollment) -> Result<Enrollment, CatalogError> {
    match enrollment.status {
        EnrollmentStatus::Enrolled | EnrollmentStatus::InProgress => Ok(Enrollment {
            status: EnrollmentStatus::Dropped,
            ..enrollment.clone()
        }),
        status => Err(CatalogError::DropNotAllowed { status }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{Duration, TimeZone};
    use rust_decimal::Decimal;

    use super::*;
    use crate::error::ErrorCode;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
    }

    fn published() -> Course {
        let mut c = Course::new("c1", "Etika ASN", "etika-asn", "Etika dan integritas", "i1");
        c.is_published = true;
        c
    }

    fn row(status: EnrollmentStatus) -> Enrollment {
        let mut e = Enrollment::new("e1", "u1", "c1", now() - Duration::days(10));
        e.status = status;
        e
    }

    fn full() -> CatalogPolicy {
        CatalogPolicy::recommended()
    }

    #[test]
    fn a_published_open_course_admits_a_new_enrolment() {
        assert_eq!(
            admit_enrolment(&published(), None, 0, now(), &full()),
            Ok(EnrolmentAdmission::NewEnrolment)
        );
    }

    #[test]
    fn unpublished_is_refused() {
        let mut c = published();
        c.is_published = false;
        let err = admit_enrolment(&c, None, 0, now(), &full()).unwrap_err();
        assert_eq!(err.code(), "CATALOG_COURSE_NOT_PUBLISHED");
    }

    #[test]
    fn start_date_opens_early_unless_the_policy_says_otherwise() {
        let mut c = published();
        let start = now() + Duration::days(3);
        c.start_date = Some(start);
        assert!(admit_enrolment(&c, None, 0, now(), &full()).is_ok());
        let strict = CatalogPolicy {
            enrol_before_start: false,
            ..full()
        };
        assert_eq!(
            admit_enrolment(&c, None, 0, now(), &strict),
            Err(CatalogError::EnrolmentNotOpen { start_date: start })
        );
        assert!(admit_enrolment(&c, None, 0, start, &strict).is_ok());
    }

    #[test]
    fn an_ended_course_is_closed_after_its_end_instant() {
        let mut c = published();
        c.end_date = Some(now());
        assert!(admit_enrolment(&c, None, 0, now(), &full()).is_ok());
        let later = now() + Duration::seconds(1);
        assert_eq!(
            admit_enrolment(&c, None, 0, later, &full()),
            Err(CatalogError::EnrolmentClosed { end_date: now() })
        );
    }

    #[test]
    fn capacity_counts_taken_seats() {
        let mut c = published();
        c.capacity = Some(30);
        assert!(admit_enrolment(&c, None, 29, now(), &full()).is_ok());
        assert_eq!(
            admit_enrolment(&c, None, 30, now(), &full()),
            Err(CatalogError::CourseFull {
                capacity: 30,
                seats_taken: 30
            })
        );
        c.capacity = Some(0);
        assert!(admit_enrolment(&c, None, 0, now(), &full()).is_err());
    }

    #[test]
    fn a_second_enrolment_is_a_conflict_in_both_modes() {
        for status in [
            EnrollmentStatus::Enrolled,
            EnrollmentStatus::InProgress,
            EnrollmentStatus::Completed,
        ] {
            for policy in [full(), CatalogPolicy::legacy()] {
                assert_eq!(
                    admit_enrolment(&published(), Some(&row(status)), 1, now(), &policy),
                    Err(CatalogError::AlreadyEnrolled { status })
                );
            }
        }
    }

    #[test]
    fn a_dropped_row_is_reactivated() {
        let dropped = row(EnrollmentStatus::Dropped);
        assert_eq!(
            admit_enrolment(&published(), Some(&dropped), 0, now(), &full()),
            Ok(EnrolmentAdmission::Reactivate {
                enrollment_id: "e1".into(),
                status: EnrollmentStatus::Enrolled
            })
        );
        let mut started = dropped;
        started.started_at = Some(now() - Duration::days(5));
        started.progress = Decimal::new(4000, 2);
        assert_eq!(
            admit_enrolment(&published(), Some(&started), 0, now(), &full()),
            Ok(EnrolmentAdmission::Reactivate {
                enrollment_id: "e1".into(),
                status: EnrollmentStatus::InProgress
            })
        );
    }

    #[test]
    fn legacy_checks_only_the_duplicate() {
        let mut c = published();
        c.is_published = false;
        c.capacity = Some(1);
        c.end_date = Some(now() - Duration::days(1));
        let legacy = CatalogPolicy::legacy();
        assert_eq!(
            admit_enrolment(&c, None, 5, now(), &legacy),
            Ok(EnrolmentAdmission::NewEnrolment)
        );
        assert!(admit_enrolment(&c, None, 5, now(), &full()).is_err());
    }

    #[test]
    fn drop_only_from_active_states() {
        let mut e = row(EnrollmentStatus::InProgress);
        e.progress = Decimal::new(5000, 2);
        let dropped = drop_enrolment(&e).unwrap();
        assert_eq!(dropped.status, EnrollmentStatus::Dropped);
        assert_eq!(dropped.progress, Decimal::new(5000, 2));
        assert!(drop_enrolment(&row(EnrollmentStatus::Enrolled)).is_ok());
        for status in [EnrollmentStatus::Completed, EnrollmentStatus::Dropped] {
            assert_eq!(
                drop_enrolment(&row(status)),
                Err(CatalogError::DropNotAllowed { status })
            );
        }
    }
}
