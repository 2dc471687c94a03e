//! The contract of [`decide`] / [`authorize`] beyond the table: error codes and facts, the JSON
//! shape bindings rely on, and proptest invariants (random actors and resources never panic; the
//! rules no table can enumerate hold for every input).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;

use super::*;
use crate::error::ErrorCode;
use crate::model::{Role, UserStatus};

use DenyReason as R;

fn no(reason: DenyReason) -> Decision {
    Decision::Deny(reason)
}

fn lea() -> Actor {
    Actor::new("lea", Role::Learner, Some("A"))
}
fn course_facts(enrolled: u32) -> CourseFacts {
    CourseFacts::new("ins", Some("A"), enrolled)
}

#[test]
fn authorize_maps_reasons_to_codes() {
    let policy = IdentityPolicy::recommended();
    let code = |actor: Option<&Actor>, action, resource: &Resource| {
        authorize(actor, action, resource, &policy).map_err(|e| e.code())
    };
    let p = Resource::Platform;
    assert_eq!(
        code(None, Action::ManageSettings, &p),
        Err("IDENTITY_UNAUTHENTICATED")
    );
    let mut inactive = lea();
    inactive.status = UserStatus::Inactive;
    assert_eq!(
        code(Some(&inactive), Action::CheckIn, &Resource::learner("lea")),
        Err("IDENTITY_USER_INACTIVE")
    );
    inactive.status = UserStatus::Suspended;
    assert_eq!(
        code(Some(&inactive), Action::CheckIn, &Resource::learner("lea")),
        Err("IDENTITY_USER_SUSPENDED")
    );
    assert_eq!(
        authorize(Some(&lea()), Action::ManageSettings, &p, &policy),
        Err(IdentityError::Forbidden {
            action: Action::ManageSettings,
            reason: R::RoleTooLow
        })
    );
    assert_eq!(code(Some(&lea()), Action::ViewCatalog, &p), Ok(()));
}

#[test]
fn forbidden_carries_action_and_reason_as_facts() {
    let err = crate::CoreError::from(IdentityError::Forbidden {
        action: Action::EditCourse,
        reason: R::OutsideUnit,
    });
    let facts = err.facts();
    assert_eq!(facts.get("action"), Some(&serde_json::json!("EDIT_COURSE")));
    assert_eq!(
        facts.get("reason"),
        Some(&serde_json::json!("OUTSIDE_UNIT"))
    );
    assert!(err.message(crate::Lang::En).contains("outside your unit"));
    assert!(err.message(crate::Lang::Id).contains("di luar unit kerja"));
}

