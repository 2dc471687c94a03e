//! PBGM (SPEC §8): programs, milestones, the lifecycle, participants and reviewers,
//! submissions, reviews, reflections, progress, close locking, and the races on one
//! participant's milestone.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::app::{
    Actor, MilestoneInput, ParticipantInput, ProgramInput, Result, ReviewInput, ReviewResult,
    ReviewerAssignmentInput, SubmissionInput, SubmissionResult,
};
use crate::model::{Role, WblmMilestone, WblmProgram, WblmReviewDecision};
use crate::policy::Policy;
use crate::ports::Store;

use super::fixture::Fixture;

/// Asserts that `$call` is refused with `$code` and that the program's rows (and the outbox)
/// are exactly as before.
macro_rules! refuses {
    ($project:expr, $call:expr, $code:expr) => {{
        let before = $project.fingerprint().await;
        $crate::assert_code!($call, $code);
        assert_eq!(
            before,
            $project.fingerprint().await,
            "a refusal ({}) wrote something",
            $code
        );
    }};
}

mod lifecycle;
mod people;
mod programs;
mod races;
mod reviews;
mod submissions;

pub use lifecycle::*;
pub use people::*;
pub use programs::*;
pub use races::*;
pub use reviews::*;
pub use submissions::*;

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_pbgm {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            pbgm,
            [
                programs_are_drafts_created_by_instructors_and_admins,
                updates_never_change_the_status_and_stop_once_closed,
                milestones_change_only_while_the_program_is_draft,
                only_a_draft_program_is_deleted_with_everything_in_it,
                programs_are_visible_to_their_people_only,
                the_lifecycle_follows_its_table,
                closing_locks_everything_but_approved_work,
                enrolment_follows_the_program_status,
                participants_withdraw_themselves_or_are_withdrawn_by_managers,
                reviewers_come_from_the_pool_once_per_participant_and_milestone,
                a_milestone_goes_submit_revision_resubmit_accept,
                submissions_need_a_running_program_an_enrolment_and_files,
                late_work_is_accepted_and_marked,
                the_revision_limit_comes_from_the_program_or_the_policy,
                a_milestone_without_review_is_approved_on_submission,
                reviews_are_for_assigned_reviewers_owners_and_admins,
                one_review_per_reviewer_per_version_and_only_the_latest,
                acceptance_waits_for_a_required_reflection,
                reflections_are_the_participants_own_until_locked,
                escalation_tells_the_owner,
                progress_is_read_by_the_participant_reviewers_and_managers,
                legacy_reviewer_scope_and_progress_rounding,
                concurrent_submissions_give_unique_consecutive_versions,
                concurrent_reviews_by_one_reviewer_give_one_review,
                concurrent_accepts_approve_once,
                a_close_racing_submissions_leaves_nothing_unlocked,
            ]
        );
    };
}

/// The user id behind a signed-in actor.
#[must_use]
pub fn uid(actor: &Actor) -> String {
    match actor {
        Actor::User { id } => id.clone(),
        Actor::Anonymous | Actor::System => String::new(),
    }
}

/// One valid file list.
#[must_use]
pub fn files() -> Value {
    json!([{
        "storageUrl": "https://berkas.titan.go.id/proyek/rancangan.pdf",
        "filename": "rancangan.pdf",
        "mime": "application/pdf",
        "size": 20480
    }])
}

/// A submission with [`files`].
#[must_use]
pub fn work(title: &str) -> SubmissionInput {
    SubmissionInput {
        title: Some(title.to_owned()),
        notes: None,
        files: files(),
    }
}

/// Two reviewed milestones: a plan and a final report.
#[must_use]
pub fn two_milestones() -> Vec<MilestoneInput> {
    vec![
        MilestoneInput::new("Rancangan Proyek", &["proposal"]),
        MilestoneInput::new("Laporan Akhir", &["laporan", "video"]),
    ]
}

/// A program "Proyek Perubahan" owned by the instructor `pemilik` (unit BKN), with the
/// instructor `penilai` in its reviewer pool, assigned program-wide to the learner `peserta`.
#[derive(Debug, Clone)]
pub struct Project {
    /// The engine and its clock.
    pub fx: Fixture,
    /// The program's owner.
    pub owner: Actor,
    /// The assigned reviewer (in the pool).
    pub reviewer: Actor,
    /// The participant.
    pub participant: Actor,
    /// The program as last transitioned.
    pub program: WblmProgram,
    /// Its milestones, in order.
    pub milestones: Vec<WblmMilestone>,
}

