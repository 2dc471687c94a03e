//! GPS check-in: haversine distance and the geofence verdict. Allocation-free.

use serde::{Deserialize, Serialize};

use super::error::AttendanceError;
use super::policy::{AttendancePolicy, GpsMode};
use crate::model::{Coordinates, CourseSession};

/// Mean Earth radius (IUGG), metres. The original app used 6 371 000 m: 1.4 ppm less, a
/// sub-millimetre difference at geofence scales, so legacy keeps this value too.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two points (haversine on [`EARTH_RADIUS_M`]).
///
/// Symmetric, never negative, 0 for identical points and finite for every valid
/// [`Coordinates`]; crossing the antimeridian takes the short way.
#[must_use]
pub fn haversine_m(a: Coordinates, b: Coordinates) -> f64 {
    let (lat_a, lat_b) = (a.latitude().to_radians(), b.latitude().to_radians());
    // abs() makes the result exactly symmetric whatever the libm does with signs.
    let d_lat = (b.latitude() - a.latitude()).abs().to_radians();
    let d_lon = (b.longitude() - a.longitude()).abs().to_radians();
    let s_lat = (d_lat / 2.0).sin();
    let s_lon = (d_lon / 2.0).sin();
    // Plain arithmetic: `mul_add` is a slow libm call on targets without FMA.
    let h = s_lat * s_lat + lat_a.cos() * lat_b.cos() * s_lon * s_lon;
    // Rounding can push h a hair outside [0, 1] for antipodal points; asin would give NaN.
    2.0 * EARTH_RADIUS_M * h.clamp(0.0, 1.0).sqrt().asin()
}

/// Why an accepted GPS check-in is marked for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlagReason {
    /// The device reported an accuracy worse than `max_accuracy_m`.
    LowAccuracy,
    /// The position is outside the radius, but within it once the accuracy is allowed for.
    NearBoundary,
}

/// Where the device stands with respect to the geofence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GeofenceOutcome {
    /// Within the radius: accepted.
    Inside,
    /// Accepted, but marked for review.
    Flagged {
        /// Why.
        reason: FlagReason,
    },
}

/// An accepted GPS position: the outcome and the distance behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GpsVerdict {
    /// Inside, or flagged with a reason.
    pub outcome: GeofenceOutcome,
    /// Distance from the session's point, metres (unrounded).
    pub distance_m: f64,
}

impl GpsVerdict {
    /// Whether the check-in is marked for review.
    #[must_use]
    pub const fn is_flagged(&self) -> bool {
        matches!(self.outcome, GeofenceOutcome::Flagged { .. })
    }
}

/// Judges a device position against a session's geofence (SPEC §5 GPS).
///
/// `accuracy_aware`: accuracy `a` > `max_accuracy_m` → flagged whatever the distance; else
/// inside when distance ≤ radius, flagged when distance − `a` ≤ radius, else refused. A missing
/// accuracy counts as 0 (no benefit of the doubt). `strict_radius` (*legacy*): distance ≤ radius,
/// accuracy ignored.
///
/// # Errors
/// - [`AttendanceError::InvalidSession`] when `radius_m` is 0;
/// - [`AttendanceError::InvalidAccuracy`] for a negative or non-finite accuracy (`accuracy_aware`);
/// - [`AttendanceError::OutsideGeofence`] with the rounded distance and the radius.
pub fn gps_verdict(
    session_point: Coordinates,
    radius_m: u32,
    device: Coordinates,
    accuracy_m: Option<f64>,
    policy: &AttendancePolicy,
) -> Result<GpsVerdict, AttendanceError> {
    if radius_m == 0 {
        return Err(AttendanceError::InvalidSession {
            field: "radius",
            problem: "must be greater than 0",
        });
    }
    let distance_m = haversine_m(session_point, device);
    let radius = f64::from(radius_m);
    let verdict = |outcome| {
        Ok(GpsVerdict {
            outcome,
            distance_m,
        })
    };
    let refuse = |accuracy_m| {
        Err(AttendanceError::OutsideGeofence {
            distance_m: rounded_metres(distance_m),
            radius_m,
            accuracy_m,
        })
    };
    match policy.gps_mode {
        GpsMode::StrictRadius => {
            if distance_m <= radius {
                verdict(GeofenceOutcome::Inside)
            } else {
                refuse(None)
            }
        }
        GpsMode::AccuracyAware => {
            let accuracy = accuracy_m.unwrap_or(0.0);
            if !accuracy.is_finite() || accuracy < 0.0 {
                return Err(AttendanceError::InvalidAccuracy {
                    accuracy_m: accuracy,
                });
            }
            if accuracy > policy.max_accuracy_m {
                verdict(GeofenceOutcome::Flagged {
                    reason: FlagReason::LowAccuracy,
                })
            } else if distance_m <= radius {
                verdict(GeofenceOutcome::Inside)
            } else if distance_m - accuracy <= radius {
                verdict(GeofenceOutcome::Flagged {
                    reason: FlagReason::NearBoundary,
                })
            } else {
                refuse(accuracy_m)
            }
        }
    }
}

