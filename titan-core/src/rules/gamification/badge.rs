//! Badge criteria: a JSON tree of `{type, count}` leaves under `{all:[…]}` / `{any:[…]}` nodes,
//! parsed (and refused) when a badge is saved, evaluated against a learner's counts.

use std::collections::HashSet;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::GamificationError;
use crate::model::Badge;

/// Deepest nesting accepted (the root is depth 1).
pub const MAX_CRITERIA_DEPTH: usize = 8;

/// Most nodes (leaves included) accepted in one criteria tree.
pub const MAX_CRITERIA_NODES: usize = 64;

/// What a leaf counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionType {
    /// Lessons completed.
    LessonCount,
    /// Quizzes passed.
    QuizPassCount,
    /// Quizzes passed with 100 %.
    QuizPerfect,
    /// Courses completed.
    CourseComplete,
    /// Longest streak, in days.
    StreakDays,
    /// Points in the ledger.
    PointsTotal,
    /// Level reached.
    LevelReached,
    /// Attendance rate, percent (0..=100).
    AttendanceRate,
    /// Certificates held.
    CertificateCount,
}

impl CriterionType {
    /// Every type, in SPEC order.
    pub const ALL: &'static [CriterionType] = &[
        CriterionType::LessonCount,
        CriterionType::QuizPassCount,
        CriterionType::QuizPerfect,
        CriterionType::CourseComplete,
        CriterionType::StreakDays,
        CriterionType::PointsTotal,
        CriterionType::LevelReached,
        CriterionType::AttendanceRate,
        CriterionType::CertificateCount,
    ];

    /// The label used in the criteria JSON, e.g. `lesson_count`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CriterionType::LessonCount => "lesson_count",
            CriterionType::QuizPassCount => "quiz_pass_count",
            CriterionType::QuizPerfect => "quiz_perfect",
            CriterionType::CourseComplete => "course_complete",
            CriterionType::StreakDays => "streak_days",
            CriterionType::PointsTotal => "points_total",
            CriterionType::LevelReached => "level_reached",
            CriterionType::AttendanceRate => "attendance_rate",
            CriterionType::CertificateCount => "certificate_count",
        }
    }

    fn from_label(label: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.as_str() == label)
    }

    /// The learner's value for this type (never negative).
    fn value(self, s: &LearnerStats) -> Decimal {
        let v = match self {
            CriterionType::LessonCount => Decimal::from(s.lessons_completed),
            CriterionType::QuizPassCount => Decimal::from(s.quizzes_passed),
            CriterionType::QuizPerfect => Decimal::from(s.perfect_quizzes),
            CriterionType::CourseComplete => Decimal::from(s.courses_completed),
            CriterionType::StreakDays => Decimal::from(s.streak_days),
            CriterionType::PointsTotal => Decimal::from(s.points_total),
            CriterionType::LevelReached => Decimal::from(s.level),
            CriterionType::AttendanceRate => s.attendance_rate.unwrap_or_default(),
            CriterionType::CertificateCount => Decimal::from(s.certificates),
        };
        v.max(Decimal::ZERO)
    }
}

/// A leaf: at least `count` of `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Requirement {
    /// What is counted.
    #[serde(rename = "type")]
    pub criterion: CriterionType,
    /// The threshold, ≥ 1 (≤ 100 for `attendance_rate`).
    pub count: u32,
}

/// A parsed criteria tree. Serialises back to the same JSON shape; deserialising runs
/// [`parse_criteria`], so an invalid tree never becomes a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, try_from = "Value")]
pub enum Criteria {
    /// `{type, count}`.
    Leaf(Requirement),
    /// `{all: […]}`: every child.
    All {
        /// The children (at least one).
        all: Vec<Criteria>,
    },
    /// `{any: […]}`: at least one child.
    Any {
        /// The children (at least one).
        any: Vec<Criteria>,
    },
}

impl TryFrom<Value> for Criteria {
    type Error = GamificationError;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        parse_criteria(&value)
    }
}

/// Parses and checks a badge's `criteria` JSON.
///
/// # Errors
/// - [`GamificationError::UnknownCriterion`] for a leaf `type` this version does not know;
/// - [`GamificationError::InvalidCriteria`] for a malformed tree: not an object, a missing,
///   negative, zero, non-integer or too large `count` (`attendance_rate` ≤ 100), an empty
///   `all`/`any`, a node mixing `type`/`all`/`any`, nesting deeper than [`MAX_CRITERIA_DEPTH`] or
///   more than [`MAX_CRITERIA_NODES`] nodes.
pub fn parse_criteria(value: &Value) -> Result<Criteria, GamificationError> {
    let mut nodes = 0;
    parse_node(value, 1, &mut nodes, "")
}

