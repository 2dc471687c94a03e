//! Users: the first super admin, registration, sign-in, profiles, roles, status, settings.

use std::sync::Arc;

use crate::app::{Actor, ProfileUpdate, Registration, Titan};
use crate::assert_code;
use crate::model::{Role, User, UserStatus};
use crate::ports::Store;

use super::fixture::{Fixture, PASSWORD};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_users {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            users,
            [
                bootstrap_happens_once,
                concurrent_bootstraps_make_one_super_admin,
                registration_checks_every_field_and_writes_nothing_on_refusal,
                emails_and_nips_are_unique,
                concurrent_registrations_of_one_email_make_one_account,
                sign_in_by_email_or_nip,
                legacy_bcrypt_hashes_are_upgraded_on_sign_in,
                profiles_are_seen_and_edited_by_self_and_unit_admins,
                only_a_super_admin_changes_roles,
                unit_admins_suspend_and_suspended_users_cannot_act,
                settings_are_for_super_admins,
            ]
        );
    };
}

pub async fn bootstrap_happens_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    assert_code!(
        fx.titan
            .bootstrap_super_admin(&Registration::new("kedua@titan.go.id", PASSWORD))
            .await,
        "IDENTITY_ALREADY_BOOTSTRAPPED"
    );
    let me = fx.titan.get_user(&fx.admin, admin_id(&fx)).await.unwrap();
    assert_eq!(me.role, Role::SuperAdmin);
    assert!(me.password.is_none(), "use cases never return the hash");
}

fn admin_id(fx: &Fixture) -> &str {
    match &fx.admin {
        Actor::User { id } => id,
        _ => unreachable!(),
    }
}

pub async fn concurrent_bootstraps_make_one_super_admin(store: Arc<dyn Store>) {
    let titan = Titan::builder(store)
        .passwords(Arc::new(
            crate::ports::system::Argon2Passwords::with_cost(8, 1).unwrap(),
        ))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let titan = titan.clone();
            tokio::spawn(async move {
                titan
                    .bootstrap_super_admin(&Registration::new(
                        format!("root{i}@titan.go.id"),
                        PASSWORD,
                    ))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e.code(), "IDENTITY_ALREADY_BOOTSTRAPPED"),
        }
    }
    assert_eq!(ok, 1);
}

pub async fn registration_checks_every_field_and_writes_nothing_on_refusal(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let anon = Actor::Anonymous;
    let reg = |email: &str, password: &str| Registration::new(email, password);
    assert_code!(
        fx.titan
            .register_user(&anon, &reg("not-an-email", PASSWORD))
            .await,
        "IDENTITY_INVALID_EMAIL"
    );
    assert_code!(
        fx.titan
            .register_user(&anon, &reg("a@titan.go.id", "pendek"))
            .await,
        "IDENTITY_PASSWORD_TOO_SHORT"
    );
    let mut bad_nip = reg("b@titan.go.id", PASSWORD);
    bad_nip.nip = Some("123".into());
    assert_code!(
        fx.titan.register_user(&anon, &bad_nip).await,
        "IDENTITY_NIP_LENGTH"
    );
    bad_nip.nip = Some("199013322015031001".into());
    assert_code!(
        fx.titan.register_user(&anon, &bad_nip).await,
        "IDENTITY_NIP_BIRTH_DATE"
    );
    let mut bad_tz = reg("c@titan.go.id", PASSWORD);
    bad_tz.timezone = Some("Mars/Olympus".into());
    assert_code!(
        fx.titan.register_user(&anon, &bad_tz).await,
        "VALIDATION_FORMAT"
    );
    // Nothing was written: the same addresses register fine now.
    for email in ["a@titan.go.id", "b@titan.go.id", "c@titan.go.id"] {
        let user = fx
            .titan
            .register_user(&anon, &reg(email, PASSWORD))
            .await
            .unwrap();
        assert_eq!(user.role, Role::Learner);
    }
}

