//! Unit tests of the survey rules: every rule, every refusal, every legacy difference.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::error::{CoreError, ErrorCode, Lang, ValidationError};
use crate::model::{AttendanceStatus, EnrollmentStatus, FeedbackResponse, FeedbackSurvey};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, day, 9, 0, 0).unwrap()
}

fn survey() -> FeedbackSurvey {
    FeedbackSurvey {
        id: "sv1".into(),
        course_id: "c1".into(),
        session_id: None,
        title: "Evaluasi".into(),
        description: None,
        is_active: true,
        starts_at: Some(at(1)),
        ends_at: Some(at(10)),
        created_at: at(1),
        updated_at: at(1),
    }
}

fn enrolled() -> RespondentFacts {
    RespondentFacts {
        already_responded: false,
        enrollment_status: Some(EnrollmentStatus::Completed),
        attendance_status: None,
    }
}

fn answer() -> SurveyAnswer {
    SurveyAnswer {
        id: "r1".into(),
        user_id: "u1".into(),
        overall_rating: Some(5),
        instructor_rating: Some(4),
        material_rating: None,
        facility_rating: None,
        strengths: Some("  Materi jelas  ".into()),
        improvements: Some("   ".into()),
        suggestions: None,
        is_anonymous: false,
    }
}

fn submit(
    s: &FeedbackSurvey,
    f: &RespondentFacts,
    a: SurveyAnswer,
    p: &SurveyPolicy,
    now: DateTime<Utc>,
) -> Result<FeedbackResponse, CoreError> {
    validate_response(s, f, a, p, now)
}

