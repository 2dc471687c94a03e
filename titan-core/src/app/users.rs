//! Users (SPEC §1): the first super admin, registration, sign-in, profiles, roles, status, and
//! system settings.

use serde::{Deserialize, Serialize};

use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{Email, Role, SystemSetting, User, UserStatus};
use crate::ports::{PasswordCheck, StoreError, UnitOfWork, constraint};
use crate::rules::identity::{
    Action, IdentityError, Resource, UserFacts, can_act, check_password, parse_nip,
};

/// A new account's details. `Debug` never prints the password.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    /// E-mail (trimmed, domain lower-cased; unique ignoring case).
    pub email: String,
    /// Password in clear (hashed before it is stored).
    pub password: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// NIP (checked per the identity policy; unique).
    #[serde(default)]
    pub nip: Option<String>,
    /// Work unit.
    #[serde(default)]
    pub unit_kerja: Option<String>,
    /// Position.
    #[serde(default)]
    pub jabatan: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// IANA time zone for streaks and reminders (`Asia/Jakarta` when absent).
    #[serde(default)]
    pub timezone: Option<String>,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("name", &self.name)
            .field("unit_kerja", &self.unit_kerja)
            .finish_non_exhaustive()
    }
}

impl Registration {
    /// A registration with just an e-mail and a password.
    #[must_use]
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            password: password.into(),
            ..Self::default()
        }
    }

    /// With a display name.
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// With a work unit.
    #[must_use]
    pub fn in_unit(mut self, unit_kerja: impl Into<String>) -> Self {
        self.unit_kerja = Some(unit_kerja.into());
        self
    }
}

/// Changes to a profile: `Some` sets a field (an empty text clears it), `None` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileUpdate {
    /// Display name.
    pub name: Option<String>,
    /// NIP.
    pub nip: Option<String>,
    /// Work unit.
    pub unit_kerja: Option<String>,
    /// Position.
    pub jabatan: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Picture URL.
    pub image: Option<String>,
    /// IANA time zone.
    pub timezone: Option<String>,
}

/// A trimmed text, `None` when blank.
pub(crate) fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn check_timezone(timezone: Option<&str>) -> Result<()> {
    match timezone {
        Some(tz) if tz.parse::<chrono_tz::Tz>().is_err() => Err(ValidationError::InvalidFormat {
            field: "timezone",
            expected: "an IANA time zone such as Asia/Jakarta",
        }
        .into()),
        _ => Ok(()),
    }
}

/// What callers get back: never the password hash.
pub(crate) fn redacted(mut user: User) -> User {
    user.password = None;
    user
}

impl Titan {
    /// Builds a new user row from a registration: checked e-mail, NIP, password and time zone.
    fn new_user(&self, registration: &Registration, role: Role) -> Result<User> {
        let email = Email::parse(&registration.email)?;
        check_password(&registration.password, &self.policy().identity)?;
        let nip = match clean(registration.nip.as_deref()) {
            Some(text) => Some(
                parse_nip(&text, &self.policy().identity)?
                    .as_str()
                    .to_owned(),
            ),
            None => None,
        };
        let timezone = clean(registration.timezone.as_deref());
        check_timezone(timezone.as_deref())?;
        let hash = self
            .passwords()
            .hash(&registration.password)
            .map_err(|e| Error::Store(StoreError::Unavailable { reason: e.reason }))?;
        let mut user = User::new(self.ids().cuid(), email.as_str());
        user.password = Some(hash);
        user.role = role;
        user.name = clean(registration.name.as_deref());
        user.nip = nip;
        user.unit_kerja = clean(registration.unit_kerja.as_deref());
        user.jabatan = clean(registration.jabatan.as_deref());
        user.phone = clean(registration.phone.as_deref());
        user.timezone = timezone;
        Ok(user)
    }

    /// Refuses an e-mail or NIP another account holds.
    async fn ensure_unique_identity(&self, uow: &mut dyn UnitOfWork, user: &User) -> Result<()> {
        if let Some(other) = uow.users().find_by_email(&user.email).await?
            && other.id != user.id
        {
            return Err(IdentityError::EmailTaken.into());
        }
        if let Some(nip) = &user.nip
            && let Some(other) = uow.users().find_by_nip(nip).await?
            && other.id != user.id
        {
            return Err(IdentityError::NipTaken.into());
        }
        Ok(())
    }

