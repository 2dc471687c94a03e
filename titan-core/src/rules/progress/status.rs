//! The enrolment status machine: ENROLLED → IN_PROGRESS → COMPLETED (final); DROPPED is
//! handled by `catalog::drop_enrolment`.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Enrollment, EnrollmentStatus};

use super::ProgressError;

/// What happened to an enrolment, as the status machine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EnrollmentEvent {
    /// Progress was recomputed without learner activity (e.g. a manual completion).
    Recompute,
    /// The learner made progress or attempted a quiz.
    Activity,
    /// The completion criteria now hold.
    Complete,
}

impl EnrollmentEvent {
    /// The event's label.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EnrollmentEvent::Recompute => "RECOMPUTE",
            EnrollmentEvent::Activity => "ACTIVITY",
            EnrollmentEvent::Complete => "COMPLETE",
        }
    }
}

impl std::fmt::Display for EnrollmentEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The enrolment after an event, and which transitions fired (for points, certificates,
/// xAPI and notifications).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentChange {
    /// The row to store.
    pub enrollment: Enrollment,
    /// ENROLLED → IN_PROGRESS fired (`startedAt` set).
    pub started: bool,
    /// → COMPLETED fired (`completedAt` set, progress 100).
    pub completed: bool,
    /// Whether anything differs from the given row.
    pub changed: bool,
}

