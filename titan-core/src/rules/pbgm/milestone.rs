//! The participant × milestone state machine (SPEC §8), written as data: [`MILESTONE_TRANSITIONS`].

use serde::{Deserialize, Serialize};

use crate::model::{WblmMilestoneStatus, WblmReviewDecision};

use super::PbgmError;

/// What happens to a participant's milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MilestoneEvent {
    /// The participant starts working on it.
    StartWork,
    /// The first version (v1) is submitted.
    Submit,
    /// A reviewer opens the submission.
    OpenReview,
    /// A review with decision COMMENT_ONLY.
    CommentOnly,
    /// A review with decision ESCALATE.
    Escalate,
    /// A review with decision ACCEPT (or the automatic acceptance of a milestone without review).
    Accept,
    /// A review with decision REQUEST_REVISION.
    RequestRevision,
    /// A new version (vN+1) after a revision request.
    Resubmit,
    /// The program is closed.
    ProgramClosed,
}

impl MilestoneEvent {
    /// Every event.
    pub const ALL: &'static [MilestoneEvent] = &[
        MilestoneEvent::StartWork,
        MilestoneEvent::Submit,
        MilestoneEvent::OpenReview,
        MilestoneEvent::CommentOnly,
        MilestoneEvent::Escalate,
        MilestoneEvent::Accept,
        MilestoneEvent::RequestRevision,
        MilestoneEvent::Resubmit,
        MilestoneEvent::ProgramClosed,
    ];

    /// The stable label (as serialised).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            MilestoneEvent::StartWork => "START_WORK",
            MilestoneEvent::Submit => "SUBMIT",
            MilestoneEvent::OpenReview => "OPEN_REVIEW",
            MilestoneEvent::CommentOnly => "COMMENT_ONLY",
            MilestoneEvent::Escalate => "ESCALATE",
            MilestoneEvent::Accept => "ACCEPT",
            MilestoneEvent::RequestRevision => "REQUEST_REVISION",
            MilestoneEvent::Resubmit => "RESUBMIT",
            MilestoneEvent::ProgramClosed => "PROGRAM_CLOSED",
        }
    }

    /// The event a review decision raises.
    #[must_use]
    pub const fn from_decision(decision: WblmReviewDecision) -> Self {
        match decision {
            WblmReviewDecision::Accept => MilestoneEvent::Accept,
            WblmReviewDecision::RequestRevision => MilestoneEvent::RequestRevision,
            WblmReviewDecision::CommentOnly => MilestoneEvent::CommentOnly,
            WblmReviewDecision::Escalate => MilestoneEvent::Escalate,
        }
    }
}

impl std::fmt::Display for MilestoneEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the transition table: from any state of `from`, `event` leads to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MilestoneTransition {
    /// The states the event applies to.
    pub from: &'static [WblmMilestoneStatus],
    /// The event.
    pub event: MilestoneEvent,
    /// The resulting state.
    pub to: WblmMilestoneStatus,
}

use WblmMilestoneStatus as S;

const IN_REVIEW: &[WblmMilestoneStatus] = &[S::Submitted, S::Resubmitted, S::UnderReview];

/// SPEC §8's table, row by row. Anything not listed is refused.
pub const MILESTONE_TRANSITIONS: &[MilestoneTransition] = &[
    MilestoneTransition {
        from: &[S::NotStarted],
        event: MilestoneEvent::StartWork,
        to: S::InProgress,
    },
    MilestoneTransition {
        from: &[S::NotStarted, S::InProgress],
        event: MilestoneEvent::Submit,
        to: S::Submitted,
    },
    MilestoneTransition {
        from: IN_REVIEW,
        event: MilestoneEvent::OpenReview,
        to: S::UnderReview,
    },
    MilestoneTransition {
        from: IN_REVIEW,
        event: MilestoneEvent::CommentOnly,
        to: S::UnderReview,
    },
    MilestoneTransition {
        from: IN_REVIEW,
        event: MilestoneEvent::Escalate,
        to: S::UnderReview,
    },
    MilestoneTransition {
        from: IN_REVIEW,
        event: MilestoneEvent::Accept,
        to: S::ApprovedFinal,
    },
    MilestoneTransition {
        from: IN_REVIEW,
        event: MilestoneEvent::RequestRevision,
        to: S::RevisionRequested,
    },
    MilestoneTransition {
        from: &[S::RevisionRequested],
        event: MilestoneEvent::Resubmit,
        to: S::Resubmitted,
    },
    // "Any but APPROVED_FINAL": closing twice leaves LOCKED as it is.
    MilestoneTransition {
        from: &[
            S::NotStarted,
            S::InProgress,
            S::Submitted,
            S::UnderReview,
            S::RevisionRequested,
            S::Resubmitted,
            S::Locked,
        ],
        event: MilestoneEvent::ProgramClosed,
        to: S::Locked,
    },
];

