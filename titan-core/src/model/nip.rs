//! NIP (Nomor Induk Pegawai): the civil servant's 18-digit number, owned by the identity rules.
//!
//! Structure: `YYYYMMDD` birth date · `YYYYMM` appointment (TMT CPNS) · gender digit · 3-digit
//! sequence. [`Nip::parse`] checks it under a [`NipValidation`] mode and names the failing part.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{mask_nip, seed_enum};
use crate::rules::identity::{AppointmentProblem, IdentityError};

/// Number of characters of a NIP.
pub const NIP_LENGTH: usize = 18;

/// Youngest age, in whole years, at which a civil servant can be appointed.
pub const NIP_MIN_APPOINTMENT_AGE: i32 = 15;

/// How strictly a NIP is checked (policy `identity.nip_validation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NipValidation {
    /// 18 digits whose parts are a real birth date, a real appointment month not before the
    /// 15th birthday, a gender digit `1`/`2` and a sequence `001`–`999` (recommended).
    #[default]
    Structural,
    /// Exactly 18 characters, nothing else (*legacy*: the original app did not even check
    /// that they are digits).
    LengthOnly,
}

seed_enum! {
    /// Gender encoded by the 15th digit of a NIP (`1` male, `2` female).
    Gender { Male = "MALE", Female = "FEMALE" }
}

/// The decoded parts of a structurally valid NIP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NipParts {
    /// Birth date (digits 1–8).
    pub birth_date: NaiveDate,
    /// Appointment year (digits 9–12).
    pub appointment_year: i32,
    /// Appointment month, 1..=12 (digits 13–14).
    pub appointment_month: u32,
    /// Gender (digit 15).
    pub gender: Gender,
    /// Sequence number, 1..=999 (digits 16–18).
    pub sequence: u16,
}

/// A checked NIP, trimmed.
///
/// Parsed with [`NipValidation::Structural`] it always has [`parts`](Nip::parts); parsed with
/// [`NipValidation::LengthOnly`] it has them only when the text happens to be structurally valid
/// too, so the part accessors return `Option`.
///
/// Serde: a plain string; deserialising applies the structural rule (use [`Nip::parse`] with
/// [`NipValidation::LengthOnly`] for legacy rows).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nip {
    text: String,
    parts: Option<NipParts>,
}

impl Nip {
    /// Trims `text` and checks it under `validation`.
    ///
    /// # Errors
    /// The first failing part, in this order: `IDENTITY_NIP_LENGTH` (not 18 characters),
    /// `IDENTITY_NIP_NOT_DIGITS`, `IDENTITY_NIP_BIRTH_DATE`, `IDENTITY_NIP_APPOINTMENT`,
    /// `IDENTITY_NIP_GENDER`, `IDENTITY_NIP_SEQUENCE`. Under [`NipValidation::LengthOnly`] only
    /// the length is checked.
    pub fn parse(text: &str, validation: NipValidation) -> Result<Nip, IdentityError> {
        let text = text.trim();
        let length = text.chars().count();
        if length != NIP_LENGTH {
            return Err(IdentityError::NipLength {
                length,
                expected: NIP_LENGTH,
            });
        }
        let parts = match validation {
            NipValidation::Structural => Some(decode(text)?),
            NipValidation::LengthOnly => decode(text).ok(),
        };
        Ok(Nip {
            text: text.to_owned(),
            parts,
        })
    }

    /// The NIP as stored (trimmed).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The decoded parts; `None` only for a legacy (length-only) NIP that is not structurally valid.
    #[must_use]
    pub const fn parts(&self) -> Option<&NipParts> {
        self.parts.as_ref()
    }

    /// Birth date, when the NIP is structurally valid.
    #[must_use]
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.parts.map(|p| p.birth_date)
    }

    /// Appointment `(year, month)`, when the NIP is structurally valid.
    #[must_use]
    pub fn appointment(&self) -> Option<(i32, u32)> {
        self.parts
            .map(|p| (p.appointment_year, p.appointment_month))
    }

    /// Gender, when the NIP is structurally valid.
    #[must_use]
    pub fn gender(&self) -> Option<Gender> {
        self.parts.map(|p| p.gender)
    }

    /// Sequence number 1..=999, when the NIP is structurally valid.
    #[must_use]
    pub fn sequence(&self) -> Option<u16> {
        self.parts.map(|p| p.sequence)
    }

    /// The NIP masked for public display (see [`mask_nip`]).
    #[must_use]
    pub fn masked(&self) -> String {
        mask_nip(&self.text)
    }
}

