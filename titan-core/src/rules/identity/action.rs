//! [`Action`]: what an actor asks to do (one value per row of SPEC §1's table), and
//! [`DenyReason`]: why it may not.

use crate::error::Lang;
use crate::model::seed_enum;

seed_enum! {
    /// Something an actor asks to do. One flat list covering SPEC §1's table; each variant's doc
    /// says who may and which [`Resource`](super::Resource) kind it is decided on.
    Action {
        /// Register an account. Anyone, signed in or not (resource ignored).
        RegisterSelf = "REGISTER_SELF",
        /// Browse the published catalog. Anyone (resource ignored).
        ViewCatalog = "VIEW_CATALOG",
        /// Verify a certificate by its code. Anyone (resource ignored).
        VerifyCertificate = "VERIFY_CERTIFICATE",

        /// See a user's full profile. Self and unit admins (resource `USER`).
        ViewProfile = "VIEW_PROFILE",
        /// See a user's basic profile (name, unit, position). Whoever may `VIEW_PROFILE`, and
        /// anyone teaching a course the user is enrolled in (resource `USER`).
        ViewBasicProfile = "VIEW_BASIC_PROFILE",
        /// Update a user's profile. Self, and unit admins for users of a lower role (resource `USER`).
        UpdateProfile = "UPDATE_PROFILE",
        /// Suspend a user. Unit admins, never themselves nor an equal or higher role (resource `USER`).
        SuspendUser = "SUSPEND_USER",
        /// Reactivate a user. Unit admins, never themselves nor an equal or higher role (resource `USER`).
        ActivateUser = "ACTIVATE_USER",
        /// Change a user's role. `SUPER_ADMIN`, never their own (resource `USER`).
        ChangeRole = "CHANGE_ROLE",

        /// Change system settings. `SUPER_ADMIN` (resource ignored).
        ManageSettings = "MANAGE_SETTINGS",
        /// Create, edit or delete badges. `SUPER_ADMIN` (resource ignored).
        ManageBadges = "MANAGE_BADGES",
        /// Inspect and re-queue the xAPI outbox and its DLQ. `SUPER_ADMIN` (resource ignored).
        AdministerOutbox = "ADMINISTER_OUTBOX",

        /// Create a course. `INSTRUCTOR`, `ADMIN_UNIT`, `SUPER_ADMIN`; learners too under the
        /// policy `learners_create_courses` (*legacy*: personal courses) (resource ignored).
        CreateCourse = "CREATE_COURSE",
        /// Create a PBGM program. `INSTRUCTOR`, `ADMIN_UNIT`, `SUPER_ADMIN` (resource ignored).
        CreateProgram = "CREATE_PROGRAM",
        /// Start a YouTube curation session. `INSTRUCTOR`, `ADMIN_UNIT`, `SUPER_ADMIN` (resource ignored).
        CreateCurationSession = "CREATE_CURATION_SESSION",

        /// Open an unpublished course. Course editors (resource `COURSE`).
        ViewUnpublishedCourse = "VIEW_UNPUBLISHED_COURSE",
        /// Edit a course, its modules, lessons and quizzes. Course editors (resource `COURSE`).
        EditCourse = "EDIT_COURSE",
        /// Publish or unpublish a course. Course editors (resource `COURSE`).
        PublishCourse = "PUBLISH_COURSE",
        /// Delete a course. Course editors, only while nobody is enrolled (resource `COURSE`).
        DeleteCourse = "DELETE_COURSE",
        /// Create, edit or delete a course's classroom sessions. Course editors (resource `COURSE`).
        ManageSessions = "MANAGE_SESSIONS",
        /// Create, edit or toggle a course's feedback surveys. Course editors (resource `COURSE`).
        ManageSurvey = "MANAGE_SURVEY",
        /// Mint an attendance QR token. Course editors (resource `COURSE`).
        MintQrToken = "MINT_QR_TOKEN",
        /// Record attendance by hand. Course editors (resource `COURSE`).
        RecordManualAttendance = "RECORD_MANUAL_ATTENDANCE",
        /// Correct an attendance record. Course editors (resource `COURSE`).
        CorrectAttendance = "CORRECT_ATTENDANCE",
        /// Grade an essay answer. Course editors (resource `COURSE`).
        GradeEssay = "GRADE_ESSAY",
        /// Regrade a quiz's attempts after a question changed. Course editors (resource `COURSE`).
        Regrade = "REGRADE",
        /// Complete a lesson on a learner's behalf. Course editors (resource `COURSE`).
        CompleteLessonManually = "COMPLETE_LESSON_MANUALLY",
        /// A course's reports (progress overview, survey report). Course editors (resource `COURSE`).
        ViewCourseReports = "VIEW_COURSE_REPORTS",

        /// Enrol oneself in a course. Any active user, for themself (resource `ENROLMENT` or `LEARNER`).
        EnrolSelf = "ENROL_SELF",
        /// Enrol another user. Course editors, and unit admins for their unit's users
        /// (resource `ENROLMENT`).
        EnrolOther = "ENROL_OTHER",

        /// Send a video heartbeat. The learner, for themself only (resource `LEARNER`).
        RecordHeartbeat = "RECORD_HEARTBEAT",
        /// Mark a lesson done. The learner, for themself only (resource `LEARNER`).
        CompleteLesson = "COMPLETE_LESSON",
        /// Start, save or submit a quiz attempt. The learner, for themself only (resource `LEARNER`).
        AttemptQuiz = "ATTEMPT_QUIZ",
        /// Check in to a classroom session. The learner, for themself only (resource `LEARNER`).
        CheckIn = "CHECK_IN",
        /// Answer a feedback survey. The learner, for themself only (resource `LEARNER`).
        RespondSurvey = "RESPOND_SURVEY",
        /// Submit or revise a PBGM milestone. The participant, for themself only (resource `LEARNER`).
        SubmitMilestone = "SUBMIT_MILESTONE",

        /// See a learner's progress, attempts and attendance in a course. The learner and the
        /// course editors (resource `LEARNER_RECORD`).
        ViewLearnerRecord = "VIEW_LEARNER_RECORD",
        /// Revoke a certificate. Unit admins of the holder (resource `CERTIFICATE`).
        RevokeCertificate = "REVOKE_CERTIFICATE",

        /// Manage a PBGM program: milestones, transitions, enrolment, reviewers. Its owner and
        /// unit admins of the owner (resource `PROGRAM`).
        ManageProgram = "MANAGE_PROGRAM",
        /// Manage a YouTube curation session: candidates, selection, playlist, transitions,
        /// finalisation. Its creator and unit admins of the creator (resource `CURATION_SESSION`).
        ManageCurationSession = "MANAGE_CURATION_SESSION",
        /// Review a PBGM submission. Assigned reviewers, the owner and unit admins of the owner;
        /// never the participant (resource `SUBMISSION`).
        ReviewSubmission = "REVIEW_SUBMISSION",

        /// Unit reports and analytics. Unit admins of the unit (resource `UNIT`); platform-wide
        /// (resource `PLATFORM`) `SUPER_ADMIN` only.
        ViewUnitReports = "VIEW_UNIT_REPORTS",
        /// Read or mark notifications. Their recipient only (resource `NOTIFICATION`).
        ReadNotifications = "READ_NOTIFICATIONS",
    }
}