/// The session's geofence: its point and radius.
///
/// # Errors
/// - [`AttendanceError::GpsNotConfigured`] naming the first of latitude, longitude, radius that
///   is missing (0 is a valid coordinate);
/// - [`AttendanceError::InvalidSession`] when a coordinate is out of range or the radius ≤ 0.
pub fn session_geofence(session: &CourseSession) -> Result<(Coordinates, u32), AttendanceError> {
    let missing = |field| AttendanceError::GpsNotConfigured { field };
    let latitude = session.latitude.ok_or_else(|| missing("latitude"))?;
    let longitude = session.longitude.ok_or_else(|| missing("longitude"))?;
    let radius = session.radius.ok_or_else(|| missing("radius"))?;
    let point = session_point(latitude, longitude)?;
    let radius =
        u32::try_from(radius)
            .ok()
            .filter(|r| *r > 0)
            .ok_or(AttendanceError::InvalidSession {
                field: "radius",
                problem: "must be greater than 0",
            })?;
    Ok((point, radius))
}

/// Validates a session's stored coordinates.
pub(crate) fn session_point(latitude: f64, longitude: f64) -> Result<Coordinates, AttendanceError> {
    Coordinates::new(latitude, longitude).map_err(|_| AttendanceError::InvalidSession {
        field: if latitude.is_finite() && (-90.0..=90.0).contains(&latitude) {
            "longitude"
        } else {
            "latitude"
        },
        problem: "out of range or not a finite number",
    })
}

