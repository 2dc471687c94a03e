//! One file per area, implementing that area's repository on `PgUnitOfWork`.

mod activity;
mod attendance;
mod catalog;
mod certificates;
mod curation;
mod dashboard;
mod enrollments;
mod gamification;
mod notifications;
mod outbox;
mod pbgm;
mod progress;
mod quizzes;
mod settings;
mod surveys;
mod users;
