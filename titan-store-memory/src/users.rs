use async_trait::async_trait;
use titan_core::model::{Role, User};
use titan_core::ports::{StoreResult, UserRepository, constraint};

use crate::table::Table;
use crate::{MemoryUnitOfWork, rows, tables};

rows!(User);

const BY_EMAIL: usize = 0;
const BY_NIP: usize = 1;
const BY_ROLE: usize = 0;

tables! {
    UserTables {
        users: Table<User> = Table::<User>::new("User")
            .unique(constraint::USER_EMAIL, |u| Some(u.email.to_lowercase()))
            .unique(constraint::USER_NIP, |u| u.nip.clone())
            .index(|u| Some((u.role.as_str().to_owned(), String::new()))),
    }
}

#[async_trait]
impl UserRepository for MemoryUnitOfWork {
    async fn get(&mut self, id: &str) -> StoreResult<Option<User>> {
        Ok(self.state().users.users.get(id).cloned())
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<User>> {
        Ok(self.state().users.users.get(id).cloned())
    }

    async fn get_many(&mut self, ids: &[String]) -> StoreResult<Vec<User>> {
        let mut ids: Vec<&String> = ids.iter().collect();
        ids.sort();
        ids.dedup();
        let users = &self.state().users.users;
        Ok(ids
            .into_iter()
            .filter_map(|id| users.get(id).cloned())
            .collect())
    }

    async fn find_by_email(&mut self, email: &str) -> StoreResult<Option<User>> {
        let key = email.trim().to_lowercase();
        Ok(self.state().users.users.by_unique(BY_EMAIL, &key).cloned())
    }

    async fn find_by_nip(&mut self, nip: &str) -> StoreResult<Option<User>> {
        Ok(self
            .state()
            .users
            .users
            .by_unique(BY_NIP, nip.trim())
            .cloned())
    }

    async fn any_with_role(&mut self, role: Role) -> StoreResult<bool> {
        Ok(self.state().users.users.count_in(BY_ROLE, role.as_str()) > 0)
    }

    async fn insert(&mut self, user: &User) -> StoreResult<()> {
        self.state_mut()?.users.users.insert(user.clone())
    }

    async fn update(&mut self, user: &User) -> StoreResult<()> {
        self.state_mut()?.users.users.update(user.clone())
    }
}
