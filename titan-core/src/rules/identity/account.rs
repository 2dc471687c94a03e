//! Account rules: password strength and whether a user may act at all.

use super::{IdentityError, IdentityPolicy};
use crate::model::UserStatus;

/// Checks a new password against the policy's minimum length, counted in characters (not bytes)
/// and without trimming. Hashing (argon2id, legacy bcrypt) is an adapter's job.
///
/// # Errors
/// `IDENTITY_PASSWORD_TOO_SHORT` with the minimum and the length given.
pub fn check_password(password: &str, policy: &IdentityPolicy) -> Result<(), IdentityError> {
    let length = password.chars().count();
    if length < policy.min_password_length {
        return Err(IdentityError::PasswordTooShort {
            min: policy.min_password_length,
            length,
        });
    }
    Ok(())
}

/// Users whose status is `INACTIVE` or `SUSPENDED` cannot act (sign in, or anything but public pages).
///
/// # Errors
/// `IDENTITY_USER_INACTIVE` or `IDENTITY_USER_SUSPENDED`.
pub fn can_act(status: UserStatus) -> Result<(), IdentityError> {
    match status {
        UserStatus::Active => Ok(()),
        UserStatus::Inactive => Err(IdentityError::UserInactive),
        UserStatus::Suspended => Err(IdentityError::UserSuspended),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn eight_characters_is_enough() {
        let policy = IdentityPolicy::recommended();
        assert_eq!(check_password("12345678", &policy), Ok(()));
        assert_eq!(
            check_password("1234567", &policy),
            Err(IdentityError::PasswordTooShort { min: 8, length: 7 })
        );
        assert_eq!(
            check_password("", &IdentityPolicy::legacy()).map_err(|e| e.code()),
            Err("IDENTITY_PASSWORD_TOO_SHORT")
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        let policy = IdentityPolicy::recommended();
        // 7 characters, 14+ bytes.
        assert!(check_password("sandiku", &policy).is_err());
        assert!(check_password("ñññññññ", &policy).is_err());
        assert!(check_password("ññññññññ", &policy).is_ok());
        // Spaces count: passwords are never trimmed.
        assert!(check_password("       a", &policy).is_ok());
    }

    #[test]
    fn the_minimum_is_a_policy_knob() {
        let policy = IdentityPolicy {
            min_password_length: 12,
            ..IdentityPolicy::recommended()
        };
        assert_eq!(
            check_password("12345678901", &policy),
            Err(IdentityError::PasswordTooShort {
                min: 12,
                length: 11
            })
        );
    }

    #[test]
    fn only_active_users_act() {
        assert_eq!(can_act(UserStatus::Active), Ok(()));
        assert_eq!(
            can_act(UserStatus::Inactive),
            Err(IdentityError::UserInactive)
        );
        assert_eq!(
            can_act(UserStatus::Suspended),
            Err(IdentityError::UserSuspended)
        );
        assert_eq!(
            can_act(UserStatus::Suspended).map_err(|e| e.code()),
            Err("IDENTITY_USER_SUSPENDED")
        );
    }
}
