#![allow(clippy::unwrap_used, clippy::panic)]
use super::*;
use crate::error::ErrorCode;
use crate::model::BadgeType;
use proptest::prelude::*;
use serde_json::json;

fn stats() -> LearnerStats {
    LearnerStats {
        lessons_completed: 12,
        quizzes_passed: 3,
        perfect_quizzes: 1,
        courses_completed: 0,
        streak_days: 4,
        points_total: 450,
        level: 3,
        attendance_rate: Some(Decimal::new(875, 1)),
        certificates: 0,
    }
}

fn reason(v: Value) -> &'static str {
    match parse_criteria(&v) {
        Err(GamificationError::InvalidCriteria { reason, .. }) => reason,
        other => panic!("{v}: {other:?}"),
    }
}

#[test]
fn parses_the_seeded_shapes_and_trees() {
    for t in CriterionType::ALL {
        let c = parse_criteria(&json!({"type": t.as_str(), "count": 1})).unwrap();
        assert_eq!(
            c,
            Criteria::Leaf(Requirement {
                criterion: *t,
                count: 1
            })
        );
    }
    let doc = json!({"all": [
        {"type": "lesson_count", "count": 10},
        {"any": [{"type": "quiz_perfect", "count": 1}, {"type": "streak_days", "count": 7}]}
    ]});
    let c = parse_criteria(&doc).unwrap();
    // Round-trips through serde in the same shape.
    assert_eq!(serde_json::to_value(&c).unwrap(), doc);
    let back: Criteria = serde_json::from_value(doc).unwrap();
    assert_eq!(back, c);
}

#[test]
fn unknown_type_is_refused_with_its_name() {
    let err = parse_criteria(&json!({"any": [
        {"type": "lesson_count", "count": 1}, {"type": "forum_posts", "count": 3}
    ]}))
    .unwrap_err();
    assert_eq!(err.code(), "GAMIFICATION_UNKNOWN_CRITERION");
    assert_eq!(
        err,
        GamificationError::UnknownCriterion {
            criterion_type: "forum_posts".into(),
            path: "/any/1/type".into()
        }
    );
}