impl Action {
    /// Open to anyone, signed in or not, whatever their status.
    #[must_use]
    pub const fn is_public(self) -> bool {
        matches!(
            self,
            Action::RegisterSelf | Action::ViewCatalog | Action::VerifyCertificate
        )
    }

    /// Only administrators (`ADMIN_UNIT`, `SUPER_ADMIN`) can ever be allowed this action.
    #[must_use]
    pub const fn is_admin_only(self) -> bool {
        matches!(
            self,
            Action::SuspendUser
                | Action::ActivateUser
                | Action::ChangeRole
                | Action::ManageSettings
                | Action::ManageBadges
                | Action::AdministerOutbox
                | Action::RevokeCertificate
                | Action::ViewUnitReports
        )
    }

    /// A personal act that nobody, not even `SUPER_ADMIN`, performs for someone else.
    #[must_use]
    pub const fn is_self_only(self) -> bool {
        matches!(
            self,
            Action::EnrolSelf
                | Action::RecordHeartbeat
                | Action::CompleteLesson
                | Action::AttemptQuiz
                | Action::CheckIn
                | Action::RespondSurvey
                | Action::SubmitMilestone
                | Action::ReadNotifications
        )
    }
}

seed_enum! {
    /// Why an action was denied: lets a caller explain the refusal.
    DenyReason {
        /// The action needs a signed-in user.
        Unauthenticated = "UNAUTHENTICATED",
        /// The actor's account is `INACTIVE`.
        ActorInactive = "ACTOR_INACTIVE",
        /// The actor's account is `SUSPENDED`.
        ActorSuspended = "ACTOR_SUSPENDED",
        /// The actor's role is too low for this action.
        RoleTooLow = "ROLE_TOO_LOW",
        /// The actor neither owns the resource nor administers its unit.
        NotOwner = "NOT_OWNER",
        /// The actor is an `ADMIN_UNIT` without a unit kerja: it administers nothing.
        NoUnit = "NO_UNIT",
        /// The subject lies outside the actor's unit kerja.
        OutsideUnit = "OUTSIDE_UNIT",
        /// The target user's role is equal to or higher than the actor's.
        EqualOrHigherRole = "EQUAL_OR_HIGHER_ROLE",
        /// Nobody suspends or reactivates their own account.
        OwnAccount = "OWN_ACCOUNT",
        /// Nobody changes their own role.
        OwnRole = "OWN_ROLE",
        /// A participant never reviews their own PBGM submission.
        OwnSubmission = "OWN_SUBMISSION",
        /// The actor is neither an assigned reviewer, the program owner nor a unit admin of the owner.
        NotReviewer = "NOT_REVIEWER",
        /// The action is personal: only for oneself.
        NotSelf = "NOT_SELF",
        /// Only the recipient reads a notification.
        NotRecipient = "NOT_RECIPIENT",
        /// The course still has enrolments.
        HasEnrolments = "HAS_ENROLMENTS",
        /// The resource kind does not fit the action (a caller bug): denied, never allowed.
        WrongResource = "WRONG_RESOURCE",
    }
}

