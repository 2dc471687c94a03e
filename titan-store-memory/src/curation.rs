use async_trait::async_trait;
use titan_core::model::YtCurationSession;
use titan_core::ports::{CurationRepository, StoreResult};

use crate::table::Table;
use crate::{MemoryUnitOfWork, rows, tables};

rows!(YtCurationSession);

tables! {
    CurationTables {
        sessions: Table<YtCurationSession> = Table::<YtCurationSession>::new("yt_curation_sessions"),
    }
}

#[async_trait]
impl CurationRepository for MemoryUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        Ok(self.state().curation.sessions.get(id).cloned())
    }
}