/// Applies an event to an enrolment.
///
/// `new_progress` is the freshly computed progress (0..=100); `criteria_met` whether the
/// completion criteria hold; `activity` whether the learner just made progress or attempted a
/// quiz. ENROLLED becomes IN_PROGRESS on the first activity or non-zero progress (`startedAt`
/// = `now`); ENROLLED or IN_PROGRESS becomes COMPLETED when the criteria hold (`completedAt` =
/// `now`, progress 100, `startedAt` filled if it was not). COMPLETED is final and a DROPPED
/// enrolment takes no event: a use case skips those before recomputing.
///
/// # Errors
/// [`ProgressError::InvalidProgress`] outside 0..=100; [`ProgressError::TransitionRefused`]
/// (`PROGRESS_ENROLLMENT_COMPLETED`, `PROGRESS_ENROLLMENT_DROPPED`) naming the state and event.
pub fn advance_enrollment(
    enrollment: &Enrollment,
    new_progress: Decimal,
    criteria_met: bool,
    activity: bool,
    now: DateTime<Utc>,
) -> Result<EnrollmentChange, ProgressError> {
    let event = if criteria_met {
        EnrollmentEvent::Complete
    } else if activity {
        EnrollmentEvent::Activity
    } else {
        EnrollmentEvent::Recompute
    };
    match enrollment.status {
        EnrollmentStatus::Enrolled | EnrollmentStatus::InProgress => {}
        state @ (EnrollmentStatus::Completed | EnrollmentStatus::Dropped) => {
            return Err(ProgressError::TransitionRefused { state, event });
        }
    }
    if new_progress < Decimal::ZERO || new_progress > Decimal::ONE_HUNDRED {
        return Err(ProgressError::InvalidProgress {
            value: new_progress.to_string(),
        });
    }

    let mut next = enrollment.clone();
    next.progress = new_progress;
    let starts = enrollment.status == EnrollmentStatus::Enrolled
        && (activity || criteria_met || new_progress > Decimal::ZERO);
    if starts {
        next.status = EnrollmentStatus::InProgress;
    }
    if (starts || criteria_met) && next.started_at.is_none() {
        next.started_at = Some(now);
    }
    if criteria_met {
        next.status = EnrollmentStatus::Completed;
        next.progress = Decimal::ONE_HUNDRED;
        next.completed_at = Some(now);
    }
    let changed = next != *enrollment;
    Ok(EnrollmentChange {
        enrollment: next,
        started: starts,
        completed: criteria_met,
        changed,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::error::ErrorCode;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_machine_never_leaves_its_table(
            steps in prop::collection::vec((0_i64..=10_000, any::<bool>(), any::<bool>()), 1..20),
        ) {
            use EnrollmentStatus::{Completed, Enrolled, InProgress};
            let mut e = row(Enrolled);
            for (hundredths, met, activity) in steps {
                let before = e.status;
                match advance_enrollment(&e, Decimal::new(hundredths, 2), met, activity, t0()) {
                    Ok(c) => {
                        let allowed = matches!(
                            (before, c.enrollment.status),
                            (Enrolled, Enrolled | InProgress | Completed)
                                | (InProgress, InProgress | Completed)
                        );
                        prop_assert!(allowed);
                        if c.enrollment.status == Completed {
                            prop_assert_eq!(c.enrollment.progress, Decimal::ONE_HUNDRED);
                            prop_assert!(c.enrollment.completed_at.is_some());
                        }
                        if c.enrollment.status != Enrolled {
                            prop_assert!(c.enrollment.started_at.is_some());
                        }
                        e = c.enrollment;
                    }
                    Err(err) => prop_assert_eq!(err.code(), "PROGRESS_ENROLLMENT_COMPLETED"),
                }
            }
        }
    }

    fn t0() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000)
    }

    fn row(status: EnrollmentStatus) -> Enrollment {
        let mut e = Enrollment::new("e1", "u1", "c1", t0());
        e.status = status;
        e
    }

    #[test]
    fn first_activity_starts_the_enrolment() {
        let now = t0() + Duration::hours(1);
        let c = advance_enrollment(&row(EnrollmentStatus::Enrolled), dec!(0), false, true, now)
            .unwrap();
        assert!(c.started && !c.completed && c.changed);
        assert_eq!(c.enrollment.status, EnrollmentStatus::InProgress);
        assert_eq!(c.enrollment.started_at, Some(now));
        // A later activity keeps the first start.
        let again = advance_enrollment(
            &c.enrollment,
            dec!(10),
            false,
            true,
            now + Duration::hours(1),
        )
        .unwrap();
        assert!(!again.started && again.changed);
        assert_eq!(again.enrollment.started_at, Some(now));
        assert_eq!(again.enrollment.progress, dec!(10));
    }

    #[test]
    fn progress_without_activity_also_starts() {
        let c = advance_enrollment(
            &row(EnrollmentStatus::Enrolled),
            dec!(12.5),
            false,
            false,
            t0(),
        )
        .unwrap();
        assert!(c.started);
        let idle = advance_enrollment(
            &row(EnrollmentStatus::Enrolled),
            dec!(0),
            false,
            false,
            t0(),
        )
        .unwrap();
        assert!(!idle.started && !idle.changed);
        assert_eq!(idle.enrollment.status, EnrollmentStatus::Enrolled);
    }

    #[test]
    fn criteria_complete_with_full_progress() {
        let now = t0() + Duration::days(3);
        let mut e = row(EnrollmentStatus::InProgress);
        e.started_at = Some(t0());
        let c = advance_enrollment(&e, dec!(98), true, true, now).unwrap();
        assert!(c.completed && !c.started);
        assert_eq!(c.enrollment.status, EnrollmentStatus::Completed);
        assert_eq!(c.enrollment.progress, dec!(100));
        assert_eq!(c.enrollment.completed_at, Some(now));
        assert_eq!(c.enrollment.started_at, Some(t0()));
    }

    #[test]
    fn enrolled_can_complete_in_one_step() {
        let c = advance_enrollment(
            &row(EnrollmentStatus::Enrolled),
            dec!(100),
            true,
            false,
            t0(),
        )
        .unwrap();
        assert!(c.started && c.completed);
        assert_eq!(c.enrollment.started_at, Some(t0()));
        assert_eq!(c.enrollment.completed_at, Some(t0()));
    }

    #[test]
    fn completed_is_final_and_dropped_takes_nothing() {
        let err = advance_enrollment(
            &row(EnrollmentStatus::Completed),
            dec!(50),
            false,
            true,
            t0(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "PROGRESS_ENROLLMENT_COMPLETED");
        assert_eq!(
            err,
            ProgressError::TransitionRefused {
                state: EnrollmentStatus::Completed,
                event: EnrollmentEvent::Activity
            }
        );
        let err = advance_enrollment(&row(EnrollmentStatus::Dropped), dec!(50), true, false, t0())
            .unwrap_err();
        assert_eq!(err.code(), "PROGRESS_ENROLLMENT_DROPPED");
    }

    #[test]
    fn progress_outside_range_is_refused() {
        for bad in [dec!(-0.01), dec!(100.01)] {
            let err = advance_enrollment(&row(EnrollmentStatus::Enrolled), bad, false, false, t0())
                .unwrap_err();
            assert_eq!(err.code(), "PROGRESS_INVALID_PROGRESS");
        }
    }
}
