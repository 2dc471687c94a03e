//! Table tests of [`decide`] / [`authorize`]: for every action, allowed and denied cases for each
//! role (data-driven).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::model::{Role, UserStatus};

use DenyReason as R;

// ---- fixtures: two units, A and B ----

fn actor(id: &str, role: Role, unit: Option<&str>) -> Actor {
    Actor::new(id, role, unit)
}
fn sa() -> Actor {
    actor("sa", Role::SuperAdmin, None)
}
fn sa2() -> Actor {
    actor("sa2", Role::SuperAdmin, Some("A"))
}
fn adm_a() -> Actor {
    actor("adm-a", Role::AdminUnit, Some("A"))
}
fn adm_a2() -> Actor {
    actor("adm-a2", Role::AdminUnit, Some("A"))
}
fn adm_b() -> Actor {
    actor("adm-b", Role::AdminUnit, Some("B"))
}
fn adm_none() -> Actor {
    actor("adm-x", Role::AdminUnit, None)
}
fn ins() -> Actor {
    actor("ins", Role::Instructor, Some("A"))
}
fn ins2() -> Actor {
    actor("ins2", Role::Instructor, Some("A"))
}
fn lea() -> Actor {
    actor("lea", Role::Learner, Some("A"))
}
fn lea2() -> Actor {
    actor("lea2", Role::Learner, Some("A"))
}

fn user(a: &Actor) -> Resource {
    Resource::User(UserFacts {
        user_id: a.user_id.clone(),
        role: a.role,
        unit_kerja: a.unit_kerja.clone(),
        is_learner_of_actor_course: false,
    })
}
fn taught(a: &Actor) -> Resource {
    match user(a) {
        Resource::User(facts) => Resource::User(facts.learner_of_actor_course(true)),
        other => other,
    }
}
/// A course taught by `ins` (unit A) with `enrolled` enrolments.
fn course_facts(enrolled: u32) -> CourseFacts {
    CourseFacts::new("ins", Some("A"), enrolled)
}
fn course() -> Resource {
    Resource::Course(course_facts(0))
}
fn enrolment(learner: &Actor) -> Resource {
    Resource::Enrolment {
        learner_id: learner.user_id.clone(),
        learner_unit: learner.unit_kerja.clone(),
        course: course_facts(3),
    }
}
fn record(learner: &str) -> Resource {
    Resource::LearnerRecord {
        learner_id: learner.to_owned(),
        course: course_facts(3),
    }
}
/// A program owned by `ins` (unit A).
fn program() -> Resource {
    Resource::Program(OwnerFacts::new("ins", Some("A")))
}
fn curation() -> Resource {
    Resource::CurationSession(OwnerFacts::new("ins", Some("A")))
}
fn submission(participant: &str, assigned: bool) -> Resource {
    Resource::Submission {
        participant_id: participant.to_owned(),
        program: OwnerFacts::new("ins", Some("A")),
        is_actor_assigned_reviewer: assigned,
    }
}
fn certificate(unit: &str) -> Resource {
    Resource::Certificate {
        holder_unit: Some(unit.to_owned()),
    }
}

const OK: Decision = Decision::Allow;
fn no(reason: DenyReason) -> Decision {
    Decision::Deny(reason)
}

struct Row {
    action: Action,
    actor: Option<Actor>,
    resource: Resource,
    expect: Decision,
}

fn row(action: Action, actor: Option<Actor>, resource: Resource, expect: Decision) -> Row {
    Row {
        action,
        actor,
        resource,
        expect,
    }
}

