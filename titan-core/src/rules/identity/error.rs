//! [`IdentityError`]: every refusal of §1, with its stable code and messages.

use serde::Serialize;

use super::{Action, DenyReason};
use crate::error::{ErrorCode, Lang};

/// Why a NIP's appointment part (`YYYYMM`, digits 9–14) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AppointmentProblem {
    /// The month is not 01–12.
    InvalidMonth,
    /// The appointment month is before the month of the 15th birthday.
    BeforeMinimumAge,
}

/// Why an email address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EmailProblem {
    /// Nothing but whitespace.
    Empty,
    /// Longer than 254 characters.
    TooLong,
    /// Whitespace or a control character inside the address.
    Whitespace,
    /// Not exactly one `@`.
    NotOneAt,
    /// Nothing before the `@`.
    EmptyLocalPart,
    /// The domain has no dot, or an empty label (`a@.id`, `a@b..id`, `a@b.id.`).
    InvalidDomain,
}

/// Refusals of the identity rules (§1).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum IdentityError {
    /// `IDENTITY_NIP_LENGTH`: the NIP is not 18 characters long (after trimming).
    NipLength {
        /// Characters given.
        length: usize,
        /// Characters required (18).
        expected: usize,
    },
    /// `IDENTITY_NIP_NOT_DIGITS`: a character is not an ASCII digit.
    NipNotDigits {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// `IDENTITY_NIP_BIRTH_DATE`: digits 1–8 are not a real `YYYYMMDD` date.
    NipBirthDate {
        /// The 8 digits.
        value: String,
    },
    /// `IDENTITY_NIP_APPOINTMENT`: digits 9–14 are not a real month, or fall before the 15th birthday.
    NipAppointment {
        /// The 6 digits (`YYYYMM`).
        value: String,
        /// Which check failed.
        reason: AppointmentProblem,
        /// The earliest acceptable `YYYYMM`, for [`AppointmentProblem::BeforeMinimumAge`].
        earliest: Option<String>,
    },
    /// `IDENTITY_NIP_GENDER`: digit 15 is neither `1` nor `2`.
    NipGender {
        /// The digit.
        value: String,
    },
    /// `IDENTITY_NIP_SEQUENCE`: digits 16–18 are `000`.
    NipSequence {
        /// The 3 digits.
        value: String,
    },
    /// `IDENTITY_INVALID_EMAIL`: not a usable `local@domain` address.
    InvalidEmail {
        /// What is wrong with it.
        reason: EmailProblem,
        /// Characters given (after trimming).
        length: usize,
        /// Longest accepted address.
        max: usize,
    },
    /// `IDENTITY_PASSWORD_TOO_SHORT`: fewer characters than the policy's minimum.
    PasswordTooShort {
        /// Minimum characters.
        min: usize,
        /// Characters given.
        length: usize,
    },
    /// `IDENTITY_USER_INACTIVE`: the user's status is `INACTIVE`.
    UserInactive,
    /// `IDENTITY_USER_SUSPENDED`: the user's status is `SUSPENDED`.
    UserSuspended,
    /// `IDENTITY_UNAUTHENTICATED`: the action needs a signed-in user.
    Unauthenticated {
        /// The action asked for.
        action: Action,
    },
    /// `IDENTITY_FORBIDDEN`: the actor may not do this to this resource.
    Forbidden {
        /// The action asked for.
        action: Action,
        /// Why not.
        reason: DenyReason,
    },
    /// `IDENTITY_EMAIL_TAKEN`: another account uses this e-mail (compared ignoring case).
    EmailTaken,
    /// `IDENTITY_NIP_TAKEN`: another account uses this NIP.
    NipTaken,
    /// `IDENTITY_INVALID_CREDENTIALS`: unknown account or wrong password (one answer for
    /// both, so accounts cannot be discovered).
    InvalidCredentials,
    /// `IDENTITY_ALREADY_BOOTSTRAPPED`: a SUPER_ADMIN exists, so the first one cannot be
    /// created again.
    AlreadyBootstrapped,
}

