use async_trait::async_trait;
use titan_core::model::Progress;
use titan_core::ports::{
    CatalogRepository, LessonDone, ProgressRepository, StoreResult, constraint,
};

use crate::table::{Table, key2};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(Progress);

const BY_USER_LESSON: usize = 0;
const BY_USER: usize = 0;
pub(crate) const BY_LESSON: usize = 1;
const COMPLETED_BY_USER: usize = 2;

tables! {
    ProgressTables {
        progress: Table<Progress> = Table::<Progress>::new("Progress")
            .unique(constraint::PROGRESS_USER_LESSON, |p| Some(key2(&p.user_id, &p.lesson_id)))
            .index(|p| Some((p.user_id.clone(), p.lesson_id.clone())))
            .index(|p| Some((p.lesson_id.clone(), String::new())))
            .index(|p| p.is_completed.then(|| (p.user_id.clone(), String::new()))),
    }
}

#[async_trait]
impl ProgressRepository for MemoryUnitOfWork {
    async fn get(&mut self, user_id: &str, lesson_id: &str) -> StoreResult<Option<Progress>> {
        let key = key2(user_id, lesson_id);
        Ok(self
            .state()
            .progress
            .progress
            .by_unique(BY_USER_LESSON, &key)
            .cloned())
    }

    async fn of_user_in_lessons(
        &mut self,
        user_id: &str,
        lesson_ids: &[String],
    ) -> StoreResult<Vec<Progress>> {
        let table = &self.state().progress.progress;
        let mut rows: Vec<Progress> = if lesson_ids.len() > table.count_in(BY_USER, user_id) {
            let wanted: std::collections::HashSet<&str> =
                lesson_ids.iter().map(String::as_str).collect();
            table
                .by_index(BY_USER, user_id)
                .filter(|p| wanted.contains(p.lesson_id.as_str()))
                .cloned()
                .collect()
        } else {
            lesson_ids
                .iter()
                .filter_map(|l| table.by_unique(BY_USER_LESSON, &key2(user_id, l)).cloned())
                .collect()
        };
        rows.sort_by(|a, b| a.lesson_id.cmp(&b.lesson_id));
        rows.dedup_by(|a, b| a.id == b.id);
        Ok(rows)
    }

    async fn lessons_done_in_course(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Vec<LessonDone>> {
        let lessons = self.lesson_refs_of_course(course_id).await?;
        let table = &self.state().progress.progress;
        Ok(lessons
            .into_iter()
            .map(|lesson| {
                let completed = table
                    .by_unique(BY_USER_LESSON, &key2(user_id, &lesson.id))
                    .is_some_and(|p| p.is_completed);
                LessonDone { lesson, completed }
            })
            .collect())
    }

    async fn completed_count(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(self
            .state()
            .progress
            .progress
            .count_in(COMPLETED_BY_USER, user_id) as u64)
    }

    async fn insert(&mut self, progress: &Progress) -> StoreResult<()> {
        self.state_mut()?.progress.progress.insert(progress.clone())
    }

    async fn insert_if_absent(&mut self, progress: &Progress) -> StoreResult<bool> {
        self.state_mut()?
            .progress
            .progress
            .insert_if_absent(progress.clone())
    }

    async fn update(&mut self, progress: &Progress) -> StoreResult<()> {
        self.state_mut()?.progress.progress.update(progress.clone())
    }
}
