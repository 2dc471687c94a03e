//! The session's status machine and the plan of the course a finalised session creates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CurationError, CurationPolicy, FinalizedCourse};
use crate::model::{
    ContentType, Course, CurationStatus, DeliveryMode, Difficulty, Lesson, Module,
    YtCurationCandidate, YtCurationSession,
};

/// The one status that may follow `status`, or `None` for finalized (final).
fn next_status(status: CurationStatus) -> Option<CurationStatus> {
    match status {
        CurationStatus::Searching => Some(CurationStatus::Scoring),
        CurationStatus::Scoring => Some(CurationStatus::Ready),
        CurationStatus::Ready => Some(CurationStatus::Finalized),
        CurationStatus::Finalized => None,
    }
}

/// Checks a status change: searching → scoring → ready → finalized, one step at a time;
/// finalized is final and staying put is not a change.
///
/// # Errors
/// [`CurationError::InvalidTransition`] naming the current and the asked status.
pub fn transition(
    from: CurationStatus,
    to: CurationStatus,
) -> Result<CurationStatus, CurationError> {
    if next_status(from) == Some(to) {
        Ok(to)
    } else {
        Err(CurationError::InvalidTransition { from, to })
    }
}

/// The session moved to `to`, with `updatedAt = now` (and `processedAt = now` when finalised).
///
/// # Errors
/// As [`transition`].
pub fn advance_session(
    session: &YtCurationSession,
    to: CurationStatus,
    now: DateTime<Utc>,
) -> Result<YtCurationSession, CurationError> {
    let status = transition(session.status, to)?;
    Ok(YtCurationSession {
        status,
        updated_at: Some(now),
        processed_at: if status == CurationStatus::Finalized {
            Some(now)
        } else {
            session.processed_at
        },
        ..session.clone()
    })
}

/// The course difficulty for a session's free-text level: beginner / pemula / dasar →
/// BEGINNER, intermediate / menengah → INTERMEDIATE, advanced / lanjutan / mahir → ADVANCED
/// (case-insensitive, on the first word that matches); anything else, "All levels" included,
/// → BEGINNER. (*legacy*: the app upper-cased the level, which fails for "All levels".)
#[must_use]
pub fn difficulty_for_level(level: Option<&str>) -> Difficulty {
    let level = level.unwrap_or("").to_lowercase();
    let words = level.split(|c: char| !c.is_alphanumeric());
    for word in words {
        match word {
            "beginner" | "pemula" | "dasar" => return Difficulty::Beginner,
            "intermediate" | "menengah" => return Difficulty::Intermediate,
            "advanced" | "lanjutan" | "lanjut" | "mahir" => return Difficulty::Advanced,
            _ => {}
        }
    }
    Difficulty::Beginner
}

/// The new ids a finalisation needs (the caller's id generator makes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalizationIds {
    /// The course.
    pub course_id: String,
    /// Its one module.
    pub module_id: String,
    /// One per selected candidate, in playlist order (extra ids are ignored).
    pub lesson_ids: Vec<String>,
}

/// What finalising a session writes, in one transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalizationPlan {
    /// The session, now finalized.
    pub session: YtCurationSession,
    /// The course: title "Kursus: {topic}", ASYNC_ONLINE, `ytPlaylistId = curation-{sessionId}`.
    /// Its `slug` is left empty: the caller makes it with the catalog's slug rule.
    pub course: Course,
    /// The category the caller files the course under ("AI Curated").
    pub category_name: String,
    /// The one module, "Materi Kurasi".
    pub module: Module,
    /// One VIDEO lesson per selected candidate, in playlist order.
    pub lessons: Vec<Lesson>,
    /// Sum of the lessons' durations, seconds.
    pub total_duration_seconds: i64,
}