impl DenyReason {
    /// A short explanation in `lang`, without personal data.
    #[must_use]
    pub fn message(self, lang: Lang) -> &'static str {
        let en = lang == Lang::En;
        match self {
            DenyReason::Unauthenticated if en => "please sign in first",
            DenyReason::Unauthenticated => "silakan masuk terlebih dahulu",
            DenyReason::ActorInactive if en => "your account is inactive",
            DenyReason::ActorInactive => "akun Anda tidak aktif",
            DenyReason::ActorSuspended if en => "your account is suspended",
            DenyReason::ActorSuspended => "akun Anda sedang ditangguhkan",
            DenyReason::RoleTooLow if en => "your role does not allow it",
            DenyReason::RoleTooLow => "peran Anda tidak mengizinkannya",
            DenyReason::NotOwner if en => "you do not own it nor administer its unit",
            DenyReason::NotOwner => "Anda bukan pemiliknya dan bukan admin unitnya",
            DenyReason::NoUnit if en => "your account has no unit kerja",
            DenyReason::NoUnit => "akun Anda belum memiliki unit kerja",
            DenyReason::OutsideUnit if en => "it is outside your unit kerja",
            DenyReason::OutsideUnit => "di luar unit kerja Anda",
            DenyReason::EqualOrHigherRole if en => {
                "the user's role is equal to or higher than yours"
            }
            DenyReason::EqualOrHigherRole => "peran pengguna setara atau lebih tinggi dari Anda",
            DenyReason::OwnAccount if en => "not on your own account",
            DenyReason::OwnAccount => "tidak dapat dilakukan pada akun sendiri",
            DenyReason::OwnRole if en => "nobody changes their own role",
            DenyReason::OwnRole => "tidak ada yang dapat mengubah perannya sendiri",
            DenyReason::OwnSubmission if en => "you cannot review your own submission",
            DenyReason::OwnSubmission => "Anda tidak dapat menilai kiriman sendiri",
            DenyReason::NotReviewer if en => "you are not a reviewer of this submission",
            DenyReason::NotReviewer => "Anda bukan penilai kiriman ini",
            DenyReason::NotSelf if en => "only for yourself",
            DenyReason::NotSelf => "hanya untuk diri sendiri",
            DenyReason::NotRecipient if en => "only the recipient may read it",
            DenyReason::NotRecipient => "hanya penerima yang dapat membacanya",
            DenyReason::HasEnrolments if en => "learners are still enrolled",
            DenyReason::HasEnrolments => "masih ada peserta yang terdaftar",
            DenyReason::WrongResource if en => "the resource does not fit the action",
            DenyReason::WrongResource => "sumber daya tidak sesuai dengan tindakan",
        }
    }
}