impl ErrorCode for IdentityError {
    fn code(&self) -> &'static str {
        match self {
            IdentityError::NipLength { .. } => "IDENTITY_NIP_LENGTH",
            IdentityError::NipNotDigits { .. } => "IDENTITY_NIP_NOT_DIGITS",
            IdentityError::NipBirthDate { .. } => "IDENTITY_NIP_BIRTH_DATE",
            IdentityError::NipAppointment { .. } => "IDENTITY_NIP_APPOINTMENT",
            IdentityError::NipGender { .. } => "IDENTITY_NIP_GENDER",
            IdentityError::NipSequence { .. } => "IDENTITY_NIP_SEQUENCE",
            IdentityError::InvalidEmail { .. } => "IDENTITY_INVALID_EMAIL",
            IdentityError::PasswordTooShort { .. } => "IDENTITY_PASSWORD_TOO_SHORT",
            IdentityError::UserInactive => "IDENTITY_USER_INACTIVE",
            IdentityError::UserSuspended => "IDENTITY_USER_SUSPENDED",
            IdentityError::Unauthenticated { .. } => "IDENTITY_UNAUTHENTICATED",
            IdentityError::Forbidden { .. } => "IDENTITY_FORBIDDEN",
            IdentityError::EmailTaken => "IDENTITY_EMAIL_TAKEN",
            IdentityError::NipTaken => "IDENTITY_NIP_TAKEN",
            IdentityError::InvalidCredentials => "IDENTITY_INVALID_CREDENTIALS",
            IdentityError::AlreadyBootstrapped => "IDENTITY_ALREADY_BOOTSTRAPPED",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            IdentityError::NipLength { length, expected } => {
                if en {
                    format!("NIP must be {expected} digits (got {length})")
                } else {
                    format!("NIP harus {expected} digit (diberikan {length})")
                }
            }
            IdentityError::NipNotDigits { position } => {
                if en {
                    format!("NIP must contain digits only (character {position} is not)")
                } else {
                    format!("NIP hanya boleh berisi angka (karakter ke-{position} bukan angka)")
                }
            }
            IdentityError::NipBirthDate { .. } => {
                if en {
                    "NIP: the birth date (digits 1–8) is not a real date".to_owned()
                } else {
                    "NIP: tanggal lahir (digit 1–8) bukan tanggal yang valid".to_owned()
                }
            }
            IdentityError::NipAppointment { reason, .. } => match (reason, en) {
                (AppointmentProblem::InvalidMonth, true) => {
                    "NIP: the appointment month (digits 13–14) must be 01–12".to_owned()
                }
                (AppointmentProblem::InvalidMonth, false) => {
                    "NIP: bulan pengangkatan (digit 13–14) harus 01–12".to_owned()
                }
                (AppointmentProblem::BeforeMinimumAge, true) => {
                    "NIP: the appointment (digits 9–14) is before the 15th birthday".to_owned()
                }
                (AppointmentProblem::BeforeMinimumAge, false) => {
                    "NIP: pengangkatan (digit 9–14) sebelum usia 15 tahun".to_owned()
                }
            },
            IdentityError::NipGender { .. } => {
                if en {
                    "NIP: the gender digit (digit 15) must be 1 or 2".to_owned()
                } else {
                    "NIP: digit jenis kelamin (digit 15) harus 1 atau 2".to_owned()
                }
            }
            IdentityError::NipSequence { .. } => {
                if en {
                    "NIP: the sequence number (digits 16–18) must be 001–999".to_owned()
                } else {
                    "NIP: nomor urut (digit 16–18) harus 001–999".to_owned()
                }
            }
            IdentityError::InvalidEmail { reason, max, .. } => email_message(*reason, *max, en),
            IdentityError::PasswordTooShort { min, .. } => {
                if en {
                    format!("Password must be at least {min} characters")
                } else {
                    format!("Kata sandi minimal {min} karakter")
                }
            }
            IdentityError::UserInactive => {
                if en {
                    "This account is inactive".to_owned()
                } else {
                    "Akun ini tidak aktif".to_owned()
                }
            }
            IdentityError::UserSuspended => {
                if en {
                    "This account is suspended".to_owned()
                } else {
                    "Akun ini sedang ditangguhkan".to_owned()
                }
            }
            IdentityError::EmailTaken => {
                if en {
                    "This e-mail is already registered".to_owned()
                } else {
                    "Email ini sudah terdaftar".to_owned()
                }
            }
            IdentityError::NipTaken => {
                if en {
                    "This NIP is already registered".to_owned()
                } else {
                    "NIP ini sudah terdaftar".to_owned()
                }
            }
            IdentityError::InvalidCredentials => {
                if en {
                    "Wrong e-mail/NIP or password".to_owned()
                } else {
                    "Email/NIP atau kata sandi salah".to_owned()
                }
            }
            IdentityError::AlreadyBootstrapped => {
                if en {
                    "A super admin already exists".to_owned()
                } else {
                    "Super admin sudah ada".to_owned()
                }
            }
            IdentityError::Unauthenticated { .. } => {
                if en {
                    "Please sign in first".to_owned()
                } else {
                    "Silakan masuk terlebih dahulu".to_owned()
                }
            }
            IdentityError::Forbidden { action, reason } => {
                if en {
                    format!(
                        "You may not perform {}: {}",
                        action.as_str(),
                        reason.message(lang)
                    )
                } else {
                    format!(
                        "Anda tidak berwenang melakukan {}: {}",
                        action.as_str(),
                        reason.message(lang)
                    )
                }
            }
        }
    }
}
crate::error::impl_error!(IdentityError);

fn email_message(reason: EmailProblem, max: usize, en: bool) -> String {
    let detail = match (reason, en) {
        (EmailProblem::Empty, true) => "it is empty".to_owned(),
        (EmailProblem::Empty, false) => "email kosong".to_owned(),
        (EmailProblem::TooLong, true) => format!("it is longer than {max} characters"),
        (EmailProblem::TooLong, false) => format!("lebih dari {max} karakter"),
        (EmailProblem::Whitespace, true) => "it contains spaces".to_owned(),
        (EmailProblem::Whitespace, false) => "mengandung spasi".to_owned(),
        (EmailProblem::NotOneAt, true) => "it needs exactly one @".to_owned(),
        (EmailProblem::NotOneAt, false) => "harus memuat tepat satu @".to_owned(),
        (EmailProblem::EmptyLocalPart, true) => "nothing before the @".to_owned(),
        (EmailProblem::EmptyLocalPart, false) => "tidak ada nama sebelum @".to_owned(),
        (EmailProblem::InvalidDomain, true) => "the domain is not valid".to_owned(),
        (EmailProblem::InvalidDomain, false) => "domain tidak valid".to_owned(),
    };
    if en {
        format!("Invalid email address: {detail}")
    } else {
        format!("Alamat email tidak valid: {detail}")
    }
}
