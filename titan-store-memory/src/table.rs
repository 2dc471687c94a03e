//! [`Table`]: rows by id, with unique and ordered secondary indexes, and a journal that undoes
//! the open unit of work's writes on rollback.
//!
//! Lookups by id or by a unique key are hash lookups (O(1)); a secondary index maps a group key
//! to an ordered set of `(sort key, id)`, so listing one group costs O(log n + k). Unique keys
//! are checked before anything changes, so a refused write leaves the table as it was.

use std::collections::{BTreeSet, HashMap};

use titan_core::ports::{StoreError, StoreResult};

/// A stored row: anything with a text id.
pub(crate) trait Row: Clone + Send + Sync + 'static {
    fn id(&self) -> &str;
}

/// The key of a row in an index, or `None` when the row is not in it (a NULL column: NULLs never
/// conflict, as in PostgreSQL).
pub(crate) type KeyFn<R> = fn(&R) -> Option<String>;

/// Group and sort key of a row in a secondary index.
pub(crate) type GroupFn<R> = fn(&R) -> Option<(String, String)>;

struct Unique<R> {
    constraint: &'static str,
    key: KeyFn<R>,
    map: HashMap<String, String>,
}

struct Secondary<R> {
    key: GroupFn<R>,
    map: HashMap<String, BTreeSet<(String, String)>>,
}

/// One table of the memory store.
pub(crate) struct Table<R: Row> {
    entity: &'static str,
    rows: HashMap<String, R>,
    uniques: Vec<Unique<R>>,
    secondaries: Vec<Secondary<R>>,
    /// `(id, row before the write)` for every write of the open unit of work, oldest first.
    journal: Vec<(String, Option<R>)>,
}

/// A composite key: the parts joined by a separator no id contains.
pub(crate) fn key2(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    s.push('\u{1f}');
    s.push_str(b);
    s
}

/// An `order` column as a sort key (fixed width, negative values first).
pub(crate) fn sort_order(order: i32) -> String {
    format!("{:011}", i64::from(order) - i64::from(i32::MIN))
}

/// An instant as a sort key (fixed width, so text order is time order).
pub(crate) fn sort_time(at: chrono::DateTime<chrono::Utc>) -> String {
    // Microseconds since the epoch, shifted to be non-negative, zero-padded to a fixed width.
    let micros = i128::from(at.timestamp_micros()) - i128::from(i64::MIN);
    format!("{micros:020}")
}

impl<R: Row> Table<R> {
    pub(crate) fn new(entity: &'static str) -> Self {
        Self {
            entity,
            rows: HashMap::new(),
            uniques: Vec::new(),
            secondaries: Vec::new(),
            journal: Vec::new(),
        }
    }

    /// Adds a unique index named `constraint` (its position is its number, from 0).
    pub(crate) fn unique(mut self, constraint: &'static str, key: KeyFn<R>) -> Self {
        self.uniques.push(Unique {
            constraint,
            key,
            map: HashMap::new(),
        });
        self
    }

    /// Adds a secondary index (its position is its number, from 0).
    pub(crate) fn index(mut self, key: GroupFn<R>) -> Self {
        self.secondaries.push(Secondary {
            key,
            map: HashMap::new(),
        });
        self
    }

    pub(crate) fn get(&self, id: &str) -> Option<&R> {
        self.rows.get(id)
    }

    /// The row whose key in unique index `n` is `key`.
    pub(crate) fn by_unique(&self, n: usize, key: &str) -> Option<&R> {
        let id = self.uniques.get(n)?.map.get(key)?;
        self.rows.get(id)
    }

