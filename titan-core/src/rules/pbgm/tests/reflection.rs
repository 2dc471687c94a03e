//! Unit tests of reflections and progress.

use super::*;

// ---- reflections ----

fn target(milestone: Option<&str>) -> ReflectionTarget {
    ReflectionTarget {
        id: "rf1".into(),
        program_id: "p1".into(),
        participant_user_id: "u1".into(),
        milestone_id: milestone.map(Into::into),
    }
}

fn answers() -> ReflectionAnswers {
    ReflectionAnswers {
        what_changed: Some("  Cara kerja tim  ".into()),
        ..ReflectionAnswers::default()
    }
}

#[test]
fn reflections_are_created_and_overwritten_until_locked() {
    let first =
        submit_reflection(None, Some(E::Active), target(Some("m1")), &answers(), at(5)).unwrap();
    assert_eq!(first.id, "rf1");
    assert_eq!(first.what_changed.as_deref(), Some("Cara kerja tim"));
    assert!(!first.is_locked);
    let mut again = target(Some("m1"));
    again.id = "ignored".into();
    let second =
        submit_reflection(Some(&first), Some(E::Enrolled), again, &answers(), at(6)).unwrap();
    assert_eq!((second.id.as_str(), second.submitted_at), ("rf1", at(6)));
    let locked = WblmReflection {
        is_locked: true,
        ..first.clone()
    };
    assert_eq!(
        submit_reflection(
            Some(&locked),
            Some(E::Active),
            target(Some("m1")),
            &answers(),
            at(6)
        ),
        Err(CoreError::Pbgm(PbgmError::ReflectionLocked))
    );
    // A locked reflection of another milestone does not block the final one.
    let final_one = submit_reflection(
        Some(&locked),
        Some(E::Active),
        target(None),
        &answers(),
        at(6),
    )
    .unwrap();
    assert_eq!(final_one.id, "rf1");
    assert_eq!(final_one.milestone_id, None);
}

#[test]
fn reflections_need_a_participant_and_an_answer() {
    assert_eq!(
        code(submit_reflection(
            None,
            Some(E::Completed),
            target(None),
            &answers(),
            at(5)
        )),
        "PBGM_NOT_PARTICIPATING"
    );
    assert_eq!(
        submit_reflection(
            None,
            Some(E::Active),
            target(None),
            &ReflectionAnswers::default(),
            at(5)
        ),
        Err(CoreError::Validation(ValidationError::Required {
            field: "reflection"
        }))
    );
    let long = ReflectionAnswers {
        key_feedback: Some("x".repeat(REFLECTION_ANSWER_MAX + 1)),
        ..ReflectionAnswers::default()
    };
    assert_eq!(
        code(submit_reflection(
            None,
            Some(E::Active),
            target(None),
            &long,
            at(5)
        )),
        "VALIDATION_TOO_LONG"
    );
}

// ---- progress ----

#[test]
fn progress_is_approved_over_all() {
    let milestones = [milestone("m1"), milestone("m2"), milestone("m3")];
    let rows = [
        row("r1", "u1", "m1", S::ApprovedFinal),
        row("r2", "u1", "m2", S::Submitted),
        row("r9", "u1", "gone", S::ApprovedFinal),
    ];
    let p = participant_progress(
        &milestones,
        &rows,
        Some(E::Active),
        &PbgmPolicy::recommended(),
    );
    assert_eq!(
        (p.approved, p.total, p.all_approved, p.enrollment_change),
        (1, 3, false, None)
    );
    assert_eq!(p.percent.to_string(), "33.33");
    let legacy = participant_progress(&milestones, &rows, Some(E::Active), &PbgmPolicy::legacy());
    assert_eq!(legacy.percent.to_string(), "33");
    let two_thirds = [
        row("r1", "u1", "m1", S::ApprovedFinal),
        row("r2", "u1", "m2", S::ApprovedFinal),
    ];
    assert_eq!(
        participant_progress(&milestones, &two_thirds, None, &PbgmPolicy::recommended())
            .percent
            .to_string(),
        "66.67"
    );
    assert_eq!(
        participant_progress(&milestones, &two_thirds, None, &PbgmPolicy::legacy())
            .percent
            .to_string(),
        "67"
    );
}

#[test]
fn all_approved_completes_the_enrolment() {
    let milestones = [milestone("m1")];
    let rows = [row("r1", "u1", "m1", S::ApprovedFinal)];
    let p = participant_progress(
        &milestones,
        &rows,
        Some(E::Active),
        &PbgmPolicy::recommended(),
    );
    assert!(p.all_approved);
    assert_eq!(p.percent.to_string(), "100.00");
    assert_eq!(p.enrollment_change, Some(E::Completed));
    let done = participant_progress(
        &milestones,
        &rows,
        Some(E::Completed),
        &PbgmPolicy::recommended(),
    );
    assert_eq!(done.enrollment_change, None);
    let none = participant_progress(&[], &[], Some(E::Active), &PbgmPolicy::recommended());
    assert_eq!((none.all_approved, none.percent.is_zero()), (false, true));
}