pub async fn emails_and_nips_are_unique(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let anon = Actor::Anonymous;
    let mut first = Registration::new("Budi@BKN.go.id", PASSWORD);
    first.nip = Some("199001012015031001".into());
    let user = fx.titan.register_user(&anon, &first).await.unwrap();
    assert_eq!(user.email, "Budi@bkn.go.id", "the domain is lower-cased");
    assert_eq!(user.nip.as_deref(), Some("199001012015031001"));
    assert_code!(
        fx.titan
            .register_user(&anon, &Registration::new("budi@bkn.go.id", PASSWORD))
            .await,
        "IDENTITY_EMAIL_TAKEN"
    );
    let mut same_nip = Registration::new("lain@bkn.go.id", PASSWORD);
    same_nip.nip = Some(" 199001012015031001 ".into());
    assert_code!(
        fx.titan.register_user(&anon, &same_nip).await,
        "IDENTITY_NIP_TAKEN"
    );
}

pub async fn concurrent_registrations_of_one_email_make_one_account(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let titan = fx.titan.clone();
            tokio::spawn(async move {
                let email = if i % 2 == 0 {
                    "sama@titan.go.id"
                } else {
                    "SAMA@titan.go.id"
                };
                titan
                    .register_user(&Actor::Anonymous, &Registration::new(email, PASSWORD))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e.code(), "IDENTITY_EMAIL_TAKEN"),
        }
    }
    assert_eq!(ok, 1);
}

pub async fn sign_in_by_email_or_nip(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let mut reg = Registration::new("siti@titan.go.id", PASSWORD);
    reg.nip = Some("198505052010122002".into());
    let user = fx
        .titan
        .register_user(&Actor::Anonymous, &reg)
        .await
        .unwrap();
    let by_email = fx
        .titan
        .authenticate(" SITI@titan.go.id ", PASSWORD)
        .await
        .unwrap();
    assert_eq!(by_email.id, user.id);
    let by_nip = fx
        .titan
        .authenticate("198505052010122002", PASSWORD)
        .await
        .unwrap();
    assert_eq!(by_nip.id, user.id);
    assert_code!(
        fx.titan
            .authenticate("siti@titan.go.id", "salah-sandi")
            .await,
        "IDENTITY_INVALID_CREDENTIALS"
    );
    assert_code!(
        fx.titan
            .authenticate("tidak-ada@titan.go.id", PASSWORD)
            .await,
        "IDENTITY_INVALID_CREDENTIALS"
    );
}

pub async fn legacy_bcrypt_hashes_are_upgraded_on_sign_in(store: Arc<dyn Store>) {
    let fx = Fixture::new(store.clone()).await;
    let mut legacy = User::new("cLegacyUser0000000000000001", "lama@titan.go.id");
    legacy.password = Some(bcrypt::hash(PASSWORD, 4).unwrap());
    let mut uow = store.begin().await.unwrap();
    uow.users().insert(&legacy).await.unwrap();
    uow.commit().await.unwrap();

    fx.titan
        .authenticate("lama@titan.go.id", PASSWORD)
        .await
        .unwrap();
    let mut uow = store.begin_read().await.unwrap();
    let stored = uow.users().get(&legacy.id).await.unwrap().unwrap();
    assert!(stored.password.unwrap().starts_with("$argon2id$"));
    drop(uow);
    fx.titan
        .authenticate("lama@titan.go.id", PASSWORD)
        .await
        .unwrap();
}

