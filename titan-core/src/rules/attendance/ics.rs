//! iCalendar (RFC 5545) export of a course's sessions.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use super::gps::session_point;
use crate::model::CourseSession;
use crate::rules::common::resolve_timezone;

/// Longest physical line in octets, excluding the CRLF (RFC 5545 §3.1).
pub const ICS_MAX_LINE_OCTETS: usize = 75;

/// Renders a course's sessions as an iCalendar document (RFC 5545): one VEVENT per session,
/// times in the session's timezone (else `Asia/Jakarta`) with a VTIMEZONE for each zone used,
/// CRLF line endings, lines folded at 75 octets, TEXT values escaped.
///
/// A zone whose UTC offset is the same at every session of it and through their years (all of
/// Indonesia: WIB, WITA, WIT) gets `DTSTART;TZID=…` and a one-rule VTIMEZONE; a zone with
/// daylight saving gets UTC times instead, which every client reads correctly.
/// `UID` is `{sessionId}@titan`, stable, so a re-import updates events; `DTSTAMP` is `now`.
#[must_use]
pub fn render_ics(course_title: &str, sessions: &[CourseSession], now: DateTime<Utc>) -> String {
    let zones = zones_of(sessions);
    let mut out = String::with_capacity(512 + sessions.len() * 512);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Titan//Attendance//ID");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(course_title)),
    );
    for zone in &zones {
        if let Some(fixed) = &zone.fixed {
            write_vtimezone(&mut out, zone.tz, fixed);
        }
    }
    let dtstamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for session in sessions {
        let tz = session_zone(session);
        let fixed = zones
            .iter()
            .find(|z| z.tz == tz)
            .is_some_and(|z| z.fixed.is_some());
        write_vevent(&mut out, course_title, session, tz, fixed, &dtstamp);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

struct Zone {
    tz: Tz,
    fixed: Option<FixedZone>,
}

struct FixedZone {
    offset_seconds: i32,
    abbreviation: Option<String>,
}

fn session_zone(session: &CourseSession) -> Tz {
    resolve_timezone(&[session.timezone.as_deref()])
}

/// The zones used, in order of first use, each with its offset when it never changes around
/// its sessions.
fn zones_of(sessions: &[CourseSession]) -> Vec<Zone> {
    let mut zones: Vec<Zone> = Vec::new();
    for session in sessions {
        let tz = session_zone(session);
        if zones.iter().any(|z| z.tz == tz) {
            continue;
        }
        let mine: Vec<&CourseSession> = sessions.iter().filter(|s| session_zone(s) == tz).collect();
        zones.push(Zone {
            tz,
            fixed: fixed_offset(tz, &mine),
        });
    }
    zones
}

fn fixed_offset(tz: Tz, sessions: &[&CourseSession]) -> Option<FixedZone> {
    let mut instants: Vec<DateTime<Utc>> = Vec::new();
    for s in sessions {
        instants.extend([s.start_time, s.end_time]);
        for year in [s.start_time.year(), s.end_time.year()] {
            // Mid-winter and mid-summer of the year catch any daylight-saving rule.
            for month in [1, 7] {
                let when = NaiveDate::from_ymd_opt(year, month, 1)
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .map(|n| n.and_utc());
                instants.extend(when);
            }
        }
    }
    let first = *instants.first()?;
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let reference = offset_at(first);
    let seconds = reference.fix().local_minus_utc();
    if instants
        .iter()
        .all(|t| offset_at(*t).fix().local_minus_utc() == seconds)
    {
        Some(FixedZone {
            offset_seconds: seconds,
            abbreviation: reference.abbreviation().map(str::to_owned),
        })
    } else {
        None
    }
}

fn write_vtimezone(out: &mut String, tz: Tz, fixed: &FixedZone) {
    let offset = utc_offset(fixed.offset_seconds);
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", tz.name()));
    line(out, "BEGIN:STANDARD");
    line(out, "DTSTART:19700101T000000");
    line(out, &format!("TZOFFSETFROM:{offset}"));
    line(out, &format!("TZOFFSETTO:{offset}"));
    if let Some(name) = &fixed.abbreviation {
        line(out, &format!("TZNAME:{}", escape_text(name)));
    }
    line(out, "END:STANDARD");
    line(out, "END:VTIMEZONE");
}

fn write_vevent(
    out: &mut String,
    course_title: &str,
    session: &CourseSession,
    tz: Tz,
    fixed: bool,
    dtstamp: &str,
) {
    let when = |name: &str, t: DateTime<Utc>| {
        if fixed {
            format!(
                "{name};TZID={}:{}",
                tz.name(),
                t.with_timezone(&tz).format("%Y%m%dT%H%M%S")
            )
        } else {
            format!("{name}:{}", t.format("%Y%m%dT%H%M%SZ"))
        }
    };
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}@titan", escape_text(&session.id)));
    line(out, &format!("DTSTAMP:{dtstamp}"));
    line(out, &when("DTSTART", session.start_time));
    line(out, &when("DTEND", session.end_time));
    let summary = if course_title.trim().is_empty() {
        session.title.clone()
    } else {
        format!("{}: {}", course_title.trim(), session.title)
    };
    line(out, &format!("SUMMARY:{}", escape_text(&summary)));
    let location = [
        &session.location,
        &session.zoom_join_url,
        &session.stream_url,
    ]
    .into_iter()
    .flatten()
    .find(|t| !t.trim().is_empty());
    if let Some(location) = location {
        line(out, &format!("LOCATION:{}", escape_text(location)));
    }
    let description: Vec<&str> = [
        &session.description,
        &session.zoom_join_url,
        &session.stream_url,
    ]
    .into_iter()
    .flatten()
    .map(|t| t.trim())
    .filter(|t| !t.is_empty())
    .collect();
    if !description.is_empty() {
        line(
            out,
            &format!("DESCRIPTION:{}", escape_text(&description.join("\n"))),
        );
    }
    if let (Some(lat), Some(lon)) = (session.latitude, session.longitude)
        && let Ok(point) = session_point(lat, lon)
    {
        line(
            out,
            &format!("GEO:{};{}", point.latitude(), point.longitude()),
        );
    }
    line(out, "END:VEVENT");
}