/// Whole metres, half away from zero; distances are finite and below 2.1e7 m.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn rounded_metres(distance_m: f64) -> u64 {
    // `as` saturates (NaN → 0), so this never panics even if the invariant broke.
    distance_m.round() as u64
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pt(lat: f64, lon: f64) -> Coordinates {
        Coordinates::new(lat, lon).unwrap()
    }

    const MONAS: (f64, f64) = (-6.175_392, 106.827_153);

    #[test]
    fn known_distances() {
        // One degree of longitude on the equator = 2πR/360.
        let d = haversine_m(pt(0.0, 0.0), pt(0.0, 1.0));
        assert!((d - 111_195.08).abs() < 0.01, "{d}");
        // Pole to pole = πR.
        let d = haversine_m(pt(90.0, 0.0), pt(-90.0, 0.0));
        assert!((d - std::f64::consts::PI * EARTH_RADIUS_M).abs() < 1e-6);
        assert_eq!(haversine_m(pt(MONAS.0, MONAS.1), pt(MONAS.0, MONAS.1)), 0.0);
    }

    #[test]
    fn antimeridian_takes_the_short_way() {
        let d = haversine_m(pt(0.0, 179.9995), pt(0.0, -179.9995));
        assert!((d - 111.195).abs() < 0.001, "{d}");
        let d = haversine_m(pt(-8.5, 180.0), pt(-8.5, -180.0));
        assert!(d < 1e-6, "{d}");
    }

    #[test]
    fn zero_is_a_valid_coordinate() {
        let p = recommended();
        let v = gps_verdict(pt(0.0, 0.0), 50, pt(0.0, 0.0002), Some(5.0), &p).unwrap();
        assert_eq!(v.outcome, GeofenceOutcome::Inside);
    }

    fn recommended() -> AttendancePolicy {
        AttendancePolicy::recommended()
    }

    fn north_of_monas(metres: f64) -> Coordinates {
        // 1 m of latitude = 180 / (πR) degrees.
        let deg = metres * 180.0 / (std::f64::consts::PI * EARTH_RADIUS_M);
        pt(MONAS.0 + deg, MONAS.1)
    }

    #[test]
    fn accuracy_aware_verdicts() {
        let (p, centre) = (recommended(), pt(MONAS.0, MONAS.1));
        let v = gps_verdict(centre, 50, north_of_monas(49.0), Some(10.0), &p).unwrap();
        assert_eq!(v.outcome, GeofenceOutcome::Inside);
        let v = gps_verdict(centre, 50, north_of_monas(55.0), Some(10.0), &p).unwrap();
        assert_eq!(
            v.outcome,
            GeofenceOutcome::Flagged {
                reason: FlagReason::NearBoundary
            }
        );
        let v = gps_verdict(centre, 50, north_of_monas(5_000.0), Some(150.0), &p).unwrap();
        assert_eq!(
            v.outcome,
            GeofenceOutcome::Flagged {
                reason: FlagReason::LowAccuracy
            }
        );
        // Exactly at max accuracy is not "worse than" it.
        let e = gps_verdict(centre, 50, north_of_monas(500.0), Some(100.0), &p).unwrap_err();
        assert_eq!(
            e,
            AttendanceError::OutsideGeofence {
                distance_m: 500,
                radius_m: 50,
                accuracy_m: Some(100.0)
            }
        );
        let e = gps_verdict(centre, 50, north_of_monas(70.0), None, &p).unwrap_err();
        assert!(matches!(
            e,
            AttendanceError::OutsideGeofence { distance_m: 70, .. }
        ));
    }

    #[test]
    fn bad_accuracy_is_refused() {
        let (p, c) = (recommended(), pt(MONAS.0, MONAS.1));
        for a in [-1.0, f64::NAN, f64::INFINITY] {
            let e = gps_verdict(c, 50, c, Some(a), &p).unwrap_err();
            assert!(matches!(e, AttendanceError::InvalidAccuracy { .. }));
        }
        assert!(matches!(
            gps_verdict(c, 0, c, None, &p),
            Err(AttendanceError::InvalidSession {
                field: "radius",
                ..
            })
        ));
    }

    #[test]
    fn legacy_is_strict_radius_without_accuracy() {
        let (p, c) = (AttendancePolicy::legacy(), pt(MONAS.0, MONAS.1));
        let v = gps_verdict(c, 50, north_of_monas(50.0 - 1e-6), Some(f64::NAN), &p).unwrap();
        assert_eq!(v.outcome, GeofenceOutcome::Inside);
        let e = gps_verdict(c, 50, north_of_monas(55.0), Some(10.0), &p).unwrap_err();
        assert_eq!(
            e,
            AttendanceError::OutsideGeofence {
                distance_m: 55,
                radius_m: 50,
                accuracy_m: None
            }
        );
        let e = gps_verdict(c, 50, north_of_monas(5_000.0), Some(500.0), &p).unwrap_err();
        assert!(matches!(e, AttendanceError::OutsideGeofence { .. }));
    }

    fn session(lat: Option<f64>, lon: Option<f64>, radius: Option<i32>) -> CourseSession {
        let mut s = super::super::tests_support::session();
        s.latitude = lat;
        s.longitude = lon;
        s.radius = radius;
        s
    }

    #[test]
    fn geofence_needs_all_three_fields() {
        let cases = [
            (session(None, Some(1.0), Some(5)), "latitude"),
            (session(Some(1.0), None, Some(5)), "longitude"),
            (session(Some(1.0), Some(1.0), None), "radius"),
        ];
        for (s, field) in cases {
            assert_eq!(
                session_geofence(&s),
                Err(AttendanceError::GpsNotConfigured { field })
            );
        }
        assert_eq!(
            session_geofence(&session(Some(0.0), Some(0.0), Some(5))),
            Ok((pt(0.0, 0.0), 5))
        );
        assert!(matches!(
            session_geofence(&session(Some(0.0), Some(0.0), Some(-5))),
            Err(AttendanceError::InvalidSession {
                field: "radius",
                ..
            })
        ));
        assert!(matches!(
            session_geofence(&session(Some(0.0), Some(181.0), Some(5))),
            Err(AttendanceError::InvalidSession {
                field: "longitude",
                ..
            })
        ));
        assert!(matches!(
            session_geofence(&session(Some(f64::NAN), Some(1.0), Some(5))),
            Err(AttendanceError::InvalidSession {
                field: "latitude",
                ..
            })
        ));
    }

    fn any_point() -> impl Strategy<Value = Coordinates> {
        (-90.0f64..=90.0, -180.0f64..=180.0).prop_map(|(a, b)| pt(a, b))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn haversine_is_a_sane_metric(a in any_point(), b in any_point()) {
            let d = haversine_m(a, b);
            prop_assert!(d.is_finite());
            prop_assert!(d >= 0.0);
            prop_assert!(d <= std::f64::consts::PI * EARTH_RADIUS_M + 1e-6);
            prop_assert_eq!(d.to_bits(), haversine_m(b, a).to_bits());
            prop_assert_eq!(haversine_m(a, a), 0.0);
        }

        #[test]
        fn verdict_never_panics(
            a in any_point(),
            b in any_point(),
            radius in any::<u32>(),
            accuracy in proptest::option::of(any::<f64>()),
            legacy in any::<bool>(),
        ) {
            let p = if legacy { AttendancePolicy::legacy() } else { recommended() };
            match gps_verdict(a, radius, b, accuracy, &p) {
                Ok(v) => prop_assert!(v.distance_m.is_finite()),
                Err(e) => prop_assert!(!crate::error::ErrorCode::code(&e).is_empty()),
            }
        }
    }
}
