use async_trait::async_trait;
use titan_core::model::WblmProgram;
use titan_core::ports::{PbgmRepository, StoreResult};

use crate::table::Table;
use crate::{MemoryUnitOfWork, rows, tables};

rows!(WblmProgram);

tables! {
    PbgmTables {
        programs: Table<WblmProgram> = Table::<WblmProgram>::new("wblm_programs"),
    }
}

#[async_trait]
impl PbgmRepository for MemoryUnitOfWork {
    async fn program(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        Ok(self.state().pbgm.programs.get(id).cloned())
    }
}