    /// The rows of group `key` in secondary index `n`, by sort key then id.
    pub(crate) fn by_index<'a>(
        &'a self,
        n: usize,
        key: &str,
    ) -> impl DoubleEndedIterator<Item = &'a R> + use<'a, R> {
        self.secondaries
            .get(n)
            .and_then(|s| s.map.get(key))
            .into_iter()
            .flat_map(|set| set.iter())
            .filter_map(|(_, id)| self.rows.get(id))
    }

    /// The rows of group `key` in secondary index `n` whose sort key is `from` or after, in
    /// order (a range scan: O(log n) to start).
    pub(crate) fn by_index_from<'a>(
        &'a self,
        n: usize,
        key: &str,
        from: &str,
    ) -> impl Iterator<Item = &'a R> + use<'a, R> {
        let start = (from.to_owned(), String::new());
        self.secondaries
            .get(n)
            .and_then(|s| s.map.get(key))
            .into_iter()
            .flat_map(move |set| set.range(start.clone()..))
            .filter_map(|(_, id)| self.rows.get(id))
    }

    /// How many rows group `key` of secondary index `n` holds.
    pub(crate) fn count_in(&self, n: usize, key: &str) -> usize {
        self.secondaries
            .get(n)
            .and_then(|s| s.map.get(key))
            .map_or(0, BTreeSet::len)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &R> {
        self.rows.values()
    }

    fn pkey(&self) -> StoreError {
        StoreError::Conflict {
            constraint: format!("{}_pkey", self.entity),
        }
    }

    /// The first unique index another row holds `row`'s key in.
    fn check_unique(&self, row: &R) -> StoreResult<()> {
        for u in &self.uniques {
            if let Some(k) = (u.key)(row)
                && let Some(holder) = u.map.get(&k)
                && holder != row.id()
            {
                return Err(StoreError::conflict(u.constraint));
            }
        }
        Ok(())
    }

    /// Puts `row` in place of the row with its id (if any), maintaining the indexes; returns the
    /// previous row. Unique keys must have been checked.
    fn put(&mut self, row: R) -> Option<R> {
        let id = row.id().to_owned();
        let old = self.rows.insert(id.clone(), row);
        let Some(new) = self.rows.get(&id) else {
            return old;
        };
        for u in &mut self.uniques {
            let old_key = old.as_ref().and_then(|o| (u.key)(o));
            let new_key = (u.key)(new);
            if old_key != new_key {
                if let Some(k) = old_key {
                    u.map.remove(&k);
                }
                if let Some(k) = new_key {
                    u.map.insert(k, id.clone());
                }
            }
        }
        for s in &mut self.secondaries {
            let old_key = old.as_ref().and_then(|o| (s.key)(o));
            let new_key = (s.key)(new);
            if old_key != new_key {
                if let Some((group, sort)) = old_key {
                    remove_member(&mut s.map, &group, &(sort, id.clone()));
                }
                if let Some((group, sort)) = new_key {
                    s.map.entry(group).or_default().insert((sort, id.clone()));
                }
            }
        }
        old
    }

    /// Removes the row with `id`, maintaining the indexes.
    fn take(&mut self, id: &str) -> Option<R> {
        let old = self.rows.remove(id)?;
        for u in &mut self.uniques {
            if let Some(k) = (u.key)(&old) {
                u.map.remove(&k);
            }
        }
        for s in &mut self.secondaries {
            if let Some((group, sort)) = (s.key)(&old) {
                remove_member(&mut s.map, &group, &(sort, id.to_owned()));
            }
        }
        Some(old)
    }

    /// Adds a row.
    ///
    /// # Errors
    /// `Conflict` on the primary key or a unique index; nothing changes then.
    pub(crate) fn insert(&mut self, row: R) -> StoreResult<()> {
        if self.rows.contains_key(row.id()) {
            return Err(self.pkey());
        }
        self.check_unique(&row)?;
        let id = row.id().to_owned();
        self.put(row);
        self.journal.push((id, None));
        Ok(())
    }

    /// Adds a row unless one of its unique keys is taken; returns whether it was added.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    pub(crate) fn insert_if_absent(&mut self, row: R) -> StoreResult<bool> {
        if self.rows.contains_key(row.id()) {
            return Err(self.pkey());
        }
        if self.check_unique(&row).is_err() {
            return Ok(false);
        }
        self.insert(row).map(|()| true)
    }

    /// Replaces the row with `row`'s id.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on a unique index; nothing changes then.
    pub(crate) fn update(&mut self, row: R) -> StoreResult<()> {
        if !self.rows.contains_key(row.id()) {
            return Err(StoreError::NotFound {
                entity: self.entity,
                id: row.id().to_owned(),
            });
        }
        self.check_unique(&row)?;
        let id = row.id().to_owned();
        let old = self.put(row);
        self.journal.push((id, old));
        Ok(())
    }

    /// Deletes the row with `id` and returns it.
    ///
    /// # Errors
    /// `NotFound`.
    pub(crate) fn delete(&mut self, id: &str) -> StoreResult<R> {
        let old = self.take(id).ok_or_else(|| StoreError::NotFound {
            entity: self.entity,
            id: id.to_owned(),
        })?;
        self.journal.push((id.to_owned(), Some(old.clone())));
        Ok(old)
    }
}