fn invalid(reason: &'static str, path: String) -> GamificationError {
    GamificationError::InvalidCriteria { reason, path }
}

fn parse_node(
    value: &Value,
    depth: usize,
    nodes: &mut usize,
    path: &str,
) -> Result<Criteria, GamificationError> {
    if depth > MAX_CRITERIA_DEPTH {
        return Err(invalid("too_deep", path.to_owned()));
    }
    *nodes += 1;
    if *nodes > MAX_CRITERIA_NODES {
        return Err(invalid("too_many_nodes", path.to_owned()));
    }
    let Value::Object(obj) = value else {
        return Err(invalid("not_an_object", path.to_owned()));
    };
    match (obj.get("type"), obj.get("all"), obj.get("any")) {
        (Some(t), None, None) => parse_leaf(t, obj, path).map(Criteria::Leaf),
        (None, Some(children), None) => {
            parse_children(children, "all", depth, nodes, path).map(|all| Criteria::All { all })
        }
        (None, None, Some(children)) => {
            parse_children(children, "any", depth, nodes, path).map(|any| Criteria::Any { any })
        }
        (None, None, None) => Err(invalid("missing_type", path.to_owned())),
        _ => Err(invalid("ambiguous_node", path.to_owned())),
    }
}

fn parse_children(
    value: &Value,
    key: &'static str,
    depth: usize,
    nodes: &mut usize,
    path: &str,
) -> Result<Vec<Criteria>, GamificationError> {
    let here = format!("{path}/{key}");
    let Value::Array(items) = value else {
        return Err(invalid("not_an_array", here));
    };
    if items.is_empty() {
        let reason = if key == "all" {
            "empty_all"
        } else {
            "empty_any"
        };
        return Err(invalid(reason, here));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, child)| parse_node(child, depth + 1, nodes, &format!("{here}/{i}")))
        .collect()
}

fn parse_leaf(
    type_value: &Value,
    obj: &Map<String, Value>,
    path: &str,
) -> Result<Requirement, GamificationError> {
    let Value::String(label) = type_value else {
        return Err(invalid("type_not_a_string", format!("{path}/type")));
    };
    let criterion =
        CriterionType::from_label(label).ok_or_else(|| GamificationError::UnknownCriterion {
            criterion_type: label.clone(),
            path: format!("{path}/type"),
        })?;
    let at = || format!("{path}/count");
    let count = match obj.get("count") {
        None | Some(Value::Null) => return Err(invalid("missing_count", at())),
        Some(Value::Number(n)) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u,
            (None, Some(_), _) => return Err(invalid("negative_count", at())),
            (None, None, Some(f)) if f < 0.0 => return Err(invalid("negative_count", at())),
            // Integers past u64 arrive as floats.
            (None, None, Some(f)) if f >= 1.8e19 => return Err(invalid("count_too_large", at())),
            _ => return Err(invalid("non_integer_count", at())),
        },
        Some(_) => return Err(invalid("count_not_a_number", at())),
    };
    if count == 0 {
        // A zero threshold would hand the badge to everyone at once: surely a mistake.
        return Err(invalid("zero_count", at()));
    }
    let max = if criterion == CriterionType::AttendanceRate {
        100
    } else {
        u64::from(u32::MAX)
    };
    if count > max {
        return Err(invalid("count_too_large", at()));
    }
    let count = u32::try_from(count).map_err(|_| invalid("count_too_large", at()))?;
    Ok(Requirement { criterion, count })
}

/// A learner's counts, as the store aggregates them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LearnerStats {
    /// Lessons completed.
    pub lessons_completed: u64,
    /// Quizzes passed (distinct quizzes).
    pub quizzes_passed: u64,
    /// Quizzes passed with 100 %.
    pub perfect_quizzes: u64,
    /// Courses completed.
    pub courses_completed: u64,
    /// The **longest** streak, so a badge once earnable stays earnable.
    pub streak_days: u64,
    /// Points in the ledger.
    pub points_total: i64,
    /// Current level.
    pub level: u64,
    /// Attendance rate in percent; `None` when the learner had no session.
    pub attendance_rate: Option<Decimal>,
    /// Certificates held.
    pub certificates: u64,
}

