//! SPEC §3 Progress and completion: video heartbeats, lesson completion by content type,
//! manual completion, enrolment progress, completion criteria and the enrolment status machine.
//!
//! A change recomputes only the enrolment it touches: a use case loads one learner's facts for
//! one course ([`EnrollmentFacts`]), calls [`evaluate_enrollment`], then
//! [`advance_enrollment`].
//!
//! ```
//! use rust_decimal::Decimal;
//! use titan_core::model::QuizType;
//! use titan_core::rules::progress::{
//!     EnrollmentFacts, LessonFact, ProgressPolicy, QuizFact, compute_enrollment_progress,
//! };
//!
//! let facts = EnrollmentFacts {
//!     lessons: vec![
//!         LessonFact::new("l1", Some(600), true),
//!         LessonFact::new("l2", Some(600), false),
//!     ],
//!     quizzes: vec![QuizFact::new("q1", QuizType::PostTest, true, false)],
//!     ..EnrollmentFacts::default()
//! };
//! // One of three required items: the lesson l1 (the post-test is submitted, not passed).
//! let progress = compute_enrollment_progress(&facts, &ProgressPolicy::recommended());
//! assert_eq!(progress, Decimal::new(3333, 2));
//! ```

mod enrollment;
mod error;
mod lesson;
mod policy;
mod status;
mod video;

pub use enrollment::{
    CompletionCheck, EnrollmentEvaluation, EnrollmentFacts, LessonFact, QuizFact, UnmetCriterion,
    completion_criteria, compute_enrollment_progress, evaluate_enrollment,
};
pub use error::ProgressError;
pub use lesson::{
    CompletionEvidence, LessonCompletion, ManualCompletion, apply_completion, complete_lesson,
    complete_lesson_manually,
};
pub use policy::{ProgressItems, ProgressPolicy, ProgressWeighting, VideoCompletion};
pub use status::{EnrollmentChange, EnrollmentEvent, advance_enrollment};
pub use video::{
    Heartbeat, HeartbeatOutcome, MAX_CREDITED_STEP_SECONDS, VideoState, record_heartbeat,
};