fn remove_member(
    map: &mut HashMap<String, BTreeSet<(String, String)>>,
    group: &str,
    member: &(String, String),
) {
    if let Some(set) = map.get_mut(group) {
        set.remove(member);
        if set.is_empty() {
            map.remove(group);
        }
    }
}

/// What the unit of work calls on every table when it ends.
pub(crate) trait Journaled {
    /// Forgets the journal: the writes stay.
    fn commit(&mut self);
    /// Undoes the journal's writes, newest first.
    fn rollback(&mut self);
}

impl<R: Row> Journaled for Table<R> {
    fn commit(&mut self) {
        self.journal.clear();
    }

    fn rollback(&mut self) {
        while let Some((id, before)) = self.journal.pop() {
            match before {
                Some(row) => {
                    self.put(row);
                }
                None => {
                    self.take(&id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct T {
        id: String,
        email: Option<String>,
        group: String,
    }

    impl Row for T {
        fn id(&self) -> &str {
            &self.id
        }
    }

    fn t(id: &str, email: Option<&str>, group: &str) -> T {
        T {
            id: id.into(),
            email: email.map(Into::into),
            group: group.into(),
        }
    }

    fn table() -> Table<T> {
        Table::<T>::new("T")
            .unique("T_email_key", |r| {
                r.email.as_ref().map(|e| e.to_lowercase())
            })
            .index(|r| Some((r.group.clone(), String::new())))
    }

    #[test]
    fn unique_keys_conflict_and_nulls_do_not() {
        let mut tb = table();
        tb.insert(t("1", Some("A@x"), "g")).unwrap();
        assert_eq!(
            tb.insert(t("2", Some("a@X"), "g")),
            Err(StoreError::conflict("T_email_key"))
        );
        tb.insert(t("3", None, "g")).unwrap();
        tb.insert(t("4", None, "g")).unwrap();
        assert_eq!(
            tb.insert(t("1", None, "g")),
            Err(StoreError::conflict("T_pkey"))
        );
        assert_eq!(tb.by_unique(0, "a@x").unwrap().id, "1");
        assert_eq!(tb.by_index(0, "g").count(), 3);
    }

    #[test]
    fn rollback_restores_rows_and_indexes() {
        let mut tb = table();
        tb.insert(t("1", Some("a@x"), "g")).unwrap();
        tb.commit();
        tb.update(t("1", Some("b@x"), "h")).unwrap();
        tb.insert(t("2", Some("a@x"), "g")).unwrap();
        tb.delete("1").unwrap();
        tb.rollback();
        assert_eq!(tb.get("1"), Some(&t("1", Some("a@x"), "g")));
        assert!(tb.get("2").is_none());
        assert_eq!(tb.by_unique(0, "a@x").unwrap().id, "1");
        assert!(tb.by_unique(0, "b@x").is_none());
        assert_eq!(tb.by_index(0, "g").count(), 1);
        assert_eq!(tb.count_in(0, "h"), 0);
    }

    #[test]
    fn a_refused_update_changes_nothing() {
        let mut tb = table();
        tb.insert(t("1", Some("a@x"), "g")).unwrap();
        tb.insert(t("2", Some("b@x"), "g")).unwrap();
        assert!(tb.update(t("2", Some("a@x"), "h")).is_err());
        assert_eq!(tb.get("2"), Some(&t("2", Some("b@x"), "g")));
        assert!(!tb.insert_if_absent(t("3", Some("a@x"), "g")).unwrap());
        assert!(tb.update(t("9", None, "g")).is_err());
    }
}
