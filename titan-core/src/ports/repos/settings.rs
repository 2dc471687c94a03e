use async_trait::async_trait;

use crate::model::SystemSetting;
use crate::ports::StoreResult;

/// System settings (`SystemSetting`), one row per key.
#[async_trait]
pub trait SettingsRepository: Send {
    /// The setting with `key`.
    async fn get(&mut self, key: &str) -> StoreResult<Option<SystemSetting>>;

    /// Every setting, by key.
    async fn all(&mut self) -> StoreResult<Vec<SystemSetting>>;

    /// Adds the setting, or replaces the value and `updatedAt` of the one with its key (keeping
    /// that row's id).
    async fn upsert(&mut self, setting: &SystemSetting) -> StoreResult<()>;
}
