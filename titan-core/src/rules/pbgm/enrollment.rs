//! Program enrolment (SPEC §8): INVITED → ENROLLED → ACTIVE → COMPLETED | WITHDRAWN, as data in
//! [`ENROLLMENT_TRANSITIONS`], plus the status a new participant gets.

use serde::{Deserialize, Serialize};

use crate::model::{WblmEnrollment, WblmEnrollmentStatus, WblmProgramStatus};

use super::{PbgmError, PbgmPolicy};

/// What happens to a participant's enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EnrollmentEvent {
    /// The program is published: invitations become enrolments.
    Publish,
    /// The program starts.
    Start,
    /// Every milestone of the participant is APPROVED_FINAL.
    Complete,
    /// The participant leaves (or is removed).
    Withdraw,
}

impl EnrollmentEvent {
    /// Every event.
    pub const ALL: &'static [EnrollmentEvent] = &[
        EnrollmentEvent::Publish,
        EnrollmentEvent::Start,
        EnrollmentEvent::Complete,
        EnrollmentEvent::Withdraw,
    ];

    /// The stable label (as serialised).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EnrollmentEvent::Publish => "PUBLISH",
            EnrollmentEvent::Start => "START",
            EnrollmentEvent::Complete => "COMPLETE",
            EnrollmentEvent::Withdraw => "WITHDRAW",
        }
    }
}

impl std::fmt::Display for EnrollmentEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the enrolment table: from any state of `from`, `event` leads to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EnrollmentTransition {
    /// The states the event applies to.
    pub from: &'static [WblmEnrollmentStatus],
    /// The event.
    pub event: EnrollmentEvent,
    /// The resulting state.
    pub to: WblmEnrollmentStatus,
}

use WblmEnrollmentStatus as E;

/// The enrolment table. COMPLETED and WITHDRAWN are terminal.
pub const ENROLLMENT_TRANSITIONS: &[EnrollmentTransition] = &[
    EnrollmentTransition {
        from: &[E::Invited],
        event: EnrollmentEvent::Publish,
        to: E::Enrolled,
    },
    EnrollmentTransition {
        from: &[E::Enrolled],
        event: EnrollmentEvent::Start,
        to: E::Active,
    },
    // ENROLLED participants may already submit (legacy data), so they may complete too.
    EnrollmentTransition {
        from: &[E::Enrolled, E::Active],
        event: EnrollmentEvent::Complete,
        to: E::Completed,
    },
    EnrollmentTransition {
        from: &[E::Invited, E::Enrolled, E::Active],
        event: EnrollmentEvent::Withdraw,
        to: E::Withdrawn,
    },
];

/// The state `event` leads to from `state`, per [`ENROLLMENT_TRANSITIONS`].
///
/// # Errors
/// [`PbgmError::InvalidEnrollmentTransition`] naming the state and the event when no row applies
/// (e.g. withdrawing a COMPLETED participant).
pub fn transition_enrollment(
    state: WblmEnrollmentStatus,
    event: EnrollmentEvent,
) -> Result<WblmEnrollmentStatus, PbgmError> {
    ENROLLMENT_TRANSITIONS
        .iter()
        .find(|row| row.event == event && row.from.contains(&state))
        .map(|row| row.to)
        .ok_or(PbgmError::InvalidEnrollmentTransition { state, event })
}

/// The status of a participant enrolled now: INVITED in a DRAFT program, ENROLLED in a PUBLISHED
/// one, ACTIVE in a RUNNING one (when `enrol_while_running`; a late joiner has missed the start
/// that would have activated them).
///
/// # Errors
/// [`PbgmError::EnrollmentClosed`] for CLOSED and ARCHIVED programs, and for RUNNING ones unless
/// the policy allows it.
pub fn initial_enrollment_status(
    program_status: WblmProgramStatus,
    policy: &PbgmPolicy,
) -> Result<WblmEnrollmentStatus, PbgmError> {
    match program_status {
        WblmProgramStatus::Draft => Ok(E::Invited),
        WblmProgramStatus::Published => Ok(E::Enrolled),
        WblmProgramStatus::Running if policy.enrol_while_running => Ok(E::Active),
        state => Err(PbgmError::EnrollmentClosed { state }),
    }
}

/// The status of a participant a manager enrols now: refused when the user already holds an
/// enrolment in the program (whatever its status: WITHDRAWN and COMPLETED are terminal, so a
/// participant is enrolled once), else [`initial_enrollment_status`].
///
/// # Errors
/// [`PbgmError::AlreadyEnrolled`] carrying the existing status; the refusals of
/// [`initial_enrollment_status`].
pub fn admit_participant(
    program_status: WblmProgramStatus,
    existing: Option<&WblmEnrollment>,
    policy: &PbgmPolicy,
) -> Result<WblmEnrollmentStatus, PbgmError> {
    if let Some(existing) = existing {
        return Err(PbgmError::AlreadyEnrolled {
            state: existing.status,
        });
    }
    initial_enrollment_status(program_status, policy)
}

