use async_trait::async_trait;

use crate::model::WblmProgram;
use crate::ports::StoreResult;

/// PBGM programs (`wblm_*`): milestones, enrolments, participant milestones, submissions,
/// reviews, reviewer assignments and reflections.
#[async_trait]
pub trait PbgmRepository: Send {
    /// The program with `id`.
    async fn program(&mut self, id: &str) -> StoreResult<Option<WblmProgram>>;
}