    /// Creates the platform's first `SUPER_ADMIN`. Allowed once: when no super admin exists
    /// (two racing calls give one account).
    ///
    /// # Errors
    /// `IDENTITY_ALREADY_BOOTSTRAPPED`; the registration's field errors; `IDENTITY_EMAIL_TAKEN`.
    pub async fn bootstrap_super_admin(&self, registration: &Registration) -> Result<User> {
        let user = self.new_user(registration, Role::SuperAdmin)?;
        write_tx!(self, |uow| {
            if uow.users().any_with_role(Role::SuperAdmin).await? {
                return Err(IdentityError::AlreadyBootstrapped.into());
            }
            self.ensure_unique_identity(uow, &user).await?;
            uow.users().insert(&user).await?;
            Ok(redacted(user.clone()))
        })
    }

    /// Registers a new LEARNER account (anyone may).
    ///
    /// # Errors
    /// `IDENTITY_INVALID_EMAIL`, `IDENTITY_PASSWORD_TOO_SHORT`, the NIP's part errors,
    /// `VALIDATION_FORMAT` (time zone), `IDENTITY_EMAIL_TAKEN`, `IDENTITY_NIP_TAKEN`.
    pub async fn register_user(&self, actor: &Actor, registration: &Registration) -> Result<User> {
        let user = self.new_user(registration, Role::Learner)?;
        write_tx!(self, |uow| {
            let principal = self.principal(uow, actor).await?;
            crate::rules::identity::authorize(
                principal.as_ref().map(|(a, _)| a),
                Action::RegisterSelf,
                &Resource::Platform,
                &self.policy().identity,
            )?;
            self.ensure_unique_identity(uow, &user).await?;
            match uow.users().insert(&user).await {
                Err(StoreError::Conflict { constraint: c }) if c == constraint::USER_EMAIL => {
                    Err(IdentityError::EmailTaken.into())
                }
                Err(StoreError::Conflict { constraint: c }) if c == constraint::USER_NIP => {
                    Err(IdentityError::NipTaken.into())
                }
                other => other.map_err(Error::from),
            }?;
            Ok(redacted(user.clone()))
        })
    }

    /// Signs in with an e-mail or a NIP and a password; a legacy bcrypt hash is replaced by an
    /// argon2id one on success.
    ///
    /// # Errors
    /// `IDENTITY_INVALID_CREDENTIALS` (unknown account or wrong password, one answer for both);
    /// `IDENTITY_USER_INACTIVE` / `IDENTITY_USER_SUSPENDED` for the right password of an account
    /// that cannot act.
    pub async fn authenticate(&self, identifier: &str, password: &str) -> Result<User> {
        let identifier = identifier.trim();
        write_tx!(self, |uow| {
            let by_email = match Email::parse(identifier) {
                Ok(email) => uow.users().find_by_email(email.as_str()).await?,
                Err(_) => None,
            };
            let user = match by_email {
                Some(user) => Some(user),
                None => uow.users().find_by_nip(identifier).await?,
            };
            let Some(mut user) = user else {
                return Err(IdentityError::InvalidCredentials.into());
            };
            let check = user
                .password
                .as_deref()
                .map_or(PasswordCheck::Mismatch, |hash| {
                    self.passwords().verify(password, hash)
                });
            if check == PasswordCheck::Mismatch {
                return Err(IdentityError::InvalidCredentials.into());
            }
            can_act(user.status)?;
            if check == PasswordCheck::MatchNeedsRehash {
                let hash = self
                    .passwords()
                    .hash(password)
                    .map_err(|e| Error::Store(StoreError::Unavailable { reason: e.reason }))?;
                user.password = Some(hash);
                uow.users().update(&user).await?;
            }
            Ok(redacted(user))
        })
    }

