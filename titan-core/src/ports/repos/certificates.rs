use async_trait::async_trait;

use crate::model::Certificate;
use crate::ports::StoreResult;

/// Certificates and their per-year number counter.
#[async_trait]
pub trait CertificateRepository: Send {
    /// The certificate with `id`.
    async fn get(&mut self, id: &str) -> StoreResult<Option<Certificate>>;

    /// The certificate with `id`, locked until the unit of work ends (a revocation reads it
    /// before it writes).
    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Certificate>>;

    /// The learner's certificate for the course.
    async fn for_user_course(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Certificate>>;

    /// The certificate with this verification code (stored form).
    async fn by_code(&mut self, code: &str) -> StoreResult<Option<Certificate>>;

    /// The certificate with this number.
    async fn by_number(&mut self, certificate_no: &str) -> StoreResult<Option<Certificate>>;

    /// The learner's certificates, by `issuedAt` then id.
    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Certificate>>;

    /// Allocates the next number of `year`'s counter (1, 2, …), locking the counter until the
    /// unit of work ends. A rolled-back unit of work gives its number back, so committed
    /// certificates carry 1..n without gaps or duplicates.
    async fn next_sequence(&mut self, year: i32) -> StoreResult<u32>;

    /// Adds a certificate.
    ///
    /// # Errors
    /// `Conflict` on [`CERTIFICATE_NO`](crate::ports::constraint::CERTIFICATE_NO),
    /// [`CERTIFICATE_CODE`](crate::ports::constraint::CERTIFICATE_CODE),
    /// [`CERTIFICATE_USER_COURSE`](crate::ports::constraint::CERTIFICATE_USER_COURSE) or the
    /// primary key.
    async fn insert(&mut self, certificate: &Certificate) -> StoreResult<()>;

    /// Replaces a certificate (revocation).
    ///
    /// # Errors
    /// `NotFound`.
    async fn update(&mut self, certificate: &Certificate) -> StoreResult<()>;
}
