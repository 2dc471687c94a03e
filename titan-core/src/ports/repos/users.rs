use async_trait::async_trait;

use crate::model::{Role, User};
use crate::ports::StoreResult;

/// Users.
#[async_trait]
pub trait UserRepository: Send {
    /// The user with `id`.
    async fn get(&mut self, id: &str) -> StoreResult<Option<User>>;

    /// The user with `id`, locked until the unit of work ends (points, streak and level are
    /// updated under this lock).
    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<User>>;

    /// The users with these ids that exist, in id order.
    async fn get_many(&mut self, ids: &[String]) -> StoreResult<Vec<User>>;

    /// The user whose e-mail equals `email` ignoring case.
    async fn find_by_email(&mut self, email: &str) -> StoreResult<Option<User>>;

    /// The user with this NIP.
    async fn find_by_nip(&mut self, nip: &str) -> StoreResult<Option<User>>;

    /// Whether any user holds `role`. Under a read-write unit of work this read is serializable,
    /// so two units of work that both saw `false` cannot both commit a user with that role.
    async fn any_with_role(&mut self, role: Role) -> StoreResult<bool>;

    /// Adds a user.
    ///
    /// # Errors
    /// `Conflict` on [`USER_EMAIL`](crate::ports::constraint::USER_EMAIL) (case-insensitive),
    /// [`USER_NIP`](crate::ports::constraint::USER_NIP) or the primary key.
    async fn insert(&mut self, user: &User) -> StoreResult<()>;

    /// Replaces a user.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on e-mail or NIP.
    async fn update(&mut self, user: &User) -> StoreResult<()>;
}
