//! In-app notifications implied by each domain event (Indonesian by default, English on
//! request), and the SESSION_REMINDER of the reminder job.
//!
//! | event | recipient | type | link |
//! |---|---|---|---|
//! | ENROLLED | the learner | COURSE_ENROLLED | `/courses/{slug}` |
//! | LESSON_COMPLETED | — (too frequent to notify) | | |
//! | QUIZ_PASSED / QUIZ_FAILED | the learner | QUIZ_GRADED (score, passed or not) | `/courses/{slug}/learn` |
//! | COURSE_COMPLETED | the learner | COURSE_COMPLETED | `/courses/{slug}` |
//! | ATTENDED | — (the learner just checked in) | | |
//! | CERTIFICATE_EARNED | the learner | CERTIFICATE_ISSUED (with its number) | `/dashboard/learner/certificates` |
//! | BADGE_EARNED | the learner | BADGE_EARNED | `/dashboard/profile` |
//! | PBGM_SUBMITTED | each assigned reviewer (once, never the submitter); with none, the owner | SYSTEM | `/dashboard/wblm/review/{submissionId}` |
//! | PBGM_REVIEWED | the participant (unless reviewing oneself) | SYSTEM: approved / revision requested / reviewed | `/dashboard/pbgm/projects/{programId}` |
//! | PBGM_REVIEWED with ESCALATE | also the owner (unless already notified) | SYSTEM: escalated | `/dashboard/pbgm/projects/{programId}` |
//! | *(job)* session in ≤ 60 min | each registered learner | SESSION_REMINDER, local time with its zone (WIB/WITA/WIT) | `/dashboard/sessions/{sessionId}` |
//!
//! A missing title reads "this course" / "kursus ini"; scores are written with 2 decimals at
//! most (Indonesian with a decimal comma: `85,5`). Texts carry no personal data beyond the
//! recipient's own results.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::XapiPolicy;
use crate::error::Lang;
use crate::events::DomainEvent;
use crate::model::{Notification, NotificationType, WblmReviewDecision};
use crate::rules::common::{resolve_timezone, round2};

/// What the notifications need beyond the event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationContext {
    /// The course's title.
    #[serde(default)]
    pub course_title: Option<String>,
    /// The course's slug (for links).
    #[serde(default)]
    pub course_slug: Option<String>,
    /// The quiz's title, or the PBGM project's title.
    #[serde(default)]
    pub object_title: Option<String>,
    /// For PBGM events: the reviewers assigned to the participant (or the project's experts).
    #[serde(default)]
    pub reviewer_ids: Vec<String>,
    /// For PBGM events: the program's owner.
    #[serde(default)]
    pub owner_id: Option<String>,
}

/// A notification to write (the caller gives it an id and a time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationDraft {
    /// The recipient.
    pub user_id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub notification_type: NotificationType,
    /// Short title.
    pub title: String,
    /// The message.
    pub message: String,
    /// An in-app path to open.
    pub link: Option<String>,
}

impl NotificationDraft {
    /// The `Notification` row: unread, created `now`.
    #[must_use]
    pub fn into_notification(self, id: impl Into<String>, now: DateTime<Utc>) -> Notification {
        Notification {
            id: id.into(),
            user_id: self.user_id,
            notification_type: self.notification_type,
            title: self.title,
            message: self.message,
            link: self.link,
            is_read: false,
            read_at: None,
            created_at: now,
            dedup_key: None,
        }
    }
}

fn pick(lang: Lang, id: String, en: String) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// `kursus "T"` / `the course "T"`, or `kursus ini` / `this course`.
fn named(lang: Lang, title: Option<&str>, noun_id: &str, noun_en: &str) -> String {
    match (title.map(str::trim).filter(|t| !t.is_empty()), lang) {
        (Some(t), Lang::Id) => format!("{noun_id} \"{t}\""),
        (Some(t), Lang::En) => format!("the {noun_en} \"{t}\""),
        (None, Lang::Id) => format!("{noun_id} ini"),
        (None, Lang::En) => format!("this {noun_en}"),
    }
}