/// The state `event` leads to from `state`, per [`MILESTONE_TRANSITIONS`].
///
/// # Errors
/// [`PbgmError::InvalidMilestoneTransition`] naming the state and the event when no row applies.
pub fn transition_milestone(
    state: WblmMilestoneStatus,
    event: MilestoneEvent,
) -> Result<WblmMilestoneStatus, PbgmError> {
    MILESTONE_TRANSITIONS
        .iter()
        .find(|row| row.event == event && row.from.contains(&state))
        .map(|row| row.to)
        .ok_or(PbgmError::InvalidMilestoneTransition { state, event })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn follows_the_spec_table() {
        assert_eq!(
            transition_milestone(S::NotStarted, MilestoneEvent::StartWork),
            Ok(S::InProgress)
        );
        assert_eq!(
            transition_milestone(S::InProgress, MilestoneEvent::Submit),
            Ok(S::Submitted)
        );
        for from in IN_REVIEW {
            assert_eq!(
                transition_milestone(*from, MilestoneEvent::Escalate),
                Ok(S::UnderReview)
            );
            assert_eq!(
                transition_milestone(*from, MilestoneEvent::Accept),
                Ok(S::ApprovedFinal)
            );
            assert_eq!(
                transition_milestone(*from, MilestoneEvent::RequestRevision),
                Ok(S::RevisionRequested)
            );
        }
        assert_eq!(
            transition_milestone(S::RevisionRequested, MilestoneEvent::Resubmit),
            Ok(S::Resubmitted)
        );
        assert_eq!(
            transition_milestone(S::UnderReview, MilestoneEvent::ProgramClosed),
            Ok(S::Locked)
        );
    }

    #[test]
    fn refuses_naming_state_and_event() {
        assert_eq!(
            transition_milestone(S::ApprovedFinal, MilestoneEvent::ProgramClosed),
            Err(PbgmError::InvalidMilestoneTransition {
                state: S::ApprovedFinal,
                event: MilestoneEvent::ProgramClosed
            })
        );
        assert!(transition_milestone(S::Submitted, MilestoneEvent::Submit).is_err());
        assert!(transition_milestone(S::Submitted, MilestoneEvent::Resubmit).is_err());
        assert!(transition_milestone(S::Locked, MilestoneEvent::Accept).is_err());
        assert!(transition_milestone(S::NotStarted, MilestoneEvent::Accept).is_err());
        assert!(transition_milestone(S::RevisionRequested, MilestoneEvent::Submit).is_err());
    }

    #[test]
    fn rows_never_overlap() {
        for event in MilestoneEvent::ALL {
            for state in S::ALL {
                let rows = MILESTONE_TRANSITIONS
                    .iter()
                    .filter(|row| row.event == *event && row.from.contains(state))
                    .count();
                assert!(rows <= 1, "{state} {event}");
            }
        }
    }

    #[test]
    fn events_serialise_as_their_labels() {
        for event in MilestoneEvent::ALL {
            let json = serde_json::to_value(event).unwrap();
            assert_eq!(json, serde_json::Value::from(event.as_str()));
        }
    }

    fn any_state() -> impl Strategy<Value = WblmMilestoneStatus> {
        proptest::sample::select(S::ALL.to_vec())
    }

    fn any_event() -> impl Strategy<Value = MilestoneEvent> {
        proptest::sample::select(MilestoneEvent::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Every accepted step is a table row; a refused one leaves the state as it was.
        #[test]
        fn never_leaves_the_table(
            start in any_state(),
            events in proptest::collection::vec(any_event(), 0..40),
        ) {
            let mut state = start;
            for event in events {
                match transition_milestone(state, event) {
                    Ok(next) => {
                        let listed = MILESTONE_TRANSITIONS.iter().any(|row| {
                            row.event == event && row.from.contains(&state) && row.to == next
                        });
                        prop_assert!(listed);
                        state = next;
                    }
                    Err(PbgmError::InvalidMilestoneTransition { state: named, event: refused }) => {
                        prop_assert_eq!(named, state);
                        prop_assert_eq!(refused, event);
                        let listed = MILESTONE_TRANSITIONS
                            .iter()
                            .any(|row| row.event == event && row.from.contains(&state));
                        prop_assert!(!listed);
                    }
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
            }
        }

        /// APPROVED_FINAL is terminal: no event moves it.
        #[test]
        fn approval_is_final(event in any_event()) {
            prop_assert!(transition_milestone(S::ApprovedFinal, event).is_err());
        }
    }
}
