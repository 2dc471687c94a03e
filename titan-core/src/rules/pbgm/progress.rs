//! Participant progress in a program (SPEC §8): approved milestones / milestones × 100.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{
    WblmEnrollmentStatus, WblmMilestone, WblmMilestoneStatus, WblmParticipantMilestone,
};
use crate::rules::common::{percent, round_dp};

use super::PbgmPolicy;
use super::enrollment::{EnrollmentEvent, transition_enrollment};

/// Where a participant stands in a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantProgress {
    /// Milestones APPROVED_FINAL.
    pub approved: usize,
    /// Milestones of the program.
    pub total: usize,
    /// `approved / total × 100`, rounded to the policy's places (0 without milestones).
    pub percent: Decimal,
    /// Every milestone is APPROVED_FINAL (false without milestones).
    pub all_approved: bool,
    /// The enrolment's new status when it becomes COMPLETED now.
    pub enrollment_change: Option<WblmEnrollmentStatus>,
}

/// Progress of one participant: `milestones` are the program's, `rows` the participant's
/// milestone states (rows for other milestones are ignored). When all are APPROVED_FINAL an
/// ENROLLED or ACTIVE enrolment becomes COMPLETED.
#[must_use]
pub fn participant_progress(
    milestones: &[WblmMilestone],
    rows: &[WblmParticipantMilestone],
    enrollment_status: Option<WblmEnrollmentStatus>,
    policy: &PbgmPolicy,
) -> ParticipantProgress {
    let total = milestones.len();
    let approved = milestones
        .iter()
        .filter(|m| {
            rows.iter()
                .any(|r| r.milestone_id == m.id && r.status == WblmMilestoneStatus::ApprovedFinal)
        })
        .count();
    let all_approved = total > 0 && approved == total;
    let enrollment_change = enrollment_status
        .filter(|_| all_approved)
        .and_then(|s| transition_enrollment(s, EnrollmentEvent::Complete).ok());
    // Capped so a silly policy value cannot exceed what a Decimal holds.
    let places = policy.progress_decimals.min(10);
    let mut shown = round_dp(
        percent(Decimal::from(approved), Decimal::from(total)),
        places,
    );
    // A fixed number of places, so "100.00" and "33.33" read alike.
    shown.rescale(places);
    ParticipantProgress {
        approved,
        total,
        percent: shown,
        all_approved,
        enrollment_change,
    }
}