fn score_text(score: Decimal, lang: Lang) -> String {
    let text = round2(score).normalize().to_string();
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

fn draft(
    user_id: &str,
    notification_type: NotificationType,
    title: String,
    message: String,
    link: Option<String>,
) -> NotificationDraft {
    NotificationDraft {
        user_id: user_id.to_owned(),
        notification_type,
        title,
        message,
        link,
    }
}

/// The notifications `event` implies, in the table's order (see the module doc).
#[must_use]
pub fn notifications_for(
    event: &DomainEvent,
    ctx: &NotificationContext,
    lang: Lang,
) -> Vec<NotificationDraft> {
    let course = named(lang, ctx.course_title.as_deref(), "kursus", "course");
    let course_link = ctx.course_slug.as_deref().map(|s| format!("/courses/{s}"));
    let project = named(lang, ctx.object_title.as_deref(), "proyek", "project");
    match event {
        DomainEvent::Enrolled { user_id, .. } => vec![draft(
            user_id,
            NotificationType::CourseEnrolled,
            pick(
                lang,
                "Pendaftaran berhasil".into(),
                "Enrolment confirmed".into(),
            ),
            pick(
                lang,
                format!("Anda telah terdaftar di {course}. Selamat belajar!"),
                format!("You are enrolled in {course}. Happy learning!"),
            ),
            course_link,
        )],
        DomainEvent::QuizPassed { user_id, score, .. }
        | DomainEvent::QuizFailed { user_id, score, .. } => {
            let quiz = named(lang, ctx.object_title.as_deref(), "kuis", "quiz");
            let score = score_text(*score, lang);
            let passed = matches!(event, DomainEvent::QuizPassed { .. });
            let (title, message) = if passed {
                (
                    pick(
                        lang,
                        "Selamat, Anda lulus kuis".into(),
                        "You passed the quiz".into(),
                    ),
                    pick(
                        lang,
                        format!("Nilai Anda untuk {quiz}: {score}. Anda lulus."),
                        format!("Your score for {quiz}: {score}. You passed."),
                    ),
                )
            } else {
                (
                    pick(
                        lang,
                        "Hasil kuis tersedia".into(),
                        "Quiz result available".into(),
                    ),
                    pick(
                        lang,
                        format!(
                            "Nilai Anda untuk {quiz}: {score}. Anda belum lulus; pelajari kembali materinya."
                        ),
                        format!(
                            "Your score for {quiz}: {score}. You did not pass yet; review the material."
                        ),
                    ),
                )
            };
            let link = ctx
                .course_slug
                .as_deref()
                .map(|s| format!("/courses/{s}/learn"));
            vec![draft(
                user_id,
                NotificationType::QuizGraded,
                title,
                message,
                link,
            )]
        }
        DomainEvent::CourseCompleted { user_id, .. } => vec![draft(
            user_id,
            NotificationType::CourseCompleted,
            pick(lang, "Kursus selesai".into(), "Course completed".into()),
            pick(
                lang,
                format!("Selamat! Anda telah menyelesaikan {course}."),
                format!("Congratulations! You have completed {course}."),
            ),
            course_link,
        )],
        DomainEvent::CertificateEarned {
            user_id,
            certificate_no,
            ..
        } => vec![draft(
            user_id,
            NotificationType::CertificateIssued,
            pick(
                lang,
                "Sertifikat terbit".into(),
                "Certificate issued".into(),
            ),
            pick(
                lang,
                format!(
                    "Sertifikat Anda untuk {course} telah terbit dengan nomor {certificate_no}."
                ),
                format!(
                    "Your certificate for {course} has been issued with number {certificate_no}."
                ),
            ),
            Some("/dashboard/learner/certificates".to_owned()),
        )],
        DomainEvent::BadgeEarned {
            user_id,
            badge_name,
            ..
        } => vec![draft(
            user_id,
            NotificationType::BadgeEarned,
            pick(lang, "Lencana baru".into(), "New badge".into()),
            pick(
                lang,
                format!("Anda mendapatkan lencana \"{badge_name}\"."),
                format!("You earned the badge \"{badge_name}\"."),
            ),
            Some("/dashboard/profile".to_owned()),
        )],
        DomainEvent::PbgmSubmitted {
            user_id,
            submission_id,
            version,
            ..
        } => {
            let mut recipients: Vec<&str> = Vec::new();
            for r in &ctx.reviewer_ids {
                if r != user_id && !recipients.contains(&r.as_str()) {
                    recipients.push(r);
                }
            }
            if recipients.is_empty()
                && let Some(owner) = ctx.owner_id.as_deref().filter(|o| *o != user_id)
            {
                recipients.push(owner);
            }
            recipients
                .into_iter()
                .map(|to| {
                    draft(
                        to,
                        NotificationType::System,
                        pick(
                            lang,
                            "Pengumpulan baru menunggu tinjauan".into(),
                            "New submission awaiting review".into(),
                        ),
                        pick(
                            lang,
                            format!("Versi {version} untuk {project} telah dikumpulkan dan menunggu tinjauan Anda."),
                            format!("Version {version} for {project} has been submitted and awaits your review."),
                        ),
                        Some(format!("/dashboard/wblm/review/{submission_id}")),
                    )
                })
                .collect()
        }
        DomainEvent::PbgmReviewed {
            reviewer_id,
            participant_id,
            program_id,
            version,
            decision,
            ..
        } => {
            let link = Some(format!("/dashboard/pbgm/projects/{program_id}"));
            let (title, message) = match decision {
                WblmReviewDecision::Accept => (
                    pick(
                        lang,
                        "Pengumpulan disetujui".into(),
                        "Submission approved".into(),
                    ),
                    pick(
                        lang,
                        format!("Versi {version} untuk {project} telah disetujui peninjau."),
                        format!("Version {version} for {project} was approved by the reviewer."),
                    ),
                ),
                WblmReviewDecision::RequestRevision => (
                    pick(lang, "Revisi diminta".into(), "Revision requested".into()),
                    pick(
                        lang,
                        format!("Peninjau meminta revisi atas versi {version} untuk {project}."),
                        format!(
                            "The reviewer asks for a revision of version {version} for {project}."
                        ),
                    ),
                ),
                WblmReviewDecision::CommentOnly | WblmReviewDecision::Escalate => (
                    pick(lang, "Tinjauan selesai".into(), "Review completed".into()),
                    pick(
                        lang,
                        format!(
                            "Versi {version} untuk {project} telah ditinjau. Lihat komentar peninjau."
                        ),
                        format!(
                            "Version {version} for {project} has been reviewed. See the reviewer's comments."
                        ),
                    ),
                ),
            };
            let mut out = Vec::new();
            if participant_id != reviewer_id {
                out.push(draft(
                    participant_id,
                    NotificationType::System,
                    title,
                    message,
                    link.clone(),
                ));
            }
            if *decision == WblmReviewDecision::Escalate
                && let Some(owner) = ctx
                    .owner_id
                    .as_deref()
                    .filter(|o| o != participant_id && o != reviewer_id)
            {
                out.push(draft(
                    owner,
                    NotificationType::System,
                    pick(lang, "Tinjauan dieskalasi".into(), "Review escalated".into()),
                    pick(
                        lang,
                        format!("Seorang peninjau mengeskalasi versi {version} untuk {project}; mohon tindak lanjuti."),
                        format!("A reviewer escalated version {version} for {project}; please follow up."),
                    ),
                    link,
                ));
            }
            out
        }
        DomainEvent::LessonCompleted { .. } | DomainEvent::Attended { .. } => Vec::new(),
    }
}

/// Whether the reminder of a session starting at `starts_at` is due at `now`: from
/// `session_reminder_minutes` (60) before the start until the start. The job sends each
/// reminder once, keyed by [`reminder_key`].
#[must_use]
pub fn reminder_due(starts_at: DateTime<Utc>, now: DateTime<Utc>, policy: &XapiPolicy) -> bool {
    let lead = Duration::minutes(i64::from(policy.session_reminder_minutes));
    now >= starts_at - lead && now < starts_at
}

/// The reminder job's deduplication key: `session_reminder:{user}:{session}`.
#[must_use]
pub fn reminder_key(user_id: &str, session_id: &str) -> String {
    format!("session_reminder:{user_id}:{session_id}")
}

const DAYS_ID: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The SESSION_REMINDER of one learner. The start is shown in `timezones`' first valid zone
/// (the user's, then the session's), else WIB, with the zone's abbreviation:
/// "Senin, 2 Maret 2026 pukul 09.00 WIB" / "Monday, 2 March 2026 at 09:00 WIB".
#[must_use]
pub fn session_reminder(
    user_id: &str,
    session_id: &str,
    session_title: &str,
    starts_at: DateTime<Utc>,
    timezones: &[Option<&str>],
    lang: Lang,
) -> NotificationDraft {
    let local = starts_at.with_timezone(&resolve_timezone(timezones));
    let weekday = local.weekday().num_days_from_monday() as usize;
    let month = local.month0() as usize;
    let zone = local.format("%Z").to_string();
    let (day_name, month_name) = match lang {
        Lang::Id => (DAYS_ID.get(weekday), MONTHS_ID.get(month)),
        Lang::En => (DAYS_EN.get(weekday), MONTHS_EN.get(month)),
    };
    let (day_name, month_name) = (
        day_name.copied().unwrap_or(""),
        month_name.copied().unwrap_or(""),
    );
    let (d, y, h, m) = (local.day(), local.year(), local.hour(), local.minute());
    let session = named(lang, Some(session_title), "sesi", "session");
    draft(
        user_id,
        NotificationType::SessionReminder,
        pick(lang, "Pengingat sesi".into(), "Session reminder".into()),
        pick(
            lang,
            format!(
                "{session} dimulai {day_name}, {d} {month_name} {y} pukul {h:02}.{m:02} {zone}."
            ),
            format!("{session} starts {day_name}, {d} {month_name} {y} at {h:02}:{m:02} {zone}."),
        )
        .replacen("sesi", "Sesi", 1)
        .replacen("the session", "The session", 1),
        Some(format!("/dashboard/sessions/{session_id}")),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use chrono::TimeZone;

    fn t() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
    }

    fn ctx() -> NotificationContext {
        NotificationContext {
            course_title: Some("Etika ASN".into()),
            course_slug: Some("etika-asn".into()),
            object_title: Some("Kuis Akhir".into()),
            reviewer_ids: vec!["r1".into(), "r2".into(), "r1".into(), "u".into()],
            owner_id: Some("owner".into()),
        }
    }

    #[test]
    fn enrolment_in_both_languages() {
        let e = DomainEvent::Enrolled {
            user_id: "u".into(),
            course_id: "c".into(),
            occurred_at: t(),
        };
        let id = notifications_for(&e, &ctx(), Lang::Id);
        assert_eq!(id.len(), 1);
        assert_eq!(id[0].notification_type, NotificationType::CourseEnrolled);
        assert_eq!(
            id[0].message,
            "Anda telah terdaftar di kursus \"Etika ASN\". Selamat belajar!"
        );
        assert_eq!(id[0].link.as_deref(), Some("/courses/etika-asn"));
        let en = notifications_for(&e, &NotificationContext::default(), Lang::En);
        assert_eq!(
            en[0].message,
            "You are enrolled in this course. Happy learning!"
        );
        assert_eq!(en[0].link, None);
    }

    #[test]
    fn quiz_graded_shows_the_score() {
        let e = DomainEvent::QuizFailed {
            user_id: "u".into(),
            course_id: "c".into(),
            quiz_id: "q".into(),
            attempt_id: "a".into(),
            score: Decimal::new(6550, 2),
            occurred_at: t(),
        };
        let n = notifications_for(&e, &ctx(), Lang::Id);
        assert_eq!(n[0].notification_type, NotificationType::QuizGraded);
        assert!(
            n[0].message
                .starts_with("Nilai Anda untuk kuis \"Kuis Akhir\": 65,5.")
        );
        let n = notifications_for(&e, &ctx(), Lang::En);
        assert!(n[0].message.contains(": 65.5."));
    }

    #[test]
    fn silent_events() {
        let e = DomainEvent::LessonCompleted {
            user_id: "u".into(),
            course_id: "c".into(),
            lesson_id: "l".into(),
            occurred_at: t(),
        };
        assert!(notifications_for(&e, &ctx(), Lang::Id).is_empty());
    }

    #[test]
    fn certificate_badge_and_completion() {
        let cert = DomainEvent::CertificateEarned {
            user_id: "u".into(),
            course_id: "c".into(),
            certificate_id: "x".into(),
            certificate_no: "001/ULP/2026".into(),
            verification_code: "AB12".into(),
            occurred_at: t(),
        };
        let n = notifications_for(&cert, &ctx(), Lang::Id);
        assert_eq!(n[0].notification_type, NotificationType::CertificateIssued);
        assert!(n[0].message.contains("001/ULP/2026"));
        let badge = DomainEvent::BadgeEarned {
            user_id: "u".into(),
            badge_id: "b".into(),
            badge_name: "Rajin".into(),
            occurred_at: t(),
        };
        assert_eq!(
            notifications_for(&badge, &ctx(), Lang::Id)[0].notification_type,
            NotificationType::BadgeEarned
        );
        let done = DomainEvent::CourseCompleted {
            user_id: "u".into(),
            course_id: "c".into(),
            occurred_at: t(),
        };
        assert_eq!(
            notifications_for(&done, &ctx(), Lang::Id)[0].notification_type,
            NotificationType::CourseCompleted
        );
    }

    #[test]
    fn pbgm_submission_goes_to_each_reviewer_once() {
        let e = DomainEvent::PbgmSubmitted {
            user_id: "u".into(),
            program_id: "p".into(),
            milestone_id: "m".into(),
            submission_id: "s".into(),
            version: 3,
            occurred_at: t(),
        };
        let n = notifications_for(&e, &ctx(), Lang::Id);
        let to: Vec<&str> = n.iter().map(|d| d.user_id.as_str()).collect();
        assert_eq!(to, ["r1", "r2"]);
        assert!(
            n.iter()
                .all(|d| d.notification_type == NotificationType::System)
        );
        assert_eq!(n[0].link.as_deref(), Some("/dashboard/wblm/review/s"));
        let no_reviewers = NotificationContext {
            reviewer_ids: vec![],
            ..ctx()
        };
        let n = notifications_for(&e, &no_reviewers, Lang::Id);
        assert_eq!(n[0].user_id, "owner");
    }

    #[test]
    fn pbgm_review_goes_to_the_participant_and_escalation_to_the_owner() {
        let review = |decision| DomainEvent::PbgmReviewed {
            reviewer_id: "r1".into(),
            participant_id: "u".into(),
            program_id: "p".into(),
            milestone_id: "m".into(),
            submission_id: "s".into(),
            review_id: "rv".into(),
            version: 1,
            decision,
            occurred_at: t(),
        };
        let n = notifications_for(&review(WblmReviewDecision::Accept), &ctx(), Lang::Id);
        assert_eq!(n.len(), 1);
        assert_eq!(
            (n[0].user_id.as_str(), n[0].title.as_str()),
            ("u", "Pengumpulan disetujui")
        );
        let n = notifications_for(
            &review(WblmReviewDecision::RequestRevision),
            &ctx(),
            Lang::En,
        );
        assert_eq!(n[0].title, "Revision requested");
        let n = notifications_for(&review(WblmReviewDecision::Escalate), &ctx(), Lang::Id);
        let to: Vec<&str> = n.iter().map(|d| d.user_id.as_str()).collect();
        assert_eq!(to, ["u", "owner"]);
        assert_eq!(n[1].title, "Tinjauan dieskalasi");
    }

    #[test]
    fn session_reminders_in_local_time() {
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap(); // Monday
        let wib = session_reminder("u", "s1", "Kelas Etika", start, &[None], Lang::Id);
        assert_eq!(wib.notification_type, NotificationType::SessionReminder);
        assert_eq!(
            wib.message,
            "Sesi \"Kelas Etika\" dimulai Senin, 2 Maret 2026 pukul 09.00 WIB."
        );
        assert_eq!(wib.link.as_deref(), Some("/dashboard/sessions/s1"));
        let wita = session_reminder(
            "u",
            "s1",
            "Kelas Etika",
            start,
            &[Some("Asia/Makassar")],
            Lang::Id,
        );
        assert!(wita.message.ends_with("pukul 10.00 WITA."));
        let wit = session_reminder(
            "u",
            "s1",
            "Kelas Etika",
            start,
            &[Some("Mars/Base"), Some("Asia/Jayapura")],
            Lang::En,
        );
        assert_eq!(
            wit.message,
            "The session \"Kelas Etika\" starts Monday, 2 March 2026 at 11:00 WIT."
        );

        let p = XapiPolicy::recommended();
        assert!(reminder_due(start, start - Duration::minutes(60), &p));
        assert!(reminder_due(start, start - Duration::minutes(1), &p));
        assert!(!reminder_due(start, start - Duration::minutes(61), &p));
        assert!(!reminder_due(start, start, &p));
        assert_eq!(reminder_key("u", "s1"), "session_reminder:u:s1");
    }

    #[test]
    fn drafts_become_rows() {
        let e = DomainEvent::Enrolled {
            user_id: "u".into(),
            course_id: "c".into(),
            occurred_at: t(),
        };
        let row = notifications_for(&e, &ctx(), Lang::Id)
            .remove(0)
            .into_notification("n1", t());
        assert_eq!(
            (row.id.as_str(), row.is_read, row.created_at),
            ("n1", false, t())
        );
    }
}
