use async_trait::async_trait;
use titan_core::model::SystemSetting;
use titan_core::ports::{SettingsRepository, StoreResult, constraint};

use crate::table::Table;
use crate::{MemoryUnitOfWork, rows, tables};

rows!(SystemSetting);

const BY_KEY: usize = 0;

tables! {
    SettingTables {
        settings: Table<SystemSetting> = Table::<SystemSetting>::new("SystemSetting")
            .unique(constraint::SETTING_KEY, |s| Some(s.key.clone())),
    }
}

#[async_trait]
impl SettingsRepository for MemoryUnitOfWork {
    async fn get(&mut self, key: &str) -> StoreResult<Option<SystemSetting>> {
        Ok(self
            .state()
            .settings
            .settings
            .by_unique(BY_KEY, key)
            .cloned())
    }

    async fn all(&mut self) -> StoreResult<Vec<SystemSetting>> {
        let mut all: Vec<SystemSetting> = self.state().settings.settings.iter().cloned().collect();
        all.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(all)
    }

    async fn upsert(&mut self, setting: &SystemSetting) -> StoreResult<()> {
        let table = &mut self.state_mut()?.settings.settings;
        match table.by_unique(BY_KEY, &setting.key).cloned() {
            Some(mut existing) => {
                existing.value.clone_from(&setting.value);
                existing.updated_at = setting.updated_at;
                table.update(existing)
            }
            None => table.insert(setting.clone()),
        }
    }
}