/// The table: for each action, who may and who may not, with the reason.
fn table() -> Vec<Row> {
    use Action as A;
    let p = Resource::Platform;
    let mut rows = Vec::new();
    let mut add = |action, actor: Actor, resource: Resource, expect| {
        rows.push(row(action, Some(actor), resource, expect));
    };

    for action in [A::RegisterSelf, A::ViewCatalog, A::VerifyCertificate] {
        add(action, lea(), p.clone(), OK);
        add(action, sa(), p.clone(), OK);
        let mut suspended = lea();
        suspended.status = UserStatus::Suspended;
        add(action, suspended, p.clone(), OK);
    }

    // Profiles.
    for action in [A::ViewProfile, A::ViewBasicProfile, A::UpdateProfile] {
        add(action, lea(), user(&lea()), OK);
        add(action, lea(), user(&lea2()), no(R::NotSelf));
        add(action, ins(), user(&lea()), no(R::NotSelf));
        add(action, adm_a(), user(&lea()), OK);
        add(action, adm_b(), user(&lea()), no(R::OutsideUnit));
        add(action, adm_none(), user(&lea()), no(R::NoUnit));
        add(action, sa(), user(&lea()), OK);
        add(
            action,
            adm_a(),
            user(&actor("nounit", Role::Learner, None)),
            no(R::OutsideUnit),
        );
    }
    add(A::ViewBasicProfile, ins(), taught(&lea()), OK);
    add(A::ViewProfile, ins(), taught(&lea()), no(R::NotSelf));
    add(A::UpdateProfile, ins(), taught(&lea()), no(R::NotSelf));
    add(A::ViewProfile, adm_a(), user(&adm_a2()), OK);
    add(
        A::UpdateProfile,
        adm_a(),
        user(&adm_a2()),
        no(R::EqualOrHigherRole),
    );
    add(
        A::UpdateProfile,
        adm_a(),
        user(&sa2()),
        no(R::EqualOrHigherRole),
    );
    add(
        A::UpdateProfile,
        sa(),
        user(&sa2()),
        no(R::EqualOrHigherRole),
    );
    add(A::UpdateProfile, sa(), user(&sa()), OK);
    add(A::ViewProfile, lea(), course(), no(R::WrongResource));
    // Unit names compare trimmed and case-insensitively.
    add(
        A::ViewProfile,
        actor("adm-sp", Role::AdminUnit, Some(" a ")),
        user(&lea()),
        OK,
    );

    // Suspend / activate.
    for action in [A::SuspendUser, A::ActivateUser] {
        add(action, adm_a(), user(&lea()), OK);
        add(action, adm_a(), user(&ins()), OK);
        add(action, sa(), user(&adm_b()), OK);
        add(action, adm_a(), user(&adm_a2()), no(R::EqualOrHigherRole));
        add(action, adm_a(), user(&sa2()), no(R::EqualOrHigherRole));
        add(action, sa(), user(&sa2()), no(R::EqualOrHigherRole));
        add(action, adm_a(), user(&adm_a()), no(R::OwnAccount));
        add(action, sa(), user(&sa()), no(R::OwnAccount));
        add(action, adm_b(), user(&lea()), no(R::OutsideUnit));
        add(action, adm_none(), user(&lea()), no(R::NoUnit));
        add(action, ins(), user(&lea()), no(R::RoleTooLow));
        add(action, lea(), user(&lea2()), no(R::RoleTooLow));
        add(action, adm_a(), course(), no(R::WrongResource));
    }

    // Role changes: SUPER_ADMIN only, never their own.
    add(A::ChangeRole, sa(), user(&lea()), OK);
    add(A::ChangeRole, sa(), user(&sa2()), OK);
    add(A::ChangeRole, sa(), user(&sa()), no(R::OwnRole));
    // An actor with no id is nobody, never "self".
    let nobody = actor("", Role::SuperAdmin, None);
    add(
        A::ChangeRole,
        nobody.clone(),
        user(&nobody),
        no(R::Unauthenticated),
    );
    add(A::ChangeRole, adm_a(), user(&lea()), no(R::RoleTooLow));
    add(A::ChangeRole, adm_a(), user(&adm_a()), no(R::OwnRole));
    add(A::ChangeRole, ins(), user(&lea()), no(R::RoleTooLow));
    add(A::ChangeRole, lea(), user(&lea()), no(R::OwnRole));
    add(A::ChangeRole, lea(), user(&lea2()), no(R::RoleTooLow));

    for action in [A::ManageSettings, A::ManageBadges, A::AdministerOutbox] {
        add(action, sa(), p.clone(), OK);
        add(action, adm_a(), p.clone(), no(R::RoleTooLow));
        add(action, ins(), p.clone(), no(R::RoleTooLow));
        add(action, lea(), p.clone(), no(R::RoleTooLow));
    }

    for action in [A::CreateCourse, A::CreateProgram, A::CreateCurationSession] {
        add(action, sa(), p.clone(), OK);
        add(action, adm_a(), p.clone(), OK);
        add(action, adm_none(), p.clone(), OK);
        add(action, ins(), p.clone(), OK);
        add(action, lea(), p.clone(), no(R::RoleTooLow));
    }

    // Course editors.
    for action in [
        A::ViewUnpublishedCourse,
        A::EditCourse,
        A::PublishCourse,
        A::DeleteCourse,
        A::ManageSessions,
        A::ManageSurvey,
        A::MintQrToken,
        A::RecordManualAttendance,
        A::CorrectAttendance,
        A::GradeEssay,
        A::Regrade,
        A::CompleteLessonManually,
        A::ViewCourseReports,
    ] {
        add(action, ins(), course(), OK);
        add(action, adm_a(), course(), OK);
        add(action, sa(), course(), OK);
        add(action, ins2(), course(), no(R::NotOwner));
        add(action, lea(), course(), no(R::NotOwner));
        add(action, adm_b(), course(), no(R::OutsideUnit));
        add(action, adm_none(), course(), no(R::NoUnit));
        add(action, ins(), record("lea"), no(R::WrongResource));
        // A learner's personal course (legacy) is theirs to edit.
        let own = Resource::Course(CourseFacts::new("lea", Some("A"), 0));
        add(action, lea(), own, OK);
    }
    let busy = Resource::Course(course_facts(1));
    add(A::DeleteCourse, ins(), busy.clone(), no(R::HasEnrolments));
    add(A::DeleteCourse, sa(), busy.clone(), no(R::HasEnrolments));
    add(A::DeleteCourse, ins2(), busy.clone(), no(R::NotOwner));
    add(A::EditCourse, ins(), busy, OK);

    // Enrolment.
    add(A::EnrolSelf, lea(), enrolment(&lea()), OK);
    add(A::EnrolSelf, ins(), enrolment(&ins()), OK);
    add(A::EnrolSelf, sa(), Resource::learner("sa"), OK);
    add(A::EnrolSelf, adm_a(), enrolment(&adm_a()), OK);
    add(A::EnrolSelf, lea(), enrolment(&lea2()), no(R::NotSelf));
    add(A::EnrolSelf, sa(), enrolment(&lea()), no(R::NotSelf));
    add(A::EnrolSelf, lea(), course(), no(R::WrongResource));
    add(A::EnrolOther, ins(), enrolment(&lea()), OK);
    let far = actor("far", Role::Learner, Some("B"));
    add(A::EnrolOther, ins(), enrolment(&far), OK);
    add(A::EnrolOther, adm_a(), enrolment(&lea()), OK);
    add(A::EnrolOther, adm_b(), enrolment(&far), OK);
    add(A::EnrolOther, sa(), enrolment(&far), OK);
    add(A::EnrolOther, lea(), enrolment(&lea()), OK);
    add(A::EnrolOther, lea(), enrolment(&lea2()), no(R::NotOwner));
    add(A::EnrolOther, ins2(), enrolment(&lea()), no(R::NotOwner));
    add(
        A::EnrolOther,
        adm_b(),
        enrolment(&lea()),
        no(R::OutsideUnit),
    );
    add(A::EnrolOther, adm_none(), enrolment(&lea()), no(R::NoUnit));
    add(
        A::EnrolOther,
        adm_a(),
        Resource::learner("lea"),
        no(R::WrongResource),
    );

    // Personal acts: the learner, for themself only; not even SUPER_ADMIN for someone else.
    for action in [
        A::RecordHeartbeat,
        A::CompleteLesson,
        A::AttemptQuiz,
        A::CheckIn,
        A::RespondSurvey,
        A::SubmitMilestone,
    ] {
        add(action, lea(), Resource::learner("lea"), OK);
        add(action, ins(), Resource::learner("ins"), OK);
        add(action, lea(), Resource::learner("lea2"), no(R::NotSelf));
        add(action, ins(), Resource::learner("lea"), no(R::NotSelf));
        add(action, adm_a(), Resource::learner("lea"), no(R::NotSelf));
        add(action, sa(), Resource::learner("lea"), no(R::NotSelf));
        add(action, lea(), record("lea"), no(R::WrongResource));
    }

    add(A::ViewLearnerRecord, lea(), record("lea"), OK);
    add(A::ViewLearnerRecord, ins(), record("lea"), OK);
    add(A::ViewLearnerRecord, adm_a(), record("lea"), OK);
    add(A::ViewLearnerRecord, sa(), record("lea"), OK);
    add(A::ViewLearnerRecord, lea2(), record("lea"), no(R::NotOwner));
    add(A::ViewLearnerRecord, ins2(), record("lea"), no(R::NotOwner));
    add(
        A::ViewLearnerRecord,
        adm_b(),
        record("lea"),
        no(R::OutsideUnit),
    );
    add(
        A::ViewLearnerRecord,
        lea(),
        Resource::learner("lea"),
        no(R::WrongResource),
    );

    add(A::RevokeCertificate, adm_a(), certificate("A"), OK);
    add(A::RevokeCertificate, sa(), certificate("B"), OK);
    add(
        A::RevokeCertificate,
        adm_a(),
        certificate("B"),
        no(R::OutsideUnit),
    );
    add(
        A::RevokeCertificate,
        adm_none(),
        certificate("A"),
        no(R::NoUnit),
    );
    add(
        A::RevokeCertificate,
        adm_a(),
        Resource::Certificate { holder_unit: None },
        no(R::OutsideUnit),
    );
    add(
        A::RevokeCertificate,
        ins(),
        certificate("A"),
        no(R::RoleTooLow),
    );
    add(
        A::RevokeCertificate,
        lea(),
        certificate("A"),
        no(R::RoleTooLow),
    );

    add(A::ManageProgram, ins(), program(), OK);
    add(A::ManageProgram, adm_a(), program(), OK);
    add(A::ManageProgram, sa(), program(), OK);
    add(A::ManageProgram, ins2(), program(), no(R::NotOwner));
    add(A::ManageProgram, lea(), program(), no(R::NotOwner));
    add(A::ManageProgram, adm_b(), program(), no(R::OutsideUnit));
    add(A::ManageProgram, adm_none(), program(), no(R::NoUnit));
    add(A::ManageProgram, ins(), course(), no(R::WrongResource));

    add(A::ManageCurationSession, ins(), curation(), OK);
    add(A::ManageCurationSession, adm_a(), curation(), OK);
    add(A::ManageCurationSession, sa(), curation(), OK);
    add(
        A::ManageCurationSession,
        ins2(),
        curation(),
        no(R::NotOwner),
    );
    add(A::ManageCurationSession, lea(), curation(), no(R::NotOwner));
    add(
        A::ManageCurationSession,
        adm_b(),
        curation(),
        no(R::OutsideUnit),
    );
    add(
        A::ManageCurationSession,
        adm_none(),
        curation(),
        no(R::NoUnit),
    );
    add(
        A::ManageCurationSession,
        ins(),
        program(),
        no(R::WrongResource),
    );

    add(A::ReviewSubmission, ins2(), submission("lea", true), OK);
    add(A::ReviewSubmission, lea2(), submission("lea", true), OK);
    add(A::ReviewSubmission, ins(), submission("lea", false), OK);
    add(A::ReviewSubmission, adm_a(), submission("lea", false), OK);
    add(A::ReviewSubmission, sa(), submission("lea", false), OK);
    add(
        A::ReviewSubmission,
        ins2(),
        submission("lea", false),
        no(R::NotReviewer),
    );
    add(
        A::ReviewSubmission,
        lea2(),
        submission("lea", false),
        no(R::NotReviewer),
    );
    add(
        A::ReviewSubmission,
        adm_b(),
        submission("lea", false),
        no(R::OutsideUnit),
    );
    add(
        A::ReviewSubmission,
        lea(),
        submission("lea", true),
        no(R::OwnSubmission),
    );
    add(
        A::ReviewSubmission,
        sa(),
        submission("sa", true),
        no(R::OwnSubmission),
    );
    add(
        A::ReviewSubmission,
        adm_a(),
        submission("adm-a", false),
        no(R::OwnSubmission),
    );
    add(
        A::ReviewSubmission,
        ins(),
        submission("ins", false),
        no(R::OwnSubmission),
    );

    add(A::ViewUnitReports, adm_a(), Resource::unit("A"), OK);
    add(A::ViewUnitReports, sa(), Resource::unit("B"), OK);
    add(A::ViewUnitReports, sa(), p.clone(), OK);
    add(
        A::ViewUnitReports,
        adm_a(),
        Resource::unit("B"),
        no(R::OutsideUnit),
    );
    add(A::ViewUnitReports, adm_a(), p.clone(), no(R::OutsideUnit));
    add(
        A::ViewUnitReports,
        adm_none(),
        Resource::unit("A"),
        no(R::NoUnit),
    );
    add(
        A::ViewUnitReports,
        ins(),
        Resource::unit("A"),
        no(R::RoleTooLow),
    );
    add(A::ViewUnitReports, lea(), p.clone(), no(R::RoleTooLow));

    add(
        A::ReadNotifications,
        lea(),
        Resource::notification("lea"),
        OK,
    );
    add(A::ReadNotifications, sa(), Resource::notification("sa"), OK);
    add(
        A::ReadNotifications,
        lea(),
        Resource::notification("lea2"),
        no(R::NotRecipient),
    );
    add(
        A::ReadNotifications,
        sa(),
        Resource::notification("lea"),
        no(R::NotRecipient),
    );
    add(
        A::ReadNotifications,
        adm_a(),
        Resource::notification("lea"),
        no(R::NotRecipient),
    );
    add(
        A::ReadNotifications,
        ins(),
        Resource::notification("lea"),
        no(R::NotRecipient),
    );

    // Anonymous and inactive actors.
    for action in Action::ALL.iter().copied() {
        let resource = p.clone();
        if action.is_public() {
            rows.push(row(action, None, resource, OK));
        } else {
            rows.push(row(action, None, resource.clone(), no(R::Unauthenticated)));
            let mut inactive = sa();
            inactive.status = UserStatus::Inactive;
            rows.push(row(
                action,
                Some(inactive),
                resource.clone(),
                no(R::ActorInactive),
            ));
            let mut suspended = sa();
            suspended.status = UserStatus::Suspended;
            rows.push(row(
                action,
                Some(suspended),
                resource,
                no(R::ActorSuspended),
            ));
        }
    }
    rows
}

