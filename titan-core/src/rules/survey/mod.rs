//! SPEC §9 — feedback surveys: validating a response (one per user, active, open, enrolled,
//! attended) and the report (means, distribution, newest comments, breakdown by unit) that never
//! reveals an anonymous respondent and withholds groups smaller than `min_group_size`.
//!
//! ```
//! use titan_core::rules::survey::{survey_report, SurveyPolicy};
//!
//! let report = survey_report(&[], &SurveyPolicy::recommended(), chrono::Utc::now());
//! assert_eq!(report.count, 0);
//! assert_eq!(report.means.overall, None);
//! ```

mod error;
mod policy;
mod report;
mod response;

#[cfg(test)]
mod tests;

pub use error::SurveyError;
pub use policy::{EmptyMean, SurveyPolicy};
pub use report::{
    RatingBucket, RatingMeans, ReportComment, ReportEntry, Respondent, SurveyReport, UnitBreakdown,
    survey_report,
};
pub use response::{
    RespondentFacts, SurveyAnswer, active_survey, is_within_window, validate_response,
};