pub async fn profiles_are_seen_and_edited_by_self_and_unit_admins(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (budi, budi_user) = fx.user("budi", Role::Learner, Some("BKN")).await;
    let (ani, _) = fx.user("ani", Role::Learner, Some("BKN")).await;
    let (admin_bkn, _) = fx.user("adminbkn", Role::AdminUnit, Some("bkn ")).await;
    let (admin_lan, _) = fx.user("adminlan", Role::AdminUnit, Some("LAN")).await;

    assert_eq!(
        fx.titan.get_user(&budi, &budi_user.id).await.unwrap().id,
        budi_user.id
    );
    assert_code!(
        fx.titan.get_user(&ani, &budi_user.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.get_user(&admin_lan, &budi_user.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.get_user(&Actor::Anonymous, &budi_user.id).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(fx.titan.get_user(&budi, "nobody").await, "NOT_FOUND");

    let update = ProfileUpdate {
        jabatan: Some("Analis SDM".into()),
        timezone: Some("Asia/Makassar".into()),
        ..ProfileUpdate::default()
    };
    let edited = fx
        .titan
        .update_profile(&admin_bkn, &budi_user.id, &update)
        .await
        .unwrap();
    assert_eq!(edited.jabatan.as_deref(), Some("Analis SDM"));
    assert_eq!(edited.timezone.as_deref(), Some("Asia/Makassar"));
    assert_code!(
        fx.titan.update_profile(&ani, &budi_user.id, &update).await,
        "IDENTITY_FORBIDDEN"
    );
    let bad = ProfileUpdate {
        nip: Some("12345".into()),
        ..ProfileUpdate::default()
    };
    assert_code!(
        fx.titan.update_profile(&budi, &budi_user.id, &bad).await,
        "IDENTITY_NIP_LENGTH"
    );
    let cleared = ProfileUpdate {
        jabatan: Some("  ".into()),
        ..ProfileUpdate::default()
    };
    let me = fx
        .titan
        .update_profile(&budi, &budi_user.id, &cleared)
        .await
        .unwrap();
    assert_eq!(me.jabatan, None);
    assert_eq!(me.timezone.as_deref(), Some("Asia/Makassar"));
}

pub async fn only_a_super_admin_changes_roles(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (budi, budi_user) = fx.user("budi", Role::Learner, Some("BKN")).await;
    let (admin_bkn, admin_user) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    assert_code!(
        fx.titan
            .change_role(&admin_bkn, &budi_user.id, Role::Instructor)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .change_role(&budi, &budi_user.id, Role::SuperAdmin)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .change_role(&fx.admin, admin_id(&fx), Role::Learner)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let promoted = fx
        .titan
        .change_role(&fx.admin, &budi_user.id, Role::Instructor)
        .await
        .unwrap();
    assert_eq!(promoted.role, Role::Instructor);
    let demoted = fx
        .titan
        .change_role(&fx.admin, &admin_user.id, Role::Learner)
        .await
        .unwrap();
    assert_eq!(demoted.role, Role::Learner);
}

pub async fn unit_admins_suspend_and_suspended_users_cannot_act(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (budi, budi_user) = fx.user("budi", Role::Learner, Some("BKN")).await;
    let (admin_bkn, admin_user) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let (other_admin, _) = fx.user("adminbkn2", Role::AdminUnit, Some("BKN")).await;
    let suspended = fx
        .titan
        .set_user_status(&admin_bkn, &budi_user.id, UserStatus::Suspended)
        .await
        .unwrap();
    assert_eq!(suspended.status, UserStatus::Suspended);
    assert_code!(
        fx.titan.get_user(&budi, &budi_user.id).await,
        "IDENTITY_USER_SUSPENDED"
    );
    assert_code!(
        fx.titan.authenticate("budi@titan.go.id", PASSWORD).await,
        "IDENTITY_USER_SUSPENDED"
    );
    assert_code!(
        fx.titan
            .set_user_status(&other_admin, &admin_user.id, UserStatus::Suspended)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .set_user_status(&admin_bkn, &admin_user.id, UserStatus::Inactive)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    fx.titan
        .set_user_status(&admin_bkn, &budi_user.id, UserStatus::Active)
        .await
        .unwrap();
    fx.titan.get_user(&budi, &budi_user.id).await.unwrap();
}

pub async fn settings_are_for_super_admins(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (admin_bkn, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    assert_code!(
        fx.titan
            .put_setting(&admin_bkn, "require_email_verification", "true")
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.put_setting(&fx.admin, "  ", "x").await,
        "VALIDATION_REQUIRED"
    );
    let first = fx
        .titan
        .put_setting(&fx.admin, "require_email_verification", "true")
        .await
        .unwrap();
    let second = fx
        .titan
        .put_setting(&fx.admin, "require_email_verification", "false")
        .await
        .unwrap();
    assert_eq!(first.id, second.id, "a key keeps its row");
    let all = fx.titan.list_settings(&fx.admin).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].value, "false");
    assert_code!(
        fx.titan.list_settings(&admin_bkn).await,
        "IDENTITY_FORBIDDEN"
    );
}