/// Decodes an 18-character text; the caller has checked the length.
fn decode(text: &str) -> Result<NipParts, IdentityError> {
    if let Some(index) = text.chars().position(|c| !c.is_ascii_digit()) {
        return Err(IdentityError::NipNotDigits {
            position: index + 1,
        });
    }
    // All ASCII digits from here, so byte slicing is on char boundaries.
    let part = |from: usize, to: usize| text.get(from..to).unwrap_or_default();
    let number = |s: &str| s.parse::<u32>().unwrap_or_default();

    let birth = part(0, 8);
    let birth_year = i32::try_from(number(part(0, 4))).unwrap_or_default();
    let birth_date = NaiveDate::from_ymd_opt(birth_year, number(part(4, 6)), number(part(6, 8)))
        .ok_or_else(|| IdentityError::NipBirthDate {
            value: birth.to_owned(),
        })?;

    let appointment = part(8, 14);
    let appointment_year = i32::try_from(number(part(8, 12))).unwrap_or_default();
    let appointment_month = number(part(12, 14));
    if !(1..=12).contains(&appointment_month) {
        return Err(IdentityError::NipAppointment {
            value: appointment.to_owned(),
            reason: AppointmentProblem::InvalidMonth,
            earliest: None,
        });
    }
    // Month granularity: the month of the 15th birthday is the earliest possible appointment.
    let earliest_year = birth_date.year() + NIP_MIN_APPOINTMENT_AGE;
    if (appointment_year, appointment_month) < (earliest_year, birth_date.month()) {
        return Err(IdentityError::NipAppointment {
            value: appointment.to_owned(),
            reason: AppointmentProblem::BeforeMinimumAge,
            earliest: Some(format!("{earliest_year:04}{:02}", birth_date.month())),
        });
    }

    let gender_digit = part(14, 15);
    let gender = match gender_digit {
        "1" => Gender::Male,
        "2" => Gender::Female,
        other => {
            return Err(IdentityError::NipGender {
                value: other.to_owned(),
            });
        }
    };

    let sequence_text = part(15, 18);
    let sequence = u16::try_from(number(sequence_text)).unwrap_or_default();
    if sequence == 0 {
        return Err(IdentityError::NipSequence {
            value: sequence_text.to_owned(),
        });
    }

    Ok(NipParts {
        birth_date,
        appointment_year,
        appointment_month,
        gender,
        sequence,
    })
}

impl std::str::FromStr for Nip {
    type Err = IdentityError;

    /// Parses with the structural rule.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nip::parse(s, NipValidation::Structural)
    }
}

impl TryFrom<&str> for Nip {
    type Error = IdentityError;

    /// Parses with the structural rule.
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Nip::parse(s, NipValidation::Structural)
    }
}

impl TryFrom<String> for Nip {
    type Error = IdentityError;

    /// Parses with the structural rule.
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Nip::parse(&s, NipValidation::Structural)
    }
}

impl From<Nip> for String {
    fn from(nip: Nip) -> Self {
        nip.text
    }
}

impl AsRef<str> for Nip {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Nip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use proptest::prelude::*;

    const VALID: &str = "199001012015031001";

    fn structural(s: &str) -> Result<Nip, IdentityError> {
        Nip::parse(s, NipValidation::Structural)
    }