#[test]
fn malformed_trees_are_refused() {
    assert_eq!(reason(json!({"type": "lesson_count"})), "missing_count");
    assert_eq!(
        reason(json!({"type": "lesson_count", "count": -1})),
        "negative_count"
    );
    assert_eq!(
        reason(json!({"type": "lesson_count", "count": -1.5})),
        "negative_count"
    );
    assert_eq!(
        reason(json!({"type": "lesson_count", "count": 2.5})),
        "non_integer_count"
    );
    assert_eq!(
        reason(json!({"type": "lesson_count", "count": "3"})),
        "count_not_a_number"
    );
    assert_eq!(
        reason(json!({"type": "lesson_count", "count": 0})),
        "zero_count"
    );
    assert_eq!(
        reason(json!({"type": "lesson_count", "count": 5_000_000_000_u64})),
        "count_too_large"
    );
    let huge: Value =
        serde_json::from_str(r#"{"type": "lesson_count", "count": 100000000000000000000}"#)
            .unwrap();
    assert_eq!(reason(huge), "count_too_large");
    assert_eq!(
        reason(json!({"type": "attendance_rate", "count": 101})),
        "count_too_large"
    );
    assert_eq!(reason(json!({"type": 3, "count": 1})), "type_not_a_string");
    assert_eq!(reason(json!({"all": []})), "empty_all");
    assert_eq!(reason(json!({"any": []})), "empty_any");
    assert_eq!(reason(json!({"all": {}})), "not_an_array");
    assert_eq!(reason(json!([1])), "not_an_object");
    assert_eq!(reason(json!({"count": 1})), "missing_type");
    assert_eq!(
        reason(json!({"all": [{"type": "lesson_count", "count": 1}], "any": []})),
        "ambiguous_node"
    );
    assert_eq!(reason(json!(null)), "not_an_object");
}

fn nested(depth: usize) -> Value {
    let mut v = json!({"type": "lesson_count", "count": 1});
    for _ in 1..depth {
        v = json!({ "all": [v] });
    }
    v
}

#[test]
fn depth_and_size_are_bounded() {
    assert!(parse_criteria(&nested(MAX_CRITERIA_DEPTH)).is_ok());
    assert_eq!(reason(nested(MAX_CRITERIA_DEPTH + 1)), "too_deep");
    let leaf = json!({"type": "lesson_count", "count": 1});
    let ok = json!({ "all": vec![leaf.clone(); MAX_CRITERIA_NODES - 1] });
    assert!(parse_criteria(&ok).is_ok());
    let big = json!({ "all": vec![leaf; MAX_CRITERIA_NODES] });
    assert_eq!(reason(big), "too_many_nodes");
    // Very deep JSON is refused without recursing through it.
    assert_eq!(reason(nested(500)), "too_deep");
}

#[test]
fn leaf_progress_is_capped() {
    let c = parse_criteria(&json!({"type": "lesson_count", "count": 20})).unwrap();
    let p = evaluate(&c, &stats());
    assert!(!p.earned);
    assert_eq!(
        (p.current, p.target),
        (Decimal::from(12), Decimal::from(20))
    );
    assert_eq!(p.percent, Decimal::from(60));
    let c = parse_criteria(&json!({"type": "lesson_count", "count": 10})).unwrap();
    let p = evaluate(&c, &stats());
    assert!(p.earned);
    assert_eq!(
        (p.current, p.percent),
        (Decimal::from(10), Decimal::from(100))
    );
}

#[test]
fn all_averages_and_any_takes_the_best() {
    let c = parse_criteria(&json!({"all": [
        {"type": "lesson_count", "count": 10},
        {"type": "quiz_pass_count", "count": 6},
        {"any": [{"type": "course_complete", "count": 1}, {"type": "points_total", "count": 900}]}
    ]}))
    .unwrap();
    let p = evaluate(&c, &stats());
    assert!(!p.earned);
    // (1 + 0.5 + 0.5) / 3 = 66.66…
    assert_eq!(p.percent, Decimal::new(6666, 2));
    assert_eq!((p.current, p.target), (Decimal::ONE, Decimal::from(3)));
    assert_eq!(p.leaves.len(), 4);
    assert_eq!(p.leaves[3].criterion, CriterionType::PointsTotal);
    assert_eq!(p.leaves[3].current, Decimal::from(450));
    let any = parse_criteria(&json!({"any": [
        {"type": "certificate_count", "count": 1}, {"type": "attendance_rate", "count": 80}
    ]}))
    .unwrap();
    let p = evaluate(&any, &stats());
    assert!(p.earned);
    assert_eq!(
        (p.current, p.target, p.percent),
        (Decimal::ONE, Decimal::ONE, Decimal::ONE_HUNDRED)
    );
}

#[test]
fn missing_attendance_and_negative_points_count_as_zero() {
    let c = parse_criteria(&json!({"any": [
        {"type": "attendance_rate", "count": 100}, {"type": "points_total", "count": 10}
    ]}))
    .unwrap();
    let s = LearnerStats {
        points_total: -40,
        ..LearnerStats::default()
    };
    let p = evaluate(&c, &s);
    assert!(!p.earned);
    assert_eq!(p.percent, Decimal::ZERO);
}

#[test]
fn almost_there_is_not_shown_as_100() {
    let c = Criteria::Leaf(Requirement {
        criterion: CriterionType::PointsTotal,
        count: u32::MAX,
    });
    let s = LearnerStats {
        points_total: i64::from(u32::MAX) - 1,
        ..LearnerStats::default()
    };
    let p = evaluate(&c, &s);
    assert!(!p.earned);
    assert_eq!(p.percent, Decimal::new(9999, 2));
}

fn badge(id: &str, criteria: Option<Value>) -> Badge {
    Badge {
        id: id.into(),
        name: id.into(),
        description: None,
        icon: None,
        badge_type: BadgeType::Achievement,
        criteria,
    }
}

#[test]
fn awards_each_earned_badge_once() {
    let badges = vec![
        badge(
            "first-step",
            Some(json!({"type": "lesson_count", "count": 1})),
        ),
        badge("held", Some(json!({"type": "lesson_count", "count": 1}))),
        badge("far", Some(json!({"type": "course_complete", "count": 1}))),
        badge("manual", None),
        badge("broken", Some(json!({"type": "mystery", "count": 1}))),
        badge(
            "first-step",
            Some(json!({"type": "lesson_count", "count": 1})),
        ),
        badge("tekun", Some(json!({"type": "streak_days", "count": 3}))),
    ];
    let got = badges_to_award(&badges, &["held".to_owned()], &stats());
    assert_eq!(got, ["first-step", "tekun"]);
}

fn any_criteria() -> impl Strategy<Value = Criteria> {
    let leaf = (0_usize..CriterionType::ALL.len(), 1_u32..60).prop_map(|(t, count)| {
        Criteria::Leaf(Requirement {
            criterion: CriterionType::ALL[t],
            count,
        })
    });
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|all| Criteria::All { all }),
            proptest::collection::vec(inner, 1..4).prop_map(|any| Criteria::Any { any }),
        ]
    })
}

fn any_stats() -> impl Strategy<Value = LearnerStats> {
    (
        proptest::collection::vec(0_u64..80, 7),
        -100_i64..100,
        proptest::option::of(0_i64..=10_000),
    )
        .prop_map(|(c, points, rate)| LearnerStats {
            lessons_completed: c[0],
            quizzes_passed: c[1],
            perfect_quizzes: c[2],
            courses_completed: c[3],
            streak_days: c[4],
            points_total: points,
            level: c[5],
            attendance_rate: rate.map(|r| Decimal::new(r, 2)),
            certificates: c[6],
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn earned_iff_percent_is_100_and_trees_round_trip(c in any_criteria(), s in any_stats()) {
        let p = evaluate(&c, &s);
        prop_assert_eq!(p.earned, p.percent == Decimal::ONE_HUNDRED);
        prop_assert!(p.percent >= Decimal::ZERO);
        let json = serde_json::to_value(&c).unwrap();
        prop_assert_eq!(parse_criteria(&json).unwrap(), c);
    }
}
