//! The survey report (SPEC §9): means, distribution, newest comments and a breakdown by unit,
//! never revealing an anonymous respondent and withholding small groups.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::FeedbackResponse;
use crate::rules::common::round_dp;

use super::SurveyPolicy;
use super::policy::EmptyMean;

/// One response with the facts a report may show about its respondent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportEntry {
    /// The response.
    pub response: FeedbackResponse,
    /// The respondent's name (never shown for an anonymous response).
    #[serde(default)]
    pub respondent_name: Option<String>,
    /// The respondent's unit kerja (used for the breakdown; never shown on an anonymous row).
    #[serde(default)]
    pub unit_kerja: Option<String>,
}

/// The mean of each rating over the responses that gave it, 1 decimal (half away from zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingMeans {
    /// `overallRating`.
    pub overall: Option<Decimal>,
    /// `instructorRating`.
    pub instructor: Option<Decimal>,
    /// `materialRating`.
    pub material: Option<Decimal>,
    /// `facilityRating`.
    pub facility: Option<Decimal>,
}

/// How many responses gave `rating` as their overall rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingBucket {
    /// 1..=5.
    pub rating: u8,
    /// Responses.
    pub count: usize,
}

/// Who wrote a named comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Respondent {
    /// The user.
    pub user_id: String,
    /// Their name.
    pub name: Option<String>,
    /// Their unit kerja.
    pub unit_kerja: Option<String>,
}

/// A response's text answers. Anonymous ones carry no id, respondent or timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportComment {
    /// The response (`None` when anonymous: the id would lead back to the user).
    pub response_id: Option<String>,
    /// Whether the respondent chose anonymity.
    pub is_anonymous: bool,
    /// The respondent (`None` when anonymous).
    pub respondent: Option<Respondent>,
    /// When it was submitted (`None` when anonymous: timestamps identify too).
    pub submitted_at: Option<DateTime<Utc>>,
    /// What went well.
    pub strengths: Option<String>,
    /// What to improve.
    pub improvements: Option<String>,
    /// Suggestions.
    pub suggestions: Option<String>,
}

/// One unit's share of the responses. A withheld group shows its count only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitBreakdown {
    /// The unit (`None` = respondents without a unit).
    pub unit_kerja: Option<String>,
    /// Responses from the unit.
    pub count: usize,
    /// Too few responses (directly, or so that other withheld groups cannot be worked out).
    pub withheld: bool,
    /// The unit's means; `None` when withheld.
    pub means: Option<RatingMeans>,
}

/// A survey's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyReport {
    /// When it was computed.
    pub generated_at: DateTime<Utc>,
    /// Responses.
    pub count: usize,
    /// Means over every response.
    pub means: RatingMeans,
    /// Overall ratings 1..=5.
    pub distribution: Vec<RatingBucket>,
    /// The newest responses with any text, newest first, up to the policy's limit.
    pub comments: Vec<ReportComment>,
    /// By unit kerja, in name order (no unit last).
    pub by_unit: Vec<UnitBreakdown>,
}

/// Computes a survey's report from its responses. Ratings outside 1..=5 (possible in legacy
/// rows) count as not given.
#[must_use]
pub fn survey_report(
    entries: &[ReportEntry],
    policy: &SurveyPolicy,
    now: DateTime<Utc>,
) -> SurveyReport {
    let responses: Vec<&FeedbackResponse> = entries.iter().map(|e| &e.response).collect();
    let distribution = (1..=5u8)
        .map(|rating| RatingBucket {
            rating,
            count: responses
                .iter()
                .filter(|r| r.overall_rating == i32::from(rating))
                .count(),
        })
        .collect();
    SurveyReport {
        generated_at: now,
        count: entries.len(),
        means: means(&responses, policy.empty_mean),
        distribution,
        comments: comments(entries, policy.comment_limit),
        by_unit: by_unit(entries, policy),
    }
}