fn code(r: Result<FeedbackResponse, CoreError>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn a_valid_response_becomes_a_row() {
    let row = submit(
        &survey(),
        &enrolled(),
        answer(),
        &SurveyPolicy::recommended(),
        at(5),
    )
    .unwrap();
    assert_eq!(row.survey_id, "sv1");
    assert_eq!(row.overall_rating, 5);
    assert_eq!(row.instructor_rating, Some(4));
    assert_eq!(row.strengths.as_deref(), Some("Materi jelas"));
    assert_eq!(row.improvements, None);
    assert_eq!(row.submitted_at, at(5));
}

#[test]
fn one_response_per_user() {
    let f = RespondentFacts {
        already_responded: true,
        ..enrolled()
    };
    assert_eq!(
        submit(&survey(), &f, answer(), &SurveyPolicy::recommended(), at(5)),
        Err(CoreError::Survey(SurveyError::AlreadyResponded))
    );
}

#[test]
fn the_survey_must_be_active() {
    let s = FeedbackSurvey {
        is_active: false,
        ..survey()
    };
    assert_eq!(
        code(submit(
            &s,
            &enrolled(),
            answer(),
            &SurveyPolicy::legacy(),
            at(5)
        )),
        "SURVEY_INACTIVE"
    );
}

#[test]
fn the_window_is_enforced_unless_legacy() {
    let err = submit(
        &survey(),
        &enrolled(),
        answer(),
        &SurveyPolicy::recommended(),
        at(11),
    )
    .unwrap_err();
    assert_eq!(err.code(), "SURVEY_OUTSIDE_WINDOW");
    assert_eq!(
        err.facts().get("endsAt").and_then(|v| v.as_str()),
        Some("2026-04-10T09:00:00Z")
    );
    let early = Utc.with_ymd_and_hms(2026, 3, 31, 0, 0, 0).unwrap();
    assert_eq!(
        code(submit(
            &survey(),
            &enrolled(),
            answer(),
            &SurveyPolicy::recommended(),
            early
        )),
        "SURVEY_OUTSIDE_WINDOW"
    );
    // Both ends inclusive; open ends unbounded.
    assert!(
        submit(
            &survey(),
            &enrolled(),
            answer(),
            &SurveyPolicy::recommended(),
            at(10)
        )
        .is_ok()
    );
    let open = FeedbackSurvey {
        starts_at: None,
        ends_at: None,
        ..survey()
    };
    assert!(
        submit(
            &open,
            &enrolled(),
            answer(),
            &SurveyPolicy::recommended(),
            at(30)
        )
        .is_ok()
    );
    assert!(
        submit(
            &survey(),
            &enrolled(),
            answer(),
            &SurveyPolicy::legacy(),
            at(11)
        )
        .is_ok()
    );
}

#[test]
fn only_enrolled_users_respond() {
    for status in [None, Some(EnrollmentStatus::Dropped)] {
        let f = RespondentFacts {
            enrollment_status: status,
            ..enrolled()
        };
        assert_eq!(
            submit(&survey(), &f, answer(), &SurveyPolicy::recommended(), at(5)),
            Err(CoreError::Survey(SurveyError::NotEnrolled {
                state: status
            }))
        );
    }
    for status in [EnrollmentStatus::Enrolled, EnrollmentStatus::InProgress] {
        let f = RespondentFacts {
            enrollment_status: Some(status),
            ..enrolled()
        };
        assert!(submit(&survey(), &f, answer(), &SurveyPolicy::recommended(), at(5)).is_ok());
    }
}

#[test]
fn session_surveys_need_attendance_unless_legacy() {
    let s = FeedbackSurvey {
        session_id: Some("ses1".into()),
        ..survey()
    };
    for status in [
        None,
        Some(AttendanceStatus::Absent),
        Some(AttendanceStatus::Excused),
    ] {
        let f = RespondentFacts {
            attendance_status: status,
            ..enrolled()
        };
        assert_eq!(
            submit(&s, &f, answer(), &SurveyPolicy::recommended(), at(5)),
            Err(CoreError::Survey(SurveyError::NotAttended {
                state: status
            }))
        );
        assert!(submit(&s, &f, answer(), &SurveyPolicy::legacy(), at(5)).is_ok());
    }
    for status in [AttendanceStatus::Present, AttendanceStatus::Late] {
        let f = RespondentFacts {
            attendance_status: Some(status),
            ..enrolled()
        };
        assert!(submit(&s, &f, answer(), &SurveyPolicy::recommended(), at(5)).is_ok());
    }
}

#[test]
fn ratings_are_1_to_5_and_overall_is_required() {
    let p = SurveyPolicy::recommended();
    let missing = SurveyAnswer {
        overall_rating: None,
        ..answer()
    };
    assert_eq!(
        submit(&survey(), &enrolled(), missing, &p, at(5)),
        Err(CoreError::Validation(ValidationError::Required {
            field: "overallRating"
        }))
    );
    let zero = SurveyAnswer {
        overall_rating: Some(0),
        ..answer()
    };
    assert_eq!(
        code(submit(&survey(), &enrolled(), zero, &p, at(5))),
        "VALIDATION_OUT_OF_RANGE"
    );
    let six = SurveyAnswer {
        facility_rating: Some(6),
        ..answer()
    };
    let err = submit(&survey(), &enrolled(), six, &p, at(5)).unwrap_err();
    assert_eq!(
        err.facts().get("field").and_then(|v| v.as_str()),
        Some("facilityRating")
    );
}

#[test]
fn texts_are_capped() {
    let p = SurveyPolicy::recommended();
    let long = SurveyAnswer {
        suggestions: Some("x".repeat(2001)),
        ..answer()
    };
    assert_eq!(
        submit(&survey(), &enrolled(), long, &p, at(5)),
        Err(CoreError::Validation(ValidationError::TooLong {
            field: "suggestions",
            max: 2000,
            actual: 2001
        }))
    );
    let exact = SurveyAnswer {
        suggestions: Some(format!("  {}  ", "x".repeat(2000))),
        ..answer()
    };
    assert!(submit(&survey(), &enrolled(), exact, &p, at(5)).is_ok());
}

#[test]
fn the_active_survey_is_the_newest_open_one() {
    let older = FeedbackSurvey {
        id: "a".into(),
        created_at: at(1),
        ..survey()
    };
    let newer = FeedbackSurvey {
        id: "b".into(),
        created_at: at(2),
        ..survey()
    };
    let off = FeedbackSurvey {
        id: "c".into(),
        is_active: false,
        created_at: at(3),
        ..survey()
    };
    let session = FeedbackSurvey {
        id: "d".into(),
        session_id: Some("ses1".into()),
        created_at: at(4),
        ..survey()
    };
    let list = [older, newer, off, session];
    assert_eq!(
        active_survey(&list, "c1", None, at(5)).map(|s| s.id.as_str()),
        Some("b")
    );
    assert_eq!(
        active_survey(&list, "c1", Some("ses1"), at(5)).map(|s| s.id.as_str()),
        Some("d")
    );
    assert_eq!(active_survey(&list, "c1", None, at(11)), None);
    assert_eq!(active_survey(&list, "c2", None, at(5)), None);
}

#[test]
fn every_error_has_a_code_and_two_messages() {
    let all = [
        SurveyError::AlreadyResponded,
        SurveyError::Inactive,
        SurveyError::OutsideWindow {
            starts_at: None,
            ends_at: Some(at(1)),
            at: at(2),
        },
        SurveyError::NotEnrolled { state: None },
        SurveyError::NotAttended {
            state: Some(AttendanceStatus::Absent),
        },
    ];
    for err in all {
        assert!(err.code().starts_with("SURVEY_"));
        assert_ne!(err.message(Lang::Id), err.message(Lang::En));
        assert_eq!(err.to_string(), err.message(Lang::Id));
    }
}

// ---- report ----

fn entry(id: &str, day: u32, overall: i32, unit: Option<&str>, anonymous: bool) -> ReportEntry {
    ReportEntry {
        response: FeedbackResponse {
            id: id.into(),
            survey_id: "sv1".into(),
            user_id: format!("user-{id}"),
            instructor_rating: None,
            material_rating: None,
            facility_rating: None,
            overall_rating: overall,
            strengths: Some(format!("komentar {id}")),
            improvements: None,
            suggestions: None,
            is_anonymous: anonymous,
            submitted_at: at(day),
        },
        respondent_name: Some(format!("Nama {id}")),
        unit_kerja: unit.map(Into::into),
    }
}

#[test]
fn means_and_distribution() {
    let mut entries = vec![
        entry("a", 2, 5, Some("BKN"), false),
        entry("b", 3, 4, Some("BKN"), false),
        entry("c", 4, 4, Some("BKN"), false),
    ];
    entries[0].response.instructor_rating = Some(5);
    entries[1].response.instructor_rating = Some(4);
    let report = survey_report(&entries, &SurveyPolicy::recommended(), at(9));
    assert_eq!(report.count, 3);
    assert_eq!(report.generated_at, at(9));
    assert_eq!(
        report.means.overall.map(|d| d.to_string()),
        Some("4.3".into())
    );
    assert_eq!(
        report.means.instructor.map(|d| d.to_string()),
        Some("4.5".into())
    );
    assert_eq!(report.means.material, None);
    let counts: Vec<usize> = report.distribution.iter().map(|b| b.count).collect();
    assert_eq!(counts, vec![0, 0, 0, 2, 1]);
    // Legacy: an empty mean is 0.
    let legacy = survey_report(&entries, &SurveyPolicy::legacy(), at(9));
    assert_eq!(
        legacy.means.material.map(|d| d.to_string()),
        Some("0.0".into())
    );
}

#[test]
fn means_round_half_away_from_zero() {
    // 4 + 4 + 4 + 5 = 17 / 4 = 4.25 → 4.3.
    let entries: Vec<_> = [4, 4, 4, 5]
        .iter()
        .enumerate()
        .map(|(i, r)| entry(&i.to_string(), 2, *r, None, false))
        .collect();
    let report = survey_report(&entries, &SurveyPolicy::recommended(), at(9));
    assert_eq!(
        report.means.overall.map(|d| d.to_string()),
        Some("4.3".into())
    );
}

#[test]
fn anonymous_comments_reveal_nobody() {
    let entries = vec![
        entry("a", 2, 5, Some("BKN"), true),
        entry("b", 3, 4, Some("LAN"), false),
    ];
    let report = survey_report(&entries, &SurveyPolicy::recommended(), at(9));
    assert_eq!(report.comments.len(), 2);
    let named = &report.comments[0];
    assert_eq!(named.response_id.as_deref(), Some("b"));
    assert_eq!(
        named.respondent.as_ref().and_then(|r| r.name.as_deref()),
        Some("Nama b")
    );
    let anonymous = &report.comments[1];
    assert!(anonymous.is_anonymous);
    assert_eq!(
        (
            &anonymous.response_id,
            &anonymous.respondent,
            anonymous.submitted_at
        ),
        (&None, &None, None)
    );
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("user-a") && !json.contains("Nama a"));
}