fn run(rows: &[Row], policy: &IdentityPolicy) {
    let mut failures = Vec::new();
    for r in rows {
        let got = decide(r.actor.as_ref(), r.action, &r.resource, policy);
        if got != r.expect {
            failures.push(format!(
                "{} by {:?} on {:?}: expected {:?}, got {got:?}",
                r.action,
                r.actor.as_ref().map(|a| &a.user_id),
                r.resource,
                r.expect
            ));
        }
        // authorize agrees with decide.
        let auth = authorize(r.actor.as_ref(), r.action, &r.resource, policy);
        assert_eq!(auth.is_ok(), got.is_allowed());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_holds() {
    run(&table(), &IdentityPolicy::recommended());
}

#[test]
fn every_action_has_allowed_and_denied_signed_in_cases() {
    let rows = table();
    for &action in Action::ALL {
        let of = |allowed: bool| {
            rows.iter().any(|r| {
                r.action == action && r.actor.is_some() && r.expect.is_allowed() == allowed
            })
        };
        assert!(of(true), "{action}: no allowed case");
        if !action.is_public() {
            assert!(of(false), "{action}: no denied case");
            for role in Role::ALL {
                assert!(
                    rows.iter()
                        .any(|r| r.action == action
                            && r.actor.as_ref().is_some_and(|a| a.role == *role)),
                    "{action}: no case for {role}"
                );
            }
        }
    }
}

#[test]
fn legacy_lets_learners_create_courses_only() {
    let legacy = IdentityPolicy::legacy();
    let p = Resource::Platform;
    let rows = vec![
        row(Action::CreateCourse, Some(lea()), p.clone(), OK),
        row(
            Action::CreateProgram,
            Some(lea()),
            p.clone(),
            no(R::RoleTooLow),
        ),
        row(
            Action::CreateCurationSession,
            Some(lea()),
            p.clone(),
            no(R::RoleTooLow),
        ),
        row(Action::CreateCourse, None, p, no(R::Unauthenticated)),
    ];
    run(&rows, &legacy);
    // Everything else answers the same under both presets.
    let others: Vec<Row> = table()
        .into_iter()
        .filter(|r| r.action != Action::CreateCourse)
        .collect();
    run(&others, &legacy);
}
