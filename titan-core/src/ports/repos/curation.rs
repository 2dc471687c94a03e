use async_trait::async_trait;

use crate::model::YtCurationSession;
use crate::ports::StoreResult;

/// Video curation sessions and their scored candidates.
#[async_trait]
pub trait CurationRepository: Send {
    /// The curation session with `id`.
    async fn session(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>>;
}