impl Project {
    /// The program, still DRAFT: milestones made, `peserta` INVITED and `penilai` assigned.
    pub async fn draft(
        store: Arc<dyn Store>,
        policy: Policy,
        milestones: &[MilestoneInput],
        settings: Option<Value>,
    ) -> Self {
        let fx = Fixture::with_policy(store, policy).await;
        let owner = fx.instructor("pemilik").await;
        let (reviewer, _) = fx.user("penilai", Role::Instructor, Some("BKN")).await;
        let participant = fx.learner("peserta").await;
        let mut input = ProgramInput::new("Proyek Perubahan", 8);
        input.reviewer_pool_ids = vec![uid(&reviewer)];
        input.settings = settings;
        let program = fx.titan.create_program(&owner, &input).await.unwrap();
        let mut made = Vec::new();
        for m in milestones {
            made.push(
                fx.titan
                    .create_milestone(&owner, &program.id, m)
                    .await
                    .unwrap(),
            );
        }
        let project = Self {
            fx,
            owner,
            reviewer,
            participant,
            program,
            milestones: made,
        };
        let participant = project.participant.clone();
        project.enrol(&participant).await;
        project
    }

    /// The program RUNNING (published and started) with `peserta` ACTIVE.
    pub async fn running(
        store: Arc<dyn Store>,
        policy: Policy,
        milestones: &[MilestoneInput],
        settings: Option<Value>,
    ) -> Self {
        let mut project = Self::draft(store, policy, milestones, settings).await;
        let titan = &project.fx.titan;
        titan
            .publish_program(&project.owner, &project.program.id)
            .await
            .unwrap();
        project.program = titan
            .start_program(&project.owner, &project.program.id)
            .await
            .unwrap()
            .program;
        project
    }

    /// The recommended policy, two milestones, running.
    pub async fn standard(store: Arc<dyn Store>) -> Self {
        Self::running(store, Policy::recommended(), &two_milestones(), None).await
    }

    /// Enrols `who` and assigns `penilai` to them program-wide.
    pub async fn enrol(&self, who: &Actor) {
        let titan = &self.fx.titan;
        titan
            .enrol_participant(
                &self.owner,
                &self.program.id,
                &ParticipantInput {
                    participant_user_id: uid(who),
                    supervisor_user_id: None,
                },
            )
            .await
            .unwrap();
        titan
            .assign_reviewer(
                &self.owner,
                &self.program.id,
                &ReviewerAssignmentInput {
                    participant_user_id: uid(who),
                    reviewer_user_id: uid(&self.reviewer),
                    ..ReviewerAssignmentInput::default()
                },
            )
            .await
            .unwrap();
    }

    /// `who` submits [`work`] on milestone `index`.
    pub async fn submit(&self, who: &Actor, index: usize) -> Result<SubmissionResult> {
        self.fx
            .titan
            .submit_milestone(who, &self.milestones[index].id, &work("Versi kerja"))
            .await
    }

    /// `who` reviews a submission with `decision`.
    pub async fn review(
        &self,
        who: &Actor,
        submission_id: &str,
        decision: WblmReviewDecision,
    ) -> Result<ReviewResult> {
        self.fx
            .titan
            .review_submission(who, submission_id, &ReviewInput::new(decision))
            .await
    }

    /// Every row of the program (and the outbox backlog), to prove a refusal wrote nothing.
    pub async fn fingerprint(&self) -> String {
        let mut uow = self.fx.store.begin_read().await.unwrap();
        let id = &self.program.id;
        let repo = uow.pbgm();
        let mut out = vec![
            format!("{:?}", repo.program(id).await.unwrap()),
            format!("{:?}", repo.milestones_of_program(id).await.unwrap()),
            format!(
                "{:?}",
                repo.participant_milestones_of_program(id).await.unwrap()
            ),
            format!("{:?}", repo.assignments_of_program(id).await.unwrap()),
            format!("{:?}", repo.reflections_of_program(id).await.unwrap()),
        ];
        let enrollments = repo.enrollments_of_program(id).await.unwrap();
        out.push(format!("{enrollments:?}"));
        let milestones = repo.milestones_of_program(id).await.unwrap();
        for e in &enrollments {
            for m in &milestones {
                let submissions = repo
                    .submissions_of(&m.id, &e.participant_user_id)
                    .await
                    .unwrap();
                for s in &submissions {
                    out.push(format!(
                        "{:?}",
                        repo.reviews_of_submission(&s.id).await.unwrap()
                    ));
                }
                out.push(format!("{submissions:?}"));
            }
        }
        out.push(format!("{:?}", uow.outbox().summary().await.unwrap()));
        out.join("\n")
    }
}