/// Whether an enrolment lets its participant submit work and reflections (ENROLLED or ACTIVE).
#[must_use]
pub const fn is_participating(status: Option<WblmEnrollmentStatus>) -> bool {
    matches!(status, Some(E::Enrolled | E::Active))
}

/// Refuses unless the enrolment is ENROLLED or ACTIVE.
///
/// # Errors
/// [`PbgmError::NotParticipating`] carrying the enrolment's status (`None` when there is none).
pub fn ensure_participating(status: Option<WblmEnrollmentStatus>) -> Result<(), PbgmError> {
    if is_participating(status) {
        Ok(())
    } else {
        Err(PbgmError::NotParticipating { state: status })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn walks_the_lifecycle() {
        assert_eq!(
            transition_enrollment(E::Invited, EnrollmentEvent::Publish),
            Ok(E::Enrolled)
        );
        assert_eq!(
            transition_enrollment(E::Enrolled, EnrollmentEvent::Start),
            Ok(E::Active)
        );
        assert_eq!(
            transition_enrollment(E::Active, EnrollmentEvent::Complete),
            Ok(E::Completed)
        );
        assert_eq!(
            transition_enrollment(E::Active, EnrollmentEvent::Withdraw),
            Ok(E::Withdrawn)
        );
    }

    #[test]
    fn a_completed_participant_cannot_withdraw() {
        assert_eq!(
            transition_enrollment(E::Completed, EnrollmentEvent::Withdraw),
            Err(PbgmError::InvalidEnrollmentTransition {
                state: E::Completed,
                event: EnrollmentEvent::Withdraw
            })
        );
        assert!(transition_enrollment(E::Withdrawn, EnrollmentEvent::Start).is_err());
        assert!(transition_enrollment(E::Invited, EnrollmentEvent::Complete).is_err());
    }

    #[test]
    fn new_participants_follow_the_program() {
        let recommended = PbgmPolicy::recommended();
        let legacy = PbgmPolicy::legacy();
        use WblmProgramStatus as P;
        assert_eq!(
            initial_enrollment_status(P::Draft, &recommended),
            Ok(E::Invited)
        );
        assert_eq!(
            initial_enrollment_status(P::Published, &legacy),
            Ok(E::Enrolled)
        );
        assert_eq!(
            initial_enrollment_status(P::Running, &recommended),
            Ok(E::Active)
        );
        assert_eq!(
            initial_enrollment_status(P::Running, &legacy),
            Err(PbgmError::EnrollmentClosed { state: P::Running })
        );
        assert!(initial_enrollment_status(P::Closed, &recommended).is_err());
        assert!(initial_enrollment_status(P::Archived, &recommended).is_err());
    }

    #[test]
    fn a_participant_is_enrolled_once() {
        use chrono::{TimeZone, Utc};
        let policy = PbgmPolicy::recommended();
        let existing = WblmEnrollment {
            id: "e1".into(),
            program_id: "p1".into(),
            participant_user_id: "u1".into(),
            status: E::Withdrawn,
            supervisor_user_id: None,
            enrolled_at: Utc.timestamp_millis_opt(0).single().unwrap_or_default(),
            completed_at: None,
        };
        assert_eq!(
            admit_participant(WblmProgramStatus::Published, Some(&existing), &policy),
            Err(PbgmError::AlreadyEnrolled {
                state: E::Withdrawn
            })
        );
        assert_eq!(
            admit_participant(WblmProgramStatus::Published, None, &policy),
            Ok(E::Enrolled)
        );
        assert_eq!(
            admit_participant(WblmProgramStatus::Closed, None, &policy),
            Err(PbgmError::EnrollmentClosed {
                state: WblmProgramStatus::Closed
            })
        );
    }

    #[test]
    fn only_enrolled_or_active_participate() {
        assert!(ensure_participating(Some(E::Enrolled)).is_ok());
        assert!(ensure_participating(Some(E::Active)).is_ok());
        assert_eq!(
            ensure_participating(Some(E::Invited)),
            Err(PbgmError::NotParticipating {
                state: Some(E::Invited)
            })
        );
        assert!(ensure_participating(None).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_leaves_the_table(
            start in proptest::sample::select(E::ALL.to_vec()),
            events in proptest::collection::vec(proptest::sample::select(EnrollmentEvent::ALL.to_vec()), 0..20),
        ) {
            let mut state = start;
            for event in events {
                let row = ENROLLMENT_TRANSITIONS
                    .iter()
                    .find(|row| row.event == event && row.from.contains(&state));
                match (transition_enrollment(state, event), row) {
                    (Ok(next), Some(row)) => {
                        prop_assert_eq!(next, row.to);
                        state = next;
                    }
                    (Err(_), None) => {}
                    (outcome, row) => prop_assert!(false, "{outcome:?} vs {row:?}"),
                }
            }
        }
    }
}
