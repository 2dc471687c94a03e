//! VIDEO lessons: crediting watched seconds from player heartbeats, and video completion.
//!
//! Each heartbeat credits `min(Δposition, Δelapsed × 2 + 2)` seconds when
//! `0 < Δposition ≤ 30`, so neither a seek nor a client racing its own clock earns time.
//! Positions and elapsed times are floored to whole seconds, as stored.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::Progress;

use super::{ProgressError, ProgressPolicy, VideoCompletion};

/// The largest forward step, in seconds, that still counts as playing (a longer one is a seek).
pub const MAX_CREDITED_STEP_SECONDS: i64 = 30;

/// The video part of a learner's `Progress` row on a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VideoState {
    /// Credited watched seconds so far.
    pub watched_seconds: i32,
    /// Player position at the last heartbeat; `None` before the first.
    pub last_position: Option<i32>,
    /// Client elapsed seconds at the last heartbeat; `None` before the first.
    pub last_elapsed: Option<i32>,
    /// Whether the lesson is already complete.
    pub is_completed: bool,
}

impl VideoState {
    /// The video state of a `Progress` row.
    #[must_use]
    pub fn of(progress: &Progress) -> Self {
        Self {
            watched_seconds: progress.watched_seconds.unwrap_or(0),
            last_position: progress.last_position,
            last_elapsed: progress.last_elapsed,
            is_completed: progress.is_completed,
        }
    }
}

/// One report from the video player.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Heartbeat {
    /// Player position, seconds from the start of the video.
    pub position_s: f64,
    /// Seconds since this player session started (the client's clock); going backwards means
    /// a new player session.
    pub client_elapsed_s: f64,
    /// Whether the player reported the end of the video.
    pub ended: bool,
}

/// The result of one heartbeat: the new video state and what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeartbeatOutcome {
    /// Credited watched seconds after this heartbeat (never less than before).
    pub watched_seconds: i32,
    /// The new `lastPosition` (always the reported position).
    pub last_position: i32,
    /// The new `lastElapsed`.
    pub last_elapsed: i32,
    /// Seconds credited by this heartbeat.
    pub credited: i32,
    /// Whether this heartbeat was a seek (backwards, or forwards by more than 30 s).
    pub seeked: bool,
    /// Whether the lesson is complete after this heartbeat.
    pub completed: bool,
    /// Whether this heartbeat completed it.
    pub newly_completed: bool,
}

impl HeartbeatOutcome {
    /// `progress` with this outcome written in (`completedAt` = `now` if newly completed).
    #[must_use]
    pub fn apply_to(&self, progress: &Progress, now: DateTime<Utc>) -> Progress {
        let mut next = progress.clone();
        next.watched_seconds = Some(self.watched_seconds);
        next.last_position = Some(self.last_position);
        next.last_elapsed = Some(self.last_elapsed);
        if self.newly_completed {
            next.is_completed = true;
            next.completed_at = Some(now);
        }
        next
    }
}

fn whole_seconds(field: &'static str, value: f64) -> Result<i64, ProgressError> {
    if value.is_finite() && value >= 0.0 && value <= f64::from(i32::MAX) {
        // In range and finite, so the cast is exact after flooring.
        #[allow(clippy::cast_possible_truncation)]
        Ok(value.floor() as i64)
    } else {
        Err(ProgressError::InvalidHeartbeat {
            field,
            value: value.to_string(),
        })
    }
}

fn to_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX })
}