/// One leaf's progress, in depth-first order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeafProgress {
    /// What is counted.
    #[serde(rename = "type")]
    pub criterion: CriterionType,
    /// The learner's value, capped at `target`.
    pub current: Decimal,
    /// The threshold.
    pub target: u32,
    /// Whether the threshold is reached.
    pub met: bool,
}

/// Whether a badge is earned, and how far along the learner is (for display).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeProgress {
    /// Every requirement is satisfied.
    pub earned: bool,
    /// A leaf root: the learner's value, capped at `target`. An `all` root: children satisfied.
    /// An `any` root: 1 when one is satisfied, else 0.
    pub current: Decimal,
    /// A leaf root: its count. An `all` root: the number of children. An `any` root: 1.
    pub target: Decimal,
    /// Percent done, 0..100, truncated to 2 places; 100 exactly when earned. An `all` is the
    /// mean of its children's capped ratios, an `any` its best child's.
    pub percent: Decimal,
    /// Every leaf, depth-first.
    pub leaves: Vec<LeafProgress>,
}

/// (met, capped ratio 0..1, current, target) of one node.
struct NodeProgress {
    met: bool,
    ratio: Decimal,
    current: Decimal,
    target: Decimal,
}

fn eval_node(c: &Criteria, stats: &LearnerStats, leaves: &mut Vec<LeafProgress>) -> NodeProgress {
    match c {
        Criteria::Leaf(r) => {
            let target = Decimal::from(r.count);
            let value = r.criterion.value(stats);
            let met = value >= target;
            let current = value.min(target);
            leaves.push(LeafProgress {
                criterion: r.criterion,
                current,
                target: r.count,
                met,
            });
            let ratio = if met {
                Decimal::ONE
            } else {
                current.checked_div(target).unwrap_or(Decimal::ZERO)
            };
            NodeProgress {
                met,
                ratio,
                current,
                target,
            }
        }
        Criteria::All { all } => {
            let (mut met, mut sum, mut done) = (0_u32, Decimal::ZERO, true);
            for child in all {
                let p = eval_node(child, stats, leaves);
                done &= p.met;
                met += u32::from(p.met);
                sum += p.ratio;
            }
            let n = Decimal::from(all.len());
            NodeProgress {
                met: done,
                ratio: if done {
                    Decimal::ONE
                } else {
                    sum.checked_div(n).unwrap_or(Decimal::ZERO)
                },
                current: Decimal::from(met),
                target: n,
            }
        }
        Criteria::Any { any } => {
            let (mut met, mut best) = (false, Decimal::ZERO);
            for child in any {
                let p = eval_node(child, stats, leaves);
                met |= p.met;
                best = best.max(p.ratio);
            }
            NodeProgress {
                met,
                ratio: if met { Decimal::ONE } else { best },
                current: if met { Decimal::ONE } else { Decimal::ZERO },
                target: Decimal::ONE,
            }
        }
    }
}

/// Evaluates a criteria tree against a learner's counts.
#[must_use]
pub fn evaluate(criteria: &Criteria, stats: &LearnerStats) -> BadgeProgress {
    let mut leaves = Vec::new();
    let root = eval_node(criteria, stats, &mut leaves);
    let mut percent = (root.ratio * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::ToZero)
        .min(Decimal::ONE_HUNDRED);
    if !root.met && percent == Decimal::ONE_HUNDRED {
        // Never show 100 % for a badge that is not earned.
        percent = Decimal::new(9999, 2);
    }
    BadgeProgress {
        earned: root.met,
        current: root.current,
        target: root.target,
        percent,
        leaves,
    }
}

/// The ids of the badges to award now: criteria present and valid, earned, and not yet held
/// (a badge is awarded once). Badges without criteria (manual ones) or with invalid criteria are
/// never awarded automatically. Order follows `badges`; duplicates are dropped.
#[must_use]
pub fn badges_to_award(
    badges: &[Badge],
    already_earned_ids: &[String],
    stats: &LearnerStats,
) -> Vec<String> {
    let mut skip: HashSet<&str> = already_earned_ids.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for badge in badges {
        if skip.contains(badge.id.as_str()) {
            continue;
        }
        let Some(Ok(criteria)) = badge.criteria.as_ref().map(parse_criteria) else {
            continue;
        };
        if evaluate(&criteria, stats).earned {
            skip.insert(badge.id.as_str());
            out.push(badge.id.clone());
        }
    }
    out
}

#[cfg(test)]
#[path = "badge_tests.rs"]
mod tests;
