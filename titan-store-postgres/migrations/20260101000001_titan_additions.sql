-- Titan's additions to the seed's schema. Everything is additive, so an existing TITAN ULP
-- database migrates in place: new tables, new enum types, and new columns that are nullable or
-- have a default. Names follow Prisma's conventions (camelCase columns, {Table}_{cols}_key).

DO $$ BEGIN CREATE TYPE "WblmEnrollmentStatus" AS ENUM ('INVITED', 'ENROLLED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "WblmReviewerRole" AS ENUM ('COACH', 'REVIEWER', 'PANELIST'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;

-- Gamification: the longest streak and the user's time zone for calendar rules.
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "longestStreak" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "timezone" TEXT;
-- E-mail is unique ignoring case (SPEC §1); the seed's "User_email_key" stays.
CREATE UNIQUE INDEX IF NOT EXISTS "User_email_lower_key" ON "User"(lower("email"));

-- Progress: the heartbeat's elapsed clock, and who completed a lesson by hand, and why.
ALTER TABLE "Progress" ADD COLUMN IF NOT EXISTS "lastElapsed" INTEGER;
ALTER TABLE "Progress" ADD COLUMN IF NOT EXISTS "completedBy" TEXT;
ALTER TABLE "Progress" ADD COLUMN IF NOT EXISTS "completionReason" TEXT;

-- Quizzes: negative marking; when an answer was last saved; one answer per question.
ALTER TABLE "Quiz" ADD COLUMN IF NOT EXISTS "penalty" DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE "QuestionAnswer" ADD COLUMN IF NOT EXISTS "savedAt" TIMESTAMP(3);
CREATE UNIQUE INDEX IF NOT EXISTS "QuestionAnswer_attemptId_questionId_key" ON "QuestionAnswer"("attemptId", "questionId");
CREATE INDEX IF NOT EXISTS "QuizAttempt_userId_quizId_idx" ON "QuizAttempt"("userId", "quizId");
CREATE INDEX IF NOT EXISTS "QuizAttempt_quizId_idx" ON "QuizAttempt"("quizId");

-- Attendance: the session's time zone; review flag and corrections.
ALTER TABLE "CourseSession" ADD COLUMN IF NOT EXISTS "timezone" TEXT;
ALTER TABLE "Attendance" ADD COLUMN IF NOT EXISTS "flagged" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Attendance" ADD COLUMN IF NOT EXISTS "correctedBy" TEXT;
ALTER TABLE "Attendance" ADD COLUMN IF NOT EXISTS "correctionReason" TEXT;
CREATE INDEX IF NOT EXISTS "CourseSession_courseId_startTime_idx" ON "CourseSession"("courseId", "startTime");
CREATE INDEX IF NOT EXISTS "CourseSession_startTime_idx" ON "CourseSession"("startTime");
CREATE INDEX IF NOT EXISTS "CourseSession_endTime_idx" ON "CourseSession"("endTime");

-- Hot paths keyed by user (DESIGN "Scale") and the catalog's lists.
CREATE INDEX IF NOT EXISTS "Enrollment_courseId_idx" ON "Enrollment"("courseId");
CREATE INDEX IF NOT EXISTS "Module_courseId_order_idx" ON "Module"("courseId", "order");
CREATE INDEX IF NOT EXISTS "Lesson_moduleId_order_idx" ON "Lesson"("moduleId", "order");
CREATE INDEX IF NOT EXISTS "Quiz_moduleId_idx" ON "Quiz"("moduleId");
CREATE INDEX IF NOT EXISTS "Question_quizId_order_idx" ON "Question"("quizId", "order");
CREATE INDEX IF NOT EXISTS "Progress_lessonId_idx" ON "Progress"("lessonId");
CREATE INDEX IF NOT EXISTS "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");
CREATE INDEX IF NOT EXISTS "learner_activity_user_id_occurredAt_idx" ON "learner_activity"("user_id", "occurredAt");
CREATE INDEX IF NOT EXISTS "xapi_outbox_pending_due_idx" ON "xapi_outbox"("createdAt") WHERE "status" = 'PENDING';

-- Certificates: revocation, one certificate per user and course, and the per-year counter.
ALTER TABLE "Certificate" ADD COLUMN IF NOT EXISTS "revokedAt" TIMESTAMP(3);
ALTER TABLE "Certificate" ADD COLUMN IF NOT EXISTS "revokedReason" TEXT;
ALTER TABLE "Certificate" ADD COLUMN IF NOT EXISTS "revokedBy" TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS "Certificate_userId_courseId_key" ON "Certificate"("userId", "courseId");
CREATE TABLE IF NOT EXISTS "CertificateCounter" (
    "year" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,
    CONSTRAINT "CertificateCounter_pkey" PRIMARY KEY ("year")
);

-- The points ledger: one row per award, unique by its source key.
CREATE TABLE IF NOT EXISTS "PointsLedger" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PointsLedger_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "PointsLedger_sourceKey_key" ON "PointsLedger"("sourceKey");
CREATE INDEX IF NOT EXISTS "PointsLedger_userId_createdAt_idx" ON "PointsLedger"("userId", "createdAt");

-- Notifications a job sends once.
ALTER TABLE "Notification" ADD COLUMN IF NOT EXISTS "dedupKey" TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS "Notification_userId_dedupKey_key" ON "Notification"("userId", "dedupKey");

