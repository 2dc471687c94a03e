//! Fixtures shared by the Titan benches (see `benches/README.md`).

/// Fixtures of `benches/attendance.rs`.
pub mod attendance {
    use chrono::{DateTime, Duration, Utc};
    use titan_core::model::{Coordinates, CourseSession, SessionType};

    /// A GPS check-in to judge: the session's point and radius, the device and its accuracy.
    #[derive(Debug, Clone, Copy)]
    pub struct GpsCase {
        /// The session's point (Monas, Jakarta).
        pub session_point: Coordinates,
        /// Geofence radius, metres.
        pub radius_m: u32,
        /// The device, about 60 m north: outside the radius, inside it with the accuracy.
        pub device: Coordinates,
        /// Device accuracy, metres.
        pub accuracy_m: Option<f64>,
    }

    /// The geofence edge case: the full accuracy-aware path (distance, then the accuracy band).
    #[must_use]
    pub fn gps_case() -> Option<GpsCase> {
        Some(GpsCase {
            session_point: Coordinates::new(-6.175_392, 106.827_153).ok()?,
            radius_m: 50,
            device: Coordinates::new(-6.174_852, 106.827_153).ok()?,
            accuracy_m: Some(15.0),
        })
    }

    /// `n` weekly sessions of one course, cycling through WIB, WITA and WIT, with locations
    /// that need escaping and descriptions long enough to fold.
    #[must_use]
    pub fn course_sessions(n: usize) -> Vec<CourseSession> {
        let first: DateTime<Utc> = DateTime::UNIX_EPOCH + Duration::days(20_157);
        let zones = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];
        (0..n)
            .map(|i| {
                let start = first + Duration::weeks(i64::try_from(i).unwrap_or(0));
                CourseSession {
                    id: format!("session-{i}"),
                    course_id: "course-1".to_owned(),
                    title: format!("Pertemuan {}: studi kasus, diskusi; refleksi", i + 1),
                    description: Some(
                        "Peserta membawa laptop dan dokumen rencana aksi, lalu berdiskusi dalam kelompok kecil."
                            .to_owned(),
                    ),
                    session_type: SessionType::Classroom,
                    start_time: start,
                    end_time: start + Duration::hours(2),
                    location: Some("Aula BPSDM, Lantai 2\nJl. Merdeka No. 1".to_owned()),
                    latitude: Some(-6.175_392),
                    longitude: Some(106.827_153),
                    radius: Some(50),
                    zoom_meeting_id: None,
                    zoom_join_url: None,
                    stream_url: None,
                    timezone: zones.get(i % zones.len()).map(|z| (*z).to_owned()),
                }
            })
            .collect()
    }
}