/// Plans the finalisation of a `ready` session: its selected candidates (`selected = true`,
/// this session's only), ordered by `orderInPlaylist` (missing orders last), then input order.
///
/// # Errors
/// [`CurationError::InvalidTransition`] unless the session is ready;
/// [`CurationError::NothingSelected`]; [`CurationError::NotEnoughIds`].
pub fn plan_finalization(
    session: &YtCurationSession,
    candidates: &[YtCurationCandidate],
    ids: &FinalizationIds,
    instructor_id: &str,
    now: DateTime<Utc>,
    policy: &CurationPolicy,
) -> Result<FinalizationPlan, CurationError> {
    let finalized = advance_session(session, CurationStatus::Finalized, now)?;
    let mut selected: Vec<&YtCurationCandidate> = candidates
        .iter()
        .filter(|c| c.selected == Some(true) && c.session_id == session.id)
        .collect();
    if selected.is_empty() {
        return Err(CurationError::NothingSelected);
    }
    if ids.lesson_ids.len() < selected.len() {
        return Err(CurationError::NotEnoughIds {
            needed: selected.len(),
            given: ids.lesson_ids.len(),
        });
    }
    // A stable sort keeps the input order among equal (or missing) orders.
    selected.sort_by_key(|c| (c.order_in_playlist.is_none(), c.order_in_playlist));

    let lessons: Vec<Lesson> = (1_i32..)
        .zip(selected.iter().zip(&ids.lesson_ids))
        .map(|(order, (c, id))| {
            let mut lesson = Lesson::new(
                id.clone(),
                ids.module_id.clone(),
                c.video_title.clone(),
                order,
                ContentType::Video,
                now,
            );
            lesson.description = c.ai_summary.clone();
            lesson.video_url = Some(
                c.video_url
                    .clone()
                    .unwrap_or_else(|| format!("https://www.youtube.com/watch?v={}", c.video_id)),
            );
            lesson.yt_video_id = Some(c.video_id.clone());
            lesson.duration = c.duration_seconds.filter(|d| *d > 0);
            lesson
        })
        .collect();
    let total_seconds: i64 = lessons
        .iter()
        .filter_map(|l| l.duration)
        .map(i64::from)
        .sum();
    // Minutes, rounded half up.
    let minutes = i32::try_from((total_seconds + 30) / 60).unwrap_or(i32::MAX);

    let topic = session.topic.trim();
    let mut course = Course::new(
        ids.course_id.clone(),
        format!("Kursus: {topic}"),
        String::new(),
        format!(
            "Kursus hasil kurasi {} video YouTube tentang {topic}.",
            lessons.len()
        ),
        instructor_id,
    );
    course.delivery_mode = DeliveryMode::AsyncOnline;
    course.difficulty = difficulty_for_level(session.level.as_deref());
    course.is_published = policy.finalized_course == FinalizedCourse::Published;
    course.duration = Some(minutes);
    course.yt_playlist_id = Some(format!("curation-{}", session.id));

    let module = Module {
        id: ids.module_id.clone(),
        course_id: ids.course_id.clone(),
        title: "Materi Kurasi".to_owned(),
        description: None,
        order: 1,
        duration: Some(minutes),
        created_at: now,
        updated_at: now,
    };

    Ok(FinalizationPlan {
        session: finalized,
        course,
        category_name: "AI Curated".to_owned(),
        module,
        lessons,
        total_duration_seconds: total_seconds,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::error::ErrorCode;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
    }

    fn ready_session() -> YtCurationSession {
        let mut s = YtCurationSession::new("s1", "uuid-1", " Etika ASN ", now());
        s.status = CurationStatus::Ready;
        s
    }

    fn cand(id: &str, selected: bool, order: Option<i32>) -> YtCurationCandidate {
        serde_json::from_value(serde_json::json!({
            "id": id, "sessionId": "s1", "videoId": format!("yt{id}"), "videoTitle": format!("Video {id}"),
            "durationSeconds": 600, "selected": selected, "orderInPlaylist": order
        }))
        .unwrap()
    }

    fn ids(n: usize) -> FinalizationIds {
        FinalizationIds {
            course_id: "course-1".into(),
            module_id: "module-1".into(),
            lesson_ids: (1..=n).map(|i| format!("lesson-{i}")).collect(),
        }
    }

    #[test]
    fn status_machine_allows_only_the_next_step() {
        use CurationStatus::*;
        assert_eq!(transition(Searching, Scoring), Ok(Scoring));
        assert_eq!(transition(Scoring, Ready), Ok(Ready));
        assert_eq!(transition(Ready, Finalized), Ok(Finalized));
        for (from, to) in [
            (Searching, Ready),
            (Searching, Finalized),
            (Scoring, Scoring),
            (Ready, Searching),
            (Finalized, Searching),
            (Finalized, Finalized),
        ] {
            let err = transition(from, to).unwrap_err();
            assert_eq!(err.code(), "CURATION_INVALID_TRANSITION");
            assert_eq!(err, CurationError::InvalidTransition { from, to });
        }
    }

    #[test]
    fn advance_stamps_times() {
        let s = YtCurationSession::new("s1", "u", "t", now());
        let later = now() + chrono::Duration::minutes(5);
        let scoring = advance_session(&s, CurationStatus::Scoring, later).unwrap();
        assert_eq!(scoring.updated_at, Some(later));
        assert_eq!(scoring.processed_at, None);
    }

    #[test]
    fn levels_map_to_difficulties() {
        assert_eq!(
            difficulty_for_level(Some("All levels")),
            Difficulty::Beginner
        );
        assert_eq!(difficulty_for_level(None), Difficulty::Beginner);
        assert_eq!(
            difficulty_for_level(Some("Intermediate")),
            Difficulty::Intermediate
        );
        assert_eq!(
            difficulty_for_level(Some("Tingkat Menengah")),
            Difficulty::Intermediate
        );
        assert_eq!(difficulty_for_level(Some("ADVANCED")), Difficulty::Advanced);
    }

    #[test]
    fn plans_course_module_and_lessons_in_playlist_order() {
        let cands = [
            cand("a", true, Some(2)),
            cand("b", false, None),
            cand("c", true, Some(1)),
            cand("d", true, None),
        ];
        let plan = plan_finalization(
            &ready_session(),
            &cands,
            &ids(3),
            "instr-1",
            now(),
            &CurationPolicy::recommended(),
        )
        .unwrap();
        assert_eq!(plan.session.status, CurationStatus::Finalized);
        assert_eq!(plan.session.processed_at, Some(now()));
        assert_eq!(plan.course.title, "Kursus: Etika ASN");
        assert_eq!(plan.course.slug, "");
        assert_eq!(plan.course.delivery_mode, DeliveryMode::AsyncOnline);
        assert!(!plan.course.is_published);
        assert_eq!(plan.course.yt_playlist_id.as_deref(), Some("curation-s1"));
        assert_eq!(plan.course.duration, Some(30));
        assert_eq!(plan.module.title, "Materi Kurasi");
        let order: Vec<(&str, i32)> = plan
            .lessons
            .iter()
            .map(|l| (l.yt_video_id.as_deref().unwrap(), l.order))
            .collect();
        assert_eq!(order, [("ytc", 1), ("yta", 2), ("ytd", 3)]);
        assert_eq!(plan.lessons[0].content_type, ContentType::Video);
        assert_eq!(
            plan.lessons[0].video_url.as_deref(),
            Some("https://www.youtube.com/watch?v=ytc")
        );
        assert_eq!(plan.lessons[0].duration, Some(600));
        assert_eq!(plan.lessons[0].module_id, "module-1");
    }

    #[test]
    fn legacy_publishes_at_once() {
        let plan = plan_finalization(
            &ready_session(),
            &[cand("a", true, Some(1))],
            &ids(1),
            "i",
            now(),
            &CurationPolicy::legacy(),
        )
        .unwrap();
        assert!(plan.course.is_published);
    }

    #[test]
    fn refusals() {
        let p = CurationPolicy::recommended();
        let err = plan_finalization(
            &ready_session(),
            &[cand("a", false, None)],
            &ids(1),
            "i",
            now(),
            &p,
        )
        .unwrap_err();
        assert_eq!(err.code(), "CURATION_NOTHING_SELECTED");
        let err = plan_finalization(
            &ready_session(),
            &[cand("a", true, None), cand("b", true, None)],
            &ids(1),
            "i",
            now(),
            &p,
        )
        .unwrap_err();
        assert_eq!(
            err,
            CurationError::NotEnoughIds {
                needed: 2,
                given: 1
            }
        );
        let mut scoring = ready_session();
        scoring.status = CurationStatus::Scoring;
        let err = plan_finalization(&scoring, &[cand("a", true, None)], &ids(1), "i", now(), &p)
            .unwrap_err();
        assert_eq!(err.code(), "CURATION_INVALID_TRANSITION");
    }
}