/// `±hhmm`, or `±hhmmss` for the rare offset with seconds.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    let mut text = format!("{sign}{h:02}{m:02}");
    if sec != 0 {
        let _ = write!(text, "{sec:02}");
    }
    text
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` and newlines; other control
/// characters, which TEXT may not hold, are dropped.
#[must_use]
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no physical line passes 75 octets (a continuation
/// line starts with a space, which counts), never splitting a UTF-8 sequence.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > ICS_MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::tests_support::{at, session};
    use super::*;
    use proptest::prelude::*;

    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn renders_wib_wita_and_wit() {
        let mut a = session();
        a.title = "Pembukaan; sesi 1, kelas A".into();
        a.location = Some("Aula Gedung A\nLantai 2".into());
        a.latitude = Some(-6.175392);
        a.longitude = Some(106.827153);
        let mut b = session();
        b.id = "s2".into();
        b.timezone = Some("Asia/Makassar".into());
        let mut c = session();
        c.id = "s3".into();
        c.timezone = Some("Asia/Jayapura".into());
        c.description = Some("Bawa laptop".into());
        c.zoom_join_url = Some("https://zoom.us/j/123".into());
        let ics = render_ics("Kepemimpinan", &[a, b, c], at("07:00:00"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains(['\r', '\n']));
        let lines = unfold(&ics);
        let has = |l: &str| assert!(lines.iter().any(|x| x == l), "missing {l}\n{ics}");
        has("TZID:Asia/Jakarta");
        has("TZNAME:WIB");
        has("TZOFFSETTO:+0700");
        has("TZNAME:WITA");
        has("TZOFFSETTO:+0800");
        has("TZNAME:WIT");
        has("TZOFFSETTO:+0900");
        has("DTSTART;TZID=Asia/Jakarta:20250310T160000");
        has("DTEND;TZID=Asia/Makassar:20250310T190000");
        has("DTSTART;TZID=Asia/Jayapura:20250310T180000");
        has("SUMMARY:Kepemimpinan: Pembukaan\\; sesi 1\\, kelas A");
        has("LOCATION:Aula Gedung A\\nLantai 2");
        has("GEO:-6.175392;106.827153");
        has("UID:s1@titan");
        has("DTSTAMP:20250310T070000Z");
        has("LOCATION:https://zoom.us/j/123");
        has("DESCRIPTION:Bawa laptop\\nhttps://zoom.us/j/123");
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 3);
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VTIMEZONE").count(), 3);
    }

    #[test]
    fn daylight_saving_zones_fall_back_to_utc() {
        let mut s = session();
        s.timezone = Some("Europe/Amsterdam".into());
        let lines = unfold(&render_ics("K", &[s], at("07:00:00")));
        assert!(lines.iter().any(|l| l == "DTSTART:20250310T090000Z"));
        assert!(!lines.iter().any(|l| l == "BEGIN:VTIMEZONE"));
    }

    #[test]
    fn unknown_zone_means_jakarta_and_no_session_is_fine() {
        let mut s = session();
        s.timezone = Some("Mars/Olympus".into());
        let lines = unfold(&render_ics("K", &[s], at("07:00:00")));
        assert!(
            lines
                .iter()
                .any(|l| l == "DTSTART;TZID=Asia/Jakarta:20250310T160000")
        );
        let empty = render_ics("K", &[], at("07:00:00"));
        assert!(empty.starts_with("BEGIN:VCALENDAR\r\n") && !empty.contains("VEVENT"));
    }

    #[test]
    fn folds_long_lines_without_splitting_characters() {
        let mut s = session();
        s.title = "é".repeat(100);
        let ics = render_ics("Kursus", &[s], at("07:00:00"));
        for l in ics.split("\r\n") {
            assert!(l.len() <= ICS_MAX_LINE_OCTETS, "{l}");
        }
        let lines = unfold(&ics);
        assert!(
            lines
                .iter()
                .any(|l| *l == format!("SUMMARY:Kursus: {}", "é".repeat(100)))
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\rf\ng\u{7}"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(utc_offset(-(3 * 3600 + 30 * 60)), "-0330");
        assert_eq!(utc_offset(7 * 3600 + 5), "+070005");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn lines_are_at_most_75_octets(
            course in ".{0,120}",
            title in ".{0,200}",
            location in proptest::option::of(".{0,200}"),
            description in proptest::option::of("(.|\n|\r){0,300}"),
        ) {
            let mut s = session();
            s.title = title;
            s.location = location;
            s.description = description;
            let ics = render_ics(&course, &[s], at("07:00:00"));
            prop_assert!(ics.ends_with("\r\n"));
            for l in ics.split("\r\n") {
                prop_assert!(l.len() <= ICS_MAX_LINE_OCTETS);
                prop_assert!(!l.contains(['\r', '\n']));
            }
        }
    }
}
