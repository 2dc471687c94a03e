//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use titan_core::model::Certificate;
use titan_core::ports::{CertificateRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl CertificateRepository for PgUnitOfWork {
    async fn get(&mut self, id: &str) -> StoreResult<Option<Certificate>> {
        Err(pending("CertificateRepository::get"))
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Certificate>> {
        Err(pending("CertificateRepository::get_for_update"))
    }

    async fn for_user_course(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Certificate>> {
        Err(pending("CertificateRepository::for_user_course"))
    }

    async fn by_code(&mut self, code: &str) -> StoreResult<Option<Certificate>> {
        Err(pending("CertificateRepository::by_code"))
    }

    async fn by_number(&mut self, certificate_no: &str) -> StoreResult<Option<Certificate>> {
        Err(pending("CertificateRepository::by_number"))
    }

    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Certificate>> {
        Err(pending("CertificateRepository::of_user"))
    }

    async fn next_sequence(&mut self, year: i32) -> StoreResult<u32> {
        Err(pending("CertificateRepository::next_sequence"))
    }

    async fn insert(&mut self, certificate: &Certificate) -> StoreResult<()> {
        Err(pending("CertificateRepository::insert"))
    }

    async fn update(&mut self, certificate: &Certificate) -> StoreResult<()> {
        Err(pending("CertificateRepository::update"))
    }
}