fn means(responses: &[&FeedbackResponse], empty: EmptyMean) -> RatingMeans {
    RatingMeans {
        overall: mean(responses.iter().map(|r| Some(r.overall_rating)), empty),
        instructor: mean(responses.iter().map(|r| r.instructor_rating), empty),
        material: mean(responses.iter().map(|r| r.material_rating), empty),
        facility: mean(responses.iter().map(|r| r.facility_rating), empty),
    }
}

fn mean(values: impl Iterator<Item = Option<i32>>, empty: EmptyMean) -> Option<Decimal> {
    let (sum, count) = values
        .flatten()
        .filter(|v| (1..=5).contains(v))
        .fold((Decimal::ZERO, Decimal::ZERO), |(sum, count), v| {
            (sum + Decimal::from(v), count + Decimal::ONE)
        });
    if count.is_zero() {
        return match empty {
            EmptyMean::None => None,
            EmptyMean::Zero => Some(Decimal::new(0, 1)),
        };
    }
    let mut value = round_dp(sum / count, 1);
    value.rescale(1);
    Some(value)
}

fn comments(entries: &[ReportEntry], limit: usize) -> Vec<ReportComment> {
    let mut with_text: Vec<&ReportEntry> = entries
        .iter()
        .filter(|e| {
            [
                &e.response.strengths,
                &e.response.improvements,
                &e.response.suggestions,
            ]
            .iter()
            .any(|t| t.as_deref().is_some_and(|t| !t.trim().is_empty()))
        })
        .collect();
    with_text.sort_by(|a, b| {
        b.response
            .submitted_at
            .cmp(&a.response.submitted_at)
            .then_with(|| b.response.id.cmp(&a.response.id))
    });
    with_text
        .into_iter()
        .take(limit)
        .map(|e| {
            let r = &e.response;
            let named = !r.is_anonymous;
            let clean = |t: &Option<String>| {
                t.as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            };
            ReportComment {
                response_id: named.then(|| r.id.clone()),
                is_anonymous: r.is_anonymous,
                respondent: named.then(|| Respondent {
                    user_id: r.user_id.clone(),
                    name: e.respondent_name.clone(),
                    unit_kerja: e.unit_kerja.clone(),
                }),
                submitted_at: named.then_some(r.submitted_at),
                strengths: clean(&r.strengths),
                improvements: clean(&r.improvements),
                suggestions: clean(&r.suggestions),
            }
        })
        .collect()
}

fn by_unit(entries: &[ReportEntry], policy: &SurveyPolicy) -> Vec<UnitBreakdown> {
    // `Option` orders `None` first; key on (no unit?, name) so "no unit" comes last.
    let mut groups: BTreeMap<(bool, Option<&str>), Vec<&FeedbackResponse>> = BTreeMap::new();
    for e in entries {
        let unit = e
            .unit_kerja
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        groups
            .entry((unit.is_none(), unit))
            .or_default()
            .push(&e.response);
    }
    let min = usize::try_from(policy.min_group_size).unwrap_or(usize::MAX);
    let mut withheld: Vec<bool> = groups.values().map(|g| g.len() < min).collect();
    // Secondary suppression: if the withheld groups together hold fewer than `min` responses,
    // the overall figures minus the shown groups would reveal them; withhold the smallest shown
    // groups until they don't.
    loop {
        let hidden: usize = groups
            .values()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(g, _)| g.len())
            .sum();
        if hidden == 0 || hidden >= min {
            break;
        }
        let smallest = groups
            .values()
            .zip(&withheld)
            .enumerate()
            .filter(|(_, (_, w))| !**w)
            .min_by_key(|(_, (g, _))| g.len())
            .map(|(i, _)| i);
        match smallest.and_then(|i| withheld.get_mut(i)) {
            Some(flag) => *flag = true,
            None => break,
        }
    }
    groups
        .into_iter()
        .zip(withheld)
        .map(|(((_, unit), responses), withheld)| UnitBreakdown {
            unit_kerja: unit.map(str::to_owned),
            count: responses.len(),
            withheld,
            means: (!withheld).then(|| means(&responses, policy.empty_mean)),
        })
        .collect()
}
