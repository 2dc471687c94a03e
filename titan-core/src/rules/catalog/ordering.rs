//! The dense `order` 1..n of modules within a course and of lessons within a module.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::CatalogError;

/// An item (module or lesson) and its `order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// The module or lesson id.
    pub id: String,
    /// Its position, 1-based.
    pub order: i32,
}

fn dense<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> Vec<Placement> {
    ids.into_iter()
        .zip(1_i32..)
        .map(|(id, order)| Placement {
            id: id.as_ref().to_owned(),
            order,
        })
        .collect()
}

/// Renumbers items to a dense 1..n, keeping their relative order (ties keep the given order).
/// Use after a delete, an insert or any gap; compare with the stored orders to find the rows
/// to update.
#[must_use]
pub fn renumber(items: &[Placement]) -> Vec<Placement> {
    let mut sorted: Vec<&Placement> = items.iter().collect();
    // Stable sort: equal orders stay in the given sequence.
    sorted.sort_by_key(|p| p.order);
    dense(sorted.into_iter().map(|p| p.id.as_str()))
}

/// Moves `moved_id` to `new_position` (1-based) in `current_in_order` (ids in their current
/// order) and returns every item with its new dense order.
///
/// # Errors
/// [`CatalogError::DuplicateItem`] when the list holds an id twice,
/// [`CatalogError::UnknownItem`] when `moved_id` is not in it,
/// [`CatalogError::PositionOutOfRange`] outside `1..=n`.
pub fn reorder<S: AsRef<str>>(
    current_in_order: &[S],
    moved_id: &str,
    new_position: i32,
) -> Result<Vec<Placement>, CatalogError> {
    let mut seen = HashSet::with_capacity(current_in_order.len());
    for id in current_in_order {
        if !seen.insert(id.as_ref()) {
            return Err(CatalogError::DuplicateItem {
                id: id.as_ref().to_owned(),
            });
        }
    }
    let Some(from) = current_in_order
        .iter()
        .position(|id| id.as_ref() == moved_id)
    else {
        return Err(CatalogError::UnknownItem {
            id: moved_id.to_owned(),
        });
    };
    let count = current_in_order.len();
    let to = usize::try_from(new_position)
        .ok()
        .and_then(|p| p.checked_sub(1))
        .filter(|&i| i < count)
        .ok_or(CatalogError::PositionOutOfRange {
            position: i64::from(new_position),
            min: 1,
            max: i64::try_from(count).unwrap_or(i64::MAX),
        })?;
    let mut ids: Vec<&str> = current_in_order.iter().map(AsRef::as_ref).collect();
    let moved = ids.remove(from);
    ids.insert(to, moved);
    Ok(dense(ids))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn reorder_is_a_dense_permutation(n in 1_usize..30, from in any::<prop::sample::Index>(), to in 1_i32..30) {
            let ids: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
            let moved = ids.get(from.index(n)).cloned().unwrap_or_default();
            match reorder(&ids, &moved, to) {
                Ok(list) => {
                    let orders: Vec<i32> = list.iter().map(|p| p.order).collect();
                    prop_assert_eq!(orders, (1..=i32::try_from(n).unwrap_or(0)).collect::<Vec<_>>());
                    let mut got: Vec<String> = list.iter().map(|p| p.id.clone()).collect();
                    prop_assert_eq!(list.iter().position(|p| p.id == moved), usize::try_from(to - 1).ok());
                    got.sort();
                    let mut want = ids.clone();
                    want.sort();
                    prop_assert_eq!(got, want);
                }
                Err(e) => prop_assert!(usize::try_from(to).unwrap_or(0) > n, "{e:?}"),
            }
        }
    }

    fn orders(list: &[Placement]) -> Vec<(&str, i32)> {
        list.iter().map(|p| (p.id.as_str(), p.order)).collect()
    }

    #[test]
    fn renumber_closes_gaps_and_keeps_ties_in_sequence() {
        let items = [
            Placement {
                id: "c".into(),
                order: 7,
            },
            Placement {
                id: "a".into(),
                order: 2,
            },
            Placement {
                id: "b".into(),
                order: 2,
            },
            Placement {
                id: "d".into(),
                order: -1,
            },
        ];
        assert_eq!(
            orders(&renumber(&items)),
            [("d", 1), ("a", 2), ("b", 3), ("c", 4)]
        );
        assert!(renumber(&[]).is_empty());
    }

    #[test]
    fn reorder_moves_forward_and_back() {
        let ids = ["a", "b", "c", "d"];
        assert_eq!(
            orders(&reorder(&ids, "a", 3).unwrap_or_default()),
            [("b", 1), ("c", 2), ("a", 3), ("d", 4)]
        );
        assert_eq!(
            orders(&reorder(&ids, "d", 1).unwrap_or_default()),
            [("d", 1), ("a", 2), ("b", 3), ("c", 4)]
        );
        assert_eq!(
            orders(&reorder(&ids, "b", 2).unwrap_or_default()),
            [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
        );
    }

    #[test]
    fn reorder_refusals() {
        let ids = ["a", "b"];
        assert_eq!(
            reorder(&ids, "z", 1),
            Err(CatalogError::UnknownItem { id: "z".into() })
        );
        for bad in [0, 3, -1, i32::MIN, i32::MAX] {
            assert_eq!(
                reorder(&ids, "a", bad),
                Err(CatalogError::PositionOutOfRange {
                    position: i64::from(bad),
                    min: 1,
                    max: 2
                })
            );
        }
        assert_eq!(
            reorder(&["a", "b", "a"], "b", 1),
            Err(CatalogError::DuplicateItem { id: "a".into() })
        );
    }
}