    fn code(s: &str) -> &'static str {
        structural(s).unwrap_err().code()
    }

    #[test]
    fn decodes_every_part() {
        let nip = structural(VALID).unwrap();
        assert_eq!(nip.as_str(), VALID);
        assert_eq!(nip.birth_date(), NaiveDate::from_ymd_opt(1990, 1, 1));
        assert_eq!(nip.appointment(), Some((2015, 3)));
        assert_eq!(nip.gender(), Some(Gender::Male));
        assert_eq!(nip.sequence(), Some(1));
        assert_eq!(nip.masked(), "1990***********001");

        let female = structural("198512312010122999").unwrap();
        assert_eq!(female.gender(), Some(Gender::Female));
        assert_eq!(female.sequence(), Some(999));
    }

    #[test]
    fn trims_surrounding_whitespace() {
        let nip = structural("  199001012015031001\n").unwrap();
        assert_eq!(nip.as_str(), VALID);
    }

    #[test]
    fn refuses_a_wrong_length() {
        let err = structural("19900101201503100").unwrap_err();
        assert_eq!(
            err,
            IdentityError::NipLength {
                length: 17,
                expected: 18
            }
        );
        assert_eq!(code("1990010120150310011"), "IDENTITY_NIP_LENGTH");
        assert_eq!(code(""), "IDENTITY_NIP_LENGTH");
        // Inner spaces are not trimmed: 19 characters.
        assert_eq!(code("199001012 015031001"), "IDENTITY_NIP_LENGTH");
    }

    #[test]
    fn refuses_non_digits() {
        assert_eq!(
            structural("19900101201503100A").unwrap_err(),
            IdentityError::NipNotDigits { position: 18 }
        );
        // 18 characters but multi-byte: counted in characters, refused as non-digits.
        assert_eq!(
            code("１９９００１０１２０１５０３１００１"),
            "IDENTITY_NIP_NOT_DIGITS"
        );
    }

    #[test]
    fn refuses_an_impossible_birth_date() {
        assert_eq!(
            structural("199002312015031001").unwrap_err(),
            IdentityError::NipBirthDate {
                value: "19900231".to_owned()
            }
        );
        assert_eq!(code("199013012015031001"), "IDENTITY_NIP_BIRTH_DATE");
        assert_eq!(code("199001002015031001"), "IDENTITY_NIP_BIRTH_DATE");
        // 29 February only in leap years.
        assert!(structural("200002292020031001").is_ok());
        assert_eq!(code("190002292020031001"), "IDENTITY_NIP_BIRTH_DATE");
    }

    #[test]
    fn refuses_an_impossible_appointment_month() {
        assert_eq!(
            structural("199001012015131001").unwrap_err(),
            IdentityError::NipAppointment {
                value: "201513".to_owned(),
                reason: AppointmentProblem::InvalidMonth,
                earliest: None,
            }
        );
        assert_eq!(code("199001012015001001"), "IDENTITY_NIP_APPOINTMENT");
    }

    #[test]
    fn refuses_an_appointment_before_the_fifteenth_birthday() {
        // Born June 1990: the earliest appointment month is June 2005.
        assert!(structural("199006152005061001").is_ok());
        assert_eq!(
            structural("199006152005051001").unwrap_err(),
            IdentityError::NipAppointment {
                value: "200505".to_owned(),
                reason: AppointmentProblem::BeforeMinimumAge,
                earliest: Some("200506".to_owned()),
            }
        );
        // Appointed before birth.
        assert_eq!(code("199001011980011001"), "IDENTITY_NIP_APPOINTMENT");
    }

    #[test]
    fn refuses_a_bad_gender_digit() {
        assert_eq!(
            structural("199001012015033001").unwrap_err(),
            IdentityError::NipGender {
                value: "3".to_owned()
            }
        );
        assert_eq!(code("199001012015030001"), "IDENTITY_NIP_GENDER");
    }

    #[test]
    fn refuses_sequence_zero() {
        assert_eq!(
            structural("199001012015031000").unwrap_err(),
            IdentityError::NipSequence {
                value: "000".to_owned()
            }
        );
    }

    #[test]
    fn legacy_checks_the_length_only() {
        let nip = Nip::parse("ABCDEFGHIJKLMNOPQR", NipValidation::LengthOnly).unwrap();
        assert_eq!(nip.as_str(), "ABCDEFGHIJKLMNOPQR");
        assert_eq!(nip.parts(), None);
        assert_eq!(nip.birth_date(), None);
        assert_eq!(nip.gender(), None);
        let bad_date = Nip::parse("199002312015031001", NipValidation::LengthOnly).unwrap();
        assert_eq!(bad_date.appointment(), None);
        assert_eq!(
            Nip::parse("1234", NipValidation::LengthOnly)
                .unwrap_err()
                .code(),
            "IDENTITY_NIP_LENGTH"
        );
        // A structurally valid NIP still exposes its parts under the legacy rule.
        let valid = Nip::parse(VALID, NipValidation::LengthOnly).unwrap();
        assert_eq!(valid.sequence(), Some(1));
    }

    #[test]
    fn std_conversions_use_the_structural_rule() {
        assert!(VALID.parse::<Nip>().is_ok());
        assert!(Nip::try_from("ABCDEFGHIJKLMNOPQR").is_err());
        assert_eq!(Nip::try_from(VALID).unwrap().to_string(), VALID);
    }

    #[test]
    fn serde_is_a_plain_string() {
        let nip = structural(VALID).unwrap();
        assert_eq!(serde_json::to_string(&nip).unwrap(), format!("\"{VALID}\""));
        let back: Nip = serde_json::from_str(&format!("\" {VALID} \"")).unwrap();
        assert_eq!(back, nip);
        assert!(serde_json::from_str::<Nip>("\"199002312015031001\"").is_err());
    }

    #[test]
    fn messages_name_the_part_without_the_number() {
        let err = structural("199002312015031001").unwrap_err();
        assert!(err.message(crate::Lang::Id).contains("tanggal lahir"));
        assert!(err.message(crate::Lang::En).contains("birth date"));
        assert!(!err.message(crate::Lang::Id).contains("19900231"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = Nip::parse(&text, NipValidation::Structural);
            let _ = Nip::parse(&text, NipValidation::LengthOnly);
        }

        #[test]
        fn any_18_digits_either_decode_or_name_a_part(text in "[0-9]{18}") {
            match structural(&text) {
                Ok(nip) => {
                    let parts = nip.parts().copied().unwrap();
                    prop_assert!((1..=999).contains(&parts.sequence));
                    prop_assert!((1..=12).contains(&parts.appointment_month));
                    prop_assert_eq!(nip.as_str(), text.as_str());
                }
                Err(err) => {
                    let names_a_part = matches!(
                        err,
                        IdentityError::NipBirthDate { .. }
                            | IdentityError::NipAppointment { .. }
                            | IdentityError::NipGender { .. }
                            | IdentityError::NipSequence { .. }
                    );
                    prop_assert!(names_a_part, "unexpected {:?}", err);
                }
            }
        }

        #[test]
        fn structural_implies_length_only(text in "[0-9]{18}") {
            if structural(&text).is_ok() {
                prop_assert!(Nip::parse(&text, NipValidation::LengthOnly).is_ok());
            }
        }
    }
}
