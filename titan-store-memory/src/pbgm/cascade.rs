//! Cascading deletes of programs and milestones (the seed's `onDelete: Cascade`).

use titan_core::model::WblmParticipantMilestone;
use titan_core::ports::{StoreError, StoreResult};

use super::{
    ASSIGNMENTS_BY_PROGRAM, ENROLLMENTS_BY_PROGRAM, MILESTONES_BY_PROGRAM, PM_BY_MILESTONE,
    PM_BY_PROGRAM, REFLECTIONS_BY_PROGRAM, REVIEWS_BY_SUBMISSION, SUBMISSIONS_BY_MILESTONE_USER,
    SUBMISSIONS_BY_PROGRAM,
};
use crate::State;
use crate::table::key2;

impl State {
    /// Deletes the submissions (with their reviews) `ids`.
    fn delete_submissions(&mut self, ids: Vec<String>) -> StoreResult<()> {
        for id in ids {
            let reviews: Vec<String> = self
                .pbgm
                .reviews
                .by_index(REVIEWS_BY_SUBMISSION, &id)
                .map(|r| r.id.clone())
                .collect();
            for review in reviews {
                self.pbgm.reviews.delete(&review)?;
            }
            self.pbgm.submissions.delete(&id)?;
        }
        Ok(())
    }

    /// Deletes a milestone and everything that hangs on it.
    pub(super) fn delete_milestone_cascade(&mut self, milestone_id: &str) -> StoreResult<()> {
        let Some(milestone) = self.pbgm.milestones.get(milestone_id).cloned() else {
            return Err(StoreError::NotFound {
                entity: "wblm_milestones",
                id: milestone_id.to_owned(),
            });
        };
        let rows: Vec<WblmParticipantMilestone> = self
            .pbgm
            .participant_milestones
            .by_index(PM_BY_MILESTONE, milestone_id)
            .cloned()
            .collect();
        for row in &rows {
            let submissions: Vec<String> = self
                .pbgm
                .submissions
                .by_index(
                    SUBMISSIONS_BY_MILESTONE_USER,
                    &key2(milestone_id, &row.participant_user_id),
                )
                .map(|s| s.id.clone())
                .collect();
            self.delete_submissions(submissions)?;
            self.pbgm.participant_milestones.delete(&row.id)?;
        }
        // Submissions without a state row (not written by Titan) go too.
        let orphans: Vec<String> = self
            .pbgm
            .submissions
            .by_index(SUBMISSIONS_BY_PROGRAM, &milestone.program_id)
            .filter(|s| s.milestone_id == milestone_id)
            .map(|s| s.id.clone())
            .collect();
        self.delete_submissions(orphans)?;
        let assignments: Vec<String> = self
            .pbgm
            .assignments
            .by_index(ASSIGNMENTS_BY_PROGRAM, &milestone.program_id)
            .filter(|a| a.milestone_id.as_deref() == Some(milestone_id))
            .map(|a| a.id.clone())
            .collect();
        for id in assignments {
            self.pbgm.assignments.delete(&id)?;
        }
        let reflections: Vec<String> = self
            .pbgm
            .reflections
            .by_index(REFLECTIONS_BY_PROGRAM, &milestone.program_id)
            .filter(|r| r.milestone_id.as_deref() == Some(milestone_id))
            .map(|r| r.id.clone())
            .collect();
        for id in reflections {
            self.pbgm.reflections.delete(&id)?;
        }
        self.pbgm.milestones.delete(milestone_id).map(|_| ())
    }

    /// Deletes a program and everything in it.
    pub(super) fn delete_program_cascade(&mut self, program_id: &str) -> StoreResult<()> {
        if self.pbgm.programs.get(program_id).is_none() {
            return Err(StoreError::NotFound {
                entity: "wblm_programs",
                id: program_id.to_owned(),
            });
        }
        let milestones: Vec<String> = self
            .pbgm
            .milestones
            .by_index(MILESTONES_BY_PROGRAM, program_id)
            .map(|m| m.id.clone())
            .collect();
        for id in milestones {
            self.delete_milestone_cascade(&id)?;
        }
        let submissions: Vec<String> = self
            .pbgm
            .submissions
            .by_index(SUBMISSIONS_BY_PROGRAM, program_id)
            .map(|s| s.id.clone())
            .collect();
        self.delete_submissions(submissions)?;
        let rows: Vec<String> = self
            .pbgm
            .participant_milestones
            .by_index(PM_BY_PROGRAM, program_id)
            .map(|r| r.id.clone())
            .collect();
        for id in rows {
            self.pbgm.participant_milestones.delete(&id)?;
        }
        let assignments: Vec<String> = self
            .pbgm
            .assignments
            .by_index(ASSIGNMENTS_BY_PROGRAM, program_id)
            .map(|a| a.id.clone())
            .collect();
        for id in assignments {
            self.pbgm.assignments.delete(&id)?;
        }
        let reflections: Vec<String> = self
            .pbgm
            .reflections
            .by_index(REFLECTIONS_BY_PROGRAM, program_id)
            .map(|r| r.id.clone())
            .collect();
        for id in reflections {
            self.pbgm.reflections.delete(&id)?;
        }
        let enrollments: Vec<String> = self
            .pbgm
            .enrollments
            .by_index(ENROLLMENTS_BY_PROGRAM, program_id)
            .map(|e| e.id.clone())
            .collect();
        for id in enrollments {
            self.pbgm.enrollments.delete(&id)?;
        }
        self.pbgm.programs.delete(program_id).map(|_| ())
    }
}
