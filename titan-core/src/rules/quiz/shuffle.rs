//! Deterministic shuffles, reproducible in any language.
//!
//! The algorithm, exactly (all arithmetic on unsigned 64-bit integers, wrapping):
//! 1. seed = FNV-1a-64 of the key's UTF-8 bytes: `h = 0xcbf29ce484222325`; for each byte
//!    `h = (h ^ byte) * 0x100000001b3`. The key is the attempt id for questions, and
//!    `"{attemptId}:{questionId}"` for a question's options.
//! 2. SplitMix64 from that seed: `state += 0x9e3779b97f4a7c15; z = state;
//!    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
//!    return z ^ (z >> 31)`.
//! 3. Fisher–Yates on `order = [0, 1, …, n−1]`: for `i` from `n−1` down to `1`,
//!    `j = next() % (i + 1)`, swap `order[i]` and `order[j]`.
//!
//! `order[k]` is the original index shown at position `k`. Answers are stored and graded in
//! original indices; [`to_original`] and [`to_displayed`] map between the two.

use crate::model::Quiz;

/// FNV-1a-64 offset basis.
pub const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a-64 prime.
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64-bit hash of `bytes`.
#[must_use]
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET_BASIS, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// The SplitMix64 generator (Steele, Lea, Flood 2014): tiny, fast, and easy to port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64-bit value.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A permutation of `0..n` determined by `key` (see the module docs for the exact algorithm).
/// The modulo's bias is below 2⁻⁵⁰ for any realistic `n` and keeps ports simple.
#[must_use]
pub fn shuffle_order(key: &str, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64::new(fnv1a_64(key.as_bytes()));
    for i in (1..n).rev() {
        let bound = u64::try_from(i).map_or(u64::MAX, |i| i.saturating_add(1));
        let j = usize::try_from(rng.next_u64() % bound).unwrap_or(i);
        order.swap(i, j);
    }
    order
}

/// The order in which an attempt shows `n` questions: shuffled by the attempt id when the quiz
/// has `shuffleQuestions`, else the original order.
#[must_use]
pub fn question_order(quiz: &Quiz, attempt_id: &str, n: usize) -> Vec<usize> {
    if quiz.shuffle_questions {
        shuffle_order(attempt_id, n)
    } else {
        (0..n).collect()
    }
}

/// The order in which an attempt shows a question's `n` options, keyed by
/// `"{attempt_id}:{question_id}"`. (The seed has no `shuffleOptions` flag; the caller decides,
/// and should keep TRUE_FALSE in its natural order.)
#[must_use]
pub fn option_order(attempt_id: &str, question_id: &str, n: usize) -> Vec<usize> {
    shuffle_order(&format!("{attempt_id}:{question_id}"), n)
}

/// The original index of the item shown at position `displayed`.
#[must_use]
pub fn to_original(order: &[usize], displayed: usize) -> Option<usize> {
    order.get(displayed).copied()
}

/// The position at which the item with original index `original` is shown.
#[must_use]
pub fn to_displayed(order: &[usize], original: usize) -> Option<usize> {
    order.iter().position(|&o| o == original)
}

/// Maps displayed option positions to original indices (what `selectedOptions` stores);
/// `None` if a position is out of range.
#[must_use]
pub fn selection_to_original(order: &[usize], displayed: &[usize]) -> Option<Vec<usize>> {
    displayed.iter().map(|&d| to_original(order, d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_and_splitmix_match_their_references() {
        // Published FNV-1a-64 test values.
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
        // SplitMix64 seeded with 0 (reference implementation output).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn shuffles_are_stable_permutations() {
        let a = shuffle_order("attempt-1", 10);
        assert_eq!(a, shuffle_order("attempt-1", 10));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_ne!(a, shuffle_order("attempt-2", 10));
        // Computed independently (Python) from the algorithm in the module docs.
        assert_eq!(a, [0, 3, 9, 1, 4, 6, 2, 8, 7, 5]);
        assert_eq!(
            shuffle_order("0190c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f:q-1", 4),
            [0, 3, 2, 1]
        );
        assert_eq!(shuffle_order("x", 0), Vec::<usize>::new());
        assert_eq!(shuffle_order("x", 1), vec![0]);
    }

    #[test]
    fn question_order_follows_the_quiz_flag() {
        let mut quiz = crate::rules::quiz::test_support::quiz();
        assert_eq!(question_order(&quiz, "a", 4), vec![0, 1, 2, 3]);
        quiz.shuffle_questions = true;
        assert_eq!(question_order(&quiz, "a", 4), shuffle_order("a", 4));
        assert_eq!(option_order("a", "q", 4), shuffle_order("a:q", 4));
    }

    #[test]
    fn mapping_round_trips() {
        let order = shuffle_order("attempt-1", 6);
        for displayed in 0..6 {
            let original = to_original(&order, displayed);
            assert_eq!(
                original.and_then(|o| to_displayed(&order, o)),
                Some(displayed)
            );
        }
        assert_eq!(to_original(&order, 6), None);
        assert_eq!(to_displayed(&order, 6), None);
        let mapped = selection_to_original(&order, &[0, 2]);
        assert_eq!(mapped, Some(vec![order[0], order[2]]));
        assert_eq!(selection_to_original(&order, &[9]), None);
    }
}