-- The relay's retry time.
ALTER TABLE "xapi_outbox" ADD COLUMN IF NOT EXISTS "next_attempt_at" TIMESTAMP(3);

-- Curation sessions know who started them.
ALTER TABLE "yt_curation_sessions" ADD COLUMN IF NOT EXISTS "createdBy" TEXT;
CREATE INDEX IF NOT EXISTS "yt_curation_sessions_createdBy_idx" ON "yt_curation_sessions"("createdBy");

-- PBGM: late submissions; program enrolments, participant milestones, reviewer assignments and
-- reflections; one version number per participant and milestone; one review per reviewer and
-- version.
ALTER TABLE "wblm_submissions" ADD COLUMN IF NOT EXISTS "isLate" BOOLEAN NOT NULL DEFAULT false;
CREATE UNIQUE INDEX IF NOT EXISTS "wblm_submissions_milestone_participant_version_key" ON "wblm_submissions"("milestoneId", "participantUserId", "versionNumber");
CREATE UNIQUE INDEX IF NOT EXISTS "wblm_reviews_submissionId_reviewerUserId_key" ON "wblm_reviews"("submissionId", "reviewerUserId");

CREATE TABLE IF NOT EXISTS "wblm_enrollments" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "participantUserId" TEXT NOT NULL,
    "status" "WblmEnrollmentStatus" NOT NULL DEFAULT 'ENROLLED',
    "supervisorUserId" TEXT,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    CONSTRAINT "wblm_enrollments_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "wblm_enrollments_programId_participantUserId_key" ON "wblm_enrollments"("programId", "participantUserId");
CREATE INDEX IF NOT EXISTS "wblm_enrollments_participantUserId_idx" ON "wblm_enrollments"("participantUserId");

CREATE TABLE IF NOT EXISTS "wblm_participant_milestones" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "milestoneId" TEXT NOT NULL,
    "participantUserId" TEXT NOT NULL,
    "status" "WblmMilestoneStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "wblm_participant_milestones_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "wblm_participant_milestones_milestoneId_participantUserId_key" ON "wblm_participant_milestones"("milestoneId", "participantUserId");
CREATE INDEX IF NOT EXISTS "wblm_participant_milestones_programId_idx" ON "wblm_participant_milestones"("programId");

CREATE TABLE IF NOT EXISTS "wblm_reviewer_assignments" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "participantUserId" TEXT NOT NULL,
    "reviewerUserId" TEXT NOT NULL,
    "milestoneId" TEXT,
    "role" "WblmReviewerRole" NOT NULL DEFAULT 'REVIEWER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "wblm_reviewer_assignments_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "wblm_reviewer_assignments_unique_key" ON "wblm_reviewer_assignments"("programId", "participantUserId", "reviewerUserId", "milestoneId") NULLS NOT DISTINCT;
CREATE INDEX IF NOT EXISTS "wblm_reviewer_assignments_reviewerUserId_idx" ON "wblm_reviewer_assignments"("reviewerUserId");

CREATE TABLE IF NOT EXISTS "wblm_reflections" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "participantUserId" TEXT NOT NULL,
    "milestoneId" TEXT,
    "initialAssumptions" TEXT,
    "whatChanged" TEXT,
    "keyFeedback" TEXT,
    "whatWouldDoDifferently" TEXT,
    "additionalNotes" TEXT,
    "isLocked" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "wblm_reflections_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "wblm_reflections_participant_milestone_key" ON "wblm_reflections"("programId", "participantUserId", "milestoneId") NULLS NOT DISTINCT;

DO $$
DECLARE fk RECORD;
BEGIN
    FOR fk IN SELECT * FROM (VALUES
        ('PointsLedger', 'PointsLedger_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('wblm_enrollments', 'wblm_enrollments_programId_fkey', 'programId', 'wblm_programs', 'CASCADE'),
        ('wblm_enrollments', 'wblm_enrollments_participantUserId_fkey', 'participantUserId', 'User', 'CASCADE'),
        ('wblm_participant_milestones', 'wblm_participant_milestones_milestoneId_fkey', 'milestoneId', 'wblm_milestones', 'CASCADE'),
        ('wblm_participant_milestones', 'wblm_participant_milestones_participantUserId_fkey', 'participantUserId', 'User', 'CASCADE'),
        ('wblm_reviewer_assignments', 'wblm_reviewer_assignments_programId_fkey', 'programId', 'wblm_programs', 'CASCADE'),
        ('wblm_reviewer_assignments', 'wblm_reviewer_assignments_reviewerUserId_fkey', 'reviewerUserId', 'User', 'CASCADE'),
        ('wblm_reflections', 'wblm_reflections_programId_fkey', 'programId', 'wblm_programs', 'CASCADE'),
        ('wblm_reflections', 'wblm_reflections_participantUserId_fkey', 'participantUserId', 'User', 'CASCADE')
    ) AS t(tbl, name, col, ref, on_delete)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = fk.name) THEN
            EXECUTE format(
                'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %I("id") ON DELETE %s ON UPDATE CASCADE',
                fk.tbl, fk.name, fk.col, fk.ref, fk.on_delete);
        END IF;
    END LOOP;
END $$;