#[test]
fn resources_and_decisions_have_a_stable_json_shape() {
    let json = serde_json::to_value(Resource::Enrolment {
        learner_id: "lea".into(),
        learner_unit: Some("A".into()),
        course: course_facts(2),
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "ENROLMENT", "learnerId": "lea", "learnerUnit": "A",
            "course": {"instructorId": "ins", "instructorUnit": "A", "enrolledCount": 2}
        })
    );
    let user: Resource = serde_json::from_value(
        serde_json::json!({"type": "USER", "userId": "u", "role": "LEARNER"}),
    )
    .unwrap();
    assert_eq!(
        user,
        Resource::User(UserFacts {
            user_id: "u".into(),
            role: Role::Learner,
            unit_kerja: None,
            is_learner_of_actor_course: false
        })
    );
    let platform: Resource = serde_json::from_str(r#"{"type":"PLATFORM"}"#).unwrap();
    assert_eq!(platform, Resource::Platform);
    assert_eq!(
        serde_json::to_value(Decision::Deny(R::NotSelf)).unwrap(),
        serde_json::json!({"allowed": false, "reason": "NOT_SELF"})
    );
    assert_eq!(
        serde_json::to_value(Decision::Allow).unwrap(),
        serde_json::json!({"allowed": true})
    );
    let a: Actor = serde_json::from_str(r#"{"userId":"x","role":"INSTRUCTOR"}"#).unwrap();
    assert_eq!(a, Actor::new("x", Role::Instructor, None));
}

#[test]
fn every_reason_has_both_messages() {
    for reason in DenyReason::ALL {
        assert!(!reason.message(crate::Lang::Id).is_empty());
        assert_ne!(
            reason.message(crate::Lang::Id),
            reason.message(crate::Lang::En)
        );
    }
}

const IDS: &[&str] = &["", "u1", "u2", "u3"];
const UNITS: &[Option<&str>] = &[None, Some(""), Some("A"), Some("a "), Some("B")];

fn id() -> impl Strategy<Value = String> {
    proptest::sample::select(IDS).prop_map(str::to_owned)
}
fn unit() -> impl Strategy<Value = Option<String>> {
    proptest::sample::select(UNITS).prop_map(|u| u.map(str::to_owned))
}
fn role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL)
}
fn arb_actor() -> impl Strategy<Value = Actor> {
    (
        id(),
        role(),
        proptest::sample::select(UserStatus::ALL),
        unit(),
    )
        .prop_map(|(user_id, role, status, unit_kerja)| Actor {
            user_id,
            role,
            status,
            unit_kerja,
        })
}
fn arb_course() -> impl Strategy<Value = CourseFacts> {
    (id(), unit(), 0u32..3).prop_map(|(instructor_id, instructor_unit, enrolled_count)| {
        CourseFacts {
            instructor_id,
            instructor_unit,
            enrolled_count,
        }
    })
}
fn arb_owner() -> impl Strategy<Value = OwnerFacts> {
    (id(), unit()).prop_map(|(owner_id, owner_unit)| OwnerFacts {
        owner_id,
        owner_unit,
    })
}
fn arb_resource() -> impl Strategy<Value = Resource> {
    prop_oneof![
        Just(Resource::Platform),
        (id(), role(), unit(), any::<bool>()).prop_map(|(user_id, role, unit_kerja, taught)| {
            Resource::User(UserFacts {
                user_id,
                role,
                unit_kerja,
                is_learner_of_actor_course: taught,
            })
        }),
        arb_course().prop_map(Resource::Course),
        (id(), unit(), arb_course()).prop_map(|(learner_id, learner_unit, course)| {
            Resource::Enrolment {
                learner_id,
                learner_unit,
                course,
            }
        }),
        id().prop_map(Resource::learner),
        (id(), arb_course())
            .prop_map(|(learner_id, course)| Resource::LearnerRecord { learner_id, course }),
        unit().prop_map(|holder_unit| Resource::Certificate { holder_unit }),
        arb_owner().prop_map(Resource::Program),
        arb_owner().prop_map(Resource::CurationSession),
        (id(), arb_owner(), any::<bool>()).prop_map(|(participant_id, program, assigned)| {
            Resource::Submission {
                participant_id,
                program,
                is_actor_assigned_reviewer: assigned,
            }
        }),
        unit().prop_map(|u| Resource::unit(u.unwrap_or_default())),
        id().prop_map(Resource::notification),
    ]
}
fn self_only_actions() -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| a.is_self_only())
        .collect()
}
fn arb_policy() -> impl Strategy<Value = IdentityPolicy> {
    prop_oneof![
        Just(IdentityPolicy::recommended()),
        Just(IdentityPolicy::legacy())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_authorize_agrees(
        actor in proptest::option::of(arb_actor()),
        action in proptest::sample::select(Action::ALL),
        resource in arb_resource(),
        policy in arb_policy(),
    ) {
        let decision = decide(actor.as_ref(), action, &resource, &policy);
        let result = authorize(actor.as_ref(), action, &resource, &policy);
        prop_assert_eq!(decision.is_allowed(), result.is_ok());
        if let Err(err) = result {
            prop_assert!(err.code().starts_with("IDENTITY_"));
        }
        if !action.is_public() {
            match &actor {
                None => prop_assert_eq!(decision, no(R::Unauthenticated)),
                Some(a) if a.user_id.is_empty() => prop_assert_eq!(decision, no(R::Unauthenticated)),
                Some(a) if a.status != UserStatus::Active => prop_assert!(!decision.is_allowed()),
                Some(_) => {}
            }
        }
    }

    #[test]
    fn a_learner_never_gets_an_admin_only_action(
        mut actor in arb_actor(),
        action in proptest::sample::select(Action::ALL),
        resource in arb_resource(),
        policy in arb_policy(),
    ) {
        actor.role = Role::Learner;
        if action.is_admin_only() {
            prop_assert!(!decide(Some(&actor), action, &resource, &policy).is_allowed());
        }
    }

    #[test]
    fn nobody_changes_their_own_role(
        actor in arb_actor(),
        target_role in role(),
        unit_kerja in unit(),
        policy in arb_policy(),
    ) {
        let own = Resource::User(UserFacts {
            user_id: actor.user_id.clone(),
            role: target_role,
            unit_kerja,
            is_learner_of_actor_course: false,
        });
        prop_assert!(!decide(Some(&actor), Action::ChangeRole, &own, &policy).is_allowed());
    }

    #[test]
    fn nobody_reviews_their_own_submission(
        actor in arb_actor(),
        program in arb_owner(),
        assigned in any::<bool>(),
        policy in arb_policy(),
    ) {
        let own = Resource::Submission {
            participant_id: actor.user_id.clone(),
            program,
            is_actor_assigned_reviewer: assigned,
        };
        prop_assert!(!decide(Some(&actor), Action::ReviewSubmission, &own, &policy).is_allowed());
    }

    #[test]
    fn personal_acts_are_never_done_for_someone_else(
        actor in arb_actor(),
        action in proptest::sample::select(self_only_actions()),
        other in id(),
        policy in arb_policy(),
    ) {
        prop_assume!(other != actor.user_id);
        let resource = if action == Action::ReadNotifications {
            Resource::notification(other)
        } else {
            Resource::learner(other)
        };
        prop_assert!(!decide(Some(&actor), action, &resource, &policy).is_allowed());
    }

    #[test]
    fn suspensions_only_go_down_the_ranks(
        actor in arb_actor(),
        target_id in id(),
        target_role in role(),
        unit_kerja in unit(),
    ) {
        let target = Resource::User(UserFacts {
            user_id: target_id,
            role: target_role,
            unit_kerja,
            is_learner_of_actor_course: false,
        });
        let policy = IdentityPolicy::recommended();
        if decide(Some(&actor), Action::SuspendUser, &target, &policy).is_allowed() {
            prop_assert!(target_role.rank() < actor.role.rank());
            prop_assert!(actor.role.rank() >= Role::AdminUnit.rank());
        }
    }
}
