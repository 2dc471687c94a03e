-- The seed's schema (shared/seed/DATABASE_SCHEMA.md) exactly as `prisma migrate` creates it:
-- tables named as the models (or their @@map), columns as the fields (or their @map), enums as
-- the seed's enums, `DateTime` as TIMESTAMP(3), `Json` as JSONB, `Float` as DOUBLE PRECISION,
-- `String[]` as TEXT[], and Prisma's names for keys, indexes and foreign keys. Ids, @default(cuid()),
-- @default(uuid()) and @updatedAt are filled by the client, as Prisma does.
--
-- Guarded so that a database created by the original app's own migrations (the same objects)
-- is adopted as is: every statement is a no-op where its object already exists.

DO $$ BEGIN CREATE TYPE "Role" AS ENUM ('SUPER_ADMIN', 'ADMIN_UNIT', 'INSTRUCTOR', 'LEARNER'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "UserStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'SUSPENDED'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "DeliveryMode" AS ENUM ('ON_CLASSROOM', 'HYBRID', 'ASYNC_ONLINE', 'SYNC_ONLINE'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "Difficulty" AS ENUM ('BEGINNER', 'INTERMEDIATE', 'ADVANCED'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "ContentType" AS ENUM ('VIDEO', 'TEXT', 'DOCUMENT', 'QUIZ', 'SCORM', 'EXTERNAL'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "EnrollmentStatus" AS ENUM ('ENROLLED', 'IN_PROGRESS', 'COMPLETED', 'DROPPED'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "QuizType" AS ENUM ('PRE_TEST', 'POST_TEST', 'KNOWLEDGE_CHECK'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "QuestionType" AS ENUM ('MULTIPLE_CHOICE', 'TRUE_FALSE', 'ESSAY', 'SHORT_ANSWER'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "SessionType" AS ENUM ('CLASSROOM', 'ZOOM', 'YOUTUBE_LIVE', 'INSTAGRAM_LIVE', 'TIKTOK_LIVE'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "AttendanceStatus" AS ENUM ('PRESENT', 'LATE', 'ABSENT', 'EXCUSED'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "CheckInMethod" AS ENUM ('QR_CODE', 'GPS', 'MANUAL', 'ZOOM_AUTO'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "BadgeType" AS ENUM ('ACHIEVEMENT', 'MILESTONE', 'SPECIAL'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "NotificationType" AS ENUM ('COURSE_ENROLLED', 'COURSE_COMPLETED', 'QUIZ_GRADED', 'BADGE_EARNED', 'CERTIFICATE_ISSUED', 'SESSION_REMINDER', 'SYSTEM'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "WblmProgramStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'RUNNING', 'CLOSED', 'ARCHIVED'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "WblmMilestoneStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'SUBMITTED', 'UNDER_REVIEW', 'REVISION_REQUESTED', 'RESUBMITTED', 'APPROVED_FINAL', 'LOCKED'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE "WblmReviewDecision" AS ENUM ('ACCEPT', 'REQUEST_REVISION', 'COMMENT_ONLY', 'ESCALATE'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS "User" (
    "id" TEXT NOT NULL,
    "nip" TEXT,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password" TEXT,
    "image" TEXT,
    "emailVerified" TIMESTAMP(3),
    "role" "Role" NOT NULL DEFAULT 'LEARNER',
    "status" "UserStatus" NOT NULL DEFAULT 'ACTIVE',
    "unitKerja" TEXT,
    "jabatan" TEXT,
    "phone" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,
    "level" INTEGER NOT NULL DEFAULT 1,
    "streak" INTEGER NOT NULL DEFAULT 0,
    "lastActiveAt" TIMESTAMP(3),
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Account" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,
    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Session" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Course" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "thumbnail" TEXT,
    "deliveryMode" "DeliveryMode" NOT NULL DEFAULT 'ASYNC_ONLINE',
    "difficulty" "Difficulty" NOT NULL DEFAULT 'BEGINNER',
    "isPublished" BOOLEAN NOT NULL DEFAULT false,
    "duration" INTEGER,
    "capacity" INTEGER,
    "startDate" TIMESTAMP(3),
    "endDate" TIMESTAMP(3),
    "ytPlaylistId" TEXT,
    "isProcessing" BOOLEAN NOT NULL DEFAULT false,
    "processingStatus" TEXT,
    "lastProcessedAt" TIMESTAMP(3),
    "syncConfig" JSONB,
    "instructorId" TEXT NOT NULL,
    "categoryId" TEXT,
    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Module" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "order" INTEGER NOT NULL,
    "duration" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Module_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Lesson" (
    "id" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "order" INTEGER NOT NULL,
    "contentType" "ContentType" NOT NULL,
    "content" TEXT,
    "videoUrl" TEXT,
    "ytVideoId" TEXT,
    "fileUrl" TEXT,
    "scormUrl" TEXT,
    "externalUrl" TEXT,
    "duration" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Lesson_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Category" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "icon" TEXT,
    "description" TEXT,
    "order" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Enrollment" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "status" "EnrollmentStatus" NOT NULL DEFAULT 'ENROLLED',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    CONSTRAINT "Enrollment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Progress" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "isCompleted" BOOLEAN NOT NULL DEFAULT false,
    "watchedSeconds" INTEGER,
    "lastPosition" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    CONSTRAINT "Progress_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Quiz" (
    "id" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "type" "QuizType" NOT NULL DEFAULT 'POST_TEST',
    "passingScore" INTEGER NOT NULL DEFAULT 70,
    "timeLimit" INTEGER,
    "maxAttempts" INTEGER,
    "shuffleQuestions" BOOLEAN NOT NULL DEFAULT false,
    "showCorrectAnswers" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Quiz_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Question" (
    "id" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "type" "QuestionType" NOT NULL,
    "content" TEXT NOT NULL,
    "explanation" TEXT,
    "order" INTEGER NOT NULL,
    "points" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "options" JSONB,
    "rubric" JSONB,
    "modelAnswer" TEXT,
    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "QuizAttempt" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "score" DOUBLE PRECISION,
    "isPassed" BOOLEAN,
    CONSTRAINT "QuizAttempt_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "QuestionAnswer" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "answer" TEXT,
    "selectedOptions" JSONB,
    "isCorrect" BOOLEAN,
    "pointsEarned" DOUBLE PRECISION,
    "aiFeedback" TEXT,
    CONSTRAINT "QuestionAnswer_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "CourseSession" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "type" "SessionType" NOT NULL,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3) NOT NULL,
    "location" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "radius" INTEGER,
    "zoomMeetingId" TEXT,
    "zoomJoinUrl" TEXT,
    "streamUrl" TEXT,
    CONSTRAINT "CourseSession_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Attendance" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "AttendanceStatus" NOT NULL DEFAULT 'PRESENT',
    "checkInTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkInMethod" "CheckInMethod" NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "notes" TEXT,
    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "AttendanceToken" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AttendanceToken_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Badge" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "icon" TEXT,
    "type" "BadgeType" NOT NULL,
    "criteria" JSONB,
    CONSTRAINT "Badge_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "UserBadge" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "badgeId" TEXT NOT NULL,
    "earnedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UserBadge_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Certificate" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "certificateNo" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "pdfUrl" TEXT,
    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" "NotificationType" NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "link" TEXT,
    "isRead" BOOLEAN NOT NULL DEFAULT false,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "SystemSetting" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "SystemSetting_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "xapi_outbox" (
    "id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "statement" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    CONSTRAINT "xapi_outbox_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "learner_activity" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "course_id" TEXT,
    "activity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "entity_title" TEXT,
    "metadata" JSONB,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "learner_activity_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "yt_curation_sessions" (
    "id" UUID NOT NULL,
    "session_uuid" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "language" TEXT DEFAULT 'Bahasa Indonesia',
    "level" TEXT DEFAULT 'All levels',
    "targetDurationMin" INTEGER NOT NULL DEFAULT 60,
    "includeChannels" TEXT,
    "excludeChannels" TEXT,
    "status" TEXT NOT NULL DEFAULT 'searching',
    "totalCandidates" INTEGER DEFAULT 0,
    "createdAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3),
    "processedAt" TIMESTAMP(3),
    CONSTRAINT "yt_curation_sessions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "yt_curation_candidates" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "videoId" TEXT NOT NULL,
    "videoTitle" TEXT NOT NULL,
    "videoUrl" TEXT,
    "videoThumbnail" TEXT,
    "channelTitle" TEXT,
    "publishedAt" TIMESTAMP(3),
    "durationSeconds" INTEGER,
    "relevanceScore" INTEGER DEFAULT 0,
    "levelFitScore" INTEGER DEFAULT 0,
    "pedagogyScore" INTEGER DEFAULT 0,
    "technicalScore" INTEGER DEFAULT 0,
    "overallScore" INTEGER DEFAULT 0,
    "recommendation" TEXT DEFAULT 'maybe',
    "roleSuggestion" TEXT,
    "keyTopics" JSONB,
    "prerequisites" JSONB,
    "aiSummary" TEXT,
    "aiNotes" TEXT,
    "selected" BOOLEAN DEFAULT false,
    "orderInPlaylist" INTEGER,
    CONSTRAINT "yt_curation_candidates_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "feedback_surveys" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "sessionId" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "feedback_surveys_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "feedback_responses" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "instructorRating" INTEGER,
    "materialRating" INTEGER,
    "facilityRating" INTEGER,
    "overallRating" INTEGER NOT NULL,
    "strengths" TEXT,
    "improvements" TEXT,
    "suggestions" TEXT,
    "isAnonymous" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "feedback_responses_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "wblm_programs" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "targetRoles" TEXT[],
    "durationWeeks" INTEGER NOT NULL,
    "startDate" TIMESTAMP(3),
    "endDate" TIMESTAMP(3),
    "status" "WblmProgramStatus" NOT NULL DEFAULT 'DRAFT',
    "ownerUserId" TEXT NOT NULL,
    "reviewerPoolIds" TEXT[],
    "settings" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "wblm_programs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "wblm_milestones" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "dueDate" TIMESTAMP(3),
    "requiredArtifactTypes" TEXT[],
    "requiresReview" BOOLEAN NOT NULL DEFAULT true,
    "requiresReflection" BOOLEAN NOT NULL DEFAULT false,
    "orderIndex" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "wblm_milestones_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "wblm_submissions" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "milestoneId" TEXT NOT NULL,
    "participantUserId" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL DEFAULT 1,
    "title" TEXT,
    "notes" TEXT,
    "files" JSONB,
    "status" "WblmMilestoneStatus" NOT NULL DEFAULT 'SUBMITTED',
    "createdAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "wblm_submissions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "wblm_reviews" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "reviewerUserId" TEXT NOT NULL,
    "decision" "WblmReviewDecision" NOT NULL,
    "commentsRichtext" TEXT,
    "inlineComments" JSONB,
    "score" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "wblm_reviews_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX IF NOT EXISTS "User_nip_key" ON "User"("nip");
CREATE UNIQUE INDEX IF NOT EXISTS "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX IF NOT EXISTS "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");
CREATE UNIQUE INDEX IF NOT EXISTS "Session_sessionToken_key" ON "Session"("sessionToken");
CREATE UNIQUE INDEX IF NOT EXISTS "Course_slug_key" ON "Course"("slug");
CREATE UNIQUE INDEX IF NOT EXISTS "Course_ytPlaylistId_key" ON "Course"("ytPlaylistId");
CREATE UNIQUE INDEX IF NOT EXISTS "Category_slug_key" ON "Category"("slug");
CREATE UNIQUE INDEX IF NOT EXISTS "Enrollment_userId_courseId_key" ON "Enrollment"("userId", "courseId");
CREATE UNIQUE INDEX IF NOT EXISTS "Progress_userId_lessonId_key" ON "Progress"("userId", "lessonId");
CREATE UNIQUE INDEX IF NOT EXISTS "Attendance_sessionId_userId_key" ON "Attendance"("sessionId", "userId");
CREATE UNIQUE INDEX IF NOT EXISTS "AttendanceToken_token_key" ON "AttendanceToken"("token");
CREATE UNIQUE INDEX IF NOT EXISTS "UserBadge_userId_badgeId_key" ON "UserBadge"("userId", "badgeId");
CREATE UNIQUE INDEX IF NOT EXISTS "Certificate_certificateNo_key" ON "Certificate"("certificateNo");
CREATE UNIQUE INDEX IF NOT EXISTS "Certificate_verificationCode_key" ON "Certificate"("verificationCode");
CREATE UNIQUE INDEX IF NOT EXISTS "SystemSetting_key_key" ON "SystemSetting"("key");
CREATE UNIQUE INDEX IF NOT EXISTS "xapi_outbox_idempotency_key_key" ON "xapi_outbox"("idempotency_key");
CREATE INDEX IF NOT EXISTS "xapi_outbox_status_createdAt_idx" ON "xapi_outbox"("status", "createdAt");
CREATE INDEX IF NOT EXISTS "learner_activity_user_id_course_id_occurredAt_idx" ON "learner_activity"("user_id", "course_id", "occurredAt");
CREATE UNIQUE INDEX IF NOT EXISTS "yt_curation_sessions_session_uuid_key" ON "yt_curation_sessions"("session_uuid");
CREATE UNIQUE INDEX IF NOT EXISTS "yt_curation_candidates_sessionId_videoId_key" ON "yt_curation_candidates"("sessionId", "videoId");
CREATE UNIQUE INDEX IF NOT EXISTS "feedback_responses_surveyId_userId_key" ON "feedback_responses"("surveyId", "userId");

-- Foreign keys: `onDelete: Cascade` where the seed says so; otherwise Prisma's defaults
-- (RESTRICT for a required relation, SET NULL for an optional one), ON UPDATE CASCADE.
DO $$
DECLARE fk RECORD;
BEGIN
    FOR fk IN SELECT * FROM (VALUES
        ('Account', 'Account_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('Session', 'Session_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('Course', 'Course_instructorId_fkey', 'instructorId', 'User', 'RESTRICT'),
        ('Course', 'Course_categoryId_fkey', 'categoryId', 'Category', 'SET NULL'),
        ('Module', 'Module_courseId_fkey', 'courseId', 'Course', 'CASCADE'),
        ('Lesson', 'Lesson_moduleId_fkey', 'moduleId', 'Module', 'CASCADE'),
        ('Enrollment', 'Enrollment_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('Enrollment', 'Enrollment_courseId_fkey', 'courseId', 'Course', 'CASCADE'),
        ('Progress', 'Progress_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('Progress', 'Progress_lessonId_fkey', 'lessonId', 'Lesson', 'CASCADE'),
        ('Quiz', 'Quiz_moduleId_fkey', 'moduleId', 'Module', 'CASCADE'),
        ('Question', 'Question_quizId_fkey', 'quizId', 'Quiz', 'CASCADE'),
        ('QuizAttempt', 'QuizAttempt_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('QuizAttempt', 'QuizAttempt_quizId_fkey', 'quizId', 'Quiz', 'CASCADE'),
        ('QuestionAnswer', 'QuestionAnswer_attemptId_fkey', 'attemptId', 'QuizAttempt', 'CASCADE'),
        ('QuestionAnswer', 'QuestionAnswer_questionId_fkey', 'questionId', 'Question', 'CASCADE'),
        ('CourseSession', 'CourseSession_courseId_fkey', 'courseId', 'Course', 'CASCADE'),
        ('Attendance', 'Attendance_sessionId_fkey', 'sessionId', 'CourseSession', 'CASCADE'),
        ('Attendance', 'Attendance_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('AttendanceToken', 'AttendanceToken_sessionId_fkey', 'sessionId', 'CourseSession', 'CASCADE'),
        ('UserBadge', 'UserBadge_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('UserBadge', 'UserBadge_badgeId_fkey', 'badgeId', 'Badge', 'CASCADE'),
        ('Certificate', 'Certificate_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('Certificate', 'Certificate_courseId_fkey', 'courseId', 'Course', 'CASCADE'),
        ('Notification', 'Notification_userId_fkey', 'userId', 'User', 'CASCADE'),
        ('learner_activity', 'learner_activity_user_id_fkey', 'user_id', 'User', 'RESTRICT'),
        ('yt_curation_candidates', 'yt_curation_candidates_sessionId_fkey', 'sessionId', 'yt_curation_sessions', 'RESTRICT'),
        ('feedback_surveys', 'feedback_surveys_courseId_fkey', 'courseId', 'Course', 'RESTRICT'),
        ('feedback_surveys', 'feedback_surveys_sessionId_fkey', 'sessionId', 'CourseSession', 'SET NULL'),
        ('feedback_responses', 'feedback_responses_surveyId_fkey', 'surveyId', 'feedback_surveys', 'RESTRICT'),
        ('feedback_responses', 'feedback_responses_userId_fkey', 'userId', 'User', 'RESTRICT'),
        ('wblm_milestones', 'wblm_milestones_programId_fkey', 'programId', 'wblm_programs', 'RESTRICT'),
        ('wblm_submissions', 'wblm_submissions_milestoneId_fkey', 'milestoneId', 'wblm_milestones', 'RESTRICT'),
        ('wblm_submissions', 'wblm_submissions_participantUserId_fkey', 'participantUserId', 'User', 'RESTRICT'),
        ('wblm_reviews', 'wblm_reviews_submissionId_fkey', 'submissionId', 'wblm_submissions', 'RESTRICT'),
        ('wblm_reviews', 'wblm_reviews_reviewerUserId_fkey', 'reviewerUserId', 'User', 'RESTRICT')
    ) AS t(tbl, name, col, ref, on_delete)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = fk.name) THEN
            EXECUTE format(
                'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %I("id") ON DELETE %s ON UPDATE CASCADE',
                fk.tbl, fk.name, fk.col, fk.ref, fk.on_delete);
        END IF;
    END LOOP;
END $$;