    /// Loads `user_id` and authorises `action` on them for `actor`.
    async fn user_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: Action,
        user_id: &str,
    ) -> Result<(User, User)> {
        let subject = uow
            .users()
            .get(user_id)
            .await?
            .ok_or_else(|| Error::not_found("User", user_id))?;
        let me = self
            .authorize(
                uow,
                actor,
                action,
                &Resource::User(UserFacts::from_user(&subject)),
            )
            .await?;
        Ok((me, subject))
    }

    /// A user's profile (self or unit admins).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn get_user(&self, actor: &Actor, user_id: &str) -> Result<User> {
        read_tx!(self, |uow| {
            let (_, subject) = self
                .user_for(uow, actor, Action::ViewProfile, user_id)
                .await?;
            Ok(redacted(subject))
        })
    }

    /// Updates a profile (self or unit admins of an equal-or-lower role).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; the NIP's part errors; `VALIDATION_FORMAT`;
    /// `IDENTITY_NIP_TAKEN`.
    pub async fn update_profile(
        &self,
        actor: &Actor,
        user_id: &str,
        update: &ProfileUpdate,
    ) -> Result<User> {
        write_tx!(self, |uow| {
            let (_, mut user) = self
                .user_for(uow, actor, Action::UpdateProfile, user_id)
                .await?;
            let set = |field: &Option<String>, current: &mut Option<String>| {
                if let Some(value) = field {
                    *current = clean(Some(value));
                }
            };
            set(&update.name, &mut user.name);
            set(&update.unit_kerja, &mut user.unit_kerja);
            set(&update.jabatan, &mut user.jabatan);
            set(&update.phone, &mut user.phone);
            set(&update.image, &mut user.image);
            if let Some(tz) = &update.timezone {
                let tz = clean(Some(tz));
                check_timezone(tz.as_deref())?;
                user.timezone = tz;
            }
            if let Some(nip) = &update.nip {
                user.nip = match clean(Some(nip)) {
                    Some(text) => Some(
                        parse_nip(&text, &self.policy().identity)?
                            .as_str()
                            .to_owned(),
                    ),
                    None => None,
                };
            }
            self.ensure_unique_identity(uow, &user).await?;
            uow.users().update(&user).await?;
            Ok(redacted(user))
        })
    }

    /// Changes a user's role (`SUPER_ADMIN` only; nobody changes their own).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN` (`ROLE_TOO_LOW`, `OWN_ROLE`).
    pub async fn change_role(&self, actor: &Actor, user_id: &str, role: Role) -> Result<User> {
        write_tx!(self, |uow| {
            let (_, mut user) = self
                .user_for(uow, actor, Action::ChangeRole, user_id)
                .await?;
            if user.role != role {
                user.role = role;
                uow.users().update(&user).await?;
            }
            Ok(redacted(user))
        })
    }

    /// Suspends (`SUSPENDED`), deactivates (`INACTIVE`) or reactivates (`ACTIVE`) a user: unit
    /// admins, never on an admin of equal or higher role, never on oneself.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn set_user_status(
        &self,
        actor: &Actor,
        user_id: &str,
        status: UserStatus,
    ) -> Result<User> {
        let action = match status {
            UserStatus::Active => Action::ActivateUser,
            UserStatus::Inactive | UserStatus::Suspended => Action::SuspendUser,
        };
        write_tx!(self, |uow| {
            let (_, mut user) = self.user_for(uow, actor, action, user_id).await?;
            if user.status != status {
                user.status = status;
                uow.users().update(&user).await?;
            }
            Ok(redacted(user))
        })
    }

    /// Every system setting (`SUPER_ADMIN`).
    ///
    /// # Errors
    /// `IDENTITY_FORBIDDEN`.
    pub async fn list_settings(&self, actor: &Actor) -> Result<Vec<SystemSetting>> {
        read_tx!(self, |uow| {
            self.authorize(uow, actor, Action::ManageSettings, &Resource::Platform)
                .await?;
            Ok(uow.settings().all().await?)
        })
    }

    /// Sets a system setting (`SUPER_ADMIN`), e.g. `require_email_verification = true`.
    ///
    /// # Errors
    /// `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` for a blank key.
    pub async fn put_setting(
        &self,
        actor: &Actor,
        key: &str,
        value: &str,
    ) -> Result<SystemSetting> {
        let key = key.trim();
        if key.is_empty() {
            return Err(ValidationError::Required { field: "key" }.into());
        }
        write_tx!(self, |uow| {
            self.authorize(uow, actor, Action::ManageSettings, &Resource::Platform)
                .await?;
            let setting = SystemSetting {
                id: uow
                    .settings()
                    .get(key)
                    .await?
                    .map_or_else(|| self.ids().uuid(), |s| s.id),
                key: key.to_owned(),
                value: value.to_owned(),
                updated_at: self.now(),
            };
            uow.settings().upsert(&setting).await?;
            Ok(setting)
        })
    }
}