/// Records one heartbeat of a VIDEO lesson.
///
/// `lesson_duration_s` is the lesson's `duration` (seconds); `None` or ≤ 0 means unknown.
/// Credit: `min(Δposition, Δelapsed × 2 + 2)` when `0 < Δposition ≤ 30`, nothing otherwise;
/// the first heartbeat measures from position 0. When `clientElapsedS` goes backwards (or
/// there is no previous one) a new player session began, so Δelapsed is the elapsed time of
/// that session. Watched seconds never exceed a known duration and never decrease.
/// Completion (`watched_share`): watched ≥ `video_completion_percent` of a known duration, or
/// the player's `ended` when the duration is unknown; (`ended_only`, *legacy*): `ended`. A
/// completed lesson stays completed.
///
/// # Errors
/// [`ProgressError::InvalidHeartbeat`] for a negative, non-finite or huge position or elapsed.
pub fn record_heartbeat(
    state: &VideoState,
    lesson_duration_s: Option<i32>,
    heartbeat: &Heartbeat,
    policy: &ProgressPolicy,
) -> Result<HeartbeatOutcome, ProgressError> {
    let position = whole_seconds("positionS", heartbeat.position_s)?;
    let elapsed = whole_seconds("clientElapsedS", heartbeat.client_elapsed_s)?;
    let duration = lesson_duration_s.filter(|d| *d > 0).map(i64::from);
    let previous_watched = i64::from(state.watched_seconds.max(0));

    let step = position - i64::from(state.last_position.unwrap_or(0));
    let elapsed_step = match state.last_elapsed {
        Some(last) if elapsed >= i64::from(last) => elapsed - i64::from(last),
        // A new player session: its whole elapsed time is new.
        _ => elapsed,
    };
    let seeked = !(0..=MAX_CREDITED_STEP_SECONDS).contains(&step);
    let raw_credit = if step > 0 && !seeked {
        step.min(elapsed_step.saturating_mul(2).saturating_add(2))
    } else {
        0
    };
    let mut watched = previous_watched.saturating_add(raw_credit);
    if let Some(d) = duration {
        // Clamp to the duration, but never below what was already credited.
        watched = watched.min(d).max(previous_watched);
    }
    let watched = to_i32(watched);
    let credited = to_i32(i64::from(watched) - previous_watched);

    let reached = match (policy.video_completion, duration) {
        (VideoCompletion::EndedOnly, _) | (VideoCompletion::WatchedShare, None) => heartbeat.ended,
        (VideoCompletion::WatchedShare, Some(d)) => {
            Decimal::from(watched) * Decimal::ONE_HUNDRED
                >= policy.video_completion_percent * Decimal::from(d)
        }
    };
    let completed = state.is_completed || reached;
    Ok(HeartbeatOutcome {
        watched_seconds: watched,
        last_position: to_i32(position),
        last_elapsed: to_i32(elapsed),
        credited,
        seeked,
        completed,
        newly_completed: completed && !state.is_completed,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::error::ErrorCode;

    fn beat(position_s: f64, client_elapsed_s: f64) -> Heartbeat {
        Heartbeat {
            position_s,
            client_elapsed_s,
            ended: false,
        }
    }

    fn at(watched: i32, position: i32, elapsed: i32) -> VideoState {
        VideoState {
            watched_seconds: watched,
            last_position: Some(position),
            last_elapsed: Some(elapsed),
            is_completed: false,
        }
    }

    fn rec() -> ProgressPolicy {
        ProgressPolicy::recommended()
    }

    #[test]
    fn playing_credits_the_position_step() {
        let out =
            record_heartbeat(&at(100, 100, 100), Some(600), &beat(110.0, 110.0), &rec()).unwrap();
        assert_eq!(out.credited, 10);
        assert_eq!(out.watched_seconds, 110);
        assert_eq!((out.last_position, out.last_elapsed), (110, 110));
        assert!(!out.seeked && !out.completed);
    }

    #[test]
    fn the_first_heartbeat_measures_from_zero() {
        let out =
            record_heartbeat(&VideoState::default(), Some(600), &beat(10.7, 10.2), &rec()).unwrap();
        assert_eq!(
            (out.credited, out.last_position, out.last_elapsed),
            (10, 10, 10)
        );
    }

    #[test]
    fn fast_playback_is_bounded_by_elapsed_time() {
        // 30 s of video in 5 s of wall time (a 6× rate) earns 5 × 2 + 2 = 12.
        let out = record_heartbeat(&at(0, 0, 100), Some(600), &beat(30.0, 105.0), &rec()).unwrap();
        assert_eq!(out.credited, 12);
    }

    #[test]
    fn seeks_earn_nothing_but_move_the_position() {
        let back =
            record_heartbeat(&at(50, 200, 200), Some(600), &beat(100.0, 210.0), &rec()).unwrap();
        assert_eq!(
            (back.credited, back.seeked, back.last_position),
            (0, true, 100)
        );
        let jump =
            record_heartbeat(&at(50, 200, 200), Some(600), &beat(231.0, 240.0), &rec()).unwrap();
        assert_eq!(
            (jump.credited, jump.seeked, jump.last_position),
            (0, true, 231)
        );
        let edge =
            record_heartbeat(&at(50, 200, 200), Some(600), &beat(230.0, 230.0), &rec()).unwrap();
        assert_eq!((edge.credited, edge.seeked), (30, false));
        let paused =
            record_heartbeat(&at(50, 200, 200), Some(600), &beat(200.0, 230.0), &rec()).unwrap();
        assert_eq!((paused.credited, paused.seeked), (0, false));
    }

    #[test]
    fn a_new_player_session_counts_its_own_elapsed_time() {
        // The learner reopened the lesson: elapsed restarted from 0, the player resumed at 300.
        let out =
            record_heartbeat(&at(300, 300, 900), Some(600), &beat(310.0, 10.0), &rec()).unwrap();
        assert_eq!((out.credited, out.last_elapsed), (10, 10));
    }

    #[test]
    fn watched_is_clamped_to_the_duration() {
        let out =
            record_heartbeat(&at(595, 595, 595), Some(600), &beat(620.0, 620.0), &rec()).unwrap();
        assert_eq!((out.watched_seconds, out.credited), (600, 5));
        // Legacy rows above the duration are never lowered.
        let out = record_heartbeat(&at(700, 10, 10), Some(600), &beat(20.0, 20.0), &rec()).unwrap();
        assert_eq!((out.watched_seconds, out.credited), (700, 0));
    }

    #[test]
    fn completes_at_ninety_percent_of_the_duration() {
        let out =
            record_heartbeat(&at(530, 530, 530), Some(600), &beat(539.0, 539.0), &rec()).unwrap();
        assert!(!out.completed);
        let out =
            record_heartbeat(&at(530, 530, 530), Some(600), &beat(540.0, 540.0), &rec()).unwrap();
        assert!(out.completed && out.newly_completed);
    }

    #[test]
    fn ended_alone_does_not_complete_a_video_of_known_duration() {
        let hb = Heartbeat {
            ended: true,
            ..beat(600.0, 20.0)
        };
        let out = record_heartbeat(&at(10, 10, 10), Some(600), &hb, &rec()).unwrap();
        assert!(!out.completed);
        // Unknown duration: ended completes.
        for unknown in [None, Some(0), Some(-3)] {
            let out = record_heartbeat(&at(10, 10, 10), unknown, &hb, &rec()).unwrap();
            assert!(out.completed && out.newly_completed);
        }
    }

    #[test]
    fn legacy_completes_on_ended_only() {
        let legacy = ProgressPolicy::legacy();
        let out =
            record_heartbeat(&at(590, 590, 590), Some(600), &beat(599.0, 599.0), &legacy).unwrap();
        assert!(!out.completed);
        let hb = Heartbeat {
            ended: true,
            ..beat(600.0, 20.0)
        };
        let out = record_heartbeat(&at(0, 0, 0), Some(600), &hb, &legacy).unwrap();
        assert!(out.completed);
    }

    #[test]
    fn completion_is_never_undone() {
        let mut done = at(600, 600, 600);
        done.is_completed = true;
        let out = record_heartbeat(&done, Some(600), &beat(0.0, 601.0), &rec()).unwrap();
        assert!(out.completed && !out.newly_completed);
    }

    #[test]
    fn bad_values_are_refused() {
        for (pos, el, field) in [
            (-1.0, 0.0, "positionS"),
            (f64::NAN, 0.0, "positionS"),
            (f64::INFINITY, 0.0, "positionS"),
            (1e12, 0.0, "positionS"),
            (0.0, -0.5, "clientElapsedS"),
            (0.0, f64::NAN, "clientElapsedS"),
        ] {
            let err =
                record_heartbeat(&VideoState::default(), None, &beat(pos, el), &rec()).unwrap_err();
            assert_eq!(err.code(), "PROGRESS_INVALID_HEARTBEAT");
            assert!(matches!(err, ProgressError::InvalidHeartbeat { field: f, .. } if f == field));
        }
    }

    #[test]
    fn apply_to_writes_the_row() {
        let now = chrono::DateTime::<Utc>::UNIX_EPOCH;
        let row = Progress::new("p", "u", "l", now);
        let out = HeartbeatOutcome {
            watched_seconds: 5,
            last_position: 6,
            last_elapsed: 7,
            credited: 5,
            seeked: false,
            completed: true,
            newly_completed: true,
        };
        let next = out.apply_to(&row, now);
        assert_eq!(next.watched_seconds, Some(5));
        assert_eq!(next.last_position, Some(6));
        assert_eq!(next.last_elapsed, Some(7));
        assert!(next.is_completed);
        assert_eq!(next.completed_at, Some(now));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn heartbeat_sequences_are_monotonic_and_bounded(
            duration in prop::option::of(1_i32..4000),
            beats in prop::collection::vec((0.0_f64..5000.0, 0.0_f64..5000.0, any::<bool>()), 1..40),
            legacy in any::<bool>(),
        ) {
            let policy = if legacy { ProgressPolicy::legacy() } else { rec() };
            let mut state = VideoState::default();
            for (position_s, client_elapsed_s, ended) in beats {
                let hb = Heartbeat { position_s, client_elapsed_s, ended };
                let out = record_heartbeat(&state, duration, &hb, &policy).unwrap();
                prop_assert!(out.watched_seconds >= state.watched_seconds);
                prop_assert!(out.credited >= 0 && out.credited <= 30);
                if let Some(d) = duration {
                    prop_assert!(out.watched_seconds <= d);
                }
                if state.is_completed {
                    prop_assert!(out.completed && !out.newly_completed);
                }
                state = VideoState {
                    watched_seconds: out.watched_seconds,
                    last_position: Some(out.last_position),
                    last_elapsed: Some(out.last_elapsed),
                    is_completed: out.completed,
                };
            }
        }
    }
}
