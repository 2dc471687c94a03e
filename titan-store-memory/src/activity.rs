use async_trait::async_trait;
use titan_core::model::LearnerActivity;
use titan_core::ports::{ActivityRepository, StoreResult};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(LearnerActivity);

const BY_USER: usize = 0;
const BY_USER_COURSE: usize = 1;

tables! {
    ActivityTables {
        rows: Table<LearnerActivity> = Table::<LearnerActivity>::new("learner_activity")
            .index(|a| Some((a.user_id.clone(), sort_time(a.occurred_at))))
            .index(|a| a.course_id.as_ref().map(|c| (key2(&a.user_id, c), sort_time(a.occurred_at)))),
    }
}

#[async_trait]
impl ActivityRepository for MemoryUnitOfWork {
    async fn insert(&mut self, row: &LearnerActivity) -> StoreResult<()> {
        self.state_mut()?.activity.rows.insert(row.clone())
    }

    async fn of_user(
        &mut self,
        user_id: &str,
        course_id: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<LearnerActivity>> {
        let rows = &self.state().activity.rows;
        let found: Vec<LearnerActivity> = match course_id {
            Some(course) => rows
                .by_index(BY_USER_COURSE, &key2(user_id, course))
                .rev()
                .take(limit)
                .cloned()
                .collect(),
            None => rows
                .by_index(BY_USER, user_id)
                .rev()
                .take(limit)
                .cloned()
                .collect(),
        };
        Ok(found)
    }
}
