//! Course fields and slugs.

use std::collections::HashSet;

use super::CatalogError;

/// Minimum title length in characters, after trimming.
pub const TITLE_MIN_CHARS: usize = 3;
/// Minimum description length in characters, after trimming.
pub const DESCRIPTION_MIN_CHARS: usize = 10;
/// The slug of a title that has no letter or digit at all (e.g. only punctuation).
pub const SLUG_FALLBACK: &str = "course";
/// Longest slug [`slugify`] returns, before any `-n` collision suffix; keeps URLs readable.
pub const SLUG_MAX_CHARS: usize = 80;

/// Checks a course's title (≥ 3 characters) and description (≥ 10), both after trimming.
///
/// # Errors
/// [`CatalogError::TitleTooShort`] first, then [`CatalogError::DescriptionTooShort`].
pub fn validate_course_fields(title: &str, description: &str) -> Result<(), CatalogError> {
    let title_len = title.trim().chars().count();
    if title_len < TITLE_MIN_CHARS {
        return Err(CatalogError::TitleTooShort {
            min: TITLE_MIN_CHARS,
            actual: title_len,
        });
    }
    let description_len = description.trim().chars().count();
    if description_len < DESCRIPTION_MIN_CHARS {
        return Err(CatalogError::DescriptionTooShort {
            min: DESCRIPTION_MIN_CHARS,
            actual: description_len,
        });
    }
    Ok(())
}

/// The URL slug of a title: ASCII-folded (`é` → `e`), lower-cased, every run of characters
/// that are not ASCII letters or digits turned into one `-`, trimmed of `-`, at most
/// [`SLUG_MAX_CHARS`] long; [`SLUG_FALLBACK`] when nothing is left.
#[must_use]
pub fn slugify(title: &str) -> String {
    // Characters deunicode cannot fold become a separator rather than "[?]".
    let folded = deunicode::deunicode_with_tofu(title, " ");
    let mut slug = String::with_capacity(folded.len().min(SLUG_MAX_CHARS));
    let mut pending_dash = false;
    for c in folded.chars() {
        if slug.len() > SLUG_MAX_CHARS {
            break;
        }
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    // The slug is ASCII, so any byte index is a character boundary; the cut may leave a dash.
    slug.truncate(SLUG_MAX_CHARS);
    let trimmed = slug.trim_end_matches('-');
    if trimmed.is_empty() {
        SLUG_FALLBACK.to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// `base` if no existing slug equals it, else the first free of `base-2`, `base-3`, ….
///
/// `existing` holds the slugs already taken (a store passes those starting with `base`). The
/// search always ends: n existing slugs leave a free suffix at or below n + 1.
#[must_use]
pub fn unique_slug<S: AsRef<str>>(base: &str, existing: impl IntoIterator<Item = S>) -> String {
    let taken: HashSet<String> = existing
        .into_iter()
        .map(|s| s.as_ref().to_owned())
        .collect();
    if !taken.contains(base) {
        return base.to_owned();
    }
    let mut n: u64 = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if !taken.contains(&candidate) {
            return candidate;
        }
        n = n.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::error::ErrorCode;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn slugs_are_clean(title in any::<String>()) {
            let slug = slugify(&title);
            prop_assert!(!slug.is_empty() && slug.len() <= SLUG_MAX_CHARS);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            prop_assert_eq!(slugify(&slug), slug.clone());
        }

        #[test]
        fn unique_slugs_are_free(existing in prop::collection::vec("etika(-[0-9]{1,2})?", 0..20)) {
            let slug = unique_slug("etika", &existing);
            prop_assert!(!existing.contains(&slug));
        }
    }

    #[test]
    fn fields_are_checked_after_trimming() {
        assert_eq!(validate_course_fields("ASN", "Sepuluh ch"), Ok(()));
        let err = validate_course_fields("  ab  ", "cukup panjang sekali");
        assert_eq!(err, Err(CatalogError::TitleTooShort { min: 3, actual: 2 }));
        let err = validate_course_fields("Etika", "   pendek   ");
        assert_eq!(
            err,
            Err(CatalogError::DescriptionTooShort { min: 10, actual: 6 })
        );
        assert_eq!(
            err.map_err(|e| e.code()),
            Err("CATALOG_DESCRIPTION_TOO_SHORT")
        );
    }

    #[test]
    fn characters_not_bytes_are_counted() {
        // Three characters, six bytes.
        assert_eq!(validate_course_fields("ééé", "ééééééééééé"), Ok(()));
    }

    #[test]
    fn slugs_fold_and_collapse() {
        assert_eq!(
            slugify("Manajemen ASN: Dasar-Dasar"),
            "manajemen-asn-dasar-dasar"
        );
        assert_eq!(slugify("  Café & Résumé!!  "), "cafe-resume");
        assert_eq!(
            slugify("Pelatihan   Kepemimpinan___2026"),
            "pelatihan-kepemimpinan-2026"
        );
        assert_eq!(slugify("---"), SLUG_FALLBACK);
        assert_eq!(slugify(""), SLUG_FALLBACK);
        assert_eq!(slugify("Ünïcödé Straße"), "unicode-strasse");
    }

    #[test]
    fn long_titles_are_cut_without_a_trailing_dash() {
        let title = "abc ".repeat(40);
        let slug = slugify(&title);
        assert!(slug.len() <= SLUG_MAX_CHARS);
        assert!(!slug.ends_with('-'));
        assert!(slug.starts_with("abc-abc"));
    }

    #[test]
    fn collisions_get_the_next_free_number() {
        assert_eq!(unique_slug("etika", Vec::<String>::new()), "etika");
        assert_eq!(unique_slug("etika", ["etika"]), "etika-2");
        assert_eq!(
            unique_slug("etika", ["etika", "etika-2", "etika-4"]),
            "etika-3"
        );
        assert_eq!(unique_slug("etika", ["etika-2"]), "etika");
    }
}