#[test]
fn newest_comments_with_text_up_to_the_limit() {
    let mut entries: Vec<_> = (1..=12)
        .map(|d| entry(&format!("r{d:02}"), d, 3, None, false))
        .collect();
    entries[11].response.strengths = Some("   ".into());
    let report = survey_report(&entries, &SurveyPolicy::recommended(), at(20));
    let ids: Vec<_> = report
        .comments
        .iter()
        .map(|c| c.response_id.clone().unwrap())
        .collect();
    assert_eq!(ids.len(), 10);
    assert_eq!(ids.first().map(String::as_str), Some("r11"));
    assert_eq!(ids.last().map(String::as_str), Some("r02"));
}

#[test]
fn small_unit_groups_are_withheld() {
    let entries = vec![
        entry("a", 2, 5, Some("BKN"), false),
        entry("b", 2, 4, Some("BKN"), false),
        entry("c", 2, 4, Some("BKN"), true),
        entry("d", 2, 3, Some("LAN"), false),
        entry("e", 2, 3, Some("LAN"), false),
        entry("f", 2, 3, Some("LAN"), false),
        entry("g", 2, 1, Some("KemenPAN"), true),
        entry("h", 2, 2, None, false),
        entry("i", 2, 2, None, false),
        entry("j", 2, 2, None, false),
    ];
    let report = survey_report(&entries, &SurveyPolicy::recommended(), at(9));
    let units: Vec<_> = report
        .by_unit
        .iter()
        .map(|u| (u.unit_kerja.clone(), u.count, u.withheld, u.means.is_some()))
        .collect();
    // KemenPAN (1) is withheld; alone it could be worked out from the total, so the smallest shown
    // group (BKN, 3 — first in name order among the smallest) is withheld too.
    assert_eq!(
        units,
        vec![
            (Some("BKN".into()), 3, true, false),
            (Some("KemenPAN".into()), 1, true, false),
            (Some("LAN".into()), 3, false, true),
            (None, 3, false, true),
        ]
    );
    let mut policy = SurveyPolicy::recommended();
    policy.min_group_size = 1;
    assert!(
        survey_report(&entries, &policy, at(9))
            .by_unit
            .iter()
            .all(|u| !u.withheld)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Shown groups have ≥ min responses, and the withheld ones together have 0 or ≥ min
    /// (unless everything is withheld); means stay within 1..5.
    #[test]
    fn withholding_protects_small_groups(
        rows in proptest::collection::vec((0usize..5, 1i32..=5, any::<bool>()), 0..30),
    ) {
        let units = ["A", "B", "C", "D", "E"];
        let entries: Vec<_> = rows.iter().enumerate().map(|(i, (u, r, anon))| entry(&i.to_string(), 2, *r, units.get(*u).copied(), *anon)).collect();
        let report = survey_report(&entries, &SurveyPolicy::recommended(), at(9));
        let hidden: usize = report.by_unit.iter().filter(|u| u.withheld).map(|u| u.count).sum();
        let all_hidden = report.by_unit.iter().all(|u| u.withheld);
        prop_assert!(hidden == 0 || hidden >= 3 || all_hidden);
        for unit in &report.by_unit {
            prop_assert_eq!(unit.withheld, unit.means.is_none());
            if !unit.withheld {
                prop_assert!(unit.count >= 3);
            }
        }
        if let Some(mean) = report.means.overall {
            prop_assert!(mean >= rust_decimal::Decimal::ONE && mean <= rust_decimal::Decimal::from(5));
        }
        prop_assert_eq!(report.distribution.iter().map(|b| b.count).sum::<usize>(), entries.len());
        for comment in &report.comments {
            if comment.is_anonymous {
                prop_assert!(comment.respondent.is_none() && comment.response_id.is_none());
            }
        }
    }
}
