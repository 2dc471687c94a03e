//! Deleting a program or a milestone with everything in it.
//!
//! The seed's own foreign keys (`wblm_milestones` → programs, `wblm_submissions` → milestones,
//! `wblm_reviews` → submissions) are `RESTRICT`, so reviews, submissions and milestones are
//! deleted here, children first. Titan's tables cascade where they can: enrolments, reviewer
//! assignments and reflections go with their program, participant milestones with their
//! milestone. Assignments and reflections scoped to a milestone have no key to it and are
//! deleted here too.

use sea_query::{Cond, Expr, ExprTrait, Query, SelectStatement};
use titan_core::ports::{StoreError, StoreResult};

use super::rows::{
    ASSIGNMENT, MILESTONE, PARTICIPANT_MILESTONE, PROGRAM, REFLECTION, REVIEW, SUBMISSION,
};
use crate::PgUnitOfWork;
use crate::codec::{build, delete_sql, get};

/// `SELECT id FROM table WHERE cond`.
fn ids(table: &'static str, cond: Cond) -> SelectStatement {
    Query::select()
        .column("id")
        .from(table)
        .cond_where(cond)
        .to_owned()
}

/// `DELETE FROM table WHERE cond`.
fn delete_where(table: &'static str, cond: Cond) -> crate::codec::Sql {
    build(
        &Query::delete()
            .from_table(table)
            .cond_where(cond)
            .to_owned(),
    )
}

/// The submissions on the milestone.
fn submissions_of_milestone(milestone_id: &str) -> Cond {
    Cond::all().add(Expr::col("milestoneId").eq(milestone_id))
}

/// The submissions in the program, or on one of its milestones.
fn submissions_of_program(program_id: &str) -> Cond {
    let milestones = ids(
        MILESTONE,
        Cond::all().add(Expr::col("programId").eq(program_id)),
    );
    Cond::any()
        .add(Expr::col("programId").eq(program_id))
        .add(Expr::col("milestoneId").in_subquery(milestones))
}

impl PgUnitOfWork {
    /// Locks the row `id` of `table` (before deleting it); `NotFound` if there is none.
    async fn lock_existing(&mut self, table: &'static str, id: &str) -> StoreResult<()> {
        self.writable()?;
        let sql = self.locked(ids(table, Cond::all().add(Expr::col("id").eq(id))));
        match self.one(sql, |row| get::<String>(row, "id")).await? {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound {
                entity: table,
                id: id.to_owned(),
            }),
        }
    }

    /// Deletes the submissions matching `submissions`, with their reviews.
    async fn delete_submissions(&mut self, submissions: Cond) -> StoreResult<()> {
        let reviews = Cond::all()
            .add(Expr::col("submissionId").in_subquery(ids(SUBMISSION, submissions.clone())));
        self.exec(delete_where(REVIEW, reviews)).await?;
        self.exec(delete_where(SUBMISSION, submissions)).await?;
        Ok(())
    }

    /// Deletes a milestone with its submissions (and their reviews), participant milestones,
    /// and the reviewer assignments and reflections scoped to it.
    pub(super) async fn delete_milestone_cascade(&mut self, id: &str) -> StoreResult<()> {
        self.lock_existing(MILESTONE, id).await?;
        self.delete_submissions(submissions_of_milestone(id))
            .await?;
        let scoped = Cond::all().add(Expr::col("milestoneId").eq(id));
        self.exec(delete_where(ASSIGNMENT, scoped.clone())).await?;
        self.exec(delete_where(REFLECTION, scoped)).await?;
        // Participant milestones cascade.
        self.exec_one(delete_sql(MILESTONE, id), MILESTONE, id)
            .await
    }

    /// Deletes a program with everything in it.
    pub(super) async fn delete_program_cascade(&mut self, id: &str) -> StoreResult<()> {
        self.lock_existing(PROGRAM, id).await?;
        self.delete_submissions(submissions_of_program(id)).await?;
        let in_program = Cond::all().add(Expr::col("programId").eq(id));
        self.exec(delete_where(PARTICIPANT_MILESTONE, in_program.clone()))
            .await?;
        // The participant milestones of its milestones cascade.
        self.exec(delete_where(MILESTONE, in_program)).await?;
        // Enrolments, reviewer assignments and reflections cascade.
        self.exec_one(delete_sql(PROGRAM, id), PROGRAM, id).await
    }
}
